"""The store under stress: a stale lock raced for, leftovers of a killed intake, a store we may only read.

Issue 8: "after a killed intake leaves its lock, several intakes started together can each remove
the stale lock; in one of 40 trials four intakes printed 'recorded' and two figures were saved".
The lock is now an OS file lock; these tests start many intakes at once over a stale lock and
check that every figure reported as recorded is in the store.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import socket
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from dayao_data.collect.store import ActualsStore, IncomingFile, NewVersion, StoreError, StoreLocked

CST = timezone(timedelta(hours=8))
PROCESSES = 10
TRIALS = 6


def _stale_lock(store: ActualsStore) -> None:
    """What a killed intake of the earlier version left: a lock file naming a dead process here."""
    store.root.mkdir(parents=True, exist_ok=True)
    store.lock_path.write_text(
        json.dumps({"pid": 2**22 + 4321, "host": socket.gethostname(), "since": "2025-03-01T00:00:00+08:00"}), "utf-8"
    )


def _one_intake(root: str, k: int, trial: int, barrier, results) -> None:
    store = ActualsStore(root)
    src = Path(root).parent / f"in-{trial}-{k}.csv"
    data = f"file {trial} {k}".encode()
    src.write_bytes(data)
    f = IncomingFile(src, hashlib.sha256(data).hexdigest(), src.name, "actuals")
    v = NewVersion(indicator=f"indicator_{trial}_{k}", year=2023, value=float(k), source="统计年报", file=f)
    barrier.wait()
    try:
        rec = store.record([v], [f], now=datetime(2025, 3, 10, 10, 0, tzinfo=CST))
        results.put((k, "recorded", rec.version_ids))
    except StoreLocked:
        results.put((k, "locked", ()))
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        results.put((k, f"{type(exc).__name__}: {exc}", ()))


def test_many_intakes_over_a_stale_lock_every_recorded_figure_is_in_the_store(tmp_path):
    ctx = multiprocessing.get_context("fork")
    root = tmp_path / "store"
    store = ActualsStore(root)
    claimed: dict[str, tuple[str, ...]] = {}
    for trial in range(TRIALS):
        _stale_lock(store)
        barrier = ctx.Barrier(PROCESSES)
        results = ctx.Queue()
        procs = [
            ctx.Process(target=_one_intake, args=(str(root), k, trial, barrier, results)) for k in range(PROCESSES)
        ]
        for p in procs:
            p.start()
        outcomes = [results.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert all(o[1] in ("recorded", "locked") for o in outcomes), outcomes
        recorded = [o for o in outcomes if o[1] == "recorded"]
        assert recorded, "the stale lock was taken over by none of the intakes"
        for k, _, ids in recorded:
            claimed[f"indicator_{trial}_{k}"] = ids
        assert not store.lock_path.exists()
    versions = store.versions()
    in_store = dict(zip(versions["indicator"], versions["version_id"]))
    missing = sorted(set(claimed) - set(in_store))
    assert not missing, f"reported as recorded but not in the store: {missing}"
    assert {k: (in_store[k],) for k in claimed} == claimed  # the very version ids each was told
    assert len(versions) == len(claimed)  # and nothing else
    assert versions["version_id"].is_unique


def test_a_held_lock_is_not_taken_over_even_when_its_file_names_a_dead_process(tmp_path):
    """The OS lock decides, not the text in the file: a live holder stays the holder."""
    store = ActualsStore(tmp_path / "store")
    with store.locked():
        store.lock_path.write_text(json.dumps({"pid": 2**22 + 4321, "host": socket.gethostname()}), "utf-8")
        with pytest.raises(StoreLocked, match="being written by process 4198625"):
            with ActualsStore(store.root).locked():
                pass  # pragma: no cover
    assert not store.lock_path.exists()


def test_a_killed_intakes_temporary_copy_of_the_versions_file_is_removed_by_the_next(tmp_path):
    store = ActualsStore(tmp_path / "store")
    src = tmp_path / "a.csv"
    src.write_bytes(b"a")
    f = IncomingFile(src, hashlib.sha256(b"a").hexdigest(), "a.csv", "actuals")
    store.record([NewVersion("x", 2023, 1.0, "s", file=f)], [f])
    # What a kill between writing the temporary copy and os.replace leaves (fsutil.atomic_path).
    leftover = store.root / ".versions.csv.k3j_x9.tmp"
    leftover.write_bytes(store.versions_path.read_bytes() + b"half a row")
    index_leftover = store.root / ".intakes.csv.a8q2.tmp"
    index_leftover.write_bytes(b"partial")
    mine = store.root / "notes-by-hand.txt"  # not the store's: never touched
    mine.write_text("keep me", "utf-8")
    src2 = tmp_path / "b.csv"
    src2.write_bytes(b"b")
    f2 = IncomingFile(src2, hashlib.sha256(b"b").hexdigest(), "b.csv", "actuals")
    store.record([NewVersion("y", 2023, 2.0, "s", file=f2)], [f2])
    assert not leftover.exists() and not index_leftover.exists()
    assert mine.read_text("utf-8") == "keep me"
    assert sorted(store.versions()["indicator"]) == ["x", "y"]


def _refuse_writes_under(monkeypatch, root: Path) -> None:
    """As root, permissions do not stop a write: make every write into ``root`` fail as EACCES does."""
    import dayao_data.collect.store as store_module

    def denied(path) -> PermissionError:
        return PermissionError(13, "Permission denied", str(path))

    real_write, real_open = store_module.atomic_write_text, os.open

    def atomic_write_text(destination, *a, **kw):
        if Path(destination).resolve().is_relative_to(root):
            raise denied(destination)
        return real_write(destination, *a, **kw)

    def guarded_open(path, flags, *a, **kw):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and Path(path).resolve().is_relative_to(root):
            raise denied(path)
        return real_open(path, flags, *a, **kw)

    monkeypatch.setattr(store_module, "atomic_write_text", atomic_write_text)
    monkeypatch.setattr(os, "open", guarded_open)


@pytest.fixture
def read_only_store(tmp_path, monkeypatch):
    store = ActualsStore(tmp_path / "store")
    src = tmp_path / "a.csv"
    src.write_bytes(b"a")
    f = IncomingFile(src, hashlib.sha256(b"a").hexdigest(), "a.csv", "actuals")
    store.record([NewVersion("preschool_gross_enrolment_rate", 2023, 88.1, "2023年教育事业统计年报", file=f)], [f])
    folders = [store.root] + [p for p in store.root.rglob("*") if p.is_dir()]
    for p in sorted(store.root.rglob("*"), reverse=True) + [store.root]:
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    if os.geteuid() == 0:
        _refuse_writes_under(monkeypatch, store.root)
    yield store
    for p in folders:
        p.chmod(p.stat().st_mode | stat.S_IWUSR)


def test_a_read_only_store_can_be_read_and_exported(read_only_store):
    store = read_only_store
    before = store.snapshot()
    assert list(store.current()["value"]) == [88.1]
    exported = store.export_current()
    assert not exported.is_relative_to(store.root)  # written elsewhere: the store is not ours to change
    text = exported.read_text("utf-8-sig")
    assert text.splitlines()[1].startswith("preschool_gross_enrolment_rate,2023,88.1,")
    assert store.snapshot() == before


def test_a_read_only_store_refuses_an_intake_with_a_message(read_only_store):
    store = read_only_store
    src = store.root.parent / "b.csv"
    src.write_bytes(b"b")
    f = IncomingFile(src, hashlib.sha256(b"b").hexdigest(), "b.csv", "actuals")
    with pytest.raises(StoreError, match="cannot be written .*needs write access"):
        store.record([NewVersion("x", 2024, 1.0, "s", file=f)], [f])


def test_history_and_intake_on_a_read_only_store_print_messages(read_only_store, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions, and a subprocess does not see the test's stand-in")
    env = dict(os.environ, DAYAO_STORE=str(read_only_store.root))
    history = subprocess.run(
        [sys.executable, "-m", "dayao_data.cli", "history", "学前三年毛入园率"], capture_output=True, text=True, env=env
    )
    assert history.returncode == 0, history.stderr
    assert "88.1" in history.stdout
    csv = tmp_path / "new.csv"
    csv.write_text("指标,年份,数值,来源\n学前三年毛入园率,2024,89.5,2024年教育事业统计年报\n", "utf-8")
    intake = subprocess.run(
        [sys.executable, "-m", "dayao_data.cli", "intake", str(csv)], capture_output=True, text=True, env=env
    )
    assert intake.returncode == 1
    assert "Traceback" not in intake.stderr
    assert "cannot be written" in intake.stderr and "nothing was recorded" in intake.stderr


def test_a_refused_lock_closes_its_descriptor_exactly_once(tmp_path, monkeypatch):
    """A second close of a descriptor number closes whatever the OS has since given that number to
    (in a notebook kernel, a socket of its client: the process aborts)."""
    import dayao_data.collect.store_lock as store_lock

    store = ActualsStore(tmp_path / "store")
    closed: list[int] = []
    real_close = os.close

    def counting_close(fd):
        closed.append(fd)
        real_close(fd)

    with store.locked():
        monkeypatch.setattr(store_lock.os, "close", counting_close)
        with pytest.raises(StoreLocked):
            with ActualsStore(store.root).locked():
                pass  # pragma: no cover
        monkeypatch.setattr(store_lock.os, "close", real_close)
    assert len(closed) == 1, closed
