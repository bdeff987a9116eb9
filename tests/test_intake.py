"""Taking in returned forms (dayao_data.collect.intake, ``dayao intake``, ``dayao history``).

* every bad returned form of the corpus (tests/form_corpus.py) gives exactly the problems expected,
  and the store's bytes do not change;
* the round trip — forms out, filled, taken in, assessed — equals assessing the same figures given
  directly;
* revisions, conflicts, dry runs, valid rows only, formula cells, and random junk in the input cells.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from form_corpus import (
    CASES,
    EDU,
    EDU_2024,
    EDU_ROWS,
    YEAR,
    columns,
    fill_form,
    make_form,
    plausible_value,
    seed_csv,
    set_cached_value,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayao_data.actuals import load_actuals
from dayao_data.cli import main as cli_main
from dayao_data.collect.forms import FORM_SHEET, write_forms
from dayao_data.collect.intake import take_in
from dayao_data.collect.store import ActualsStore
from dayao_data.excel import lenient_number
from dayao_data.plan import load_plan
from dayao_data.progress import assess


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture
def store(tmp_path, plan):
    """A store holding 2021–2023 for every headline series (so that 'unchanged' means something)."""
    s = ActualsStore(tmp_path / "store")
    result = take_in([seed_csv(tmp_path / "seed.csv", plan)], plan, s, note="seed")
    assert not result.refused and result.record is not None
    return s


# --------------------------------------------------------------------------------------
# The corpus of returned forms
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_corpus_case_gives_exactly_the_expected_problems_and_leaves_the_store_unchanged(name, tmp_path, plan, store):
    (tmp_path / "case").mkdir()
    case = CASES[name](tmp_path / "case", plan)
    before = store.snapshot()
    dry_run = case.would_record is not None  # a case read correctly would otherwise be recorded
    result = take_in(case.files, plan, store, dry_run=dry_run, **case.kwargs)
    assert [str(p) for p in result.errors] == case.errors
    assert [str(p) for p in result.warnings] == case.warnings
    assert store.snapshot() == before
    if case.errors:
        assert result.refused and result.record is None and not result.new
        assert all(f.status == "refused" for f in result.files)
    if case.would_record is not None:
        assert {(c.indicator, c.year): c.value for c in result.new} == case.would_record
        assert not result.refused


def test_corpus_through_the_command_line(tmp_path, plan, store, capsys):
    """What the planner sees: every problem as 'file, sheet, row, column: error: message (expected …)', exit 1."""
    (tmp_path / "case").mkdir()
    case = CASES["text in numeric cells"](tmp_path / "case", plan)
    before = store.snapshot()
    code = cli_main(["intake", "--store", str(store.root), "--year", "2024", *map(str, case.files)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    for expected in case.errors:
        where, _, rest = expected.partition(": ")
        assert f"{where}: error: {rest}" in out
    assert (
        f"{case.files[0]}: form of 大姚县教育体育局 for 2024: refused (3 errors) — nothing taken from it: fix it and take it in again (or take its valid rows with --valid-rows-only)"
        in out
    )
    assert (
        out[-1]
        == "nothing recorded: 0 new, 0 revised, 0 unchanged (already on record, skipped); refused: 1 file, 5 rows"
    )
    assert store.snapshot() == before


# --------------------------------------------------------------------------------------
# Round trip
# --------------------------------------------------------------------------------------


def test_round_trip_forms_out_filled_taken_in_assessed_equals_the_figures_given_directly(tmp_path, plan, store):
    forms = write_forms(plan, YEAR, tmp_path / "forms", store=store)
    typed: dict[str, object] = {}
    expected: dict[str, tuple[float, float | None]] = {}
    for ind in plan.indicators:
        value, assigned = plausible_value(ind, YEAR)
        expected[ind.id] = (value, assigned)
        typed[ind.id] = value if assigned is None else (value, assigned)
    # Typed the way people type: full-width digits, a thousands separator, a % on a percentage.
    typed["preschool_gross_enrolment_rate"] = "８９．１５"
    expected["preschool_gross_enrolment_rate"] = (89.15, None)
    typed["urban_affordable_housing"] = ("1,580", "1，500")
    expected["urban_affordable_housing"] = (1580.0, 1500.0)
    typed["radio_tv_coverage"] = "99.9%"
    expected["radio_tv_coverage"] = (99.9, None)
    (tmp_path / "back").mkdir()
    returned = [
        fill_form(f.path, {i: typed[i] for i in f.indicators}, out=tmp_path / "back" / f.path.name) for f in forms
    ]
    result = take_in(returned, plan, store, year=YEAR, note="2024 round")
    assert not result.refused, [str(p) for p in result.errors]
    assert len(result.new) == len(plan.indicators) and not result.revised and not result.unchanged
    notes = {(p.row, p.message) for p in result.notes if p.row is not None}
    assert (5, "read '８９．１５' as 89.15 (full-width characters)") in notes
    assert (5, "read '1,580' as 1580 (thousands separator)") in notes
    assert (5, "read '1，500' as 1500 (full-width characters; thousands separator)") in notes

    from_store = load_actuals(store.export_current(), plan)
    # The same figures given directly: 2021–2023 as seeded, 2024 as typed (read by hand above).
    direct = pd.DataFrame(
        [
            {
                "indicator": ind.id,
                "year": y,
                "value": v,
                "source": "direct",
                "assigned_target": float("nan") if a is None else a,
            }
            for ind in plan.indicators
            for y, (v, a) in [(y, plausible_value(ind, y)) for y in (2021, 2022, 2023)] + [(YEAR, expected[ind.id])]
        ]
    )
    got, want = assess(plan, from_store, YEAR), assess(plan, direct, YEAR)
    pd.testing.assert_frame_equal(got, want)
    assert set(got["status"]) - {"no_data", "not_assessable"}  # the comparison is about real statuses
    # The reading is kept with the version.
    hist = store.history("preschool_gross_enrolment_rate", YEAR)
    assert hist["reading_note"].tolist() == ["2024年实际值: read '８９．１５' as 89.15 (full-width characters)"]


# --------------------------------------------------------------------------------------
# Revisions, conflicts, dry runs, valid rows only
# --------------------------------------------------------------------------------------


def _csv(path: Path, rows: list[tuple], header=("indicator", "year", "value", "source")) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_a_changed_earlier_figure_is_a_conflict_until_accepted_as_a_revision(tmp_path, plan, store, capsys):
    # seed: 学前三年毛入园率 2022 = 87.46 (plausible_value), its second row, so version 2
    fix = _csv(
        tmp_path / "修订.csv",
        [
            ("学前三年毛入园率", 2022, 87.9, "2022年教育事业统计年报（修订）"),
            ("九年义务教育巩固率", 2022, 99.14, "年报"),
        ],
    )
    before = store.snapshot()
    result = take_in([fix], plan, store)
    [error] = [str(p) for p in result.errors]
    seed_intake = store.vintage().intake_id
    assert error == (
        f"{fix}, row 2, column 'value': 学前三年毛入园率 2022 is on record as 87.46 (version 2, intake {seed_intake}, seed.csv); this file gives 87.9 "
        "(expected the figure on record; to record the new figure as a revision, take the file in again with --accept-revisions)"
    )
    assert store.snapshot() == before and result.record is None

    result = take_in([fix], plan, store, accept_revisions=True, note="教育局更正")
    assert not result.refused
    assert [(c.indicator, c.value, old["value"]) for c, old in result.revised] == [
        ("preschool_gross_enrolment_rate", 87.9, 87.46)
    ]
    assert [(c.indicator, c.value) for c, _ in result.unchanged] == [("compulsory_education_retention_rate", 99.14)]
    hist = store.history("preschool_gross_enrolment_rate", 2022)
    assert hist[["value", "current", "source"]].to_dict("records") == [
        {"value": 87.9, "current": True, "source": "2022年教育事业统计年报（修订）"},
        {"value": 87.46, "current": False, "source": "学前三年毛入园率2022年统计年报"},
    ]
    assert hist["supersedes"][0] == hist["version_id"][1]
    # The report of the earlier vintage still sees the earlier figure.
    early = load_actuals(store.export_current(seed_intake), plan).set_index(["indicator", "year"])
    assert early.loc[("preschool_gross_enrolment_rate", 2022), "value"] == 87.46

    capsys.readouterr()
    assert cli_main(["history", "学前三年毛入园率", "--year", "2022", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert out.index("* current  87.9 %") < out.index("  earlier  87.46 %")
    assert f"intake {result.record.intake_id}" in out and "source: 2022年教育事业统计年报（修订）" in out
    assert "file: 修订.csv, row 2; supersedes version 2" in out
    assert cli_main(["history", "--intakes", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "2 intake(s)" in out and "note: 教育局更正" in out and "1 new" not in out.splitlines()[1]


def test_the_same_series_and_year_from_two_files_with_different_values_records_nothing(tmp_path, plan, store):
    a = _csv(tmp_path / "a.csv", [("学前三年毛入园率", 2024, 88.6, "教育局")])
    b = _csv(tmp_path / "b.csv", [("学前三年毛入园率", 2024, 88.9, "统计局")])
    before = store.snapshot()
    result = take_in([a, b], plan, store)
    assert [str(p) for p in result.errors] == [
        f"{a}, row 2, column 'value': 学前三年毛入园率 2024 is given with a different value elsewhere in this intake ({b} row 2) (expected one value per indicator and year)",
        f"{b}, row 2, column 'value': 学前三年毛入园率 2024 is given twice with different values: 88.6 in {a} row 2 and 88.9 in {b} row 2 "
        "(expected one value per indicator and year: correct or delete one of the two rows)",
    ]
    assert store.snapshot() == before
    # Not even with --valid-rows-only: a conflict is never settled silently.
    assert take_in([a, b], plan, store, valid_rows_only=True).record is None
    assert store.snapshot() == before


def test_a_file_with_errors_gives_nothing_unless_valid_rows_only(tmp_path, plan, store):
    f = _csv(
        tmp_path / "mixed.csv",
        [("学前三年毛入园率", 2024, 88.6, "教育局"), ("九年义务教育巩固率", 2024, "九十九", "教育局")],
    )
    before = store.snapshot()
    assert take_in([f], plan, store).record is None
    assert store.snapshot() == before
    result = take_in([f], plan, store, valid_rows_only=True)
    assert [c.indicator for c in result.new] == ["preschool_gross_enrolment_rate"]
    assert result.refused  # something was still refused: exit code 1
    assert result.files[0].status == "partly accepted" and result.refused_rows == 1
    assert (
        store.current().set_index(["indicator", "year"]).loc[("preschool_gross_enrolment_rate", 2024), "value"] == 88.6
    )


def test_a_dry_run_shows_what_would_be_recorded_and_changes_nothing(tmp_path, plan, store, capsys):
    form = make_form(tmp_path / "forms", plan, store=store)
    filled = fill_form(form, EDU_2024, out=tmp_path / "back.xlsx")
    before = store.snapshot()
    code = cli_main(["intake", "--dry-run", "--year", "2024", "--store", str(store.root), str(filled)])
    out = capsys.readouterr().out
    assert code == 0 and store.snapshot() == before
    assert f"would record new: 学前三年毛入园率 2024 = 88.6 — {filled} row 5" in out
    assert (
        f"dry run: 5 new, 0 revised, 0 unchanged (already on record, skipped); the store {store.root} was not changed"
        in out
    )
    # Taking it in for real, twice: the second time everything is already on record.
    assert cli_main(["intake", "--year", "2024", "--store", str(store.root), str(filled)]) == 0
    assert "recorded intake" in capsys.readouterr().out
    after = store.snapshot()
    assert cli_main(["intake", "--year", "2024", "--store", str(store.root), str(filled)]) == 0
    out = capsys.readouterr().out
    assert "unchanged: 学前三年毛入园率 2024 = 88.6 is already on record" in out
    assert out.splitlines()[-1] == "nothing recorded: 0 new, 0 revised, 5 unchanged (already on record, skipped)"
    assert store.snapshot() == after


def test_the_returned_file_is_archived_byte_for_byte_with_its_provenance(tmp_path, plan, store):
    form = make_form(tmp_path / "forms", plan)
    filled = fill_form(form, EDU_2024, out=tmp_path / "2024-大姚县教育体育局-填报表.xlsx")
    result = take_in([filled], plan, store, year=YEAR, department=EDU, note="教育局 3月10日 邮件")
    rec = result.record
    assert (store.root / "incoming" / rec.intake_id / filled.name).read_bytes() == filled.read_bytes()
    v = store.history("regular_exercise_ratio", YEAR).iloc[0]
    assert (v["file_name"], v["sheet"], v["row"], v["department"]) == (
        filled.name,
        FORM_SHEET,
        EDU_ROWS["regular_exercise_ratio"],
        EDU,
    )
    intake = store.intakes()[-1]
    assert (
        intake["note"] == "教育局 3月10日 邮件"
        and intake["files"][0]["kind"] == "form"
        and intake["files"][0]["year"] == YEAR
    )
    assert intake["options"]["department"] == EDU


# --------------------------------------------------------------------------------------
# Formula cells and lenient readings in plain files
# --------------------------------------------------------------------------------------


def test_a_formula_cell_is_read_as_its_saved_value_with_a_warning(tmp_path, plan, store):
    form = make_form(tmp_path / "forms", plan)
    filled = fill_form(form, dict(EDU_2024, preschool_gross_enrolment_rate="=88+0.6"), out=tmp_path / "back.xlsx")
    set_cached_value(filled, "L5", "88.6")
    result = take_in([filled], plan, store)
    assert [str(p) for p in result.warnings] == [
        f"{filled}, sheet '填报表', row 5, column '2024年实际值': warning: the cell holds the formula =88+0.6; its saved result 88.6 was read (expected typed figures rather than formulas)"
    ]
    assert not result.refused
    v = store.history("preschool_gross_enrolment_rate", YEAR).iloc[0]
    assert v["value"] == 88.6 and v["reading_note"] == "2024年实际值: formula =88+0.6 read as its saved result 88.6"


def test_plain_actuals_files_get_the_same_lenient_readings_and_formula_checks(tmp_path, plan, store):
    f = _csv(
        tmp_path / "plain.csv",
        [
            ("学前三年毛入园率", 2024, "８８．６", "年报", "", ""),
            ("城镇保障性住房建设", 2024, "1,580", "住建局", "", "1,500"),
            ("高中阶段毛入学率", 2024, "1,58", "年报", "", ""),
        ],
        header=("指标", "年份", "数值", "来源", "备注", "下达目标"),
    )
    result = take_in([f], plan, store, valid_rows_only=True)
    assert [str(p) for p in result.errors] == [
        f"{f}, row 4, column '数值': '1,58' is ambiguous: a comma that does not group thousands could be a decimal mark (1.58) or a typing slip (158) "
        "(expected a percentage as printed in the plan, such as 85.76, in %)"
    ]
    assert sorted((c.indicator, c.value, c.assigned_target) for c in result.new) == [
        ("preschool_gross_enrolment_rate", 88.6, None),
        ("urban_affordable_housing", 1580.0, 1500.0),
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "实际值"
    ws.append(["指标", "年份", "数值", "来源"])
    ws.append(["国民综合阅读率", 2024, "=40+6", "文旅局"])
    x = tmp_path / "plain.xlsx"
    wb.save(x)
    before = store.snapshot()
    result = take_in([x], plan, store)
    assert [str(p) for p in result.errors] == [
        f"{x}, sheet '实际值', row 2, column '数值': the cell holds the formula =40+6 without a saved result (expected a typed figure (or open the file in Excel, let it calculate, and save it))"
    ]
    assert store.snapshot() == before
    set_cached_value(x, "C2", "46", sheet_xml="xl/worksheets/sheet1.xml")
    result = take_in([x], plan, store)
    assert not result.refused and [c.value for c in result.new] == [46.0]
    assert "its saved result 46 was read" in str(result.warnings[0])


def test_a_plain_file_with_department_checks_each_rows_department(tmp_path, plan, store):
    f = _csv(
        tmp_path / "health.csv", [("人口预期寿命", 2024, 76.1, "卫健局"), ("学前三年毛入园率", 2024, 88.6, "卫健局")]
    )
    before = store.snapshot()
    result = take_in([f], plan, store, department="health")
    assert [str(p) for p in result.errors] == [
        f"{f}, row 3, column 'indicator': 学前三年毛入园率 (preschool_gross_enrolment_rate) is reported by 大姚县教育体育局, not by 大姚县卫生健康局 "
        "(expected only the series of 大姚县卫生健康局 (--department))"
    ]
    assert store.snapshot() == before


# --------------------------------------------------------------------------------------
# Random junk never crashes the intake and never changes the store
# --------------------------------------------------------------------------------------

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)  # what a cell can hold
_junk = st.one_of(
    _text,
    st.text(alphabet="０１２３４５６７８９．，,.%％-+ 约九十=@'e", max_size=8),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.none(),
    st.sampled_from([88.6, "８８．６", "1,580", "90%", "12.3", 0.5]),
)
#: A row of the form: junk; left blank; or a figure valid for every education series (so that some intakes record).
_row = st.one_of(
    st.tuples(_junk, st.one_of(_text, st.none(), st.just("年报"))),
    st.just((None, None)),
    st.tuples(st.sampled_from(["12.3", "１２．３", 12.3, " 12.30 ", "12.3%"]), st.just("年报")),
)


@pytest.fixture(scope="module")
def junk_setup(tmp_path_factory, plan):
    folder = tmp_path_factory.mktemp("junk")
    form = make_form(folder / "forms", plan)
    seed_store = ActualsStore(folder / "store")
    assert not take_in([seed_csv(folder / "seed.csv", plan)], plan, seed_store).refused
    return plan, form.read_bytes(), seed_store


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(rows=st.lists(_row, min_size=5, max_size=5))
def test_random_junk_in_the_input_cells(junk_setup, rows):
    plan, template, seed_store = junk_setup
    values, sources = [v for v, _ in rows], [s for _, s in rows]
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        root = d / "store"
        shutil.copytree(seed_store.root, root)
        store = ActualsStore(root)
        before = store.snapshot()
        wb = openpyxl.load_workbook(io.BytesIO(template))
        ws = wb[FORM_SHEET]
        cols = columns(ws)
        for (_code, r), value, source in zip(EDU_ROWS.items(), values, sources):
            cell = ws.cell(r, cols["2024年实际值"])
            cell.value = value  # a text starting with "=" becomes a formula without a saved result
            src = ws.cell(r, cols["统计口径/来源"])
            src.value = source
            if isinstance(source, str):
                src.data_type = "s"
        path = d / "junk.xlsx"
        try:
            wb.save(path)
        except Exception:  # openpyxl refuses some values (e.g. control characters): nothing to take in
            return
        result = take_in([path], plan, store, year=YEAR)  # must not raise
        if result.refused or result.record is None:
            assert store.snapshot() == before
            return
        # Recorded: only the new versions were added, each value a correct reading of what was typed.
        old = {k: v for k, v in before.items() if not k.startswith(("versions.csv", "intakes.csv"))}
        after = store.snapshot()
        assert all(after.get(k) == v for k, v in old.items())
        assert store.versions_path.read_bytes().startswith(seed_store.versions_path.read_bytes())
        saved = openpyxl.load_workbook(path)[FORM_SHEET]  # what the file holds (Excel keeps 15–17 digits)
        for c in result.new:
            typed = saved.cell(EDU_ROWS[c.indicator], cols["2024年实际值"]).value
            ind = plan.indicator(c.indicator)
            reading, _, error = lenient_number(typed, percent=ind.is_percent, unit=ind.unit)
            assert error is None and reading == c.value


def test_a_form_copied_into_a_new_workbook_is_read_by_its_headers_with_a_warning(tmp_path, plan, store):
    form = fill_form(make_form(tmp_path / "forms", plan), EDU_2024, out=tmp_path / "filled.xlsx")
    src = openpyxl.load_workbook(form)[FORM_SHEET]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in src.iter_rows(values_only=True):
        ws.append(list(row))
    copy = tmp_path / "copy.xlsx"
    wb.save(copy)
    before = store.snapshot()
    result = take_in([copy], plan, store, dry_run=True, year=YEAR)
    assert [str(p) for p in result.warnings] == [
        f"{copy}, sheet 'Sheet1': warning: this workbook has the form's columns but not its identification (sheet '_form'); "
        "the year and department are taken from its headers and series (expected the .xlsx form as sent)"
    ]
    assert {c.indicator: c.value for c in result.new} == EDU_2024
    assert result.files[0].department == EDU and result.files[0].year == YEAR
    assert store.snapshot() == before


def test_intake_json_output(tmp_path, plan, store, capsys):
    f = _csv(tmp_path / "a.csv", [("学前三年毛入园率", 2024, "８８．６", "教育局")])
    assert cli_main(["intake", "--dry-run", "--format", "json", "--store", str(store.root), str(f)]) == 0
    import json

    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True and report["intake_id"] is None
    assert (
        report["new"][0]["value"] == 88.6
        and report["new"][0]["reading_note"] == "value: read '８８．６' as 88.6 (full-width characters)"
    )
    assert report["problems"][0]["severity"] == "note"


def test_an_intake_that_fails_while_writing_leaves_the_store_unchanged(tmp_path, plan, store, monkeypatch, capsys):
    """The whole intake, from the command line, with the disk failing at the commit."""
    import os

    filled = fill_form(make_form(tmp_path / "forms", plan, store=store), EDU_2024, out=tmp_path / "back.xlsx")
    before = store.snapshot()
    real = os.replace

    def replace(src, dst, *a, **kw):
        if Path(dst).name == "versions.csv":
            raise OSError(28, "No space left on device")
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", replace)
    assert cli_main(["intake", "--year", "2024", "--store", str(store.root), str(filled)]) == 1
    assert "the intake failed ([Errno 28] No space left on device); nothing was recorded" in capsys.readouterr().err
    assert store.snapshot() == before
    monkeypatch.undo()
    assert (
        cli_main(["intake", "--year", "2024", "--store", str(store.root), str(filled)]) == 0
    )  # and it works once the disk does
