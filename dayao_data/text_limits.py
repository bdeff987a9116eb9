"""Text-length bounds on the report path: oversized text is refused before any notebook runs.

A plan with 3.5 million characters of notes kept the PDF step busy past ten minutes (WeasyPrint
lays out about 30,000 characters a second on one core, measured on this machine: 100,000
characters of Chinese text in 3.3 s, and more in tables).  The plan loader has its own limits on
the file; this module bounds what a *report* renders: every text field of the plan (names,
units, notes, citations, the title …) and every text cell of the actuals (source, note) is at most
:data:`MAX_FIELD_CHARS` characters, and all of them together at most :data:`MAX_TOTAL_CHARS`.
The longest field of the shipped Dayao plan has 573 characters and all its text about 100,000,
so the bounds are far above any real plan and far below a PDF step of many minutes.

:func:`check_report_texts` raises :class:`TextTooLongError` naming the fields (indicator id and
field, or actuals file, row and column) and their lengths, so the user can shorten them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

__all__ = ["MAX_FIELD_CHARS", "MAX_TOTAL_CHARS", "TextTooLongError", "check_report_texts", "text_fields"]

#: Characters of one text field a report renders at most (the longest in the Dayao plan: 573).
MAX_FIELD_CHARS = 10_000
#: Characters of all the plan's and the actuals' text together at most (about 30 s of PDF layout).
MAX_TOTAL_CHARS = 1_000_000
_MAX_DEPTH = 12


class TextTooLongError(ValueError):
    """Text too long for a report: names the fields."""


def _name(obj: Any) -> str | None:
    ident = getattr(obj, "id", None)
    return str(ident) if isinstance(ident, str) else None


def text_fields(obj: Any, where: str = "plan", depth: int = 0) -> Iterator[tuple[str, int]]:
    """Every text field of a plan (or any dataclass / dict / list tree): (where, length).

    >>> from dayao_data.plan import load_plan
    >>> max(n for _, n in text_fields(load_plan())) < MAX_FIELD_CHARS
    True
    """
    if isinstance(obj, str):
        yield where, len(obj)
        return
    if depth > _MAX_DEPTH or obj is None or isinstance(obj, (int, float, bool, bytes)):
        return
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name in ("path", "sha256"):
                continue
            yield from text_fields(getattr(obj, f.name), f"{where}.{f.name}", depth + 1)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from text_fields(v, f"{where}.{k}", depth + 1)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from text_fields(v, f"{where}[{_name(v) or i}]", depth + 1)


def _actuals_fields(actuals) -> Iterator[tuple[str, int]]:
    if actuals is None or not len(actuals):
        return
    for column in actuals.columns:
        if column in ("file",) or actuals[column].dtype.kind in "biufcmM":
            continue
        lengths = actuals[column].map(lambda v: len(v) if isinstance(v, str) else 0)
        for index in lengths.index[lengths > 0]:
            rec = actuals.loc[index]
            where = f"actuals {rec.get('file', '?')}, row {rec.get('row', '?')}, column {column}"
            yield where, int(lengths[index])


def check_report_texts(
    plan: Any, actuals: Any = None, *, max_field: int = MAX_FIELD_CHARS, max_total: int = MAX_TOTAL_CHARS
) -> None:
    """Raise :class:`TextTooLongError` if a text field, or all of them together, is too long to render.

    >>> from dayao_data.plan import load_plan
    >>> check_report_texts(load_plan(), max_field=100)
    Traceback (most recent call last):
    ...
    dayao_data.text_limits.TextTooLongError: ... text field(s) longer than a report renders in one field (at most 100 characters): plan.departments.veterans_affairs.name_en (142 characters); ...
    """
    too_long: list[tuple[str, int]] = []
    total = 0
    for where, n in [*text_fields(plan), *_actuals_fields(actuals)]:
        total += n
        if n > max_field:
            too_long.append((where, n))
    if too_long:
        shown = "; ".join(f"{w} ({n:,} characters)" for w, n in too_long[:5])
        more = f"; and {len(too_long) - 5:,} more" if len(too_long) > 5 else ""
        raise TextTooLongError(
            f"{len(too_long):,} text field(s) longer than a report renders in one field "
            f"(at most {max_field:,} characters): {shown}{more} — "
            "shorten them (a note belongs in the plan's text, not in one field)"
        )
    if total > max_total:
        raise TextTooLongError(
            f"the plan and the actuals hold {total:,} characters of text, more than a report renders "
            f"(at most {max_total:,}; the Dayao plan has about 100,000) — is this the right plan?"
        )
