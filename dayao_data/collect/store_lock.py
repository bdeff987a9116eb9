"""The actuals store's lock: an OS file lock (``flock``) on ``.lock``, one intake at a time.

A lock file left by a killed intake is taken over by exactly one of the intakes that find it; a
lock file written by an intake on another computer (a shared folder, where OS locks may not reach)
is respected.  :meth:`dayao_data.collect.store.ActualsStore.locked` holds it around an intake.
"""

import contextlib
import getpass
import json
import os
import socket
from pathlib import Path
from typing import Any

from dayao_data.collect.records import StoreLocked, now_local

__all__ = ["acquire_lock", "release_lock", "remove_leftovers", "user_name"]


def acquire_lock(root: Path, lock_path: Path) -> int:
    """Open ``lock_path`` and take the OS lock on it, or raise :class:`StoreLocked`; returns the descriptor."""
    me = {"pid": os.getpid(), "host": socket.gethostname(), "since": now_local().isoformat(), "user": user_name()}
    for _ in range(100):
        fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        # Every way out of this block closes ``fd`` exactly once: a second close of a number the OS
        # may already have given to another thread's file (a kernel client's socket) closes that one.
        try:
            taken = _flock(fd, exclusive=True)
            holder = _lock_holder(lock_path)
            if taken is False or (
                taken is None and holder and holder.get("host") == me["host"] and _pid_alive(holder.get("pid"))
            ):
                raise StoreLocked(_locked_message(root, lock_path, holder))
            # The holder removes the lock file while it still holds the lock; a lock taken on a
            # file that is no longer the one at .lock locks nothing: start again.
            try:
                same = os.fstat(fd).st_ino == os.stat(lock_path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                holder = _lock_holder(lock_path)
                if holder and holder.get("host") not in (None, me["host"]):
                    # Another computer's intake: its OS lock does not reach us, its lock file does.
                    raise StoreLocked(_locked_message(root, lock_path, holder))
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, json.dumps(me).encode("utf-8"))
                os.fsync(fd)
                return fd
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
        os.close(fd)  # not the file at .lock any more: start again
    raise StoreLocked(_locked_message(root, lock_path, _lock_holder(lock_path)))  # pragma: no cover - 100 lost races


def release_lock(lock_path: Path, fd: int) -> None:
    """Let go of the lock taken by :func:`acquire_lock`."""
    # Remove the file while the lock is still held, then let go of the lock (see acquire_lock).
    with contextlib.suppress(FileNotFoundError):
        lock_path.unlink()
    with contextlib.suppress(OSError):
        os.close(fd)


def _locked_message(root: Path, lock_path: Path, holder: dict | None) -> str:
    who = (
        f"process {holder.get('pid')} of {holder.get('user', '?')} on {holder.get('host')} since {holder.get('since')}"
        if holder
        else "another process"
    )
    return (
        f"the actuals store {root} is being written by {who}; wait for that intake to finish "
        f"(if it was interrupted on another computer, delete {lock_path})"
    )


def remove_leftovers(root: Path) -> None:
    """Remove the temporary copies of versions.csv and intakes.csv that a killed intake left.

    They are written only under the lock (which we now hold), beside their file, named
    ``.versions.csv.<random>.tmp`` by :func:`dayao_data.fsutil.atomic_path`; the file itself is
    whole (``os.replace`` is the commit), so the copy is never needed.
    """
    for name in ("versions.csv", "intakes.csv"):
        for leftover in root.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _lock_holder(lock_path: Path) -> dict | None:
    try:
        return json.loads(lock_path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def user_name() -> str:
    """The name of the user running this process ("" where there is none, in some containers)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return ""


def _flock(fd: int, exclusive: bool = True) -> bool | None:
    """Take an OS lock on ``fd`` without waiting: True if taken, False if another process holds it.

    None where the platform has no ``flock`` (Windows): there the lock file's own content is the
    lock (``O_EXCL`` cannot be used with a lock file that stays, so a second intake is refused
    when the file names a live process).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _pid_alive(pid: Any) -> bool:
    try:
        pid = int(pid)
    except (TypeError, ValueError):
        return False
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
