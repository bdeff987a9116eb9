"""The ``dayao`` command: one entry point for every run (validate, assess, report, forms, intake ...).

Each subcommand lives in its own module under :mod:`dayao_data.commands` and provides
``add_parser(subparsers)`` (which sets ``func`` on its parser) so that the commands stay
independent of one another.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Order is the order `dayao --help` lists them in.
COMMAND_MODULES = (
    "validate",
    "assess",
    "report",
    "forms",
    "intake",
    "history",
    "plan",
)


def build_parser() -> argparse.ArgumentParser:
    from dayao_data import __version__

    parser = argparse.ArgumentParser(
        prog="dayao",
        description="规划实施监测 — progress of a plan's targets (the plan is a file), from validated actuals to the reports a county signs.",
    )
    parser.add_argument("--version", action="version", version=f"dayao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"dayao_data.commands.{name}")
        except ModuleNotFoundError as exc:  # a command not built yet must not break the others
            if exc.name != f"dayao_data.commands.{name}":
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
