"""The evaluation's Excel workbook: every table of the mid-term or final, with Chinese headers.

:func:`write_workbook` writes ``midterm.xlsx`` or ``final.xlsx`` (:data:`XLSX_NAMES`) into a folder;
:func:`export_xlsx` is the notebooks' call (into the evaluation's output folder, or a given path);
:func:`excel_sheets` gives the sheets without writing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dayao_data.evaluation.context import Evaluation
from dayao_data.evaluation.show.common import METRIC_LABELS, emit, label_of, wording
from dayao_data.report import tables as T
from dayao_data.report.xlsx import write_tables_xlsx

#: The workbook each evaluation writes into its output folder.
XLSX_NAMES = {"midterm": "midterm.xlsx", "final": "final.xlsx"}

# --------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------

#: Chinese header, number format, width of the columns of the evaluation workbook (any column
#: not listed keeps its code as header).
COLUMN_DOCS: dict[str, tuple[str, str, float]] = {
    "metric": ("指标项", "@", 28),
    "value": ("数值", "General", 14),
    "status": ("状态代码", "@", 12),
    "group": ("分组代码", "@", 12),
    "group_zh": ("分组", "@", 12),
    "order": ("顺序", "0", 6),
    "n": ("个数", "0", 8),
    "n_binding": ("其中约束性", "0", 10),
    "indicator_ids": ("指标代码", "@", 40),
    "indicator_id": ("指标代码", "@", 30),
    "label": ("表中行号", "@", 8),
    "table_row": ("表中行号", "0", 8),
    "name_zh": ("指标名称", "@", 30),
    "name_en": ("英文名称", "@", 30),
    "attribute": ("指标属性", "@", 10),
    "binding": ("约束性", "@", 8),
    "department": ("责任部门", "@", 20),
    "target_kind": ("目标类型", "@", 11),
    "direction": ("方向", "0", 6),
    "unit": ("单位", "@", 8),
    "year": ("评估年度", "0", 9),
    "data_year": ("数据年度", "0", 9),
    "stale": ("数据早于评估年", "@", 10),
    "baseline": ("基期值", "#,##0.00", 10),
    "target": ("目标值", "#,##0.00", 10),
    "time_share": ("时间进度", "0.0%", 9),
    "progress_share": ("完成进度", "0.0%", 9),
    "task_time_ratio": ("完成/时间", "0.00", 9),
    "years_ahead": ("领先(+)/落后(−)年数", "+0.0;-0.0;0.0", 11),
    "gap": ("差距", "#,##0.00", 10),
    "required_annual_increment": ("每年还需", "#,##0.000", 12),
    "required_annual_rate": ("每年还需增速", "0.00%", 11),
    "breach_years": ("越限年份", "@", 14),
    "status_zh": ("状态", "@", 12),
    "illustrative": ("示例数据", "@", 8),
    "key": ("代码", "@", 36),
    "project_id": ("工程代码", "@", 24),
    "project_zh": ("重点工程", "@", 24),
    "target_id": ("目标代码", "@", 28),
    "target_zh": ("量化目标", "@", 28),
    "is_investment": ("投资目标", "@", 8),
    "target_year": ("目标年", "0", 8),
    "has_data": ("有进展数据", "@", 9),
    "section": ("规划章节", "@", 30),
    "cite": ("出处", "@", 40),
    "problem": ("问题代码", "@", 14),
    "years_left": ("剩余年数", "0", 8),
    "mean_change": ("此前年均变化", "#,##0.000", 12),
    "best_change": ("最好一年的变化", "#,##0.000", 12),
    "best_year": ("最好的一年", "0", 9),
    "best_span": ("跨年数", "0", 6),
    "best_in_direction": ("最好一年朝目标方向", "@", 10),
    "exceeds_best": ("所需超过最好一年", "@", 10),
    "time_ratio": ("完成进度/时间进度", "0.00", 10),
    "cagr_ratio": ("增速比", "0.00", 8),
    "cagr_status": ("增速法", "@", 12),
    "projected_final": ("目标年趋势值", "#,##0.00", 11),
    "anticipated_progress": ("预期进度", "0.0%", 9),
    "anticipated_status": ("趋势法", "@", 11),
    "best_change_share": ("最好一年占累计变化", "0.0%", 10),
    "worst_year": ("最差的一年", "0", 9),
    "worst_change": ("最差一年的变化", "#,##0.000", 12),
    "time_view": ("时间法看法", "@", 8),
    "pace_view": ("增速法看法", "@", 8),
    "trend_view": ("趋势法看法", "@", 8),
    "agree": ("三法一致", "@", 8),
    "disagreement": ("不一致原因代码", "@", 18),
    "disagreement_zh": ("不一致的原因", "@", 60),
    "value_at_mean": ("(一)按年均变化的目标年值", "#,##0.00", 14),
    "value_at_best": ("(二)按最好一年的目标年值", "#,##0.00", 14),
    "value_required": ("(三)所需路径的目标年值", "#,##0.00", 14),
    "meets_at_mean": ("(一)能否实现", "@", 9),
    "meets_at_best": ("(二)能否实现", "@", 9),
    "year_reached_at_mean": ("(一)实现年份", "0", 9),
    "year_reached_at_best": ("(二)实现年份", "0", 9),
    "verdict": ("结论代码", "@", 16),
    "verdict_zh": ("结论", "@", 18),
    "rank": ("序号", "0", 6),
    "code": ("建议代码", "@", 18),
    "code_zh": ("建议类别", "@", 16),
    "source": ("依据的表", "@", 12),
    "text_zh": ("建议", "@", 80),
    "final_year_data": ("有目标年数据", "@", 10),
    "achieved": ("是否实现", "@", 8),
    "missing_years": ("缺数据年份", "@", 14),
    "n_series": ("指标个数", "0", 8),
    "series_verdicts": ("各项结论", "@", 30),
    "total": ("累计", "#,##0.00", 12),
    "share": ("完成比例", "0.0%", 9),
    "remaining": ("尚差", "#,##0.00", 10),
    "years_present": ("有数据年份", "@", 20),
    "complete": ("数据齐全", "@", 8),
    "bound": ("上限", "#,##0.00", 9),
    "strict": ("严格小于", "@", 8),
    "years_reported": ("有数据年份", "@", 20),
    "n_breaches": ("越限次数", "0", 8),
    "held_every_year": ("每年都守住", "@", 10),
    "mid_data_year": ("中期数据年度", "0", 9),
    "mid_value": ("中期值", "#,##0.00", 10),
    "mid_status": ("中期状态代码", "@", 12),
    "mid_status_zh": ("中期状态", "@", 12),
    "mid_scenario": ("中期情景判断", "@", 18),
    "final_data_year": ("期末数据年度", "0", 9),
    "final_value": ("期末值", "#,##0.00", 10),
    "final_status": ("期末状态代码", "@", 12),
    "final_verdict": ("期末结论代码", "@", 16),
    "final_verdict_zh": ("期末结论", "@", 16),
    "change": ("变化代码", "@", 16),
    "change_zh": ("变化", "@", 20),
    "midterm": ("中期", "General", 12),
    "final": ("期末", "General", 12),
}
_SKIP_COLUMNS = (
    "plan_order",
    "group_en",
    "department_en",
    "project_en",
    "target_en",
    "verdict_en",
    "change_en",
    "code_en",
    "text_en",
    "disagreement_en",
    "status_zh_en",
)

_SHEETS = {
    "midterm": [
        ("overall", "总体进展"),
        ("groups", "分组统计"),
        ("data_years", "数据年份"),
        ("series", "主要指标完成情况"),
        ("projects", "重点工程"),
        ("problems", "存在的问题"),
        ("recommendations", "下一步建议"),
        ("methods", "方法对比"),
        ("scenarios", "情景分析"),
    ],
    "final": [
        ("overall", "总体结论"),
        ("series", "指标完成情况"),
        ("rows", "逐行核对"),
        ("cumulative", "累计指标"),
        ("ceilings", "约束性上限逐年核对"),
        ("comparison", "与中期评估比较"),
        ("summary_comparison", "中期与期末汇总对比"),
        ("extended", "其他量化目标"),
        ("projects", "重点工程"),
    ],
}


def _excel_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells Excel can hold: year lists as 2022、2024, yes/no in Chinese, codes kept."""
    out = frame.drop(columns=[c for c in frame.columns if c in _SKIP_COLUMNS]).copy()
    for col in out.columns:
        values = out[col].tolist()
        if any(isinstance(v, (tuple, list)) for v in values):
            out[col] = ["、".join(str(x) for x in v) if isinstance(v, (tuple, list)) else v for v in values]
        elif out[col].dtype == bool or any(isinstance(v, bool) for v in values):
            # numpy and Python booleans alike; anything else (None for "not applicable") stays
            out[col] = ["是" if str(v) == "True" else "否" if str(v) == "False" else v for v in values]
    return out


