"""The run parameters are validated once, when built (issue 9), and cannot change afterwards."""

from __future__ import annotations

import dataclasses

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
