"""Summaries of an assessment: by status, by attribute, by department, by table row, and the alarms.

Every summary names each binding (约束性) indicator that is not achieved, ahead or on track,
first and by name, with its responsible department (progress-method.md, "Binding indicators").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dayao_data.plan import Plan
from dayao_data.progress import SATISFACTORY, STATUS_LABELS, STATUS_ORDER

__all__ = ["Summary", "summarize", "binding_alarms", "status_counts", "table_row_status", "status_label"]

ATTRIBUTE_LABELS = {"binding": ("约束性", "Binding"), "expected": ("预期性", "Expected")}


def status_label(code: str | None, language: str = "zh") -> str:
    """The report label of a status code (``已实现`` / ``Achieved``)."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return ""
    zh, en = STATUS_LABELS[code]
    return en if language == "en" else zh


def status_counts(table: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Counts of series per status (columns in report order), optionally per group ``by``."""
    if by is None:
        counts = table["status"].value_counts().reindex(STATUS_ORDER, fill_value=0)
        return counts.to_frame("series").T.astype(int)
    tab = pd.crosstab(table[by], table["status"]).reindex(columns=STATUS_ORDER, fill_value=0)
    tab["total"] = tab.sum(axis=1)
    return tab.astype(int)


def binding_alarms(table: pd.DataFrame) -> pd.DataFrame:
    """Binding indicators that are not achieved, ahead or on track, worst first.

    Includes those with no data or not assessable: a binding commitment nobody can show is kept
    is itself an alarm.
    """
    severity = {"breached": 0, "regressing": 1, "lagging": 2, "no_data": 3, "not_assessable": 4}
    alarms = table[(table["attribute"] == "binding") & ~table["status"].isin(SATISFACTORY)].copy()
    alarms["_order"] = alarms["status"].map(severity).fillna(9)
    alarms = alarms.sort_values(["_order", "indicator_id"], kind="stable").drop(columns="_order")
    return alarms[
        ["indicator_id", "name_zh", "department", "status", "status_zh", "data_year", "value", "target", "unit", "gap"]
    ].reset_index(drop=True)


def table_row_status(table: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """One row per headline-table row: a row holding several series is achieved only when all are.

    For a row of several series that are not all achieved, the row takes the worst status of
    its series (in the order breached, regressing, lagging, on_track, ahead, no_data,
    not_assessable), so that "achieved" is never claimed for half a row.
    """
    worst_first = ["breached", "regressing", "lagging", "no_data", "not_assessable", "on_track", "ahead", "achieved"]
    by_id = table.set_index("indicator_id")
    rows = []
    for row_no, series in plan.table_rows().items():
        statuses = [by_id.loc[s.id, "status"] for s in series if s.id in by_id.index]
        if not statuses:
            continue
        if all(st == "achieved" for st in statuses):
            status = "achieved"
        else:
            status = min((st for st in statuses if st != "achieved"), key=worst_first.index)
        rows.append(
            {
                "table_row": row_no,
                "series": len(series),
                "indicator_ids": ", ".join(s.id for s in series),
                "name_zh": "、".join(s.name_zh for s in series),
                "attribute": series[0].attribute,
                "status": status,
                "status_zh": STATUS_LABELS[status][0],
                "series_statuses": ", ".join(statuses),
            }
        )
    return pd.DataFrame(rows)


@dataclass
class Summary:
    """Status counts by status, attribute and department, the row count and the binding alarms."""

    by_status: pd.DataFrame
    by_attribute: pd.DataFrame
    by_department: pd.DataFrame
    by_domain: pd.DataFrame
    rows: pd.DataFrame | None
    alarms: pd.DataFrame
    year: int | None

    @property
    def total(self) -> int:
        return int(self.by_status.sum(axis=1).iloc[0])

    def count(self, status: str) -> int:
        return int(self.by_status[status].iloc[0])

    def headline(self, language: str = "zh") -> str:
        """One sentence: how many series stand where, binding alarms named."""
        parts = [f"{status_label(s, language)} {self.count(s)}" for s in STATUS_ORDER if self.count(s)]
        if language == "en":
            text = f"{self.total} series: " + ", ".join(parts) + "."
            if len(self.alarms):
                names = "; ".join(
                    f"{r.name_zh} ({status_label(r.status, 'en')}, {r.department})" for r in self.alarms.itertuples()
                )
                text += f" Binding indicators needing attention: {names}."
            else:
                text += " Every binding indicator is achieved, ahead or on track."
            return text
        text = f"共{self.total}个指标:" + "、".join(parts) + "。"
        if len(self.alarms):
            names = ";".join(f"{r.name_zh}({r.status_zh},{r.department})" for r in self.alarms.itertuples())
            text += f"需关注的约束性指标:{names}。"
        else:
            text += "约束性指标均已实现、快于或基本符合预期。"
        return text


def summarize(table: pd.DataFrame, plan: Plan | None = None) -> Summary:
    """Summaries of an assess table (see :func:`dayao_data.progress.assess`)."""
    by_domain = None
    if plan is not None:
        domain_of = {ind.id: plan.domain_name(ind.domain) for ind in plan.series("all")}
        with_domain = table.assign(domain=table["indicator_id"].map(domain_of))
        by_domain = status_counts(with_domain, "domain")
        order = [plan.domain_name(d) for d in plan.domain_order()]
        by_domain = by_domain.reindex([d for d in order if d in by_domain.index])
    headline_rows = plan is not None and table["indicator_id"].isin([i.id for i in plan.indicators]).all()
    return Summary(
        by_status=status_counts(table),
        by_attribute=status_counts(table, "attribute"),
        by_department=status_counts(table, "department"),
        by_domain=by_domain if by_domain is not None else pd.DataFrame(),
        rows=table_row_status(table, plan) if headline_rows else None,
        alarms=binding_alarms(table),
        year=int(table["year"].iloc[0]) if len(table) else None,
    )
