"""Every label and generated sentence of the reports, in Chinese (the default) and English.

The words are data (dayao_data/data/labels.yaml, read by :mod:`dayao_data.labels`); these are the
names the reports call them by.  Status labels are the file's ``status:`` (also
:data:`dayao_data.progress.STATUS_LABELS`; the pace and projection labels ``cagr:`` /
``anticipated:``), so a status reads the same in the command line, the notebooks, Excel and the
PDF.  Everything else the package writes into a report is a key of :data:`LABELS`; a sentence with
blanks is filled with :func:`t`.

>>> t("col_status")
'状态'
>>> t("col_status", "en")
'Status'
>>> t("time_share_of_year", "zh", year=2024, share="80.0%")
'2024年时间进度80.0%'
>>> status_label("on_track", "zh"), status_label("on_track", "en")
('基本符合预期', 'On track')
"""

from __future__ import annotations

from typing import Any

from dayao_data.labels import LANGUAGES, check_language, label, label_pairs

__all__ = [
    "LANGUAGES",
    "LABELS",
    "t",
    "check_language",
    "status_label",
    "cagr_label",
    "anticipated_label",
    "attribute_label",
    "kind_label",
    "issue_kind_label",
    "note_label",
    "join_list",
]

#: key → (Chinese, English), read from dayao_data/data/labels.yaml (``labels:``).  Placeholders in
#: braces are filled by :func:`t`; both languages of a key use the same placeholders (checked when
#: the file loads).
LABELS: dict[str, tuple[str, str]] = label_pairs("labels")


def t(key: str, language: str = "zh", **values: Any) -> str:
    """The label ``key`` in ``language``, with its blanks filled from ``values`` (:func:`labels.label`)."""
    return label(key, language, **values)


def _code_label(group: str, code: Any, language: str) -> str:
    if code is None or code != code:  # None or NaN
        return ""
    return label(f"{group}.{code}", "en" if language == "en" else "zh")


def status_label(code: Any, language: str = "zh") -> str:
    """The report label of a status code; '' for an empty status."""
    return _code_label("status", code, language)


def cagr_label(code: Any, language: str = "zh") -> str:
    """The report label of a pace code (CAGR ratio); '' for an empty one."""
    return _code_label("cagr", code, language)


def anticipated_label(code: Any, language: str = "zh") -> str:
    """The report label of a projection code; '' for an empty one."""
    return _code_label("anticipated", code, language)


def attribute_label(attribute: str, language: str = "zh") -> str:
    return t(f"attribute_{attribute}", language) if f"attribute_{attribute}" in LABELS else str(attribute)


def kind_label(kind: str, language: str = "zh", direction: int = -1) -> str:
    """The kind of target; a "ceiling" that bounds from below (direction +1) is a floor."""
    if kind == "ceiling" and direction == 1:
        return t("kind_floor", language)
    key = f"kind_{kind}"
    return t(key, language) if key in LABELS else str(kind)


def issue_kind_label(kind: str, language: str = "zh") -> str:
    key = f"issue_{kind}"
    return t(key, language) if key in LABELS else str(kind)


def note_label(code: str, language: str = "zh") -> str:
    key = f"note_{code}"
    return t(key, language) if key in LABELS else str(code)


def join_list(items, language: str = "zh") -> str:
    """Items joined the way the language lists them (、 in Chinese, commas in English)."""
    return t("list_sep", language).join(str(i) for i in items)
