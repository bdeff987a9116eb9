"""Time the report path against plain nbconvert and a one-process floor (``make bench``).

A benchmark, not a test: it prints seconds and ratios side by side, from one run on this machine.

(a) ``dayao report --year Y`` as a subprocess (papermill, one reused kernel, the PDF);
(b) the same notebooks one by one with ``jupyter nbconvert --to notebook --execute`` (each its own
    process and kernel; the year injected into a copy with papermill's ``parameterize_notebook``),
    then the same HTML + PDF step on their outputs in one more process;
(c) the floor: one Python process that imports pandas and matplotlib, runs the same notebook cells
    in-process (an IPython shell without a kernel: the same assessment, the same charts) and
    writes the same PDF through the same renderer functions;
(d) ``dayao report --all`` (every params/<year>.yaml, two workers) against (a).

Targets: a/b ≤ 0.6, a/c ≤ 2.5, d ≤ 3 × a on two cores.  ``--profile`` adds where the time goes:
the steps of (a) from its manifest, kernel start, the imports (and what jsonschema's format
checkers cost), the PDF's layout and font embedding.

Usage::

    python tools/bench.py [--year 2023] [--repeat 1] [--profile] [--skip b,c,d]

Every output goes to a temporary folder; reports/ is not touched.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent


def _env(**extra) -> dict:
    env = dict(os.environ)
    env["DAYAO_HOME"] = str(ROOT)
    env.update(extra)
    return env


def _run(cmd: list[str], **kw) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"bench: {' '.join(map(str, cmd[:4]))} … failed (exit {proc.returncode})")
    return seconds


def _params(year: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from dayao_data.params import load_params

    return load_params(ROOT / "params" / f"{year}.yaml")


# --------------------------------------------------------------------------------------------
# (a) the report path
# --------------------------------------------------------------------------------------------


def bench_report(year: int, out: Path) -> tuple[float, dict]:
    seconds = _run(
        [str(BIN / "dayao"), "report", "--year", str(year), "--output", str(out), "--allow-outside", "--quiet"],
        env=_env(),
        cwd=ROOT,
    )
    manifest = json.loads((out / str(year) / "manifest.json").read_text("utf-8"))
    return seconds, manifest


def bench_all(out: Path, workers: int) -> float:
    return _run(
        [
            str(BIN / "dayao"),
            "report",
            "--all",
            "--workers",
            str(workers),
            "--output",
            str(out),
            "--allow-outside",
            "--quiet",
        ],
        env=_env(),
        cwd=ROOT,
    )


# --------------------------------------------------------------------------------------------
# (b) plain nbconvert, one process per notebook
# --------------------------------------------------------------------------------------------

_PDF_STEP = r"""
import sys, json, datetime
from pathlib import Path
import nbformat
from dayao_data.report.render import ReportInfo, render_report
from dayao_data.report.pdf import write_pdf
from dayao_data.plan import load_plan
out = Path(sys.argv[1]); names = json.loads(sys.argv[2]); year = int(sys.argv[3])
nbs = [nbformat.read(out / n, as_version=4) for n in names]
plan = load_plan()
info = ReportInfo(year=year, plan_title=plan.title("zh"), plan_short_title=plan.short_title("zh"), illustrative=True,
                  latest_data_year=year, generated=datetime.datetime.now(), version="bench")
