"""The mid-term notebooks' calls: 一、总体进展, 二、主要指标完成情况, 四、存在的问题, 五、下一步建议,
and the charts of both evaluations.
"""

from __future__ import annotations

from dayao_data import i18n
from dayao_data.display import format_rate, format_years, is_missing
from dayao_data.evaluation import (
    GROUP_LABELS,
    Midterm,
)
from dayao_data.evaluation import narrative as nv
from dayao_data.evaluation.context import Evaluation
from dayao_data.evaluation.show.common import (
    VERDICT_STYLE,
    banner,
    emit,
    indicator_of,
    label_of,
    metric_table,
    numbered_text,
    ordered_html,
    paragraphs_html,
    report_table,
    row_label,
    share_text,
    signed_text,
    tagged,
    wording,
    year_text,
    years_text,
)
from dayao_data.evaluation.show.final import inferred_note, target_cell, verdict_span
from dayao_data.report import tables as T
from dayao_data.yearly.output import FIGURE_DPI, Shown

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


def overall(ev: Evaluation) -> Shown:
    """一、总体进展: time share against task share ("时间过半、任务过半"), the counts by group,
    binding indicators needing attention (named, with their department), the data years."""
    m: Midterm = ev.result
    sentences = nv.midterm_overall(m, ev.language)
    alarm = [s for s in sentences if s.key == "mt_binding_alarm"]
    rest = [s for s in sentences if s.key not in ("mt_binding_alarm", "illustrative")]
    html = banner(ev) + f'<div class="dd-callout">{paragraphs_html(rest)}</div>'
    if alarm:
        html += T.alarm_box(alarm[0].text)
    table = metric_table(ev, _OVERALL_METRICS, m.overall)
    html += table.to_html()
    emit(html, tagged(ev, "\n".join(s.text for s in rest + alarm) + "\n\n" + table.to_text()))
    return Shown([table])


# --------------------------------------------------------------------------------------
# Mid-term: 二、主要指标完成情况
# --------------------------------------------------------------------------------------


