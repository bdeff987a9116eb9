"""How many units of a rate one event per one denominator is: ‰ per 1,000, 1/10万 per 100,000.

A leaf module (it imports nothing of the package): the actuals reader checks a rate against its
counts with it, the forms decide which series get count cells, and the certainty figures compute
intervals — none of them needs the others to know the scale of a unit.
"""

from __future__ import annotations

__all__ = ["UNIT_SCALES", "unit_scale"]

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
