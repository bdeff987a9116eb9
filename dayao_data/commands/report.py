"""``dayao report``: the yearly report, from params/<year>.yaml to reports/<year>/.

::

    dayao report --year 2023                 # params/2023.yaml → reports/2023/
    dayao report --all                       # every params/<year>.yaml, two at a time
    dayao report --year 2023 --language en --actuals data/2023-actuals.xlsx --output /tmp/out

Exit code 0 when every report was built, 1 when one failed (the previous report is kept; the
failed run is in reports/.failed-<year>-<time>/), 2 for a usage error or an output folder the run
refuses (the project, a folder holding it, params/, data/store, a non-empty folder that is not a
previous report of the same kind, or a folder outside the project without ``--allow-outside``).
``--midterm`` and ``--final`` hand over to :mod:`dayao_data.evaluation` when it exists.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "report",
        help="produce the yearly report (PDF, HTML, Excel, executed notebooks) from params/<year>.yaml",
        description="Run the report notebooks for a year with the parameters in params/<year>.yaml and build "
        "reports/<year>/: report.pdf, report.html, assess.xlsx, assess.csv, actuals-used.csv, the executed "
        "notebooks and manifest.json. The previous reports/<year>/ is replaced only when everything succeeded.",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("--year", type=int, help="the assessment year (reads params/<year>.yaml)")
    which.add_argument("--all", action="store_true", help="every year that has a params/<year>.yaml, in parallel")
    p.add_argument("--params", metavar="FILE", help="a params file to use instead of params/<year>.yaml")
    which.add_argument("--midterm", action="store_true", help="the mid-term evaluation (params/midterm.yaml)")
    which.add_argument("--final", action="store_true", help="the final evaluation (params/final.yaml)")
    p.add_argument(
        "--language", choices=["zh", "en"], help="language of the report (default: as in the params file, zh)"
    )
    p.add_argument(
        "--actuals",
        nargs="+",
        metavar="FILE",
        help="actuals files instead of the params file's; 'example' = shipped illustrative data, 'store' = the actuals store",
    )
    p.add_argument("--plan", metavar="FILE", help="plan file instead of the params file's (default: the embedded plan)")
    p.add_argument(
        "--vintage",
        metavar="V",
        help="with actuals 'store': rebuild the report on an earlier data vintage "
        "(an intake id such as 20250312-001, or a date/time; default: the latest; see dayao history --intakes)",
    )
    p.add_argument(
        "--output",
        metavar="DIR",
        help="put the report in DIR/<year>/ (default: the params file's output_folder, reports/<year>); "
        "last year's report is still read from the params file's previous_report",
    )
    p.add_argument(
        "--allow-outside",
        action="store_true",
        help="let the report folder lie outside the project folder (it must still be new, empty or a previous "
        "report of the same kind: a report never replaces a folder it did not make)",
    )
    p.add_argument(
        "--workers", type=int, default=2, metavar="N", help="with --all: years run at the same time (default 2)"
    )
    p.add_argument(
        "--layout",
        choices=["standard", "gongwen"],
        help="page layout of report.pdf/.html/.docx and the brief: gongwen = GB/T 9704 official documents "
        "(A4, 仿宋 3号, 22 lines × 28 characters; default for --midterm and --final), standard = the "
        "package's own (default for the yearly report)",
    )
    p.add_argument("--no-pdf", action="store_true", help="skip report.pdf (a quick check that the notebooks run)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)
    return p


def _overrides(args) -> dict:
    from dayao_data.sources import from_command_line

    out = {}
    if args.language:
        out["language"] = args.language
    if args.actuals:
        out["actuals_files"] = [from_command_line(a) for a in args.actuals]
    if args.plan is not None:
        out["plan_file"] = from_command_line(args.plan)
    if getattr(args, "vintage", None):
        out["vintage"] = args.vintage
    return out


def _evaluation(args) -> int:
    """``--midterm`` / ``--final``: the evaluation's params, checks and run (dayao_data.evaluation_run)."""
    from dayao_data.evaluation_run import run_final, run_midterm

    return int((run_midterm if args.midterm else run_final)(args) or 0)


