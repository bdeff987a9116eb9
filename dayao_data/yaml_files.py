"""Small YAML files the bureau keeps beside the plan (reviewed decisions, the catalogue's
exclusions), read as a node tree so that every problem can name its line.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
>>> _ = p.write_text("a: [1\\n", "utf-8")
>>> try:
...     compose_file(p, ValueError)
... except ValueError as exc:
...     print(str(exc).split(":")[1].strip())
not valid YAML (expected ',' or ']', but got '<stream end>')
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["compose_file"]


def compose_file(path: str | Path, error: type[Exception]):
    """The YAML node tree of ``path`` (None for an empty file); ``error`` names the file (and the
    line) when it cannot be read or is not YAML."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise error(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
