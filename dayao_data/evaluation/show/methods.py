"""The mid-term annex: the methods side by side, the scenarios and the method's parameters."""

from __future__ import annotations

from dayao_data import i18n
from dayao_data.display import format_number, format_share, format_years, is_missing
from dayao_data.evaluation import (
    DISAGREEMENT_LABELS,
    SCENARIO_LABELS,
    Midterm,
)
from dayao_data.evaluation import narrative as nv
from dayao_data.evaluation.context import Evaluation
from dayao_data.evaluation.show.common import (
    SCENARIO_STYLE,
    banner,
    emit,
    indicator_of,
    label_of,
    name_of,
    report_table,
    share_text,
    signed_text,
    tagged,
    wording,
    year_text,
)
from dayao_data.progress import ANTICIPATED_LABELS, CAGR_LABELS
from dayao_data.report import tables as T
from dayao_data.yearly.output import Shown

# --------------------------------------------------------------------------------------
# Mid-term annex: methods side by side, scenarios, parameters
# --------------------------------------------------------------------------------------


def methods(ev: Evaluation) -> Shown:
    """附:方法对比 — time progress, pace (CAGR ratio), projection and years ahead for every series,
    and for each series where they point different ways, why."""
    m: Midterm = ev.result
    lang = ev.language
    cols = [
        i18n.t("col_indicator", lang),
        i18n.t("col_status", lang),
        wording("time_ratio", lang),
        i18n.t("col_years_ahead", lang),
        wording("cagr_ratio", lang),
        i18n.t("col_pace", lang),
        i18n.t("col_projected", lang, year=ev.plan.target_year),
        wording("anticipated_progress", lang),
        i18n.t("col_anticipated", lang),
        wording("agree", lang),
    ]
    records, codes, binding = [], [], []
    for r in m.methods.itertuples():
        ind = indicator_of(ev, r.indicator_id)
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
                        label_of(CAGR_LABELS, r.cagr_status, lang),
                        T.value_text(r.projected_final, ind, lang),
                        share_text(r.anticipated_progress, lang),
                        label_of(ANTICIPATED_LABELS, r.anticipated_status, lang),
                        wording("yes" if r.agree else "no", lang),
                    ],
                )
            )
        )
        codes.append(r.status)
        binding.append(bool(r.binding))
    table = report_table(
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
        ncols = [i18n.t("col_indicator", lang), wording("why", lang), wording("notes", lang)]
        note_records = []
        for ind_id, code in notes:
            note = nv.method_note(m, ind_id, lang)
            note_records.append(
                dict(
                    zip(
                        ncols,
                        [name_of(ev, ind_id), label_of(DISAGREEMENT_LABELS, code, lang), note.text if note else ""],
                    )
                )
            )
        note_table = report_table(note_records, ncols, language=lang, key="method_notes")
        html = banner(ev) + table.to_html() + T.keep(note_table.to_html())
        text = table.to_text() + "\n" + note_table.to_text()
        shown = [table, note_table]
    else:
        html = banner(ev) + table.to_html() + T.callout(wording("no_disagreement", lang))
        text = table.to_text() + "\n" + wording("no_disagreement", lang)
        shown = [table]
    emit(html, tagged(ev, text))
    return Shown(shown)


def scenarios(ev: Evaluation) -> Shown:
    """附:情景分析 — for each series in 存在的问题, its target-year value (i) at the average change so
    far, (ii) at the best year's change, (iii) on the required path, and the verdict."""
    m: Midterm = ev.result
    lang = ev.language
    if not len(m.scenarios):
        emit(banner(ev) + T.callout(wording("no_scenarios", lang)), tagged(ev, wording("no_scenarios", lang)))
        return Shown([])
    cols = [
        i18n.t("col_indicator", lang),
        i18n.t("col_data_year", lang),
        i18n.t("col_value", lang),
        i18n.t("col_target", lang, year=ev.plan.target_year),
        wording("years_left", lang),
        wording("at_mean", lang),
        wording("at_best", lang),
        wording("required_path", lang),
        wording("verdict", lang),
    ]
    records, codes, binding, units = [], [], [], []
    for r in m.scenarios.itertuples():
        ind = indicator_of(ev, r.indicator_id)
        units.append(ind)

        def outcome(value, meets, reached):
            text = T.value_text(value, ind, lang)
            if r.target_kind == "ceiling":
                if meets is not None and not is_missing(meets):
                    text += (
                        f"({wording('within_every_year' if meets else 'over_some_year', lang)})"
                        if lang == "zh"
                        else f" ({wording('within_every_year' if meets else 'over_some_year', lang)})"
                    )
            elif not is_missing(reached):
                word = wording("reached_in", lang, year=int(reached))
                text += f"({word})" if lang == "zh" else f" ({word})"
            return text

        records.append(
            dict(
                zip(
                    cols,
                    [
                        ind.name(lang),
                        year_text(r.data_year),
                        T.value_text(r.value, ind, lang),
                        T.target_text(ind, r.target, lang),
                        year_text(r.years_left),
                        outcome(r.value_at_mean, r.meets_at_mean, r.year_reached_at_mean),
                        outcome(r.value_at_best, r.meets_at_best, r.year_reached_at_best),
                        signed_text(r.required_annual_increment, ind, lang),
                        label_of(SCENARIO_LABELS, r.verdict, lang),
                    ],
                )
            )
        )
        codes.append(SCENARIO_STYLE.get(r.verdict))
        binding.append(bool(r.binding))
    table = report_table(
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
    emit(banner(ev) + table.to_html(), tagged(ev, table.to_text()))
    return Shown([table])


def method_parameters(ev: Evaluation) -> Shown:
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
                cols[0]: wording("param_midpoint", lang),
                cols[1]: wording("param_midpoint_value", lang, year=year, base=plan.base_year, span=span),
            }
        )
    else:
        records.append({cols[0]: wording("param_final", lang), cols[1]: str(year)})
        records.append({cols[0]: wording("param_midpoint", lang), cols[1]: str(ev.result.midterm_year)})
    records += [
        {
            cols[0]: wording("param_years", lang),
            cols[1]: wording("param_years_value", lang, base=plan.base_year, target=plan.target_year),
        },
        {cols[0]: wording("param_time_share", lang), cols[1]: format_share((year - plan.base_year) / span, lang)},
        {cols[0]: wording("param_band", lang), cols[1]: format_number(ev.result.band)},
    ]
    table = report_table(records, cols, language=lang, key="parameters")
    emit(table.to_html(), table.to_text())
    return Shown([table])
