"""Projection ranges: Student's t for whole degrees of freedom (closed form), and the 95 %
prediction interval at the target year with the chance of meeting the target, from the
engine's own least-squares line (or, for a cumulative target, the mean yearly flow).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dayao_data.certainty.rates import CONFIDENCE, INSUFFICIENT_ZH, MIN_ACTUALS_FOR_RANGE, bisect_root
from dayao_data.progress.rules import clip

__all__ = ["t_cdf", "t_quantile", "ProjectionRange", "projection_range"]


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
    return bisect_root(lambda t: t_cdf(t, df) - p, 0.0, hi)


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
