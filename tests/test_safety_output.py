"""Confined writes (issue 8, deliver item 1): a report never deletes or replaces a folder it did not make.

Every case of the issue is run through the command line (``dayao report --params FILE``) in a
throw-away project that has a .git folder, an actuals store, params files and an earlier report:
the command must exit non-zero with a message (no traceback) and leave every file of the project
byte for byte as it was.  The refusal comes before a kernel is started, so these tests are fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from report_helpers import ROOT, folder_digest, make_project

from dayao_data.confine import OutputFolderError, check_output_folder, read_report_manifest, remove_report


def manifest(kind="yearly", year=2023, outputs=("report.pdf",)) -> str:
    return json.dumps(
        {
            "report": f"dayao-data {kind} report",
            "kind": kind,
            "year": year,
            "outputs": [{"path": o, "sha256": "0" * 64, "bytes": 1} for o in outputs],
        }
    )


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_project(tmp_path / "proj")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "data" / "store").mkdir(parents=True)
    (root / "data" / "store" / "actuals.csv").write_text("indicator,year,value\nx,2022,1\n")
    (root / "reports" / "2022").mkdir(parents=True)
    (root / "reports" / "2022" / "report.pdf").write_bytes(b"%PDF earlier")
    (root / "reports" / "2022" / "manifest.json").write_text(manifest(year=2022))
    (root / "reports" / "README.md").write_text("the reports\n")
    (root / "params" / "midterm.yaml").write_text((ROOT / "params" / "midterm.yaml").read_text("utf-8"), "utf-8")
    monkeypatch.setenv("DAYAO_HOME", str(root))
    monkeypatch.delenv("DAYAO_STORE", raising=False)
    return root


def run_cli(project: Path, output_folder: str | None, *extra: str):
    from dayao_data.cli import main

    params = yaml.safe_load((project / "params" / "2023.yaml").read_text("utf-8"))
    if output_folder is not None:
        params["output_folder"] = output_folder
    path = project.parent / "hostile.yaml"  # outside the project: its digest stays comparable
    path.write_text(yaml.safe_dump(params, allow_unicode=True), "utf-8")
    return main(["report", "--params", str(path), "--quiet", "--no-pdf", *extra])


def digest_all(project: Path) -> dict:
    """Every file of the project and beside it (where ../x would land), except the test's params file."""
    return {k: v for k, v in folder_digest(project.parent).items() if k != "hostile.yaml"}


@pytest.mark.parametrize(
    "output_folder, words",
    [
        ("", "is the project folder itself"),
        (".", "is the project folder itself"),
        ("reports/..", "is the project folder itself"),
        ("..", "contains the project folder"),
        ("/", "contains the project folder"),
        ("data/store", "data/ folder"),
        ("data/store/2023", "data/ folder"),
        ("params", "params/ folder"),
        ("notebooks", "notebooks/ folder"),
        (".git", ".git/ folder"),
        ("reports", "not empty and is not a report"),
        ("reports/2022", "holds the yearly report of 2022"),
        ("../x", "outside the project folder"),
    ],
)
def test_a_hostile_output_folder_is_refused_before_anything_is_touched(project, output_folder, words, capsys):
    before = digest_all(project)
    code = run_cli(project, output_folder)
    err = capsys.readouterr().err
    assert code == 2, err
    assert words in err and "refused, nothing written" in err
    assert "Traceback" not in err
    assert digest_all(project) == before
    assert not (project.parent / "x").exists()
    assert not list(project.rglob(".tmp-*"))


def test_an_absolute_folder_outside_the_project_needs_allow_outside(project, tmp_path, capsys):
    outside = tmp_path / "elsewhere" / "2023"
    assert run_cli(project, str(outside)) == 2
    assert "--allow-outside" in capsys.readouterr().err
    assert not outside.parent.exists()
    # explicitly allowed, a new folder outside is accepted (the check itself: no report is built here)
    assert check_output_folder(outside, project, year=2023, allow_outside=True) == outside.resolve()


def test_allow_outside_still_refuses_a_folder_that_is_not_a_report(project, tmp_path, capsys):
    user = tmp_path / "my-documents"
    user.mkdir()
    (user / "thesis.docx").write_bytes(b"years of work")
    before = folder_digest(user)
    assert run_cli(project, str(user), "--allow-outside") == 2
    err = capsys.readouterr().err
    assert "thesis.docx" in err and "not a report made by this program" in err
    assert folder_digest(user) == before


