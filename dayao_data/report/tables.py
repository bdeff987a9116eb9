"""The report's HTML table machinery, shared by the yearly report and the evaluations.

:class:`ReportTable` holds a table of display strings: ``.frame`` is a DataFrame (units in every
cell, headers in the report language) that opens cleanly in Excel; ``.to_html()`` is the fragment
the PDF renderer styles; ``.to_text()`` is a plain-text table (aligned for Chinese) for nbval and
for reading an executed notebook.  The cell formatters (:func:`value_text`, :func:`change_text`,
:func:`target_text`, :func:`unit_text`) format the assess table's numbers with
:mod:`dayao_data.display`, so a figure reads the same in the command line, the notebooks, Excel and
the PDF.  The HTML pieces (:func:`heading`, :func:`callout`, :func:`figure_html`, ...) are the
blocks the report notebooks emit around their tables.

HTML contract (the renderer's stylesheet targets these classes, nothing else is styled inline):

* ``<table class="dd-table">`` (plus ``dd-compact`` for wide tables) with ``<thead>``/``<tbody>``;
  number cells ``class="num"``; a binding indicator's row ``class="dd-binding"``;
* a status ``<span class="dd-status dd-status-{code}">已实现</span>``;
* ``<figure class="dd-figure">``, ``<div class="dd-callout">``, ``<div class="dd-alarm">``,
  ``<div class="dd-pagebreak"></div>``, ``<div class="dd-keep">``, ``<div class="dd-illustrative">``.

Gaps and yearly increments of a % (‰) indicator are differences of rates, so they are shown in
percentage (per-mille) points — ``0.45个百分点`` — never as ``0.45%``, which would read as a rate.

>>> from dayao_data.plan import load_plan
>>> value_text(0.45, load_plan().indicator("compulsory_education_retention_rate"))
'0.45%'
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dayao_data import i18n, labels
from dayao_data.display import (
    format_number,
    format_value,
    is_missing,
    text_table,
)
from dayao_data.plan import Indicator
from dayao_data.progress import STATUS_ORDER

__all__ = [
    "EMPTY",
    "TEXT_WIDTH",
    "escape",
    "unit_text",
    "value_text",
    "change_text",
    "target_text",
    "baseline_text",
    "year_text",
    "or_empty",
    "status_span",
    "latest_source",
    "keep_figures",
    "ReportTable",
    "make_table",
    "heading",
    "callout",
    "alarm_box",
    "paragraph",
    "figure_html",
    "pagebreak",
    "keep",
]

EMPTY = "—"

#: Width of the plain-text tables: fixed, so that text/plain outputs do not depend on the terminal.
TEXT_WIDTH = 160

_COMPARATOR_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": ""}


def escape(text: Any) -> str:
    """HTML-escape any value (quotes too)."""
    return html.escape("" if text is None else str(text), quote=True)


# --------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------


def unit_text(ind: Indicator, language: str = "zh") -> str:
    """The unit as the unit column shows it, marked 推定 where the plan prints none.

    >>> from dayao_data.plan import load_plan
    >>> plan = load_plan()
    >>> unit_text(plan.indicator("life_expectancy")), unit_text(plan.indicator("preschool_gross_enrolment_rate"))
    ('岁（推定）', '%')
    """
    unit = labels.unit(ind, language)
    if not unit:
        return EMPTY
    if ind.unit_inferred:
        unit += " (inferred)" if language == "en" else "（推定）"
    return unit


def value_text(value: Any, ind: Indicator, language: str = "zh") -> str:
    """A value with its unit (display.format_value), ``—`` when empty.

    >>> from dayao_data.plan import load_plan
    >>> jobs = load_plan().indicator("urban_new_jobs")
    >>> value_text(1.06, jobs), value_text(1.06, jobs, "en"), value_text(float("nan"), jobs)
    ('1.06万人', '1.06 × 10,000 persons', '—')
    """
    if is_missing(value):
        return EMPTY
    if language != "en":
        return format_value(value, ind.unit, "zh")
    if ind.unit == "1/10万":  # "13.5 per 100,000", as display.format_value writes the rate
        return format_value(value, ind.unit, "en")
    unit = labels.unit(ind, "en")
    if unit.startswith("10,000 "):
        return f"{format_number(value)} × {unit}"
    return format_value(value, unit, "en")


def change_text(value: Any, ind: Indicator, language: str = "zh") -> str:
    """A difference (gap, yearly increment): points for % and ‰, else the unit.

    >>> from dayao_data.plan import load_plan
    >>> plan = load_plan()
    >>> change_text(0.45, plan.indicator("compulsory_education_retention_rate"))
    '0.45个百分点'
    >>> change_text(-0.2, plan.indicator("infant_child_mortality_rate"), "en")
    '-0.2 ‰ pts'
    """
    if is_missing(value):
        return EMPTY
    if ind.unit == "%":
        return format_number(value) + i18n.t("unit_points_percent", language)
    if ind.unit == "‰":
        return format_number(value) + i18n.t("unit_points_permille", language)
    return value_text(value, ind, language)


def _bound_symbol(ind: Indicator) -> str:
    comparator = ind.target.comparator if ind.target is not None else "="
    if ind.kind == "ceiling" and comparator in ("", "="):
        comparator = ("<" if ind.strict else "<=") if ind.direction < 0 else (">" if ind.strict else ">=")
    return _COMPARATOR_SYMBOL.get(comparator, "")


def target_text(ind: Indicator, target: Any, language: str = "zh") -> str:
    """The target cell: ``≤4.2%`` for a ceiling, ``1.58万人(五年累计)`` for a total, the quota for a
    qualitative target (or the plan's words when no quota is known)."""
    if ind.kind == "qualitative":
        if is_missing(target):
            if language == "en":
                return i18n.t("target_quota_printed", "en")
            return ind.target_printed or i18n.t("target_quota_printed", "zh")
        return i18n.t("target_qualitative_assigned", language, target=value_text(target, ind, language))
    if is_missing(target):
        return EMPTY
    text = value_text(target, ind, language)
    if ind.kind == "ceiling":
        return _bound_symbol(ind) + text
    if ind.kind == "cumulative":
        return i18n.t("target_cumulative", language, target=text)
    return text


def baseline_text(ind: Indicator, baseline: Any, language: str = "zh") -> str:
    """The baseline cell: the value with its unit."""
    return value_text(baseline, ind, language)


def year_text(year: Any) -> str:
    """A year as a cell, ``—`` when empty."""
    return EMPTY if is_missing(year) else str(int(year))


def or_empty(text: str) -> str:
    """``text``, or ``—`` when it is empty."""
    return text if text else EMPTY


def status_span(code: Any, language: str = "zh") -> str:
    """The status as the report shows it: ``<span class="dd-status dd-status-lagging">滞后</span>``."""
    if code is None or is_missing(code) or str(code) == "":
        return ""
    return f'<span class="dd-status dd-status-{escape(code)}">{escape(i18n.status_label(code, language))}</span>'


def latest_source(ctx, ind: Indicator, year: Any) -> str:
    """The source of the actual of ``ind`` for ``year`` as a report cell: 示例数据 for illustrative
    data, ``—`` when there is none."""
    if is_missing(year):
        return EMPTY
    rows = ctx.actuals[(ctx.actuals["indicator"] == ind.id) & (ctx.actuals["year"] == int(year))]
    if not len(rows):
        return EMPTY
    if bool(rows["illustrative"].iloc[-1]):
        return i18n.t("source_illustrative", ctx.language)
    source = rows["source"].iloc[-1]
    return EMPTY if is_missing(source) or not str(source).strip() else str(source)


# --------------------------------------------------------------------------------------
# The table object
# --------------------------------------------------------------------------------------


#: What must never be split across lines in a table cell: a figure with its short unit (85.76%,
#: 4.84张, <5‰, 15/10万) and, on their own, the long units that follow a figure (个百分点, /年).
#: A line may break between "0.45" and "个百分点", never inside either.
_FIGURE = re.compile(
    r"[<>≤≥±+\-−]?\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:%|‰|‱|pp|/10万|1/10万|[\u4e00-\u9fff]{1,2}(?=[（(/,，;；、\s]|$)))?"
    r"|个[百千]分点|/年|/yr"
)


def keep_figures(text: str) -> str:
    """``text`` escaped for HTML, each figure with its unit in a no-break span.

    >>> keep_figures("1个百分点；15/10万 <5‰；0.22%/年")
    '<span class="dd-nb">1</span><span class="dd-nb">个百分点</span>；<span class="dd-nb">15/10万</span> <span class="dd-nb">&lt;5‰</span>；<span class="dd-nb">0.22%</span><span class="dd-nb">/年</span>'
    """
    out, last = [], 0
    for m in _FIGURE.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f'<span class="dd-nb">{escape(m.group(0))}</span>')
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


