"""Flags in the store: a provisional figure that becomes final is a recorded revision (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dayao_data.actuals import load_actuals
from dayao_data.collect.intake import take_in
from dayao_data.collect.store import LEGACY_VERSION_COLUMNS, VERSION_COLUMNS, ActualsStore
from dayao_data.coverage import revisions
from dayao_data.plan import load_plan


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("indicator,year,value,source,flag,events,denominator\n" + "\n".join(rows) + "\n", "utf-8")
    return path


def test_provisional_to_final_is_accepted_and_recorded_as_a_revision(tmp_path, plan):
    store = ActualsStore(tmp_path / "store")
    first = _csv(tmp_path / "a.csv", ["infant_child_mortality_rate,2024,5.2,2024年快报,初步,13,2500"])
    assert not take_in([first], plan, store, year=2024).refused
    # The final figure differs (one more death found at review): taken without --accept-revisions.
    final = _csv(tmp_path / "b.csv", ["infant_child_mortality_rate,2024,5.6,2024年年报,正式,14,2500"])
    result = take_in([final], plan, store, year=2024)
    assert not result.errors, [str(p) for p in result.errors]
    assert len(result.revised) == 1
    hist = store.history("infant_child_mortality_rate", 2024)
    assert hist["flag"].tolist() == ["final", "provisional"]  # newest first
    assert "provisional → final" in hist.iloc[0]["reading_note"]
    rev = revisions(store).iloc[0]
    assert (rev.first_value, rev.current_value, rev.versions) == (5.2, 5.6, 2)
    # The export carries flag and counts back to the reports.
    exported = load_actuals(store.export_current(), plan).iloc[0]
    assert (exported.flag, int(exported.events), int(exported.denominator)) == ("final", 14, 2500)


def test_other_changes_still_need_accept_revisions(tmp_path, plan):
    store = ActualsStore(tmp_path / "store")
    take_in(
        [_csv(tmp_path / "a.csv", ["infant_child_mortality_rate,2024,5.2,年报,正式,13,2500"])], plan, store, year=2024
    )
    # final → provisional with the same value is a change of record: refused without the option
    back = take_in(
        [_csv(tmp_path / "b.csv", ["infant_child_mortality_rate,2024,5.2,年报,初步,13,2500"])], plan, store, year=2024
    )
    assert back.refused and any("[final]" in p.message and "[provisional]" in p.message for p in back.errors)
    # a changed value without the provisional → final step: refused as before
    other = take_in(
        [_csv(tmp_path / "c.csv", ["infant_child_mortality_rate,2024,5.6,年报,正式,14,2500"])], plan, store, year=2024
    )
    assert other.refused
    # not stating a flag changes nothing: the same figure is unchanged
    same = take_in(
        [_csv(tmp_path / "d.csv", ["infant_child_mortality_rate,2024,5.2,年报,,13,2500"])], plan, store, year=2024
    )
    assert len(same.unchanged) == 1 and not same.revised


def test_a_store_written_before_flags_is_read_and_upgraded(tmp_path, plan):
    root = tmp_path / "store"
    store = ActualsStore(root)
    take_in([_csv(tmp_path / "a.csv", ["life_expectancy,2023,76.0,年报,,,"])], plan, store, year=2023)
    # Rewrite versions.csv as an older release wrote it (no flag/events/denominator columns).
    lines = store.versions_path.read_text("utf-8-sig").splitlines()
    n = len(LEGACY_VERSION_COLUMNS)
    old = [",".join(LEGACY_VERSION_COLUMNS)] + [",".join(line.split(",")[:n]) for line in lines[1:]]
    store.versions_path.write_text("\ufeff" + "\n".join(old) + "\n", "utf-8")
    assert store.versions()["flag"].tolist() == [""]
    take_in([_csv(tmp_path / "b.csv", ["life_expectancy,2024,76.2,年报,初步,,"])], plan, store, year=2024)
    header = store.versions_path.read_text("utf-8-sig").splitlines()[0]
    assert header == ",".join(VERSION_COLUMNS)
    assert store.versions()[["year", "value", "flag"]].values.tolist() == [
        [2023, 76.0, ""],
        [2024, 76.2, "provisional"],
    ]
