"""Mid-term (中期评估) and final (总结评估) evaluation of a plan: pure computation, no I/O.

:func:`midterm` answers the questions a Chinese mid-term evaluation asks at the mid-point of the
plan period — is "时间过半、任务过半" met overall, which series stand where (已实现 / 快于预期 /
基本符合预期 / 滞后 / 倒退 / 突破约束, binding indicators first and named), how far the key
projects have come, what the lagging series still need each year and whether that is more than
anything seen so far, and what the three methods of progress-method.md say side by side.

:func:`final` answers the questions of the final evaluation in the target year: achieved or not
(per series and per row of the plan's table), five-year totals against their targets, ceilings held
every year or the years they were breached, and what changed since the mid-term.

Every figure the reports print comes from the tables of :class:`Midterm` and :class:`Final`; the
sentences are built from them by :mod:`dayao_data.narrative`.  Nothing here assumes Dayao, 2020 or
2025: base year, target year and the mid-point come from the plan.

Definitions (beyond progress-method.md)
---------------------------------------
mid-point year
    base year + ceil((target year − base year) / 2): 2023 for a 2020 → 2025 plan.
year-on-year change
    Between consecutive points of the series (the baseline, then every actual up to the data
    year), the change per year, attributed to the later year; a gap of two years gives the
    average of the two (``best_span`` says so).  Cumulative series: the yearly flows themselves.
best year so far
    The year-on-year change furthest in the desired direction (d · change largest; the earliest
    year on a tie).  It may be a change in the wrong direction when no year moved the right way
    (``best_in_direction`` is then False).
average observed annual change
    (x_s − x_first) / (s − first year), the first point being the baseline when the plan prints
    one; cumulative series: the mean of the yearly flows present.
required annual increment
    As in progress-method.md; for a ceiling, the change needed in the next year to come back to
    the bound (0 while within it).
scenarios
    (i) x_s + average change × (T − s); (ii) x_s + best year's change × (T − s); (iii) the target
    via the required path.  A ceiling's scenario asks whether the path stays within the bound in
    every remaining year.  Verdict: ``reachable_at_best_pace`` when (ii) meets the target,
    ``not_reachable_at_any_pace_seen`` when it does not, ``no_pace_seen`` with fewer than two
    points.
task share for the overall figures
    The progress share P of every series that has one, counted as 1 once above 1 (a target
    exceeded is a task done), so that one series far past its target cannot hide others.

Examples
--------
>>> from dayao_data.plan import load_plan
>>> plan = load_plan()
>>> midpoint_year(plan)
2023
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dayao_data.plan import Indicator, Plan
from dayao_data.progress import (
    DEFAULT_BAND,
    SATISFACTORY,
    STATUS_LABELS,
    STATUS_ORDER,
    Assessment,
    Observation,
    bound_history,
    clip,
    evaluate,
    observations,
    prepare_actuals,
    tolerant_equal,
    tolerant_ge,
    tolerant_gt,
    within,
)

__all__ = [
    "GROUP_ORDER",
    "GROUP_LABELS",
    "COMPLETION_LABELS",
    "COMPLETION_METRICS",
    "completion_of_status",
    "completion_of_verdict",
    "PROBLEM_STATUSES",
    "VERDICT_LABELS",
    "NEXT_PLAN_LABELS",
    "SCENARIO_LABELS",
    "CHANGE_LABELS",
    "RECOMMENDATION_LABELS",
    "DISAGREEMENT_LABELS",
    "TABLE_KEYS",
    "Midterm",
    "Final",
    "midpoint_year",
    "midterm",
    "final",
    "cell",
]

#: The mid-term groups, in the method's status order (progress-method.md, "Status codes"), with
#: the ceilings back within their bound after a breach earlier in the period set apart from those
#: that held every year (the same split the final makes, :data:`COMPLETION_LABELS`).
GROUP_ORDER = [STATUS_ORDER[0], "achieved_after_breach", *STATUS_ORDER[1:]]
GROUP_LABELS: dict[str, tuple[str, str]] = {
    **STATUS_LABELS,
    "achieved_after_breach": ("达标但期间曾突破约束", "Within the bound, breached earlier"),
}

#: The one definition of completion used by every report (mid-term, final, and the final's
#: comparison with the mid-term): a series is *completed* when it has reached its target (a
#: ceiling: is within its bound) in the evaluation year and never breached it in an earlier year;
#: *completed but breached* when it is within its bound now but was over it in an earlier year of
#: the period; *not completed* when it is assessed and short of its target; *no data* when there is
#: nothing to judge it on (no data, no quota, no target-year value, a total with missing years).
COMPLETION_LABELS: dict[str, tuple[str, str]] = {
    "completed": ("已实现", "Achieved"),
    "completed_breached": ("达标但期间曾突破约束", "Within the bound, breached earlier"),
    "not_completed": ("未实现", "Not achieved"),
    "undetermined": ("无数据或无法判断", "No data or undetermined"),
}
_UNDETERMINED_STATUSES = ("no_data", "not_assessable")


def completion_of_status(status: str, breach_years: Sequence[int] = ()) -> str:
    """The completion class of a series from its time-progress status (mid-term, yearly)."""
    if status in _UNDETERMINED_STATUSES:
        return "undetermined"
    if status == "achieved":
        return "completed_breached" if len(breach_years or ()) else "completed"
    return "not_completed"


def completion_of_verdict(verdict: str) -> str:
    """The completion class of a series from its final verdict (:data:`VERDICT_LABELS`)."""
    return {
        "achieved": "completed",
        "achieved_after_breach": "completed_breached",
        "not_achieved": "not_completed",
    }.get(verdict, "undetermined")


def completion_metrics(classes: pd.Series, binding: pd.Series) -> list[tuple[str, int]]:
    """The shared counts: ``n_<class>`` for every class of :data:`COMPLETION_LABELS`, and
    ``n_binding_<class>``, from a column of completion classes and the binding flags."""
    out = [(f"n_{c}", int((classes == c).sum())) for c in COMPLETION_LABELS]
    out += [(f"n_binding_{c}", int(((classes == c) & binding.astype(bool)).sum())) for c in COMPLETION_LABELS]
    out.append(("n_assessed", int((classes != "undetermined").sum())))
    return out


#: The metrics both evaluations print for the same data vintage (a test compares them).
COMPLETION_METRICS = tuple(f"n_{c}" for c in COMPLETION_LABELS) + tuple(f"n_binding_{c}" for c in COMPLETION_LABELS)
#: Statuses that make a series a problem (存在的问题).
PROBLEM_STATUSES = ("lagging", "regressing", "breached")
_SEVERITY = {"breached": 0, "breached_earlier": 1, "regressing": 2, "lagging": 3}

#: Final verdicts per series, with their labels.
VERDICT_LABELS: dict[str, tuple[str, str]] = {
    "achieved": ("已实现", "Achieved"),
    "achieved_after_breach": ("达标但期间曾突破约束", "Within the bound at the end, breached earlier"),
    "not_achieved": ("未实现", "Not achieved"),
    "incomplete": ("累计数据不全", "Total incomplete"),
    "no_final_year_data": ("无目标年数据", "No final-year data"),
    "not_assessable": ("无法评估", "Not assessable"),
    "no_data": ("无数据", "No data"),
}
#: Verdicts that count as achieved in the target year.  A ceiling breached in any year of the
#: plan does not: it is a promise for every year (progress-method.md), so a recovery by the target
#: year is reported with the years of the breach, not counted as kept.
ACHIEVED_VERDICTS = ("achieved",)
#: Verdicts that settle a series as not achieved (the rest leave it undetermined: data missing).
NOT_ACHIEVED_VERDICTS = ("not_achieved", "achieved_after_breach")

SCENARIO_LABELS: dict[str, tuple[str, str]] = {
    "reachable_at_best_pace": ("按已出现的最好年份速度可以实现", "Reachable at the best pace seen"),
    "not_reachable_at_any_pace_seen": ("按已出现的任何速度都无法实现", "Not reachable at any pace seen so far"),
    "no_pace_seen": ("尚无年度变化可比较", "No yearly change seen yet"),
}

CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "newly_achieved": ("中期后实现", "Achieved since the mid-term"),
    "still_achieved": ("中期已实现、期末仍实现", "Achieved then and now"),
    "no_longer_achieved": ("中期已实现、期末未实现", "Achieved at the mid-term, not at the end"),
    "still_not_achieved": ("中期未实现、期末仍未实现", "Not achieved then or now"),
    "breached_in_period": ("期末达标但期间曾突破约束", "Within the bound at the end, breached during the period"),
    "no_final_data": ("期末无数据可判断", "No final data to judge"),
}

CEILING_VERDICT_LABELS: dict[str, tuple[str, str]] = {
    "held_every_year": ("每年都守住", "Held every year"),
    "held_reported_years": ("有数据的年份都守住(部分年份缺数据)", "Held in every reported year (some years missing)"),
    "breached": ("曾突破", "Breached"),
    "no_data": ("无数据", "No data"),
}

RECOMMENDATION_LABELS: dict[str, tuple[str, str]] = {
    "ceiling_breached": ("压降到上限以内", "Bring back within the bound"),
    "ceiling_breached_earlier": ("守住上限", "Keep within the bound"),
    "above_best_pace": ("需要超过历史最好水平", "Needs more than the best year so far"),
    "sustain_best_pace": ("需要保持最好年份的速度", "Needs the best year's pace every year"),
    "no_pace_seen": ("补齐年度数据", "Complete the yearly data"),
    "quota_short": ("完成下达任务", "Complete the quota"),
    "watch_trend": ("关注趋势", "Watch the trend"),
    "stale_data": ("更新数据", "Update the data"),
    "not_assessable": ("填报下达任务数", "Report the quota"),
    "no_data": ("报送实际值", "Report the actuals"),
    "projects_no_data": ("填报重点工程进展", "Report key-project progress"),
}

DISAGREEMENT_LABELS: dict[str, tuple[str, str]] = {
    "achieved_by_jump": ("靠一年跃升达标,趋势未达", "Met by one year's jump; the trend falls short"),
    "achieved_trend_short": ("已达标但趋势回落", "Met, but the trend falls back"),
    "ceiling_trend_crosses": ("在上限内但趋势将越限", "Within the bound, but the trend crosses it"),
    "breach_trend_within": ("越限但趋势回到限内", "Over the bound, but the trend comes back"),
    "gain_in_one_year": ("增量集中在一年", "Most of the gain came in one year"),
    "trend_flatter": ("近年放缓", "Slowing in recent years"),
    "latest_year_fell": ("最新一年回落", "The latest year fell back"),
    "band": ("时间进度法有容许带宽", "The time-share band tolerates a small shortfall"),
    "no_baseline": ("未印基期值", "No printed baseline"),
    "thresholds": ("两种方法分界不同", "The methods draw the line in different places"),
    "compound_vs_linear": ("复合增速与直线进度不同", "Compound pace and straight-line share differ"),
    "other": ("方法角度不同", "The methods look from different angles"),
}

#: The key column of every table the narrative refers to, so that a (table, key, column) triple
#: names one cell.
TABLE_KEYS: dict[str, str] = {
    "overall": "metric",
    "groups": "status",
    "data_years": "data_year",
    "series": "indicator_id",
    "projects": "key",
    "problems": "indicator_id",
    "methods": "indicator_id",
    "scenarios": "indicator_id",
    "recommendations": "rank",
    "rows": "table_row",
    "cumulative": "indicator_id",
    "ceilings": "indicator_id",
    "extended": "indicator_id",
    "comparison": "indicator_id",
    "summary_comparison": "metric",
    "midterm_overall": "metric",
    "final_problems": "indicator_id",
    "experience": "indicator_id",
    "next_plan": "indicator_id",
    "domains": "domain",
    "alternatives": "indicator_id",
}

# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    """A float, or None for None/NaN/NA."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return float(value)


