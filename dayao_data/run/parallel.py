"""Every year at once (:func:`run_all`): worker processes, each with one kernel for all its years, lay
out one year's PDF in a forked child while the kernel runs the next year's notebooks."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from dayao_data.confine import OutputFolderError
from dayao_data.params import ParamsError, load_params, params_path
from dayao_data.paths import project_root as _default_root
from dayao_data.run.execute import execute_run, resolve_notebooks
from dayao_data.run.folders import destination
from dayao_data.run.kernel import KernelSession
from dayao_data.run.result import ReportRunError, Run, RunResult
from dayao_data.run.run import begin_run, fail_run, finish_run


def _failed_result(year: int, exc: BaseException) -> RunResult:
    if isinstance(exc, ReportRunError):
        return RunResult(year=year, ok=False, failed_dir=exc.failed_dir, error=str(exc))
    return RunResult(year=year, ok=False, error=f"report {year} failed: {type(exc).__name__}: {exc}")


def _finish_in_child(run: Run, results) -> None:
    try:
        results.put(finish_run(run))
    except BaseException as exc:  # noqa: BLE001 — reported to the parent
        results.put(_failed_result(run.year, fail_run(run, exc)))


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
                run = begin_run(params, root, reports_dir, make_pdf, allow_outside=allow_outside)
            except BaseException as exc:  # noqa: BLE001
                results.put(_failed_result(year, exc))
                continue
            try:
                run.notebooks = resolve_notebooks(run.params, run.root)
                execute_run(run, session)
            except BaseException as exc:  # noqa: BLE001
                results.put(_failed_result(year, fail_run(run, exc)))
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

    root = Path(project_root).resolve() if project_root else _default_root()
    if years is None:
        years = sorted(int(p.stem) for p in (root / "params").glob("*.yaml") if p.stem.isdigit())
    years = list(years)
    results: dict[int, RunResult] = {}
    jobs = []
    for y in years:
        try:
            params = load_params(params_path(y, root), overrides)  # validated once, with the overrides
            destination(params, root, reports_dir, "yearly", allow_outside)  # refused before any work
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
