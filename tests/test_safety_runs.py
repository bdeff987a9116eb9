"""Runs that go wrong (issue 8, deliver items 6 and 7, report side).

* Params files: duplicate keys, not UTF-8, a plan path that is a folder, a broken
  ``previous_report`` — refused up front with the file and the key, before any notebook (and
  before a kernel is started: these tests are fast).
* Leftovers of killed runs (``.tmp-*`` folders, kernel socket and connection files) removed by
  the next run, for every kind of report; a crashed promotion recovered for evaluations too.
* A full disk (``OSError(ENOSPC)`` raised by writes, monkeypatched) and a read-only folder: a
  message, not a traceback, and the error written where it can be.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from report_helpers import ROOT, folder_digest, make_project

from dayao_data.params import ParamsError, load_params
from dayao_data.run.folders import recover
from dayao_data.run.result import ReportRunError


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_project(tmp_path / "proj")
    monkeypatch.setenv("DAYAO_HOME", str(root))
    monkeypatch.delenv("DAYAO_STORE", raising=False)
    return root


def params_file(project: Path, text: str | bytes, name: str = "p.yaml") -> Path:
    path = project / "params" / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def cli(*argv: str) -> int:
    from dayao_data.cli import main

    return main(list(argv))


# --------------------------------------------------------------------------------------------
# Params files
# --------------------------------------------------------------------------------------------


def test_a_duplicate_key_in_a_params_file_is_refused(project, capsys):
    path = params_file(project, "year: 2023\nlanguage: zh\nyear: 2024\n")
    with pytest.raises(ParamsError, match=r"duplicate key 'year' \(first on line 1\)"):
        load_params(path)
    assert cli("report", "--params", str(path), "--quiet", "--no-pdf") == 2
    err = capsys.readouterr().err
    assert "p.yaml" in err and "line 3" in err and "Traceback" not in err
    assert not (project / "reports").exists()


def test_a_duplicate_key_in_a_nested_mapping_is_refused_too(project):
    path = params_file(project, "year: 2023\nnotebooks: [{a: 1, a: 2}]\n")
    with pytest.raises(ParamsError, match="duplicate key 'a'"):
        load_params(path)


def test_the_shipped_params_files_still_load():
    for path in sorted((ROOT / "params").glob("*.yaml")):
        assert load_params(path)["params_file"] == str(path.resolve())


@pytest.mark.parametrize("encoding", ["gb18030", "cp1252", "utf-16"])
def test_a_params_file_that_is_not_utf8_is_a_message(project, capsys, encoding):
    text = "# 参数 Señor\nyear: 2023\n" if encoding != "cp1252" else "# Señor\nyear: 2023\n"
    path = params_file(project, text.encode(encoding))
    assert cli("report", "--params", str(path), "--quiet", "--no-pdf") == 2
    err = capsys.readouterr().err
    assert "is not UTF-8 text" in err and "line 1" in err and "p.yaml" in err
    assert "Traceback" not in err


def test_a_params_path_that_is_a_folder_is_a_message(project, capsys):
    assert cli("report", "--params", str(project / "params"), "--quiet") == 2
    assert "is a folder, not a params file" in capsys.readouterr().err


def test_a_plan_path_that_is_a_folder_is_a_message_in_report_and_assess(project, tmp_path, capsys):
    assert cli("report", "--year", "2023", "--plan", str(tmp_path), "--quiet", "--no-pdf") == 2
    err = capsys.readouterr().err
    assert "key 'plan_file'" in err and "is a folder, not a plan file" in err and "Traceback" not in err
    assert not (project / "reports").exists()  # refused before anything was made
    assert cli("assess", "--year", "2023", "--plan", str(tmp_path)) == 1
    err = capsys.readouterr().err
    assert "--plan" in err and "is a folder" in err and "Traceback" not in err


def test_an_evaluation_with_a_plan_folder_is_a_message(project, tmp_path, capsys):
    (project / "params" / "midterm.yaml").write_text((ROOT / "params" / "midterm.yaml").read_text("utf-8"), "utf-8")
    assert cli("report", "--midterm", "--plan", str(tmp_path), "--quiet", "--no-pdf") == 2
    err = capsys.readouterr().err
    assert "is a folder, not a plan file" in err and "Traceback" not in err


def test_an_actuals_path_that_is_a_folder_is_a_message(project, tmp_path, capsys):
    assert cli("report", "--year", "2023", "--actuals", str(tmp_path), "--quiet", "--no-pdf") == 2
    err = capsys.readouterr().err
    assert "key 'actuals_files'" in err and "is a folder" in err


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda p: p.mkdir(), "has no assess.csv: it is not a report folder"),
        (lambda p: (p.mkdir(), (p / "assess.csv").write_bytes(b"\x00\xff\xfe garbage \x81")), "is not UTF-8 text"),
        (
            lambda p: (p.mkdir(), (p / "assess.csv").write_text("a,b\n1,2\n")),
            "missing columns indicator_id, status, value, data_year",
        ),
        (
            lambda p: (p.mkdir(), (p / "assess.csv").write_text("indicator_id,status,value,data_year\nx,on_track\n")),
            "line 2 has 2 fields",
        ),
        (lambda p: p.write_text("not a report"), "neither a report folder nor an assess.csv"),
    ],
)
def test_a_broken_previous_report_is_refused_before_any_notebook(project, capsys, make, words):
    make(project / "last-year")
    path = params_file(
        project,
        yaml.safe_dump(
            {"year": 2023, "previous_report": "last-year", "notebooks": ["notebooks/10_fixture_overview.ipynb"]}
        ),
    )
    assert cli("report", "--params", str(path), "--quiet", "--no-pdf") == 2
    err = capsys.readouterr().err
    assert "key 'previous_report'" in err and words in err and "Traceback" not in err
    assert not (project / "reports").exists()  # no kernel, no temporary folder, nothing


def test_a_previous_report_not_built_yet_is_not_an_error(project):
    from dayao_data.params import check_inputs

    check_inputs({"plan_file": "", "actuals_files": ["example"], "previous_report": "reports/2022"}, project)
    good = project / "reports" / "2022"
    good.mkdir(parents=True)
    (good / "assess.csv").write_text("\ufeffindicator_id,status,value,data_year\nx,on_track,1,2022\n", "utf-8")
    check_inputs({"plan_file": "", "actuals_files": ["example"], "previous_report": "reports/2022"}, project)


# --------------------------------------------------------------------------------------------
# Leftovers of killed runs
# --------------------------------------------------------------------------------------------


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid  # finished and reaped: no process has this id now (ids are not reused at once)


@pytest.mark.parametrize("name", ["2023", "midterm", "final"])
def test_temporary_folders_of_killed_runs_are_removed_for_every_kind(tmp_path, name):
    dead = tmp_path / f".tmp-{name}-{dead_pid()}-abcd1234"
    alive = tmp_path / f".tmp-{name}-{os.getpid()}-abcd1234"  # a run still going: this process
    legacy_old = tmp_path / f".tmp-{name}-0badcafe"
    legacy_new = tmp_path / f".tmp-{name}-1badcafe"
    other = tmp_path / f".tmp-{name}x-{dead_pid()}-abcd1234"  # another report's folder
    for d in (dead, alive, legacy_old, legacy_new, other):
        d.mkdir()
        (d / "report.html").write_text("partial")
    os.utime(legacy_old, (0, 0))  # a leftover of the older naming, days old
    message = recover(tmp_path, name)
    assert "removed 2 temporary folder(s)" in message
    assert not dead.exists() and not legacy_old.exists()
    assert alive.exists() and legacy_new.exists() and other.exists()


@pytest.mark.parametrize("name", ["midterm", "final"])
def test_a_crashed_promotion_of_an_evaluation_is_recovered(tmp_path, name):
    old = tmp_path / f".old-{name}-1234abcd"
    old.mkdir()
    (old / "report.pdf").write_text("previous")
    assert "restored" in recover(tmp_path, name)
    assert (tmp_path / name / "report.pdf").read_text() == "previous"


def test_the_runner_recovers_before_an_evaluation_run(project, monkeypatch):
    """begin_run runs recovery for the folder it builds, whatever its name (not only years)."""
    from dayao_data.params import validate_params
    from dayao_data.run.run import begin_run

    reports = project / "reports"
    reports.mkdir()
    old = reports / ".old-midterm-1234abcd"
    old.mkdir()
    (old / "manifest.json").write_text(
        json.dumps({"report": "dayao-data midterm report", "kind": "midterm", "outputs": []})
    )
    leftover = reports / f".tmp-midterm-{dead_pid()}-abcd1234"
    leftover.mkdir()
    params = validate_params({"year": 2023, "output_folder": "reports/midterm"}, "midterm.yaml")
    run = begin_run(params, project, None, False, kind="midterm")
    assert (reports / "midterm" / "manifest.json").exists() and not old.exists() and not leftover.exists()
    assert run.tmp.parent == reports and run.tmp.name.startswith(f".tmp-midterm-{os.getpid()}-")
    run.tmp.rmdir()


def test_kernel_socket_files_of_dead_runs_are_removed(tmp_path, monkeypatch):
    import tempfile

    from dayao_data.run.kernel import sweep_kernel_files

    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    dead = dead_pid()
    for n in range(1, 6):
        (tmp_path / f"dayao-kernel-{dead}-0123456789ab-{n}").write_text("")
        (tmp_path / f"dayao-kernel-{os.getpid()}-0123456789ab-{n}").write_text("")
    (tmp_path / f"dayao-kernel-{dead}-0123456789ab.json").write_text("{}")
    (tmp_path / "dayao-kernel-notes.txt").write_text("not ours")
    assert sweep_kernel_files(str(tmp_path)) == 6
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        [f"dayao-kernel-{os.getpid()}-0123456789ab-{n}" for n in range(1, 6)] + ["dayao-kernel-notes.txt"]
    )


# --------------------------------------------------------------------------------------------
# Full disk, read-only folder
# --------------------------------------------------------------------------------------------


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", str(args[0]) if args else None)


def test_a_full_disk_while_writing_the_tables_fails_cleanly_with_error_txt(project, monkeypatch):
    """ENOSPC on the first output: the run fails with a message; the failed folder has error.txt."""
    from dayao_data import fsutil
    from dayao_data.run.kernel import KernelSession
    from dayao_data.run.run import run_report

    real = fsutil.atomic_write_bytes
    calls = {"n": 0}

    def first_write_fails(destination, data):
        calls["n"] += 1
        if Path(destination).name == "assess.csv":
            full_disk(destination)
        return real(destination, data)

    monkeypatch.setattr(fsutil, "atomic_write_bytes", first_write_fails)  # every atomic write goes through it
    monkeypatch.setattr(KernelSession, "start", lambda self: self)  # no kernel needed to fail here
    monkeypatch.setattr(KernelSession, "shutdown", lambda self: None)
    params = load_params(project / "params" / "2023.yaml")
    with pytest.raises(ReportRunError) as info:
        run_report(params, project_root=project, progress=False, pdf=False)
    message = str(info.value)
    assert "the disk is full" in message and "assess.csv" in message
    assert (
        (info.value.failed_dir / "error.txt")
        .read_text("utf-8")
        .startswith("could not write the report: the disk is full")
    )
    assert not (project / "reports" / "2023").exists()


def test_a_disk_too_full_even_for_error_txt_says_so(project, monkeypatch, capsys):
    from dayao_data import fsutil
    from dayao_data.run.kernel import KernelSession

    monkeypatch.setattr(fsutil, "atomic_write_bytes", full_disk)
    real_open = open

    def no_space_open(file, mode="r", *a, **kw):
        if "w" in mode and str(file).endswith("error.txt"):
            full_disk(file)
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr("builtins.open", no_space_open)
    monkeypatch.setattr(KernelSession, "start", lambda self: self)
    monkeypatch.setattr(KernelSession, "shutdown", lambda self: None)
    code = cli("report", "--year", "2023", "--quiet", "--no-pdf")
    err = capsys.readouterr().err
    assert code == 1 and "the disk is full" in err and "could not write error.txt" in err
    assert "Traceback" not in err
    failed = [p for p in (project / "reports").iterdir() if p.name.startswith(".failed-2023-")]
    assert len(failed) == 1 and str(failed[0]) in err  # what could be kept is kept, and named


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_reports_folder_is_a_message(project, capsys):
    reports = project / "reports"
    reports.mkdir()
    reports.chmod(0o555)
    try:
        assert cli("report", "--year", "2023", "--quiet", "--no-pdf") == 1
    finally:
        reports.chmod(0o755)
    err = capsys.readouterr().err
    assert "cannot write in" in err and "no permission" in err and "Traceback" not in err


def test_a_read_only_reports_folder_is_a_message_even_as_root(project, monkeypatch, capsys):
    """Root ignores permissions: the same case simulated (mkdir of the temporary folder refused)."""
    real_mkdir = Path.mkdir

    def refuse(self, *a, **kw):
        if self.name.startswith(".tmp-"):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *a, **kw)

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert cli("report", "--year", "2023", "--quiet", "--no-pdf") == 1
    err = capsys.readouterr().err
    assert "cannot write in" in err and "no permission to write" in err and "Traceback" not in err


def test_assess_output_on_a_full_disk_or_read_only_folder_is_a_message(tmp_path, monkeypatch, capsys):
    import dayao_data.fsutil as fsutil

    target = tmp_path / "out.csv"
    target.write_text("the previous export\n")
    monkeypatch.setattr(fsutil, "atomic_write_bytes", lambda destination, data: full_disk(destination))
    assert cli("assess", "--year", "2023", "--format", "csv", "-o", str(target)) == 1
    err = capsys.readouterr().err
    assert "could not write" in err and "the disk is full" in err and "Traceback" not in err
    assert target.read_text() == "the previous export\n"
    monkeypatch.setattr(
        fsutil,
        "atomic_write_bytes",
        lambda destination, data: (_ for _ in ()).throw(
            PermissionError(errno.EACCES, "Permission denied", str(destination))
        ),
    )
    assert cli("assess", "--year", "2023", "-o", str(target)) == 1
    assert "no permission to write" in capsys.readouterr().err


def test_assess_refuses_to_overwrite_its_own_input(tmp_path, capsys):
    from dayao_data.actuals import example_actuals_path

    copy = tmp_path / "actuals.csv"
    copy.write_bytes(example_actuals_path().read_bytes())
    before = folder_digest(tmp_path)
    assert cli("assess", "--year", "2023", "--actuals", str(copy), "--format", "csv", "-o", str(copy)) == 1
    assert "is one of this run's inputs" in capsys.readouterr().err
    assert folder_digest(tmp_path) == before


@pytest.mark.slow
def test_a_kernel_leaves_no_socket_or_connection_file_and_sweeps_those_of_killed_runs(tmp_path, monkeypatch):
    import tempfile

    from dayao_data.run.kernel import KernelSession

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    dead = dead_pid()
    leftovers = [tmp_path / f"dayao-kernel-{dead}-0123456789ab-{n}" for n in range(1, 6)]
    leftovers.append(tmp_path / f"dayao-kernel-{dead}-0123456789ab.json")
    for f in leftovers:
        f.write_text("")
    session = KernelSession(tmp_path).start()
    try:
        session.ready()
        mine = sorted(p.name for p in tmp_path.glob(f"dayao-kernel-{os.getpid()}-*"))
        assert len(mine) == 6 and sum(n.endswith(".json") for n in mine) == 1, mine  # 5 sockets + connection file
    finally:
        session.shutdown()
    assert not any(f.exists() for f in leftovers)
    assert not list(tmp_path.glob("dayao-kernel-*"))


# --------------------------------------------------------------------------------------------
# Oversized text (issue 8: "3.5 million characters of notes kept the PDF step busy")
# --------------------------------------------------------------------------------------------


def plan_with_notes(tmp_path: Path, notes: str) -> Path:
    """The Dayao plan with the pre-school indicator's notes_zh replaced by ``notes``."""
    from dayao_data.plan import default_plan_path

    lines = default_plan_path().read_text("utf-8").split("\n")
    start = lines.index("    name_zh: 学前三年毛入园率")
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("    notes_zh:"))
    end = next(i for i in range(first + 1, len(lines)) if not lines[i].startswith("      "))
    lines[first:end] = [f"    notes_zh: {json.dumps(notes, ensure_ascii=False)}"]
    path = tmp_path / "long-notes.yaml"
    path.write_text("\n".join(lines), "utf-8")
    return path


