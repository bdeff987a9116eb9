"""What both evaluations share: completion classes, groups and labels, the path of a series, the
actuals split by indicator, and the definitions every evaluation figure follows.  No I/O.

:func:`~dayao_data.evaluation.midterm.midterm` answers the questions a Chinese mid-term evaluation
asks at the mid-point of the plan period — is "时间过半、任务过半" met overall, which series stand
where (已实现 / 快于预期 / 基本符合预期 / 滞后 / 倒退 / 突破约束, binding indicators first and named),
how far the key projects have come, what the lagging series still need each year and whether that
is more than anything seen so far, and what the three methods of progress-method.md say side by
side.  :func:`~dayao_data.evaluation.final.final` answers the questions of the final evaluation in
the target year: achieved or not (per series and per row of the plan's table), five-year totals
against their targets, ceilings held every year or the years they were breached, and what changed
since the mid-term.

Every figure the reports print comes from the tables of the ``Midterm`` and ``Final`` results
(named by :func:`cell` and :data:`TABLE_KEYS`); the sentences are built from them by
:mod:`dayao_data.evaluation.narrative`.  Nothing here assumes Dayao, 2020 or 2025: base year,
target year and the mid-point come from the plan.

Definitions (beyond progress-method.md)
---------------------------------------
mid-point year
    base year + ceil((target year − base year) / 2): 2023 for a 2020 → 2025 plan.
year-on-year change
    Between consecutive points of the series (the baseline, then every actual up to the data
    year), the change per year, attributed to the later year; a gap of two years gives the
    average of the two (``best_span`` says so).  Cumulative series: the yearly flows themselves.
best year so far
    The year-on-year change furthest in the desired direction (d · change largest; the earliest
    year on a tie).  It may be a change in the wrong direction when no year moved the right way
    (``best_in_direction`` is then False).
average observed annual change
    (x_s − x_first) / (s − first year), the first point being the baseline when the plan prints
    one; cumulative series: the mean of the yearly flows present.
required annual increment
    As in progress-method.md; for a ceiling, the change needed in the next year to come back to
    the bound (0 while within it).
scenarios
    (i) x_s + average change × (T − s); (ii) x_s + best year's change × (T − s); (iii) the target
    via the required path.  A ceiling's scenario asks whether the path stays within the bound in
    every remaining year.  Verdict: ``reachable_at_best_pace`` when (ii) meets the target,
    ``not_reachable_at_any_pace_seen`` when it does not, ``no_pace_seen`` with fewer than two
    points.
task share for the overall figures
    The progress share P of every series that has one, counted as 1 once above 1 (a target
    exceeded is a task done), so that one series far past its target cannot hide others.

Examples
--------
>>> from dayao_data.plan import load_plan
>>> plan = load_plan()
>>> midpoint_year(plan)
2023
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from dayao_data.labels import label_pairs
from dayao_data.plan import Indicator, Plan
from dayao_data.progress import (
    STATUS_LABELS,
    STATUS_ORDER,
    Assessment,
    Observation,
    assess_alternatives,
    evaluate,
    observations,
    prepare_actuals,
    tolerant_gt,
)

#: The mid-term groups, in the method's status order (progress-method.md, "Status codes"), with
#: the ceilings back within their bound after a breach earlier in the period set apart from those
#: that held every year (the same split the final makes, :data:`COMPLETION_LABELS`).
GROUP_ORDER = [STATUS_ORDER[0], "achieved_after_breach", *STATUS_ORDER[1:]]
GROUP_LABELS: dict[str, tuple[str, str]] = {**STATUS_LABELS, **label_pairs("group")}

#: The one definition of completion used by every report (mid-term, final, and the final's
#: comparison with the mid-term): a series is *completed* when it has reached its target (a
#: ceiling: is within its bound) in the evaluation year and never breached it in an earlier year;
#: *completed but breached* when it is within its bound now but was over it in an earlier year of
#: the period; *not completed* when it is assessed and short of its target; *no data* when there is
#: nothing to judge it on (no data, no quota, no target-year value, a total with missing years).
COMPLETION_LABELS: dict[str, tuple[str, str]] = label_pairs("completion")
_UNDETERMINED_STATUSES = ("no_data", "not_assessable")


def completion_of_status(status: str, breach_years: Sequence[int] = ()) -> str:
    """The completion class of a series from its time-progress status (mid-term, yearly)."""
    if status in _UNDETERMINED_STATUSES:
        return "undetermined"
    if status == "achieved":
        return "completed_breached" if len(breach_years or ()) else "completed"
    return "not_completed"


def completion_of_verdict(verdict: str) -> str:
    """The completion class of a series from its final verdict (:data:`VERDICT_LABELS`)."""
    return {
        "achieved": "completed",
        "achieved_after_breach": "completed_breached",
        "not_achieved": "not_completed",
    }.get(verdict, "undetermined")


def completion_metrics(classes: pd.Series, binding: pd.Series) -> list[tuple[str, int]]:
    """The shared counts: ``n_<class>`` for every class of :data:`COMPLETION_LABELS`, and
    ``n_binding_<class>``, from a column of completion classes and the binding flags."""
    out = [(f"n_{c}", int((classes == c).sum())) for c in COMPLETION_LABELS]
    out += [(f"n_binding_{c}", int(((classes == c) & binding.astype(bool)).sum())) for c in COMPLETION_LABELS]
    out.append(("n_assessed", int((classes != "undetermined").sum())))
    return out


#: The metrics both evaluations print for the same data vintage (a test compares them).
COMPLETION_METRICS = tuple(f"n_{c}" for c in COMPLETION_LABELS) + tuple(f"n_binding_{c}" for c in COMPLETION_LABELS)
#: Statuses that make a series a problem (存在的问题).
PROBLEM_STATUSES = ("lagging", "regressing", "breached")
SEVERITY = {"breached": 0, "breached_earlier": 1, "regressing": 2, "lagging": 3}

#: Final verdicts per series, with their labels.
VERDICT_LABELS: dict[str, tuple[str, str]] = label_pairs("verdict")
#: Verdicts that count as achieved in the target year.  A ceiling breached in any year of the
#: plan does not: it is a promise for every year (progress-method.md), so a recovery by the target
#: year is reported with the years of the breach, not counted as kept.
ACHIEVED_VERDICTS = ("achieved",)
#: Verdicts that settle a series as not achieved (the rest leave it undetermined: data missing).
NOT_ACHIEVED_VERDICTS = ("not_achieved", "achieved_after_breach")

SCENARIO_LABELS: dict[str, tuple[str, str]] = label_pairs("scenario")

CHANGE_LABELS: dict[str, tuple[str, str]] = label_pairs("change")

CEILING_VERDICT_LABELS: dict[str, tuple[str, str]] = label_pairs("ceiling_verdict")

RECOMMENDATION_LABELS: dict[str, tuple[str, str]] = label_pairs("recommendation")

DISAGREEMENT_LABELS: dict[str, tuple[str, str]] = label_pairs("disagreement")

#: The overall measures of both evaluations (labels.yaml ``metric:``), with a count per status and
#: per completion class (``n_<status>``, ``n_<class>``, ``n_binding_<class>``) made from their labels.
METRIC_LABELS: dict[str, tuple[str, str]] = label_pairs("metric")
_ASSESSED = METRIC_LABELS.pop("n_assessed")  # listed after the statuses, before the classes
for _code, (_zh, _en) in STATUS_LABELS.items():
    METRIC_LABELS[f"n_{_code}"] = (f"{_zh}(个)", f"{_en} (series)")
METRIC_LABELS["n_assessed"] = _ASSESSED
for _code, (_zh, _en) in COMPLETION_LABELS.items():
    METRIC_LABELS[f"n_{_code}"] = (f"{_zh}(个)", f"{_en} (series)")
    METRIC_LABELS[f"n_binding_{_code}"] = (f"约束性指标{_zh}(个)", f"Binding: {_en.lower()}")

#: The key column of every table the narrative refers to, so that a (table, key, column) triple
#: names one cell.
TABLE_KEYS: dict[str, str] = {
    "overall": "metric",
    "groups": "status",
    "data_years": "data_year",
    "series": "indicator_id",
    "projects": "key",
    "problems": "indicator_id",
    "methods": "indicator_id",
    "scenarios": "indicator_id",
    "recommendations": "rank",
    "rows": "table_row",
    "cumulative": "indicator_id",
    "ceilings": "indicator_id",
    "extended": "indicator_id",
    "comparison": "indicator_id",
    "summary_comparison": "metric",
    "midterm_overall": "metric",
    "final_problems": "indicator_id",
    "experience": "indicator_id",
    "next_plan": "indicator_id",
    "domains": "domain",
    "alternatives": "indicator_id",
}

# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def to_float(value: Any) -> float | None:
    """A float, or None for None/NaN/NA."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return float(value)