html = render_report(nbs, info)
(out / "report.html").write_text(html, "utf-8")
write_pdf(html, out / "report.pdf", base_url=str(out))
"""


def _inject(year: int, params: dict) -> dict:
    """The parameters the runner passes to every notebook (dayao_data.run.execute's notebook_params, without the
    shared context_file: these variants compute in each notebook, as before)."""
    return {
        "year": year,
        "plan_file": "",
        "actuals_files": ["example"],
        "language": "zh",
        "band": params["band"],
        "output_folder": "",
        "previous_report": "",
        "overrides_file": "",
        "data_cutoff": "",
    }


def bench_nbconvert(year: int, work: Path) -> tuple[float, dict]:
    import nbformat
    from papermill.parameterize import parameterize_notebook

    params = _params(year)
    notebooks = [ROOT / n for n in params["notebooks"]]
    inject = _inject(year, params)
    work.mkdir(parents=True, exist_ok=True)
    copies = []
    for nb_path in notebooks:  # preparing the copies is not timed
        nb = nbformat.read(nb_path, as_version=4)
        nb.metadata.setdefault("papermill", {})
        nb = parameterize_notebook(nb, inject)
        copy = work / "src" / nb_path.name  # the notebooks find their inputs through DAYAO_HOME
        copy.parent.mkdir(exist_ok=True)
        nbformat.write(nb, copy)
        copies.append(copy)
    each = {}
    try:
        t0 = time.perf_counter()
        for nb_path, copy in zip(notebooks, copies):
            each[nb_path.name] = _run(
                [
                    str(BIN / "jupyter"),
                    "nbconvert",
                    "--to",
                    "notebook",
                    "--execute",
                    "--ExecutePreprocessor.timeout=1200",
                    str(copy),
                    "--output-dir",
                    str(work),
                    "--output",
                    nb_path.stem,
                ],
                env=_env(),
                cwd=ROOT,
            )
        each["pdf step"] = _run(
            [PY, "-c", _PDF_STEP, str(work), json.dumps([n.name for n in notebooks]), str(year)], env=_env(), cwd=ROOT
        )
        return time.perf_counter() - t0, each
    finally:
        shutil.rmtree(work / "src", ignore_errors=True)


# --------------------------------------------------------------------------------------------
# (c) the floor: one process, no kernel
# --------------------------------------------------------------------------------------------

_FLOOR = r"""
import sys, json, time, datetime
t0 = time.perf_counter()
import pandas, matplotlib
from pathlib import Path
import nbformat
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from dayao_data.report.render import ReportInfo, render_report
from dayao_data.report.pdf import write_pdf
from dayao_data.plan import load_plan
out = Path(sys.argv[1]); notebooks = json.loads(sys.argv[2]); inject = json.loads(sys.argv[3])
shell = InteractiveShell.instance()
from matplotlib_inline.backend_inline import configure_inline_support
matplotlib.use("module://matplotlib_inline.backend_inline")
configure_inline_support(shell, "module://matplotlib_inline.backend_inline")  # figures shown after each cell, as in a kernel
t_imports = time.perf_counter() - t0
executed = []
t1 = time.perf_counter()
for path in notebooks:
    nb = nbformat.read(path, as_version=4)
    shell.reset(new_session=False)
    shell.user_ns.update(inject)
    import os; os.chdir(Path(path).parent)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "parameters" in (cell.metadata.get("tags") or []):
            # the defaults, then the injected values over them, as papermill does: a parameter
            # added to the notebooks later needs no change here
            shell.run_cell(cell.source, store_history=False)
            shell.user_ns.update(inject)
            cell.outputs = []
            continue
        with capture_output(stdout=True, stderr=True, display=True) as cap:
            result = shell.run_cell(cell.source, store_history=False)
        if result.error_in_exec is not None or result.error_before_exec is not None:
            raise SystemExit(f"floor: {path} failed: {result.error_in_exec or result.error_before_exec}")
        outputs = [nbformat.v4.new_output("display_data", data=o.data, metadata=o.metadata or {}) for o in cap.outputs]
        if result.result is not None:
            data, meta = shell.display_formatter.format(result.result)
            outputs.append(nbformat.v4.new_output("execute_result", data=data, metadata=meta, execution_count=1))
        cell.outputs = outputs
    executed.append(nb)
t_cells = time.perf_counter() - t1
t2 = time.perf_counter()
plan = load_plan()
year = inject["year"]
info = ReportInfo(year=year, plan_title=plan.title("zh"), plan_short_title=plan.short_title("zh"), illustrative=True,
                  latest_data_year=year, generated=datetime.datetime.now(), version="floor")
html = render_report(executed, info)
(out / "report.html").write_text(html, "utf-8")
pdf = write_pdf(html, out / "report.pdf", base_url=str(out))
t_pdf = time.perf_counter() - t2
print(json.dumps({"imports": t_imports, "cells": t_cells, "pdf": t_pdf, "pages": pdf.pages, **{"pdf_" + k: v for k, v in pdf.timings.items()}}))
"""


def bench_floor(year: int, work: Path) -> tuple[float, dict]:
    params = _params(year)
    notebooks = [str(ROOT / n) for n in params["notebooks"]]
    inject = _inject(year, params)
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    proc = subprocess.run(
        [PY, "-c", _FLOOR, str(work), json.dumps(notebooks), json.dumps(inject)],
        capture_output=True,
        text=True,
        env=_env(MPLBACKEND="module://matplotlib_inline.backend_inline"),
        cwd=ROOT,
    )
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit("bench: the floor failed")
    return seconds, json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------
# where the time goes
# --------------------------------------------------------------------------------------------

_IMPORT = "import time,sys; {pre}t=time.perf_counter(); import {mod}; print(time.perf_counter()-t)"


def _import_seconds(module: str, block_rfc: bool = False, env: dict | None = None) -> float:
    pre = "sys.modules['rfc3987_syntax']=None; " if block_rfc else ""
    out = subprocess.run(
        [PY, "-c", _IMPORT.format(pre=pre, mod=module)], capture_output=True, text=True, env=env or _env()
    )
    return float(out.stdout.strip().splitlines()[-1])


def _kernel_start_seconds() -> float:
    code = (
        "import time; t=time.perf_counter()\n"
        "from jupyter_client.manager import start_new_kernel\n"
        "km, kc = start_new_kernel(kernel_name='python3')\n"
        "print(time.perf_counter()-t); kc.stop_channels(); km.shutdown_kernel(now=True)\n"
    )
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=_env())
    return float(out.stdout.strip().splitlines()[-1])


def _slowest_cells(folder: Path, n: int = 8) -> list[tuple[float, str, str]]:
    """The cells that took longest, from papermill's per-cell timing in the executed notebooks."""
    import nbformat

    cells = []
    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            duration = (cell.metadata.get("papermill") or {}).get("duration")
            if cell.cell_type == "code" and duration:
                first = next((line for line in cell.source.splitlines() if line.strip()), "")
                cells.append((float(duration), path.stem, first[:60]))
    return sorted(cells, reverse=True)[:n]


