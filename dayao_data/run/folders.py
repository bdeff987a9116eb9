"""The folders of a run: the destination (checked before anything is written), the temporary folder it
is built in, the atomic promotion into place, the .failed- folder of a run that failed, and the
recovery of what a killed run left behind."""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from dayao_data.confine import check_output_folder, remove_report
from dayao_data.fsutil import atomic_write_text, describe_os_error
from dayao_data.params import RunParams

log = logging.getLogger(__name__)


def recover(base: Path, name: int | str) -> str | None:
    """Repair what a killed or crashed run left beside the report folder ``base/<name>``.

    ``name`` is the report folder's name: a year, ``midterm``, ``final`` — every kind of report.

    * ``<name>/`` missing but a ``.old-<name>-*`` folder present: the previous report is put back.
    * both present: the new report was already in place; the old copy is removed.
    * ``.tmp-<name>-<pid>-*`` folders of runs whose process is gone (killed): removed.  A folder
      of a run still going (its process is alive) is left alone.

    Only what a run made is deleted (:func:`dayao_data.confine.remove_report` for the old
    reports).  Returns a sentence describing what was done, or None.
    """
    base = Path(base)
    name = str(name)
    done = []
    stale = [
        t
        for t in base.glob(f".tmp-{glob_escape(name)}-*")
        if t.is_dir() and not t.is_symlink() and _abandoned_tmp(t, name)
    ]
    for t in stale:
        shutil.rmtree(t, ignore_errors=True)
    if stale:
        done.append(f"removed {len(stale)} temporary folder(s) of stopped runs ({', '.join(t.name for t in stale)})")
    olds = sorted(
        o
        for o in base.glob(f".old-{glob_escape(name)}-*")
        if re.fullmatch(rf"\.old-{re.escape(name)}-[0-9a-f]+", o.name)
    )
    if olds:
        final = base / name
        if final.exists():
            kept = [o.name for o in olds if remove_report(o)]
            done.append(
                f"removed {len(olds) - len(kept)} leftover .old-{name} folder(s)"
                + (f"; kept {', '.join(kept)}: it holds files no report made" if kept else "")
            )
        else:
            newest = max(olds, key=lambda p: p.stat().st_mtime)
            os.rename(newest, final)
            for old in olds:
                if old != newest:
                    remove_report(old)
            done.append(f"restored the previous report {final} from {newest.name} (an earlier run stopped half-way)")
    return "; ".join(done) or None


def glob_escape(text: str) -> str:
    import glob

    return glob.escape(text)


#: A temporary folder of the old naming (no process id) older than this is a leftover (seconds).
LEGACY_TMP_AGE = 24 * 3600


def _abandoned_tmp(folder: Path, name: str) -> bool:
    """True for a run's temporary folder whose process no longer runs."""
    with_pid = rf"\.tmp-{re.escape(name)}-(\d+)-[0-9a-f]+"
    if re.fullmatch(with_pid, folder.name):
        return owner_gone(folder.name, with_pid)
    if re.fullmatch(rf"\.tmp-{re.escape(name)}-[0-9a-f]{{8}}", folder.name):  # before process ids were in the name
        with contextlib.suppress(OSError):
            return time.time() - folder.stat().st_mtime > LEGACY_TMP_AGE
    return False


def owner_gone(folder_name: str, pattern: str) -> bool:
    """True when ``folder_name`` matches ``pattern`` (whose first group is the process id of the run
    that made the folder) and that process no longer runs: the folder was left by a killed run."""
    m = re.fullmatch(pattern, folder_name)
    return bool(m) and not pid_alive(int(m.group(1)))


#: The run's private work folder (:func:`dayao_data.run.shared_context.work_folder`):
#: ``dayao-work-<pid>-<random>`` in the system's temporary folder.
WORK_FOLDER_PREFIX = "dayao-work-"
WORK_FOLDER_PATTERN = rf"{WORK_FOLDER_PREFIX}(\d+)-[A-Za-z0-9_]+"


