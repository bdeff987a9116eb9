"""The actuals as the engine reads them: :func:`prepare_actuals` (a frame, a path or a list of
paths, ids resolved), and each series' :class:`Observation` s, one per year, sorted — for one
indicator (:func:`observations`) or for all of them in one pass over the frame
(:func:`observations_by_indicator`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dayao_data.plan.document import Plan

__all__ = ["Observation", "observations", "observations_by_indicator", "prepare_actuals"]


@dataclass(frozen=True)
class Observation:
    year: int
    value: float
    assigned_target: float | None = None
    illustrative: bool = False
    flag: str = ""  # provisional | final | estimated | "" (actuals column ``flag``)
    series_break: str = ""  # a change of definition or source from this year on (actuals column)


def _observation(rec) -> Observation:
    """One row of the tidy frame (a namedtuple from ``itertuples``) as an :class:`Observation`."""
    assigned = getattr(rec, "assigned_target", None)
    assigned = (
        None
        if assigned is None or (isinstance(assigned, float) and math.isnan(assigned)) or pd.isna(assigned)
        else float(assigned)
    )
    illustrative = getattr(rec, "illustrative", None)
    if illustrative is None or pd.isna(illustrative):
        from dayao_data.paths import is_illustrative_source

        illustrative = is_illustrative_source(getattr(rec, "source", ""))
    flag = getattr(rec, "flag", "")
    brk = getattr(rec, "series_break", "")
    return Observation(
        int(rec.year),
        float(rec.value),
        assigned,
        bool(illustrative),
        flag if isinstance(flag, str) else "",
        brk if isinstance(brk, str) else "",
    )


def observations(actuals: pd.DataFrame | None, indicator_id: str) -> list[Observation]:
    """The actuals of one series, sorted by year (one per year; validation removed duplicates).

    To read every series, :func:`observations_by_indicator` passes over the frame once instead of
    filtering it for each indicator.
    """
    if actuals is None or len(actuals) == 0:
        return []
    rows = actuals[actuals["indicator"] == indicator_id]
    out: dict[int, Observation] = {}
    for rec in rows.itertuples(index=False):
        out[int(rec.year)] = _observation(rec)
    return [out[y] for y in sorted(out)]


def observations_by_indicator(actuals: pd.DataFrame | None) -> dict[str, list[Observation]]:
    """:func:`observations` of every indicator in ``actuals``, from one pass over the frame.

    ``result.get(indicator_id, [])`` equals ``observations(actuals, indicator_id)``: rows are read
    in the frame's order, so where a year repeats the later row counts, as there.
    """
    if actuals is None or len(actuals) == 0:
        return {}
    by_id: dict[str, dict[int, Observation]] = {}
    for rec in actuals.itertuples(index=False):
        by_id.setdefault(rec.indicator, {})[int(rec.year)] = _observation(rec)
    return {ind: [years[y] for y in sorted(years)] for ind, years in by_id.items()}


def prepare_actuals(plan: Plan, actuals) -> pd.DataFrame:
    """Accept a tidy frame, a path, or a list of paths (validated with :func:`load_actuals`)."""
    if actuals is None:
        return pd.DataFrame(columns=["indicator", "year", "value", "source"])
    if isinstance(actuals, pd.DataFrame):
        frame = actuals
        if "indicator" not in frame or "year" not in frame or "value" not in frame:
            raise ValueError("actuals need the columns indicator, year and value")
        unknown = sorted({str(i) for i in frame["indicator"] if plan.resolve(str(i)) is None})
        if unknown:
            raise ValueError(f"actuals name indicators the plan does not have: {', '.join(unknown)}")
        frame = frame.copy()
        frame["indicator"] = [plan.resolve(str(i)) for i in frame["indicator"]]
        return frame
    from dayao_data.actuals import load_actuals

    return load_actuals(actuals, plan)
