"""The yearly report's tables: DataFrames for Excel and JupyterLab, HTML fragments for the report.

Every builder takes a :class:`~dayao_data.yearly.context.ReportContext` and returns a
:class:`~dayao_data.report.tables.ReportTable` (display strings, its HTML and its plain text; the
machinery shared with the evaluations lives in :mod:`dayao_data.report.tables`).  The builders are
split by what they show:

* :mod:`.overview` — the one-page table of every headline series and the domain tables;
* :mod:`.completion` — the indicator completion table (指标完成情况表) of the annex;
* :mod:`.alarms` — the binding indicators needing attention and what each needs;
* :mod:`.annexes` — extended targets, key projects, the plan's quality issues, alternatives, data gaps;
* :mod:`.changes` — what changed since last year's report;
* :mod:`.method` — status definitions, method parameters, run facts, the 示例数据 banner;
* :mod:`.workbook` — every table in one Excel workbook.

>>> from dayao_data.yearly.context import setup
>>> ctx = setup(2024)
>>> row = overview(ctx).frame.iloc[0]
>>> row["2020年基期"], row["2025年目标"], row["现值"], row["差距"], row["状态"]
('85.76%', '90%', '89.8%', '0.2个百分点', '快于预期')
"""

from dayao_data.yearly.tables.alarms import alarms, needed_text
from dayao_data.yearly.tables.annexes import (
    DATA_GAP_CODES,
    alternatives,
    data_gaps,
    extended_targets,
    issue_statements,
    projects,
    quality_issues,
)
from dayao_data.yearly.tables.changes import Changes, changes_since_last_report
from dayao_data.yearly.tables.completion import completion_table, department_short
from dayao_data.yearly.tables.method import illustrative_banner, method_parameters, run_facts, status_definitions
from dayao_data.yearly.tables.overview import domain_status, domain_table, overview
from dayao_data.yearly.tables.workbook import to_excel

__all__ = [
    "DATA_GAP_CODES",
    "Changes",
    "alarms",
    "alternatives",
    "changes_since_last_report",
    "completion_table",
    "data_gaps",
    "department_short",
    "domain_status",
    "domain_table",
    "extended_targets",
    "illustrative_banner",
    "issue_statements",
    "method_parameters",
    "needed_text",
    "overview",
    "projects",
    "quality_issues",
    "run_facts",
    "status_definitions",
    "to_excel",
]