def _int(value: Any) -> int | None:
    v = _num(value)
    return None if v is None else int(v)


def _label(ind: Indicator) -> str:
    return ind.row_label


class _Actuals:
    """The actuals of one run, split once by indicator.

    The engine's :func:`~dayao_data.progress.observations` filters the whole frame on every call;
    with 138 series and a few runs of the engine per report that was most of the time.  Each
    series' own rows are kept here, and the engine is run only on the rows of its catalogue.
    """

    def __init__(self, plan: Plan, actuals) -> None:
        self.frame = prepare_actuals(plan, actuals)
        self.by_indicator = (
            {str(k): g for k, g in self.frame.groupby("indicator", sort=False)} if len(self.frame) else {}
        )

    def observations(self, indicator_id: str) -> list[Observation]:
        return observations(self.by_indicator.get(indicator_id), indicator_id)

    def of(self, indicators: Iterable[Indicator]) -> pd.DataFrame:
        ids = {i.id for i in indicators}
        return self.frame[self.frame["indicator"].isin(ids)]

    def evaluate(self, plan: Plan, year: int, band: float, catalogue: str) -> Assessment | None:
        """The engine on one catalogue; the extended catalogue only for the targets with data
        (the others are "no data" without asking), None when there is nothing to assess."""
        if catalogue == "headline":
            return evaluate(plan, self.of(plan.indicators), year, band=band, catalogue="headline")
        with_data = [i for i in plan.extended_targets if i.id in self.by_indicator]
        if not with_data:
            return None
        from dataclasses import replace

        subset = replace(plan, extended_targets=with_data)
        return evaluate(subset, self.of(with_data), year, band=band, catalogue="extended")


ALTERNATIVE_COLUMNS = [
    "indicator_id",
    "name_zh",
    "name_en",
    "binding",
    "field",
    "unit",
    "value_used",
    "value_alternative",
    "where_zh",
    "where_en",
    "target_year",
    "status_used",
    "status_alternative",
    "verdict_used",
    "verdict_alternative",
]


def _alternatives(plan: Plan, data: _Actuals, year: int, band: float) -> pd.DataFrame:
    """The headline series whose verdict changes with the plan's other figure (a target or baseline
    the plan states twice, progress.assess_alternatives): the status with each, side by side."""
    from dayao_data.progress import assess_alternatives

    ids = {i.id for i in plan.indicators}
    alt = assess_alternatives(plan, data.of(plan.indicators), year, band=band)
    rows = []
    for r in alt.itertuples(index=False):
        if r.indicator_id not in ids:
            continue
        ind = plan.indicator(r.indicator_id)
        final_year = _int(r.data_year) == ind.target_year
        v_used = ("achieved" if r.status_used == "achieved" else "not_achieved") if final_year else None
        v_alt = ("achieved" if r.status_alternative == "achieved" else "not_achieved") if final_year else None
        if r.status_used == r.status_alternative and v_used == v_alt:
            continue
        where = "正文" if "正文" in str(r.label_zh) else "另一处"
        rows.append(
            {
                "indicator_id": ind.id,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "binding": ind.attribute == "binding",
                "field": r.field,
                "unit": ind.unit,
                "value_used": float(r.value_used),
                "value_alternative": float(r.value_alternative),
                "where_zh": where,
                "where_en": "text" if where == "正文" else "elsewhere",
                "target_year": ind.target_year,
                "status_used": r.status_used,
                "status_alternative": r.status_alternative,
                "verdict_used": v_used,
                "verdict_alternative": v_alt,
            }
        )
    return pd.DataFrame(rows, columns=ALTERNATIVE_COLUMNS)


def midpoint_year(plan: Plan) -> int:
    """The mid-point of the plan period: base year + ceil((target − base) / 2)."""
    return plan.base_year + math.ceil((plan.target_year - plan.base_year) / 2)


def cell(tables: dict[str, pd.DataFrame], table: str, key: Any, column: str) -> Any:
    """The value of one cell, named by table, row key (see :data:`TABLE_KEYS`) and column."""
    frame = tables[table]
    key_col = TABLE_KEYS[table]
    wanted = str(key)
    positions = [i for i, k in enumerate(frame[key_col].tolist()) if str(k) == wanted]
    if len(positions) != 1:
        raise KeyError(f"{table}: {len(positions)} rows with {key_col} = {key!r}")
    return frame[column].iloc[positions[0]]


# --------------------------------------------------------------------------------------
# The path of one series: year-on-year changes, best year, average change
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PathFacts:
    """What the series did year by year up to its data year."""

    changes: tuple[tuple[int, float, int], ...]  # (year, change per year, span in years)
    best_year: int | None = None
    best_change: float | None = None
    best_span: int | None = None
    worst_year: int | None = None
    worst_change: float | None = None
    mean_change: float | None = None
    total_change: float | None = None
    best_change_share: float | None = None


