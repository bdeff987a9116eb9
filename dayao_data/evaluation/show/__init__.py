"""The one-line calls of the mid-term and final evaluation notebooks.

Like :mod:`dayao_data.yearly.show` for the yearly report: every function displays one part of the report
as ``text/html`` (the report's HTML classes: ``dd-table``, ``td.num``, ``dd-status``,
``dd-binding``, ``dd-callout``, ``dd-alarm``, ``dd-illustrative`` …, through
:class:`dayao_data.report.tables.ReportTable`) and a deterministic ``text/plain`` (no dates, no paths),
and returns what it displayed as a :class:`dayao_data.yearly.output.Shown` (the report tables,
:class:`~dayao_data.report.tables.ReportTable`, whose ``frame`` holds the cells; the sentences
(str) of a part without a table; the figures of :func:`charts`), which Jupyter does not display a
second time.  The sentences come from :mod:`dayao_data.evaluation.narrative` (templates filled
with table cells), the tables from :mod:`dayao_data.evaluation`.  The calls live in
:mod:`~dayao_data.evaluation.show.midterm`, :mod:`~dayao_data.evaluation.show.projects`,
:mod:`~dayao_data.evaluation.show.methods`, :mod:`~dayao_data.evaluation.show.final` and
:mod:`~dayao_data.evaluation.show.final_review`; this package gathers them with the set-up
(:mod:`dayao_data.evaluation.context`), so that a notebook needs one import
(``from dayao_data.evaluation import show``).  The workbook is the runner's
(:mod:`dayao_data.evaluation.workbook`, which uses :mod:`~dayao_data.evaluation.show.common`; this
package does not import it, so importing the workbook first is no import cycle).

A notebook calls :func:`setup_midterm` or :func:`setup_final` once, after its parameters cell::

    ev = setup_midterm(year=year, plan_file=plan_file, actuals_files=actuals_files,
                       language=language, band=band, output_folder=output_folder)
    show.overall(ev)

>>> ev = setup_midterm(2023)
>>> ev.result.year, ev.kind, ev.language
(2023, 'midterm', 'zh')
>>> print(overall_text(ev).splitlines()[0])
2023年是规划期的中点(基期2020年,目标年2025年),时间进度为60.0%。
"""

from dayao_data.evaluation.context import Evaluation, setup_final, setup_midterm
from dayao_data.evaluation.show.final import conclusion, final_ceilings, final_cumulative, final_rows, final_series
from dayao_data.evaluation.show.final_review import (
    final_annex,
    final_comparison,
    final_experience,
    final_next_plan,
    final_problems,
    run_facts,
)
from dayao_data.evaluation.show.methods import method_parameters, methods, scenarios
from dayao_data.evaluation.show.midterm import charts, groups, overall, overall_text, problems, recommendations
from dayao_data.evaluation.show.projects import projects

__all__ = [
    "Evaluation",
    "setup_midterm",
    "setup_final",
    "overall",
    "overall_text",
    "groups",
    "projects",
    "problems",
    "recommendations",
    "methods",
    "scenarios",
    "method_parameters",
    "conclusion",
    "final_series",
    "final_rows",
    "final_cumulative",
    "final_ceilings",
    "final_comparison",
    "final_annex",
    "final_problems",
    "final_experience",
    "final_next_plan",
    "charts",
    "run_facts",
]
