"""The mid-term evaluation (中期评估): :class:`Midterm` and :func:`midterm`, pure computation.

:func:`midterm` assesses every headline series at the evaluation year (the plan's mid-point by
default, :func:`~dayao_data.evaluation.common.midpoint_year`) and builds the tables the report
prints: the overall figures, the status groups, the data years, the series and the key projects
here; the problems, scenarios and recommendations in :mod:`dayao_data.evaluation.midterm_problems`;
the methods side by side in :mod:`dayao_data.evaluation.methods`.  The sentences are filled from
the finished tables by :mod:`dayao_data.evaluation.narrative`.  No I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dayao_data.evaluation.common import (
    ALTERNATIVE_COLUMNS,
    GROUP_LABELS,
    GROUP_ORDER,
    Actuals,
    PathFacts,
    alternatives_table,
    cell,
    completion_metrics,
    completion_of_status,
    midpoint_year,
    path_facts,
    row_label,
)
from dayao_data.evaluation.methods import methods_table
from dayao_data.evaluation.midterm_problems import problems_table, recommendations_table, scenarios_table
from dayao_data.evaluation.narrative.common import register_units
from dayao_data.evaluation.narrative.midterm import fill_midterm_texts
from dayao_data.plan import Plan
from dayao_data.progress import (
    DEFAULT_BAND,
    SATISFACTORY,
    STATUS_LABELS,
    STATUS_ORDER,
    Assessment,
    bound_history,
    tolerant_ge,
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


# --------------------------------------------------------------------------------------
# Mid-term
# --------------------------------------------------------------------------------------


def breach_years_by_series(history: pd.DataFrame) -> dict[str, tuple[int, ...]]:
    """Indicator id → the years its ceiling was breached (from the bound history)."""
    out: dict[str, tuple[int, ...]] = {}
    for ind_id, rows in history.groupby("indicator_id"):
        out[str(ind_id)] = tuple(int(y) for y in rows.loc[~rows["within"].astype(bool), "year"])
    return out


def overall_metrics(table: pd.DataFrame, plan: Plan, year: int) -> list[tuple[str, Any]]:
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


def metric_frame(metrics: Iterable[tuple[str, Any]]) -> pd.DataFrame:
    """(metric, value) pairs as the two-column frame of the overall tables."""
    return pd.DataFrame({"metric": [m for m, _ in metrics], "value": pd.Series([v for _, v in metrics], dtype=object)})


def _series_table(plan: Plan, assessment: Assessment, year: int, breaches: dict[str, tuple[int, ...]]) -> pd.DataFrame:
    table = assessment.table.copy()
    order = {ind.id: i for i, ind in enumerate(plan.indicators)}
    by_id = {ind.id: ind for ind in plan.indicators}
    table["plan_order"] = table["indicator_id"].map(order)
    table["label"] = table["indicator_id"].map(lambda i: row_label(by_id[i]))
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


def projects_table(plan: Plan, extended: Assessment | None) -> pd.DataFrame:
    """One row per key project and quantified target of it, with its progress when there are data."""
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
    data = actuals if isinstance(actuals, Actuals) else Actuals(plan, actuals)
    register_units(plan)
    assessment = data.evaluate(plan, year, band, "headline")
    extended = data.evaluate(plan, year, band, "extended")
    history = bound_history(
        plan, data.of(i for i in plan.indicators if i.kind == "ceiling"), year, catalogue="headline"
    )
    breaches = breach_years_by_series(history)
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
    projects = projects_table(plan, extended)
    quantified = projects[projects["target_id"].astype(str) != ""]
    # The group counts are those of the groups the report lists (a ceiling back within its bound
    # after a breach is not counted under 已实现).
    group_counts = {f"n_{g}": int((series["group"] == g).sum()) for g in GROUP_ORDER}
    base = [(k, group_counts.get(k, v)) for k, v in overall_metrics(assessment.table, plan, year)]
    base.insert(
        [k for k, _ in base].index("n_achieved") + 1,
        ("n_achieved_after_breach", group_counts["n_achieved_after_breach"]),
    )
    overall = metric_frame(
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
    m.problems = problems_table(plan, series, facts)
    m.methods = methods_table(plan, series_full, facts, band)
    m.scenarios = scenarios_table(plan, m.problems)
    m.recommendations = recommendations_table(plan, m)
    m.alternatives = alternatives_table(plan, data, year, band)
    # The sentences are generated from the finished tables.
    fill_midterm_texts(m)
    return m
