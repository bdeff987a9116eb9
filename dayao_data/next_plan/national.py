"""National targets (``dayao_data/data/national/``, a data file of their own, every figure with its
source) and the ones that apply to an indicator of the plan.
"""

from __future__ import annotations

from collections.abc import Iterable

from dayao_data.plan.model import normalise_name

__all__ = ["national_targets", "national_for"]


def national_targets() -> list[dict]:
    """Every national target of the data files, each with the file it comes from."""
    from importlib import resources

    import yaml

    out = []
    folder = resources.files("dayao_data").joinpath("data/national")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            doc = yaml.safe_load(entry.read_text("utf-8"))
            for t in doc.get("targets", []):
                out.append({**t, "file": entry.name})
    return out


def national_for(name_zh: str, aliases: Iterable[str] = ()) -> list[dict]:
    """The national targets whose names match the indicator's name or one of its aliases."""
    names = {normalise_name(n) for n in (name_zh, *aliases)}
    return [t for t in national_targets() if names & {normalise_name(m) for m in t.get("match", [])}]
