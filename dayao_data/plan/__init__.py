"""The plan as data: load, check and query a plan file (schema ``dayao-plan/1``).

The plan file is the single place where indicators, units, baselines, targets, kinds,
attributes, departments and their citations live.  Nothing in the engine assumes Dayao,
2020 or 2025: :func:`load_plan` with a path loads any plan in the same schema.

The package, by job: :mod:`~dayao_data.plan.model` (indicators, figures, citations),
:mod:`~dayao_data.plan.document` (the whole :class:`Plan` and its look-ups),
:mod:`~dayao_data.plan.loader` (reading a file), :mod:`~dayao_data.plan.yaml_lines` (YAML with
line numbers and the limits checked before building), :mod:`~dayao_data.plan.schema` (the JSON
schema and the cross-reference checks), :mod:`~dayao_data.plan.check` (every problem in plain
words), :mod:`~dayao_data.plan.importer` (a plan file drafted from the printed table),
:mod:`~dayao_data.plan.draft_next` (the next plan's draft), :mod:`~dayao_data.plan.places` and
:mod:`~dayao_data.plan.identity` (which plan a store or a report belongs to).

Examples
--------
>>> plan = load_plan()
>>> plan.base_year, plan.target_year
(2020, 2025)
>>> len(plan.indicators)
21
>>> plan.indicator("学前三年毛入园率").id
'preschool_gross_enrolment_rate'
"""

from __future__ import annotations

from dayao_data.plan.document import Plan, iter_cites
from dayao_data.plan.loader import default_plan_path, load_plan, parse_plan
from dayao_data.plan.model import (
    COUNT_UNITS,
    DEFAULT_PLAN_FILE,
    KINDS,
    SCHEMA_ID,
    WHOLE_NUMBER_UNITS,
    Cite,
    Department,
    Domain,
    Figure,
    Indicator,
    PlanError,
    Project,
    QualityIssue,
    default_bounds,
    normalise_name,
    normalise_space,
)

__all__ = [
    "COUNT_UNITS",
    "DEFAULT_PLAN_FILE",
    "KINDS",
    "SCHEMA_ID",
    "WHOLE_NUMBER_UNITS",
    "Cite",
    "Department",
    "Domain",
    "Figure",
    "Indicator",
    "Plan",
    "PlanError",
    "Project",
    "QualityIssue",
    "default_bounds",
    "default_plan_path",
    "iter_cites",
    "load_plan",
    "normalise_name",
    "normalise_space",
    "parse_plan",
]
