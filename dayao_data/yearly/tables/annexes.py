"""The yearly report's annex tables: extended targets, key projects, the plan's quality issues,
the side-by-side alternatives and the data gaps."""

from __future__ import annotations

import pandas as pd

from dayao_data import i18n
from dayao_data.display import (
    format_number,
    format_share,
    is_missing,
)
from dayao_data.plan import Indicator
from dayao_data.prose import plan_prose
from dayao_data.report.tables import (
    EMPTY,
    ReportTable,
    baseline_text,
    make_table,
    or_empty,
    target_text,
    value_text,
    year_text,
)
from dayao_data.yearly.tables.overview import series_rows

__all__ = [
    "extended_targets",
    "projects",
    "issue_statements",
    "quality_issues",
    "alternatives",
    "DATA_GAP_CODES",
    "data_gaps",
]

# --------------------------------------------------------------------------------------
# Extended targets and key projects
# --------------------------------------------------------------------------------------


def _printed_target(ind: Indicator) -> str:
    if ind.target is not None and ind.target.printed:
        return ind.target.printed
    return ind.target_printed or EMPTY


def extended_targets(ctx) -> ReportTable:
    """Quantified targets stated in the plan's chapters: section, target as printed, value, status."""
    lang = ctx.language
    cols = {
        k: ctx.t(f"col_{k}")
        for k in ("section", "indicator", "target_printed", "data_year", "value", "status", "department")
    }
    records, codes, binding = [], [], []
    for ind, r in series_rows(ctx, catalogue="extended"):
        has_value = not is_missing(r["value"])
        records.append(
            {
                cols["section"]: ind.section or (ind.target.cite.location if ind.target else EMPTY),
                cols["indicator"]: ind.name(lang),
                cols["target_printed"]: _printed_target(ind),
                cols["data_year"]: year_text(r["data_year"]),
                cols["value"]: value_text(r["value"], ind, lang) if has_value else EMPTY,
                cols["status"]: i18n.status_label(r["status"], lang),
                cols["department"]: ctx.plan.department_name(ind.department, lang) or EMPTY,
            }
        )
        codes.append(r["status"])
        binding.append(ind.attribute == "binding")
    return make_table(
        ctx,
        "extended",
        records,
        list(cols.values()),
        status_codes={cols["status"]: codes},
        binding=binding,
        numeric=(cols["data_year"], cols["value"]),
        compact=True,
        text_columns=(cols["indicator"], cols["target_printed"], cols["value"], cols["status"]),
        spans={
            cols["section"]: 3,
            cols["indicator"]: 3,
            cols["target_printed"]: 3,
            cols["status"]: 2,
            cols["department"]: 2,
        },
    )


def projects(ctx) -> ReportTable:
    """Key projects (重点工程) with their planned quantities and investment, and any progress reported."""
    lang = ctx.language
    cols = {k: ctx.t(f"col_{k}") for k in ("domain", "project", "quantities", "value", "department", "source")}
    by_id = ctx.extended.table.set_index("indicator_id") if len(ctx.extended.table) else None
    records = []
    for p in ctx.plan.projects:
        quantities, progress = [], []
        for tid in p.targets:
            ind = ctx.plan.indicator(tid)
            target = target_text(ind, ind.target_value, lang) if ind.target_value is not None else _printed_target(ind)
            quantities.append(f"{ind.name(lang)} {target}")
            if by_id is not None and tid in by_id.index and not is_missing(by_id.loc[tid, "value"]):
                r = by_id.loc[tid]
                progress.append(
                    f"{ind.name(lang)} {value_text(r['value'], ind, lang)}({year_text(r['data_year'])},{i18n.status_label(r['status'], lang)})"
                    if lang == "zh"
                    else f"{ind.name(lang)} {value_text(r['value'], ind, lang)} ({year_text(r['data_year'])}, {i18n.status_label(r['status'], lang)})"
                )
        records.append(
            {
                cols["domain"]: ctx.plan.domain_name(p.domain, lang),
                cols["project"]: p.name_en if lang == "en" and p.name_en else p.name_zh,
                cols["quantities"]: ctx.t("clause_sep").join(quantities) or EMPTY,
                cols["value"]: ctx.t("clause_sep").join(progress) or EMPTY,
                cols["department"]: ctx.plan.department_name(p.department, lang) or EMPTY,
                cols["source"]: p.cite.location if p.cite else EMPTY,
            }
        )
    return make_table(
        ctx,
        "projects",
        records,
        list(cols.values()),
        compact=True,
        text_columns=(cols["project"], cols["quantities"]),
        spans={cols["project"]: 2, cols["quantities"]: 5, cols["value"]: 2, cols["department"]: 2, cols["source"]: 3},
    )


