"""One series' assessment (:func:`assess_series`): the status by time share, the pace and the
projection of a level, ceiling, maintain, cumulative or qualitative target at an assessment year,
with the notes that explain it and the evidence beside it (data points, flag, breaks).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dayao_data.plan.document import Plan
from dayao_data.plan.model import Indicator
from dayao_data.progress.reading import Observation
from dayao_data.progress.rules import (
    DEFAULT_BAND,
    STATUS_LABELS,
    anticipated_from_share,
    cagr_status,
    clip,
    compound_rate,
    project,
    status_by_time,
    tolerant_equal,
    tolerant_ge,
    tolerant_gt,
    within,
)

__all__ = ["ASSESS_COLUMNS", "SeriesResult", "assess_series"]

#: The columns of :func:`assess`, in order (documented in docs/data-dictionary.md).
ASSESS_COLUMNS = [
    "indicator_id",
    "name_zh",
    "attribute",
    "department",
    "target_kind",
    "direction",
    "unit",
    "year",
    "data_year",
    "value",
    "baseline",
    "target",
    "time_share",
    "progress_share",
    "years_ahead",
    "gap",
    "required_annual_increment",
    "required_annual_rate",
    "observed_annual_rate",
    "status",
    "status_zh",
    "cagr_ratio",
    "cagr_status",
    "projected_final",
    "anticipated_progress",
    "anticipated_status",
    "illustrative",
    "n_points",
    "latest_flag",
    "series_break",
]


@dataclass
class SeriesResult:
    """One series' assessed row (the columns :data:`ASSESS_COLUMNS`) and the notes explaining it."""

    row: dict[str, Any]
    notes: list[dict[str, Any]] = field(default_factory=list)

    def note(self, code: str, zh: str, en: str, **extra: Any) -> None:
        """Add a note (a code, its Chinese and English sentence, and any extra columns)."""
        self.notes.append(
            {"indicator_id": self.row["indicator_id"], "code": code, "message_zh": zh, "message_en": en, **extra}
        )


def _empty_row(ind: Indicator, plan: Plan, year: int) -> dict[str, Any]:
    row = {c: None for c in ASSESS_COLUMNS}
    row.update(
        indicator_id=ind.id,
        name_zh=ind.name_zh,
        attribute=ind.attribute,
        department=plan.department_name(ind.department, "zh") if ind.department else "",
        target_kind=ind.kind,
        direction=ind.direction,
        unit=ind.unit,
        year=year,
        illustrative=False,
    )
    return row


def assess_series(
    ind: Indicator,
    obs: Sequence[Observation],
    year: int,
    plan: Plan,
    *,
    band: float = DEFAULT_BAND,
    baseline: float | None | str = "plan",
    target: float | None | str = "plan",
) -> SeriesResult:
    """Assess one series at assessment year ``year`` from its observations.

    ``baseline``/``target`` default to the plan's; pass a number to assess an alternative the
    plan also states (see :func:`assess_alternatives`).
    """
    res = _assess_series(ind, obs, year, plan, band=band, baseline=baseline, target=target)
    _evidence(res, ind, obs, year)
    return res


def _assess_series(ind, obs, year, plan, *, band, baseline, target) -> SeriesResult:
    t0, T = ind.base_year, ind.target_year
    x0 = ind.baseline_value if baseline == "plan" else baseline
    xs = ind.target_value if target == "plan" else target
    res = SeriesResult(_empty_row(ind, plan, year))
    row = res.row

    last_year = min(year, T)
    usable = [o for o in obs if t0 < o.year <= last_year]
    if year > T:
        res.note(
            "after_target_year",
            f"目标年为{T}年,按截至{T}年的数据评估。",
            f"The target year is {T}; assessed on data up to {T}.",
        )

    if not usable:
        row["status"] = "no_data"
        row["baseline"] = x0 if ind.kind in ("level", "ceiling", "maintain") else None
        row["target"] = xs if ind.kind != "qualitative" else None
        res.note(
            "no_data",
            f"{t0 + 1}–{last_year}年没有实际值。",
            f"No actual for {t0 + 1}–{last_year}.",
        )
        return _finish(res)

    if ind.kind == "qualitative":
        return _finish(_qualitative(res, ind, usable, last_year))
    if ind.kind == "cumulative":
        return _finish(_cumulative(res, ind, usable, last_year, xs, band))

    latest = usable[-1]
    s, x = latest.year, latest.value
    row.update(data_year=s, value=x, baseline=x0, target=xs, time_share=(s - t0) / (T - t0))
    row["illustrative"] = any(o.illustrative for o in usable)
    if s < year:
        res.note(
            "stale_data", f"{year}年无数据,使用{s}年的值。", f"No value for {year}; the {s} value is used.", data_year=s
        )
    _note_missing_years(res, usable, t0, s)
    points = ([(t0, x0)] if x0 is not None else []) + [(o.year, o.value) for o in usable]
    projected, slope = project(points, T)
    projected = clip(projected, ind.bounds)
    row["projected_final"] = projected

    if ind.kind == "ceiling":
        return _finish(_ceiling(res, ind, x, xs, projected))
    if ind.kind == "maintain":
        return _finish(_maintain(res, ind, s, x, x0, xs, projected))
    return _finish(_level(res, ind, s, x, x0, xs, projected, slope, band))


