"""The indicator completion table (指标完成情况表) of the yearly report's annex."""

from __future__ import annotations

from typing import Any

from dayao_data import i18n
from dayao_data.display import (
    format_number,
    format_rate,
    format_share,
    is_missing,
)
from dayao_data.plan import Indicator
from dayao_data.report.tables import (
    EMPTY,
    ReportTable,
    baseline_text,
    latest_source,
    make_table,
    or_empty,
    target_text,
    unit_text,
    value_text,
)
from dayao_data.yearly import verdict_notes as V
from dayao_data.yearly.tables.overview import row_label, series_rows
from dayao_data.yearly.verdict_notes import flag_mark

__all__ = ["department_short", "completion_table"]

# --------------------------------------------------------------------------------------
# The completion table (指标完成情况表) of the annex
# --------------------------------------------------------------------------------------


def _yearly_values(ctx, ind: Indicator) -> dict[int, Any]:
    rows = ctx.actuals[ctx.actuals["indicator"] == ind.id]
    return {int(y): v for y, v in zip(rows["year"], rows["value"])}


def _yearly_flags(ctx, ind: Indicator) -> dict[int, Any]:
    """The flag (provisional / final / estimated) of each year's actual, where the actuals say."""
    if "flag" not in ctx.actuals:
        return {}
    rows = ctx.actuals[ctx.actuals["indicator"] == ind.id]
    return {int(y): f for y, f in zip(rows["year"], rows["flag"]) if isinstance(f, str) and f}


def _pace_cell(ind: Indicator, r: Any, language: str) -> str:
    if ind.kind == "cumulative":
        return (
            i18n.t("completion_cumulative", language, total=value_text(r["value"], ind, language))
            if not is_missing(r["value"])
            else EMPTY
        )
    if ind.kind in ("level", "maintain"):
        return or_empty(format_rate(r["observed_annual_rate"], language))
    return EMPTY


def _completion_cell(ind: Indicator, r: Any, language: str) -> str:
    if ind.kind == "qualitative":
        if is_missing(r["value"]) or is_missing(r["target"]) or not float(r["target"]):
            return EMPTY
        return format_share(float(r["value"]) / float(r["target"]), language)
    if ind.kind == "ceiling":
        if is_missing(r["value"]):
            return EMPTY
        return i18n.t("completion_within" if r["status"] == "achieved" else "completion_over", language)
    return or_empty(format_share(r["progress_share"], language))


def _completion_remarks(ctx, ind: Indicator, r: Any) -> str:
    lang = ctx.language
    remarks = []
    if not is_missing(r["data_year"]) and int(r["data_year"]) < ctx.year:
        remarks.append(i18n.t("remark_stale", lang, year=int(r["data_year"])))
    if ind.kind == "qualitative" and not is_missing(r["target"]):
        remarks.append(
            i18n.t("remark_quota", lang, year=int(r["data_year"]), target=value_text(r["target"], ind, lang))
        )
    alt = ctx.alternatives
    if alt is not None and len(alt):
        for a in alt[(alt["indicator_id"] == ind.id) & alt["differs"].astype(bool)].itertuples():
            remarks.append(
                i18n.t(
                    "remark_alternative",
                    lang,
                    value=value_text(a.value_alternative, ind, lang),
                    status=i18n.status_label(a.status_alternative, lang),
                )
            )
    remarks += [
        t.rstrip("。.")
        for t in (
            V.decision_note(ctx, ind.id),
            V.break_note(r.get("series_break"), lang),
            V.rate_note(ctx, ind, r["status"]),
            V.projection_note(ctx, ind),
        )
        if t
    ]
    sep = "；" if lang == "zh" else "; "
    return sep.join(remarks)


def department_short(plan, dep_id: str | None, language: str) -> str:
    """A department's short name (its Chinese short form in Chinese), ``—`` when none."""
    dep = plan.departments.get(dep_id) if dep_id else None
    if dep is None:
        return EMPTY
    return dep.short_zh if language == "zh" and dep.short_zh else dep.name(language)


