"""The mid-term's problems, scenarios and recommendations (存在的问题, 下一步建议).

The lagging, regressing and breached series with what they still need each year against the best
and the average year so far (:func:`problems_table`), the target-year value at each pace
(:func:`scenarios_table`), and the recommendations generated from those numbers
(:func:`recommendations_table`).  Pure computation; the definitions are those of
:mod:`dayao_data.evaluation.common`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from dayao_data.evaluation.common import (
    PROBLEM_STATUSES,
    RECOMMENDATION_LABELS,
    SCENARIO_LABELS,
    SEVERITY,
    PathFacts,
    row_label,
    to_float,
    to_int,
)
from dayao_data.plan import Indicator, Plan
from dayao_data.progress import (
    clip,
    tolerant_ge,
    tolerant_gt,
    within,
)

if TYPE_CHECKING:  # pragma: no cover
    from dayao_data.evaluation.midterm import Midterm


PROBLEM_COLUMNS = [
    "indicator_id",
    "label",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "department",
    "department_en",
    "target_kind",
    "direction",
    "unit",
    "status",
    "problem",
    "data_year",
    "value",
    "baseline",
    "target",
    "target_year",
    "gap",
    "years_left",
    "progress_share",
    "time_share",
    "required_annual_increment",
    "required_annual_rate",
    "mean_change",
    "best_change",
    "best_year",
    "best_span",
    "best_in_direction",
    "exceeds_best",
    "breach_years",
    "plan_order",
]


def problems_table(plan: Plan, series: pd.DataFrame, facts: dict[str, PathFacts]) -> pd.DataFrame:
    """The lagging, regressing and breached series (and ceilings breached earlier): what they still need."""
    rows = []
    for r in series.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        breached_earlier = ind.kind == "ceiling" and r.status == "achieved" and len(r.breach_years) > 0
        if r.status not in PROBLEM_STATUSES and not breached_earlier:
            continue
        pf = facts[ind.id]
        s = to_int(r.data_year)
        x = to_float(r.value)
        target = to_float(r.target)
        years_left = ind.target_year - s if s is not None else None
        required = to_float(r.required_annual_increment)
        if ind.kind == "ceiling" and x is not None and target is not None:
            # The change needed next year to be back at the bound; nothing while within it.
            required = 0.0 if r.status == "achieved" else target - x
        if ind.kind == "qualitative":
            required = None
        best = pf.best_change
        d = ind.direction
        exceeds = None
        if required is not None and best is not None and years_left:
            exceeds = bool(tolerant_gt(d * required, d * best))
        rows.append(
            {
                "indicator_id": ind.id,
                "label": row_label(ind),
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "attribute": ind.attribute,
                "binding": ind.attribute == "binding",
                "department": r.department,
                "department_en": r.department_en,
                "target_kind": ind.kind,
                "direction": d,
                "unit": ind.unit,
                "status": r.status,
                "problem": "breached_earlier" if breached_earlier else r.status,
                "data_year": s,
                "value": x,
                "baseline": to_float(r.baseline),
                "target": target,
                "target_year": ind.target_year,
                "gap": to_float(r.gap),
                "years_left": years_left,
                "progress_share": to_float(r.progress_share),
                "time_share": to_float(r.time_share),
                "required_annual_increment": required,
                "required_annual_rate": to_float(r.required_annual_rate),
                "mean_change": pf.mean_change,
                "best_change": best,
                "best_year": pf.best_year,
                "best_span": pf.best_span,
                "best_in_direction": None if best is None else bool(tolerant_gt(d * best, 0.0)),
                "exceeds_best": exceeds,
                "breach_years": r.breach_years,
                "plan_order": r.plan_order,
            }
        )
    frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    if len(frame):
        frame["_sev"] = frame["problem"].map(SEVERITY)
        frame = frame.sort_values(["binding", "_sev", "plan_order"], ascending=[False, True, True], kind="stable")
        frame = frame.drop(columns="_sev").reset_index(drop=True)
    for col in ("data_year", "years_left", "best_year", "best_span", "target_year"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in (
        "value",
        "baseline",
        "target",
        "gap",
        "progress_share",
        "time_share",
        "required_annual_increment",
        "required_annual_rate",
        "mean_change",
        "best_change",
    ):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame


SCENARIO_COLUMNS = [
    "indicator_id",
    "label",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "department",
    "target_kind",
    "direction",
    "unit",
    "status",
    "data_year",
    "value",
    "target",
    "target_year",
    "years_left",
    "mean_change",
    "best_change",
    "best_year",
    "required_annual_increment",
    "value_at_mean",
    "value_at_best",
    "value_required",
    "meets_at_mean",
    "meets_at_best",
    "year_reached_at_mean",
    "year_reached_at_best",
    "verdict",
    "verdict_zh",
    "verdict_en",
]


def _reach_year(s: int, gap: float, change: float | None, d: int) -> int | None:
    """The first year s + k (k ≥ 1) at which a straight path of ``change`` a year covers ``gap``."""
    if change is None or not tolerant_gt(d * change, 0.0):
        return None
    if not tolerant_gt(d * gap, 0.0):
        return s
    k = math.ceil(gap / change - 1e-9)
    return s + max(k, 1)


def scenarios_table(plan: Plan, problems: pd.DataFrame) -> pd.DataFrame:
    """The target-year value of each problem series at the average pace, the best pace and on the required path."""
    rows = []
    for r in problems.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        if ind.kind == "qualitative" or r.years_left is pd.NA or r.years_left is None or int(r.years_left) <= 0:
            continue
        n = int(r.years_left)
        s = int(r.data_year)
        x, target, d = float(r.value), float(r.target), ind.direction
        mean, best = to_float(r.mean_change), to_float(r.best_change)
        if ind.kind == "ceiling":

            def path_ok(change):
                if change is None:
                    return None
                # A straight path is inside the bound every year iff it is in the first and last.
                return within(ind, x + change, target) and within(ind, x + change * n, target)

            at_mean = clip(x + mean * n, ind.bounds) if mean is not None else None
            at_best = clip(x + best * n, ind.bounds) if best is not None else None
            meets_mean, meets_best = path_ok(mean), path_ok(best)
            reach_mean = reach_best = None
        else:
            bounds = ind.bounds if ind.kind != "cumulative" else (None, None)
            at_mean = clip(x + mean * n, bounds) if mean is not None else None
            at_best = clip(x + best * n, bounds) if best is not None else None
            meets_mean = None if at_mean is None else bool(tolerant_ge(d * at_mean, d * target))
            meets_best = None if at_best is None else bool(tolerant_ge(d * at_best, d * target))
            reach_mean = _reach_year(s, target - x, mean, d)
            reach_best = _reach_year(s, target - x, best, d)
        if best is None:
            verdict = "no_pace_seen"
        else:
            verdict = "reachable_at_best_pace" if meets_best else "not_reachable_at_any_pace_seen"
        rows.append(
            {
                "indicator_id": ind.id,
                "label": r.label,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "attribute": ind.attribute,
                "binding": ind.attribute == "binding",
                "department": r.department,
                "target_kind": ind.kind,
                "direction": d,
                "unit": ind.unit,
                "status": r.status,
                "data_year": s,
                "value": x,
                "target": target,
                "target_year": ind.target_year,
                "years_left": n,
                "mean_change": mean,
                "best_change": best,
                "best_year": to_int(r.best_year),
                "required_annual_increment": to_float(r.required_annual_increment),
                "value_at_mean": at_mean,
                "value_at_best": at_best,
                "value_required": target,
                "meets_at_mean": meets_mean,
                "meets_at_best": meets_best,
                "year_reached_at_mean": reach_mean,
                "year_reached_at_best": reach_best,
                "verdict": verdict,
                "verdict_zh": SCENARIO_LABELS[verdict][0],
                "verdict_en": SCENARIO_LABELS[verdict][1],
            }
        )
    frame = pd.DataFrame(rows, columns=SCENARIO_COLUMNS)
    for col in ("data_year", "target_year", "years_left", "best_year", "year_reached_at_mean", "year_reached_at_best"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in (
        "value",
        "target",
        "mean_change",
        "best_change",
        "required_annual_increment",
        "value_at_mean",
        "value_at_best",
        "value_required",
    ):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame


RECOMMENDATION_COLUMNS = [
    "rank",
    "code",
    "code_zh",
    "code_en",
    "indicator_id",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "department",
    "department_en",
    "source",
    "text_zh",
    "text_en",
]


def recommendations_table(plan: Plan, m: Midterm) -> pd.DataFrame:
    """What to do next, one row per finding, from the problems, scenarios, methods and series tables."""
    items: list[dict] = []
    scen = m.scenarios.set_index("indicator_id") if len(m.scenarios) else None

    def add(code: str, ind: Indicator | None, source: str, **extra) -> None:
        items.append(
            {
                "code": code,
                "indicator_id": ind.id if ind is not None else "",
                "name_zh": ind.name_zh if ind is not None else "",
                "name_en": ind.name_en if ind is not None else "",
                "attribute": ind.attribute if ind is not None else "",
                "binding": bool(ind is not None and ind.attribute == "binding"),
                "department": plan.department_name(ind.department, "zh") if ind is not None else "",
                "department_en": plan.department_name(ind.department, "en") if ind is not None else "",
                "source": source,
                **extra,
            }
        )

    for r in m.problems.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        if r.problem == "breached":
            add("ceiling_breached", ind, "problems")
        elif r.problem == "breached_earlier":
            add("ceiling_breached_earlier", ind, "problems")
        elif ind.kind == "qualitative":
            add("quota_short", ind, "problems")
        elif scen is not None and ind.id in scen.index and scen.loc[ind.id, "verdict"] == "no_pace_seen":
            add("no_pace_seen", ind, "scenarios")
        elif r.exceeds_best is True:
            add("above_best_pace", ind, "scenarios")
        elif r.exceeds_best is False:
            add("sustain_best_pace", ind, "scenarios")
    for r in m.methods.itertuples(index=False):
        if r.status in ("ahead", "on_track") and r.anticipated_status in ("accelerate", "reverse"):
            add("watch_trend", plan.indicator(r.indicator_id), "methods")
    for r in m.series.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        if r.status == "not_assessable":
            add("not_assessable", ind, "series")
        elif r.status == "no_data":
            add("no_data", ind, "series")
        elif bool(r.stale):
            add("stale_data", ind, "series")
    if (
        len(m.projects)
        and not m.projects["has_data"].any()
        and m.projects["target_id"].astype(str).str.len().gt(0).any()
    ):
        add("projects_no_data", None, "overall")
    order = list(RECOMMENDATION_LABELS)
    frame = pd.DataFrame(items)
    if not len(frame):
        return pd.DataFrame(columns=RECOMMENDATION_COLUMNS)
    frame["_code"] = frame["code"].map(order.index)
    # Binding commitments first (progress-method.md, "Binding indicators"), then by kind of finding.
    frame = frame.sort_values(["binding", "_code"], ascending=[False, True], kind="stable").drop(columns="_code")
    frame = frame.reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame["code_zh"] = frame["code"].map(lambda c: RECOMMENDATION_LABELS[c][0])
    frame["code_en"] = frame["code"].map(lambda c: RECOMMENDATION_LABELS[c][1])
    frame["text_zh"] = ""
    frame["text_en"] = ""
    return frame[RECOMMENDATION_COLUMNS]
