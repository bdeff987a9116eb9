"""The report runner: params files, the atomic replacement of reports/<year>/, failures, every year.

The ``slow`` tests run fixture notebooks (tests/fixtures/notebooks) in a throw-away project
folder; one of them raises in the cell at index 3.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output
from report_helpers import ROOT, folder_digest, make_project

from dayao_data.params import PARAM_KEYS, ParamsError, default_params, load_params, validate_params
from dayao_data.run.execute import notebook_warnings
from dayao_data.run.folders import promote, recover
from dayao_data.run.result import ReportRunError

# --------------------------------------------------------------------------------------------
# params
# --------------------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_the_shipped_params_files_load_and_agree_with_their_names():
    for year in range(2021, 2026):
        params = load_params(ROOT / "params" / f"{year}.yaml")
        assert params["year"] == year
        assert params["output_folder"] == f"reports/{year}"
        assert params["previous_report"] == ("" if year == 2021 else f"reports/{year - 1}")
        assert params["actuals_files"] == ["example"] and params["language"] == "zh" and params["band"] == 0.10
        assert params["notebooks"][0] == "notebooks/00_overview.ipynb"


def test_every_key_of_the_shipped_params_is_commented():
    text = (ROOT / "params" / "2023.yaml").read_text("utf-8").splitlines()
    for key in PARAM_KEYS:
        line = next(i for i, l in enumerate(text) if l.startswith(f"{key}:"))
        assert text[line - 1].startswith("#"), key


def test_defaults_fill_what_a_params_file_leaves_out(tmp_path):
    params = load_params(write(tmp_path / "p.yaml", "year: 2024\n"))
    assert {k: params[k] for k in PARAM_KEYS} == default_params(2024)
    assert params["params_file"] == str((tmp_path / "p.yaml").resolve())


@pytest.mark.parametrize(
    "text, key, words",
    [
        ("year: 2023\nlanguage: fr\n", "language", "zh, en"),
        ("year: 2023\nband: 1.5\n", "band", "between 0 and 1"),
        ("year: 2023\nband: yes\n", "band", "int or float"),
        ("year: '2023'\n", "year", "must be int"),
        ("year: 2023\nactuals_files: example.csv\n", "actuals_files", "must be list"),
        ("year: 2023\nactuals_files: []\n", "actuals_files", "at least one"),
        ("year: 2023\nnotebooks: [1]\n", "notebooks", "item 1"),
        ("year: 2023\noutput_dir: x\n", "output_dir", "unknown key"),
        ("language: zh\n", "year", "required"),
    ],
)
def test_bad_params_name_the_file_and_the_key(tmp_path, text, key, words):
    path = write(tmp_path / "2023.yaml", text)
    with pytest.raises(ParamsError) as info:
        load_params(path)
    message = str(info.value)
    assert str(path) in message and f"key '{key}'" in message and words in message


def test_broken_yaml_names_the_line(tmp_path):
    path = write(tmp_path / "2023.yaml", "year: 2023\nnotebooks: [a\n")
    with pytest.raises(ParamsError, match=r"2023.yaml: not valid YAML \(line \d\)"):
        load_params(path)


def test_missing_params_file(tmp_path):
    with pytest.raises(ParamsError, match="file not found"):
        load_params(tmp_path / "2030.yaml")


def test_validate_accepts_an_int_band():
    assert validate_params({"year": 2023, "band": 0})["band"] == 0.0


# --------------------------------------------------------------------------------------------
# Replacing a report folder
# --------------------------------------------------------------------------------------------


def test_promote_replaces_the_folder_and_leaves_nothing_behind(tmp_path):
    (tmp_path / "2023").mkdir()
    write(tmp_path / "2023" / "report.pdf", "old")
    write(
        tmp_path / "2023" / "manifest.json",
        '{"report": "dayao-data yearly report", "outputs": [{"path": "report.pdf"}]}',
    )
    new = tmp_path / ".tmp-2023-abcd"
    new.mkdir()
    write(new / "report.pdf", "new")
    promote(new, tmp_path / "2023")
    assert (tmp_path / "2023" / "report.pdf").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2023"]


def test_recover_puts_back_the_previous_report_after_a_crash_between_the_renames(tmp_path):
    old = tmp_path / ".old-2023-1234"
    old.mkdir()
    write(old / "report.pdf", "previous")
    assert "restored" in recover(tmp_path, 2023)
    assert (tmp_path / "2023" / "report.pdf").read_text() == "previous"
    assert not old.exists()


def test_recover_removes_the_old_copy_once_the_new_report_is_in_place(tmp_path):
    (tmp_path / "2023").mkdir()
    write(tmp_path / "2023" / "report.pdf", "new")
    (tmp_path / ".old-2023-1234").mkdir()
    assert "removed" in recover(tmp_path, 2023)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2023"]
    assert recover(tmp_path, 2023) is None


def test_missing_glyph_warnings_in_a_notebook_are_found():
    book = new_notebook()
    cell = new_code_cell("plot()")
    cell.outputs = [
        new_output(
            "stream",
            name="stderr",
            text=(
                "/x/font_manager.py:1: UserWarning: Glyph 22823 (\\N{CJK UNIFIED IDEOGRAPH-5927}) missing from font(s) DejaVu Sans.\n"
                "  fig.canvas.draw()\n"
            ),
        )
    ]
    book.cells = [new_code_cell("x = 1"), cell]
    found = notebook_warnings(book, "00_overview.ipynb")
    assert len(found) == 1 and "00_overview.ipynb cell 1" in found[0] and "Glyph 22823" in found[0]


# --------------------------------------------------------------------------------------------
# Failures leave the previous report alone (slow)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from dayao_data.run.kernel import KernelSession

    s = KernelSession(tmp_path_factory.mktemp("kernel")).start()
    yield s
    s.shutdown()


def previous_report(project: Path, year: int = 2023) -> dict:
    """An earlier reports/<year>/ to protect, with a nested folder; returns its digest."""
    folder = project / "reports" / str(year)
    (folder / "sub").mkdir(parents=True)
    (folder / "report.pdf").write_bytes(b"%PDF-1.7 earlier report\n")
    # a report this program made: its manifest lists its files (a report replaces only such a folder)
    manifest = {
        "report": "dayao-data yearly report",
        "kind": "yearly",
        "year": year,
        "outputs": [{"path": "report.pdf"}, {"path": "sub/note.txt"}],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest) + "\n")
    (folder / "sub" / "note.txt").write_text("kept")
    return folder_digest(folder)


@pytest.mark.slow
def test_a_notebook_that_raises_names_notebook_and_cell_and_leaves_the_previous_report(tmp_path, session):
    from dayao_data.run.run import run_report

    project = make_project(tmp_path, notebooks=["10_fixture_overview.ipynb", "fails_in_cell_3.ipynb"])
    before = previous_report(project)
    with pytest.raises(ReportRunError) as info:
        run_report(load_params(project / "params" / "2023.yaml"), project_root=project, progress=False, session=session)
    err = info.value
    assert err.notebook == "fails_in_cell_3.ipynb"
    assert err.cell_index == 3 and err.execution_count == 4  # In [4]: the injected parameters cell ran too
    assert err.ename == "ValueError" and "boom in cell 3" in err.evalue
    message = str(err)
    assert "fails_in_cell_3.ipynb" in message and "cell 3" in message and "ValueError: boom in cell 3" in message
    assert folder_digest(project / "reports" / "2023") == before
    # the failed run is kept for inspection, with the error and the notebook showing the traceback
    failed = err.failed_dir
    assert failed.parent == project / "reports" and failed.name.startswith(".failed-2023-")
    assert "fails_in_cell_3.ipynb" in (failed / "error.txt").read_text("utf-8")
    executed = nbformat.read(failed / "fails_in_cell_3.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in executed.cells for o in c.get("outputs", []))
    assert not list((project / "reports").glob(".tmp-*"))


@pytest.mark.slow
def test_an_actuals_file_with_an_error_fails_before_any_notebook(tmp_path, session):
    from dayao_data.run.run import run_report

    project = make_project(tmp_path)
    before = previous_report(project)
    (project / "bad.csv").write_text(
        "indicator,year,value,source\npreschool_gross_enrolment_rate,2022,abc,县教育局\n", "utf-8"
    )
    params = load_params(project / "params" / "2023.yaml").replace(actuals_files=["bad.csv"])
    with pytest.raises(ReportRunError) as info:
        run_report(params, project_root=project, progress=False, session=session)
    message = str(info.value)
    assert "bad.csv" in message and "abc" in message
    assert folder_digest(project / "reports" / "2023") == before
    assert (info.value.failed_dir / "error.txt").exists()
    assert not list(info.value.failed_dir.glob("*.ipynb"))  # no notebook ran


@pytest.mark.slow
def test_a_good_run_replaces_the_previous_report(tmp_path, session):
    from dayao_data.run.run import run_report

    project = make_project(tmp_path)
    previous_report(project)
    result = run_report(
        load_params(project / "params" / "2023.yaml"), project_root=project, progress=False, session=session, pdf=False
    )
    folder = project / "reports" / "2023"
    assert result.ok and result.output_dir == folder
    assert not (folder / "sub").exists() and (folder / "manifest.json").stat().st_size > 100
    assert sorted(p.name for p in (project / "reports").iterdir()) == ["2023"]
    assert oct((folder / "assess.csv").stat().st_mode & 0o044) == oct(0o044)  # readable by colleagues


# --------------------------------------------------------------------------------------------
# Every year, and the command line (slow)
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_all_years_in_parallel_one_failure_does_not_stop_the_others(tmp_path, monkeypatch, capsys):
    from dayao_data.cli import main

    project = make_project(tmp_path, years=(2022, 2023))
    make_project(tmp_path, notebooks=["fails_in_cell_3.ipynb"], years=(2024,))
    before = previous_report(project, 2024)
    monkeypatch.setenv("DAYAO_HOME", str(project))
    code = main(["report", "--all", "--workers", "2", "--quiet", "--no-pdf"])
    out = capsys.readouterr()
    assert code == 1
    assert (project / "reports" / "2022" / "manifest.json").exists()
    assert (project / "reports" / "2023" / "manifest.json").exists()
    assert folder_digest(project / "reports" / "2024") == before
    assert "2 of 3 reports built; failed: 2024" in out.out
    assert "fails_in_cell_3.ipynb" in out.err and "cell 3" in out.err


@pytest.mark.slow
def test_command_line_one_year_with_overrides(tmp_path, monkeypatch, capsys):
    from dayao_data.cli import main

    project = make_project(tmp_path)
    monkeypatch.setenv("DAYAO_HOME", str(project))
    code = main(
        ["report", "--year", "2023", "--language", "en", "--output", str(tmp_path / "out"), "--quiet", "--no-pdf"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    # an English report goes beside the Chinese one
    assert str(tmp_path / "out" / "2023-en") in out
    html = (tmp_path / "out" / "2023-en" / "report.html").read_text("utf-8")
    assert 'lang="en"' in html


def test_command_line_usage_errors(tmp_path, monkeypatch, capsys):
    from dayao_data.cli import main

    monkeypatch.setenv("DAYAO_HOME", str(tmp_path))
    assert main(["report"]) == 2
    assert main(["report", "--year", "2031"]) == 2
    assert "2031.yaml" in capsys.readouterr().err


def test_an_english_report_goes_beside_the_chinese_one(tmp_path):
    """--language en writes reports/<year>-en/, so the Chinese reports/<year>/ is never replaced."""
    from dayao_data.params import validate_params
    from dayao_data.run.folders import destination

    (tmp_path / "reports" / "2024").mkdir(parents=True)
    (tmp_path / "reports" / "2024" / "keep.txt").write_text("the Chinese report", "utf-8")
    zh = validate_params({"year": 2024, "output_folder": "reports/2024", "language": "zh"}, "<test>")
    en = dict(zh, language="en")
    assert destination(en, tmp_path, None).name == "2024-en"
    assert destination(dict(en, output_folder="reports/2024-en"), tmp_path, None).name == "2024-en"
    # choosing the English destination touched nothing of the Chinese folder
    assert (tmp_path / "reports" / "2024" / "keep.txt").read_text("utf-8") == "the Chinese report"


def test_command_line_paths_are_read_against_the_current_folder(tmp_path, monkeypatch):
    """--plan and --actuals typed on the command line are relative to where the command runs;
    the actuals' names ``example`` and ``store`` stay names."""
    from dayao_data.paths import from_command_line

    monkeypatch.chdir(tmp_path)
    assert from_command_line("plans/x.yaml") == str(tmp_path / "plans" / "x.yaml")
    assert from_command_line("example") == "example" and from_command_line("store") == "store"