def groups(ev: Evaluation) -> Shown:
    """二、主要指标完成情况: one paragraph per group (已实现 … 突破约束, binding first and named) and
    every series in one table, grouped, with its data year (flagged when older than the year)."""
    m: Midterm = ev.result
    lang = ev.language
    sentences = nv.midterm_groups(m, lang)
    cols = [
        wording("group", lang),
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
        ind = indicator_of(ev, r.indicator_id)
        units.append(ind)
        data_year = year_text(r.data_year) + (wording("stale", lang) if bool(r.stale) else "")
        records.append(
            dict(
                zip(
                    cols,
                    [
                        label_of(GROUP_LABELS, r.group, lang),
                        row_label(ind),
                        ind.name(lang),
                        i18n.attribute_label(ind.attribute, lang),
                        ev.plan.department_name(ind.department, lang) or T.EMPTY,
                        data_year,
                        T.value_text(r.value, ind, lang),
                        target_cell(ev, ind, r.target, r.data_year, lang),
                        share_text(r.progress_share, lang),
                        share_text(r.time_share, lang),
                        T.EMPTY if is_missing(r.years_ahead) else format_years(r.years_ahead, lang),
                    ],
                )
            )
        )
        codes.append("breached" if r.group == "achieved_after_breach" else r.status)
        binding.append(bool(r.binding))
    # The group column two grid columns wide, so that a status label never runs into the row number.
    table = report_table(
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
    html = banner(ev) + paragraphs_html(sentences) + table.to_html() + inferred_note(ev, m.series["indicator_id"])
    emit(html, tagged(ev, "\n".join(s.text for s in sentences) + "\n\n" + table.to_text()))
    return Shown([table])


# --------------------------------------------------------------------------------------
# Mid-term: 四、存在的问题
# --------------------------------------------------------------------------------------


def problems(ev: Evaluation) -> Shown:
    """四、存在的问题: each lagging, regressing or breached series (and each ceiling breached earlier)
    with the annual increment and rate still required and whether it exceeds the best year so far."""
    m: Midterm = ev.result
    lang = ev.language
    sentences = nv.midterm_problems(m, lang)
    if not len(m.problems):
        emit(banner(ev) + T.callout(sentences[0].text), tagged(ev, sentences[0].text))
        return Shown([])
    cols = [
        i18n.t("col_indicator", lang),
        wording("problem", lang),
        i18n.t("col_data_year", lang),
        i18n.t("col_value", lang),
        i18n.t("col_target", lang, year=ev.plan.target_year),
        wording("years_left", lang),
        i18n.t("col_required_increment", lang),
        i18n.t("col_required_rate", lang),
        wording("mean_change", lang),
        wording("best_year", lang),
        wording("best_change", lang),
        wording("exceeds_best", lang),
    ]
    records, codes, binding, units = [], [], [], []
    for r in m.problems.itertuples():
        ind = indicator_of(ev, r.indicator_id)
        units.append(ind)
        problem = i18n.status_label(r.status, lang)
        if r.problem == "breached_earlier":
            problem = f"{wording('breach_years', lang)} {years_text(r.breach_years, lang)}"
        exceeds = (
            T.EMPTY
            if r.exceeds_best is None or is_missing(r.exceeds_best)
            else wording("yes" if r.exceeds_best else "no", lang)
        )
        records.append(
            dict(
                zip(
                    cols,
                    [
                        ind.name(lang),
                        problem,
                        year_text(r.data_year),
                        T.value_text(r.value, ind, lang),
                        T.target_text(ind, r.target, lang),
                        year_text(r.years_left),
                        signed_text(r.required_annual_increment, ind, lang),
                        T.EMPTY if is_missing(r.required_annual_rate) else format_rate(r.required_annual_rate, lang),
                        signed_text(r.mean_change, ind, lang),
                        year_text(r.best_year),
                        signed_text(r.best_change, ind, lang),
                        exceeds,
                    ],
                )
            )
        )
        codes.append("breached" if r.problem == "breached_earlier" else r.status)
        binding.append(bool(r.binding))
    table = report_table(
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
    html = banner(ev) + ordered_html(sentences) + table.to_html()
    emit(html, tagged(ev, numbered_text(sentences) + "\n\n" + table.to_text()))
    return Shown([table])


# --------------------------------------------------------------------------------------
# Mid-term: 五、下一步建议
# --------------------------------------------------------------------------------------


def recommendations(ev: Evaluation) -> Shown:
    """五、下一步建议: generated from the numbers — binding indicators first, then which series need
    more each year than their best year so far, which need their best pace every year, and so on."""
    m: Midterm = ev.result
    sentences = nv.midterm_recommendations(m, ev.language)
    if not sentences:
        text = wording("no_problems", ev.language)
        emit(banner(ev) + T.callout(text), tagged(ev, text))
        return Shown([text])
    emit(banner(ev) + ordered_html(sentences), tagged(ev, numbered_text(sentences)))
    return Shown([s.text for s in sentences])


# --------------------------------------------------------------------------------------
# Charts of both evaluations (dayao_data.charts: status by domain, small multiples by domain)
# --------------------------------------------------------------------------------------


def chart_corners(ev: Evaluation) -> dict[str, str]:
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
                f"{C.STATUS_STYLE[VERDICT_STYLE[r.verdict]]['symbol']} {verdict_span(r.verdict, lang)}"
            )
    return out


def charts(ev: Evaluation) -> Shown:
    """Status by domain (mid-term) and every headline series in small multiples, with captions."""
    from dayao_data import charts as C

    lang = ev.language
    year = ev.result.year
    tag = "（示例数据）" if ev.illustrative and lang == "zh" else (" (illustrative data)" if ev.illustrative else "")
    parts, plain, shown_figures = [], [], []
    # The charts show the evaluation's own verdict for each series, the one its tables give (the
    # mid-term's groups, the final's verdicts), never a second one (issue 10).
    corner = chart_corners(ev)
    if ev.kind == "midterm":
        fig = C.status_by_domain(ev.result.series, ev.plan, language=lang, illustrative=ev.illustrative, groups=True)
        caption = (
            f"图1　{year}年各领域指标进展状态（分组同本章表）{tag}"
            if lang == "zh"
            else f"Figure 1. Status of the series by domain, {year} (groups as in this chapter's table){tag}"
        )
        parts.append(T.figure_html(C.figure_png(fig, FIGURE_DPI), caption))
        plain.append(caption)
        shown_figures.append(fig)
    figs = C.small_multiples(
        ev.plan,
        ev.ctx.actuals,
        year,
        language=lang,
        illustrative=ev.illustrative,
        band=ev.result.band,
        assessed=ev.ctx.assessment,
        corner=corner,
    )
    figs = figs if isinstance(figs, list) else [figs]
    shown_figures += figs
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
    emit("".join(parts), "\n".join(plain))
    return Shown(shown_figures)
