"""What every table and paragraph of the evaluation notebooks shares: labels, styles and output.

The words of the tables (:func:`wording`), the styles of the evaluation's codes, the
output of one part as ``text/html`` and ``text/plain`` (:func:`emit`), and the report table with
figures that never break inside a cell (:func:`table`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dayao_data import i18n
from dayao_data.display import format_share, is_missing
from dayao_data.evaluation import narrative as nv
from dayao_data.evaluation.common import METRIC_LABELS
from dayao_data.evaluation.context import Evaluation
from dayao_data.labels import label_pairs
from dayao_data.report import tables as T

# How a code of the evaluation is drawn: the class of the report's status scale it borrows (the
# label shown is the evaluation's own).  Only the eight status classes are styled (report.css).
VERDICT_STYLE = {
    "achieved": "achieved",
    "achieved_after_breach": "breached",
    "not_achieved": "lagging",
    "incomplete": "no_data",
    "no_final_year_data": "no_data",
    "not_assessable": "not_assessable",
    "no_data": "no_data",
}
CEILING_STYLE = {
    "held_every_year": "achieved",
    "held_reported_years": "on_track",
    "breached": "breached",
    "no_data": "no_data",
}
CHANGE_STYLE = {
    "newly_achieved": "ahead",
    "still_achieved": "achieved",
    "no_longer_achieved": "regressing",
    "still_not_achieved": "lagging",
    "no_final_data": "no_data",
    "breached_in_period": "breached",
}
SCENARIO_STYLE = {
    "reachable_at_best_pace": "on_track",
    "not_reachable_at_any_pace_seen": "lagging",
    "no_pace_seen": "no_data",
}

_WORDS: dict[str, tuple[str, str]] = label_pairs("evaluation_words")


SHARE_METRICS = ("time_share", "mean_task_share", "median_task_share", "mean_time_share")


def wording(key: str, language: str, **values: Any) -> str:
    """A word or phrase of the evaluation tables in ``language``, filled with ``values``."""
    zh, en = _WORDS[key]
    text = en if language == "en" else zh
    return text.format(**values) if values else text


# --------------------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------------------


def emit(html: str, text: str) -> None:
    """Display one part of the report: its HTML and its deterministic plain text."""
    from IPython.display import display

    display({"text/plain": text.rstrip("\n"), "text/html": html}, raw=True)


def banner(ev: Evaluation) -> str:
    """The red 示例数据 banner (HTML) when the data are illustrative, else nothing."""
    if not ev.illustrative:
        return ""
    return f'<div class="dd-illustrative">{T.escape(i18n.t("illustrative_banner", ev.language))}</div>'


def tagged(ev: Evaluation, text: str) -> str:
    """``text`` preceded by the illustrative banner's words when the data are illustrative."""
    if not ev.illustrative:
        return text
    return i18n.t("illustrative_banner", ev.language) + "\n" + text


def paragraphs_html(sentences: Sequence[nv.Sentence]) -> str:
    """Sentences as HTML paragraphs, one each."""
    return "".join(T.paragraph(s.text) for s in sentences)


def ordered_html(sentences: Sequence[nv.Sentence]) -> str:
    """Sentences as an HTML numbered list."""
    items = "".join(f"<li>{T.escape(s.text)}</li>" for s in sentences)
    return f"<ol>{items}</ol>"


def numbered_text(sentences: Sequence[nv.Sentence]) -> str:
    """Sentences as numbered lines of plain text."""
    return "\n".join(f"{i}. {s.text}" for i, s in enumerate(sentences, start=1))


def label_of(labels: dict[str, tuple[str, str]], code: Any, language: str) -> str:
    """The label of ``code`` in ``labels`` in ``language`` (the empty mark when unknown)."""
    if not isinstance(code, str) or code not in labels:
        return T.EMPTY
    zh, en = labels[code]
    return en if language == "en" else zh


def indicator_of(ev: Evaluation, indicator_id: str):
    """The plan's indicator ``indicator_id``."""
    return ev.plan.indicator(indicator_id)


def name_of(ev: Evaluation, indicator_id: str) -> str:
    """The name of indicator ``indicator_id`` in the evaluation's language."""
    return indicator_of(ev, indicator_id).name(ev.language)


def row_label(ind) -> str:
    """The label of the indicator's row in the plan's table (the empty mark when it has none)."""
    return ind.row_label if ind.table_row is not None else T.EMPTY


def year_text(value: Any) -> str:
    """A year as text (the empty mark when missing)."""
    return T.EMPTY if is_missing(value) else str(int(value))


def years_text(values: Any, language: str) -> str:
    """A list of years as text (the empty mark when there is none)."""
    if values is None or (not isinstance(values, (tuple, list))) or not len(values):
        return T.EMPTY
    return ("、" if language == "zh" else ", ").join(str(int(y)) for y in values)