def path_facts(ind: Indicator, obs: Sequence[Observation], up_to: int) -> PathFacts:
    """Year-on-year changes of one series up to ``up_to`` (see the module's definitions)."""
    t0, d = ind.base_year, ind.direction
    usable = [o for o in obs if t0 < o.year <= min(up_to, ind.target_year)]
    if ind.kind == "qualitative" or not usable:
        return PathFacts(changes=())
    if ind.kind == "cumulative":
        changes = tuple((o.year, o.value, 1) for o in usable)
        mean = math.fsum(o.value for o in usable) / len(usable)
        total = math.fsum(o.value for o in usable)
    else:
        points = ([(t0, ind.baseline_value)] if ind.baseline_value is not None else []) + [
            (o.year, o.value) for o in usable
        ]
        changes = tuple((b[0], (b[1] - a[1]) / (b[0] - a[0]), b[0] - a[0]) for a, b in zip(points, points[1:]))
        if len(points) >= 2:
            total = points[-1][1] - points[0][1]
            mean = total / (points[-1][0] - points[0][0])
        else:
            total = mean = None
    if not changes:
        return PathFacts(changes=(), mean_change=mean, total_change=total)
    # Best: the largest d·change, the earliest on a tie; worst: the smallest, the latest on a tie.
    best = max(changes, key=lambda c: (d * c[1], -c[0]))
    worst = min(changes, key=lambda c: (d * c[1], -c[0]))
    share = None
    if ind.kind != "cumulative" and total is not None and tolerant_gt(d * total, 0.0):
        share = best[1] * best[2] / total
    return PathFacts(
        changes=changes,
        best_year=best[0],
        best_change=best[1],
        best_span=best[2],
        worst_year=worst[0],
        worst_change=worst[1],
        mean_change=mean,
        total_change=total,
        best_change_share=share,
    )


# --------------------------------------------------------------------------------------
# The result objects
# --------------------------------------------------------------------------------------


