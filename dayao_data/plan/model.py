"""The plan as data: load, check and query a plan file (schema ``dayao-plan/1``).

The plan file is the single place where indicators, units, baselines, targets, kinds,
attributes, departments and their citations live.  Nothing in the engine assumes Dayao,
2020 or 2025: :func:`load_plan` with a path loads any plan in the same schema.

Examples
--------
>>> plan = load_plan()
>>> plan.base_year, plan.target_year
(2020, 2025)
>>> len(plan.indicators)
21
>>> plan.indicator("学前三年毛入园率").id
'preschool_gross_enrolment_rate'
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DEFAULT_PLAN_FILE",
    "Cite",
    "Figure",
    "Indicator",
    "Plan",
    "PlanError",
    "load_plan",
    "normalise_name",
    "default_bounds",
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


# --------------------------------------------------------------------------------------
# YAML with line numbers, so that every problem can name the line a user must fix.
# --------------------------------------------------------------------------------------


# libyaml's parser when available (measured: 0.19 s instead of 1.1 s for the Dayao plan file);
# the constructor below still runs in Python, so the line marks are the same either way.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that remembers the line of every mapping (``__line__``) and key (``__keylines__``)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    mapping = {}
    key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        key_lines[key] = key_node.start_mark.line + 1
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__keylines__"] = key_lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_lines(v) for k, v in obj.items() if k not in ("__line__", "__keylines__")}
    if isinstance(obj, list):
        return [_strip_lines(v) for v in obj]
    return obj


def _line_of(obj: Any, path: Iterable[Any]) -> int | None:
    """The line of the field at ``path`` (a jsonschema error path), else of its innermost mapping."""
    line = obj.get("__line__") if isinstance(obj, dict) else None
    cur = obj
    for step in path:
        if isinstance(cur, dict) and step in cur.get("__keylines__", {}):
            line = cur["__keylines__"][step]
        try:
            cur = cur[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(cur, dict) and "__line__" in cur:
            line = cur["__line__"]
    return line


def _schema() -> dict:
    text = resources.files("dayao_data").joinpath("schema/plan.schema.json").read_text("utf-8")
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def _fast_validator():
    """The schema compiled by fastjsonschema: the quick yes/no on every load.

    ``import jsonschema`` costs 1–4 s where jupyterlab is installed (its format checkers pull in
    rfc3987-syntax, which builds lark grammars at import), so jsonschema is only imported to list
    every problem once the fast check has found that there is one.
    """
    import fastjsonschema

    return fastjsonschema.compile(_schema())


def _schema_problems(raw: dict, raw_lines: dict) -> list[str]:
    import fastjsonschema

    try:
        _fast_validator()(raw)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    problems = []
    for err in sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path))):
        line = _line_of(raw_lines, err.absolute_path)
        field_path = (
            "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path).lstrip(".") or "(top level)"
        )
        where = f"line {line}: " if line else ""
        problems.append(f"{where}{field_path}: {err.message}")
    return problems


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------


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


@dataclass
class Plan:
    """A plan loaded from a file in the ``dayao-plan/1`` schema."""

    meta: dict
    departments: dict[str, Department]
    domains: dict[str, Domain]
    indicators: list[Indicator]
    extended_targets: list[Indicator] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    quality_issues: list[QualityIssue] = field(default_factory=list)
    path: Path | None = None
    sha256: str | None = None
    domain_cites: dict[str, Cite] = field(default_factory=dict)

    # -- plan facts -------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def base_year(self) -> int:
        return int(self.meta["base_year"])

    @property
    def target_year(self) -> int:
        return int(self.meta["target_year"])

    @property
    def years(self) -> list[int]:
        """The plan years after the base year: t0+1 … T."""
        return list(range(self.base_year + 1, self.target_year + 1))

    def check_year(self, year: Any, what: str = "year") -> int:
        """``year`` as an int if it lies in the plan period (base year + 1 … target year), else ValueError.

        >>> load_plan().check_year(2026, "assessment year")
        Traceback (most recent call last):
        ...
        ValueError: the assessment year 2026 is outside the plan period 2021–2025 (大姚县“十四五”基本公共服务规划: base year 2020, target year 2025); choose a year from 2021 to 2025
        """
        first, last = self.base_year + 1, self.target_year
        if isinstance(year, bool):
            raise ValueError(f"the {what} must be a whole number such as {last}, not {year!r}")
        try:
            as_int = int(str(year).strip())
        except (TypeError, ValueError):
            raise ValueError(f"the {what} must be a whole number such as {last}, not {year!r}") from None
        if not first <= as_int <= last:
            raise ValueError(
                f"the {what} {as_int} is outside the plan period {first}–{last} ({self.short_title('zh')}: "
                f"base year {self.base_year}, target year {self.target_year}); choose a year from {first} to {last}"
            )
        return as_int

    def title(self, language: str = "zh") -> str:
        if language == "en" and self.meta.get("title_en"):
            return self.meta["title_en"]
        return self.meta["title_zh"]

    def short_title(self, language: str = "zh") -> str:
        key = "short_title_en" if language == "en" else "short_title_zh"
        return self.meta.get(key) or self.title(language)

    # -- what the reports print about the plan (all from the plan file, with derivations) --
    @property
    def identity(self) -> dict:
        """What a run records to tie its results to this plan: id, title and the file's SHA-256."""
        return {"id": self.id, "title_zh": self.meta["title_zh"], "sha256": self.sha256}

    def region(self, language: str = "zh") -> str:
        """The region (``region_zh``/``region_en``); else the start of the title up to 县/市/区/州/省/旗/盟."""
        if language == "en" and self.meta.get("region_en"):
            return self.meta["region_en"]
        if self.meta.get("region_zh"):
            return self.meta["region_zh"]
        m = re.match(r"^(.{1,12}?(?:自治县|自治州|县|市|区|州|省|旗|盟))", self.meta["title_zh"])
        return m.group(1) if m else ""

    def issuer(self, language: str = "zh") -> str | None:
        """The body that issues the plan and its reports (``issuer_zh``); None when the file does not say."""
        if language == "en" and self.meta.get("issuer_en"):
            return self.meta["issuer_en"]
        return self.meta.get("issuer_zh") or None

    def report_author(self, language: str = "zh") -> str:
        """Who a report names as its author: the issuer, else the region, else the plan's short title."""
        return self.issuer(language) or self.region(language) or self.short_title(language)

    def table_title(self, language: str = "zh") -> str:
        """The headline table's printed title (default: 主要指标表 / headline indicator table)."""
        if language == "en":
            return self.meta.get("headline_table_title_en") or "headline indicator table"
        return self.meta.get("headline_table_title_zh") or "主要指标表"

    def table_short(self, language: str = "zh") -> str:
        """How the reports name the table in a sentence, e.g. 主要发展指标表 (default: the title)."""
        key = "headline_table_short_en" if language == "en" else "headline_table_short_zh"
        return self.meta.get(key) or self.table_title(language)

    @property
    def table_location(self) -> str | None:
        """Where the headline table stands in the plan, e.g. 第二章 第三节 主要目标 (None if not given)."""
        return self.meta.get("headline_table_location") or None

    def text_targets_location(self, language: str = "zh") -> str:
        """Where the extended (text) targets stand, e.g. 第三章各节正文 (default: 规划正文 / the plan's text)."""
        if language == "en":
            return self.meta.get("text_targets_location_en") or "the plan's text"
        return self.meta.get("text_targets_location_zh") or "规划正文"

    @property
    def period_years(self) -> int:
        return self.target_year - self.base_year

    def baseline_column(self, language: str = "zh") -> str:
        """The table's baseline column as printed (default ``<t0>年完成`` / ``<t0> actual``)."""
        if language == "en":
            return f"{self.base_year} actual"
        return self.meta.get("baseline_column_zh") or f"{self.base_year}年完成"

    def target_column(self, language: str = "zh") -> str:
        """The table's target column as printed (default ``<T>年目标`` / ``<T> target``)."""
        if language == "en":
            return f"{self.target_year} target"
        return self.meta.get("target_column_zh") or f"{self.target_year}年目标"

    def change_column(self, language: str = "zh") -> str:
        """The table's change column (default ``五年累计增长`` for a five-year plan)."""
        n = self.period_years
        if language == "en":
            return f"{n}-year change"
        numerals = "零一二三四五六七八九十"
        return self.meta.get("change_column_zh") or (f"{numerals[n]}年累计增长" if n <= 10 else f"{n}年累计增长")

    @property
    def rows_within_sections(self) -> bool:
        """True when the table numbers its rows within each section (a row number recurs in another domain)."""
        seen: dict[int, str] = {}
        for ind in self.indicators:
            if ind.table_row is None:
                continue
            if seen.setdefault(ind.table_row, ind.domain) != ind.domain:
                return True
        return False

    def form_percent_example(self) -> tuple[str, str]:
        """(name, printed number) for the forms' "write a percentage as 85.76" instruction.

        ``forms_percent_example`` in the plan file, else the first % indicator with a printed
        baseline, else a neutral ``("比率", "85.5")``.
        """
        ex = self.meta.get("forms_percent_example")
        if ex:
            return ex["name_zh"], str(ex["printed"])
        for ind in self.series("all"):
            if (
                ind.unit == "%"
                and ind.baseline is not None
                and ind.baseline.value is not None
                and 0 < ind.baseline.value < 100
            ):
                return ind.name_zh, ind.baseline.printed.strip("[]% ")
        return "比率", "85.5"

    def form_source_example(self, year: int) -> str:
        """The example data source in the forms' instructions (``forms_source_example_zh``, {year} filled)."""
        text = self.meta.get("forms_source_example_zh") or "{year}年统计年报"
        return text.replace("{year}", str(year))

    # -- lookup -----------------------------------------------------------------------
    def series(self, catalogue: str = "headline") -> list[Indicator]:
        """Indicators of one catalogue: ``headline``, ``extended`` or ``all``."""
        if catalogue == "headline":
            return list(self.indicators)
        if catalogue == "extended":
            return list(self.extended_targets)
        if catalogue == "all":
            return list(self.indicators) + list(self.extended_targets)
        raise ValueError(f"catalogue must be 'headline', 'extended' or 'all', not {catalogue!r}")

    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.series("all")}

    @cached_property
    def _by_name(self) -> dict[str, str]:
        names: dict[str, str] = {}
        # Extended first so that a headline name wins where both print the same words.
        for ind in self.extended_targets + self.indicators:
            for text in (ind.name_zh, ind.name_en, *ind.aliases):
                if text:
                    names[normalise_name(text)] = ind.id
        return names

    def resolve(self, name_or_id: str) -> str | None:
        """The indicator id for an id, a printed Chinese name or an alias; None if unknown."""
        if name_or_id is None:
            return None
        text = str(name_or_id).strip()
        if text in self._by_id:
            return text
        return self._by_name.get(normalise_name(text))

    def indicator(self, name_or_id: str) -> Indicator:
        """Look an indicator up by id, printed name or alias (KeyError with suggestions)."""
        ind_id = self.resolve(name_or_id)
        if ind_id is None:
            hints = self.suggest(name_or_id)
            hint = f"; did you mean {', '.join(hints)}?" if hints else ""
            raise KeyError(f"unknown indicator {name_or_id!r}{hint}")
        return self._by_id[ind_id]

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """The closest indicator names to an unknown one (for error messages)."""
        text = str(text)
        candidates: dict[str, str] = {}
        for ind in self.series("all"):
            candidates[ind.id] = ind.id
            candidates[ind.name_zh] = ind.name_zh
            for alias in ind.aliases:
                candidates[alias] = alias
        scored = difflib.get_close_matches(text, list(candidates), n=n, cutoff=0.4)
        if not scored:
            folded = {normalise_name(k): k for k in candidates}
            scored = [folded[m] for m in difflib.get_close_matches(normalise_name(text), list(folded), n=n, cutoff=0.4)]
        return [f"“{s}”" for s in scored]

    def department_name(self, dep_id: str | None, language: str = "zh") -> str:
        if not dep_id:
            return ""
        dep = self.departments.get(dep_id)
        return dep.name(language) if dep else dep_id

    def domain_name(self, domain_id: str, language: str = "zh") -> str:
        dom = self.domains.get(domain_id)
        return dom.name(language) if dom else domain_id

    def domain_order(self) -> list[str]:
        return [d.id for d in sorted(self.domains.values(), key=lambda d: (d.order, list(self.domains).index(d.id)))]

    def issues_for(self, indicator_id: str) -> list[QualityIssue]:
        return [q for q in self.quality_issues if indicator_id in q.indicators]

    def table_rows(self) -> dict[Any, list[Indicator]]:
        """Headline table rows and the series each holds (row 11 holds two), in table order.

        Keyed by the row number where the table numbers its rows 1, 2, 3 … throughout (Dayao);
        where it numbers them within each section (1–4, 1–6, 1–4) by the row label as printed
        with its section, ``（二）3``, so that rows of different sections are never merged.
        """
        within = self.rows_within_sections
        order = {d: i for i, d in enumerate(self.domain_order())}
        members = sorted(
            (ind for ind in self.indicators if ind.table_row is not None),
            key=lambda ind: ((order.get(ind.domain, 0) if within else 0), ind.table_row),
        )
        rows: dict[Any, list[Indicator]] = {}
        for ind in members:
            key = (ind.row_section or "") + str(ind.table_row) if within else ind.table_row
            rows.setdefault(key, []).append(ind)
        return rows

    def source_text(self) -> str | None:
        """The plan's full text when the plan file names one (for checking quotes)."""
        rel = self.meta.get("source_text")
        if not rel or self.path is None:
            return None
        p = (self.path.parent / rel).resolve()
        return p.read_text("utf-8") if p.exists() else None

    def to_frame(self, catalogue: str = "headline", language: str = "zh"):
        """The catalogue as a table (one row per series) for display and export."""
        import pandas as pd

        rows = []
        for ind in self.series(catalogue):
            rows.append(
                {
                    "indicator_id": ind.id,
                    "table_row": ind.table_row,
                    "series": ind.series,
                    "name_zh": ind.name_zh,
                    "name_en": ind.name_en,
                    "domain": self.domain_name(ind.domain, language),
                    "unit": ind.unit,
                    "unit_inferred": ind.unit_inferred,
                    "attribute": ind.attribute,
                    "kind": ind.kind,
                    "direction": ind.direction,
                    "strict": ind.strict,
                    "base_year": ind.base_year,
                    "baseline": ind.baseline_value,
                    "baseline_printed": ind.baseline.printed if ind.baseline else None,
                    "target_year": ind.target_year,
                    "target": ind.target_value,
                    "target_printed": ind.target.printed if ind.target else ind.target_printed,
                    "change_printed": ind.change.printed if ind.change else None,
                    "previous_period_printed": ind.previous_period.printed if ind.previous_period else None,
                    "department": self.department_name(ind.department, language),
                    "department_inferred": ind.department_inferred,
                    "section": ind.section,
                    "source": str(ind.target.cite) if ind.target else (str(ind.baseline.cite) if ind.baseline else ""),
                    "notes": ind.notes_en if language == "en" else ind.notes_zh,
                }
            )
        return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Loading and checking