def share_text(value: Any, language: str) -> str:
    """A share as a percentage (the empty mark when missing)."""
    return T.EMPTY if is_missing(value) else format_share(value, language)


def signed_text(value: Any, ind, language: str) -> str:
    """A change with its sign and the indicator's unit (the empty mark when missing)."""
    if is_missing(value):
        return T.EMPTY
    text = T.change_text(abs(float(value)), ind, language)
    if abs(float(value)) < 5e-3:
        return text
    return ("+" if float(value) > 0 else "−") + text


#: A figure with its unit, never broken across lines in a table cell ("15/10万", "1.58万人", "+0.24"):
#: a sign or comparison mark, the digits, and a unit of the plan's (longest first).  "个百分点" is
#: kept whole on its own, so a narrow cell may break between the figure and it, never inside.
_UNITS = sorted(
    [
        "人",
        "‰",
        "%",
        "班",
        "项",
        "套",
        "所",
        "年",
        "个",
        "种",
        "块",
        "张",
        "户",
        "岁",
        "名",
        "万人",
        "万元",
        "亿元",
        "平方米",
        "万人次",
        "/10万",
        "元/生·年",
        "元/人·月",
        "元/生·天",
        "元/生",
        "次/年",
        "次/月",
    ],
    key=len,
    reverse=True,
)
_FIGURE = re.compile(
    r"(?:[≤≥<>]|[+−-](?=\d))?\d[\d,]*(?:\.\d+)?(?:"
    + "|".join(re.escape(u) + ("(?![百千]分点)" if u == "个" else "") for u in _UNITS)
    + r")?|个[百千]分点"
)


def _nowrap_cells(html: str) -> str:
    """Wrap every figure-with-unit inside the table cells of ``html`` in a no-break span."""

    def cell(match: re.Match) -> str:
        inner = re.sub(
            r"(<[^>]*>)|(" + _FIGURE.pattern + ")",
            lambda m: m.group(1) or f'<span style="white-space: nowrap">{m.group(2)}</span>',
            match.group(2),
        )
        return match.group(1) + inner + match.group(3)

    return re.sub(r"(<td[^>]*>)(.*?)(</td>)", cell, html, flags=re.S)


@dataclass
class _EvalTable(T.ReportTable):
    """A report table whose cells never break inside a figure or its unit."""

    def to_html(self) -> str:
        return _nowrap_cells(super().to_html())


def report_table(
    frame_records: list[dict],
    columns: list[str],
    *,
    language: str,
    status: dict[str, list] | None = None,
    binding: list[bool] | None = None,
    numeric: Sequence[str] = (),
    compact: bool = False,
    text_columns: Sequence[str] | None = None,
    key: str = "",
    status_limit: int | None = None,
    spans: dict[str, int] | None = None,
    units: Sequence[Any] | None = None,
) -> T.ReportTable:
    """A report table of the evaluation, whose figures never break inside a cell."""
    if units is not None:
        # A unit column after the indicator, the unit as the yearly report shows it
        # (tables.unit_text: "岁（推定）" where the plan's table prints none).
        ucol, at = i18n.t("col_unit", language), columns.index(i18n.t("col_indicator", language)) + 1
        columns = columns[:at] + [ucol] + columns[at:]
        frame_records = [{**r, ucol: T.unit_text(ind, language)} for r, ind in zip(frame_records, units)]
    frame = pd.DataFrame(frame_records, columns=columns)
    # A status span does not wrap (report.css: white-space: nowrap), so a long label in a narrow
    # column would run into the next one: long labels are shown as plain, wrapping text.
    limit = status_limit if status_limit is not None else (16 if language == "en" else 6)
    status = {
        col: [code if len(str(frame[col].iloc[i])) <= limit else None for i, code in enumerate(codes)]
        for col, codes in (status or {}).items()
    }
    return _EvalTable(
        frame=frame,
        key=key,
        status_codes=status,
        binding=binding,
        numeric=tuple(numeric),
        compact=compact,
        language=language,
        text_columns=tuple(text_columns) if text_columns is not None else None,
        text_key_columns=(columns[0],),
        spans=dict(spans or {}),
    )


def metric_table(ev: Evaluation, metrics: Sequence[str], frame: pd.DataFrame) -> T.ReportTable:
    """The table of the overall metrics ``metrics`` (metric, value) from ``frame``."""
    lang = ev.language
    cols = [wording("metric", lang), i18n.t("col_fact", lang)]
    values = dict(zip(frame["metric"], frame["value"]))
    records = []
    for key in metrics:
        v = values.get(key)
        shown = share_text(v, lang) if key in SHARE_METRICS else (T.EMPTY if v is None else str(int(v)))
        records.append({cols[0]: label_of(METRIC_LABELS, key, lang), cols[1]: shown})
    return report_table(records, cols, language=lang, numeric=(cols[1],), key="overall")
