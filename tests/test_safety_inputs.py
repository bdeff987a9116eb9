"""Hostile and careless inputs (issue 8): what the user sees is what is read, every input bounded,
a message — never a traceback — and no silent misreading.

Each test reproduces one case of the issue.  Expected texts are written from the case itself (the
figure on the visible sheet, the row a NaN stands on, the count of problems not printed worked out
by hand), never copied from the program's output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from form_corpus import EDU_2024, EDU_ROWS, fill_form, make_form

from dayao_data.actuals import load_actuals, validate_actuals
from dayao_data.cli import main as cli_main
from dayao_data.collect.intake import take_in
from dayao_data.collect.store import ActualsStore, IncomingFile, NewVersion
from dayao_data.plan import PlanError, load_plan, parse_plan

HEADER = ["指标", "年份", "数值", "来源"]
PRESCHOOL = "学前三年毛入园率"
DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def workbook(path: Path, sheets: list[tuple[str, list[list], str]], active: int = 0) -> Path:
    """A workbook of (title, rows, state) sheets."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, state in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        ws.sheet_state = state
    wb.active = active
    wb.save(path)
    return path


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = cli_main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------------------
# What the user sees is what is read
# --------------------------------------------------------------------------------------


def test_a_very_hidden_sheet_named_like_the_actuals_is_not_read(tmp_path, plan):
    """The issue's case: the visible sheet says 89.2, a very hidden sheet 实际值 says 55."""
    path = workbook(
        tmp_path / "a.xlsx",
        [
            ("报表", [HEADER, [PRESCHOOL, 2023, 89.2, "年报"]], "visible"),
            ("实际值", [HEADER, [PRESCHOOL, 2023, 55, "年报"]], "veryHidden"),
        ],
    )
    frame = load_actuals(path, plan)
    assert list(frame["value"]) == [89.2]
    [warning] = frame.attrs["problems"]
    assert (
        warning.severity == "warning"
        and "'实际值' (very hidden) is not read" in warning.message
        and warning.sheet == "报表"
    )
    store = ActualsStore(tmp_path / "store")
    result = take_in([path], plan, store)
    assert list(store.current()["value"]) == [89.2]
    assert any("'实际值' (very hidden) is not read" in p.message for p in result.warnings)


def test_a_hidden_first_sheet_is_not_preferred_over_the_visible_one(tmp_path, plan):
    path = workbook(
        tmp_path / "a.xlsx",
        [
            ("Sheet1", [HEADER, [PRESCHOOL, 2023, 40, "旧表"]], "hidden"),
            ("Sheet2", [HEADER, [PRESCHOOL, 2023, 89.2, "年报"]], "visible"),
        ],
        active=1,
    )
    frame = load_actuals(path, plan)
    assert list(frame["value"]) == [89.2] and list(frame["source"]) == ["年报"]
    assert "hidden sheet 'Sheet1' (hidden) is not read" in frame.attrs["problems"][0].message