@dataclass
class Midterm:
    """The mid-term evaluation: every table the report prints, in the order it prints them.

    Attributes
    ----------
    overall : DataFrame
        One row per metric (``metric``, ``value``): time share, task shares, counts.
    groups : DataFrame
        One row per status group, in the method's order, with the count and binding count.
    data_years : DataFrame
        How many series have each data year (the report says which year each series uses).
    series : DataFrame
        Every headline series grouped: group order, binding first inside each group, plan order.
    projects : DataFrame
        One row per key project and quantified target of it (investment, schools, floor area).
    problems : DataFrame
        Lagging, regressing and breached series (and ceilings breached earlier): what they still
        need each year, the best and average year so far, and whether the need exceeds the best.
    methods : DataFrame
        Time progress, pace, projection and years ahead side by side, with the disagreement note.
    scenarios : DataFrame
        The target-year value at the average pace, at the best year's pace and on the required
        path, with the verdict.
    recommendations : DataFrame
        What to do next, generated from the numbers (code, series, text).
    """

    plan: Plan
    year: int
    band: float
    assessment: Assessment
    overall: pd.DataFrame
    groups: pd.DataFrame
    data_years: pd.DataFrame
    series: pd.DataFrame
    projects: pd.DataFrame
    problems: pd.DataFrame
    methods: pd.DataFrame
    scenarios: pd.DataFrame
    recommendations: pd.DataFrame
    illustrative: bool = False
    path: dict[str, PathFacts] = field(default_factory=dict, repr=False)
    alternatives: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ALTERNATIVE_COLUMNS))

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name (the names :data:`TABLE_KEYS` and the narrative use)."""
        return {
            "overall": self.overall,
            "groups": self.groups,
            "data_years": self.data_years,
            "series": self.series,
            "projects": self.projects,
            "problems": self.problems,
            "methods": self.methods,
            "scenarios": self.scenarios,
            "recommendations": self.recommendations,
            "alternatives": self.alternatives,
        }

    def metric(self, name: str) -> Any:
        return cell(self.tables, "overall", name, "value")


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


# --------------------------------------------------------------------------------------
# Mid-term
# --------------------------------------------------------------------------------------


def _breach_years(history: pd.DataFrame) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for ind_id, rows in history.groupby("indicator_id"):
        out[str(ind_id)] = tuple(int(y) for y in rows.loc[~rows["within"].astype(bool), "year"])
    return out


def _overall(table: pd.DataFrame, plan: Plan, year: int) -> list[tuple[str, Any]]:
    """The overall metrics of an assess table ("时间过半、任务过半")."""
    t0, T = plan.base_year, plan.target_year
    with_share = table[table["progress_share"].notna()]
    capped = with_share["progress_share"].clip(upper=1.0)
    tau = with_share["time_share"]
    n_share = int(len(with_share))
    at_time = int(sum(tolerant_ge(float(p), float(t)) for p, t in zip(with_share["progress_share"], tau)))
    at_half = int(sum(tolerant_ge(float(p), 0.5) for p in with_share["progress_share"]))
    mean_task = float(capped.mean()) if n_share else None
    mean_time = float(tau.mean()) if n_share else None
    binding = table[table["attribute"] == "binding"]
    stale = table["data_year"].notna() & (table["data_year"] < year)
    metrics: list[tuple[str, Any]] = [
        ("year", year),
        ("base_year", t0),
        ("target_year", T),
        ("years_left", T - year),
        ("time_share", (year - t0) / (T - t0)),
        ("n_series", int(len(table))),
        ("n_with_share", n_share),
        ("mean_task_share", mean_task),
        ("median_task_share", float(capped.median()) if n_share else None),
        ("mean_time_share", mean_time),
        ("task_time_gap", (mean_task - mean_time) if n_share else None),
        ("n_at_or_above_time", at_time),
        ("n_below_time", n_share - at_time),
        ("n_at_or_above_half", at_half),
        ("n_stale", int(stale.sum())),
        ("n_binding", int(len(binding))),
        ("n_binding_satisfactory", int(binding["status"].isin(SATISFACTORY).sum())),
        ("n_binding_alarm", int((~binding["status"].isin(SATISFACTORY)).sum())),
        ("n_satisfactory", int(table["status"].isin(SATISFACTORY).sum())),
    ]
    for status in STATUS_ORDER:
        metrics.append((f"n_{status}", int((table["status"] == status).sum())))
    return metrics


def _metric_frame(metrics: Iterable[tuple[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame({"metric": [m for m, _ in metrics], "value": pd.Series([v for _, v in metrics], dtype=object)})


def _series_table(plan: Plan, assessment: Assessment, year: int, breaches: dict[str, tuple[int, ...]]) -> pd.DataFrame:
    table = assessment.table.copy()
    order = {ind.id: i for i, ind in enumerate(plan.indicators)}
    by_id = {ind.id: ind for ind in plan.indicators}
    table["plan_order"] = table["indicator_id"].map(order)
    table["label"] = table["indicator_id"].map(lambda i: _label(by_id[i]))
    table["table_row"] = table["indicator_id"].map(lambda i: by_id[i].table_row)
    table["name_en"] = table["indicator_id"].map(lambda i: by_id[i].name_en)
    table["department_en"] = table["indicator_id"].map(lambda i: plan.department_name(by_id[i].department, "en"))
    table["binding"] = table["attribute"] == "binding"
    table["stale"] = table["data_year"].notna() & (table["data_year"] < year)
    table["breach_years"] = table["indicator_id"].map(lambda i: breaches.get(i, ()))
    table["completion"] = [completion_of_status(s, b) for s, b in zip(table["status"], table["breach_years"])]
    table["group"] = [
        "achieved_after_breach" if c == "completed_breached" else s
        for s, c in zip(table["status"], table["completion"])
    ]
    table["group_order"] = table["group"].map(GROUP_ORDER.index)
    table["group_zh"] = table["group"].map(lambda s: GROUP_LABELS[s][0])
    table["group_en"] = table["group"].map(lambda s: GROUP_LABELS[s][1])
    table["task_time_ratio"] = table["progress_share"] / table["time_share"]
    table = table.sort_values(["group_order", "binding", "plan_order"], ascending=[True, False, True], kind="stable")
    table = table.reset_index(drop=True)
    front = [
        "group",
        "group_zh",
        "group_en",
        "indicator_id",
        "label",
        "table_row",
        "name_zh",
        "name_en",
        "attribute",
        "binding",
        "department",
        "department_en",
        "target_kind",
        "direction",
        "unit",
        "year",
        "data_year",
        "stale",
        "value",
        "baseline",
        "target",
        "time_share",
        "progress_share",
        "task_time_ratio",
        "years_ahead",
        "gap",
        "required_annual_increment",
        "required_annual_rate",
        "breach_years",
        "status",
        "status_zh",
        "completion",
        "illustrative",
        "plan_order",
    ]
    return table[front]


def _groups(series: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for i, status in enumerate(GROUP_ORDER):
        members = series[series["group"] == status]
        rows.append(
            {
                "status": status,
                "order": i,
                "group_zh": GROUP_LABELS[status][0],
                "group_en": GROUP_LABELS[status][1],
                "n": int(len(members)),
                "n_binding": int(members["binding"].sum()),
                "indicator_ids": tuple(members["indicator_id"]),
            }
        )
    return pd.DataFrame(rows)


def _data_years(series: pd.DataFrame) -> pd.DataFrame:
    have = series[series["data_year"].notna()]
    rows = []
    for y, members in sorted(have.groupby("data_year"), key=lambda kv: -int(kv[0])):
        rows.append({"data_year": int(y), "n": int(len(members)), "indicator_ids": tuple(members["indicator_id"])})
    return pd.DataFrame(rows, columns=["data_year", "n", "indicator_ids"])


PROJECT_COLUMNS = [
    "key",
    "project_id",
    "project_zh",
    "project_en",
    "department",
    "department_en",
    "section",
    "cite",
    "target_id",
    "target_zh",
    "target_en",
    "unit",
    "target_kind",
    "is_investment",
    "target",
    "target_year",
    "data_year",
    "value",
    "progress_share",
    "time_share",
    "status",
    "status_zh",
    "has_data",
    "illustrative",
]
INVESTMENT_UNITS = ("万元", "亿元", "元")


def _projects(plan: Plan, extended: Assessment | None) -> pd.DataFrame:
    ext = extended.table.set_index("indicator_id") if extended is not None and len(extended.table) else None
    rows = []
    for p in plan.projects:
        base = {
            "project_id": p.id,
            "project_zh": p.name_zh,
            "project_en": p.name_en,
            "department": plan.department_name(p.department, "zh"),
            "department_en": plan.department_name(p.department, "en"),
            "section": p.section or "",
            "cite": str(p.cite) if p.cite else "",
        }
        if not p.targets:
            rows.append({**base, "key": f"{p.id}/", "target_id": "", "has_data": False, "illustrative": False})
            continue
        for tid in p.targets:
            ind = plan.indicator(tid)
            r = ext.loc[tid] if ext is not None and tid in ext.index else None
            has = r is not None and r["status"] != "no_data"
            rows.append(
                {
                    **base,
                    "key": f"{p.id}/{tid}",
                    "target_id": tid,
                    "target_zh": ind.name_zh,
                    "target_en": ind.name_en,
                    "unit": ind.unit,
                    "target_kind": ind.kind,
                    "is_investment": ind.unit in INVESTMENT_UNITS,
                    "target": ind.target_value,
                    "target_year": ind.target_year,
                    "data_year": r["data_year"] if has else None,
                    "value": r["value"] if has else None,
                    "progress_share": r["progress_share"] if has else None,
                    "time_share": r["time_share"] if has else None,
                    "status": r["status"] if r is not None else "no_data",
                    "status_zh": STATUS_LABELS[r["status"] if r is not None else "no_data"][0],
                    "has_data": bool(has),
                    "illustrative": bool(r["illustrative"]) if r is not None else False,
                }
            )
    frame = pd.DataFrame(rows, columns=PROJECT_COLUMNS)
    for col in ("target", "value", "progress_share", "time_share"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["data_year"] = pd.array(frame["data_year"], dtype="Int64")
    frame["target_year"] = pd.array(frame["target_year"], dtype="Int64")
    return frame


PROBLEM_COLUMNS = [
    "indicator_id",
    "label",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "department",
    "department_en",
    "target_kind",
    "direction",
    "unit",
    "status",
    "problem",
    "data_year",
    "value",
    "baseline",
    "target",
    "target_year",
    "gap",
    "years_left",
    "progress_share",
    "time_share",
    "required_annual_increment",
    "required_annual_rate",
    "mean_change",
    "best_change",
    "best_year",
    "best_span",
    "best_in_direction",
    "exceeds_best",
    "breach_years",
    "plan_order",
]


def _problems(plan: Plan, series: pd.DataFrame, facts: dict[str, PathFacts]) -> pd.DataFrame:
    rows = []
    for r in series.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        breached_earlier = ind.kind == "ceiling" and r.status == "achieved" and len(r.breach_years) > 0
        if r.status not in PROBLEM_STATUSES and not breached_earlier:
            continue
        pf = facts[ind.id]
        s = _int(r.data_year)
        x = _num(r.value)
        target = _num(r.target)
        years_left = ind.target_year - s if s is not None else None
        required = _num(r.required_annual_increment)
        if ind.kind == "ceiling" and x is not None and target is not None:
            # The change needed next year to be back at the bound; nothing while within it.
            required = 0.0 if r.status == "achieved" else target - x
        if ind.kind == "qualitative":
            required = None
        best = pf.best_change
        d = ind.direction
        exceeds = None
        if required is not None and best is not None and years_left:
            exceeds = bool(tolerant_gt(d * required, d * best))
        rows.append(
            {
                "indicator_id": ind.id,
                "label": _label(ind),
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "attribute": ind.attribute,
                "binding": ind.attribute == "binding",
                "department": r.department,
                "department_en": r.department_en,
                "target_kind": ind.kind,
                "direction": d,
                "unit": ind.unit,
                "status": r.status,
                "problem": "breached_earlier" if breached_earlier else r.status,
                "data_year": s,
                "value": x,
                "baseline": _num(r.baseline),
                "target": target,
                "target_year": ind.target_year,
                "gap": _num(r.gap),
                "years_left": years_left,
                "progress_share": _num(r.progress_share),
                "time_share": _num(r.time_share),
                "required_annual_increment": required,
                "required_annual_rate": _num(r.required_annual_rate),
                "mean_change": pf.mean_change,
                "best_change": best,
                "best_year": pf.best_year,
                "best_span": pf.best_span,
                "best_in_direction": None if best is None else bool(tolerant_gt(d * best, 0.0)),
                "exceeds_best": exceeds,
                "breach_years": r.breach_years,
                "plan_order": r.plan_order,
            }
        )
    frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    if len(frame):
        frame["_sev"] = frame["problem"].map(_SEVERITY)
        frame = frame.sort_values(["binding", "_sev", "plan_order"], ascending=[False, True, True], kind="stable")
        frame = frame.drop(columns="_sev").reset_index(drop=True)
    for col in ("data_year", "years_left", "best_year", "best_span", "target_year"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in (
        "value",
        "baseline",
        "target",
        "gap",
        "progress_share",
        "time_share",
        "required_annual_increment",
        "required_annual_rate",
        "mean_change",
        "best_change",
    ):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame


SCENARIO_COLUMNS = [
    "indicator_id",
    "label",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "department",
    "target_kind",
    "direction",
    "unit",
    "status",
    "data_year",
    "value",
    "target",
    "target_year",
    "years_left",
    "mean_change",
    "best_change",
    "best_year",
    "required_annual_increment",
    "value_at_mean",
    "value_at_best",
    "value_required",
    "meets_at_mean",
    "meets_at_best",
    "year_reached_at_mean",
    "year_reached_at_best",
    "verdict",
    "verdict_zh",
    "verdict_en",
]


def _reach_year(s: int, gap: float, change: float | None, d: int) -> int | None:
    """The first year s + k (k ≥ 1) at which a straight path of ``change`` a year covers ``gap``."""
    if change is None or not tolerant_gt(d * change, 0.0):
        return None
    if not tolerant_gt(d * gap, 0.0):
        return s
    k = math.ceil(gap / change - 1e-9)
    return s + max(k, 1)


def _scenarios(plan: Plan, problems: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in problems.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        if ind.kind == "qualitative" or r.years_left is pd.NA or r.years_left is None or int(r.years_left) <= 0:
            continue
        n = int(r.years_left)
        s = int(r.data_year)
        x, target, d = float(r.value), float(r.target), ind.direction
        mean, best = _num(r.mean_change), _num(r.best_change)
        if ind.kind == "ceiling":

            def path_ok(change):
                if change is None:
                    return None
                # A straight path is inside the bound every year iff it is in the first and last.
                return within(ind, x + change, target) and within(ind, x + change * n, target)

            at_mean = clip(x + mean * n, ind.bounds) if mean is not None else None
            at_best = clip(x + best * n, ind.bounds) if best is not None else None
            meets_mean, meets_best = path_ok(mean), path_ok(best)
            reach_mean = reach_best = None
        else:
            bounds = ind.bounds if ind.kind != "cumulative" else (None, None)
            at_mean = clip(x + mean * n, bounds) if mean is not None else None
            at_best = clip(x + best * n, bounds) if best is not None else None
            meets_mean = None if at_mean is None else bool(tolerant_ge(d * at_mean, d * target))
            meets_best = None if at_best is None else bool(tolerant_ge(d * at_best, d * target))
            reach_mean = _reach_year(s, target - x, mean, d)
            reach_best = _reach_year(s, target - x, best, d)
        if best is None:
            verdict = "no_pace_seen"
        else:
            verdict = "reachable_at_best_pace" if meets_best else "not_reachable_at_any_pace_seen"
        rows.append(
            {
                "indicator_id": ind.id,
                "label": r.label,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "attribute": ind.attribute,
                "binding": ind.attribute == "binding",
                "department": r.department,
                "target_kind": ind.kind,
                "direction": d,
                "unit": ind.unit,
                "status": r.status,
                "data_year": s,
                "value": x,
                "target": target,
                "target_year": ind.target_year,
                "years_left": n,
                "mean_change": mean,
                "best_change": best,
                "best_year": _int(r.best_year),
                "required_annual_increment": _num(r.required_annual_increment),
                "value_at_mean": at_mean,
                "value_at_best": at_best,
                "value_required": target,
                "meets_at_mean": meets_mean,
                "meets_at_best": meets_best,
                "year_reached_at_mean": reach_mean,
                "year_reached_at_best": reach_best,
                "verdict": verdict,
                "verdict_zh": SCENARIO_LABELS[verdict][0],
                "verdict_en": SCENARIO_LABELS[verdict][1],
            }
        )
    frame = pd.DataFrame(rows, columns=SCENARIO_COLUMNS)
    for col in ("data_year", "target_year", "years_left", "best_year", "year_reached_at_mean", "year_reached_at_best"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in (
        "value",
        "target",
        "mean_change",
        "best_change",
        "required_annual_increment",
        "value_at_mean",
        "value_at_best",
        "value_required",
    ):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame


METHOD_COLUMNS = [
    "indicator_id",
    "label",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "target_kind",
    "direction",
    "unit",
    "data_year",
    "value",
    "baseline",
    "target",
    "target_year",
    "time_share",
    "progress_share",
    "time_ratio",
    "status",
    "years_ahead",
    "cagr_ratio",
    "cagr_status",
    "projected_final",
    "anticipated_progress",
    "anticipated_status",
    "best_year",
    "best_change",
    "best_change_share",
    "worst_year",
    "worst_change",
    "time_view",
    "pace_view",
    "trend_view",
    "agree",
    "disagreement",
    "disagreement_zh",
    "disagreement_en",
]

_GOOD_TIME, _POOR_TIME = ("achieved", "ahead", "on_track"), ("lagging", "regressing", "breached")
_GOOD_PACE, _POOR_PACE = ("achieved", "substantial"), ("moderate", "limited", "deterioration")


def _view(code: Any, good: Sequence[str], poor: Sequence[str]) -> str | None:
    if code is None or (isinstance(code, float) and math.isnan(code)) or code is pd.NA:
        return None
    if code in good:
        return "good"
    if code in poor:
        return "poor"
    return None


def _disagreement(r: dict, band: float) -> str | None:
    """Why the methods point different ways (a code of :data:`DISAGREEMENT_LABELS`), None if they agree."""
    views = [v for v in (r["time_view"], r["pace_view"], r["trend_view"]) if v is not None]
    if len(set(views)) <= 1:
        return None
    tv, pv, trv = r["time_view"], r["pace_view"], r["trend_view"]
    status, kind = r["status"], r["target_kind"]
    share = r["best_change_share"]
    if r["baseline"] is None and kind in ("level", "maintain") and r["projected_final"] is not None:
        return "no_baseline"
    if tv == "good" and trv == "poor" and r["projected_final"] is not None:
        if kind == "ceiling":
            return "ceiling_trend_crosses"
        if status == "achieved":
            return "achieved_by_jump" if share is not None and share >= 0.5 else "achieved_trend_short"
        if share is not None and share >= 0.5 and r["best_year"] is not None:
            return "gain_in_one_year"
        A = r["anticipated_progress"]
        if status == "on_track" and A is not None and tolerant_ge(A, 1 - band):
            return "band"
        if r["worst_year"] is not None and r["best_year"] is not None and r["worst_year"] > r["best_year"]:
            return "trend_flatter"
    if tv == "poor" and trv == "good" and r["projected_final"] is not None:
        if kind == "ceiling":
            return "breach_trend_within"
        if r["progress_share"] is not None and r["worst_year"] is not None:
            return "latest_year_fell"
    if tv is not None and pv is not None and tv != pv and r["time_ratio"] is not None and r["cagr_ratio"] is not None:
        q, R = r["time_ratio"], r["cagr_ratio"]
        if status == "on_track" and r["cagr_status"] == "moderate" and abs(q - R) < band / 2:
            return "thresholds"
        return "compound_vs_linear"
    return "other"


def _methods(plan: Plan, series: pd.DataFrame, facts: dict[str, PathFacts], band: float) -> pd.DataFrame:
    rows = []
    table = series.sort_values("plan_order", kind="stable")
    for r in table.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        pf = facts[ind.id]
        P, tau = _num(r.progress_share), _num(r.time_share)
        row = {
            "indicator_id": ind.id,
            "label": r.label,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "attribute": ind.attribute,
            "binding": ind.attribute == "binding",
            "target_kind": ind.kind,
            "direction": ind.direction,
            "unit": ind.unit,
            "data_year": _int(r.data_year),
            "value": _num(r.value),
            "baseline": _num(r.baseline),
            "target": _num(r.target),
            "target_year": ind.target_year,
            "time_share": tau,
            "progress_share": P,
            "time_ratio": (P / tau) if P is not None and tau else None,
            "status": r.status,
            "years_ahead": _num(r.years_ahead),
            "best_year": pf.best_year,
            "best_change": pf.best_change,
            "best_change_share": pf.best_change_share,
            "worst_year": pf.worst_year,
            "worst_change": pf.worst_change,
        }
        rows.append(row)
    assess = series.set_index("indicator_id")
    for row in rows:
        a = assess.loc[row["indicator_id"]]
        row["cagr_ratio"] = _num(a["cagr_ratio"])
        row["cagr_status"] = a["cagr_status"] if isinstance(a["cagr_status"], str) else None
        row["projected_final"] = _num(a["projected_final"])
        row["anticipated_progress"] = _num(a["anticipated_progress"])
        row["anticipated_status"] = a["anticipated_status"] if isinstance(a["anticipated_status"], str) else None
        row["time_view"] = _view(row["status"], _GOOD_TIME, _POOR_TIME)
        row["pace_view"] = _view(row["cagr_status"], _GOOD_PACE, _POOR_PACE)
        row["trend_view"] = _view(row["anticipated_status"], ("maintain",), ("accelerate", "reverse"))
        row["disagreement"] = _disagreement(row, band)
        row["agree"] = row["disagreement"] is None
    frame = pd.DataFrame(rows, columns=METHOD_COLUMNS)
    for col in ("data_year", "target_year", "best_year", "worst_year"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in (
        "value",
        "baseline",
        "target",
        "time_share",
        "progress_share",
        "time_ratio",
        "years_ahead",
        "cagr_ratio",
        "projected_final",
        "anticipated_progress",
        "best_change",
        "best_change_share",
        "worst_change",
    ):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame


RECOMMENDATION_COLUMNS = [
    "rank",
    "code",
    "code_zh",
    "code_en",
    "indicator_id",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "department",
    "department_en",
    "source",
    "text_zh",
    "text_en",
]


def _recommendations(plan: Plan, m: Midterm) -> pd.DataFrame:
    """What to do next, one row per finding, from the problems, scenarios, methods and series tables."""
    items: list[dict] = []
    scen = m.scenarios.set_index("indicator_id") if len(m.scenarios) else None

    def add(code: str, ind: Indicator | None, source: str, **extra) -> None:
        items.append(
            {
                "code": code,
                "indicator_id": ind.id if ind is not None else "",
                "name_zh": ind.name_zh if ind is not None else "",
                "name_en": ind.name_en if ind is not None else "",
                "attribute": ind.attribute if ind is not None else "",
                "binding": bool(ind is not None and ind.attribute == "binding"),
                "department": plan.department_name(ind.department, "zh") if ind is not None else "",
                "department_en": plan.department_name(ind.department, "en") if ind is not None else "",
                "source": source,
                **extra,
            }
        )

    for r in m.problems.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        if r.problem == "breached":
            add("ceiling_breached", ind, "problems")
        elif r.problem == "breached_earlier":
            add("ceiling_breached_earlier", ind, "problems")
        elif ind.kind == "qualitative":
            add("quota_short", ind, "problems")
        elif scen is not None and ind.id in scen.index and scen.loc[ind.id, "verdict"] == "no_pace_seen":
            add("no_pace_seen", ind, "scenarios")
        elif r.exceeds_best is True:
            add("above_best_pace", ind, "scenarios")
        elif r.exceeds_best is False:
            add("sustain_best_pace", ind, "scenarios")
    for r in m.methods.itertuples(index=False):
        if r.status in ("ahead", "on_track") and r.anticipated_status in ("accelerate", "reverse"):
            add("watch_trend", plan.indicator(r.indicator_id), "methods")
    for r in m.series.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        if r.status == "not_assessable":
            add("not_assessable", ind, "series")
        elif r.status == "no_data":
            add("no_data", ind, "series")
        elif bool(r.stale):
            add("stale_data", ind, "series")
    if (
        len(m.projects)
        and not m.projects["has_data"].any()
        and m.projects["target_id"].astype(str).str.len().gt(0).any()
    ):
        add("projects_no_data", None, "overall")
    order = list(RECOMMENDATION_LABELS)
    frame = pd.DataFrame(items)
    if not len(frame):
        return pd.DataFrame(columns=RECOMMENDATION_COLUMNS)
    frame["_code"] = frame["code"].map(order.index)
    # Binding commitments first (progress-method.md, "Binding indicators"), then by kind of finding.
    frame = frame.sort_values(["binding", "_code"], ascending=[False, True], kind="stable").drop(columns="_code")
    frame = frame.reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame["code_zh"] = frame["code"].map(lambda c: RECOMMENDATION_LABELS[c][0])
    frame["code_en"] = frame["code"].map(lambda c: RECOMMENDATION_LABELS[c][1])
    frame["text_zh"] = ""
    frame["text_en"] = ""
    return frame[RECOMMENDATION_COLUMNS]


def midterm(plan: Plan, actuals, year: int | None = None, band: float = DEFAULT_BAND) -> Midterm:
    """The mid-term evaluation of every headline series (and the key projects) at ``year``.

    Parameters
    ----------
    plan
        A :class:`~dayao_data.plan.Plan`.
    actuals
        A tidy frame or paths (as :func:`dayao_data.progress.evaluate` takes them).
    year
        The evaluation year; default the plan's mid-point (:func:`midpoint_year`).  Each series is
        assessed on its latest actual at or before it (its data year, which the tables show).
    band
        The band b of the time-progress status (default 0.10).
    """
    year = midpoint_year(plan) if year is None else plan.check_year(year, "evaluation year")
    if not 0 <= band < 1:
        raise ValueError(f"band must be between 0 and 1 (e.g. 0.10), not {band}")
    data = actuals if isinstance(actuals, _Actuals) else _Actuals(plan, actuals)
    from dayao_data.narrative import register_units

    register_units(plan)
    assessment = data.evaluate(plan, year, band, "headline")
    extended = data.evaluate(plan, year, band, "extended")
    history = bound_history(
        plan, data.of(i for i in plan.indicators if i.kind == "ceiling"), year, catalogue="headline"
    )
    breaches = _breach_years(history)
    facts = {ind.id: path_facts(ind, data.observations(ind.id), year) for ind in plan.indicators}
    series = _series_table(plan, assessment, year, breaches)
    # The methods table needs engine columns the series table leaves out; join them back.
    engine = assessment.table.set_index("indicator_id")[
        ["cagr_ratio", "cagr_status", "projected_final", "anticipated_progress", "anticipated_status"]
    ]
    series_full = series.join(engine, on="indicator_id")
    illustrative = bool(
        assessment.table["illustrative"].any() or (extended is not None and extended.table["illustrative"].any())
    )
    projects = _projects(plan, extended)
    quantified = projects[projects["target_id"].astype(str) != ""]
    # The group counts are those of the groups the report lists (a ceiling back within its bound
    # after a breach is not counted under 已实现).
    group_counts = {f"n_{g}": int((series["group"] == g).sum()) for g in GROUP_ORDER}
    base = [(k, group_counts.get(k, v)) for k, v in _overall(assessment.table, plan, year)]
    base.insert(
        [k for k, _ in base].index("n_achieved") + 1,
        ("n_achieved_after_breach", group_counts["n_achieved_after_breach"]),
    )
    overall = _metric_frame(
        base
        + completion_metrics(series["completion"], series["binding"])
        + [
            ("n_projects", len(plan.projects)),
            ("n_project_targets", int(len(quantified))),
            ("n_investment_targets", int(quantified["is_investment"].fillna(False).astype(bool).sum())),
            ("n_project_targets_with_data", int(quantified["has_data"].sum())),
            ("illustrative", illustrative),
        ]
    )
    m = Midterm(
        plan=plan,
        year=year,
        band=band,
        assessment=assessment,
        overall=overall,
        groups=_groups(series),
        data_years=_data_years(series),
        series=series,
        projects=projects,
        problems=pd.DataFrame(),
        methods=pd.DataFrame(),
        scenarios=pd.DataFrame(),
        recommendations=pd.DataFrame(),
        illustrative=illustrative,
        path=facts,
    )
    m.problems = _problems(plan, series, facts)
    m.methods = _methods(plan, series_full, facts, band)
    m.scenarios = _scenarios(plan, m.problems)
    m.recommendations = _recommendations(plan, m)
    m.alternatives = _alternatives(plan, data, year, band)
    # The sentences are generated from the finished tables (imported here: narrative imports us).
    from dayao_data import narrative

    narrative.fill_midterm_texts(m)
    return m


# --------------------------------------------------------------------------------------
# Final
# --------------------------------------------------------------------------------------


def _plan_years(ind: Indicator, up_to: int) -> list[int]:
    return list(range(ind.base_year + 1, min(up_to, ind.target_year) + 1))


def _verdict(ind: Indicator, row: pd.Series, obs: Sequence[Observation], breaches: tuple[int, ...]) -> str:
    status = row["status"]
    if status == "no_data":
        return "no_data"
    if status == "not_assessable":
        return "not_assessable"
    T = ind.target_year
    s = _int(row["data_year"])
    if ind.kind == "cumulative":
        if status == "achieved":
            return "achieved"
        if s is None or s < T:
            return "no_final_year_data"
        present = {o.year for o in obs}
        if any(y not in present for y in _plan_years(ind, T)):
            return "incomplete"
        return "not_achieved"
    if s is None or s < T:
        return "no_final_year_data"
    if ind.kind == "ceiling":
        if status == "achieved":
            return "achieved_after_breach" if breaches else "achieved"
        return "not_achieved"
    return "achieved" if status == "achieved" else "not_achieved"


FINAL_SERIES_COLUMNS = [
    "indicator_id",
    "label",
    "table_row",
    "name_zh",
    "name_en",
    "attribute",
    "binding",
    "department",
    "department_en",
    "target_kind",
    "direction",
    "unit",
    "baseline",
    "target",
    "target_year",
    "data_year",
    "final_year_data",
    "value",
    "gap",
    "progress_share",
    "status",
    "verdict",
    "verdict_zh",
    "verdict_en",
    "achieved",
    "completion",
    "breach_years",
    "missing_years",
    "illustrative",
    "plan_order",
]


def _final_series(
    plan: Plan,
    indicators: Sequence[Indicator],
    table: pd.DataFrame,
    data: _Actuals,
    breaches: dict[str, tuple[int, ...]],
    year: int,
) -> pd.DataFrame:
    by_id = table.set_index("indicator_id")
    rows = []
    for i, ind in enumerate(indicators):
        r = by_id.loc[ind.id]
        obs = data.observations(ind.id)
        b = breaches.get(ind.id, ())
        verdict = _verdict(ind, r, obs, b)
        present = {o.year for o in obs}
        rows.append(
            {
                "indicator_id": ind.id,
                "label": _label(ind),
                "table_row": ind.table_row,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "attribute": ind.attribute,
                "binding": ind.attribute == "binding",
                "department": plan.department_name(ind.department, "zh"),
                "department_en": plan.department_name(ind.department, "en"),
                "target_kind": ind.kind,
                "direction": ind.direction,
                "unit": ind.unit,
                "baseline": _num(r["baseline"]),
                "target": _num(r["target"]),
                "target_year": ind.target_year,
                "data_year": _int(r["data_year"]),
                "final_year_data": _int(r["data_year"]) == ind.target_year,
                "value": _num(r["value"]),
                "gap": _num(r["gap"]),
                "progress_share": _num(r["progress_share"]),
                "status": r["status"],
                "verdict": verdict,
                "verdict_zh": VERDICT_LABELS[verdict][0],
                "verdict_en": VERDICT_LABELS[verdict][1],
                "achieved": True
                if verdict in ACHIEVED_VERDICTS
                else False
                if verdict in NOT_ACHIEVED_VERDICTS
                else None,
                "completion": completion_of_verdict(verdict),
                "breach_years": b,
                "missing_years": tuple(y for y in _plan_years(ind, year) if y not in present),
                "illustrative": bool(r["illustrative"]),
                "plan_order": i,
            }
        )
    out = pd.DataFrame(rows, columns=FINAL_SERIES_COLUMNS)
    for col in ("data_year", "target_year", "table_row"):
        out[col] = pd.array(out[col], dtype="Int64")
    for col in ("baseline", "target", "value", "gap", "progress_share"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    return out


def _final_rows(plan: Plan, series: pd.DataFrame) -> pd.DataFrame:
    """Per table row: achieved only when every series of the row is (row 11's rule)."""
    by_id = series.set_index("indicator_id")
    rows = []
    for row_no, members in plan.table_rows().items():
        verdicts = [by_id.loc[s.id, "verdict"] for s in members]
        if all(v in ACHIEVED_VERDICTS for v in verdicts):
            verdict = "achieved"
        elif any(v == "not_achieved" for v in verdicts):
            verdict = "not_achieved"
        elif any(v == "achieved_after_breach" for v in verdicts):
            verdict = "achieved_after_breach"
        else:
            verdict = next(v for v in verdicts if v not in ACHIEVED_VERDICTS)
        rows.append(
            {
                "table_row": row_no,
                "n_series": len(members),
                "indicator_ids": tuple(s.id for s in members),
                "name_zh": "、".join(s.name_zh for s in members),
                "name_en": "; ".join(s.name_en for s in members),
                "attribute": members[0].attribute,
                "series_verdicts": tuple(verdicts),
                "verdict": verdict,
                "verdict_zh": VERDICT_LABELS[verdict][0],
                "verdict_en": VERDICT_LABELS[verdict][1],
                "achieved": verdict == "achieved",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "table_row",
            "n_series",
            "indicator_ids",
            "name_zh",
            "name_en",
            "attribute",
            "series_verdicts",
            "verdict",
            "verdict_zh",
            "verdict_en",
            "achieved",
        ],
    )


def _final_cumulative(
    plan: Plan, indicators: Sequence[Indicator], series: pd.DataFrame, data: _Actuals, year: int
) -> pd.DataFrame:
    by_id = series.set_index("indicator_id")
    rows = []
    for ind in indicators:
        if ind.kind != "cumulative":
            continue
        obs = {o.year: o.value for o in data.observations(ind.id) if ind.base_year < o.year <= ind.target_year}
        r = by_id.loc[ind.id]
        years = _plan_years(ind, year)
        total = math.fsum(obs[y] for y in years if y in obs) if any(y in obs for y in years) else None
        target = ind.target_value
        row = {
            "indicator_id": ind.id,
            "label": _label(ind),
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "attribute": ind.attribute,
            "department": plan.department_name(ind.department, "zh"),
            "unit": ind.unit,
            "target": target,
            "total": total,
            "share": (total / target) if total is not None and target else None,
            "remaining": (target - total) if total is not None and target is not None else None,
            "years_present": tuple(y for y in years if y in obs),
            "missing_years": tuple(y for y in years if y not in obs),
            "complete": all(y in obs for y in years),
            "achieved": bool(
                total is not None and target is not None and tolerant_ge(ind.direction * total, ind.direction * target)
            ),
            "verdict": r["verdict"],
            "verdict_zh": r["verdict_zh"],
            "verdict_en": r["verdict_en"],
        }
        for y in years:
            row[str(y)] = obs.get(y)
        rows.append(row)
    out = pd.DataFrame(rows)
    if not len(out):
        out = pd.DataFrame(
            columns=[
                "indicator_id",
                "label",
                "name_zh",
                "name_en",
                "attribute",
                "department",
                "unit",
                "target",
                "total",
                "share",
                "remaining",
                "years_present",
                "missing_years",
                "complete",
                "achieved",
                "verdict",
                "verdict_zh",
                "verdict_en",
            ]
        )
    return out


def _final_ceilings(plan: Plan, history: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = []
    for ind in plan.indicators:
        if ind.kind != "ceiling":
            continue
        h = history[history["indicator_id"] == ind.id].sort_values("year")
        years = _plan_years(ind, year)
        reported = tuple(int(y) for y in h["year"])
        breach = tuple(int(y) for y in h.loc[~h["within"].astype(bool), "year"])
        missing = tuple(y for y in years if y not in reported)
        if not reported:
            verdict = "no_data"
        elif breach:
            verdict = "breached"
        elif missing:
            verdict = "held_reported_years"
        else:
            verdict = "held_every_year"
        row = {
            "indicator_id": ind.id,
            "label": _label(ind),
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "attribute": ind.attribute,
            "binding": ind.attribute == "binding",
            "department": plan.department_name(ind.department, "zh"),
            "department_en": plan.department_name(ind.department, "en"),
            "unit": ind.unit,
            "direction": ind.direction,
            "bound": ind.target_value,
            "strict": bool(ind.strict),
            "years_reported": reported,
            "breach_years": breach,
            "missing_years": missing,
            "n_breaches": len(breach),
            "held_every_year": verdict == "held_every_year",
            "verdict": verdict,
            "verdict_zh": CEILING_VERDICT_LABELS[verdict][0],
            "verdict_en": CEILING_VERDICT_LABELS[verdict][1],
        }
        values = dict(zip(h["year"].astype(int), h["value"].astype(float)))
        for y in years:
            row[str(y)] = values.get(y)
        rows.append(row)
    out = pd.DataFrame(rows)
    if not len(out):
        out = pd.DataFrame(
            columns=[
                "indicator_id",
                "label",
                "name_zh",
                "name_en",
                "attribute",
                "binding",
                "department",
                "department_en",
                "unit",
                "direction",
                "bound",
                "strict",
                "years_reported",
                "breach_years",
                "missing_years",
                "n_breaches",
                "held_every_year",
                "verdict",
                "verdict_zh",
                "verdict_en",
            ]
        )
    return out


def _change(mid_completion: str, verdict: str) -> str:
    """How a series moved from the mid-term to the end, both read with the one definition of
    completion (:data:`COMPLETION_LABELS`): the mid-term side is the mid-term report's own class."""
    if verdict in ("no_final_year_data", "no_data", "not_assessable", "incomplete"):
        return "no_final_data"
    if verdict == "achieved_after_breach":
        return "breached_in_period"
    now = verdict in ACHIEVED_VERDICTS
    then = mid_completion == "completed"
    if now:
        return "still_achieved" if then else "newly_achieved"
    return "no_longer_achieved" if then else "still_not_achieved"


def _comparison(plan: Plan, mid: Midterm, series: pd.DataFrame) -> pd.DataFrame:
    m = mid.series.set_index("indicator_id")
    scen = mid.scenarios.set_index("indicator_id") if len(mid.scenarios) else None
    rows = []
    for r in series.itertuples(index=False):
        a = m.loc[r.indicator_id]
        change = _change(a["completion"], r.verdict)
        mid_verdict = scen.loc[r.indicator_id, "verdict"] if scen is not None and r.indicator_id in scen.index else None
        rows.append(
            {
                "indicator_id": r.indicator_id,
                "label": r.label,
                "name_zh": r.name_zh,
                "name_en": r.name_en,
                "attribute": r.attribute,
                "binding": r.binding,
                "department": r.department,
                "unit": r.unit,
                "mid_data_year": _int(a["data_year"]),
                "mid_value": _num(a["value"]),
                "mid_status": a["status"],
                # The mid-term report's own group (its 二、主要指标完成情况 lists the series under it).
                "mid_group": a["group"],
                "mid_status_zh": GROUP_LABELS[a["group"]][0],
                "mid_completion": a["completion"],
                "final_completion": r.completion,
                "mid_scenario": mid_verdict,
                "final_data_year": r.data_year if r.data_year is not pd.NA else None,
                "final_value": r.value,
                "final_status": r.status,
                "final_verdict": r.verdict,
                "final_verdict_zh": r.verdict_zh,
                "change": change,
                "change_zh": CHANGE_LABELS[change][0],
                "change_en": CHANGE_LABELS[change][1],
            }
        )
    out = pd.DataFrame(rows)
    for col in ("mid_data_year", "final_data_year"):
        out[col] = pd.array(out[col], dtype="Int64")
    for col in ("mid_value", "final_value"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    return out


_COMPARABLE = (
    "time_share",
    "mean_task_share",
    "median_task_share",
    "n_at_or_above_time",
    "n_at_or_above_half",
    "n_satisfactory",
    "n_binding_satisfactory",
    "n_achieved",
    "n_ahead",
    "n_on_track",
    "n_lagging",
    "n_regressing",
    "n_breached",
    "n_no_data",
    "n_not_assessable",
)


def _pace_row(plan: Plan, ind: Indicator, r: Any, data: _Actuals, T: int) -> dict:
    """The observed pace of one series over the whole period, against the pace its target needed."""
    pf = path_facts(ind, data.observations(ind.id), T)
    t0 = ind.base_year
    needed = None
    if ind.kind == "cumulative" and ind.target_value is not None:
        needed = ind.target_value / (T - t0)
    elif ind.kind in ("level", "maintain") and ind.target_value is not None and ind.baseline_value is not None:
        needed = (ind.target_value - ind.baseline_value) / (T - t0)
    mean = pf.mean_change
    ratio = mean / needed if mean is not None and needed and not tolerant_equal(needed, 0.0) else None
    return {
        "indicator_id": ind.id,
        "label": _label(ind),
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "domain": ind.domain,
        "attribute": ind.attribute,
        "binding": ind.attribute == "binding",
        "department": plan.department_name(ind.department, "zh"),
        "department_en": plan.department_name(ind.department, "en"),
        "target_kind": ind.kind,
        "direction": ind.direction,
        "unit": ind.unit,
        "baseline": ind.baseline_value,
        "target": _num(r.target),
        "value": _num(r.value),
        "data_year": _int(r.data_year),
        "gap": abs(_num(r.gap)) if _num(r.gap) is not None else None,
        "verdict": r.verdict,
        "breach_years": tuple(r.breach_years),
        "years": T - t0,
        "needed_change": needed,
        "mean_change": mean,
        "pace_ratio": ratio,
        "best_year": pf.best_year,
        "best_change": pf.best_change,
        "best_meets_need": (
            bool(tolerant_ge(ind.direction * pf.best_change, ind.direction * needed))
            if pf.best_change is not None and needed is not None
            else None
        ),
        "worst_year": pf.worst_year,
        "worst_change": pf.worst_change,
        "plan_order": r.plan_order,
    }


def _final_problems(plan: Plan, series: pd.DataFrame, data: _Actuals, T: int) -> pd.DataFrame:
    """四、存在的问题和原因: every series not achieved or over its bound during the period, binding
    first, with the pace it kept against the pace its target needed (the cause in figures)."""
    rows = [
        _pace_row(plan, plan.indicator(r.indicator_id), r, data, T)
        for r in series.itertuples(index=False)
        if r.verdict in ("not_achieved", "achieved_after_breach")
    ]
    frame = pd.DataFrame(rows)
    if len(frame):
        frame = frame.sort_values(["binding", "plan_order"], ascending=[False, True], kind="stable").reset_index(
            drop=True
        )
    return frame


def _first_year_met(ind: Indicator, obs: Sequence[Observation], T: int) -> int | None:
    """The first year a level series was at or past its target (None if never, or not a level)."""
    if ind.kind not in ("level",) or ind.target_value is None:
        return None
    for o in sorted(obs, key=lambda o: o.year):
        if ind.base_year < o.year <= T and tolerant_ge(ind.direction * o.value, ind.direction * ind.target_value):
            return o.year
    return None


def _experience(plan: Plan, series: pd.DataFrame, data: _Actuals, T: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """五、主要经验: the domains whose every series was achieved, and the series achieved before the
    target year (the first year at the target) with the pace they kept."""
    rows = []
    for r in series.itertuples(index=False):
        if r.verdict != "achieved":
            continue
        ind = plan.indicator(r.indicator_id)
        first = _first_year_met(ind, data.observations(ind.id), T)
        row = _pace_row(plan, ind, r, data, T)
        row["first_year_met"] = first
        row["early"] = first is not None and first < T
        rows.append(row)
    exp = pd.DataFrame(rows)
    doms = []
    dom_of = {i.id: i.domain for i in plan.indicators}
    for d in plan.domains.values():
        members = series[series["indicator_id"].map(dom_of) == d.id]
        if not len(members):
            continue
        doms.append(
            {
                "domain": d.id,
                "name_zh": d.name_zh,
                "name_en": d.name_en,
                "n": int(len(members)),
                "n_completed": int((members["completion"] == "completed").sum()),
                "all_completed": bool((members["completion"] == "completed").all()),
                "indicator_ids": tuple(members["indicator_id"]),
            }
        )
    return exp, pd.DataFrame(doms)


#: What the final evaluation proposes for each indicator of the next plan.
NEXT_PLAN_LABELS: dict[str, tuple[str, str]] = {
    "keep": ("保留", "Keep"),
    "adjust": ("调整", "Adjust"),
    "add": ("增加", "Add"),
    "drop": ("调整或不再列入", "Revise or drop"),
}


def _next_plan(plan: Plan, series: pd.DataFrame, extended: pd.DataFrame, data: _Actuals, T: int) -> pd.DataFrame:
    """六、对下一个规划编制的建议: keep / adjust / add / drop for every indicator, each with the
    figures of the observed pace (the next plan's target year is T + the plan's length)."""
    span = T - plan.base_year
    nxt = T + span
    rows = []
    for r in series.itertuples(index=False):
        ind = plan.indicator(r.indicator_id)
        row = _pace_row(plan, ind, r, data, T)
        value, mean = row["value"], row["mean_change"]
        projected = None
        if value is not None and mean is not None and ind.kind in ("level", "maintain", "ceiling"):
            projected = clip(value + mean * span, ind.bounds)
        elif ind.kind == "cumulative" and mean is not None:
            projected = mean * span
        hi = ind.bounds[1] if ind.direction == 1 else ind.bounds[0]
        saturated = (
            value is not None
            and hi is not None
            and ind.kind in ("level", "maintain")
            and tolerant_ge(ind.direction * value, ind.direction * hi)
        )
        if ind.kind == "qualitative" or r.verdict in ("no_data", "not_assessable") or value is None:
            code, reason = "drop", ("qualitative" if ind.kind == "qualitative" else "no_data")
        elif saturated:
            code, reason = "adjust", "saturated"
        elif r.verdict == "achieved":
            code, reason = "keep", ("ceiling_held" if ind.kind == "ceiling" else "achieved")
        elif r.verdict == "achieved_after_breach":
            code, reason = "keep", "ceiling_breached"
        else:
            code, reason = "adjust", "short"
        row.update(code=code, reason=reason, next_year=nxt, projected=projected, span=span)
        rows.append(row)
    for r in extended.itertuples(index=False) if len(extended) else ():
        if r.verdict in ("no_data",) or _num(r.value) is None:
            continue
        ind = plan.indicator(r.indicator_id)
        row = _pace_row(plan, ind, r, data, T)
        row.update(
            code="add",
            reason="extended_with_data",
            next_year=nxt,
            projected=None,
            span=span,
            plan_order=10_000 + len(rows),
        )
        rows.append(row)
    frame = pd.DataFrame(rows)
    if len(frame):
        order = list(NEXT_PLAN_LABELS)
        frame["_c"] = frame["code"].map(order.index)
        frame = frame.sort_values(["_c", "plan_order"], kind="stable").drop(columns="_c").reset_index(drop=True)
        frame["code_zh"] = frame["code"].map(lambda c: NEXT_PLAN_LABELS[c][0])
        frame["code_en"] = frame["code"].map(lambda c: NEXT_PLAN_LABELS[c][1])
    return frame


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
    data = _Actuals(plan, actuals)
    mid = midterm(plan, data, mid_year, band)
    assessment = data.evaluate(plan, T, band, "headline")
    history = bound_history(plan, data.of(i for i in plan.indicators if i.kind == "ceiling"), T, catalogue="headline")
    breaches = _breach_years(history)
    series = _final_series(plan, plan.indicators, assessment.table, data, breaches, T)
    rows = _final_rows(plan, series)
    cumulative = _final_cumulative(plan, plan.indicators, series, data, T)
    ceilings = _final_ceilings(plan, history, T)
    ext_assessment = data.evaluate(plan, T, band, "extended")
    if ext_assessment is not None:
        assessed = [i for i in plan.extended_targets if i.id in set(ext_assessment.table["indicator_id"])]
        ext = _final_series(plan, assessed, ext_assessment.table, data, {}, T)
        ext = ext[ext["verdict"] != "no_data"].reset_index(drop=True)
    else:
        ext = _final_series(plan, [], pd.DataFrame(columns=["indicator_id"]), data, {}, T)
    comparison = _comparison(plan, mid, series)
    illustrative = bool(
        assessment.table["illustrative"].any()
        or (ext_assessment is not None and ext_assessment.table["illustrative"].any())
    )
    now = dict(_overall(assessment.table, plan, T))
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
    for key in _COMPARABLE:
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
    projects = _projects(plan, ext_assessment)
    f = Final(
        plan=plan,
        year=T,
        midterm_year=mid_year,
        band=band,
        assessment=assessment,
        midterm=mid,
        overall=_metric_frame(metrics),
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
    f.problems = _final_problems(plan, series, data, T)
    f.experience, f.domains = _experience(plan, series, data, T)
    f.next_plan = _next_plan(plan, series, ext, data, T)
    f.alternatives = _alternatives(plan, data, T, band)
    return f


# --------------------------------------------------------------------------------------
# The report commands (the glue lives in evaluation_run; re-exported here for the dispatcher)
# --------------------------------------------------------------------------------------
