"""Data collection: the departments' yearly forms, taking in what they return, and the actuals store.

One wing, three jobs, in the order a year's figures travel:

- :mod:`~dayao_data.collect.forms` — the Excel form each department fills in (``dayao forms``);
- :mod:`~dayao_data.collect.intake` — reading returned forms and plain actuals files, checking them by
  the rules of :mod:`dayao_data.actuals`, and recording them (``dayao intake``);
- :mod:`~dayao_data.collect.store` — the versioned actuals store the reports read (``dayao history``).

See docs/data-collection.md.
"""