def test_a_workbook_whose_every_sheet_is_hidden_is_refused_naming_them(tmp_path, plan):
    path = workbook(tmp_path / "a.xlsx", [("报表", [HEADER, [PRESCHOOL, 2023, 89.2, "年报"]], "visible")])
    data = zipfile.ZipFile(path).read("xl/workbook.xml")
    assert b'name="\xe6\x8a\xa5\xe8\xa1\xa8"' in data  # the sheet (attributes in any order: lxml or not)
    # Excel never saves this, but a crafted file can: mark the only sheet hidden in workbook.xml.
    parts = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    assert data.count(b'state="visible"') == 1
    parts["xl/workbook.xml"] = data.replace(b'state="visible"', b'state="hidden"')
    with zipfile.ZipFile(path, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    [problem] = validate_actuals(path, plan)
    assert problem.severity == "error" and "every sheet of the workbook is hidden ('报表')" in problem.message


def test_hidden_rows_are_not_read_and_named(tmp_path, plan):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (
        HEADER,
        [PRESCHOOL, 2022, 88.0, "年报"],
        [PRESCHOOL, 2023, 12.0, "草稿"],
        [PRESCHOOL, 2024, 89.5, "年报"],
    ):
        ws.append(row)
    ws.row_dimensions[3].hidden = True  # the 2023 draft figure
    wb.save(tmp_path / "rows.xlsx")
    frame = load_actuals(tmp_path / "rows.xlsx", plan)
    assert list(zip(frame["year"], frame["value"])) == [(2022, 88.0), (2024, 89.5)]
    [warning] = frame.attrs["problems"]
    assert warning.message == "hidden row 3 is not read"


def test_hidden_rows_of_a_returned_form_are_not_read(tmp_path, plan):
    form = make_form(tmp_path / "sent", plan)
    row = EDU_ROWS["preschool_gross_enrolment_rate"]
    returned = fill_form(
        form,
        EDU_2024,
        out=tmp_path / "returned.xlsx",
        edit=lambda wb, ws: setattr(ws.row_dimensions[row], "hidden", True),
    )
    store = ActualsStore(tmp_path / "store")
    result = take_in([returned], plan, store, dry_run=True)
    assert "preschool_gross_enrolment_rate" not in {c.indicator for c in result.new}
    assert {c.indicator for c in result.new} == set(EDU_2024) - {"preschool_gross_enrolment_rate"}
    assert any(p.message == f"hidden row {row} is not read" for p in result.warnings)


def test_a_form_reads_the_sheet_it_put_its_figures_on_not_a_very_hidden_copy(tmp_path, plan):
    form = make_form(tmp_path / "sent", plan)

    def add_hidden(wb, ws):
        copy = wb.create_sheet("实际值")
        copy.append(["指标代码", "2024年实际值"])
        copy.append(["preschool_gross_enrolment_rate", 55])
        copy.sheet_state = "veryHidden"

    returned = fill_form(form, EDU_2024, out=tmp_path / "returned.xlsx", edit=add_hidden)
    result = take_in([returned], plan, ActualsStore(tmp_path / "store"), dry_run=True)
    values = {c.indicator: c.value for c in result.new}
    assert values["preschool_gross_enrolment_rate"] == EDU_2024["preschool_gross_enrolment_rate"]
    assert any(
        "very hidden sheet '实际值' is not part of the form and is not read" in p.message for p in result.warnings
    )


# --------------------------------------------------------------------------------------
# Cells described as what they are
# --------------------------------------------------------------------------------------


def _with_nan_cell(path: Path) -> Path:
    """Replace the saved number of C3 by NaN, as some exporters write it."""
    parts = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert b"<v>70.5</v>" in parts[sheet]
    parts[sheet] = parts[sheet].replace(b"<v>70.5</v>", b"<v>NaN</v>")
    with zipfile.ZipFile(path, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def test_a_nan_cell_is_named_by_row_and_column_and_the_other_rows_read(tmp_path, plan, capsys):
    path = workbook(
        tmp_path / "nan.xlsx",
        [("Sheet", [HEADER, [PRESCHOOL, 2022, 88.0, "年报"], [PRESCHOOL, 2023, 70.5, "年报"]], "visible")],
    )
    _with_nan_cell(path)
    [problem] = validate_actuals(path, plan)
    assert (problem.row, problem.column, problem.severity) == (3, "数值", "error")
    assert "'NaN'" in problem.message
    frame = load_actuals(path, plan, keep_valid_rows=True)
    assert list(frame["value"]) == [88.0]  # the rest of the sheet is read
    result = take_in([path], plan, ActualsStore(tmp_path / "store"), dry_run=True)
    assert [(p.row, p.column) for p in result.errors] == [(3, "数值")]


def test_a_date_in_a_value_cell_is_described_as_a_date(tmp_path, plan):
    path = workbook(tmp_path / "d.xlsx", [("Sheet", [HEADER, [PRESCHOOL, 2023, date(2023, 5, 1), "年报"]], "visible")])
    [problem] = validate_actuals(path, plan)
    assert problem.message.startswith("'2023-05-01' is a date, not a number")
    result = take_in([path], plan, ActualsStore(tmp_path / "store"), dry_run=True)
    [error] = result.errors
    assert error.message.startswith("'2023-05-01' is a date, not a number") and "range" not in error.message


def test_a_formula_without_a_saved_result_is_reported_as_such_not_as_empty(tmp_path, plan):
    path = workbook(
        tmp_path / "f.xlsx", [("Sheet", [HEADER, [PRESCHOOL, 2023, "=80+9.2", "年报"]], "visible")]
    )  # openpyxl saves no result
    [problem] = validate_actuals(path, plan)
    assert (problem.row, problem.column) == (2, "数值")
    assert "the formula =80+9.2 without a saved result" in problem.message
    assert "empty" not in problem.message


@pytest.mark.parametrize("typed", ["1" + "0" * 308, "10000000000000000"])
def test_implausible_magnitudes_are_refused_in_actuals(tmp_path, plan, typed):
    path = tmp_path / "big.csv"
    path.write_text(f"indicator,year,value,source\n城镇新增就业人数,2023,{typed},年报\n", "utf-8")
    [problem] = validate_actuals(path, plan)
    assert problem.row == 2 and problem.column == "value" and "beyond any plausible figure" in problem.message


# --------------------------------------------------------------------------------------
# Encodings and invisible characters
# --------------------------------------------------------------------------------------


def test_windows_1252_text_is_not_silently_read_as_gb18030(tmp_path, plan, capsys):
    path = tmp_path / "w.csv"
    path.write_bytes(
        "indicator,year,value,source\npreschool_gross_enrolment_rate,2023,89.2,Informe del Señor García\n".encode(
            "cp1252"
        )
    )
    [problem] = validate_actuals(path, plan)
    assert problem.severity == "error"
    assert "Se駉r" in problem.message and "Señor" in problem.message  # both readings shown
    assert "--encoding" in problem.expected
    code, out, _ = run_cli(capsys, "validate", "--encoding", "cp1252", str(path))
    assert code == 0, out
    from dayao_data.actuals import forced_encoding

    with forced_encoding("cp1252"):
        assert list(load_actuals(path, plan)["source"]) == ["Informe del Señor García"]


def test_chinese_text_saved_as_gbk_is_still_read_without_asking(tmp_path, plan):
    path = tmp_path / "g.csv"
    path.write_bytes(
        "指标,年份,数值,来源\n学前三年毛入园率,2023,89.2,2023年教育事业统计年报（县教育体育局）\n".encode("gbk")
    )
    assert list(load_actuals(path, plan)["source"]) == ["2023年教育事业统计年报（县教育体育局）"]


def test_a_zero_width_character_in_a_name_is_shown_so_it_does_not_look_like_its_suggestion(tmp_path, plan, capsys):
    path = tmp_path / "zw.csv"
    path.write_text(f"指标,年份,数值,来源\n{PRESCHOOL}\u200b,2023,89.2,年报\n", "utf-8")
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 1
    # shown as a Python-style escape, a backslash and u200b (dayao_data.safe_text), and named
    assert f"'{PRESCHOOL}\\u200b'" in out and "U+200B ZERO WIDTH SPACE" in out and "(shown as \\u…)" in out
    assert "\u200b" not in out


def test_history_shows_escape_codes_in_a_source_instead_of_obeying_them(tmp_path, capsys, monkeypatch):
    store = ActualsStore(tmp_path / "store")
    src = tmp_path / "a.csv"
    src.write_bytes(b"a")
    import hashlib

    f = IncomingFile(src, hashlib.sha256(b"a").hexdigest(), "a.csv", "actuals")
    store.record(
        [
            NewVersion(
                "preschool_gross_enrolment_rate", 2023, 88.1, "年报\x1b[2J\x1b]0;pwned\x07", note="备注\u202e", file=f
            )
        ],
        [f],
    )
    code, out, _ = run_cli(capsys, "history", "--store", str(store.root), PRESCHOOL)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "source: 年报\\x1b[2J\\x1b]0;pwned\\x07; note: 备注\\u202e" in out


# --------------------------------------------------------------------------------------
# Bounded inputs
# --------------------------------------------------------------------------------------


def _shared_strings_bomb(path: Path, expanded: int = 1 << 30) -> Path:
    """A valid small workbook whose sharedStrings part expands to ``expanded`` bytes (1 GiB)."""
    workbook(path, [("Sheet", [HEADER, [PRESCHOOL, 2023, 89.2, "年报"]], "visible")])
    parts = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n, d in parts.items():
            z.writestr(n, d)
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as fh:
            fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"A" * (1 << 20)
            for _ in range(expanded >> 20):
                fh.write(chunk)
            fh.write(b"</t></si></sst>")
    return path


#: A small launcher that starts ``dayao`` and writes that child's own peak memory (os.wait4) to a
#: file.  The launcher, not the test process, forks the command: Linux counts a child's resident
#: set from before its exec, so a child forked from a large pytest process would report pytest's size.
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _measured(argv: list[str], env: dict | None = None) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``dayao`` in a child: the result, seconds, and that child's own peak memory in MiB."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        peak_file = os.path.join(folder, "peak")
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, peak_file, sys.executable, "-m", "dayao_data.cli", *argv],
            capture_output=True,
            env=env,
        )
        seconds = time.perf_counter() - start
        peak_kib = float(open(peak_file).read())
    done = subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )
    return done, seconds, peak_kib / 1024


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return _shared_strings_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx")


