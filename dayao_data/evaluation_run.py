"""``dayao report --midterm`` / ``--final``: the evaluation reports, built by the yearly report's runner.

::

    dayao report --midterm                       # params/midterm.yaml → reports/midterm/
    dayao report --final --language en           # params/final.yaml   → reports/final/ (English)
    dayao report --final --output /tmp/out       # → /tmp/out/final/

Nothing here renders or writes a report itself: the params file is read and checked by
:func:`dayao_data.runner.load_params` / :func:`~dayao_data.runner.validate_params`, and
:func:`dayao_data.runner.run_report` runs the evaluation notebooks in its one reused kernel, builds
report.html and report.pdf (with the bundled CJK font), writes the manifest and moves the folder
into place atomically — exactly as for a yearly report.  The notebooks write ``midterm.xlsx`` /
``final.xlsx`` (:func:`dayao_data.show_evaluation.export_xlsx`) into the run's folder, so the
workbook is in the manifest and replaced together with the PDF.

The cover and running header name the evaluation (:data:`SUBTITLES`) and the manifest records its
kind, through ``run_report(kind=..., subtitle=...)``.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["run_midterm", "run_final", "evaluation_params", "SUBTITLES"]

#: The cover subtitle of each evaluation, per language ({year} is the evaluation year).
SUBTITLES = {
    "midterm": {"zh": "中期评估报告({year}年)", "en": "Mid-term evaluation ({year})"},
    "final": {"zh": "总结评估报告({year}年)", "en": "Final evaluation ({year})"},
}


def evaluation_params(kind: str, args, root: Path) -> dict:
    """The params of an evaluation run: params/<kind>.yaml (or --params), with the command line's overrides."""
    from dayao_data.runner import ParamsError, load_params, validate_params
    from dayao_data.sources import from_command_line, resolve_path

    path = Path(args.params) if getattr(args, "params", None) else root / "params" / f"{kind}.yaml"
    params = load_params(path)
    if getattr(args, "language", None):
        params["language"] = args.language
    if getattr(args, "actuals", None):
        params["actuals_files"] = [from_command_line(a) for a in args.actuals]
    if getattr(args, "plan", None) is not None:
        params["plan_file"] = from_command_line(args.plan)
    if getattr(args, "vintage", None):
        params["vintage"] = args.vintage
    if getattr(args, "output", None):  # recorded in the manifest; the run checks and uses --output itself
        params["output_folder"] = str(resolve_path(args.output) / kind)
    params = validate_params(params, str(path))
    from dayao_data.commands.report import _evaluation_kind
    from dayao_data.runner import check_inputs

    found = _evaluation_kind(params)
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
        params["year"] = midpoint_year(plan) if kind == "midterm" else plan.target_year
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


def _run(kind: str, args) -> int:
    from dayao_data.confine import OutputFolderError
    from dayao_data.runner import ParamsError, ReportRunError, run_report
    from dayao_data.safe_text import printable as _p
    from dayao_data.sources import project_root, resolve_path

    root = project_root()
    try:
        params = evaluation_params(kind, args, root)
    except (ParamsError, FileNotFoundError, ValueError) as exc:
        print(f"dayao report --{kind}: {_p(exc, multiline=True)}", file=sys.stderr)
        return 2
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
    except ParamsError as exc:
        print(f"dayao report --{kind}: {_p(exc, multiline=True)}", file=sys.stderr)
        return 2
    except OutputFolderError as exc:
        print(f"dayao report --{kind}: refused, nothing written: {_p(exc, multiline=True)}", file=sys.stderr)
        return 2
    except ReportRunError as exc:
        print(f"dayao report --{kind}: {_p(exc, multiline=True)}", file=sys.stderr)
        return 1
    print(_p(result.describe(), multiline=True))
    workbook = f"{kind}.xlsx"
    if workbook in result.outputs:
        print(f"  {workbook}")
    return 0


def run_midterm(args) -> int:
    """``dayao report --midterm``: params/midterm.yaml → reports/midterm/ (PDF, HTML, midterm.xlsx …)."""
    return _run("midterm", args)


def run_final(args) -> int:
    """``dayao report --final``: params/final.yaml → reports/final/ (PDF, HTML, final.xlsx …)."""
    return _run("final", args)
