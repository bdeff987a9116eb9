"""The mid-term (中期评估) and final (总结评估) evaluations of a plan.

The computation, free of I/O: :mod:`~dayao_data.evaluation.common` (completion classes, groups,
labels, the path of a series, the actuals split by indicator), :mod:`~dayao_data.evaluation.midterm`
(:func:`midterm`, with :mod:`~dayao_data.evaluation.midterm_problems` and
:mod:`~dayao_data.evaluation.methods`) and :mod:`~dayao_data.evaluation.final` (:func:`final`, with
:mod:`~dayao_data.evaluation.final_tables` and :mod:`~dayao_data.evaluation.final_review`).  The
sentences: :mod:`dayao_data.evaluation.narrative`.  What the notebooks call:
:mod:`dayao_data.evaluation.context` (set-up), :mod:`dayao_data.evaluation.show` (tables and
paragraphs) and :mod:`dayao_data.evaluation.workbook` (the Excel workbook).

This package re-exports the computation's public names (``from dayao_data.evaluation import
midterm, final``); the notebook modules are imported by their own names.
"""

from dayao_data.evaluation.common import (
    ACHIEVED_VERDICTS,
    CEILING_VERDICT_LABELS,
    CHANGE_LABELS,
    COMPLETION_LABELS,
    COMPLETION_METRICS,
    DISAGREEMENT_LABELS,
    GROUP_LABELS,
    GROUP_ORDER,
    NOT_ACHIEVED_VERDICTS,
    PROBLEM_STATUSES,
    RECOMMENDATION_LABELS,
    SCENARIO_LABELS,
    TABLE_KEYS,
    VERDICT_LABELS,
    PathFacts,
    cell,
    completion_metrics,
    completion_of_status,
    completion_of_verdict,
    midpoint_year,
    path_facts,
)
from dayao_data.evaluation.final import Final, final
from dayao_data.evaluation.final_review import NEXT_PLAN_LABELS
from dayao_data.evaluation.midterm import Midterm, midterm

__all__ = [
    "GROUP_ORDER",
    "GROUP_LABELS",
    "COMPLETION_LABELS",
    "COMPLETION_METRICS",
    "completion_of_status",
    "completion_of_verdict",
    "completion_metrics",
    "PROBLEM_STATUSES",
    "VERDICT_LABELS",
    "ACHIEVED_VERDICTS",
    "NOT_ACHIEVED_VERDICTS",
    "CEILING_VERDICT_LABELS",
    "NEXT_PLAN_LABELS",
    "SCENARIO_LABELS",
    "CHANGE_LABELS",
    "RECOMMENDATION_LABELS",
    "DISAGREEMENT_LABELS",
    "TABLE_KEYS",
    "PathFacts",
    "path_facts",
    "Midterm",
    "Final",
    "midpoint_year",
    "midterm",
    "final",
    "cell",
]