def test_a_workbook_whose_shared_strings_expand_to_a_gibibyte_is_refused_fast_and_small(bomb, tmp_path):
    assert bomb.stat().st_size < 8 * 1024 * 1024
    done, seconds, peak_mib = _measured(["validate", str(bomb)])
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "xl/sharedStrings.xml would expand to 1.0 GiB" in done.stdout
    assert seconds < 30 and peak_mib < 400, (seconds, peak_mib)
    done, seconds, peak_mib = _measured(["intake", "--store", str(tmp_path / "store"), str(bomb)])
    assert done.returncode == 1 and "would expand to 1.0 GiB" in done.stdout and "Traceback" not in done.stderr
    assert seconds < 30 and peak_mib < 400, (seconds, peak_mib)
    assert not (tmp_path / "store").exists()


def test_too_many_rows_and_too_many_bytes_are_refused_naming_the_limit(tmp_path, plan, monkeypatch):
    path = tmp_path / "many.csv"
    path.write_text(
        "indicator,year,value,source\n" + "".join(f"{PRESCHOOL},2023,89.2,年报\n" for _ in range(150)), "utf-8"
    )
    monkeypatch.setenv("DAYAO_MAX_ROWS", "100")
    [problem] = validate_actuals(path, plan)
    assert "151 lines" in problem.message and "100 rows (DAYAO_MAX_ROWS)" in problem.message
    monkeypatch.delenv("DAYAO_MAX_ROWS")
    monkeypatch.setenv("DAYAO_MAX_FILE_BYTES", "1000")
    size = path.stat().st_size
    assert size > 1000
    [problem] = validate_actuals(path, plan)
    assert "the limit for an actuals file is 1000 bytes" in problem.message