@dataclass
class ReportTable:
    """A report table: display strings plus what the HTML needs (status codes, binding rows).

    ``status_codes`` maps a column header to the status code of each row, so that the cell is
    drawn as a ``dd-status`` span; ``binding`` marks the rows of binding indicators.

    ``spans`` gives a column of a compact table the width of several: the stylesheet lays
    ``dd-compact`` tables out in equal columns (``table-layout: fixed``), so a name column
    spanning three grid columns gets the room it needs without any inline style.
    """

    frame: pd.DataFrame
    key: str = ""
    status_codes: dict[str, list[Any]] = field(default_factory=dict)
    binding: list[bool] | None = None
    numeric: tuple[str, ...] = ()
    compact: bool = False
    language: str = "zh"
    text_columns: tuple[str, ...] | None = None
    text_key_columns: tuple[str, ...] = ()
    spans: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def empty(self) -> bool:
        return len(self.frame) == 0

    def to_html(self) -> str:
        """``<table class="dd-table">`` with escaped text, number cells, status spans, binding rows."""
        classes = "dd-table dd-compact" if self.compact else "dd-table"
        cols = list(self.frame.columns)
        span = {
            c: (f' colspan="{int(self.spans[c])}"' if self.compact and self.spans.get(c, 1) > 1 else "") for c in cols
        }
        # Headers of a compact table wrap (a right-aligned header does not, and would run into
        # its neighbour); in an auto-width table they align with their numbers.
        head = "".join(
            f'<th class="num"{span[c]}>{escape(c)}</th>'
            if c in self.numeric and not self.compact
            else f"<th{span[c]}>{escape(c)}</th>"
            for c in cols
        )
        body = []
        for i in range(len(self.frame)):
            cells = []
            for c in cols:
                value = self.frame.iat[i, cols.index(c)]
                text = "" if is_missing(value) else str(value)
                cell = keep_figures(text)
                codes = self.status_codes.get(c)
                if codes is not None and codes[i] is not None and not is_missing(codes[i]) and codes[i] in STATUS_ORDER:
                    cells.append(
                        f'<td{span[c]}><span class="dd-status dd-status-{escape(codes[i])}">{escape(text)}</span></td>'
                    )
                elif c in self.numeric:
                    cells.append(f'<td class="num"{span[c]}>{cell}</td>')
                else:
                    cells.append(f"<td{span[c]}>{cell}</td>")
            row_class = ' class="dd-binding"' if self.binding is not None and self.binding[i] else ""
            body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
        return f'<table class="{classes}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'

    def to_text(self, width: int = TEXT_WIDTH) -> str:
        """A deterministic plain-text table (fixed width; the columns chosen for reading)."""
        frame = self.frame if self.text_columns is None else self.frame[list(self.text_columns)]
        if len(frame) == 0:
            return "(" + i18n.t("none", self.language) + ")\n"
        keys = list(self.text_key_columns) or [frame.columns[0]]
        return text_table(frame.astype(str), key_columns=keys, width=width)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.to_text()


