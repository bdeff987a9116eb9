"""``dayao plan …``: work on plan files — check one, import an indicator table, draft the next plan.

- ``dayao plan check FILE``: every problem of a plan file in one run, each with its line and a plain
  Chinese and English sentence saying what to write instead (exit 1 if any, 0 if the file loads).
- ``dayao plan import TABLE -o PLAN.yaml``: an indicator table (.xlsx/.csv) → a draft plan file
  whose every inference is marked ``# 待确认`` for the planner (never overwrites a file).
- ``dayao plan next --from PLAN --actuals … -o NEXT.yaml``: a draft plan for the next period with
  the final-year actuals as baselines.
- ``dayao plan aid --plan PLAN --actuals … [--targets FILE]``: the target-setting aid (十五五目标测算).
"""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "plan",
        help="check a plan file, import an indicator table as a plan, draft the next plan",
        description="Work on plan files (schema dayao-plan/1, docs/plan-schema.md).",
    )
    sub = parser.add_subparsers(dest="plan_command", metavar="ACTION")

    check = sub.add_parser(
        "check",
        help="list every problem of a plan file, with its line, in Chinese and English",
        description="Check a plan file: YAML, schema and cross-references in one run. Exit 1 if any problem, 0 if it loads.",
    )
    check.add_argument("file", metavar="FILE", help="the plan file (.yaml)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(func=run_check)

    imp = sub.add_parser(
        "import",
        help="turn an indicator table (.xlsx/.csv) into a draft plan file",
        description=(
            "Read an indicator table laid out as planners keep it (分类, 指标, 单位, base-year value, target, 属性, 责任单位) "
            "and write a draft plan file. Every inferred kind, direction, bound and strictness is marked # 待确认. "
            "Never overwrites an existing file."
        ),
    )
    imp.add_argument("table", metavar="TABLE", help="the indicator table (.xlsx or .csv)")
    imp.add_argument(
        "-o", "--output", required=True, metavar="PLAN.yaml", help="the draft plan file to write (must not exist)"
    )
    imp.add_argument("--id", dest="plan_id", default=None, help="plan id (default: from the file name)")
    imp.add_argument("--title", default=None, help="plan title (default: the table's title or the file name)")
    imp.add_argument("--region", default=None, help="region, e.g. 大姚县")
    imp.add_argument(
        "--base-year", type=int, default=None, help="base year (default: read from the header, e.g. 2020年完成)"
    )
    imp.add_argument(
        "--target-year", type=int, default=None, help="target year (default: read from the header, e.g. 2025年目标)"
    )
    imp.set_defaults(func=run_import)

    nxt = sub.add_parser(
        "next",
        help="draft the next period's plan: every indicator with its final-year actual as the new baseline",
        description=(
            "Write a draft plan for the next period (e.g. 2026–2030 after 2021–2025): every indicator carried over, "
            "its final-year actual as the new baseline (flagged where missing, older than the final year or provisional), "
            "targets left for the planner. Never overwrites an existing file."
        ),
    )
    nxt.add_argument("--from", dest="plan", required=True, metavar="PLAN", help="the ending plan's file")
    nxt.add_argument(
        "--actuals", nargs="+", required=True, metavar="FILE", help="actuals files (.xlsx/.csv) or 'store'"
    )
    nxt.add_argument(
        "-o", "--output", required=True, metavar="NEXT.yaml", help="the draft plan file to write (must not exist)"
    )
    nxt.add_argument(
        "--years", type=int, default=None, help="length of the next period in years (default: as the ending plan)"
    )
    nxt.set_defaults(func=run_next)

    aid = sub.add_parser(
        "aid",
        help="target-setting aid for the next plan (十五五目标测算): pace, trend, national standards, verdicts",
        description=(
            "For each indicator: the observed pace of the ending period, the trend carried to the new target year "
            "with a range, the national targets that apply, and for each candidate target the annual change it "
            "requires, its ratio to the observed pace and a verdict 可实现 / 需加力 / 难度很大 (docs/method.md). "
            "Writes a workbook, a short PDF and the executed notebook."
        ),
    )
    aid.add_argument(
        "--plan", required=True, metavar="PLAN", help="the ending plan's file ('dayao' for the embedded plan)"
    )
    aid.add_argument("--actuals", nargs="+", required=True, metavar="FILE", help="actuals files (.xlsx/.csv)")
    aid.add_argument(
        "--targets", default=None, metavar="FILE", help="candidate targets (.yaml/.csv/.xlsx: indicator, target)"
    )
    aid.add_argument(
        "--target-year",
        type=int,
        default=None,
        help="the new target year (default: the plan's target year + its length)",
    )
    aid.add_argument("-o", "--output", default=None, metavar="DIR", help="output folder (default: reports/next-plan/)")
    aid.set_defaults(func=run_aid)

    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])
    return parser


