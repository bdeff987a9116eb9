"""One report run (:func:`run_report`): check the parameters and the destination, build everything in
a temporary folder (phase 1, :mod:`dayao_data.run.execute`; phase 2, :func:`finish_run`: HTML, PDF,
companions, manifest) and move it into place atomically; a failed run is kept in .failed-."""

from __future__ import annotations

import logging
import os
import secrets
import sys
import time
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dayao_data import __version__
from dayao_data.actuals import ActualsError
from dayao_data.fsutil import atomic_write_text
from dayao_data.params import ParamsError, RunParams, check_inputs
from dayao_data.paths import project_root as _default_root
from dayao_data.plan import PlanError
from dayao_data.report.layout import apply_layout, check_layout
from dayao_data.report.render import ReportInfo, render_report
from dayao_data.run.execute import execute_run, resolve_notebooks
from dayao_data.run.folders import FailedDirError, describe_os_error, destination, keep_failed, promote, recover
from dayao_data.run.kernel import KernelSession
from dayao_data.run.manifest import file_record, git_state, write_manifest
from dayao_data.run.result import ReportRunError, Run, RunResult
from dayao_data.text_limits import TextTooLongError

log = logging.getLogger(__name__)


def _bar(total: int, desc: str, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="step", leave=False, file=sys.stderr)


def begin_run(
    params: dict,
    project_root,
    reports_dir,
    make_pdf: bool,
    kind: str = "yearly",
    subtitle: Any = None,
    allow_outside: bool = False,
) -> Run:
    """Check the parameters, find the destination, repair a crashed promotion, make the tmp folder."""

    t_start = time.perf_counter()
    source = params.get("params_file") or "<params>"
    root = Path(project_root).resolve() if project_root else _default_root()
    # a RunParams is taken as it is (validated once), its paths read against this project folder
    params = RunParams.from_mapping(params, source, root=root)
    year = params["year"]
    final = destination(params, root, reports_dir, kind, allow_outside)
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
    return Run(
        params=params, root=root, final=final, tmp=tmp, make_pdf=make_pdf, t_start=t_start, kind=kind, subtitle=subtitle
    )


def fail_run(run: Run, exc: BaseException) -> ReportRunError:
    """Keep what the run produced in .failed-<year>-<time>/ and say what failed."""
    if run.bar is not None:
        run.bar.close()
    message = _failure_message(exc, run.year)
    detail = message if isinstance(exc, ReportRunError) else message + "\n\n" + traceback.format_exc()
    try:
        failed = keep_failed(run.tmp, run.final.name, detail)
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
        :func:`dayao_data.paths.project_root`).
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
    run = begin_run(params, project_root, reports_dir, pdf, kind, subtitle, allow_outside)
    run.layout = layout
    own_session = session is None
    try:
        run.notebooks = resolve_notebooks(run.params, run.root)
        if own_session:
            t = time.perf_counter()
            session = KernelSession(run.root).start()
            run.timings["kernel_launch"] = time.perf_counter() - t
        run.bar = _bar(len(run.notebooks) + 3, f"report {run.year}", progress)
        execute_run(run, session)
        result = finish_run(run)
    except BaseException as exc:
        if own_session and session is not None:
            session.shutdown()
        error = fail_run(run, exc)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise error from (exc.__cause__ if isinstance(exc, ReportRunError) else exc)
    if own_session:
        session.shutdown()
    return result


def _failure_message(exc: BaseException, year: int) -> str:
    if isinstance(exc, ReportRunError):
        return exc.message

    if isinstance(exc, (ActualsError, PlanError, ParamsError, FileNotFoundError, TextTooLongError)):
        return f"the inputs cannot be used: {exc}"
    if isinstance(exc, OSError):
        return f"could not write the report: {describe_os_error(exc)}"
    return f"{type(exc).__name__}: {exc}"


def _subtitle_for(subtitle: Any, language: str) -> str | None:
    if subtitle is None or isinstance(subtitle, str):
        return subtitle
    return subtitle.get(language) or subtitle.get("zh")


def finish_run(run: Run) -> RunResult:
    """Phase 2: HTML, PDF, manifest, then the atomic replacement.  No kernel needed."""

    params, root, tmp, timings, year, st = run.params, run.root, run.tmp, run.timings, run.year, run.state
    actuals, table, plan = st["actuals"], st["table"], st["plan"]
    warnings_found = st["warnings"]

    # 4. The report: HTML, then PDF.
    t = time.perf_counter()
    used = actuals[actuals["year"] <= year] if len(actuals) else actuals
    latest = int(used["year"].max()) if len(used) else None
    git = git_state(root)
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
    inputs = [file_record("plan", Path(st["plan_path"]), root, embedded=not params["plan_file"])]
    inputs += st["actuals_records"]
    if params.get("params_file"):
        inputs.append(file_record("params", Path(params["params_file"]), root))
    inputs += [file_record("notebook", p, root) for p in run.notebooks]
    for name in ("assess.csv", "actuals-used.csv"):
        if previous is not None and (previous / name).exists():
            inputs.append(file_record("previous_report", previous / name, root))
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
        context=st.get("context"),
        inputs=inputs,
        vintage=params.get("vintage") or "",
        make_pdf=run.make_pdf,
    )
    warnings_found.extend(found)
    timings["companions"] = time.perf_counter() - t
    timings.update({f"companions_{k}": v for k, v in companion_timings.items()})
    outputs = write_manifest(
        run, layout=layout, git=git, inputs=inputs, latest=latest, pages=pages, warnings_found=warnings_found
    )
    if run.bar is not None:
        run.bar.close()
    promote(tmp, run.final)
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
