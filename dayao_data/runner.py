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
Everything is built in a temporary folder ``reports/.tmp-<year>-<random>/`` beside the
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

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
    "actuals_files": (list, False, 'actuals files (CSV/XLSX); "example" = shipped illustrative data, "store" = the actuals store'),
    "output_folder": (str, False, "where the report goes (relative to the project folder), e.g. reports/2023"),
    "language": (str, False, "zh or en: the language of the report"),
    "band": ((int, float), False, "band b of the time-progress status, 0 ≤ b < 1 (default 0.10)"),
    "notebooks": (list, False, "the notebooks to run, in order (empty = every notebooks/*.ipynb)"),
    "previous_report": (str, False, 'last year\'s report folder, for revisions ("" = none)'),
    "vintage": (str, False, 'with actuals "store": the data vintage, an intake id or a date ("" = the latest)'),
    "overrides_file": (str, False, 'the reviewed overrides file (decided statuses beside the computed ones); "" = none'),
    "data_cutoff": ((str, _dt.date), False, 'the data cut-off date YYYY-MM-DD for the cover; "" = the date of the store vintage'),
}
LANGUAGES = ("zh", "en")
#: The parameters handed to every notebook (papermill injects them after the `parameters` cell).
NOTEBOOK_PARAMETERS = ("year", "plan_file", "actuals_files", "language", "band", "previous_report")


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
    if not 1900 < params["year"] < 2200:
        raise ParamsError(source, "year", f"is not a plausible year: {params['year']}")
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
    try:
        raw = yaml.safe_load(path.read_text("utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ParamsError(str(path), None, f"not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    params = validate_params(raw, str(path))
    params["params_file"] = str(path.resolve())
    return params


def params_path(year: int, project_root: Path | None = None) -> Path:
    from dayao_data.sources import project_root as _root

    return Path(project_root or _root()) / "params" / f"{int(year)}.yaml"


# --------------------------------------------------------------------------------------------
# Results and errors
# --------------------------------------------------------------------------------------------


class ReportRunError(RuntimeError):
    """A run that failed; says which year, notebook and cell, and where the failed output is."""

    def __init__(self, year: int, message: str, *, notebook: str | None = None, cell_index: int | None = None,
                 execution_count: int | None = None, ename: str | None = None, evalue: str | None = None,
                 failed_dir: Path | None = None):
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
        return (_rebuild_error, (self.year, self.message, self.notebook, self.cell_index, self.execution_count,
                                 self.ename, self.evalue, self.failed_dir))


def _rebuild_error(year, message, notebook, cell_index, execution_count, ename, evalue, failed_dir):
    return ReportRunError(year, message, notebook=notebook, cell_index=cell_index, execution_count=execution_count,
                          ename=ename, evalue=evalue, failed_dir=failed_dir)


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
        for name in ("report.pdf", "report.html", "assess.xlsx", "assess.csv", "actuals-used.csv", "manifest.json"):
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

    def start(self) -> "KernelSession":
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
        if os.name == "posix":
            import tempfile

            ip = os.path.join(tempfile.gettempdir(), f"dayao-kernel-{secrets.token_hex(6)}")
            self.km = _kernel_manager_class()(kernel_name=self.kernel_name, transport="ipc", ip=ip)
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
            raise RuntimeError(f"could not reset the kernel between notebooks: {content.get('ename')}: {content.get('evalue')}")

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

    def __enter__(self) -> "KernelSession":
        return self.start() if self.km is None else self

    def __exit__(self, *exc) -> None:
        self.shutdown()


# --------------------------------------------------------------------------------------------
# Folders: temporary, failed, old, final
# --------------------------------------------------------------------------------------------


def recover(base: Path, year: int) -> str | None:
    """Repair what a crash between the two renames of a promotion left behind.

    * ``<year>/`` missing but a ``.old-<year>-*`` folder present: the previous report is put back.
    * both present: the new report was already in place; the old copy is removed.

    Returns a sentence describing what was done, or None.
    """
    base = Path(base)
    olds = sorted(base.glob(f".old-{year}-*"))
    if not olds:
        return None
    final = base / str(year)
    if final.exists():
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)
        return f"removed {len(olds)} leftover .old-{year} folder(s)"
    newest = max(olds, key=lambda p: p.stat().st_mtime)
    os.rename(newest, final)
    for old in olds:
        if old != newest:
            shutil.rmtree(old, ignore_errors=True)
    return f"restored the previous report {final} from {newest.name} (an earlier run stopped half-way)"


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
        os.rename(final, old)
    os.rename(tmp, final)  # between the two renames a crash leaves `old`: see recover()
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _keep_failed(tmp: Path, year: int, message: str) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    failed = tmp.parent / f".failed-{year}-{stamp}"
    n = 1
    while failed.exists():
        n += 1
        failed = tmp.parent / f".failed-{year}-{stamp}-{n}"
    os.rename(tmp, failed)
    atomic_write_text(failed / "error.txt", message.rstrip() + "\n")
    return failed


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
            raise ReportRunError(params["year"], f"notebook not found: {name} (looked at {p}); see 'notebooks' in {params.get('params_file', 'the params')}")
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
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
        if commit.returncode != 0:
            return None
        status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                                capture_output=True, text=True, timeout=10)
        return {"commit": commit.stdout.strip(), "dirty": bool(status.stdout.strip()) if status.returncode == 0 else None}
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


