"""The columns of an actuals file: their names, the headers people type for them, and finding the header row.

See docs/actuals-format.md, section 2 ("Columns"): headers are matched ignoring case, spaces, ``_``
and ``-``, with full-width characters folded; a trailing bracketed unit or ``*`` is ignored; the
header may stand below title rows, within the first 10 rows.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

__all__ = [
    "ACTUALS_COLUMNS",
    "REQUIRED_COLUMNS",
    "HEADER_ALIASES",
    "FLAG_VALUES",
    "FRAME_COLUMNS",
    "PREFERRED_SHEETS",
    "HEADER_SEARCH_ROWS",
    "canonical_column",
    "canonical_column_cached",
    "column_letter",
    "find_header",
    "flag_code",
    "fold_header",
    "is_blank_row",
]

ACTUALS_COLUMNS = (
    "indicator",
    "year",
    "value",
    "source",
    "note",
    "assigned_target",
    "events",
    "denominator",
    "flag",
    "series_break",
)
REQUIRED_COLUMNS = ("indicator", "year", "value", "source")

#: The headers people type for each column.  Matching folds full-width forms (NFKC), case,
#: spaces, underscores and hyphens, so ``Assigned Target``, ``ASSIGNED_TARGET`` and
#: ``assigned-target`` are the same header, and so are ``年份`` and ``年 份``.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indicator_id", "indicator_name", "指标", "指标名称"),
    "year": ("year", "年份", "年度"),
    "value": ("value", "actual", "数值", "实际值", "完成值"),
    "source": ("source", "来源", "数据来源", "统计口径/来源"),
    "note": ("note", "notes", "备注", "说明"),
    "assigned_target": ("assigned_target", "下达目标", "省州下达目标", "下达任务"),
    # Optional, for rates from counts (deaths and live births, for example): docs/actuals-format.md.
    "events": ("events", "事件数", "例数", "死亡数", "死亡人数", "分子"),
    "denominator": ("denominator", "分母", "活产数", "活产儿数", "活产婴儿数"),
    # Optional: provisional / final / estimated (初步 / 正式 / 估计).
    "flag": ("flag", "数据状态", "数据性质", "初步/正式/估计"),
    # Optional: a change of definition or source from this year on (text saying what changed).
    "series_break": ("series_break", "break", "口径变化", "口径调整"),
}

#: The values of ``flag`` and the words people type for them.
FLAG_VALUES: dict[str, tuple[str, ...]] = {
    "provisional": ("provisional", "初步", "初步数", "快报", "初报"),
    "final": ("final", "正式", "正式数", "最终", "终审"),
    "estimated": ("estimated", "估计", "估计数", "估算", "推算"),
}
_FLAG_LOOKUP = {alias.lower(): code for code, aliases in FLAG_VALUES.items() for alias in aliases}

#: The columns of the frame :func:`load_actuals` returns.
FRAME_COLUMNS = (
    "indicator",
    "year",
    "value",
    "source",
    "note",
    "assigned_target",
    "events",
    "denominator",
    "flag",
    "series_break",
    "illustrative",
    "file",
    "row",
)

#: Sheets read in preference to the first one, when a workbook has them.
PREFERRED_SHEETS = ("actuals", "实际值")

#: How many rows from the top are searched for the header (title rows may stand above it).
HEADER_SEARCH_ROWS = 10


def fold_header(text: Any) -> str:
    """A header (or sheet name) folded for matching: NFKC, no spaces, ``_`` or ``-``, case folded."""
    text = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "")
    return re.sub(r"[\s_\-]+", "", text).casefold()


_HEADER_LOOKUP = {fold_header(alias): canonical for canonical, aliases in HEADER_ALIASES.items() for alias in aliases}


def canonical_column(header: Any) -> str | None:
    """The actuals column a typed header means, or None.

    Trailing ``*`` (a required-field mark) and a trailing bracketed unit are ignored.

    >>> canonical_column("数据来源"), canonical_column(" Assigned Target "), canonical_column("数值（%）")
    ('source', 'assigned_target', 'value')
    >>> canonical_column("单位") is None
    True
    """
    folded = fold_header(header)
    if not folded:
        return None
    if folded in _HEADER_LOOKUP:
        return _HEADER_LOOKUP[folded]
    trimmed = re.sub(r"(\*+|\([^()]*\))+$", "", folded)
    return _HEADER_LOOKUP.get(trimmed)


@functools.lru_cache(maxsize=8192)
def canonical_column_cached(header: str) -> str | None:
    """:func:`canonical_column` remembered: the check for a repeated header row asks it of every cell."""
    return canonical_column(header)


def column_letter(index: int) -> str:
    """Excel column letter for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def is_blank_row(cells: Sequence[str]) -> bool:
    """True when every cell of a row is empty or whitespace."""
    return all(not str(c).strip() for c in cells)


def find_header(rows: list[tuple[int, list[str]]]) -> tuple[int | None, int]:
    """Index (into rows) of the header among the first rows, and how many columns it names.

    The first row naming every required column wins; otherwise the row naming the most columns;
    otherwise the first non-blank row.
    """
    best_index, best_score = None, 0
    for k, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {canonical_column(c) for c in cells} - {None}
        if set(REQUIRED_COLUMNS) <= found:
            return k, len(found)
        if len(found) > best_score:
            best_index, best_score = k, len(found)
    if best_index is None and rows:
        best_index = 0
    return best_index, best_score


def flag_code(text: str) -> str:
    """The data flag a typed word means (``provisional``, ``final``, ``estimated``), or "".

    >>> flag_code("初步"), flag_code(" Final "), flag_code("maybe")
    ('provisional', 'final', '')
    """
    return _FLAG_LOOKUP.get(text.strip().lower(), "")
