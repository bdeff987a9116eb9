"""The final notebooks' conclusion (总体结论) and the tables of the target year: per series, per row of
the plan, five-year totals and ceilings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dayao_data import i18n
from dayao_data.display import is_missing
from dayao_data.evaluation import (
    CEILING_VERDICT_LABELS,
    VERDICT_LABELS,
    Final,
)
from dayao_data.evaluation import narrative as nv
from dayao_data.evaluation.context import Evaluation
from dayao_data.evaluation.show.common import (
    CEILING_STYLE,
    VERDICT_STYLE,
    banner,
    emit,
    indicator_of,
    label_of,
    name_of,
    numbered_text,
    ordered_html,
    paragraphs_html,
    report_table,
    row_label,
    share_text,
    tagged,
    wording,
    year_text,
    years_text,
)
from dayao_data.report import tables as T
from dayao_data.yearly.output import Shown

# --------------------------------------------------------------------------------------
# Final: 总体结论 and the tables
# --------------------------------------------------------------------------------------


def conclusion(ev: Evaluation) -> Shown:
    """总体结论: achieved or not per series and per table row, binding indicators missed (named),
    ceilings, plan-period totals and what changed since the mid-term."""
    f: Final = ev.result
    sentences = nv.final_conclusion(f, ev.language)
    alarm = [s for s in sentences if s.key == "fn_binding_some"]
    rest = [s for s in sentences if s.key not in ("fn_binding_some", "illustrative")]
    html = banner(ev) + f'<div class="dd-callout">{paragraphs_html(rest)}</div>'
    if alarm:
        html += T.alarm_box(alarm[0].text)
    binding = nv.final_binding(f, ev.language)
    head = nv.fill("fn_binding_head", ev.language, f.tables).text
    if binding:
        html += T.paragraph(head) + ordered_html(binding)
    emit(
        html,
        tagged(
            ev,
            "\n".join(s.text for s in rest + alarm) + ("\n" + head + "\n" + numbered_text(binding) if binding else ""),
        ),
    )
    return Shown([s.text for s in rest + alarm] + ([head] + [s.text for s in binding] if binding else []))


def verdict_span(code: str, language: str) -> str:
    """The label of a final verdict code in ``language``."""
    return label_of(VERDICT_LABELS, code, language)


def target_cell(ev: Evaluation, ind, target: Any, data_year: Any, language: str) -> str:
    """The target column: a qualitative target's figure is the quota handed down for the year of
    the data, with the source of that year's figures ("2023年下达150套（来源：示例数据）"), not a
    plan-period target (the unit, with its 推定 mark, is in the unit column)."""
    if ind.kind == "qualitative" and not is_missing(target) and not is_missing(data_year):
        value = T.value_text(target, ind, language)
        source = T.latest_source(ev.ctx, ind, data_year)
        if language == "zh":
            text = f"{int(data_year)}年下达{value}" + (f"（来源：{source}）" if source != T.EMPTY else "")
        else:
            text = f"{value} handed down for {int(data_year)}" + (f" (source: {source})" if source != T.EMPTY else "")
        return text
    return T.target_text(ind, target, language)


def inferred_note(ev: Evaluation, ids: Iterable[str]) -> str:
    """The note under a table with inferred units, written once with the list of indicators."""
    inds = [indicator_of(ev, i) for i in ids]
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


def final_series(ev: Evaluation) -> Shown:
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
        wording("notes", lang),
        wording("final_verdict", lang),
    ]
    records, codes, binding, units = [], [], [], []
    for r in f.series.itertuples():
        ind = indicator_of(ev, r.indicator_id)
        units.append(ind)
        notes = []
        if len(r.breach_years):
            notes.append(f"{wording('breach_years', lang)} {years_text(r.breach_years, lang)}")
        if len(r.missing_years) and r.target_kind == "cumulative":
            notes.append(f"{wording('missing_years', lang)} {years_text(r.missing_years, lang)}")
        records.append(
            dict(
                zip(
                    cols,
                    [
                        row_label(ind),
                        ind.name(lang),
                        r.department_en if lang == "en" else r.department,
                        target_cell(ev, ind, r.target, r.data_year, lang),
                        year_text(r.data_year),
                        T.value_text(r.value, ind, lang),
                        T.change_text(r.gap, ind, lang),
                        ("; " if lang == "en" else ";").join(notes) or T.EMPTY,
                        verdict_span(r.verdict, lang),
                    ],
                )
            )
        )
        codes.append(VERDICT_STYLE[r.verdict])
        binding.append(bool(r.binding))
    table = report_table(
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
    emit(banner(ev) + table.to_html() + inferred_note(ev, f.series["indicator_id"]), tagged(ev, table.to_text()))
    return Shown([table])


def final_rows(ev: Evaluation) -> Shown:
    """逐行核对: each row of the plan's table; a row of two series is achieved only when both are."""
    f: Final = ev.result
    lang = ev.language
    cols = [
        i18n.t("col_row", lang),
        i18n.t("col_indicator", lang),
        wording("series_verdicts", lang),
        wording("row_verdict", lang),
    ]
    records, codes = [], []
    for r in f.rows.itertuples():
        names = [name_of(ev, i) for i in r.indicator_ids]
        verdicts = [
            f"{n}:{verdict_span(v, lang)}" if lang == "zh" else f"{n}: {verdict_span(v, lang)}"
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
                        else verdict_span(r.series_verdicts[0], lang),
                        verdict_span(r.verdict, lang),
                    ],
                )
            )
        )
        codes.append(VERDICT_STYLE[r.verdict])
    table = report_table(records, cols, language=lang, status={cols[3]: codes}, numeric=(cols[0],), key="final_rows")
    emit(banner(ev) + table.to_html(), tagged(ev, table.to_text()))
    return Shown([table])


