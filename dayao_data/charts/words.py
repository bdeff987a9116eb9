"""The charts' words and styles: every label by language, the status symbols and hatches, the
line styles that keep the elements apart in black and white, the titles of a series."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

import pandas as pd

from dayao_data import labels
from dayao_data.charts.assessed import SeriesData
from dayao_data.display import format_number, format_value
from dayao_data.plan import Indicator
from dayao_data.progress import (
    STATUS_LABELS,
)

__all__ = [
    "LABELS",
    "STATUS_STYLE",
    "GROUP_EXTRA_LABELS",
    "GROUP_EXTRA_STYLE",
    "LINE_STYLES",
    "FORBIDDEN_STYLE",
    "FLOW_STYLE",
    "QUOTA_STYLE",
    "DONE_STYLE",
    "SERIES_SIZE",
    "PAGE_SIZE",
    "check_language",
    "chart_word",
    "status_text",
    "unit_label",
    "bound_label",
    "series_title",
    "series_subtitle",
    "short_title",
]

# --------------------------------------------------------------------------------------
# Words (one place, keyed by language)
# --------------------------------------------------------------------------------------

#: Every word the charts write, by language (labels.yaml ``chart:``).  Status labels come from
#: ``STATUS_LABELS``.
LABELS: dict[str, dict[str, str]] = {
    language: {
        **{key: pair[i] for key, pair in labels.label_pairs("chart").items()},
        "no_data": STATUS_LABELS["no_data"][i],
    }
    for i, language in enumerate(labels.LANGUAGES)
}

#: How each status is drawn: the report's symbol (as in report.css), a fill colour whose grey level
#: stays distinct in black and white, a hatch pattern and the colour of the hatch lines.
STATUS_STYLE: dict[str, dict[str, str]] = {
    "achieved": {"symbol": "●", "color": "#1a6b30", "hatch": "", "hatchcolor": "white"},
    "ahead": {"symbol": "▲", "color": "#5aa469", "hatch": "..", "hatchcolor": "#0d3d19"},
    "on_track": {"symbol": "○", "color": "#c7e9c0", "hatch": "//", "hatchcolor": "#2f6b3a"},
    "lagging": {"symbol": "△", "color": "#f6c35b", "hatch": "\\\\", "hatchcolor": "#7a4d00"},
    "regressing": {"symbol": "↓", "color": "#e0603f", "hatch": "xx", "hatchcolor": "#5c1300"},
    "breached": {"symbol": "■", "color": "#8b1111", "hatch": "++", "hatchcolor": "white"},
    "no_data": {"symbol": "—", "color": "#ffffff", "hatch": "", "hatchcolor": "#555555"},
    "not_assessable": {"symbol": "◇", "color": "#d9d9d9", "hatch": "--", "hatchcolor": "#555555"},
}

#: The evaluations' group that is not a status of its own (dayao_data.evaluation.GROUP_LABELS): a
#: ceiling within its bound in the evaluation year after a breach earlier in the period.
GROUP_EXTRA_LABELS: dict[str, tuple[str, str]] = labels.label_pairs("group")
GROUP_EXTRA_STYLE: dict[str, dict[str, str]] = {
    "achieved_after_breach": {"symbol": "◆", "color": "#b5651d", "hatch": "||", "hatchcolor": "white"},
}

# Line elements: (colour, line style, marker).  Each differs from the others in line style or
# marker, so black-and-white prints keep them apart.
LINE_STYLES = {
    "actual": dict(color="#1f4e79", linestyle="-", marker="o"),
    "baseline": dict(color="black", linestyle="none", marker="s", markerfacecolor="white"),
    "time_line": dict(color="#6b6b6b", linestyle="--", marker="none"),
    "target": dict(color="black", linestyle="-", marker="*"),
    "projection": dict(color="#b35806", linestyle=":", marker="none"),
    "required": dict(color="#7b3294", linestyle="-.", marker="none"),
    "breach": dict(color="#c0392b", linestyle="none", marker="X"),
    # A broad light band, unlike every thin line above.
    "maintain_level": dict(color="#b0b0b0", linestyle="-", marker="none", solid_capstyle="butt"),
}
FORBIDDEN_STYLE = dict(facecolor="#fbe3e3", hatch="///", hatchcolor="#c98b8b", edgecolor="none", linewidth=0)
FLOW_STYLE = dict(facecolor="#e3e3e3", edgecolor="#8c8c8c", linewidth=0.6)
QUOTA_STYLE = dict(facecolor="white", edgecolor="black", linewidth=0.8)
DONE_STYLE = dict(facecolor="#bdbdbd", edgecolor="black", linewidth=0.8, hatch="////")

SERIES_SIZE = (6.4, 4.3)  # inches: fits the A4 text width with room for the legend below
PAGE_SIZE = (8.3, 11.2)  # A4 portrait proportions


def check_language(language: str) -> str:
    """``language`` when the charts have words for it, else a ValueError naming the languages."""
    if language not in LABELS:
        raise ValueError(f"language must be one of {sorted(LABELS)}, not {language!r}")
    return language


def chart_word(language: str, key: str, **values: Any) -> str:
    """The chart word ``key`` of :data:`LABELS` in ``language``, its blanks filled from ``values``."""
    text = LABELS[language][key]
    return text.format(**values) if values else text


def status_text(status: str | None, language: str = "zh") -> str:
    """The symbol and label of a status, e.g. ``● 已实现`` (or of an evaluation group, :data:`GROUP_EXTRA_LABELS`)."""
    if status in GROUP_EXTRA_LABELS:
        zh, en = GROUP_EXTRA_LABELS[status]
        return f"{GROUP_EXTRA_STYLE[status]['symbol']} {zh if language == 'zh' else en}"
    if not status:
        return ""
    zh, en = STATUS_LABELS[status]
    return f"{STATUS_STYLE[status]['symbol']} {zh if language == 'zh' else en}"


# --------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------


def unit_label(ind: Indicator, language: str) -> str:
    """The y-axis label: ``单位：万人`` / ``Unit: 10,000 persons`` (‰ spelled out)."""
    if ind.unit == "‰":
        return chart_word(language, "unit_permille")
    return chart_word(language, "unit", unit=labels.unit(ind, language))


def _printed_number(ind: Indicator) -> str:
    """The bound's number as printed (``4.2`` in ``[≤4.2]``), else as :func:`format_number` shows it."""
    value = ind.target_value
    printed = ind.target.printed if ind.target is not None else ""
    for token in re.findall(r"\d+(?:\.\d+)?", printed or ""):
        if value is not None and math.isclose(float(token), value):
            return token
    return format_number(value)


