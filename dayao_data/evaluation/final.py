"""The final evaluation (总结评估): :class:`Final` and :func:`final`, pure computation.

:func:`final` assesses the plan in its target year (tables of :mod:`dayao_data.evaluation.final_tables`),
computes the mid-term it is compared with, and adds the look back and forward of
:mod:`dayao_data.evaluation.final_review`.  No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dayao_data.evaluation.common import (
    ACHIEVED_VERDICTS,
    ALTERNATIVE_COLUMNS,
    CHANGE_LABELS,
    COMPLETION_METRICS,
    NOT_ACHIEVED_VERDICTS,
    VERDICT_LABELS,
    Actuals,
    alternatives_table,
    cell,
    completion_metrics,
    midpoint_year,
)
from dayao_data.evaluation.final_review import (
    COMPARABLE,
    comparison_table,
    experience_tables,
    final_problems_table,
    next_plan_table,
)
from dayao_data.evaluation.final_tables import (
    final_ceilings_table,
    final_cumulative_table,
    final_rows_table,
    final_series_table,
)
from dayao_data.evaluation.midterm import (
    Midterm,
    breach_years_by_series,
    metric_frame,
    midterm,
    overall_metrics,
    projects_table,
)
from dayao_data.plan import Plan
from dayao_data.progress import (
    DEFAULT_BAND,
    Assessment,
    bound_history,
)


@dataclass
class Final:
    """The final evaluation in the target year, with the mid-term it is compared with."""

    plan: Plan
    year: int
    midterm_year: int
    band: float
    assessment: Assessment
    midterm: Midterm
    overall: pd.DataFrame
    series: pd.DataFrame
    rows: pd.DataFrame
    cumulative: pd.DataFrame
    ceilings: pd.DataFrame
    extended: pd.DataFrame
    projects: pd.DataFrame
    comparison: pd.DataFrame
    summary_comparison: pd.DataFrame
    illustrative: bool = False
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)
    experience: pd.DataFrame = field(default_factory=pd.DataFrame)
    domains: pd.DataFrame = field(default_factory=pd.DataFrame)
    next_plan: pd.DataFrame = field(default_factory=pd.DataFrame)
    alternatives: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ALTERNATIVE_COLUMNS))

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "final_problems": self.problems,
            "experience": self.experience,
            "domains": self.domains,
            "next_plan": self.next_plan,
            "alternatives": self.alternatives,
            "overall": self.overall,
            "series": self.series,
            "rows": self.rows,
            "cumulative": self.cumulative,
            "ceilings": self.ceilings,
            "extended": self.extended,
            "projects": self.projects,
            "comparison": self.comparison,
            "summary_comparison": self.summary_comparison,
            "midterm_overall": self.midterm.overall,
        }

    def metric(self, name: str) -> Any:
        return cell(self.tables, "overall", name, "value")


#: The rows of the final's comparison with the mid-term: the shares, then the counts of the one
#: definition of completion (the final's status counts in the target year would count a ceiling
#: breached earlier as achieved; the completion counts do not, in both columns).
_SUMMARY_COMPARABLE = (
    "time_share",
    "mean_task_share",
    "median_task_share",
    "n_at_or_above_half",
    "n_assessed",
    *COMPLETION_METRICS,
)


def final(plan: Plan, actuals, midterm_year: int | None = None, band: float = DEFAULT_BAND) -> Final:
    """The final evaluation in the plan's target year, compared with the mid-term.

    A series without an actual for the target year is ``no_final_year_data`` (never counted as
    achieved from an earlier year), except a five-year total already at its target.
    """
    T = plan.target_year
    mid_year = midpoint_year(plan) if midterm_year is None else plan.check_year(midterm_year, "evaluation year")
    data = Actuals(plan, actuals)
    mid = midterm(plan, data, mid_year, band)
    assessment = data.evaluate(plan, T, band, "headline")
    history = bound_history(plan, data.of(i for i in plan.indicators if i.kind == "ceiling"), T, catalogue="headline")
    breaches = breach_years_by_series(history)
    series = final_series_table(plan, plan.indicators, assessment.table, data, breaches, T)
    rows = final_rows_table(plan, series)
    cumulative = final_cumulative_table(plan, plan.indicators, series, data, T)
    ceilings = final_ceilings_table(plan, history, T)
    ext_assessment = data.evaluate(plan, T, band, "extended")
    if ext_assessment is not None:
        assessed = [i for i in plan.extended_targets if i.id in set(ext_assessment.table["indicator_id"])]
        ext = final_series_table(plan, assessed, ext_assessment.table, data, {}, T)
        ext = ext[ext["verdict"] != "no_data"].reset_index(drop=True)
    else:
        ext = final_series_table(plan, [], pd.DataFrame(columns=["indicator_id"]), data, {}, T)
    comparison = comparison_table(plan, mid, series)
    illustrative = bool(
        assessment.table["illustrative"].any()
        or (ext_assessment is not None and ext_assessment.table["illustrative"].any())
    )
    now = dict(overall_metrics(assessment.table, plan, T))
    then = dict(mid.overall[["metric", "value"]].itertuples(index=False, name=None))
    verdicts = series["verdict"]
    metrics: list[tuple[str, Any]] = [
        ("year", T),
        ("midterm_year", mid_year),
        ("base_year", plan.base_year),
        ("target_year", T),
        ("n_series", int(len(series))),
    ]
    for v in VERDICT_LABELS:
        metrics.append((f"verdict_{v}", int((verdicts == v).sum())))
    metrics += [
        ("n_verdict_achieved_total", int(verdicts.isin(ACHIEVED_VERDICTS).sum())),
        *completion_metrics(series["completion"], series["binding"]),
        ("n_rows", int(len(rows))),
        ("n_rows_achieved", int(rows["achieved"].sum())),
        ("n_rows_not_achieved", int(rows["verdict"].isin(NOT_ACHIEVED_VERDICTS).sum())),
        ("n_rows_undetermined", int((~rows["verdict"].isin(ACHIEVED_VERDICTS + NOT_ACHIEVED_VERDICTS)).sum())),
        ("n_binding", int(series["binding"].sum())),
        ("n_binding_achieved", int((series["binding"] & series["verdict"].isin(ACHIEVED_VERDICTS)).sum())),
        ("n_binding_not_achieved", int((series["binding"] & ~series["verdict"].isin(ACHIEVED_VERDICTS)).sum())),
        ("n_ceilings", int(len(ceilings))),
        ("n_ceilings_held", int((ceilings["verdict"] == "held_every_year").sum()) if len(ceilings) else 0),
        ("n_ceilings_breached", int((ceilings["verdict"] == "breached").sum()) if len(ceilings) else 0),
        ("n_cumulative", int(len(cumulative))),
        ("n_cumulative_achieved", int(cumulative["achieved"].sum()) if len(cumulative) else 0),
    ]
    for c in CHANGE_LABELS:
        metrics.append((f"change_{c}", int((comparison["change"] == c).sum())))
    for key in COMPARABLE:
        metrics.append((f"final_{key}", now.get(key)))
    metrics.append(("illustrative", illustrative))
    final_counts = dict(completion_metrics(series["completion"], series["binding"]))
    # 指标完成率 (official-documents.md): indicators completed / indicators that can be judged.
    assessed = final_counts["n_assessed"]
    metrics.append(("completion_rate", final_counts["n_completed"] / assessed if assessed else None))
    now.update(final_counts)
    summary_rows = []
    for key in _SUMMARY_COMPARABLE:
        a, b = then.get(key), now.get(key)
        diff = (
            (b - a)
            if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a is not None and b is not None
            else None
        )
        summary_rows.append({"metric": key, "midterm": a, "final": b, "change": diff})
    summary = pd.DataFrame(summary_rows, columns=["metric", "midterm", "final", "change"]).astype(
        {"midterm": object, "final": object, "change": object}
    )
    projects = projects_table(plan, ext_assessment)
    f = Final(
        plan=plan,
        year=T,
        midterm_year=mid_year,
        band=band,
        assessment=assessment,
        midterm=mid,
        overall=metric_frame(metrics),
        series=series,
        rows=rows,
        cumulative=cumulative,
        ceilings=ceilings,
        extended=ext,
        projects=projects,
        comparison=comparison,
        summary_comparison=summary,
        illustrative=illustrative,
    )
    f.problems = final_problems_table(plan, series, data, T)
    f.experience, f.domains = experience_tables(plan, series, data, T)
    f.next_plan = next_plan_table(plan, series, ext, data, T)
    f.alternatives = alternatives_table(plan, data, T, band)
    return f
