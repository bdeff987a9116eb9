"""Safe file output: nothing earlier is overwritten by a run that fails half-way.

Every output is written to a temporary file beside its destination and moved into place with
``os.replace`` (atomic on one file system) only once it is complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "atomic_path",
    "sha256_file",
    "default_file_mode",
    "describe_os_error",
]


def default_file_mode(existing: Path | None = None) -> int:
    """The permissions a new file gets (those of ``existing`` if it exists, else 0666 less the umask).

    ``tempfile.mkstemp`` creates 0600 files; a report, a CSV, a store or a form shared by a team
    must stay readable, as a file written the ordinary way would be.
    """
    if existing is not None:
        try:
            return existing.stat().st_mode & 0o777
        except OSError:
            pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(destination: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``destination``; move it into place if the block succeeds.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "out.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (d / "out.txt").read_text()
    'done'
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    mode = default_file_mode(destination)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=suffix or ".tmp", dir=destination.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.exists():  # the permissions of a file written the ordinary way, not mkstemp's 0600
            os.chmod(tmp, mode)
        os.replace(tmp, destination)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_bytes(destination: str | Path, data: bytes) -> Path:
    with atomic_path(destination) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    return Path(destination)


def atomic_write_text(destination: str | Path, text: str, encoding: str = "utf-8") -> Path:
    return atomic_write_bytes(destination, text.encode(encoding))


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe_os_error(exc: OSError) -> str:
    """A sentence for an OSError a user can act on (full disk, no permission, read-only …)."""
    import errno

    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"the disk is full{where}: free some space and run again"
    if code in (errno.EACCES, errno.EPERM):
        return f"no permission to write{where}: check the folder's permissions"
    if code == errno.EROFS:
        return f"the file system is read-only{where}"
    return f"{exc.strerror or exc}{where}"
