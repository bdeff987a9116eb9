"""The generated text of the mid-term and final evaluations: templates filled from the tables.

Every sentence is a template of :data:`TEMPLATES` (Chinese and English) filled with

* numbers, each named as a cell of a computed table — ``N("problems", "nurses_per_10000",
  "required_annual_increment", "change", unit="人")`` — looked up in that table and formatted with
  :mod:`dayao_data.display`; and
* labels (names, departments, status words), which carry no figure of their own.

A :class:`Sentence` records where each number and each label stands in its text, and which
(table, row key, column) each number came from, so that a test can find every number in the text
and check it against the table (tests/test_narrative.py).  No template has a digit of its own.

>>> from dayao_data.narrative import format_cell
>>> format_cell(0.6, "share", "", "zh"), format_cell(1.1, "change", "%", "zh"), format_cell(-0.4, "signed_change", "%", "en")
('60.0%', '1.1个百分点', '−0.4 pp')
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from dayao_data.display import format_number, format_rate, format_share, format_value, format_years, is_missing
from dayao_data.progress import ANTICIPATED_LABELS, CAGR_LABELS, STATUS_LABELS

if TYPE_CHECKING:  # pragma: no cover
    from dayao_data.evaluation import Final, Midterm

__all__ = [
    "TEMPLATES",
    "FORMATS",
    "N",
    "Ref",
    "Sentence",
    "format_cell",
    "fill",
    "join",
    "midterm_overall",
    "midterm_groups",
    "midterm_projects",
    "midterm_problems",
    "midterm_recommendations",
    "method_note",
    "final_conclusion",
    "fill_midterm_texts",
    "midterm_sentences",
    "final_sentences",
]

MINUS = "−"

# --------------------------------------------------------------------------------------
# How a number is shown
# --------------------------------------------------------------------------------------

_POINTS = {"%": ("个百分点", " pp"), "‰": ("个千分点", " ‰ pts")}


def _change(value: float, unit: str, language: str) -> str:
    """A change of a value: percentage points for %, per-mille points for ‰, else the unit."""
    if unit in _POINTS:
        zh, en = _POINTS[unit]
        return f"{format_number(value)}{zh if language == 'zh' else en}"
    return format_value(value, unit, language)


def _signed(value: float, unit: str, language: str) -> str:
    text = _change(abs(value), unit, language)
    if abs(value) < 5e-3:  # shown as 0 at two decimals: no sign
        return text
    return ("+" if value > 0 else MINUS) + text


def _year_list(value: Any, unit: str, language: str) -> str:
    sep = "、" if language == "zh" else ", "
    return sep.join(str(int(y)) for y in value)


def _share_points(value: float, unit: str, language: str) -> str:
    number = f"{abs(float(value)) * 100:.1f}"
    return f"{number}个百分点" if language == "zh" else f"{number} percentage points"


#: Formatter name → function(value, unit, language) → text.
FORMATS = {
    "value": lambda v, u, lang: format_value(v, u, lang),
    "abs_value": lambda v, u, lang: format_value(abs(float(v)), u, lang),
    "change": lambda v, u, lang: _change(abs(float(v)), u, lang),
    "signed_change": lambda v, u, lang: _signed(float(v), u, lang),
    "share": lambda v, u, lang: format_share(v, lang),
    "share_points": _share_points,
    "rate": lambda v, u, lang: format_rate(abs(float(v)), lang),
    "ratio": lambda v, u, lang: format_number(v, 2),
    "count": lambda v, u, lang: str(int(v)),
    "year": lambda v, u, lang: str(int(v)),
    "years": lambda v, u, lang: format_years(v, lang),
    "year_list": _year_list,
}


def format_cell(value: Any, fmt: str, unit: str = "", language: str = "zh") -> str:
    """A table cell as the text shows it; a dash (no digit) where the cell is empty."""
    if fmt == "year_list":
        return _year_list(value, unit, language) if value is not None and len(value) else "—"
    if is_missing(value):
        return "—"
    return FORMATS[fmt](value, unit, language)


# --------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class N:
    """A number to be taken from a table cell: (table, row key, column) and how to show it."""

    table: str
    key: Any
    column: str
    fmt: str = "value"
    unit: str = ""


@dataclass(frozen=True)
class Ref:
    """Where a number stands in a sentence and which table cell it shows."""

    table: str
    key: str
    column: str
    fmt: str
    unit: str
    language: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A generated sentence with the position of each number (refs) and each label."""

    text: str
    refs: tuple[Ref, ...] = ()
    labels: tuple[tuple[int, int], ...] = ()
    key: str = ""
    language: str = "zh"

    def __str__(self) -> str:
        return self.text

    def shifted(self, offset: int) -> Sentence:
        return replace(
            self,
            refs=tuple(replace(r, start=r.start + offset, end=r.end + offset) for r in self.refs),
            labels=tuple((a + offset, b + offset) for a, b in self.labels),
        )


def _lookup(tables: dict[str, pd.DataFrame], n: N) -> Any:
    from dayao_data.evaluation import cell

    return cell(tables, n.table, n.key, n.column)


#: Indicator id → its English unit (the plan's unit_en), so that an English sentence never shows a
#: Chinese unit ("11.9 years in 2023", not "11.9 年").  Filled by :func:`register_units`.
_UNIT_EN: dict[str, str] = {}


def register_units(plan) -> None:
    """Remember the English unit of every indicator of ``plan`` (called by the evaluations)."""
    for ind in plan.series("all"):
        if ind.unit_en:
            _UNIT_EN[ind.id] = ind.unit_en


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


def _unit_for(n: N, language: str) -> str:
    if language != "en" or not _has_cjk(n.unit) or n.unit in ("%", "‰"):
        return n.unit
    english = _UNIT_EN.get(str(n.key))
    return english if english and not _has_cjk(english) else n.unit


def fill(key: str, language: str, tables: dict[str, pd.DataFrame], **fields: Any) -> Sentence:
    """Fill template ``key`` in ``language``: N fields from the tables, Sentences as they are,
    anything else as a label."""
    template = TEMPLATES[key][1 if language == "en" else 0]
    text: list[str] = []
    refs: list[Ref] = []
    labels: list[tuple[int, int]] = []
    pos = 0
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        text.append(literal)
        pos += len(literal)
        if name is None:
            continue
        if name not in fields:
            raise KeyError(f"template {key!r} needs {{{name}}}")
        value = fields[name]
        if isinstance(value, N):
            unit = _unit_for(value, language)
            shown = format_cell(_lookup(tables, value), value.fmt, unit, language)
            refs.append(
                Ref(value.table, str(value.key), value.column, value.fmt, unit, language, shown, pos, pos + len(shown))
            )
        elif isinstance(value, Sentence):
            shown = value.text
            moved = value.shifted(pos)
            refs.extend(moved.refs)
            labels.extend(moved.labels)
        else:
            shown = "" if value is None else str(value)
            if shown:
                labels.append((pos, pos + len(shown)))
        text.append(shown)
        pos += len(shown)
    return Sentence("".join(text), tuple(refs), tuple(labels), key, language)


def join(parts: Sequence[Sentence | str], separator: str, language: str = "zh") -> Sentence:
    """Sentences (or labels) joined by a separator that holds no digit."""
    out = Sentence("", language=language)
    for i, part in enumerate(parts):
        if i:
            out = Sentence(out.text + separator, out.refs, out.labels, out.key, language)
        if isinstance(part, Sentence):
            moved = part.shifted(len(out.text))
            out = Sentence(out.text + part.text, out.refs + moved.refs, out.labels + moved.labels, out.key, language)
        else:
            start = len(out.text)
            out = Sentence(
                out.text + str(part), out.refs, out.labels + ((start, start + len(str(part))),), out.key, language
            )
    return out


def _list(parts: Sequence[Sentence | str], language: str) -> Sentence:
    return join(parts, "、" if language == "zh" else "; ", language)


# --------------------------------------------------------------------------------------
# The templates (Chinese, English).  No digit in any template: every figure is a field.
# --------------------------------------------------------------------------------------

