"""The report's tables: DataFrames for Excel and JupyterLab, HTML fragments for the report.

Every builder takes a :class:`~dayao_data.context.ReportContext` and returns a
:class:`ReportTable`: ``.frame`` is a DataFrame of display strings (units in every cell, headers in
the report language) that opens cleanly in Excel; ``.to_html()`` is the fragment the PDF renderer
styles; ``.to_text()`` is a plain-text table (aligned for Chinese) for nbval and for reading an
executed notebook.  The numbers are the assess table's, formatted by :mod:`dayao_data.display`,
so a figure reads the same in the command line, the notebooks, Excel and the PDF.

HTML contract (the renderer's stylesheet targets these classes, nothing else is styled inline):

* ``<table class="dd-table">`` (plus ``dd-compact`` for wide tables) with ``<thead>``/``<tbody>``;
  number cells ``class="num"``; a binding indicator's row ``class="dd-binding"``;
* a status ``<span class="dd-status dd-status-{code}">已实现</span>``;
* ``<figure class="dd-figure">``, ``<div class="dd-callout">``, ``<div class="dd-alarm">``,
  ``<div class="dd-pagebreak"></div>``, ``<div class="dd-keep">``, ``<div class="dd-illustrative">``.

Gaps and yearly increments of a % (‰) indicator are differences of rates, so they are shown in
percentage (per-mille) points — ``0.45个百分点`` — never as ``0.45%``, which would read as a rate.

>>> from dayao_data.context import setup
>>> ctx = setup(2024)
>>> row = overview(ctx).frame.iloc[0]
>>> row["2020年基期"], row["2025年目标"], row["现值"], row["差距"], row["状态"]
('85.76%', '90%', '89.8%', '0.2个百分点', '快于预期')
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data import i18n
from dayao_data.display import (
    format_number,
    format_rate,
    format_share,
    format_value,
    format_years,
    is_missing,
    text_table,
)
from dayao_data.plan import Indicator
from dayao_data.progress import ANTICIPATED_LABELS, CAGR_LABELS, STATUS_ORDER
from dayao_data.prose import plan_prose
from dayao_data.typography import zh_text

__all__ = [
    "EMPTY",
    "ReportTable",
    "Changes",
    "value_text",
    "change_text",
    "target_text",
    "baseline_text",
    "unit_text",
    "overview",
    "domain_table",
    "domain_status",
    "alarms",
    "needed_text",
    "extended_targets",
    "projects",
    "quality_issues",
    "issue_statements",
    "alternatives",
    "data_gaps",
    "changes_since_last_report",
    "status_definitions",
    "method_parameters",
    "run_facts",
    "to_excel",
    "status_span",
    "illustrative_banner",
    "heading",
    "callout",
    "paragraph",
    "alarm_box",
    "figure_html",
    "pagebreak",
    "keep",
    "escape",
]

#: What an empty cell shows (the method leaves the figure empty for this kind or year).
EMPTY = "—"

#: Width of the plain-text tables: fixed, so that text/plain outputs do not depend on the terminal.
TEXT_WIDTH = 160

_COMPARATOR_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": ""}


def escape(text: Any) -> str:
    """HTML-escape any value (quotes too)."""
    return html.escape("" if text is None else str(text), quote=True)


# --------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------


def _unit_en(ind: Indicator) -> str:
    if ind.unit in ("%", "‰", "1/10万") or not ind.unit_en:
        return ind.unit
    return ind.unit_en


def unit_text(ind: Indicator, language: str = "zh") -> str:
    """The unit as the unit column shows it, marked 推定 where the plan prints none.

    >>> from dayao_data.plan import load_plan
    >>> plan = load_plan()
    >>> unit_text(plan.indicator("life_expectancy")), unit_text(plan.indicator("preschool_gross_enrolment_rate"))
    ('岁（推定）', '%')
    """
    if language == "en" and ind.unit == "1/10万":
        unit = ind.unit_en or "per 100,000"
    else:
        unit = (_unit_en(ind) if language == "en" else ind.unit) or ""
    if not unit:
        return EMPTY
    if ind.unit_inferred:
        unit += " (inferred)" if language == "en" else "（推定）"
    return unit


def value_text(value: Any, ind: Indicator, language: str = "zh") -> str:
    """A value with its unit (display.format_value), ``—`` when empty.

    >>> from dayao_data.plan import load_plan
    >>> jobs = load_plan().indicator("urban_new_jobs")
    >>> value_text(1.06, jobs), value_text(1.06, jobs, "en"), value_text(float("nan"), jobs)
    ('1.06万人', '1.06 × 10,000 persons', '—')
    """
    if is_missing(value):
        return EMPTY
    if language != "en":
        return format_value(value, ind.unit, "zh")
    unit = _unit_en(ind)
    if unit.startswith("10,000 "):
        return f"{format_number(value)} × {unit}"
    return format_value(value, unit, "en")


def change_text(value: Any, ind: Indicator, language: str = "zh") -> str:
    """A difference (gap, yearly increment): points for % and ‰, else the unit.

    >>> from dayao_data.plan import load_plan
    >>> plan = load_plan()
    >>> change_text(0.45, plan.indicator("compulsory_education_retention_rate"))
    '0.45个百分点'
    >>> change_text(-0.2, plan.indicator("infant_child_mortality_rate"), "en")
    '-0.2 ‰ pts'
    """
    if is_missing(value):
        return EMPTY
    if ind.unit == "%":
        return format_number(value) + i18n.t("unit_points_percent", language)
    if ind.unit == "‰":
        return format_number(value) + i18n.t("unit_points_permille", language)
    return value_text(value, ind, language)


def _bound_symbol(ind: Indicator) -> str:
    comparator = ind.target.comparator if ind.target is not None else "="
    if ind.kind == "ceiling" and comparator in ("", "="):
        comparator = ("<" if ind.strict else "<=") if ind.direction < 0 else (">" if ind.strict else ">=")
    return _COMPARATOR_SYMBOL.get(comparator, "")


def target_text(ind: Indicator, target: Any, language: str = "zh") -> str:
    """The target cell: ``≤4.2%`` for a ceiling, ``1.58万人(五年累计)`` for a total, the quota for a
    qualitative target (or the plan's words when no quota is known)."""
    if ind.kind == "qualitative":
        if is_missing(target):
            if language == "en":
                return i18n.t("target_quota_printed", "en")
            return ind.target_printed or i18n.t("target_quota_printed", "zh")
        return i18n.t("target_qualitative_assigned", language, target=value_text(target, ind, language))
    if is_missing(target):
        return EMPTY
    text = value_text(target, ind, language)
    if ind.kind == "ceiling":
        return _bound_symbol(ind) + text
    if ind.kind == "cumulative":
        return i18n.t("target_cumulative", language, target=text)
    return text


def baseline_text(ind: Indicator, baseline: Any, language: str = "zh") -> str:
    return value_text(baseline, ind, language)


def _year_text(year: Any) -> str:
    return EMPTY if is_missing(year) else str(int(year))


def _or_empty(text: str) -> str:
    return text if text else EMPTY


def status_span(code: Any, language: str = "zh") -> str:
    """The status as the report shows it: ``<span class="dd-status dd-status-lagging">滞后</span>``."""
    if code is None or is_missing(code) or str(code) == "":
        return ""
    return f'<span class="dd-status dd-status-{escape(code)}">{escape(i18n.status_label(code, language))}</span>'


# --------------------------------------------------------------------------------------
# The table object
# --------------------------------------------------------------------------------------


#: What must never be split across lines in a table cell: a figure with its short unit (85.76%,
#: 4.84张, <5‰, 15/10万) and, on their own, the long units that follow a figure (个百分点, /年).
#: A line may break between "0.45" and "个百分点", never inside either.
_FIGURE = re.compile(
    r"[<>≤≥±+\-−]?\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:%|‰|‱|pp|/10万|1/10万|[\u4e00-\u9fff]{1,2}(?=[（(/,，;；、\s]|$)))?"
    r"|个[百千]分点|/年|/yr"
)


def keep_figures(text: str) -> str:
    """``text`` escaped for HTML, each figure with its unit in a no-break span.

    >>> keep_figures("1个百分点；15/10万 <5‰；0.22%/年")
    '<span class="dd-nb">1</span><span class="dd-nb">个百分点</span>；<span class="dd-nb">15/10万</span> <span class="dd-nb">&lt;5‰</span>；<span class="dd-nb">0.22%</span><span class="dd-nb">/年</span>'
    """
    out, last = [], 0
    for m in _FIGURE.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f'<span class="dd-nb">{escape(m.group(0))}</span>')
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


