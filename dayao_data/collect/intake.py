"""Taking in returned forms and actuals files: validate everything, record what is sound, refuse the rest.

:func:`take_in` is what ``dayao intake FILE ...`` runs.  For each file it

1. recognises a returned form (the very hidden ``_form`` sheet written by :mod:`dayao_data.collect.forms`;
   a form saved as CSV, or copied into a new workbook, is recognised by its headers) or a plain
   actuals file (docs/actuals-format.md);
2. reads every cell: columns are found by their header text (moved columns still work), blank rows
   are skipped, merged cells in the table are refused, formula cells are read as their saved value
   with a warning (no saved value: an error), and figures typed the way people commonly type them
   (``８５．３``, ``1,580``, ``85.3%`` on a percentage) are read with a note — anything ambiguous is an
   error (:func:`dayao_data.excel.lenient_number`);
3. checks the figures by exactly the rules of ``dayao validate`` (:mod:`dayao_data.actuals`: known
   indicator, year in the plan period, bounds, fractions typed for percentages, whole numbers,
   required source, the same series and year twice), and beyond them: a form of another plan,
   department or year, a row of another department's series, a locked figure changed, a figure
   that differs from the one on record (a revision, accepted only with ``accept_revisions``);
4. records, in one all-or-nothing step (:meth:`dayao_data.collect.store.ActualsStore.record`), the new
   and revised figures of the files without errors — or, with ``valid_rows_only``, the rows without
   errors of files whose problems are confined to some rows.

Every problem is a :class:`dayao_data.actuals.Problem` with file, sheet, row and column as the user
sees them; readings are problems of severity ``"note"``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from dayao_data.actuals import (
    SUPPORTED,
    TEXT_EXTENSIONS,
    XLSX_EXTENSIONS,
    Problem,
    Table,
    Unreadable,
    canonical_column,
    cell_text,
    check_files,
    date_problem,
    format_number,
    load_table,
    read_rows,
    show_cell,
)
from dayao_data.collect.forms import CODE, FOOTER_LABELS, FORM_SCHEMA, FORM_SHEET, META_SHEET, NAME
from dayao_data.collect.store import ActualsStore, IncomingFile, IntakeRecord, NewVersion
from dayao_data.excel import lenient_number, plain_number_text
from dayao_data.limits import MAX_MAGNITUDE, limit
from dayao_data.plan import Indicator, Plan
from dayao_data.xlsx_guard import WorkbookRefused, check_archive, neutralise_non_finite

__all__ = ["FormInfo", "Submission", "Candidate", "IntakeResult", "read_submission", "take_in"]

#: How many rows from the top are searched for a form's header row.
FORM_HEADER_SEARCH_ROWS = 15
MERGED_HINT = (
    "one value per cell: unmerge the cells (开始 › 合并后居中 › 取消单元格合并) and type each figure in its own row"
)
FORM_AS_SENT = f"the form as sent, with its sheet '{FORM_SHEET}' and its headers unchanged"


def _fold(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", "" if text is None else str(text)))


# --------------------------------------------------------------------------------------
# What a file holds
# --------------------------------------------------------------------------------------


@dataclass
class FormInfo:
    """The identity of a returned form (from its ``_form`` sheet, or inferred for a CSV copy)."""

    identified: bool
    form_id: str | None = None
    plan_id: str | None = None
    plan_sha256: str | None = None
    department: str | None = None
    department_name: str | None = None
    year: int | None = None
    indicators: tuple[str, ...] = ()
    prefilled: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)


@dataclass
class Submission:
    """One file as read: what it is, its table for the shared checks, and its own problems."""

    path: Path
    file: str
    sha256: str | None
    kind: str  # form | actuals | unreadable
    form: FormInfo | None = None
    table: Table | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: dict[int, list[str]] = field(default_factory=dict)
    suppressed: set = field(default_factory=set)  # (row, column header) whose shared-check problems are replaced
    fatal: bool = False
    blank_series: list[str] = field(default_factory=list)
    sheet: str | None = None
    bad_rows: set = field(default_factory=set)  # rows refused without an error of their own (inside a merged range)

    def error(self, row: int | None, column: str | None, message: str, expected: str | None = None) -> None:
        self.problems.append(Problem(self.file, row, column, message, expected, "error", self.sheet))
        if row is None:
            self.fatal = True

    def warn(self, row: int | None, column: str | None, message: str, expected: str | None = None) -> None:
        self.problems.append(Problem(self.file, row, column, message, expected, "warning", self.sheet))

    def note(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, message, None, "note", self.sheet))
        self.notes.setdefault(row, []).append(f"{column}: {message}")

    @property
    def department(self) -> str | None:
        return self.form.department if self.form else None

    @property
    def year(self) -> int | None:
        return self.form.year if self.form else None


@dataclass
class _Cell:
    text: str
    formula: str | None = None
    cached_missing: bool = False


def _read_bytes(path: Path) -> bytes | None:
    try:
        if path.is_file() and path.stat().st_size > limit("MAX_FILE_BYTES"):
            return None  # the plain reader refuses it with the limit named
        if path.is_file():
            with open(path, "rb") as handle:
                return handle.read()
    except OSError:
        return None
    return None


def read_submission(
    path: str | Path, plan: Plan, *, year: int | None = None, department: str | None = None
) -> Submission:
    """Read one file: a returned form or a plain actuals file.  Never raises for bad content.

    ``year`` and ``department`` are what the intake expects (``--year``, ``--department``); a form
    for another year or department is refused as a whole.
    """
    p = Path(path)
    file = str(path) if str(path) else "<no file name>"
    data = _read_bytes(p)
    sha = hashlib.sha256(data).hexdigest() if data is not None else None
    suffix = p.suffix.lower()
    if data and suffix in XLSX_EXTENSIONS and data.startswith(b"PK"):
        import openpyxl

        try:
            check_archive(data)  # before anything is decompressed
        except WorkbookRefused as exc:
            sub = Submission(p, file, sha, "unreadable")
            sub.error(None, None, exc.message, exc.expected)
            return sub
        data, _ = neutralise_non_finite(data)  # NaN/INF number cells read as text, and refused as such
        # A quick look first (read-only, the top rows only): a plain actuals workbook may be large.
        kind, form_sheet = _workbook_kind(data)
        if kind is not None:
            try:
                wb_f = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
            except Exception:  # noqa: BLE001 - a damaged workbook: the plain reader names the problem
                wb_f = None
            if wb_f is not None and kind == "form":
                sub = Submission(p, file, sha, "form")
                _read_form_workbook(sub, wb_f, data, plan, year, department)
                return sub
            if wb_f is not None and kind == "form copy":
                ws = wb_f[form_sheet]
                sub = Submission(p, file, sha, "form", sheet=ws.title)
                wb_v = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
                grid, max_row = _sheet_grid(ws, wb_v[ws.title])
                _drop_hidden_rows(sub, ws, grid)
                sub.warn(
                    None,
                    None,
                    f"this workbook has the form's columns but not its identification (sheet '{META_SHEET}'); the year and department are taken from its headers and series",
                    "the .xlsx form as sent",
                )
                _read_form_grid(sub, grid, max_row, list(ws.merged_cells.ranges), None, plan, year, department)
                return sub
    elif data and suffix in TEXT_EXTENSIONS:
        try:
            numbered, meta = read_rows(p)
        except Exception:  # noqa: BLE001 - unreadable: the plain reader names the problem
            numbered, meta = [], {}
        grid = {
            (r, c + 1): _Cell(str(text)) for r, cells in numbered for c, text in enumerate(cells) if str(text).strip()
        }
        max_row = max([r for r, _ in numbered] or [0])
        if numbered and _form_header_row(grid, max_row) is not None:
            sub = Submission(p, file, sha, "form")
            sub.warn(
                None,
                None,
                f"this form was saved as a text file (CSV, encoding {meta.get('encoding', '?').upper()}), which drops the form's identification; the year and department are taken from its headers and series",
                "the .xlsx form as sent",
            )
            _read_form_grid(sub, grid, max_row, [], None, plan, year, department)
            return sub
    sub = Submission(p, file, sha, "actuals")
    _read_plain(sub, data, plan, department)
    return sub


def _workbook_kind(data: bytes) -> tuple[str | None, str | None]:
    """("form", None) for a returned form, ("form copy", sheet) for the form's table without its
    identification, (None, None) for anything else (a plain actuals workbook, or unreadable)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001
        return None, None
    try:
        if META_SHEET in wb.sheetnames:
            return "form", None
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue  # a hidden sheet is not what the user sees, so not what is read
            grid: dict[tuple[int, int], _Cell] = {}
            try:
                for row in ws.iter_rows(min_row=1, max_row=FORM_HEADER_SEARCH_ROWS):
                    for cell in row:
                        value = getattr(cell, "value", None)
                        if value is not None and getattr(cell, "row", None):
                            grid[(cell.row, cell.column)] = _Cell(str(value))
            except Exception:  # noqa: BLE001
                continue
            if _form_header_row(grid, FORM_HEADER_SEARCH_ROWS) is not None:
                return "form copy", ws.title
        return None, None
    finally:
        wb.close()