TEMPLATES: dict[str, tuple[str, str]] = {
    # -- marks and small parts ----------------------------------------------------------------
    "binding_mark": ("〔约束性〕", " [binding]"),
    "stale_mark": (",{data_year}年数据", "; {data_year} data"),
    "count_item": ("{label}{n}个", "{label} {n}"),
    "alarm_item": ("{name}({status}{alt},{department})", "{name} ({status}{alt}; {department})"),
    "alt_beside": ("；按规划{where}{field}{value}为{status}", "; {status} against the plan's {where} {field} {value}"),
    "alt_target": (
        "规划表中{name}{target_year}年目标为{used}，{where}为{alternative}；本报告按表中{used}评估为{status_used}，按{alternative}评估为{status_alternative}。",
        "The plan's table sets {name} at {used} for {target_year}, its {where} at {alternative}; against {used} (the table) it "
        "is {status_used}, against {alternative} it would be {status_alternative}.",
    ),
    "alt_baseline": (
        "规划表中{name}基期值为{used}，{where}为{alternative}；本报告按表中{used}评估为{status_used}，按{alternative}评估为{status_alternative}。",
        "The plan's table gives {name} a baseline of {used}, its {where} {alternative}; with {used} (the table) it is "
        "{status_used}, with {alternative} it would be {status_alternative}.",
    ),
    "name_year_item": ("{name}({data_year}年)", "{name} ({data_year})"),
    "data_year_item": ("{data_year}年数据{n}个", "{n} with {data_year} data"),
    "illustrative": (
        "本报告使用示例数据,数字不是真实统计,仅用于演示。",
        "This report uses illustrative data: the figures are not real statistics and are for demonstration only.",
    ),
    # -- mid-term: overall progress -----------------------------------------------------------
    "mt_time": (
        "{year}年是规划期的中点(基期{base_year}年,目标年{target_year}年),时间进度为{time_share}。",
        "{year} is the mid-point of the plan period (base year {base_year}, target year {target_year}): the time share is {time_share}.",
    ),
    "mt_data_years": (
        "各指标按截至{year}年的最新数据评估:{items}。",
        "Each series is assessed on its latest data up to {year}: {items}.",
    ),
    "mt_task": (
        "有完成进度可比的{n_with_share}个指标,平均完成进度{mean_task_share}、中位数{median_task_share}"
        "(超额完成的按全部完成计),其数据年份对应的平均时间进度为{mean_time_share};"
        "{n_at_or_above_time}个达到或超过时间进度,{n_at_or_above_half}个完成过半。",
        "The {n_with_share} series with a progress share have done {mean_task_share} of their task on average "
        "(median {median_task_share}; a target exceeded counts as done), against an average time share of "
        "{mean_time_share} at their data years; {n_at_or_above_time} are at or above their time share and "
        "{n_at_or_above_half} are past half of their task.",
    ),
    "mt_verdict_met": (
        "总体上实现了“时间过半、任务过半”:平均完成进度比平均时间进度高{gap}。",
        "Overall, progress keeps pace with time (“时间过半、任务过半”): the average progress share is {gap} above the average time share.",
    ),
    "mt_verdict_short": (
        "总体上未达到“时间过半、任务过半”:平均完成进度比平均时间进度低{gap}。",
        "Overall, progress falls behind time (“时间过半、任务过半” is not met): the average progress share is {gap} below the average time share.",
    ),
    "mt_no_share": ("没有可计算完成进度的指标。", "No series has a progress share."),
    "mt_counts": (
        "按时间进度法,{n_series}个指标中:{counts}。",
        "By time progress, of the {n_series} series: {counts}.",
    ),
    "mt_binding_ok": (
        "约束性指标{n_binding}个,均已实现、快于预期或基本符合预期。",
        "All {n_binding} binding indicators are achieved, ahead of schedule or on track.",
    ),
    "mt_binding_alarm": (
        "约束性指标{n_binding}个,其中{n_binding_alarm}个需要关注:{names}。",
        "Of the {n_binding} binding indicators, {n_binding_alarm} need attention: {names}.",
    ),
    "mt_stale": (
        "最新数据早于{year}年的指标{n_stale}个:{items}。",
        "Series with no data for {year} yet ({n_stale}): {items}.",
    ),
    # -- mid-term: groups -----------------------------------------------------------------------
    "group_head": ("{label}({n}个):{items}。", "{label} ({n}): {items}."),
    "item_share": (
        "{name}{binding}(完成进度{progress_share},时间进度{time_share}{stale})",
        "{name}{binding} (progress {progress_share} against time {time_share}{stale})",
    ),
    "item_value_target": (
        "{name}{binding}({value},目标{target}{stale})",
        "{name}{binding} ({value}; target {target}{stale})",
    ),
    "item_regress": (
        "{name}{binding}({value},基期{baseline}{stale})",
        "{name}{binding} ({value}; baseline {baseline}{stale})",
    ),
    "item_maintain": (
        "{name}{binding}({value},应保持{target}{stale})",
        "{name}{binding} ({value}; to hold {target}{stale})",
    ),
    "item_ceiling": (
        "{name}{binding}({data_year}年{value},{bound_name}{target})",
        "{name}{binding} ({value} in {data_year}; {bound_name} {target})",
    ),
    "item_ceiling_history": (
        "{name}{binding}({data_year}年{value},{bound_name}{target};{breach_years}年越限)",
        "{name}{binding} ({value} in {data_year}; {bound_name} {target}; crossed in {breach_years})",
    ),
    "item_quota": (
        "{name}{binding}({data_year}年完成{value},下达{target})",
        "{name}{binding} ({value} done in {data_year}; quota {target})",
    ),
    "item_name": ("{name}{binding}", "{name}{binding}"),
    # -- mid-term: key projects ----------------------------------------------------------------
    "pj_summary": (
        "规划安排重点工程{n_projects}项，明确量化目标{n_project_targets}个（其中投资目标{n_investment_targets}个）；"
        "截至评估年份，各责任单位报送了其中{n_project_targets_with_data}个目标的进展。",
        "The plan sets {n_projects} key projects with {n_project_targets} quantified targets ({n_investment_targets} "
        "of them investment); progress has been reported for {n_project_targets_with_data} of them.",
    ),
    "pj_summary_none": (
        "规划安排重点工程{n_projects}项，明确量化目标{n_project_targets}个（其中投资目标{n_investment_targets}个）；"
        "截至评估年份，各责任单位尚未报送进展，各工程的完成情况需在报送后评估。",
        "The plan sets {n_projects} key projects with {n_project_targets} quantified targets ({n_investment_targets} "
        "of them investment); no progress has been reported for them yet, so their completion cannot be assessed.",
    ),
    "pj_none": ("规划未列出重点工程。", "The plan lists no key projects."),
    "pj_item": (
        "{project}的{target}:截至{data_year}年{value},为目标{goal}的{progress_share}。",
        "{project} — {target}: {value} by {data_year}, {progress_share} of the target {goal}.",
    ),
    # -- mid-term: problems ---------------------------------------------------------------------
    "pb_level": (
        "{name}{binding}({department}):{data_year}年为{value},目标{target},还差{gap}{regress};"
        "剩余{years_left}年每年需{verb}{required}{rate},{compare}。",
        "{name}{binding} ({department}): {value} in {data_year} against a target of {target}, {gap} to go{regress}; "
        "it needs {verb}{required} a year for the {years_left} remaining years{rate}, {compare}.",
    ),
    "pb_cumulative": (
        "{name}{binding}({department}):截至{data_year}年累计{value},为规划期目标{target}的{progress_share};"
        "剩余{years_left}年每年平均需{required},{compare}。",
        "{name}{binding} ({department}): a running total of {value} by {data_year}, {progress_share} of the plan-period "
        "target {target}; it needs {required} a year on average for the {years_left} remaining years, {compare}.",
    ),
    "pb_regress": (",比基期{baseline}更远离目标", ", further from the target than the baseline {baseline}"),
    "pb_rate": ("(年均增速{rate})", " ({rate})"),
    "pb_rate_down": ("(年均降幅{rate})", " (down {rate})"),
    "pb_exceeds": (
        "超过此前最好的一年({best_year}年{best_change}),此前年均{mean_change}",
        "more than its best year so far ({best_change} in {best_year}); the average so far is {mean_change} a year",
    ),
    "pb_within_best": (
        "不超过此前最好的一年({best_year}年{best_change}),但高于此前年均{mean_change}",
        "no more than its best year so far ({best_change} in {best_year}) but above the average so far, {mean_change} a year",
    ),
    "pb_no_best": (
        "此前没有一年朝目标方向变化(最好的一年为{best_year}年,{best_change})",
        "and no year so far has moved towards the target (the best was {best_change} in {best_year})",
    ),
    "pb_no_pace": (
        "只有一个年度数据,看不出年度变化",
        "with a single yearly value there is no yearly change to compare",
    ),
    "pb_ceiling": (
        "{name}{binding}({department}):{data_year}年为{value},超出上限{target};下一年需降低{required}才能回到上限,{compare}。",
        "{name}{binding} ({department}): {value} in {data_year}, over the bound {target}; it must fall by {required} next year "
        "to be back at the bound, {compare}.",
    ),
    "pb_floor": (
        "{name}{binding}({department}):{data_year}年为{value},低于下限{target};下一年需提高{required}才能回到下限,{compare}。",
        "{name}{binding} ({department}): {value} in {data_year}, below the floor {target}; it must rise by {required} next year "
        "to be back at the floor, {compare}.",
    ),
    "pb_ceiling_best": (
        "此前改善最多的一年为{best_year}年({best_change})",
        "the largest improvement so far was {best_change} in {best_year}",
    ),
    "pb_ceiling_no_best": (
        "此前没有一年改善过(变化最好的一年为{best_year}年,{best_change})",
        "and it has not improved in any year so far (the best was {best_change} in {best_year})",
    ),
    "pb_ceiling_at_bound": (
        "{name}{binding}({department}):{data_year}年为{value},等于{bound_name}{target},而规划要求{strict_word}{bound_name};"
        "下一年须{move}{bound_name}{side},{compare}。",
        "{name}{binding} ({department}): {value} in {data_year}, equal to the {bound_name} {target} where the plan asks for "
        "{strict_word}; it must {move} the {bound_name} next year{side}, {compare}.",
    ),
    "pb_breached_earlier": (
        "{name}{binding}({department}):{breach_years}年{over}{bound_name}{target},{data_year}年为{value},已回到{bound_name}{inside}。",
        "{name}{binding} ({department}): {over} the {bound_name} {target} in {breach_years}; {value} in {data_year}, back {inside} it.",
    ),
    "pb_quota": (
        "{name}{binding}({department}):{data_year}年完成{value},上级下达{target},还差{gap}。",
        "{name}{binding} ({department}): {value} done in {data_year} against a quota of {target}, {gap} short.",
    ),
    "pb_none": ("没有滞后、倒退或突破约束的指标。", "No series is lagging, regressing or over its bound."),
    "verb_up": ("提高", "an increase of "),
    "verb_down": ("降低", "a decrease of "),
    # -- mid-term: recommendations --------------------------------------------------------------
    "rc_ceiling_breached": (
        "{name}{binding}({department}):{data_year}年{value}已超出上限{target},下一年须降低{required}回到上限以内;{feasible}。",
        "{name}{binding} ({department}): {value} in {data_year} is over the bound {target}; it must fall by {required} next year; {feasible}.",
    ),
    "rc_floor_breached": (
        "{name}{binding}({department}):{data_year}年{value}已低于下限{target},下一年须提高{required}回到下限以上;{feasible}。",
        "{name}{binding} ({department}): {value} in {data_year} is below the floor {target}; it must rise by {required} next year; {feasible}.",
    ),
    "rc_ceiling_at_bound": (
        "{name}{binding}({department}):{data_year}年{value}等于{bound_name}{target},而规划要求{strict_word}{bound_name},"
        "下一年须{move}{bound_name}{side};{feasible}。",
        "{name}{binding} ({department}): {value} in {data_year} equals the {bound_name} {target} where the plan asks for "
        "{strict_word}; it must {move} it next year{side}; {feasible}.",
    ),
    "rc_ceiling_feasible": (
        "此前{best_year}年曾有这样的改善({best_change}),按这一力度可以做到",
        "a change like that of {best_year} ({best_change}) would do it",
    ),
    "rc_ceiling_infeasible": (
        "此前改善最多的一年({best_year}年{best_change})也不够,须采取新的措施",
        "even the best year so far ({best_change} in {best_year}) would not be enough: new measures are needed",
    ),
    "rc_ceiling_breached_earlier": (
        "{name}{binding}({department}):{breach_years}年曾{over}{bound_name}{target},{data_year}年为{value};"
        "按此前年均变化{mean_change},到{target_year}年为{value_at_mean},{outlook},须每年都在{bound_name}{inside}。",
        "{name}{binding} ({department}): {over} the {bound_name} {target} in {breach_years}, {value} in {data_year}; at the "
        "average change so far ({mean_change} a year) it would be {value_at_mean} in {target_year}, {outlook}; it must stay "
        "{inside} the {bound_name} every year.",
    ),
    "outlook_within": ("仍在{bound_name}{inside}", "still {inside} the {bound_name}"),
    "outlook_over": ("将再次{over}{bound_name}", "{over} the {bound_name} again"),
    "rc_above_best_pace": (
        "{name}{binding}({department}):剩余{years_left}年每年须{verb}{required},超过此前最好的一年"
        "({best_year}年{best_change});即使每年都保持最好年份的速度,到{target_year}年也只有{value_at_best}(目标{target}){reach}。",
        "{name}{binding} ({department}): it needs {verb}{required} a year for {years_left} years, more than its best year so far "
        "({best_change} in {best_year}); even at that best pace every year it would reach only {value_at_best} by {target_year} "
        "(target {target}){reach}.",
    ),
    "rc_plan_task": (
        "规划{section}部署了{project}，提出“{quote}”；{department}应把这项工程作为推动{name}达到目标的主要抓手，按剩余年份逐年分解任务。",
        "The plan ({section}) sets out the {project}: “{quote}”; {department} should make it the main lever for {name} "
        "and split the remaining work by year.",
    ),
    "rc_plan_task_final": (
        "规划{section}部署了{project}，提出“{quote}”；{department}应总结这项工程的实施情况，在下一个规划中把{name}的任务落实到具体工程和年度计划。",
        "The plan ({section}) set out the {project}: “{quote}”; {department} should review how it was carried out and tie {name} "
        "to named projects and yearly plans in the next plan.",
    ),
    "rc_plan_task_reused": (
        "规划{section}对{name}所在领域的部署已在前条列出，{department}应在年度工作计划中单列{name}的措施和投入。",
        "The plan's measures for the field ({section}) are listed above; {department} should set out its own measures and "
        "funding for {name} in the annual work plan.",
    ),
    "rc_reach_year": (",要到{year}年才能达到目标", ", and would reach the target only in {year}"),
    "rc_sustain_best_pace": (
        "{name}{binding}({department}):剩余{years_left}年每年须{verb}{required},高于此前年均{mean_change},"
        "但不超过最好的一年({best_year}年{best_change});按此前年均速度到{target_year}年只有{value_at_mean},"
        "须每年保持接近最好年份的力度。",
        "{name}{binding} ({department}): it needs {verb}{required} a year for {years_left} years, above the average so far "
        "({mean_change} a year) but within its best year ({best_change} in {best_year}); at the average pace it would reach "
        "only {value_at_mean} by {target_year}, so every remaining year must come close to the best one.",
    ),
    "rc_on_course_mean": (
        "{name}{binding}({department}):按此前年均变化{mean_change},到{target_year}年可达{value_at_mean}(目标{target}),"
        "保持现有力度即可。",
        "{name}{binding} ({department}): at the average change so far ({mean_change} a year) it would reach {value_at_mean} "
        "by {target_year} (target {target}); keeping the current effort is enough.",
    ),
    "rc_no_pace_seen": (
        "{name}{binding}({department}):只有一个年度数据,看不出年度变化;请补报规划期以来各年的数据。",
        "{name}{binding} ({department}): a single yearly value shows no yearly change; report every year of the plan period.",
    ),
    "rc_quota_short": (
        "{name}{binding}({department}):{data_year}年完成{value},低于上级下达的{target},须补足差额{gap}。",
        "{name}{binding} ({department}): {value} done in {data_year}, below the quota of {target}; {gap} must be made up.",
    ),
    "rc_watch_trend": (
        "{name}{binding}({department}):按时间进度为{status},但按各年数据拟合的趋势线到{target_year}年为{projected}"
        "(目标{target}),趋势判断为“{anticipated}”,须防止后劲不足。",
        "{name}{binding} ({department}): {status} by time share, but the trend line through every year reaches {projected} "
        "by {target_year} (target {target}) — “{anticipated}”: guard against losing momentum.",
    ),
    "rc_stale_data": (
        "{name}:最新数据为{data_year}年,请{department}报送{year}年的数据。",
        "{name}: the latest data is for {data_year}; {department} to report {year}.",
    ),
    "rc_not_assessable": (
        "{name}{binding}:请{department}填报每年上级下达的任务数,才能判断是否完成。",
        "{name}{binding}: {department} to report each year's quota so that completion can be judged.",
    ),
    "rc_no_data": (
        "{name}{binding}:请{department}报送规划期以来的实际值。",
        "{name}{binding}: {department} to report the actuals of the plan period.",
    ),
    "rc_projects_no_data": (
        "重点工程尚无进展数据:请各责任部门按年度填报完成投资和建设数量。",
        "No progress data for the key projects yet: each department to report investment completed and quantities built each year.",
    ),
    # -- methods side by side -------------------------------------------------------------------
    "md_achieved_by_jump": (
        "已达到目标,但主要靠{best_year}年一年的变化({best_change},占基期以来变化的{best_change_share});"
        "按各年数据拟合的趋势线到{target_year}年为{projected},未达到目标{target}。",
        "The target is met, but mostly through one year ({best_change} in {best_year}, {best_change_share} of the change since "
        "the baseline); the trend line through every year reads {projected} in {target_year}, short of the target {target}.",
    ),
    "md_achieved_trend_short": (
        "已达到目标,但有回落(变化最差的一年为{worst_year}年,{worst_change});按各年数据拟合的趋势线到{target_year}年为"
        "{projected},未达到目标{target}。",
        "The target is met, but the series has fallen back (worst year {worst_year}: {worst_change}); the trend line through "
        "every year reads {projected} in {target_year}, short of the target {target}.",
    ),
    "md_ceiling_trend_crosses": (
        "目前在{bound_name}{target}{inside},但按各年数据拟合的趋势线到{target_year}年为{projected},将{across}{bound_name}。",
        "Now {inside} the {bound_name} {target}, but the trend line through every year reads {projected} in {target_year}, "
        "{across} the {bound_name}.",
    ),
    "md_breach_trend_within": (
        "{data_year}年为{value},{across}{bound_name}{target};但按各年数据拟合的趋势线到{target_year}年为{projected},"
        "回到{bound_name}{inside}:越限可能是一年的波动,仍须按每年守住{bound_name}的要求整改。",
        "{value} in {data_year} is {across} the {bound_name} {target}, but the trend line through every year reads {projected} "
        "in {target_year}, back {inside} it: the breach may be one year's swing, yet the {bound_name} holds every year.",
    ),
    "md_gain_in_one_year": (
        "按时间进度为{status}(完成进度{progress_share},时间进度{time_share}),但基期以来变化的{best_change_share}"
        "集中在{best_year}年({best_change});按各年数据拟合的趋势线更平缓,到{target_year}年为{projected},趋势判断为“{anticipated}”。",
        "{status} by time share (progress {progress_share} against time {time_share}), but {best_change_share} of the change "
        "since the baseline came in {best_year} ({best_change}); the trend line through every year is flatter and reads "
        "{projected} in {target_year}: “{anticipated}”.",
    ),
    "md_trend_flatter": (
        "按时间进度为{status}(完成进度{progress_share},时间进度{time_share}),但有放缓({worst_year}年变化{worst_change});"
        "按各年数据拟合的趋势线到{target_year}年为{projected},趋势判断为“{anticipated}”。",
        "{status} by time share (progress {progress_share} against time {time_share}), but it slowed ({worst_change} in "
        "{worst_year}); the trend line through every year reads {projected} in {target_year}: “{anticipated}”.",
    ),
    "md_latest_year_fell": (
        "按时间进度为{status}(完成进度{progress_share},时间进度{time_share}),主要因为{worst_year}年回落({worst_change});"
        "按各年数据拟合的趋势线到{target_year}年仍可达{projected},趋势判断为“{anticipated}”。",
        "{status} by time share (progress {progress_share} against time {time_share}), mainly because of a fall in "
        "{worst_year} ({worst_change}); the trend line through every year still reads {projected} in {target_year}: “{anticipated}”.",
    ),
    "md_thresholds": (
        "完成进度与时间进度之比为{time_ratio},在带宽以内,按时间进度为基本符合预期;增速比为{cagr_ratio},"
        "低于增速法“进展显著”的门槛,判为“{cagr}”:两种方法的分界不同,差别不在数据。",
        "Progress over time share is {time_ratio}, inside the band, so on track by time share; the CAGR ratio is {cagr_ratio}, "
        "under the pace method's line for “substantial”, so “{cagr}”: the methods draw the line in different places, the data agree.",
    ),
    "md_compound_vs_linear": (
        "时间进度法按直线进度衡量(完成进度与时间进度之比{time_ratio},{status}),增速法按复合年均增速衡量"
        "(增速比{cagr_ratio},{cagr}):复合增长路径{front},变化幅度大时两种判断会不同。",
        "Time share measures against a straight line (progress over time {time_ratio}: {status}); the CAGR ratio against "
        "compound growth ({cagr_ratio}: {cagr}); a compound path {front}, so with a large change the two verdicts part.",
    ),
    "front_small": ("前期所需增量较小", "asks for smaller gains early on"),
    "front_large": ("前期所需增量较大", "asks for larger gains early on"),
    "md_band": (
        "完成进度与时间进度之比为{time_ratio},在带宽以内,按时间进度为{status};按各年数据拟合的趋势线到{target_year}年为"
        "{projected}(预期进度{anticipated_progress}),略差于目标{target}:时间进度法容许带宽内的偏差,趋势法要求到期全部完成。",
        "Progress over time share is {time_ratio}, inside the band, so {status} by time share; the trend line through every "
        "year reads {projected} in {target_year} (anticipated progress {anticipated_progress}), just short of the target "
        "{target}: the time-share method allows the band, the projection asks for the whole target.",
    ),
    "md_no_baseline": (
        "规划未印基期值,时间进度法只能比较现值与目标({value},目标{target}),判为{status};按各年数据拟合的趋势线到"
        "{target_year}年为{projected},趋势判断为“{anticipated}”。",
        "The plan prints no baseline, so the time-share method can only compare the value with the target ({value}; target "
        "{target}): {status}; the trend line through every year reads {projected} in {target_year}: “{anticipated}”.",
    ),
    "md_other": ("三种方法角度不同:{views}。", "The methods look from different angles: {views}."),
    "md_view_time": ("时间进度法为{label}", "{label} by time share"),
    "md_view_pace": ("增速法为{label}", "{label} by pace"),
    "md_view_trend": ("趋势法为{label}", "{label} by trend"),
    # -- final ----------------------------------------------------------------------------------
    "fn_counts": (
        "{year}年是规划目标年。{n_series}个指标中:{items}。",
        "{year} is the plan's target year. Of the {n_series} series: {items}.",
    ),
    "fn_rate": (
        "指标完成率为{rate}：可判断是否实现的{n_assessed}个指标中，已实现{n_completed}个。",
        "The completion rate is {rate}: {n_completed} of the {n_assessed} indicators that can be judged are achieved.",
    ),
    "fn_binding_head": ("约束性指标逐项完成情况：", "The binding indicators one by one:"),
    "fn_binding_done": (
        "{name}（{department}）：完成，{year}年为{value}，{target_word}{target}。",
        "{name} ({department}): achieved, {value} in {year} against {target_word} {target}.",
    ),
    "fn_binding_breached": (
        "{name}（{department}）：未完成，{year}年为{value}，在{bound_name}{target}{inside}，但{breach_years}年{over}{bound_name}。",
        "{name} ({department}): not achieved — {value} in {year}, {inside} the {bound_name} {target}, but {over} it in {breach_years}.",
    ),
    "fn_binding_short": (
        "{name}（{department}）：未完成，{year}年为{value}，目标{target}，规划期年均变化{mean_change}，低于所需的{needed}。",
        "{name} ({department}): not achieved — {value} in {year} against {target}; it moved {mean_change} a year where "
        "{needed} was needed.",
    ),
    "fn_binding_quota": (
        "{name}（{department}）：未完成，{year}年完成{value}，低于上级下达的{target}。",
        "{name} ({department}): not achieved — {value} done in {year} against a quota of {target}.",
    ),
    "fn_binding_open": (
        "{name}（{department}）：{verdict}，无法判断是否完成。",
        "{name} ({department}): {verdict}, cannot be judged.",
    ),
    "fn_no_final": (
        "没有{year}年数据的指标不计为实现:{items}。",
        "Series without {year} data are not counted as achieved: {items}.",
    ),
    "fn_no_final_item": ("{name}(最新为{data_year}年)", "{name} (latest {data_year})"),
    "fn_no_data_item": ("{name}(无数据)", "{name} (no data)"),
    "fn_rows": (
        "按规划指标表{n_rows}行计:实现{n_rows_achieved}行,未实现{n_rows_not_achieved}行,无法判断{n_rows_undetermined}行"
        "(一行含两个指标的,两个都实现才算实现)。",
        "Counting the plan table's {n_rows} rows: {n_rows_achieved} achieved, {n_rows_not_achieved} not achieved, "
        "{n_rows_undetermined} undetermined (a row of two series is achieved only when both are).",
    ),
    "fn_row_detail": (
        "第{table_row}行含{n_series}个指标({items}),本行{verdict}。",
        "Row {table_row} holds {n_series} series ({items}): the row is {verdict}.",
    ),
    "fn_row_item": ("{name}{verdict}", "{name}: {verdict}"),
    "fn_binding_all": ("约束性指标{n_binding}个,全部实现。", "All {n_binding} binding indicators are achieved."),
    "fn_binding_some": (
        "约束性指标{n_binding}个,实现{n_binding_achieved}个;未实现或无法判断的:{items}。",
        "Of the {n_binding} binding indicators, {n_binding_achieved} are achieved; not achieved or undetermined: {items}.",
    ),
    "fn_binding_item": ("{name}({verdict}{alt},{department})", "{name} ({verdict}{alt}; {department})"),
    "fn_ceiling_held": (
        "{name}{binding}每年都在上限{bound}以内。",
        "{name}{binding} stayed within the bound {bound} every year.",
    ),
    "fn_floor_held": (
        "{name}{binding}每年都在下限{bound}以上。",
        "{name}{binding} stayed above the floor {bound} every year.",
    ),
    "fn_ceiling_breached": (
        "{name}{binding}在{breach_years}年{across}{bound_name}{bound}({bound_name}每年都须守住,后来回到限内也不能抵消)。",
        "{name}{binding} went {across} the {bound_name} {bound} in {breach_years} (a {bound_name} holds every year; later "
        "recovery does not undo it).",
    ),
    "fn_ceiling_partial": (
        "{name}{binding}有数据的年份都在{bound_name}{bound}{inside},但缺{missing_years}年的数据。",
        "{name}{binding} was {inside} the {bound_name} {bound} in every reported year, but {missing_years} are missing.",
    ),
    "fn_ceiling_none": (
        "{name}{binding}没有数据,无法核对{bound_name}。",
        "{name}{binding} has no data: the {bound_name} cannot be checked.",
    ),
    "fn_cumulative": (
        "{name}规划期累计{total},目标{target},完成{share}{missing}。",
        "{name}: plan-period total {total} against a target of {target}, {share} done{missing}.",
    ),
    "fn_missing": (",缺{missing_years}年数据", "; {missing_years} missing"),
    "fn_vs_mid": (
        "与{midterm_year}年中期评估相比:{items}。",
        "Compared with the {midterm_year} mid-term evaluation: {items}.",
    ),
    "fn_change_item": ("{label}{n}个({names})", "{label}: {n} ({names})"),
    # -- final: 四、存在的问题和原因 ------------------------------------------------------------
    "fp_level": (
        "{name}{binding}（{department}）：{data_year}年为{value}，目标{target}，差{gap}。"
        "规划期年均变化{mean_change}，完成目标需年均{needed}，实际速度为所需的{pace_ratio}；{best}",
        "{name}{binding} ({department}): {value} in {data_year} against a target of {target}, {gap} short. "
        "It moved {mean_change} a year over the period where the target needed {needed}, {pace_ratio} of the pace needed; {best}",
    ),
    "fp_best_met": (
        "进展最快的{best_year}年为{best_change}，达到所需速度，但其余年份未能保持。",
        "its best year, {best_year} ({best_change}), was fast enough, but the other years fell short.",
    ),
    "fp_best_short": (
        "进展最快的{best_year}年也只有{best_change}，规划期内没有一年达到所需速度。",
        "even its best year, {best_year}, moved only {best_change}: no year of the period kept the pace needed.",
    ),
    "fp_cumulative": (
        "{name}{binding}（{department}）：规划期累计{value}，目标{target}，差{gap}。"
        "年均{mean_change}，完成目标需年均{needed}，实际速度为所需的{pace_ratio}；{best}",
        "{name}{binding} ({department}): a plan-period total of {value} against a target of {target}, {gap} short. "
        "It averaged {mean_change} a year where the target needed {needed}, {pace_ratio} of the pace needed; {best}",
    ),
    "fp_ceiling": (
        "{name}{binding}（{department}）：{breach_years}年{over}{bound_name}{target}，{data_year}年为{value}，"
        "已回到{bound_name}{inside}；变化最不利的{worst_year}年为{worst_change}，{bound_name}须每年守住。",
        "{name}{binding} ({department}): {over} the {bound_name} {target} in {breach_years}; {value} in {data_year}, back "
        "{inside} it; the worst year, {worst_year}, moved {worst_change}, and the {bound_name} holds every year.",
    ),
    "fp_quota": (
        "{name}{binding}（{department}）：{data_year}年完成{value}，低于上级下达的{target}，差{gap}。",
        "{name}{binding} ({department}): {value} done in {data_year} against a quota of {target}, {gap} short.",
    ),
    "fp_none": ("规划目标年各项指标均已实现。", "Every indicator was achieved in the target year."),
    # -- final: 五、主要经验 -----------------------------------------------------------------------
    "fe_domains": (
        "{items}指标全部实现。",
        "Every indicator of {items} was achieved.",
    ),
    "fe_domain_item": ("{domain}领域{n}项", "{domain} ({n})"),
    "fe_counts": (
        "各领域实现情况：{items}。",
        "Achieved by domain: {items}.",
    ),
    "fe_count_item": ("{domain}{n_completed}/{n}", "{domain} {n_completed} of {n}"),
    "fe_early": (
        "{name}（{department}）{first_year}年即达到目标{target}，{year}年为{value}，规划期年均变化{mean_change}，高于完成目标所需的年均{needed}。",
        "{name} ({department}) reached its target {target} as early as {first_year} and stood at {value} in {year}; it moved "
        "{mean_change} a year, faster than the {needed} a year the target needed.",
    ),
    "fe_paced": (
        "按期实现的指标中，{items}的年均变化均达到完成目标所需的速度，说明规划确定的目标与工作力度相匹配。",
        "Among the indicators achieved on time, {items} each kept the pace their targets needed: the targets matched the effort.",
    ),
    "fe_paced_item": ("{name}（年均{mean_change}，所需{needed}）", "{name} ({mean_change} a year; {needed} needed)"),
    # -- final: 六、对下一个规划编制的建议 -----------------------------------------------------------------
    "nx_keep": (
        "{name}：建议保留。{year}年为{value}，规划期年均变化{mean_change}；以{year}年为基期，按此速度到{next_year}年约为{projected}，可作为新目标的参考。",
        "{name}: keep. {value} in {year}, {mean_change} a year over the period; from {year} at that pace it would be about "
        "{projected} by {next_year}, a reference for the new target.",
    ),
    "nx_keep_ceiling": (
        "{name}：建议保留{bound_name}{target}。规划期{breach_note}{year}年为{value}。",
        "{name}: keep the {bound_name} {target}. Over the period {breach_note}{value} in {year}.",
    ),
    "nx_breach_note": ("{breach_years}年曾超出，", "it was crossed in {breach_years}; "),
    "nx_held_note": ("每年均守住，", "it held every year; "),
    "nx_saturated": (
        "{name}：建议调整为保持类指标。规划期年均变化{mean_change}，{year}年已达到{value}，下一个规划宜以保持这一水平为目标。",
        "{name}: turn into an indicator to hold. It moved {mean_change} a year and stood at {value} in {year}: the next plan "
        "should ask to hold that level.",
    ),
    "nx_short": (
        "{name}：建议调整目标。规划期年均变化{mean_change}，仅为完成原目标所需年均{needed}的{pace_ratio}；按此速度到{next_year}年约为{projected}，新目标宜在此基础上结合新增措施确定。",
        "{name}: adjust the target. It moved {mean_change} a year, {pace_ratio} of the {needed} the old target needed; at that pace "
        "it would be about {projected} by {next_year}, the base for a new target with the added measures.",
    ),
    "nx_short_cumulative": (
        "{name}：建议调整目标。规划期年均{mean_change}，仅为完成原目标所需年均{needed}的{pace_ratio}；按此速度下一个规划期累计约为{projected}，新目标宜在此基础上结合新增措施确定。",
        "{name}: adjust the target. It averaged {mean_change} a year, {pace_ratio} of the {needed} the old target needed; at that "
        "pace the next plan period would total about {projected}, the base for a new target with the added measures.",
    ),
    "nx_no_final": (
        "{name}：建议保留并明确年度统计来源。最新数据为{data_year}年（{value}），目标年缺少数据，无法判断是否实现。",
        "{name}: keep, with a named yearly source. The latest figure is {value} for {data_year}; without a target-year figure "
        "achievement cannot be judged.",
    ),
    "nx_qualitative": (
        "{name}：建议改为有明确数值的指标。原目标为“完成省州下达目标”，只能逐年对照下达任务数判断，{year}年完成{value}。",
        "{name}: give it a figure. The target “complete the quota handed down” can only be judged year by year against "
        "the quota; {value} was done in {year}.",
    ),
    "nx_no_data": (
        "{name}：规划期内无数据，建议明确统计口径和责任单位后再列入，或不再列为主要指标。",
        "{name}: no data over the period; list it again only with a defined source and department, or drop it.",
    ),
    "nx_add": (
        "{name}：建议增加为主要指标。规划正文提出目标{target}，{data_year}年为{value}，已有年度数据可监测。",
        "{name}: add to the headline table. The plan's text sets {target}; {value} in {data_year}, with yearly data to monitor it.",
    ),
    "nx_head": ("{label}{n}项：{names}。", "{label}: {n} ({names})."),
    "fn_share_change": (
        "有完成进度可比的指标平均完成进度由中期的{mid}变为{final}。",
        "The average progress share of the series that have one went from {mid} at the mid-term to {final}.",
    ),
}