def test_an_overlong_note_is_refused(tmp_path, plan):
    path = tmp_path / "note.csv"
    path.write_text(f"indicator,year,value,source,note\n{PRESCHOOL},2023,89.2,年报,{'很' * 2001}\n", "utf-8")
    [problem] = validate_actuals(path, plan)
    assert (problem.row, problem.column) == (
        2,
        "note",
    ) and "2,001 characters long; the limit is 2,000" in problem.message


def test_validate_prints_the_first_50_problems_and_how_many_more(tmp_path, capsys):
    path = tmp_path / "junk.csv"
    # 2,000 rows, each with exactly one problem (an unknown indicator): 50 printed, 1,950 more.
    path.write_text("indicator,year,value,source\n" + "".join(f"nosuch{k},2023,1,年报\n" for k in range(2000)), "utf-8")
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 1
    assert len(re.findall(r"^  error:", out, flags=re.M)) == 50
    assert "… and 1,950 more (以及另外 1,950 条)" in out
    assert (
        out.rstrip().endswith("2,000 data rows: 2,000 errors, 0 warnings — not usable until the errors are fixed")
        or "2000 errors" in out
        or "2,000 errors" in out
    )
    code, out, _ = run_cli(capsys, "validate", "--all", str(path))
    assert len(re.findall(r"^  error:", out, flags=re.M)) == 2000


