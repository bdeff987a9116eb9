"""The plan's pieces as data: indicators, their printed figures and citations, departments,
domains, data-quality notes and projects (schema ``dayao-plan/1``); the whole plan is
:class:`dayao_data.plan.document.Plan`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "SCHEMA_ID",
    "DEFAULT_PLAN_FILE",
    "KINDS",
    "COUNT_UNITS",
    "WHOLE_NUMBER_UNITS",
    "PlanError",
    "Cite",
    "Figure",
    "Indicator",
    "Department",
    "Domain",
    "QualityIssue",
    "Project",
    "normalise_name",
    "default_bounds",
    "normalise_space",
]

SCHEMA_ID = "dayao-plan/1"
DEFAULT_PLAN_FILE = "dayao-14th-fyp-basic-public-services.yaml"
KINDS = ("level", "ceiling", "maintain", "cumulative", "qualitative")

#: Units whose values are counts of things, so that a negative value is impossible and
#: (for the whole-number ones) a fraction is suspicious.
COUNT_UNITS = {
    "人",
    "万人",
    "人次",
    "万人次",
    "套",
    "户",
    "张",
    "所",
    "个",
    "项",
    "块",
    "名",
    "次",
    "种",
    "万元",
    "亿元",
    "平方米",
    "m²",
    "班",
}
WHOLE_NUMBER_UNITS = {"人", "人次", "套", "户", "所", "个", "项", "块", "名", "次", "种", "班"}


class PlanError(ValueError):
    """A plan file that cannot be used, with every problem found (file, line, field, what was expected)."""

    def __init__(self, path: str | Path | None, problems: list[str]):
        self.path = str(path) if path is not None else "<plan>"
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{self.path}: the plan file has {len(problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class Cite:
    """Where in the plan something is printed: a location and a verbatim quote."""

    location: str
    quote: str
    table_row: int | None = None

    def __str__(self) -> str:
        return f"{self.location}：“{self.quote}”"


@dataclass(frozen=True)
class Figure:
    """A number as printed in the plan and as parsed, with its citation."""

    value: float | None
    printed: str
    cite: Cite
    year: int | None = None
    comparator: str = "="


def normalise_name(text: str) -> str:
    """Fold a printed indicator name for matching: NFKC, no spaces or brackets, no trailing 负责.

    >>> normalise_name("高中阶段 毛入学率（%）")
    '高中阶段毛入学率%'
    """
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"[\s()（）【】\[\]“”\"'、,，.。:：]+", "", text)
    return text.lower()


def default_bounds(unit: str) -> tuple[float | None, float | None]:
    """Physically possible values: 0–100 for %, 0–1000 for ‰, at least 0 otherwise."""
    if unit == "%":
        return (0.0, 100.0)
    if unit == "‰":
        return (0.0, 1000.0)
    return (0.0, None)


@dataclass(frozen=True)
class Indicator:
    """One monitored series of the plan (a headline-table series or an extended target)."""

    id: str
    catalogue: str  # "headline" or "extended"
    name_zh: str
    name_en: str
    domain: str
    unit: str
    attribute: str  # binding | expected
    kind: str
    direction: int
    base_year: int
    target_year: int
    department: str | None = None
    department_inferred: bool = False
    department_cite: Cite | None = None
    table_row: int | None = None
    series: str | None = None
    aliases: tuple[str, ...] = ()
    domain_printed: str | None = None
    unit_printed: str | None = None
    unit_inferred: bool = False
    unit_en: str | None = None
    whole_number: bool = False
    attribute_printed: str | None = None
    strict: bool | None = None
    bounds: tuple[float | None, float | None] = (0.0, None)
    baseline: Figure | None = None
    target: Figure | None = None
    target_printed: str | None = None
    change: Figure | None = None
    previous_period: Figure | None = None
    previous_period_label: str | None = None
    section: str | None = None
    related_indicator: str | None = None
    notes_zh: str = ""
    notes_en: str = ""
    line: int | None = None
    row_section: str | None = None  # set by the loader when the table numbers its rows within sections
    #: (year, note) for each break in the series (a change of definition or source from that year).
    breaks: tuple[tuple[int, str], ...] = ()

    @property
    def row_label(self) -> str:
        """The row as printed: ``11b``, or ``（二）3`` where the table numbers rows within sections; "" off the table."""
        if self.table_row is None:
            return ""
        return f"{self.row_section or ''}{self.table_row}{self.series or ''}"

    @property
    def row_key(self) -> tuple[str | None, int | None]:
        """What identifies the table row this series stands in: (section label or None, row number)."""
        return (self.row_section, self.table_row)

    @property
    def baseline_value(self) -> float | None:
        return self.baseline.value if self.baseline is not None else None

    @property
    def target_value(self) -> float | None:
        return self.target.value if self.target is not None else None

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_count(self) -> bool:
        return self.unit in COUNT_UNITS

    def name(self, language: str = "zh") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_zh

    def label(self, language: str = "zh") -> str:
        """Name with the table row, e.g. ``11b 每万人口注册护士数``."""
        row = f"{self.row_label} " if self.table_row else ""
        return f"{row}{self.name(language)}"


@dataclass(frozen=True)
class Department:
    id: str
    name_zh: str
    name_en: str = ""
    short_zh: str = ""

    def name(self, language: str = "zh") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_zh


@dataclass(frozen=True)
class Domain:
    id: str
    name_zh: str
    name_en: str = ""
    order: int = 0
    chapter_zh: str | None = None  # e.g. 第三章 第一节 公共教育服务体系
    chapter_en: str | None = None
    row_prefix: str | None = None

    def name(self, language: str = "zh") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_zh

    def chapter(self, language: str = "zh") -> str | None:
        """The plan's chapter/section on this domain, as the plan file gives it (None if not given)."""
        if language == "en" and self.chapter_en:
            return self.chapter_en
        return self.chapter_zh


@dataclass(frozen=True)
class QualityIssue:
    """A place where the plan contradicts itself or is ambiguous."""

    id: str
    kind: str
    summary_zh: str
    summary_en: str
    handling_zh: str
    handling_en: str
    indicators: tuple[str, ...]
    field: str | None
    statements: tuple[Figure, ...]
    alternative: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Project:
    """A key project (重点工程) of the plan."""

    id: str
    name_zh: str
    name_en: str
    domain: str
    cite: Cite
    department: str | None = None
    department_inferred: bool = False
    section: str | None = None
    targets: tuple[str, ...] = ()
    notes_zh: str = ""
    notes_en: str = ""


def normalise_space(text: str) -> str:
    """Collapse all whitespace to single spaces (the plan text has a table cell per line)."""
    return re.sub(r"\s+", " ", text).strip()
