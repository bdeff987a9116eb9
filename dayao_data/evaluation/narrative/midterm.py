"""The mid-term's sentences: overall progress, groups, key projects, and all of them at once.

:func:`midterm_sentences` gathers every part (the problems and the method notes of
:mod:`~dayao_data.evaluation.narrative.problems`, the recommendations of
:mod:`~dayao_data.evaluation.narrative.recommendations`); :func:`fill_midterm_texts` writes the
recommendation texts into the finished :class:`~dayao_data.evaluation.midterm.Midterm`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from dayao_data.display import is_missing
from dayao_data.evaluation.narrative.common import (
    N,
    Sentence,
    alternative_beside,
    alternative_findings,
    binding_of,
    department_of,
    fill,
    group_label,
    listing,
    name_of,
    register_units,
    status_label,
)
from dayao_data.evaluation.narrative.problems import bound_words, method_note, midterm_problems
from dayao_data.evaluation.narrative.recommendations import (
    midterm_recommendations,
    plan_tasks,
    recommendation_with_measure,
)
from dayao_data.progress import tolerant_ge

if TYPE_CHECKING:  # pragma: no cover
    from dayao_data.evaluation.midterm import Midterm


# --------------------------------------------------------------------------------------
# Mid-term
# --------------------------------------------------------------------------------------


def midterm_overall(m: Midterm, language: str = "zh") -> list[Sentence]:
    """一、总体进展: time share against task share, counts, binding indicators, data years."""
    register_units(m.plan)
    tb = m.tables
    o = lambda metric, fmt="count": N("overall", metric, "value", fmt)  # noqa: E731
    out = [
        fill(
            "mt_time",
            language,
            tb,
            year=o("year", "year"),
            base_year=o("base_year", "year"),
            target_year=o("target_year", "year"),
            time_share=o("time_share", "share"),
        )
    ]
    if len(m.data_years):
        items = [
            fill(
                "data_year_item",
                language,
                tb,
                data_year=N("data_years", r.data_year, "data_year", "year"),
                n=N("data_years", r.data_year, "n", "count"),
            )
            for r in m.data_years.itertuples()
        ]
        out.append(fill("mt_data_years", language, tb, year=o("year", "year"), items=listing(items, language)))
    if m.metric("n_with_share"):
        out.append(
            fill(
                "mt_task",
                language,
                tb,
                n_with_share=o("n_with_share"),
                mean_task_share=o("mean_task_share", "share"),
                median_task_share=o("median_task_share", "share"),
                mean_time_share=o("mean_time_share", "share"),
                n_at_or_above_time=o("n_at_or_above_time"),
                n_at_or_above_half=o("n_at_or_above_half"),
            )
        )
        gap = m.metric("task_time_gap")
        key = "mt_verdict_met" if tolerant_ge(gap, 0.0) else "mt_verdict_short"
        out.append(fill(key, language, tb, gap=o("task_time_gap", "share_points")))
    else:
        out.append(fill("mt_no_share", language, tb))
    counts = [
        fill("count_item", language, tb, label=group_label(r.status, language), n=N("groups", r.status, "n", "count"))
        for r in m.groups.itertuples()
        if r.n
    ]
    out.append(fill("mt_counts", language, tb, n_series=o("n_series"), counts=listing(counts, language)))
    if m.metric("n_binding"):
        alarms = m.series[m.series["binding"] & ~m.series["status"].isin(("achieved", "ahead", "on_track"))]
        if len(alarms):
            names = [
                fill(
                    "alarm_item",
                    language,
                    tb,
                    name=name_of(r, language),
                    status=status_label(r.status, language),
                    alt=alternative_beside(tb, m.alternatives, r.indicator_id, language),
                    department=department_of(r, language),
                )
                for r in alarms.itertuples()
            ]
            out.append(
                fill(
                    "mt_binding_alarm",
                    language,
                    tb,
                    n_binding=o("n_binding"),
                    n_binding_alarm=o("n_binding_alarm"),
                    names=listing(names, language),
                )
            )
        else:
            out.append(fill("mt_binding_ok", language, tb, n_binding=o("n_binding")))
    out.extend(alternative_findings(tb, m.alternatives, language))
    if m.metric("n_stale"):
        stale = m.series[m.series["stale"]]
        items = [
            fill(
                "name_year_item",
                language,
                tb,
                name=name_of(r, language),
                data_year=N("series", r.indicator_id, "data_year", "year"),
            )
            for r in stale.itertuples()
        ]
        out.append(
            fill("mt_stale", language, tb, year=o("year", "year"), n_stale=o("n_stale"), items=listing(items, language))
        )
    if m.illustrative:
        out.append(fill("illustrative", language, tb))
    return out


def midterm_projects(m: Midterm, language: str = "zh") -> list[Sentence]:
    """三、重点任务和重点工程: how many projects and targets, and each target with progress data."""
    register_units(m.plan)
    tb = m.tables
    if not m.metric("n_projects"):
        return [fill("pj_none", language, tb)]
    o = lambda metric: N("overall", metric, "value", "count")  # noqa: E731
    key = "pj_summary" if m.metric("n_project_targets_with_data") else "pj_summary_none"
    out = [
        fill(
            key,
            language,
            tb,
            n_projects=o("n_projects"),
            n_project_targets=o("n_project_targets"),
            n_investment_targets=o("n_investment_targets"),
            n_project_targets_with_data=o("n_project_targets_with_data"),
        )
    ]
    for r in m.projects[m.projects["has_data"]].itertuples():
        p = lambda col, fmt="value": N("projects", r.key, col, fmt, r.unit)  # noqa: E731
        if is_missing(r.progress_share):
            continue
        en = language == "en"
        out.append(
            fill(
                "pj_item",
                language,
                tb,
                project=(r.project_en if en and r.project_en else r.project_zh),
                target=(r.target_en if en and r.target_en else r.target_zh),
                data_year=p("data_year", "year"),
                value=p("value"),
                goal=p("target"),
                progress_share=p("progress_share", "share"),
            )
        )
    return out


def _group_item(r: Any, m: Midterm, language: str) -> Sentence:
    tb = m.tables
    s = lambda col, fmt="value", unit=None: N("series", r.indicator_id, col, fmt, r.unit if unit is None else unit)  # noqa: E731
    name, binding = name_of(r, language), binding_of(r, language)
    stale = fill("stale_mark", language, tb, data_year=s("data_year", "year")) if bool(r.stale) else ""
    kind = r.target_kind
    if r.status in ("no_data", "not_assessable"):
        return fill("item_name", language, tb, name=name, binding=binding)
    if kind == "qualitative":
        return fill(
            "item_quota",
            language,
            tb,
            name=name,
            binding=binding,
            data_year=s("data_year", "year"),
            value=s("value"),
            target=s("target"),
        )
    if kind == "ceiling":
        words = bound_words(r.direction, language)
        if len(r.breach_years):
            return fill(
                "item_ceiling_history",
                language,
                tb,
                name=name,
                binding=binding,
                data_year=s("data_year", "year"),
                value=s("value"),
                target=s("target"),
                breach_years=s("breach_years", "year_list"),
                **words,
            )
        return fill(
            "item_ceiling",
            language,
            tb,
            name=name,
            binding=binding,
            data_year=s("data_year", "year"),
            value=s("value"),
            target=s("target"),
            **words,
        )
    if kind == "maintain":
        return fill(
            "item_maintain", language, tb, name=name, binding=binding, value=s("value"), target=s("target"), stale=stale
        )
    if r.status == "regressing" and not is_missing(r.baseline):
        return fill(
            "item_regress",
            language,
            tb,
            name=name,
            binding=binding,
            value=s("value"),
            baseline=s("baseline"),
            stale=stale,
        )
    if not is_missing(r.progress_share) and r.status != "achieved":
        return fill(
            "item_share",
            language,
            tb,
            name=name,
            binding=binding,
            progress_share=s("progress_share", "share"),
            time_share=s("time_share", "share"),
            stale=stale,
        )
    return fill(
        "item_value_target", language, tb, name=name, binding=binding, value=s("value"), target=s("target"), stale=stale
    )


def midterm_groups(m: Midterm, language: str = "zh") -> list[Sentence]:
    """二、主要指标完成情况: one sentence per non-empty group, binding indicators first and named."""
    register_units(m.plan)
    out = []
    for g in m.groups.itertuples():
        if not g.n:
            continue
        members = m.series[m.series["group"] == g.status]
        items = [_group_item(r, m, language) for r in members.itertuples()]
        out.append(
            fill(
                "group_head",
                language,
                m.tables,
                label=group_label(g.status, language),
                n=N("groups", g.status, "n", "count"),
                items=listing(items, language),
            )
        )
    return out


def fill_midterm_texts(m: Midterm) -> None:
    """Write the generated texts into the methods and recommendations tables (both languages)."""
    for language in ("zh", "en"):
        notes = []
        for ind_id in m.methods["indicator_id"]:
            s = method_note(m, ind_id, language)
            notes.append(s.text if s is not None else "")
        m.methods[f"disagreement_{language}"] = notes
    texts = {"zh": [], "en": []}
    tasks = plan_tasks(m)
    for rec in m.recommendations.itertuples():
        for language in ("zh", "en"):
            s = recommendation_with_measure(rec, m, language, tasks)
            texts[language].append(s.text if s is not None else "")
    for language in ("zh", "en"):
        m.recommendations[f"text_{language}"] = pd.Series(texts[language], index=m.recommendations.index, dtype=object)


def midterm_sentences(m: Midterm, language: str = "zh") -> dict[str, list[Sentence]]:
    """Every generated sentence of the mid-term report, by chapter (for the notebooks and tests)."""
    notes = [s for s in (method_note(m, i, language) for i in m.methods["indicator_id"]) if s is not None]
    return {
        "overall": midterm_overall(m, language),
        "groups": midterm_groups(m, language),
        "projects": midterm_projects(m, language),
        "problems": midterm_problems(m, language),
        "recommendations": midterm_recommendations(m, language),
        "methods": notes,
    }
