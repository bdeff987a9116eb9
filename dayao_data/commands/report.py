"""``dayao report``: the yearly report, from params/<year>.yaml to reports/<year>/.

::

    dayao report --year 2023                 # params/2023.yaml → reports/2023/
    dayao report --all                       # every params/<year>.yaml, two at a time
    dayao report --year 2023 --language en --actuals data/2023-actuals.xlsx --output /tmp/out

Exit code 0 when every report was built, 1 when one failed (the previous report is kept; the
failed run is in reports/.failed-<year>-<time>/), 2 for a usage error or an output folder the run
refuses (the project, a folder holding it, params/, data/store, a non-empty folder that is not a
previous report of the same kind, or a folder outside the project without ``--allow-outside``).

``--midterm`` and ``--final`` build the evaluation reports the same way::

    dayao report --midterm                       # params/midterm.yaml → reports/midterm/
    dayao report --final --language en           # params/final.yaml   → reports/final/ (English)
    dayao report --final --output /tmp/out       # → /tmp/out/final/

Nothing here renders or writes a report itself: the params file is read and checked by
:func:`dayao_data.params.load_params` / :func:`~dayao_data.params.validate_params` (for an
evaluation also against the plan, :func:`evaluation_params`), and
:func:`dayao_data.run.run.run_report` runs the notebooks in its one reused kernel, builds
report.html and report.pdf, the workbook, the manifest, and moves the folder into place atomically.
The cover and running header of an evaluation name it (:data:`SUBTITLES`) and the manifest records
its kind, through ``run_report(kind=..., subtitle=...)``.  Errors are reported by
:mod:`dayao_data.commands.errors`.
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
    from dayao_data.paths import from_command_line

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
    """``--midterm`` / ``--final``: the evaluation's params, checks and run."""
    return run_evaluation("midterm" if args.midterm else "final", args)


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

    from dayao_data.commands.errors import report_error
    from dayao_data.params import ParamsError, evaluation_kind, load_params, params_path
    from dayao_data.paths import project_root, resolve_path
    from dayao_data.run.parallel import run_all
    from dayao_data.run.run import run_report
    from dayao_data.safe_text import printable as _p

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
        params = load_params(path, _overrides(args))  # the file and the options, validated once
        kind = evaluation_kind(params)
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
    except ParamsError as exc:
        return report_error("dayao report", exc)
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
    except Exception as exc:
        code = report_error("dayao report", exc)
        if code is None:
            raise
        return code
    print(_p(result.describe(), multiline=True))
    return 0


# --------------------------------------------------------------------------------------------
# The evaluations: --midterm, --final
# --------------------------------------------------------------------------------------------

#: The cover subtitle of each evaluation, per language ({year} is the evaluation year).
SUBTITLES = {
    "midterm": {"zh": "中期评估报告({year}年)", "en": "Mid-term evaluation ({year})"},
    "final": {"zh": "总结评估报告({year}年)", "en": "Final evaluation ({year})"},
}


def evaluation_params(kind: str, args, root: Path):
    """The params of an evaluation run: params/<kind>.yaml (or --params), with the command line's overrides."""
    from dayao_data.params import ParamsError, evaluation_kind, load_params
    from dayao_data.paths import from_command_line, resolve_path

    path = Path(args.params) if getattr(args, "params", None) else root / "params" / f"{kind}.yaml"
    overrides = {}
    if getattr(args, "language", None):
        overrides["language"] = args.language
    if getattr(args, "actuals", None):
        overrides["actuals_files"] = [from_command_line(a) for a in args.actuals]
    if getattr(args, "plan", None) is not None:
        overrides["plan_file"] = from_command_line(args.plan)
    if getattr(args, "vintage", None):
        overrides["vintage"] = args.vintage
    if getattr(args, "output", None):  # recorded in the manifest; the run checks and uses --output itself
        overrides["output_folder"] = str(resolve_path(args.output) / kind)
    params = load_params(path, overrides)  # the file and the options, validated once
    from dayao_data.params import check_inputs

    found = evaluation_kind(params)
    if found != kind:
        what = (
            f"a {found} params file"
            if found
            else "not a params file of an evaluation (its notebooks are the yearly report's)"
        )
        raise ParamsError(
            str(path),
            "notebooks",
            f"is {what}; --{kind} needs params whose notebooks are notebooks/{kind}/… (see params/{kind}.yaml)",
        )
    check_inputs(params, root)  # a plan path that is a folder, a broken previous_report: named here
    # Check the year against the plan before any notebook runs, so the message names the params file.
    from dayao_data.evaluation import midpoint_year
    from dayao_data.plan import load_plan

    plan = load_plan(resolve_path(params["plan_file"], root) if params["plan_file"] else None)
    if params["year"] == 0:  # documented: 0 = the plan's mid-point (mid-term) / its target year (final)
        params = params.replace(year=midpoint_year(plan) if kind == "midterm" else plan.target_year)
    if kind == "final" and params["year"] != plan.target_year:
        raise ParamsError(
            str(path),
            "year",
            f"the final evaluation is made in the plan's target year {plan.target_year}, not {params['year']}",
        )
    if kind == "midterm" and params["year"] not in plan.years:
        raise ParamsError(
            str(path),
            "year",
            f"{params['year']} is outside the plan period {plan.years[0]}–{plan.years[-1]} "
            f"(the mid-point is {midpoint_year(plan)})",
        )
    return params


def run_evaluation(kind: str, args) -> int:
    """``dayao report --midterm`` / ``--final``: params/<kind>.yaml → reports/<kind>/ (PDF, HTML, <kind>.xlsx …)."""
    from dayao_data.commands.errors import report_error, usage_error
    from dayao_data.params import ParamsError
    from dayao_data.paths import project_root, resolve_path
    from dayao_data.run.run import run_report
    from dayao_data.safe_text import printable as _p

    command = f"dayao report --{kind}"
    root = project_root()
    try:
        params = evaluation_params(kind, args, root)
    except (ParamsError, FileNotFoundError, ValueError) as exc:
        return usage_error(command, exc)
    try:
        # --output DIR: the report goes to DIR/<kind>/
        output = resolve_path(args.output) if getattr(args, "output", None) else None
        result = run_report(
            params,
            project_root=root,
            reports_dir=output,
            progress=not getattr(args, "quiet", False),
            pdf=not getattr(args, "no_pdf", False),
            kind=kind,
            subtitle=SUBTITLES[kind],
            allow_outside=bool(getattr(args, "allow_outside", False)),
            layout=getattr(args, "layout", None),
        )
    except Exception as exc:
        code = report_error(command, exc)
        if code is None:
            raise
        return code
    print(_p(result.describe(), multiline=True))
    workbook = f"{kind}.xlsx"
    if workbook in result.outputs:
        print(f"  {workbook}")
    return 0
