"""How much of the picture the report has: coverage for the assessment year, cut-off, revisions.

* :func:`coverage` — for an assessment year, how many series have an actual *for that year*, by
  domain and by department;
* :func:`awaited` — the series without a figure for the year, and who owes it;
* :func:`coverage_sentence` — the short Chinese sentence for a report's first page;
* :func:`data_cutoff` — the data cut-off date: the params key ``data_cutoff`` if set, else the
  date the store's vintage was recorded;
* :func:`revisions` — first-reported against revised figures, from the actuals store.

Examples
--------
>>> from dayao_data.plan import load_plan
>>> from dayao_data.actuals import load_actuals
>>> plan, actuals = load_plan(), load_actuals()
>>> by_domain = coverage(plan, actuals, 2024, by="domain")
>>> total = by_domain.iloc[-1]          # the 合计 row
>>> total.group_zh, int(total.series), int(total.with_data)
('合计', 21, 19)
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pandas as pd

__all__ = [
    "coverage",
    "awaited",
    "coverage_sentence",
    "data_cutoff",
    "revisions",
    "COVERAGE_COLUMNS",
    "AWAITED_COLUMNS",
    "REVISION_COLUMNS",
]

COVERAGE_COLUMNS = ["group", "group_zh", "series", "with_data", "without_data", "share"]
AWAITED_COLUMNS = ["indicator_id", "name_zh", "domain", "department", "department_zh", "latest_year"]
REVISION_COLUMNS = [
    "indicator",
    "year",
    "first_value",
    "first_intake",
    "first_received_at",
    "current_value",
    "current_intake",
    "current_received_at",
    "versions",
    "change",
]


def _years_by_series(actuals: pd.DataFrame | None) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    if actuals is None or not len(actuals):
        return out
    for ind, year in zip(actuals["indicator"], actuals["year"]):
        out.setdefault(str(ind), set()).add(int(year))
    return out


def _series(plan, catalogue: str, year: int):
    # A series whose target year is before the assessment year is owed up to its own target year
    # (an extended target due in 2023): its data year is min(year, target year).
    return [(ind, min(year, ind.target_year)) for ind in plan.series(catalogue)]


def coverage(
    plan, actuals: pd.DataFrame | None, year: int, *, by: str = "domain", catalogue: str = "headline"
) -> pd.DataFrame:
    """Series with an actual for the assessment year, grouped ``by`` "domain" or "department".

    A series counts as having data when the actuals hold a figure for exactly the year
    (or, for a series whose target year is earlier, for its target year); an older figure does
    not count — the report then flags the series as stale.  One row per group plus a total row
    (group ``""``, group_zh 合计); ``share`` is with_data / series.
    """
    if by not in ("domain", "department"):
        raise ValueError(f"by must be 'domain' or 'department', not {by!r}")
    years = _years_by_series(actuals)
    rows: dict[str, dict[str, Any]] = {}
    for ind, due in _series(plan, catalogue, year):
        key = (ind.domain if by == "domain" else ind.department) or ""
        if key not in rows:
            if by == "domain":
                label = plan.domains[key].name_zh if key in plan.domains else key
            else:
                label = plan.department_name(key, "zh") if key else "未指定"
            rows[key] = {"group": key, "group_zh": label, "series": 0, "with_data": 0}
        rows[key]["series"] += 1
        rows[key]["with_data"] += int(due in years.get(ind.id, set()))
    table = pd.DataFrame(list(rows.values()), columns=["group", "group_zh", "series", "with_data"])
    total = {
        "group": "",
        "group_zh": "合计",
        "series": int(table["series"].sum()),
        "with_data": int(table["with_data"].sum()),
    }
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    table["without_data"] = table["series"] - table["with_data"]
    table["share"] = table["with_data"] / table["series"].where(table["series"] > 0)
    return table[COVERAGE_COLUMNS]


def awaited(plan, actuals: pd.DataFrame | None, year: int, *, catalogue: str = "headline") -> pd.DataFrame:
    """The series without a figure for the year: who owes it, and the latest year on hand."""
    years = _years_by_series(actuals)
    rows = []
    for ind, due in _series(plan, catalogue, year):
        have = years.get(ind.id, set())
        if due in have:
            continue
        earlier = [y for y in have if y <= due]
        rows.append(
            {
                "indicator_id": ind.id,
                "name_zh": ind.name_zh,
                "domain": ind.domain,
                "department": ind.department or "",
                "department_zh": plan.department_name(ind.department, "zh") if ind.department else "未指定",
                "latest_year": max(earlier) if earlier else None,
            }
        )
    out = pd.DataFrame(rows, columns=AWAITED_COLUMNS)
    out["latest_year"] = pd.array(out["latest_year"], dtype="Int64")
    return out


def coverage_sentence(plan, actuals: pd.DataFrame | None, year: int, *, catalogue: str = "headline") -> str:
    """One Chinese sentence: how many series have data for the year and which are awaited from whom.

    >>> from dayao_data.plan import load_plan
    >>> import pandas as pd
    >>> plan = load_plan()
    >>> coverage_sentence(plan, pd.DataFrame({"indicator": ["life_expectancy"], "year": [2024]}), 2024).startswith(
    ...     "2024年21项指标中1项已有当年数据，20项待报送：大姚县教育体育局（学前三年毛入园率、")
    True
    """
    total = coverage(plan, actuals, year, catalogue=catalogue).iloc[-1]
    n, k = int(total["series"]), int(total["with_data"])
    if k == n:
        return f"{year}年{n}项指标均已有当年数据。"
    missing = awaited(plan, actuals, year, catalogue=catalogue)
    parts = []
    for dept, group in missing.groupby("department_zh", sort=False):
        parts.append(f"{dept}（{'、'.join(group['name_zh'])}）")
    return f"{year}年{n}项指标中{k}项已有当年数据，{n - k}项待报送：{'；'.join(parts)}。"


def data_cutoff(params_value: Any = "", vintage: Any = None) -> str | None:
    """The data cut-off date as YYYY-MM-DD: the params key ``data_cutoff`` if set, else the date
    the store's vintage was recorded (``Vintage.received_at``), else None.

    >>> data_cutoff("2025-03-31"), data_cutoff("", None)
    ('2025-03-31', None)
    >>> data_cutoff("31.3.2025")
    Traceback (most recent call last):
    ...
    ValueError: data_cutoff '31.3.2025' is not a date such as 2025-03-31
    """
    if isinstance(params_value, (_dt.date, _dt.datetime)):
        return (params_value.date() if isinstance(params_value, _dt.datetime) else params_value).isoformat()
    text = str(params_value or "").strip()
    if text:
        try:
            return _dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"data_cutoff {text!r} is not a date such as 2025-03-31") from None
    received = getattr(vintage, "received_at", None)
    if received:
        return str(received)[:10]
    return None


def revisions(store, *, only_changed: bool = True) -> pd.DataFrame:
    """First-reported against revised figures, from an :class:`~dayao_data.collect.store.ActualsStore`.

    One row per (indicator, year) with more than one version (``only_changed``) or every one:
    the first value recorded and the one in force now, with their intakes, the number of
    versions and the change (current − first).
    """
    versions = store.versions()
    rows = []
    for (ind, year), group in versions.groupby(["indicator", "year"], sort=True):
        group = group.sort_values("version_no")
        if only_changed and len(group) < 2:
            continue
        first, last = group.iloc[0], group.iloc[-1]
        rows.append(
            {
                "indicator": ind,
                "year": int(year),
                "first_value": float(first["value"]),
                "first_intake": first["intake_id"],
                "first_received_at": first["received_at"],
                "current_value": float(last["value"]),
                "current_intake": last["intake_id"],
                "current_received_at": last["received_at"],
                "versions": len(group),
                "change": float(last["value"]) - float(first["value"]),
            }
        )
    return pd.DataFrame(rows, columns=REVISION_COLUMNS)
