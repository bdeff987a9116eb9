"""The final notebooks' comparison with the mid-term, the annex, the run's facts, and the parts
四、存在的问题和原因  五、主要经验  六、对下一个规划编制的建议.
"""

from __future__ import annotations

from typing import Any

from dayao_data import i18n
from dayao_data.display import is_missing
from dayao_data.evaluation import (
    CHANGE_LABELS,
    COMPLETION_METRICS,
    GROUP_LABELS,
    SCENARIO_LABELS,
    Final,
)
from dayao_data.evaluation import narrative as nv
from dayao_data.evaluation.context import Evaluation
from dayao_data.evaluation.show.common import (
    CHANGE_STYLE,
    METRIC_LABELS,
    SHARE_METRICS,
    VERDICT_STYLE,
    banner,
    emit,
    indicator_of,
    label_of,
    numbered_text,
    ordered_html,
    paragraphs_html,
    report_table,
    share_text,
    tagged,
    wording,
    year_text,
)
from dayao_data.evaluation.show.final import verdict_span
from dayao_data.evaluation.show.projects import investment_table, project_tables
from dayao_data.labels import label_pairs
from dayao_data.report import tables as T
from dayao_data.yearly.output import Shown

_SUMMARY_METRICS = (
    "time_share",
    "mean_task_share",
    "median_task_share",
    "n_at_or_above_half",
    "n_assessed",
    *COMPLETION_METRICS,
)


def final_comparison(ev: Evaluation) -> Shown:
    """与中期评估比较: the mid-term's summary figures and each series' status then and now."""
    f: Final = ev.result
    lang = ev.language
    scols = [
        wording("metric", lang),
        wording("midterm", lang) + f" {f.midterm_year}",
        wording("final", lang) + f" {f.year}",
        wording("change", lang),
    ]
    summary = f.summary_comparison.set_index("metric")
    srec = []
    for key in _SUMMARY_METRICS:
        a, b, c = summary.loc[key, "midterm"], summary.loc[key, "final"], summary.loc[key, "change"]
        if key in SHARE_METRICS:
            # a change of a share is in percentage points (shown with the sign of the change)
            shown = [
                share_text(a, lang),
                share_text(b, lang),
                T.EMPTY if c is None else nv.format_cell(c * 100, "signed_change", "%", lang),
            ]
        else:
            shown = [_int_text(a), _int_text(b), T.EMPTY if c is None else f"{int(c):+d}".replace("-", "−")]
        srec.append(dict(zip(scols, [label_of(METRIC_LABELS, key, lang)] + shown)))
    stable = report_table(srec, scols, language=lang, numeric=scols[1:], key="summary_comparison")
    cols = [
        i18n.t("col_indicator", lang),
        wording("mid_status", lang),
        wording("mid_scenario", lang),
        wording("final_verdict", lang),
        wording("change", lang),
    ]
    records, codes, binding = [], [], []
    for r in f.comparison.itertuples():
        ind = indicator_of(ev, r.indicator_id)
        mid = label_of(GROUP_LABELS, r.mid_group, lang) + (
            f"({int(r.mid_data_year)})" if not is_missing(r.mid_data_year) else ""
        )
        records.append(
            dict(
                zip(
                    cols,
                    [
                        ind.name(lang),
                        mid,
                        label_of(SCENARIO_LABELS, r.mid_scenario, lang),
                        verdict_span(r.final_verdict, lang),
                        label_of(CHANGE_LABELS, r.change, lang),
                    ],
                )
            )
        )
        codes.append(CHANGE_STYLE[r.change])
        binding.append(bool(r.binding))
    table = report_table(records, cols, language=lang, status={cols[4]: codes}, binding=binding, key="comparison")
    emit(banner(ev) + stable.to_html() + table.to_html(), tagged(ev, stable.to_text() + "\n" + table.to_text()))
    return Shown([stable, table])


def _int_text(value: Any) -> str:
    return T.EMPTY if value is None or is_missing(value) else str(int(value))


