"""Property-based tests of the actuals reader: whatever a planner hands in, the suite answers with
problems, never a traceback, and never touches the file.

- ``load_actuals`` raises nothing but :class:`ActualsError`;
- ``validate_actuals`` raises nothing at all;
- every Problem names a file and says what is wrong;
- the file's bytes and modification time are unchanged;
- valid rows, however they are spelled, load back to exactly the numbers typed.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayao_data.actuals import HEADER_ALIASES, ActualsError, Problem, load_actuals, read_table, validate_actuals
from dayao_data.plan import load_plan

PLAN = load_plan()
BOUNDED = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EXTENSIONS = [".csv", ".xlsx", ".txt", ".tsv", ".xls", ".xlsm", ".pdf", ""]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030"]

# Cells that are near misses of what the reader expects, mixed with arbitrary text.
NAMES = [i.id for i in PLAN.indicators] + [i.name_zh for i in PLAN.indicators] + ["学前毛入园率", "", " ", "指标"]
HEADERS = [a for aliases in HEADER_ALIASES.values() for a in aliases] + ["单位", "", "Unnamed: 3", "value", "年份"]
TRICKY = [
    "",
    " ",
    "0",
    "-0",
    "1e3",
    "８５．３",
    "85%",
    "1,234",
    "nan",
    "inf",
    "-inf",
    "--",
    "#REF!",
    "0.92",
    "2020",
    "2023",
    "2023年",
    "9" * 400,
    "1" + "0" * 5000,
    '"',
    '""',
    "'",
    "\r",
    "\n",
    "\x00",
    "\ufeff",
    "；",
    "，",
    "\t",
    "示例",
]


@contextmanager
def scratch_file(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"actuals{suffix}"
        path.write_bytes(data)
        yield path


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


def assert_contract(path: Path) -> list[Problem]:
    """The properties every input must satisfy; returns the problems found."""
    before = fingerprint(path)
    problems = validate_actuals(path, PLAN)  # never raises
    for p in problems:
        assert isinstance(p, Problem)
        assert p.file == str(path)
        assert isinstance(p.message, str) and p.message.strip()
        assert p.severity in ("error", "warning")
        assert p.row is None or (isinstance(p.row, int) and p.row >= 1)
        assert str(p)  # printable
    try:
        df = load_actuals(path, PLAN)
    except ActualsError as exc:
        assert exc.problems and all(p.file == str(path) for p in exc.problems)
        assert any(p.severity == "error" for p in exc.problems)
        assert str(exc)
    else:
        assert not [p for p in problems if p.severity == "error"]
        assert list(df.columns) == [
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
        ]
    kept = load_actuals(path, PLAN, keep_valid_rows=True)
    assert len(kept.attrs["problems"]) == len(problems)
    try:
        frame, meta = read_table(path)
        assert all(isinstance(c, str) for c in frame.to_numpy().ravel())
    except ActualsError as exc:
        assert len(exc.problems) == 1 and exc.problems[0].file == str(path)
    assert fingerprint(path) == before
    return problems


@BOUNDED
@given(data=st.binary(max_size=400), suffix=st.sampled_from(EXTENSIONS))
def test_random_bytes(data, suffix):
    with scratch_file(data, suffix) as path:
        assert_contract(path)


@BOUNDED
@given(
    prefix=st.sampled_from(
        [
            b"PK\x03\x04",
            b"\x89PNG\r\n\x1a\n",
            b"%PDF-1.7",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"\xfe\xff",
        ]
    ),
    tail=st.binary(max_size=200),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_random_bytes_behind_real_signatures(prefix, tail, suffix):
    with scratch_file(prefix + tail, suffix) as path:
        assert_contract(path)


@BOUNDED
@given(text=st.text(max_size=300), encoding=st.sampled_from(ENCODINGS))
def test_random_unicode_text(text, encoding):
    data = (
        text.encode(encoding, errors="surrogatepass")
        if encoding != "gb18030"
        else text.encode(encoding, errors="replace")
    )
    with scratch_file(data, ".csv") as path:
        assert_contract(path)


cells = st.one_of(
    st.sampled_from(TRICKY),
    st.sampled_from(NAMES),
    st.text(max_size=12),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@BOUNDED
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=0, max_size=8),
    rows=st.lists(st.lists(cells, max_size=9), max_size=8),
    separator=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(ENCODINGS),
    title_rows=st.integers(0, 3),
)
def test_random_csv_cells_and_columns(header, rows, separator, encoding, title_rows):
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    for i in range(title_rows):
        writer.writerow([f"标题{i}"])
    writer.writerow(header)
    for r in rows:
        writer.writerow(r)
    data = buffer.getvalue().encode(encoding, errors="replace" if encoding == "gb18030" else "surrogatepass")
    with scratch_file(data, ".csv") as path:
        assert_contract(path)


@FEW
@given(
    header=st.lists(st.sampled_from(HEADERS), max_size=7),
    rows=st.lists(
        st.lists(
            st.one_of(
                st.none(),
                cells,
                st.integers(-(10**9), 10**9),
                st.floats(allow_nan=False, allow_infinity=False),
                st.booleans(),
            ),
            max_size=7,
        ),
        max_size=6,
    ),
    sheet=st.sampled_from(["Sheet1", "actuals", "实际值", "其他"]),
)
def test_random_xlsx(header, rows, sheet):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        # openpyxl refuses control characters in cells; a planner's Excel cannot hold them either.
        ws.append([c.translate({i: None for i in range(32)}) if isinstance(c, str) else c for c in r])
    buffer = io.BytesIO()
    wb.save(buffer)
    with scratch_file(buffer.getvalue(), ".xlsx") as path:
        assert_contract(path)


# A valid row, spelled in any accepted way, loads back to exactly the number typed.
percent_indicators = [i for i in PLAN.indicators if i.is_percent and i.kind != "qualitative"]


@st.composite
def valid_rows(draw):
    ind = draw(st.sampled_from(percent_indicators))
    name = draw(st.sampled_from([ind.id, ind.name_zh, *ind.aliases]))
    year = draw(st.integers(ind.base_year + 1, ind.target_year))
    # Percentages from 1.5 to 100 with up to two decimals: never fraction-like, always in bounds.
    hundredths = draw(st.integers(150, 10000))
    value = Decimal(hundredths) / 100
    return ind.id, name, year, value


@BOUNDED
@given(
    rows=st.lists(valid_rows(), min_size=1, max_size=6, unique_by=lambda r: (r[0], r[2])),
    headers=st.tuples(*[st.sampled_from(HEADER_ALIASES[c]) for c in ("indicator", "year", "value", "source")]),
    order=st.permutations(range(4)),
    encoding=st.sampled_from(ENCODINGS),
    separator=st.sampled_from([",", ";", "\t"]),
)
def test_valid_rows_round_trip(rows, headers, order, encoding, separator):
    lines = [separator.join(headers[k] for k in order)]
    for _, name, year, value in rows:
        cells = [name, str(year), str(value), "统计年报"]
        lines.append(separator.join(cells[k] for k in order))
    data = ("\n".join(lines) + "\n").encode(encoding)
    with scratch_file(data, ".csv") as path:
        before = fingerprint(path)
        df = load_actuals(path, PLAN)
        assert fingerprint(path) == before
    assert df["indicator"].tolist() == [r[0] for r in rows]
    assert df["year"].tolist() == [r[2] for r in rows]
    assert df["value"].tolist() == [float(r[3]) for r in rows]
    assert df["row"].tolist() == list(range(2, len(rows) + 2))
    assert df.attrs["problems"] == []


@BOUNDED
@given(st.text(max_size=30))
def test_any_value_cell_is_a_number_or_one_problem_at_that_cell(cell):
    text = "indicator,year,value,source\n学前三年毛入园率,2023,{},年报\n"
    quoted = '"' + cell.replace('"', '""') + '"'
    with scratch_file(text.format(quoted).encode("utf-8", errors="surrogatepass"), ".csv") as path:
        problems = assert_contract(path)
    value_problems = [p for p in problems if p.column == "value"]
    assert len(value_problems) <= 1
    assert all(p.row == 2 for p in value_problems)
