"""`dayao assess`: a readable table by default, the same columns as CSV or JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dayao_data.actuals import example_actuals_path, load_actuals
from dayao_data.cli import main
from dayao_data.plan import load_plan
from dayao_data.progress import ASSESS_COLUMNS, assess


@pytest.fixture(scope="module")
def expected():
    plan = load_plan()
    return assess(plan, load_actuals([example_actuals_path()], plan), 2023)


def _numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def test_csv_has_the_assess_columns_and_values(tmp_path, expected):
    out = tmp_path / "a.csv"
    assert main(["assess", "--year", "2023", "--format", "csv", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel in China reads UTF-8 with a BOM
    written = pd.read_csv(out, encoding="utf-8-sig")
    assert list(written.columns) == ASSESS_COLUMNS
    for column in ASSESS_COLUMNS:
        if _numeric(expected[column]):
            pd.testing.assert_series_equal(
                written[column].astype(float), expected[column].astype(float), check_names=False, rtol=1e-11
            )
        else:
            assert written[column].fillna("").astype(str).tolist() == expected[column].fillna("").astype(str).tolist()
    # no binary float noise in what a planner opens
    assert "0.7999999" not in out.read_text("utf-8-sig")


def test_json_is_one_record_per_series(capsys, expected):
    assert main(["assess", "--year", "2023", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == len(expected) == 21 and list(records[0]) == ASSESS_COLUMNS
    by_id = {r["indicator_id"]: r for r in records}
    assert by_id["urban_new_jobs"]["baseline"] is None  # empty where the method says empty
    assert by_id["preschool_gross_enrolment_rate"]["status"] == "ahead"


def test_table_names_illustrative_data_and_binding_alarms(capsys):
    assert main(["assess", "--year", "2024"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("【示例数据 ILLUSTRATIVE DATA")
    assert "需关注的约束性指标:婴幼儿死亡率(突破约束,大姚县卫生健康局)" in text
    assert "indicator_id" in text and "anticipated_status" in text  # every column, wrapped in blocks


def test_bad_year_is_a_clear_error(capsys):
    assert main(["assess", "--year", "2026"]) == 1
    assert "outside the plan period 2021–2025" in capsys.readouterr().err