def completion_table(ctx) -> ReportTable:
    """The indicator completion table reviewers expect (../shared/spec/official-documents.md):

    序号, 领域, 指标, 单位, 属性, 基期值, 目标值, each plan year's actual up to the assessment year,
    年均增速或累计, 完成情况, 完成率或进度, 责任单位, 数据来源, 备注.  A qualitative target shows the
    plan's words as its target; the quota handed down for the year is a remark with its year.
    """
    lang = ctx.language
    plan = ctx.plan
    years = [y for y in range(plan.base_year + 1, min(ctx.year, plan.target_year) + 1)]
    cols = {
        "row": ctx.t("col_row_number"),
        "domain": ctx.t("col_domain"),
        "indicator": ctx.t("col_indicator"),
        "unit": ctx.t("col_unit"),
        "attribute": ctx.t("col_attribute"),
        "baseline": i18n.t("col_baseline", lang, year=plan.base_year),
        "target": i18n.t("col_target", lang, year=plan.target_year),
    }
    for y in years:
        cols[f"y{y}"] = i18n.t("col_year_value", lang, year=y)
    cols.update(
        pace=ctx.t("col_pace_or_total"),
        status=ctx.t("col_completion"),
        completion=ctx.t("col_completion_share"),
        department=ctx.t("col_department"),
        source=ctx.t("col_data_source"),
        remarks=ctx.t("col_remarks"),
    )
    records, codes, binding = [], [], []
    dec = ctx.decided
    decided = dict(zip(dec["indicator_id"], dec["decided_status"])) if "decided_status" in dec else {}
    if any(decided.values()):
        keys = list(cols)
        at = keys.index("status") + 1
        label = "审定结论" if lang == "zh" else "Decided"
        cols = {k: cols[k] for k in keys[:at]} | {"decided": label} | {k: cols[k] for k in keys[at:]}
    for ind, r in series_rows(ctx):
        values = _yearly_values(ctx, ind)
        target = (
            (ind.target_printed or i18n.t("target_quota_printed", lang))
            if ind.kind == "qualitative" and lang == "zh"
            else (
                i18n.t("target_quota_printed", lang)
                if ind.kind == "qualitative"
                else target_text(ind, r["target"], lang)
            )
        )
        rec = {
            "row": row_label(ind),
            "domain": plan.domain_name(ind.domain, lang),
            "indicator": ind.name(lang),
            "unit": unit_text(ind, lang),
            "attribute": i18n.attribute_label(ind.attribute, lang),
            "baseline": baseline_text(ind, r["baseline"], lang),
            "target": target,
            "pace": _pace_cell(ind, r, lang),
            "status": i18n.status_label(r["status"], lang),
            "completion": _completion_cell(ind, r, lang),
            "department": department_short(plan, ind.department, lang),
            "source": latest_source(ctx, ind, r["data_year"]),
            "remarks": _completion_remarks(ctx, ind, r),
        }
        flags = _yearly_flags(ctx, ind)
        for y in years:
            rec[f"y{y}"] = (
                (format_number(values[y]) + flag_mark(flags.get(y), lang))
                if y in values and not is_missing(values[y])
                else EMPTY
            )
        if "decided" in cols:  # the bureau's decision in its own column, beside the computed status
            rec["decided"] = i18n.status_label(decided[ind.id], lang) if decided.get(ind.id) else EMPTY
        records.append({cols[k]: rec[k] for k in cols})
        codes.append(r["status"])
        binding.append(ind.attribute == "binding")
    numeric = tuple(cols[k] for k in cols if k.startswith("y") or k in ("baseline", "completion"))
    return make_table(
        ctx,
        "completion",
        records,
        list(cols.values()),
        status_codes={
            cols["status"]: codes,
            **(
                {cols["decided"]: [decided.get(i.id) or None for i, _ in series_rows(ctx)]} if "decided" in cols else {}
            ),
        },
        binding=binding,
        numeric=numeric,
        compact=True,
        text_columns=(cols["row"], cols["indicator"], cols["status"], cols["completion"]),
        text_key_columns=(cols["row"],),
        # a status with its symbol (“○ 基本符合预期”) and a rate per year (“1.16%/年”) need two grid columns
        spans={
            cols["indicator"]: 3,
            cols["remarks"]: 5,
            cols["source"]: 2,
            cols["department"]: 2,
            cols["domain"]: 2,
            cols["status"]: 2,
            cols["pace"]: 2,
            **({cols["decided"]: 2} if "decided" in cols else {}),
        },
    )