@dataclass
class ReportTable:
    """A report table: display strings plus what the HTML needs (status codes, binding rows).

    ``status_codes`` maps a column header to the status code of each row, so that the cell is
    drawn as a ``dd-status`` span; ``binding`` marks the rows of binding indicators.

    ``spans`` gives a column of a compact table the width of several: the stylesheet lays
    ``dd-compact`` tables out in equal columns (``table-layout: fixed``), so a name column
    spanning three grid columns gets the room it needs without any inline style.
    """

    frame: pd.DataFrame
    key: str = ""
    status_codes: dict[str, list[Any]] = field(default_factory=dict)
    binding: list[bool] | None = None
    numeric: tuple[str, ...] = ()
    compact: bool = False
    language: str = "zh"
    text_columns: tuple[str, ...] | None = None
    text_key_columns: tuple[str, ...] = ()
    spans: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def empty(self) -> bool:
        return len(self.frame) == 0

    def to_html(self) -> str:
        """``<table class="dd-table">`` with escaped text, number cells, status spans, binding rows."""
        classes = "dd-table dd-compact" if self.compact else "dd-table"
        cols = list(self.frame.columns)
        span = {
            c: (f' colspan="{int(self.spans[c])}"' if self.compact and self.spans.get(c, 1) > 1 else "") for c in cols
        }
        # Headers of a compact table wrap (a right-aligned header does not, and would run into
        # its neighbour); in an auto-width table they align with their numbers.
        head = "".join(
            f'<th class="num"{span[c]}>{escape(c)}</th>'
            if c in self.numeric and not self.compact
            else f"<th{span[c]}>{escape(c)}</th>"
            for c in cols
        )
        body = []
        for i in range(len(self.frame)):
            cells = []
            for c in cols:
                value = self.frame.iat[i, cols.index(c)]
                text = "" if is_missing(value) else str(value)
                cell = keep_figures(text)
                codes = self.status_codes.get(c)
                if codes is not None and codes[i] is not None and not is_missing(codes[i]) and codes[i] in STATUS_ORDER:
                    cells.append(
                        f'<td{span[c]}><span class="dd-status dd-status-{escape(codes[i])}">{escape(text)}</span></td>'
                    )
                elif c in self.numeric:
                    cells.append(f'<td class="num"{span[c]}>{cell}</td>')
                else:
                    cells.append(f"<td{span[c]}>{cell}</td>")
            row_class = ' class="dd-binding"' if self.binding is not None and self.binding[i] else ""
            body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
        return f'<table class="{classes}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'

    def to_text(self, width: int = TEXT_WIDTH) -> str:
        """A deterministic plain-text table (fixed width; the columns chosen for reading)."""
        frame = self.frame if self.text_columns is None else self.frame[list(self.text_columns)]
        if len(frame) == 0:
            return "(" + i18n.t("none", self.language) + ")\n"
        keys = list(self.text_key_columns) or [frame.columns[0]]
        return text_table(frame.astype(str), key_columns=keys, width=width)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.to_text()