# --------------------------------------------------------------------------------------
# Helpers over the tables
# --------------------------------------------------------------------------------------


def _t(key: str, language: str) -> str:
    return TEMPLATES[key][1 if language == "en" else 0]


def _status(code: Any, language: str) -> str:
    if not isinstance(code, str):
        return "—"
    return STATUS_LABELS[code][1 if language == "en" else 0]


def _group(code: Any, language: str) -> str:
    """The label of a mid-term group (a status, or a ceiling back within its bound after a breach)."""
    from dayao_data.evaluation import GROUP_LABELS

    return GROUP_LABELS[code][1 if language == "en" else 0]


def _cagr(code: Any, language: str) -> str:
    if not isinstance(code, str):
        return "—"
    return CAGR_LABELS[code][1 if language == "en" else 0]


def _anticipated(code: Any, language: str) -> str:
    if not isinstance(code, str):
        return "—"
    return ANTICIPATED_LABELS[code][1 if language == "en" else 0]


def _name(row: Any, language: str) -> str:
    name_en = getattr(row, "name_en", "") or ""
    return name_en if language == "en" and name_en else row.name_zh


def _department(row: Any, language: str) -> str:
    if language == "en" and getattr(row, "department_en", ""):
        return row.department_en
    return row.department or "—"


def _binding(row: Any, language: str) -> str:
    return _t("binding_mark", language) if getattr(row, "attribute", "") == "binding" else ""


