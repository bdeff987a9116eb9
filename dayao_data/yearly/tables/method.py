"""The method annex (status definitions, method parameters), the run facts and the 示例数据 banner."""

from __future__ import annotations

from dayao_data import __version__, i18n
from dayao_data.display import (
    format_number,
    format_share,
)
from dayao_data.paths import project_root
from dayao_data.progress import ANTICIPATED_LABELS, CAGR_LABELS, STATUS_ORDER
from dayao_data.report.tables import (
    EMPTY,
    ReportTable,
    escape,
    make_table,
)
from dayao_data.yearly.context import shown_path

__all__ = ["status_definitions", "method_parameters", "run_facts", "illustrative_banner"]

# --------------------------------------------------------------------------------------
# Method annex and run facts
# --------------------------------------------------------------------------------------


def status_definitions(ctx) -> dict[str, ReportTable]:
    """The three status scales with their rules, the band b filled in: ``time``, ``pace``, ``anticipated``."""
    lang = ctx.language
    upper, lower = format_number(1 + ctx.band), format_number(1 - ctx.band)
    cols = {k: ctx.t(f"col_{k}") for k in ("code", "label", "rule")}
    time_records, codes = [], []
    for code in STATUS_ORDER:
        time_records.append(
            {
                cols["code"]: code,
                cols["label"]: i18n.status_label(code, lang),
                cols["rule"]: i18n.t(f"rule_{code}", lang, upper=upper, lower=lower),
            }
        )
        codes.append(code)
    pace = [
        {cols["code"]: code, cols["label"]: i18n.cagr_label(code, lang), cols["rule"]: ctx.t(f"rule_cagr_{code}")}
        for code in CAGR_LABELS
    ]
    anticipated = [
        {
            cols["code"]: code,
            cols["label"]: i18n.anticipated_label(code, lang),
            cols["rule"]: ctx.t(f"rule_anticipated_{code}"),
        }
        for code in ANTICIPATED_LABELS
    ]
    # The English codes are the data's (assess.csv, the workbook); a Chinese report names statuses only.
    shown = list(cols.values()) if lang == "en" else [cols["label"], cols["rule"]]
    return {
        "time": make_table(ctx, "status_time", time_records, shown, status_codes={cols["label"]: codes}),
        "pace": make_table(ctx, "status_pace", pace, shown),
        "anticipated": make_table(ctx, "status_anticipated", anticipated, shown),
    }


def method_parameters(ctx) -> ReportTable:
    """The band b actually used, the plan period, the time share of each year and the thresholds."""
    lang = ctx.language
    cols = {k: ctx.t(f"col_{k}") for k in ("item", "fact")}
    plan = ctx.plan
    records = [
        {cols["item"]: ctx.t("param_band"), cols["fact"]: format_number(ctx.band)},
        {
            cols["item"]: ctx.t("param_thresholds"),
            cols["fact"]: ctx.t(
                "param_thresholds_value", upper=format_number(1 + ctx.band), lower=format_number(1 - ctx.band)
            ),
        },
        {
            cols["item"]: ctx.t("param_years"),
            cols["fact"]: ctx.t("param_years_value", base=plan.base_year, target=plan.target_year),
        },
    ]
    span = plan.target_year - plan.base_year
    for y in plan.years:
        records.append(
            {
                cols["item"]: ctx.t("param_time_share", year=y),
                cols["fact"]: format_share((y - plan.base_year) / span, lang),
            }
        )
    return make_table(ctx, "method_parameters", records, list(cols.values()))


def run_facts(ctx) -> ReportTable:
    """What the run read: plan, actuals files (with date and checksum), data vintage, band, flags."""
    lang = ctx.language
    cols = {k: ctx.t(f"col_{k}") for k in ("item", "fact")}
    plan_files = [f for f in ctx.input_files if ctx.inputs.get("plan") is not None and f.path == ctx.inputs["plan"]]
    actual_files = [f for f in ctx.input_files if f not in plan_files]
    tag = ctx.t("illustrative_tag")
    records = [
        {cols["item"]: ctx.t("fact_plan_title"), cols["fact"]: ctx.plan.title(lang)},
        {
            cols["item"]: ctx.t("fact_plan"),
            cols["fact"]: "; ".join(f"{f.shown} ({f.modified}, sha256 {f.sha256[:12]})" for f in plan_files) or EMPTY,
        },
        {cols["item"]: ctx.t("fact_year"), cols["fact"]: str(ctx.year)},
        {
            cols["item"]: ctx.t("fact_actuals"),
            cols["fact"]: "; ".join(
                f"{f.shown} ({f.modified}, sha256 {f.sha256[:12]}){tag if f.illustrative else ''}" for f in actual_files
            )
            or EMPTY,
        },
        {
            cols["item"]: ctx.t("fact_vintage"),
            cols["fact"]: ctx.t(
                "fact_vintage_value",
                latest=ctx.latest_data_year() or EMPTY,
                dates=", ".join(sorted({f.modified for f in actual_files})) or EMPTY,
            )
            + "".join(f"; {label}" for label in _store_vintages(actual_files, lang)),
        },
        {
            cols["item"]: ctx.t("fact_series"),
            cols["fact"]: ctx.t(
                "fact_series_value", headline=len(ctx.plan.indicators), extended=len(ctx.plan.extended_targets)
            ),
        },
        {cols["item"]: ctx.t("fact_band"), cols["fact"]: format_number(ctx.band)},
        {
            cols["item"]: ctx.t("fact_illustrative"),
            cols["fact"]: ctx.t("fact_yes_illustrative") if ctx.illustrative else ctx.t("no"),
        },
        {cols["item"]: ctx.t("fact_previous_report"), cols["fact"]: _previous_shown(ctx)},
        {cols["item"]: ctx.t("fact_version"), cols["fact"]: f"dayao_data {__version__}"},
    ]
    return make_table(ctx, "run_facts", records, list(cols.values()))


def _store_vintages(files, language: str) -> list[str]:
    """The data vintage of each actuals file exported from the actuals store (intake id and time)."""
    from dayao_data.collect.store import read_export_vintage

    labels = []
    for f in files:
        vintage = read_export_vintage(f.path)
        if vintage is not None:
            labels.append(vintage.label(language))
    return labels


def _previous_shown(ctx) -> str:
    if ctx.previous_report is not None:
        return shown_path(ctx.previous_report, project_root())
    missing = ctx.inputs.get("previous_report_missing")
    if missing is not None:
        return ctx.t("fact_previous_missing", path=shown_path(missing, project_root()))
    return ctx.t("fact_none")


def illustrative_banner(ctx) -> str:
    """The 示例数据 banner, or '' when no illustrative actual was used."""
    if not ctx.illustrative:
        return ""
    return f'<div class="dd-illustrative">{escape(ctx.t("illustrative_banner"))}</div>'
