"""``dayao forms --year 2024 [-o DIR]``: write the year's data-collection form (填报表) of every department.

One XLSX per department, named ``2024-大姚县教育体育局-填报表.xlsx``: only that department's
series, the plan's figures and the figures already in the actuals store prefilled and locked, input
cells with Excel data validation, instructions in Chinese on the first sheet, and the form's
identity (plan, department, year) recorded in the file for ``dayao intake``.  See
docs/data-collection.md.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "forms",
        help="write the year's data-collection form (填报表, XLSX) for each department",
        description=(
            "Write one XLSX form per responsible department for one year: its series with the plan's "
            "baseline and target and the figures on record prefilled and locked, input cells validated, "
            "instructions in Chinese. Return the filled forms with `dayao intake`. See docs/data-collection.md."
        ),
    )
    parser.add_argument("--year", type=int, required=True, help="the year whose figures are collected (e.g. 2024)")
    parser.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="DIR",
        help="folder for the forms (default: forms/<year>/ in the project folder)",
    )
    parser.add_argument(
        "--department",
        action="append",
        default=None,
        metavar="DEPT",
        help="only this department (id, full or short Chinese name; repeatable); default: every department with series",
    )
    parser.add_argument(
        "--extended",
        action="store_true",
        help="also the chapters' quantified targets (extended catalogue), not only the headline table",
    )
    parser.add_argument("--plan", default=None, metavar="PLAN", help="plan file (default: the embedded Dayao plan)")
    parser.add_argument(
        "--store",
        default=None,
        metavar="DIR",
        help="actuals store whose figures prefill earlier years (default: $DAYAO_STORE or data/store)",
    )
    parser.add_argument("--no-prefill", action="store_true", help="do not prefill the figures on record")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="overwrite forms of the same name already in the folder (default: refuse, naming them)",
    )
    parser.add_argument(
        "--return-to", default=None, metavar="TEXT", help="whom the forms go back to (default: the plan's issuer)"
    )
    parser.add_argument(
        "--deadline", default=None, metavar="TEXT", help="by when, as printed in the instructions (e.g. 2025年3月31日)"
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dayao_data.collect.forms import department_series, resolve_department, write_forms
    from dayao_data.collect.store import ActualsStore, StoreError
    from dayao_data.paths import project_root
    from dayao_data.plan import PlanError, load_plan
    from dayao_data.safe_text import printable

    try:
        plan = load_plan(args.plan)
    except (PlanError, FileNotFoundError) as exc:
        print(f"dayao forms: the plan cannot be loaded: {printable(exc)}", file=sys.stderr)
        return 2
    if args.year not in plan.years:
        print(
            f"dayao forms: --year {args.year} is outside the plan period {plan.years[0]}–{plan.years[-1]}",
            file=sys.stderr,
        )
        return 2
    try:
        departments = [resolve_department(plan, d) for d in args.department] if args.department else None
    except KeyError as exc:
        print(f"dayao forms: {printable(exc.args[0])}", file=sys.stderr)
        return 2
    store = None
    if not args.no_prefill:
        store = ActualsStore(args.store) if args.store else ActualsStore.default()
    out_dir = Path(args.output) if args.output else project_root() / "forms" / str(args.year)
    try:
        written = write_forms(
            plan,
            args.year,
            out_dir,
            departments=departments,
            extended=args.extended,
            store=store,
            return_to=args.return_to,
            deadline=args.deadline,
            replace=args.replace,
        )
    except FileExistsError as exc:
        print(
            f"dayao forms: {printable(exc)}; nothing written — pass --replace to write them again, "
            "or choose another folder with -o",
            file=sys.stderr,
        )
        return 2
    except OSError as exc:
        from dayao_data.fsutil import describe_os_error

        print(
            f"dayao forms: could not write the forms in {printable(out_dir)}: {printable(describe_os_error(exc))}",
            file=sys.stderr,
        )
        return 1
    except (StoreError, ValueError) as exc:
        print(f"dayao forms: {printable(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # openpyxl's IllegalCharacterError: a control character in the plan's text
        if type(exc).__name__ != "IllegalCharacterError":
            raise
        print(
            f"dayao forms: the plan's text holds a control character that an Excel file cannot store: "
            f"{printable(exc)} — correct it in the plan file",
            file=sys.stderr,
        )
        return 1
    for dep in departments or []:
        if not department_series(plan, dep, extended=args.extended):
            print(
                f"note: {printable(plan.department_name(dep))} has no series in this catalogue; no form written"
                + ("" if args.extended else " (try --extended)")
            )
    catalogue = "all" if args.extended else "headline"
    unassigned = [i for i in plan.series(catalogue) if not i.department]
    if unassigned and not departments:
        print(
            f"warning: {len(unassigned)} series have no responsible department in the plan and are in no form: "
            + printable(", ".join(i.id for i in unassigned))
        )
    vintage = store.vintage() if store is not None and not store.is_empty() else None
    prefill = (
        f"figures on record prefilled from {vintage.label('en')}" if vintage else "no figures on record to prefill"
    )
    for f in written:
        print(f"wrote {printable(f.path)} ({len(f.indicators)} series)")
    print(f"{len(written)} form(s) for {args.year} in {printable(out_dir)}; {printable(prefill)}")
    return 0
