"""The one lookup of every word the reports write: labels, unit words and column metadata.

They are data, not code: ``dayao_data/data/labels.yaml``, checked against
``dayao_data/schema/labels.schema.json`` when it is first read (a broken file stops with the file,
the key and what was expected).  Three lookups read it:

* :func:`label` — a report label or sentence (``labels:``), a status (``status.<code>``), a pace
  (``cagr.<code>``) or a projection (``anticipated.<code>``), blanks filled from keyword values;
* :func:`unit` — a unit as a report writes it in a language: the plan's own ``unit_en`` of an
  indicator first, then the file's unit words (万人 → "10,000 persons"), a symbol (%, ‰) as it is;
* :func:`columns` — the columns of a table (header in both languages, Excel format and width,
  kind of value, meaning), from which assess.xlsx's sheets and docs/data-dictionary.md are made;
  ``columns("evaluation")`` those of the mid-term's and final's workbooks (Chinese header, format,
  width), whose sheets :func:`evaluation_sheets` lists.

The code groups (:data:`CODE_GROUPS`) hold, besides statuses, paces and projections, the
evaluations' labels (completion, verdict, scenario, …), the evaluation tables' words and the
charts' words; the modules that show them keep their old names (``VERDICT_LABELS``,
``charts.LABELS``…) as views made by :func:`label_pairs`.

>>> label("col_status"), label("col_status", "en")
('状态', 'Status')
>>> label("time_share_of_year", "zh", year=2024, share="80.0%")
'2024年时间进度80.0%'
>>> label("status.on_track", "en"), label("cagr.moderate"), label("anticipated.reverse", "en")
('On track', '进展一般', 'Reverse the trend')
>>> unit("万人", "en"), unit("万人"), unit("%", "en"), unit("1/10万", "en")
('10,000 persons', '万人', '%', 'per 100,000')
>>> columns()["time_share"].header("en"), columns()["time_share"].format
('Time share', '0.0%')
"""

from __future__ import annotations

import functools
import json
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "LABELS_FILE",
    "LANGUAGES",
    "SCHEMA_FILE",
    "CODE_GROUPS",
    "Column",
    "LabelsError",
    "check_language",
    "columns",
    "evaluation_sheets",
    "label",
    "label_pairs",
    "load_labels",
    "sheet_columns",
    "unit",
    "unit_words",
]

#: The report languages; the first is the default.
LANGUAGES = ("zh", "en")

LABELS_FILE = Path(__file__).resolve().parent / "data" / "labels.yaml"
SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "labels.schema.json"

#: The groups of code labels reached as ``group.code`` (the rest of a key is a report label): the
#: statuses, paces and projections of every report, the evaluations' groups, completion classes,
#: verdicts, scenarios, changes, ceiling verdicts, recommendations, method disagreements, next-plan
#: proposals and their headings, overall measures, the evaluation tables' words, and the charts' words.
CODE_GROUPS = (
    "status",
    "cagr",
    "anticipated",
    "group",
    "completion",
    "verdict",
    "scenario",
    "change",
    "ceiling_verdict",
    "recommendation",
    "disagreement",
    "next_plan",
    "next_plan_heading",
    "metric",
    "evaluation_words",
    "chart",
)


class LabelsError(ValueError):
    """A labels file that cannot be used: the file, the key and what was expected."""


@dataclass(frozen=True)
class Column:
    """One column of a table: its code, headers, Excel number format and width, kind, meaning.

    A column of the evaluation workbooks (``columns.evaluation``) has a Chinese header, format and
    width only: its English header is its code.
    """

    code: str
    zh: str
    format: str
    width: float
    en: str = ""
    kind: str = ""
    description_zh: str = ""
    description_en: str = ""

    def header(self, language: str = "zh") -> str:
        """The column's header in ``language``."""
        return (self.en or self.code) if check_language(language) == "en" else self.zh


def check_language(language: str) -> str:
    """The language code if it is one the reports speak; ValueError otherwise.

    >>> check_language("en")
    'en'
    """
    if language not in LANGUAGES:
        raise ValueError(
            f"language must be one of {', '.join(repr(x) for x in LANGUAGES)} (zh = 中文, en = English), not {language!r}"
        )
    return language


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _where(path: list) -> str:
    """``labels.col_row.en`` from a validator's path ``['data', 'labels', 'col_row', 'en']``."""
    return ".".join(str(p) for p in path[1:]) or "(the top level)"


