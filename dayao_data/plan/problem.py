"""One problem of a plan file (:class:`PlanProblem`: line, column, field, what to write in Chinese
and English) and the helpers the checks share to find a field's line and name what they saw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["PlanProblem", "field_path", "node_at", "line_at", "show_value", "names_to_ids"]


@dataclass(frozen=True)
class PlanProblem:
    """One problem of a plan file: where (line, column, field) and what to write instead (zh, en)."""

    line: int | None
    field: str
    zh: str
    en: str
    column: int | None = None

    def where(self, language: str = "en") -> str:
        if language == "zh":
            if self.line is None:
                return ""
            return f"第{self.line}行" + (f"第{self.column}列" if self.column else "")
        if self.line is None:
            return ""
        return f"line {self.line}" + (f", column {self.column}" if self.column else "")

    def __str__(self) -> str:  # the form PlanError lists: "line 21: indicators[0].kind: ..."
        where = self.where("en")
        field = f"{self.field}: " if self.field else ""
        return f"{where + ': ' if where else ''}{field}{self.en}"

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "field": self.field, "zh": self.zh, "en": self.en}


def field_path(path: Iterable[Any]) -> str:
    """A jsonschema error path as a field, e.g. ``indicators[0].target.value``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def node_at(raw_lines: Any, path: Iterable[Any]) -> Any:
    """The value at ``path``, or None where the path breaks off."""
    cur = raw_lines
    for step in path:
        try:
            cur = cur[step]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def line_at(raw_lines: Any, path: list) -> int | None:
    """The line of the deepest key on ``path`` that is present (a list item: the line it starts on)."""
    cur = raw_lines
    line = raw_lines.get("__line__") if isinstance(raw_lines, dict) else None
    for step in path:
        if isinstance(cur, dict) and step in cur.get("__keylines__", {}):
            line = cur["__keylines__"][step]
            cur = cur[step]
        elif isinstance(cur, list) and isinstance(step, int) and 0 <= step < len(cur):
            cur = cur[step]
            if isinstance(cur, dict) and "__line__" in cur:
                line = cur["__line__"]
        else:
            break
    return line


def show_value(value: Any) -> str:
    """A value as a problem quotes it (空, 一组字段, 列表 for the ones that do not print)."""
    if value is None:
        return "（空）"
    if isinstance(value, (dict, list)):
        return "（一组字段）" if isinstance(value, dict) else "（列表）"
    return str(value)


def names_to_ids(raw: dict, key: str) -> dict[str, str]:
    """The codes of the departments or domains (``key``) by every name they are given."""
    out = {}
    for d in raw.get(key) or []:
        if isinstance(d, dict) and isinstance(d.get("id"), str):
            for k in ("name_zh", "short_zh", "name_en"):
                if isinstance(d.get(k), str) and d[k]:
                    out[d[k]] = d["id"]
    return out
