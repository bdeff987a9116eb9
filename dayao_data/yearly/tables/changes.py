"""What changed since last year's report: the status of each series then and now."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data import i18n
from dayao_data.display import (
    format_number,
    is_missing,
)
from dayao_data.plan import Indicator
from dayao_data.progress import evaluate
from dayao_data.report.tables import (
    EMPTY,
    ReportTable,
    make_table,
    value_text,
    year_text,
)

__all__ = ["Changes", "changes_since_last_report"]

# --------------------------------------------------------------------------------------
# What changed since last year's report
# --------------------------------------------------------------------------------------


@dataclass
class Changes:
    """The comparison with last year: how it was made (a sentence) and the series that changed."""

    basis: str
    table: ReportTable
    previous_year: int | None
    source: str  # "report", "recomputed" or "none"


def _read_previous(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype={"indicator_id": str, "status": str})
    missing = {"indicator_id", "status", "value", "data_year"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: not an assess table (missing columns {', '.join(sorted(missing))})")
    return frame


def _close(a: Any, b: Any) -> bool:
    if is_missing(a) and is_missing(b):
        return True
    if is_missing(a) or is_missing(b):
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def changes_since_last_report(ctx) -> Changes:
    """Statuses that changed and values revised since last year.

    With ``previous_report`` (last year's ``assess.csv``) the comparison is with what was
    reported; without it, last year is recomputed from the same actuals (so revisions cannot show)
    and the basis sentence says so.
    """
    lang = ctx.language
    cols = {
        k: ctx.t(f"col_{k}")
        for k in ("indicator", "previous_status", "current_status", "previous_value", "current_value", "change")
    }
    current = pd.concat([ctx.assessment.table, ctx.extended.table], ignore_index=True)
    previous_year = ctx.year - 1
    if ctx.previous_report is not None:
        previous = _read_previous(ctx.previous_report)
        if "year" in previous and previous["year"].notna().any():
            previous_year = int(previous["year"].dropna().iloc[0])
        source = "report"
        basis = i18n.t("changes_basis_report", lang, previous_year=previous_year)
    elif previous_year <= ctx.plan.base_year:
        empty = make_table(ctx, "changes", [], list(cols.values()))
        return Changes(i18n.t("changes_basis_none", lang, year=ctx.year), empty, None, "none")
    else:
        previous = pd.concat(
            [
                evaluate(ctx.plan, ctx.actuals, previous_year, band=ctx.band, catalogue="headline").table,
                evaluate(ctx.plan, ctx.actuals, previous_year, band=ctx.band, catalogue="extended").table,
            ],
            ignore_index=True,
        )
        source = "recomputed"
        missing = ctx.inputs.get("previous_report_missing")
        if missing is not None:
            basis = i18n.t("changes_basis_missing", lang, previous_year=previous_year)
        else:
            basis = i18n.t("changes_basis_recomputed", lang, previous_year=previous_year)
    prev = previous.set_index("indicator_id")
    extended_ids = {i.id for i in ctx.plan.extended_targets}
    if not extended_ids & set(prev.index):
        # Last year's assess.csv holds the headline table only: compare that, do not call the
        # whole extended catalogue "new".
        current = current[~current["indicator_id"].isin(extended_ids)]
    records, prev_codes, cur_codes, binding = [], [], [], []
    ids = list(current["indicator_id"]) + [i for i in prev.index if i not in set(current["indicator_id"])]
    cur = current.set_index("indicator_id")
    for ind_id in ids:
        ind = ctx.plan.indicator(ind_id) if ctx.plan.resolve(ind_id) else None
        name = ind.label(lang) if ind else ind_id
        what = []
        c = cur.loc[ind_id] if ind_id in cur.index else None
        p = prev.loc[ind_id] if ind_id in prev.index else None
        if p is None:
            what.append(ctx.t("change_new_series"))
        elif c is None:
            what.append(ctx.t("change_dropped"))
        else:
            if str(p["status"]) != str(c["status"]):
                what.append(
                    ctx.t("change_status")
                    + ": "
                    + i18n.t(
                        "change_status_detail",
                        lang,
                        previous=i18n.status_label(p["status"], lang),
                        current=i18n.status_label(c["status"], lang),
                    )
                )
            same_year = (
                not is_missing(p["data_year"])
                and not is_missing(c["data_year"])
                and int(p["data_year"]) == int(c["data_year"])
            )
            if same_year and not _close(p["value"], c["value"]):
                what.append(
                    ctx.t("change_revised")
                    + ": "
                    + i18n.t(
                        "change_revised_detail",
                        lang,
                        data_year=int(c["data_year"]),
                        previous=_fmt_any(p["value"], ind, lang),
                        current=_fmt_any(c["value"], ind, lang),
                    )
                )
            elif (
                what
                and not is_missing(p["data_year"])
                and not is_missing(c["data_year"])
                and int(p["data_year"]) != int(c["data_year"])
            ):
                what.append(
                    i18n.t("change_new_data_detail", lang, previous=int(p["data_year"]), current=int(c["data_year"]))
                )
        if not what:
            continue

        def value_year(row):
            if row is None or is_missing(row["value"]):
                return EMPTY
            return (
                f"{_fmt_any(row['value'], ind, lang)}({year_text(row['data_year'])})"
                if lang == "zh"
                else f"{_fmt_any(row['value'], ind, lang)} ({year_text(row['data_year'])})"
            )

        records.append(
            {
                cols["indicator"]: name,
                cols["previous_status"]: i18n.status_label(p["status"], lang) if p is not None else EMPTY,
                cols["current_status"]: i18n.status_label(c["status"], lang) if c is not None else EMPTY,
                cols["previous_value"]: value_year(p),
                cols["current_value"]: value_year(c),
                cols["change"]: ctx.t("clause_sep").join(what),
            }
        )
        prev_codes.append(p["status"] if p is not None else None)
        cur_codes.append(c["status"] if c is not None else None)
        binding.append(bool(ind is not None and ind.attribute == "binding"))
    table = make_table(
        ctx,
        "changes",
        records,
        list(cols.values()),
        status_codes={cols["previous_status"]: prev_codes, cols["current_status"]: cur_codes},
        binding=binding,
        numeric=(cols["previous_value"], cols["current_value"]),
        text_columns=(cols["indicator"], cols["previous_status"], cols["current_status"], cols["change"]),
    )
    return Changes(basis, table, previous_year, source)


def _fmt_any(value: Any, ind: Indicator | None, language: str) -> str:
    if ind is None:
        return EMPTY if is_missing(value) else format_number(value)
    return value_text(value, ind, language)
