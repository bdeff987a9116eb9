"""Phase 1 of a run, everything that needs the kernel: load and check the inputs, write the tables
(assess.csv, assess.xlsx, actuals-used.csv), then run every notebook in the one kernel."""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import re
import time
from pathlib import Path
from typing import Any

from dayao_data.actuals import load_actuals
from dayao_data.collect.store import ActualsStore, read_export_vintage
from dayao_data.coverage import data_cutoff as _data_cutoff
from dayao_data.excel import write_excel_csv
from dayao_data.overrides import OverridesError, load_overrides
from dayao_data.params import ParamsError, evaluation_kind
from dayao_data.paths import EXAMPLE
from dayao_data.plan import default_plan_path, load_plan
from dayao_data.plan.identity import PlanMismatch, check_previous_report, check_store
from dayao_data.progress import ASSESS_COLUMNS
from dayao_data.report.xlsx import write_assess_xlsx
from dayao_data.run.kernel import KernelSession
from dayao_data.run.manifest import file_record
from dayao_data.run.result import ReportRunError, Run
from dayao_data.run.shared_context import save_shared, work_folder
from dayao_data.sources import resolve_actuals
from dayao_data.summary import binding_alarms
from dayao_data.text_limits import check_report_texts
from dayao_data.yearly.context import setup

#: The report kinds that are evaluations (their notebooks take show_evaluation.setup_<kind>()).
EVALUATION_KINDS = ("midterm", "final")

#: A cell that runs longer than this (seconds) is stopped and the run fails.
CELL_TIMEOUT = 1200


def resolve_notebooks(params: dict, project_root: Path) -> list[Path]:
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


_MISSING_GLYPH = re.compile(r"Glyph \d+ .*missing from (current )?font|missing from font", re.I)


def notebook_warnings(nb, name: str) -> list[str]:
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


def execute_run(run: Run, session: KernelSession) -> None:
    """Phase 1: inputs, context, tables, the notebooks.  Everything that needs the kernel.

    The run's private work folder (the shared context) lives as long as this phase.
    """
    with work_folder() as work:
        _execute(run, session, work)


