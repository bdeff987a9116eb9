"""Every reported year of a ceiling (or floor), within the bound or breached
(:func:`bound_history`): a ceiling is a promise for every year.  The actuals are read by
indicator in one pass, as for the assessment.
"""

from __future__ import annotations

import pandas as pd

from dayao_data.plan.document import Plan
from dayao_data.progress.reading import observations_by_indicator, prepare_actuals
from dayao_data.progress.rules import within

__all__ = ["bound_history"]


def bound_history(plan: Plan, actuals, up_to_year: int, *, catalogue: str = "headline") -> pd.DataFrame:
    """For every ceiling (or floor): each reported year within the bound or breached.

    A ceiling is a promise for every year, so a breach stays on record even if later years
    recover. One row per series and reported year up to ``up_to_year``.
    """
    up_to_year = plan.check_year(up_to_year, "assessment year")
    by_id = observations_by_indicator(prepare_actuals(plan, actuals))
    rows = []
    for ind in plan.series(catalogue):
        if ind.kind != "ceiling":
            continue
        for o in by_id.get(ind.id, []):
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
