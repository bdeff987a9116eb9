"""Spreadsheet helpers shared by the forms, the intake and the report writers.

Two jobs:

* **Writing** — :func:`safe_cell_text` and :func:`write_cell` make sure that no text a department
  typed (a source, a note, a name) can run as a formula when the file is opened in Excel, WPS or
  LibreOffice ("CSV/formula injection", OWASP).  Numbers are never altered.
* **Reading** — :func:`lenient_number` reads a figure the way people in China commonly type it
  (full-width digits ``８５．３``, thousands separators ``1,580`` or ``1，580``, a trailing ``%`` on a
  percentage) and says what it did, so that the intake can record the reading next to the value.
  Anything that cannot be read one way only is an error, never a guess.

Why a leading apostrophe
------------------------
A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a
single quote ``'``.  That is the neutralisation OWASP recommends for cells: the apostrophe makes
every spreadsheet program take the cell as text, it is visible (so the reader sees that the text
was neutralised, and what it said), and it is not a character that any figure or source legitimately
starts with.  The text is otherwise kept whole, so a source reads the same in the report.  A text
that already starts with an apostrophe is left alone, which makes the function idempotent.

>>> safe_cell_text("=cmd|' /C calc'!A0")
"'=cmd|' /C calc'!A0"
>>> safe_cell_text("2023年教育事业统计年报"), safe_cell_text(85.3), safe_cell_text(-3)
('2023年教育事业统计年报', 85.3, -3)
>>> lenient_number("８５．３", percent=True)
(85.3, "read '８５．３' as 85.3 (full-width characters)", None)
>>> lenient_number("1,580")
(1580.0, "read '1,580' as 1580 (thousands separator)", None)
>>> lenient_number("1,58")[2]
"'1,58' is ambiguous: a comma that does not group thousands could be a decimal mark (1.58) or a typing slip (158)"
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

__all__ = [
    "FORMULA_TRIGGERS",
    "safe_cell_text",
    "safe_frame",
    "write_cell",
    "lenient_number",
    "plain_number_text",
    "excel_csv_text",
    "write_excel_csv",
]

#: First characters that make a spreadsheet program read a cell as a formula (or a DDE command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: The neutralising prefix (see the module docstring for why an apostrophe).
NEUTRALISER = "'"


def safe_cell_text(value: Any) -> Any:
    """``value`` made safe to put in a spreadsheet cell: text that could run as a formula gets a leading ``'``.

    Numbers, booleans, dates and ``None`` come back unchanged (a number is never a formula, and a
    negative number must stay negative).  Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return is returned as ``"'" + text``.

    >>> safe_cell_text("+86 0878 622 1234"), safe_cell_text("@SUM(A1)"), safe_cell_text("-")
    ("'+86 0878 622 1234", "'@SUM(A1)", "'-")
    >>> safe_cell_text("'=already neutralised")
    "'=already neutralised"
    >>> safe_cell_text(None) is None
    True
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return NEUTRALISER + value
    return value


