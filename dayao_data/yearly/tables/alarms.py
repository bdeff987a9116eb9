"""The binding indicators needing attention: the alarm list and what each still needs."""

from __future__ import annotations

from typing import Any

from dayao_data import i18n
from dayao_data.display import (
    format_rate,
    is_missing,
)
from dayao_data.plan import Indicator
from dayao_data.report.tables import (
    EMPTY,
    ReportTable,
    change_text,
    make_table,
    or_empty,
    target_text,
    value_text,
    year_text,
)

__all__ = ["needed_text", "alarms"]

# --------------------------------------------------------------------------------------
# Binding alarms
# --------------------------------------------------------------------------------------


def _bound_phrase(ind: Indicator, target: Any, language: str) -> str:
    text = value_text(target, ind, language)
    if ind.direction < 0:
        return i18n.t("ceiling_bound_lt" if ind.strict else "ceiling_bound_le", language, target=text)
    return i18n.t("floor_bound_gt" if ind.strict else "floor_bound_ge", language, target=text)


def needed_text(ctx, ind: Indicator, r: Any) -> str:
    """What a series still needs, in one sentence, from its assess row."""
    lang = ctx.language
    status = r["status"]
    T = ind.target_year
    target = target_text(ind, r["target"], lang)
    if status == "no_data":
        dep = ctx.plan.department_name(ind.department, lang) or ctx.t("col_department")
        return i18n.t("needed_no_data", lang, department=dep, first=ind.base_year + 1, year=min(ctx.year, T))
    if status == "not_assessable":
        return ctx.t("needed_not_assessable")
    if status in ("achieved", "ahead", "on_track") and ind.kind != "qualitative":
        if is_missing(r["required_annual_increment"]) or r["required_annual_increment"] == 0:
            return EMPTY
    if ind.kind == "ceiling":
        if status != "breached":
            return _bound_phrase(ind, r["target"], lang)
        key = "needed_ceiling" if ind.direction < 0 else "needed_floor"
        return i18n.t(
            key,
            lang,
            bound=_bound_phrase(ind, r["target"], lang),
            data_year=year_text(r["data_year"]),
            value=value_text(r["value"], ind, lang),
        )
    if ind.kind == "maintain":
        return i18n.t(
            "needed_maintain",
            lang,
            target=value_text(r["target"], ind, lang),
            value=value_text(r["value"], ind, lang),
            gap=change_text(r["gap"], ind, lang),
        )
    if ind.kind == "qualitative":
        return i18n.t(
            "needed_qualitative",
            lang,
            target=value_text(r["target"], ind, lang),
            data_year=year_text(r["data_year"]),
            value=value_text(r["value"], ind, lang),
            gap=value_text(r["gap"], ind, lang),
        )
    increment = r["required_annual_increment"]
    if is_missing(increment):
        return i18n.t("needed_level_final", lang, gap=change_text(r["gap"], ind, lang))
    if ind.kind == "cumulative":
        return i18n.t(
            "needed_cumulative",
            lang,
            increment=value_text(increment, ind, lang),
            target_year=T,
            target=value_text(r["target"], ind, lang),
        )
    rate = or_empty(format_rate(r["required_annual_rate"], lang))
    if status == "regressing":
        return i18n.t(
            "needed_regressing", lang, increment=change_text(increment, ind, lang), target_year=T, target=target
        )
    if ind.direction < 0:
        return i18n.t(
            "needed_level_down",
            lang,
            increment=change_text(abs(float(increment)), ind, lang),
            target_year=T,
            target=target,
        )
    return i18n.t(
        "needed_level", lang, increment=change_text(increment, ind, lang), rate=rate, target_year=T, target=target
    )


def _value_vs_target(ctx, ind: Indicator, r: Any) -> str:
    lang = ctx.language
    target = target_text(ind, r["target"], lang)
    if is_missing(r["value"]):
        return i18n.t(
            "alarm_no_value", lang, first=ind.base_year + 1, year=min(ctx.year, ind.target_year), target=target
        )
    return i18n.t(
        "alarm_value_vs_target",
        lang,
        value=value_text(r["value"], ind, lang),
        data_year=year_text(r["data_year"]),
        target=target,
    )


def alarms(ctx) -> ReportTable:
    """Binding indicators not achieved, ahead or on track — worst first, as summary.binding_alarms orders them.

    Columns: indicator, responsible department, status, value against target, what is still
    needed each year.
    """
    lang = ctx.language
    by_id = ctx.table.set_index("indicator_id")
    cols = {k: ctx.t(f"col_{k}") for k in ("indicator", "department", "status", "value_vs_target", "needed")}
    records, codes = [], []
    for alarm in ctx.summary.alarms.itertuples():
        ind = ctx.plan.indicator(alarm.indicator_id)
        r = by_id.loc[ind.id]
        records.append(
            {
                cols["indicator"]: ind.label(lang),
                cols["department"]: ctx.plan.department_name(ind.department, lang) or EMPTY,
                cols["status"]: i18n.status_label(r["status"], lang),
                cols["value_vs_target"]: _value_vs_target(ctx, ind, r),
                cols["needed"]: needed_text(ctx, ind, r),
            }
        )
        codes.append(r["status"])
    return make_table(
        ctx,
        "alarms",
        records,
        list(cols.values()),
        status_codes={cols["status"]: codes},
        binding=[True] * len(records),
        text_columns=(cols["indicator"], cols["status"], cols["value_vs_target"]),
    )
