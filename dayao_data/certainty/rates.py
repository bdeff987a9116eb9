"""Small-number rates: the exact (Garwood) Poisson interval for an event count, the same for a
rate in its unit (‰, 1/10万), the rate pooled over the last years with counts, and whether a
ceiling's bound lies inside the interval (with the note beside the status).  The thresholds
of the certainty figures (confidence, unstable events, pooled years, low chance) live here too.

>>> lo, hi = poisson_interval(5)
>>> round(lo, 4), round(hi, 3)
(1.6235, 11.668)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dayao_data.rate_units import UNIT_SCALES, unit_scale

__all__ = [
    "CONFIDENCE",
    "UNSTABLE_EVENTS",
    "POOL_YEARS",
    "LOW_CHANCE",
    "MIN_ACTUALS_FOR_RANGE",
    "INSUFFICIENT_ZH",
    "UNIT_SCALES",
    "unit_scale",
    "poisson_cdf",
    "bisect_root",
    "poisson_interval",
    "RateInterval",
    "rate_interval",
    "pooled_rate",
    "bound_within_chance",
    "chance_note",
]

#: Two-sided confidence of every interval here.
CONFIDENCE = 0.95
#: A rate from this many events or fewer is flagged unstable (the convention of health
#: statistics, e.g. NCHS: rates from fewer than 20 deaths are unreliable; the issue asks for
#: "20 or fewer").  A documented default; callers may pass another.
UNSTABLE_EVENTS = 20
#: Years pooled for a small-number rate (sum of events / sum of denominators).
POOL_YEARS = 3
#: A binding indicator whose chance of meeting its target (or holding its ceiling) in the target
#: year is below this is named in the warning list (预警), whatever its current status.
LOW_CHANCE = 0.5
#: Actuals needed (besides the baseline) before a projection gets a range.
MIN_ACTUALS_FOR_RANGE = 3
INSUFFICIENT_ZH = "数据不足"

# --------------------------------------------------------------------------------------
# Poisson
# --------------------------------------------------------------------------------------


def poisson_cdf(k: int, mu: float) -> float:
    """P(X ≤ k) for X ~ Poisson(mu), summed in log space (exact up to rounding).

    >>> round(poisson_cdf(0, 1.0), 6) == round(math.exp(-1), 6)
    True
    """
    if k < 0:
        return 0.0
    if mu <= 0:
        return 1.0
    log_mu = math.log(mu)
    terms = [math.exp(i * log_mu - mu - math.lgamma(i + 1)) for i in range(int(k) + 1)]
    return min(1.0, math.fsum(terms))


def bisect_root(f, lo: float, hi: float, iterations: int = 200) -> float:
    """The root of an increasing function f on [lo, hi] (f(lo) ≤ 0 ≤ f(hi))."""
    for _ in range(iterations):
        mid = (lo + hi) / 2
        if f(mid) > 0:
            hi = mid
        else:
            lo = mid
        if hi - lo <= 1e-13 * max(1.0, hi):
            break
    return (lo + hi) / 2


def poisson_interval(events: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact (Garwood 1936) two-sided interval for the mean of a Poisson count.

    The lower limit L solves P(X ≥ k | L) = α/2 (L = 0 when k = 0), the upper U solves
    P(X ≤ k | U) = α/2, with α = 1 − confidence.  These are the chi-square limits
    χ²(α/2; 2k)/2 and χ²(1 − α/2; 2k + 2)/2, found here by bisection on the Poisson sums.

    >>> [round(v, 3) for v in poisson_interval(0)]
    [0.0, 3.689]
    >>> [round(v, 3) for v in poisson_interval(20)]
    [12.217, 30.888]
    """
    if isinstance(events, bool) or int(events) != events or events < 0:
        raise ValueError(f"an event count must be a whole number ≥ 0, not {events!r}")
    k = int(events)
    alpha = 1.0 - confidence
    half = alpha / 2
    top = k + 20.0 * math.sqrt(k + 1) + 20.0
    # P(X ≤ k | mu) falls with mu: U is where it reaches α/2.
    upper = bisect_root(lambda mu: half - poisson_cdf(k, mu), 0.0, top)
    if k == 0:
        return 0.0, upper
    # P(X ≥ k | mu) = 1 − P(X ≤ k − 1 | mu) rises with mu: L is where it reaches α/2.
    lower = bisect_root(lambda mu: (1.0 - poisson_cdf(k - 1, mu)) - half, 0.0, top)
    return lower, upper