def _note_missing_years(res: SeriesResult, usable: list[Observation], t0: int, s: int) -> None:
    present = {o.year for o in usable}
    missing = [y for y in range(t0 + 1, s) if y not in present]
    if missing:
        res.note(
            "missing_years",
            f"缺{'、'.join(map(str, missing))}年的数据(趋势线只用已有年份)。",
            f"No value for {', '.join(map(str, missing))} (the trend uses the years present).",
            missing_years=missing,
        )


def _required(row: dict, met: bool, s: int, T: int, x: float, xs: float, with_rate: bool = True) -> None:
    remaining = T - s
    if met:
        row["required_annual_increment"] = 0.0
        row["required_annual_rate"] = 0.0 if with_rate else None
    elif remaining <= 0:
        row["required_annual_increment"] = None
        row["required_annual_rate"] = None
    else:
        row["required_annual_increment"] = (xs - x) / remaining
        row["required_annual_rate"] = compound_rate(xs, x, remaining) if with_rate else None


def _level(
    res: SeriesResult, ind: Indicator, s: int, x: float, x0: float | None, xs: float, projected, slope, band
) -> SeriesResult:
    row = res.row
    d, t0, T = ind.direction, ind.base_year, ind.target_year
    met = tolerant_ge(d * x, d * xs)
    row["gap"] = xs - x
    _required(row, met, s, T, x, xs)
    has_path = x0 is not None and tolerant_gt(d * xs, d * x0)  # the target lies ahead of the baseline
    if x0 is not None:
        row["observed_annual_rate"] = compound_rate(x, x0, s - t0)
    if has_path:
        P = (x - x0) / (xs - x0)
        row["progress_share"] = P
        row["years_ahead"] = (P - row["time_share"]) * (T - t0)
    if met:
        row["status"] = "achieved"
    elif x0 is None:
        row["status"] = "lagging"
        res.note(
            "no_baseline",
            "规划未印基期值:进度比例、领先年数和年均增速无法计算,状态只按是否达到目标判断。",
            "The plan prints no baseline: progress share, years ahead and observed rate cannot be computed; the status compares the value with the target alone.",
        )
    elif not has_path:
        row["status"] = "regressing"
        res.note(
            "target_met_at_baseline",
            "基期值已达到目标,现值低于目标,视为倒退。",
            "The baseline already met the target and the value has fallen short of it: regressing.",
        )
    else:
        row["status"] = status_by_time(row["progress_share"], row["time_share"], band)

    # Pace: CAGR ratio against the rate needed from the baseline.
    r = compound_rate(xs, x0, T - t0) if x0 is not None else None
    obs_rate = row["observed_annual_rate"]
    if r is not None and obs_rate is not None and not tolerant_equal(r, 0.0):
        row["cagr_ratio"] = d * obs_rate / abs(r)
    row["cagr_status"] = "achieved" if met else cagr_status(row["cagr_ratio"])

    # Projection: anticipated progress.
    if projected is not None:
        if has_path:
            A = (projected - x0) / (xs - x0)
            row["anticipated_progress"] = A
            row["anticipated_status"] = anticipated_from_share(A)
        elif tolerant_ge(d * projected, d * xs):
            row["anticipated_status"] = "maintain"
        elif slope is not None and d * slope < 0:
            row["anticipated_status"] = "reverse"
        else:
            row["anticipated_status"] = "accelerate"
    return res


def _ceiling(res: SeriesResult, ind: Indicator, x: float, bound: float, projected) -> SeriesResult:
    row = res.row
    inside = within(ind, x, bound)
    # Headroom left: bound − x for a ceiling, x − bound for a floor.
    row["gap"] = ind.direction * (x - bound)
    row["status"] = "achieved" if inside else "breached"
    row["cagr_status"] = "achieved" if inside else None
    if projected is not None:
        row["anticipated_status"] = "maintain" if within(ind, projected, bound) else "reverse"
    return res


