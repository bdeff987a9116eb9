"""Summaries: counts by status/attribute/department, table rows, and the binding alarms."""

from __future__ import annotations

import pandas as pd
import pytest

from dayao_data.plan import load_plan
from dayao_data.progress import assess
from dayao_data.summary import binding_alarms, summarize, table_row_status


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def frame(rows):
    return pd.DataFrame(
        [{"indicator": i, "year": y, "value": v, "source": "test"} for i, y, v in rows],
        columns=["indicator", "year", "value", "source"],
    )


def test_row_11_counts_as_achieved_only_when_both_series_are(plan):
    # doctors 19.4 -> 22, nurses 20.2 -> 25
    both = assess(plan, frame([("doctors_per_10000", 2023, 22.5), ("nurses_per_10000", 2023, 25.1)]), 2023)
    rows = table_row_status(both, plan).set_index("table_row")
    assert rows.loc[11, "status"] == "achieved" and rows.loc[11, "series"] == 2
    half = assess(plan, frame([("doctors_per_10000", 2023, 22.5), ("nurses_per_10000", 2023, 21.0)]), 2023)
    rows = table_row_status(half, plan).set_index("table_row")
    # nurses: P = 0.8/4.8 = 0.167 at tau 0.6 -> lagging; the row is not achieved
    assert rows.loc[11, "status"] == "lagging"
    assert len(rows) == 20  # 20 table rows, 21 series


def test_binding_alarms_name_every_unsatisfactory_binding_series(plan):
    data = frame(
        [
            ("compulsory_education_retention_rate", 2023, 98.95),  # binding, P = 0.05/0.6 -> lagging
            ("urban_registered_unemployment_rate", 2023, 4.5),  # binding ceiling breached
            ("pension_insurance_coverage", 2023, 100),  # binding maintain achieved
            ("maternal_mortality_rate", 2023, 0),  # binding ceiling achieved
            ("infant_child_mortality_rate", 2023, 4.0),  # binding ceiling achieved
            ("preschool_gross_enrolment_rate", 2023, 85.0),  # expected: regressing, no alarm
        ]
    )
    table = assess(plan, data, 2023)
    alarms = binding_alarms(table)
    # binding series in the table: rows 2, 6, 7, 12, 13, 16, 17; 16 and 17 have no data
    assert list(alarms["indicator_id"]) == [
        "urban_registered_unemployment_rate",  # breached first
        "compulsory_education_retention_rate",  # then lagging
        "rural_housing_renovation",  # then no data (sorted by id)
        "urban_affordable_housing",
    ]
    assert set(alarms["department"]) == {"大姚县人力资源和社会保障局", "大姚县教育体育局", "大姚县住房和城乡建设局"}


def test_summary_counts_and_sentence(plan):
    data = frame([("preschool_gross_enrolment_rate", 2023, 91.0), ("urban_registered_unemployment_rate", 2023, 4.5)])
    s = summarize(assess(plan, data, 2023), plan)
    assert s.total == 21 and s.count("achieved") == 1 and s.count("breached") == 1 and s.count("no_data") == 19
    assert s.by_attribute.loc["binding", "breached"] == 1
    assert s.by_department.loc["大姚县人力资源和社会保障局", "total"] == 3  # rows 5, 6, 7
    assert list(s.by_domain.index)[0] == "公共教育服务"
    zh = s.headline("zh")
    assert zh.startswith("共21个指标") and "城镇登记失业率(突破约束,大姚县人力资源和社会保障局)" in zh
    en = s.headline("en")
    assert en.startswith("21 series") and "Ceiling breached" in en