def _missing(value: Any) -> bool:
    return is_missing(value)


# --------------------------------------------------------------------------------------
# Mid-term
# --------------------------------------------------------------------------------------


_FIELD_WORDS = {"target": ("目标", "target"), "baseline": ("基期值", "baseline")}


def _alt_beside(
    tables, alternatives: pd.DataFrame, indicator_id: str, language: str, final: bool = False
) -> Sentence | str:
    """ "；按规划正文目标99%为已实现" beside a verdict, where the plan's other figure changes it."""
    if not len(alternatives) or indicator_id not in set(alternatives["indicator_id"]):
        return ""
    r = alternatives.set_index("indicator_id").loc[indicator_id]
    en = language == "en"
    status = (
        _verdict_label(r["verdict_alternative"], language)
        if final and isinstance(r["verdict_alternative"], str)
        else _status(r["status_alternative"], language)
    )
    return fill(
        "alt_beside",
        language,
        tables,
        where=r["where_en" if en else "where_zh"],
        field=_FIELD_WORDS[r["field"]][1 if en else 0],
        value=N("alternatives", indicator_id, "value_alternative", "value", r["unit"]),
        status=status,
    )


def alternative_findings(
    tables, alternatives: pd.DataFrame, language: str = "zh", final: bool = False
) -> list[Sentence]:
    """The plan's two figures for one indicator, written once as a finding about the plan, with the
    verdict against each."""
    out = []
    for r in alternatives.itertuples(index=False):
        en = language == "en"
        a = lambda col, fmt="value": N("alternatives", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        if final and isinstance(r.verdict_used, str):
            used, other = _verdict_label(r.verdict_used, language), _verdict_label(r.verdict_alternative, language)
        else:
            used, other = _status(r.status_used, language), _status(r.status_alternative, language)
        key = "alt_target" if r.field == "target" else "alt_baseline"
        fields = dict(
            name=_name(r, language),
            used=a("value_used"),
            alternative=a("value_alternative"),
            where=r.where_en if en else r.where_zh,
            status_used=used,
            status_alternative=other,
        )
        if key == "alt_target":
            fields["target_year"] = a("target_year", "year")
        out.append(fill(key, language, tables, **fields))
    return out


def midterm_overall(m: Midterm, language: str = "zh") -> list[Sentence]:
    """一、总体进展: time share against task share, counts, binding indicators, data years."""
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
        out.append(fill("mt_data_years", language, tb, year=o("year", "year"), items=_list(items, language)))
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
        key = "mt_verdict_met" if gap >= -1e-12 else "mt_verdict_short"
        out.append(fill(key, language, tb, gap=o("task_time_gap", "share_points")))
    else:
        out.append(fill("mt_no_share", language, tb))
    counts = [
        fill("count_item", language, tb, label=_group(r.status, language), n=N("groups", r.status, "n", "count"))
        for r in m.groups.itertuples()
        if r.n
    ]
    out.append(fill("mt_counts", language, tb, n_series=o("n_series"), counts=_list(counts, language)))
    if m.metric("n_binding"):
        alarms = m.series[m.series["binding"] & ~m.series["status"].isin(("achieved", "ahead", "on_track"))]
        if len(alarms):
            names = [
                fill(
                    "alarm_item",
                    language,
                    tb,
                    name=_name(r, language),
                    status=_status(r.status, language),
                    alt=_alt_beside(tb, m.alternatives, r.indicator_id, language),
                    department=_department(r, language),
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
                    names=_list(names, language),
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
                name=_name(r, language),
                data_year=N("series", r.indicator_id, "data_year", "year"),
            )
            for r in stale.itertuples()
        ]
        out.append(
            fill("mt_stale", language, tb, year=o("year", "year"), n_stale=o("n_stale"), items=_list(items, language))
        )
    if m.illustrative:
        out.append(fill("illustrative", language, tb))
    return out


def midterm_projects(m: Midterm, language: str = "zh") -> list[Sentence]:
    """三、重点任务和重点工程: how many projects and targets, and each target with progress data."""
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
        if _missing(r.progress_share):
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
    name, binding = _name(r, language), _binding(r, language)
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
        words = _bound_words(r.direction, language)
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
    if r.status == "regressing" and not _missing(r.baseline):
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
    if not _missing(r.progress_share) and r.status != "achieved":
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
                label=_group(g.status, language),
                n=N("groups", g.status, "n", "count"),
                items=_list(items, language),
            )
        )
    return out


