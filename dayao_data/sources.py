"""Where a run's inputs come from: plan and actuals named in params/ or on the command line.

Actuals are given as a list of items, each a path or one of two names:

* ``example`` — the illustrative dataset shipped with the package (labelled 示例数据 in every output);
* ``store`` — the county's actuals store (latest accepted version of every figure, see ``dayao intake``).
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "EXAMPLE",
    "STORE",
    "is_illustrative_source",
    "project_root",
    "resolve_actuals",
    "resolve_path",
    "describe_actuals",
]

EXAMPLE = "example"
STORE = "store"


ILLUSTRATIVE_MARKERS = ("示例", "illustrative")


def is_illustrative_source(source) -> bool:
    """True when a source column marks example data: it contains 示例 or "illustrative".

    >>> is_illustrative_source("示例数据 illustrative — 非真实统计")
    True
    >>> is_illustrative_source("Illustrative figures")
    True
    >>> is_illustrative_source("2023年教育事业统计年报"), is_illustrative_source(None)
    (False, False)
    """
    if source is None:
        return False
    if isinstance(source, float) and math.isnan(source):
        return False
    text = unicodedata.normalize("NFKC", str(source)).casefold()
    return any(marker in text for marker in ILLUSTRATIVE_MARKERS)


def project_root() -> Path:
    """The project folder (where params/ and reports/ live): $DAYAO_HOME, else the checkout."""
    env = os.environ.get("DAYAO_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "params").is_dir():
        return here
    return Path.cwd()


def from_command_line(item: str) -> str:
    """A path typed on the command line, made absolute against the current folder.

    The one rule for relative paths: options on the command line are read against the current
    folder, paths inside a params file against the project folder.  The actuals' names
    ``example`` and ``store`` stay names.
    """
    if item in (EXAMPLE, STORE, ""):
        return item
    return str(Path(item).expanduser().resolve())


def resolve_path(item: str | Path, base: Path | None = None) -> Path:
    p = Path(item).expanduser()
    if not p.is_absolute():
        p = (base or Path.cwd()) / p
    return p


def resolve_actuals(
    items: Iterable[str | Path] | str | Path | None, base: Path | None = None, *, vintage: str | None = None
) -> list[Path]:
    """Turn actuals items (paths, ``example``, ``store``) into files to load."""
    from dayao_data.actuals.example import example_actuals_path

    if items is None or items == "" or items == []:
        items = [EXAMPLE]
    if isinstance(items, (str, Path)):
        items = [items]
    paths: list[Path] = []
    for item in items:
        name = str(item).strip()
        if name == EXAMPLE:
            paths.append(example_actuals_path())
        elif name == STORE:
            from dayao_data.collect.store import ActualsStore

            paths.append(ActualsStore.default().export_current(vintage=vintage))
        else:
            paths.append(resolve_path(name, base))
    return paths


def describe_actuals(items: Iterable[str | Path] | None) -> str:
    items = list(items or [EXAMPLE])
    return ", ".join("示例数据 (illustrative example)" if str(i) == EXAMPLE else str(i) for i in items)
