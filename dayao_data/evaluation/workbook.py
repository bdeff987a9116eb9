"""The evaluation's Excel workbook: every table of the mid-term or final, with Chinese headers.

:func:`write_workbook` writes ``midterm.xlsx`` or ``final.xlsx`` (:data:`XLSX_NAMES`) into a folder;
:func:`export_xlsx` is the notebooks' call (into the evaluation's output folder, or a given path);
:func:`excel_sheets` gives the sheets without writing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dayao_data.evaluation.common import METRIC_LABELS
from dayao_data.evaluation.context import Evaluation
from dayao_data.labels import columns, evaluation_sheets, label
from dayao_data.report import tables as T
from dayao_data.report.xlsx import write_tables_xlsx

#: The workbook each evaluation writes into its output folder.
XLSX_NAMES = {"midterm": "midterm.xlsx", "final": "final.xlsx"}

# --------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------

#: Chinese header, number format, width of the columns of the evaluation workbook (labels.yaml
#: ``columns.evaluation``; any column not listed keeps its code as header).
COLUMN_DOCS: dict[str, tuple[str, str, float]] = {
    code: (column.zh, column.format, column.width) for code, column in columns("evaluation").items()
}
_SKIP_COLUMNS = (
    "plan_order",
    "group_en",
    "department_en",
    "project_en",
    "target_en",
    "verdict_en",
    "change_en",
    "code_en",
    "text_en",
    "disagreement_en",
    "status_zh_en",
)

#: The tables each evaluation writes, as (table, sheet name), in order (labels.yaml ``evaluation_sheets``).
_SHEETS = {kind: evaluation_sheets(kind) for kind in XLSX_NAMES}


def _excel_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells Excel can hold: year lists as 2022、2024, yes/no in Chinese, codes kept."""
    out = frame.drop(columns=[c for c in frame.columns if c in _SKIP_COLUMNS]).copy()
    for col in out.columns:
        values = out[col].tolist()
        if any(isinstance(v, (tuple, list)) for v in values):
            out[col] = ["、".join(str(x) for x in v) if isinstance(v, (tuple, list)) else v for v in values]
        elif out[col].dtype == bool or any(isinstance(v, bool) for v in values):
            # numpy and Python booleans alike; anything else (None for "not applicable") stays
            out[col] = ["是" if str(v) == "True" else "否" if str(v) == "False" else v for v in values]
    return out


def excel_sheets(ev: Evaluation) -> list[tuple[str, pd.DataFrame, dict]]:
    """The evaluation tables as (sheet name, frame, column docs), one sheet each, in report order."""
    tables = ev.result.tables
    sheets = []
    for name, title in _SHEETS[ev.kind]:
        frame = _excel_frame(tables[name])
        if name == "overall" or name == "summary_comparison":
            names = frame["metric"].map(lambda k: METRIC_LABELS[k][0] if k in METRIC_LABELS else k)
            frame.insert(1, "metric_zh", names)
        docs = {
            c: COLUMN_DOCS.get(c, (f"{c}年", "#,##0.00", 10) if str(c).isdigit() else (c, "General", 14))
            for c in frame.columns
        }
        docs["metric_zh"] = COLUMN_DOCS["metric_zh"]
        sheets.append((title, frame, docs))
    return sheets


def write_workbook(ev: Evaluation, folder: str | Path) -> Path:
    """Write the evaluation's workbook (:data:`XLSX_NAMES`: ``midterm.xlsx`` / ``final.xlsx``) into ``folder``.

    One sheet per table (:func:`excel_sheets`), Chinese headers with the column codes under them,
    the red 示例数据 banner on every sheet when the data are illustrative; written atomically.  Uses
    the workbook helpers of :mod:`dayao_data.report.xlsx` (the yearly assess.xlsx), so both
    workbooks look alike.  Displays nothing; returns the path written.
    """
    return _write(ev, Path(folder) / XLSX_NAMES[ev.kind])


def _write(ev: Evaluation, path: Path) -> Path:
    write_tables_xlsx(
        [(title, frame, docs) for title, frame, docs in excel_sheets(ev)], path, illustrative=ev.illustrative
    )
    return path


def export_xlsx(ev: Evaluation, path: str | Path | None = None) -> Path:
    """The notebooks' call: write the workbook (as :func:`write_workbook`) to ``path``, by default
    into the evaluation's output folder, and say so in the notebook."""
    path = _write(ev, Path(path)) if path is not None else write_workbook(ev, ev.ctx.output_folder)
    text = label("evaluation_words.exported", ev.language, name=path.name)
    _display(T.paragraph(text), text)
    return path


def _display(html: str, text: str) -> None:
    """Show the note in the notebook, as the evaluation's show calls do (HTML and plain text)."""
    from IPython.display import display

    display({"text/plain": text.rstrip("\n"), "text/html": html}, raw=True)
