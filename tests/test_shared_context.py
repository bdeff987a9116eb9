"""Compute once per run (issue 9): the runner builds the report's context once, the notebooks read it back.

What is checked here without a kernel: that a run assesses the plan exactly once per catalogue
(a spy on the engine's ``evaluate`` as the context module calls it), that assess.csv is written
from the very table the shared context holds, that the shared file never lands in the report
folder and is gone once the notebooks ran, and that ``setup(context_file=...)`` returns the
runner's object without assessing again — or refuses one made for other parameters or files.
The notebooks taking it through papermill are exercised by the report tests (slow).
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from report_helpers import make_project

from dayao_data.run.shared_context import SharedContextError, load_shared, save_shared
from dayao_data.yearly import context as context_module


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_project(tmp_path / "proj")
    monkeypatch.setenv("DAYAO_HOME", str(root))
    monkeypatch.delenv("DAYAO_STORE", raising=False)
    return root


class NoKernel:
    """Stands in for a KernelSession in a run without notebooks."""

    kernel_name = "python3"
    km = None

    def ready(self, timeout: float = 300) -> None:
        pass

    def release_clients(self) -> None:
        pass


def counting_evaluate(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = context_module.evaluate

    def spy(*args, **kwargs):
        calls.append(kwargs.get("catalogue", "headline"))
        return real(*args, **kwargs)

    monkeypatch.setattr(context_module, "evaluate", spy)
    return calls


def counting_every_evaluate(monkeypatch) -> list[str]:
    """A spy on the engine's ``evaluate`` wherever the package bound it (every imported module)."""
    import sys

    import dayao_data.progress as progress
    import dayao_data.report.companions  # noqa: F401 — the run's last phase, bound before counting

    real = progress.evaluate
    calls: list[str] = []

    def spy(*args, **kwargs):
        calls.append(kwargs.get("catalogue", "headline"))
        return real(*args, **kwargs)

    spy.real_evaluate = real
    for name, module in list(sys.modules.items()):
        bound = getattr(module, "evaluate", None)
        # a module first imported while an earlier spy was in place keeps that spy: replaced too
        if name.startswith("dayao_data") and (bound is real or getattr(bound, "real_evaluate", None) is real):
            monkeypatch.setattr(module, "evaluate", spy)
    return calls


def test_a_whole_run_assesses_once_per_catalogue_companions_included(project, monkeypatch):
    """Inputs, context, tables, report, docx and the brief: one evaluate() per catalogue in all.

    The notebooks' kernels take the shared context (see the setup test below), so the parent's
    count is the run's.
    """
    import dayao_data.run.execute as execute
    from dayao_data.params import load_params
    from dayao_data.run.execute import execute_run
    from dayao_data.run.run import begin_run, finish_run

    monkeypatch.setattr(execute, "resolve_notebooks", lambda params, root: [])
    calls = counting_every_evaluate(monkeypatch)
    run = begin_run(load_params(project / "params" / "2023.yaml"), project, None, False)
    try:
        execute_run(run, NoKernel())
        result = finish_run(run)
        assert result.ok and (result.output_dir / "brief.docx").is_file()
        assert sorted(calls) == ["extended", "headline"]
    finally:
        shutil.rmtree(run.tmp, ignore_errors=True)


def test_the_spy_counts_the_brief_built_on_its_own(project, monkeypatch):
    """Without the run's context the brief assesses again: the spy above sees that (it can fail)."""
    import dayao_data.run.execute as execute
    from dayao_data.params import load_params
    from dayao_data.report.brief import brief_html
    from dayao_data.run.execute import execute_run
    from dayao_data.run.run import begin_run

    monkeypatch.setattr(execute, "resolve_notebooks", lambda params, root: [])
    run = begin_run(load_params(project / "params" / "2023.yaml"), project, None, False)
    try:
        execute_run(run, NoKernel())
        st = run.state
        calls = counting_every_evaluate(monkeypatch)
        kwargs = dict(plan=st["plan"], table=st["table"], actuals=st["actuals"], year=2023, band=0.1)
        with_context = brief_html(**kwargs, context=st["context"])
        assert calls == []
        alone = brief_html(**kwargs)
        assert sorted(calls) == ["extended", "headline"]
        # the same inputs, no overrides: the same brief (the chart's SVG carries random ids)
        assert "主要问题" in alone and re.sub("<figure.*?</figure>", "", with_context, flags=re.S) == re.sub(
            "<figure.*?</figure>", "", alone, flags=re.S
        )
    finally:
        shutil.rmtree(run.tmp, ignore_errors=True)