def _execute(run: Run, session: KernelSession, work: Path) -> None:
    # The kernel is starting and importing in another process; meanwhile this process loads and
    # checks the inputs, writes the tables (they do not depend on the notebooks) and imports
    # papermill and WeasyPrint, so that on two cores the two warm-ups overlap.

    params, root, tmp, timings, year = run.params, run.root, run.tmp, run.timings, run.year

    # 1. Inputs: load and validate everything before any notebook runs (an actuals error fails here).
    t = time.perf_counter()
    # the paths were resolved when the parameters were built (dayao_data.params.RunParams)
    plan_path = params.plan_path or default_plan_path()
    items = params["actuals_files"]
    actuals_paths = resolve_actuals(params.actuals_paths, vintage=params.get("vintage") or None)
    previous = params.previous_path
    overrides_path = params.overrides_path

    vintages = [v for v in (read_export_vintage(p) for p in actuals_paths) if v is not None]
    cutoff = _data_cutoff(
        params.get("data_cutoff") or "", max(vintages, key=lambda v: v.received_at) if vintages else None
    )
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
    # The report's context (step 2) is tried first: it loads the plan the checks below need, so the
    # plan is parsed once.  When it fails, the checks say why in their words (naming the params key);
    # when they pass, step 2 computes it again and raises its own error.
    # what the notebooks' setup() is: an evaluation's notebooks take setup_<kind>() (whatever the layout)
    shared_kind = evaluation_kind(params) or "yearly"
    early = _compute_or_none(shared_kind, notebook_params, root)
    plan = early[1].plan if early is not None else load_plan(plan_path)
    if year not in plan.years:
        raise ParamsError(
            params.get("params_file") or "<params>",
            "year",
            f"{year} is outside the plan period {plan.years[0]}–{plan.years[-1]}",
        )
    for item, path in zip(items, actuals_paths):
        if not Path(path).exists():
            raise FileNotFoundError(f"actuals file not found: {path} (actuals_files item {item!r})")
    actuals = load_actuals(actuals_paths, plan)

    check_report_texts(plan, actuals)  # a field of millions of characters would hold the PDF step for many minutes
    illustrative = bool(actuals["illustrative"].any()) if len(actuals) else False

    try:
        check_previous_report(plan, previous if previous is not None and previous.exists() else None)
        if any(str(i).strip() == "store" for i in items):
            check_store(plan, ActualsStore.default())
    except PlanMismatch as exc:
        raise ParamsError(
            params.get("params_file") or "<params>",
            "previous_report" if "previous_report" in str(exc) else "actuals_files",
            str(exc),
        ) from None
    # The reviewed overrides and the data cut-off (issue 13): checked here, before any notebook runs.
    if overrides_path is not None:
        try:
            load_overrides(overrides_path, plan)
        except OverridesError as exc:
            raise ParamsError(params.get("params_file") or "<params>", "overrides_file", str(exc)) from None
    actuals_records = [
        file_record("actuals", Path(p), root, item=str(i), illustrative_example=str(i).strip() == EXAMPLE)
        for i, p in zip(items, actuals_paths)
    ]
    timings["inputs"] = time.perf_counter() - t

    # 2. The report's context, computed once (dayao_data.run.shared_context): the notebooks read it
    #    back instead of assessing again, and the tables below are written from the same object.
    t = time.perf_counter()
    shared, context = early if early is not None else compute_shared(shared_kind, notebook_params, root)
    assessment = context.assessment
    table = assessment.table[ASSESS_COLUMNS]
    notebook_params["context_file"] = str(save_shared(shared, work, shared_kind, notebook_params))
    timings["context"] = time.perf_counter() - t

    # 3. The tables: assess.csv / assess.xlsx / actuals-used.csv, and an evaluation's workbook.
    t = time.perf_counter()

    generated = _dt.datetime.now().astimezone()
    # CSVs for Excel in China (dayao_data.excel.excel_csv_text); assess.csv has exactly the assess columns.
    write_excel_csv(tmp / "assess.csv", table)
    write_excel_csv(tmp / "actuals-used.csv", actuals)
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
    if shared_kind in EVALUATION_KINDS:  # midterm.xlsx / final.xlsx: the runner owns every report's workbook
        write_evaluation_workbook(shared, tmp)
    timings["tables"] = time.perf_counter() - t
    run.step()

    # 4. The notebooks, one kernel for all.
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
            warnings_found.extend(notebook_warnings(nb, nb_path.name))
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
        context=context,
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


@contextlib.contextmanager
def _project_home(root: Path):
    """``$DAYAO_HOME`` set to the run's project folder, as in the kernel (setup() shows paths relative to it)."""
    before = os.environ.get("DAYAO_HOME")
    os.environ["DAYAO_HOME"] = str(root)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("DAYAO_HOME", None)
        else:
            os.environ["DAYAO_HOME"] = before


def compute_shared(kind: str, notebook_params: dict, root: Path) -> tuple[Any, Any]:
    """What the notebooks' setup() would compute, computed here once: ``(object, its ReportContext)``.

    A yearly report: :func:`dayao_data.yearly.context.setup`; an evaluation:
    :func:`dayao_data.evaluation.setup_midterm` / ``setup_final`` (the Evaluation, whose
    ``ctx`` is the context), called with the very parameters the notebooks receive.
    """
    with _project_home(root):
        if kind in EVALUATION_KINDS:
            from dayao_data.evaluation.context import setup_final, setup_midterm

            make = setup_midterm if kind == "midterm" else setup_final
            evaluation = make(**notebook_params)
            return evaluation, evaluation.ctx

        context = setup(**notebook_params)
        return context, context


def _compute_or_none(kind: str, notebook_params: dict, root: Path) -> tuple[Any, Any] | None:
    """:func:`compute_shared`, or None when it raises (the runner's own checks then report why)."""
    try:
        return compute_shared(kind, notebook_params, root)
    except Exception:  # noqa: BLE001 — reported by the checks, or raised again by compute_shared
        return None


def write_evaluation_workbook(evaluation: Any, folder: Path) -> Path:
    """midterm.xlsx / final.xlsx of a computed Evaluation, into the run's folder (what the annex
    notebook's ``show.export_xlsx(ev)`` used to write; the same sheets, the same writer)."""
    from dayao_data.evaluation.workbook import write_workbook

    return write_workbook(evaluation, folder)
