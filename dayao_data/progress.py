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

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dayao_data.plan import Indicator, Plan

__all__ = [
    "ASSESS_COLUMNS",
    "DEFAULT_BAND",
    "STATUS_ORDER",
    "STATUS_LABELS",
    "Assessment",
    "assess",
    "evaluate",
    "assess_series",
    "assess_alternatives",
    "bound_history",
    "observations",
    "projection_line",
    # the engine's rules, public so that charts and evaluations use them instead of copies
    "prepare_actuals",
    "clip",
    "within",
    "tolerant_equal",
    "tolerant_ge",
    "tolerant_gt",
]

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

DEFAULT_BAND = 0.10

#: Status codes (the data) with their Chinese and English labels (for reports), in report order.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "achieved": ("已实现", "Achieved"),
    "ahead": ("快于预期", "Ahead of schedule"),
    "on_track": ("基本符合预期", "On track"),
    "lagging": ("滞后", "Lagging"),
    "regressing": ("倒退", "Regressing"),
    "breached": ("突破约束", "Ceiling breached"),
    "no_data": ("无数据", "No data"),
    "not_assessable": ("无法评估", "Not assessable"),
}
STATUS_ORDER = list(STATUS_LABELS)
#: Statuses that need no alarm for a binding indicator.
SATISFACTORY = ("achieved", "ahead", "on_track")

CAGR_LABELS: dict[str, tuple[str, str]] = {
    "achieved": ("已实现", "Target achieved"),
    "substantial": ("进展显著", "Substantial progress"),
    "moderate": ("进展一般", "Moderate progress"),
    "limited": ("进展有限", "Limited progress"),
    "deterioration": ("恶化", "Deterioration"),
}
ANTICIPATED_LABELS: dict[str, tuple[str, str]] = {
    "maintain": ("保持可达", "Maintain progress"),
    "accelerate": ("需要加快", "Accelerate"),
    "reverse": ("需要扭转", "Reverse the trend"),
}

# Thresholds of the CAGR-ratio method (Statistics Canada / Open SDG).
CAGR_SUBSTANTIAL = 0.95
CAGR_MODERATE = 0.60

_REL_TOL = 1e-9


def tolerant_equal(a: float, b: float) -> bool:
    """Equal up to floating-point noise (values come from decimal text and sums of it)."""
    return abs(a - b) <= _REL_TOL * max(1.0, abs(a), abs(b))


def tolerant_ge(a: float, b: float) -> bool:
    """a ≥ b, treating values equal up to floating-point noise as equal."""
    return a > b or tolerant_equal(a, b)


def tolerant_gt(a: float, b: float) -> bool:
    """a > b, and not equal up to floating-point noise."""
    return a > b and not tolerant_equal(a, b)


@dataclass(frozen=True)
class Observation:
    year: int
    value: float
    assigned_target: float | None = None
    illustrative: bool = False
    flag: str = ""  # provisional | final | estimated | "" (actuals column ``flag``)
    series_break: str = ""  # a change of definition or source from this year on (actuals column)


@dataclass
class Assessment:
    """The result of :func:`evaluate`: the assess table plus the notes that explain it."""

    table: pd.DataFrame
    notes: pd.DataFrame
    year: int
    band: float
    catalogue: str

    def notes_for(self, indicator_id: str) -> pd.DataFrame:
        return self.notes[self.notes["indicator_id"] == indicator_id]


@dataclass
class _Result:
    row: dict[str, Any]
    notes: list[dict[str, Any]] = field(default_factory=list)

    def note(self, code: str, zh: str, en: str, **extra: Any) -> None:
        self.notes.append(
            {"indicator_id": self.row["indicator_id"], "code": code, "message_zh": zh, "message_en": en, **extra}
        )


# --------------------------------------------------------------------------------------
# Observations
# --------------------------------------------------------------------------------------