def _print_problems(problems, stream=None) -> None:
    stream = stream or sys.stdout
    for p in problems:
        where_zh, where_en = p.where("zh"), p.where("en")
        field = f" · {p.field}" if p.field else ""
        print(f"  {where_zh or '文件'}{field}：{p.zh}", file=stream)
        print(f"  {where_en or 'file'}{field}: {p.en}", file=stream)


def run_check(args: argparse.Namespace) -> int:
    from dayao_data.plan import PlanError, load_plan
    from dayao_data.plan.check import check_file

    problems = check_file(args.file)
    plan = None
    if not problems:
        try:
            plan = load_plan(args.file)
        except PlanError as exc:  # a rule only the loader knows: still say it plainly
            problems = getattr(exc, "details", None) or []
            if not problems:
                print(str(exc), file=sys.stderr)
                return 1
    if args.format == "json":
        print(
            json.dumps(
                {"ok": not problems, "file": args.file, "problems": [p.to_dict() for p in problems]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 1 if problems else 0
    if problems:
        print(f"{args.file}：发现{len(problems)}个问题 / {len(problems)} problem(s) found")
        _print_problems(problems)
        print("改正以上各处后再运行 dayao plan check。 / Fix each of them, then run dayao plan check again.")
        return 1
    n_ext = len(plan.extended_targets)
    print(
        f"{args.file}：可以使用。{plan.title('zh')}，{plan.base_year}→{plan.target_year}年，"
        f"主要指标{len(plan.indicators)}个（表中{len(plan.table_rows())}行），扩展目标{n_ext}个。\n"
        f"{args.file}: OK — {len(plan.indicators)} headline series in {len(plan.table_rows())} table rows, "
        f"{n_ext} extended targets, {plan.base_year}→{plan.target_year}."
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from dayao_data.plan.importer import ImportError_, import_table

    try:
        result = import_table(
            args.table,
            args.output,
            plan_id=args.plan_id,
            title=args.title,
            region=args.region,
            base_year=args.base_year,
            target_year=args.target_year,
        )
    except ImportError_ as exc:
        print(f"dayao plan import: {exc}", file=sys.stderr)
        return 1
    print(result.summary())
    return 0


def run_next(args: argparse.Namespace) -> int:
    from dayao_data.plan.draft_next import NextPlanError, draft_next_plan

    try:
        result = draft_next_plan(args.plan, args.actuals, args.output, years=args.years)
    except NextPlanError as exc:
        print(f"dayao plan next: {exc}", file=sys.stderr)
        return 1
    print(result.summary())
    return 0


def run_aid(args: argparse.Namespace) -> int:
    from dayao_data.next_plan import AidError
    from dayao_data.next_plan import run_aid as _run

    try:
        out = _run(args.plan, args.actuals, targets=args.targets, target_year=args.target_year, output=args.output)
    except AidError as exc:
        print(f"dayao plan aid: {exc}", file=sys.stderr)
        return 1
    print(out)
    return 0
