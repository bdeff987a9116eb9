"""Reading a plan file: :func:`load_plan` (the embedded Dayao plan or any file in the schema)
and :func:`parse_plan` build a :class:`~dayao_data.plan.document.Plan`, or raise
:class:`~dayao_data.plan.model.PlanError` naming every problem with its line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dayao_data.limits import limit, size_text
from dayao_data.plan.check import check_text
from dayao_data.plan.document import Plan, cite_from
from dayao_data.plan.model import (
    DEFAULT_PLAN_FILE,
    WHOLE_NUMBER_UNITS,
    Department,
    Domain,
    Figure,
    Indicator,
    PlanError,
    Project,
    QualityIssue,
    default_bounds,
)
from dayao_data.plan.schema import schema_problems, semantic_problems
from dayao_data.plan.yaml_lines import LineLoader, strip_lines, value_problems, yaml_shape_problems

__all__ = ["load_plan", "parse_plan", "default_plan_path"]


def _figure(d: Mapping | None, default_year: int | None = None) -> Figure | None:
    if not d:
        return None
    value = d.get("value")
    return Figure(
        value=float(value) if value is not None else None,
        printed=str(d["printed"]),
        cite=cite_from(d["cite"]),
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
        department_cite=cite_from(d.get("department_cite")),
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


def parse_plan(text: str, path: str | Path | None = None) -> Plan:
    """Parse and check plan text; raise :class:`PlanError` naming every problem."""
    shape = yaml_shape_problems(text)
    if shape:
        raise PlanError(path, shape)
    try:
        raw_lines = yaml.load(text, Loader=LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError:
        _refuse(text, path, [])
    if not isinstance(raw_lines, dict):
        _refuse(
            text,
            path,
            ["the file does not hold a plan (expected a mapping with schema, plan, departments, domains, indicators)"],
        )
    problems = value_problems(raw_lines)
    if problems:
        _refuse(text, path, problems, first=problems)
    raw = strip_lines(raw_lines)
    problems = schema_problems(raw, raw_lines)
    if problems:
        _refuse(text, path, problems)

    def where(d: Mapping, field: str | None = None) -> str:
        # Find the line-annotated twin of a stripped mapping by its id, then the field's line.
        line = _find_line(raw_lines, d, field)
        return f"line {line}: " if line else ""

    problems = semantic_problems(raw, where)
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
                Figure(value=s.get("value"), printed=str(s.get("printed", "")), cite=cite_from(s["cite"]))
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
            cite=cite_from(p["cite"]),
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
        domain_cites={d["id"]: cite_from(d["chapter_cite"]) for d in raw["domains"] if d.get("chapter_cite")},
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

    :mod:`dayao_data.plan.check` words the problems; ``fallback`` (this module's own list) is used
    only should it find none, so that a file is never refused without a reason.  ``first`` are
    problems found before the plan is built (a number that is not a number, one beyond any
    plausible figure): they lead, and what check_text says of the same field follows.
    """
    details = check_text(text)
    messages = list(first) + [str(p) for p in details]
    err = PlanError(path, messages or fallback or ["the plan file cannot be read"])
    err.details = details
    raise err from None


def _with_lines(raw_lines: dict, key: str) -> list[dict]:
    out = []
    for d in raw_lines.get(key, []) or []:
        line = d.get("__line__")
        clean = strip_lines(d)
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
