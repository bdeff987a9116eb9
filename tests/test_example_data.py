"""The shipped illustrative dataset exercises every status of the method (by its design)."""

from __future__ import annotations

import pandas as pd
import pytest

from dayao_data.paths import is_illustrative_source
from dayao_data.plan import load_plan
from dayao_data.progress import STATUS_ORDER, bound_history, evaluate

EXAMPLE = "dayao_data/data/examples/actuals-illustrative.csv"


@pytest.fixture(scope="module")
def example(request):
    frame = pd.read_csv(request.config.rootpath / EXAMPLE)
    frame["illustrative"] = frame["source"].map(is_illustrative_source)
    return frame


def test_every_row_is_marked_illustrative(example):
    assert example["illustrative"].all()
    assert set(example["year"]) == {2021, 2022, 2023, 2024}


def test_every_status_appears_in_2024(example):
    plan = load_plan()
    result = evaluate(plan, example, 2024)
    table = result.table.set_index("indicator_id")
    assert set(table["status"]) == set(STATUS_ORDER)
    # the designed cases
    assert table.loc["preschool_gross_enrolment_rate", "status"] == "ahead"
    assert table.loc["senior_secondary_gross_enrolment_rate", "status"] == "on_track"
    assert table.loc["nurses_per_10000", "status"] == "lagging"
    assert table.loc["medical_insurance_coverage", "status"] == "regressing"
    assert table.loc["hospital_beds_per_1000", "status"] == "achieved"  # achieved early (2023)
    assert table.loc["infant_child_mortality_rate", "status"] == "breached"
    assert table.loc["urban_new_jobs", "status"] == "lagging"  # cumulative behind schedule
    assert table.loc["life_expectancy", "status"] == "no_data"
    assert table.loc["urban_affordable_housing", "status"] == "lagging"  # with assigned quota
    assert table.loc["rural_housing_renovation", "status"] == "not_assessable"  # without
    assert table["illustrative"].sum() == 20  # every series with data
    codes = set(result.notes["code"])
    assert {"stale_data", "missing_years", "no_baseline", "not_assessable", "no_data"} <= codes
    # a breach in 2022 that recovered stays on record
    hist = bound_history(plan, example, 2024)
    breaches = hist[~hist["within"]][["indicator_id", "year"]].values.tolist()
    assert ["urban_registered_unemployment_rate", 2022] in breaches
    assert ["infant_child_mortality_rate", 2023] in breaches
