"""The engine over a whole plan: :func:`evaluate` (the assess table and its notes) and
:func:`assess` (the table alone) assess every series of a catalogue at an assessment year; the
actuals are grouped by indicator once (:func:`~dayao_data.progress.reading.observations_by_indicator`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dayao_data.plan.document import Plan
from dayao_data.progress.reading import observations_by_indicator, prepare_actuals
from dayao_data.progress.rules import DEFAULT_BAND
from dayao_data.progress.series import ASSESS_COLUMNS, assess_series

__all__ = ["Assessment", "evaluate", "assess"]


@dataclass
class Assessment:
    """The result of :func:`evaluate`: the assess table plus the notes that explain it."""

    table: pd.DataFrame
    notes: pd.DataFrame
    year: int
    band: float
    catalogue: str

    def notes_for(self, indicator_id: str) -> pd.DataFrame:
        """The notes of one series."""
        return self.notes[self.notes["indicator_id"] == indicator_id]


def _frame(rows: Iterable[dict]) -> pd.DataFrame:
    table = pd.DataFrame(list(rows), columns=ASSESS_COLUMNS)
    numeric = [
        "value",
        "baseline",
        "target",
        "time_share",
        "progress_share",
        "years_ahead",
        "gap",
        "required_annual_increment",
        "required_annual_rate",
        "observed_annual_rate",
        "cagr_ratio",
        "projected_final",
        "anticipated_progress",
    ]
    for col in numeric:
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
    table["year"] = table["year"].astype("int64")
    table["direction"] = table["direction"].astype("int64")
    table["data_year"] = pd.array(table["data_year"], dtype="Int64")
    table["illustrative"] = table["illustrative"].astype(bool)
    table["n_points"] = table["n_points"].fillna(0).astype("int64")
    table["latest_flag"] = table["latest_flag"].fillna("").astype(str)
    table["series_break"] = table["series_break"].fillna("").astype(str)
    return table


def evaluate(plan: Plan, actuals, year: int, *, band: float = DEFAULT_BAND, catalogue: str = "headline") -> Assessment:
    """Assess every series of a catalogue; the table plus the notes explaining it."""
    year = plan.check_year(year, "assessment year")
    if not 0 <= band < 1:
        raise ValueError(f"band must be between 0 and 1 (e.g. 0.10), not {band}")
    frame = prepare_actuals(plan, actuals)
    by_id = observations_by_indicator(frame)
    rows, notes = [], []
    for ind in plan.series(catalogue):
        res = assess_series(ind, by_id.get(ind.id, []), year, plan, band=band)
        rows.append(res.row)
        notes.extend(res.notes)
    note_cols = ["indicator_id", "code", "message_zh", "message_en", "data_year", "missing_years"]
    return Assessment(
        table=_frame(rows),
        notes=pd.DataFrame(notes, columns=note_cols),
        year=year,
        band=band,
        catalogue=catalogue,
    )


def assess(plan: Plan, actuals, year: int, *, band: float = DEFAULT_BAND, catalogue: str = "headline") -> pd.DataFrame:
    """One row per series with the columns :data:`ASSESS_COLUMNS`.

    Parameters
    ----------
    plan
        A :class:`~dayao_data.plan.Plan` (``load_plan()`` or ``load_plan(path)``).
    actuals
        A tidy frame (indicator, year, value, source [, assigned_target, illustrative]) or a path
        or list of paths to actuals files (validated on loading).
    year
        The assessment year t, inside the plan period (base year + 1 … target year).
    band
        The band b of the time-progress status (default 0.10).
    catalogue
        ``"headline"`` (the table's series), ``"extended"`` (targets stated in the chapters) or
        ``"all"``.

    Rates are fractions (0.0113 for 1.13 %/yr); a figure the method leaves empty is NaN.
    """
    return evaluate(plan, actuals, year, band=band, catalogue=catalogue).table