def observations(actuals: pd.DataFrame | None, indicator_id: str) -> list[Observation]:
    """The actuals of one series, sorted by year (one per year; validation removed duplicates)."""
    if actuals is None or len(actuals) == 0:
        return []
    rows = actuals[actuals["indicator"] == indicator_id]
    out: dict[int, Observation] = {}
    for rec in rows.itertuples(index=False):
        year = int(rec.year)
        assigned = getattr(rec, "assigned_target", None)
        assigned = (
            None
            if assigned is None or (isinstance(assigned, float) and math.isnan(assigned)) or pd.isna(assigned)
            else float(assigned)
        )
        illustrative = getattr(rec, "illustrative", None)
        if illustrative is None or pd.isna(illustrative):
            from dayao_data.paths import is_illustrative_source

            illustrative = is_illustrative_source(getattr(rec, "source", ""))
        flag = getattr(rec, "flag", "")
        brk = getattr(rec, "series_break", "")
        out[year] = Observation(
            year,
            float(rec.value),
            assigned,
            bool(illustrative),
            flag if isinstance(flag, str) else "",
            brk if isinstance(brk, str) else "",
        )
    return [out[y] for y in sorted(out)]


def clip(value: float | None, bounds: tuple[float | None, float | None]) -> float | None:
    """``value`` held within ``bounds`` (lower, upper; None = open); None stays None.

    >>> clip(104.2, (0.0, 100.0)), clip(-3.0, (0.0, None)), clip(None, (0.0, 100.0))
    (100.0, 0.0, None)
    """
    if value is None:
        return None
    lo, hi = bounds
    if lo is not None and value < lo:
        return lo
    if hi is not None and value > hi:
        return hi
    return value


