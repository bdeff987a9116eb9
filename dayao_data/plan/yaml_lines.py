"""YAML with line numbers, so that every problem can name the line a user must fix; and the
checks made before a plan is built (aliases, nesting and size counted on the event stream;
numbers that are not numbers, texts beyond the limits).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import yaml

from dayao_data.limits import MAX_MAGNITUDE, limit

__all__ = ["LineLoader", "strip_lines", "line_of", "yaml_shape_problems", "value_problems"]


# libyaml's parser when available (measured: 0.19 s instead of 1.1 s for the Dayao plan file);
# the constructor below still runs in Python, so the line marks are the same either way.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that remembers the line of every mapping (``__line__``) and key (``__keylines__``)."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    mapping = {}
    key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        key_lines[key] = key_node.start_mark.line + 1
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__keylines__"] = key_lines
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def strip_lines(obj: Any) -> Any:
    """``obj`` without the line marks (``__line__``, ``__keylines__``) :class:`LineLoader` adds."""
    if isinstance(obj, dict):
        return {k: strip_lines(v) for k, v in obj.items() if k not in ("__line__", "__keylines__")}
    if isinstance(obj, list):
        return [strip_lines(v) for v in obj]
    return obj


def line_of(obj: Any, path: Iterable[Any]) -> int | None:
    """The line of the field at ``path`` (a jsonschema error path), else of its innermost mapping."""
    line = obj.get("__line__") if isinstance(obj, dict) else None
    cur = obj
    for step in path:
        if isinstance(cur, dict) and step in cur.get("__keylines__", {}):
            line = cur["__keylines__"][step]
        try:
            cur = cur[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(cur, dict) and "__line__" in cur:
            line = cur["__line__"]
    return line


def yaml_shape_problems(text: str) -> list[str]:
    """Aliases and nesting counted on the YAML event stream, before anything is built.

    A few kilobytes of nested aliases ("billion laughs") expand to gigabytes once built; the
    event stream is as long as the text, so counting on it costs no more than reading it.
    """
    max_aliases, max_depth, max_nodes = limit("MAX_YAML_ALIASES"), limit("MAX_YAML_DEPTH"), limit("MAX_YAML_NODES")
    aliases = 0
    # The size of every open collection, counting an alias as the size of what it names: the
    # size the plan would have once built, computed without building it.
    open_sizes: list[int] = [0]
    open_anchors: list[str | None] = []
    sizes: dict[str, int] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def too_big(event) -> list[str]:
        return [
            f"line {event.start_mark.line + 1}: the plan file would expand to more than {max_nodes:,} values once its YAML aliases (*name) are resolved; the limit is {max_nodes:,} (DAYAO_MAX_YAML_NODES), so it is not read"
        ]

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > max_aliases:
                    return [
                        f"line {event.start_mark.line + 1}: the plan file uses more than {max_aliases} YAML aliases (*name); the limit is {max_aliases} (DAYAO_MAX_YAML_ALIASES), so it is not read"
                    ]
                open_sizes[-1] += sizes.get(event.anchor, 1)
            elif isinstance(event, yaml.ScalarEvent):
                open_sizes[-1] += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                open_sizes.append(0)
                open_anchors.append(event.anchor)
                if len(open_anchors) > max_depth:
                    return [
                        f"line {event.start_mark.line + 1}: the plan file nests mappings and lists more than {max_depth} deep; the limit is {max_depth} (DAYAO_MAX_YAML_DEPTH), so it is not read"
                    ]
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                size = open_sizes.pop() + 1
                anchor = open_anchors.pop()
                if anchor:
                    sizes[anchor] = size
                open_sizes[-1] += size
            if open_sizes[-1] > max_nodes or sum(open_sizes) > max_nodes:
                return too_big(event)
    except yaml.YAMLError:
        return []  # the loader reports the syntax error with its line
    return []


def value_problems(raw_lines: Any) -> list[str]:
    """Numbers that are NaN, infinite or beyond plausibility, and over-long texts, with their lines."""
    max_chars = limit("MAX_PLAN_TEXT_CHARS")
    problems: list[str] = []

    def walk(obj: Any, path: str, line: int | None) -> None:
        if len(problems) >= 50:
            return
        if isinstance(obj, dict):
            keylines = obj.get("__keylines__", {})
            here = obj.get("__line__", line)
            for k, v in obj.items():
                if k in ("__line__", "__keylines__"):
                    continue
                walk(v, f"{path}.{k}" if path else str(k), keylines.get(k, here))
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk(v, f"{path}[{i}]", line)
        elif isinstance(obj, float) and not math.isfinite(obj):
            problems.append(
                f"line {line}: {path}: {obj} is not a number (YAML .nan/.inf); expected a figure as printed in the plan"
            )
        elif isinstance(obj, (int, float)) and not isinstance(obj, bool) and abs(obj) > MAX_MAGNITUDE:
            problems.append(
                f"line {line}: {path}: {obj:g} is beyond any plausible figure (more than 10^15 in size); expected a figure as printed in the plan"
            )
        elif isinstance(obj, str) and len(obj) > max_chars:
            problems.append(
                f"line {line}: {path}: a text of {len(obj):,} characters; the limit is {max_chars:,} (DAYAO_MAX_PLAN_TEXT_CHARS)"
            )

    walk(raw_lines, "", None)
    return problems
