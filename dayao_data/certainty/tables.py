"""The certainty figures per series: the evidence behind a status (data points, the latest
flag), :func:`rate_certainty` (counts beside rates), :func:`certainty_table` (evidence and
projection range for every row of an assess table) and :func:`low_chance_binding` (the
binding series named in the warning list).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from dayao_data.certainty.projection import ProjectionRange, projection_range
from dayao_data.certainty.rates import (
    LOW_CHANCE,
    bound_within_chance,
    chance_note,
    pooled_rate,
    rate_interval,
    unit_scale,
)
from dayao_data.progress.reading import observations_by_indicator

__all__ = ["evidence", "rate_certainty", "CERTAINTY_COLUMNS", "certainty_table", "low_chance_binding"]


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
    by_id = dict(tuple(actuals.groupby("indicator", sort=False)))  # each series' rows, in the frame's order
    for ind in plan.series(catalogue):
        scale = unit_scale(ind.unit)
        if scale is None or ind.unit == "%" or ind.id not in by_id:
            continue
        rows_of = by_id[ind.id]
        sub = rows_of[rows_of["year"] <= min(year, ind.target_year)]
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
    # The actuals read by indicator in one pass (as the engine does), and each year's flag.
    with_flags = actuals is not None and len(actuals) > 0 and "flag" in actuals
    by_id = observations_by_indicator(actuals)
    flags_by_id: dict[str, dict[int, str | None]] = {}
    if with_flags:
        for i, y, f in zip(actuals["indicator"], actuals["year"], actuals["flag"]):
            flags_by_id.setdefault(i, {})[int(y)] = f if isinstance(f, str) and f else None
    rows = []
    for r in table.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        last = min(int(r.year), ind.target_year)
        obs = [o for o in by_id.get(ind.id, []) if ind.base_year < o.year <= last]
        flags = None
        if with_flags:
            by_year = flags_by_id.get(ind.id, {})
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
