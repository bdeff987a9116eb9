"""``dayao history INDICATOR [--year Y]``: every version of a figure in the actuals store, newest first.

``dayao history --intakes`` lists the intakes (the vintages a report can be rebuilt for).
"""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "history",
        help="show every recorded version of an indicator's figures (or the list of intakes)",
        description=(
            "Show every version of an indicator's figures in the actuals store — value, date, source, file and "
            "intake — newest first, marking the one in force. --intakes lists the intakes (data vintages)."
        ),
    )
    parser.add_argument(
        "indicator", nargs="?", metavar="INDICATOR", help="indicator id or Chinese name as printed in the plan"
    )
    parser.add_argument("--year", type=int, default=None, help="only this year")
    parser.add_argument("--intakes", action="store_true", help="list the intakes instead")
    parser.add_argument("--plan", default=None, metavar="PLAN", help="plan file (default: the embedded Dayao plan)")
    parser.add_argument(
        "--store", default=None, metavar="DIR", help="actuals store (default: $DAYAO_STORE or data/store)"
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from dayao_data.collect.store import ActualsStore, StoreError
    from dayao_data.excel import plain_number_text as format_number
    from dayao_data.plan import PlanError, load_plan

    store = ActualsStore(args.store) if args.store else ActualsStore.default()
    try:
        if args.intakes:
            return _intakes(store)
        if not args.indicator:
            print("dayao history: name an indicator (id or Chinese name), or use --intakes", file=sys.stderr)
            return 2
        try:
            plan = load_plan(args.plan)
        except (PlanError, FileNotFoundError) as exc:
            print(f"dayao history: the plan cannot be loaded: {exc}", file=sys.stderr)
            return 2
        ind_id = plan.resolve(args.indicator)
        if ind_id is None:
            hints = plan.suggest(args.indicator)
            print(
                f"dayao history: unknown indicator {args.indicator!r}"
                + (f"; did you mean {', '.join(hints)}?" if hints else ""),
                file=sys.stderr,
            )
            return 2
        ind = plan.indicator(ind_id)
        frame = store.history(ind_id, args.year)
    except StoreError as exc:
        print(f"dayao history: {exc}", file=sys.stderr)
        return 1
    when = f" {args.year}" if args.year else ""
    _print(f"{ind.label('zh')} ({ind.id}){when} — unit {ind.unit}; store {store.root}")
    if not len(frame):
        _print("  no figures recorded")
        return 0
    for year in sorted(frame["year"].unique(), reverse=True):
        _print(f"{int(year)}:")
        for r in frame[frame["year"] == year].itertuples(index=False):
            mark = "* current" if r.current else "  earlier"
            assigned = (
                "" if r.assigned_target != r.assigned_target else f" (assigned {format_number(r.assigned_target)})"
            )
            where = (
                r.file_name
                + (f", sheet '{r.sheet}'" if r.sheet else "")
                + (f", row {r.row}" if r.row is not None and not pd.isna(r.row) else "")
            )
            revised = f"; supersedes version {r.supersedes}" if r.supersedes else ""
            _print(
                f"  {mark}  {format_number(r.value)}{assigned} {ind.unit}  version {r.version_id}, intake {r.intake_id}, {r.received_at}"
            )
            _print(f"             source: {r.source}" + (f"; note: {r.note}" if r.note else ""))
            _print(f"             file: {where}{revised}" + (f"; read: {r.reading_note}" if r.reading_note else ""))
    return 0


def _print(text: str) -> None:
    """Print a line whose text comes from the store: escape codes and invisible characters shown, not obeyed."""
    from dayao_data.safe_text import printable

    print(printable(text, multiline=True))


def _intakes(store) -> int:
    intakes = store.intakes()
    _print(f"actuals store {store.root}: {len(intakes)} intake(s)")
    for r in reversed(intakes):
        files = ", ".join(f["name"] for f in r.get("files", []) if isinstance(f, dict))
        _print(
            f"  {r['intake_id']}  {r['received_at']}  {r['new']} new, {r['revised']} revised, {r['unchanged']} unchanged  by {r.get('recorded_by') or '?'}"
        )
        if r.get("note"):
            _print(f"      note: {r['note']}")
        if files:
            _print(f"      files: {files}")
    return 0
