"""一、总体情况 of the yearly report: the paragraphs a leader reads alone, and the data coverage
by department, written from the assessment table."""

from __future__ import annotations

import pandas as pd

from dayao_data import i18n
from dayao_data.display import format_share, is_missing
from dayao_data.plan import Indicator, Plan
from dayao_data.report import tables as T
from dayao_data.yearly.findings import differing_alternative
from dayao_data.yearly.tables.completion import department_short
from dayao_data.yearly.verdict_notes import domain_coverage_clause, low_chance_sentence

__all__ = ["coverage", "overall_paragraphs"]

# Coverage
# --------------------------------------------------------------------------------------


def coverage(ctx) -> pd.DataFrame:
    """Per department: headline series, those with a figure for the assessment year, those awaited.

    >>> from dayao_data.yearly.context import setup
    >>> c = coverage(setup(2024))
    >>> int(c["series"].sum()), int(c["with_data"].sum()) + int(c["awaited"].str.len().sum() > 0) * 0 <= 21
    (21, True)
    """
    table = ctx.table
    rows = []
    for dept_id in dict.fromkeys(i.department for i in ctx.plan.indicators):
        inds = [i for i in ctx.plan.indicators if i.department == dept_id]
        awaited = []
        with_data = 0
        for ind in inds:
            row = table[table["indicator_id"] == ind.id]
            year = row["data_year"].iloc[0] if len(row) else None
            if year is not None and not is_missing(year) and int(year) == ctx.year:
                with_data += 1
            else:
                awaited.append(ind.name(ctx.language))
        rows.append(
            {
                "department": _short_department(ctx.plan, dept_id, ctx.language),
                "series": len(inds),
                "with_data": with_data,
                "awaited": awaited,
            }
        )
    return pd.DataFrame(rows, columns=["department", "series", "with_data", "awaited"])


# --------------------------------------------------------------------------------------
# 一、总体情况
# --------------------------------------------------------------------------------------

_GOOD = ("achieved", "ahead", "on_track")


def _count_list(counts: dict[str, int], language: str, unit: str = "项") -> str:
    parts = []
    for status in ("achieved", "ahead", "on_track", "lagging", "regressing", "breached", "no_data", "not_assessable"):
        n = counts.get(status, 0)
        if n:
            label = i18n.status_label(status, language)
            parts.append(f"{label}{n}{unit}" if language == "zh" else f"{n} {label.lower()}")
    return "、".join(parts) if language == "zh" else ", ".join(parts)


