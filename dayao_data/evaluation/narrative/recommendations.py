"""The mid-term's recommendations (五、下一步建议) as sentences, citing the plan's own measures.

:func:`midterm_recommendations` words each row of the recommendations table; those about a
shortfall cite the plan's text for the series' task (:func:`plan_tasks`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayao_data.display import is_missing
from dayao_data.evaluation.narrative.common import (
    N,
    Sentence,
    anticipated_label,
    binding_of,
    department_of,
    fill,
    join,
    name_of,
    register_units,
    status_label,
)
from dayao_data.evaluation.narrative.problems import at_bound, bound_words, change_verb
from dayao_data.plan.places import place_en

if TYPE_CHECKING:  # pragma: no cover
    from dayao_data.evaluation.midterm import Midterm


def _recommendation(rec: Any, m: Midterm, language: str) -> Sentence | None:
    tb = m.tables
    code = rec.code
    if code == "projects_no_data":
        return fill("rc_projects_no_data", language, tb)
    common = dict(
        name=name_of(rec, language), binding=binding_of(rec, language), department=department_of(rec, language)
    )
    if code in ("not_assessable", "no_data"):
        return fill(f"rc_{code}", language, tb, **common)
    if code == "stale_data":
        r = m.series.set_index("indicator_id").loc[rec.indicator_id]
        return fill(
            "rc_stale_data",
            language,
            tb,
            name=common["name"],
            department=common["department"],
            data_year=N("series", rec.indicator_id, "data_year", "year"),
            year=N("overall", "year", "value", "year"),
        )
    if code == "watch_trend":
        r = m.methods.set_index("indicator_id").loc[rec.indicator_id]
        md = lambda col, fmt="value": N("methods", rec.indicator_id, col, fmt, r["unit"])  # noqa: E731
        return fill(
            "rc_watch_trend",
            language,
            tb,
            **common,
            status=status_label(r["status"], language),
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            target=md("target"),
            anticipated=anticipated_label(r["anticipated_status"], language),
        )
    pr = m.problems.set_index("indicator_id").loc[rec.indicator_id]
    unit = pr["unit"]
    p = lambda col, fmt="value": N("problems", rec.indicator_id, col, fmt, unit)  # noqa: E731
    sc = lambda col, fmt="value": N("scenarios", rec.indicator_id, col, fmt, unit)  # noqa: E731
    if code == "quota_short":
        return fill(
            "rc_quota_short",
            language,
            tb,
            **common,
            data_year=p("data_year", "year"),
            value=p("value"),
            target=p("target"),
            gap=p("gap", "abs_value"),
        )
    if code == "ceiling_breached":
        s = m.scenarios.set_index("indicator_id")
        if rec.indicator_id in s.index and not is_missing(s.loc[rec.indicator_id, "best_change"]):
            key = "rc_ceiling_feasible" if bool(s.loc[rec.indicator_id, "meets_at_best"]) else "rc_ceiling_infeasible"
            feasible = fill(
                key, language, tb, best_year=sc("best_year", "year"), best_change=sc("best_change", "signed_change")
            )
        else:
            feasible = fill("pb_no_pace", language, tb)
        if at_bound(pr["required_annual_increment"]):
            return fill(
                "rc_ceiling_at_bound",
                language,
                tb,
                **common,
                data_year=p("data_year", "year"),
                value=p("value"),
                target=p("target"),
                feasible=feasible,
                **bound_words(pr["direction"], language),
            )
        key = "rc_ceiling_breached" if pr["direction"] == -1 else "rc_floor_breached"
        return fill(
            key,
            language,
            tb,
            **common,
            data_year=p("data_year", "year"),
            value=p("value"),
            target=p("target"),
            required=p("required_annual_increment", "change"),
            feasible=feasible,
        )
    if code == "ceiling_breached_earlier":
        s = m.scenarios.set_index("indicator_id")
        if rec.indicator_id not in s.index or is_missing(s.loc[rec.indicator_id, "mean_change"]):
            return None
        words = bound_words(pr["direction"], language)
        outlook = fill(
            "outlook_within" if bool(s.loc[rec.indicator_id, "meets_at_mean"]) else "outlook_over",
            language,
            tb,
            **words,
        )
        return fill(
            "rc_ceiling_breached_earlier",
            language,
            tb,
            **common,
            breach_years=p("breach_years", "year_list"),
            target=p("target"),
            data_year=p("data_year", "year"),
            value=p("value"),
            mean_change=sc("mean_change", "signed_change"),
            target_year=sc("target_year", "year"),
            value_at_mean=sc("value_at_mean"),
            outlook=outlook,
            **words,
        )
    if code == "no_pace_seen":
        return fill("rc_no_pace_seen", language, tb, **common)
    s = m.scenarios.set_index("indicator_id").loc[rec.indicator_id]
    required = float(s["required_annual_increment"])
    cum = pr["target_kind"] == "cumulative"
    verb = "" if cum else change_verb(required, language)
    req_fmt = "abs_value" if cum else "change"
    if code == "above_best_pace":
        reach = ""
        if not is_missing(s["year_reached_at_best"]):
            reach = fill("rc_reach_year", language, tb, year=sc("year_reached_at_best", "year"))
        return fill(
            "rc_above_best_pace",
            language,
            tb,
            **common,
            years_left=sc("years_left", "count"),
            verb=verb,
            required=sc("required_annual_increment", req_fmt),
            best_year=sc("best_year", "year"),
            best_change=sc("best_change", "signed_change"),
            target_year=sc("target_year", "year"),
            value_at_best=sc("value_at_best"),
            target=sc("target"),
            reach=reach,
        )
    if code == "sustain_best_pace":
        if bool(s["meets_at_mean"]):
            return fill(
                "rc_on_course_mean",
                language,
                tb,
                **common,
                mean_change=sc("mean_change", "signed_change"),
                target_year=sc("target_year", "year"),
                value_at_mean=sc("value_at_mean"),
                target=sc("target"),
            )
        return fill(
            "rc_sustain_best_pace",
            language,
            tb,
            **common,
            years_left=sc("years_left", "count"),
            verb=verb,
            required=sc("required_annual_increment", req_fmt),
            mean_change=sc("mean_change", "signed_change"),
            best_year=sc("best_year", "year"),
            best_change=sc("best_change", "signed_change"),
            target_year=sc("target_year", "year"),
            value_at_mean=sc("value_at_mean"),
        )
    return None


#: The recommendations that say what to do about a shortfall: they cite the plan's own measures.
_MEASURE_CODES = ("ceiling_breached", "ceiling_breached_earlier", "above_best_pace", "sustain_best_pace", "quota_short")


def bigrams(text: str) -> set[str]:
    """The pairs of consecutive Chinese characters of ``text`` (to match a task with the plan's text)."""
    text = "".join(ch for ch in str(text) if "\u4e00" <= ch <= "\u9fff")
    return {text[i : i + 2] for i in range(len(text) - 1)}


def plan_text(text: str) -> str:
    """A quotation from the plan with its punctuation in full-width form (the vendored text's
    half-width marks come from its web extraction)."""
    marks = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！", "“": "‘", "”": "’"}
    return "".join(marks.get(ch, ch) for ch in str(text))


def section_of(cite: Any, language: str = "zh") -> str:
    """ "第三章 第五节 · 三、重点工程 · …" → "第三章第五节" (English: "chapter 3, section 5")."""
    location = str(getattr(cite, "location", "") or "")
    zh = location.split("·")[0].replace(" ", "").strip()
    if language != "en":
        return zh
    return place_en(zh)


def plan_tasks(m: Midterm) -> dict[str, Any]:
    """For each recommendation that needs a measure, the plan's key project of the same field that
    fits the indicator best (most shared two-character words between the indicator's name and the
    project's name and quotation, the same department first), each project cited once; None where
    the plan's field has no project left to cite."""
    plan = m.plan
    used: set[str] = set()
    out: dict[str, Any] = {}
    for rec in m.recommendations.itertuples():
        if rec.code not in _MEASURE_CODES or rec.indicator_id in out:
            continue
        ind = plan.indicator(rec.indicator_id)
        words = bigrams(ind.name_zh)
        best, best_score = None, None
        for i, pr in enumerate(plan.projects):
            if pr.domain != ind.domain or pr.id in used or not getattr(pr.cite, "quote", ""):
                continue
            overlap = len(words & (bigrams(pr.name_zh) | bigrams(pr.cite.quote)))
            score = (overlap, pr.department == ind.department, -i)
            if best_score is None or score > best_score:
                best, best_score = pr, score
        if best is not None:
            used.add(best.id)
        out[rec.indicator_id] = best
    return out


def _measure(rec: Any, m: Midterm, language: str, tasks: dict[str, Any]) -> Sentence | None:
    if rec.code not in _MEASURE_CODES:
        return None
    ind = m.plan.indicator(rec.indicator_id)
    common = dict(name=name_of(rec, language), department=department_of(rec, language))
    pr = tasks.get(rec.indicator_id)
    en = language == "en"
    if pr is not None:
        return fill(
            "rc_plan_task",
            language,
            m.tables,
            **common,
            section=section_of(pr.cite, language),
            project=(pr.name_en if en and pr.name_en else pr.name_zh),
            quote=plan_text(pr.cite.quote),
        )
    same = [p for p in m.plan.projects if p.domain == ind.domain]
    if same:
        return fill("rc_plan_task_reused", language, m.tables, **common, section=section_of(same[0].cite, language))
    return None


def recommendation_with_measure(rec: Any, m: Midterm, language: str, tasks: dict[str, Any]) -> Sentence | None:
    """A recommendation's sentence, followed by the plan's measure when it says what to do about a shortfall."""
    s = _recommendation(rec, m, language)
    if s is None or s.key == "rc_on_course_mean":  # on course at the pace so far: nothing to add
        return s
    measure = _measure(rec, m, language, tasks)
    return s if measure is None else join([s, measure], "" if language == "zh" else " ", language)


def midterm_recommendations(m: Midterm, language: str = "zh") -> list[Sentence]:
    """五、下一步工作建议: one sentence per row of the recommendations table, in rank order, each
    shortfall followed by the plan's own project for that field."""
    register_units(m.plan)
    tasks = plan_tasks(m)
    out = []
    for rec in m.recommendations.itertuples():
        s = recommendation_with_measure(rec, m, language, tasks)
        if s is not None:
            out.append(s)
    return out
