"""Where the plan states two values (its quality issues): the assessment with the value the
suite uses beside the one with the alternative (:func:`assess_alternatives`).
"""

from __future__ import annotations

import pandas as pd

from dayao_data.plan.document import Plan
from dayao_data.progress.reading import observations, prepare_actuals
from dayao_data.progress.rules import DEFAULT_BAND
from dayao_data.progress.series import assess_series

__all__ = ["assess_alternatives"]


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