def _compare_sentence(r: Any, tb: dict, language: str, table: str = "problems") -> Sentence:
    p = lambda col, fmt="signed_change": N(table, r.indicator_id, col, fmt, r.unit)  # noqa: E731
    if _missing(r.best_change):
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


def _bound_words(direction: Any, language: str) -> dict[str, str]:
    """The words for a bound: 上限/超出/以内 for a ceiling, 下限/低于/以上 for a floor."""
    return dict(_BOUND_WORDS[(1 if int(direction) > 0 else -1, "en" if language == "en" else "zh")])


def _at_bound(required: Any) -> bool:
    """A strict bound met with equality: no change to show, the value must simply go below it."""
    return not _missing(required) and abs(float(required)) < 5e-3


def _verb(value: float, language: str) -> str:
    return _t("verb_up" if value >= 0 else "verb_down", language)


def midterm_problems(m: Midterm, language: str = "zh") -> list[Sentence]:
    """四、存在的问题: what each lagging, regressing or breached series still needs."""
    tb = m.tables
    if not len(m.problems):
        return [fill("pb_none", language, tb)]
    out = []
    for r in m.problems.itertuples():
        p = lambda col, fmt="value": N("problems", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        common = dict(name=_name(r, language), binding=_binding(r, language), department=_department(r, language))
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
                    **_bound_words(r.direction, language),
                )
            )
        elif r.problem == "breached":
            if _missing(r.best_change):
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
            if _at_bound(r.required_annual_increment):
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
                        **_bound_words(r.direction, language),
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
        elif _missing(r.required_annual_increment):
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
                if r.status == "regressing" and not _missing(r.baseline)
                else ""
            )
            rate = ""
            if not _missing(r.required_annual_rate):
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
                    verb=_verb(r.required_annual_increment, language),
                    required=p("required_annual_increment", "change"),
                    rate=rate,
                    compare=_compare_sentence(r, tb, language),
                )
            )
    return out


