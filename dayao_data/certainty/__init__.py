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

The package, by job: :mod:`~dayao_data.certainty.rates` (small-number rates and the
thresholds), :mod:`~dayao_data.certainty.projection` (Student's t and projection ranges) and
:mod:`~dayao_data.certainty.tables` (the per-series tables the reports show).

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

from dayao_data.certainty.projection import ProjectionRange, projection_range, t_cdf, t_quantile
from dayao_data.certainty.rates import (
    CONFIDENCE,
    INSUFFICIENT_ZH,
    LOW_CHANCE,
    MIN_ACTUALS_FOR_RANGE,
    POOL_YEARS,
    UNIT_SCALES,
    UNSTABLE_EVENTS,
    RateInterval,
    bound_within_chance,
    chance_note,
    poisson_cdf,
    poisson_interval,
    pooled_rate,
    rate_interval,
    unit_scale,
)
from dayao_data.certainty.tables import (
    CERTAINTY_COLUMNS,
    certainty_table,
    evidence,
    low_chance_binding,
    rate_certainty,
)

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
