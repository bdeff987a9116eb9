"""Reading a planner's indicator table (.xlsx or .csv, the columns of a printed 主要指标表) into
rows, with merged or blank 分类 and 序号 cells carried down and a row without a number taken as the
row above's second series; :func:`read_table` is what ``dayao plan import`` reads first.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ImportError_", "TableRow", "Table", "read_table", "fold_header"]


class ImportError_(ValueError):
    """The table cannot be imported (file, row, what was expected)."""


# --------------------------------------------------------------------------------------
# Reading the table
# --------------------------------------------------------------------------------------

_HEADERS = {
    "row": ("序号", "行号", "编号", "no", "no.", "row"),
    "domain": ("分类", "领域", "类别", "服务领域", "指标分类", "domain", "category"),
    "name": ("指标", "指标名称", "主要指标", "indicator", "name"),
    "unit": ("单位", "计量单位", "unit"),
    "change": ("累计增长", "五年累计增长", "变化", "增减", "五年累计", "change"),
    "attribute": ("属性", "指标属性", "性质", "attribute"),
    "department": ("责任单位", "责任部门", "牵头单位", "负责单位", "牵头部门", "department"),
}


def fold_header(text: Any) -> str:
    """A cell folded for matching (NFKC, no spaces, lower case), as the header names are compared."""
    text = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return re.sub(r"\s+", "", text).lower()


def _classify(header: str) -> tuple[str, int | None] | None:
    h = fold_header(header)
    if not h:
        return None
    m = re.match(r"^(\d{4})年?(完成|基期|基期值|现状|实际|实际值|基数)?$", h)
    if m and m.group(2) is not None:
        return ("base", int(m.group(1)))
    m = re.match(r"^(\d{4})年?(目标|目标值|预期|预期目标|规划目标)$", h)
    if m:
        return ("target", int(m.group(1)))
    if h in ("基期值", "基期", "现状值", "基数", "baseline", "base"):
        return ("base", None)
    if h in ("目标值", "目标", "规划目标", "target"):
        return ("target", None)
    for key, names in _HEADERS.items():
        if h in {fold_header(n) for n in names}:
            return (key, None)
    if "累计增长" in h or h.endswith("增长"):
        return ("change", None)
    if h.endswith("属性"):
        return ("attribute", None)
    return None


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one plain message
            raise ImportError_(
                f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}); save it as .xlsx"
            ) from None
        ws = wb.worksheets[0]
        rows = [
            ["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in r]
            for r in ws.iter_rows(values_only=True)
        ]
        wb.close()
        return rows
    if suffix in (".csv", ".txt"):
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportError_(f"{path}: the CSV is neither UTF-8 nor GB18030 text")
        sample = text[:4096]
        delimiter = max(",;\t", key=sample.count)
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    raise ImportError_(f"{path}: expected an .xlsx or .csv file, not {suffix or 'a file without extension'}")


@dataclass
class TableRow:
    line: int  # the row as Excel numbers it
    row: int
    series: str | None
    domain: str
    name: str
    unit: str
    base: str
    target: str
    change: str
    attribute: str
    department: str


@dataclass
class Table:
    title: str | None
    base_year: int | None
    target_year: int | None
    rows: list[TableRow]
    columns: dict[str, int]


def read_table(path: str | Path) -> Table:
    """The indicator table's rows, with merged/blank 分类 and 序号 carried down."""
    path = Path(path)
    if not path.exists():
        raise ImportError_(f"{path}: no such file")
    raw = _read_rows(path)
    header_at, columns, years = None, {}, {}
    for i, r in enumerate(raw[:12]):
        cols: dict[str, int] = {}
        ys: dict[str, int | None] = {}
        for j, cell in enumerate(r):
            c = _classify(cell)
            if c and c[0] not in cols:
                cols[c[0]] = j
                if c[0] in ("base", "target"):
                    ys[c[0]] = c[1]
        if "name" in cols and "target" in cols:
            header_at, columns, years = i, cols, ys
            break
    if header_at is None:
        raise ImportError_(
            f"{path}: no header row found in the first 12 rows; expected columns such as 分类, 指标, 单位, "
            "2020年完成 (or 基期值), 2025年目标 (or 目标值), 属性, 责任单位"
        )
    title = next((c.strip() for r in raw[:header_at] for c in r if c and c.strip()), None)

    def cell(r: list[str], key: str) -> str:
        j = columns.get(key)
        return unicodedata.normalize("NFKC", r[j]).strip() if j is not None and j < len(r) and r[j] is not None else ""

    rows: list[TableRow] = []
    last_row, last_domain, next_auto = 0, "", 1
    for i, r in enumerate(raw[header_at + 1 :], start=header_at + 2):
        name = cell(r, "name")
        if not name:
            continue
        if re.match(r"^注[:：]", name) or name.startswith("注"):
            continue
        names = [n.strip() for n in name.split("\n") if n.strip()]
        parts = {k: [x.strip() for x in cell(r, k).split("\n")] for k in ("base", "target", "change", "unit")}
        number = cell(r, "row")
        dom = cell(r, "domain") or last_domain
        if dom != last_domain and last_domain and not number:
            pass
        if number:
            m = re.match(r"^(\d+)", number)
            if not m:
                raise ImportError_(f"{path}, row {i}, column 序号: {number!r} is not a row number (expected 1, 2, 3 …)")
            row_no, series_start = int(m.group(1)), None
        elif "row" in columns and rows:
            row_no, series_start = last_row, "continue"
        else:
            row_no, series_start = next_auto, None
        for k, n in enumerate(names):

            def part(key: str, k=k) -> str:
                vals = parts[key]
                if len(names) > 1 and len(vals) == len(names):
                    return vals[k]
                return vals[0] if vals else ""

            rows.append(
                TableRow(
                    i,
                    row_no,
                    None,
                    dom,
                    n,
                    part("unit"),
                    part("base"),
                    part("target"),
                    part("change"),
                    cell(r, "attribute"),
                    cell(r, "department"),
                )
            )
            if series_start == "continue" or k > 0:
                same = [x for x in rows if x.row == row_no and x.domain == dom]
                for s, x in enumerate(same):
                    x.series = "abcdefgh"[s]
        last_row, last_domain, next_auto = row_no, dom, row_no + 1
    if not rows:
        raise ImportError_(f"{path}: the table has a header but no indicator rows below it")
    return Table(title, years.get("base"), years.get("target"), rows, columns)