def projection_line(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Ordinary least squares line (intercept at year 0, slope) through (year, value) points.

    With two points the line passes through both; fewer than two give None.

    >>> projection_line([(2020, 10.0), (2022, 14.0)])[1]
    2.0
    """
    if len(points) < 2:
        return None
    n = len(points)
    mean_t = math.fsum(p[0] for p in points) / n
    mean_x = math.fsum(p[1] for p in points) / n
    sxx = math.fsum((p[0] - mean_t) ** 2 for p in points)
    if sxx == 0:
        return None
    sxy = math.fsum((p[0] - mean_t) * (p[1] - mean_x) for p in points)
    slope = sxy / sxx
    return (mean_x - slope * mean_t, slope)


def _project(points: Sequence[tuple[float, float]], at_year: int) -> tuple[float | None, float | None]:
    line = projection_line(points)
    if line is None:
        return None, None
    intercept, slope = line
    return intercept + slope * at_year, slope


# --------------------------------------------------------------------------------------
# One series
# --------------------------------------------------------------------------------------


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


def _status_by_time(P: float, tau: float, band: float) -> str:
    """Time-progress status of an unmet target with progress share P at time share τ."""
    if tolerant_gt(0.0, P):
        return "regressing"
    q = P / tau
    if tolerant_ge(q, 1 + band):
        return "ahead"
    if tolerant_ge(q, 1 - band):
        return "on_track"
    return "lagging"


def _cagr_status(ratio: float | None) -> str | None:
    if ratio is None:
        return None
    if tolerant_ge(ratio, CAGR_SUBSTANTIAL):
        return "substantial"
    if tolerant_ge(ratio, CAGR_MODERATE):
        return "moderate"
    if tolerant_ge(ratio, 0.0):
        return "limited"
    return "deterioration"


def _anticipated_from_share(A: float | None) -> str | None:
    if A is None:
        return None
    if tolerant_ge(A, 1.0):
        return "maintain"
    if tolerant_ge(A, 0.0):
        return "accelerate"
    return "reverse"


def _rate(ratio_num: float | None, ratio_den: float | None, years: float) -> float | None:
    """Compound annual rate (num/den)^(1/years) − 1; None unless both are positive and years > 0."""
    if ratio_num is None or ratio_den is None or years <= 0:
        return None
    if not (ratio_num > 0 and ratio_den > 0):
        return None
    return (ratio_num / ratio_den) ** (1.0 / years) - 1.0


def assess_series(
    ind: Indicator,
    obs: Sequence[Observation],
    year: int,
    plan: Plan,
    *,
    band: float = DEFAULT_BAND,
    baseline: float | None | str = "plan",
    target: float | None | str = "plan",
) -> _Result:
    """Assess one series at assessment year ``year`` from its observations.

    ``baseline``/``target`` default to the plan's; pass a number to assess an alternative the
    plan also states (see :func:`assess_alternatives`).
    """
    res = _assess_series(ind, obs, year, plan, band=band, baseline=baseline, target=target)
    _evidence(res, ind, obs, year)
    return res


def _assess_series(ind, obs, year, plan, *, band, baseline, target) -> _Result:
    t0, T = ind.base_year, ind.target_year
    x0 = ind.baseline_value if baseline == "plan" else baseline
    xs = ind.target_value if target == "plan" else target
    res = _Result(_empty_row(ind, plan, year))
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
    projected, slope = _project(points, T)
    projected = clip(projected, ind.bounds)
    row["projected_final"] = projected

    if ind.kind == "ceiling":
        return _finish(_ceiling(res, ind, x, xs, projected))
    if ind.kind == "maintain":
        return _finish(_maintain(res, ind, s, x, x0, xs, projected))
    return _finish(_level(res, ind, s, x, x0, xs, projected, slope, band))


def _note_missing_years(res: _Result, usable: list[Observation], t0: int, s: int) -> None:
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
        row["required_annual_rate"] = _rate(xs, x, remaining) if with_rate else None


def _level(
    res: _Result, ind: Indicator, s: int, x: float, x0: float | None, xs: float, projected, slope, band
) -> _Result:
    row = res.row
    d, t0, T = ind.direction, ind.base_year, ind.target_year
    met = tolerant_ge(d * x, d * xs)
    row["gap"] = xs - x
    _required(row, met, s, T, x, xs)
    has_path = x0 is not None and tolerant_gt(d * xs, d * x0)  # the target lies ahead of the baseline
    if x0 is not None:
        row["observed_annual_rate"] = _rate(x, x0, s - t0)
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
        row["status"] = _status_by_time(row["progress_share"], row["time_share"], band)

    # Pace: CAGR ratio against the rate needed from the baseline.
    r = _rate(xs, x0, T - t0) if x0 is not None else None
    obs_rate = row["observed_annual_rate"]
    if r is not None and obs_rate is not None and not tolerant_equal(r, 0.0):
        row["cagr_ratio"] = d * obs_rate / abs(r)
    row["cagr_status"] = "achieved" if met else _cagr_status(row["cagr_ratio"])

    # Projection: anticipated progress.
    if projected is not None:
        if has_path:
            A = (projected - x0) / (xs - x0)
            row["anticipated_progress"] = A
            row["anticipated_status"] = _anticipated_from_share(A)
        elif tolerant_ge(d * projected, d * xs):
            row["anticipated_status"] = "maintain"
        elif slope is not None and d * slope < 0:
            row["anticipated_status"] = "reverse"
        else:
            row["anticipated_status"] = "accelerate"
    return res


def within(ind: Indicator, x: float, bound: float) -> bool:
    """Within a ceiling (d = −1: x < / ≤ bound) or a floor (d = +1: x > / ≥ bound)."""
    margin = ind.direction * (x - bound)  # > 0 inside the bound, for a ceiling and for a floor
    return tolerant_gt(margin, 0.0) if ind.strict else tolerant_ge(margin, 0.0)


def _ceiling(res: _Result, ind: Indicator, x: float, bound: float, projected) -> _Result:
    row = res.row
    inside = within(ind, x, bound)
    # Headroom left: bound − x for a ceiling, x − bound for a floor.
    row["gap"] = ind.direction * (x - bound)
    row["status"] = "achieved" if inside else "breached"
    row["cagr_status"] = "achieved" if inside else None
    if projected is not None:
        row["anticipated_status"] = "maintain" if within(ind, projected, bound) else "reverse"
    return res


def _maintain(res: _Result, ind: Indicator, s: int, x: float, x0: float | None, xs: float, projected) -> _Result:
    row = res.row
    d, t0, T = ind.direction, ind.base_year, ind.target_year
    met = tolerant_ge(d * x, d * xs)
    row["gap"] = xs - x
    _required(row, met, s, T, x, xs)
    if x0 is not None:
        row["observed_annual_rate"] = _rate(x, x0, s - t0)
    row["status"] = "achieved" if met else "regressing"
    row["cagr_status"] = "achieved" if met else None
    if projected is not None:
        row["anticipated_status"] = "maintain" if tolerant_ge(d * projected, d * xs) else "reverse"
    return res


def _cumulative(
    res: _Result, ind: Indicator, usable: list[Observation], last_year: int, xs: float, band: float
) -> _Result:
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
        row["status"] = _status_by_time(P, row["time_share"], band)
    row["cagr_status"] = "achieved" if met else None
    mean_flow = total / len(usable)
    projected = clip(total + mean_flow * (T - s), ind.bounds)
    row["projected_final"] = projected
    if projected is not None and not tolerant_equal(xs, 0.0):
        A = projected / xs
        row["anticipated_progress"] = A
        row["anticipated_status"] = _anticipated_from_share(A)
    return res


def _qualitative(res: _Result, ind: Indicator, usable: list[Observation], last_year: int) -> _Result:
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


def _evidence(res: _Result, ind: Indicator, obs: Sequence[Observation], year: int) -> None:
    """Evidence beside the status: data points used, the latest one's flag, breaks in the series."""
    row = res.row
    used = [o for o in obs if ind.base_year < o.year <= min(year, ind.target_year)]
    row["n_points"] = len(used)
    row["latest_flag"] = used[-1].flag if used else ""
    breaks = [(o.year, o.series_break) for o in used if o.series_break]
    breaks += [(y, text) for y, text in getattr(ind, "breaks", ()) if ind.base_year < y <= min(year, ind.target_year)]
    row["series_break"] = ";".join(f"{y}年:{text}" for y, text in sorted(set(breaks)))


def _finish(res: _Result) -> _Result:
    row = res.row
    status = row["status"]
    row["status_zh"] = STATUS_LABELS[status][0] if status else None
    return res


# --------------------------------------------------------------------------------------
# The whole plan
# --------------------------------------------------------------------------------------


def prepare_actuals(plan: Plan, actuals) -> pd.DataFrame:
    """Accept a tidy frame, a path, or a list of paths (validated with :func:`load_actuals`)."""
    if actuals is None:
        return pd.DataFrame(columns=["indicator", "year", "value", "source"])
    if isinstance(actuals, pd.DataFrame):
        frame = actuals
        if "indicator" not in frame or "year" not in frame or "value" not in frame:
            raise ValueError("actuals need the columns indicator, year and value")
        unknown = sorted({str(i) for i in frame["indicator"] if plan.resolve(str(i)) is None})
        if unknown:
            raise ValueError(f"actuals name indicators the plan does not have: {', '.join(unknown)}")
        frame = frame.copy()
        frame["indicator"] = [plan.resolve(str(i)) for i in frame["indicator"]]
        return frame
    from dayao_data.actuals import load_actuals

    return load_actuals(actuals, plan)


def _frame(rows: Iterable[dict]) -> pd.DataFrame:
    table = pd.DataFrame(list(rows), columns=ASSESS_COLUMNS)
    numeric = [
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
        "cagr_ratio",
        "projected_final",
        "anticipated_progress",
    ]
    for col in numeric:
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
    table["year"] = table["year"].astype("int64")
    table["direction"] = table["direction"].astype("int64")
    table["data_year"] = pd.array(table["data_year"], dtype="Int64")
    table["illustrative"] = table["illustrative"].astype(bool)
    table["n_points"] = table["n_points"].fillna(0).astype("int64")
    table["latest_flag"] = table["latest_flag"].fillna("").astype(str)
    table["series_break"] = table["series_break"].fillna("").astype(str)
    return table


def evaluate(plan: Plan, actuals, year: int, *, band: float = DEFAULT_BAND, catalogue: str = "headline") -> Assessment:
    """Assess every series of a catalogue; the table plus the notes explaining it."""
    year = plan.check_year(year, "assessment year")
    if not 0 <= band < 1:
        raise ValueError(f"band must be between 0 and 1 (e.g. 0.10), not {band}")
    frame = prepare_actuals(plan, actuals)
    rows, notes = [], []
    for ind in plan.series(catalogue):
        res = assess_series(ind, observations(frame, ind.id), year, plan, band=band)
        rows.append(res.row)
        notes.extend(res.notes)
    note_cols = ["indicator_id", "code", "message_zh", "message_en", "data_year", "missing_years"]
    return Assessment(
        table=_frame(rows),
        notes=pd.DataFrame(notes, columns=note_cols),
        year=year,
        band=band,
        catalogue=catalogue,
    )


def assess(plan: Plan, actuals, year: int, *, band: float = DEFAULT_BAND, catalogue: str = "headline") -> pd.DataFrame:
    """One row per series with the columns :data:`ASSESS_COLUMNS`.

    Parameters
    ----------
    plan
        A :class:`~dayao_data.plan.Plan` (``load_plan()`` or ``load_plan(path)``).
    actuals
        A tidy frame (indicator, year, value, source [, assigned_target, illustrative]) or a path
        or list of paths to actuals files (validated on loading).
    year
        The assessment year t, inside the plan period (base year + 1 … target year).
    band
        The band b of the time-progress status (default 0.10).
    catalogue
        ``"headline"`` (the table's series), ``"extended"`` (targets stated in the chapters) or
        ``"all"``.

    Rates are fractions (0.0113 for 1.13 %/yr); a figure the method leaves empty is NaN.
    """
    return evaluate(plan, actuals, year, band=band, catalogue=catalogue).table


def assess_alternatives(plan: Plan, actuals, year: int, *, band: float = DEFAULT_BAND) -> pd.DataFrame:
    """Side-by-side assessment where the plan states two values (its quality issues).

    One row per quality issue that names an alternative baseline or target: the status and
    progress share with the value the suite uses and with the alternative.
    """
    year = plan.check_year(year, "assessment year")
    frame = prepare_actuals(plan, actuals)
    rows = []
    for issue in plan.quality_issues:
        alt = issue.alternative
        if not alt:
            continue
        ind = plan.indicator(alt["indicator"])
        obs = observations(frame, ind.id)
        used = assess_series(ind, obs, year, plan, band=band).row
        kwargs = {alt["field"]: float(alt["value"])}
        other = assess_series(ind, obs, year, plan, band=band, **kwargs).row
        plan_value = ind.baseline_value if alt["field"] == "baseline" else ind.target_value
        rows.append(
            {
                "issue_id": issue.id,
                "indicator_id": ind.id,
                "name_zh": ind.name_zh,
                "field": alt["field"],
                "value_used": plan_value,
                "value_alternative": float(alt["value"]),
                "label_zh": alt.get("label_zh", ""),
                "label_en": alt.get("label_en", ""),
                "data_year": used["data_year"],
                "value": used["value"],
                "status_used": used["status"],
                "status_alternative": other["status"],
                "progress_share_used": used["progress_share"],
                "progress_share_alternative": other["progress_share"],
                "gap_used": used["gap"],
                "gap_alternative": other["gap"],
                "differs": used["status"] != other["status"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "issue_id",
            "indicator_id",
            "name_zh",
            "field",
            "value_used",
            "value_alternative",
            "label_zh",
            "label_en",
            "data_year",
            "value",
            "status_used",
            "status_alternative",
            "progress_share_used",
            "progress_share_alternative",
            "gap_used",
            "gap_alternative",
            "differs",
        ],
    )


def bound_history(plan: Plan, actuals, up_to_year: int, *, catalogue: str = "headline") -> pd.DataFrame:
    """For every ceiling (or floor): each reported year within the bound or breached.

    A ceiling is a promise for every year, so a breach stays on record even if later years
    recover. One row per series and reported year up to ``up_to_year``.
    """
    up_to_year = plan.check_year(up_to_year, "assessment year")
    frame = prepare_actuals(plan, actuals)
    rows = []
    for ind in plan.series(catalogue):
        if ind.kind != "ceiling":
            continue
        for o in observations(frame, ind.id):
            if ind.base_year < o.year <= min(up_to_year, ind.target_year):
                inside = within(ind, o.value, ind.target_value)
                rows.append(
                    {
                        "indicator_id": ind.id,
                        "name_zh": ind.name_zh,
                        "year": o.year,
                        "value": o.value,
                        "bound": ind.target_value,
                        "strict": bool(ind.strict),
                        "direction": ind.direction,
                        "within": inside,
                        "illustrative": o.illustrative,
                    }
                )
    return pd.DataFrame(
        rows,
        columns=["indicator_id", "name_zh", "year", "value", "bound", "strict", "direction", "within", "illustrative"],
    )
