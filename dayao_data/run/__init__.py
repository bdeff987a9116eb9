"""The engine of ``dayao report``: params → executed notebooks → report.pdf and its companions.

The package, by job: :mod:`~dayao_data.run.run` (one report: begin, execute, finish),
:mod:`~dayao_data.run.execute` (inputs, tables, the notebooks), :mod:`~dayao_data.run.kernel`
(the one reused Jupyter kernel), :mod:`~dayao_data.run.folders` (temporary, failed, old and final
folders), :mod:`~dayao_data.run.manifest` (file records and manifest.json),
:mod:`~dayao_data.run.parallel` (every year at once), :mod:`~dayao_data.run.result` (what a run
returns or raises); the parameters are :mod:`dayao_data.params`.

One run for one year::

    params/2023.yaml ──► load_params ──► run_report ──► reports/2023/
                                              │            00_overview.ipynb …  (executed, the record)
                                              │            report.html, report.pdf
                                              │            assess.csv, assess.xlsx, actuals-used.csv
                                              │            manifest.json
                                              └─ on failure: reports/.failed-2023-<time>/ (+ error.txt)

How a run stays safe
--------------------
Before anything is written, :func:`dayao_data.confine.check_output_folder` makes sure the
destination is the run's own (new, empty, or a previous report of the same kind; never the
project, params/, the store, or outside the project unless asked).
Everything is built in a temporary folder ``reports/.tmp-<year>-<pid>-<random>/`` beside the
destination (same file system, so the moves below are atomic renames).  Only when every notebook
ran and every output was written is the previous ``reports/<year>/`` renamed to
``reports/.old-<year>-<random>/``, the new folder renamed into place, and the old one removed.
A crash between the two renames leaves no ``reports/<year>/`` but a complete ``.old-`` folder;
the next run (or :func:`recover`) puts it back before doing anything else.  A run that fails
leaves ``reports/<year>/`` untouched and keeps what it produced in
``reports/.failed-<year>-<timestamp>/`` with ``error.txt`` naming the notebook and cell.

Why one kernel for every notebook
---------------------------------
Starting a Jupyter kernel costs about a second, and importing pandas, matplotlib and
``dayao_data`` in it another one and a half: with five notebooks that is most of a run.  The runner
starts one kernel (per process), imports those once while the parent process is still loading
the plan and the actuals, and hands the same kernel manager to papermill for every notebook
(``km=``).  Between notebooks it runs ``%reset -f`` (every name the previous notebook defined is
gone, so a notebook that forgets to compute something fails here as it would in a fresh kernel),
closes all matplotlib figures, returns to the notebook's folder and restarts the execution count
at 1, so that each executed notebook reads as if run alone.  What is *not* reset is state held
inside imported modules (matplotlib rcParams, pandas options, module-level caches): the package
sets those at import, the same way in every run; a notebook must not change them for the next.

The notebooks receive the run's parameters by papermill injection (after the cell tagged
``parameters``): ``year``, ``plan_file``, ``actuals_files``, ``language``, ``band``,
``output_folder`` (the temporary folder that becomes reports/<year>/), ``previous_report``,
``overrides_file``, ``data_cutoff`` — paths absolute, ``example`` kept as the name of the shipped
data — and ``context_file``: the report's context, computed once by the runner before the notebooks
(:mod:`dayao_data.run.shared_context`), which each notebook's ``setup()`` reads back instead of
assessing again, so that assess.csv, the workbook and the PDF come from one computation.

Every year at once (``run_all``)
--------------------------------
Worker processes (two by default, one per core) take years from a queue; each keeps one kernel
for all its years and lays out one year's PDF in a forked child while the kernel runs the next
year's notebooks, so that a worker keeps the kernel and the layout busy at the same time.
Measured with ``make bench`` (tools/bench.py) on two cores: five years in about 2.3–2.7 times
one year.
"""

from __future__ import annotations

import os

# nbformat validates every notebook it reads and writes.  With jupyterlab installed, the default
# validator (jsonschema) also loads its format checkers, which costs about a second per process
# (see tools/bench.py); fastjsonschema is equally strict for the notebook schema and compiles once.
os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")

import sys


def skip_unused_format_checkers() -> None:
    """Keep ``import jsonschema`` from compiling 38 grammars that nothing here uses.

    Measured (tools/bench.py): with jupyterlab installed, ``import nbformat`` (and so papermill,
    nbconvert and our plan loader, which all import jsonschema) takes 1.2–2 s longer, and
    NBFORMAT_VALIDATOR=fastjsonschema does not help: the time goes into importing
    ``jsonschema._format``, which imports ``rfc3987_syntax`` (pulled in by jupyter-events), which
    builds a lark parser for every rule of RFC 3987 at import.  It only backs the "iri" and
    "iri-reference" *format* checks, and neither nbformat nor the plan schema asks jsonschema to
    check formats.  Marking the module absent before jsonschema is imported drops those two
    checkers and nothing else.  No effect when jsonschema is already imported.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


skip_unused_format_checkers()