# --------------------------------------------------------------------------------------
# Data quality
# --------------------------------------------------------------------------------------


def _issue_text(plan, issue, attr: str, language: str) -> str:
    """A quality issue's summary or handling as the report prints it (names, not ids)."""
    zh, en = getattr(issue, f"{attr}_zh"), getattr(issue, f"{attr}_en")
    return plan_prose(plan, en if language == "en" and en else zh, language)


def issue_statements(ctx, issue) -> ReportTable:
    """The statements of one quality issue: the figure printed, where, and the verbatim quote."""
    cols = {k: ctx.t(f"col_{k}") for k in ("printed", "source", "quote")}
    records = [
        {
            cols["printed"]: s.printed or (format_number(s.value) if s.value is not None else EMPTY),
            cols["source"]: s.cite.location,
            cols["quote"]: s.cite.quote,
        }
        for s in issue.statements
    ]
    return make_table(
        ctx, f"issue:{issue.id}", records, list(cols.values()), text_columns=(cols["printed"], cols["source"])
    )


def quality_issues(ctx) -> ReportTable:
    """Every place the plan contradicts itself or is ambiguous: one row per statement, with citation.

    For Excel: issue, kind, indicators, the plan's statement (figure, location, quote) and how the
    suite handles it.  The report shows each issue as a block (see :func:`dayao_data.yearly.show.quality_issues`).
    """
    lang = ctx.language
    cols = {
        k: ctx.t(f"col_{k}") for k in ("issue", "issue_kind", "indicator", "printed", "source", "quote", "handling")
    }
    records = []
    for q in ctx.plan.quality_issues:
        names = i18n.join_list([ctx.plan.indicator(i).name(lang) for i in q.indicators], lang) or EMPTY
        for s in q.statements:
            records.append(
                {
                    cols["issue"]: _issue_text(ctx.plan, q, "summary", lang),
                    cols["issue_kind"]: i18n.issue_kind_label(q.kind, lang),
                    cols["indicator"]: names,
                    cols["printed"]: s.printed or (format_number(s.value) if s.value is not None else EMPTY),
                    cols["source"]: s.cite.location,
                    cols["quote"]: s.cite.quote,
                    cols["handling"]: _issue_text(ctx.plan, q, "handling", lang),
                }
            )
    return make_table(
        ctx,
        "quality_issues",
        records,
        list(cols.values()),
        compact=True,
        text_columns=(cols["indicator"], cols["printed"], cols["source"]),
        spans={cols["issue"]: 3, cols["indicator"]: 2, cols["source"]: 2, cols["quote"]: 3, cols["handling"]: 3},
    )


def alternatives(ctx) -> ReportTable:
    """Where the plan states two values: the assessment with the value used and with the other, side by side."""
    lang = ctx.language
    cols = {
        k: ctx.t(f"col_{k}")
        for k in (
            "indicator",
            "field",
            "value_used",
            "value_alternative",
            "data_year",
            "value",
            "status_used",
            "status_alternative",
            "progress_used",
            "progress_alternative",
            "differs",
        )
    }
    records, used_codes, alt_codes = [], [], []
    for r in ctx.alternatives.itertuples():
        ind = ctx.plan.indicator(r.indicator_id)
        field_name = r.field
        shown = target_text if field_name == "target" else baseline_text
        label = r.label_en if lang == "en" and r.label_en else r.label_zh
        alt = shown(ind, r.value_alternative, lang)
        records.append(
            {
                cols["indicator"]: ind.label(lang),
                cols["field"]: i18n.t(f"field_{field_name}", lang),
                cols["value_used"]: shown(ind, r.value_used, lang),
                cols["value_alternative"]: f"{alt}({label})"
                if label and lang == "zh"
                else (f"{alt} ({label})" if label else alt),
                cols["data_year"]: year_text(r.data_year),
                cols["value"]: value_text(r.value, ind, lang),
                cols["status_used"]: i18n.status_label(r.status_used, lang),
                cols["status_alternative"]: i18n.status_label(r.status_alternative, lang),
                cols["progress_used"]: or_empty(format_share(r.progress_share_used, lang)),
                cols["progress_alternative"]: or_empty(format_share(r.progress_share_alternative, lang)),
                cols["differs"]: ctx.t("yes") if r.differs else ctx.t("no"),
            }
        )
        used_codes.append(r.status_used)
        alt_codes.append(r.status_alternative)
    return make_table(
        ctx,
        "alternatives",
        records,
        list(cols.values()),
        status_codes={cols["status_used"]: used_codes, cols["status_alternative"]: alt_codes},
        numeric=(
            cols["value_used"],
            cols["value_alternative"],
            cols["data_year"],
            cols["value"],
            cols["progress_used"],
            cols["progress_alternative"],
        ),
        compact=True,
        text_columns=(
            cols["indicator"],
            cols["value_used"],
            cols["value_alternative"],
            cols["status_used"],
            cols["status_alternative"],
        ),
        spans={
            cols["indicator"]: 2,
            cols["value_alternative"]: 3,
            cols["status_used"]: 2,
            cols["status_alternative"]: 2,
        },
    )


