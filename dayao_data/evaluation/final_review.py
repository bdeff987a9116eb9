"""The final evaluation's look back and forward: the comparison with the mid-term, problems,
experience and proposals for the next plan (四、存在的问题和原因  五、主要经验  六、下一个规划).

Pure computation from the final's series table and the actuals, used by
:func:`dayao_data.evaluation.final.final`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from dayao_data.evaluation.common import (
    ACHIEVED_VERDICTS,
    CHANGE_LABELS,
    GROUP_LABELS,
    Actuals,
    path_facts,
    row_label,
    to_float,
    to_int,
)
from dayao_data.evaluation.midterm import Midterm
from dayao_data.labels import label_pairs
from dayao_data.plan import Indicator, Plan
from dayao_data.progress import (
    Observation,
    clip,
    tolerant_equal,
    tolerant_ge,
)


def _change(mid_completion: str, verdict: str) -> str:
    """How a series moved from the mid-term to the end, both read with the one definition of
    completion (:data:`COMPLETION_LABELS`): the mid-term side is the mid-term report's own class."""
    if verdict in ("no_final_year_data", "no_data", "not_assessable", "incomplete"):
        return "no_final_data"
    if verdict == "achieved_after_breach":
        return "breached_in_period"
    now = verdict in ACHIEVED_VERDICTS
    then = mid_completion == "completed"
    if now:
        return "still_achieved" if then else "newly_achieved"
    return "no_longer_achieved" if then else "still_not_achieved"