def test_a_plan_with_millions_of_characters_of_notes_fails_fast_before_any_notebook(
    project, tmp_path, monkeypatch, capsys
):
    import time

    from dayao_data.run import run
    from dayao_data.run.kernel import KernelSession

    started = []
    monkeypatch.setattr(run, "resolve_notebooks", lambda params, root: started.append(1) or [])
    monkeypatch.setattr(KernelSession, "start", lambda self: self)
    monkeypatch.setattr(KernelSession, "shutdown", lambda self: None)
    plan = plan_with_notes(tmp_path, "规划实施进展良好。" * 400_000)  # 3.6 million characters
    t = time.perf_counter()
    code = cli("report", "--year", "2023", "--plan", str(plan), "--quiet", "--no-pdf")
    seconds = time.perf_counter() - t
    err = capsys.readouterr().err
    if code == 2:  # the plan loader's own limit (a bound on the file) refused it first: fine too
        assert "Traceback" not in err
        return
    assert code == 1, err
    assert "indicators[preschool_gross_enrolment_rate].notes_zh (3,600,000 characters)" in err
    assert "at most 10,000 characters" in err and "Traceback" not in err
    assert seconds < 60


def test_text_of_a_normal_length_passes_and_the_total_is_bounded_too(tmp_path):
    from dayao_data.plan import load_plan
    from dayao_data.text_limits import TextTooLongError, check_report_texts

    plan = load_plan(plan_with_notes(tmp_path, "注" * 9_999))
    check_report_texts(plan)
    with pytest.raises(TextTooLongError, match="characters of text, more than a report renders"):
        check_report_texts(plan, max_total=50_000)


def test_a_long_note_in_the_actuals_is_named_by_file_row_and_column(tmp_path):
    import pandas as pd

    from dayao_data.plan import load_plan
    from dayao_data.text_limits import TextTooLongError, check_report_texts

    actuals = pd.DataFrame(
        {
            "indicator": ["a", "b"],
            "year": [2023, 2023],
            "value": [1.0, 2.0],
            "source": ["县统计局", "x" * 10_001],
            "note": ["", ""],
            "file": ["a.csv", "a.csv"],
            "row": [2, 3],
        }
    )
    with pytest.raises(TextTooLongError, match=r"actuals a.csv, row 3, column source \(10,001 characters\)"):
        check_report_texts(load_plan(), actuals)