#: Note codes of the progress engine that describe a gap in the data (in report order).
DATA_GAP_CODES = ("no_data", "stale_data", "missing_years", "incomplete_sum", "not_assessable", "no_baseline")


def data_gaps(ctx) -> ReportTable:
    """Series with no data, a stale data year, missing years, an incomplete total, no quota or no
    baseline; warnings on the actuals files; and which series rest on illustrative data."""
    lang = ctx.language
    cols = {k: ctx.t(f"col_{k}") for k in ("indicator", "department", "problem", "detail")}
    records = []
    order = {c: i for i, c in enumerate(DATA_GAP_CODES)}
    for assessment in (ctx.assessment, ctx.extended):
        notes = assessment.notes[assessment.notes["code"].isin(DATA_GAP_CODES)].copy()
        if assessment is ctx.extended:
            # The text's many targets mostly have no actuals yet: one line, not a hundred.
            no_data = notes[notes["code"] == "no_data"]
            if len(no_data):
                records.append(
                    {
                        cols["indicator"]: EMPTY,
                        cols["department"]: EMPTY,
                        cols["problem"]: i18n.note_label("no_data", lang),
                        cols["detail"]: ctx.t("extended_no_data", n=len(no_data)),
                    }
                )
            notes = notes[notes["code"] != "no_data"]
        positions = {ind.id: i for i, ind in enumerate(ctx.plan.series("all"))}
        notes["_code"] = notes["code"].map(order)
        notes["_pos"] = notes["indicator_id"].map(positions)
        for n in notes.sort_values(["_code", "_pos"], kind="stable").itertuples():
            ind = ctx.plan.indicator(n.indicator_id)
            records.append(
                {
                    cols["indicator"]: ind.label(lang),
                    cols["department"]: ctx.plan.department_name(ind.department, lang) or EMPTY,
                    cols["problem"]: i18n.note_label(n.code, lang),
                    cols["detail"]: n.message_en if lang == "en" else n.message_zh,
                }
            )
    warnings = [p for p in ctx.actuals.attrs.get("problems", []) if getattr(p, "severity", "") == "warning"]
    for p in warnings:
        records.append(
            {
                cols["indicator"]: EMPTY,
                cols["department"]: EMPTY,
                cols["problem"]: ctx.t("note_data_warning"),
                cols["detail"]: _problem_text(ctx, p),
            }
        )
    if ctx.illustrative:
        used = pd.concat([ctx.assessment.table, ctx.extended.table])
        flagged = used[used["illustrative"]]
        with_data = used[used["data_year"].notna()]
        if len(flagged) == len(with_data):
            detail = (
                f"全部{len(flagged)}个有数据的指标都来自示例数据(非真实统计)。"
                if lang == "zh"
                else f"All {len(flagged)} series with data rest on illustrative data (not real statistics)."
            )
        else:
            names = i18n.join_list([ctx.plan.indicator(i).name(lang) for i in flagged["indicator_id"]], lang)
            detail = (
                f"以下{len(flagged)}个指标用到示例数据:{names}。"
                if lang == "zh"
                else f"{len(flagged)} series use illustrative data: {names}."
            )
        records.append(
            {
                cols["indicator"]: EMPTY,
                cols["department"]: EMPTY,
                cols["problem"]: ctx.t("note_illustrative"),
                cols["detail"]: detail,
            }
        )
    return make_table(ctx, "data_gaps", records, list(cols.values()), text_columns=(cols["indicator"], cols["problem"]))


def _problem_text(ctx, problem) -> str:
    text = str(problem)
    for f in ctx.input_files:
        text = text.replace(str(f.path), f.shown)
    return text
