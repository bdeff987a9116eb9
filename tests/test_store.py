"""The actuals store (dayao_data.collect.store): versions, vintages, exports, and that a failed intake changes nothing.

"Changes nothing" is checked on bytes: every file under the store root is hashed before and after
(``ActualsStore.snapshot``), so a stray temporary file, a half-copied incoming file or a left-over
lock would all be caught.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from dayao_data.actuals import load_actuals
from dayao_data.collect.store import (
    INTAKE_COLUMNS,
    VERSION_COLUMNS,
    ActualsStore,
    IncomingFile,
    NewVersion,
    StoreError,
    StoreLocked,
    read_export_vintage,
)
from dayao_data.excel import safe_cell_text
from dayao_data.plan import load_plan
from dayao_data.sources import resolve_actuals

CST = timezone(timedelta(hours=8))  # Yunnan: China Standard Time


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def incoming(tmp_path: Path, name: str = "2023-教育体育局.csv", data: bytes = b"returned file") -> IncomingFile:
    path = tmp_path / name
    path.write_bytes(data)
    return IncomingFile(path, hashlib.sha256(data).hexdigest(), name, "actuals")


def version(
    indicator="preschool_gross_enrolment_rate", year=2023, value=88.1, source="2023年教育事业统计年报", file=None, **kw
) -> NewVersion:
    return NewVersion(indicator=indicator, year=year, value=value, source=source, file=file, **kw)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 3, day, hour, 0, tzinfo=CST)


# --------------------------------------------------------------------------------------
# Layout and versions
# --------------------------------------------------------------------------------------


def test_empty_store_has_no_figures_and_no_vintage(tmp_path):
    store = ActualsStore(tmp_path / "store")
    assert store.is_empty()
    assert len(store.current()) == 0
    assert store.vintage() is None
    assert store.intakes() == []
    assert not (tmp_path / "store").exists()  # reading never creates the store
    with pytest.raises(StoreError, match="holds no figures yet"):
        store.export_current()


def test_record_writes_the_documented_layout(tmp_path):
    store = ActualsStore(tmp_path / "store")
    f = incoming(tmp_path)
    rec = store.record(
        [version(file=f, sheet="实际值", row=2, reading_note="数值: read '８８．１' as 88.1")],
        [f],
        note="first batch",
        now=at(10),
    )
    assert rec.intake_id == "20250310-001"
    assert rec.received_at == "2025-03-10T10:00:00+08:00"
    assert (store.root / "incoming" / rec.intake_id / "2023-教育体育局.csv").read_bytes() == b"returned file"
    header = store.versions_path.read_text("utf-8-sig").splitlines()[0]
    assert header == ",".join(VERSION_COLUMNS)
    assert store.intakes_path.read_text("utf-8-sig").splitlines()[0] == ",".join(INTAKE_COLUMNS)
    [row] = store.versions().to_dict("records")
    assert row["version_id"] == "1" and row["indicator"] == "preschool_gross_enrolment_rate" and row["year"] == 2023
    assert row["value"] == 88.1 and row["source"] == "2023年教育事业统计年报"
    assert row["intake_id"] == rec.intake_id and row["received_at"] == "2025-03-10T10:00:00+08:00"
    assert row["file_name"] == "2023-教育体育局.csv" and row["file_sha256"] == f.sha256
    assert row["sheet"] == "实际值" and row["row"] == 2 and row["supersedes"] == ""
    assert row["reading_note"] == "数值: read '８８．１' as 88.1"
    [intake] = store.intakes()
    assert intake["note"] == "first batch" and intake["files"][0]["sha256"] == f.sha256
    assert not store.lock_path.exists()


def test_a_revision_is_a_new_version_and_the_old_one_stays_readable(tmp_path):
    store = ActualsStore(tmp_path / "store")
    f1, f2 = incoming(tmp_path, "a.csv", b"a"), incoming(tmp_path, "b.csv", b"b")
    store.record([version(value=88.1, file=f1)], [f1], now=at(10))
    store.record([version(value=88.4, source="2023年教育事业统计年报（修订）", file=f2)], [f2], now=at(20))
    current = store.current()
    assert current["value"].tolist() == [88.4] and current["version_id"].tolist() == ["2"]
    history = store.history("preschool_gross_enrolment_rate")
    assert history[["version_id", "value", "current", "supersedes"]].to_dict("records") == [
        {"version_id": "2", "value": 88.4, "current": True, "supersedes": "1"},
        {"version_id": "1", "value": 88.1, "current": False, "supersedes": ""},
    ]
    assert store.history("preschool_gross_enrolment_rate", 2022).empty


def test_vintages_by_intake_id_date_and_time(tmp_path):
    store = ActualsStore(tmp_path / "store")
    f1, f2 = incoming(tmp_path, "a.csv", b"a"), incoming(tmp_path, "b.csv", b"b")
    first = store.record([version(value=88.1, file=f1)], [f1], now=at(10))
    second = store.record(
        [version(value=88.4, file=f2), version("compulsory_education_retention_rate", value=99.0, file=f2)],
        [f2],
        now=at(20),
    )
    assert store.current(first.intake_id)["value"].tolist() == [88.1]
    assert store.current("2025-03-15")["value"].tolist() == [88.1]  # every intake up to the end of that day
    assert sorted(store.current("2025-03-20")["value"].tolist()) == [88.4, 99.0]
    assert store.current("2025-03-20T09:59+08:00")["value"].tolist() == [88.1]
    assert store.current("latest").equals(store.current())
    v = store.vintage(first.intake_id)
    assert (v.intake_id, v.received_at, v.versions) == ("20250310-001", "2025-03-10T10:00:00+08:00", 1)
    assert v.label() == "数据版本 20250310-001（2025-03-10 10:00 入库）"
    assert v.label("en") == "data vintage 20250310-001 (recorded 2025-03-10 10:00)"
    assert store.vintage().intake_id == second.intake_id
    with pytest.raises(StoreError, match="no intake was recorded by 2025-03-01"):
        store.current("2025-03-01")
    with pytest.raises(StoreError, match="there is no intake '20250311-001'"):
        store.current("20250311-001")
    with pytest.raises(StoreError, match="is not a vintage"):
        store.current("last Tuesday")


def test_export_current_is_a_tidy_actuals_file_for_any_vintage(tmp_path, plan):
    store = ActualsStore(tmp_path / "store")
    f1, f2 = incoming(tmp_path, "a.csv", b"a"), incoming(tmp_path, "b.csv", b"b")
    first = store.record(
        [
            version(value=88.1, file=f1),
            version("urban_affordable_housing", value=1580, assigned_target=1500, source="县住建局", file=f1),
        ],
        [f1],
        now=at(10),
    )
    second = store.record([version(value=88.4, file=f2)], [f2], now=at(20))
    old = store.export_current(first.intake_id)
    new = store.export_current()
    assert old.name == f"actuals-{first.intake_id}.csv" and new.name == f"actuals-{second.intake_id}.csv"
    assert old.parent == store.root / "exports"
    frame = load_actuals(old, plan)
    assert frame[["indicator", "year", "value"]].to_dict("records") == [
        {"indicator": "preschool_gross_enrolment_rate", "year": 2023, "value": 88.1},
        {"indicator": "urban_affordable_housing", "year": 2023, "value": 1580.0},
    ]
    assert frame["assigned_target"].isna().tolist() == [True, False] and frame["assigned_target"][1] == 1500.0
    assert frame["source"].tolist() == ["2023年教育事业统计年报", "县住建局"]
    assert load_actuals(new, plan)["value"].tolist() == [88.4, 1580.0]
    assert read_export_vintage(old).intake_id == first.intake_id
    assert read_export_vintage(new).to_dict() == {
        "intake_id": second.intake_id,
        "received_at": "2025-03-20T10:00:00+08:00",
        "requested": None,
        "versions": 2,
    }
    sidecar = json.loads(new.with_suffix(".json").read_text("utf-8"))
    assert sidecar["versions_csv_sha256"] == hashlib.sha256(store.versions_path.read_bytes()).hexdigest()
    assert read_export_vintage(tmp_path / "a.csv") is None


def test_sources_store_item_uses_the_default_store_and_the_vintage(tmp_path, monkeypatch, plan):
    monkeypatch.setenv("DAYAO_STORE", str(tmp_path / "county-store"))
    store = ActualsStore.default()
    assert store.root == (tmp_path / "county-store").resolve()
    f1, f2 = incoming(tmp_path, "a.csv", b"a"), incoming(tmp_path, "b.csv", b"b")
    first = store.record([version(value=88.1, file=f1)], [f1], now=at(10))
    store.record([version(value=88.4, file=f2)], [f2], now=at(20))
    [path] = resolve_actuals(["store"], vintage="2025-03-12")
    assert path.name == f"actuals-{first.intake_id}.csv"
    assert load_actuals(path, plan)["value"].tolist() == [88.1]
    [latest] = resolve_actuals(["store"])
    assert load_actuals(latest, plan)["value"].tolist() == [88.4]


def test_text_that_could_run_as_a_formula_is_stored_safely_and_read_back_as_received(tmp_path, plan):
    store = ActualsStore(tmp_path / "store")
    f = incoming(tmp_path)
    attack = "=cmd|' /C calc'!A0"
    texts = [attack, "'quoted", "+86 0878", "-", "@SUM(A1)"]
    store.record([version(year=2021 + k, value=80 + k, source=t, file=f) for k, t in enumerate(texts)], [f], now=at(10))
    assert store.current()["source"].tolist() == texts  # read back exactly as received
    raw = store.versions_path.read_text("utf-8-sig")
    assert "\n1,preschool_gross_enrolment_rate,2021,80,,'=cmd" in raw  # opening versions.csv in Excel runs nothing
    exported = load_actuals(store.export_current(), plan)
    assert exported["source"].tolist() == [safe_cell_text(t) for t in texts]
    assert exported["source"][0] == "'" + attack


def test_same_file_names_in_one_intake_are_kept_apart(tmp_path):
    store = ActualsStore(tmp_path / "store")
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    f1, f2 = incoming(tmp_path / "x", "表.xlsx", b"one"), incoming(tmp_path / "y", "表.xlsx", b"two")
    rec = store.record([version(file=f1), version(year=2022, file=f2)], [f1, f2], now=at(10))
    folder = store.root / "incoming" / rec.intake_id
    assert (folder / "表.xlsx").read_bytes() == b"one" and (folder / "表 (2).xlsx").read_bytes() == b"two"
    assert store.versions()["file_name"].tolist() == ["表.xlsx", "表 (2).xlsx"]


def test_nothing_to_record_is_refused(tmp_path):
    with pytest.raises(StoreError, match="nothing to record"):
        ActualsStore(tmp_path / "store").record([], [])


# --------------------------------------------------------------------------------------
# All or nothing
# --------------------------------------------------------------------------------------


@pytest.fixture
def seeded(tmp_path):
    store = ActualsStore(tmp_path / "store")
    f = incoming(tmp_path, "seed.csv", b"seed")
    store.record([version(value=88.1, file=f)], [f], note="seed", now=at(10))
    store.export_current()
    return store


def _failing_replace(target_name: str):
    real = os.replace

    def replace(src, dst, *a, **kw):
        if Path(dst).name == target_name:
            raise OSError(28, "No space left on device")
        return real(src, dst, *a, **kw)

    return replace


def test_a_failure_at_the_commit_leaves_the_store_byte_for_byte_unchanged(seeded, tmp_path, monkeypatch):
    before = seeded.snapshot()
    f = incoming(tmp_path, "new.csv", b"new")
    monkeypatch.setattr(os, "replace", _failing_replace("versions.csv"))
    with pytest.raises(OSError, match="No space left"):
        seeded.record([version(value=88.4, file=f)], [f], now=at(20))
    assert seeded.snapshot() == before
    monkeypatch.undo()
    assert seeded.current()["value"].tolist() == [88.1]


@pytest.mark.parametrize("failure", ["copying a file", "writing intake.json", "interrupted (Ctrl-C)"])
def test_a_failure_before_the_commit_leaves_the_store_unchanged(seeded, tmp_path, monkeypatch, failure):
    import dayao_data.collect.store as store_module

    before = seeded.snapshot()
    f1, f2 = incoming(tmp_path, "one.csv", b"1"), incoming(tmp_path, "two.csv", b"2")
    if failure == "copying a file":
        real = Path.read_bytes

        def read_bytes(self):
            if self.name == "two.csv":
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
        expected = PermissionError
    elif failure == "writing intake.json":
        monkeypatch.setattr(store_module, "_write_new_file", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O error")))
        expected = OSError
    else:
        monkeypatch.setattr(
            store_module, "atomic_write_text", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt())
        )
        expected = KeyboardInterrupt
    with pytest.raises(expected):
        seeded.record([version(value=88.4, file=f1), version(year=2022, file=f2)], [f1, f2], now=at(20))
    assert seeded.snapshot() == before


def test_a_failure_in_a_new_store_leaves_no_folder_behind(tmp_path, monkeypatch):
    store = ActualsStore(tmp_path / "store")
    f = incoming(tmp_path)
    monkeypatch.setattr(os, "replace", _failing_replace("versions.csv"))
    with pytest.raises(OSError):
        store.record([version(file=f)], [f], now=at(10))
    assert not store.root.exists()


def test_a_file_changed_after_validation_stops_the_intake(seeded, tmp_path):
    before = seeded.snapshot()
    f = incoming(tmp_path, "new.csv", b"as validated")
    f.path.write_bytes(b"edited meanwhile")
    with pytest.raises(StoreError, match="changed after it was validated"):
        seeded.record([version(value=88.4, file=f)], [f], now=at(20))
    assert seeded.snapshot() == before


def test_an_index_left_behind_by_a_crash_after_the_commit_is_completed(seeded, tmp_path, monkeypatch):
    f = incoming(tmp_path, "new.csv", b"new")
    monkeypatch.setattr(os, "replace", _failing_replace("intakes.csv"))
    rec = seeded.record([version(value=88.4, file=f)], [f], note="second", now=at(20))
    monkeypatch.undo()
    assert seeded.current()["value"].tolist() == [88.4]  # committed
    assert rec.intake_id not in seeded.intakes_path.read_text("utf-8-sig")  # the index lags …
    assert [i["intake_id"] for i in seeded.intakes()] == ["20250310-001", rec.intake_id]  # … and is completed
    assert seeded.intakes()[-1]["note"] == "second"
    f3 = incoming(tmp_path, "third.csv", b"3")
    seeded.record([version(value=88.5, file=f3)], [f3], now=at(21))
    assert rec.intake_id in seeded.intakes_path.read_text("utf-8-sig")  # rewritten whole by the next intake


def test_the_folder_of_a_killed_intake_is_invisible_and_cleared_by_the_next(seeded, tmp_path):
    orphan = seeded.incoming_dir / "20250315-001"
    orphan.mkdir()
    (orphan / "half.xlsx").write_bytes(b"half")
    assert [i["intake_id"] for i in seeded.intakes()] == ["20250310-001"]
    f = incoming(tmp_path, "new.csv", b"new")
    rec = seeded.record([version(value=88.4, file=f)], [f], now=at(15))
    assert rec.intake_id == "20250315-001"  # the id is free again …
    assert not (orphan / "half.xlsx").exists()  # … and the half-copied file is gone
    assert sorted(p.name for p in orphan.iterdir()) == ["intake.json", "new.csv"]


def test_two_intakes_at_once_the_second_is_told_who_holds_the_lock(seeded, tmp_path):
    f = incoming(tmp_path, "new.csv", b"new")
    other = ActualsStore(seeded.root)
    with seeded.locked():
        holder = json.loads(seeded.lock_path.read_text("utf-8"))
        assert holder["pid"] == os.getpid()
        before = seeded.snapshot()
        with pytest.raises(StoreLocked, match=f"being written by process {os.getpid()}"):
            other.record([version(value=88.4, file=f)], [f], now=at(20))
        assert seeded.snapshot() == before
    assert not seeded.lock_path.exists()


def test_a_lock_left_by_a_dead_process_on_this_computer_is_cleared(seeded, tmp_path):
    import socket

    seeded.lock_path.write_text(
        json.dumps({"pid": 2**22 + 12345, "host": socket.gethostname(), "since": "2025-03-01T00:00:00+08:00"}), "utf-8"
    )
    f = incoming(tmp_path, "new.csv", b"new")
    seeded.record([version(value=88.4, file=f)], [f], now=at(20))
    assert not seeded.lock_path.exists()


def test_a_lock_from_another_computer_is_respected(seeded, tmp_path):
    seeded.lock_path.write_text(
        json.dumps({"pid": 1, "host": "another-pc", "since": "2025-03-01T00:00:00+08:00", "user": "li"}), "utf-8"
    )
    f = incoming(tmp_path, "new.csv", b"new")
    with pytest.raises(StoreLocked, match="process 1 of li on another-pc"):
        seeded.record([version(value=88.4, file=f)], [f], now=at(20))


def test_a_hand_edited_versions_file_is_reported_not_guessed(seeded):
    seeded.versions_path.write_text("indicator,year,value\n", "utf-8")
    with pytest.raises(StoreError, match="unexpected columns"):
        seeded.current()


def test_store_files_stay_readable_by_the_team(seeded):
    umask = os.umask(0)
    os.umask(umask)
    assert seeded.versions_path.stat().st_mode & 0o777 == 0o666 & ~umask
