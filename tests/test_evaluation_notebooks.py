"""The mid-term and final evaluation notebooks follow the house style, run, and make both reports.

House style as for the yearly notebooks: a header cell, ONE ``parameters`` cell of commented
literal assignments, an import cell, a setup cell that uses every parameter, then Chinese/English
narrative pairs and one-line ``show.*(ev)`` calls — never a function or class of its own.

The slow tests run every notebook with papermill on its default parameters, and then produce both
reports with ``dayao report --midterm`` / ``--final`` (the yearly report's runner: one kernel,
HTML, PDF with the bundled font, manifest, atomic folder).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("midterm", "final")
NOTEBOOKS = {kind: sorted((ROOT / "notebooks" / kind).glob("*.ipynb")) for kind in KINDS}
ALL = [(kind, p) for kind in KINDS for p in NOTEBOOKS[kind]]
PARAMETERS = {
    "midterm": (
        "year",
        "plan_file",
        "actuals_files",
        "output_folder",
        "language",
        "band",
        "previous_report",
        "context_file",
    ),
    "final": (
        "year",
        "plan_file",
        "actuals_files",
        "output_folder",
        "language",
        "band",
        "previous_report",
        "midterm_year",
        "context_file",
    ),
}
CHAPTERS = {
    # The outlines of official-documents.md ("Structure").
    "midterm": [
        "一、总体进展",
        "二、主要指标完成情况（时间过半、任务过半）",
        "三、重点任务和重大工程推进情况",
        "四、存在的问题和原因",
        "五、下一步工作建议",
        "附件",
    ],
    "final": [
        "一、总体评价",
        "二、主要指标完成情况",
        "三、重点任务和重大工程完成情况",
        "四、存在的问题和原因",
        "五、主要经验",
        "六、对“十五五”规划编制的建议",
        "附件",
    ],
}


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


def _code(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


@pytest.fixture(params=ALL, ids=[f"{k}/{p.stem}" for k, p in ALL])
def notebook(request):
    kind, path = request.param
    return kind, path, nbformat.read(path, as_version=4)


def test_the_chapters_of_both_reports():
    for kind in KINDS:
        titles = [nbformat.read(p, as_version=4).metadata["dayao"]["title_zh"] for p in NOTEBOOKS[kind]]
        assert titles == CHAPTERS[kind]


def test_house_style(notebook):
    kind, path, nb = notebook
    nbformat.validate(nb)
    meta = nb.metadata["dayao"]
    assert meta["report"] is True and isinstance(meta["order"], int) and meta["title_zh"] and meta["title_en"]
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "report-skip" in _tags(first)
    for word in ("Purpose", "Inputs", "Outputs", "Plan chapter"):
        assert word in first.source
    params = [c for c in nb.cells if "parameters" in _tags(c)]
    assert len(params) == 1 and "report-skip" in _tags(params[0])
    names = []
    for stmt in ast.parse(_code(params[0])).body:
        assert isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
        value = stmt.value
        assert isinstance(value, ast.Constant) or (
            isinstance(value, ast.List) and all(isinstance(e, ast.Constant) for e in value.elts)
        )
        names.append(stmt.targets[0].id)
    assert tuple(names) == PARAMETERS[kind]
    for line in _code(params[0]).splitlines():
        assert "  # " in line and line.count("=") == 1, line
    code = [c for c in nb.cells if c.cell_type == "code"]
    i = code.index(params[0])
    imports, setup = code[i + 1], code[i + 2]
    assert all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in ast.parse(_code(imports)).body)
    call = ast.parse(_code(setup)).body[0].value
    assert call.func.attr == f"setup_{kind}"
    assert {k.arg for k in call.keywords} == set(PARAMETERS[kind])
    for cell in code:
        for node in ast.walk(ast.parse(_code(cell))):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), path.name
    for cell in code[i + 3 :]:
        statements = ast.parse(_code(cell)).body
        assert len(statements) == 1
        c = statements[0].value
        assert isinstance(c, ast.Call) and c.func.value.id == "show" and [a.id for a in c.args] == ["ev"]


def test_narrative_in_pairs_with_one_chapter(notebook):
    kind, path, nb = notebook
    cells = nb.cells
    h1 = []
    for index, cell in enumerate(cells):
        if cell.cell_type != "markdown" or "report-skip" in _tags(cell):
            continue
        languages = _tags(cell) & {"zh", "en"}
        assert len(languages) == 1
        if languages == {"zh"}:
            following = cells[index + 1]
            assert following.cell_type == "markdown" and "en" in _tags(following)
            zh_heads = [line.split()[0] for line in cell.source.splitlines() if line.startswith("#")]
            en_heads = [line.split()[0] for line in following.source.splitlines() if line.startswith("#")]
            assert zh_heads == en_heads
        h1 += [line for line in cell.source.splitlines() if line.startswith("# ")]
    assert len(h1) == 2  # the chapter's h1, in each language
    assert h1[0] == "# " + nb.metadata["dayao"]["title_zh"]


def test_params_files_list_the_notebooks():
    from dayao_data.params import load_params

    for kind in KINDS:
        params = load_params(ROOT / "params" / f"{kind}.yaml")
        assert params["output_folder"] == f"reports/{kind}"
        assert params["notebooks"] == [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS[kind]]
        assert params["language"] == "zh"
    assert load_params(ROOT / "params" / "midterm.yaml")["year"] == 2023
    final = load_params(ROOT / "params" / "final.yaml")
    assert final["year"] == 2025
    assert final["actuals_files"] == ["example", "dayao_data/data/examples/actuals-illustrative-2025.csv"]


def test_final_refuses_another_year():
    from dayao_data.evaluation.show import setup_final

    with pytest.raises(ValueError, match="target year 2025"):
        setup_final(2024)


def test_workbook_sheets_headers_and_banner(tmp_path):
    """One sheet per table, Chinese headers over the column codes, the banner on every sheet."""
    from openpyxl import load_workbook

    from dayao_data.evaluation.show import setup_final, setup_midterm
    from dayao_data.evaluation.workbook import export_xlsx

    for ev in (
        setup_midterm(2023, output_folder=str(tmp_path)),
        setup_final(
            2025,
            actuals_files=["example", str(ROOT / "dayao_data/data/examples/actuals-illustrative-2025.csv")],
            output_folder=str(tmp_path),
        ),
    ):
        path = export_xlsx(ev)
        wb = load_workbook(path)
        assert len(wb.sheetnames) == 9
        for ws in wb.worksheets:
            assert ws.cell(1, 1).value == "示例数据 — 非真实统计"
            headers = [c.value for c in ws[2]]
            codes = [c.value for c in ws[3]]
            assert any("\u4e00" <= ch <= "\u9fff" for ch in headers[0] + headers[-1])
            assert codes[0] in ("metric", "status", "data_year", "indicator_id", "key", "group", "rank", "table_row")
    mid = load_workbook(tmp_path / "midterm.xlsx")["存在的问题"]
    assert [c.value for c in mid[3]][:3] == ["indicator_id", "label", "name_zh"]


def test_write_workbook_writes_the_kinds_file_into_the_folder_and_displays_nothing(tmp_path, monkeypatch):
    """write_workbook(ev, folder): midterm.xlsx in the given folder (not the output folder), one
    row per row of each table, nothing displayed (it is the runner's call, not a notebook's)."""
    import IPython.display
    from openpyxl import load_workbook

    from dayao_data.evaluation.show import setup_midterm
    from dayao_data.evaluation.workbook import write_workbook

    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    ev = setup_midterm(2023, output_folder=str(tmp_path / "out"))
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: pytest.fail("write_workbook displayed something"))
    path = write_workbook(ev, tmp_path / "elsewhere")
    assert path == tmp_path / "elsewhere" / "midterm.xlsx"
    assert not (tmp_path / "out" / "midterm.xlsx").exists()
    ws = load_workbook(path)["存在的问题"]
    # rows 1-3: banner, Chinese header, codes; then one row per problem series
    ids = [r[0].value for r in ws.iter_rows(min_row=4) if r[0].value is not None]
    assert ids == list(ev.result.problems["indicator_id"])


# --------------------------------------------------------------------------------------
# Slow: every notebook runs; both reports are built
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kernel_manager():
    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(ROOT))
    yield km
    km.shutdown_kernel(now=True)


@pytest.mark.slow
@pytest.mark.parametrize("kind,path", ALL, ids=[f"{k}/{p.stem}" for k, p in ALL])
def test_notebook_runs_on_the_default_parameters(kind, path, tmp_path, kernel_manager):
    import papermill

    out = tmp_path / path.name
    nb = papermill.execute_notebook(
        str(path),
        str(out),
        parameters={"output_folder": str(tmp_path)},
        kernel_name="python3",
        km=kernel_manager,
        cwd=str(path.parent),
        progress_bar=False,
    )
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    rich = [o for o in outputs if o.get("output_type") == "display_data"]
    assert rich and all("text/html" in o["data"] and "text/plain" in o["data"] for o in rich)
    # The workbook has one owner, the runner (test_dayao_report_builds_the_evaluation): a notebook
    # run alone writes none, so a report folder cannot hold two different copies.
    assert not (tmp_path / f"{kind}.xlsx").exists()


def _pdf_text_and_fonts(path: Path):
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    fonts: dict[str, set] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            for desc in [font.get("/FontDescriptor")] + [
                d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])
            ]:
                if desc is not None:
                    desc = desc.get_object()
                    fonts.setdefault(str(desc.get("/FontName")), set()).update(
                        k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc
                    )
    return [p.extract_text() for p in reader.pages], fonts


@pytest.mark.slow
@pytest.mark.parametrize("kind,language", [("midterm", "zh"), ("final", "zh"), ("final", "en")])
def test_dayao_report_builds_the_evaluation(kind, language, tmp_path, capsys):
    from dayao_data.cli import main

    assert (
        main(["report", f"--{kind}", "--output", str(tmp_path), "--allow-outside", "--language", language, "--quiet"])
        == 0
    )
    folder = tmp_path / (kind if language == "zh" else f"{kind}-en")  # English beside the Chinese report
    for name in ("report.pdf", "report.html", f"{kind}.xlsx", "manifest.json"):
        assert (folder / name).exists(), name
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert f"{kind}.xlsx" in [o["path"] for o in manifest["outputs"]]
    assert manifest["illustrative"] is True
    assert not [w for w in manifest["warnings"] if "glyph" in w.lower() or "notdef" in w.lower()]
    pages, fonts = _pdf_text_and_fonts(folder / "report.pdf")
    # the bundled CJK font is embedded (the PDF reads the same on a machine without Chinese fonts)
    assert any("Noto" in name and kinds for name, kinds in fonts.items()), fonts
    assert all("ILLUSTRATIVE" in text for text in pages[1:])  # every page but the cover says so
    text = "\n".join(pages)
    if language == "zh":
        assert ("中期评估报告" if kind == "midterm" else "总结评估报告") in pages[0]
        for chapter in CHAPTERS[kind]:
            assert chapter in text, chapter
        assert ("时间过半、任务过半" if kind == "midterm" else "两个都实现才算实现") in text
    else:
        assert "Final evaluation" in pages[0] and "Row by row" in text
        assert "Counting the plan table's 20 rows" in " ".join(text.split())
    assert "show.setup" not in text and "import " not in text