def _maintain(
    res: SeriesResult, ind: Indicator, s: int, x: float, x0: float | None, xs: float, projected
) -> SeriesResult:
    row = res.row
    d, t0, T = ind.direction, ind.base_year, ind.target_year
    met = tolerant_ge(d * x, d * xs)
    row["gap"] = xs - x
    _required(row, met, s, T, x, xs)
    if x0 is not None:
        row["observed_annual_rate"] = compound_rate(x, x0, s - t0)
    row["status"] = "achieved" if met else "regressing"
    row["cagr_status"] = "achieved" if met else None
    if projected is not None:
        row["anticipated_status"] = "maintain" if tolerant_ge(d * projected, d * xs) else "reverse"
    return res


def _cumulative(
    res: SeriesResult, ind: Indicator, usable: list[Observation], last_year: int, xs: float, band: float
) -> SeriesResult:
    row = res.row
    d, t0, T = ind.direction, ind.base_year, ind.target_year
    total = math.fsum(o.value for o in usable)
    s = usable[-1].year
    present = {o.year for o in usable}
    missing = [y for y in range(t0 + 1, last_year + 1) if y not in present]
    row.update(data_year=s, value=total, baseline=None, target=xs, time_share=(s - t0) / (T - t0))
    row["illustrative"] = any(o.illustrative for o in usable)
    if missing:
        years = "、".join(str(y) for y in missing)
        res.note(
            "incomplete_sum",
            f"累计数不完整:缺{years}年的数据,累计只含已有年份。",
            f"The running total is incomplete: {', '.join(map(str, missing))} missing; the sum uses the years present.",
            missing_years=missing,
        )
    met = tolerant_ge(d * total, d * xs)
    row["gap"] = xs - total
    P = total / xs if not tolerant_equal(xs, 0.0) else None
    row["progress_share"] = P
    if P is not None:
        row["years_ahead"] = (P - row["time_share"]) * (T - t0)
    _required(row, met, s, T, total, xs, with_rate=False)
    if met:
        row["status"] = "achieved"
    elif P is None:
        row["status"] = "lagging"
    else:
        row["status"] = status_by_time(P, row["time_share"], band)
    row["cagr_status"] = "achieved" if met else None
    mean_flow = total / len(usable)
    projected = clip(total + mean_flow * (T - s), ind.bounds)
    row["projected_final"] = projected
    if projected is not None and not tolerant_equal(xs, 0.0):
        A = projected / xs
        row["anticipated_progress"] = A
        row["anticipated_status"] = anticipated_from_share(A)
    return res


def _qualitative(res: SeriesResult, ind: Indicator, usable: list[Observation], last_year: int) -> SeriesResult:
    row = res.row
    t0, T = ind.base_year, ind.target_year
    with_quota = [o for o in usable if o.assigned_target is not None]
    chosen = with_quota[-1] if with_quota else usable[-1]
    s = chosen.year
    row.update(data_year=s, value=chosen.value, time_share=(s - t0) / (T - t0), illustrative=chosen.illustrative)
    if not with_quota:
        row["status"] = "not_assessable"
        res.note(
            "not_assessable",
            "规划只写“完成省州下达目标”:填报当年省州下达的任务数后即可评估。",
            "The plan only says 'complete the quota handed down': enter that year's quota (assigned_target) to make it assessable.",
        )
        return res
    if s < last_year:
        res.note(
            "stale_data",
            f"{last_year}年无带下达目标的数据,使用{s}年的。",
            f"No {last_year} row with a quota; the {s} row is used.",
            data_year=s,
        )
    assigned = chosen.assigned_target
    row["target"] = assigned
    row["gap"] = assigned - chosen.value
    met = tolerant_ge(chosen.value, assigned)
    row["status"] = "achieved" if met else "lagging"
    row["cagr_status"] = "achieved" if met else None
    return res


def _evidence(res: SeriesResult, ind: Indicator, obs: Sequence[Observation], year: int) -> None:
    """Evidence beside the status: data points used, the latest one's flag, breaks in the series."""
    row = res.row
    used = [o for o in obs if ind.base_year < o.year <= min(year, ind.target_year)]
    row["n_points"] = len(used)
    row["latest_flag"] = used[-1].flag if used else ""
    breaks = [(o.year, o.series_break) for o in used if o.series_break]
    breaks += [(y, text) for y, text in getattr(ind, "breaks", ()) if ind.base_year < y <= min(year, ind.target_year)]
    row["series_break"] = ";".join(f"{y}年:{text}" for y, text in sorted(set(breaks)))


def _finish(res: SeriesResult) -> SeriesResult:
    row = res.row
    status = row["status"]
    row["status_zh"] = STATUS_LABELS[status][0] if status else None
    return res
