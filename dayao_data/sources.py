"""Where a run's actuals come from: the items named in params/ or on the command line, made files.

Actuals are given as a list of items, each a path or one of two names (:mod:`dayao_data.paths`):

* ``example`` — the illustrative dataset shipped with the package (labelled 示例数据 in every output);
* ``store`` — the county's actuals store (latest accepted version of every figure, see ``dayao intake``).

Paths, the project folder and the rule for relative paths are :mod:`dayao_data.paths`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dayao_data.collect.store import ActualsStore
from dayao_data.paths import EXAMPLE, STORE, example_actuals_path, resolve_path

__all__ = ["resolve_actuals", "describe_actuals"]


def resolve_actuals(
    items: Iterable[str | Path] | str | Path | None, base: Path | None = None, *, vintage: str | None = None
) -> list[Path]:
    """Turn actuals items (paths, ``example``, ``store``) into files to load."""
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
            paths.append(ActualsStore.default().export_current(vintage=vintage))
        else:
            paths.append(resolve_path(name, base))
    return paths


def describe_actuals(items: Iterable[str | Path] | None) -> str:
    """The actuals items as one line for a message (the example data named as such)."""
    items = list(items or [EXAMPLE])
    return ", ".join("示例数据 (illustrative example)" if str(i) == EXAMPLE else str(i) for i in items)