def test_a_run_assesses_once_and_writes_assess_csv_from_the_shared_context(project, monkeypatch):
    from dayao_data.params import load_params
    from dayao_data.progress import ASSESS_COLUMNS
    from dayao_data.run import execute
    from dayao_data.run.execute import execute_run
    from dayao_data.run.run import begin_run

    calls = counting_evaluate(monkeypatch)
    saved, written = [], {}
    real_save = execute.save_shared

    def save_spy(obj, folder, kind, params):
        path = real_save(obj, folder, kind, params)
        saved.append((obj, path, Path(path).read_bytes()))
        return path

    monkeypatch.setattr(execute, "save_shared", save_spy)
    real_csv = execute.write_excel_csv

    def csv_spy(path, frame):
        written[Path(path).name] = frame
        return real_csv(path, frame)

    monkeypatch.setattr(execute, "write_excel_csv", csv_spy)
    monkeypatch.setattr(execute, "resolve_notebooks", lambda params, root: [])
    run = begin_run(load_params(project / "params" / "2023.yaml"), project, None, False)
    try:
        execute_run(run, NoKernel())
        # one assessment per catalogue in the whole run: the parent's, nowhere else
        assert sorted(calls) == ["extended", "headline"]
        ((ctx, path, data),) = saved
        assert isinstance(ctx, context_module.ReportContext) and ctx.year == 2023
        # assess.csv was written from the shared context's table itself, not from a copy of a recomputation
        assert written["assess.csv"].equals(ctx.assessment.table[ASSESS_COLUMNS])
        on_disk = pd.read_csv(run.tmp / "assess.csv", encoding="utf-8-sig")
        assert on_disk["indicator_id"].tolist() == ctx.assessment.table["indicator_id"].tolist()
        # what the notebooks are handed: that file, and it is the one pickled
        assert run.state["notebook_params"]["context_file"] == str(path)
        assert pickle.loads(data)["object"].assessment.table.equals(ctx.assessment.table)
        # the work folder is private, outside the report folder, and removed after the notebooks
        assert not Path(path).exists() and run.tmp not in Path(path).parents
        assert not any(p.name.endswith(".pickle") for p in run.tmp.rglob("*"))
    finally:
        shutil.rmtree(run.tmp, ignore_errors=True)


def notebook_params(folder: Path) -> dict:
    return {
        "year": 2023,
        "plan_file": "",
        "actuals_files": ["example"],
        "language": "zh",
        "band": 0.1,
        "output_folder": str(folder),
        "previous_report": "",
        "overrides_file": "",
        "data_cutoff": "",
    }


def test_setup_returns_the_runners_context_without_assessing_again(tmp_path, monkeypatch):
    params = notebook_params(tmp_path)
    ctx = context_module.setup(**params)
    path = save_shared(ctx, tmp_path, "yearly", params)
    calls = counting_evaluate(monkeypatch)
    again = context_module.setup(**params, context_file=str(path))
    assert calls == []  # read back, not recomputed
    assert again.assessment.table.equals(ctx.assessment.table) and again.extended.table.equals(ctx.extended.table)
    # and without context_file the notebook computes as it always did
    context_module.setup(**params)
    assert sorted(calls) == ["extended", "headline"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("year", 2024), ("band", 0.2), ("language", "en"), ("actuals_files", ["store"]), ("previous_report", "x")],
)
def test_a_context_made_for_other_parameters_is_refused(tmp_path, field, value):
    params = notebook_params(tmp_path)
    path = save_shared({"stand-in": True}, tmp_path, "yearly", params)
    with pytest.raises(SharedContextError, match=rf"computed for {field}=.*asks for {field}="):
        load_shared(path, "yearly", {**params, field: value})
    with pytest.raises(SharedContextError, match="computed for a yearly report, not a midterm one"):
        load_shared(path, "midterm", params)
    assert load_shared(path, "yearly", params) == {"stand-in": True}


def test_a_context_whose_input_file_changed_is_refused(tmp_path):
    from dayao_data.paths import example_actuals_path

    actuals = tmp_path / "actuals.csv"
    shutil.copy(example_actuals_path(), actuals)
    params = {**notebook_params(tmp_path), "actuals_files": [str(actuals)]}
    path = save_shared({"stand-in": True}, tmp_path, "yearly", params)
    with actuals.open("a", encoding="utf-8") as fh:
        fh.write("\n")
    with pytest.raises(SharedContextError, match="input file .*actuals.csv changed"):
        load_shared(path, "yearly", params)


