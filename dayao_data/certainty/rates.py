"""How sure each verdict is: small-number rates, projection ranges and evidence strength.

Pure functions, no I/O.  The formulas and thresholds are documented in docs/method.md
("How sure a verdict is").  Nothing here changes a status the method defines: it adds
figures and notes that stand beside the status.

* :func:`poisson_interval` — the exact (Garwood) 95 % interval for an event count;
* :func:`rate_interval` — the same interval for a rate in the indicator's unit (‰, 1/10万);
* :func:`pooled_rate` — the rate pooled over the last three years that have counts;
* :func:`bound_within_chance` / :func:`chance_note` — whether a ceiling's bound lies inside the
  interval, and the note the report places beside the status;
* :func:`t_cdf`, :func:`t_quantile` — Student's t for whole degrees of freedom (closed form);
* :func:`projection_range` — the 95 % prediction interval at the target year and the chance of
  meeting the target, from the engine's own least-squares line (or the cumulative mean flow);
* :func:`evidence` — number of data points and whether the latest is provisional.

The t and Poisson functions are implemented here (exact closed forms and bisection on them)
rather than taken from scipy: they are a few lines each, exact for the whole-number degrees of
freedom and counts that occur, and the suite keeps its small dependency set.

Examples
--------
>>> lo, hi = poisson_interval(5)
>>> round(lo, 4), round(hi, 3)
(1.6235, 11.668)
>>> r = rate_interval(13, 2500, "‰")
>>> round(r.rate, 1), round(r.low, 2), round(r.high, 2), r.unstable
(5.2, 2.77, 8.89, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dayao_data.progress import clip

__all__ = [
    "CONFIDENCE",
    "UNSTABLE_EVENTS",
    "POOL_YEARS",
    "MIN_ACTUALS_FOR_RANGE",
    "INSUFFICIENT_ZH",
    "UNIT_SCALES",
    "unit_scale",
    "poisson_cdf",
    "poisson_interval",
    "RateInterval",
    "rate_interval",
    "pooled_rate",
    "bound_within_chance",
    "chance_note",
    "t_cdf",
    "t_quantile",
    "ProjectionRange",
    "projection_range",
    "evidence",
    "rate_certainty",
    "certainty_table",
    "CERTAINTY_COLUMNS",
    "LOW_CHANCE",
    "low_chance_binding",
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

#: How many units of a rate one event per one denominator is: ‰ is per 1,000, 1/10万 per 100,000.
UNIT_SCALES: dict[str, float] = {
    "‰": 1_000.0,
    "%": 100.0,
    "1/10万": 100_000.0,
    "/10万": 100_000.0,
    "1/万": 10_000.0,
    "/万": 10_000.0,
}


def unit_scale(unit: str) -> float | None:
    """The multiplier from events/denominator to a rate in ``unit``; None if not a rate unit.

    >>> unit_scale("‰"), unit_scale("1/10万"), unit_scale("所")
    (1000.0, 100000.0, None)
    """
    return UNIT_SCALES.get(str(unit).strip())


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


def _bisect(f, lo: float, hi: float, iterations: int = 200) -> float:
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
    upper = _bisect(lambda mu: half - poisson_cdf(k, mu), 0.0, top)
    if k == 0:
        return 0.0, upper
    # P(X ≥ k | mu) = 1 − P(X ≤ k − 1 | mu) rises with mu: L is where it reaches α/2.
    lower = _bisect(lambda mu: (1.0 - poisson_cdf(k - 1, mu)) - half, 0.0, top)
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


# --------------------------------------------------------------------------------------
# Student's t (whole degrees of freedom)
# --------------------------------------------------------------------------------------


def t_cdf(t: float, df: int) -> float:
    """P(T ≤ t) for Student's t with whole ``df`` ≥ 1 (Abramowitz & Stegun 26.7.3–26.7.4).

    With θ = atan(t/√ν): for odd ν, A = (2/π)(θ + sinθ·cosθ·(1 + (2/3)cos²θ + … )),
    for even ν, A = sinθ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + …), with A = P(|T| ≤ |t|).

    >>> round(t_cdf(12.7062047, 1), 6), round(t_cdf(4.30265273, 2), 6)
    (0.975, 0.975)
    """
    nu = int(df)
    if nu != df or nu < 1:
        raise ValueError(f"degrees of freedom must be a whole number ≥ 1, not {df!r}")
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    theta = math.atan(abs(t) / math.sqrt(nu))
    s, c = math.sin(theta), math.cos(theta)
    c2 = c * c
    if nu % 2 == 1:
        total, term = 0.0, 1.0
        if nu > 1:
            total = 1.0
            for j in range(3, nu, 2):  # terms 2/3, 2·4/(3·5), … up to cos^(ν−3)
                term *= (j - 1) / j * c2
                total += term
            a = 2 / math.pi * (theta + s * c * total)
        else:
            a = 2 / math.pi * theta
    else:
        total, term = 1.0, 1.0
        for j in range(2, nu, 2):  # terms 1/2, 1·3/(2·4), … up to cos^(ν−2)
            term *= (j - 1) / j * c2
            total += term
        a = s * total
    a = min(1.0, max(0.0, a))
    return 0.5 + a / 2 if t >= 0 else 0.5 - a / 2


def t_quantile(p: float, df: int) -> float:
    """The p-quantile of Student's t with whole ``df`` (bisection on :func:`t_cdf`).

    >>> round(t_quantile(0.975, 3), 3), round(t_quantile(0.975, 10), 3)
    (3.182, 2.228)
    """
    if not 0 < p < 1:
        raise ValueError(f"p must be between 0 and 1, not {p}")
    if p < 0.5:
        return -t_quantile(1 - p, df)
    hi = 1.0
    while t_cdf(hi, df) < p:
        hi *= 2
    return _bisect(lambda t: t_cdf(t, df) - p, 0.0, hi)


# --------------------------------------------------------------------------------------
# Projection ranges
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectionRange:
    """A projection at the target year with its 95 % prediction interval and chance.

    ``low``/``high``/``chance`` are None with ``reason`` = "数据不足" (fewer than three actuals)
    or another short reason.
    """

    projected: float | None
    low: float | None
    high: float | None
    chance: float | None
    n_actuals: int
    df: int | None
    reason: str = ""


def _chance(centre: float, se: float, df: int, goal: float, direction: int) -> float:
    """P(d · (Y − goal) ≥ 0) for Y = centre + se · T_df."""
    if se <= 0:
        return 1.0 if direction * (centre - goal) >= 0 else 0.0
    return t_cdf(direction * (centre - goal) / se, df)


def projection_range(
    points: Sequence[tuple[float, float]],
    at_year: float,
    goal: float | None,
    direction: int,
    *,
    n_actuals: int | None = None,
    kind: str = "level",
    bounds: tuple[float | None, float | None] = (None, None),
    confidence: float = CONFIDENCE,
    min_actuals: int = MIN_ACTUALS_FOR_RANGE,
) -> ProjectionRange:
    """The prediction interval of the projection at ``at_year`` and the chance of the goal.

    Level, ceiling and maintain series (``kind`` other than "cumulative"): ``points`` are the
    (year, value) pairs the engine fits — the baseline (t0, x0) and every actual up to the data
    year.  The ordinary least-squares line ŷ(T) = a + b·T with n points, residual standard
    error s = √(Σ residual² / (n − 2)) and Sxx = Σ (t − t̄)² gives the 95 % prediction interval

        ŷ(T) ± t(0.975; n − 2) · s · √(1 + 1/n + (T − t̄)² / Sxx),

    and the chance of the goal is P(d · (Y − x*) ≥ 0) for Y = ŷ(T) + se · T(n − 2), i.e.
    F_t(d · (ŷ(T) − x*) / se).  For a ceiling ``goal`` is the bound, so the chance is that of
    staying within it.

    Cumulative series: ``points`` are the (year, yearly flow) pairs, the projection is
    S + m · f̄ (S the sum, f̄ the mean flow, m = T − s years left), and the remaining total
    m future flows with the sample sd σ of the n flows gives se = σ · √(m + m²/n), df = n − 1.

    The interval and the projection are clipped to ``bounds`` (as the engine clips); the
    chance is computed before clipping.  Fewer than ``min_actuals`` actuals: "数据不足".

    >>> pr = projection_range([(2020, 10.0), (2021, 11.0), (2022, 13.0), (2023, 14.0)], 2025, 16.0, 1)
    >>> round(pr.projected, 2), round(pr.low, 2), round(pr.high, 2), round(pr.chance, 3)
    (16.9, 14.28, 19.52, 0.861)
    """
    n_act = len(points) if n_actuals is None else n_actuals
    if n_act < min_actuals:
        return ProjectionRange(None, None, None, None, n_act, None, INSUFFICIENT_ZH)
    if kind == "cumulative":
        flows = [v for _, v in points]
        n = len(flows)
        last = max(y for y, _ in points)
        m = at_year - last
        total = math.fsum(flows)
        mean = total / n
        centre = total + mean * m
        if m <= 0:
            return ProjectionRange(clip(total, bounds), None, None, None, n_act, None, "目标年已有实际值")
        sd = math.sqrt(math.fsum((f - mean) ** 2 for f in flows) / (n - 1))
        se = sd * math.sqrt(m + m * m / n)
        df = n - 1
    else:
        n = len(points)
        if n < 3:
            return ProjectionRange(None, None, None, None, n_act, None, INSUFFICIENT_ZH)
        mean_t = math.fsum(p[0] for p in points) / n
        mean_x = math.fsum(p[1] for p in points) / n
        sxx = math.fsum((p[0] - mean_t) ** 2 for p in points)
        sxy = math.fsum((p[0] - mean_t) * (p[1] - mean_x) for p in points)
        slope = sxy / sxx
        intercept = mean_x - slope * mean_t
        centre = intercept + slope * at_year
        rss = math.fsum((p[1] - intercept - slope * p[0]) ** 2 for p in points)
        df = n - 2
        s = math.sqrt(rss / df)
        se = s * math.sqrt(1 + 1 / n + (at_year - mean_t) ** 2 / sxx)
    q = t_quantile(1 - (1 - confidence) / 2, df)
    chance = _chance(centre, se, df, goal, direction) if goal is not None else None
    return ProjectionRange(
        clip(centre, bounds), clip(centre - q * se, bounds), clip(centre + q * se, bounds), chance, n_act, df
    )


# --------------------------------------------------------------------------------------
# Evidence and the per-series table
# --------------------------------------------------------------------------------------


def evidence(years: Sequence[int], flags: Sequence[str | None] | None = None) -> dict[str, Any]:
    """Evidence behind a status: how many data points, and whether the latest is provisional.

    ``flags`` (provisional / final / estimated or empty) go with ``years``.

    >>> evidence([2021, 2023, 2022], ["final", "provisional", "final"])
    {'n_points': 3, 'latest_year': 2023, 'latest_flag': 'provisional', 'latest_provisional': True}
    """
    if not years:
        return {"n_points": 0, "latest_year": None, "latest_flag": None, "latest_provisional": False}
    pairs = list(zip(years, flags if flags is not None else [None] * len(years)))
    latest_year, latest_flag = max(pairs, key=lambda p: p[0])
    latest_flag = latest_flag if latest_flag else None
    return {
        "n_points": len(pairs),
        "latest_year": int(latest_year),
        "latest_flag": latest_flag,
        "latest_provisional": latest_flag == "provisional",
    }


def _present(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and not pd.isna(v)


def rate_certainty(
    plan, actuals: pd.DataFrame, year: int, *, catalogue: str = "headline", status: dict[str, str] | None = None
) -> pd.DataFrame:
    """Counts beside rates: for every rate series with events/denominator in the actuals.

    One row per series (whose unit is a rate unit and which has counts up to ``year``): the
    latest year's events, denominator, rate and interval, the pooled rate over the last three
    years with counts, the unstable flag and the note of :func:`chance_note`.  ``status`` maps
    series to their assessed status (for the note); without it the note only describes.
    """
    cols = [
        "indicator_id",
        "name_zh",
        "unit",
        "year",
        "events",
        "denominator",
        "rate",
        "rate_low",
        "rate_high",
        "unstable",
        "pooled_years",
        "pooled_events",
        "pooled_denominator",
        "pooled_rate",
        "pooled_low",
        "pooled_high",
        "bound",
        "bound_within_interval",
        "note_zh",
    ]
    rows = []
    if actuals is None or len(actuals) == 0 or "events" not in actuals or "denominator" not in actuals:
        return pd.DataFrame(rows, columns=cols)
    for ind in plan.series(catalogue):
        scale = unit_scale(ind.unit)
        if scale is None or ind.unit == "%":
            continue
        sub = actuals[(actuals["indicator"] == ind.id) & (actuals["year"] <= min(year, ind.target_year))]
        counts = [
            (int(r.year), int(r.events), float(r.denominator))
            for r in sub.itertuples(index=False)
            if _present(r.events) and _present(r.denominator) and float(r.denominator) > 0
        ]
        if not counts:
            continue
        counts.sort()
        y, e, d = counts[-1]
        ri = rate_interval(e, d, ind.unit)
        used, pooled = pooled_rate(counts, ind.unit)
        bound = ind.target_value if ind.kind == "ceiling" else None
        st = (status or {}).get(ind.id)
        rows.append(
            {
                "indicator_id": ind.id,
                "name_zh": ind.name_zh,
                "unit": ind.unit,
                "year": y,
                "events": e,
                "denominator": d,
                "rate": ri.rate,
                "rate_low": ri.low,
                "rate_high": ri.high,
                "unstable": ri.unstable,
                "pooled_years": "、".join(map(str, used)),
                "pooled_events": pooled.events,
                "pooled_denominator": pooled.denominator,
                "pooled_rate": pooled.rate,
                "pooled_low": pooled.low,
                "pooled_high": pooled.high,
                "bound": bound,
                "bound_within_interval": bound_within_chance(ri, bound) if bound is not None else None,
                "note_zh": chance_note(st, ri, bound, ind.unit)
                if bound is not None
                else chance_note(None, ri, 0.0, ind.unit),
            }
        )
    return pd.DataFrame(rows, columns=cols)


#: Columns of :func:`certainty_table` (documented in docs/data-dictionary.md).
CERTAINTY_COLUMNS = [
    "indicator_id",
    "name_zh",
    "attribute",
    "status",
    "n_points",
    "latest_year",
    "latest_flag",
    "latest_provisional",
    "projected_final",
    "projection_low",
    "projection_high",
    "chance_of_target",
    "range_note",
]


def certainty_table(plan, actuals: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Evidence and projection range for every row of an assess table.

    ``table`` is :func:`dayao_data.progress.assess`'s output; ``actuals`` the tidy frame it was
    computed from (a ``flag`` column is used when present).  The points fitted are those of
    the engine (progress.md: the baseline and every actual after the base year up to the data
    year), so ``projected_final`` matches the engine's.
    """
    from dayao_data.progress import observations

    rows = []
    for r in table.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        last = min(int(r.year), ind.target_year)
        sub = actuals[actuals["indicator"] == ind.id] if actuals is not None and len(actuals) else None
        obs = [o for o in observations(sub, ind.id) if ind.base_year < o.year <= last] if sub is not None else []
        flags = None
        if sub is not None and "flag" in sub:
            by_year = {int(y): (f if isinstance(f, str) and f else None) for y, f in zip(sub["year"], sub["flag"])}
            flags = [by_year.get(o.year) for o in obs]
        ev = evidence([o.year for o in obs], flags)
        pr: ProjectionRange | None = None
        if ind.kind in ("level", "ceiling", "maintain") and obs:
            x0 = ind.baseline_value
            points = ([(ind.base_year, x0)] if x0 is not None else []) + [(o.year, o.value) for o in obs]
            if obs[-1].year >= ind.target_year:
                pr = ProjectionRange(None, None, None, None, len(obs), None, "目标年已有实际值")
            else:
                pr = projection_range(
                    points, ind.target_year, ind.target_value, ind.direction, n_actuals=len(obs), bounds=ind.bounds
                )
        elif ind.kind == "cumulative" and obs:
            pr = projection_range(
                [(o.year, o.value) for o in obs],
                ind.target_year,
                ind.target_value,
                ind.direction,
                kind="cumulative",
                bounds=ind.bounds,
            )
        rows.append(
            {
                "indicator_id": ind.id,
                "name_zh": ind.name_zh,
                "attribute": ind.attribute,
                "status": r.status,
                **ev,
                "projected_final": r.projected_final,
                "projection_low": pr.low if pr else None,
                "projection_high": pr.high if pr else None,
                "chance_of_target": pr.chance if pr else None,
                "range_note": (pr.reason if pr else ("" if ind.kind != "qualitative" else "定性指标无预测")),
            }
        )
    out = pd.DataFrame(rows, columns=CERTAINTY_COLUMNS)
    for c in ("projected_final", "projection_low", "projection_high", "chance_of_target"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out["latest_year"] = pd.array(out["latest_year"], dtype="Int64")
    return out


def low_chance_binding(certainty: pd.DataFrame, threshold: float = LOW_CHANCE) -> pd.DataFrame:
    """Binding series whose chance of the target is below ``threshold`` (default 0.5), lowest first.

    ``certainty`` is :func:`certainty_table`'s output.  A series without a chance (数据不足) is not
    listed here: the evidence columns say why.  With 0.5 the list names the binding series whose
    projection, more likely than not, misses the target.

    >>> t = pd.DataFrame({"indicator_id": ["a", "b", "c"], "attribute": ["binding", "binding", "expected"],
    ...                   "chance_of_target": [0.2, 0.9, 0.1]})
    >>> low_chance_binding(t)["indicator_id"].tolist()
    ['a']
    """
    chance = pd.to_numeric(certainty["chance_of_target"], errors="coerce")
    mask = (certainty["attribute"] == "binding") & chance.notna() & (chance < threshold)
    return (
        certainty[mask]
        .assign(chance_of_target=chance[mask])
        .sort_values("chance_of_target", kind="stable")
        .reset_index(drop=True)
    )
