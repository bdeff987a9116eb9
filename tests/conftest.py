"""Test-collection rules shared by the whole suite.

nbval collects every notebook under notebooks/ as test items that re-run the notebook; those
take seconds to minutes each, so they carry the ``slow`` mark like the report builds.  That keeps
``make test-fast`` (``pytest -m "not slow"``) what it says: no notebook runs, no PDFs.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(getattr(item, "path", getattr(item, "fspath", "")))
        if path.endswith(".ipynb"):
            item.add_marker(pytest.mark.slow)
