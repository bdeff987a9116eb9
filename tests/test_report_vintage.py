"""A report states the data vintage it used and can be rebuilt on an earlier one (actuals store)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pandas as pd
import pytest
from report_helpers import make_project

from dayao_data.collect.intake import take_in
from dayao_data.collect.store import ActualsStore
from dayao_data.params import load_params
from dayao_data.plan import load_plan
from dayao_data.run.run import run_report

PRE = "preschool_gross_enrolment_rate"


def _csv(path, value):
    path.write_text(f"indicator,year,value,source\n{PRE},2021,{value},县教育体育局 2021年报\n", "utf-8")
    return path


@pytest.mark.slow
def test_report_on_an_earlier_vintage(tmp_path, monkeypatch):
    from dayao_data.run.kernel import KernelSession

    store_root = tmp_path / "store"
    monkeypatch.setenv("DAYAO_STORE", str(store_root))
    plan, store = load_plan(), ActualsStore(store_root)
    first = take_in([_csv(tmp_path / "a.csv", 87.0)], plan, store, now=datetime(2022, 3, 1, 9, tzinfo=timezone.utc))
    revised = take_in(
        [_csv(tmp_path / "b.csv", 87.5)],
        plan,
        store,
        accept_revisions=True,
        now=datetime(2022, 6, 1, 9, tzinfo=timezone.utc),
    )
    assert not first.errors and not revised.errors and len(revised.revised) == 1
    first_id = first.record.intake_id

    project = make_project(
        tmp_path / "project", notebooks=["10_fixture_overview.ipynb"], years=(2021,), actuals_files=["store"]
    )
    (tmp_path / "kernel").mkdir()
    session = KernelSession(tmp_path / "kernel").start()
    try:
        values = {}
        for vintage in (first_id, ""):
            params = load_params(project / "params" / "2021.yaml").replace(vintage=vintage)
            result = run_report(params, project_root=project, progress=False, session=session, pdf=False)
            assert result.ok, result.error
            table = pd.read_csv(result.output_dir / "assess.csv", encoding="utf-8-sig").set_index("indicator_id")
            manifest = json.loads((result.output_dir / "manifest.json").read_text("utf-8"))
            actuals = [f for f in manifest["inputs"] if f["role"] == "actuals"]
            values[vintage] = (table.loc[PRE, "value"], actuals[0]["vintage"]["intake_id"])
    finally:
        session.shutdown()
    assert values[first_id] == (87.0, first_id)  # rebuilt on the first intake
    assert values[""] == (87.5, revised.record.intake_id)  # the latest vintage by default