def test_command_line_output_is_checked_too(project, capsys):
    before = digest_all(project)
    from dayao_data.cli import main

    assert main(["report", "--year", "2023", "--output", "/", "--quiet", "--no-pdf"]) == 2  # → /2023, outside
    assert main(["report", "--year", "2023", "--output", "params", "--quiet", "--no-pdf"]) == 2
    assert main(["report", "--midterm", "--output", "..", "--quiet", "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert err.count("refused, nothing written") == 3 and "Traceback" not in err
    assert digest_all(project) == before


def test_a_folder_with_user_files_is_refused(project, capsys):
    mine = project / "reports" / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    before = digest_all(project)
    assert run_cli(project, "reports/mine") == 2
    assert "notes.txt" in capsys.readouterr().err
    assert digest_all(project) == before


@pytest.mark.parametrize("other", ["midterm", "final"])
def test_a_previous_report_of_another_kind_is_refused(project, other, capsys):
    folder = project / "reports" / other
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"%PDF")
    (folder / "manifest.json").write_text(manifest(kind=other))
    before = digest_all(project)
    assert run_cli(project, f"reports/{other}") == 2
    assert f"holds a {other} report, and this run makes a yearly report" in capsys.readouterr().err
    assert digest_all(project) == before


def test_an_evaluation_refuses_a_yearly_report_folder(project):
    with pytest.raises(OutputFolderError, match="holds a yearly report, and this run makes a midterm report"):
        check_output_folder(project / "reports" / "2022", project, kind="midterm", year=2023)


def test_a_report_holding_files_it_did_not_make_is_refused(project):
    (project / "reports" / "2022" / "comments.docx").write_bytes(b"a colleague's comments")
    with pytest.raises(OutputFolderError, match="comments.docx"):
        check_output_folder(project / "reports" / "2022", project, year=2022)


def test_a_symlink_into_the_store_is_refused(project):
    (project / "reports" / "2023").symlink_to(project / "data" / "store")
    with pytest.raises(OutputFolderError, match="data/ folder"):
        check_output_folder(project / "reports" / "2023", project, year=2023)


def test_a_store_named_by_dayao_store_is_protected(project, tmp_path, monkeypatch):
    store = tmp_path / "county-store"
    store.mkdir()
    monkeypatch.setenv("DAYAO_STORE", str(store))
    with pytest.raises(OutputFolderError, match="actuals store"):
        check_output_folder(store / "2023", project, year=2023, allow_outside=True)


def test_what_a_report_may_replace(project):
    new, empty = project / "reports" / "2023", project / "reports" / "empty"
    empty.mkdir()
    assert check_output_folder(new, project, year=2023) == new.resolve()
    assert check_output_folder(empty, project, year=2023) == empty.resolve()
    assert (
        check_output_folder(project / "reports" / "2022", project, year=2022)
        == (project / "reports" / "2022").resolve()
    )
    midterm = project / "reports" / "midterm"
    midterm.mkdir()
    (midterm / "manifest.json").write_text(manifest(kind="midterm", year=2023, outputs=()))
    # an evaluation may be rebuilt for another year; a yearly report folder is named after its year
    assert check_output_folder(midterm, project, kind="midterm", year=2022) == midterm.resolve()


def test_a_manifest_not_written_by_this_program_is_not_a_report(tmp_path):
    (tmp_path / "manifest.json").write_text('{"year": 2023, "outputs": []}')
    assert read_report_manifest(tmp_path) is None
    (tmp_path / "manifest.json").write_text("not json")
    assert read_report_manifest(tmp_path) is None
    (tmp_path / "manifest.json").write_text(manifest(kind="final"))
    assert read_report_manifest(tmp_path)["kind"] == "final"


def test_removing_a_report_deletes_only_what_its_manifest_lists(tmp_path):
    folder = tmp_path / "2023"
    (folder / "figures").mkdir(parents=True)
    (folder / "report.pdf").write_bytes(b"%PDF")
    (folder / "figures" / "a.png").write_bytes(b"png")
    (folder / "figures" / "mine.txt").write_text("added by hand")
    (tmp_path / "outside.txt").write_text("never listed by a report")
    (folder / "manifest.json").write_text(manifest(outputs=("report.pdf", "figures/a.png", "../outside.txt")))
    assert remove_report(folder) == ["figures/mine.txt"]
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["figures", "figures/mine.txt"]
    assert (tmp_path / "outside.txt").exists()  # a manifest naming ../ never reaches outside
    (folder / "figures" / "mine.txt").unlink()
    assert remove_report(folder) == [] and not folder.exists()  # empty folders left by the report go


def test_promotion_keeps_files_added_to_the_previous_report_during_the_run(tmp_path):
    from dayao_data.run.folders import promote

    final = tmp_path / "2023"
    final.mkdir()
    (final / "report.pdf").write_bytes(b"old")
    (final / "manifest.json").write_text(manifest())
    (final / "added-meanwhile.txt").write_text("a colleague's note")
    new = tmp_path / ".tmp-2023-1-abcd"
    new.mkdir()
    (new / "report.pdf").write_bytes(b"new")
    promote(new, final)
    assert (final / "report.pdf").read_bytes() == b"new"
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(".old-2023-")]
    assert len(kept) == 1 and (kept[0] / "added-meanwhile.txt").read_text() == "a colleague's note"


