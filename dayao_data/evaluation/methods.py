"""The three methods of progress-method.md side by side for the mid-term (the annex).

Time progress, compound pace and trend projection per series, and a note when they disagree
(:func:`methods_table`, :data:`METHOD_COLUMNS`).  Pure computation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from dayao_data.evaluation.common import PathFacts, to_float, to_int
from dayao_data.plan import Plan
from dayao_data.progress import (
    tolerant_ge,
)

METHOD_COLUMNS = [
    "indicator_id",
    "label",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "target_kind",
    "direction",
    "unit",
    "data_year",
    "value",
    "baseline",
    "target",
    "target_year",
    "time_share",
    "progress_share",
    "time_ratio",
    "status",
    "years_ahead",
    "cagr_ratio",
    "cagr_status",
    "projected_final",
    "anticipated_progress",
    "anticipated_status",
    "best_year",
    "best_change",
    "best_change_share",
    "worst_year",
    "worst_change",
    "time_view",
    "pace_view",
    "trend_view",
    "agree",
    "disagreement",
    "disagreement_zh",
    "disagreement_en",
]

_GOOD_TIME, _POOR_TIME = ("achieved", "ahead", "on_track"), ("lagging", "regressing", "breached")
_GOOD_PACE, _POOR_PACE = ("achieved", "substantial"), ("moderate", "limited", "deterioration")


def _view(code: Any, good: Sequence[str], poor: Sequence[str]) -> str | None:
    if code is None or (isinstance(code, float) and math.isnan(code)) or code is pd.NA:
        return None
    if code in good:
        return "good"
    if code in poor:
        return "poor"
    return None


def _disagreement(r: dict, band: float) -> str | None:
    """Why the methods point different ways (a code of :data:`DISAGREEMENT_LABELS`), None if they agree."""
    views = [v for v in (r["time_view"], r["pace_view"], r["trend_view"]) if v is not None]
    if len(set(views)) <= 1:
        return None
    tv, pv, trv = r["time_view"], r["pace_view"], r["trend_view"]
    status, kind = r["status"], r["target_kind"]
    share = r["best_change_share"]
    if r["baseline"] is None and kind in ("level", "maintain") and r["projected_final"] is not None:
        return "no_baseline"
    if tv == "good" and trv == "poor" and r["projected_final"] is not None:
        if kind == "ceiling":
            return "ceiling_trend_crosses"
        if status == "achieved":
            return "achieved_by_jump" if share is not None and share >= 0.5 else "achieved_trend_short"
        if share is not None and share >= 0.5 and r["best_year"] is not None:
            return "gain_in_one_year"
        A = r["anticipated_progress"]
        if status == "on_track" and A is not None and tolerant_ge(A, 1 - band):
            return "band"
        if r["worst_year"] is not None and r["best_year"] is not None and r["worst_year"] > r["best_year"]:
            return "trend_flatter"
    if tv == "poor" and trv == "good" and r["projected_final"] is not None:
        if kind == "ceiling":
            return "breach_trend_within"
        if r["progress_share"] is not None and r["worst_year"] is not None:
            return "latest_year_fell"
    if tv is not None and pv is not None and tv != pv and r["time_ratio"] is not None and r["cagr_ratio"] is not None:
        q, R = r["time_ratio"], r["cagr_ratio"]
        if status == "on_track" and r["cagr_status"] == "moderate" and abs(q - R) < band / 2:
            return "thresholds"
        return "compound_vs_linear"
    return "other"


def methods_table(plan: Plan, series: pd.DataFrame, facts: dict[str, PathFacts], band: float) -> pd.DataFrame:
    """Time progress, pace, projection and years ahead per series, with the disagreement note."""
    rows = []
    table = series.sort_values("plan_order", kind="stable")
    for r in table.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        pf = facts[ind.id]
        P, tau = to_float(r.progress_share), to_float(r.time_share)
        row = {
            "indicator_id": ind.id,
            "label": r.label,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "attribute": ind.attribute,
            "binding": ind.attribute == "binding",
            "target_kind": ind.kind,
            "direction": ind.direction,
            "unit": ind.unit,
            "data_year": to_int(r.data_year),
            "value": to_float(r.value),
            "baseline": to_float(r.baseline),
            "target": to_float(r.target),
            "target_year": ind.target_year,
            "time_share": tau,
            "progress_share": P,
            "time_ratio": (P / tau) if P is not None and tau else None,
            "status": r.status,
            "years_ahead": to_float(r.years_ahead),
            "best_year": pf.best_year,
            "best_change": pf.best_change,
            "best_change_share": pf.best_change_share,
            "worst_year": pf.worst_year,
            "worst_change": pf.worst_change,
        }
        rows.append(row)
    assess = series.set_index("indicator_id")
    for row in rows:
        a = assess.loc[row["indicator_id"]]
        row["cagr_ratio"] = to_float(a["cagr_ratio"])
        row["cagr_status"] = a["cagr_status"] if isinstance(a["cagr_status"], str) else None
        row["projected_final"] = to_float(a["projected_final"])
        row["anticipated_progress"] = to_float(a["anticipated_progress"])
        row["anticipated_status"] = a["anticipated_status"] if isinstance(a["anticipated_status"], str) else None
        row["time_view"] = _view(row["status"], _GOOD_TIME, _POOR_TIME)
        row["pace_view"] = _view(row["cagr_status"], _GOOD_PACE, _POOR_PACE)
        row["trend_view"] = _view(row["anticipated_status"], ("maintain",), ("accelerate", "reverse"))
        row["disagreement"] = _disagreement(row, band)
        row["agree"] = row["disagreement"] is None
    frame = pd.DataFrame(rows, columns=METHOD_COLUMNS)
    for col in ("data_year", "target_year", "best_year", "worst_year"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in (
        "value",
        "baseline",
        "target",
        "time_share",
        "progress_share",
        "time_ratio",
        "years_ahead",
        "cagr_ratio",
        "projected_final",
        "anticipated_progress",
        "best_change",
        "best_change_share",
        "worst_change",
    ):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame
