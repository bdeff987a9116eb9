"""The whole plan (:class:`Plan`): its facts, titles and column headings, and the look-ups
by id and by printed name that the engine and the reports use; :func:`iter_cites` lists every
citation in it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from dayao_data.plan.model import Cite, Department, Domain, Indicator, Project, QualityIssue, normalise_name

__all__ = ["Plan", "iter_cites", "cite_from"]


def cite_from(d: dict | None) -> Cite | None:
    """A :class:`Cite` from a plan file's ``cite`` mapping (``None`` for none)."""
    if not d:
        return None
    return Cite(location=d["location"], quote=d["quote"], table_row=d.get("table_row"))


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

        >>> from dayao_data.plan import load_plan
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
            yield f"plan.{key}", cite_from(plan.meta[key])
    for dom_id, cite in plan.domain_cites.items():
        yield f"domains.{dom_id}.chapter", cite
