"""What the plan itself says for a field, quoted with its place: the citations of the
recommendations (存在的问题 and 下一步工作建议 of the yearly report, :mod:`dayao_data.yearly.findings`)."""

from __future__ import annotations

from dayao_data.plan import Indicator, Plan

__all__ = ["plan_place", "cite_phrase", "bigrams", "plan_work", "quote_inner", "works_sentence"]


def plan_place(location: str | None) -> str:
    """The chapter and section of a citation, as prose: "第三章 第一节 · 三、重点工程" → "第三章第一节".

    >>> plan_place("第三章 第一节 · 三、重点工程 · (一)学前教育建设工程")
    '第三章第一节'
    >>> plan_place("")
    ''
    """
    if not location:
        return ""
    head = str(location).split("·")[0].strip()
    return "".join(head.split())


def cite_phrase(location: str | None, quote: str | None, language: str = "zh") -> str:
    """ "规划第三章第一节提出“……”" — the plan's own words with their place."""
    place = plan_place(location)
    quote = (quote or "").strip().rstrip("。;；,，")
    if not quote:
        return ""
    if language == "en":
        return f"the plan ({place}) states “{quote}”" if place else f"the plan states “{quote}”"
    return f"规划{place}提出“{quote}”" if place else f"规划提出“{quote}”"


# --------------------------------------------------------------------------------------
# Sentences about one series
# --------------------------------------------------------------------------------------


_COMMON_BIGRAMS = {"人口", "指标", "比例", "每万", "万人", "服务", "建设", "基本", "全县", "以上", "达到", "提高"}


def bigrams(text: str) -> set[str]:
    """The pairs of adjacent Chinese characters of ``text`` that say more than the plan's common words."""
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in zip(chars, chars[1:])} - _COMMON_BIGRAMS


def plan_work(plan: Plan, ind: Indicator, used: set[str]) -> tuple[str, str] | None:
    """The plan's own work for this series, as (location, quote), each quoted once in the chapter.

    First the plan's other targets for the same series; then the chapter's other targets and key
    projects of the same domain and department whose words share at least two word pairs with the
    series' name (so that a measure about health records is not offered for an insurance rate);
    last, a key project of the same field and department.
    """
    candidates = []
    for other in plan.extended_targets:
        if getattr(other, "related_indicator", None) == ind.id and other.target is not None and other.target.cite:
            candidates.append((0, other.target.cite.location, other.target.cite.quote))
    name = bigrams(ind.name_zh)
    same_field = lambda dom, dep: dom == ind.domain and (ind.department is None or dep in (None, ind.department))  # noqa: E731
    for other in plan.extended_targets:
        if other.target is not None and other.target.cite and same_field(other.domain, other.department):
            overlap = len(name & bigrams(other.target.cite.quote + other.name_zh))
            if overlap >= 2:
                candidates.append((1, other.target.cite.location, other.target.cite.quote))
    for project in plan.projects:
        if same_field(project.domain, project.department):
            overlap = len(name & bigrams(project.cite.quote + project.name_zh))
            if overlap >= 2:
                candidates.append((2, project.cite.location, project.cite.quote))
    # last, the field's key projects themselves: the plan's own means for the field
    for project in plan.projects:
        if same_field(project.domain, project.department):
            candidates.append((3, project.cite.location, project.cite.quote))
    for _, location, quote in sorted(candidates, key=lambda c: c[0]):
        if quote not in used:
            used.add(quote)
            return location, quote
    return None


def quote_inner(quote: str) -> str:
    """The plan's words inside “…”: its own double quotes become single ones (‘三位一体’)."""
    return quote.replace("“", "‘").replace("”", "’")


def works_sentence(works: list[tuple[str, str]], language: str) -> str:
    """ "规划第三章第一节提出“A”“B”，第三章第三节提出“C”" — one place named once."""
    by_place: dict[str, list[str]] = {}
    for location, quote in works:
        by_place.setdefault(plan_place(location), []).append(quote_inner(quote.strip().rstrip("。;；,，")))
    if language == "en":
        from dayao_data.plan.places import place_en  # the plan's place in English (issue 10)

        return "; ".join(
            f"the plan ({place_en(place) or 'text'}) states " + " and ".join(f"“{q}”" for q in quotes)
            for place, quotes in by_place.items()
        )
    parts = [f"{place}提出" + "".join(f"“{q}”" for q in quotes) for place, quotes in by_place.items()]
    return "规划" + "，".join(parts)