def _table(ctx, key: str, records: list[dict], columns: Sequence[str], **kwargs) -> ReportTable:
    frame = pd.DataFrame(records, columns=list(columns))
    return ReportTable(frame=frame, key=key, language=ctx.language, **kwargs)


# --------------------------------------------------------------------------------------
# The one-page table and the domain tables
# --------------------------------------------------------------------------------------


def _row_label(ind: Indicator) -> str:
    if ind.table_row is None:
        return EMPTY
    return ind.row_label


def _series_rows(ctx, ids: Iterable[str] | None = None, catalogue: str = "headline") -> list[tuple[Indicator, Any]]:
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
            "row": _row_label(ind),
            "indicator": ind.name(lang),
            "attribute": i18n.attribute_label(ind.attribute, lang),
            "unit": unit_text(ind, lang),
            "baseline": baseline_text(ind, r["baseline"], lang),
            "target": target,
            "data_year": _year_text(r["data_year"]),
            "value": value,
            "gap": change_text(r["gap"], ind, lang),
            "progress_share": _or_empty(format_share(r["progress_share"], lang)),
            "time_share": _or_empty(format_share(r["time_share"], lang)),
            "years_ahead": _or_empty(format_years(r["years_ahead"], lang)),
            "required_increment": change_text(r["required_annual_increment"], ind, lang),
            "required_rate": _or_empty(format_rate(r["required_annual_rate"], lang)),
            "status": i18n.status_label(r["status"], lang),
        }
        records.append({cols[k]: rec[k] for k in cols})
        codes.append(r["status"])
        binding.append(ind.attribute == "binding")
    headers = list(cols.values())
    text_keys = ["row", "indicator", "attribute", "value", "target", "status"]
    return _table(
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
    return _series_table(ctx, "overview", _series_rows(ctx))


def domain_table(ctx, domain_id: str) -> ReportTable:
    """The overview's columns for the series of one domain."""
    ids = [i.id for i in ctx.plan.indicators if i.domain == domain_id]
    return _series_table(ctx, f"domain:{domain_id}", _series_rows(ctx, ids))


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
    return _table(ctx, "domain_status", records, columns, numeric=tuple(columns[1:]))


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


def _latest_source(ctx, ind: Indicator, year: Any) -> str:
    if is_missing(year):
        return EMPTY
    rows = ctx.actuals[(ctx.actuals["indicator"] == ind.id) & (ctx.actuals["year"] == int(year))]
    if not len(rows):
        return EMPTY
    if bool(rows["illustrative"].iloc[-1]):
        return i18n.t("source_illustrative", ctx.language)
    source = rows["source"].iloc[-1]
    return EMPTY if is_missing(source) or not str(source).strip() else str(source)


def _pace_cell(ind: Indicator, r: Any, language: str) -> str:
    if ind.kind == "cumulative":
        return (
            i18n.t("completion_cumulative", language, total=value_text(r["value"], ind, language))
            if not is_missing(r["value"])
            else EMPTY
        )
    if ind.kind in ("level", "maintain"):
        return _or_empty(format_rate(r["observed_annual_rate"], language))
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
    return _or_empty(format_share(r["progress_share"], language))


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
    from dayao_data import verdict_notes as V

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
    from dayao_data.verdict_notes import flag_mark

    dec = ctx.decided
    decided = dict(zip(dec["indicator_id"], dec["decided_status"])) if "decided_status" in dec else {}
    if any(decided.values()):
        keys = list(cols)
        at = keys.index("status") + 1
        label = "审定结论" if lang == "zh" else "Decided"
        cols = {k: cols[k] for k in keys[:at]} | {"decided": label} | {k: cols[k] for k in keys[at:]}
    for ind, r in _series_rows(ctx):
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
            "row": _row_label(ind),
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
            "source": _latest_source(ctx, ind, r["data_year"]),
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
    return _table(
        ctx,
        "completion",
        records,
        list(cols.values()),
        status_codes={
            cols["status"]: codes,
            **(
                {cols["decided"]: [decided.get(i.id) or None for i, _ in _series_rows(ctx)]}
                if "decided" in cols
                else {}
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
            data_year=_year_text(r["data_year"]),
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
            data_year=_year_text(r["data_year"]),
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
    rate = _or_empty(format_rate(r["required_annual_rate"], lang))
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
        data_year=_year_text(r["data_year"]),
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
    return _table(
        ctx,
        "alarms",
        records,
        list(cols.values()),
        status_codes={cols["status"]: codes},
        binding=[True] * len(records),
        text_columns=(cols["indicator"], cols["status"], cols["value_vs_target"]),
    )


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
    for ind, r in _series_rows(ctx, catalogue="extended"):
        has_value = not is_missing(r["value"])
        records.append(
            {
                cols["section"]: ind.section or (ind.target.cite.location if ind.target else EMPTY),
                cols["indicator"]: ind.name(lang),
                cols["target_printed"]: _printed_target(ind),
                cols["data_year"]: _year_text(r["data_year"]),
                cols["value"]: value_text(r["value"], ind, lang) if has_value else EMPTY,
                cols["status"]: i18n.status_label(r["status"], lang),
                cols["department"]: ctx.plan.department_name(ind.department, lang) or EMPTY,
            }
        )
        codes.append(r["status"])
        binding.append(ind.attribute == "binding")
    return _table(
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
                    f"{ind.name(lang)} {value_text(r['value'], ind, lang)}({_year_text(r['data_year'])},{i18n.status_label(r['status'], lang)})"
                    if lang == "zh"
                    else f"{ind.name(lang)} {value_text(r['value'], ind, lang)} ({_year_text(r['data_year'])}, {i18n.status_label(r['status'], lang)})"
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
    return _table(
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
    return _table(
        ctx, f"issue:{issue.id}", records, list(cols.values()), text_columns=(cols["printed"], cols["source"])
    )


def quality_issues(ctx) -> ReportTable:
    """Every place the plan contradicts itself or is ambiguous: one row per statement, with citation.

    For Excel: issue, kind, indicators, the plan's statement (figure, location, quote) and how the
    suite handles it.  The report shows each issue as a block (see :func:`dayao_data.show.quality_issues`).
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
    return _table(
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
                cols["data_year"]: _year_text(r.data_year),
                cols["value"]: value_text(r.value, ind, lang),
                cols["status_used"]: i18n.status_label(r.status_used, lang),
                cols["status_alternative"]: i18n.status_label(r.status_alternative, lang),
                cols["progress_used"]: _or_empty(format_share(r.progress_share_used, lang)),
                cols["progress_alternative"]: _or_empty(format_share(r.progress_share_alternative, lang)),
                cols["differs"]: ctx.t("yes") if r.differs else ctx.t("no"),
            }
        )
        used_codes.append(r.status_used)
        alt_codes.append(r.status_alternative)
    return _table(
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
    return _table(ctx, "data_gaps", records, list(cols.values()), text_columns=(cols["indicator"], cols["problem"]))


def _problem_text(ctx, problem) -> str:
    text = str(problem)
    for f in ctx.input_files:
        text = text.replace(str(f.path), f.shown)
    return text


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
    from dayao_data.progress import evaluate

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
        from dayao_data.context import _shown
        from dayao_data.paths import project_root

        basis = i18n.t(
            "changes_basis_report", lang, path=_shown(ctx.previous_report, project_root()), previous_year=previous_year
        )
    elif previous_year <= ctx.plan.base_year:
        empty = _table(ctx, "changes", [], list(cols.values()))
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
            from dayao_data.context import _shown
            from dayao_data.paths import project_root

            basis = i18n.t(
                "changes_basis_missing", lang, path=_shown(missing, project_root()), previous_year=previous_year
            )
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
                f"{_fmt_any(row['value'], ind, lang)}({_year_text(row['data_year'])})"
                if lang == "zh"
                else f"{_fmt_any(row['value'], ind, lang)} ({_year_text(row['data_year'])})"
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
    table = _table(
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
        "time": _table(ctx, "status_time", time_records, shown, status_codes={cols["label"]: codes}),
        "pace": _table(ctx, "status_pace", pace, shown),
        "anticipated": _table(ctx, "status_anticipated", anticipated, shown),
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
    return _table(ctx, "method_parameters", records, list(cols.values()))


def run_facts(ctx) -> ReportTable:
    """What the run read: plan, actuals files (with date and checksum), data vintage, band, flags."""
    from dayao_data import __version__

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
    return _table(ctx, "run_facts", records, list(cols.values()))


def _store_vintages(files, language: str) -> list[str]:
    """The data vintage of each actuals file exported from the actuals store (intake id and time)."""
    from dayao_data.store import read_export_vintage

    labels = []
    for f in files:
        vintage = read_export_vintage(f.path)
        if vintage is not None:
            labels.append(vintage.label(language))
    return labels


def _previous_shown(ctx) -> str:
    from dayao_data.context import _shown
    from dayao_data.paths import project_root

    if ctx.previous_report is not None:
        return _shown(ctx.previous_report, project_root())
    missing = ctx.inputs.get("previous_report_missing")
    if missing is not None:
        return ctx.t("fact_previous_missing", path=_shown(missing, project_root()))
    return ctx.t("fact_none")


# --------------------------------------------------------------------------------------
# HTML pieces
# --------------------------------------------------------------------------------------


def illustrative_banner(ctx) -> str:
    """The 示例数据 banner, or '' when no illustrative actual was used."""
    if not ctx.illustrative:
        return ""
    return f'<div class="dd-illustrative">{escape(ctx.t("illustrative_banner"))}</div>'


def heading(level: int, text: str) -> str:
    """``<h1>`` chapter, ``<h2>`` section, ``<h3>`` subsection."""
    if level not in (1, 2, 3, 4):
        raise ValueError(f"heading level must be 1–4, not {level}")
    return f"<h{level}>{escape(text)}</h{level}>"


def callout(text: str) -> str:
    return f'<div class="dd-callout">{escape(text)}</div>'


def alarm_box(text: str) -> str:
    return f'<div class="dd-alarm">{escape(text)}</div>'


def paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def figure_html(png: bytes, caption: str, alt: str = "") -> str:
    """``<figure class="dd-figure">`` with the chart inline (base64) and an escaped caption.

    A chart from :func:`dayao_data.charts.figure_png` carries its SVG too: the page shows the
    vector drawing (for print) and keeps the PNG in ``data-png`` for the Word file.
    """
    import base64

    data = base64.b64encode(png).decode("ascii")
    svg = getattr(png, "svg", b"")
    if svg:
        vector = base64.b64encode(svg).decode("ascii")
        img = (
            f'<img src="data:image/svg+xml;base64,{vector}" data-png="data:image/png;base64,{data}" '
            f'alt="{escape(alt or caption)}">'
        )
    else:
        img = f'<img src="data:image/png;base64,{data}" alt="{escape(alt or caption)}">'
    return f'<figure class="dd-figure">{img}<figcaption>{escape(caption)}</figcaption></figure>'


def pagebreak() -> str:
    return '<div class="dd-pagebreak"></div>'


def keep(inner_html: str) -> str:
    """Keep a block (heading + table, a figure and its notes) on one page."""
    return f'<div class="dd-keep">{inner_html}</div>'


# --------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------


def to_excel(ctx, path: str | Path) -> Path:
    """Write the report's tables to one workbook: the formatted tables and the raw assess table.

    Sheets: 总表 (the one-page table), 评估结果 (the 27 columns of ``assess``, numbers as numbers),
    说明 (the notes), 约束性报警, 数据缺口, 并列评估, 扩展目标, 重点工程, 规划质量问题, 运行信息.
    Written atomically: an earlier file is replaced only once the new one is complete.
    """
    from dayao_data.fsutil import atomic_path

    zh = ctx.language != "en"
    sheets = [
        ("总表" if zh else "Overview", overview(ctx).frame),
        ("评估结果" if zh else "Assess", ctx.table),
        (
            "说明" if zh else "Notes",
            ctx.assessment.notes.assign(
                missing_years=ctx.assessment.notes["missing_years"].map(
                    lambda v: "" if not isinstance(v, list) else ", ".join(map(str, v))
                )
            ),
        ),
        ("约束性报警" if zh else "Binding alarms", alarms(ctx).frame),
        ("数据缺口" if zh else "Data gaps", data_gaps(ctx).frame),
        ("并列评估" if zh else "Alternatives", alternatives(ctx).frame),
        ("扩展目标" if zh else "Extended targets", extended_targets(ctx).frame),
        ("扩展目标评估结果" if zh else "Extended assess", ctx.extended.table),
        ("重点工程" if zh else "Key projects", projects(ctx).frame),
        ("规划质量问题" if zh else "Plan quality issues", quality_issues(ctx).frame),
        ("运行信息" if zh else "Run facts", run_facts(ctx).frame),
    ]
    from dayao_data.excel import safe_frame
    from dayao_data.report.xlsx import BANNER

    path = Path(path)
    first_row = 1 if ctx.illustrative else 0  # row 1 carries the 示例数据 banner on every sheet
    with atomic_path(path, suffix=".xlsx") as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in sheets:
                if zh:  # the workbook's Chinese headers and text set as in the PDF (full-width marks)
                    frame = frame.rename(columns=lambda c: zh_text(c) if isinstance(c, str) else c)
                    frame = frame.apply(
                        lambda col: (
                            col.map(lambda v: zh_text(v) if isinstance(v, str) else v) if col.dtype == object else col
                        )
                    )
                safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False, startrow=first_row)
                if ctx.illustrative:
                    writer.sheets[name[:31]].cell(row=1, column=1, value=BANNER)
    return path