def _begin(params: dict, project_root, reports_dir, make_pdf: bool, kind: str = "yearly", subtitle: Any = None) -> _Run:
    """Check the parameters, find the destination, repair a crashed promotion, make the tmp folder."""
    from dayao_data.sources import project_root as _default_root

    t_start = time.perf_counter()
    source = params.get("params_file") or "<params>"
    params = validate_params(params, source)
    year = params["year"]
    root = Path(project_root).resolve() if project_root else _default_root()
    final = (Path(reports_dir) / str(year)) if reports_dir else root / params["output_folder"]
    final = final.resolve() if final.is_absolute() else (root / final).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.name == str(year):
        recovered = recover(final.parent, year)
        if recovered:
            log.warning(recovered)
    tmp = final.parent / f".tmp-{year}-{secrets.token_hex(4)}"
    tmp.mkdir()
    return _Run(params=params, root=root, final=final, tmp=tmp, make_pdf=make_pdf, t_start=t_start, kind=kind,
                subtitle=subtitle)


def _fail(run: _Run, exc: BaseException) -> ReportRunError:
    """Keep what the run produced in .failed-<year>-<time>/ and say what failed."""
    if run.bar is not None:
        run.bar.close()
    message = _failure_message(exc, run.year)
    detail = message if isinstance(exc, ReportRunError) else message + "\n\n" + traceback.format_exc()
    failed = _keep_failed(run.tmp, run.year, detail)
    if isinstance(exc, ReportRunError):
        return ReportRunError(run.year, exc.message, notebook=exc.notebook, cell_index=exc.cell_index,
                              execution_count=exc.execution_count, ename=exc.ename, evalue=exc.evalue, failed_dir=failed)
    return ReportRunError(run.year, message, failed_dir=failed)