# --------------------------------------------------------------------------------------


def _cite(d: Mapping | None) -> Cite | None:
    if not d:
        return None
    return Cite(location=d["location"], quote=d["quote"], table_row=d.get("table_row"))


def _figure(d: Mapping | None, default_year: int | None = None) -> Figure | None:
    if not d:
        return None
    value = d.get("value")
    return Figure(
        value=float(value) if value is not None else None,
        printed=str(d["printed"]),
        cite=_cite(d["cite"]),
        year=d.get("year", default_year),
        comparator=d.get("comparator", "="),
    )


def _indicator(d: Mapping, catalogue: str, meta: Mapping) -> Indicator:
    base_year = int(d.get("base_year", meta["base_year"]))
    target_year = int(d.get("target_year", meta["target_year"]))
    unit = d["unit"]
    bounds = d.get("bounds")
    if bounds is None:
        bounds = default_bounds(unit)
    bounds = tuple(float(b) if b is not None else None for b in bounds)
    prev = d.get("previous_period")
    return Indicator(
        id=d["id"],
        catalogue=catalogue,
        name_zh=d["name_zh"],
        name_en=d.get("name_en", ""),
        domain=d["domain"],
        unit=unit,
        attribute=d["attribute"],
        kind=d["kind"],
        direction=int(d["direction"]),
        base_year=base_year,
        target_year=target_year,
        department=d.get("department"),
        department_inferred=bool(d.get("department_inferred", False)),
        department_cite=_cite(d.get("department_cite")),
        table_row=d.get("table_row"),
        series=d.get("series"),
        aliases=tuple(d.get("aliases", ())),
        domain_printed=d.get("domain_printed"),
        unit_printed=d.get("unit_printed"),
        unit_inferred=bool(d.get("unit_inferred", False)),
        unit_en=d.get("unit_en"),
        whole_number=bool(d.get("whole_number", unit in WHOLE_NUMBER_UNITS)),
        attribute_printed=d.get("attribute_printed"),
        strict=d.get("strict"),
        bounds=bounds,  # type: ignore[arg-type]
        baseline=_figure(d.get("baseline"), base_year),
        target=_figure(d.get("target"), target_year),
        target_printed=d.get("target_printed"),
        change=_figure(d.get("change")),
        previous_period=_figure(prev) if prev else None,
        previous_period_label=prev.get("period") if prev else None,
        section=d.get("section"),
        related_indicator=d.get("related_indicator"),
        notes_zh=d.get("notes_zh", "").strip(),
        notes_en=d.get("notes_en", "").strip(),
        line=d.get("__line__"),
        breaks=tuple((int(b["year"]), str(b["note_zh"]).strip()) for b in d.get("breaks", ()) or ()),
    )


