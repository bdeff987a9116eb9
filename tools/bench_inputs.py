"""Benchmark: validating and taking in a 100,000-row actuals file — time and peak memory (issue 8, item 5).

    .venv/bin/python tools/bench_inputs.py [--rows 100000] [--xlsx]

Writes a file of ``--rows`` rows to a temporary folder (every headline series and plan year in
turn, the same figure each time they recur, so that the file is valid apart from the repeats that
``validate`` warns about and the intake skips), then runs, each in a fresh process,

* ``dayao validate FILE``                        (prints the first 50 problems and "and N more")
* ``dayao intake --store TMP FILE``              (into a new temporary store)

and prints the wall time, the peak resident memory of the process (``os.wait4`` rusage) and the
file size.  It prints figures; it is not a timed test and asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dayao_data.plan import load_plan  # noqa: E402


def write_file(folder: Path, rows: int, xlsx: bool) -> Path:
    plan = load_plan()
    keys = [(ind, y) for ind in plan.indicators for y in plan.years[1:] if ind.kind != "qualitative"]
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from form_corpus import plausible_value

    records = []
    for k in range(rows):
        ind, year = keys[k % len(keys)]
        value, _ = plausible_value(ind, year)
        records.append([ind.name_zh, year, value, f"{year}年统计年报", ""])
    header = ["指标", "年份", "数值", "来源", "备注"]
    if xlsx:
        import openpyxl

        path = folder / f"actuals-{rows}.xlsx"
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("实际值")
        ws.append(header)
        for r in records:
            ws.append(r)
        wb.save(path)
        return path
    path = folder / f"actuals-{rows}.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(records)
    return path


def measure(argv: list[str]) -> tuple[float, float, int, str]:
    """Seconds, peak RSS in MiB, exit code and the last line printed, for one ``dayao`` run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dayao_data.cli", *argv], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    out = proc.stdout.read().decode("utf-8", "replace")  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in out.splitlines() if line.strip()]
    return seconds, usage.ru_maxrss / 1024, proc.returncode, lines[-1] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx", action="store_true", help="an .xlsx workbook instead of a CSV file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dayao-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        path = write_file(folder, args.rows, args.xlsx)
        print(
            f"file: {path.name}, {args.rows:,} rows, {path.stat().st_size / 2**20:.1f} MiB (written in {time.perf_counter() - t0:.1f} s)"
        )
        baseline = measure(["--version"])
        print(f"  dayao --version (start-up)     {baseline[0]:6.2f} s  peak {baseline[1]:7.1f} MiB")
        for label, argv in (
            ("dayao validate", ["validate", str(path)]),
            ("dayao intake (new store)", ["intake", "--store", str(folder / "store"), str(path)]),
        ):
            seconds, peak, code, last = measure(argv)
            print(f"  {label:<30} {seconds:6.2f} s  peak {peak:7.1f} MiB  exit {code}  | {last[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