def run_report(params: dict, *, project_root: str | Path | None = None, reports_dir: str | Path | None = None,
               progress: bool = True, session: KernelSession | None = None, pdf: bool = True,
               kind: str = "yearly", subtitle: str | Mapping[str, str] | None = None) -> RunResult:
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
    run = _begin(params, project_root, reports_dir, pdf, kind, subtitle)
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

    if isinstance(exc, (ActualsError, PlanError, ParamsError, FileNotFoundError)):
        return f"the inputs cannot be used: {exc}"
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
        raise ParamsError(params.get("params_file") or "<params>", "year",
                          f"{year} is outside the plan period {plan.years[0]}–{plan.years[-1]}")
    items = params["actuals_files"]
    actuals_paths = resolve_actuals(items, root, vintage=params.get("vintage") or None)
    for item, path in zip(items, actuals_paths):
        if not Path(path).exists():
            raise FileNotFoundError(f"actuals file not found: {path} (actuals_files item {item!r})")
    actuals = load_actuals(actuals_paths, plan)
    assessment = evaluate(plan, actuals, year, band=params["band"])
    table = assessment.table[ASSESS_COLUMNS]
    illustrative = bool(actuals["illustrative"].any()) if len(actuals) else False
    previous = resolve_path(params["previous_report"], root) if params["previous_report"] else None
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
    atomic_write_text(tmp / "assess.csv", "\ufeff" + safe_frame(table).to_csv(index=False, lineterminator="\r\n", float_format="%.12g"))
    atomic_write_text(tmp / "actuals-used.csv", "\ufeff" + safe_frame(actuals).to_csv(index=False, lineterminator="\r\n", float_format="%.12g"))
    write_assess_xlsx(table, binding_alarms(table), tmp / "assess.xlsx", illustrative=illustrative, year=year,
                      plan_title=plan.title("zh"), actuals=actuals_records, generated=generated,
                      notes=assessment.notes)
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
                    str(nb_path), str(tmp / nb_path.name), parameters=notebook_params,
                    kernel_name=session.kernel_name, km=session.km, progress_bar=False,
                    request_save_on_cell_execute=False, execution_timeout=CELL_TIMEOUT, log_output=False,
                )
            except PapermillExecutionError as exc:
                index = _source_cell_index(nb_path, exc.cell_index, exc.source)
                raise ReportRunError(
                    year,
                    f"notebook {nb_path.name} failed in cell {index} (In [{exc.exec_count}]): {exc.ename}: {exc.evalue}",
                    notebook=nb_path.name, cell_index=index, execution_count=exc.exec_count,
                    ename=exc.ename, evalue=exc.evalue,
                ) from None
            except Exception as exc:
                raise ReportRunError(year, f"notebook {nb_path.name} could not be run: {type(exc).__name__}: {exc}",
                                     notebook=nb_path.name) from exc
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
        plan=plan, plan_path=plan_path, actuals=actuals, table=table, illustrative=illustrative, previous=previous,
        actuals_records=actuals_records, generated=generated, notebook_params=notebook_params, executed=executed,
        notebook_seconds=notebook_seconds, warnings=warnings_found,
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
        illustrative=st["illustrative"],
        latest_data_year=latest,
        actuals=st["actuals_records"],
        generated=st["generated"],
        version=__version__,
        commit=(git or {}).get("commit"),
        band=params["band"],
        subtitle=_subtitle_for(run.subtitle, params["language"]),
    )
    html = render_report(st["executed"], info)
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
    outputs = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file() and p.name != "manifest.json")
    finished = _dt.datetime.now().astimezone()
    manifest = {
        "report": f"dayao-data {run.kind} report",
        "kind": run.kind,
        "year": year,
        "language": params["language"],
        "illustrative": st["illustrative"],
        "package": {"name": "dayao-data", "version": __version__},
        "git": git,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "parameters": {k: params[k] for k in PARAM_KEYS},
        "params_file": _rel(params["params_file"], root) if params.get("params_file") else None,
        "notebook_parameters": {**st["notebook_params"], "output_folder": f"{_rel(run.final, root)} (built in a temporary folder)"},
        "inputs": inputs,
        "data": {
            "actuals_rows": int(len(actuals)),
            "latest_data_year": latest,
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
        year=year, ok=True, output_dir=run.final, outputs={n: run.final / n for n in outputs + ["manifest.json"]},
        notebook_seconds=st["notebook_seconds"], timings=timings, seconds=time.perf_counter() - run.t_start,
        illustrative=st["illustrative"], warnings=warnings_found,
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


def _worker(root: str, reports_dir: str | None, make_pdf: bool, tasks, results) -> None:
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
                results.put(RunResult(year=child.year, ok=False,
                                      error=f"report {child.year} failed: the PDF process died (exit code {child.exitcode})"))
            child = None

    try:
        while True:
            task = tasks.get()
            if task is None:
                break
            year, params = task
            try:
                run = _begin(params, root, reports_dir, make_pdf)
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


def run_all(years: Iterable[int] | None = None, workers: int = 2, *, project_root: str | Path | None = None,
            reports_dir: str | Path | None = None, overrides: Mapping[str, Any] | None = None,
            progress: bool = True, pdf: bool = True) -> list[RunResult]:
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
            jobs.append((y, validate_params(params, params["params_file"])))
        except ParamsError as exc:
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
    procs = [ctx.Process(target=_worker, args=(str(root), rd, pdf, tasks, done), daemon=False) for _ in range(workers)]
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
                        results.setdefault(y, RunResult(year=y, ok=False, error=f"report {y} failed: its worker process died"))
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