def _semantic_problems(raw: dict, where) -> list[str]:
    """Checks a JSON schema cannot express: references, kinds, years, bounds."""
    problems: list[str] = []
    meta = raw["plan"]
    if meta["target_year"] <= meta["base_year"]:
        problems.append(
            f"{where(meta)}plan.target_year ({meta['target_year']}) must be after plan.base_year ({meta['base_year']})"
        )
    deps = {d["id"] for d in raw["departments"]}
    doms = {d["id"] for d in raw["domains"]}
    seen: dict[str, str] = {}
    rows_seen: dict[tuple, str] = {}
    for catalogue in ("indicators", "extended_targets"):
        for i, d in enumerate(raw.get(catalogue, []) or []):
            loc = f"{where(d)}{catalogue}[{i}] ({d.get('id')})"

            def at(field: str, d=d, i=i, catalogue=catalogue) -> str:
                return f"{where(d, field)}{catalogue}[{i}] ({d.get('id')})"

            if d["id"] in seen:
                problems.append(f"{loc}: id {d['id']!r} is used twice (also in {seen[d['id']]})")
            seen[d["id"]] = catalogue
            if d["domain"] not in doms:
                problems.append(
                    f"{at('domain')}: domain {d['domain']!r} is not one of the plan's domains {sorted(doms)}"
                )
            if d.get("department") and d["department"] not in deps:
                problems.append(
                    f"{at('department')}: department {d['department']!r} is not one of the plan's departments {sorted(deps)}"
                )
            if catalogue == "indicators" and "table_row" not in d:
                problems.append(f"{loc}: a headline indicator needs table_row (its row in the plan's table)")
            elif catalogue == "indicators":
                row_key = (d["domain"], d["table_row"], d.get("series"))
                if row_key in rows_seen:
                    problems.append(
                        f"{at('table_row')}: row {d['table_row']} already holds {rows_seen[row_key]}; two series of one row take series: a and b"
                    )
                rows_seen.setdefault(row_key, d["id"])
            kind = d["kind"]
            base_year = d.get("base_year", meta["base_year"])
            target_year = d.get("target_year", meta["target_year"])
            if target_year <= base_year:
                problems.append(f"{at('target_year')}: target_year {target_year} must be after base_year {base_year}")
            target = d.get("target") or {}
            baseline = d.get("baseline") or {}
            if kind in ("level", "ceiling", "maintain", "cumulative") and target.get("value") is None:
                problems.append(
                    f"{at('target.value')}: kind {kind!r} needs target.value (a number); use kind 'qualitative' for a target without one"
                )
            if kind == "qualitative" and target.get("value") is not None:
                problems.append(
                    f"{at('target.value')}: kind 'qualitative' has no numeric target (the quota comes with the actuals as assigned_target)"
                )
            if kind == "ceiling" and "strict" not in d:
                problems.append(f"{loc}: kind 'ceiling' needs strict: true (<) or false (<=), as printed")
            if kind != "ceiling" and "strict" in d:
                problems.append(f"{at('strict')}: strict only applies to kind 'ceiling'")
            if (
                kind == "maintain"
                and baseline.get("value") is not None
                and target.get("value") is not None
                and baseline["value"] != target["value"]
            ):
                problems.append(
                    f"{at('target.value')}: kind 'maintain' holds a level: baseline ({baseline['value']}) and target ({target['value']}) must be equal"
                )
            bounds = d.get("bounds") or default_bounds(d["unit"])
            lo, hi = bounds
            if lo is not None and hi is not None and lo > hi:
                problems.append(f"{at('bounds')}: bounds [{lo}, {hi}] are reversed")
            for label, fig in (("baseline", baseline), ("target", target)):
                v = fig.get("value")
                if v is None:
                    continue
                if (lo is not None and v < lo) or (hi is not None and v > hi):
                    problems.append(f"{at(label + '.value')}: {label}.value {v} is outside the bounds [{lo}, {hi}]")
            for b in d.get("breaks", ()) or ():
                if not base_year < b["year"] <= target_year:
                    problems.append(
                        f"{at('breaks')}: a break in {b['year']} is outside the plan years {base_year + 1}–{target_year}"
                    )
            if d.get("related_indicator") and d["related_indicator"] not in {
                x["id"] for c in ("indicators", "extended_targets") for x in raw.get(c, []) or []
            }:
                problems.append(
                    f"{at('related_indicator')}: related_indicator {d['related_indicator']!r} is not an indicator of this plan"
                )
    ids = set(seen)
    for i, q in enumerate(raw.get("quality_issues", []) or []):
        for ind in q.get("indicators", []):
            if ind not in ids:
                problems.append(f"{where(q)}quality_issues[{i}] ({q['id']}): indicator {ind!r} is not in the plan")
        alt = q.get("alternative")
        if alt and alt["indicator"] not in ids:
            problems.append(
                f"{where(q)}quality_issues[{i}] ({q['id']}): alternative.indicator {alt['indicator']!r} is not in the plan"
            )
    for i, p in enumerate(raw.get("projects", []) or []):
        if p["domain"] not in doms:
            problems.append(
                f"{where(p)}projects[{i}] ({p['id']}): domain {p['domain']!r} is not one of the plan's domains"
            )
        for t in p.get("targets", []):
            if t not in ids:
                problems.append(
                    f"{where(p)}projects[{i}] ({p['id']}): target {t!r} is not an extended target of this plan"
                )
    return problems