def safe_frame(frame):
    """A copy of a DataFrame whose text cells are neutralised (for CSV/XLSX meant for Excel).

    >>> import pandas as pd
    >>> safe_frame(pd.DataFrame({"source": ["=1+1", "统计年报"], "value": [-3.0, 2.0]})).values.tolist()
    [["'=1+1", -3.0], ['统计年报', 2.0]]
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "str"):
            out[column] = out[column].map(safe_cell_text)
    return out


def excel_csv_text(frame, *, bom: bool = True, line_terminator: str = "\r\n") -> str:
    r"""A DataFrame as CSV for Excel in China: UTF-8 with a BOM, CRLF, text cells neutralised.

    Text is neutralised (:func:`safe_frame`) so that nothing a plan or a department typed can run
    as a formula in Excel.  Twelve significant digits: 0.8 rather than 0.7999999999999972 (binary
    float noise), and still the engine's figure to one part in 10^12.  No index column.

    >>> import pandas as pd
    >>> excel_csv_text(pd.DataFrame({"source": ["=1+1"], "value": [0.1 + 0.7]}))
    "\ufeffsource,value\r\n'=1+1,0.8\r\n"
    """
    text = safe_frame(frame).to_csv(index=False, lineterminator=line_terminator, float_format="%.12g")
    return ("\ufeff" + text) if bom else text


def write_excel_csv(path, frame) -> Path:
    """Write :func:`excel_csv_text` of ``frame`` to ``path`` atomically (every CSV a report folder holds)."""
    from dayao_data.fsutil import atomic_write_text

    return atomic_write_text(path, excel_csv_text(frame))


def write_cell(ws, row: int, column: int, value: Any, **style: Any):
    """Write ``value`` to a worksheet cell so that text can never become a formula.

    Text goes through :func:`safe_cell_text` and is stored with the string type (openpyxl would
    otherwise store any text that starts with ``=`` as a formula).  Keyword arguments set cell
    attributes (``font``, ``fill``, ``alignment``, ``protection``, ``number_format``, ``border``).

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> c = write_cell(ws, 1, 1, "=1+1")
    >>> c.value, c.data_type
    ("'=1+1", 's')
    >>> write_cell(ws, 1, 2, 85.3).value
    85.3
    """
    cell = ws.cell(row=row, column=column)
    if isinstance(value, float) and not math.isfinite(value):
        value = None
    if isinstance(value, str):
        cell.value = safe_cell_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


# --------------------------------------------------------------------------------------
# Reading figures as people type them
# --------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII)
_NUMBER_ANYWHERE = re.compile(r"\d+(?:[.,]\d+)*", re.ASCII)
_CHINESE_NUMERALS = set("零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
#: What people type in a cell for "no figure" (a dash, 无, n/a …), compared case-folded: the actuals
#: reader and :func:`lenient_number` both refuse them as a value, saying it is a placeholder.
PLACEHOLDER_WORDS = frozenset(
    {
        "-",
        "--",
        "---",
        "—",
        "——",
        "/",
        "\\",
        "无",
        "暂无",
        "空",
        "na",
        "n/a",
        "nan",
        "null",
        "none",
        "…",
        "...",
        "x",
        "?",
        "？",
    }
)
#: :func:`lenient_number` also calls 不详 and 未统计 placeholders; the actuals reader says they are
#: not a number.
_PLACEHOLDERS = PLACEHOLDER_WORDS | {"不详", "未统计"}
_APPROXIMATE = (
    "约",
    "大约",
    "近",
    "接近",
    "超过",
    "不足",
    "左右",
    "以上",
    "以下",
    "多",
    "余",
    "≈",
    "~",
    "～",
    ">",
    "<",
    "≥",
    "≤",
)


def plain_number_text(value: float) -> str:
    """A float as a person writes it, without exponent: the shortest text that reads back as the same float.

    >>> plain_number_text(1580.0), plain_number_text(85.3), plain_number_text(1e-10)
    ('1580', '85.3', '0.0000000001')
    """
    if not math.isfinite(value):
        return str(value)
    d = Decimal(repr(value))
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _show(text: str, limit: int = 40) -> str:
    text = str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def lenient_number(
    text: Any, *, percent: bool = False, unit: str | None = None
) -> tuple[float | None, str | None, str | None]:
    """Read a figure typed the way people commonly type it: ``(value, reading_note, error)``.

    Exactly one of ``value`` and ``error`` is set, except for an empty cell, which gives
    ``(None, None, None)``.  ``reading_note`` says how a non-plain text was read (for the record);
    it is None for a plain number such as ``85.3``.

    Read, with a note:

    * full-width digits and punctuation (``８５．３``, ``１，５８０``) — folded by Unicode NFKC;
    * thousands separators in groups of three (``1,580``, ``1，580``, ``12,345.5``);
    * a trailing ``%``/``％`` when ``percent`` is True (the indicator is in %), ``‰`` when the
      unit is ‰, or the indicator's own unit (``1580套`` when ``unit`` is 套);
    * the minus sign ``−`` (U+2212) for ``-``.

    Errors (the text cannot be read one way only): a comma that does not group thousands
    (``1,58``), a European number (``1.580,5``), two numbers, Chinese numerals (``九十二``),
    approximations (``约90``, ``90以上``), ranges (``90-92``), a ``%`` on an indicator that is not a
    percentage, another unit, scientific notation, placeholders (``/``, ``无``) and anything else
    that is not a number.

    >>> lenient_number("85.3")
    (85.3, None, None)
    >>> lenient_number("  92 ")
    (92.0, None, None)
    >>> lenient_number("85.3%", percent=True)
    (85.3, "read '85.3%' as 85.3 (% sign on a percentage)", None)
    >>> lenient_number("85.3%")[2]
    "'85.3%' has a % sign, but this indicator is not a percentage"
    >>> lenient_number("１，５８０套", unit="套")
    (1580.0, "read '１，５８０套' as 1580 (full-width characters; unit 套; thousands separator)", None)
    >>> lenient_number("约90")[2]
    "'约90' is an approximation; only an exact figure can be recorded"
    >>> lenient_number("90-92")[2]
    "'90-92' holds more than one number (a range or two figures); only one figure can be recorded"
    >>> lenient_number("九十二")[2]
    "'九十二' is written in Chinese numerals; type it in digits, e.g. 92"
    >>> lenient_number("")
    (None, None, None)
    """
    if text is None:
        return None, None, None
    if isinstance(text, bool):
        return None, None, f"{_show('TRUE' if text else 'FALSE')} is not a number"
    if isinstance(text, (int, float)):
        value = float(text)
        if not math.isfinite(value):
            return None, None, f"{_show(str(text))} is not a finite number"
        return value, None, None
    raw = str(text)
    stripped = raw.strip()
    if not stripped:
        return None, None, None
    shown = _show(stripped)
    if _PLAIN.fullmatch(stripped):
        value = float(stripped)
        if not math.isfinite(value):
            return None, None, f"{shown} is too large to be a figure"
        return value, None, None

    reasons: list[str] = []
    candidate = unicodedata.normalize("NFKC", stripped)
    # NFKC leaves the ideographic space and a few look-alikes; fold the ones people type.
    candidate = candidate.replace("\u3000", " ").strip()
    if candidate != stripped:
        reasons.append("full-width characters")
    if candidate.casefold() in _PLACEHOLDERS:
        return None, None, f"{shown} is a placeholder, not a number; leave the cell empty if the figure is not known"
    if re.fullmatch(r"#[A-Z/0-9]+[!?]?", candidate.upper()):
        return None, None, f"{shown} is an Excel error, not a number; fix the formula or type the figure"
    if any(ch in _CHINESE_NUMERALS for ch in candidate) and not any(ch.isdigit() for ch in candidate):
        return None, None, f"{shown} is written in Chinese numerals; type it in digits, e.g. 92"
    if re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+", candidate):
        return None, None, f"{shown} is in scientific notation; type the figure in full"
    if re.fullmatch(r"[+-]?\d+。\d+", candidate):
        return None, None, f"{shown} uses the Chinese full stop '。' inside the number; type a decimal point '.'"
    if len(_NUMBER_ANYWHERE.findall(candidate)) > 1:
        return (
            None,
            None,
            f"{shown} holds more than one number (a range or two figures); only one figure can be recorded",
        )
    if any(marker in candidate for marker in _APPROXIMATE):
        return None, None, f"{shown} is an approximation; only an exact figure can be recorded"
    if "\u2212" in candidate:
        candidate = candidate.replace("\u2212", "-")
        reasons.append("minus sign −")

    # A trailing sign or unit.
    for mark, label in (("%", "%"), ("‰", "‰")):
        if candidate.endswith(mark):
            if (mark == "%" and percent) or (mark == "‰" and unit == "‰"):
                candidate = candidate[: -len(mark)].strip()
                reasons.append(f"{label} sign on a {'percentage' if mark == '%' else 'rate per thousand'}")
            else:
                what = "a percentage" if mark == "%" else "a rate per thousand"
                return None, None, f"{shown} has a {label} sign, but this indicator is not {what}"
            break
    else:
        if unit and unit not in ("%", "‰") and candidate.endswith(unit) and len(candidate) > len(unit):
            candidate = candidate[: -len(unit)].strip()
            reasons.append(f"unit {unit}")

    if not any(ch.isdigit() for ch in candidate):
        return None, None, f"{shown} is not a number"
    if "," in candidate:
        if _THOUSANDS.fullmatch(candidate):
            candidate = candidate.replace(",", "")
            reasons.append("thousands separator")
        elif re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+", candidate):
            return (
                None,
                None,
                f"{shown} is ambiguous: it looks like a European number (1.580,5), where '.' groups thousands and ',' is the decimal mark",
            )
        else:
            a, _, b = candidate.partition(",")
            guess = (
                f" ({a}.{b}) or a typing slip ({a}{b})"
                if re.fullmatch(r"[+-]?\d+", a) and re.fullmatch(r"\d+", b)
                else ""
            )
            return (
                None,
                None,
                f"{shown} is ambiguous: a comma that does not group thousands could be a decimal mark{guess}",
            )
    if not _PLAIN.fullmatch(candidate):
        if re.fullmatch(r"[+-]?\d+(?:\.\d+)?\s*\S+", candidate):
            return (
                None,
                None,
                f"{shown} has text after the number; type the figure only{f' (in {unit})' if unit else ''}",
            )
        return None, None, f"{shown} is not a number"
    try:
        value = float(Decimal(candidate))
    except (InvalidOperation, ValueError):  # pragma: no cover - the pattern guarantees a decimal
        return None, None, f"{shown} is not a number"
    if not math.isfinite(value):
        return None, None, f"{shown} is too large to be a figure"
    if not reasons:  # only surrounding spaces were removed
        return value, None, None
    return value, f"read {shown} as {plain_number_text(value)} ({'; '.join(reasons)})", None
