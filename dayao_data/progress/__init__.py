"""The progress engine: how far each target has come, what it still needs, where it slips.

Implements ``progress-method.md`` (docs/method.md in this repository):

* time progress (时间进度法, "时间过半、任务过半") — progress share P against time share τ,
  with a band b (default 0.10) → achieved / ahead / on_track / lagging / regressing;
* pace (CAGR ratio, Statistics Canada / Open SDG after Eurostat) → substantial / moderate /
  limited / deterioration;
* projection (anticipated progress, after UN ESCAP / UNSD): an OLS line through the baseline
  and the actuals, read at the target year → maintain / accelerate / reverse;
* ceilings (every year within the bound, strict or not), maintain, cumulative totals and
  qualitative targets with a quota handed down later.

Nothing here assumes Dayao, 2020 or 2025: base and target years come from the plan (and may
differ per indicator).

The package, by job: :mod:`~dayao_data.progress.rules` (status codes, thresholds, tolerant
comparisons, bounds, projection line), :mod:`~dayao_data.progress.reading` (the actuals
as series), :mod:`~dayao_data.progress.series` (one series' assessment),
:mod:`~dayao_data.progress.assessment` (the whole plan), :mod:`~dayao_data.progress.alternatives`
(the plan's alternative values) and :mod:`~dayao_data.progress.history` (a ceiling's every year).

Examples
--------
A level indicator from 85.76 (2020) towards 90 (2025), 87.5 reported for 2022:

>>> from dayao_data.plan import load_plan
>>> import pandas as pd
>>> plan = load_plan()
>>> actuals = pd.DataFrame({"indicator": ["preschool_gross_enrolment_rate"], "year": [2022],
...                         "value": [87.5], "source": ["test"]})
>>> row = assess(plan, actuals, 2022).set_index("indicator_id").loc["preschool_gross_enrolment_rate"]
>>> round(float(row.progress_share), 4), float(row.time_share), row.status
(0.4104, 0.4, 'on_track')
"""

from __future__ import annotations

from dayao_data.progress.alternatives import assess_alternatives
from dayao_data.progress.assessment import Assessment, assess, evaluate
from dayao_data.progress.history import bound_history
from dayao_data.progress.reading import Observation, observations, observations_by_indicator, prepare_actuals
from dayao_data.progress.rules import (
    ANTICIPATED_LABELS,
    CAGR_LABELS,
    CAGR_MODERATE,
    CAGR_SUBSTANTIAL,
    DEFAULT_BAND,
    SATISFACTORY,
    STATUS_LABELS,
    STATUS_ORDER,
    anticipated_from_share,
    cagr_status,
    clip,
    projection_line,
    tolerant_equal,
    tolerant_ge,
    tolerant_gt,
    within,
)
from dayao_data.progress.series import ASSESS_COLUMNS, SeriesResult, assess_series

__all__ = [
    "ASSESS_COLUMNS",
    "DEFAULT_BAND",
    "STATUS_ORDER",
    "STATUS_LABELS",
    "SATISFACTORY",
    "CAGR_LABELS",
    "ANTICIPATED_LABELS",
    "CAGR_SUBSTANTIAL",
    "CAGR_MODERATE",
    "Assessment",
    "Observation",
    "SeriesResult",
    "assess",
    "evaluate",
    "assess_series",
    "assess_alternatives",
    "bound_history",
    "observations",
    "observations_by_indicator",
    "projection_line",
    "cagr_status",
    "anticipated_from_share",
    # the engine's rules, public so that charts and evaluations use them instead of copies
    "prepare_actuals",
    "clip",
    "within",
    "tolerant_equal",
    "tolerant_ge",
    "tolerant_gt",
]