# --------------------------------------------------------------------------------------
# Plain actuals files
# --------------------------------------------------------------------------------------


def _formula_cells(data: bytes, sheet: str | None) -> dict[tuple[int, int], str]:
    """(row, 0-based column) → formula text of the formula cells of a sheet."""
    import openpyxl

    out: dict[tuple[int, int], str] = {}
    if not _has_formulas(data):
        return out  # the common case, without parsing a large workbook a second time
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001
        return out
    try:
        if sheet not in wb.sheetnames:
            return out
        ws = wb[sheet]
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    out[(cell.row, cell.column - 1)] = _formula_text(cell.value)
    except Exception:  # noqa: BLE001 - the plain reader has already named what is wrong
        return out
    finally:
        wb.close()
    return out


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of an .xlsx holds a formula element (``<f>`` or ``<f …>``)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    tail = b""
                    with z.open(name) as fh:
                        for chunk in iter(lambda: fh.read(1 << 20), b""):
                            if re.search(rb"<(?:\w+:)?f[ >/]", tail + chunk):
                                return True
                            tail = chunk[-16:]
    except Exception:  # noqa: BLE001 - let the full reader decide
        return True
    return False


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", value)
    text = str(text)
    return text if text.startswith("=") else "=" + text


def _read_plain(sub: Submission, data: bytes | None, plan: Plan, department: str | None) -> None:
    try:
        table = load_table(sub.path)
    except Unreadable as exc:
        sub.kind = "unreadable"
        sub.problems.append(Problem(sub.file, None, None, exc.message, exc.expected, "error", exc.sheet))
        sub.fatal = True
        return
    except Exception as exc:  # noqa: BLE001
        sub.kind = "unreadable"
        sub.problems.append(
            Problem(sub.file, None, None, f"the file cannot be read ({type(exc).__name__}: {exc})", SUPPORTED)
        )
        sub.fatal = True
        return
    table.file = sub.file
    sub.table = table
    sub.sheet = table.sheet
    if table.missing:
        return  # the shared check reports the missing columns
    cols, headers = table.columns, table.headers
    formulas = _formula_cells(data, table.sheet) if data is not None and table.meta.get("format") == "xlsx" else {}
    # Cells the reader has already explained (a formula without a saved result, NaN): their problem
    # stands as the reader put it, and no other check of the intake speaks of them.
    explained = table.meta.get("explained") or set()
    for p in table.problems:
        if (
            p.row is not None
            and p.column is not None
            and any(r == p.row and pos < len(headers) and headers[pos] == p.column for r, pos in explained)
        ):
            sub.problems.append(p)
            sub.suppressed.add((p.row, p.column))
    new_rows = []
    for row_number, cells in table.rows:
        cells = list(cells)
        ind_pos = cols.get("indicator")
        ind_id = (
            plan.resolve(cells[ind_pos])
            if ind_pos is not None and ind_pos < len(cells) and cells[ind_pos].strip()
            else None
        )
        ind = plan.indicator(ind_id) if ind_id else None
        for pos in cols.values():
            if (row_number, pos) in formulas and (row_number, pos) not in explained:
                header = headers[pos]
                cached = cells[pos] if pos < len(cells) else ""
                _formula_problem(sub, row_number, header, formulas[(row_number, pos)], cached)
        for name in ("value", "assigned_target"):
            pos = cols.get(name)
            if pos is None or pos >= len(cells) or ind is None:
                continue
            if (row_number, headers[pos]) in sub.suppressed:
                continue
            cells[pos] = _read_figure(sub, row_number, headers[pos], cells[pos], ind)
        if department and ind is not None and ind.department != department:
            sub.error(
                row_number,
                headers[ind_pos],
                _other_department(plan, ind, department),
                f"only the series of {plan.department_name(department)} (--department)",
            )
        new_rows.append((row_number, cells))
    table.rows = new_rows


