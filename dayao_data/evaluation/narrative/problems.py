"""The mid-term's sentences on its problems (四、存在的问题) and the method notes of the annex.

Each lagging, regressing or breached series: what it still needs per year against the best and
the average year so far (:func:`midterm_problems`); where the three methods disagree, why
(:func:`method_note`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayao_data.display import is_missing
from dayao_data.evaluation.narrative.common import (
    N,
    Sentence,
    anticipated_label,
    binding_of,
    cagr_label,
    department_of,
    fill,
    join,
    name_of,
    register_units,
    status_label,
    template_text,
)

if TYPE_CHECKING:  # pragma: no cover
    from dayao_data.evaluation.midterm import Midterm


def _compare_sentence(r: Any, tb: dict, language: str, table: str = "problems") -> Sentence:
    p = lambda col, fmt="signed_change": N(table, r.indicator_id, col, fmt, r.unit)  # noqa: E731
    if is_missing(r.best_change):
        return fill("pb_no_pace", language, tb)
    if not bool(r.best_in_direction):
        return fill("pb_no_best", language, tb, best_year=p("best_year", "year"), best_change=p("best_change"))
    key = "pb_exceeds" if bool(r.exceeds_best) else "pb_within_best"
    return fill(
        key, language, tb, best_year=p("best_year", "year"), best_change=p("best_change"), mean_change=p("mean_change")
    )


_BOUND_WORDS = {
    # direction −1: a ceiling; +1: a floor (progress-method.md, ceilings)
    (-1, "zh"): dict(
        bound_name="上限", over="超出", inside="以内", across="越过", strict_word="低于", move="降到", side="以下"
    ),
    (1, "zh"): dict(
        bound_name="下限", over="低于", inside="以上", across="跌破", strict_word="高于", move="升到", side="以上"
    ),
    (-1, "en"): dict(
        bound_name="bound",
        over="over",
        inside="within",
        across="across",
        strict_word="less",
        move="fall below",
        side="",
    ),
    (1, "en"): dict(
        bound_name="floor", over="below", inside="above", across="below", strict_word="more", move="rise above", side=""
    ),
}


def bound_words(direction: Any, language: str) -> dict[str, str]:
    """The words for a bound: 上限/超出/以内 for a ceiling, 下限/低于/以上 for a floor."""
    return dict(_BOUND_WORDS[(1 if int(direction) > 0 else -1, "en" if language == "en" else "zh")])


def at_bound(required: Any) -> bool:
    """A strict bound met with equality: no change to show, the value must simply go below it."""
    return not is_missing(required) and abs(float(required)) < 5e-3


def change_verb(value: float, language: str) -> str:
    """The verb of a change: up when ``value`` ≥ 0, else down."""
    return template_text("verb_up" if value >= 0 else "verb_down", language)


def midterm_problems(m: Midterm, language: str = "zh") -> list[Sentence]:
    """四、存在的问题: what each lagging, regressing or breached series still needs."""
    register_units(m.plan)
    tb = m.tables
    if not len(m.problems):
        return [fill("pb_none", language, tb)]
    out = []
    for r in m.problems.itertuples():
        p = lambda col, fmt="value": N("problems", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        common = dict(name=name_of(r, language), binding=binding_of(r, language), department=department_of(r, language))
        if r.problem == "breached_earlier":
            out.append(
                fill(
                    "pb_breached_earlier",
                    language,
                    tb,
                    **common,
                    breach_years=p("breach_years", "year_list"),
                    target=p("target"),
                    data_year=p("data_year", "year"),
                    value=p("value"),
                    **bound_words(r.direction, language),
                )
            )
        elif r.problem == "breached":
            if is_missing(r.best_change):
                compare = fill("pb_no_pace", language, tb)
            elif bool(r.best_in_direction):
                compare = fill(
                    "pb_ceiling_best",
                    language,
                    tb,
                    best_year=p("best_year", "year"),
                    best_change=p("best_change", "signed_change"),
                )
            else:
                compare = fill(
                    "pb_ceiling_no_best",
                    language,
                    tb,
                    best_year=p("best_year", "year"),
                    best_change=p("best_change", "signed_change"),
                )
            if at_bound(r.required_annual_increment):
                out.append(
                    fill(
                        "pb_ceiling_at_bound",
                        language,
                        tb,
                        **common,
                        data_year=p("data_year", "year"),
                        value=p("value"),
                        target=p("target"),
                        compare=compare,
                        **bound_words(r.direction, language),
                    )
                )
                continue
            key = "pb_ceiling" if r.direction == -1 else "pb_floor"
            out.append(
                fill(
                    key,
                    language,
                    tb,
                    **common,
                    data_year=p("data_year", "year"),
                    value=p("value"),
                    target=p("target"),
                    required=p("required_annual_increment", "change"),
                    compare=compare,
                )
            )
        elif r.target_kind == "qualitative":
            out.append(
                fill(
                    "pb_quota",
                    language,
                    tb,
                    **common,
                    data_year=p("data_year", "year"),
                    value=p("value"),
                    target=p("target"),
                    gap=p("gap", "abs_value"),
                )
            )
        elif is_missing(r.required_annual_increment):
            continue  # the target year has come: nothing is "still required" (the final evaluation reports it)
        elif r.target_kind == "cumulative":
            out.append(
                fill(
                    "pb_cumulative",
                    language,
                    tb,
                    **common,
                    data_year=p("data_year", "year"),
                    value=p("value"),
                    progress_share=p("progress_share", "share"),
                    target=p("target"),
                    years_left=p("years_left", "count"),
                    required=p("required_annual_increment", "abs_value"),
                    compare=_compare_sentence(r, tb, language),
                )
            )
        else:
            regress = (
                fill("pb_regress", language, tb, baseline=p("baseline"))
                if r.status == "regressing" and not is_missing(r.baseline)
                else ""
            )
            rate = ""
            if not is_missing(r.required_annual_rate):
                rate_key = "pb_rate" if r.required_annual_rate >= 0 else "pb_rate_down"
                rate = fill(rate_key, language, tb, rate=p("required_annual_rate", "rate"))
            out.append(
                fill(
                    "pb_level",
                    language,
                    tb,
                    **common,
                    data_year=p("data_year", "year"),
                    value=p("value"),
                    target=p("target"),
                    gap=p("gap", "change"),
                    regress=regress,
                    years_left=p("years_left", "count"),
                    verb=change_verb(r.required_annual_increment, language),
                    required=p("required_annual_increment", "change"),
                    rate=rate,
                    compare=_compare_sentence(r, tb, language),
                )
            )
    return out


def method_note(m: Midterm, indicator_id: str, language: str = "zh") -> Sentence | None:
    """Why the methods point different ways for one series (None where they agree)."""
    register_units(m.plan)
    methods = m.methods.set_index("indicator_id")
    r = methods.loc[indicator_id]
    code = r["disagreement"]
    if not isinstance(code, str):
        return None
    tb = m.tables
    md = lambda col, fmt="value": N("methods", indicator_id, col, fmt, r["unit"])  # noqa: E731
    # Mid-sentence in English the labels start in lower case ("so on track by time share").
    lower = (lambda text: text[:1].lower() + text[1:]) if language == "en" else (lambda text: text)  # noqa: E731
    labels = dict(
        status=lower(status_label(r["status"], language)),
        cagr=lower(cagr_label(r["cagr_status"], language)),
        anticipated=lower(anticipated_label(r["anticipated_status"], language)),
    )
    if code == "achieved_by_jump":
        return fill(
            "md_achieved_by_jump",
            language,
            tb,
            best_year=md("best_year", "year"),
            best_change=md("best_change", "signed_change"),
            best_change_share=md("best_change_share", "share"),
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            target=md("target"),
        )
    if code == "achieved_trend_short":
        return fill(
            "md_achieved_trend_short",
            language,
            tb,
            worst_year=md("worst_year", "year"),
            worst_change=md("worst_change", "signed_change"),
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            target=md("target"),
        )
    if code == "ceiling_trend_crosses":
        return fill(
            "md_ceiling_trend_crosses",
            language,
            tb,
            target=md("target"),
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            **bound_words(r["direction"], language),
        )
    if code == "breach_trend_within":
        return fill(
            "md_breach_trend_within",
            language,
            tb,
            data_year=md("data_year", "year"),
            value=md("value"),
            target=md("target"),
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            **bound_words(r["direction"], language),
        )
    first = status_label(r["status"], language)  # the labels that open a sentence keep their capital
    if code == "gain_in_one_year":
        return fill(
            "md_gain_in_one_year",
            language,
            tb,
            status=first,
            progress_share=md("progress_share", "share"),
            time_share=md("time_share", "share"),
            best_change_share=md("best_change_share", "share"),
            best_year=md("best_year", "year"),
            best_change=md("best_change", "signed_change"),
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            anticipated=labels["anticipated"],
        )
    if code in ("trend_flatter", "latest_year_fell"):
        return fill(
            f"md_{code}",
            language,
            tb,
            status=first,
            progress_share=md("progress_share", "share"),
            time_share=md("time_share", "share"),
            worst_year=md("worst_year", "year"),
            worst_change=md("worst_change", "signed_change"),
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            anticipated=labels["anticipated"],
        )
    if code == "band":
        return fill(
            "md_band",
            language,
            tb,
            time_ratio=md("time_ratio", "ratio"),
            status=labels["status"],
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            anticipated_progress=md("anticipated_progress", "share"),
            target=md("target"),
        )
    if code == "no_baseline":
        return fill(
            "md_no_baseline",
            language,
            tb,
            value=md("value"),
            target=md("target"),
            status=labels["status"],
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            anticipated=labels["anticipated"],
        )
    if code == "thresholds":
        return fill(
            "md_thresholds",
            language,
            tb,
            time_ratio=md("time_ratio", "ratio"),
            cagr_ratio=md("cagr_ratio", "ratio"),
            cagr=labels["cagr"],
        )
    if code == "compound_vs_linear":
        front = template_text(
            "front_small" if float(r["cagr_ratio"]) > float(r["time_ratio"]) else "front_large", language
        )
        return fill(
            "md_compound_vs_linear",
            language,
            tb,
            time_ratio=md("time_ratio", "ratio"),
            status=labels["status"],
            cagr_ratio=md("cagr_ratio", "ratio"),
            cagr=labels["cagr"],
            front=front,
        )
    views = []
    for view, label in (("time", labels["status"]), ("pace", labels["cagr"]), ("trend", labels["anticipated"])):
        if label != "—":
            views.append(fill(f"md_view_{view}", language, tb, label=label))
    return fill("md_other", language, tb, views=join(views, "," if language == "zh" else ", ", language))
