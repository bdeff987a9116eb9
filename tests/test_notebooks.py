"""The notebooks follow the house style, and every one runs for every year of the plan.

House style (docs: the style guide): a header cell, ONE ``parameters`` cell of plain literal
assignments (papermill overwrites them; anything derived belongs in the next cell), an import cell,
then narrative and one-line calls into ``dayao_data`` — never a function or class of its own.
Narrative markdown exists in Chinese and in English (cells tagged ``zh`` and ``en``, in pairs);
report notebooks carry the ``dayao`` metadata the report renderer reads.

The papermill runs are marked ``slow``; nbval's comparison of the checked outputs is part of the
test command (pyproject.toml's addopts and testpaths), equivalent to::

    pytest --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/
"""

from __future__ import annotations

import ast
import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
REPORT_NOTEBOOKS = ("00_overview", "10_domains", "15_problems", "20_extended_targets", "30_data_quality", "40_methods")
PARAMETER_NAMES = (
    "year",
    "plan_file",
    "actuals_files",
    "output_folder",
    "language",
    "band",
    "previous_report",
    "overrides_file",
    "data_cutoff",
    "context_file",
)
YEARS = (2021, 2022, 2023, 2024, 2025)


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


def _code(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def notebook(request):
    return request.param, _read(request.param)


def test_the_suite_has_its_notebooks():
    stems = {p.stem for p in NOTEBOOKS}
    assert set(REPORT_NOTEBOOKS) <= stems
    assert "90_explore" in stems


def test_notebook_parses_and_validates(notebook):
    path, nb = notebook
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_header_cell_states_purpose_inputs_outputs_and_chapter(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert "report-skip" in _tags(first)
    for word in ("Purpose", "Inputs", "Outputs", "Plan chapter"):
        assert word in first.source, f"{path.name}: the header cell does not say {word}"


def test_exactly_one_parameters_cell_of_literal_assignments(notebook):
    path, nb = notebook
    cells = [c for c in nb.cells if "parameters" in _tags(c)]
    assert len(cells) == 1, f"{path.name}: {len(cells)} cells tagged 'parameters'"
    cell = cells[0]
    assert cell.cell_type == "code"
    assert "report-skip" in _tags(cell)
    tree = ast.parse(_code(cell))
    names = []
    for stmt in tree.body:
        assert isinstance(stmt, ast.Assign), (
            f"{path.name}: parameters cell holds a {type(stmt).__name__}, not a plain assignment"
        )
        assert len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
        value = stmt.value
        literal = isinstance(value, ast.Constant) or (
            isinstance(value, ast.List) and all(isinstance(e, ast.Constant) for e in value.elts)
        )
        assert literal, f"{path.name}: {stmt.targets[0].id} is not a literal (derive it in the next cell)"
        names.append(stmt.targets[0].id)
    assert tuple(names) == PARAMETER_NAMES
    # Every parameter has a comment (papermill --help-notebook shows it) and no second '=',
    # which papermill's parameter parser cannot read.
    for line in _code(cell).splitlines():
        assert "  # " in line, f"{path.name}: parameter line without a comment: {line}"
        assert line.count("=") == 1, f"{path.name}: papermill cannot parse a second '=' on: {line}"


def test_parameters_are_the_defaults_of_a_report_run(notebook):
    path, nb = notebook
    cell = next(c for c in nb.cells if "parameters" in _tags(c))
    values = {t.targets[0].id: ast.literal_eval(t.value) for t in ast.parse(_code(cell)).body}
    assert values == {
        "year": 2024,
        "plan_file": "",
        "actuals_files": ["example"],
        "output_folder": "",
        "language": "zh",
        "band": 0.10,
        "previous_report": "",
        "overrides_file": "",
        "data_cutoff": "",
        "context_file": "",  # a notebook run by hand computes its own context
    }


def test_setup_follows_the_imports_and_uses_every_parameter(notebook):
    path, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    index = next(i for i, c in enumerate(code) if "parameters" in _tags(c))
    imports, setup = code[index + 1], code[index + 2]
    assert all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in ast.parse(_code(imports)).body)
    tree = ast.parse(_code(setup))
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign)
    call = tree.body[0].value
    assert isinstance(call, ast.Call) and getattr(call.func, "id", None) == "setup"
    assert {k.arg for k in call.keywords} == set(PARAMETER_NAMES)
    for cell in (imports, setup):
        assert "report-skip" in _tags(cell)


def test_no_function_class_or_lambda_in_a_notebook(notebook):
    path, nb = notebook
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(_code(cell))):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), (
                f"{path.name} cell {index}: a {type(node).__name__} belongs in the dayao_data package, not in a notebook"
            )


def test_report_notebooks_have_report_metadata():
    orders = []
    for stem in REPORT_NOTEBOOKS:
        meta = _read(NOTEBOOK_DIR / f"{stem}.ipynb").metadata["dayao"]
        assert meta["report"] is True
        assert isinstance(meta["order"], int)
        assert meta["title_zh"] and meta["title_en"]
        orders.append(meta["order"])
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert _read(NOTEBOOK_DIR / "90_explore.ipynb").metadata["dayao"] == {"report": False}


