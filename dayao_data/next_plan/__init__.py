"""十五五目标测算 — the target-setting aid for the next plan (``dayao plan aid`` and
``notebooks/next_plan/target_aid.ipynb``).

By job: :mod:`~dayao_data.next_plan.pace` (observed pace, trend, the verdict on a candidate target),
:mod:`~dayao_data.next_plan.national` (the national targets that apply),
:mod:`~dayao_data.next_plan.aid` (the aid for a whole plan, the command and the notebook's calls),
:mod:`~dayao_data.next_plan.outputs` (its workbook and PDF), :mod:`~dayao_data.next_plan.period`
(“十五五”).  The draft of the next plan file itself is :mod:`dayao_data.plan.draft_next`.
"""

from __future__ import annotations

from dayao_data.next_plan.aid import (
    COLUMNS,
    Aid,
    AidError,
    compute,
    for_notebook,
    national_frame,
    read_candidates,
    run_aid,
    write_outputs,
)
from dayao_data.next_plan.national import national_for, national_targets
from dayao_data.next_plan.pace import (
    RATIO_ACHIEVABLE,
    RATIO_EFFORT,
    VERDICTS,
    Pace,
    Trend,
    judge,
    observed_pace,
    required_change,
    trend,
    verdict_for_ratio,
)
from dayao_data.next_plan.period import period_name

__all__ = [
    "COLUMNS",
    "RATIO_ACHIEVABLE",
    "RATIO_EFFORT",
    "VERDICTS",
    "Aid",
    "AidError",
    "Pace",
    "Trend",
    "compute",
    "for_notebook",
    "judge",
    "national_for",
    "national_frame",
    "national_targets",
    "observed_pace",
    "period_name",
    "read_candidates",
    "required_change",
    "run_aid",
    "trend",
    "verdict_for_ratio",
    "write_outputs",
]
