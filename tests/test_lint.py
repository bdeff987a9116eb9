"""The code passes ruff (lint and format), the same checks pre-commit runs before each commit.

Part of the one test command, so CI fails on an unused import, an import cycle's usual symptom
(a name imported and never used), or a file left unformatted.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")


def _ruff(*args: str) -> subprocess.CompletedProcess:
    if not RUFF.exists():
        pytest.fail(f"ruff is not installed beside {sys.executable}: run `make install`")
    return subprocess.run([str(RUFF), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_check_passes():
    done = _ruff("check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_leaves_every_file_as_it_is():
    done = _ruff("format", "--no-cache", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_runs_the_same_ruff_as_the_project():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pinned = [s for s in project["optional-dependencies"]["dev"] if re.match(r"ruff\b", s)]
    assert pinned and pinned[0].startswith("ruff=="), pinned
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["ruff-check"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"].startswith("ruff format") and "--check" in hooks["ruff-format"]["entry"]
    for hook in hooks.values():
        assert hook["additional_dependencies"] == [pinned[0]]
    version = _ruff("--version").stdout.split()[-1]
    assert pinned[0] == f"ruff=={version}"
