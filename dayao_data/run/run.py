"""The engine of ``dayao report``: params → executed notebooks → report.pdf and its companions.

One run for one year::

    params/2023.yaml ──► load_params ──► run_report ──► reports/2023/
                                              │            00_overview.ipynb …  (executed, the record)
                                              │            report.html, report.pdf
                                              │            assess.csv, assess.xlsx, actuals-used.csv
                                              │            manifest.json
                                              └─ on failure: reports/.failed-2023-<time>/ (+ error.txt)

How a run stays safe
--------------------
Before anything is written, :func:`dayao_data.confine.check_output_folder` makes sure the
destination is the run's own (new, empty, or a previous report of the same kind; never the
project, params/, the store, or outside the project unless asked).
Everything is built in a temporary folder ``reports/.tmp-<year>-<pid>-<random>/`` beside the
destination (same file system, so the moves below are atomic renames).  Only when every notebook
ran and every output was written is the previous ``reports/<year>/`` renamed to
``reports/.old-<year>-<random>/``, the new folder renamed into place, and the old one removed.
A crash between the two renames leaves no ``reports/<year>/`` but a complete ``.old-`` folder;
the next run (or :func:`recover`) puts it back before doing anything else.  A run that fails
leaves ``reports/<year>/`` untouched and keeps what it produced in
``reports/.failed-<year>-<timestamp>/`` with ``error.txt`` naming the notebook and cell.

Why one kernel for every notebook
---------------------------------
Starting a Jupyter kernel costs about a second, and importing pandas, matplotlib and
``dayao_data`` in it another one and a half: with five notebooks that is most of a run.  The runner
starts one kernel (per process), imports those once while the parent process is still loading
the plan and the actuals, and hands the same kernel manager to papermill for every notebook
(``km=``).  Between notebooks it runs ``%reset -f`` (every name the previous notebook defined is
gone, so a notebook that forgets to compute something fails here as it would in a fresh kernel),
closes all matplotlib figures, returns to the notebook's folder and restarts the execution count
at 1, so that each executed notebook reads as if run alone.  What is *not* reset is state held
inside imported modules (matplotlib rcParams, pandas options, module-level caches): the package
sets those at import, the same way in every run; a notebook must not change them for the next.

The notebooks receive the run's parameters by papermill injection (after the cell tagged
``parameters``): ``year``, ``plan_file``, ``actuals_files``, ``language``, ``band``,
``output_folder`` (the temporary folder that becomes reports/<year>/) and ``previous_report`` —
paths absolute, ``example`` kept as the name of the shipped data.

Every year at once (``run_all``)
--------------------------------
Worker processes (two by default, one per core) take years from a queue; each keeps one kernel
for all its years and lays out one year's PDF in a forked child while the kernel runs the next
year's notebooks, so that a worker keeps the kernel and the layout busy at the same time.
Measured with ``make bench`` (tools/bench.py) on two cores: five years in about 2.3–2.7 times
one year.
"""

from __future__ import annotations

import os

# nbformat validates every notebook it reads and writes.  With jupyterlab installed, the default
# validator (jsonschema) also loads its format checkers, which costs about a second per process
# (see tools/bench.py); fastjsonschema is equally strict for the notebook schema and compiles once.
os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")

import sys


