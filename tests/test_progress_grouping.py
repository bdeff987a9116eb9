"""The engine reads every series from one pass over the actuals (issue 9): the grouped reading
gives each series the observations written out by hand below, and evaluate's table does not
depend on how the frame's rows are ordered."""

from __future__ import annotations

import pandas as pd

from dayao_data.plan import load_plan
from dayao_data.progress import evaluate, observations, observations_by_indicator


def _frame():
    # two series, rows out of order, one year given twice (the later row counts, as in observations)
    return pd.DataFrame(
        {
            "indicator": ["a", "b", "a", "a", "b"],
            "year": [2023, 2021, 2021, 2023, 2022],
            "value": [3.0, 10.0, 1.0, 4.0, 11.0],
            "source": ["x", "x", "x", "x", "x"],
            "illustrative": [False, False, True, False, False],
        }
    )


def test_grouped_reading_gives_each_series_its_years_in_order():
    grouped = observations_by_indicator(_frame())
    assert sorted(grouped) == ["a", "b"]
    assert [(o.year, o.value, o.illustrative) for o in grouped["a"]] == [(2021, 1.0, True), (2023, 4.0, False)]
    assert [(o.year, o.value) for o in grouped["b"]] == [(2021, 10.0), (2022, 11.0)]
    for ind in ("a", "b"):
        assert grouped[ind] == observations(_frame(), ind)


def test_grouped_reading_of_no_actuals_is_empty():
    assert observations_by_indicator(None) == {}
    assert observations_by_indicator(pd.DataFrame(columns=["indicator", "year", "value", "source"])) == {}


def test_the_table_does_not_depend_on_the_order_of_the_rows():
    plan = load_plan()
    # 学前三年毛入园率 85.76 (2020) → 90 (2025); 2022: 87.5 → P = (87.5 − 85.76) / (90 − 85.76) = 0.4104
    frame = pd.DataFrame(
        {
            "indicator": ["preschool_gross_enrolment_rate", "preschool_gross_enrolment_rate"],
            "year": [2022, 2021],
            "value": [87.5, 86.0],
            "source": ["test", "test"],
        }
    )
    forward = evaluate(plan, frame, 2022).table
    backward = evaluate(plan, frame.iloc[::-1].reset_index(drop=True), 2022).table
    pd.testing.assert_frame_equal(forward, backward)
    row = forward.set_index("indicator_id").loc["preschool_gross_enrolment_rate"]
    assert round(float(row.progress_share), 4) == 0.4104
    assert int(row.n_points) == 2