def excel_sheets(ev: Evaluation) -> list[tuple[str, pd.DataFrame, dict]]:
    """The evaluation tables as (sheet name, frame, column docs), one sheet each, in report order."""
    tables = ev.result.tables
    sheets = []
    for name, title in _SHEETS[ev.kind]:
        frame = _excel_frame(tables[name])
        if name == "overall" or name == "summary_comparison":
            label = frame["metric"].map(lambda k: label_of(METRIC_LABELS, k, "zh") if k in METRIC_LABELS else k)
            frame.insert(1, "metric_zh", label)
        docs = {
            c: COLUMN_DOCS.get(c, (f"{c}年", "#,##0.00", 10) if str(c).isdigit() else (c, "General", 14))
            for c in frame.columns
        }
        docs["metric_zh"] = ("指标项(中文)", "@", 30)
        sheets.append((title, frame, docs))
    return sheets


def write_workbook(ev: Evaluation, folder: str | Path) -> Path:
    """Write the evaluation's workbook (:data:`XLSX_NAMES`: ``midterm.xlsx`` / ``final.xlsx``) into ``folder``.

    One sheet per table (:func:`excel_sheets`), Chinese headers with the column codes under them,
    the red 示例数据 banner on every sheet when the data are illustrative; written atomically.  Uses
    the workbook helpers of :mod:`dayao_data.report.xlsx` (the yearly assess.xlsx), so both
    workbooks look alike.  Displays nothing; returns the path written.
    """
    return _write(ev, Path(folder) / XLSX_NAMES[ev.kind])


def _write(ev: Evaluation, path: Path) -> Path:
    write_tables_xlsx(
        [(title, frame, docs) for title, frame, docs in excel_sheets(ev)], path, illustrative=ev.illustrative
    )
    return path


def export_xlsx(ev: Evaluation, path: str | Path | None = None) -> Path:
    """The notebooks' call: write the workbook (as :func:`write_workbook`) to ``path``, by default
    into the evaluation's output folder, and say so in the notebook."""
    path = _write(ev, Path(path)) if path is not None else write_workbook(ev, ev.ctx.output_folder)
    text = wording("exported", ev.language, name=path.name)
    emit(T.paragraph(text), text)
    return path