def _formula_problem(sub: Submission, row: int, header: str, formula: str, cached: str) -> None:
    if not str(cached).strip():
        sub.error(
            row,
            header,
            f"the cell holds the formula {formula} without a saved result",
            "a typed figure (or open the file in Excel, let it calculate, and save it)",
        )
        sub.suppressed.add((row, header))
    else:
        sub.warn(
            row,
            header,
            f"the cell holds the formula {formula}; its saved result {cached} was read",
            "typed figures rather than formulas",
        )
        sub.notes.setdefault(row, []).append(f"{header}: formula {formula} read as its saved result {cached}")


def _read_figure(sub: Submission, row: int, header: str, raw: str, ind: Indicator) -> str:
    """A figure cell read leniently: the plain text for the shared checks (or the raw text after an error)."""
    if not str(raw).strip():
        return ""
    date = date_problem(raw)
    value, note, error = (None, None, date) if date else lenient_number(raw, percent=ind.is_percent, unit=ind.unit)
    if not error and value is not None and (not math.isfinite(value) or abs(value) > MAX_MAGNITUDE):
        error = f"{show_cell(raw.strip())} is beyond any plausible figure (more than 10^15 in size)"
    if error:
        sub.error(row, header, error, _number_expected(ind))
        sub.suppressed.add((row, header))
        return raw
    if note:
        sub.note(row, header, note)
        return plain_number_text(value)
    return raw


def _number_expected(ind: Indicator) -> str:
    if ind.is_percent:
        return f"a percentage as printed in the plan, such as 85.76, in {ind.unit}"
    if ind.whole_number:
        return f"a whole number of {ind.unit}, such as 150"
    return f"a number in {ind.unit}, such as 92.5"


def _other_department(plan: Plan, ind: Indicator, department: str) -> str:
    owner = plan.department_name(ind.department) if ind.department else "no department in the plan"
    return f"{ind.name_zh} ({ind.id}) is reported by {owner}, not by {plan.department_name(department)}"


# --------------------------------------------------------------------------------------
# Returned forms
# --------------------------------------------------------------------------------------


def _sheet_grid(ws_f, ws_v) -> tuple[dict[tuple[int, int], _Cell], int]:
    """The non-empty cells of a sheet as the user sees them; formulas with their saved values."""
    grid: dict[tuple[int, int], _Cell] = {}
    max_row = 0
    for row in ws_f.iter_rows():
        for cell in row:
            value = cell.value
            if value is None:
                continue
            if cell.data_type == "f":
                cached = ws_v[cell.coordinate].value if ws_v is not None else None
                text = cell_text(cached, cell.number_format) if cached is not None else ""
                grid[(cell.row, cell.column)] = _Cell(text, _formula_text(value), cached is None)
            else:
                text = cell_text(value, cell.number_format)
                if not text.strip():
                    continue
                grid[(cell.row, cell.column)] = _Cell(text)
            max_row = max(max_row, cell.row)
    return grid, max_row


def _drop_hidden_rows(sub: Submission, ws, grid: dict[tuple[int, int], _Cell]) -> None:
    """Remove the cells of hidden rows from ``grid`` (what the user does not see is not read), with a warning."""
    hidden = sorted(
        r for r, dim in ws.row_dimensions.items() if getattr(dim, "hidden", False) and any(rr == r for rr, _ in grid)
    )
    if not hidden:
        return
    for key in [k for k in grid if k[0] in set(hidden)]:
        del grid[key]
    shown = ", ".join(str(r) for r in hidden[:12]) + (f" and {len(hidden) - 12:,} more" if len(hidden) > 12 else "")
    sub.warn(
        None,
        None,
        f"hidden row{'s' if len(hidden) > 1 else ''} {shown} {'are' if len(hidden) > 1 else 'is'} not read",
        "every row to be read visible (in Excel: select the rows around them, right-click › Unhide)",
    )


def _form_header_row(grid: dict, max_row: int, *, strict: bool = True) -> int | None:
    """The header row of a form: 指标代码 and YYYY年实际值 (``strict``), or either of them or 指标名称."""
    for r in range(1, min(max_row, FORM_HEADER_SEARCH_ROWS) + 1):
        texts = {_fold(c.text) for (rr, _), c in grid.items() if rr == r}
        has_value = any(re.fullmatch(r"\d{4}年实际值", t) for t in texts)
        has_ident = _fold(CODE) in texts
        if (has_ident and has_value) or (not strict and (has_value or has_ident or _fold(NAME) in texts)):
            return r
    return None


