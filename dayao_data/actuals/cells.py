"""What a cell of an actuals file says: a plain number, a year, or why it is neither.

See docs/actuals-format.md, section 4 ("Values": plain ASCII numbers only, with the number probably
meant named for full-width digits, thousands separators, ``%``, a decimal comma or scientific
notation) and section 5 ("Years": a whole number).  Also how a number is printed back in a message.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from dayao_data.actuals.problems import show_cell
from dayao_data.excel import PLACEHOLDER_WORDS
from dayao_data.limits import MAX_MAGNITUDE

__all__ = ["parse_number", "parse_year", "date_problem", "format_number", "plain_decimal"]


def plain_decimal(d: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: Decimal('2.0230E+3') → '2023'."""
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_number(value: float) -> str:
    """A float as a person writes it: 92.0 → '92', 0.1 + 0.2 → '0.3'."""
    if not math.isfinite(value):
        return str(value)
    return plain_decimal(Decimal(repr(value)).quantize(Decimal("1e-9")) if abs(value) < 1e15 else Decimal(repr(value)))


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d{1,4}", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+", re.ASCII)
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_PLACEHOLDERS = PLACEHOLDER_WORDS


def _clean_number_text(text: str) -> str:
    """A plain decimal string as a person would write it: '+085.30' → '85.3'."""
    try:
        return plain_decimal(Decimal(text))
    except (InvalidOperation, ValueError):
        return text


def parse_number(raw: Any) -> tuple[float | None, str | None]:
    """A cell as a plain number, or why it is not one.

    Only ASCII decimals are numbers here (``92.5``, ``-3``, ``.5``).  Full-width digits, thousands
    separators, a trailing % and scientific notation are refused with the number they probably
    mean, so that the person who typed it corrects the file (converting them is the intake
    workflow's job, where the conversion is recorded).

    >>> parse_number("92.5")
    (92.5, None)
    >>> parse_number("８５．３")
    (None, "'８５．３' uses full-width digits (did you mean 85.3?)")
    >>> parse_number("1e3")
    (None, "'1e3' is in scientific notation, which is not accepted here (did you mean 1000?)")
    >>> parse_number("1,234.5")
    (None, "'1,234.5' has thousands separators (did you mean 1234.5?)")
    >>> parse_number("92%")
    (None, "'92%' has a % sign (did you mean 92?)")
    >>> parse_number("")
    (None, 'empty')
    """
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None, "empty"
    if _PLAIN_NUMBER.fullmatch(text):
        value = float(text)
        if not math.isfinite(value):
            return None, f"{show_cell(text)} is too large to be a figure"
        if abs(value) > MAX_MAGNITUDE:
            return None, f"{show_cell(text)} is beyond any plausible figure (more than 10^15 in size)"
        return value, None
    shown = show_cell(text)
    date = date_problem(text)
    if date:
        return None, date
    folded = unicodedata.normalize("NFKC", text).strip()
    if folded.casefold() in _PLACEHOLDERS:
        return None, f"{shown} is a placeholder, not a number; leave the row out until the figure is known"
    if re.fullmatch(r"#[A-Z/0-9]+[!?]?", folded.upper()):
        return None, f"{shown} is an Excel error, not a number; fix the formula or type the figure"
    reasons: list[str] = []
    # Fold only the full-width forms an input method types (０-９, ．, ，, ％, －, the ideographic
    # space), so that a suggestion is never built from look-alikes such as ² or ½.
    candidate = text.translate(_FULL_WIDTH).strip()
    if candidate != text:
        if any("\uff10" <= ch <= "\uff19" for ch in text):
            reasons.append("uses full-width digits")
        else:
            reasons.append("uses full-width characters")
    if "\u2212" in candidate:
        reasons.append("uses the sign '−' instead of the minus '-'")
        candidate = candidate.replace("\u2212", "-")
    if candidate.endswith(("%", "‰")):
        reasons.append(f"has a {candidate[-1]} sign")
        candidate = candidate[:-1].strip()
    if _THOUSANDS.fullmatch(candidate):
        reasons.append("has thousands separators")
        candidate = re.sub(r"[,\u00a0\u202f ]", "", candidate)
    elif _DECIMAL_COMMA.fullmatch(candidate):
        reasons.append("uses a comma as the decimal mark")
        candidate = candidate.replace(",", ".")
    if _SCIENTIFIC.fullmatch(candidate):
        reasons.append("is in scientific notation, which is not accepted here")
        candidate = _clean_number_text(candidate)
    if reasons and _PLAIN_NUMBER.fullmatch(candidate):
        return None, f"{shown} {' and '.join(reasons)} (did you mean {_clean_number_text(candidate)}?)"
    return None, f"{shown} is not a number"


_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?|\d{2}:\d{2}:\d{2}")


def date_problem(text: str) -> str | None:
    """Why a cell that Excel holds as a date or time is not a figure, or None.

    A workbook cell formatted as a date reads as ``2023-05-01 00:00:00`` (see :func:`~dayao_data.actuals.files.cell_text`).

    >>> date_problem("2023-05-01 00:00:00")
    "'2023-05-01' is a date, not a number: the cell holds a date (in Excel: format the cell as a number and type the figure)"
    >>> date_problem("89.2") is None
    True
    """
    text = str(text).strip()
    if not _DATE_TEXT.fullmatch(text):
        return None
    shown = text[:10] if text.endswith("00:00:00") else text
    what = "a time" if ":" in text and "-" not in text else "a date"
    return f"{show_cell(shown)} is {what}, not a number: the cell holds {what} (in Excel: format the cell as a number and type the figure)"


def parse_year(raw: Any) -> tuple[int | None, str | None]:
    """A cell as a year (a whole number), or why it is not one.

    >>> parse_year("2023"), parse_year("2023.0")
    ((2023, None), (2023, None))
    >>> parse_year("2023年")
    (None, "'2023年' is not a whole number (did you mean 2023?)")
    """
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None, "empty"
    match = re.fullmatch(r"\+?(\d{1,6})(?:\.0*)?", text, re.ASCII)
    if match:
        return int(match.group(1)), None
    folded = unicodedata.normalize("NFKC", text).strip()
    guess = re.fullmatch(r"(\d{4})(?:\.0*)?\s*(?:年|年度)?", folded, re.ASCII)
    hint = f" (did you mean {int(guess.group(1))}?)" if guess else ""
    return None, f"{show_cell(text)} is not a whole number{hint}"