# --------------------------------------------------------------------------------------------
# dayao forms: file names from plan text (issue 8, "Paths from data")
# --------------------------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def hostile_plan(tmp_path: Path, name_a: str, name_b: str) -> Path:
    text = (FIXTURES / "other-plan.yaml").read_text("utf-8")
    assert "测试县甲局" in text and "测试县乙局" in text
    text = text.replace("测试县甲局", json.dumps(name_a)).replace("测试县乙局", json.dumps(name_b))
    path = tmp_path / "hostile-plan.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    "name_a, name_b, expected",
    [
        ("../../evil", "a/b", ["2026-a_b-填报表.xlsx", "2026-evil-填报表.xlsx"]),
        ("..", "CON", ["2026-_CON-填报表.xlsx", "2026-bureau_a-填报表.xlsx"]),
        ("\u202e\u200b", "/etc/passwd", ["2026-bureau_a-填报表.xlsx", "2026-etc_passwd-填报表.xlsx"]),
        # two names that read the same once made safe: the second gets its id, nothing is overwritten
        ("a/b", "a\\b", ["2026-a_b-bureau_b-填报表.xlsx", "2026-a_b-填报表.xlsx"]),
    ],
)
def test_forms_are_written_inside_their_folder_whatever_the_department_is_called(
    tmp_path, monkeypatch, capsys, name_a, name_b, expected
):
    from dayao_data.cli import main

    plan = hostile_plan(tmp_path, name_a, name_b)
    work = tmp_path / "deep" / "er"
    out = work / "forms"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    before = {p for p in tmp_path.rglob("*")}
    assert main(["forms", "--plan", str(plan), "--year", "2026", "-o", str(out), "--no-prefill"]) == 0
    stdout = capsys.readouterr().out
    created = {p for p in tmp_path.rglob("*")} - before
    assert sorted(p.name for p in out.iterdir()) == expected
    assert created == {out, *out.iterdir()}  # nothing written anywhere else
    assert "\x1b" not in stdout and "\x00" not in stdout  # the terminal sees the path, not its escapes


def test_safe_filename_never_gives_a_path():
    from dayao_data.safe_text import safe_filename

    for text in [
        "../../evil",
        "a/b",
        "..",
        ".",
        "",
        "/",
        "\\\\server\\share",
        "C:\\x",
        "NUL.txt",
        "lpt9",
        "\x00",
        "\u202e\u200b",
        " . ",
        "a" * 1000,
        "局" * 200,
        "..\u200b/..\u200b/x",
    ]:
        name = safe_filename(text, "dept")
        assert name and name not in (".", "..") and not name.startswith(".")
        assert not any(c in name for c in '/\\:*?"<>|\x00')
        assert len(name.encode("utf-8")) <= 150
        assert Path("/base", name).parent == Path("/base")


def test_a_control_character_in_a_department_name_is_a_message_not_a_traceback(tmp_path, capsys):
    from dayao_data.cli import main

    plan = hostile_plan(tmp_path, "x\x1b[2J\x07y", "ok")
    code = main(["forms", "--plan", str(plan), "--year", "2026", "-o", str(tmp_path / "out"), "--no-prefill"])
    err = capsys.readouterr().err
    assert code == 1 and "control character" in err and "\\x1b[2J\\x07" in err
    assert "\x1b" not in err and "Traceback" not in err


def test_dayao_forms_never_overwrites_a_form_already_in_the_folder_unless_asked(tmp_path, capsys):
    """A form in the folder may be one a department returned filled in: refused, nothing written."""
    from dayao_data.cli import main

    plan = FIXTURES / "other-plan.yaml"
    out = tmp_path / "forms"
    assert main(["forms", "--plan", str(plan), "--year", "2026", "-o", str(out), "--no-prefill"]) == 0
    filled = out / "2026-测试县甲局-填报表.xlsx"
    filled.write_bytes(b"a department's filled-in form")
    before = folder_digest(out)
    capsys.readouterr()
    assert main(["forms", "--plan", str(plan), "--year", "2026", "-o", str(out), "--no-prefill"]) == 2
    err = capsys.readouterr().err
    assert "2 form(s) already in" in err and "2026-测试县甲局-填报表.xlsx" in err and "--replace" in err
    assert folder_digest(out) == before
    assert main(["forms", "--plan", str(plan), "--year", "2026", "-o", str(out), "--no-prefill", "--replace"]) == 0
    assert filled.read_bytes().startswith(b"PK")  # asked for: written again