def _read_meta(wb_f) -> dict[str, str]:
    ws = wb_f[META_SHEET]
    meta = {}
    for row in ws.iter_rows(min_col=1, max_col=2):
        key, value = row[0].value, row[1].value if len(row) > 1 else None
        if key is None:
            continue
        meta[str(key)] = "" if value is None else str(value)
    return meta


def _read_form_workbook(
    sub: Submission, wb_f, data: bytes, plan: Plan, year: int | None, department: str | None
) -> None:
    import openpyxl

    meta = _read_meta(wb_f)
    form = FormInfo(identified=True)
    sub.form = form
    if meta.get("form_schema") != FORM_SCHEMA:
        sub.error(
            None,
            None,
            f"the form's identification sheet '{META_SHEET}' is not a {FORM_SCHEMA} form (it says {meta.get('form_schema')!r})",
            "a form written by `dayao forms`",
        )
        return
    form.form_id = meta.get("form_id")
    form.plan_id = meta.get("plan_id")
    form.plan_sha256 = meta.get("plan_sha256")
    form.department = meta.get("department_id") or None
    form.department_name = meta.get("department_name")
    try:
        form.year = int(meta.get("year", ""))
    except ValueError:
        sub.error(None, None, f"the form's year {meta.get('year')!r} cannot be read", FORM_AS_SENT)
        return
    form.indicators = tuple(i for i in meta.get("indicators", "").split(",") if i)
    try:
        form.prefilled = json.loads(meta.get("prefilled") or "{}")
    except ValueError:
        form.prefilled = {}
    if form.plan_id != plan.id:
        sub.error(
            None,
            None,
            f"this form belongs to the plan {form.plan_id!r}, not to {plan.id!r}",
            f"a form of {plan.short_title('zh')} written by `dayao forms`",
        )
        return
    if plan.sha256 and form.plan_sha256 and form.plan_sha256 != plan.sha256:
        sub.warn(
            None,
            None,
            f"the plan file has changed since this form was written (plan SHA-256 {form.plan_sha256[:12]}… then, {plan.sha256[:12]}… now); the figures are checked against the current plan",
            None,
        )
    if form.department not in plan.departments:
        sub.error(
            None, None, f"the form names the department {form.department!r}, which is not in the plan", FORM_AS_SENT
        )
        return
    sheet_name = meta.get("sheet") or FORM_SHEET
    if sheet_name not in wb_f.sheetnames:
        visible = [ws.title for ws in wb_f.worksheets if ws.sheet_state == "visible"]
        sub.error(
            None,
            None,
            f"the form has no sheet '{sheet_name}'; its sheets are {', '.join(repr(v) for v in visible)}",
            f"the sheet '{sheet_name}' as sent: do not rename, move or delete the form's sheets",
        )
        return
    sub.sheet = sheet_name
    ws_f = wb_f[sheet_name]
    if ws_f.sheet_state != "visible":
        sub.warn(
            None,
            None,
            f"the form's sheet '{sheet_name}' has been hidden; it is read, as the sheet the form put its figures on",
            f"the sheet '{sheet_name}' visible, as sent",
        )
    wb_v = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    grid, max_row = _sheet_grid(ws_f, wb_v[sheet_name])
    _drop_hidden_rows(sub, ws_f, grid)
    for ws in wb_f.worksheets:
        if ws.title in (sheet_name, META_SHEET) or ws.title == "填报说明":
            continue
        extra, _ = _sheet_grid(ws, None)
        if extra:
            state = {"hidden": "hidden ", "veryHidden": "very hidden "}.get(ws.sheet_state, "")
            sub.warn(
                None,
                None,
                f"{state}sheet '{ws.title}' is not part of the form and is not read",
                f"figures only in the sheet '{sheet_name}'",
            )
    _read_form_grid(sub, grid, max_row, list(ws_f.merged_cells.ranges), form, plan, year, department)