def to_int(value: Any) -> int | None:
    """An int, or None for None/NaN/NA."""
    v = to_float(value)
    return None if v is None else int(v)


def row_label(ind: Indicator) -> str:
    """The plan's label of the indicator's table row (``Indicator.row_label``)."""
    return ind.row_label


class Actuals:
    """The actuals of one run, split once by indicator.

    The engine's :func:`~dayao_data.progress.observations` filters the whole frame on every call;
    with 138 series and a few runs of the engine per report that was most of the time.  Each
    series' own rows are kept here, and the engine is run only on the rows of its catalogue.
    """

    def __init__(self, plan: Plan, actuals) -> None:
        self.frame = prepare_actuals(plan, actuals)
        self.by_indicator = (
            {str(k): g for k, g in self.frame.groupby("indicator", sort=False)} if len(self.frame) else {}
        )

    def observations(self, indicator_id: str) -> list[Observation]:
        """The observations of one series (from its own rows)."""
        return observations(self.by_indicator.get(indicator_id), indicator_id)

    def of(self, indicators: Iterable[Indicator]) -> pd.DataFrame:
        """The prepared rows of ``indicators``, in the frame's order."""
        ids = {i.id for i in indicators}
        return self.frame[self.frame["indicator"].isin(ids)]

    def evaluate(self, plan: Plan, year: int, band: float, catalogue: str) -> Assessment | None:
        """The engine on one catalogue; the extended catalogue only for the targets with data
        (the others are "no data" without asking), None when there is nothing to assess."""
        if catalogue == "headline":
            return evaluate(plan, self.of(plan.indicators), year, band=band, catalogue="headline")
        with_data = [i for i in plan.extended_targets if i.id in self.by_indicator]
        if not with_data:
            return None
        subset = replace(plan, extended_targets=with_data)
        return evaluate(subset, self.of(with_data), year, band=band, catalogue="extended")


