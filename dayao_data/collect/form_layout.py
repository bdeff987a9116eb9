"""The layout of a department's yearly form: its sheets, its columns and headers, whose series, its file name.

Shared by :mod:`~dayao_data.collect.forms` (which writes the form) and the intake's reader of
returned forms (:mod:`~dayao_data.collect.returned_form`), so that a header written is a header read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dayao_data.plan import Indicator, Plan
from dayao_data.rate_units import unit_scale
from dayao_data.safe_text import safe_filename

__all__ = [
    "FORM_SCHEMA",
    "FORM_SHEET",
    "INSTRUCTIONS_SHEET",
    "META_SHEET",
    "HEADER_ROW",
    "FOOTER_LABELS",
    "CODE",
    "TABLE_ROW",
    "NAME",
    "UNIT",
    "GUIDE",
    "SOURCE",
    "NOTE",
    "EVENTS",
    "DENOMINATOR",
    "FLAG",
    "FLAG_CHOICES",
    "LOCKED_FILL",
    "INPUT_FILL",
    "HEADER_FILL",
    "DISABLED_FILL",
    "FormColumns",
    "FormFile",
    "assigned_header",
    "baseline_header",
    "department_series",
    "earlier_header",
    "form_columns",
    "form_file_name",
    "is_rate",
    "previous_source_header",
    "resolve_department",
    "target_header",
    "value_header",
]

FORM_SCHEMA = "dayao-form/1"
INSTRUCTIONS_SHEET = "填报说明"
FORM_SHEET = "填报表"
META_SHEET = "_form"
#: The row of the column headers on the form sheet (rows 1–3 hold the title and the department).
HEADER_ROW = 4
#: Labels of the sign-off row below the table (the intake stops reading data at this row).
FOOTER_LABELS = ("填报人：", "联系电话：", "审核人（负责人）：", "填报日期：")

CODE = "指标代码"
TABLE_ROW = "表中序号"
NAME = "指标名称"
UNIT = "单位"
GUIDE = "填报要求"
SOURCE = "统计口径/来源"
NOTE = "备注"
#: Optional inputs for rates from counts (read by the intake as events / denominator / flag).
EVENTS = "事件数（仅率指标）"
DENOMINATOR = "分母（仅率指标）"
FLAG = "数据状态"
FLAG_CHOICES = ("初步", "正式", "估计")

LOCKED_FILL = "F2F2F2"
INPUT_FILL = "FFF2CC"
HEADER_FILL = "D9E1F2"
DISABLED_FILL = "BFBFBF"


def value_header(year: int) -> str:
    """The header of the input column: ``2024年实际值``."""
    return f"{year}年实际值"


def assigned_header(year: int) -> str:
    """The header of the quota column (qualitative series): ``2024年下达任务数``."""
    return f"{year}年下达任务数"


def earlier_header(year: int) -> str:
    """The header of a locked column with the figure on record for an earlier year: ``2022年（已报）``."""
    return f"{year}年（已报）"


def previous_source_header(year: int) -> str:
    """The header of the locked column with last year's sources: ``2023年数据来源（已报）``."""
    return f"{year}年数据来源（已报）"


def baseline_header(plan: Plan) -> str:
    """The header of the baseline column: ``基期值（2020年）``."""
    return f"基期值（{plan.base_year}年）"


def target_header(plan: Plan) -> str:
    """The header of the target column: ``目标值（2025年）``."""
    return f"目标值（{plan.target_year}年）"


@dataclass(frozen=True)
class FormColumns:
    """The headers of a form sheet, in order, and which are input columns."""

    headers: tuple[str, ...]
    inputs: tuple[str, ...]
    earlier_years: tuple[int, ...]

    def index(self, header: str) -> int:
        """1-based column of a header."""
        return self.headers.index(header) + 1


def form_columns(plan: Plan, year: int) -> FormColumns:
    """The columns of the form of ``year``: the plan's, the earlier years on record, then the inputs."""
    earlier = tuple(range(plan.base_year + 1, year))
    headers = [CODE, TABLE_ROW, NAME, UNIT, baseline_header(plan), target_header(plan), GUIDE]
    headers += [earlier_header(y) for y in earlier]
    if earlier:
        headers.append(previous_source_header(year - 1))
    inputs = (value_header(year), assigned_header(year), EVENTS, DENOMINATOR, FLAG, SOURCE, NOTE)
    headers += list(inputs)
    return FormColumns(tuple(headers), inputs, earlier)


@dataclass(frozen=True)
class FormFile:
    """A form written by :func:`write_forms`."""

    path: Path
    department: str
    department_name: str
    year: int
    indicators: tuple[str, ...]
    form_id: str


def is_rate(ind: Indicator) -> bool:
    """A series whose value may be given with events and denominator (‰, 1/10万 …, not %)."""
    return ind.unit != "%" and unit_scale(ind.unit) is not None


def resolve_department(plan: Plan, text: str) -> str:
    """A department id from an id, a full or short Chinese name or the English name.

    >>> from dayao_data.plan import load_plan
    >>> plan = load_plan()
    >>> resolve_department(plan, "卫生健康局"), resolve_department(plan, "大姚县教育体育局")
    ('health', 'education_sports')
    """
    wanted = str(text).strip()
    for dep in plan.departments.values():
        if wanted in (dep.id, dep.name_zh, dep.short_zh, dep.name_en) and wanted:
            return dep.id
    for dep in plan.departments.values():  # "教育体育局" inside "大姚县教育体育局"
        if wanted and (wanted in dep.name_zh):
            return dep.id
    names = "; ".join(f"{d.id} ({d.name_zh})" for d in plan.departments.values())
    raise KeyError(f"unknown department {wanted!r}; the plan's departments are: {names}")


def department_series(plan: Plan, department: str, *, extended: bool = False) -> list[Indicator]:
    """The series a department reports: the headline table's, and with ``extended`` the chapters' targets."""
    catalogue = "all" if extended else "headline"
    return [ind for ind in plan.series(catalogue) if ind.department == department]


def form_file_name(plan: Plan, department: str, year: int) -> str:
    """``2024-大姚县教育体育局-填报表.xlsx``.

    The department's name comes from the plan: it is made a safe file-name component
    (:func:`dayao_data.safe_text.safe_filename`: no ``/``, ``..``, control characters or reserved
    names), so that a form is always written inside its folder: a department named
    ``../../evil`` gives ``2024-evil-填报表.xlsx``, one named ``a/b`` gives ``2024-a_b-填报表.xlsx``.
    """
    return (
        f"{year}-{safe_filename(plan.department_name(department), safe_filename(department, 'department'))}-填报表.xlsx"
    )
