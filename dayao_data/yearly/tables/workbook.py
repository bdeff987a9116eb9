"""The yearly report's tables as one Excel workbook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dayao_data.fsutil import atomic_path
from dayao_data.typography import zh_text
from dayao_data.yearly.tables.alarms import alarms
from dayao_data.yearly.tables.annexes import alternatives, data_gaps, extended_targets, projects, quality_issues
from dayao_data.yearly.tables.method import run_facts
from dayao_data.yearly.tables.overview import overview

__all__ = ["to_excel"]

# --------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------


def to_excel(ctx, path: str | Path) -> Path:
    """Write the report's tables to one workbook: the formatted tables and the raw assess table.

    Sheets: 总表 (the one-page table), 评估结果 (the 27 columns of ``assess``, numbers as numbers),
    说明 (the notes), 约束性报警, 数据缺口, 并列评估, 扩展目标, 重点工程, 规划质量问题, 运行信息.
    Written atomically: an earlier file is replaced only once the new one is complete.
    """
    zh = ctx.language != "en"
    sheets = [
        ("总表" if zh else "Overview", overview(ctx).frame),
        ("评估结果" if zh else "Assess", ctx.table),
        (
            "说明" if zh else "Notes",
            ctx.assessment.notes.assign(
                missing_years=ctx.assessment.notes["missing_years"].map(
                    lambda v: "" if not isinstance(v, list) else ", ".join(map(str, v))
                )
            ),
        ),
        ("约束性报警" if zh else "Binding alarms", alarms(ctx).frame),
        ("数据缺口" if zh else "Data gaps", data_gaps(ctx).frame),
        ("并列评估" if zh else "Alternatives", alternatives(ctx).frame),
        ("扩展目标" if zh else "Extended targets", extended_targets(ctx).frame),
        ("扩展目标评估结果" if zh else "Extended assess", ctx.extended.table),
        ("重点工程" if zh else "Key projects", projects(ctx).frame),
        ("规划质量问题" if zh else "Plan quality issues", quality_issues(ctx).frame),
        ("运行信息" if zh else "Run facts", run_facts(ctx).frame),
    ]
    from dayao_data.excel import safe_frame
    from dayao_data.report.xlsx import BANNER

    path = Path(path)
    first_row = 1 if ctx.illustrative else 0  # row 1 carries the 示例数据 banner on every sheet
    with atomic_path(path, suffix=".xlsx") as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in sheets:
                if zh:  # the workbook's Chinese headers and text set as in the PDF (full-width marks)
                    frame = frame.rename(columns=lambda c: zh_text(c) if isinstance(c, str) else c)
                    frame = frame.apply(
                        lambda col: (
                            col.map(lambda v: zh_text(v) if isinstance(v, str) else v) if col.dtype == object else col
                        )
                    )
                safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False, startrow=first_row)
                if ctx.illustrative:
                    writer.sheets[name[:31]].cell(row=1, column=1, value=BANNER)
    return path