@dataclass(frozen=True)
class RateInterval:
    """A rate with its exact Poisson interval, in the indicator's unit."""

    events: int
    denominator: float
    scale: float
    rate: float
    low: float
    high: float
    unstable: bool


def rate_interval(
    events: int,
    denominator: float,
    unit: str | float,
    *,
    confidence: float = CONFIDENCE,
    unstable_at: int = UNSTABLE_EVENTS,
) -> RateInterval:
    """Rate = events / denominator × scale, with the Poisson interval of the count scaled alike.

    ``unit`` is the indicator's unit (‰, 1/10万 …) or the scale itself.  The denominator
    (live births, for example) is treated as fixed, as usual for vital rates.

    >>> r = rate_interval(1, 2500, "1/10万")
    >>> round(r.rate), round(r.low, 2), round(r.high, 1)
    (40, 1.01, 222.9)
    """
    scale = float(unit) if isinstance(unit, (int, float)) else unit_scale(unit)
    if scale is None:
        raise ValueError(f"{unit!r} is not a rate unit (expected one of {', '.join(UNIT_SCALES)})")
    if not denominator or denominator <= 0:
        raise ValueError(f"a denominator must be positive, not {denominator!r}")
    lo, hi = poisson_interval(events, confidence)
    f = scale / float(denominator)
    return RateInterval(int(events), float(denominator), scale, events * f, lo * f, hi * f, int(events) <= unstable_at)


def pooled_rate(
    counts: Sequence[tuple[int, int, float]],
    unit: str | float,
    *,
    up_to_year: int | None = None,
    years: int = POOL_YEARS,
    confidence: float = CONFIDENCE,
) -> tuple[list[int], RateInterval] | None:
    """The rate pooled over the last ``years`` years with counts: Σ events / Σ denominators.

    ``counts`` holds (year, events, denominator).  Returns the years used and the pooled
    interval; None when no year up to ``up_to_year`` has counts.

    >>> used, r = pooled_rate([(2022, 12, 2400), (2023, 12, 2450), (2024, 13, 2500)], "‰")
    >>> used, round(r.rate, 3), r.events
    ([2022, 2023, 2024], 5.034, 37)
    """
    rows = sorted((int(y), int(e), float(d)) for y, e, d in counts if up_to_year is None or int(y) <= up_to_year)
    rows = rows[-years:]
    if not rows:
        return None
    events = sum(r[1] for r in rows)
    denominator = math.fsum(r[2] for r in rows)
    return [r[0] for r in rows], rate_interval(events, denominator, unit, confidence=confidence)


def bound_within_chance(interval: RateInterval, bound: float) -> bool:
    """True when the bound lies inside the interval [low, high]: the difference between the
    rate and the bound is within random variation at the interval's confidence.

    >>> bound_within_chance(rate_interval(13, 2500, "‰"), 5.0)
    True
    """
    return interval.low <= bound <= interval.high


def _num(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def chance_note(status: str | None, interval: RateInterval, bound: float, unit: str) -> str:
    """The Chinese note placed beside a rate's status; "" when nothing needs saying.

    The status is not changed: where the bound lies inside the 95 % interval, the note says the
    difference is within random variation; where the rate comes from few events, it says the
    rate is unstable.

    >>> chance_note("breached", rate_interval(13, 2500, "‰"), 5.0, "‰")
    '13例/2500，率5.2‰（95%置信区间2.77–8.89‰）；约束值5‰在区间内：与约束值的差异在随机波动范围内，结论维持方法判定。事件数不超过20例，率不稳定。'
    """
    parts = [
        f"{interval.events}例/{_num(interval.denominator)}，率{_num(interval.rate)}{unit}"
        f"（95%置信区间{_num(interval.low)}–{_num(interval.high)}{unit}）"
    ]
    if status in ("breached", "achieved") and bound_within_chance(interval, bound):
        parts.append(f"；约束值{_num(bound)}{unit}在区间内：与约束值的差异在随机波动范围内，结论维持方法判定。")
    else:
        parts.append("。")
    if interval.unstable:
        parts.append(f"事件数不超过{UNSTABLE_EVENTS}例，率不稳定。")
    return "".join(parts)
