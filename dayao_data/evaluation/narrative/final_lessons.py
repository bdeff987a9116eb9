"""The final evaluation's problems and causes, experience, next-plan proposals and binding indicators
as sentences (四、存在的问题和原因  五、主要经验  六、对下一个规划编制的建议).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dayao_data.display import is_missing
from dayao_data.evaluation.narrative.common import (
    N,
    Sentence,
    binding_of,
    department_of,
    fill,
    join,
    listing,
    name_of,
    register_units,
    verdict_label,
)
from dayao_data.evaluation.narrative.problems import bound_words
from dayao_data.evaluation.narrative.recommendations import bigrams, plan_text, section_of

if TYPE_CHECKING:  # pragma: no cover
    from dayao_data.evaluation.final import Final


def _plan_tasks_for(plan, ids: Sequence[str]) -> dict[str, Any]:
    """The plan's best-fitting key project of each indicator's field, each project cited once."""
    used: set[str] = set()
    out: dict[str, Any] = {}
    for ind_id in ids:
        if ind_id in out:
            continue
        ind = plan.indicator(ind_id)
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
        out[ind_id] = best
    return out


def _task_sentence(plan, pr, name: str, department: str, language: str, tables) -> Sentence | None:
    if pr is None:
        return None
    en = language == "en"
    return fill(
        "rc_plan_task_final",
        language,
        tables,
        name=name,
        department=department,
        section=section_of(pr.cite, language),
        project=(pr.name_en if en and pr.name_en else pr.name_zh),
        quote=plan_text(pr.cite.quote),
    )


def final_problems(f: Final, language: str = "zh") -> list[Sentence]:
    """四、存在的问题和原因: each shortfall with the pace kept against the pace needed, and the plan's
    own project for the field."""
    register_units(f.plan)
    tb = f.tables
    if not len(f.problems):
        return [fill("fp_none", language, tb)]
    tasks = _plan_tasks_for(f.plan, [r.indicator_id for r in f.problems.itertuples() if r.verdict == "not_achieved"])
    out = []
    for r in f.problems.itertuples():
        c = lambda col, fmt="value": N("final_problems", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        common = dict(name=name_of(r, language), binding=binding_of(r, language), department=department_of(r, language))
        if r.verdict == "achieved_after_breach":
            words = bound_words(r.direction, language)
            s = fill(
                "fp_ceiling",
                language,
                tb,
                **common,
                breach_years=c("breach_years", "year_list"),
                target=c("target"),
                data_year=c("data_year", "year"),
                value=c("value"),
                worst_year=c("worst_year", "year"),
                worst_change=c("worst_change", "signed_change"),
                **words,
            )
        elif r.target_kind == "qualitative" or is_missing(r.mean_change) or is_missing(r.needed_change):
            s = fill(
                "fp_quota",
                language,
                tb,
                **common,
                data_year=c("data_year", "year"),
                value=c("value"),
                target=c("target"),
                gap=c("gap", "abs_value"),
            )
        else:
            best_key = "fp_best_met" if bool(r.best_meets_need) else "fp_best_short"
            best = fill(
                best_key, language, tb, best_year=c("best_year", "year"), best_change=c("best_change", "signed_change")
            )
            key = "fp_cumulative" if r.target_kind == "cumulative" else "fp_level"
            gap_fmt = "abs_value" if r.target_kind == "cumulative" else "change"
            s = fill(
                key,
                language,
                tb,
                **common,
                data_year=c("data_year", "year"),
                value=c("value"),
                target=c("target"),
                gap=c("gap", gap_fmt),
                mean_change=c("mean_change", "signed_change"),
                needed=c("needed_change", "abs_value" if r.target_kind == "cumulative" else "change"),
                pace_ratio=c("pace_ratio", "share"),
                best=best,
            )
        task = _task_sentence(f.plan, tasks.get(r.indicator_id), common["name"], common["department"], language, tb)
        out.append(s if task is None else join([s, task], "" if language == "zh" else " ", language))
    return out


def final_experience(f: Final, language: str = "zh") -> list[Sentence]:
    """五、主要经验: the domains achieved in full, the indicators achieved early, those that kept pace."""
    register_units(f.plan)
    tb = f.tables
    out = []
    en = language == "en"
    if len(f.domains):
        full = f.domains[f.domains["all_completed"]]
        if len(full):
            items = [
                fill(
                    "fe_domain_item",
                    language,
                    tb,
                    domain=(d.name_en if en else d.name_zh),
                    n=N("domains", d.domain, "n", "count"),
                )
                for d in full.itertuples()
            ]
            out.append(fill("fe_domains", language, tb, items=listing(items, language)))
        items = [
            fill(
                "fe_count_item",
                language,
                tb,
                domain=(d.name_en if en else d.name_zh),
                n_completed=N("domains", d.domain, "n_completed", "count"),
                n=N("domains", d.domain, "n", "count"),
            )
            for d in f.domains.itertuples()
        ]
        out.append(fill("fe_counts", language, tb, items=listing(items, language)))
    if not len(f.experience):
        return out
    for r in f.experience[f.experience["early"]].itertuples():
        c = lambda col, fmt="value": N("experience", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        if is_missing(r.needed_change) or is_missing(r.mean_change):
            continue
        out.append(
            fill(
                "fe_early",
                language,
                tb,
                name=name_of(r, language),
                department=department_of(r, language),
                first_year=c("first_year_met", "year"),
                target=c("target"),
                year=c("data_year", "year"),
                value=c("value"),
                mean_change=c("mean_change", "signed_change"),
                needed=c("needed_change", "change"),
            )
        )
    paced = f.experience[~f.experience["early"] & f.experience["pace_ratio"].notna()]
    paced = paced[paced["pace_ratio"] >= 1.0]
    if len(paced):
        items = [
            fill(
                "fe_paced_item",
                language,
                tb,
                name=name_of(r, language),
                mean_change=N("experience", r.indicator_id, "mean_change", "signed_change", r.unit),
                needed=N("experience", r.indicator_id, "needed_change", "change", r.unit),
            )
            for r in paced.itertuples()
        ]
        out.append(fill("fe_paced", language, tb, items=listing(items, language)))
    return out


def final_next_plan(f: Final, language: str = "zh") -> list[Sentence]:
    """六、对下一个规划编制的建议: keep / adjust / add / drop, each with the figures of the observed pace."""
    register_units(f.plan)
    tb = f.tables
    out = []
    for r in f.next_plan.itertuples():
        c = lambda col, fmt="value": N("next_plan", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        name = name_of(r, language)
        if r.code == "add":
            out.append(
                fill(
                    "nx_add",
                    language,
                    tb,
                    name=name,
                    target=c("target"),
                    data_year=c("data_year", "year"),
                    value=c("value"),
                )
            )
        elif r.reason == "qualitative":
            out.append(fill("nx_qualitative", language, tb, name=name, year=c("data_year", "year"), value=c("value")))
        elif r.reason == "no_data":
            out.append(fill("nx_no_data", language, tb, name=name))
        elif r.reason == "saturated":
            out.append(
                fill(
                    "nx_saturated",
                    language,
                    tb,
                    name=name,
                    year=c("data_year", "year"),
                    value=c("value"),
                    mean_change=c("mean_change", "signed_change"),
                )
            )
        elif r.reason in ("ceiling_held", "ceiling_breached"):
            words = bound_words(r.direction, language)
            note = (
                fill("nx_breach_note", language, tb, breach_years=c("breach_years", "year_list"))
                if len(r.breach_years)
                else fill("nx_held_note", language, tb)
            )
            out.append(
                fill(
                    "nx_keep_ceiling",
                    language,
                    tb,
                    name=name,
                    bound_name=words["bound_name"],
                    target=c("target"),
                    breach_note=note,
                    year=c("data_year", "year"),
                    value=c("value"),
                )
            )
        elif r.verdict == "no_final_year_data":
            out.append(fill("nx_no_final", language, tb, name=name, data_year=c("data_year", "year"), value=c("value")))
        elif r.code == "keep":
            out.append(
                fill(
                    "nx_keep",
                    language,
                    tb,
                    name=name,
                    year=c("data_year", "year"),
                    value=c("value"),
                    mean_change=c("mean_change", "signed_change"),
                    next_year=c("next_year", "year"),
                    projected=c("projected"),
                )
            )
        elif is_missing(r.pace_ratio) or is_missing(r.projected):
            out.append(fill("nx_no_final", language, tb, name=name, data_year=c("data_year", "year"), value=c("value")))
        else:
            cum = r.target_kind == "cumulative"
            out.append(
                fill(
                    "nx_short_cumulative" if cum else "nx_short",
                    language,
                    tb,
                    name=name,
                    mean_change=c("mean_change", "signed_change"),
                    needed=c("needed_change", "abs_value" if cum else "change"),
                    pace_ratio=c("pace_ratio", "share"),
                    next_year=c("next_year", "year"),
                    projected=c("projected"),
                )
            )
    return out


def final_binding(f: Final, language: str = "zh") -> list[Sentence]:
    """总体评价: every binding indicator one by one — 完成 or 未完成, with its cause in figures."""
    register_units(f.plan)
    tb = f.tables
    out = []
    problems = f.problems.set_index("indicator_id") if len(f.problems) else None
    for r in f.series[f.series["binding"]].itertuples():
        c = lambda col, fmt="value", table="series": N(table, r.indicator_id, col, fmt, r.unit)  # noqa: E731
        common = dict(name=name_of(r, language), department=department_of(r, language))
        if r.verdict == "achieved":
            word = {"ceiling": ("上限", "the bound"), "qualitative": ("上级下达", "the quota")}.get(
                r.target_kind, ("目标", "the target")
            )
            out.append(
                fill(
                    "fn_binding_done",
                    language,
                    tb,
                    **common,
                    year=c("data_year", "year"),
                    value=c("value"),
                    target=c("target"),
                    target_word=word[1 if language == "en" else 0],
                )
            )
        elif r.verdict == "achieved_after_breach":
            out.append(
                fill(
                    "fn_binding_breached",
                    language,
                    tb,
                    **common,
                    year=c("data_year", "year"),
                    value=c("value"),
                    target=c("target"),
                    breach_years=c("breach_years", "year_list"),
                    **bound_words(r.direction, language),
                )
            )
        elif r.verdict == "not_achieved" and r.target_kind == "qualitative":
            out.append(
                fill(
                    "fn_binding_quota",
                    language,
                    tb,
                    **common,
                    year=c("data_year", "year"),
                    value=c("value"),
                    target=c("target"),
                )
            )
        elif (
            r.verdict == "not_achieved"
            and problems is not None
            and r.indicator_id in problems.index
            and not is_missing(problems.loc[r.indicator_id, "needed_change"])
        ):
            p = lambda col, fmt="value": N("final_problems", r.indicator_id, col, fmt, r.unit)  # noqa: E731
            out.append(
                fill(
                    "fn_binding_short",
                    language,
                    tb,
                    **common,
                    year=c("data_year", "year"),
                    value=c("value"),
                    target=c("target"),
                    mean_change=p("mean_change", "signed_change"),
                    needed=p("needed_change", "change"),
                )
            )
        else:
            out.append(fill("fn_binding_open", language, tb, **common, verdict=verdict_label(r.verdict, language)))
    return out
