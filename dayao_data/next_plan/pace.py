"""十五五目标测算 — the computations of the target-setting aid for the next plan (pure functions,
tested against hand calculations).

For each indicator of the ending plan (base year t0, target year T) and its actuals:

- **observed pace** of the ending period: the average annual change ``(x_last − x_first) / (y_last −
  y_first)`` from the first value (the plan's baseline, else the first actual) to the last, the
  average annual rate ``(x_last / x_first)^(1 / (y_last − y_first)) − 1`` (both positive), and the
  best and worst year (the largest and smallest change per year between consecutive values,
  counted in the indicator's direction).  For a cumulative target the pace is that of the yearly
  flows: their mean, and the best and worst year's flow;
- **the trend carried to the new target year T2** with a 95 % prediction interval: ordinary least
  squares of value on year over every value (the baseline and each actual; at least 3), predicted
  at T2, ``ŷ ± t(0.975, n − 2) · s · √(1 + 1/n + (T2 − ȳear)² / Sxx)``, clipped to the bounds.  For a
  cumulative target the new period's total ``m · k`` with ``k = T2 − T`` future years and the interval
  ``m · k ± t(0.975, n − 1) · s · √(k + k²/n)`` (n yearly flows, mean m, standard deviation s);
- **national targets** that apply (``dayao_data/data/national/``, each with its source);
- for each **candidate target** c: the annual change it requires from the last value x_T, ``(c −
  x_T) / k`` (a total: ``c / k`` per year), its ratio to the observed pace, and a verdict with the
  thresholds of docs/method.md (“下一规划期目标测算”): ratio ≤ 1 可实现, ≤ 1.5 需加力, above 难度很大; a
  target already met is 可实现; a target that needs a change against an observed pace that went
  the wrong way (or stood still) is 难度很大.  A bound held every year (ceiling, floor, maintain) is
  judged against the trend's interval at T2: the whole interval within the bound 可实现, the
  prediction within it but not the interval 需加力, the prediction beyond it 难度很大.

Examples
--------
>>> verdict_for_ratio(0.8), verdict_for_ratio(1.2), verdict_for_ratio(2.0)
('可实现', '需加力', '难度很大')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "Pace",
    "Trend",
    "observed_pace",
    "trend",
    "required_change",
    "verdict_for_ratio",
    "judge",
    "t975",
    "RATIO_ACHIEVABLE",
    "RATIO_EFFORT",
    "VERDICTS",
]

#: Thresholds of the verdict (docs/method.md): required / observed annual change.
RATIO_ACHIEVABLE = 1.0
RATIO_EFFORT = 1.5
VERDICTS = ("可实现", "需加力", "难度很大")

# t(0.975, df) for df = 1 … 30; beyond 30 the normal 1.96 (no SciPy needed).
_T975 = [
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
]


def t975(df: int) -> float:
    """t(0.975, df) from the table (1.96 beyond 30 degrees of freedom)."""
    return _T975[df - 1] if 1 <= df <= 30 else 1.96


@dataclass(frozen=True)
class Pace:
    first_year: int | None
    first_value: float | None
    last_year: int | None
    last_value: float | None
    avg_change: float | None  # per year (cumulative: the mean yearly flow)
    avg_rate: float | None  # per year, as a fraction (0.02 = 2 %)
    best_year: int | None
    best_change: float | None
    worst_year: int | None
    worst_change: float | None
    n_values: int


def observed_pace(points: Mapping[int, float], direction: int = 1, cumulative: bool = False) -> Pace:
    """The pace of a series ``{year: value}`` (cumulative: ``{year: flow}``).

    >>> p = observed_pace({2020: 80.0, 2021: 82.0, 2023: 85.0, 2024: 84.0})
    >>> p.avg_change, p.best_year, p.best_change, p.worst_year, p.worst_change
    (1.0, 2021, 2.0, 2024, -1.0)
    """
    pts = sorted(
        (int(y), float(v)) for y, v in points.items() if v is not None and not (isinstance(v, float) and math.isnan(v))
    )
    if not pts:
        return Pace(None, None, None, None, None, None, None, None, None, None, 0)
    (y0, x0), (y1, x1) = pts[0], pts[-1]
    if cumulative:
        flows = [v for _, v in pts]
        best = max(pts, key=lambda p: direction * p[1])
        worst = min(pts, key=lambda p: direction * p[1])
        return Pace(y0, x0, y1, x1, sum(flows) / len(flows), None, best[0], best[1], worst[0], worst[1], len(pts))
    if len(pts) < 2:
        return Pace(y0, x0, y1, x1, None, None, None, None, None, None, 1)
    avg = (x1 - x0) / (y1 - y0)
    rate = (x1 / x0) ** (1 / (y1 - y0)) - 1 if x0 > 0 and x1 > 0 else None
    steps = [(b[0], (b[1] - a[1]) / (b[0] - a[0])) for a, b in zip(pts, pts[1:])]
    best = max(steps, key=lambda s: direction * s[1])
    worst = min(steps, key=lambda s: direction * s[1])
    return Pace(y0, x0, y1, x1, avg, rate, best[0], best[1], worst[0], worst[1], len(pts))


@dataclass(frozen=True)
class Trend:
    value: float | None
    low: float | None
    high: float | None
    n: int
    method: str


def trend(
    points: Mapping[int, float], year: int, bounds=(None, None), *, cumulative: bool = False, years_ahead: int = 5
) -> Trend:
    """The OLS trend at ``year`` with a 95 % prediction interval (cumulative: the next total).

    >>> t = trend({2020: 1.0, 2021: 2.0, 2022: 3.0}, 2025)
    >>> round(t.value, 6), t.low == t.high == t.value
    (6.0, True)
    """
    pts = sorted(
        (int(y), float(v)) for y, v in points.items() if v is not None and not (isinstance(v, float) and math.isnan(v))
    )
    lo_b, hi_b = bounds

    def clip(v):
        if v is None:
            return None
        if lo_b is not None:
            v = max(lo_b, v)
        if hi_b is not None:
            v = min(hi_b, v)
        return v

    n = len(pts)
    if cumulative:
        if n < 2:
            return Trend(None, None, None, n, "cumulative: fewer than 2 yearly flows")
        flows = [v for _, v in pts]
        m = sum(flows) / n
        s = math.sqrt(sum((f - m) ** 2 for f in flows) / (n - 1))
        k = years_ahead
        half = t975(n - 1) * s * math.sqrt(k + k * k / n)
        total = m * k
        return Trend(
            total,
            max(0.0, total - half) if lo_b is not None else total - half,
            total + half,
            n,
            "mean yearly flow × years",
        )
    if n < 3:
        return Trend(None, None, None, n, "fewer than 3 values")
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    xbar, ybar = sum(xs) / n, sum(ys) / n
    sxx = sum((x - xbar) ** 2 for x in xs)
    b = sum((x - xbar) * (y - ybar) for x, y in zip(xs, ys)) / sxx
    a = ybar - b * xbar
    pred = a + b * year
    resid = [y - (a + b * x) for x, y in zip(xs, ys)]
    s = math.sqrt(sum(r * r for r in resid) / (n - 2))
    half = t975(n - 2) * s * math.sqrt(1 + 1 / n + (year - xbar) ** 2 / sxx)
    return Trend(clip(pred), clip(pred - half), clip(pred + half), n, "OLS, 95% prediction interval")


def required_change(candidate: float, last_value: float | None, years: int, cumulative: bool = False) -> float | None:
    """The annual change a candidate target needs from the last value (a total: per year)."""
    if cumulative:
        return candidate / years
    if last_value is None:
        return None
    return (candidate - last_value) / years


def verdict_for_ratio(ratio: float) -> str:
    if ratio <= RATIO_ACHIEVABLE:
        return "可实现"
    if ratio <= RATIO_EFFORT:
        return "需加力"
    return "难度很大"


def judge(
    kind: str, direction: int, candidate: float | None, pace: Pace, tr: Trend, years: int
) -> tuple[float | None, float | None, str]:
    """(required annual change, ratio to the observed pace, verdict) of one candidate target."""
    if candidate is None:
        return None, None, ""
    if kind == "qualitative":
        return None, None, "定性目标"
    if kind in ("ceiling", "maintain"):
        req = required_change(candidate, pace.last_value, years)
        if tr.value is None:
            if pace.last_value is None:
                return req, None, "数据不足"
            ok = direction * (pace.last_value - candidate) >= 0
            return req, None, "需加力" if ok else "难度很大"
        edge = tr.low if direction == 1 else tr.high
        if direction * (edge - candidate) >= 0:
            return req, None, "可实现"
        if direction * (tr.value - candidate) >= 0:
            return req, None, "需加力"
        return req, None, "难度很大"
    cumulative = kind == "cumulative"
    req = required_change(candidate, pace.last_value, years, cumulative)
    if req is None:
        return None, None, "数据不足"
    d = 1 if cumulative else direction
    if d * req <= 0:
        return req, 0.0, "可实现"
    if pace.avg_change is None:
        return req, None, "数据不足"
    if d * pace.avg_change <= 0:
        return req, None, "难度很大"
    ratio = req / pace.avg_change
    return req, ratio, verdict_for_ratio(ratio)