def test_a_file_that_is_not_a_shared_context_is_refused(tmp_path):
    other = tmp_path / "context.pickle"
    other.write_bytes(pickle.dumps({"something": "else"}))
    with pytest.raises(SharedContextError, match="not a context written by dayao"):
        load_shared(other, "yearly", notebook_params(tmp_path))
    with pytest.raises(SharedContextError, match="cannot be read"):
        load_shared(tmp_path / "missing.pickle", "yearly", notebook_params(tmp_path))


def test_a_parameter_the_notebooks_setup_does_not_take_is_not_compared(tmp_path):
    """The runner hands every notebook the same set; a mid-term's setup has no overrides_file."""
    params = notebook_params(tmp_path)
    path = save_shared({"stand-in": True}, tmp_path, "midterm", params)
    asked = {k: v for k, v in params.items() if k not in ("overrides_file", "data_cutoff")}
    assert load_shared(path, "midterm", asked) == {"stand-in": True}
    with pytest.raises(SharedContextError, match="computed for year=2023"):
        load_shared(path, "midterm", {**asked, "year": 2024})


def test_the_runner_writes_the_evaluations_workbook_from_the_shared_evaluation(tmp_path, monkeypatch):
    """midterm.xlsx is the runner's (no notebook writes it): the same sheets export_xlsx writes."""
    from openpyxl import load_workbook

    from dayao_data.evaluation.workbook import export_xlsx
    from dayao_data.params import load_params
    from dayao_data.run import execute
    from dayao_data.run.execute import execute_run
    from dayao_data.run.run import begin_run

    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("DAYAO_HOME", str(root))
    saved = []
    real_save = execute.save_shared
    monkeypatch.setattr(execute, "save_shared", lambda obj, *a: saved.append(obj) or real_save(obj, *a))
    monkeypatch.setattr(execute, "resolve_notebooks", lambda params, root: [])
    params = load_params(root / "params" / "midterm.yaml")
    run = begin_run(params, root, tmp_path / "out", False, kind="midterm", allow_outside=True)
    try:
        execute_run(run, NoKernel())
        (ev,) = saved
        assert ev.kind == "midterm" and ev.ctx.year == 2023
        by_runner = load_workbook(run.tmp / "midterm.xlsx")
        by_notebook = load_workbook(export_xlsx(ev, tmp_path / "by-notebook.xlsx"))
        assert by_runner.sheetnames == by_notebook.sheetnames and len(by_runner.sheetnames) > 3
        for name in by_runner.sheetnames:
            rows = lambda wb: [[c.value for c in row] for row in wb[name].iter_rows()]  # noqa: E731
            assert rows(by_runner) == rows(by_notebook), name
    finally:
        shutil.rmtree(run.tmp, ignore_errors=True)


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid  # finished and reaped: no process has this id now (ids are not reused at once)


def test_work_folders_of_killed_runs_are_swept_and_a_live_runs_is_kept(tmp_path):
    from dayao_data.run.folders import sweep_work_folders

    dead = tmp_path / f"dayao-work-{dead_pid()}-k3j_x9qa"
    alive = tmp_path / f"dayao-work-{os.getpid()}-a8b7c6d5"  # a run still going: this process
    other = tmp_path / f"dayao-workshop-{dead_pid()}-a8b7c6d5"  # not a work folder's name
    for d in (dead, alive, other):
        d.mkdir()
        (d / "context.pickle").write_bytes(b"partial")
    link = tmp_path / f"dayao-work-{dead_pid()}-linklink"
    link.symlink_to(other, target_is_directory=True)  # a link is never followed nor removed
    assert sweep_work_folders(tmp_path) == [dead]
    assert not dead.exists()
    assert alive.exists() and other.exists() and link.is_symlink() and (other / "context.pickle").exists()


def test_a_run_sweeps_the_work_folders_of_killed_runs_in_the_temporary_folder(tmp_path, monkeypatch):
    """work_folder() (each run's) removes a killed run's folder from the system's temporary folder."""
    import tempfile

    from dayao_data.run.shared_context import work_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / f"dayao-work-{dead_pid()}-zz11yy22"
    dead.mkdir()
    with work_folder() as folder:
        assert folder.parent == tmp_path and folder.name.startswith(f"dayao-work-{os.getpid()}-")
        assert not dead.exists()
    assert not folder.exists()