def test_suggestions_are_searched_once_per_distinct_name_and_at_most_200_times(tmp_path, plan, monkeypatch):
    calls = []
    real = type(plan).suggest

    def counting(self, text, n=3):
        calls.append(text)
        return real(self, text, n)

    monkeypatch.setattr(type(plan), "suggest", counting)
    path = tmp_path / "names.csv"
    rows = "".join(f"未知指标{k},2023,1,年报\n" for k in range(1000)) + "".join(
        "未知指标1,2024,1,年报\n" for _ in range(50)
    )
    path.write_text("indicator,year,value,source\n" + rows, "utf-8")
    problems = validate_actuals(path, plan)
    assert len(problems) == 1050
    assert len(calls) == 200 and len(set(calls)) == 200


# --------------------------------------------------------------------------------------
# Plans: bounded, finite, and a message for a folder
# --------------------------------------------------------------------------------------


def _minimal_plan_text() -> str:
    guide = (DOCS / "plan-schema.md").read_text("utf-8")
    return re.findall(r"```yaml\n(.*?)```", guide, flags=re.S)[0]


def test_the_minimal_plan_of_the_docs_still_loads():
    assert parse_plan(_minimal_plan_text()).id == "example_county_15th_fyp_basic_public_services"


@pytest.mark.parametrize(
    "typed, shown",
    [
        (".nan", "nan is not a number"),
        (".inf", "inf is not a number"),
        ("-.inf", "-inf is not a number"),
        ("1.0e+308", "1e+308 is beyond any plausible figure"),
    ],
)
def test_nan_infinity_and_implausible_magnitudes_in_a_plan_are_refused_with_their_line(typed, shown):
    text = _minimal_plan_text()
    assert "      value: 92.5\n" in text
    line = text[: text.index("      value: 92.5\n")].count("\n") + 1
    with pytest.raises(PlanError) as info:
        parse_plan(text.replace("      value: 92.5\n", f"      value: {typed}\n", 1))
    assert f"line {line}: indicators[0].baseline.value: {shown}" in str(info.value)


def test_a_billion_laughs_plan_is_refused_fast():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 10):
        lines.append(f"a{k}: &a{k} [" + ",".join([f"*a{k - 1}"] * 9) + "]")
    text = "\n".join(lines) + "\nschema: *a9\n"
    assert len(text) < 4000  # the 3.5 KB; 9^10 ≈ 3.5 billion strings once expanded
    start = time.perf_counter()
    with pytest.raises(PlanError, match="would expand to more than 1,000,000 values once its YAML aliases"):
        parse_plan(text)
    assert time.perf_counter() - start < 2


def test_a_plan_with_too_many_aliases_is_refused():
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    with pytest.raises(PlanError, match="more than 100 YAML aliases"):
        parse_plan(text)


def test_deep_nesting_in_a_plan_is_refused():
    with pytest.raises(PlanError, match="nests mappings and lists more than 40 deep"):
        parse_plan("x: " + "[" * 60 + "]" * 60 + "\n")


def test_an_overlong_text_field_in_a_plan_is_refused():
    text = _minimal_plan_text().replace(
        "    notes_en: The text says", "    notes_en: " + "x" * 20_001 + " The text says", 1
    )
    with pytest.raises(
        PlanError, match=r"indicators\[0\]\.notes_en: a text of 20,\d{3} characters; the limit is 20,000"
    ):
        parse_plan(text)


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{csv}"],
        ["intake", "--dry-run", "{csv}"],
        ["forms", "--year", "2024", "--output", "{out}"],
        ["history", "学前三年毛入园率"],
        ["assess", "--year", "2023"],
    ],
)
def test_a_plan_path_that_is_a_folder_is_a_message_in_every_command(command, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DAYAO_STORE", str(tmp_path / "store"))
    csv = tmp_path / "a.csv"
    csv.write_text(f"指标,年份,数值,来源\n{PRESCHOOL},2023,89.2,年报\n", "utf-8")
    argv = [a.format(csv=csv, out=tmp_path / "forms") for a in command] + ["--plan", str(tmp_path)]
    code, out, err = run_cli(capsys, *argv)
    assert code in (1, 2)
    assert "this is a folder, not a plan file" in err
    assert not (tmp_path / "forms").exists()
