"""Reviewed overrides: the bureau's decided status for a series and year, beside the computed one.

When the bureau decides that a computed status misreads a case, it records the decision in a
small reviewed YAML file (params key ``overrides_file``; ``params/overrides.yaml`` by convention)::

    schema: dayao-overrides/1
    overrides:
      - indicator: infant_child_mortality_rate   # id, printed Chinese name or alias
        year: 2024
        status: achieved                          # a status code or its Chinese label
        reason: 13例/2500活产,与5‰的差异在随机波动范围内;三年合并率4.99‰,未突破。
        decided_by: 县卫生健康局、县统计局联合审定
        date: 2025-03-20

:func:`load_overrides` checks it (unknown series, unknown status, missing reason, bad date,
duplicates → :class:`OverridesError` naming the file and line); :func:`apply_overrides` adds the
decision as extra columns.  The computed ``status`` is never replaced or hidden.

Examples
--------
>>> import pandas as pd
>>> table = pd.DataFrame({"indicator_id": ["a"], "year": [2024], "status": ["breached"]})
>>> out = apply_overrides(table, [Override("a", 2024, "achieved", "reason", "bureau", "2025-03-20", 3)])
>>> out.loc[0, ["status", "decided_status", "decided_status_zh"]].tolist()
['breached', 'achieved', '已实现']
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dayao_data.progress import STATUS_LABELS
from dayao_data.yaml_files import compose_file

__all__ = ["Override", "OverridesError", "OVERRIDE_COLUMNS", "load_overrides", "apply_overrides"]

#: Columns :func:`apply_overrides` adds (documented in docs/data-dictionary.md).
OVERRIDE_COLUMNS = ["decided_status", "decided_status_zh", "decision_reason", "decided_by", "decision_date"]
_REQUIRED = ("indicator", "year", "status", "reason", "decided_by", "date")
_ZH_TO_CODE = {zh: code for code, (zh, _) in STATUS_LABELS.items()}


@dataclass(frozen=True)
class Override:
    indicator: str
    year: int
    status: str
    reason: str
    decided_by: str
    date: str
    line: int | None = None


class OverridesError(ValueError):
    """A reviewed-overrides file that cannot be used; the message names the file and line."""


def load_overrides(path: str | Path, plan) -> list[Override]:
    """Read and check an overrides file against ``plan``.

    Raises
    ------
    OverridesError
        For an unreadable file, bad YAML, a missing field, an unknown series or status, a year
        outside the plan period, a date that is not YYYY-MM-DD, or the same series and year twice.
    """
    import yaml

    path = Path(path)
    root = compose_file(path, OverridesError)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise OverridesError(f"{path} line 1: expected a mapping with 'schema' and 'overrides'")
    top = {k.value: v for k, v in root.value}
    items = top.get("overrides")
    if items is None or (isinstance(items, yaml.ScalarNode) and items.value in ("", "null", "~")):
        return []
    if not isinstance(items, yaml.SequenceNode):
        raise OverridesError(f"{path} line {items.start_mark.line + 1}: 'overrides' must be a list")
    out: list[Override] = []
    seen: dict[tuple[str, int], int] = {}
    first, last = plan.base_year + 1, plan.target_year
    for node in items.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise OverridesError(f"{path} line {line}: each override is a mapping with {', '.join(_REQUIRED)}")
        fields = {k.value: v for k, v in node.value}
        for key in _REQUIRED:
            v = fields.get(key)
            if v is None or not isinstance(v, yaml.ScalarNode) or not str(v.value).strip():
                what = (
                    "why the computed status misreads the case"
                    if key == "reason"
                    else "who decided"
                    if key == "decided_by"
                    else key
                )
                raise OverridesError(f"{path} line {line}: the override needs '{key}' ({what})")

        def at(key: str) -> int:
            return fields[key].start_mark.line + 1

        raw_ind = str(fields["indicator"].value).strip()
        ind_id = plan.resolve(raw_ind)
        if ind_id is None:
            hints = plan.suggest(raw_ind)
            hint = f"; did you mean {', '.join(hints)}?" if hints else ""
            raise OverridesError(f"{path} line {at('indicator')}: unknown series {raw_ind!r}{hint}")
        try:
            year = int(str(fields["year"].value))
        except ValueError:
            raise OverridesError(
                f"{path} line {at('year')}: year {fields['year'].value!r} is not a year such as 2024"
            ) from None
        if not first <= year <= last:
            raise OverridesError(f"{path} line {at('year')}: year {year} is outside the plan period {first}–{last}")
        raw_status = str(fields["status"].value).strip()
        status = raw_status if raw_status in STATUS_LABELS else _ZH_TO_CODE.get(raw_status)
        if status is None:
            known = ", ".join(f"{c} ({zh})" for c, (zh, _) in STATUS_LABELS.items())
            raise OverridesError(f"{path} line {at('status')}: unknown status {raw_status!r}; expected one of {known}")
        raw_date = str(fields["date"].value).strip()
        try:
            date = _dt.date.fromisoformat(raw_date).isoformat()
        except ValueError:
            raise OverridesError(
                f"{path} line {at('date')}: date {raw_date!r} is not a date such as 2025-03-20"
            ) from None
        key = (ind_id, year)
        if key in seen:
            raise OverridesError(
                f"{path} line {line}: {ind_id} {year} is decided twice (also line {seen[key]}); keep one decision"
            )
        seen[key] = line
        out.append(
            Override(
                ind_id,
                year,
                status,
                str(fields["reason"].value).strip(),
                str(fields["decided_by"].value).strip(),
                date,
                line,
            )
        )
    return out


def apply_overrides(table: pd.DataFrame, overrides: Iterable[Override]) -> pd.DataFrame:
    """The assess table with the decision columns :data:`OVERRIDE_COLUMNS` added.

    An override applies to the row of its series whose assessment ``year`` it names.  The
    computed ``status`` and every other column stay as they are; rows without a decision have
    empty decision columns.
    """
    decided = {(o.indicator, int(o.year)): o for o in overrides}
    out = table.copy()
    cols: dict[str, list] = {c: [] for c in OVERRIDE_COLUMNS}
    for ind_id, year in zip(out["indicator_id"], out["year"]):
        o = decided.get((ind_id, int(year)))
        cols["decided_status"].append(o.status if o else "")
        cols["decided_status_zh"].append(STATUS_LABELS[o.status][0] if o else "")
        cols["decision_reason"].append(o.reason if o else "")
        cols["decided_by"].append(o.decided_by if o else "")
        cols["decision_date"].append(o.date if o else "")
    for c, values in cols.items():
        out[c] = pd.Series(values, index=out.index, dtype=str)
    return out