def run(args) -> int:
    if args.midterm or args.final:
        return _evaluation(args)
    if args.all and getattr(args, "layout", None):
        print(
            "dayao report: --layout goes with one report (--year, --params, --midterm, --final), not --all",
            file=sys.stderr,
        )
        return 2
    if args.all and args.params:
        print("dayao report: --all reads every params/<year>.yaml; --params goes with one year", file=sys.stderr)
        return 2
    if not (args.all or args.year is not None or args.params):
        print("dayao report: say which report: --year YEAR, --params FILE or --all", file=sys.stderr)
        return 2

    from dayao_data.confine import OutputFolderError
    from dayao_data.runner import (
        ParamsError,
        ReportRunError,
        load_params,
        params_path,
        run_all,
        run_report,
        validate_params,
    )
    from dayao_data.safe_text import printable as _p
    from dayao_data.sources import project_root, resolve_path

    root = project_root()
    output = resolve_path(args.output) if args.output else None
    if args.all:
        results = run_all(
            None,
            workers=args.workers,
            project_root=root,
            reports_dir=output,
            overrides=_overrides(args),
            progress=not args.quiet,
            pdf=not args.no_pdf,
            allow_outside=args.allow_outside,
        )
        if not results:
            print(f"dayao report: no params/<year>.yaml in {root / 'params'}", file=sys.stderr)
            return 2
        for r in results:
            print(_p(r.describe(), multiline=True), file=sys.stdout if r.ok else sys.stderr)
        failed = [r.year for r in results if not r.ok]
        print(
            f"{len(results) - len(failed)} of {len(results)} reports built"
            + (f"; failed: {', '.join(map(str, failed))}" if failed else "")
        )
        return 1 if failed else 0

    try:
        path = Path(args.params) if args.params else params_path(args.year, root)
        params = load_params(path)
        kind = _evaluation_kind(params)
        if kind:
            raise ParamsError(
                str(path),
                "notebooks",
                f"is a {kind} params file (its notebooks are under notebooks/{kind}/); "
                f"run dayao report --{kind} --params {path}",
            )
        if params["year"] == 0:
            raise ParamsError(
                str(path),
                "year",
                "0 (the plan's mid-point) is for a mid-term or final params file; a yearly report needs its year, e.g. 2023",
            )
        if args.year is not None and params["year"] != args.year:
            raise ParamsError(str(path), "year", f"says {params['year']}, but --year {args.year} was asked for")
        params.update(_overrides(args))
        params = validate_params(params, str(path))
    except ParamsError as exc:
        print(f"dayao report: {_p(exc, multiline=True)}", file=sys.stderr)
        return 2
    try:
        result = run_report(
            params,
            project_root=root,
            reports_dir=output,
            progress=not args.quiet,
            pdf=not args.no_pdf,
            allow_outside=args.allow_outside,
            layout=getattr(args, "layout", None),
        )
    except ParamsError as exc:
        print(f"dayao report: {_p(exc, multiline=True)}", file=sys.stderr)
        return 2
    except OutputFolderError as exc:
        print(f"dayao report: refused, nothing written: {_p(exc, multiline=True)}", file=sys.stderr)
        return 2
    except ReportRunError as exc:
        print(f"dayao report: {_p(exc, multiline=True)}", file=sys.stderr)
        return 1
    print(_p(result.describe(), multiline=True))
    return 0


def _evaluation_kind(params: dict) -> str | None:
    """``midterm``/``final`` when a params file's notebooks are an evaluation's, else None."""
    kinds = set()
    for nb in params.get("notebooks") or []:
        parts = Path(str(nb)).parts
        for kind in ("midterm", "final"):
            if kind in parts:
                kinds.add(kind)
    return kinds.pop() if len(kinds) == 1 else None
