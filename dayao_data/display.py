"""How numbers are shown: units always explicit, percent as printed in the plan, ‰ marked.

Used by the command line, the notebooks and the reports, so that a figure reads the same
everywhere.

>>> format_value(85.76, "%")
'85.76%'
>>> format_value(4.64, "‰")
'4.64‰'
>>> format_value(1.06, "万人")
'1.06万人'
>>> format_rate(0.0113)
'1.13%/年'
>>> format_rate(0.0113, "en")
'1.13 %/yr'
"""

from __future__ import annotations

import math
import shutil
import unicodedata
from collections.abc import Sequence
from typing import Any

import pandas as pd

from dayao_data.labels import unit as unit_words_of

__all__ = [
    "plural",
    "format_value",
    "format_number",
    "format_rate",
    "format_share",
    "format_years",
    "text_table",
    "is_missing",
]


def plural(n: int, word: str) -> str:
    """``1 error``, ``3 errors`` (English command-line summaries).

    >>> plural(1, "error"), plural(3, "data row")
    ('1 error', '3 data rows')
    """
    return f"{n} {word}" + ("" if n == 1 else "s")


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_number(value: Any, digits: int | None = None) -> str:
    """A number without float noise: at most ``digits`` decimals (default: up to 2, trimmed)."""
    if is_missing(value):
        return ""
    value = float(value)
    if digits is None:
        if abs(value) >= 1000 or value == int(value):
            return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
        text = f"{value:.2f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:,.{digits}f}"


_SPACED_UNITS_EN = {"%": " %", "‰": " ‰"}


def format_value(value: Any, unit: str, language: str = "zh", digits: int | None = None) -> str:
    """A value with its unit: ``85.76%``, ``4.64‰``, ``1.06万人``, ``0/10万`` …"""
    if is_missing(value):
        return ""
    number = format_number(value, digits)
    if not unit:
        return number
    if unit == "1/10万":
        return f"{number}/10万" if language == "zh" else f"{number} {unit_words_of(unit, 'en')}"
    if language == "en":
        return f"{number}{_SPACED_UNITS_EN.get(unit, ' ' + unit)}"
    return f"{number}{unit}"


def format_rate(rate: Any, language: str = "zh") -> str:
    """An annual rate given as a fraction, shown as percent per year."""
    if is_missing(rate):
        return ""
    pct = float(rate) * 100
    return f"{pct:.2f}%/年" if language == "zh" else f"{pct:.2f} %/yr"


def format_share(share: Any, language: str = "zh") -> str:
    """A share of the task or of time (fraction) as percent."""
    if is_missing(share):
        return ""
    return f"{float(share) * 100:.1f}%" if language == "zh" else f"{float(share) * 100:.1f} %"


def format_years(years: Any, language: str = "zh") -> str:
    """Years ahead (+) or behind (−) the straight line to the target."""
    if is_missing(years):
        return ""
    y = float(years)
    if language == "en":
        return f"{abs(y):.1f} yr {'ahead' if y >= 0 else 'behind'}"
    return f"{'领先' if y >= 0 else '落后'}{abs(y):.1f}年"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def text_table(frame: pd.DataFrame, key_columns: Sequence[str] = (), width: int | None = None) -> str:
    """A plain-text table that aligns Chinese text and wraps wide tables into column blocks.

    ``key_columns`` repeat at the left of every block so each block can be read on its own.
    """
    width = width or shutil.get_terminal_size((160, 40)).columns
    cells = frame.astype(object).where(frame.notna(), "")

    def show(v: Any) -> str:
        if isinstance(v, float):
            if math.isnan(v):
                return ""
            return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else f"{v:.0f}"
        return str(v)

    text = {c: [show(v) for v in cells[c]] for c in frame.columns}
    col_width = {c: max([_width(str(c))] + [_width(v) for v in text[c]]) for c in frame.columns}
    numeric = {
        c: pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns
    }
    keys = [c for c in key_columns if c in frame.columns]
    rest = [c for c in frame.columns if c not in keys]
    blocks: list[list[str]] = []
    current: list[str] = []
    used = sum(col_width[c] + 2 for c in keys)
    for c in rest:
        if current and used + col_width[c] + 2 > width:
            blocks.append(current)
            current, used = [], sum(col_width[k] + 2 for k in keys)
        current.append(c)
        used += col_width[c] + 2
    if current or not blocks:
        blocks.append(current)
    out = []
    for block in blocks:
        cols = keys + block
        out.append("  ".join(_pad(str(c), col_width[c], numeric[c]) for c in cols).rstrip())
        out.append("  ".join("-" * col_width[c] for c in cols))
        for i in range(len(frame)):
            out.append("  ".join(_pad(text[c][i], col_width[c], numeric[c]) for c in cols).rstrip())
        out.append("")
    return "\n".join(out).rstrip() + "\n"
