"""The one Jupyter kernel of a run (:class:`KernelSession`): started once, warmed up with the
package's imports while the parent loads the inputs, reset between notebooks, and the socket files
of killed runs swept away (:func:`sweep_kernel_files`)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import time
from pathlib import Path

from dayao_data.run.folders import LEGACY_TMP_AGE, pid_alive

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"

# Imported once when the kernel starts, while the parent process loads the plan and the actuals.
# Each notebook imports them again (cheap: they are in sys.modules).  Optional modules are
# skipped when absent so that a half-built package still gets its honest error in the notebook.
_WARMUP_CODE = """
def __dayao_warmup():
    import importlib, sys
    if "jsonschema" not in sys.modules:  # see dayao_data.run.skip_unused_format_checkers
        sys.modules.setdefault("rfc3987_syntax", None)
    import pandas, matplotlib, matplotlib.pyplot
    for name in ("dayao_data", "dayao_data.plan", "dayao_data.actuals", "dayao_data.progress",
                 "dayao_data.summary", "dayao_data.display", "dayao_data.sources", "dayao_data.fonts",
                 "dayao_data.charts", "dayao_data.i18n", "dayao_data.report.tables", "dayao_data.yearly.show",
                 "dayao_data.yearly.context"):
        try:
            importlib.import_module(name)
        except Exception:
            pass
__dayao_warmup()
del __dayao_warmup
"""

# Run between notebooks: see the module docstring for what is reset and why.
_RESET_CODE = """
get_ipython().run_line_magic("reset", "-f")
def __dayao_reset(cwd, home):
    import os, sys
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    os.chdir(cwd)
    os.environ["DAYAO_HOME"] = home
    get_ipython().execution_count = 1
__dayao_reset({cwd!r}, {home!r})
del __dayao_reset
"""


KERNEL_FILE_PREFIX = "dayao-kernel-"
_KERNEL_FILE = re.compile(r"dayao-kernel-(?:(\d+)-)?[0-9a-f]{12}(?:-\d+|\.json)")


def sweep_kernel_files(folder: str) -> int:
    """Remove the socket and connection files of kernels whose run was killed; return how many.

    A file ``dayao-kernel-<pid>-<hex>-<n>`` (a socket) or ``…-<hex>.json`` (the connection file)
    is removed when process ``<pid>`` is gone and the file is this user's; a file of the older
    naming without a process id once it is a day old.  Nothing else in the folder is touched.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        m = _KERNEL_FILE.fullmatch(entry.name)
        if not m:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if entry.is_dir(follow_symlinks=False) or (uid is not None and st.st_uid != uid):
                continue
            stale = (not pid_alive(int(m.group(1)))) if m.group(1) else time.time() - st.st_mtime > LEGACY_TMP_AGE
            if stale:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


_KM_CLASS = None


def _kernel_manager_class():
    """AsyncKernelManager (what nbclient expects) that remembers the clients it hands out."""
    global _KM_CLASS
    if _KM_CLASS is None:
        from jupyter_client.manager import AsyncKernelManager

        class TrackingKernelManager(AsyncKernelManager):
            def client(self, **kwargs):
                kc = super().client(**kwargs)
                self.__dict__.setdefault("dayao_clients", []).append(kc)
                return kc

        _KM_CLASS = TrackingKernelManager
    return _KM_CLASS


class KernelSession:
    """One Jupyter kernel, started once and handed to papermill for every notebook.

    >>> # with KernelSession(project_root) as session: session.reset(cwd); papermill(..., km=session.km)
    """

    def __init__(self, project_root: Path, kernel_name: str = KERNEL_NAME):
        self.project_root = Path(project_root)
        self.kernel_name = kernel_name
        self.km = None
        self._kc = None
        self._warmup_msg = None
        self.started_at: float | None = None

    def start(self) -> KernelSession:
        """Launch the kernel and send the warm-up imports without waiting for them."""
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_core.utils import run_sync

        self.started_at = time.perf_counter()
        env = dict(os.environ)
        env["DAYAO_HOME"] = str(self.project_root)
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silences a debugger warning at start
        # IPC (Unix sockets) rather than TCP on localhost: nothing listens on a port, and ipykernel
        # does not warn about unencrypted TCP.
        # The socket paths must be absolute: jupyter_client's default ("kernel-ipc") is relative to
        # each process's working folder, and the kernel runs in the notebook's folder.
        # The names carry this process's id, so that the next run removes what a killed run left
        # (sweep_kernel_files): the kernel's five sockets and its connection file.
        if os.name == "posix":
            import tempfile

            with contextlib.suppress(OSError):
                sweep_kernel_files(tempfile.gettempdir())
            ip = os.path.join(tempfile.gettempdir(), f"{KERNEL_FILE_PREFIX}{os.getpid()}-{secrets.token_hex(6)}")
            self.km = _kernel_manager_class()(
                kernel_name=self.kernel_name, transport="ipc", ip=ip, connection_file=ip + ".json"
            )
        else:
            self.km = _kernel_manager_class()(kernel_name=self.kernel_name)
        run_sync(self.km.start_kernel)(env=env, cwd=str(self.project_root))
        # Our own client, for the warm-up and the resets; papermill makes its own per notebook.
        kc = BlockingKernelClient()
        kc.load_connection_info(self.km.get_connection_info())
        kc.start_channels(hb=False)
        self._kc = kc
        self._warmup_msg = kc.execute(_WARMUP_CODE, silent=True, store_history=False, allow_stdin=False)
        return self

    def release_clients(self) -> None:
        """Close the channels of the clients papermill opened for the last notebook.

        nbclient leaves a client it did not create the kernel for open (it cannot know whether
        the caller still needs it); without this every notebook would leak five sockets.
        """
        clients = getattr(self.km, "dayao_clients", [])
        while clients:
            kc = clients.pop()
            with contextlib.suppress(Exception):
                kc.stop_channels()

    def _wait(self, msg_id: str, timeout: float = 300) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the kernel did not answer in time")
            try:
                reply = self._kc.get_shell_msg(timeout=min(remaining, 5))
            except Exception:  # queue.Empty: check the kernel is still alive
                if not self.is_alive():
                    raise RuntimeError("the Jupyter kernel died") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def is_alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return bool(self.km is not None and run_sync(self.km.is_alive)())

    def ready(self, timeout: float = 300) -> None:
        """Wait for the warm-up imports (the kernel would be busy with them anyway)."""
        if self._warmup_msg is not None:
            content = self._wait(self._warmup_msg, timeout)
            self._warmup_msg = None
            if content.get("status") != "ok":
                log.warning("kernel warm-up failed: %s: %s", content.get("ename"), content.get("evalue"))

    def reset(self, cwd: Path | str, project_root: Path | str | None = None) -> None:
        """Forget the previous notebook: names, figures, working folder, execution count."""
        self.ready()
        code = _RESET_CODE.format(cwd=str(cwd), home=str(project_root or self.project_root))
        content = self._wait(self._kc.execute(code, silent=True, store_history=False, allow_stdin=False))
        if content.get("status") != "ok":
            raise RuntimeError(
                f"could not reset the kernel between notebooks: {content.get('ename')}: {content.get('evalue')}"
            )

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        if self._kc is not None:
            with contextlib.suppress(Exception):
                self._kc.stop_channels()
            self._kc = None
        if self.km is not None:
            self.release_clients()
            with contextlib.suppress(Exception):
                run_sync(self.km.shutdown_kernel)(now=True)  # also removes the connection file
            self.km = None

    def __enter__(self) -> KernelSession:
        return self.start() if self.km is None else self

    def __exit__(self, *exc) -> None:
        self.shutdown()
