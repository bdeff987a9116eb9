"""Loading actuals: :func:`validate_actuals` (the problems) and :func:`load_actuals` (the tidy frame).

Both check every file through :func:`~dayao_data.actuals.check.check_files`; :func:`load_actuals`
then keeps the usable rows as the frame the progress engine reads (docs/actuals-format.md,
section 1), raising :class:`~dayao_data.actuals.problems.ActualsError` listing every error unless
asked to keep the valid rows.
"""

from __future__ import annotations

import math
import os
from typing import Any

import pandas as pd

from dayao_data.actuals.check import CheckedRow, as_plan, check_files
from dayao_data.actuals.problems import ActualsError, Problem
from dayao_data.paths import is_illustrative_source
from dayao_data.plan import Plan

__all__ = ["validate_actuals", "load_actuals"]


def validate_actuals(paths: Any, plan: Plan | str | os.PathLike | None = None) -> list[Problem]:
    """Every problem in every actuals file, errors and warnings, in file and row order.

    Never raises for bad content: an unreadable file is one Problem naming it.  ``paths`` is one
    path or a list; ``plan`` a :class:`~dayao_data.plan.Plan`, a plan file, or None for the
    embedded plan.
    """
    problems, _, _ = check_files(paths, as_plan(plan))
    return problems


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": pd.Series([], dtype=str),
            "year": pd.Series([], dtype="int64"),
            "value": pd.Series([], dtype="float64"),
            "source": pd.Series([], dtype=str),
            "note": pd.Series([], dtype=str),
            "assigned_target": pd.Series([], dtype="float64"),
            "events": pd.Series([], dtype="Int64"),
            "denominator": pd.Series([], dtype="Int64"),
            "flag": pd.Series([], dtype=str),
            "series_break": pd.Series([], dtype=str),
            "illustrative": pd.Series([], dtype=bool),
            "file": pd.Series([], dtype=str),
            "row": pd.Series([], dtype="int64"),
        }
    )


def load_actuals(
    paths: Any = None, plan: Plan | str | os.PathLike | None = None, *, keep_valid_rows: bool = False
) -> pd.DataFrame:
    """The actuals as a tidy frame, one row per indicator and year, after full validation.

    Parameters
    ----------
    paths
        One path or a list of paths (.xlsx or .csv); None for the bundled illustrative example.
    plan
        The plan to check against (a Plan or a plan file); None for the embedded plan.
    keep_valid_rows
        If False (default), any error raises :class:`ActualsError` listing every problem.  If
        True, rows with errors are dropped and the problems are kept in ``df.attrs["problems"]``.

    Returns
    -------
    pandas.DataFrame
        Columns indicator (plan id), year (int), value (float), source, note ("" when absent),
        assigned_target (float, NaN when absent), events and denominator (nullable integers, for
        rates from counts), flag ("provisional", "final", "estimated" or ""), series_break (text,
        "" when none), illustrative (bool), file, row (as the user sees it).  Warnings (and, with ``keep_valid_rows``, errors) are in ``df.attrs["problems"]``.
    """
    the_plan = as_plan(plan)
    problems, rows, _ = check_files(paths, the_plan)
    errors = [p for p in problems if p.severity == "error"]
    if errors and not keep_valid_rows:
        raise ActualsError(errors + [p for p in problems if p.severity != "error"])
    kept: list[CheckedRow] = []
    keys: set[tuple[str, int]] = set()
    for r in rows:
        if not (r.ok and r.indicator is not None and r.year is not None and r.value is not None):
            continue
        if (r.indicator, r.year) in keys:
            continue  # an identical duplicate (a warning): the first copy is kept
        keys.add((r.indicator, r.year))
        kept.append(r)
    if kept:
        frame = pd.DataFrame(
            {
                "indicator": pd.Series([r.indicator for r in kept], dtype=str),
                "year": pd.Series([r.year for r in kept], dtype="int64"),
                "value": pd.Series([r.value for r in kept], dtype="float64"),
                "source": pd.Series([r.source for r in kept], dtype=str),
                "note": pd.Series([r.note for r in kept], dtype=str),
                "assigned_target": pd.Series(
                    [math.nan if r.assigned_target is None else r.assigned_target for r in kept], dtype="float64"
                ),
                "events": pd.array([r.events for r in kept], dtype="Int64"),
                "denominator": pd.array([r.denominator for r in kept], dtype="Int64"),
                "flag": pd.Series([r.flag for r in kept], dtype=str),
                "series_break": pd.Series([r.series_break for r in kept], dtype=str),
                "illustrative": pd.Series([is_illustrative_source(r.source) for r in kept], dtype=bool),
                "file": pd.Series([r.file for r in kept], dtype=str),
                "row": pd.Series([r.row for r in kept], dtype="int64"),
            }
        )
    else:
        frame = _empty_frame()
    frame.attrs["problems"] = problems if keep_valid_rows else [p for p in problems if p.severity != "error"]
    return frame
