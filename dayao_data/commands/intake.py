"""``dayao intake FILE ...``: validate returned forms and actuals files and record them in the actuals store.

Every problem is listed as ``file, sheet, row, column: message (expected …)``.  Nothing is taken
from a file with errors unless ``--valid-rows-only`` is given; a figure that differs from the one
on record is a conflict unless ``--accept-revisions`` is given.  ``--dry-run`` shows what would be
recorded and changes nothing.  Exit code 1 when anything was refused, 2 when the plan cannot be
loaded or the store is busy.  See docs/data-collection.md.
"""

from __future__ import annotations

import argparse
import json

from dayao_data.display import plural
from dayao_data.limits import limit
from dayao_data.safe_text import more_line, printable


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "intake",
        help="validate returned forms / actuals files and record them in the actuals store",
        description=(
            "Read returned forms (from `dayao forms`) and plain actuals files (.xlsx/.csv), check every figure, "
            "and record the accepted ones in the actuals store as new versions. Every problem is listed with "
            "file, sheet, row and column. Exit code 1 if anything was refused. See docs/data-collection.md."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="returned forms and actuals files")
    parser.add_argument(
        "--year", type=int, default=None, help="the year being collected: a form for another year is refused"
    )
    parser.add_argument(
        "--department",
        default=None,
        metavar="DEPT",
        help="the department these files come from: another department's form or rows are refused",
    )
    parser.add_argument(
        "--valid-rows-only",
        action="store_true",
        help="take the valid rows of files with row errors (and list the rest)",
    )
    parser.add_argument(
        "--accept-revisions",
        action="store_true",
        help="record a figure that differs from the one on record as a revision (a new version)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check and show what would be recorded; change nothing")
    parser.add_argument(
        "--note",
        default="",
        metavar="TEXT",
        help="a note kept with the intake (e.g. 'second batch, corrected by the health bureau')",
    )
    parser.add_argument("--plan", default=None, metavar="PLAN", help="plan file (default: the embedded Dayao plan)")
    parser.add_argument(
        "--store", default=None, metavar="DIR", help="actuals store (default: $DAYAO_STORE or data/store)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--encoding",
        default=None,
        metavar="ENC",
        help="the encoding of CSV files that are not UTF-8 (e.g. gb18030, cp1252), when it cannot be told for certain",
    )
    parser.add_argument(
        "--all", action="store_true", help="print every problem (default: the first 50, then how many more)"
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from dayao_data.collect.forms import resolve_department
    from dayao_data.collect.intake import take_in
    from dayao_data.collect.store import ActualsStore, StoreError, StoreLocked
    from dayao_data.commands.errors import command_error
    from dayao_data.excel import plain_number_text as num
    from dayao_data.plan import PlanError, load_plan

    try:
        plan = load_plan(args.plan)
    except (PlanError, FileNotFoundError) as exc:
        return command_error("dayao intake", f"the plan cannot be loaded: {exc}", 2)
    department = None
    if args.department:
        try:
            department = resolve_department(plan, args.department)
        except KeyError as exc:
            return command_error("dayao intake", exc.args[0], 2)
    if args.year is not None and args.year not in plan.years:
        return command_error(
            "dayao intake", f"--year {args.year} is outside the plan period {plan.years[0]}–{plan.years[-1]}", 2
        )
    store = ActualsStore(args.store) if args.store else ActualsStore.default()
    from dayao_data.actuals import forced_encoding

    try:
        with forced_encoding(args.encoding):
            result = take_in(
                args.files,
                plan,
                store,
                year=args.year,
                department=department,
                valid_rows_only=args.valid_rows_only,
                accept_revisions=args.accept_revisions,
                dry_run=args.dry_run,
                note=args.note,
            )
    except ValueError as exc:
        return command_error("dayao intake", f"--encoding: {exc}", 2)
    except StoreLocked as exc:
        return command_error("dayao intake", exc, 2)
    except StoreError as exc:
        return command_error("dayao intake", f"{exc}; nothing was recorded", 1)
    except OSError as exc:  # disk full, permission denied …: the store is as it was before
        return command_error(
            "dayao intake",
            f"the intake failed ({exc}); nothing was recorded and the store {store.root} is unchanged",
            1,
        )

    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1, default=str))
        return 1 if result.refused else 0

    order = {"error": 0, "warning": 1, "note": 2}
    file_order = {f.file: k for k, f in enumerate(result.files)}
    ordered = sorted(result.problems, key=lambda p: (order.get(p.severity, 3), file_order.get(p.file, 0), p.row or 0))
    shown = ordered if args.all else ordered[: limit("MAX_PROBLEMS_SHOWN")]
    for p in shown:
        label = {"error": "error", "warning": "warning"}.get(p.severity, "note")
        expected = f" (expected {p.expected})" if p.expected else ""
        print(printable(f"{p.where()}: {label}: {p.message}{expected}", multiline=True))
    if len(ordered) > len(shown):
        print(more_line(len(ordered) - len(shown)))
    if result.problems:
        print()

    def name(i: str) -> str:
        return plan.indicator(i).name_zh

    verb = "would record" if result.dry_run else "recorded"
    for c in result.new:
        assigned = f" (assigned {num(c.assigned_target)})" if c.assigned_target is not None else ""
        print(
            printable(
                f"{verb} new: {name(c.indicator)} {c.year} = {num(c.value)}{assigned} — {c.file} row {c.row}",
                multiline=True,
            )
        )
    for c, old in result.revised:
        print(
            printable(
                f"{verb} revision: {name(c.indicator)} {c.year} {num(float(old['value']))} → {num(c.value)} (supersedes version {old['version_id']}) — {c.file} row {c.row}",
                multiline=True,
            )
        )
    for c, old in result.unchanged:
        print(
            printable(
                f"unchanged: {name(c.indicator)} {c.year} = {num(c.value)} is already on record (version {old['version_id']}); skipped",
                multiline=True,
            )
        )

    for f in result.files:
        what = "form" if f.kind == "form" else ("file" if f.kind != "unreadable" else "unreadable file")
        whose = f" of {plan.department_name(f.department)}" if f.department else ""
        year = f" for {f.year}" if f.year else ""
        counts = ", ".join(plural(n, w) for n, w in ((f.errors, "error"), (f.warnings, "warning")) if n)
        counts = f" ({counts})" if counts else ""
        advice = ""
        if f.status == "refused":
            advice = " — nothing taken from it: fix it and take it in again" + (
                "" if args.valid_rows_only else " (or take its valid rows with --valid-rows-only)"
            )
        print(printable(f"{f.file}: {what}{whose}{year}: {f.status}{counts}" + advice, multiline=True))
        if f.contact:
            print(printable("  " + "；".join(f"{k}：{v}" for k, v in f.contact.items()), multiline=True))

    new, revised, unchanged = len(result.new), len(result.revised), len(result.unchanged)
    refused_files = sum(1 for f in result.files if f.status == "refused")
    tail = f"; refused: {plural(refused_files, 'file')}, {plural(result.refused_rows, 'row')}" if result.refused else ""
    counts = f"{new} new, {revised} revised, {unchanged} unchanged (already on record, skipped){tail}"
    if result.dry_run:
        print(f"dry run: {counts}; the store {store.root} was not changed")
    elif result.record is not None:
        print(f"recorded intake {result.record.intake_id} ({result.record.received_at}) in {store.root}: {counts}")
    else:
        print(f"nothing recorded: {counts}")
    return 1 if result.refused else 0