def final_annex(ev: Evaluation) -> Shown:
    """三、重点任务和重大工程完成情况: the key projects' planned and completed investment (with the
    completion share), what the plan sets for each project and the progress reported, and the
    other quantified targets of the plan's text that have data."""
    f: Final = ev.result
    lang = ev.language
    html, text, shown = banner(ev), "", []
    if len(f.projects):
        invest = investment_table(ev, f.projects)
        if invest is not None:
            html += T.keep(T.heading(3, wording("investment_title", lang)) + invest.to_html())
            text += wording("investment_title", lang) + "\n" + invest.to_text() + "\n"
            shown.append(invest)
        tables_html, tables_text, tables = project_tables(ev, f.projects)
        shown += tables
        html += T.heading(3, wording("projects_progress_title", lang)) + tables_html
        text += "\n" + wording("projects_progress_title", lang) + "\n" + tables_text
    else:
        html += T.callout(wording("no_projects", lang))
        text += wording("no_projects", lang)
    html += T.heading(3, wording("extended_title_final", lang))
    text += "\n" + wording("extended_title_final", lang) + "\n"
    if len(f.extended):
        cols = [
            i18n.t("col_indicator", lang),
            wording("goal", lang),
            i18n.t("col_data_year", lang),
            i18n.t("col_value", lang),
            wording("final_verdict", lang),
        ]
        records, codes = [], []
        for r in f.extended.itertuples():
            ind = indicator_of(ev, r.indicator_id)
            records.append(
                dict(
                    zip(
                        cols,
                        [
                            ind.name(lang),
                            T.target_text(ind, r.target, lang),
                            year_text(r.data_year),
                            T.value_text(r.value, ind, lang),
                            verdict_span(r.verdict, lang),
                        ],
                    )
                )
            )
            codes.append(VERDICT_STYLE[r.verdict])
        table = report_table(records, cols, language=lang, status={cols[4]: codes}, numeric=cols[1:4], key="extended")
        html += table.to_html()
        text += table.to_text()
        shown.append(table)
    else:
        html += T.callout(wording("no_extended", lang))
        text += wording("no_extended", lang) + "\n"
    emit(html, tagged(ev, text))
    return Shown(shown)


def run_facts(ev: Evaluation) -> Shown:
    """What the run read (plan file, actuals files with dates and checksums, band): as in the yearly report."""
    from dayao_data.yearly import show
    from dayao_data.yearly.tables import run_facts as facts_table

    show.run_facts(ev.ctx)
    return Shown([facts_table(ev.ctx)])  # the table shown (yearly show.run_facts returns None)


# --------------------------------------------------------------------------------------
# Final: 四、存在的问题和原因  五、主要经验  六、对下一个规划编制的建议
# --------------------------------------------------------------------------------------


def final_problems(ev: Evaluation) -> Shown:
    """四、存在的问题和原因: each shortfall (binding first) with the pace kept against the pace needed."""
    sentences = nv.final_problems(ev.result, ev.language)
    emit(banner(ev) + ordered_html(sentences), tagged(ev, numbered_text(sentences)))
    return Shown([s.text for s in sentences])


def final_experience(ev: Evaluation) -> Shown:
    """五、主要经验: the domains achieved in full, the indicators achieved early and those that kept pace."""
    sentences = nv.final_experience(ev.result, ev.language)
    emit(banner(ev) + paragraphs_html(sentences), tagged(ev, "\n".join(s.text for s in sentences)))
    return Shown([s.text for s in sentences])


_NEXT_HEADS = label_pairs("next_plan_heading")


def final_next_plan(ev: Evaluation) -> Shown:
    """六、对下一个规划编制的建议: keep / adjust / add / drop, each with its figures, and the table behind them."""
    f: Final = ev.result
    lang = ev.language
    sentences = nv.final_next_plan(f, lang)
    frame = f.next_plan
    html, text = [banner(ev)], []
    for code, (zh, en) in _NEXT_HEADS.items():
        picked = [s for s, c in zip(sentences, frame["code"]) if c == code] if len(frame) else []
        if not picked:
            continue
        head = en if lang == "en" else zh
        html.append(f"<h3>{T.escape(head)}</h3>" + ordered_html(picked))
        text.append(head + "\n" + numbered_text(picked))
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
        ind = indicator_of(ev, r.indicator_id)
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
    table = report_table(records, cols, language=lang, numeric=cols[2:], key="next_plan")
    emit("".join(html) + table.to_html(), tagged(ev, "\n\n".join(text) + "\n\n" + table.to_text()))
    return Shown([table])
