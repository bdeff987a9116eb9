"""The final evaluation's tables of the target year: per series, per row of the plan, totals, ceilings.

The verdict of each series (achieved or not, a ceiling breached in any year), the plan's table
rows, the five-year totals against their targets and the ceilings year by year.  Pure computation,
used by :func:`dayao_data.evaluation.final.final`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from dayao_data.evaluation.common import (
    ACHIEVED_VERDICTS,
    CEILING_VERDICT_LABELS,
    NOT_ACHIEVED_VERDICTS,
    VERDICT_LABELS,
    Actuals,
    completion_of_verdict,
    row_label,
    to_float,
    to_int,
)
from dayao_data.plan import Indicator, Plan
from dayao_data.progress import (
    Observation,
    tolerant_ge,
)

# --------------------------------------------------------------------------------------
# Final
# --------------------------------------------------------------------------------------


def _plan_years(ind: Indicator, up_to: int) -> list[int]:
    return list(range(ind.base_year + 1, min(up_to, ind.target_year) + 1))


def _verdict(ind: Indicator, row: pd.Series, obs: Sequence[Observation], breaches: tuple[int, ...]) -> str:
    status = row["status"]
    if status == "no_data":
        return "no_data"
    if status == "not_assessable":
        return "not_assessable"
    T = ind.target_year
    s = to_int(row["data_year"])
    if ind.kind == "cumulative":
        if status == "achieved":
            return "achieved"
        if s is None or s < T:
            return "no_final_year_data"
        present = {o.year for o in obs}
        if any(y not in present for y in _plan_years(ind, T)):
            return "incomplete"
        return "not_achieved"
    if s is None or s < T:
        return "no_final_year_data"
    if ind.kind == "ceiling":
        if status == "achieved":
            return "achieved_after_breach" if breaches else "achieved"
        return "not_achieved"
    return "achieved" if status == "achieved" else "not_achieved"


FINAL_SERIES_COLUMNS = [
    "indicator_id",
    "label",
    "table_row",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "department",
    "department_en",
    "target_kind",
    "direction",
    "unit",
    "baseline",
    "target",
    "target_year",
    "data_year",
    "final_year_data",
    "value",
    "gap",
    "progress_share",
    "status",
    "verdict",
    "verdict_zh",
    "verdict_en",
    "achieved",
    "completion",
    "breach_years",
    "missing_years",
    "illustrative",
    "plan_order",
]


def final_series_table(
    plan: Plan,
    indicators: Sequence[Indicator],
    table: pd.DataFrame,
    data: Actuals,
    breaches: dict[str, tuple[int, ...]],
    year: int,
) -> pd.DataFrame:
    """The final's table of the series: the verdict in the target year and the figures behind it."""
    by_id = table.set_index("indicator_id")
    rows = []
    for i, ind in enumerate(indicators):
        r = by_id.loc[ind.id]
        obs = data.observations(ind.id)
        b = breaches.get(ind.id, ())
        verdict = _verdict(ind, r, obs, b)
        present = {o.year for o in obs}
        rows.append(
            {
                "indicator_id": ind.id,
                "label": row_label(ind),
                "table_row": ind.table_row,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "attribute": ind.attribute,
                "binding": ind.attribute == "binding",
                "department": plan.department_name(ind.department, "zh"),
                "department_en": plan.department_name(ind.department, "en"),
                "target_kind": ind.kind,
                "direction": ind.direction,
                "unit": ind.unit,
                "baseline": to_float(r["baseline"]),
                "target": to_float(r["target"]),
                "target_year": ind.target_year,
                "data_year": to_int(r["data_year"]),
                "final_year_data": to_int(r["data_year"]) == ind.target_year,
                "value": to_float(r["value"]),
                "gap": to_float(r["gap"]),
                "progress_share": to_float(r["progress_share"]),
                "status": r["status"],
                "verdict": verdict,
                "verdict_zh": VERDICT_LABELS[verdict][0],
                "verdict_en": VERDICT_LABELS[verdict][1],
                "achieved": True
                if verdict in ACHIEVED_VERDICTS
                else False
                if verdict in NOT_ACHIEVED_VERDICTS
                else None,
                "completion": completion_of_verdict(verdict),
                "breach_years": b,
                "missing_years": tuple(y for y in _plan_years(ind, year) if y not in present),
                "illustrative": bool(r["illustrative"]),
                "plan_order": i,
            }
        )
    out = pd.DataFrame(rows, columns=FINAL_SERIES_COLUMNS)
    for col in ("data_year", "target_year", "table_row"):
        out[col] = pd.array(out[col], dtype="Int64")
    for col in ("baseline", "target", "value", "gap", "progress_share"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    return out


def final_rows_table(plan: Plan, series: pd.DataFrame) -> pd.DataFrame:
    """Per table row: achieved only when every series of the row is (row 11's rule)."""
    by_id = series.set_index("indicator_id")
    rows = []
    for row_no, members in plan.table_rows().items():
        verdicts = [by_id.loc[s.id, "verdict"] for s in members]
        if all(v in ACHIEVED_VERDICTS for v in verdicts):
            verdict = "achieved"
        elif any(v == "not_achieved" for v in verdicts):
            verdict = "not_achieved"
        elif any(v == "achieved_after_breach" for v in verdicts):
            verdict = "achieved_after_breach"
        else:
            verdict = next(v for v in verdicts if v not in ACHIEVED_VERDICTS)
        rows.append(
            {
                "table_row": row_no,
                "n_series": len(members),
                "indicator_ids": tuple(s.id for s in members),
                "name_zh": "、".join(s.name_zh for s in members),
                "name_en": "; ".join(s.name_en for s in members),
                "attribute": members[0].attribute,
                "series_verdicts": tuple(verdicts),
                "verdict": verdict,
                "verdict_zh": VERDICT_LABELS[verdict][0],
                "verdict_en": VERDICT_LABELS[verdict][1],
                "achieved": verdict == "achieved",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "table_row",
            "n_series",
            "indicator_ids",
            "name_zh",
            "name_en",
            "attribute",
            "series_verdicts",
            "verdict",
            "verdict_zh",
            "verdict_en",
            "achieved",
        ],
    )


def final_cumulative_table(
    plan: Plan, indicators: Sequence[Indicator], series: pd.DataFrame, data: Actuals, year: int
) -> pd.DataFrame:
    """The five-year totals (cumulative series): the sum of the yearly flows against the target."""
    by_id = series.set_index("indicator_id")
    rows = []
    for ind in indicators:
        if ind.kind != "cumulative":
            continue
        obs = {o.year: o.value for o in data.observations(ind.id) if ind.base_year < o.year <= ind.target_year}
        r = by_id.loc[ind.id]
        years = _plan_years(ind, year)
        total = math.fsum(obs[y] for y in years if y in obs) if any(y in obs for y in years) else None
        target = ind.target_value
        row = {
            "indicator_id": ind.id,
            "label": row_label(ind),
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "attribute": ind.attribute,
            "department": plan.department_name(ind.department, "zh"),
            "unit": ind.unit,
            "target": target,
            "total": total,
            "share": (total / target) if total is not None and target else None,
            "remaining": (target - total) if total is not None and target is not None else None,
            "years_present": tuple(y for y in years if y in obs),
            "missing_years": tuple(y for y in years if y not in obs),
            "complete": all(y in obs for y in years),
            "achieved": bool(
                total is not None and target is not None and tolerant_ge(ind.direction * total, ind.direction * target)
            ),
            "verdict": r["verdict"],
            "verdict_zh": r["verdict_zh"],
            "verdict_en": r["verdict_en"],
        }
        for y in years:
            row[str(y)] = obs.get(y)
        rows.append(row)
    out = pd.DataFrame(rows)
    if not len(out):
        out = pd.DataFrame(
            columns=[
                "indicator_id",
                "label",
                "name_zh",
                "name_en",
                "attribute",
                "department",
                "unit",
                "target",
                "total",
                "share",
                "remaining",
                "years_present",
                "missing_years",
                "complete",
                "achieved",
                "verdict",
                "verdict_zh",
                "verdict_en",
            ]
        )
    return out


def final_ceilings_table(plan: Plan, history: pd.DataFrame, year: int) -> pd.DataFrame:
    """The ceilings year by year: held every year of the plan, or the years they were breached."""
    rows = []
    for ind in plan.indicators:
        if ind.kind != "ceiling":
            continue
        h = history[history["indicator_id"] == ind.id].sort_values("year")
        years = _plan_years(ind, year)
        reported = tuple(int(y) for y in h["year"])
        breach = tuple(int(y) for y in h.loc[~h["within"].astype(bool), "year"])
        missing = tuple(y for y in years if y not in reported)
        if not reported:
            verdict = "no_data"
        elif breach:
            verdict = "breached"
        elif missing:
            verdict = "held_reported_years"
        else:
            verdict = "held_every_year"
        row = {
            "indicator_id": ind.id,
            "label": row_label(ind),
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "attribute": ind.attribute,
            "binding": ind.attribute == "binding",
            "department": plan.department_name(ind.department, "zh"),
            "department_en": plan.department_name(ind.department, "en"),
            "unit": ind.unit,
            "direction": ind.direction,
            "bound": ind.target_value,
            "strict": bool(ind.strict),
            "years_reported": reported,
            "breach_years": breach,
            "missing_years": missing,
            "n_breaches": len(breach),
            "held_every_year": verdict == "held_every_year",
            "verdict": verdict,
            "verdict_zh": CEILING_VERDICT_LABELS[verdict][0],
            "verdict_en": CEILING_VERDICT_LABELS[verdict][1],
        }
        values = dict(zip(h["year"].astype(int), h["value"].astype(float)))
        for y in years:
            row[str(y)] = values.get(y)
        rows.append(row)
    out = pd.DataFrame(rows)
    if not len(out):
        out = pd.DataFrame(
            columns=[
                "indicator_id",
                "label",
                "name_zh",
                "name_en",
                "attribute",
                "binding",
                "department",
                "department_en",
                "unit",
                "direction",
                "bound",
                "strict",
                "years_reported",
                "breach_years",
                "missing_years",
                "n_breaches",
                "held_every_year",
                "verdict",
                "verdict_zh",
                "verdict_en",
            ]
        )
    return out
