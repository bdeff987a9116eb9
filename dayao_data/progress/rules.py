"""The rules of the progress method (docs/method.md) that every part applies the same way: the
status codes and their labels, the band and the pace thresholds, comparisons tolerant of
floating-point noise, the bounds (:func:`clip`, :func:`within`), the projection line and the
status by time share, by pace (CAGR ratio) and by anticipated progress.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from dayao_data.labels import label_pairs
from dayao_data.plan.model import Indicator

__all__ = [
    "DEFAULT_BAND",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "SATISFACTORY",
    "CAGR_LABELS",
    "ANTICIPATED_LABELS",
    "CAGR_SUBSTANTIAL",
    "CAGR_MODERATE",
    "tolerant_equal",
    "tolerant_ge",
    "tolerant_gt",
    "clip",
    "within",
    "projection_line",
    "project",
    "status_by_time",
    "cagr_status",
    "anticipated_from_share",
    "compound_rate",
]

DEFAULT_BAND = 0.10

#: Status codes (the data) with their Chinese and English labels (for reports), in report order:
#: the ``status:`` of dayao_data/data/labels.yaml.
STATUS_LABELS: dict[str, tuple[str, str]] = label_pairs("status")
STATUS_ORDER = list(STATUS_LABELS)
#: Statuses that need no alarm for a binding indicator.
SATISFACTORY = ("achieved", "ahead", "on_track")

#: Pace (CAGR ratio) and projection codes with their labels: ``cagr:`` and ``anticipated:`` of the
#: labels file.
CAGR_LABELS: dict[str, tuple[str, str]] = label_pairs("cagr")
ANTICIPATED_LABELS: dict[str, tuple[str, str]] = label_pairs("anticipated")

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


def project(points: Sequence[tuple[float, float]], at_year: int) -> tuple[float | None, float | None]:
    """The :func:`projection_line` read at ``at_year``, and its slope (None, None without a line)."""
    line = projection_line(points)
    if line is None:
        return None, None
    intercept, slope = line
    return intercept + slope * at_year, slope


def status_by_time(P: float, tau: float, band: float) -> str:
    """Time-progress status of an unmet target with progress share P at time share τ."""
    if tolerant_gt(0.0, P):
        return "regressing"
    q = P / tau
    if tolerant_ge(q, 1 + band):
        return "ahead"
    if tolerant_ge(q, 1 - band):
        return "on_track"
    return "lagging"


def cagr_status(ratio: float | None) -> str | None:
    """The pace status of a CAGR ratio (substantial / moderate / limited / deterioration)."""
    if ratio is None:
        return None
    if tolerant_ge(ratio, CAGR_SUBSTANTIAL):
        return "substantial"
    if tolerant_ge(ratio, CAGR_MODERATE):
        return "moderate"
    if tolerant_ge(ratio, 0.0):
        return "limited"
    return "deterioration"


def anticipated_from_share(A: float | None) -> str | None:
    """The projection status of an anticipated progress share A (maintain / accelerate / reverse)."""
    if A is None:
        return None
    if tolerant_ge(A, 1.0):
        return "maintain"
    if tolerant_ge(A, 0.0):
        return "accelerate"
    return "reverse"


def compound_rate(ratio_num: float | None, ratio_den: float | None, years: float) -> float | None:
    """Compound annual rate (num/den)^(1/years) − 1; None unless both are positive and years > 0."""
    if ratio_num is None or ratio_den is None or years <= 0:
        return None
    if not (ratio_num > 0 and ratio_den > 0):
        return None
    return (ratio_num / ratio_den) ** (1.0 / years) - 1.0


def within(ind: Indicator, x: float, bound: float) -> bool:
    """Within a ceiling (d = −1: x < / ≤ bound) or a floor (d = +1: x > / ≥ bound)."""
    margin = ind.direction * (x - bound)  # > 0 inside the bound, for a ceiling and for a floor
    return tolerant_gt(margin, 0.0) if ind.strict else tolerant_ge(margin, 0.0)