@pytest.mark.parametrize("stem", REPORT_NOTEBOOKS)
def test_narrative_comes_in_chinese_and_english_pairs(stem):
    nb = _read(NOTEBOOK_DIR / f"{stem}.ipynb")
    cells = nb.cells
    for index, cell in enumerate(cells):
        if cell.cell_type != "markdown" or "report-skip" in _tags(cell):
            continue
        languages = _tags(cell) & {"zh", "en"}
        assert len(languages) == 1, f"{stem} cell {index}: narrative markdown must be tagged zh or en"
        if languages == {"zh"}:
            following = cells[index + 1] if index + 1 < len(cells) else None
            assert following is not None and following.cell_type == "markdown" and "en" in _tags(following), (
                f"{stem} cell {index}: a zh cell is followed by its en counterpart"
            )
            heading_zh = [l for l in cell.source.splitlines() if l.startswith("#")]
            heading_en = [l for l in following.source.splitlines() if l.startswith("#")]
            assert [h.split()[0] for h in heading_zh] == [h.split()[0] for h in heading_en], (
                f"{stem} cell {index}: the zh and en cells have different heading levels"
            )
        else:
            previous = cells[index - 1]
            assert previous.cell_type == "markdown" and "zh" in _tags(previous), (
                f"{stem} cell {index}: an en cell without its zh"
            )


@pytest.mark.parametrize("stem", REPORT_NOTEBOOKS)
def test_report_notebooks_start_a_chapter(stem):
    nb = _read(NOTEBOOK_DIR / f"{stem}.ipynb")
    narrative = [c for c in nb.cells if c.cell_type == "markdown" and _tags(c) & {"zh", "en"}]
    assert narrative[0].source.startswith("# "), f"{stem}: the first narrative cell is the chapter's h1"
    # A notebook may hold several parts of the outline (三 and 四, the annexes): each h1 in one
    # language has its pair in the other, in the same order.
    zh = [c for c in narrative if c.source.startswith("# ") and "zh" in _tags(c)]
    en = [c for c in narrative if c.source.startswith("# ") and "en" in _tags(c)]
    assert zh and len(zh) == len(en), stem


def test_results_cells_are_one_line_calls():
    """Outside the preamble, report notebooks only call show.*(ctx)."""
    for stem in REPORT_NOTEBOOKS:
        nb = _read(NOTEBOOK_DIR / f"{stem}.ipynb")
        for cell in nb.cells:
            if cell.cell_type != "code" or "report-skip" in _tags(cell):
                continue
            statements = ast.parse(_code(cell)).body
            assert len(statements) == 1, f"{stem}: {_code(cell)!r} is more than one call"
            call = statements[0].value
            assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.value.id == "show"


def test_committed_notebooks_are_stripped():
    """Only the NBVAL_CHECK_OUTPUT cells keep outputs, as text; no images, no run metadata."""
    spec = importlib.util.spec_from_file_location("strip_outputs", ROOT / "tools" / "strip_outputs.py")
    strip = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(strip)
    checked = 0
    for path in NOTEBOOKS:
        raw = json.loads(path.read_text("utf-8"))
        assert strip.strip_notebook(raw, path.name) == raw, f"{path.name}: run python tools/strip_outputs.py"
        for cell in raw["cells"]:
            if cell["cell_type"] == "code" and strip.is_checked(cell):
                checked += 1
                assert cell["outputs"], (
                    f"{path.name}: a checked cell has no stored output (python tools/strip_outputs.py --execute)"
                )
                assert all("text/plain" in o["data"] for o in cell["outputs"])
    assert checked >= 3  # the summary counts, the alarm list, the status table


def test_sanitize_file_has_patterns():
    import re

    text = (ROOT / "tests" / "nbval_sanitize.cfg").read_text("utf-8")
    pairs = re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, re.M)
    assert len(pairs) >= 5
    sample = "2026-11-28 16:40:40 /home/planner/dayao/reports/2024/assess.csv sha256 bfb4e68e38d4 took 3.2 s"
    for regex, replace in pairs:
        sample = re.sub(regex, replace, sample)
    assert sample == "DATE PATH sha256 HEX took DURATION"
    # What must survive: units and years of the tables.
    keep = "5.2‰(2024年);目标:<5‰ 0/10万 2021–2025 1.58万人(五年累计)"
    for regex, replace in pairs:
        keep = re.sub(regex, replace, keep)
    assert keep == "5.2‰(2024年);目标:<5‰ 0/10万 2021–2025 1.58万人(五年累计)"


# --------------------------------------------------------------------------------------
# Every notebook runs, for every year of the plan
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kernel_manager():
    """One kernel for every run (papermill hands it to nbclient), shut down at the end."""
    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(NOTEBOOK_DIR))
    yield km
    km.shutdown_kernel(now=True)


@pytest.mark.slow
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_for_every_year(path, year, tmp_path, kernel_manager):
    import papermill

    out = tmp_path / path.name
    papermill.execute_notebook(
        str(path),
        str(out),
        parameters={"year": year, "output_folder": str(tmp_path)},
        kernel_name="python3",
        km=kernel_manager,
        cwd=str(NOTEBOOK_DIR),
        progress_bar=False,
    )
    executed = nbformat.read(out, as_version=4)
    errors = [
        o
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors
    html = "".join(
        o["data"].get("text/html", "")
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "display_data"
    )
    if path.stem in REPORT_NOTEBOOKS:
        assert html, f"{path.name} shows nothing for the report in {year}"
    if path.stem == "00_overview":
        # Example data: the banner says so, and the summary counts the year asked for.
        assert 'class="dd-illustrative"' in html
        assert f"截至{year}年" in html