def make_table(ctx, key: str, records: list[dict], columns: Sequence[str], **kwargs) -> ReportTable:
    """A :class:`ReportTable` of ``records`` with these columns, in the context's language."""
    frame = pd.DataFrame(records, columns=list(columns))
    return ReportTable(frame=frame, key=key, language=ctx.language, **kwargs)


# --------------------------------------------------------------------------------------
# HTML pieces
# --------------------------------------------------------------------------------------


def heading(level: int, text: str) -> str:
    """``<h1>`` chapter, ``<h2>`` section, ``<h3>`` subsection."""
    if level not in (1, 2, 3, 4):
        raise ValueError(f"heading level must be 1–4, not {level}")
    return f"<h{level}>{escape(text)}</h{level}>"


def callout(text: str) -> str:
    """``<div class="dd-callout">``: a highlighted sentence, escaped."""
    return f'<div class="dd-callout">{escape(text)}</div>'


def alarm_box(text: str) -> str:
    """``<div class="dd-alarm">``: a warning box, escaped."""
    return f'<div class="dd-alarm">{escape(text)}</div>'


def paragraph(text: str) -> str:
    """``<p>``: a paragraph, escaped."""
    return f"<p>{escape(text)}</p>"


def figure_html(png: bytes, caption: str, alt: str = "") -> str:
    """``<figure class="dd-figure">`` with the chart inline (base64) and an escaped caption.

    A chart from :func:`dayao_data.charts.figure_png` carries its SVG too: the page shows the
    vector drawing (for print) and keeps the PNG in ``data-png`` for the Word file.
    """
    import base64

    data = base64.b64encode(png).decode("ascii")
    svg = getattr(png, "svg", b"")
    if svg:
        vector = base64.b64encode(svg).decode("ascii")
        img = (
            f'<img src="data:image/svg+xml;base64,{vector}" data-png="data:image/png;base64,{data}" '
            f'alt="{escape(alt or caption)}">'
        )
    else:
        img = f'<img src="data:image/png;base64,{data}" alt="{escape(alt or caption)}">'
    return f'<figure class="dd-figure">{img}<figcaption>{escape(caption)}</figcaption></figure>'


def pagebreak() -> str:
    """``<div class="dd-pagebreak">``: the next block starts a new page."""
    return '<div class="dd-pagebreak"></div>'


def keep(inner_html: str) -> str:
    """Keep a block (heading + table, a figure and its notes) on one page."""
    return f'<div class="dd-keep">{inner_html}</div>'
