"""How sure a verdict is, in the yearly report's words (issue 13).

The figures come from :mod:`dayao_data.certainty`, :mod:`dayao_data.coverage` and
:mod:`dayao_data.overrides` through the :class:`~dayao_data.yearly.context.ReportContext` hooks; this
module only words them for a county reader.  Nothing here changes a status: the notes stand
beside the verdict the method defines.

* :func:`rate_note` — counts, the exact Poisson 95 % interval, whether a ceiling's bound lies
  inside it, the unstable flag and the pooled three-year rate;
* :func:`projection_note` — the number of data points and, with three or more actuals, the 95 %
  prediction interval at the target year and the chance of meeting the target ("数据不足" else);
* :func:`flag_mark` / :func:`break_note` — provisional or estimated values, series breaks;
* :func:`decision_note` — the bureau's reviewed decision beside the computed status;
* :func:`low_chance_sentence` — the binding indicators whose chance of the target is low;
* :func:`domain_coverage_clause` — the series with data for the year, by domain (only the
  domains with gaps are named);
* :func:`revisions_sentence` — first-reported against revised figures, or that there are none.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from dayao_data import i18n
from dayao_data.certainty import LOW_CHANCE, UNSTABLE_EVENTS, low_chance_binding
from dayao_data.display import format_number
from dayao_data.labels import unit as unit_words
from dayao_data.report.tables import ReportTable

__all__ = [
    "rate_unit",
    "rate_note",
    "projection_note",
    "flag_mark",
    "break_note",
    "decision_note",
    "low_chance_sentence",
    "domain_coverage_clause",
    "revisions_sentence",
    "FLAG_ZH",
]

#: How a value's flag is shown beside it (the actuals column ``flag``).
FLAG_ZH = {"provisional": "初步", "estimated": "估计"}
FLAG_EN = {"provisional": "provisional", "estimated": "estimated"}


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (not isinstance(v, str) and pd.isna(v))


def rate_unit(unit: str) -> str:
    """The unit as written after a rate: ‰ stays, 1/10万 becomes /10万 (13.5/10万).

    >>> rate_unit("‰"), rate_unit("1/10万")
    ('‰', '/10万')
    """
    unit = str(unit).strip()
    return unit[1:] if unit.startswith("1/") else unit


def _rate(x: float, unit: str, language: str = "zh") -> str:
    """A rate with its unit: 13.5/10万 in Chinese; in English the labels file's words for the unit
    (13.5 per 100,000), a symbol such as ‰ right after the figure.

    >>> _rate(13.5, "1/10万"), _rate(13.5, "1/10万", "en"), _rate(4.64, "‰", "en")
    ('13.5/10万', '13.5 per 100,000', '4.6‰')
    """
    if language == "zh":
        return f"{x:.1f}{rate_unit(unit)}"
    words = unit_words(unit, "en")
    return f"{x:.1f}{words}" if words in ("‰", "%") else f"{x:.1f} {words}"


def _count(n: float) -> str:
    return f"{n:,.0f}"


def _words(name: str) -> tuple[str, str]:
    """What the events and the denominator are called: 死亡/活产数 for a mortality rate."""
    if name.endswith("死亡率"):
        return "死亡", "活产数"
    return "事件", "分母"


def _row(frame: pd.DataFrame | None, ind_id: str) -> Any:
    if frame is None or not len(frame):
        return None
    sub = frame[frame["indicator_id"] == ind_id]
    return sub.iloc[0] if len(sub) else None


def rate_note(ctx, ind, status: str | None = None) -> str:
    """Counts beside a rate: "按2024年活产数2,500、死亡13例计算，95%置信区间为2.8‰—8.9‰，…"; "" without counts.

    For a ceiling whose bound lies inside the interval the note says the difference from the
    bound is within random variation (breached: the excess; achieved: the margin); a rate from
    20 or fewer events is called unstable, and the pooled rate of the last three years with
    counts follows.
    """
    r = _row(ctx.rate_certainty, ind.id)
    if r is None:
        return ""
    lang = ctx.language
    unit = ind.unit
    pooled_years = [int(y) for y in str(r["pooled_years"]).split("、") if y.strip()]
    if lang != "zh":
        text = (
            f"{int(r['events'])} events out of {_count(r['denominator'])} in {int(r['year'])}: 95% interval "
            f"{_rate(r['rate_low'], unit, lang)}–{_rate(r['rate_high'], unit, lang)}"
        )
        if not _missing(r["bound"]) and bool(r["bound_within_interval"]) and status in ("breached", "achieved"):
            text += f"; the bound {_rate(r['bound'], unit, lang)} lies inside it, so the difference is within random variation"
        if bool(r["unstable"]):
            text += (
                f"; {UNSTABLE_EVENTS} or fewer events, the rate is unstable; pooled over "
                f"{'–'.join(map(str, pooled_years[:: max(1, len(pooled_years) - 1)]))}: {_rate(r['pooled_rate'], unit, lang)}"
            )
        return text + "."
    event_word, denominator_word = _words(ind.name_zh)
    bound = None if _missing(r["bound"]) else float(r["bound"])
    text = (
        f"按{int(r['year'])}年{denominator_word}{_count(r['denominator'])}、{event_word}{int(r['events'])}例计算，"
        f"95%置信区间为{_rate(r['rate_low'], unit)}—{_rate(r['rate_high'], unit)}"
    )
    if bound is not None and bool(r["bound_within_interval"]):
        word = "上限" if ind.direction < 0 else "下限"
        limit = f"{word}{bound:g}{rate_unit(unit)}在区间之内"
        if status == "breached":
            text += f"，{limit}，{'超出' if ind.direction < 0 else '低于下限的'}幅度在随机波动范围内"
        elif status == "achieved":
            text += f"，{limit}，{'低于上限' if ind.direction < 0 else '高于下限'}的幅度也在随机波动范围内"
    if bool(r["unstable"]):
        span = f"{pooled_years[0]}—{pooled_years[-1]}年" if len(pooled_years) > 1 else f"{pooled_years[0]}年"
        if len(pooled_years) > 1 and pooled_years != list(range(pooled_years[0], pooled_years[-1] + 1)):
            span = "、".join(map(str, pooled_years)) + "年"
        text += (
            f"；{event_word}例数不超过{UNSTABLE_EVENTS}例，比率不稳定，{span}合并为{_rate(r['pooled_rate'], unit)}"
            f"（{event_word}{int(r['pooled_events'])}例/{denominator_word}{_count(r['pooled_denominator'])}）"
        )
    return text + "。"


def _value(x: float, ind) -> str:
    return format_number(x)


def projection_note(ctx, ind) -> str:
    """Evidence and projection range of a series, for a table's remarks.

    "4个数据点；2025年预计5.3（95%预测区间4.7—5.9），达到目标的可能性约9%" with three or more
    actuals; "2个数据点，预测数据不足" with fewer; "" for a series the certainty table does not
    project (qualitative, no data).
    """
    r = _row(ctx.certainty, ind.id)
    if r is None:
        return ""
    n = int(r["n_points"]) if not _missing(r["n_points"]) else 0
    lang = ctx.language
    if n == 0 or ind.kind == "qualitative":
        return ""
    reason = "" if _missing(r["range_note"]) else str(r["range_note"])
    if _missing(r["projection_low"]) or _missing(r["chance_of_target"]):
        if reason == "数据不足":
            return f"{n}个数据点，预测数据不足" if lang == "zh" else f"{n} data points: too few for a range"
        return f"{n}个数据点" if lang == "zh" else f"{n} data points"
    chance = float(r["chance_of_target"])
    goal = "控制在上限以内" if ind.kind == "ceiling" else "达到目标"
    if lang != "zh":
        pct_en = (
            f"about {chance * 100:.0f}%" if 0.005 <= chance <= 0.995 else ("under 1%" if chance < 0.005 else "over 99%")
        )
        return (
            f"{n} data points; {ind.target_year} projection {_value(r['projected_final'], ind)} "
            f"(95% prediction interval {_value(r['projection_low'], ind)}–{_value(r['projection_high'], ind)}), "
            f"chance of the target {pct_en}"
        )
    pct = f"约{chance * 100:.0f}%" if 0.005 <= chance <= 0.995 else ("不足1%" if chance < 0.005 else "在99%以上")
    return (
        f"{n}个数据点；{ind.target_year}年预计{_value(r['projected_final'], ind)}"
        f"（95%预测区间{_value(r['projection_low'], ind)}—{_value(r['projection_high'], ind)}），"
        f"{goal}的可能性{pct}"
    )


def flag_mark(flag: Any, language: str = "zh") -> str:
    """The mark after a flagged value: （初步）, （估计）; "" for final or none.

    >>> flag_mark("provisional"), flag_mark("final"), flag_mark(None)
    ('（初步）', '', '')
    """
    if _missing(flag) or not flag:
        return ""
    if language == "zh":
        word = FLAG_ZH.get(str(flag))
        return f"（{word}）" if word else ""
    word = FLAG_EN.get(str(flag))
    return f" ({word})" if word else ""


def break_note(series_break: Any, language: str = "zh") -> str:
    """The remark for a series break: "2023年起口径变化：改按常住人口统计"; "" when none.

    ``series_break`` is the assess column (``年份:说明`` joined by ``;``).

    >>> break_note("2023:改按常住人口统计")
    '2023年起口径变化：改按常住人口统计'
    """
    if _missing(series_break) or not str(series_break).strip():
        return ""
    parts = []
    for item in str(series_break).split(";"):
        item = item.strip()
        if not item:
            continue
        year, _, what = item.partition(":")
        year, what = year.strip(), what.strip()
        if language == "zh":
            parts.append(
                f"{year}年起口径变化" + (f"：{what}" if what else "") if year.isdigit() else f"口径变化：{item}"
            )
        else:
            parts.append(
                f"series break from {year}" + (f": {what}" if what else "")
                if year.isdigit()
                else f"series break: {item}"
            )
    return ("；" if language == "zh" else "; ").join(parts)


def decision_note(ctx, ind_id: str) -> str:
    """The reviewed decision beside the computed status: "经…审定（2025-03-20）为已实现：理由"; "" when none."""
    r = _row(ctx.decided, ind_id)
    if r is None or "decided_status" not in r or not str(r["decided_status"] or "").strip():
        return ""
    lang = ctx.language
    status = i18n.status_label(r["decided_status"], lang)
    computed = i18n.status_label(r["status"], lang)
    if lang == "zh":
        who = str(r["decided_by"])
        who = who if who.endswith(("审定", "决定", "认定")) else who + "审定"
        return (
            f"计算结果为{computed}；经{who}（{r['decision_date']}）为{status}，"
            f"理由：{str(r['decision_reason']).rstrip('。')}。"
        )
    return (
        f"computed: {computed.lower()}; decided {status.lower()} by {r['decided_by']} ({r['decision_date']}): "
        f"{str(r['decision_reason']).rstrip('.')}."
    )


def low_chance_sentence(ctx) -> str:
    """The binding indicators whose chance of the target is below one half, lowest first; "" if none.

    "按现有趋势推算，约束性指标中义务教育巩固率（不足1%）、婴幼儿死亡率（约9%）到2025年达标的可能性较低。"
    """
    low = low_chance_binding(ctx.certainty)
    if not len(low):
        return ""
    lang = ctx.language
    items = []
    for r in low.itertuples(index=False):
        c = float(r.chance_of_target)
        name = ctx.name(r.indicator_id)
        if lang == "zh":
            items.append(f"{name}（{'不足1%' if c < 0.005 else f'约{c * 100:.0f}%'}）")
        else:
            items.append(f"{name} ({'under 1%' if c < 0.005 else f'about {c * 100:.0f}%'})")
    T = ctx.plan.target_year
    if lang == "zh":
        return f"按现有趋势推算，{'、'.join(items)}到{T}年达到目标的可能性低于{LOW_CHANCE * 100:.0f}%，需提前预警。"
    return f"On present trends, the chance of meeting the {T} target is below {LOW_CHANCE * 100:.0f}% for {', '.join(items)}."


def domain_coverage_clause(ctx) -> str:
    """The series with data for the year by domain, naming only the domains with gaps; "" when complete.

    "按领域：公共教育服务4项中3项、基本医疗卫生服务6项中5项，其余领域齐全" (placed in brackets
    after the count of series with data)
    """
    cov = ctx.coverage("domain")
    groups = cov[cov["group"] != ""]
    gaps = groups[groups["without_data"] > 0]
    if not len(gaps):
        return ""
    lang = ctx.language
    if lang == "zh":
        items = "、".join(f"{r.group_zh}{int(r.series)}项中{int(r.with_data)}项" for r in gaps.itertuples(index=False))
        rest = "，其余领域齐全" if len(gaps) < len(groups) else ""
        return f"按领域：{items}{rest}"
    items = ", ".join(
        f"{ctx.plan.domain_name(r.group, lang)} {int(r.with_data)} of {int(r.series)}"
        for r in gaps.itertuples(index=False)
    )
    return f"by domain {items}" + ("; the other domains are complete" if len(gaps) < len(groups) else "")


def revisions_sentence(revisions: pd.DataFrame | None, ctx) -> str:
    """One sentence on first-reported against revised figures; the table itself is shown apart."""
    lang = ctx.language
    if revisions is None:
        return (
            "本报告的实际值来自数据文件而非数据库，没有首次报送与修订记录可比。"
            if lang == "zh"
            else "The actuals come from files, not the actuals store: there is no record of first-reported and revised figures."
        )
    if not len(revisions):
        return (
            "数据库中本报告所用数据均未修订：首次报送值即现行值。"
            if lang == "zh"
            else "No figure used here has been revised in the actuals store: the first-reported figure is the one in force."
        )
    return (
        f"数据库中有{len(revisions)}个数据经修订，首次报送值与现行值对照如下。"
        if lang == "zh"
        else f"{len(revisions)} figures have been revised in the actuals store; first-reported and current figures:"
    )


def store_revisions(ctx) -> pd.DataFrame | None:
    """First-reported against revised figures of this plan's series up to the year, when the
    actuals come from the store (``"store"`` among the actuals items); None when they do not."""
    if not any(str(i).strip() == "store" for i in ctx.actuals_items):
        return None
    from dayao_data.collect.store import ActualsStore
    from dayao_data.coverage import revisions

    rev = revisions(ActualsStore.default())
    known = {i.id for i in ctx.plan.series("all")}
    return rev[rev["indicator"].isin(known) & (rev["year"] <= ctx.year)].reset_index(drop=True)


def revisions_report_table(ctx, rev: pd.DataFrame):
    """The revisions as a report table: 指标, 年份, 首次报送值 (date), 现行值 (date), 修订次数, 变化."""
    zh = ctx.language == "zh"
    cols = (
        ["指标", "年份", "首次报送值", "首次报送日期", "现行值", "现行值日期", "版本数", "变化"]
        if zh
        else ["Indicator", "Year", "First reported", "Received", "Current", "Received", "Versions", "Change"]
    )
    records = []
    for r in rev.itertuples(index=False):
        records.append(
            dict(
                zip(
                    cols,
                    [
                        ctx.name(r.indicator),
                        str(r.year),
                        format_number(r.first_value),
                        str(r.first_received_at)[:10],
                        format_number(r.current_value),
                        str(r.current_received_at)[:10],
                        str(r.versions),
                        ("+" if r.change > 0 else "") + format_number(r.change),
                    ],
                )
            )
        )
    return ReportTable(
        frame=pd.DataFrame(records, columns=cols),
        key="revisions",
        language=ctx.language,
        numeric=(cols[2], cols[4], cols[7]),
        compact=True,
    )