def parse_plan(text: str, path: str | Path | None = None) -> Plan:
    """Parse and check plan text; raise :class:`PlanError` naming every problem."""
    shape = _yaml_shape_problems(text)
    if shape:
        raise PlanError(path, shape)
    try:
        raw_lines = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError:
        _refuse(text, path, [])
    if not isinstance(raw_lines, dict):
        _refuse(
            text,
            path,
            ["the file does not hold a plan (expected a mapping with schema, plan, departments, domains, indicators)"],
        )
    problems = _value_problems(raw_lines)
    if problems:
        _refuse(text, path, problems, first=problems)
    raw = _strip_lines(raw_lines)
    problems = _schema_problems(raw, raw_lines)
    if problems:
        _refuse(text, path, problems)

    def where(d: Mapping, field: str | None = None) -> str:
        # Find the line-annotated twin of a stripped mapping by its id, then the field's line.
        line = _find_line(raw_lines, d, field)
        return f"line {line}: " if line else ""

    problems = _semantic_problems(raw, where)
    if problems:
        _refuse(text, path, problems)

    meta = raw["plan"]
    indicators = [_indicator(d, "headline", meta) for d in _with_lines(raw_lines, "indicators")]
    indicators = _with_row_sections(indicators, raw["domains"])
    extended = [_indicator(d, "extended", meta) for d in _with_lines(raw_lines, "extended_targets")]
    issues = [
        QualityIssue(
            id=q["id"],
            kind=q["kind"],
            summary_zh=q["summary_zh"].strip(),
            summary_en=q.get("summary_en", "").strip(),
            handling_zh=q["handling_zh"].strip(),
            handling_en=q.get("handling_en", "").strip(),
            indicators=tuple(q.get("indicators", ())),
            field=q.get("field"),
            statements=tuple(
                Figure(value=s.get("value"), printed=str(s.get("printed", "")), cite=_cite(s["cite"]))
                for s in q["statements"]
            ),
            alternative=q.get("alternative"),
        )
        for q in raw.get("quality_issues", []) or []
    ]
    projects = [
        Project(
            id=p["id"],
            name_zh=p["name_zh"],
            name_en=p.get("name_en", ""),
            domain=p["domain"],
            cite=_cite(p["cite"]),
            department=p.get("department"),
            department_inferred=bool(p.get("department_inferred", False)),
            section=p.get("section"),
            targets=tuple(p.get("targets", ())),
            notes_zh=p.get("notes_zh", "").strip(),
            notes_en=p.get("notes_en", "").strip(),
        )
        for p in raw.get("projects", []) or []
    ]
    return Plan(
        meta=meta,
        departments={
            d["id"]: Department(d["id"], d["name_zh"], d.get("name_en", ""), d.get("short_zh", ""))
            for d in raw["departments"]
        },
        domains={
            d["id"]: Domain(
                d["id"],
                d["name_zh"],
                d.get("name_en", ""),
                d.get("order", i),
                d.get("chapter_zh"),
                d.get("chapter_en"),
                d.get("row_prefix"),
            )
            for i, d in enumerate(raw["domains"])
        },
        domain_cites={d["id"]: _cite(d["chapter_cite"]) for d in raw["domains"] if d.get("chapter_cite")},
        indicators=indicators,
        extended_targets=extended,
        projects=projects,
        quality_issues=issues,
        path=Path(path).resolve() if path else None,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


_NUMERALS = "一二三四五六七八九十"


def _with_row_sections(indicators: list[Indicator], domains: list[dict]) -> list[Indicator]:
    """Give each headline series its section label when the table numbers rows within sections."""
    seen: dict[int, str] = {}
    within = False
    for ind in indicators:
        if ind.table_row is not None and seen.setdefault(ind.table_row, ind.domain) != ind.domain:
            within = True
    if not within:
        return indicators
    from dataclasses import replace

    ordered = sorted(enumerate(domains), key=lambda p: (p[1].get("order", p[0]), p[0]))
    prefix = {}
    for n, (_, d) in enumerate(ordered):
        prefix[d["id"]] = d.get("row_prefix") or (f"（{_NUMERALS[n]}）" if n < len(_NUMERALS) else f"（{n + 1}）")
    return [
        replace(ind, row_section=prefix.get(ind.domain)) if ind.table_row is not None else ind for ind in indicators
    ]


def _refuse(text: str, path, fallback: list[str], first: Sequence[str] = ()):
    """Raise PlanError with every problem at once (YAML, schema and cross-references, in plain words).

    :mod:`dayao_data.plan_check` words the problems; ``fallback`` (this module's own list) is used
    only should it find none, so that a file is never refused without a reason.  ``first`` are
    problems found before the plan is built (a number that is not a number, one beyond any
    plausible figure): they lead, and what check_text says of the same field follows.
    """
    from dayao_data.plan_check import check_text

    details = check_text(text)
    messages = list(first) + [str(p) for p in details]
    err = PlanError(path, messages or fallback or ["the plan file cannot be read"])
    err.details = details
    raise err from None


def _with_lines(raw_lines: dict, key: str) -> list[dict]:
    out = []
    for d in raw_lines.get(key, []) or []:
        line = d.get("__line__")
        clean = _strip_lines(d)
        clean["__line__"] = line
        out.append(clean)
    return out


def _find_line(raw_lines: dict, d: Mapping, field: str | None = None) -> int | None:
    """Line of an entry (found by its id) or, given a dotted ``field``, of the deepest key present."""
    ident = d.get("id")
    item: Any = None
    if ident is None:
        item = raw_lines.get("plan", {})
    else:
        for key in ("indicators", "extended_targets", "quality_issues", "projects", "departments", "domains"):
            for candidate in raw_lines.get(key, []) or []:
                if isinstance(candidate, dict) and candidate.get("id") == ident:
                    item = candidate
                    break
            if item is not None:
                break
    if not isinstance(item, dict):
        return None
    line = item.get("__line__")
    for step in field.split(".") if field else []:
        if not isinstance(item, dict) or step not in item.get("__keylines__", {}):
            break
        line = item["__keylines__"][step]
        item = item[step]
    return line


def default_plan_path() -> Path:
    """Where the embedded Dayao plan file lives inside the installed package."""
    return Path(str(resources.files("dayao_data").joinpath("data/plans", DEFAULT_PLAN_FILE)))


def load_plan(path: str | Path | None = None) -> Plan:
    """Load a plan: the embedded Dayao plan by default, or any file in the same schema.

    Parameters
    ----------
    path
        A YAML plan file (schema ``dayao-plan/1``, see ``docs/plan-schema.md``).  ``None``
        or an empty string loads the embedded Dayao 14th Five-Year Plan for basic public
        services.

    Raises
    ------
    PlanError
        Listing every problem with its line and field, if the file does not fit the schema.
    FileNotFoundError
        If ``path`` does not exist.
    """
    p = Path(path) if path else default_plan_path()
    if not p.exists():
        raise FileNotFoundError(f"plan file not found: {p}")
    if p.is_dir():
        raise PlanError(
            p,
            [
                "this is a folder, not a plan file (expected a YAML plan file, e.g. dayao_data/data/plans/dayao-14th-fyp-basic-public-services.yaml)"
            ],
        )
    from dayao_data.limits import limit, size_text

    try:
        size = p.stat().st_size
        if size > limit("MAX_PLAN_BYTES"):
            raise PlanError(
                p,
                [
                    f"the plan file is {size_text(size)}; the limit is {size_text(limit('MAX_PLAN_BYTES'))} (DAYAO_MAX_PLAN_BYTES), so it is not read"
                ],
            )
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError(p, [f"byte {exc.start}: the plan file must be UTF-8 text ({exc.reason})"]) from None
    except OSError as exc:
        raise PlanError(p, [f"the plan file cannot be read ({exc.strerror or exc})"]) from None
    return parse_plan(text, p)


def _yaml_shape_problems(text: str) -> list[str]:
    """Aliases and nesting counted on the YAML event stream, before anything is built.

    A few kilobytes of nested aliases ("billion laughs") expand to gigabytes once built; the
    event stream is as long as the text, so counting on it costs no more than reading it.
    """
    from dayao_data.limits import limit

    max_aliases, max_depth, max_nodes = limit("MAX_YAML_ALIASES"), limit("MAX_YAML_DEPTH"), limit("MAX_YAML_NODES")
    aliases = 0
    # The size of every open collection, counting an alias as the size of what it names: the
    # size the plan would have once built, computed without building it.
    open_sizes: list[int] = [0]
    open_anchors: list[str | None] = []
    sizes: dict[str, int] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def too_big(event) -> list[str]:
        return [
            f"line {event.start_mark.line + 1}: the plan file would expand to more than {max_nodes:,} values once its YAML aliases (*name) are resolved; the limit is {max_nodes:,} (DAYAO_MAX_YAML_NODES), so it is not read"
        ]

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > max_aliases:
                    return [
                        f"line {event.start_mark.line + 1}: the plan file uses more than {max_aliases} YAML aliases (*name); the limit is {max_aliases} (DAYAO_MAX_YAML_ALIASES), so it is not read"
                    ]
                open_sizes[-1] += sizes.get(event.anchor, 1)
            elif isinstance(event, yaml.ScalarEvent):
                open_sizes[-1] += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                open_sizes.append(0)
                open_anchors.append(event.anchor)
                if len(open_anchors) > max_depth:
                    return [
                        f"line {event.start_mark.line + 1}: the plan file nests mappings and lists more than {max_depth} deep; the limit is {max_depth} (DAYAO_MAX_YAML_DEPTH), so it is not read"
                    ]
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                size = open_sizes.pop() + 1
                anchor = open_anchors.pop()
                if anchor:
                    sizes[anchor] = size
                open_sizes[-1] += size
            if open_sizes[-1] > max_nodes or sum(open_sizes) > max_nodes:
                return too_big(event)
    except yaml.YAMLError:
        return []  # the loader reports the syntax error with its line
    return []


def _value_problems(raw_lines: Any) -> list[str]:
    """Numbers that are NaN, infinite or beyond plausibility, and over-long texts, with their lines."""
    from dayao_data.limits import MAX_MAGNITUDE, limit

    max_chars = limit("MAX_PLAN_TEXT_CHARS")
    problems: list[str] = []

    def walk(obj: Any, path: str, line: int | None) -> None:
        if len(problems) >= 50:
            return
        if isinstance(obj, dict):
            keylines = obj.get("__keylines__", {})
            here = obj.get("__line__", line)
            for k, v in obj.items():
                if k in ("__line__", "__keylines__"):
                    continue
                walk(v, f"{path}.{k}" if path else str(k), keylines.get(k, here))
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk(v, f"{path}[{i}]", line)
        elif isinstance(obj, float) and not math.isfinite(obj):
            problems.append(
                f"line {line}: {path}: {obj} is not a number (YAML .nan/.inf); expected a figure as printed in the plan"
            )
        elif isinstance(obj, (int, float)) and not isinstance(obj, bool) and abs(obj) > MAX_MAGNITUDE:
            problems.append(
                f"line {line}: {path}: {obj:g} is beyond any plausible figure (more than 10^15 in size); expected a figure as printed in the plan"
            )
        elif isinstance(obj, str) and len(obj) > max_chars:
            problems.append(
                f"line {line}: {path}: a text of {len(obj):,} characters; the limit is {max_chars:,} (DAYAO_MAX_PLAN_TEXT_CHARS)"
            )

    walk(raw_lines, "", None)
    return problems


def iter_cites(plan: Plan) -> Iterator[tuple[str, Cite]]:
    """Every citation in the plan file, labelled by where it is used (for quote checks)."""
    for ind in plan.series("all"):
        for label, fig in (
            ("baseline", ind.baseline),
            ("target", ind.target),
            ("change", ind.change),
            ("previous_period", ind.previous_period),
        ):
            if fig is not None:
                yield f"{ind.id}.{label}", fig.cite
        if ind.department_cite is not None:
            yield f"{ind.id}.department", ind.department_cite
    for q in plan.quality_issues:
        for j, s in enumerate(q.statements):
            yield f"quality_issues.{q.id}[{j}]", s.cite
    for p in plan.projects:
        yield f"projects.{p.id}", p.cite
    for key in ("issuer_cite", "headline_table_cite"):
        if plan.meta.get(key):
            yield f"plan.{key}", _cite(plan.meta[key])
    for dom_id, cite in plan.domain_cites.items():
        yield f"domains.{dom_id}.chapter", cite


def normalise_space(text: str) -> str:
    """Collapse all whitespace to single spaces (the plan text has a table cell per line)."""
    return re.sub(r"\s+", " ", text).strip()