ALTERNATIVE_COLUMNS = [
    "indicator_id",
    "name_zh",
    "name_en",
    "binding",
    "field",
    "unit",
    "value_used",
    "value_alternative",
    "where_zh",
    "where_en",
    "target_year",
    "status_used",
    "status_alternative",
    "verdict_used",
    "verdict_alternative",
]


def alternatives_table(plan: Plan, data: Actuals, year: int, band: float) -> pd.DataFrame:
    """The headline series whose verdict changes with the plan's other figure (a target or baseline
    the plan states twice, progress.assess_alternatives): the status with each, side by side."""
    ids = {i.id for i in plan.indicators}
    alt = assess_alternatives(plan, data.of(plan.indicators), year, band=band)
    rows = []
    for r in alt.itertuples(index=False):
        if r.indicator_id not in ids:
            continue
        ind = plan.indicator(r.indicator_id)
        final_year = to_int(r.data_year) == ind.target_year
        v_used = ("achieved" if r.status_used == "achieved" else "not_achieved") if final_year else None
        v_alt = ("achieved" if r.status_alternative == "achieved" else "not_achieved") if final_year else None
        if r.status_used == r.status_alternative and v_used == v_alt:
            continue
        where = "正文" if "正文" in str(r.label_zh) else "另一处"
        rows.append(
            {
                "indicator_id": ind.id,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "binding": ind.attribute == "binding",
                "field": r.field,
                "unit": ind.unit,
                "value_used": float(r.value_used),
                "value_alternative": float(r.value_alternative),
                "where_zh": where,
                "where_en": "text" if where == "正文" else "elsewhere",
                "target_year": ind.target_year,
                "status_used": r.status_used,
                "status_alternative": r.status_alternative,
                "verdict_used": v_used,
                "verdict_alternative": v_alt,
            }
        )
    return pd.DataFrame(rows, columns=ALTERNATIVE_COLUMNS)