def skip_unused_format_checkers() -> None:
    """Keep ``import jsonschema`` from compiling 38 grammars that nothing here uses.

    Measured (tools/bench.py): with jupyterlab installed, ``import nbformat`` (and so papermill,
    nbconvert and our plan loader, which all import jsonschema) takes 1.2–2 s longer, and
    NBFORMAT_VALIDATOR=fastjsonschema does not help: the time goes into importing
    ``jsonschema._format``, which imports ``rfc3987_syntax`` (pulled in by jupyter-events), which
    builds a lark parser for every rule of RFC 3987 at import.  It only backs the "iri" and
    "iri-reference" *format* checks, and neither nbformat nor the plan schema asks jsonschema to
    check formats.  Marking the module absent before jsonschema is imported drops those two
    checkers and nothing else.  No effect when jsonschema is already imported.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


skip_unused_format_checkers()

import contextlib
import datetime as _dt
import json
import logging
import platform
import re
import secrets
import shutil
import subprocess
import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dayao_data.confine import OutputFolderError, check_output_folder, remove_report
from dayao_data.fsutil import atomic_write_text, sha256_file

__all__ = [
    "PARAM_KEYS",
    "ParamsError",
    "ReportRunError",
    "RunResult",
    "KernelSession",
    "load_params",
    "validate_params",
    "default_params",
    "params_path",
    "run_report",
    "run_all",
    "recover",
    "skip_unused_format_checkers",
]

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
#: A cell that runs longer than this (seconds) is stopped and the run fails.
CELL_TIMEOUT = 1200
#: Outputs written next to the executed notebooks, in the order the manifest lists them.
OUTPUT_FILES = ("report.html", "report.pdf", "assess.csv", "assess.xlsx", "actuals-used.csv")

# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------

#: Every key of a params file: (type, required, what it is).  Nothing about a year lives in a
#: notebook: this is the whole configuration of one run.
PARAM_KEYS: dict[str, tuple[type | tuple[type, ...], bool, str]] = {
    "year": (int, True, "the assessment year, inside the plan period (e.g. 2023)"),
    "plan_file": (str, False, 'the plan file; "" = the plan embedded in the package'),
    "actuals_files": (
        list,
        False,
        'actuals files (CSV/XLSX); "example" = shipped illustrative data, "store" = the actuals store',
    ),
    "output_folder": (str, False, "where the report goes (relative to the project folder), e.g. reports/2023"),
    "language": (str, False, "zh or en: the language of the report"),
    "band": ((int, float), False, "band b of the time-progress status, 0 ≤ b < 1 (default 0.10)"),
    "notebooks": (list, False, "the notebooks to run, in order (empty = every notebooks/*.ipynb)"),
    "previous_report": (str, False, 'last year\'s report folder, for revisions ("" = none)'),
    "vintage": (str, False, 'with actuals "store": the data vintage, an intake id or a date ("" = the latest)'),
    "overrides_file": (
        str,
        False,
        'the reviewed overrides file (decided statuses beside the computed ones); "" = none',
    ),
    "data_cutoff": (
        (str, _dt.date),
        False,
        'the data cut-off date YYYY-MM-DD for the cover; "" = the date of the store vintage',
    ),
}
LANGUAGES = ("zh", "en")
#: The parameters handed to every notebook (papermill injects them after the `parameters` cell).
NOTEBOOK_PARAMETERS = (
    "year",
    "plan_file",
    "actuals_files",
    "language",
    "band",
    "previous_report",
    "overrides_file",
    "data_cutoff",
)


class ParamsError(ValueError):
    """A params file (or dict) that cannot be used: names the file and the key."""

    def __init__(self, source: str, key: str | None, message: str):
        self.source, self.key = source, key
        where = f"{source}: key '{key}'" if key else source
        super().__init__(f"{where}: {message}")


def default_params(year: int) -> dict:
    """The parameters of a year when nothing else is said (what params/<year>.yaml holds).

    >>> default_params(2023)["previous_report"]
    'reports/2022'
    """
    return {
        "year": int(year),
        "plan_file": "",
        "actuals_files": ["example"],
        "output_folder": f"reports/{int(year)}",
        "language": "zh",
        "band": 0.10,
        "notebooks": [],
        # A folder that does not exist (the plan's first year) is not an error: last year is then
        # recomputed from the same actuals and the report says so.
        "previous_report": f"reports/{int(year) - 1}",
        "vintage": "",
        "overrides_file": "",
        "data_cutoff": "",
    }


def validate_params(raw: Any, source: str = "<params>") -> dict:
    """Check keys and types; return the parameters with defaults filled in.

    >>> validate_params({"year": 2023, "language": "fr"}, "params/2023.yaml")
    Traceback (most recent call last):
    ...
    dayao_data.runner.ParamsError: params/2023.yaml: key 'language': must be one of zh, en (got 'fr')
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ParamsError(source, None, f"must be a mapping of keys to values, not {type(raw).__name__}")
    unknown = [k for k in raw if k not in PARAM_KEYS and k != "params_file"]
    if unknown:
        raise ParamsError(source, str(unknown[0]), f"unknown key (known keys: {', '.join(PARAM_KEYS)})")
    if "year" not in raw:
        raise ParamsError(source, "year", "is required (the assessment year, e.g. 2023)")
    for key, value in raw.items():
        if key == "params_file":
            continue
        expected, _, what = PARAM_KEYS[key]
        if value is None and key != "year":
            continue  # an empty value in YAML means "the default"
        if isinstance(value, bool) or not isinstance(value, expected):
            names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
            raise ParamsError(source, key, f"must be {names} ({what}), got {value!r}")
    params = default_params(raw["year"])
    params.update({k: v for k, v in raw.items() if v is not None})
    for key in ("actuals_files", "notebooks"):
        for i, item in enumerate(params[key]):
            if not isinstance(item, str) or not item.strip():
                raise ParamsError(source, key, f"item {i + 1} must be a non-empty string, got {item!r}")
    if not params["actuals_files"]:
        raise ParamsError(source, "actuals_files", 'must list at least one file (or "example")')
    if params["language"] not in LANGUAGES:
        raise ParamsError(source, "language", f"must be one of {', '.join(LANGUAGES)} (got {params['language']!r})")
    params["band"] = float(params["band"])
    if not 0 <= params["band"] < 1:
        raise ParamsError(source, "band", f"must be between 0 and 1, e.g. 0.10 (got {params['band']})")
    from dayao_data.coverage import data_cutoff

    try:
        params["data_cutoff"] = data_cutoff(params["data_cutoff"]) or ""
    except ValueError as exc:
        raise ParamsError(source, "data_cutoff", str(exc)) from None
    # year 0 stands for "the plan's mid-point" (mid-term) or "the target year" (final): the evaluation
    # resolves it against the plan (dayao_data.evaluation_run.evaluation_params); a yearly report refuses it.
    if params["year"] != 0 and not 1900 < params["year"] < 2200:
        raise ParamsError(
            source,
            "year",
            f"is not a plausible year: {params['year']} (write a year such as 2023, or 0 in a mid-term or final params file for the plan's mid-point or target year)",
        )
    return params