def _unit_suffix(ind: Indicator, language: str) -> str:
    """The unit written after a number in a label: ``%``, ``‰``, ``万人``, ``/10万``.

    In English a unit in words is :func:`labels.unit`'s (`` 10,000 persons``); a rate per 100,000
    stays as display.format_value writes it (`` per 100,000``).
    """
    if not ind.unit:
        return ""
    unit = ind.unit if language == "zh" or ind.unit == "1/10万" else labels.unit(ind, language)
    return format_value(0, unit, language)[1:]


def bound_label(ind: Indicator, language: str = "zh") -> str:
    """``上限 ≤4.2%`` / ``上限 <5‰`` for a ceiling, ``下限 ≥95%`` for a floor (strict as printed)."""
    ceiling = ind.direction < 0
    word = chart_word(language, "ceiling" if ceiling else "floor")
    sign = ("<" if ind.strict else "≤") if ceiling else (">" if ind.strict else "≥")
    return f"{word} {sign}{_printed_number(ind)}{_unit_suffix(ind, language)}"


def series_title(ind: Indicator, language: str, illustrative: bool) -> str:
    """A series chart's title: the plan row and name, marked 示例数据 when illustrative."""
    title = ind.label(language)
    return title + chart_word(language, "title_suffix") if illustrative else title


def series_subtitle(s: SeriesData, language: str) -> str:
    """A series chart's subtitle: the status assessed for the year, and an older data year where so."""
    text = chart_word(language, "assessed", year=s.year, status=status_text(s.row["status"], language))
    data_year = s.row.get("data_year")
    if data_year is not None and not pd.isna(data_year) and int(data_year) < s.last_year:
        text += chart_word(language, "stale", data_year=int(data_year))
    return text


def short_title(ind: Indicator, language: str, width: float) -> str:
    """Row, name and unit for a small panel, wrapped to ``width`` (in CJK characters), three lines at most."""
    row = f"{ind.row_label} " if ind.table_row else ""
    unit = labels.unit(ind, language)
    if language == "en":
        words = (row + ind.name(language)).split() + ([f"({unit})"] if unit else [])
    else:
        # Characters break anywhere, but the unit in brackets stays in one piece.
        words = list(row + ind.name(language)) + ([f"({unit})"] if unit else [])
    lines: list[str] = []
    current = ""
    for word in words:
        sep = " " if language == "en" and current else ""
        if current and _text_width(current + sep + word) > width:
            lines.append(current)
            current, sep = word.lstrip(), ""
        else:
            current += sep + word
    if current:
        lines.append(current)
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][:-1] + "…"
    return "\n".join(lines)


def _text_width(text: str) -> float:
    """Width in CJK characters: a Latin letter or digit is about half of one."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


# --------------------------------------------------------------------------------------