def _recommendation(rec: Any, m: Midterm, language: str) -> Sentence | None:
    tb = m.tables
    code = rec.code
    if code == "projects_no_data":
        return fill("rc_projects_no_data", language, tb)
    common = dict(name=_name(rec, language), binding=_binding(rec, language), department=_department(rec, language))
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
            status=_status(r["status"], language),
            target_year=md("target_year", "year"),
            projected=md("projected_final"),
            target=md("target"),
            anticipated=_anticipated(r["anticipated_status"], language),
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
        if rec.indicator_id in s.index and not _missing(s.loc[rec.indicator_id, "best_change"]):
            key = "rc_ceiling_feasible" if bool(s.loc[rec.indicator_id, "meets_at_best"]) else "rc_ceiling_infeasible"
            feasible = fill(
                key, language, tb, best_year=sc("best_year", "year"), best_change=sc("best_change", "signed_change")
            )
        else:
            feasible = fill("pb_no_pace", language, tb)
        if _at_bound(pr["required_annual_increment"]):
            return fill(
                "rc_ceiling_at_bound",
                language,
                tb,
                **common,
                data_year=p("data_year", "year"),
                value=p("value"),
                target=p("target"),
                feasible=feasible,
                **_bound_words(pr["direction"], language),
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
        if rec.indicator_id not in s.index or _missing(s.loc[rec.indicator_id, "mean_change"]):
            return None
        words = _bound_words(pr["direction"], language)
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
    verb = "" if cum else _verb(required, language)
    req_fmt = "abs_value" if cum else "change"
    if code == "above_best_pace":
        reach = ""
        if not _missing(s["year_reached_at_best"]):
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


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in str(text) if "\u4e00" <= ch <= "\u9fff")
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _plan_text(text: str) -> str:
    """A quotation from the plan with its punctuation in full-width form (the vendored text's
    half-width marks come from its web extraction)."""
    marks = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！", "“": "‘", "”": "’"}
    return "".join(marks.get(ch, ch) for ch in str(text))