def _semantic_problems(data: dict) -> list[str]:
    """What the schema cannot say: same placeholders in both languages, known sheet columns."""
    problems = []

    def keys(node, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    problems.append(
                        f"{where}{key!r}: a text key was expected (YAML reads an unquoted "
                        f"yes/no/on/off as true/false: write it in quotes)"
                    )
                keys(value, f"{where}{key}.")

    keys(data, "")
    if problems:
        return problems
    for group in ("labels", *CODE_GROUPS):
        for key, pair in data[group].items():
            try:
                zh, en = _placeholders(pair["zh"]), _placeholders(pair["en"])
            except ValueError as exc:  # an unbalanced brace
                problems.append(f"{group}.{key}: a label with blanks in braces was expected ({exc})")
                continue
            if zh != en:
                problems.append(
                    f"{group}.{key}: both languages must use the same blanks, "
                    f"zh has {sorted(zh)} and en has {sorted(en)}"
                )
    known = data["columns"]["assess"]
    for sheet, codes in data["sheets"].items():
        for code in codes:
            if code not in known:
                problems.append(f"sheets.{sheet}: {code!r} is not a column of columns.assess")
    return problems


def load_labels(path: str | Path = LABELS_FILE) -> dict:
    """The labels file read and checked; :class:`LabelsError` naming the file, key and expectation."""
    import fastjsonschema

    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsError(f"{path}: cannot read the labels file ({exc})") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise LabelsError(f"{path}:{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    validate = _validator()
    try:
        validate(data)
    except fastjsonschema.JsonSchemaException as exc:
        expected = exc.rule_definition if exc.rule != "additionalProperties" else "no other keys"
        message = exc.message.split(" ", 1)[1] if " " in exc.message else exc.message
        raise LabelsError(f"{path}: {_where(exc.path)}: {message} (expected {exc.rule}: {expected})") from None
    problems = _semantic_problems(data)
    if problems:
        raise LabelsError(f"{path}: " + "; ".join(problems))
    return data


@functools.lru_cache(maxsize=1)
def _validator():
    import fastjsonschema

    return fastjsonschema.compile(json.loads(SCHEMA_FILE.read_text("utf-8")))


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    return load_labels(LABELS_FILE)


def label_pairs(group: str = "labels") -> dict[str, tuple[str, str]]:
    """``key → (Chinese, English)`` of one group (``labels`` or one of :data:`CODE_GROUPS`).

    A fresh dict in the file's order: ``progress.STATUS_LABELS``, ``i18n.LABELS``,
    ``evaluation.VERDICT_LABELS``, ``charts.LABELS`` and the other label tables are these.
    """
    if group != "labels" and group not in CODE_GROUPS:
        raise KeyError(f"no label group {group!r} in {LABELS_FILE.name} (labels, {', '.join(CODE_GROUPS)})")
    return {key: (pair["zh"], pair["en"]) for key, pair in _data()[group].items()}


@functools.lru_cache(maxsize=1)
def _lookup() -> dict[str, tuple[str, str]]:
    table = label_pairs("labels")
    for group in CODE_GROUPS:
        table.update({f"{group}.{code}": pair for code, pair in label_pairs(group).items()})
    return table


_ONE_YEAR_SPAN = re.compile(r"(?<!\d)(\d{4})[–—-]\1(?!\d)")


class _Blank(dict):
    def __missing__(self, key: str) -> str:  # pragma: no cover - only reached on a template bug
        raise KeyError(f"label template needs {{{key}}}")


def label(key: str, language: str = "zh", **values: Any) -> str:
    """The label ``key`` in ``language``, with its blanks filled from ``values``.

    ``key`` is a key of ``labels:`` or ``status.<code>``, ``cagr.<code>``, ``anticipated.<code>``.
    A span of one year is that year: "2021–2021年" reads "2021年" (the first year of a plan).
    """
    check_language(language)
    try:
        zh, en = _lookup()[key]
    except KeyError:
        raise KeyError(
            f"no label {key!r} in {LABELS_FILE.name} (labels:, or status./cagr./anticipated.<code>)"
        ) from None
    text = en if language == "en" else zh
    if not values:
        return text
    return _ONE_YEAR_SPAN.sub(r"\1", string.Formatter().vformat(text, (), _Blank(values)))


def unit_words() -> dict[str, str]:
    """The unit as the plan prints it → its English words (``万人`` → ``10,000 persons``)."""
    return {printed: entry["en"] for printed, entry in _data()["units"].items()}


def unit(unit_or_indicator: Any, language: str = "zh") -> str:
    """A unit, or an indicator's unit, as a report in ``language`` writes it.

    Chinese: the unit as printed.  English: a symbol (%, ‰) as it is; else the indicator's own
    ``unit_en`` from the plan file; else the unit words of the labels file; else the unit unchanged
    (a unit nobody translated shows as printed rather than disappearing).

    >>> from types import SimpleNamespace
    >>> beds = SimpleNamespace(unit="张", unit_en="beds per 1,000 population")
    >>> unit(beds, "en"), unit(beds), unit("套", "en"), unit("", "en"), unit("斤", "en")
    ('beds per 1,000 population', '张', 'housing units', '', '斤')
    """
    check_language(language)
    if isinstance(unit_or_indicator, str) or unit_or_indicator is None:
        printed, own = unit_or_indicator or "", None
    else:
        printed = getattr(unit_or_indicator, "unit", "") or ""
        own = getattr(unit_or_indicator, "unit_en", None)
    if language == "zh" or not printed:
        return printed
    entry = _data()["units"].get(printed)
    if entry is not None and entry.get("symbol"):
        return entry["en"]
    if own:
        return own
    return entry["en"] if entry is not None else printed


def columns(table: str = "assess") -> dict[str, Column]:
    """The columns of ``table`` (``assess``: assess.csv, in order) by code."""
    try:
        spec = _data()["columns"][table]
    except KeyError:
        raise KeyError(f"no table {table!r} under columns: in {LABELS_FILE.name}") from None
    return {code: Column(code=code, **fields) for code, fields in spec.items()}


def evaluation_sheets(kind: str) -> list[tuple[str, str]]:
    """(table, sheet name) of an evaluation workbook (``midterm``, ``final``), in sheet order."""
    try:
        return list(_data()["evaluation_sheets"][kind].items())
    except KeyError:
        raise KeyError(f"no evaluation {kind!r} under evaluation_sheets: in {LABELS_FILE.name}") from None


def sheet_columns(sheet: str) -> list[str]:
    """The column codes a workbook sheet shows (``alarms``: the sheet 约束性指标预警)."""
    try:
        return list(_data()["sheets"][sheet])
    except KeyError:
        raise KeyError(f"no sheet {sheet!r} under sheets: in {LABELS_FILE.name}") from None