def comparison_table(plan: Plan, mid: Midterm, series: pd.DataFrame) -> pd.DataFrame:
    """The final's comparison with the mid-term per series: completion then, verdict now, the change."""
    m = mid.series.set_index("indicator_id")
    scen = mid.scenarios.set_index("indicator_id") if len(mid.scenarios) else None
    rows = []
    for r in series.itertuples(index=False):
        a = m.loc[r.indicator_id]
        change = _change(a["completion"], r.verdict)
        mid_verdict = scen.loc[r.indicator_id, "verdict"] if scen is not None and r.indicator_id in scen.index else None
        rows.append(
            {
                "indicator_id": r.indicator_id,
                "label": r.label,
                "name_zh": r.name_zh,
                "name_en": r.name_en,
                "attribute": r.attribute,
                "binding": r.binding,
                "department": r.department,
                "unit": r.unit,
                "mid_data_year": to_int(a["data_year"]),
                "mid_value": to_float(a["value"]),
                "mid_status": a["status"],
                # The mid-term report's own group (its 二、主要指标完成情况 lists the series under it).
                "mid_group": a["group"],
                "mid_status_zh": GROUP_LABELS[a["group"]][0],
                "mid_completion": a["completion"],
                "final_completion": r.completion,
                "mid_scenario": mid_verdict,
                "final_data_year": r.data_year if r.data_year is not pd.NA else None,
                "final_value": r.value,
                "final_status": r.status,
                "final_verdict": r.verdict,
                "final_verdict_zh": r.verdict_zh,
                "change": change,
                "change_zh": CHANGE_LABELS[change][0],
                "change_en": CHANGE_LABELS[change][1],
            }
        )
    out = pd.DataFrame(rows)
    for col in ("mid_data_year", "final_data_year"):
        out[col] = pd.array(out[col], dtype="Int64")
    for col in ("mid_value", "final_value"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    return out


COMPARABLE = (
    "time_share",
    "mean_task_share",
    "median_task_share",
    "n_at_or_above_time",
    "n_at_or_above_half",
    "n_satisfactory",
    "n_binding_satisfactory",
    "n_achieved",
    "n_ahead",
    "n_on_track",
    "n_lagging",
    "n_regressing",
    "n_breached",
    "n_no_data",
    "n_not_assessable",
)


def _pace_row(plan: Plan, ind: Indicator, r: Any, data: Actuals, T: int) -> dict:
    """The observed pace of one series over the whole period, against the pace its target needed."""
    pf = path_facts(ind, data.observations(ind.id), T)
    t0 = ind.base_year
    needed = None
    if ind.kind == "cumulative" and ind.target_value is not None:
        needed = ind.target_value / (T - t0)
    elif ind.kind in ("level", "maintain") and ind.target_value is not None and ind.baseline_value is not None:
        needed = (ind.target_value - ind.baseline_value) / (T - t0)
    mean = pf.mean_change
    ratio = mean / needed if mean is not None and needed and not tolerant_equal(needed, 0.0) else None
    return {
        "indicator_id": ind.id,
        "label": row_label(ind),
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "domain": ind.domain,
        "attribute": ind.attribute,
        "binding": ind.attribute == "binding",
        "department": plan.department_name(ind.department, "zh"),
        "department_en": plan.department_name(ind.department, "en"),
        "target_kind": ind.kind,
        "direction": ind.direction,
        "unit": ind.unit,
        "baseline": ind.baseline_value,
        "target": to_float(r.target),
        "value": to_float(r.value),
        "data_year": to_int(r.data_year),
        "gap": abs(to_float(r.gap)) if to_float(r.gap) is not None else None,
        "verdict": r.verdict,
        "breach_years": tuple(r.breach_years),
        "years": T - t0,
        "needed_change": needed,
        "mean_change": mean,
        "pace_ratio": ratio,
        "best_year": pf.best_year,
        "best_change": pf.best_change,
        "best_meets_need": (
            bool(tolerant_ge(ind.direction * pf.best_change, ind.direction * needed))
            if pf.best_change is not None and needed is not None
            else None
        ),
        "worst_year": pf.worst_year,
        "worst_change": pf.worst_change,
        "plan_order": r.plan_order,
    }


def final_problems_table(plan: Plan, series: pd.DataFrame, data: Actuals, T: int) -> pd.DataFrame:
    """四、存在的问题和原因: every series not achieved or over its bound during the period, binding
    first, with the pace it kept against the pace its target needed (the cause in figures)."""
    rows = [
        _pace_row(plan, plan.indicator(r.indicator_id), r, data, T)
        for r in series.itertuples(index=False)
        if r.verdict in ("not_achieved", "achieved_after_breach")
    ]
    frame = pd.DataFrame(rows)
    if len(frame):
        frame = frame.sort_values(["binding", "plan_order"], ascending=[False, True], kind="stable").reset_index(
            drop=True
        )
    return frame


def _first_year_met(ind: Indicator, obs: Sequence[Observation], T: int) -> int | None:
    """The first year a level series was at or past its target (None if never, or not a level)."""
    if ind.kind not in ("level",) or ind.target_value is None:
        return None
    for o in sorted(obs, key=lambda o: o.year):
        if ind.base_year < o.year <= T and tolerant_ge(ind.direction * o.value, ind.direction * ind.target_value):
            return o.year
    return None


def experience_tables(plan: Plan, series: pd.DataFrame, data: Actuals, T: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """五、主要经验: the domains whose every series was achieved, and the series achieved before the
    target year (the first year at the target) with the pace they kept."""
    rows = []
    for r in series.itertuples(index=False):
        if r.verdict != "achieved":
            continue
        ind = plan.indicator(r.indicator_id)
        first = _first_year_met(ind, data.observations(ind.id), T)
        row = _pace_row(plan, ind, r, data, T)
        row["first_year_met"] = first
        row["early"] = first is not None and first < T
        rows.append(row)
    exp = pd.DataFrame(rows)
    doms = []
    dom_of = {i.id: i.domain for i in plan.indicators}
    for d in plan.domains.values():
        members = series[series["indicator_id"].map(dom_of) == d.id]
        if not len(members):
            continue
        doms.append(
            {
                "domain": d.id,
                "name_zh": d.name_zh,
                "name_en": d.name_en,
                "n": int(len(members)),
                "n_completed": int((members["completion"] == "completed").sum()),
                "all_completed": bool((members["completion"] == "completed").all()),
                "indicator_ids": tuple(members["indicator_id"]),
            }
        )
    return exp, pd.DataFrame(doms)


#: What the final evaluation proposes for each indicator of the next plan.
NEXT_PLAN_LABELS: dict[str, tuple[str, str]] = label_pairs("next_plan")


def next_plan_table(plan: Plan, series: pd.DataFrame, extended: pd.DataFrame, data: Actuals, T: int) -> pd.DataFrame:
    """六、对下一个规划编制的建议: keep / adjust / add / drop for every indicator, each with the
    figures of the observed pace (the next plan's target year is T + the plan's length)."""
    span = T - plan.base_year
    nxt = T + span
    rows = []
    for r in series.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        row = _pace_row(plan, ind, r, data, T)
        value, mean = row["value"], row["mean_change"]
        projected = None
        if value is not None and mean is not None and ind.kind in ("level", "maintain", "ceiling"):
            projected = clip(value + mean * span, ind.bounds)
        elif ind.kind == "cumulative" and mean is not None:
            projected = mean * span
        hi = ind.bounds[1] if ind.direction == 1 else ind.bounds[0]
        saturated = (
            value is not None
            and hi is not None
            and ind.kind in ("level", "maintain")
            and tolerant_ge(ind.direction * value, ind.direction * hi)
        )
        if ind.kind == "qualitative" or r.verdict in ("no_data", "not_assessable") or value is None:
            code, reason = "drop", ("qualitative" if ind.kind == "qualitative" else "no_data")
        elif saturated:
            code, reason = "adjust", "saturated"
        elif r.verdict == "achieved":
            code, reason = "keep", ("ceiling_held" if ind.kind == "ceiling" else "achieved")
        elif r.verdict == "achieved_after_breach":
            code, reason = "keep", "ceiling_breached"
        else:
            code, reason = "adjust", "short"
        row.update(code=code, reason=reason, next_year=nxt, projected=projected, span=span)
        rows.append(row)
    for r in extended.itertuples(index=False) if len(extended) else ():
        if r.verdict in ("no_data",) or to_float(r.value) is None:
            continue
        ind = plan.indicator(r.indicator_id)
        row = _pace_row(plan, ind, r, data, T)
        row.update(
            code="add",
            reason="extended_with_data",
            next_year=nxt,
            projected=None,
            span=span,
            plan_order=10_000 + len(rows),
        )
        rows.append(row)
    frame = pd.DataFrame(rows)
    if len(frame):
        order = list(NEXT_PLAN_LABELS)
        frame["_c"] = frame["code"].map(order.index)
        frame = frame.sort_values(["_c", "plan_order"], kind="stable").drop(columns="_c").reset_index(drop=True)
        frame["code_zh"] = frame["code"].map(lambda c: NEXT_PLAN_LABELS[c][0])
        frame["code_en"] = frame["code"].map(lambda c: NEXT_PLAN_LABELS[c][1])
    return frame