def load_params(path: str | Path) -> dict:
    """Read and check a params YAML file (see params/2023.yaml for the commented keys).

    The result has every key of :data:`PARAM_KEYS` (defaults filled in) plus ``params_file``, the
    absolute path of the file (hashed into the manifest).
    """
    import yaml

    path = Path(path)
    if not path.exists():
        raise ParamsError(str(path), None, "file not found (copy params/2025.yaml and change the year)")
    if path.is_dir():
        raise ParamsError(str(path), None, "is a folder, not a params file (e.g. params/2023.yaml)")
    try:
        size = path.stat().st_size
        if size > MAX_PARAMS_BYTES:
            raise ParamsError(
                str(path),
                None,
                f"is {size:,} bytes; a params file is a few hundred bytes "
                f"(at most {MAX_PARAMS_BYTES:,}) — is this the right file?",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ParamsError(str(path), None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParamsError(
            str(path),
            None,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "save it as UTF-8 (in Notepad: Save as → Encoding UTF-8)",
        ) from None
    try:
        raw = yaml.load(text, Loader=_params_loader())  # noqa: S506 — a SafeLoader that refuses duplicate keys
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ParamsError(str(path), None, f"not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    params = validate_params(raw, str(path))
    params["params_file"] = str(path.resolve())
    return params


#: A params file larger than this is refused (bytes): it is a dozen short keys.
MAX_PARAMS_BYTES = 1_000_000

_PARAMS_LOADER = None


def _params_loader():
    """yaml.SafeLoader that refuses a key given twice in one mapping (as the plan loader does).

    With plain safe_load the last one wins: ``year: 2023`` then ``year: 2024`` made a 2024 report
    from a file whose first line says 2023.
    """
    global _PARAMS_LOADER
    if _PARAMS_LOADER is None:
        import yaml

        class ParamsLoader(yaml.SafeLoader):
            pass

        def construct_mapping(loader, node, deep=False):
            loader.flatten_mapping(node)
            seen = {}
            for key_node, _ in node.value:
                key = loader.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the constructor below says so
                    continue
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        f"while reading a mapping (line {first.line + 1})",
                        node.start_mark,
                        f"duplicate key {key!r} (first on line {first.line + 1}): say each key once",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark
            return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

        ParamsLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
        _PARAMS_LOADER = ParamsLoader
    return _PARAMS_LOADER


def params_path(year: int, project_root: Path | None = None) -> Path:
    from dayao_data.sources import project_root as _root

    return Path(project_root or _root()) / "params" / f"{int(year)}.yaml"


# --------------------------------------------------------------------------------------------
# Results and errors
# --------------------------------------------------------------------------------------------


class ReportRunError(RuntimeError):
    """A run that failed; says which year, notebook and cell, and where the failed output is."""

    def __init__(
        self,
        year: int,
        message: str,
        *,
        notebook: str | None = None,
        cell_index: int | None = None,
        execution_count: int | None = None,
        ename: str | None = None,
        evalue: str | None = None,
        failed_dir: Path | None = None,
    ):
        self.year, self.notebook, self.cell_index, self.execution_count = year, notebook, cell_index, execution_count
        self.ename, self.evalue, self.failed_dir = ename, evalue, failed_dir
        self.message = message
        super().__init__(self._text())

    def _text(self) -> str:
        text = f"report {self.year} failed: {self.message}"
        if self.failed_dir:
            text += f"\n  the failed run is kept in {self.failed_dir}"
        return text

    def __reduce__(self):  # picklable across worker processes
        return (
            _rebuild_error,
            (
                self.year,
                self.message,
                self.notebook,
                self.cell_index,
                self.execution_count,
                self.ename,
                self.evalue,
                self.failed_dir,
            ),
        )


def _rebuild_error(year, message, notebook, cell_index, execution_count, ename, evalue, failed_dir):
    return ReportRunError(
        year,
        message,
        notebook=notebook,
        cell_index=cell_index,
        execution_count=execution_count,
        ename=ename,
        evalue=evalue,
        failed_dir=failed_dir,
    )


@dataclass
class RunResult:
    """What one year's run produced (or why it did not)."""

    year: int
    ok: bool
    output_dir: Path | None = None
    failed_dir: Path | None = None
    error: str | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    notebook_seconds: dict[str, float] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    illustrative: bool = False
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if not self.ok:
            return self.error or f"report {self.year} failed"
        lines = [f"report {self.year}: {self.output_dir}  ({self.seconds:.1f} s)"]
        for name in (
            "report.pdf",
            "report.html",
            "report.docx",
            "brief.pdf",
            "brief.docx",
            "assess.xlsx",
            "assess.csv",
            "actuals-used.csv",
            "manifest.json",
        ):
            if name in self.outputs:
                lines.append(f"  {name}")
        if self.illustrative:
            lines.append("  note: illustrative (示例) data — not for official use")
        for w in self.warnings:
            lines.append(f"  warning: {w}")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The kernel, started once and reused
# --------------------------------------------------------------------------------------------

# Imported once when the kernel starts, while the parent process loads the plan and the actuals.
# Each notebook imports them again (cheap: they are in sys.modules).  Optional modules are
# skipped when absent so that a half-built package still gets its honest error in the notebook.
_WARMUP_CODE = """
def __dayao_warmup():
    import importlib, sys
    if "jsonschema" not in sys.modules:  # see dayao_data.runner.skip_unused_format_checkers
        sys.modules.setdefault("rfc3987_syntax", None)
    import pandas, matplotlib, matplotlib.pyplot
    for name in ("dayao_data", "dayao_data.plan", "dayao_data.actuals", "dayao_data.progress",
                 "dayao_data.summary", "dayao_data.display", "dayao_data.sources", "dayao_data.fonts",
                 "dayao_data.charts", "dayao_data.i18n", "dayao_data.tables", "dayao_data.show",
                 "dayao_data.context"):
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
            stale = (not pid_alive(int(m.group(1)))) if m.group(1) else time.time() - st.st_mtime > _LEGACY_TMP_AGE
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


# --------------------------------------------------------------------------------------------
# Folders: temporary, failed, old, final
# --------------------------------------------------------------------------------------------


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
_LEGACY_TMP_AGE = 24 * 3600


def _abandoned_tmp(folder: Path, name: str) -> bool:
    """True for a run's temporary folder whose process no longer runs."""
    m = re.fullmatch(rf"\.tmp-{re.escape(name)}-(\d+)-[0-9a-f]+", folder.name)
    if m:
        return not pid_alive(int(m.group(1)))
    if re.fullmatch(rf"\.tmp-{re.escape(name)}-[0-9a-f]{{8}}", folder.name):  # before process ids were in the name
        with contextlib.suppress(OSError):
            return time.time() - folder.stat().st_mtime > _LEGACY_TMP_AGE
    return False


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


def _promote(tmp: Path, final: Path) -> None:
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


def _keep_failed(tmp: Path, name: int | str, message: str) -> Path:
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


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


def _resolve_notebooks(params: dict, project_root: Path) -> list[Path]:
    names = params.get("notebooks") or []
    if not names:
        found = sorted((project_root / "notebooks").glob("*.ipynb"))
        if not found:
            raise ReportRunError(params["year"], f"no notebooks found in {project_root / 'notebooks'}")
        return found
    paths = []
    for name in names:
        p = Path(name)
        if not p.is_absolute():
            p = project_root / p if (project_root / p).exists() or "/" in name else project_root / "notebooks" / p
        if p.suffix != ".ipynb" and not p.exists():
            p = p.with_suffix(".ipynb")
        if not p.exists():
            raise ReportRunError(
                params["year"],
                f"notebook not found: {name} (looked at {p}); see 'notebooks' in {params.get('params_file', 'the params')}",
            )
        paths.append(p)
    return paths


def _rel(path: Path | str, root: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(p)


def _git_state(root: Path) -> dict | None:
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        if commit.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return {
            "commit": commit.stdout.strip(),
            "dirty": bool(status.stdout.strip()) if status.returncode == 0 else None,
        }
    except (OSError, subprocess.SubprocessError):
        return None


def _file_record(role: str, path: Path, root: Path, **extra: Any) -> dict:
    stat = path.stat()
    record = {
        "role": role,
        "path": _rel(path, root),
        "sha256": sha256_file(path),
        "bytes": stat.st_size,
        "modified": _dt.datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds"),
        **extra,
    }
    if role == "actuals":
        from dayao_data.store import read_export_vintage

        vintage = read_export_vintage(path)  # an export of the actuals store names its data vintage
        if vintage is not None:
            record["vintage"] = vintage.to_dict()
            record["vintage_label"] = vintage.label("zh")
    return record


_MISSING_GLYPH = re.compile(r"Glyph \d+ .*missing from (current )?font|missing from font", re.I)


def _notebook_warnings(nb, name: str) -> list[str]:
    """Warnings the kernel printed to stderr that the report must not hide (missing glyphs above all)."""
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = out.get("text", "")
                for line in str(text).splitlines():
                    if _MISSING_GLYPH.search(line):
                        found.append(f"{name} cell {index}: {line.strip()}")
    return found


# --------------------------------------------------------------------------------------------
# One year
# --------------------------------------------------------------------------------------------


def _bar(total: int, desc: str, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="step", leave=False, file=sys.stderr)


@dataclass
class _Run:
    """One year's run in progress: where it writes, what it has loaded, how long each step took."""

    params: dict
    root: Path
    final: Path
    tmp: Path
    make_pdf: bool = True
    kind: str = "yearly"
    subtitle: Any = None
    layout: str | None = None  # None: dayao_data.report.layout.default_layout(kind)
    started: _dt.datetime = field(default_factory=lambda: _dt.datetime.now().astimezone())
    t_start: float = field(default_factory=time.perf_counter)
    timings: dict[str, float] = field(default_factory=dict)
    notebooks: list[Path] = field(default_factory=list)
    bar: Any = None
    # filled by _execute
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.params["year"]

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)


def _destination(params: dict, root: Path, reports_dir, kind: str = "yearly", allow_outside: bool = False) -> Path:
    """The report folder of a run, checked before anything is written (a report replaces its folder,
    so the folder must be its own: :func:`dayao_data.confine.check_output_folder`)."""
    year = params["year"]
    if reports_dir:
        what, final = "--output", Path(reports_dir) / (str(year) if kind == "yearly" else kind)
    else:
        source = params.get("params_file") or "<params>"
        what, final = f"{Path(source).name}: output_folder", Path(params["output_folder"])
    final = final if final.is_absolute() else root / final
    if params.get("language") == "en" and not final.name.endswith(ENGLISH_SUFFIX):
        # An English report is written beside the Chinese one (reports/2024-en/), never over it.
        final = final.with_name(final.name + ENGLISH_SUFFIX)
    return check_output_folder(final, root, kind=kind, year=year, allow_outside=allow_outside, what=what)


#: The English report of a run goes into its own folder: the Chinese folder's name plus this.
ENGLISH_SUFFIX = "-en"


#: A previous report's assess.csv larger than this is refused (bytes; one is about 100 kB).
MAX_PREVIOUS_BYTES = 50_000_000
PREVIOUS_COLUMNS = ("indicator_id", "status", "value", "data_year")


def check_inputs(params: dict, root: Path) -> None:
    """The files the params name, checked before anything runs; a problem names the params key.

    ``plan_file`` and every ``actuals_files`` path must be a file (not a folder, not missing).
    ``previous_report`` may be missing (the plan's first year, or last year not built: last
    year is then recomputed and the report says where it looked), but when it exists it must be
    a report folder with an ``assess.csv`` (or that CSV itself) that reads as an assess table.
    """
    from dayao_data.sources import EXAMPLE, STORE, resolve_path

    source = params.get("params_file") or "<params>"
    if params.get("plan_file"):
        plan = resolve_path(params["plan_file"], root)
        if plan.is_dir():
            raise ParamsError(source, "plan_file", f"{plan} is a folder, not a plan file (name the .yaml file itself)")
        if not plan.exists():
            raise ParamsError(source, "plan_file", f"file not found: {plan}")
        from dayao_data.plan import PlanError, load_plan

        try:  # a plan that cannot be read is refused before any folder is made
            load_plan(plan)
        except PlanError as exc:
            raise ParamsError(source, "plan_file", str(exc)) from None
    for item in params.get("actuals_files") or []:
        if str(item).strip() in (EXAMPLE, STORE):
            continue
        path = resolve_path(str(item).strip(), root)
        if path.is_dir():
            raise ParamsError(
                source, "actuals_files", f"{path} is a folder, not an actuals file (name the .csv or .xlsx file)"
            )
        if not path.exists():
            raise ParamsError(source, "actuals_files", f"file not found: {path} (item {item!r})")
    previous = str(params.get("previous_report") or "").strip()
    if previous:
        _check_previous_report(resolve_path(previous, root), source)


def _check_previous_report(path: Path, source: str) -> None:
    import csv
    import io

    key = "previous_report"
    if not path.exists():
        return
    if path.is_dir():
        csv_path = path / "assess.csv"
        if not csv_path.is_file():
            raise ParamsError(
                source,
                key,
                f"{path} has no assess.csv: it is not a report folder (give last year's "
                'report folder, e.g. reports/2022, or "" for none)',
            )
    else:
        csv_path = path
        if path.suffix.lower() != ".csv":
            raise ParamsError(source, key, f"{path} is neither a report folder nor an assess.csv")
    try:
        size = csv_path.stat().st_size
        if size > MAX_PREVIOUS_BYTES:
            raise ParamsError(source, key, f"{csv_path} is {size:,} bytes, too large for an assess table")
        text = csv_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParamsError(source, key, f"{csv_path} is not UTF-8 text: not an assess.csv written by dayao") from None
    except OSError as exc:
        raise ParamsError(source, key, f"{csv_path} cannot be read: {exc.strerror or exc}") from None
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        header = next(rows, [])
        width = len(header)
        for n, row in enumerate(rows, start=2):
            if row and len(row) != width:
                raise ParamsError(
                    source, key, f"{csv_path} line {n} has {len(row)} fields, the header {width}: not an assess table"
                )
    except csv.Error as exc:
        raise ParamsError(source, key, f"{csv_path} is not a readable CSV: {exc}") from None
    missing = [c for c in PREVIOUS_COLUMNS if c not in header]
    if missing:
        raise ParamsError(source, key, f"{csv_path} is not an assess table (missing columns {', '.join(missing)})")


def _begin(
    params: dict,
    project_root,
    reports_dir,
    make_pdf: bool,
    kind: str = "yearly",
    subtitle: Any = None,
    allow_outside: bool = False,
) -> _Run:
    """Check the parameters, find the destination, repair a crashed promotion, make the tmp folder."""
    from dayao_data.sources import project_root as _default_root

    t_start = time.perf_counter()
    source = params.get("params_file") or "<params>"
    params = validate_params(params, source)
    year = params["year"]
    root = Path(project_root).resolve() if project_root else _default_root()
    final = _destination(params, root, reports_dir, kind, allow_outside)
    check_inputs(params, root)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        recovered = recover(final.parent, final.name)
        if recovered:
            log.warning(recovered)
        tmp = final.parent / f".tmp-{final.name}-{os.getpid()}-{secrets.token_hex(4)}"
        tmp.mkdir()
    except OSError as exc:
        raise ReportRunError(year, f"cannot write in {final.parent}: {describe_os_error(exc)}") from None
    return _Run(
        params=params, root=root, final=final, tmp=tmp, make_pdf=make_pdf, t_start=t_start, kind=kind, subtitle=subtitle
    )


def _fail(run: _Run, exc: BaseException) -> ReportRunError:
    """Keep what the run produced in .failed-<year>-<time>/ and say what failed."""
    if run.bar is not None:
        run.bar.close()
    message = _failure_message(exc, run.year)
    detail = message if isinstance(exc, ReportRunError) else message + "\n\n" + traceback.format_exc()
    try:
        failed = _keep_failed(run.tmp, run.final.name, detail)
    except FailedDirError as kept:
        failed = kept.folder
        message += f"\n  ({kept.why})"
    if isinstance(exc, ReportRunError):
        return ReportRunError(
            run.year,
            message,
            notebook=exc.notebook,
            cell_index=exc.cell_index,
            execution_count=exc.execution_count,
            ename=exc.ename,
            evalue=exc.evalue,
            failed_dir=failed,
        )
    return ReportRunError(run.year, message, failed_dir=failed)


def run_report(
    params: dict,
    *,
    project_root: str | Path | None = None,
    reports_dir: str | Path | None = None,
    progress: bool = True,
    session: KernelSession | None = None,
    pdf: bool = True,
    kind: str = "yearly",
    subtitle: str | Mapping[str, str] | None = None,
    allow_outside: bool = False,
    layout: str | None = None,
) -> RunResult:
    """Run one year's notebooks and build its report folder atomically.

    Parameters
    ----------
    params
        From :func:`load_params` (or :func:`validate_params`): year, plan_file, actuals_files,
        output_folder, language, band, notebooks, previous_report.
    project_root
        The project folder: relative paths in params are taken from here (default:
        :func:`dayao_data.sources.project_root`).
    reports_dir
        Put the report in ``reports_dir/<year>/`` instead of params' ``output_folder``.
    progress
        Show a progress bar on stderr.
    session
        A started :class:`KernelSession` to reuse; by default one is started for this run (in the
        background, while this process loads the inputs) and shut down at the end.
    pdf
        Build report.pdf (False: everything else, for a quick check of the notebooks).
    kind, subtitle
        What the report is (``"yearly"``, ``"midterm"``, ``"final"``: the manifest says so) and
        the subtitle on the cover and in the running header instead of "{year}年度实施进展监测报告"
        (a string, or one per language: ``{"zh": …, "en": …}``; ``{year}`` is filled in).
    allow_outside
        Let the output folder lie outside the project folder (``--allow-outside``).  Whatever
        this says, the folder must be new, empty or a previous report of the same kind
        (:func:`dayao_data.confine.check_output_folder`); otherwise
        :class:`~dayao_data.confine.OutputFolderError` is raised before anything is written.
    layout
        ``"standard"`` or ``"gongwen"`` (GB/T 9704, :mod:`dayao_data.report.layout`) for
        report.pdf/.html/.docx and the brief; default: gongwen for midterm and final.

    Returns
    -------
    RunResult
        with ``output_dir`` the final ``reports/<year>/``.

    Raises
    ------
    ReportRunError
        naming the notebook, cell index (counted from 0 in the notebook as written), execution
        count and exception when a cell failed, or what else went wrong.  The previous report is
        untouched; the failed run is kept in ``reports/.failed-<year>-<timestamp>/``.
    """
    run = _begin(params, project_root, reports_dir, pdf, kind, subtitle, allow_outside)
    run.layout = layout
    own_session = session is None
    try:
        run.notebooks = _resolve_notebooks(run.params, run.root)
        if own_session:
            t = time.perf_counter()
            session = KernelSession(run.root).start()
            run.timings["kernel_launch"] = time.perf_counter() - t
        run.bar = _bar(len(run.notebooks) + 3, f"report {run.year}", progress)
        _execute(run, session)
        result = _finish(run)
    except BaseException as exc:
        if own_session and session is not None:
            session.shutdown()
        error = _fail(run, exc)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise error from (exc.__cause__ if isinstance(exc, ReportRunError) else exc)
    if own_session:
        session.shutdown()
    return result


def _failure_message(exc: BaseException, year: int) -> str:
    if isinstance(exc, ReportRunError):
        return exc.message
    from dayao_data.actuals import ActualsError
    from dayao_data.plan import PlanError
    from dayao_data.text_limits import TextTooLongError

    if isinstance(exc, (ActualsError, PlanError, ParamsError, FileNotFoundError, TextTooLongError)):
        return f"the inputs cannot be used: {exc}"
    if isinstance(exc, OSError):
        return f"could not write the report: {describe_os_error(exc)}"
    return f"{type(exc).__name__}: {exc}"


def _source_cell_index(nb_path: Path, executed_index: int, source: str | None) -> int:
    """The failed cell's index in the notebook as written (papermill's counts the injected cell)."""
    try:
        import nbformat

        cells = nbformat.read(str(nb_path), as_version=4).cells
    except Exception:
        return executed_index
    matches = [i for i, c in enumerate(cells) if c.cell_type == "code" and source is not None and c.source == source]
    if matches:
        return min(matches, key=lambda i: abs(i - executed_index))
    return executed_index


def _execute(run: _Run, session: KernelSession) -> None:
    """Phase 1: inputs, tables, the notebooks.  Everything that needs the kernel."""
    # The kernel is starting and importing in another process; meanwhile this process loads and
    # checks the inputs, writes the tables (they do not depend on the notebooks) and imports
    # papermill and WeasyPrint, so that on two cores the two warm-ups overlap.
    from dayao_data.actuals import load_actuals
    from dayao_data.plan import default_plan_path, load_plan
    from dayao_data.progress import ASSESS_COLUMNS, evaluate
    from dayao_data.sources import EXAMPLE, resolve_actuals, resolve_path

    params, root, tmp, timings, year = run.params, run.root, run.tmp, run.timings, run.year

    # 1. Inputs: load and validate everything before any notebook runs (an actuals error fails here).
    t = time.perf_counter()
    plan_path = resolve_path(params["plan_file"], root) if params["plan_file"] else default_plan_path()
    plan = load_plan(plan_path)
    if year not in plan.years:
        raise ParamsError(
            params.get("params_file") or "<params>",
            "year",
            f"{year} is outside the plan period {plan.years[0]}–{plan.years[-1]}",
        )
    items = params["actuals_files"]
    actuals_paths = resolve_actuals(items, root, vintage=params.get("vintage") or None)
    for item, path in zip(items, actuals_paths):
        if not Path(path).exists():
            raise FileNotFoundError(f"actuals file not found: {path} (actuals_files item {item!r})")
    actuals = load_actuals(actuals_paths, plan)
    from dayao_data.text_limits import check_report_texts

    check_report_texts(plan, actuals)  # a field of millions of characters would hold the PDF step for many minutes
    assessment = evaluate(plan, actuals, year, band=params["band"])
    table = assessment.table[ASSESS_COLUMNS]
    illustrative = bool(actuals["illustrative"].any()) if len(actuals) else False
    previous = resolve_path(params["previous_report"], root) if params["previous_report"] else None
    from dayao_data.plan_identity import PlanMismatch, check_previous_report, check_store

    try:
        check_previous_report(plan, previous if previous is not None and previous.exists() else None)
        if any(str(i).strip() == "store" for i in items):
            from dayao_data.store import ActualsStore

            check_store(plan, ActualsStore.default())
    except PlanMismatch as exc:
        raise ParamsError(
            params.get("params_file") or "<params>",
            "previous_report" if "previous_report" in str(exc) else "actuals_files",
            str(exc),
        ) from None
    # The reviewed overrides and the data cut-off (issue 13): checked here, before any notebook runs.
    overrides_path = (
        resolve_path(params["overrides_file"], root) if str(params.get("overrides_file") or "").strip() else None
    )
    if overrides_path is not None:
        from dayao_data.overrides import OverridesError, load_overrides

        try:
            load_overrides(overrides_path, plan)
        except OverridesError as exc:
            raise ParamsError(params.get("params_file") or "<params>", "overrides_file", str(exc)) from None
    from dayao_data.coverage import data_cutoff as _data_cutoff
    from dayao_data.store import read_export_vintage

    vintages = [v for v in (read_export_vintage(p) for p in actuals_paths) if v is not None]
    cutoff = _data_cutoff(
        params.get("data_cutoff") or "", max(vintages, key=lambda v: v.received_at) if vintages else None
    )
    actuals_records = [
        _file_record("actuals", Path(p), root, item=str(i), illustrative_example=str(i).strip() == EXAMPLE)
        for i, p in zip(items, actuals_paths)
    ]
    timings["inputs"] = time.perf_counter() - t

    # 2. The tables: assess.csv / assess.xlsx / actuals-used.csv.
    t = time.perf_counter()
    from dayao_data.excel import safe_frame
    from dayao_data.report.xlsx import write_assess_xlsx
    from dayao_data.summary import binding_alarms

    generated = _dt.datetime.now().astimezone()
    # CSVs for Excel in China: UTF-8 with a BOM; assess.csv has exactly the assess columns.
    # Text is neutralised so that nothing a plan or a department typed can run as a formula in Excel.
    # Twelve significant digits: 0.8 rather than 0.7999999999999972 (binary float noise), and still
    # the engine's figure to one part in 10^12.
    atomic_write_text(
        tmp / "assess.csv",
        "\ufeff" + safe_frame(table).to_csv(index=False, lineterminator="\r\n", float_format="%.12g"),
    )
    atomic_write_text(
        tmp / "actuals-used.csv",
        "\ufeff" + safe_frame(actuals).to_csv(index=False, lineterminator="\r\n", float_format="%.12g"),
    )
    write_assess_xlsx(
        table,
        binding_alarms(table),
        tmp / "assess.xlsx",
        illustrative=illustrative,
        year=year,
        plan_title=plan.title("zh"),
        actuals=actuals_records,
        generated=generated,
        notes=assessment.notes,
    )
    timings["tables"] = time.perf_counter() - t
    run.step()

    notebook_params = {
        "year": year,
        "plan_file": str(plan_path) if params["plan_file"] else "",
        "actuals_files": [EXAMPLE if str(i).strip() == EXAMPLE else str(p) for i, p in zip(items, actuals_paths)],
        "language": params["language"],
        "band": params["band"],
        # files a notebook writes land in the report folder, replaced atomically with the rest
        "output_folder": str(tmp),
        "previous_report": str(previous) if previous else "",
        "overrides_file": str(overrides_path) if overrides_path is not None else "",
        "data_cutoff": cutoff or "",
    }

    # 3. The notebooks, one kernel for all.
    t = time.perf_counter()
    import papermill
    from papermill.exceptions import PapermillExecutionError

    if run.make_pdf:
        import dayao_data.report.pdf  # noqa: F401  (imports WeasyPrint while the kernel warms up)
    timings["imports"] = time.perf_counter() - t
    t = time.perf_counter()
    session.ready()
    timings["kernel_ready"] = time.perf_counter() - t
    executed = []
    notebook_seconds: dict[str, float] = {}
    warnings_found: list[str] = []
    # papermill warns "Passed unknown parameter" for every run parameter a notebook's parameters
    # cell does not declare (and for comments it cannot parse); the run passes the same set to all.
    pm_log = logging.getLogger("papermill")
    pm_level = pm_log.level
    pm_log.setLevel(logging.ERROR)
    try:
        for nb_path in run.notebooks:
            if run.bar is not None:
                run.bar.set_postfix_str(nb_path.stem)
            t = time.perf_counter()
            session.reset(nb_path.parent, root)
            try:
                nb = papermill.execute_notebook(
                    str(nb_path),
                    str(tmp / nb_path.name),
                    parameters=notebook_params,
                    kernel_name=session.kernel_name,
                    km=session.km,
                    progress_bar=False,
                    request_save_on_cell_execute=False,
                    execution_timeout=CELL_TIMEOUT,
                    log_output=False,
                )
            except PapermillExecutionError as exc:
                index = _source_cell_index(nb_path, exc.cell_index, exc.source)
                raise ReportRunError(
                    year,
                    f"notebook {nb_path.name} failed in cell {index} (In [{exc.exec_count}]): {exc.ename}: {exc.evalue}",
                    notebook=nb_path.name,
                    cell_index=index,
                    execution_count=exc.exec_count,
                    ename=exc.ename,
                    evalue=exc.evalue,
                ) from None
            except Exception as exc:
                raise ReportRunError(
                    year,
                    f"notebook {nb_path.name} could not be run: {type(exc).__name__}: {exc}",
                    notebook=nb_path.name,
                ) from exc
            finally:
                session.release_clients()
            notebook_seconds[nb_path.name] = time.perf_counter() - t
            warnings_found.extend(_notebook_warnings(nb, nb_path.name))
            executed.append(nb)
            run.step()
    finally:
        pm_log.setLevel(pm_level)
    timings["notebooks"] = sum(notebook_seconds.values())
    run.state.update(
        plan=plan,
        plan_path=plan_path,
        actuals=actuals,
        table=table,
        illustrative=illustrative,
        previous=previous,
        actuals_records=actuals_records,
        generated=generated,
        notebook_params=notebook_params,
        executed=executed,
        notebook_seconds=notebook_seconds,
        warnings=warnings_found,
        data_cutoff=cutoff,
    )


def _subtitle_for(subtitle: Any, language: str) -> str | None:
    if subtitle is None or isinstance(subtitle, str):
        return subtitle
    return subtitle.get(language) or subtitle.get("zh")


def _finish(run: _Run) -> RunResult:
    """Phase 2: HTML, PDF, manifest, then the atomic replacement.  No kernel needed."""
    from dayao_data import __version__
    from dayao_data.report.render import ReportInfo, render_report

    params, root, tmp, timings, year, st = run.params, run.root, run.tmp, run.timings, run.year, run.state
    actuals, table, plan = st["actuals"], st["table"], st["plan"]
    warnings_found = st["warnings"]

    # 4. The report: HTML, then PDF.
    t = time.perf_counter()
    used = actuals[actuals["year"] <= year] if len(actuals) else actuals
    latest = int(used["year"].max()) if len(used) else None
    git = _git_state(root)
    info = ReportInfo(
        year=year,
        language=params["language"],
        plan_title=plan.title(params["language"]),
        plan_short_title=plan.short_title(params["language"]),
        issuer=plan.report_author(params["language"]),
        illustrative=st["illustrative"],
        latest_data_year=latest,
        actuals=st["actuals_records"],
        generated=st["generated"],
        version=__version__,
        commit=(git or {}).get("commit"),
        band=params["band"],
        subtitle=_subtitle_for(run.subtitle, params["language"]),
        data_cutoff=st.get("data_cutoff"),
    )
    from dayao_data.report.layout import apply_layout, check_layout

    layout = check_layout(run.layout, run.kind)
    html = apply_layout(render_report(st["executed"], info), layout)
    atomic_write_text(tmp / "report.html", html)
    timings["render_html"] = time.perf_counter() - t
    run.step()

    pages = None
    if run.make_pdf:
        from dayao_data.report.pdf import write_pdf

        t = time.perf_counter()
        pdf_info = write_pdf(html, tmp / "report.pdf", base_url=str(tmp))
        timings["pdf"] = time.perf_counter() - t
        timings.update({f"pdf_{k}": v for k, v in pdf_info.timings.items()})
        warnings_found.extend(pdf_info.warnings)
        pages = pdf_info.pages
    run.step()

    # 5. The manifest: what went in, what came out, how long it took.
    previous = st["previous"]
    inputs = [_file_record("plan", Path(st["plan_path"]), root, embedded=not params["plan_file"])]
    inputs += st["actuals_records"]
    if params.get("params_file"):
        inputs.append(_file_record("params", Path(params["params_file"]), root))
    inputs += [_file_record("notebook", p, root) for p in run.notebooks]
    for name in ("assess.csv", "actuals-used.csv"):
        if previous is not None and (previous / name).exists():
            inputs.append(_file_record("previous_report", previous / name, root))
    # report.docx and the brief (brief.pdf, brief.docx), with the inputs' checksums in the properties
    from dayao_data.report.companions import write_companions

    t = time.perf_counter()
    found, companion_timings = write_companions(
        tmp,
        html,
        info=info,
        layout=layout,
        kind=run.kind,
        plan=plan,
        table=table,
        actuals=actuals,
        band=params["band"],
        inputs=inputs,
        vintage=params.get("vintage") or "",
        make_pdf=run.make_pdf,
    )
    warnings_found.extend(found)
    timings["companions"] = time.perf_counter() - t
    timings.update({f"companions_{k}": v for k, v in companion_timings.items()})
    outputs = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file() and p.name != "manifest.json")
    finished = _dt.datetime.now().astimezone()
    manifest = {
        "report": f"dayao-data {run.kind} report",
        "kind": run.kind,
        "layout": layout,
        "year": year,
        "language": params["language"],
        "illustrative": st["illustrative"],
        "package": {"name": "dayao-data", "version": __version__},
        "git": git,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "parameters": {k: params[k] for k in PARAM_KEYS},
        "plan": plan.identity,
        "params_file": _rel(params["params_file"], root) if params.get("params_file") else None,
        "notebook_parameters": {
            **st["notebook_params"],
            "output_folder": f"{_rel(run.final, root)} (built in a temporary folder)",
        },
        "inputs": inputs,
        "data": {
            "actuals_rows": int(len(actuals)),
            "latest_data_year": latest,
            "data_cutoff": st.get("data_cutoff"),
            "series_assessed": int(len(table)),
            "pdf_pages": pages,
            "status_counts": {k: int(v) for k, v in table["status"].value_counts().items()},
        },
        "started": run.started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - run.t_start, 3),
        "notebooks": [{"name": n, "seconds": round(s, 3)} for n, s in st["notebook_seconds"].items()],
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "warnings": warnings_found,
        "outputs": [{"path": n, "sha256": sha256_file(tmp / n), "bytes": (tmp / n).stat().st_size} for n in outputs],
    }
    atomic_write_text(tmp / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    if run.bar is not None:
        run.bar.close()
    _promote(tmp, run.final)
    return RunResult(
        year=year,
        ok=True,
        output_dir=run.final,
        outputs={n: run.final / n for n in outputs + ["manifest.json"]},
        notebook_seconds=st["notebook_seconds"],
        timings=timings,
        seconds=time.perf_counter() - run.t_start,
        illustrative=st["illustrative"],
        warnings=warnings_found,
    )


# --------------------------------------------------------------------------------------------
# Every year
# --------------------------------------------------------------------------------------------


def _failed_result(year: int, exc: BaseException) -> RunResult:
    if isinstance(exc, ReportRunError):
        return RunResult(year=year, ok=False, failed_dir=exc.failed_dir, error=str(exc))
    return RunResult(year=year, ok=False, error=f"report {year} failed: {type(exc).__name__}: {exc}")


def _finish_in_child(run: _Run, results) -> None:
    try:
        results.put(_finish(run))
    except BaseException as exc:  # noqa: BLE001 — reported to the parent
        results.put(_failed_result(run.year, _fail(run, exc)))


def _worker(root: str, reports_dir: str | None, make_pdf: bool, tasks, results, allow_outside: bool = False) -> None:
    """One worker of run_all: one kernel for all its years, and a pipeline of two stages.

    While the kernel runs year k+1's notebooks (phase 1), a forked child of this process lays out
    year k's PDF (phase 2; it inherits the executed notebooks, nothing is pickled).  A thread would
    not do: WeasyPrint and papermill's message handling would take turns at the GIL.  At most one
    child at a time, so a worker never has more than two busy processes.
    """
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    session = KernelSession(Path(root)).start()
    import papermill  # noqa: F401  (while the kernel starts)

    if make_pdf:
        import dayao_data.report.pdf  # noqa: F401
    child = None

    def wait_for_child() -> None:
        nonlocal child
        if child is not None:
            child.join()
            if child.exitcode != 0:  # died without reporting (killed, out of memory)
                results.put(
                    RunResult(
                        year=child.year,
                        ok=False,
                        error=f"report {child.year} failed: the PDF process died (exit code {child.exitcode})",
                    )
                )
            child = None

    try:
        while True:
            task = tasks.get()
            if task is None:
                break
            year, params = task
            try:
                run = _begin(params, root, reports_dir, make_pdf, allow_outside=allow_outside)
            except BaseException as exc:  # noqa: BLE001
                results.put(_failed_result(year, exc))
                continue
            try:
                run.notebooks = _resolve_notebooks(run.params, run.root)
                _execute(run, session)
            except BaseException as exc:  # noqa: BLE001
                results.put(_failed_result(year, _fail(run, exc)))
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise  # Ctrl-C stops the worker, not just this year
                if not session.is_alive():  # a notebook that killed the kernel: start another
                    session.shutdown()
                    session = KernelSession(Path(root)).start()
                continue
            wait_for_child()
            child = ctx.Process(target=_finish_in_child, args=(run, results), daemon=False)
            child.year = year
            child.start()
    finally:
        wait_for_child()
        session.shutdown()


def run_all(
    years: Iterable[int] | None = None,
    workers: int = 2,
    *,
    project_root: str | Path | None = None,
    reports_dir: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    progress: bool = True,
    pdf: bool = True,
    allow_outside: bool = False,
) -> list[RunResult]:
    """Every year's report (default: every params/<year>.yaml), ``workers`` processes at a time.

    Each worker process keeps one kernel for all the years it takes from a shared queue (so a
    slow year does not hold up the others), and lays out one year's PDF while its kernel runs the
    next year's notebooks.  Each year is atomic as in :func:`run_report`; a failed year does not
    stop the others (see each result's ``ok``).
    """
    import multiprocessing
    import queue as _queue

    from dayao_data.sources import project_root as _default_root

    root = Path(project_root).resolve() if project_root else _default_root()
    if years is None:
        years = sorted(int(p.stem) for p in (root / "params").glob("*.yaml") if p.stem.isdigit())
    years = list(years)
    results: dict[int, RunResult] = {}
    jobs = []
    for y in years:
        try:
            params = load_params(params_path(y, root))
            params.update(overrides or {})
            params = validate_params(params, params["params_file"])
            _destination(params, root, reports_dir, "yearly", allow_outside)  # refused before any work
            jobs.append((y, params))
        except (ParamsError, OutputFolderError) as exc:
            results[y] = RunResult(year=y, ok=False, error=f"report {y} failed: {exc}")
    workers = max(1, min(int(workers), len(jobs))) if jobs else 0
    # fork: the workers start from this process's imports; nothing here holds a kernel or a thread.
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    tasks, done = ctx.Queue(), ctx.Queue()
    for job in jobs:
        tasks.put(job)
    for _ in range(workers):
        tasks.put(None)
    rd = str(reports_dir) if reports_dir else None
    procs = [
        ctx.Process(target=_worker, args=(str(root), rd, pdf, tasks, done, allow_outside), daemon=False)
        for _ in range(workers)
    ]
    for p in procs:
        p.start()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(years), desc="reports", unit="year", file=sys.stderr, initial=len(results))
    try:
        while len(results) < len(years):
            try:
                r = done.get(timeout=2)
            except _queue.Empty:
                if not any(p.is_alive() for p in procs):
                    # a worker that died (killed, out of memory) takes its unfinished years with it
                    try:
                        while True:
                            r = done.get(timeout=1)
                            results[r.year] = r
                    except _queue.Empty:
                        pass
                    for y in years:
                        results.setdefault(
                            y, RunResult(year=y, ok=False, error=f"report {y} failed: its worker process died")
                        )
                    break
                continue
            results[r.year] = r
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        for p in procs:
            p.join(timeout=60)
            if p.is_alive():
                p.terminate()
    return [results[y] for y in years]
