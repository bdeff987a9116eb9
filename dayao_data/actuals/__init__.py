"""Annual actuals: read the files planners fill in, check every figure against the plan, load them.

Planners type one row per indicator and year into Excel or a CSV file::

    indicator,year,value,source,note,assigned_target
    学前三年毛入园率,2023,89.2,2023年教育事业统计年报,,

This package turns such files into the tidy frame the progress engine uses, and — before that —
finds *every* problem in *every* file at once, each with the file, the row number the user sees in
Excel or a text editor (header = row 1), the column header as typed, what is wrong and what was
expected.  Reading never changes the input: files are read once into memory, workbooks are opened
read-only, and nothing is written back.

The package, by job:

- :mod:`~dayao_data.actuals.files` — reading a CSV or XLSX file into numbered rows of text
  (encodings, limits, hidden sheets and rows);
- :mod:`~dayao_data.actuals.columns` — the columns, the headers people type for them, the header row;
- :mod:`~dayao_data.actuals.cells` — a cell as a plain number or a year, or why it is not one;
- :mod:`~dayao_data.actuals.table` — a file read and its header found; the raw cells as a frame;
- :mod:`~dayao_data.actuals.header_rules` — one function per rule of docs/actuals-format.md for the header
  row and what the reader found beside the cells (hidden sheets and rows, formulas, NaN);
- :mod:`~dayao_data.actuals.rules` — one function per rule of docs/actuals-format.md for a data row;
- :mod:`~dayao_data.actuals.check` — the checker running the rules on every row of every file;
- :mod:`~dayao_data.actuals.load` — :func:`validate_actuals` and :func:`load_actuals`;
- :mod:`~dayao_data.actuals.problems` — :class:`Problem` and :class:`ActualsError`;
- where the bundled illustrative actuals are: :func:`dayao_data.paths.example_actuals_path` (re-exported here).

Three entry points:

- :func:`validate_actuals` — the problems, never raises for bad content (``dayao validate``);
- :func:`load_actuals` — the tidy frame, raising :class:`ActualsError` listing all errors;
- :func:`read_table` — the raw cells as strings, with the encoding, sheet and header row found.

Examples
--------
>>> from dayao_data.plan import load_plan
>>> plan = load_plan()
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> p = d / "actuals.csv"
>>> _ = p.write_text("指标,年份,数值,来源\\n学前三年毛入园率,2023,89.2,教育统计年报\\n", encoding="utf-8")
>>> df = load_actuals(p, plan)
>>> df[["indicator", "year", "value", "row"]].to_dict("records")
[{'indicator': 'preschool_gross_enrolment_rate', 'year': 2023, 'value': 89.2, 'row': 2}]
>>> _ = p.write_text("indicator,year,value,source\\n学前三年毛入园率,2023,九十二,年报\\n", encoding="utf-8")
>>> for problem in validate_actuals(p, plan):
...     print(problem.row, problem.column, problem.message)
2 value '九十二' is not a number
"""

from dayao_data.actuals.cells import date_problem, format_number, parse_number, parse_year
from dayao_data.actuals.check import CheckedRow, as_plan, check_files
from dayao_data.actuals.columns import (
    ACTUALS_COLUMNS,
    FRAME_COLUMNS,
    HEADER_ALIASES,
    REQUIRED_COLUMNS,
    canonical_column,
)
from dayao_data.actuals.files import (
    SUPPORTED,
    TEXT_EXTENSIONS,
    XLSX_EXTENSIONS,
    Unreadable,
    cell_text,
    forced_encoding,
    read_rows,
)
from dayao_data.actuals.load import load_actuals, validate_actuals
from dayao_data.actuals.problems import ActualsError, Problem, show_cell
from dayao_data.actuals.table import Table, load_table, read_table
from dayao_data.paths import example_actuals_path, is_illustrative_source

__all__ = [
    "ACTUALS_COLUMNS",
    "REQUIRED_COLUMNS",
    "HEADER_ALIASES",
    "FRAME_COLUMNS",
    "Problem",
    "ActualsError",
    "is_illustrative_source",
    "read_table",
    "validate_actuals",
    "load_actuals",
    "example_actuals_path",
    # for dayao validate and dayao intake: reading and checking, word for word the same rules
    "SUPPORTED",
    "TEXT_EXTENSIONS",
    "XLSX_EXTENSIONS",
    "CheckedRow",
    "Table",
    "Unreadable",
    "as_plan",
    "canonical_column",
    "cell_text",
    "check_files",
    "date_problem",
    "forced_encoding",
    "format_number",
    "load_table",
    "parse_number",
    "parse_year",
    "read_rows",
    "show_cell",
]
