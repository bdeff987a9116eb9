"""The one-line calls of the mid-term and final evaluation notebooks.

Like :mod:`dayao_data.show` for the yearly report: every function displays one part of the report
as ``text/html`` (the report's HTML classes: ``dd-table``, ``td.num``, ``dd-status``,
``dd-binding``, ``dd-callout``, ``dd-alarm``, ``dd-illustrative`` …, through
:class:`dayao_data.tables.ReportTable`) and a deterministic ``text/plain`` (no dates, no paths),
and returns None.  The sentences come from :mod:`dayao_data.narrative` (templates filled with
table cells), the tables from :mod:`dayao_data.evaluation`.

A notebook calls :func:`setup_midterm` or :func:`setup_final` once, after its parameters cell::

    ev = setup_midterm(year=year, plan_file=plan_file, actuals_files=actuals_files,
                       language=language, band=band, output_folder=output_folder)
    show_evaluation.overall(ev)

>>> ev = setup_midterm(2023)
>>> ev.result.year, ev.kind, ev.language
(2023, 'midterm', 'zh')
>>> print(overall_text(ev).splitlines()[0])
2023年是规划期的中点(基期2020年,目标年2025年),时间进度为60.0%。
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data import i18n
from dayao_data import narrative as nv
from dayao_data import tables as T
from dayao_data.display import format_number, format_rate, format_share, format_years, is_missing
from dayao_data.evaluation import (
    CEILING_VERDICT_LABELS,
    CHANGE_LABELS,
    COMPLETION_LABELS,
    COMPLETION_METRICS,
    DISAGREEMENT_LABELS,
    GROUP_LABELS,
    SCENARIO_LABELS,
    VERDICT_LABELS,
    Final,
    Midterm,
    final,
    midpoint_year,
    midterm,
)
from dayao_data.progress import ANTICIPATED_LABELS, CAGR_LABELS, STATUS_LABELS

__all__ = [
    "Evaluation",
    "setup_midterm",
    "setup_final",
    "overall",
    "overall_text",
    "groups",
    "projects",
    "problems",
    "recommendations",
    "methods",
    "scenarios",
    "method_parameters",
    "conclusion",
    "final_series",
    "final_rows",
    "final_cumulative",
    "final_ceilings",
    "final_comparison",
    "final_annex",
    "run_facts",
    "export_xlsx",
    "excel_sheets",
    "XLSX_NAMES",
]

#: The workbook each evaluation writes into its output folder.
XLSX_NAMES = {"midterm": "midterm.xlsx", "final": "final.xlsx"}

# How a code of the evaluation is drawn: the class of the report's status scale it borrows (the
# label shown is the evaluation's own).  Only the eight status classes are styled (report.css).
_VERDICT_STYLE = {
    "achieved": "achieved",
    "achieved_after_breach": "breached",
    "not_achieved": "lagging",
    "incomplete": "no_data",
    "no_final_year_data": "no_data",
    "not_assessable": "not_assessable",
    "no_data": "no_data",
}
_CEILING_STYLE = {
    "held_every_year": "achieved",
    "held_reported_years": "on_track",
    "breached": "breached",
    "no_data": "no_data",
}
_CHANGE_STYLE = {
    "newly_achieved": "ahead",
    "still_achieved": "achieved",
    "no_longer_achieved": "regressing",
    "still_not_achieved": "lagging",
    "no_final_data": "no_data",
    "breached_in_period": "breached",
}
_SCENARIO_STYLE = {
    "reachable_at_best_pace": "on_track",
    "not_reachable_at_any_pace_seen": "lagging",
    "no_pace_seen": "no_data",
}

_WORDS: dict[str, tuple[str, str]] = {
    "group": ("分组", "Group"),
    "stale": ("(早于评估年)", " (older)"),
    "years_left": ("剩余年数", "Years left"),
    "mean_change": ("此前年均变化", "Average change so far"),
    "best_year": ("最好的一年", "Best year"),
    "best_change": ("最好一年的变化", "Best year's change"),
    "exceeds_best": ("超过最好一年?", "Above the best year?"),
    "problem": ("问题", "Problem"),
    "breach_years": ("越限年份", "Years over the bound"),
    "time_ratio": ("完成进度/时间进度", "Progress / time"),
    "cagr_ratio": ("增速比", "CAGR ratio"),
    "anticipated_progress": ("预期进度", "Anticipated progress"),
    "agree": ("三法一致?", "Methods agree?"),
    "why": ("不一致的原因", "Why they differ"),
    "at_mean": ("(一)按此前年均变化", "(i) At the average change"),
    "at_best": ("(二)按最好一年的变化", "(ii) At the best year's change"),
    "required_path": ("(三)所需路径:每年", "(iii) Required path: per year"),
    "verdict": ("判断", "Verdict"),
    "within_every_year": ("每年都在上限内", "within the bound every year"),
    "over_some_year": ("有年份越限", "over the bound in some year"),
    "reached_in": ("{year}年达到", "reached in {year}"),
    "project": ("重点工程", "Key project"),
    "quantity": ("量化目标", "Quantified target"),
    "investment": ("投资", "investment"),
    "target_year": ("目标年", "Target year"),
    "series_verdicts": ("各项结论", "Verdict of each series"),
    "row_verdict": ("本行结论", "Row verdict"),
    "total": ("累计", "Total"),
    "share": ("完成比例", "Share done"),
    "missing_years": ("缺数据年份", "Years missing"),
    "bound": ("上限", "Bound"),
    "mid_status": ("中期状态", "Mid-term status"),
    "mid_scenario": ("中期情景判断", "Mid-term scenario"),
    "final_verdict": ("期末结论", "Final verdict"),
    "change": ("变化", "Change"),
    "metric": ("指标", "Measure"),
    "midterm": ("中期", "Mid-term"),
    "final": ("期末", "Final"),
    "notes": ("说明", "Notes"),
    "rank": ("序号", "No."),
    "kind": ("建议类别", "Kind"),
    "text": ("建议", "Recommendation"),
    "exported": (
        "评估表已导出为 Excel 工作簿:{name}。",
        "The evaluation tables are exported as an Excel workbook: {name}.",
    ),
    "no_projects": ("规划文件中尚未录入重点工程。", "The plan file lists no key projects yet."),
    "no_problems": ("没有滞后、倒退或突破约束的指标。", "No series is lagging, regressing or over its bound."),
    "no_scenarios": ("没有需要做情景分析的指标。", "No series needs a scenario."),
    "no_disagreement": ("三种方法对每个指标的判断一致。", "The three methods agree on every series."),
    "no_cumulative": ("规划没有规划期累计指标。", "The plan has no plan-period totals."),
    "no_ceilings": ("规划没有上限类指标。", "The plan has no ceilings."),
    "no_extended": ("正文其他量化目标尚无数据。", "No data yet for the other quantified targets of the plan's text."),
    "extended_title": ("正文其他量化目标(有数据的)", "Other quantified targets of the plan's text (with data)"),
    "projects_title": ("重点工程", "Key projects"),
    "param_midpoint": ("中期评估年份", "Mid-term year"),
    "param_midpoint_value": (
        "{year}年(基期{base}年 + 规划期{span}年的一半,向上取整)",
        "{year} (base year {base} + half of the {span}-year period, rounded up)",
    ),
    "param_final": ("总结评估年份", "Final evaluation year"),
    "param_time_share": ("评估年份的时间进度", "Time share of the evaluation year"),
    "param_band": ("时间进度判断带宽 b", "Band b of the time-progress status"),
    "param_years": ("规划期", "Plan period"),
    "param_years_value": ("基期{base}年,目标年{target}年", "base year {base}, target year {target}"),
    "goal": ("目标", "Target"),
    "planned": ("规划量化目标", "Planned quantities and investment"),
    "with_data": ("有进展数据的目标", "Targets with progress data"),
    "progress_title": ("已报送进展的量化目标", "Quantified targets with reported progress"),
    "plan_text": ("规划安排", "What the plan sets"),
    "project_department": ("重点工程（责任部门）", "Key project (department)"),
    "reported": ("截至{year}年报送的进展", "Reported by {year}"),
    "not_reported": ("未报送", "None"),
    "no_quantity": ("规划未列量化目标", "No quantified target in the plan"),
    "investment_title": ("（一）重点工程投资完成情况", "(1) Investment in the key projects"),
    "projects_progress_title": ("（二）重点工程推进情况", "(2) Progress of the key projects"),
    "extended_title_final": (
        "（三）规划正文其他量化目标（有数据的）",
        "(3) Other quantified targets of the plan's text (with data)",
    ),
    "planned_investment": ("计划投资", "Planned investment"),
    "completed_investment": ("完成投资", "Completed investment"),
    "completion_share": ("完成比例", "Share completed"),
    "years_reported": ("报送年份", "Years reported"),
    "investment_missing": ("{years}年未报送，累计不全", "{years} not reported: total incomplete"),
    "investment_none": ("未报送完成投资", "No completed investment reported"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
}

_METRIC_LABELS: dict[str, tuple[str, str]] = {
    "time_share": ("时间进度", "Time share"),
    "mean_task_share": ("平均完成进度(超额按全部完成计)", "Average progress share (capped at 100 %)"),
    "median_task_share": ("完成进度中位数", "Median progress share"),
    "mean_time_share": ("数据年份的平均时间进度", "Average time share at the data years"),
    "n_with_share": ("有完成进度的指标数", "Series with a progress share"),
    "n_at_or_above_time": ("达到或超过时间进度的指标数", "Series at or above their time share"),
    "n_at_or_above_half": ("完成过半的指标数", "Series past half of their task"),
    "n_series": ("指标总数", "Series"),
    "n_stale": ("数据早于评估年份的指标数", "Series with older data"),
    "n_binding": ("约束性指标数", "Binding indicators"),
    "n_binding_satisfactory": ("约束性指标中已实现、快于或基本符合预期的", "Binding: achieved, ahead or on track"),
    "n_satisfactory": ("已实现、快于或基本符合预期的指标数", "Series achieved, ahead or on track"),
}
for _code, (_zh, _en) in STATUS_LABELS.items():
    _METRIC_LABELS[f"n_{_code}"] = (f"{_zh}(个)", f"{_en} (series)")
# The one definition of completion (evaluation.COMPLETION_LABELS), shared by both evaluations.
_METRIC_LABELS["n_assessed"] = ("可判断是否实现的指标数", "Series that can be judged")
for _code, (_zh, _en) in COMPLETION_LABELS.items():
    _METRIC_LABELS[f"n_{_code}"] = (f"{_zh}(个)", f"{_en} (series)")
    _METRIC_LABELS[f"n_binding_{_code}"] = (f"约束性指标{_zh}(个)", f"Binding: {_en.lower()}")


_SHARE_METRICS = ("time_share", "mean_task_share", "median_task_share", "mean_time_share")


def _w(key: str, language: str, **values: Any) -> str:
    zh, en = _WORDS[key]
    text = en if language == "en" else zh
    return text.format(**values) if values else text


# --------------------------------------------------------------------------------------
# Setting up
# --------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """One evaluation run: the report context (plan, actuals, inputs) and the computed result."""

    ctx: Any  # dayao_data.context.ReportContext
    kind: str  # "midterm" or "final"
    result: Midterm | Final

    @property
    def language(self) -> str:
        return self.ctx.language

    @property
    def plan(self):
        return self.ctx.plan

    @property
    def illustrative(self) -> bool:
        return bool(self.ctx.illustrative or self.result.illustrative)

    @property
    def midterm(self) -> Midterm:
        return self.result if isinstance(self.result, Midterm) else self.result.midterm


def _plan_for(plan_file: str):
    from dayao_data.paths import project_root, resolve_path
    from dayao_data.plan import load_plan

    return load_plan(resolve_path(plan_file, project_root()) if str(plan_file or "").strip() else None)


def setup_midterm(
    year: int = 0,
    plan_file: str = "",
    actuals_files: Iterable[str] | str = ("example",),
    language: str = "zh",
    band: float = 0.10,
    output_folder: str = "",
    **_ignored: Any,
) -> Evaluation:
    """Check the parameters, load plan and actuals, compute the mid-term evaluation.

    ``year`` 0 (or empty) means the plan's mid-point (:func:`dayao_data.evaluation.midpoint_year`).
    Other run parameters a notebook receives (``previous_report``) are accepted and not used.
    """
    if _ignored.get("context_file"):  # computed once by the runner (dayao_data.run.shared_context)
        from dayao_data.run.shared_context import load_shared

        return load_shared(_ignored["context_file"], "midterm", {**_ignored, **locals()})
    from dayao_data.context import setup

    if not year:
        year = midpoint_year(_plan_for(plan_file))
    ctx = setup(
        year=year,
        plan_file=plan_file,
        actuals_files=actuals_files,
        language=language,
        band=band,
        output_folder=output_folder,
    )
    return Evaluation(ctx, "midterm", midterm(ctx.plan, ctx.actuals, year=ctx.year, band=ctx.band))


def setup_final(
    year: int = 0,
    plan_file: str = "",
    actuals_files: Iterable[str] | str = ("example",),
    language: str = "zh",
    band: float = 0.10,
    output_folder: str = "",
    midterm_year: int = 0,
    **_ignored: Any,
) -> Evaluation:
    """Check the parameters, load plan and actuals, compute the final evaluation.

    ``year`` must be the plan's target year (0: take it from the plan); ``midterm_year`` 0 means
    the plan's mid-point.
    """
    if _ignored.get("context_file"):  # computed once by the runner (dayao_data.run.shared_context)
        from dayao_data.run.shared_context import load_shared

        return load_shared(_ignored["context_file"], "final", {**_ignored, **locals()})
    from dayao_data.context import setup

    if not year:
        year = _plan_for(plan_file).target_year  # only then is the plan read twice
    ctx = setup(
        year=year,
        plan_file=plan_file,
        actuals_files=actuals_files,
        language=language,
        band=band,
        output_folder=output_folder,
    )
    if ctx.year != ctx.plan.target_year:
        raise ValueError(
            f"the final evaluation is made in the plan's target year {ctx.plan.target_year}, not {year} "
            f"(for another year use the yearly report: dayao report --year {year})"
        )
    return Evaluation(ctx, "final", final(ctx.plan, ctx.actuals, midterm_year=midterm_year or None, band=ctx.band))


# --------------------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------------------


def _emit(html: str, text: str) -> None:
    from IPython.display import display

    display({"text/plain": text.rstrip("\n"), "text/html": html}, raw=True)


def _banner(ev: Evaluation) -> str:
    if not ev.illustrative:
        return ""
    return f'<div class="dd-illustrative">{T.escape(i18n.t("illustrative_banner", ev.language))}</div>'


def _tag(ev: Evaluation, text: str) -> str:
    if not ev.illustrative:
        return text
    return i18n.t("illustrative_banner", ev.language) + "\n" + text


def _paragraphs(sentences: Sequence[nv.Sentence]) -> str:
    return "".join(T.paragraph(s.text) for s in sentences)


def _ordered(sentences: Sequence[nv.Sentence]) -> str:
    items = "".join(f"<li>{T.escape(s.text)}</li>" for s in sentences)
    return f"<ol>{items}</ol>"


def _numbered_text(sentences: Sequence[nv.Sentence]) -> str:
    return "\n".join(f"{i}. {s.text}" for i, s in enumerate(sentences, start=1))


def _label(labels: dict[str, tuple[str, str]], code: Any, language: str) -> str:
    if not isinstance(code, str) or code not in labels:
        return T.EMPTY
    zh, en = labels[code]
    return en if language == "en" else zh


def _ind(ev: Evaluation, indicator_id: str):
    return ev.plan.indicator(indicator_id)


def _name(ev: Evaluation, indicator_id: str) -> str:
    return _ind(ev, indicator_id).name(ev.language)


def _row_label(ind) -> str:
    return ind.row_label if ind.table_row is not None else T.EMPTY


def _year(value: Any) -> str:
    return T.EMPTY if is_missing(value) else str(int(value))


def _years(values: Any, language: str) -> str:
    if values is None or (not isinstance(values, (tuple, list))) or not len(values):
        return T.EMPTY
    return ("、" if language == "zh" else ", ").join(str(int(y)) for y in values)


def _share(value: Any, language: str) -> str:
    return T.EMPTY if is_missing(value) else format_share(value, language)


def _signed(value: Any, ind, language: str) -> str:
    if is_missing(value):
        return T.EMPTY
    text = T.change_text(abs(float(value)), ind, language)
    if abs(float(value)) < 5e-3:
        return text
    return ("+" if float(value) > 0 else "−") + text


#: A figure with its unit, never broken across lines in a table cell ("15/10万", "1.58万人", "+0.24"):
#: a sign or comparison mark, the digits, and a unit of the plan's (longest first).  "个百分点" is
#: kept whole on its own, so a narrow cell may break between the figure and it, never inside.
_UNITS = sorted(
    [
        "人",
        "‰",
        "%",
        "班",
        "项",
        "套",
        "所",
        "年",
        "个",
        "种",
        "块",
        "张",
        "户",
        "岁",
        "名",
        "万人",
        "万元",
        "亿元",
        "平方米",
        "万人次",
        "/10万",
        "元/生·年",
        "元/人·月",
        "元/生·天",
        "元/生",
        "次/年",
        "次/月",
    ],
    key=len,
    reverse=True,
)
_FIGURE = re.compile(
    r"(?:[≤≥<>]|[+−-](?=\d))?\d[\d,]*(?:\.\d+)?(?:"
    + "|".join(re.escape(u) + ("(?![百千]分点)" if u == "个" else "") for u in _UNITS)
    + r")?|个[百千]分点"
)


def _nowrap_cells(html: str) -> str:
    """Wrap every figure-with-unit inside the table cells of ``html`` in a no-break span."""

    def cell(match: re.Match) -> str:
        inner = re.sub(
            r"(<[^>]*>)|(" + _FIGURE.pattern + ")",
            lambda m: m.group(1) or f'<span style="white-space: nowrap">{m.group(2)}</span>',
            match.group(2),
        )
        return match.group(1) + inner + match.group(3)

    return re.sub(r"(<td[^>]*>)(.*?)(</td>)", cell, html, flags=re.S)


@dataclass
class _EvalTable(T.ReportTable):
    """A report table whose cells never break inside a figure or its unit."""

    def to_html(self) -> str:
        return _nowrap_cells(super().to_html())


def _table(
    frame_records: list[dict],
    columns: list[str],
    *,
    language: str,
    status: dict[str, list] | None = None,
    binding: list[bool] | None = None,
    numeric: Sequence[str] = (),
    compact: bool = False,
    text_columns: Sequence[str] | None = None,
    key: str = "",
    status_limit: int | None = None,
    spans: dict[str, int] | None = None,
    units: Sequence[Any] | None = None,
) -> T.ReportTable:
    if units is not None:
        # A unit column after the indicator, the unit as the yearly report shows it
        # (tables.unit_text: "岁（推定）" where the plan's table prints none).
        ucol, at = i18n.t("col_unit", language), columns.index(i18n.t("col_indicator", language)) + 1
        columns = columns[:at] + [ucol] + columns[at:]
        frame_records = [{**r, ucol: T.unit_text(ind, language)} for r, ind in zip(frame_records, units)]
    frame = pd.DataFrame(frame_records, columns=columns)
    # A status span does not wrap (report.css: white-space: nowrap), so a long label in a narrow
    # column would run into the next one: long labels are shown as plain, wrapping text.
    limit = status_limit if status_limit is not None else (16 if language == "en" else 6)
    status = {
        col: [code if len(str(frame[col].iloc[i])) <= limit else None for i, code in enumerate(codes)]
        for col, codes in (status or {}).items()
    }
    return _EvalTable(
        frame=frame,
        key=key,
        status_codes=status,
        binding=binding,
        numeric=tuple(numeric),
        compact=compact,
        language=language,
        text_columns=tuple(text_columns) if text_columns is not None else None,
        text_key_columns=(columns[0],),
        spans=dict(spans or {}),
    )


def _metric_table(ev: Evaluation, metrics: Sequence[str], frame: pd.DataFrame) -> T.ReportTable:
    lang = ev.language
    cols = [_w("metric", lang), i18n.t("col_fact", lang)]
    values = dict(zip(frame["metric"], frame["value"]))
    records = []
    for key in metrics:
        v = values.get(key)
        shown = _share(v, lang) if key in _SHARE_METRICS else (T.EMPTY if v is None else str(int(v)))
        records.append({cols[0]: _label(_METRIC_LABELS, key, lang), cols[1]: shown})
    return _table(records, cols, language=lang, numeric=(cols[1],), key="overall")


# --------------------------------------------------------------------------------------
# Mid-term: 一、总体进展
# --------------------------------------------------------------------------------------

_OVERALL_METRICS = (
    "time_share",
    "n_series",
    "n_with_share",
    "mean_task_share",
    "median_task_share",
    "mean_time_share",
    "n_at_or_above_time",
    "n_at_or_above_half",
    "n_stale",
    "n_binding",
    "n_binding_satisfactory",
)


def overall_text(ev: Evaluation) -> str:
    """总体进展 as plain sentences (one a line)."""
    return "\n".join(s.text for s in nv.midterm_overall(ev.result, ev.language))


def overall(ev: Evaluation) -> None:
    """一、总体进展: time share against task share ("时间过半、任务过半"), the counts by group,
    binding indicators needing attention (named, with their department), the data years."""
    m: Midterm = ev.result
    sentences = nv.midterm_overall(m, ev.language)
    alarm = [s for s in sentences if s.key == "mt_binding_alarm"]
    rest = [s for s in sentences if s.key not in ("mt_binding_alarm", "illustrative")]
    html = _banner(ev) + f'<div class="dd-callout">{_paragraphs(rest)}</div>'
    if alarm:
        html += T.alarm_box(alarm[0].text)
    table = _metric_table(ev, _OVERALL_METRICS, m.overall)
    html += table.to_html()
    _emit(html, _tag(ev, "\n".join(s.text for s in rest + alarm) + "\n\n" + table.to_text()))


# --------------------------------------------------------------------------------------
# Mid-term: 二、主要指标完成情况
# --------------------------------------------------------------------------------------


def groups(ev: Evaluation) -> None:
    """二、主要指标完成情况: one paragraph per group (已实现 … 突破约束, binding first and named) and
    every series in one table, grouped, with its data year (flagged when older than the year)."""
    m: Midterm = ev.result
    lang = ev.language
    sentences = nv.midterm_groups(m, lang)
    cols = [
        _w("group", lang),
        i18n.t("col_row", lang),
        i18n.t("col_indicator", lang),
        i18n.t("col_attribute", lang),
        i18n.t("col_department", lang),
        i18n.t("col_data_year", lang),
        i18n.t("col_value", lang),
        i18n.t("col_target", lang, year=ev.plan.target_year),
        i18n.t("col_progress_share", lang),
        i18n.t("col_time_share", lang),
        i18n.t("col_years_ahead", lang),
    ]
    records, codes, binding, units = [], [], [], []
    for r in m.series.itertuples():
        ind = _ind(ev, r.indicator_id)
        units.append(ind)
        data_year = _year(r.data_year) + (_w("stale", lang) if bool(r.stale) else "")
        records.append(
            dict(
                zip(
                    cols,
                    [
                        _label(GROUP_LABELS, r.group, lang),
                        _row_label(ind),
                        ind.name(lang),
                        i18n.attribute_label(ind.attribute, lang),
                        ev.plan.department_name(ind.department, lang) or T.EMPTY,
                        data_year,
                        T.value_text(r.value, ind, lang),
                        _target_cell(ev, ind, r.target, r.data_year, lang),
                        _share(r.progress_share, lang),
                        _share(r.time_share, lang),
                        T.EMPTY if is_missing(r.years_ahead) else format_years(r.years_ahead, lang),
                    ],
                )
            )
        )
        codes.append("breached" if r.group == "achieved_after_breach" else r.status)
        binding.append(bool(r.binding))
    # The group column two grid columns wide, so that a status label never runs into the row number.
    table = _table(
        records,
        cols,
        language=lang,
        status={cols[0]: codes},
        binding=binding,
        spans={cols[0]: 2, cols[2]: 2},
        numeric=cols[5:],
        compact=True,
        text_columns=[cols[0], cols[2], cols[5], cols[6], cols[8]],
        key="series",
        units=units,
    )
    html = _banner(ev) + _paragraphs(sentences) + table.to_html() + _inferred_note(ev, m.series["indicator_id"])
    _emit(html, _tag(ev, "\n".join(s.text for s in sentences) + "\n\n" + table.to_text()))


# --------------------------------------------------------------------------------------
# Mid-term: 三、重点任务和重点工程
# --------------------------------------------------------------------------------------


def _projects_table(ev: Evaluation, frame: pd.DataFrame) -> T.ReportTable:
    lang = ev.language
    cols = [
        _w("project", lang),
        _w("quantity", lang),
        i18n.t("col_unit", lang),
        _w("target_year", lang),
        _w("goal", lang),
        i18n.t("col_data_year", lang),
        i18n.t("col_value", lang),
        i18n.t("col_progress_share", lang),
        i18n.t("col_status", lang),
    ]
    records, codes = [], []
    for r in frame.itertuples():
        if not r.target_id:
            records.append(
                dict(zip(cols, [r.project_en if lang == "en" and r.project_en else r.project_zh] + [T.EMPTY] * 8))
            )
            codes.append(None)
            continue
        ind = _ind(ev, r.target_id)
        name = ind.name(lang) + (
            f"({_w('investment', lang)})"
            if lang == "zh" and r.is_investment
            else (f" ({_w('investment', lang)})" if r.is_investment else "")
        )
        records.append(
            dict(
                zip(
                    cols,
                    [
                        r.project_en if lang == "en" and r.project_en else r.project_zh,
                        name,
                        T.unit_text(ind, lang),
                        _year(r.target_year),
                        T.target_text(ind, r.target, lang),
                        _year(r.data_year),
                        T.value_text(r.value, ind, lang),
                        _share(r.progress_share, lang),
                        i18n.status_label(r.status, lang),
                    ],
                )
            )
        )
        codes.append(r.status)
    return _table(
        records,
        cols,
        language=lang,
        status={cols[8]: codes},
        numeric=(cols[3], cols[4], cols[5], cols[6], cols[7]),
        compact=True,
        text_columns=[cols[0], cols[1], cols[4], cols[6], cols[8]],
        key="projects",
    )


def _project_label(ev: Evaluation, project_id: str, name_zh: str, name_en: str) -> str:
    """A project with its department in brackets: 学前教育建设工程（教育体育局）."""
    lang = ev.language
    project = next((p for p in ev.plan.projects if p.id == project_id), None)
    dep = ev.plan.departments.get(project.department) if project is not None and project.department else None
    name = name_en if lang == "en" and name_en else name_zh
    if dep is None:
        return name
    if lang == "zh":
        return f"{name}（{dep.short_zh or dep.name_zh}）"
    return f"{name} ({dep.name('en')})"


def _project_plan_text(ev: Evaluation, project_id: str, rows: pd.DataFrame) -> str:
    """What the plan sets for a project: its own words (punctuation normalised) in Chinese; the
    quantified targets in English (the plan's words are Chinese only)."""
    lang = ev.language
    project = next((p for p in ev.plan.projects if p.id == project_id), None)
    targets = []
    for r in rows.itertuples():
        if r.target_id:
            ind = _ind(ev, r.target_id)
            targets.append(f"{ind.name(lang)} {T.target_text(ind, r.target, lang)}")
    if lang == "zh" and project is not None and project.cite and project.cite.quote:
        from dayao_data.typography import zh_text

        return zh_text(project.cite.quote.strip().rstrip("。;；,，")) + "。"
    return "; ".join(targets) or _w("no_quantity", lang)


def _project_progress_text(ev: Evaluation, rows: pd.DataFrame) -> str:
    """The progress reported for a project's quantified targets up to the evaluation year."""
    lang = ev.language
    items = []
    for r in rows.itertuples():
        if not r.target_id or not r.has_data:
            continue
        ind = _ind(ev, r.target_id)
        value = T.value_text(r.value, ind, lang)
        share = "" if is_missing(r.progress_share) else _share(r.progress_share, lang)
        if lang == "zh":
            items.append(f"{ind.name_zh}{_year(r.data_year)}年{value}" + (f"（完成{share}）" if share else ""))
        else:
            items.append(f"{ind.name('en')}: {value} in {_year(r.data_year)}" + (f" ({share} done)" if share else ""))
    return ("；" if lang == "zh" else "; ").join(items) or _w("not_reported", lang)


def _projects_overview(ev: Evaluation, frame: pd.DataFrame) -> T.ReportTable:
    """One row per project: its department, what the plan sets for it (the plan's words) and the
    progress reported for its quantified targets up to the evaluation year."""
    lang = ev.language
    cols = [_w("project_department", lang), _w("plan_text", lang), _w("reported", lang, year=ev.result.year)]
    records = []
    for project_id, rows in frame.groupby("project_id", sort=False):
        first = rows.iloc[0]
        records.append(
            dict(
                zip(
                    cols,
                    [
                        _project_label(ev, project_id, first["project_zh"], first["project_en"]),
                        _project_plan_text(ev, project_id, rows),
                        _project_progress_text(ev, rows),
                    ],
                )
            )
        )
    # Not a compact table: it stays on the chapter's pages, under its heading (a compact table goes to a wide page).
    return _table(records, cols, language=lang, text_columns=[cols[0], cols[1], cols[2]], key="projects_overview")


def _investment_rows(ev: Evaluation, frame: pd.DataFrame) -> list[dict]:
    """The key projects' investment targets: planned (the plan's figure) and completed (the sum
    of the yearly figures reported for the plan period up to the evaluation year; a figure that
    is not a plan-period total: the latest), with the years reported and missing."""
    year = int(ev.result.year)
    actuals = ev.ctx.actuals
    out = []
    for r in frame[frame["is_investment"].fillna(False).astype(bool)].itertuples():
        ind = _ind(ev, r.target_id)
        rows = actuals[
            (actuals["indicator"] == r.target_id) & (actuals["year"] > ev.plan.base_year) & (actuals["year"] <= year)
        ]
        rows = rows[pd.to_numeric(rows["value"], errors="coerce").notna()].sort_values("year")
        years = [int(y) for y in rows["year"]]
        values = [float(v) for v in rows["value"]]
        if not years:
            completed = None
        elif ind.kind == "cumulative":
            completed = sum(values)
        else:
            completed = values[-1]
        expected = list(range(ev.plan.base_year + 1, year + 1)) if ind.kind == "cumulative" else []
        missing = [y for y in expected if y not in years] if years else []
        planned = None if is_missing(r.target) else float(r.target)
        share = completed / planned if completed is not None and planned else None
        out.append(
            {
                "project_id": r.project_id,
                "project_zh": r.project_zh,
                "project_en": r.project_en,
                "department": r.department,
                "department_en": r.department_en,
                "target_id": r.target_id,
                "planned": planned,
                "completed": completed,
                "share": share,
                "years": years,
                "missing": missing,
            }
        )
    return out


def _investment_table(ev: Evaluation, frame: pd.DataFrame) -> T.ReportTable | None:
    lang = ev.language
    rows = _investment_rows(ev, frame)
    if not rows:
        return None
    cols = [
        _w("project_department", lang),
        _w("planned_investment", lang),
        _w("completed_investment", lang),
        _w("completion_share", lang),
        _w("years_reported", lang),
        _w("notes", lang),
    ]
    records = []
    for r in rows:
        ind = _ind(ev, r["target_id"])
        if r["completed"] is None:
            note = _w("investment_none", lang)
        elif r["missing"]:
            note = _w("investment_missing", lang, years=_years(r["missing"], lang))
        else:
            note = T.EMPTY
        records.append(
            dict(
                zip(
                    cols,
                    [
                        _project_label(ev, r["project_id"], r["project_zh"], r["project_en"]),
                        T.value_text(r["planned"], ind, lang),
                        T.value_text(r["completed"], ind, lang),
                        _share(r["share"], lang),
                        _years(r["years"], lang) if r["years"] else T.EMPTY,
                        note,
                    ],
                )
            )
        )
    return _table(
        records,
        cols,
        language=lang,
        numeric=cols[1:4],
        text_columns=[cols[0], cols[1], cols[2], cols[3], cols[5]],
        key="projects_investment",
    )


def _project_tables(ev: Evaluation, frame: pd.DataFrame) -> tuple[str, str]:
    overview = _projects_overview(ev, frame)
    html, text = overview.to_html(), overview.to_text()
    with_data = frame[frame["has_data"]]
    if len(with_data):
        details = _projects_table(ev, with_data)
        html += T.heading(3, _w("progress_title", ev.language)) + details.to_html()
        text += "\n" + _w("progress_title", ev.language) + "\n" + details.to_text()
    return html, text


def projects(ev: Evaluation) -> None:
    """三、重点任务和重点工程: the plan's key projects with their investment and other quantified
    targets, and whatever progress data has been entered for them."""
    m = ev.midterm
    lang = ev.language
    sentences = nv.midterm_projects(m, lang)
    if not len(m.projects):
        _emit(_banner(ev) + T.callout(sentences[0].text), _tag(ev, sentences[0].text))
        return
    tables_html, tables_text = _project_tables(ev, m.projects)
    html = _banner(ev) + f'<div class="dd-callout">{_paragraphs(sentences)}</div>' + tables_html
    _emit(html, _tag(ev, "\n".join(s.text for s in sentences) + "\n\n" + tables_text))


# --------------------------------------------------------------------------------------
# Mid-term: 四、存在的问题
# --------------------------------------------------------------------------------------


def problems(ev: Evaluation) -> None:
    """四、存在的问题: each lagging, regressing or breached series (and each ceiling breached earlier)
    with the annual increment and rate still required and whether it exceeds the best year so far."""
    m: Midterm = ev.result
    lang = ev.language
    sentences = nv.midterm_problems(m, lang)
    if not len(m.problems):
        _emit(_banner(ev) + T.callout(sentences[0].text), _tag(ev, sentences[0].text))
        return
    cols = [
        i18n.t("col_indicator", lang),
        _w("problem", lang),
        i18n.t("col_data_year", lang),
        i18n.t("col_value", lang),
        i18n.t("col_target", lang, year=ev.plan.target_year),
        _w("years_left", lang),
        i18n.t("col_required_increment", lang),
        i18n.t("col_required_rate", lang),
        _w("mean_change", lang),
        _w("best_year", lang),
        _w("best_change", lang),
        _w("exceeds_best", lang),
    ]
    records, codes, binding, units = [], [], [], []
    for r in m.problems.itertuples():
        ind = _ind(ev, r.indicator_id)
        units.append(ind)
        problem = i18n.status_label(r.status, lang)
        if r.problem == "breached_earlier":
            problem = f"{_w('breach_years', lang)} {_years(r.breach_years, lang)}"
        exceeds = (
            T.EMPTY
            if r.exceeds_best is None or is_missing(r.exceeds_best)
            else _w("yes" if r.exceeds_best else "no", lang)
        )
        records.append(
            dict(
                zip(
                    cols,
                    [
                        ind.name(lang),
                        problem,
                        _year(r.data_year),
                        T.value_text(r.value, ind, lang),
                        T.target_text(ind, r.target, lang),
                        _year(r.years_left),
                        _signed(r.required_annual_increment, ind, lang),
                        T.EMPTY if is_missing(r.required_annual_rate) else format_rate(r.required_annual_rate, lang),
                        _signed(r.mean_change, ind, lang),
                        _year(r.best_year),
                        _signed(r.best_change, ind, lang),
                        exceeds,
                    ],
                )
            )
        )
        codes.append("breached" if r.problem == "breached_earlier" else r.status)
        binding.append(bool(r.binding))
    table = _table(
        records,
        cols,
        language=lang,
        status={cols[1]: codes},
        binding=binding,
        numeric=cols[2:11],
        compact=True,
        text_columns=[cols[0], cols[6], cols[10], cols[11]],
        key="problems",
        units=units,
    )
    html = _banner(ev) + _ordered(sentences) + table.to_html()
    _emit(html, _tag(ev, _numbered_text(sentences) + "\n\n" + table.to_text()))


# --------------------------------------------------------------------------------------
# Mid-term: 五、下一步建议
# --------------------------------------------------------------------------------------


def recommendations(ev: Evaluation) -> None:
    """五、下一步建议: generated from the numbers — binding indicators first, then which series need
    more each year than their best year so far, which need their best pace every year, and so on."""
    m: Midterm = ev.result
    sentences = nv.midterm_recommendations(m, ev.language)
    if not sentences:
        text = _w("no_problems", ev.language)
        _emit(_banner(ev) + T.callout(text), _tag(ev, text))
        return
    _emit(_banner(ev) + _ordered(sentences), _tag(ev, _numbered_text(sentences)))


# --------------------------------------------------------------------------------------
# Mid-term annex: methods side by side, scenarios, parameters
# --------------------------------------------------------------------------------------


def methods(ev: Evaluation) -> None:
    """附:方法对比 — time progress, pace (CAGR ratio), projection and years ahead for every series,
    and for each series where they point different ways, why."""
    m: Midterm = ev.result
    lang = ev.language
    cols = [
        i18n.t("col_indicator", lang),
        i18n.t("col_status", lang),
        _w("time_ratio", lang),
        i18n.t("col_years_ahead", lang),
        _w("cagr_ratio", lang),
        i18n.t("col_pace", lang),
        i18n.t("col_projected", lang, year=ev.plan.target_year),
        _w("anticipated_progress", lang),
        i18n.t("col_anticipated", lang),
        _w("agree", lang),
    ]
    records, codes, binding = [], [], []
    for r in m.methods.itertuples():
        ind = _ind(ev, r.indicator_id)
        records.append(
            dict(
                zip(
                    cols,
                    [
                        ind.name(lang),
                        i18n.status_label(r.status, lang),
                        T.EMPTY if is_missing(r.time_ratio) else format_number(r.time_ratio, 2),
                        T.EMPTY if is_missing(r.years_ahead) else format_years(r.years_ahead, lang),
                        T.EMPTY if is_missing(r.cagr_ratio) else format_number(r.cagr_ratio, 2),
                        _label(CAGR_LABELS, r.cagr_status, lang),
                        T.value_text(r.projected_final, ind, lang),
                        _share(r.anticipated_progress, lang),
                        _label(ANTICIPATED_LABELS, r.anticipated_status, lang),
                        _w("yes" if r.agree else "no", lang),
                    ],
                )
            )
        )
        codes.append(r.status)
        binding.append(bool(r.binding))
    table = _table(
        records,
        cols,
        language=lang,
        status={cols[1]: codes},
        binding=binding,
        numeric=(cols[2], cols[3], cols[4], cols[6], cols[7]),
        compact=True,
        text_columns=[cols[0], cols[1], cols[5], cols[8], cols[9]],
        key="methods",
    )
    notes = [(r.indicator_id, r.disagreement) for r in m.methods.itertuples() if isinstance(r.disagreement, str)]
    if notes:
        ncols = [i18n.t("col_indicator", lang), _w("why", lang), _w("notes", lang)]
        note_records = []
        for ind_id, code in notes:
            note = nv.method_note(m, ind_id, lang)
            note_records.append(
                dict(
                    zip(ncols, [_name(ev, ind_id), _label(DISAGREEMENT_LABELS, code, lang), note.text if note else ""])
                )
            )
        note_table = _table(note_records, ncols, language=lang, key="method_notes")
        html = _banner(ev) + table.to_html() + T.keep(note_table.to_html())
        text = table.to_text() + "\n" + note_table.to_text()
    else:
        html = _banner(ev) + table.to_html() + T.callout(_w("no_disagreement", lang))
        text = table.to_text() + "\n" + _w("no_disagreement", lang)
    _emit(html, _tag(ev, text))


def scenarios(ev: Evaluation) -> None:
    """附:情景分析 — for each series in 存在的问题, its target-year value (i) at the average change so
    far, (ii) at the best year's change, (iii) on the required path, and the verdict."""
    m: Midterm = ev.result
    lang = ev.language
    if not len(m.scenarios):
        _emit(_banner(ev) + T.callout(_w("no_scenarios", lang)), _tag(ev, _w("no_scenarios", lang)))
        return
    cols = [
        i18n.t("col_indicator", lang),
        i18n.t("col_data_year", lang),
        i18n.t("col_value", lang),
        i18n.t("col_target", lang, year=ev.plan.target_year),
        _w("years_left", lang),
        _w("at_mean", lang),
        _w("at_best", lang),
        _w("required_path", lang),
        _w("verdict", lang),
    ]
    records, codes, binding, units = [], [], [], []
    for r in m.scenarios.itertuples():
        ind = _ind(ev, r.indicator_id)
        units.append(ind)

        def outcome(value, meets, reached):
            text = T.value_text(value, ind, lang)
            if r.target_kind == "ceiling":
                if meets is not None and not is_missing(meets):
                    text += (
                        f"({_w('within_every_year' if meets else 'over_some_year', lang)})"
                        if lang == "zh"
                        else f" ({_w('within_every_year' if meets else 'over_some_year', lang)})"
                    )
            elif not is_missing(reached):
                word = _w("reached_in", lang, year=int(reached))
                text += f"({word})" if lang == "zh" else f" ({word})"
            return text

        records.append(
            dict(
                zip(
                    cols,
                    [
                        ind.name(lang),
                        _year(r.data_year),
                        T.value_text(r.value, ind, lang),
                        T.target_text(ind, r.target, lang),
                        _year(r.years_left),
                        outcome(r.value_at_mean, r.meets_at_mean, r.year_reached_at_mean),
                        outcome(r.value_at_best, r.meets_at_best, r.year_reached_at_best),
                        _signed(r.required_annual_increment, ind, lang),
                        _label(SCENARIO_LABELS, r.verdict, lang),
                    ],
                )
            )
        )
        codes.append(_SCENARIO_STYLE.get(r.verdict))
        binding.append(bool(r.binding))
    table = _table(
        records,
        cols,
        language=lang,
        status={cols[8]: codes},
        binding=binding,
        numeric=cols[1:8],
        compact=True,
        text_columns=[cols[0], cols[5], cols[6], cols[8]],
        key="scenarios",
        units=units,
    )
    _emit(_banner(ev) + table.to_html(), _tag(ev, table.to_text()))


def method_parameters(ev: Evaluation) -> None:
    """附:方法说明 — the evaluation year and how it was chosen, the plan period, the time share and
    the band b used."""
    lang = ev.language
    plan = ev.plan
    cols = [i18n.t("col_item", lang), i18n.t("col_fact", lang)]
    span = plan.target_year - plan.base_year
    year = ev.result.year
    records = []
    if ev.kind == "midterm":
        records.append(
            {
                cols[0]: _w("param_midpoint", lang),
                cols[1]: _w("param_midpoint_value", lang, year=year, base=plan.base_year, span=span),
            }
        )
    else:
        records.append({cols[0]: _w("param_final", lang), cols[1]: str(year)})
        records.append({cols[0]: _w("param_midpoint", lang), cols[1]: str(ev.result.midterm_year)})
    records += [
        {
            cols[0]: _w("param_years", lang),
            cols[1]: _w("param_years_value", lang, base=plan.base_year, target=plan.target_year),
        },
        {cols[0]: _w("param_time_share", lang), cols[1]: format_share((year - plan.base_year) / span, lang)},
        {cols[0]: _w("param_band", lang), cols[1]: format_number(ev.result.band)},
    ]
    table = _table(records, cols, language=lang, key="parameters")
    _emit(table.to_html(), table.to_text())


# --------------------------------------------------------------------------------------
# Final: 总体结论 and the tables
# --------------------------------------------------------------------------------------


def conclusion(ev: Evaluation) -> None:
    """总体结论: achieved or not per series and per table row, binding indicators missed (named),
    ceilings, plan-period totals and what changed since the mid-term."""
    f: Final = ev.result
    sentences = nv.final_conclusion(f, ev.language)
    alarm = [s for s in sentences if s.key == "fn_binding_some"]
    rest = [s for s in sentences if s.key not in ("fn_binding_some", "illustrative")]
    html = _banner(ev) + f'<div class="dd-callout">{_paragraphs(rest)}</div>'
    if alarm:
        html += T.alarm_box(alarm[0].text)
    binding = nv.final_binding(f, ev.language)
    head = nv.fill("fn_binding_head", ev.language, f.tables).text
    if binding:
        html += T.paragraph(head) + _ordered(binding)
    _emit(
        html,
        _tag(
            ev,
            "\n".join(s.text for s in rest + alarm) + ("\n" + head + "\n" + _numbered_text(binding) if binding else ""),
        ),
    )


def _verdict_span(code: str, language: str) -> str:
    return _label(VERDICT_LABELS, code, language)


def _target_cell(ev: Evaluation, ind, target: Any, data_year: Any, language: str) -> str:
    """The target column: a qualitative target's figure is the quota handed down for the year of
    the data, with the source of that year's figures ("2023年下达150套（来源：示例数据）"), not a
    plan-period target (the unit, with its 推定 mark, is in the unit column)."""
    if ind.kind == "qualitative" and not is_missing(target) and not is_missing(data_year):
        value = T.value_text(target, ind, language)
        source = T._latest_source(ev.ctx, ind, data_year)
        if language == "zh":
            text = f"{int(data_year)}年下达{value}" + (f"（来源：{source}）" if source != T.EMPTY else "")
        else:
            text = f"{value} handed down for {int(data_year)}" + (f" (source: {source})" if source != T.EMPTY else "")
        return text
    return T.target_text(ind, target, language)


def _inferred_note(ev: Evaluation, ids: Iterable[str]) -> str:
    """The note under a table with inferred units, written once with the list of indicators."""
    inds = [_ind(ev, i) for i in ids]
    inds = [i for i in inds if i.unit_inferred]
    if not inds:
        return ""
    lang = ev.language
    if lang == "en":
        items = "; ".join(i.name("en") for i in inds)
        return T.paragraph(
            f"Units marked “inferred”: the plan's table prints no unit for these indicators and the unit is "
            f"inferred from the indicator: {items}."
        )
    items = "、".join(i.name_zh for i in inds)
    return T.paragraph(f"单位标“推定”的，规划指标表未印单位，按指标含义推定：{items}。")


def final_series(ev: Evaluation) -> None:
    """指标完成情况: every series in the target year — achieved or not, with the data year used
    (no target-year value: "无目标年数据", never counted as achieved)."""
    f: Final = ev.result
    lang = ev.language
    # Binding rows carry the report's left rule; the verdict comes last so that it has room.
    cols = [
        i18n.t("col_row", lang),
        i18n.t("col_indicator", lang),
        i18n.t("col_department", lang),
        i18n.t("col_target", lang, year=f.year),
        i18n.t("col_data_year", lang),
        i18n.t("col_value", lang),
        i18n.t("col_gap", lang),
        _w("notes", lang),
        _w("final_verdict", lang),
    ]
    records, codes, binding, units = [], [], [], []
    for r in f.series.itertuples():
        ind = _ind(ev, r.indicator_id)
        units.append(ind)
        notes = []
        if len(r.breach_years):
            notes.append(f"{_w('breach_years', lang)} {_years(r.breach_years, lang)}")
        if len(r.missing_years) and r.target_kind == "cumulative":
            notes.append(f"{_w('missing_years', lang)} {_years(r.missing_years, lang)}")
        records.append(
            dict(
                zip(
                    cols,
                    [
                        _row_label(ind),
                        ind.name(lang),
                        r.department_en if lang == "en" else r.department,
                        _target_cell(ev, ind, r.target, r.data_year, lang),
                        _year(r.data_year),
                        T.value_text(r.value, ind, lang),
                        T.change_text(r.gap, ind, lang),
                        ("; " if lang == "en" else ";").join(notes) or T.EMPTY,
                        _verdict_span(r.verdict, lang),
                    ],
                )
            )
        )
        codes.append(_VERDICT_STYLE[r.verdict])
        binding.append(bool(r.binding))
    table = _table(
        records,
        cols,
        language=lang,
        status={cols[8]: codes},
        binding=binding,
        numeric=(cols[3], cols[4], cols[5], cols[6]),
        compact=True,
        text_columns=[cols[0], cols[1], cols[4], cols[5], cols[8]],
        key="final_series",
        units=units,
    )
    _emit(_banner(ev) + table.to_html() + _inferred_note(ev, f.series["indicator_id"]), _tag(ev, table.to_text()))


def final_rows(ev: Evaluation) -> None:
    """逐行核对: each row of the plan's table; a row of two series is achieved only when both are."""
    f: Final = ev.result
    lang = ev.language
    cols = [
        i18n.t("col_row", lang),
        i18n.t("col_indicator", lang),
        _w("series_verdicts", lang),
        _w("row_verdict", lang),
    ]
    records, codes = [], []
    for r in f.rows.itertuples():
        names = [_name(ev, i) for i in r.indicator_ids]
        verdicts = [
            f"{n}:{_verdict_span(v, lang)}" if lang == "zh" else f"{n}: {_verdict_span(v, lang)}"
            for n, v in zip(names, r.series_verdicts)
        ]
        records.append(
            dict(
                zip(
                    cols,
                    [
                        str(r.table_row),
                        ("、" if lang == "zh" else "; ").join(names),
                        (";" if lang == "zh" else "; ").join(verdicts)
                        if r.n_series > 1
                        else _verdict_span(r.series_verdicts[0], lang),
                        _verdict_span(r.verdict, lang),
                    ],
                )
            )
        )
        codes.append(_VERDICT_STYLE[r.verdict])
    table = _table(records, cols, language=lang, status={cols[3]: codes}, numeric=(cols[0],), key="final_rows")
    _emit(_banner(ev) + table.to_html(), _tag(ev, table.to_text()))


def final_cumulative(ev: Evaluation) -> None:
    """累计指标: each plan-period total, year by year, against its target, with the years missing."""
    f: Final = ev.result
    lang = ev.language
    if not len(f.cumulative):
        _emit(T.callout(_w("no_cumulative", lang)), _w("no_cumulative", lang))
        return
    years = [str(y) for y in ev.plan.years]
    cols = (
        [i18n.t("col_indicator", lang), i18n.t("col_target", lang, year=f.year)]
        + years
        + [_w("total", lang), _w("share", lang), _w("missing_years", lang), _w("final_verdict", lang)]
    )
    records, codes, units = [], [], []
    for r in f.cumulative.to_dict("records"):
        ind = _ind(ev, r["indicator_id"])
        units.append(ind)
        flows = [T.value_text(r.get(y), ind, lang) if y in r else T.EMPTY for y in years]
        records.append(
            dict(
                zip(
                    cols,
                    [ind.name(lang), T.target_text(ind, r["target"], lang)]
                    + flows
                    + [
                        T.value_text(r["total"], ind, lang),
                        _share(r["share"], lang),
                        _years(r["missing_years"], lang),
                        _verdict_span(r["verdict"], lang),
                    ],
                )
            )
        )
        codes.append(_VERDICT_STYLE[r["verdict"]])
    table = _table(
        records,
        cols,
        language=lang,
        status={cols[-1]: codes},
        numeric=cols[1:-2],
        compact=True,
        text_columns=[cols[0], cols[-4], cols[-3], cols[-1]],
        key="final_cumulative",
        units=units,
    )
    _emit(_banner(ev) + table.to_html(), _tag(ev, table.to_text()))


def final_ceilings(ev: Evaluation) -> None:
    """约束性上限逐年核对: every ceiling's value in every year, held every year or the years breached."""
    f: Final = ev.result
    lang = ev.language
    if not len(f.ceilings):
        _emit(T.callout(_w("no_ceilings", lang)), _w("no_ceilings", lang))
        return
    years = [str(y) for y in ev.plan.years]
    cols = (
        [i18n.t("col_indicator", lang), _w("bound", lang)]
        + years
        + [_w("breach_years", lang), _w("final_verdict", lang)]
    )
    records, codes, binding, units = [], [], [], []
    for r in f.ceilings.to_dict("records"):
        ind = _ind(ev, r["indicator_id"])
        units.append(ind)
        cells = []
        for y in years:
            value = r.get(y)
            text = T.value_text(value, ind, lang)
            if not is_missing(value) and int(y) in r["breach_years"]:
                text = "■ " + text  # over the bound that year: marked in black and white too
            cells.append(text)
        records.append(
            dict(
                zip(
                    cols,
                    [ind.name(lang), T.target_text(ind, r["bound"], lang)]
                    + cells
                    + [_years(r["breach_years"], lang), _label(CEILING_VERDICT_LABELS, r["verdict"], lang)],
                )
            )
        )
        codes.append(_CEILING_STYLE[r["verdict"]])
        binding.append(bool(r["binding"]))
    table = _table(
        records,
        cols,
        language=lang,
        status={cols[-1]: codes},
        binding=binding,
        numeric=cols[1:-2],
        compact=True,
        text_columns=[cols[0], cols[1], cols[-2], cols[-1]],
        key="final_ceilings",
        units=units,
    )
    _emit(_banner(ev) + table.to_html(), _tag(ev, table.to_text()))


_SUMMARY_METRICS = (
    "time_share",
    "mean_task_share",
    "median_task_share",
    "n_at_or_above_half",
    "n_assessed",
    *COMPLETION_METRICS,
)


def final_comparison(ev: Evaluation) -> None:
    """与中期评估比较: the mid-term's summary figures and each series' status then and now."""
    f: Final = ev.result
    lang = ev.language
    scols = [
        _w("metric", lang),
        _w("midterm", lang) + f" {f.midterm_year}",
        _w("final", lang) + f" {f.year}",
        _w("change", lang),
    ]
    summary = f.summary_comparison.set_index("metric")
    srec = []
    for key in _SUMMARY_METRICS:
        a, b, c = summary.loc[key, "midterm"], summary.loc[key, "final"], summary.loc[key, "change"]
        if key in _SHARE_METRICS:
            # a change of a share is in percentage points (shown with the sign of the change)
            shown = [
                _share(a, lang),
                _share(b, lang),
                T.EMPTY if c is None else nv.format_cell(c * 100, "signed_change", "%", lang),
            ]
        else:
            shown = [_int_text(a), _int_text(b), T.EMPTY if c is None else f"{int(c):+d}".replace("-", "−")]
        srec.append(dict(zip(scols, [_label(_METRIC_LABELS, key, lang)] + shown)))
    stable = _table(srec, scols, language=lang, numeric=scols[1:], key="summary_comparison")
    cols = [
        i18n.t("col_indicator", lang),
        _w("mid_status", lang),
        _w("mid_scenario", lang),
        _w("final_verdict", lang),
        _w("change", lang),
    ]
    records, codes, binding = [], [], []
    for r in f.comparison.itertuples():
        ind = _ind(ev, r.indicator_id)
        mid = _label(GROUP_LABELS, r.mid_group, lang) + (
            f"({int(r.mid_data_year)})" if not is_missing(r.mid_data_year) else ""
        )
        records.append(
            dict(
                zip(
                    cols,
                    [
                        ind.name(lang),
                        mid,
                        _label(SCENARIO_LABELS, r.mid_scenario, lang),
                        _verdict_span(r.final_verdict, lang),
                        _label(CHANGE_LABELS, r.change, lang),
                    ],
                )
            )
        )
        codes.append(_CHANGE_STYLE[r.change])
        binding.append(bool(r.binding))
    table = _table(records, cols, language=lang, status={cols[4]: codes}, binding=binding, key="comparison")
    _emit(_banner(ev) + stable.to_html() + table.to_html(), _tag(ev, stable.to_text() + "\n" + table.to_text()))


def _int_text(value: Any) -> str:
    return T.EMPTY if value is None or is_missing(value) else str(int(value))


def final_annex(ev: Evaluation) -> None:
    """三、重点任务和重大工程完成情况: the key projects' planned and completed investment (with the
    completion share), what the plan sets for each project and the progress reported, and the
    other quantified targets of the plan's text that have data."""
    f: Final = ev.result
    lang = ev.language
    html, text = _banner(ev), ""
    if len(f.projects):
        invest = _investment_table(ev, f.projects)
        if invest is not None:
            html += T.keep(T.heading(3, _w("investment_title", lang)) + invest.to_html())
            text += _w("investment_title", lang) + "\n" + invest.to_text() + "\n"
        tables_html, tables_text = _project_tables(ev, f.projects)
        html += T.heading(3, _w("projects_progress_title", lang)) + tables_html
        text += "\n" + _w("projects_progress_title", lang) + "\n" + tables_text
    else:
        html += T.callout(_w("no_projects", lang))
        text += _w("no_projects", lang)
    html += T.heading(3, _w("extended_title_final", lang))
    text += "\n" + _w("extended_title_final", lang) + "\n"
    if len(f.extended):
        cols = [
            i18n.t("col_indicator", lang),
            _w("goal", lang),
            i18n.t("col_data_year", lang),
            i18n.t("col_value", lang),
            _w("final_verdict", lang),
        ]
        records, codes = [], []
        for r in f.extended.itertuples():
            ind = _ind(ev, r.indicator_id)
            records.append(
                dict(
                    zip(
                        cols,
                        [
                            ind.name(lang),
                            T.target_text(ind, r.target, lang),
                            _year(r.data_year),
                            T.value_text(r.value, ind, lang),
                            _verdict_span(r.verdict, lang),
                        ],
                    )
                )
            )
            codes.append(_VERDICT_STYLE[r.verdict])
        table = _table(records, cols, language=lang, status={cols[4]: codes}, numeric=cols[1:4], key="extended")
        html += table.to_html()
        text += table.to_text()
    else:
        html += T.callout(_w("no_extended", lang))
        text += _w("no_extended", lang) + "\n"
    _emit(html, _tag(ev, text))


def run_facts(ev: Evaluation) -> None:
    """What the run read (plan file, actuals files with dates and checksums, band): as in the yearly report."""
    from dayao_data import show

    show.run_facts(ev.ctx)


# --------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------

#: Chinese header, number format, width of the columns of the evaluation workbook (any column
#: not listed keeps its code as header).
COLUMN_DOCS: dict[str, tuple[str, str, float]] = {
    "metric": ("指标项", "@", 28),
    "value": ("数值", "General", 14),
    "status": ("状态代码", "@", 12),
    "group": ("分组代码", "@", 12),
    "group_zh": ("分组", "@", 12),
    "order": ("顺序", "0", 6),
    "n": ("个数", "0", 8),
    "n_binding": ("其中约束性", "0", 10),
    "indicator_ids": ("指标代码", "@", 40),
    "indicator_id": ("指标代码", "@", 30),
    "label": ("表中行号", "@", 8),
    "table_row": ("表中行号", "0", 8),
    "name_zh": ("指标名称", "@", 30),
    "name_en": ("英文名称", "@", 30),
    "attribute": ("指标属性", "@", 10),
    "binding": ("约束性", "@", 8),
    "department": ("责任部门", "@", 20),
    "target_kind": ("目标类型", "@", 11),
    "direction": ("方向", "0", 6),
    "unit": ("单位", "@", 8),
    "year": ("评估年度", "0", 9),
    "data_year": ("数据年度", "0", 9),
    "stale": ("数据早于评估年", "@", 10),
    "baseline": ("基期值", "#,##0.00", 10),
    "target": ("目标值", "#,##0.00", 10),
    "time_share": ("时间进度", "0.0%", 9),
    "progress_share": ("完成进度", "0.0%", 9),
    "task_time_ratio": ("完成/时间", "0.00", 9),
    "years_ahead": ("领先(+)/落后(−)年数", "+0.0;-0.0;0.0", 11),
    "gap": ("差距", "#,##0.00", 10),
    "required_annual_increment": ("每年还需", "#,##0.000", 12),
    "required_annual_rate": ("每年还需增速", "0.00%", 11),
    "breach_years": ("越限年份", "@", 14),
    "status_zh": ("状态", "@", 12),
    "illustrative": ("示例数据", "@", 8),
    "key": ("代码", "@", 36),
    "project_id": ("工程代码", "@", 24),
    "project_zh": ("重点工程", "@", 24),
    "target_id": ("目标代码", "@", 28),
    "target_zh": ("量化目标", "@", 28),
    "is_investment": ("投资目标", "@", 8),
    "target_year": ("目标年", "0", 8),
    "has_data": ("有进展数据", "@", 9),
    "section": ("规划章节", "@", 30),
    "cite": ("出处", "@", 40),
    "problem": ("问题代码", "@", 14),
    "years_left": ("剩余年数", "0", 8),
    "mean_change": ("此前年均变化", "#,##0.000", 12),
    "best_change": ("最好一年的变化", "#,##0.000", 12),
    "best_year": ("最好的一年", "0", 9),
    "best_span": ("跨年数", "0", 6),
    "best_in_direction": ("最好一年朝目标方向", "@", 10),
    "exceeds_best": ("所需超过最好一年", "@", 10),
    "time_ratio": ("完成进度/时间进度", "0.00", 10),
    "cagr_ratio": ("增速比", "0.00", 8),
    "cagr_status": ("增速法", "@", 12),
    "projected_final": ("目标年趋势值", "#,##0.00", 11),
    "anticipated_progress": ("预期进度", "0.0%", 9),
    "anticipated_status": ("趋势法", "@", 11),
    "best_change_share": ("最好一年占累计变化", "0.0%", 10),
    "worst_year": ("最差的一年", "0", 9),
    "worst_change": ("最差一年的变化", "#,##0.000", 12),
    "time_view": ("时间法看法", "@", 8),
    "pace_view": ("增速法看法", "@", 8),
    "trend_view": ("趋势法看法", "@", 8),
    "agree": ("三法一致", "@", 8),
    "disagreement": ("不一致原因代码", "@", 18),
    "disagreement_zh": ("不一致的原因", "@", 60),
    "value_at_mean": ("(一)按年均变化的目标年值", "#,##0.00", 14),
    "value_at_best": ("(二)按最好一年的目标年值", "#,##0.00", 14),
    "value_required": ("(三)所需路径的目标年值", "#,##0.00", 14),
    "meets_at_mean": ("(一)能否实现", "@", 9),
    "meets_at_best": ("(二)能否实现", "@", 9),
    "year_reached_at_mean": ("(一)实现年份", "0", 9),
    "year_reached_at_best": ("(二)实现年份", "0", 9),
    "verdict": ("结论代码", "@", 16),
    "verdict_zh": ("结论", "@", 18),
    "rank": ("序号", "0", 6),
    "code": ("建议代码", "@", 18),
    "code_zh": ("建议类别", "@", 16),
    "source": ("依据的表", "@", 12),
    "text_zh": ("建议", "@", 80),
    "final_year_data": ("有目标年数据", "@", 10),
    "achieved": ("是否实现", "@", 8),
    "missing_years": ("缺数据年份", "@", 14),
    "n_series": ("指标个数", "0", 8),
    "series_verdicts": ("各项结论", "@", 30),
    "total": ("累计", "#,##0.00", 12),
    "share": ("完成比例", "0.0%", 9),
    "remaining": ("尚差", "#,##0.00", 10),
    "years_present": ("有数据年份", "@", 20),
    "complete": ("数据齐全", "@", 8),
    "bound": ("上限", "#,##0.00", 9),
    "strict": ("严格小于", "@", 8),
    "years_reported": ("有数据年份", "@", 20),
    "n_breaches": ("越限次数", "0", 8),
    "held_every_year": ("每年都守住", "@", 10),
    "mid_data_year": ("中期数据年度", "0", 9),
    "mid_value": ("中期值", "#,##0.00", 10),
    "mid_status": ("中期状态代码", "@", 12),
    "mid_status_zh": ("中期状态", "@", 12),
    "mid_scenario": ("中期情景判断", "@", 18),
    "final_data_year": ("期末数据年度", "0", 9),
    "final_value": ("期末值", "#,##0.00", 10),
    "final_status": ("期末状态代码", "@", 12),
    "final_verdict": ("期末结论代码", "@", 16),
    "final_verdict_zh": ("期末结论", "@", 16),
    "change": ("变化代码", "@", 16),
    "change_zh": ("变化", "@", 20),
    "midterm": ("中期", "General", 12),
    "final": ("期末", "General", 12),
}
_SKIP_COLUMNS = (
    "plan_order",
    "group_en",
    "department_en",
    "project_en",
    "target_en",
    "verdict_en",
    "change_en",
    "code_en",
    "text_en",
    "disagreement_en",
    "status_zh_en",
)

_SHEETS = {
    "midterm": [
        ("overall", "总体进展"),
        ("groups", "分组统计"),
        ("data_years", "数据年份"),
        ("series", "主要指标完成情况"),
        ("projects", "重点工程"),
        ("problems", "存在的问题"),
        ("recommendations", "下一步建议"),
        ("methods", "方法对比"),
        ("scenarios", "情景分析"),
    ],
    "final": [
        ("overall", "总体结论"),
        ("series", "指标完成情况"),
        ("rows", "逐行核对"),
        ("cumulative", "累计指标"),
        ("ceilings", "约束性上限逐年核对"),
        ("comparison", "与中期评估比较"),
        ("summary_comparison", "中期与期末汇总对比"),
        ("extended", "其他量化目标"),
        ("projects", "重点工程"),
    ],
}


def _excel_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells Excel can hold: year lists as 2022、2024, yes/no in Chinese, codes kept."""
    out = frame.drop(columns=[c for c in frame.columns if c in _SKIP_COLUMNS]).copy()
    for col in out.columns:
        values = out[col].tolist()
        if any(isinstance(v, (tuple, list)) for v in values):
            out[col] = ["、".join(str(x) for x in v) if isinstance(v, (tuple, list)) else v for v in values]
        elif out[col].dtype == bool or any(isinstance(v, bool) for v in values):
            # numpy and Python booleans alike; anything else (None for "not applicable") stays
            out[col] = ["是" if str(v) == "True" else "否" if str(v) == "False" else v for v in values]
    return out


def excel_sheets(ev: Evaluation) -> list[tuple[str, pd.DataFrame, dict]]:
    """The evaluation tables as (sheet name, frame, column docs), one sheet each, in report order."""
    tables = ev.result.tables
    sheets = []
    for name, title in _SHEETS[ev.kind]:
        frame = _excel_frame(tables[name])
        if name == "overall" or name == "summary_comparison":
            label = frame["metric"].map(lambda k: _label(_METRIC_LABELS, k, "zh") if k in _METRIC_LABELS else k)
            frame.insert(1, "metric_zh", label)
        docs = {
            c: COLUMN_DOCS.get(c, (f"{c}年", "#,##0.00", 10) if str(c).isdigit() else (c, "General", 14))
            for c in frame.columns
        }
        docs["metric_zh"] = ("指标项(中文)", "@", 30)
        sheets.append((title, frame, docs))
    return sheets


def export_xlsx(ev: Evaluation, path: str | Path | None = None) -> Path:
    """Write the evaluation tables to ``midterm.xlsx`` / ``final.xlsx`` in the output folder.

    One sheet per table, Chinese headers with the column codes under them, the red 示例数据 banner
    on every sheet when the data are illustrative; written atomically.  Uses the workbook helpers
    of :mod:`dayao_data.report.xlsx` (the yearly assess.xlsx), so both workbooks look alike.
    """
    from dayao_data.report.xlsx import write_tables_xlsx

    path = Path(path) if path is not None else ev.ctx.output_path(XLSX_NAMES[ev.kind])
    write_tables_xlsx(
        [(title, frame, docs) for title, frame, docs in excel_sheets(ev)], path, illustrative=ev.illustrative
    )
    text = _w("exported", ev.language, name=path.name)
    _emit(T.paragraph(text), text)
    return path


# --------------------------------------------------------------------------------------
# Charts of both evaluations (dayao_data.charts: status by domain, small multiples by domain)
# --------------------------------------------------------------------------------------


def _chart_corners(ev: Evaluation) -> dict[str, str]:
    """The text in each small panel's corner: the mid-term's group or the final's verdict of the
    series, with the symbol of the status class it is drawn with."""
    from dayao_data import charts as C

    lang = ev.language
    if ev.kind == "midterm":
        return {r.indicator_id: C.status_text(r.group, lang) for r in ev.result.series.itertuples()}
    out = {}
    for r in ev.result.series.itertuples():
        if r.verdict in C.GROUP_EXTRA_LABELS:
            out[r.indicator_id] = C.status_text(r.verdict, lang)
        else:
            out[r.indicator_id] = (
                f"{C.STATUS_STYLE[_VERDICT_STYLE[r.verdict]]['symbol']} {_verdict_span(r.verdict, lang)}"
            )
    return out


def charts(ev: Evaluation) -> None:
    """Status by domain (mid-term) and every headline series in small multiples, with captions."""
    from dayao_data import charts as C
    from dayao_data.show import FIGURE_DPI

    lang = ev.language
    year = ev.result.year
    tag = "（示例数据）" if ev.illustrative and lang == "zh" else (" (illustrative data)" if ev.illustrative else "")
    parts, plain = [], []
    # The charts show the evaluation's own verdict for each series, the one its tables give (the
    # mid-term's groups, the final's verdicts), never a second one (issue 10).
    corner = _chart_corners(ev)
    if ev.kind == "midterm":
        fig = C.status_by_domain(ev.result.series, ev.plan, language=lang, illustrative=ev.illustrative, groups=True)
        caption = (
            f"图1　{year}年各领域指标进展状态（分组同本章表）{tag}"
            if lang == "zh"
            else f"Figure 1. Status of the series by domain, {year} (groups as in this chapter's table){tag}"
        )
        parts.append(T.figure_html(C.figure_png(fig, FIGURE_DPI), caption))
        plain.append(caption)
    figs = C.small_multiples(
        ev.plan, ev.ctx.actuals, year, language=lang, illustrative=ev.illustrative, band=ev.result.band, corner=corner
    )
    figs = figs if isinstance(figs, list) else [figs]
    number = len(parts) + 1
    first = ev.plan.base_year
    caption = (
        f"图{number}　主要指标{first}—{year}年实际值与规划目标路径{tag}"
        if lang == "zh"
        else f"Figure {number}. The headline series, {first}–{year}, against the path to their targets{tag}"
    )
    for page, fig in enumerate(figs, start=1):
        shown = caption if len(figs) == 1 else f"{caption}（{page}/{len(figs)}）"
        parts.append(("" if page == 1 else T.pagebreak()) + T.figure_html(C.figure_png(fig, FIGURE_DPI), shown))
    plain.append(caption)
    _emit("".join(parts), "\n".join(plain))


# --------------------------------------------------------------------------------------
# Final: 四、存在的问题和原因  五、主要经验  六、对下一个规划编制的建议
# --------------------------------------------------------------------------------------


def final_problems(ev: Evaluation) -> None:
    """四、存在的问题和原因: each shortfall (binding first) with the pace kept against the pace needed."""
    sentences = nv.final_problems(ev.result, ev.language)
    _emit(_banner(ev) + _ordered(sentences), _tag(ev, _numbered_text(sentences)))


def final_experience(ev: Evaluation) -> None:
    """五、主要经验: the domains achieved in full, the indicators achieved early and those that kept pace."""
    sentences = nv.final_experience(ev.result, ev.language)
    _emit(_banner(ev) + _paragraphs(sentences), _tag(ev, "\n".join(s.text for s in sentences)))


_NEXT_HEADS = {
    "keep": ("（一）建议保留的指标", "Indicators to keep"),
    "adjust": ("（二）建议调整的指标", "Indicators to adjust"),
    "add": ("（三）建议增加的指标", "Indicators to add"),
    "drop": ("（四）建议改进表述或不再列入的指标", "Indicators to restate or drop"),
}


def final_next_plan(ev: Evaluation) -> None:
    """六、对下一个规划编制的建议: keep / adjust / add / drop, each with its figures, and the table behind them."""
    f: Final = ev.result
    lang = ev.language
    sentences = nv.final_next_plan(f, lang)
    frame = f.next_plan
    html, text = [_banner(ev)], []
    for code, (zh, en) in _NEXT_HEADS.items():
        picked = [s for s, c in zip(sentences, frame["code"]) if c == code] if len(frame) else []
        if not picked:
            continue
        head = en if lang == "en" else zh
        html.append(f"<h3>{T.escape(head)}</h3>" + _ordered(picked))
        text.append(head + "\n" + _numbered_text(picked))
    nxt = int(frame["next_year"].iloc[0]) if len(frame) else f.year
    cols = [
        i18n.t("col_indicator", lang),
        "建议" if lang == "zh" else "Proposal",
        (f"{f.year}年实际值" if lang == "zh" else f"{f.year} value"),
        ("规划期年均变化" if lang == "zh" else "Average change a year"),
        ("完成原目标所需年均" if lang == "zh" else "Needed a year"),
        (f"按规划期速度推算{nxt}年" if lang == "zh" else f"At that pace in {nxt}"),
    ]
    records = []
    for r in frame.itertuples():
        ind = _ind(ev, r.indicator_id)
        cum = r.target_kind == "cumulative"
        if lang == "en":  # the indicator's English unit (the narrative's cells are Chinese)
            mean = (
                T.EMPTY
                if is_missing(r.mean_change)
                else (
                    ("+" if r.mean_change > 0 else "−" if r.mean_change < 0 else "")
                    + T.change_text(abs(r.mean_change), ind, lang)
                )
            )
            needed = (
                T.EMPTY
                if is_missing(r.needed_change)
                else (
                    T.value_text(abs(r.needed_change), ind, lang)
                    if cum
                    else T.change_text(abs(r.needed_change), ind, lang)
                )
            )
        else:
            mean = (
                T.EMPTY if is_missing(r.mean_change) else nv.format_cell(r.mean_change, "signed_change", r.unit, lang)
            )
            needed = (
                T.EMPTY
                if is_missing(r.needed_change)
                else nv.format_cell(r.needed_change, "abs_value" if cum else "change", r.unit, lang)
            )
        records.append(
            dict(
                zip(
                    cols,
                    [
                        ind.name(lang),
                        r.code_en if lang == "en" else r.code_zh,
                        T.value_text(r.value, ind, lang),
                        mean,
                        needed,
                        T.EMPTY if is_missing(r.projected) or cum else T.value_text(r.projected, ind, lang),
                    ],
                )
            )
        )
    table = _table(records, cols, language=lang, numeric=cols[2:], key="next_plan")
    _emit("".join(html) + table.to_html(), _tag(ev, "\n\n".join(text) + "\n\n" + table.to_text()))
