"""No text a plan or a department typed can run as a formula in a spreadsheet we write."""

from __future__ import annotations

import openpyxl
import pandas as pd

from dayao_data.excel import safe_frame
from dayao_data.plan import load_plan
from dayao_data.progress import assess
from dayao_data.report.xlsx import write_assess_xlsx, write_tables_xlsx
from dayao_data.summary import binding_alarms

EVIL = "=cmd|' /C calc'!A0"


def test_assess_workbook_neutralises_formula_like_text(tmp_path):
    plan = load_plan()
    table = assess(
        plan,
        pd.DataFrame(
            {"indicator": ["preschool_gross_enrolment_rate"], "year": [2022], "value": [87.5], "source": ["t"]}
        ),
        2022,
    )
    table.loc[0, "name_zh"] = EVIL
    table.loc[1, "department"] = "+86 0878"
    path = write_assess_xlsx(
        table,
        binding_alarms(table),
        tmp_path / "a.xlsx",
        illustrative=False,
        year=2022,
        plan_title="@title",
        actuals=[],
        generated=None,
        notes=None,
    )
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.lstrip("'") in (EVIL, "+86 0878", "@title"):
                    assert cell.value.startswith("'"), cell.value


def test_tables_workbook_and_csv_frames(tmp_path):
    frame = pd.DataFrame({"source": [EVIL, "县统计局"], "value": [-1.5, 2.0]})
    safe = safe_frame(frame)
    assert safe["source"].tolist() == ["'" + EVIL, "县统计局"] and safe["value"].tolist() == [-1.5, 2.0]
    assert frame["source"][0] == EVIL  # the input frame is not changed
    path = write_tables_xlsx(
        [("t", frame, {"source": ("来源", "@", 20), "value": ("值", "0.0", 8)})], tmp_path / "t.xlsx", illustrative=True
    )
    ws = openpyxl.load_workbook(path)["t"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "'" + EVIL in values and EVIL not in values
    assert "示例数据" in str(ws["A1"].value)


def test_atomic_writes_keep_the_usual_permissions(tmp_path):
    """A file written atomically is as readable as one written the ordinary way (not mkstemp's 0600)."""
    import os

    from dayao_data.fsutil import atomic_write_text

    ordinary = tmp_path / "ordinary.csv"
    ordinary.write_text("a\n", "utf-8")
    atomic = atomic_write_text(tmp_path / "atomic.csv", "a\n")
    assert os.stat(atomic).st_mode & 0o777 == os.stat(ordinary).st_mode & 0o777
    os.chmod(atomic, 0o640)  # an existing file keeps its own permissions when replaced
    atomic_write_text(atomic, "b\n")
    assert os.stat(atomic).st_mode & 0o777 == 0o640
