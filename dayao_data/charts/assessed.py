"""The data a chart draws for one series: its observations and its assessment row.

A report has assessed its series already (:func:`dayao_data.yearly.context.setup` evaluates the
headline table and the extended catalogue once); its charts take that assessment (``assessed=``,
the assess table or the :class:`~dayao_data.progress.Assessment`) and draw the status, the data
year and the projection of its rows, so a chart and the table beside it cannot disagree.  Only a
chart drawn on its own, without an assessment (a statistician's ``series_chart(plan, actuals, …)``),
assesses its series, with the engine's own :func:`~dayao_data.progress.assess_series`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dayao_data.plan import Indicator, Plan
from dayao_data.progress import Observation, assess_series, observations, prepare_actuals

__all__ = ["SeriesData", "prepare", "assessed_table", "assessed_row", "series_data", "infer_illustrative"]


def prepare(plan: Plan, actuals) -> pd.DataFrame:
    """Actuals as the engine reads them: a tidy frame with indicator ids (names resolved)."""
    return prepare_actuals(plan, actuals)  # the engine's own reader, so ids match


@dataclass
class SeriesData:
    """One series as a chart draws it."""

    ind: Indicator
    year: int  # the assessment year
    last_year: int  # min(year, target year): actuals after it are not shown
    shown: list[Observation]  # t0 < year ≤ last_year
    row: dict[str, Any]  # the assessment row (the report's, or the engine's for a chart on its own)
    illustrative: bool


def assessed_table(assessed: Any, year: int) -> pd.DataFrame | None:
    """The assess table of ``assessed`` (a table or an Assessment; None stays None), checked to be
    of the chart's year: a chart of 2024 drawn from the assessment of 2023 would disagree with it."""
    if assessed is None:
        return None
    table = getattr(assessed, "table", assessed)
    if not isinstance(table, pd.DataFrame) or "indicator_id" not in table or "status" not in table:
        raise TypeError("assessed must be an assess table (indicator_id, status, …) or an Assessment")
    years = sorted({int(y) for y in table["year"]}) if "year" in table and len(table) else []
    if years and years != [year]:
        shown = ", ".join(str(y) for y in years)
        raise ValueError(f"the assessment given is of {shown}, the chart of {year}: pass the assessment of {year}")
    return table


def assessed_row(table: pd.DataFrame, ind: Indicator) -> dict[str, Any]:
    """The row of ``ind`` in an assess table, as a dict (an error naming the series when absent)."""
    rows = table[table["indicator_id"] == ind.id]
    if not len(rows):
        raise ValueError(
            f"the assessment given has no row for {ind.id} ({ind.name('zh')}): "
            "pass the assessment of the catalogue the series belongs to"
        )
    return rows.iloc[0].to_dict()


def series_data(
    plan: Plan, frame: pd.DataFrame, ind: Indicator, year: int, band: float, table: pd.DataFrame | None = None
) -> SeriesData:
    """The observations of ``ind`` shown up to ``year`` and its assessment row: from ``table`` (the
    report's assessment) when given, else from the engine (the same function ``evaluate`` applies)."""
    obs = observations(frame, ind.id)
    last_year = min(year, ind.target_year)
    shown = [o for o in obs if ind.base_year < o.year <= last_year]
    row = assess_series(ind, obs, year, plan, band=band).row if table is None else assessed_row(table, ind)
    return SeriesData(ind, year, last_year, shown, row, any(o.illustrative for o in shown))


def infer_illustrative(frame: pd.DataFrame, shown: Sequence[SeriesData]) -> bool:
    """Illustrative when any figure shown is; with nothing shown, when the actuals given are."""
    if any(s.shown for s in shown):
        return any(s.illustrative for s in shown)
    if "illustrative" in frame and len(frame):
        return bool(frame["illustrative"].fillna(False).astype(bool).any())
    if "source" in frame and len(frame):
        from dayao_data.paths import is_illustrative_source

        return any(is_illustrative_source(s) for s in frame["source"])
    return False