def profile(manifest: dict, folder: Path) -> None:
    print("\nwhere the time goes")
    print("  (a)'s steps, from its manifest.json:")
    for k, v in manifest["timings"].items():
        print(f"    {k:<16} {v:6.2f} s")
    for n in manifest["notebooks"]:
        print(f"    {n['name']:<28} {n['seconds']:6.2f} s")
    print("  (a)'s slowest cells (charts, tables), from papermill's timings:")
    for seconds, nb, line in _slowest_cells(folder):
        print(f"    {seconds:6.2f} s  {nb}: {line}")
    print("  fresh-process costs (each in its own interpreter):")
    print(f"    start a kernel and wait until ready   {_kernel_start_seconds():6.2f} s")
    print(f"    import pandas, matplotlib.pyplot      {_import_seconds('pandas, matplotlib.pyplot'):6.2f} s")
    print(f"    import weasyprint                     {_import_seconds('weasyprint'):6.2f} s")
    for validator in ("jsonschema", "fastjsonschema"):
        env = _env(NBFORMAT_VALIDATOR=validator)
        print(
            f"    import papermill (NBFORMAT_VALIDATOR={validator:<14}) {_import_seconds('papermill', env=env):6.2f} s"
        )
    print(
        f"    import papermill, rfc3987_syntax blocked           {_import_seconds('papermill', block_rfc=True):6.2f} s"
    )
    print(f"    import jsonschema                                  {_import_seconds('jsonschema'):6.2f} s")
    print(
        f"    import jsonschema, rfc3987_syntax blocked          {_import_seconds('jsonschema', block_rfc=True):6.2f} s"
    )


# --------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each variant; the median is shown")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip", default="", help="comma-separated variants to skip: b, c, d")
    ap.add_argument("--profile", action="store_true", help="also show where the time goes")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    print(
        f"bench: year {args.year}, {os.cpu_count()} cores, python {sys.version.split()[0]}"
        + (f", load average before {load[0]:.2f}" if load else "")
    )
    work = Path(tempfile.mkdtemp(prefix="dayao-bench-"))
    times: dict[str, list[float]] = {k: [] for k in "abcd"}
    details: dict[str, object] = {}
    try:
        for i in range(args.repeat):
            t, manifest = bench_report(args.year, work / f"a{i}")
            times["a"].append(t)
            details["a"] = manifest
            print(f"  (a) dayao report --year {args.year}: {t:6.1f} s  ({manifest['data'].get('pdf_pages')} pages)")
            if "b" not in skip:
                t, each = bench_nbconvert(args.year, work / f"b{i}")
                times["b"].append(t)
                details["b"] = each
                print(
                    f"  (b) nbconvert, one process per notebook, then the PDF step: {t:6.1f} s  "
                    + ", ".join(f"{k} {v:.1f}" for k, v in each.items())
                )
            if "c" not in skip:
                t, parts = bench_floor(args.year, work / f"c{i}")
                times["c"].append(t)
                details["c"] = parts
                print(
                    f"  (c) one-process floor: {t:6.1f} s  (imports {parts['imports']:.1f}, cells {parts['cells']:.1f}, "
                    f"PDF {parts['pdf']:.1f} = layout {parts['pdf_layout']:.1f} + write {parts['pdf_write']:.1f}; {parts['pages']} pages)"
                )
            if "d" not in skip:
                t = bench_all(work / f"d{i}", args.workers)
                times["d"].append(t)
                print(f"  (d) dayao report --all (--workers {args.workers}): {t:6.1f} s")
        med = {k: statistics.median(v) for k, v in times.items() if v}
        print(f"\nresult (median of {args.repeat})")
        print(f"  (a) report path        {med['a']:6.1f} s")
        if "b" in med:
            print(f"  (b) plain nbconvert    {med['b']:6.1f} s   a/b = {med['a'] / med['b']:.2f}  (target ≤ 0.60)")
        if "c" in med:
            print(f"  (c) one-process floor  {med['c']:6.1f} s   a/c = {med['a'] / med['c']:.2f}  (target ≤ 2.50)")
        if "d" in med:
            print(f"  (d) --all, 5 years     {med['d']:6.1f} s   d/a = {med['d'] / med['a']:.2f}  (target ≤ 3.00)")
        if load:
            print(f"  load average after {os.getloadavg()[0]:.2f} (other work on the machine inflates every figure)")
        if args.profile:
            profile(details["a"], work / "a0" / str(args.year))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
