"""The yearly report's one-page table of every headline series and the tables of each domain.

>>> from dayao_data.yearly.context import setup
>>> ctx = setup(2024)
>>> row = overview(ctx).frame.iloc[0]
>>> row["2020年基期"], row["2025年目标"], row["现值"], row["差距"], row["状态"]
('85.76%', '90%', '89.8%', '0.2个百分点', '快于预期')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dayao_data import i18n
from dayao_data.display import (
    format_rate,
    format_share,
    format_years,
    is_missing,
)
from dayao_data.plan import Indicator
from dayao_data.progress import STATUS_ORDER
from dayao_data.report.tables import (
    EMPTY,
    ReportTable,
    baseline_text,
    change_text,
    make_table,
    or_empty,
    target_text,
    unit_text,
    value_text,
    year_text,
)

__all__ = ["row_label", "series_rows", "overview", "domain_table", "domain_status"]

# --------------------------------------------------------------------------------------
# The one-page table and the domain tables
# --------------------------------------------------------------------------------------


def row_label(ind: Indicator) -> str:
    """The row of the plan's table (``11b``), ``—`` for a series outside it."""
    if ind.table_row is None:
        return EMPTY
    return ind.row_label


def series_rows(ctx, ids: Iterable[str] | None = None, catalogue: str = "headline") -> list[tuple[Indicator, Any]]:
    """(indicator, assessment row) of the catalogue's series, in plan order (``ids``: only those)."""
    assessment = ctx.assessment if catalogue == "headline" else ctx.extended
    by_id = assessment.table.set_index("indicator_id")
    wanted = None if ids is None else set(ids)
    out = []
    for ind in ctx.plan.series(catalogue):
        if wanted is not None and ind.id not in wanted:
            continue
        if ind.id in by_id.index:
            out.append((ind, by_id.loc[ind.id]))
    return out


def _overview_columns(ctx) -> dict[str, str]:
    lang = ctx.language
    cols = {"row": ctx.t("col_row")}
    cols.update(
        indicator=ctx.t("col_indicator"),
        attribute=ctx.t("col_attribute"),
        unit=ctx.t("col_unit"),
        baseline=i18n.t("col_baseline", lang, year=ctx.plan.base_year),
        target=i18n.t("col_target", lang, year=ctx.plan.target_year),
        data_year=ctx.t("col_data_year"),
        value=ctx.t("col_value"),
        gap=ctx.t("col_gap"),
        progress_share=ctx.t("col_progress_share"),
        time_share=ctx.t("col_time_share"),
        years_ahead=ctx.t("col_years_ahead"),
        required_increment=ctx.t("col_required_increment"),
        required_rate=ctx.t("col_required_rate"),
        status=ctx.t("col_status"),
    )
    return cols


_NUMERIC_KEYS = (
    "baseline",
    "target",
    "data_year",
    "value",
    "gap",
    "progress_share",
    "time_share",
    "years_ahead",
    "required_increment",
    "required_rate",
)


def _series_table(ctx, key: str, series: list[tuple[Indicator, Any]]) -> ReportTable:
    lang = ctx.language
    cols = _overview_columns(ctx)
    records, codes, binding = [], [], []
    for ind, r in series:
        value = value_text(r["value"], ind, lang)
        target = target_text(ind, r["target"], lang)
        if ind.kind == "qualitative":
            # The plan's target is its words; the quota handed down is that year's figure.
            target = target_text(ind, None, lang)
            if not is_missing(r["target"]) and not is_missing(r["data_year"]):
                value += i18n.t(
                    "value_with_quota", lang, year=int(r["data_year"]), target=value_text(r["target"], ind, lang)
                )
        rec = {
            "row": row_label(ind),
            "indicator": ind.name(lang),
            "attribute": i18n.attribute_label(ind.attribute, lang),
            "unit": unit_text(ind, lang),
            "baseline": baseline_text(ind, r["baseline"], lang),
            "target": target,
            "data_year": year_text(r["data_year"]),
            "value": value,
            "gap": change_text(r["gap"], ind, lang),
            "progress_share": or_empty(format_share(r["progress_share"], lang)),
            "time_share": or_empty(format_share(r["time_share"], lang)),
            "years_ahead": or_empty(format_years(r["years_ahead"], lang)),
            "required_increment": change_text(r["required_annual_increment"], ind, lang),
            "required_rate": or_empty(format_rate(r["required_annual_rate"], lang)),
            "status": i18n.status_label(r["status"], lang),
        }
        records.append({cols[k]: rec[k] for k in cols})
        codes.append(r["status"])
        binding.append(ind.attribute == "binding")
    headers = list(cols.values())
    text_keys = ["row", "indicator", "attribute", "value", "target", "status"]
    return make_table(
        ctx,
        key,
        records,
        headers,
        status_codes={cols["status"]: codes},
        binding=binding,
        numeric=tuple(cols[k] for k in _NUMERIC_KEYS),
        compact=True,
        text_columns=tuple(cols[k] for k in text_keys),
        text_key_columns=(cols["row"],),
        # the change columns hold "0.45个百分点" and "0.22%/年": two grid columns each, so that a
        # figure and its unit fit on at most two lines without running into the next cell
        spans={
            cols["indicator"]: 3,
            cols["status"]: 3,
            cols["gap"]: 2,
            cols["required_increment"]: 2,
            cols["required_rate"]: 2,
        },
    )


def overview(ctx) -> ReportTable:
    """The one-page table of every headline series, in the plan table's order.

    Columns: row, indicator, attribute, unit, baseline, target, data year, value, gap,
    progress share, time share, years ahead/behind, required annual increment and rate, status.
    Binding rows carry ``dd-binding``; the plain text shows row, name, attribute, value, target
    and status.
    """
    return _series_table(ctx, "overview", series_rows(ctx))


def domain_table(ctx, domain_id: str) -> ReportTable:
    """The overview's columns for the series of one domain."""
    ids = [i.id for i in ctx.plan.indicators if i.domain == domain_id]
    return _series_table(ctx, f"domain:{domain_id}", series_rows(ctx, ids))


def domain_status(ctx) -> ReportTable:
    """Series per status for every domain (the numbers behind the status-by-domain chart)."""
    lang = ctx.language
    table = ctx.table
    domain_of = {i.id: i.domain for i in ctx.plan.indicators}
    present = [s for s in STATUS_ORDER if (table["status"] == s).any()]
    dom_col = ctx.t("col_domain")
    records = []
    for dom in ctx.plan.domain_order():
        sub = table[table["indicator_id"].map(domain_of) == dom]
        if len(sub) == 0:
            continue
        rec = {dom_col: ctx.plan.domain_name(dom, lang)}
        for s in present:
            rec[i18n.status_label(s, lang)] = str(int((sub["status"] == s).sum()))
        rec[ctx.t("col_total")] = str(len(sub))
        records.append(rec)
    columns = [dom_col] + [i18n.status_label(s, lang) for s in present] + [ctx.t("col_total")]
    return make_table(ctx, "domain_status", records, columns, numeric=tuple(columns[1:]))
