"""The run parameters are validated once, when built (issue 9), and cannot change afterwards."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from report_helpers import make_project

from dayao_data.params import VALIDATIONS, ParamsError, RunParams, load_params


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_project(tmp_path / "proj")
    monkeypatch.setenv("DAYAO_HOME", str(root))
    return root


def test_a_params_file_with_the_command_lines_options_is_validated_once(project):
    before = VALIDATIONS["count"]
    params = load_params(project / "params" / "2023.yaml", {"language": "en", "actuals_files": ["example"]})
    assert VALIDATIONS["count"] - before == 1
    assert params["language"] == "en" and params.language == "en" and params.actuals_files == ("example",)


def test_the_runner_takes_a_built_params_object_without_validating_it_again(project):
    import shutil

    from dayao_data.run.run import begin_run

    params = load_params(project / "params" / "2023.yaml")
    before = VALIDATIONS["count"]
    run = begin_run(params, project, None, False)
    shutil.rmtree(run.tmp)
    assert VALIDATIONS["count"] == before and run.params is params


def test_the_parameters_cannot_change_after_they_were_checked(project):
    params = load_params(project / "params" / "2023.yaml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.band = 5.0
    with pytest.raises(TypeError):
        params["band"] = 5.0
    params["actuals_files"].append("elsewhere.csv")  # a copy is handed out
    assert params.actuals_files == ("example",)
    # a change is a new object, checked like a params file saying it, with the same message
    with pytest.raises(ParamsError, match=r"2023.yaml: key 'band': must be between 0 and 1, e.g. 0.10 \(got 5.0\)"):
        params.replace(band=5.0)
    assert params.replace(band=0.2).band == 0.2 and params.band == 0.1


def test_an_override_does_not_hide_the_files_own_name_in_the_message(project):
    path = project / "params" / "2023.yaml"
    with pytest.raises(ParamsError, match=r"2023.yaml: key 'language': must be one of zh, en \(got 'fr'\)"):
        load_params(path, {"language": "fr"})


def test_paths_in_a_params_file_are_read_against_the_project_folder(project):
    params = load_params(project / "params" / "2023.yaml")
    assert params.path("output_folder", project) == project / "reports" / "2023"
    assert params.path("plan_file", project) is None  # "": the embedded plan
    assert isinstance(RunParams.from_mapping(params), RunParams)


def test_the_paths_are_resolved_when_the_parameters_are_built(project, tmp_path):
    """A params file's relative paths against the project folder, absolute ones as written, the two
    names as names — resolved once, in the object; the mapping still says what the file said."""
    import shutil

    import yaml

    from dayao_data.paths import example_actuals_path

    other = tmp_path / "elsewhere" / "data.csv"
    other.parent.mkdir()
    shutil.copy(example_actuals_path(), other)
    (project / "params" / "2023.yaml").write_text(
        yaml.safe_dump(
            {
                "year": 2023,
                "actuals_files": ["example", "data/a.csv", str(other), "store"],
                "output_folder": "out/2023",
                "previous_report": "",
                "overrides_file": "review/overrides.yaml",
            }
        ),
        "utf-8",
    )
    params = load_params(project / "params" / "2023.yaml")
    assert params.root == project.resolve()
    assert params.plan_path is None  # "": the embedded plan
    assert params.actuals_paths == ("example", project / "data" / "a.csv", other, "store")
    assert params.output_path == project / "out" / "2023"
    assert params.previous_path is None
    assert params.overrides_path == project / "review" / "overrides.yaml"
    # what the manifest records: the keys as the file wrote them
    assert params["output_folder"] == "out/2023" and params["actuals_files"][1] == "data/a.csv"
    assert "output_path" not in dict(params) and "root" not in dict(params)
    # the same parameters read against another project folder: not validated again
    before = VALIDATIONS["count"]
    moved = params.at_root(tmp_path)
    assert VALIDATIONS["count"] == before and moved is not params and params.at_root(project) is params
    assert moved.output_path == tmp_path / "out" / "2023" and moved["output_folder"] == "out/2023"
    assert RunParams.from_mapping(params, root=tmp_path).actuals_paths[1] == tmp_path / "data" / "a.csv"


def test_the_runner_reads_the_resolved_paths_and_resolves_none_itself(project, monkeypatch):
    """begin_run reads the parameters against its project folder; the run's inputs are the object's."""
    import shutil

    import dayao_data.paths as paths
    import dayao_data.run.execute as execute
    from dayao_data.run.execute import execute_run
    from dayao_data.run.run import begin_run

    monkeypatch.setattr(execute, "resolve_notebooks", lambda params, root: [])

    real = paths.resolve_path
    callers = []

    def refuse(*args, **kwargs):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        callers.append(caller)
        if caller.startswith("dayao_data.run"):
            raise AssertionError(f"the runner ({caller}) resolved a path itself: resolve_path{args}")
        return real(*args, **kwargs)  # the notebooks' setup() (computed once here) reads its own

    params = load_params(project / "params" / "2023.yaml", {"previous_report": "reports/2099"})
    for name, module in list(sys.modules.items()):  # wherever the package bound it
        if name.startswith("dayao_data") and getattr(module, "resolve_path", None) is real:
            monkeypatch.setattr(module, "resolve_path", refuse)
    run = begin_run(params, project, None, False)
    try:
        execute_run(run, _NoKernel())
        assert run.state["previous"] == project / "reports" / "2099" == run.params.previous_path
        assert run.final == project / "reports" / "2023"
        assert callers and not any(c.startswith("dayao_data.run") for c in callers)  # the spy saw calls
    finally:
        shutil.rmtree(run.tmp, ignore_errors=True)


class _NoKernel:
    kernel_name = "python3"
    km = None

    def ready(self, timeout: float = 300) -> None:
        pass

    def release_clients(self) -> None:
        pass