def _section(cite: Any, language: str = "zh") -> str:
    """ "第三章 第五节 · 三、重点工程 · …" → "第三章第五节" (English: "chapter 3, section 5")."""
    location = str(getattr(cite, "location", "") or "")
    zh = location.split("·")[0].replace(" ", "").strip()
    if language != "en":
        return zh
    from dayao_data.plan_places import place_en

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
        words = _bigrams(ind.name_zh)
        best, best_score = None, None
        for i, pr in enumerate(plan.projects):
            if pr.domain != ind.domain or pr.id in used or not getattr(pr.cite, "quote", ""):
                continue
            overlap = len(words & (_bigrams(pr.name_zh) | _bigrams(pr.cite.quote)))
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
    common = dict(name=_name(rec, language), department=_department(rec, language))
    pr = tasks.get(rec.indicator_id)
    en = language == "en"
    if pr is not None:
        return fill(
            "rc_plan_task",
            language,
            m.tables,
            **common,
            section=_section(pr.cite, language),
            project=(pr.name_en if en and pr.name_en else pr.name_zh),
            quote=_plan_text(pr.cite.quote),
        )
    same = [p for p in m.plan.projects if p.domain == ind.domain]
    if same:
        return fill("rc_plan_task_reused", language, m.tables, **common, section=_section(same[0].cite, language))
    return None


def _recommendation_with_measure(rec: Any, m: Midterm, language: str, tasks: dict[str, Any]) -> Sentence | None:
    s = _recommendation(rec, m, language)
    if s is None or s.key == "rc_on_course_mean":  # on course at the pace so far: nothing to add
        return s
    measure = _measure(rec, m, language, tasks)
    return s if measure is None else join([s, measure], "" if language == "zh" else " ", language)


def midterm_recommendations(m: Midterm, language: str = "zh") -> list[Sentence]:
    """五、下一步工作建议: one sentence per row of the recommendations table, in rank order, each
    shortfall followed by the plan's own project for that field."""
    tasks = plan_tasks(m)
    out = []
    for rec in m.recommendations.itertuples():
        s = _recommendation_with_measure(rec, m, language, tasks)
        if s is not None:
            out.append(s)
    return out


def method_note(m: Midterm, indicator_id: str, language: str = "zh") -> Sentence | None:
    """Why the methods point different ways for one series (None where they agree)."""
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
        status=lower(_status(r["status"], language)),
        cagr=lower(_cagr(r["cagr_status"], language)),
        anticipated=lower(_anticipated(r["anticipated_status"], language)),
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
            **_bound_words(r["direction"], language),
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
            **_bound_words(r["direction"], language),
        )
    first = _status(r["status"], language)  # the labels that open a sentence keep their capital
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
        front = _t("front_small" if float(r["cagr_ratio"]) > float(r["time_ratio"]) else "front_large", language)
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
            s = _recommendation_with_measure(rec, m, language, tasks)
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


# --------------------------------------------------------------------------------------
# Final
# --------------------------------------------------------------------------------------


def _verdict_label(code: str, language: str) -> str:
    from dayao_data.evaluation import VERDICT_LABELS

    return VERDICT_LABELS[code][1 if language == "en" else 0]