def sweep_work_folders(base: Path | None = None) -> list[Path]:
    """Remove the ``dayao-work-<pid>-*`` folders of runs whose process is gone (killed before they
    could remove their own); a folder of a run still going is left alone, and so is anything not
    made by this user, not a folder, or a symbolic link.  ``base`` defaults to the system's
    temporary folder.  Returns the folders removed."""
    base = Path(base) if base is not None else Path(tempfile.gettempdir())
    removed = []
    for folder in base.glob(f"{WORK_FOLDER_PREFIX}*"):
        try:
            mine = folder.is_dir() and not folder.is_symlink() and folder.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and owner_gone(folder.name, WORK_FOLDER_PATTERN):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    if removed:
        log.info("removed %d work folder(s) of stopped runs", len(removed))
    return removed


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (a process we may not signal counts)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _readable_by_others(folder: Path) -> None:
    """Temporary files are created private (mode 600); a report is for colleagues to read."""
    umask = os.umask(0)
    os.umask(umask)
    for p in [folder, *folder.rglob("*")]:
        with contextlib.suppress(OSError):
            p.chmod((0o777 if p.is_dir() else 0o666) & ~umask)


def promote(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp``: two renames on one file system, then remove the old copy."""
    _readable_by_others(tmp)
    old = None
    if final.exists():
        old = final.parent / f".old-{final.name}-{secrets.token_hex(4)}"
        if not any(final.iterdir()):
            final.rmdir()  # an empty folder: nothing to keep
            old = None
        else:
            os.rename(final, old)
    os.rename(tmp, final)  # between the two renames a crash leaves `old`: see recover()
    if old is not None:
        kept = remove_report(old)  # only what the previous report made
        if kept:
            log.warning("kept %s: files no report made (%s)", old, ", ".join(kept[:5]))


def keep_failed(tmp: Path, name: int | str, message: str) -> Path:
    """Rename the run's folder to .failed-<name>-<time>/ and write error.txt into it.

    On a full disk or a read-only folder this does what it can: the folder keeps its temporary
    name if it cannot be renamed, and a shorter error.txt is tried; whatever could not be written
    is said in the message (which the command prints).
    """
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    failed = tmp.parent / f".failed-{name}-{stamp}"
    n = 1
    while failed.exists():
        n += 1
        failed = tmp.parent / f".failed-{name}-{stamp}-{n}"
    try:
        os.rename(tmp, failed)
    except OSError:
        failed = tmp
    try:
        atomic_write_text(failed / "error.txt", message.rstrip() + "\n")
    except OSError as first:
        try:
            with open(failed / "error.txt", "w", encoding="utf-8") as fh:  # no temporary copy: less space
                fh.write(message.splitlines()[0][:2000] + "\n")
        except OSError:
            raise FailedDirError(failed, f"could not write error.txt there: {describe_os_error(first)}") from None
    return failed


class FailedDirError(OSError):
    """The failed run's folder exists, but its error.txt could not be written."""

    def __init__(self, folder: Path, why: str):
        super().__init__(why)
        self.folder, self.why = folder, why


def destination(params: dict, root: Path, reports_dir, kind: str = "yearly", allow_outside: bool = False) -> Path:
    """The report folder of a run, checked before anything is written (a report replaces its folder,
    so the folder must be its own: :func:`dayao_data.confine.check_output_folder`)."""
    params = RunParams.from_mapping(params, params.get("params_file") or "<params>", root=root)
    year = params["year"]
    if reports_dir:  # --output: made absolute on the command line (a caller's relative one: the project's)
        what, final = "--output", Path(reports_dir) / (str(year) if kind == "yearly" else kind)
        final = final if final.is_absolute() else root / final
    else:
        what, final = f"{Path(params.source).name}: output_folder", params.output_path
    if params.get("language") == "en" and not final.name.endswith(ENGLISH_SUFFIX):
        # An English report is written beside the Chinese one (reports/2024-en/), never over it.
        final = final.with_name(final.name + ENGLISH_SUFFIX)
    return check_output_folder(final, root, kind=kind, year=year, allow_outside=allow_outside, what=what)


#: The English report of a run goes into its own folder: the Chinese folder's name plus this.
ENGLISH_SUFFIX = "-en"