def final_cumulative(ev: Evaluation) -> Shown:
    """累计指标: each plan-period total, year by year, against its target, with the years missing."""
    f: Final = ev.result
    lang = ev.language
    if not len(f.cumulative):
        emit(T.callout(wording("no_cumulative", lang)), wording("no_cumulative", lang))
        return Shown([])
    years = [str(y) for y in ev.plan.years]
    cols = (
        [i18n.t("col_indicator", lang), i18n.t("col_target", lang, year=f.year)]
        + years
        + [
            wording("total", lang),
            wording("share", lang),
            wording("missing_years", lang),
            wording("final_verdict", lang),
        ]
    )
    records, codes, units = [], [], []
    for r in f.cumulative.to_dict("records"):
        ind = indicator_of(ev, r["indicator_id"])
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
                        share_text(r["share"], lang),
                        years_text(r["missing_years"], lang),
                        verdict_span(r["verdict"], lang),
                    ],
                )
            )
        )
        codes.append(VERDICT_STYLE[r["verdict"]])
    table = report_table(
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
    emit(banner(ev) + table.to_html(), tagged(ev, table.to_text()))
    return Shown([table])


def final_ceilings(ev: Evaluation) -> Shown:
    """约束性上限逐年核对: every ceiling's value in every year, held every year or the years breached."""
    f: Final = ev.result
    lang = ev.language
    if not len(f.ceilings):
        emit(T.callout(wording("no_ceilings", lang)), wording("no_ceilings", lang))
        return Shown([])
    years = [str(y) for y in ev.plan.years]
    cols = (
        [i18n.t("col_indicator", lang), wording("bound", lang)]
        + years
        + [wording("breach_years", lang), wording("final_verdict", lang)]
    )
    records, codes, binding, units = [], [], [], []
    for r in f.ceilings.to_dict("records"):
        ind = indicator_of(ev, r["indicator_id"])
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
                    + [years_text(r["breach_years"], lang), label_of(CEILING_VERDICT_LABELS, r["verdict"], lang)],
                )
            )
        )
        codes.append(CEILING_STYLE[r["verdict"]])
        binding.append(bool(r["binding"]))
    table = report_table(
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
    emit(banner(ev) + table.to_html(), tagged(ev, table.to_text()))
    return Shown([table])
