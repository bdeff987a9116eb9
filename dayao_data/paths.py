"""Where things are: the project folder, the default locations inside it, and the one rule for
relative paths.  The bottom of the package: this module imports nothing else of ``dayao_data``.

The project folder (:func:`project_root`) is where ``params/`` and ``reports/`` live: ``$DAYAO_HOME``
if set, else the checkout this package is installed from, else the current folder.  Inside it:

* ``params/<year>.yaml``, ``params/midterm.yaml``, ``params/final.yaml`` (:func:`params_folder`);
* ``reports/<year>/``, ``reports/midterm/`` … (:func:`reports_folder`);
* ``data/store/`` — the actuals store (``$DAYAO_STORE`` overrides it, see
  :func:`dayao_data.collect.store.default_store_root`).

Inside the package: the embedded plan and the shipped illustrative actuals
(:func:`example_actuals_path`).  An actuals item is a path or one of two names, :data:`EXAMPLE`
(the illustrative data shipped with the package, labelled 示例数据 in every output) and
:data:`STORE` (the county's actuals store).

The one rule for relative paths
-------------------------------
A path typed on the command line is read against the **current folder**
(:func:`from_command_line`, applied when the options are read); a path written inside a params
file is read against the **project folder** (:func:`resolve_path` with the project folder as base,
applied when the run's parameters are built: :class:`dayao_data.params.RunParams`, so the runner
resolves no path itself).  The names ``example`` and ``store`` stay names.
"""

from __future__ import annotations

import math
import os
import unicodedata
from importlib import resources
from pathlib import Path

__all__ = [
    "EXAMPLE",
    "STORE",
    "ILLUSTRATIVE_MARKERS",
    "example_actuals_path",
    "from_command_line",
    "is_illustrative_source",
    "params_folder",
    "project_root",
    "reports_folder",
    "resolve_path",
]

#: The actuals item that names the illustrative data shipped with the package.
EXAMPLE = "example"
#: The actuals item that names the county's actuals store (latest accepted figures).
STORE = "store"

#: A source column containing one of these marks example data (compared after NFKC and casefold).
ILLUSTRATIVE_MARKERS = ("示例", "illustrative")


def project_root() -> Path:
    """The project folder (where params/ and reports/ live): $DAYAO_HOME, else the checkout."""
    env = os.environ.get("DAYAO_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "params").is_dir():
        return here
    return Path.cwd()


def params_folder(root: Path | None = None) -> Path:
    """``<project>/params``: the params files of every report."""
    return Path(root or project_root()) / "params"


def reports_folder(root: Path | None = None) -> Path:
    """``<project>/reports``: where every report folder goes by default."""
    return Path(root or project_root()) / "reports"


def example_actuals_path() -> Path:
    """The bundled illustrative actuals (``dayao_data/data/examples/actuals-illustrative.csv``)."""
    return Path(str(resources.files("dayao_data").joinpath("data/examples/actuals-illustrative.csv")))


def from_command_line(item: str) -> str:
    """A path typed on the command line, made absolute against the current folder.

    The one rule for relative paths: options on the command line are read against the current
    folder, paths inside a params file against the project folder.  The actuals' names
    ``example`` and ``store`` stay names.

    >>> from_command_line("example"), from_command_line("")
    ('example', '')
    """
    if item in (EXAMPLE, STORE, ""):
        return item
    return str(Path(item).expanduser().resolve())


def resolve_path(item: str | Path, base: Path | None = None) -> Path:
    """``item`` as a path: ``~`` expanded; a relative path taken from ``base`` (default: the current folder).

    >>> resolve_path("reports/2023", Path("/project")).as_posix()
    '/project/reports/2023'
    """
    p = Path(item).expanduser()
    if not p.is_absolute():
        p = (base or Path.cwd()) / p
    return p


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
