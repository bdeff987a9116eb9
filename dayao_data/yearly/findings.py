"""The yearly report's 存在的问题 and 下一步工作建议, written from the assessment table.

A problem is a domain of the plan in which one or more headline series are not on course in the
assessment year: a binding indicator that is not achieved, ahead or on track, or any series that is
lagging, regressing, breached, without data or not assessable.  Each problem states, for each of
its series, the figures a reader needs to judge it — the value and its year, the target, the gap,
the annual change still required and how it compares with the best year observed and the average
pace so far — and, where the plan's other statement of the target gives another verdict, that
verdict beside it.  Each recommendation is addressed to the responsible department and ties the
work to what the plan itself sets out for the field (its other targets for the same series and
its key projects), quoted with their place in the plan.

Nothing here is a fixed sentence about a fixed indicator: names, units, years, departments and
quotations come from the plan file and the actuals, so the same code writes these chapters for any
plan.  Every figure is one of the assessment table's cells or a difference of two of them.

Examples
--------
>>> from dayao_data.yearly.context import setup
>>> ctx = setup(2024)
>>> found = problems(ctx)
>>> [p.domain for p in found][:2]  # problems with binding indicators first, then the plan's order
['public_education', 'social_insurance']
>>> "九年义务教育巩固率" in found[0].text and "99.5%" in found[0].text
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dayao_data import i18n
from dayao_data.display import format_share, is_missing
from dayao_data.evaluation import path_facts
from dayao_data.plan import Indicator
from dayao_data.progress import observations
from dayao_data.report import tables as T
from dayao_data.yearly.plan_quotes import plan_work, works_sentence
from dayao_data.yearly.verdict_notes import decision_note, rate_note

__all__ = ["Problem", "problems", "PROBLEM_STATUSES", "differing_alternative"]

#: Statuses that make a series a problem (any attribute); binding series are also problems when
#: they are not achieved, ahead or on track, which these cover.
PROBLEM_STATUSES = ("breached", "regressing", "lagging", "no_data", "not_assessable")
_SEVERITY = {s: i for i, s in enumerate(PROBLEM_STATUSES)}


@dataclass(frozen=True)
class Problem:
    """One problem of the yearly report: a domain, its series off course, and what to do."""

    domain: str
    title: str
    indicators: tuple[str, ...]
    departments: tuple[str, ...]
    text: str
    recommendation: str
    binding: bool = False
    statuses: tuple[str, ...] = field(default_factory=tuple)


def _num(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def _points(ind: Indicator, value: float, language: str) -> str:
    return T.change_text(abs(value), ind, language)


def _moved(ind: Indicator, row: pd.Series, language: str) -> str:
    """ "比2020年提高0.15个百分点" — the change since the baseline, worded by its sign."""
    x, x0 = _num(row["value"]), _num(row["baseline"])
    if x is None or x0 is None or ind.kind in ("cumulative", "qualitative"):
        return ""
    change = x - x0
    if abs(change) < 1e-9:
        return f"与{ind.base_year}年持平" if language == "zh" else f"unchanged since {ind.base_year}"
    up = change > 0
    if language == "en":
        return f"{'up' if up else 'down'} {_points(ind, change, language)} on {ind.base_year}"
    return f"比{ind.base_year}年{'提高' if up else '下降'}{_points(ind, change, language)}"


def _pace(ctx, ind: Indicator, row: pd.Series, required: float | None) -> str:
    """The annual change still required against the best observed year and the average so far."""
    lang = ctx.language
    facts = path_facts(ind, observations(ctx.actuals[ctx.actuals["indicator"] == ind.id], ind.id), ctx.year)
    parts = []
    d = ind.direction
    if required is not None and required > 0 and ind.target_year > int(row["data_year"]):
        verb = "提高" if d > 0 else "降低"
        left = ind.target_year - int(row["data_year"])
        when = f"{ind.target_year}年须" if left == 1 else "此后每年须"
        if ind.kind == "cumulative" and left == 1:
            need = (
                f"{ind.target_year}年须完成{T.value_text(required, ind, lang)}"
                if lang == "zh"
                else f"{T.value_text(required, ind, lang)} is needed in {ind.target_year}"
            )
        elif ind.kind == "cumulative":
            need = (
                f"其余{ind.target_year - int(row['data_year'])}年每年平均须完成{T.value_text(required, ind, lang)}"
                if lang == "zh"
                else f"{T.value_text(required, ind, lang)} a year is needed in the remaining years"
            )
        else:
            need = (
                f"{when}{verb}{_points(ind, required, lang)}"
                if lang == "zh"
                else f"it must change by {_points(ind, required, lang)} a year from now on"
            )
        parts.append(need)
        if facts.best_change is not None and facts.best_year is not None:
            best = facts.best_change
            if ind.kind == "cumulative":
                best_text = T.value_text(best, ind, lang)
            else:
                best_text = (
                    ("提高" if best > 0 else "下降") + _points(ind, best, lang)
                    if lang == "zh"
                    else _points(ind, best, lang)
                )
            if lang == "zh":
                comparison = "高于" if d * required > d * best + 1e-9 else "不高于"
                parts.append(f"{comparison}规划期内变化最好的{facts.best_year}年（{best_text}）")
            else:
                parts.append(
                    f"{'more' if d * required > d * best + 1e-9 else 'no more'} than in the best year so far, {facts.best_year} ({best_text})"
                )
        if facts.mean_change is not None and ind.kind != "cumulative":
            mean = facts.mean_change
            if lang == "zh":
                parts.append(
                    f"规划期以来年均{'提高' if mean > 0 else '下降'}{_points(ind, mean, lang)}"
                    if abs(mean) > 1e-9
                    else "规划期以来年均没有变化"
                )
            else:
                parts.append(f"the average so far is {_points(ind, mean, lang)} a year")
        elif facts.mean_change is not None:
            parts.append(
                f"前{len(facts.changes)}年年均完成{T.value_text(facts.mean_change, ind, lang)}"
                if lang == "zh"
                else f"the yearly average so far is {T.value_text(facts.mean_change, ind, lang)}"
            )
    return "，".join(parts) if lang == "zh" else ", ".join(parts)


def differing_alternative(ctx, ind: Indicator) -> pd.Series | None:
    """The plan's other statement of this series' target or baseline, where it changes the verdict."""
    alt = ctx.alternatives
    if alt is None or not len(alt):
        return None
    rows = alt[(alt["indicator_id"] == ind.id) & (alt["differs"].astype(bool))]
    return rows.iloc[0] if len(rows) else None


def _alternative_clause(ctx, ind: Indicator) -> str:
    """Where the plan states the target (or baseline) twice and the other one gives another verdict."""
    r = differing_alternative(ctx, ind)
    if r is None:
        return ""
    lang = ctx.language
    used = T.value_text(r["value_used"], ind, lang)
    other = T.value_text(r["value_alternative"], ind, lang)
    status_used = i18n.status_label(r["status_used"], lang)
    status_other = i18n.status_label(r["status_alternative"], lang)
    if lang == "en":
        return (
            f"The plan states this {r['field']} twice ({used} and {other}); against {used} it is "
            f"{status_used.lower()}, against {other} {status_other.lower()}."
        )
    field_word = "目标" if r["field"] == "target" else "基期值"
    return (
        f"规划对该指标的{field_word}有两种表述（{used}和{other}），按{used}评估为{status_used}，"
        f"按{other}评估为{status_other}。"
    )


def _series_sentence(ctx, ind: Indicator, row: pd.Series) -> str:
    lang = ctx.language
    name = ind.name(lang) + (
        "（约束性）"
        if ind.attribute == "binding" and lang == "zh"
        else " (binding)"
        if ind.attribute == "binding"
        else ""
    )
    status = row["status"]
    x = _num(row["value"])
    if status == "no_data":
        first, last = ind.base_year + 1, min(ctx.year, ind.target_year)
        span = f"{first}年" if first == last else f"{first}—{last}年"
        return (
            f"{name}{span}没有统计数据，无法判断进展。"
            if lang == "zh"
            else f"{name}: no figures for {first}–{last}; its progress cannot be judged."
        )
    if status == "not_assessable":
        return (
            f"{name}{int(row['data_year'])}年完成{T.value_text(x, ind, lang)}，但未报送省州下达的年度任务数，无法判断是否完成。"
            if lang == "zh" and x is not None
            else f"{name}：未报送省州下达的年度任务数，无法评估。"
            if lang == "zh"
            else f"{name}: no quota handed down by the province or prefecture has been reported; it cannot be assessed."
        )
    year = int(row["data_year"])
    value = T.value_text(x, ind, lang)
    stale = (f"（最新数据为{year}年）" if lang == "zh" else f" (latest data: {year})") if year < ctx.year else ""
    target = _num(row["target"])
    if ind.kind == "qualitative":
        assigned = T.value_text(target, ind, lang)
        share = x / target if x is not None and target else None
        done = f"，完成{format_share(share, lang)}" if share is not None and lang == "zh" else ""
        return (
            f"{name}{year}年完成{value}，省州下达任务{assigned}{done}，未完成年度任务。"
            if lang == "zh"
            else f"{name}: {value} completed in {year} against an assigned {assigned}."
        )
    if ind.kind == "ceiling":
        bound = T.target_text(ind, target, lang)
        over = x - target if x is not None and target is not None else None
        if lang == "zh":
            return (
                f"{name}{year}年为{value}{stale}，超出规划{bound}的约束上限"
                f"{_points(ind, over, lang) if over is not None and over > 0 else ''}，突破约束。"
            ) + rate_note(ctx, ind, status)
        return (
            f"{name} was {value} in {year}{stale}, over the plan's bound of {bound}."
            + (" " + rate_note(ctx, ind, status)).rstrip()
        )
    target_text = T.target_text(ind, target, lang)
    moved = _moved(ind, row, lang)
    if status == "regressing":
        if ind.kind == "maintain":
            return (
                f"{name}{year}年为{value}{stale}，低于{ind.base_year}年已达到的{T.value_text(row['baseline'], ind, lang)}，未能保持。"
                if lang == "zh"
                else f"{name} was {value} in {year}{stale}, below the {T.value_text(row['baseline'], ind, lang)} already reached in {ind.base_year}."
            )
        pace = _pace(ctx, ind, row, _num(row["required_annual_increment"]))
        return (
            f"{name}{year}年为{value}{stale}，{moved}，离{ind.target_year}年目标{target_text}越来越远"
            + (f"；{pace}" if pace else "")
            + "。"
            if lang == "zh"
            else f"{name} was {value} in {year}{stale}, {moved}: further from the {ind.target_year} target of {target_text}"
            + (f"; {pace}" if pace else "")
            + "."
        )
    # lagging (level, cumulative)
    progress, time = _num(row["progress_share"]), _num(row["time_share"])
    gap = _num(row["gap"])
    pace = _pace(ctx, ind, row, _num(row["required_annual_increment"]))
    if lang == "zh":
        pieces = [f"{name}{year}年为{value}{stale}"]
        if moved:
            pieces.append(moved)
        if progress is not None and time is not None:
            pieces.append(f"完成进度{format_share(progress, lang)}，低于时间进度{format_share(time, lang)}")
        if gap is not None and gap > 0:
            gap_text = T.value_text(gap, ind, lang) if ind.kind == "cumulative" else _points(ind, gap, lang)
            pieces.append(f"距{ind.target_year}年目标{target_text}还差{gap_text}")
        text = "，".join(pieces)
        return text + (f"；{pace}" if pace else "") + "。"
    pieces = [f"{name} was {value} in {year}{stale}"]
    if moved:
        pieces.append(moved)
    if progress is not None and time is not None:
        pieces.append(f"{format_share(progress, lang)} of the way against {format_share(time, lang)} of the time")
    if gap is not None and gap > 0:
        pieces.append(f"{T.change_text(gap, ind, lang)} short of the {ind.target_year} target of {target_text}")
    return ", ".join(pieces) + (f"; {pace}" if pace else "") + "."


# --------------------------------------------------------------------------------------
# What to do
# --------------------------------------------------------------------------------------


def _action(ctx, ind: Indicator, row: pd.Series) -> tuple[str, str]:
    """What the department is asked to do for a series: (kind of action, sentence with {names}).

    Series of one department that need the same action share one sentence naming them all.
    """
    lang = ctx.language
    status = row["status"]
    last = ind.target_year
    left = None if is_missing(row["data_year"]) else last - int(row["data_year"])
    if lang == "en":
        return status, {
            "no_data": "set up the yearly statistics of {names} and report the missing years",
            "not_assessable": "report the quota handed down for {names} each year beside the amount completed",
            "breached": "find the causes of the excess in {names} and bring it back within the bound next year",
            "regressing": "stop the decline of {names} and recover the level reached",
        }.get(status, f"plan the remaining work on {{names}} so that the {last} target is met")
    if status == "no_data":
        return status, "会同统计部门建立{names}的年度统计制度，补报规划期内缺失年份的数据"
    if status == "not_assessable":
        return status, "每年随完成数一并报送{names}的省州下达任务数，以便逐年考核"
    if status == "breached":
        return status, "逐例分析{names}超限的原因，针对薄弱环节落实整改措施，确保下一年度回到约束范围以内"
    if status == "regressing":
        if ind.kind == "maintain":
            return "maintain", "查清{names}下降的人群和乡镇，逐一补齐，恢复并保持规划要求的水平"
        return status, f"扭转{{names}}下滑的势头，把{last}年目标分解到剩余年份逐年落实"
    if ind.kind == "qualitative":
        return "quota", "按省州下达的年度任务倒排{names}的工期，按季调度完成进度"
    if left == 1:
        return "last_year", f"把{{names}}距目标的差距落实到{last}年的季度任务中，按月调度"
    if ind.kind == "cumulative":
        return "cumulative", "把{names}的剩余任务分解到年度和季度，加大工作力度"
    return "level", f"把{{names}}距{last}年目标的差距分解到剩余各年，逐年明确任务"


# --------------------------------------------------------------------------------------
# The chapter
# --------------------------------------------------------------------------------------


def _is_problem(ind: Indicator, status: str) -> bool:
    if status in PROBLEM_STATUSES:
        return True
    return ind.attribute == "binding" and status not in ("achieved", "ahead", "on_track")


def _title(ctx, domain: str, series: list[tuple[Indicator, pd.Series]]) -> str:
    lang = ctx.language
    name = ctx.plan.domain_name(domain, lang)
    statuses = [r["status"] for _, r in series]
    words = []
    for status in PROBLEM_STATUSES:
        if status in statuses:
            words.append(
                {
                    "breached": "有指标突破约束",
                    "regressing": "有指标出现倒退",
                    "lagging": "部分指标进度滞后",
                    "no_data": "部分指标缺少统计数据",
                    "not_assessable": "部分指标缺少下达任务数",
                }[status]
                if lang == "zh"
                else {
                    "breached": "a bound breached",
                    "regressing": "series moving backwards",
                    "lagging": "series behind schedule",
                    "no_data": "series without figures",
                    "not_assessable": "quotas not reported",
                }[status]
            )
    binding = any(i.attribute == "binding" for i, _ in series)
    # The most serious problem names the section; the others are in its paragraph.
    if lang == "en":
        return (
            f"{name}: {words[0]}"
            + (" and more" if len(words) > 1 else "")
            + (" (binding indicators among them)" if binding else "")
        )
    return f"{name}领域{words[0]}" + ("等" if len(words) > 1 else "") + ("，涉及约束性指标" if binding else "")


def problems(ctx) -> list[Problem]:
    """The problems of the yearly report, binding ones first, then by the plan's domain order."""
    lang = ctx.language
    by_id = ctx.table.set_index("indicator_id")
    grouped: dict[str, list[tuple[Indicator, pd.Series]]] = {}
    for ind in ctx.plan.indicators:
        if ind.id not in by_id.index:
            continue
        row = by_id.loc[ind.id]
        if _is_problem(ind, row["status"]):
            grouped.setdefault(ind.domain, []).append((ind, row))
    used: set[str] = set()
    found = []
    for domain in ctx.plan.domain_order():
        series = grouped.get(domain)
        if not series:
            continue
        series.sort(key=lambda s: (s[0].attribute != "binding", _SEVERITY.get(s[1]["status"], 9)))
        sentences = []
        for ind, row in series:
            sentence = _series_sentence(ctx, ind, row)
            decision = decision_note(ctx, ind.id)
            if decision:  # the bureau's reviewed decision beside the computed status, never instead of it
                sentence += decision if lang == "zh" else " " + decision[:1].upper() + decision[1:]
            alternative = _alternative_clause(ctx, ind)
            sentences.append(sentence + (" " if lang == "en" and alternative else "") + alternative)
        departments: list[str] = []
        actions: dict[str, dict[str, tuple[str, list[str]]]] = {}
        works: dict[str, list[tuple[str, str]]] = {}
        for ind, row in series:
            dept = ctx.plan.department_name(ind.department, lang) or (
                "责任单位" if lang == "zh" else "the responsible department"
            )
            if dept not in departments:
                departments.append(dept)
            key, template = _action(ctx, ind, row)
            actions.setdefault(dept, {}).setdefault(key, (template, []))[1].append(ind.name(lang))
            work = plan_work(ctx.plan, ind, used)
            if work:
                works.setdefault(dept, []).append(work)
        recs = []
        for dept in departments:
            acts = [template.format(names=i18n.join_list(names, lang)) for template, names in actions[dept].values()]
            work = works.get(dept)
            if lang == "zh":
                tie = f"。{works_sentence(work, lang)}，应作为主要抓手加快推进" if work else ""
                recs.append(f"{dept}要{'；'.join(acts)}{tie}。")
            else:
                tie = ("; " + works_sentence(work, lang) + ", which should be the main lever") if work else ""
                recs.append(f"{dept} should {'; '.join(acts)}{tie}.")
        found.append(
            Problem(
                domain=domain,
                title=_title(ctx, domain, series),
                indicators=tuple(i.id for i, _ in series),
                departments=tuple(departments),
                text=("".join(sentences) if lang == "zh" else " ".join(sentences)),
                recommendation=("".join(recs) if lang == "zh" else " ".join(recs)),
                binding=any(i.attribute == "binding" for i, _ in series),
                statuses=tuple(r["status"] for _, r in series),
            )
        )
    found.sort(key=lambda p: not p.binding)
    return found


# --------------------------------------------------------------------------------------
