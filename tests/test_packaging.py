"""pyproject.toml and environment.yml agree; the README's test command is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parent.parent

# conda-forge names where they differ from PyPI's
CONDA_NAMES = {"python-fastjsonschema": "fastjsonschema"}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {_name(s) for s in project["dependencies"]} | {_name(s) for s in project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    conda = {CONDA_NAMES.get(n, n) for n in conda}
    assert conda == wanted
    pip_part = [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    assert pip_part == ["-e ."]


def test_version_bounds_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    specs = {_name(s): s.replace(" ", "") for s in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    for dep in env["dependencies"]:
        name = CONDA_NAMES.get(_name(dep), _name(dep)) if isinstance(dep, str) else None
        if name in specs:
            assert dep.replace(" ", "").replace(_name(dep), name, 1) == specs[name], dep


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    match = re.search(r"<!-- test-command -->\s*```(?:sh|bash)?\s*\n(.+?)\n```", readme, re.S)
    assert match, "README must mark its test command with <!-- test-command -->"
    command = match.group(1).strip()
    ci_commands = [
        line.strip()
        for line in ci.splitlines()
        if line.strip() and not line.strip().startswith("#") and not line.startswith("set ")
    ]
    assert command in ci_commands
