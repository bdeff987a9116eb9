"""``dayao assess``: the assess table for one year, as a readable table, CSV or JSON."""

from __future__ import annotations

import json
import sys


def add_parser(sub) -> None:
    p = sub.add_parser(
        "assess",
        help="assess every series for one year (table, CSV or JSON)",
        description="Assess every series of the plan for one year by the progress method and print the table "
        "(or write it as CSV or JSON with the same columns).",
    )
    p.add_argument("--year", type=int, required=True, help="assessment year, inside the plan period (e.g. 2023)")
    p.add_argument("--plan", default=None, help="plan file (default: the embedded Dayao plan)")
    p.add_argument(
        "--actuals",
        nargs="+",
        default=None,
        metavar="FILE",
        help="actuals files (CSV/XLSX); 'example' = the shipped illustrative data (the default), 'store' = the actuals store",
    )
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default: table)")
    p.add_argument("-o", "--output", default=None, help="write to this file instead of printing")
    p.add_argument("--band", type=float, default=None, help="band b of the time-progress status (default 0.10)")
    p.add_argument(
        "--catalogue",
        choices=["headline", "extended", "all"],
        default="headline",
        help="which series (default: the headline table)",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from dayao_data.actuals import ActualsError, load_actuals
    from dayao_data.commands.errors import command_error
    from dayao_data.excel import excel_csv_text
    from dayao_data.fsutil import atomic_write_text
    from dayao_data.plan import PlanError, load_plan
    from dayao_data.progress import DEFAULT_BAND, evaluate
    from dayao_data.safe_text import json_visible, printable
    from dayao_data.sources import resolve_actuals

    try:
        check_input_file(args.plan, "--plan")
    except (ValueError, FileNotFoundError) as exc:  # a folder or a missing file: said first
        return command_error("dayao assess", exc, 1)
    if args.plan and not args.actuals:
        print(
            f"dayao assess: --plan {printable(args.plan)} needs its own actuals: give them with --actuals FILE [FILE ...] "
            "(the shipped example data belongs to the embedded plan)",
            file=sys.stderr,
        )
        return 2
    try:
        actuals_paths = resolve_actuals(args.actuals)
        for item, path in zip(args.actuals or [], actuals_paths):
            check_input_file(path, f"--actuals {item}")
        if args.output:
            check_output_file(args.output, [args.plan, *actuals_paths])
        plan = load_plan(args.plan)
        actuals = load_actuals(actuals_paths, plan)
        result = evaluate(
            plan, actuals, args.year, band=DEFAULT_BAND if args.band is None else args.band, catalogue=args.catalogue
        )
    except (PlanError, ActualsError, ValueError, FileNotFoundError) as exc:
        return command_error("dayao assess", exc, 1)
    table = result.table
    illustrative = bool(table["illustrative"].any())
    if args.format == "csv":
        # the CSV for Excel (dayao_data.excel.excel_csv_text), with the lines a terminal shows; the BOM below
        text = excel_csv_text(table, bom=False, line_terminator="\n")
    elif args.format == "json":
        records = json.loads(table.to_json(orient="records", force_ascii=False, double_precision=15))
        records = [{k: float(f"{v:.12g}") if isinstance(v, float) else v for k, v in r.items()} for r in records]
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        text = _readable(plan, result, illustrative)
    if args.output:
        # CSV for Excel: a BOM so that Excel in China opens UTF-8 Chinese correctly.
        try:
            atomic_write_text(args.output, ("\ufeff" + text) if args.format == "csv" else text)
        except OSError as exc:
            from dayao_data.fsutil import describe_os_error

            print(
                f"dayao assess: could not write {printable(args.output)}: {printable(describe_os_error(exc))}",
                file=sys.stderr,
            )
            return 1
        print(f"wrote {printable(args.output)} ({len(table)} series, {args.year})", file=sys.stderr)
    else:
        # The terminal sees control characters and escape sequences from the data shown visibly
        # (safe_text.printable); JSON stays valid JSON (json_visible).  -o FILE writes the text as read.
        sys.stdout.write(json_visible(text) if args.format == "json" else printable(text, multiline=True))
    if illustrative and args.format != "table":
        print("note: the actuals include illustrative (示例) data — see the 'illustrative' column", file=sys.stderr)
    return 0


def check_input_file(path, what: str) -> None:
    """A named input that is a folder (or missing) is a message, not a traceback."""
    from pathlib import Path

    if path is None:
        return
    p = Path(path)
    if p.is_dir():
        kind = "plan" if what == "--plan" else "actuals"
        raise ValueError(f"{what}: {p}: this is a folder, not a {kind} file (name the {kind} file itself)")
    if not p.exists():
        raise FileNotFoundError(f"{what}: file not found: {p}")


def check_output_file(output, inputs) -> None:
    """-o must not name one of the run's own inputs (it would be overwritten) or a folder."""
    import os
    from pathlib import Path

    out = Path(output)
    if out.is_dir():
        raise ValueError(f"-o {output}: is a folder; name the file to write, e.g. {out / 'assess.csv'}")
    for item in inputs:
        if item is not None and Path(item).exists() and out.exists() and os.path.samefile(out, item):
            raise ValueError(
                f"-o {output}: is one of this run's inputs ({item}); it would be overwritten — choose another file"
            )


def _readable(plan, result, illustrative: bool) -> str:
    from dayao_data.display import text_table
    from dayao_data.summary import summarize

    table = result.table
    banner = "【示例数据 ILLUSTRATIVE DATA — 非真实统计】\n" if illustrative else ""
    head = f"{banner}{plan.short_title('zh')} · {result.year}年评估 (band b = {result.band:g}; catalogue: {result.catalogue})\n\n"
    body = text_table(table, key_columns=["indicator_id"])
    summary = summarize(table, plan if result.catalogue == "headline" else None)
    lines = ["", summary.headline("zh")]
    notes = result.notes
    if len(notes):
        lines.append("")
        lines.append("说明 notes:")
        for rec in notes.itertuples():
            lines.append(f"  - {rec.indicator_id}: {rec.message_zh}")
    return head + body + "\n".join(lines) + "\n" + banner