def _read_form_grid(
    sub: Submission,
    grid: dict[tuple[int, int], _Cell],
    max_row: int,
    merged: Sequence,
    form: FormInfo | None,
    plan: Plan,
    expected_year: int | None,
    expected_department: str | None,
) -> None:
    header_row = _form_header_row(grid, max_row, strict=form is None)
    if header_row is None:
        sub.error(
            None,
            None,
            f"the header row of the form ({CODE}, {NAME}, …, YYYY年实际值, 统计口径/来源, 备注) is not in the first {FORM_HEADER_SEARCH_ROWS} rows",
            FORM_AS_SENT,
        )
        return
    headers: dict[int, str] = {c: cell.text.strip() for (r, c), cell in grid.items() if r == header_row}
    roles: dict[str, int] = {}
    earlier: dict[int, int] = {}
    header_year: int | None = None
    for c in sorted(headers):
        text = headers[c]
        folded = _fold(text)
        role = None
        m = re.fullmatch(r"(\d{4})年实际值", folded)
        e = re.fullmatch(r"(\d{4})年\(已报\)", folded)
        if folded == _fold(CODE):
            role = "code"
        elif folded == _fold(NAME):
            role = "name"
        elif m:
            role, header_year = "value", int(m.group(1))
        elif re.fullmatch(r"(\d{4}年)?下达任务数?", folded):
            role = "assigned"
        elif e:
            earlier[int(e.group(1))] = c
            continue
        elif canonical_column(text) == "source":
            role = "source"
        elif canonical_column(text) == "note":
            role = "note"
        elif canonical_column(text) in ("events", "denominator", "flag"):
            role = canonical_column(text)
        if role is None:
            continue
        if role in roles:
            sub.error(
                header_row,
                text,
                f"two columns are headed '{headers[roles[role]]}' and '{text}'; the form has one of each",
                FORM_AS_SENT,
            )
            return
        roles[role] = c
    missing = [label for role, label in (("value", "YYYY年实际值"), ("source", "统计口径/来源")) if role not in roles]
    if "code" not in roles and "name" not in roles:
        missing.insert(0, f"{CODE} or {NAME}")
    if missing:
        found = ", ".join(f"'{headers[c]}'" for c in sorted(headers))
        sub.error(header_row, None, f"the form's header row lacks {', '.join(missing)}; it has {found}", FORM_AS_SENT)
        return

    # Which form is this: year and department.
    if form is None:
        form = FormInfo(identified=False, year=header_year)
        sub.form = form
    elif header_year != form.year:
        sub.error(
            header_row,
            headers[roles["value"]],
            f"the figures column is headed '{headers[roles['value']]}', but this form is for {form.year}",
            f"the header {form.year}年实际值 as sent",
        )
        return
    if form.year is not None and form.year not in plan.years:
        sub.error(
            header_row,
            headers[roles["value"]],
            f"the form is for {form.year}, outside the plan period {plan.years[0]}–{plan.years[-1]}",
            f"a year from {plan.years[0]} to {plan.years[-1]}",
        )
        return
    if expected_year is not None and form.year != expected_year:
        sub.error(
            None,
            None,
            f"this is the form for {form.year}, but this intake is for {expected_year} (--year {expected_year})",
            f"the {expected_year} form",
        )
        return
    if form.identified and expected_department is not None and form.department != expected_department:
        sub.error(
            None,
            None,
            f"this is the form of {plan.department_name(form.department)}, but this intake is for {plan.department_name(expected_department)} (--department)",
            f"the form of {plan.department_name(expected_department)}",
        )
        return

    # Where the table ends: the sign-off row.
    footer = next(
        (
            r
            for r in range(header_row + 1, max_row + 1)
            if any(
                _fold(cell.text).startswith(_fold(FOOTER_LABELS[0])[:3]) for (rr, _), cell in grid.items() if rr == r
            )
        ),
        max_row + 1,
    )
    if form is not None:
        for label in FOOTER_LABELS:
            for (r, c), cell in grid.items():
                if r == footer and _fold(cell.text) == _fold(label):
                    value = grid.get((r, c + 1))
                    if value is not None and value.text.strip():
                        form.contact[label.rstrip("：")] = value.text.strip()

    # Merged cells inside the table.
    bad_rows: set[int] = set()
    for rng in merged:
        lo, hi = rng.min_row, rng.max_row
        if hi < header_row or lo >= footer:
            continue
        header = headers.get(rng.min_col) or None
        if lo <= header_row:
            sub.error(header_row, header, f"cells {rng.coord} of the header row are merged", FORM_AS_SENT)
            return
        sub.error(lo, header, f"cells {rng.coord} are merged", MERGED_HINT)
        bad_rows.update(range(lo, hi + 1))
        sub.bad_rows.update(range(lo, hi + 1))
        # The covered cells read as empty: that is the merge, reported once above.
        for r in range(lo, hi + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if c in headers and (r, c) != (lo, rng.min_col):
                    sub.suppressed.add((r, headers[c]))

    def text(r: int, role: str) -> str:
        c = roles.get(role)
        cell = grid.get((r, c)) if c is not None else None
        return cell.text.strip() if cell is not None else ""

    value_h = headers[roles["value"]]
    source_h = headers[roles["source"]]
    note_h = headers.get(roles.get("note", -1), "备注")
    assigned_h = headers.get(roles.get("assigned", -1), "下达任务数")
    extra_h = [headers.get(roles.get(role, -1), role) for role in ("events", "denominator", "flag")]
    ident_h = headers[roles["code"]] if "code" in roles else headers[roles["name"]]
    table_rows: list[tuple[int, list[str]]] = []
    seen_ids: set[str] = set()
    departments_seen: dict[str, int] = {}
    for r in range(header_row + 1, footer):
        cells_here = {c: cell for (rr, c), cell in grid.items() if rr == r}
        if not cells_here and r not in bad_rows:
            continue  # a blank row
        code, name = text(r, "code"), text(r, "name")
        inputs = {role: text(r, role) for role in ("value", "assigned", "source", "note")}
        # Formula cells in the input columns.
        for role in ("value", "assigned", "source", "note"):
            c = roles.get(role)
            cell = grid.get((r, c)) if c is not None else None
            if cell is not None and cell.formula:
                _formula_problem(sub, r, headers[c], cell.formula, cell.text)
        if not any(inputs.values()):
            if code or name:
                sub.blank_series.append(code or name)
                seen_ids.add(code)
            continue
        # Which series: by code, checked against the name.
        ind: Indicator | None = None
        by_code = plan.resolve(code) if code else None
        by_name = plan.resolve(name) if name else None
        ident = code or name
        if by_code and by_name and by_code != by_name:
            sub.error(
                r,
                ident_h,
                f"{CODE} {code} is {plan.indicator(by_code).name_zh}, but {NAME} says '{name}'",
                "the code and name of one series, as sent",
            )
            bad_rows.add(r)
        elif by_code or by_name:
            ind = plan.indicator(by_code or by_name)
            ident = ind.id
            if code and not by_code:
                sub.warn(
                    r,
                    ident_h,
                    f"{CODE} '{code}' is not known; the row was matched by its name to {ind.id}",
                    "the code as sent",
                )
        if ind is not None:
            seen_ids.add(ind.id)
            departments_seen[ind.department or ""] = departments_seen.get(ind.department or "", 0) + 1
            owner = form.department if form.identified else expected_department
            if owner and ind.department != owner:
                sub.error(
                    r,
                    ident_h,
                    _other_department(plan, ind, owner),
                    f"only the series of {plan.department_name(owner)} on this form; report this one on its own department's form",
                )
                bad_rows.add(r)
            elif form.identified and form.indicators and ind.id not in form.indicators:
                sub.warn(
                    r, ident_h, f"{ind.name_zh} was not on the form as sent (a row added by hand); it is read", None
                )
            # Locked figures of earlier years must be as sent.
            if form.identified:
                sent = form.prefilled.get(ind.id, {})
                for y, c in sorted(earlier.items()):
                    cell = grid.get((r, c))
                    now = cell.text.strip() if cell is not None else ""
                    before = sent.get(str(y))
                    now_value, _, _ = lenient_number(now) if now else (None, None, None)
                    if (before is None and now) or (
                        before is not None
                        and (
                            now_value is None
                            or not math.isclose(now_value, float(before), rel_tol=1e-12, abs_tol=1e-12)
                        )
                    ):
                        was = format_number(float(before)) if before is not None else "empty"
                        sub.error(
                            r,
                            headers[c],
                            f"the locked figure for {y} was changed from {was} to {now or 'empty'}; figures on record are not revised through this form",
                            f"the figure as sent ({was}); send a correction as described in docs/data-collection.md",
                        )
                        bad_rows.add(r)
            value_text = (
                _read_figure(sub, r, value_h, inputs["value"], ind)
                if (r, value_h) not in sub.suppressed
                else inputs["value"]
            )
            assigned_text = (
                _read_figure(sub, r, assigned_h, inputs["assigned"], ind)
                if (r, assigned_h) not in sub.suppressed
                else inputs["assigned"]
            )
        else:
            value_text, assigned_text = inputs["value"], inputs["assigned"]
        year_text = str(form.year) if form.year is not None else ""
        table_rows.append(
            (
                r,
                [ident, year_text, value_text, inputs["source"], inputs["note"], assigned_text]
                + [text(r, role) for role in ("events", "denominator", "flag")],
            )
        )

    if form.identified:
        missing_rows = [i for i in form.indicators if i not in seen_ids]
        if missing_rows:
            sub.warn(
                None,
                None,
                f"series of the form missing from the sheet (rows deleted?): {', '.join(missing_rows)}",
                FORM_AS_SENT,
            )
    else:
        owners = [d for d in departments_seen if d]
        if expected_department:
            form.department = expected_department
        elif len(owners) == 1:
            form.department = owners[0]
        elif len(owners) > 1:
            sub.warn(
                None,
                None,
                f"the rows belong to several departments ({', '.join(plan.department_name(d) for d in owners)}); no department check was possible",
                "one department's form",
            )
        form.department_name = plan.department_name(form.department) if form.department else None

    table = Table(
        file=sub.file,
        sheet=sub.sheet,
        header_row=header_row,
        headers=[ident_h, value_h, value_h, source_h, note_h, assigned_h, *extra_h],
        columns={
            "indicator": 0,
            "year": 1,
            "value": 2,
            "source": 3,
            "note": 4,
            "assigned_target": 5,
            "events": 6,
            "denominator": 7,
            "flag": 8,
        },
        rows=table_rows,
        meta={"format": "form", "sheet": sub.sheet, "header_row": header_row},
        problems=[],
        missing=[],
    )
    sub.table = table


# --------------------------------------------------------------------------------------
# The intake
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A figure that passed every check, with where it came from."""

    indicator: str
    year: int
    value: float
    assigned_target: float | None
    source: str
    note: str
    file: str
    sheet: str | None
    row: int
    reading_note: str
    department: str | None
    flag: str = ""
    events: int | None = None
    denominator: int | None = None


def _flag_revision(cand: Candidate, old: dict) -> bool:
    """A provisional figure on record that this file gives as final: accepted as a revision."""
    return (old.get("flag") or "") == "provisional" and cand.flag == "final"


def _flag_changed(cand: Candidate, old: dict) -> bool:
    """The file states a flag that differs from the one on record (not stating one changes nothing)."""
    return bool(cand.flag) and cand.flag != (old.get("flag") or "")


@dataclass
class FileOutcome:
    file: str
    kind: str
    department: str | None
    year: int | None
    status: str  # accepted | partly accepted | refused | nothing new (all on record) | nothing reported (no figure)
    errors: int = 0
    warnings: int = 0
    rows: int = 0
    blank_series: tuple[str, ...] = ()
    contact: dict = field(default_factory=dict)


@dataclass
class IntakeResult:
    """What :func:`take_in` found and did."""

    problems: list[Problem]
    files: list[FileOutcome]
    new: list[Candidate]
    revised: list[tuple[Candidate, dict]]  # (figure, the version it supersedes)
    unchanged: list[tuple[Candidate, dict]]
    refused_rows: int
    dry_run: bool
    record: IntakeRecord | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "note"]

    @property
    def refused(self) -> bool:
        """True when anything was refused (the command exits with 1)."""
        return bool(self.errors)

    def to_dict(self) -> dict:
        def cand(c: Candidate) -> dict:
            return {
                "indicator": c.indicator,
                "year": c.year,
                "value": c.value,
                "assigned_target": c.assigned_target,
                "source": c.source,
                "note": c.note,
                "file": c.file,
                "sheet": c.sheet,
                "row": c.row,
                "reading_note": c.reading_note,
            }

        return {
            "dry_run": self.dry_run,
            "intake_id": self.record.intake_id if self.record else None,
            "received_at": self.record.received_at if self.record else None,
            "new": [cand(c) for c in self.new],
            "revised": [
                dict(cand(c), supersedes=old["version_id"], previous_value=old["value"]) for c, old in self.revised
            ],
            "unchanged": [cand(c) for c, _ in self.unchanged],
            "refused_rows": self.refused_rows,
            "files": [f.__dict__ | {"blank_series": list(f.blank_series)} for f in self.files],
            "problems": [p.to_dict() for p in self.problems],
        }


def _as_float(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def take_in(
    paths: Iterable[str | Path],
    plan: Plan,
    store: ActualsStore,
    *,
    year: int | None = None,
    department: str | None = None,
    valid_rows_only: bool = False,
    accept_revisions: bool = False,
    dry_run: bool = False,
    note: str = "",
    now: datetime | None = None,
) -> IntakeResult:
    """Validate files and record what is sound; see the module docstring.

    Parameters
    ----------
    paths
        Returned forms (.xlsx, or a form saved as .csv) and plain actuals files (.xlsx, .csv).
    year, department
        What this intake expects: a form for another year or department is refused.
    valid_rows_only
        Take the valid rows of files with row errors (a file-level error still refuses the file).
    accept_revisions
        Record a figure that differs from the one on record as a new version superseding it
        (otherwise it is a conflict, reported as an error).
    dry_run
        Check everything and report what would be recorded; the store is not touched.
    """
    paths = list(paths)
    subs = [read_submission(p, plan, year=year, department=department) for p in paths]
    by_file = {s.file: s for s in subs}
    tables = [s.table for s in subs if s.table is not None]
    shared, rows, _ = check_files(tables, plan)

    problems: list[Problem] = []
    for s in subs:
        problems.extend(s.problems)
    for p in shared:
        s = by_file.get(p.file)
        if s is not None and (p.row, p.column) in s.suppressed:
            continue
        problems.append(p)

    # The earlier row of a "given twice with different values" pair carries no problem of its own.
    with_error = {(p.file, p.row) for p in problems if p.severity == "error"}
    for r in rows:
        if not r.ok and (r.file, r.row) not in with_error and r.indicator is not None:
            partner = next(
                (
                    o
                    for o in rows
                    if o is not r
                    and o.indicator == r.indicator
                    and o.year == r.year
                    and (o.file, o.row) in with_error
                    and o.value is not None
                    and r.value is not None
                    and not (_same(o.value, r.value) and _same(o.assigned_target, r.assigned_target))
                ),
                None,
            )
            if partner is None:
                continue  # not ok for a reason already reported (e.g. a suppressed cell)
            where = f" ({partner.file} row {partner.row})"
            s = by_file[r.file]
            header = s.table.headers[s.table.columns["value"]] if s.table else None
            problems.append(
                Problem(
                    r.file,
                    r.row,
                    header,
                    f"{plan.indicator(r.indicator).name_zh} {r.year} is given with a different value elsewhere in this intake{where}",
                    "one value per indicator and year",
                    "error",
                    r.sheet,
                )
            )
            with_error.add((r.file, r.row))

    file_order = {s.file: k for k, s in enumerate(subs)}
    problems.sort(key=lambda p: (file_order.get(p.file, len(subs)), -1 if p.row is None else p.row))
    result = IntakeResult(
        problems=problems, files=[], new=[], revised=[], unchanged=[], refused_rows=0, dry_run=dry_run
    )

    def decide(current_frame) -> list[Candidate]:
        """Classify the sound rows against the figures on record; returns those to record."""
        on_record = (
            {(r.indicator, int(r.year)): r._asdict() for r in current_frame.itertuples(index=False)}
            if len(current_frame)
            else {}
        )
        errors_at = {(p.file, p.row) for p in result.problems if p.severity == "error"}
        errors_at |= {(s.file, r) for s in subs for r in s.bad_rows}
        fatal_files = {p.file for p in result.problems if p.severity == "error" and p.row is None}
        candidates: list[tuple[Candidate, Any]] = []
        keys: set[tuple[str, int]] = set()
        for r in rows:
            if not (r.ok and r.indicator is not None and r.year is not None and r.value is not None):
                continue
            if (r.file, r.row) in errors_at or r.file in fatal_files:
                continue
            key = (r.indicator, int(r.year))
            if key in keys:
                continue  # an identical duplicate (a warning from the shared check): the first is kept
            keys.add(key)
            s = by_file[r.file]
            ind = plan.indicator(r.indicator)
            cand = Candidate(
                indicator=r.indicator,
                year=int(r.year),
                value=float(r.value),
                assigned_target=r.assigned_target,
                source=r.source,
                note=r.note,
                file=r.file,
                sheet=r.sheet,
                row=r.row,
                reading_note="; ".join(s.notes.get(r.row, [])),
                department=(s.department if s.kind == "form" and s.department else ind.department),
                flag=r.flag,
                events=r.events,
                denominator=r.denominator,
            )
            old = on_record.get(key)
            if old is not None and _flag_revision(cand, old):
                # 初步 → 正式: the final figure supersedes the provisional one without --accept-revisions.
                cand = dataclasses.replace(
                    cand,
                    reading_note="; ".join(
                        x for x in (cand.reading_note, "初步数改为正式数 (provisional → final)") if x
                    ),
                )
            elif old is not None and (
                _flag_changed(cand, old)
                or not (
                    _same(cand.value, _as_float(old["value"]))
                    and _same(cand.assigned_target, _as_float(old["assigned_target"]))
                )
            ):
                if not accept_revisions:
                    header = s.table.headers[s.table.columns["value"]] if s.table else None
                    was = format_number(float(old["value"])) + (
                        f" (assigned {format_number(float(old['assigned_target']))})"
                        if _as_float(old["assigned_target"]) is not None
                        else ""
                    )
                    now_text = format_number(cand.value) + (
                        f" (assigned {format_number(cand.assigned_target)})" if cand.assigned_target is not None else ""
                    )
                    if _flag_changed(cand, old):
                        was += f" [{old.get('flag') or 'no flag'}]"
                        now_text += f" [{cand.flag}]"
                    result.problems.append(
                        Problem(
                            r.file,
                            r.row,
                            header,
                            f"{ind.name_zh} {cand.year} is on record as {was} (version {old['version_id']}, intake {old['intake_id']}, {old['file_name']}); this file gives {now_text}",
                            "the figure on record; to record the new figure as a revision, take the file in again with --accept-revisions",
                            "error",
                            r.sheet,
                        )
                    )
                    continue
            candidates.append((cand, old))
        # Which files are taken.
        errors_by_file: dict[str, int] = {}
        warnings_by_file: dict[str, int] = {}
        for p in result.problems:
            if p.severity == "error":
                errors_by_file[p.file] = errors_by_file.get(p.file, 0) + 1
            elif p.severity == "warning":
                warnings_by_file[p.file] = warnings_by_file.get(p.file, 0) + 1
        fatal_files = {p.file for p in result.problems if p.severity == "error" and p.row is None}
        errors_at = {(p.file, p.row) for p in result.problems if p.severity == "error"}
        errors_at |= {(s.file, r) for s in subs for r in s.bad_rows}
        taken: list[Candidate] = []
        for cand, old in candidates:
            if cand.file in fatal_files or (cand.file, cand.row) in errors_at:
                continue
            if errors_by_file.get(cand.file) and not valid_rows_only:
                continue
            if old is None:
                result.new.append(cand)
                taken.append(cand)
            elif (
                _same(cand.value, _as_float(old["value"]))
                and _same(cand.assigned_target, _as_float(old["assigned_target"]))
                and not _flag_changed(cand, old)
            ):
                result.unchanged.append((cand, old))
            else:
                result.revised.append((cand, old))
                taken.append(cand)
        taken_files = {c.file for c in taken} | {c.file for c, _ in result.unchanged}
        data_rows = {s.file: len(s.table.rows) if s.table else 0 for s in subs}
        accepted_rows = {}
        for c in taken + [c for c, _ in result.unchanged]:
            accepted_rows[c.file] = accepted_rows.get(c.file, 0) + 1
        result.refused_rows = (
            sum(data_rows.values()) - sum(accepted_rows.values()) - _duplicates_skipped(rows, taken, result.unchanged)
        )
        for s in subs:
            n_err = errors_by_file.get(s.file, 0)
            if s.file in fatal_files or (n_err and not valid_rows_only) or (n_err and s.file not in taken_files):
                status = "refused"
            elif n_err:
                status = "partly accepted"
            elif not any(c.file == s.file for c in taken):
                status = "nothing new" if s.file in taken_files else "nothing reported"
            else:
                status = "accepted"
            result.files.append(
                FileOutcome(
                    s.file,
                    s.kind,
                    s.department,
                    s.year,
                    status,
                    n_err,
                    warnings_by_file.get(s.file, 0),
                    data_rows.get(s.file, 0),
                    tuple(s.blank_series),
                    dict(s.form.contact) if s.form else {},
                )
            )
        return taken

    if dry_run or store is None:
        current = store.current() if store is not None else None
        import pandas as pd

        decide(current if current is not None else pd.DataFrame())
        _add_blank_notes(result, subs, plan)
        return result

    with store.locked():
        taken = decide(store.current())
        _add_blank_notes(result, subs, plan)
        if not taken:
            return result
        incoming: dict[str, IncomingFile] = {}
        for s in subs:
            outcome = next(f for f in result.files if f.file == s.file)
            if (
                outcome.status in ("accepted", "partly accepted", "nothing new")
                and s.sha256 is not None
                and s.file in {c.file for c in taken} | {c.file for c, _ in result.unchanged}
            ):
                incoming[s.file] = IncomingFile(
                    s.path, s.sha256, s.path.name, s.kind, s.department, s.year, outcome.status
                )
        versions = [
            NewVersion(
                indicator=c.indicator,
                year=c.year,
                value=c.value,
                source=c.source,
                note=c.note,
                assigned_target=c.assigned_target,
                department=c.department,
                file=incoming.get(c.file),
                sheet=c.sheet,
                row=c.row,
                reading_note=c.reading_note,
                flag=c.flag,
                events=c.events,
                denominator=c.denominator,
            )
            for c in taken
        ]
        options = {
            "year": year,
            "department": department,
            "valid_rows_only": valid_rows_only,
            "accept_revisions": accept_revisions,
            "plan": plan.identity,
        }  # the store belongs to its plan (dayao_data.plan_identity)
        counts = {"new": len(result.new), "revised": len(result.revised), "unchanged": len(result.unchanged)}
        result.record = store.record(
            versions, list(incoming.values()), note=note, counts=counts, options=options, now=now
        )
    return result


def _duplicates_skipped(rows, taken, unchanged) -> int:
    """Rows that repeat an accepted figure with the same value (a warning, not a refusal)."""
    kept = {(c.file, c.row) for c in taken} | {(c.file, c.row) for c, _ in unchanged}
    keys = {(c.indicator, c.year) for c in taken} | {(c.indicator, c.year) for c, _ in unchanged}
    return sum(1 for r in rows if r.ok and (r.file, r.row) not in kept and (r.indicator, r.year) in keys)


def _add_blank_notes(result: IntakeResult, subs: Sequence[Submission], plan: Plan) -> None:
    for s in subs:
        if s.blank_series:
            names = ", ".join(plan.indicator(i).name_zh if plan.resolve(i) else i for i in s.blank_series)
            result.problems.append(
                Problem(
                    s.file,
                    None,
                    None,
                    f"{len(s.blank_series)} series left blank (not reported): {names}",
                    None,
                    "note",
                    s.sheet,
                )
            )
