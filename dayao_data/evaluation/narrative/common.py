"""What every sentence of the evaluations shares: how a number is shown, the Sentence, the templates.

:func:`format_cell` formats one number (:data:`FORMATS`); :class:`N` names a number as a cell of a
computed table, :class:`Ref` records where it stands in the text, :class:`Sentence` is the text
with its references; :func:`fill` fills a template of :data:`TEMPLATES`, :func:`join` joins
sentences.  The helpers over the tables (status, group and verdict words, names, departments) and
the sentence on a figure the plan states twice (:func:`alternative_findings`) are shared by the
mid-term and the final.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from dayao_data.display import format_number, format_rate, format_share, format_value, format_years, is_missing
from dayao_data.evaluation.common import GROUP_LABELS, VERDICT_LABELS, cell
from dayao_data.evaluation.narrative.final_templates import FINAL_TEMPLATES
from dayao_data.evaluation.narrative.midterm_templates import MIDTERM_TEMPLATES
from dayao_data.labels import unit as label_unit
from dayao_data.progress import ANTICIPATED_LABELS, CAGR_LABELS, STATUS_LABELS

MINUS = "−"

#: Every template (Chinese, English), by key.  No digit in any template: every figure is a field.
TEMPLATES: dict[str, tuple[str, str]] = {**MIDTERM_TEMPLATES, **FINAL_TEMPLATES}

# --------------------------------------------------------------------------------------
# How a number is shown
# --------------------------------------------------------------------------------------

_POINTS = {"%": ("个百分点", " pp"), "‰": ("个千分点", " ‰ pts")}


def _with_unit(value: Any, unit: str, language: str) -> str:
    """A value with its unit; in English a unit of ten thousands as the tables write it
    (``0.81 × 10,000 persons``, report.tables.value_text), not ``0.81 10,000 persons``."""
    if language == "en" and unit.startswith("10,000 ") and not is_missing(value):
        return f"{format_number(value)} × {unit}"
    return format_value(value, unit, language)


def _change(value: float, unit: str, language: str) -> str:
    """A change of a value: percentage points for %, per-mille points for ‰, else the unit."""
    if unit in _POINTS:
        zh, en = _POINTS[unit]
        return f"{format_number(value)}{zh if language == 'zh' else en}"
    return _with_unit(value, unit, language)


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
    "value": _with_unit,
    "abs_value": lambda v, u, lang: _with_unit(abs(float(v)), u, lang),
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
    return cell(tables, n.table, n.key, n.column)


#: Indicator id → the indicator, so that an English sentence writes the indicator's own English
#: unit (:func:`dayao_data.labels.unit`: "11.9 years in 2023", not "11.9 年").  Filled by
#: :func:`register_units`, which every chapter's sentences call with their result's plan (a result
#: computed in another process is worded with its own plan's units too); a unit of an indicator
#: not registered still reads in English from the labels file's unit words.
_INDICATORS: dict[str, Any] = {}


def register_units(plan) -> None:
    """Take the English units from the indicators of ``plan`` (and of no plan before it)."""
    _INDICATORS.clear()
    for ind in plan.series("all"):
        _INDICATORS[ind.id] = ind


def _unit_for(n: N, language: str, tables: dict[str, pd.DataFrame]) -> str:
    """The unit of ``n`` in ``language``: its indicator's own (the row's indicator, where the row is
    keyed otherwise, as a recommendation by its rank), else the unit words of the labels file."""
    if n.unit == "1/10万":  # a rate: display.format_value writes "15 per 100,000", as the tables do
        return n.unit
    ind = _INDICATORS.get(str(n.key))
    if ind is None and language != "zh" and "indicator_id" in tables[n.table].columns:
        try:
            ind = _INDICATORS.get(str(cell(tables, n.table, n.key, "indicator_id")))
        except KeyError:
            ind = None
    if ind is not None and ind.unit == n.unit:
        return label_unit(ind, language)
    return label_unit(n.unit, language)


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
            unit = _unit_for(value, language, tables)
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


def listing(parts: Sequence[Sentence | str], language: str) -> Sentence:
    """Sentences joined as a list (、 in Chinese, ; in English)."""
    return join(parts, "、" if language == "zh" else "; ", language)


# --------------------------------------------------------------------------------------
# Helpers over the tables
# --------------------------------------------------------------------------------------


def template_text(key: str, language: str) -> str:
    """The template ``key`` in ``language``."""
    return TEMPLATES[key][1 if language == "en" else 0]


def status_label(code: Any, language: str) -> str:
    """The status word of a time-progress code (— when there is none)."""
    if not isinstance(code, str):
        return "—"
    return STATUS_LABELS[code][1 if language == "en" else 0]


def group_label(code: Any, language: str) -> str:
    """The label of a mid-term group (a status, or a ceiling back within its bound after a breach)."""
    return GROUP_LABELS[code][1 if language == "en" else 0]


def cagr_label(code: Any, language: str) -> str:
    """The word of a compound-pace code (— when there is none)."""
    if not isinstance(code, str):
        return "—"
    return CAGR_LABELS[code][1 if language == "en" else 0]


def anticipated_label(code: Any, language: str) -> str:
    """The word of a projection code (— when there is none)."""
    if not isinstance(code, str):
        return "—"
    return ANTICIPATED_LABELS[code][1 if language == "en" else 0]


def name_of(row: Any, language: str) -> str:
    """The indicator's name in ``language`` (Chinese when there is no English one)."""
    name_en = getattr(row, "name_en", "") or ""
    return name_en if language == "en" and name_en else row.name_zh


def department_of(row: Any, language: str) -> str:
    """The responsible department in ``language`` (— when there is none)."""
    if language == "en" and getattr(row, "department_en", ""):
        return row.department_en
    return row.department or "—"


def binding_of(row: Any, language: str) -> str:
    """The binding mark (〔约束性〕) for a binding indicator, else nothing."""
    return template_text("binding_mark", language) if getattr(row, "attribute", "") == "binding" else ""


_FIELD_WORDS = {"target": ("目标", "target"), "baseline": ("基期值", "baseline")}


def alternative_beside(
    tables, alternatives: pd.DataFrame, indicator_id: str, language: str, final: bool = False
) -> Sentence | str:
    """ "；按规划正文目标99%为已实现" beside a verdict, where the plan's other figure changes it."""
    if not len(alternatives) or indicator_id not in set(alternatives["indicator_id"]):
        return ""
    r = alternatives.set_index("indicator_id").loc[indicator_id]
    en = language == "en"
    status = (
        verdict_label(r["verdict_alternative"], language)
        if final and isinstance(r["verdict_alternative"], str)
        else status_label(r["status_alternative"], language)
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
            used, other = verdict_label(r.verdict_used, language), verdict_label(r.verdict_alternative, language)
        else:
            used, other = status_label(r.status_used, language), status_label(r.status_alternative, language)
        key = "alt_target" if r.field == "target" else "alt_baseline"
        fields = dict(
            name=name_of(r, language),
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


def verdict_label(code: str, language: str) -> str:
    """The word of a final verdict code."""
    return VERDICT_LABELS[code][1 if language == "en" else 0]


def paragraphs(sentences: Iterable[Sentence], separator: str = "") -> str:
    """Sentences as one paragraph of text."""
    return separator.join(s.text for s in sentences)