def final_conclusion(f: Final, language: str = "zh") -> list[Sentence]:
    """总体结论 of the final evaluation: verdicts, rows, binding, ceilings, totals, change since the mid-term."""
    from dayao_data.evaluation import ACHIEVED_VERDICTS, CHANGE_LABELS, VERDICT_LABELS

    tb = f.tables
    o = lambda metric, fmt="count": N("overall", metric, "value", fmt)  # noqa: E731
    out = []
    items = [
        fill("count_item", language, tb, label=_verdict_label(v, language), n=o(f"verdict_{v}"))
        for v in VERDICT_LABELS
        if f.metric(f"verdict_{v}")
    ]
    out.append(
        fill("fn_counts", language, tb, year=o("year", "year"), n_series=o("n_series"), items=_list(items, language))
    )
    unresolved = f.series[f.series["verdict"].isin(("no_final_year_data", "no_data"))]
    if len(unresolved):
        parts = []
        for r in unresolved.itertuples():
            if r.verdict == "no_data":
                parts.append(fill("fn_no_data_item", language, tb, name=_name(r, language)))
            else:
                parts.append(
                    fill(
                        "fn_no_final_item",
                        language,
                        tb,
                        name=_name(r, language),
                        data_year=N("series", r.indicator_id, "data_year", "year"),
                    )
                )
        out.append(fill("fn_no_final", language, tb, year=o("year", "year"), items=_list(parts, language)))
    if f.metric("completion_rate") is not None:
        out.append(
            fill(
                "fn_rate",
                language,
                tb,
                rate=o("completion_rate", "share"),
                n_assessed=o("n_assessed"),
                n_completed=o("n_completed"),
            )
        )
    if f.metric("n_rows"):
        out.append(
            fill(
                "fn_rows",
                language,
                tb,
                n_rows=o("n_rows"),
                n_rows_achieved=o("n_rows_achieved"),
                n_rows_not_achieved=o("n_rows_not_achieved"),
                n_rows_undetermined=o("n_rows_undetermined"),
            )
        )
        series = f.series.set_index("indicator_id")
        for r in f.rows[f.rows["n_series"] > 1].itertuples():
            parts = [
                fill(
                    "fn_row_item",
                    language,
                    tb,
                    name=_name(series.loc[i], language),
                    verdict=_verdict_label(series.loc[i, "verdict"], language),
                )
                for i in r.indicator_ids
            ]
            verdict = _verdict_label(r.verdict, language)
            if language == "en":
                verdict = verdict[:1].lower() + verdict[1:]  # "the row is not achieved"
            out.append(
                fill(
                    "fn_row_detail",
                    language,
                    tb,
                    table_row=N("rows", r.table_row, "table_row", "count"),
                    n_series=N("rows", r.table_row, "n_series", "count"),
                    items=_list(parts, language),
                    verdict=verdict,
                )
            )
    if f.metric("n_binding"):
        short = f.series[f.series["binding"] & ~f.series["verdict"].isin(ACHIEVED_VERDICTS)]
        if len(short):
            parts = [
                fill(
                    "fn_binding_item",
                    language,
                    tb,
                    name=_name(r, language),
                    verdict=_verdict_label(r.verdict, language),
                    alt=_alt_beside(tb, f.alternatives, r.indicator_id, language, final=True),
                    department=_department(r, language),
                )
                for r in short.itertuples()
            ]
            out.append(
                fill(
                    "fn_binding_some",
                    language,
                    tb,
                    n_binding=o("n_binding"),
                    n_binding_achieved=o("n_binding_achieved"),
                    items=_list(parts, language),
                )
            )
        else:
            out.append(fill("fn_binding_all", language, tb, n_binding=o("n_binding")))
    for r in f.ceilings.itertuples():
        c = lambda col, fmt="value": N("ceilings", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        common = dict(name=_name(r, language), binding=_binding(r, language))
        words = _bound_words(r.direction, language)
        if r.verdict == "held_every_year":
            key = "fn_ceiling_held" if r.direction == -1 else "fn_floor_held"
            out.append(fill(key, language, tb, **common, bound=c("bound")))
        elif r.verdict == "breached":
            out.append(
                fill(
                    "fn_ceiling_breached",
                    language,
                    tb,
                    **common,
                    breach_years=c("breach_years", "year_list"),
                    bound=c("bound"),
                    **words,
                )
            )
        elif r.verdict == "held_reported_years":
            out.append(
                fill(
                    "fn_ceiling_partial",
                    language,
                    tb,
                    **common,
                    bound=c("bound"),
                    missing_years=c("missing_years", "year_list"),
                    **words,
                )
            )
        else:
            out.append(fill("fn_ceiling_none", language, tb, **common, bound_name=words["bound_name"]))
    for r in f.cumulative.itertuples():
        if _missing(r.total):
            continue
        c = lambda col, fmt="value": N("cumulative", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        missing = (
            fill("fn_missing", language, tb, missing_years=c("missing_years", "year_list"))
            if len(r.missing_years)
            else ""
        )
        out.append(
            fill(
                "fn_cumulative",
                language,
                tb,
                name=_name(r, language),
                total=c("total"),
                target=c("target"),
                share=c("share", "share"),
                missing=missing,
            )
        )
    changes = []
    for code in CHANGE_LABELS:
        if not f.metric(f"change_{code}"):
            continue
        names = [_name(r, language) for r in f.comparison[f.comparison["change"] == code].itertuples()]
        changes.append(
            fill(
                "fn_change_item",
                language,
                tb,
                label=CHANGE_LABELS[code][1 if language == "en" else 0],
                n=o(f"change_{code}"),
                names=_list(names, language),
            )
        )
    if changes:
        out.append(
            fill("fn_vs_mid", language, tb, midterm_year=o("midterm_year", "year"), items=_list(changes, language))
        )
    out.extend(alternative_findings(tb, f.alternatives, language, final=True))
    sc = f.summary_comparison.set_index("metric")
    if not _missing(sc.loc["mean_task_share", "midterm"]) and not _missing(sc.loc["mean_task_share", "final"]):
        out.append(
            fill(
                "fn_share_change",
                language,
                tb,
                mid=N("summary_comparison", "mean_task_share", "midterm", "share"),
                final=N("summary_comparison", "mean_task_share", "final", "share"),
            )
        )
    if f.illustrative:
        out.append(fill("illustrative", language, tb))
    return out


def _plan_tasks_for(plan, ids: Sequence[str]) -> dict[str, Any]:
    """The plan's best-fitting key project of each indicator's field, each project cited once."""
    used: set[str] = set()
    out: dict[str, Any] = {}
    for ind_id in ids:
        if ind_id in out:
            continue
        ind = plan.indicator(ind_id)
        words = _bigrams(ind.name_zh)
        best, best_score = None, None
        for i, pr in enumerate(plan.projects):
            if pr.domain != ind.domain or pr.id in used or not getattr(pr.cite, "quote", ""):
                continue
            overlap = len(words & (_bigrams(pr.name_zh) | _bigrams(pr.cite.quote)))
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
        section=_section(pr.cite, language),
        project=(pr.name_en if en and pr.name_en else pr.name_zh),
        quote=_plan_text(pr.cite.quote),
    )


def final_problems(f: Final, language: str = "zh") -> list[Sentence]:
    """四、存在的问题和原因: each shortfall with the pace kept against the pace needed, and the plan's
    own project for the field."""
    tb = f.tables
    if not len(f.problems):
        return [fill("fp_none", language, tb)]
    tasks = _plan_tasks_for(f.plan, [r.indicator_id for r in f.problems.itertuples() if r.verdict == "not_achieved"])
    out = []
    for r in f.problems.itertuples():
        c = lambda col, fmt="value": N("final_problems", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        common = dict(name=_name(r, language), binding=_binding(r, language), department=_department(r, language))
        if r.verdict == "achieved_after_breach":
            words = _bound_words(r.direction, language)
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
        elif r.target_kind == "qualitative" or _missing(r.mean_change) or _missing(r.needed_change):
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
            out.append(fill("fe_domains", language, tb, items=_list(items, language)))
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
        out.append(fill("fe_counts", language, tb, items=_list(items, language)))
    if not len(f.experience):
        return out
    for r in f.experience[f.experience["early"]].itertuples():
        c = lambda col, fmt="value": N("experience", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        if _missing(r.needed_change) or _missing(r.mean_change):
            continue
        out.append(
            fill(
                "fe_early",
                language,
                tb,
                name=_name(r, language),
                department=_department(r, language),
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
                name=_name(r, language),
                mean_change=N("experience", r.indicator_id, "mean_change", "signed_change", r.unit),
                needed=N("experience", r.indicator_id, "needed_change", "change", r.unit),
            )
            for r in paced.itertuples()
        ]
        out.append(fill("fe_paced", language, tb, items=_list(items, language)))
    return out


def final_next_plan(f: Final, language: str = "zh") -> list[Sentence]:
    """六、对下一个规划编制的建议: keep / adjust / add / drop, each with the figures of the observed pace."""
    tb = f.tables
    out = []
    for r in f.next_plan.itertuples():
        c = lambda col, fmt="value": N("next_plan", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        name = _name(r, language)
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
            words = _bound_words(r.direction, language)
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
        elif _missing(r.pace_ratio) or _missing(r.projected):
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
    tb = f.tables
    out = []
    problems = f.problems.set_index("indicator_id") if len(f.problems) else None
    for r in f.series[f.series["binding"]].itertuples():
        c = lambda col, fmt="value", table="series": N(table, r.indicator_id, col, fmt, r.unit)  # noqa: E731
        common = dict(name=_name(r, language), department=_department(r, language))
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
                    **_bound_words(r.direction, language),
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
            and not _missing(problems.loc[r.indicator_id, "needed_change"])
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
            out.append(fill("fn_binding_open", language, tb, **common, verdict=_verdict_label(r.verdict, language)))
    return out


def final_sentences(f: Final, language: str = "zh") -> dict[str, list[Sentence]]:
    """Every generated sentence of the final report, by chapter."""
    return {
        "conclusion": final_conclusion(f, language),
        "binding": final_binding(f, language),
        "problems": final_problems(f, language),
        "experience": final_experience(f, language),
        "next_plan": final_next_plan(f, language),
    }


def paragraphs(sentences: Iterable[Sentence], separator: str = "") -> str:
    """Sentences as one paragraph of text."""
    return separator.join(s.text for s in sentences)
