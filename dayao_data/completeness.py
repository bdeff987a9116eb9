"""Is the catalogue complete?  Every clause of the plan text that states a quantity.

The plan's text is split into clauses (at 。;,!? and line ends).  A clause *states a quantity*
when it holds one of the target words (到20xx年, 达到, 以上, 以内, 不低于, 不少于, 控制在, 至少)
together with a number, or a number with one of the plan's units (%, ‰, 万元, 人, 所, 次 …), or a
frequency in words (一季度…一次, 至少一人).  Every such clause must be *catalogued* — a citation of
a headline series, an extended target or a key project overlaps it — or listed in the plan's
exclusions file with a reason.  ``tests/test_plan_data.py`` runs the check on the shipped plan.

The exclusions file (``<plan>-exclusions.yaml`` beside the plan file)::

    schema: dayao-plan-exclusions/1
    exclusions:
      - reason: 第一章所列“十三五”成就,不是本规划的目标
        quotes:
          - 全县有各级各类学校231所

Examples
--------
>>> [c for c in quantified_clauses("到2025年,入园率达到90%以上。加强管理。")]
['到2025年', '入园率达到90%以上']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dayao_data.yaml_files import compose_file

__all__ = [
    "TARGET_WORDS",
    "PLAN_UNITS",
    "quantified_clauses",
    "catalogue_quotes",
    "Exclusion",
    "ExclusionsError",
    "load_exclusions",
    "exclusions_path",
    "uncatalogued",
]

TARGET_WORDS = ("到20", "达到", "以上", "以内", "不低于", "不少于", "控制在", "至少")
PLAN_UNITS = (
    "%",
    "‰",
    "万元",
    "亿元",
    "万人",
    "人",
    "所",
    "个",
    "项",
    "张",
    "套",
    "户",
    "名",
    "次",
    "岁",
    "平方米",
    "亩",
    "公里",
    "千米",
    "米",
    "座",
    "家",
    "支",
    "场",
    "种",
    "班",
    "块",
    "元",
    "天",
    "小时",
    "分钟",
)
_SPLIT = re.compile(r"[。;;,,!!??\n]")
_DIGIT = re.compile(r"\d")
_NUMBER_UNIT = re.compile(r"\d+(?:\.\d+)?\s*(?:" + "|".join(re.escape(u) for u in PLAN_UNITS) + ")")
_WORD_FREQUENCY = re.compile(r"[一二两三四五六七八九十]季度|至少[一二两三四五六七八九十]")


def quantified_clauses(text: str) -> list[str]:
    """The clauses of ``text`` that state a quantity, in order (duplicates kept)."""
    out = []
    for clause in _SPLIT.split(text):
        clause = clause.strip()
        if not clause:
            continue
        has_word = any(w in clause for w in TARGET_WORDS)
        if (has_word and _DIGIT.search(clause)) or _NUMBER_UNIT.search(clause) or _WORD_FREQUENCY.search(clause):
            out.append(clause)
    return out


def catalogue_quotes(plan) -> list[str]:
    """Every citation of the catalogue: headline and extended series (all figures) and projects."""
    quotes = []
    for ind in plan.series("all"):
        for fig in (ind.baseline, ind.target, ind.change, ind.previous_period):
            if fig is not None and fig.cite is not None:
                quotes.append(fig.cite.quote)
    for project in plan.projects:
        quotes.append(project.cite.quote)
    return quotes


@dataclass(frozen=True)
class Exclusion:
    quote: str
    reason: str
    line: int | None


class ExclusionsError(ValueError):
    """A malformed exclusions file; the message names the file and line."""


def exclusions_path(plan) -> Path | None:
    """``<plan file stem>-exclusions.yaml`` beside the plan file (None if the plan has no path)."""
    if plan.path is None:
        return None
    return Path(plan.path).with_name(Path(plan.path).stem + "-exclusions.yaml")


def load_exclusions(path: str | Path, plan_text: str | None = None) -> list[Exclusion]:
    """Read and check an exclusions file: every group has a reason and quotes, each quote verbatim.

    Raises :class:`ExclusionsError` naming the file and line of the first problem.
    """
    import yaml

    path = Path(path)
    root = compose_file(path, ExclusionsError)
    if root is None or not isinstance(root, yaml.MappingNode):
        raise ExclusionsError(f"{path}: expected a mapping with 'schema' and 'exclusions'")
    top = {k.value: v for k, v in root.value}
    if "exclusions" not in top or not isinstance(top["exclusions"], yaml.SequenceNode):
        raise ExclusionsError(f"{path} line {root.start_mark.line + 1}: expected a list under 'exclusions'")
    out: list[Exclusion] = []
    for group in top["exclusions"].value:
        line = group.start_mark.line + 1
        if not isinstance(group, yaml.MappingNode):
            raise ExclusionsError(f"{path} line {line}: each exclusion is a mapping with 'reason' and 'quotes'")
        fields = {k.value: v for k, v in group.value}
        reason = fields.get("reason")
        if reason is None or not isinstance(reason, yaml.ScalarNode) or not str(reason.value).strip():
            raise ExclusionsError(
                f"{path} line {line}: an exclusion needs a reason (why the statement is not a target)"
            )
        quotes = fields.get("quotes")
        if quotes is None or not isinstance(quotes, yaml.SequenceNode) or not quotes.value:
            raise ExclusionsError(f"{path} line {line}: an exclusion needs a non-empty list 'quotes'")
        for q in quotes.value:
            qline = q.start_mark.line + 1
            quote = str(q.value).strip() if isinstance(q, yaml.ScalarNode) else ""
            if not quote:
                raise ExclusionsError(f"{path} line {qline}: a quote must be text copied from the plan")
            if plan_text is not None and quote not in plan_text:
                raise ExclusionsError(
                    f"{path} line {qline}: the quote {quote!r} is not in the plan text (copy it verbatim)"
                )
            out.append(Exclusion(quote, str(reason.value).strip(), qline))
    return out


def _covers(quote: str, clause: str) -> bool:
    return quote in clause or clause in quote


def uncatalogued(plan_text: str, quotes: Iterable[str], exclusions: Iterable[Exclusion] = ()) -> list[str]:
    """The quantified clauses that no catalogue citation and no exclusion covers.

    A citation or exclusion quote covers a clause when one contains the other.

    >>> uncatalogued("入园率达到90%以上,巩固率99%以上。", ["入园率达到90%以上"])
    ['巩固率99%以上']
    """
    quotes = [q for q in quotes if q]
    excluded = [e.quote for e in exclusions]
    return [
        c
        for c in quantified_clauses(plan_text)
        if not any(_covers(q, c) for q in quotes) and not any(_covers(q, c) for q in excluded)
    ]