def midpoint_year(plan: Plan) -> int:
    """The mid-point of the plan period: base year + ceil((target − base) / 2)."""
    return plan.base_year + math.ceil((plan.target_year - plan.base_year) / 2)


def cell(tables: dict[str, pd.DataFrame], table: str, key: Any, column: str) -> Any:
    """The value of one cell, named by table, row key (see :data:`TABLE_KEYS`) and column."""
    frame = tables[table]
    key_col = TABLE_KEYS[table]
    wanted = str(key)
    positions = [i for i, k in enumerate(frame[key_col].tolist()) if str(k) == wanted]
    if len(positions) != 1:
        raise KeyError(f"{table}: {len(positions)} rows with {key_col} = {key!r}")
    return frame[column].iloc[positions[0]]


# --------------------------------------------------------------------------------------
# The path of one series: year-on-year changes, best year, average change
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PathFacts:
    """What the series did year by year up to its data year."""

    changes: tuple[tuple[int, float, int], ...]  # (year, change per year, span in years)
    best_year: int | None = None
    best_change: float | None = None
    best_span: int | None = None
    worst_year: int | None = None
    worst_change: float | None = None
    mean_change: float | None = None
    total_change: float | None = None
    best_change_share: float | None = None


def path_facts(ind: Indicator, obs: Sequence[Observation], up_to: int) -> PathFacts:
    """Year-on-year changes of one series up to ``up_to`` (see the module's definitions)."""
    t0, d = ind.base_year, ind.direction
    usable = [o for o in obs if t0 < o.year <= min(up_to, ind.target_year)]
    if ind.kind == "qualitative" or not usable:
        return PathFacts(changes=())
    if ind.kind == "cumulative":
        changes = tuple((o.year, o.value, 1) for o in usable)
        mean = math.fsum(o.value for o in usable) / len(usable)
        total = math.fsum(o.value for o in usable)
    else:
        points = ([(t0, ind.baseline_value)] if ind.baseline_value is not None else []) + [
            (o.year, o.value) for o in usable
        ]
        changes = tuple((b[0], (b[1] - a[1]) / (b[0] - a[0]), b[0] - a[0]) for a, b in zip(points, points[1:]))
        if len(points) >= 2:
            total = points[-1][1] - points[0][1]
            mean = total / (points[-1][0] - points[0][0])
        else:
            total = mean = None
    if not changes:
        return PathFacts(changes=(), mean_change=mean, total_change=total)
    # Best: the largest d·change, the earliest on a tie; worst: the smallest, the latest on a tie.
    best = max(changes, key=lambda c: (d * c[1], -c[0]))
    worst = min(changes, key=lambda c: (d * c[1], -c[0]))
    share = None
    if ind.kind != "cumulative" and total is not None and tolerant_gt(d * total, 0.0):
        share = best[1] * best[2] / total
    return PathFacts(
        changes=changes,
        best_year=best[0],
        best_change=best[1],
        best_span=best[2],
        worst_year=worst[0],
        worst_change=worst[1],
        mean_change=mean,
        total_change=total,
        best_change_share=share,
    )