def overall_paragraphs(ctx) -> list[str]:
    """The paragraphs of 一、总体情况: counts, domains, binding indicators, coverage, other targets.

    >>> from dayao_data.yearly.context import setup
    >>> text = overall_paragraphs(setup(2024))
    >>> text[0].startswith("规划确定的21项主要发展指标中")
    True
    """
    lang = ctx.language
    plan, table, year = ctx.plan, ctx.table, ctx.year
    counts = table["status"].value_counts().to_dict()
    good = sum(counts.get(s, 0) for s in _GOOD)
    total = len(table)
    paras = []
    rows = ctx.summary.rows
    if lang == "zh":
        row_part = ""
        if rows is not None and len(rows) != total:
            row_part = f"（指标表共{len(rows)}行，一行列两个指标的按两个计）"
        paras.append(
            f"规划确定的{total}项主要发展指标中{row_part}，截至{year}年{_count_list(counts, lang)}。"
            f"已实现、快于预期和基本符合预期的共{good}项，占{format_share(good / total if total else None, lang)}。"
        )
    else:
        paras.append(
            f"Of the plan's {total} headline series, by {year}: {_count_list(counts, lang)}. "
            f"{good} ({format_share(good / total if total else None, lang)}) are achieved, ahead or on track."
        )
    # domains: the share of series on course, best and worst
    domain_of = {i.id: i.domain for i in plan.indicators}
    shares = []
    for dom in plan.domain_order():
        sub = table[table["indicator_id"].map(domain_of) == dom]
        if len(sub):
            ok = int(sub["status"].isin(_GOOD).sum())
            shares.append((ok / len(sub), ok, len(sub), dom))
    if shares:
        best = max(s[0] for s in shares)
        worst = min(s[0] for s in shares)
        lead = [s for s in shares if s[0] == best]
        lag = [s for s in shares if s[0] == worst]
        if best != worst:
            if lang == "zh":
                lead_text = "、".join(f"{plan.domain_name(d, lang)}（{n}项中{ok}项）" for _, ok, n, d in lead)
                lag_text = "、".join(f"{plan.domain_name(d, lang)}（{n}项中{ok}项）" for _, ok, n, d in lag)
                paras.append(f"分领域看，达到或快于时序进度的指标占比最高的是{lead_text}，最低的是{lag_text}。")
            else:
                lead_text = ", ".join(f"{plan.domain_name(d, lang)} ({ok} of {n})" for _, ok, n, d in lead)
                lag_text = ", ".join(f"{plan.domain_name(d, lang)} ({ok} of {n})" for _, ok, n, d in lag)
                paras.append(
                    f"By domain, the share of series on course is highest in {lead_text} and lowest in {lag_text}."
                )
    # binding indicators
    binding = [i for i in plan.indicators if i.attribute == "binding"]
    if binding:
        by_id = table.set_index("indicator_id")
        attention = [i for i in binding if i.id in by_id.index and by_id.loc[i.id, "status"] not in _GOOD]
        if lang == "zh":
            head = f"{len(binding)}项约束性指标中，{len(binding) - len(attention)}项已实现或符合进度要求"
            if attention:
                items = []
                for ind in attention:
                    status = i18n.status_label(by_id.loc[ind.id, "status"], lang)
                    dept = _short_department(plan, ind.department, lang)
                    alt = _alternative_verdict(ctx, ind)
                    items.append(f"{ind.name(lang)}{status}（{dept}）{alt}")
                head += f"，{len(attention)}项需重点关注：" + "；".join(items)
            paras.append(head + "。" + low_chance_sentence(ctx))
        else:
            head = f"Of {len(binding)} binding indicators, {len(binding) - len(attention)} are achieved or on course"
            if attention:
                items = [
                    f"{i.name(lang)} ({i18n.status_label(by_id.loc[i.id, 'status'], lang).lower()}, "
                    f"{_short_department(plan, i.department, lang)}){_alternative_verdict(ctx, i)}"
                    for i in attention
                ]
                head += f"; {len(attention)} need attention: " + "; ".join(items)
            paras.append((head + ". " + low_chance_sentence(ctx)).rstrip())
    # coverage of the assessment year
    cov = coverage(ctx)
    with_data = int(cov["with_data"].sum())
    awaited = [(r.department, r.awaited) for r in cov.itertuples() if r.awaited]
    by_domain = domain_coverage_clause(ctx)
    if lang == "zh":
        text = f"{total}项指标中，{with_data}项已有{year}年数据" + (f"（{by_domain}）" if by_domain else "")
        if awaited:
            items = "；".join(f"{dept}的{'、'.join(names)}" for dept, names in awaited)
            text += f"，{total - with_data}项尚无{year}年数据：{items}"
        paras.append(text + "。")
    else:
        text = f"{with_data} of {total} series have figures for {year}" + (f" ({by_domain})" if by_domain else "")
        if awaited:
            text += "; awaited: " + "; ".join(f"{', '.join(names)} ({dept})" for dept, names in awaited)
        paras.append(text + ".")
    # the chapters' other targets
    extended = ctx.extended.table if ctx.extended is not None else None
    n_ext = len(plan.extended_targets)
    if n_ext:
        with_value = 0 if extended is None else int((extended["status"] != "no_data").sum())
        ext_counts = (
            {} if extended is None else extended[extended["status"] != "no_data"]["status"].value_counts().to_dict()
        )
        if lang == "zh":
            if with_value:
                paras.append(
                    f"规划各章正文另有量化目标{n_ext}项，其中{with_value}项已报送数据（{_count_list(ext_counts, lang)}），"
                    f"其余{n_ext - with_value}项待各责任单位报送，详见附件。"
                )
            else:
                paras.append(
                    f"规划各章正文另有量化目标{n_ext}项，各责任单位尚未报送其数据，待报送的项数按单位列于附件。"
                )
        else:
            paras.append(
                f"The chapters state {n_ext} further quantified targets; {with_value} have figures, "
                f"{n_ext - with_value} are awaited (see the annex)."
            )
    return paras


def _short_department(plan: Plan, dep_id: str | None, language: str) -> str:
    if not dep_id or dep_id not in plan.departments:
        return "责任单位未明确" if language == "zh" else "no department named"
    return department_short(plan, dep_id, language)


def _alternative_verdict(ctx, ind: Indicator) -> str:
    """ "，按规划正文99%评估为已实现" where the plan's other figure gives another verdict."""
    r = differing_alternative(ctx, ind)
    if r is None:
        return ""
    other = T.value_text(r["value_alternative"], ind, ctx.language)
    status = i18n.status_label(r["status_alternative"], ctx.language)
    if ctx.language == "en":
        return f"; {status.lower()} against the plan's other figure of {other}"
    return f"，按规划另一表述{other}评估为{status}"
