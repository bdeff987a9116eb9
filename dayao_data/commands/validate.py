"""``dayao validate FILE [FILE ...]``: check actuals files against the plan before anything uses them.

Prints every problem of every file — grouped by file, errors before warnings — and a one-line
summary.  Exit code 1 when any error was found, 0 otherwise (also when there are only warnings),
2 when the plan itself cannot be loaded.  ``--format json`` prints the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys

from dayao_data.display import plural
from dayao_data.limits import limit
from dayao_data.plan import PlanError
from dayao_data.safe_text import more_line, printable


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "validate",
        help="check actuals files (xlsx/csv) against the plan and list every problem",
        description=(
            "Check annual actuals files (.xlsx or .csv, one row per indicator and year) against the plan: "
            "every problem in every file, with file, row and column as Excel shows them. "
            "Exit code 1 if any error, 0 otherwise. See docs/actuals-format.md."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="actuals files (.xlsx, .csv)")
    parser.add_argument(
        "--plan",
        default=None,
        metavar="PLAN",
        help="the plan the actuals are for (default: the embedded plan; give it for any other plan)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--encoding",
        default=None,
        metavar="ENC",
        help="the encoding of CSV files that are not UTF-8 (e.g. gb18030, cp1252), when it cannot be told for certain",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="print every problem (default: the first 50 of each file, then how many more)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from dayao_data.actuals import as_plan, check_files

    try:
        plan = as_plan(args.plan)
    except (PlanError, FileNotFoundError) as exc:
        print(f"dayao validate: the plan cannot be loaded: {exc}", file=sys.stderr)
        return 2
    from dayao_data.actuals import forced_encoding

    try:
        with forced_encoding(args.encoding):
            problems, rows, files = check_files(args.files, plan)
    except ValueError as exc:
        print(f"dayao validate: --encoding: {exc}", file=sys.stderr)
        return 2
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    unknown = [
        p
        for p in errors
        if p.column in ("indicator", "指标", "指标名称") or str(p.message).startswith("unknown indicator")
    ]
    # A name with an invisible character is a typo of one of this plan's names, not a sign that
    # the file belongs to another plan.
    unknown = [p for p in unknown if "invisible character" not in str(p.message)]
    foreign = args.plan is None and bool(unknown) and len(unknown) >= max(1, (len(rows) + len(unknown)) // 2)
    if foreign:
        # Most names are foreign to the embedded plan: the file is for another plan, and suggesting
        # the embedded plan's names would only mislead; the problems are listed without them.
        print(
            f"dayao validate: {len(unknown)} rows name indicators that are not in the embedded plan "
            f"({plan.short_title('zh')}). If these actuals are for another plan, say which: "
            "dayao validate FILE --plan PLAN.yaml",
            file=sys.stderr,
        )
    rows_by_file = {f: 0 for f in files}
    for r in rows:
        rows_by_file[r.file] = rows_by_file.get(r.file, 0) + 1

    if args.format == "json":
        report = {
            "ok": not errors,
            "plan": plan.id,
            "files": [{"file": f, "rows": rows_by_file.get(f, 0)} for f in files],
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.to_dict() for p in errors + warnings],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 1 if errors else 0

    for file in dict.fromkeys(files):
        mine = [p for p in problems if p.file == file]
        if not mine:
            print(f"{file}: OK ({plural(rows_by_file.get(file, 0), 'data row')})")
            continue
        print(f"{file}:")
        ordered = [p for p in mine if p.severity == "error"] + [p for p in mine if p.severity != "error"]
        shown = ordered if getattr(args, "all", False) else ordered[: limit("MAX_PROBLEMS_SHOWN")]
        for p in shown:
            location = p.location()
            label = "error" if p.severity == "error" else "warning"
            expected = f" (expected {p.expected})" if p.expected else ""
            message = str(p.message).split("; did you mean")[0] if foreign else p.message
            print(printable(f"  {label}: {location + ': ' if location else ''}{message}{expected}", multiline=True))
        if len(ordered) > len(shown):
            print(more_line(len(ordered) - len(shown)))
    verdict = "not usable until the errors are fixed" if errors else "ready to use"
    print(
        f"{plural(len(set(files)), 'file')} checked, {plural(sum(rows_by_file.values()), 'data row')}: "
        f"{plural(len(errors), 'error')}, {plural(len(warnings), 'warning')} — {verdict}"
    )
    return 1 if errors else 0
