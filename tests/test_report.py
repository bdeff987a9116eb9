"""The yearly report: what the renderer keeps and drops, the PDF's fonts, frame and markings, the workbook.

Fast tests feed the renderer hand-made notebooks.  The ``slow`` tests run ``run_report`` on the
fixture notebooks (tests/fixtures/notebooks) in a throw-away project folder — once in Chinese
with the shipped illustrative data, once in English, once with a copy of that data whose source
column says it is real — and read the PDF back with pypdf.  One more runs the project's own
params/2023.yaml when the real notebooks are there.
"""

from __future__ import annotations

import base64
import json
import re
import warnings
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from report_helpers import (
    FOOTER_EN,
    FOOTER_ZH,
    GOOD_NOTEBOOKS,
    NEVER_IN_PDF,
    ROOT,
    embedded_fonts,
    make_project,
    non_illustrative_copy,
    pdf_pages_text,
    sha256,
)

from dayao_data.report.render import (
    CHROME,
    ReportInfo,
    notebook_html,
    number_headings,
    page_css,
    render_report,
    report_notebooks,
)

PNG_1x1 = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()


def nb(cells, **meta):
    book = new_notebook(
        metadata={"dayao": {"report": True, "order": 1, "title_zh": "章", "title_en": "Chapter", **meta}}
    )
    book.cells = cells
    return book


def code(outputs=(), source="x = 1", tags=()):
    cell = new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = list(outputs)
    return cell


def display(data, kind="display_data"):
    if kind == "execute_result":
        return new_output("execute_result", data=data, execution_count=1)
    return new_output("display_data", data=data)


# --------------------------------------------------------------------------------------------
# The renderer, cell by cell
# --------------------------------------------------------------------------------------------


def test_language_tags_choose_the_cells():
    book = nb(
        [
            new_markdown_cell("共同 both"),
            new_markdown_cell("只有中文", metadata={"tags": ["zh"]}),
            new_markdown_cell("English only", metadata={"tags": ["en"]}),
            new_markdown_cell("跳过 skipped", metadata={"tags": ["report-skip", "zh"]}),
            new_markdown_cell("双语 bilingual", metadata={"tags": ["zh", "en"]}),
        ]
    )
    zh, en = notebook_html(book, "zh"), notebook_html(book, "en")
    assert "共同 both" in zh and "共同 both" in en
    assert "只有中文" in zh and "只有中文" not in en
    assert "English only" in en and "English only" not in zh
    assert "skipped" not in zh and "skipped" not in en
    assert "双语 bilingual" in zh and "双语 bilingual" in en


def test_code_never_appears_and_streams_and_errors_are_dropped():
    book = nb(
        [
            code(
                [
                    new_output("stream", name="stdout", text="printed text\n"),
                    new_output("error", ename="ValueError", evalue="bad", traceback=["Traceback: bad"]),
                    display({"text/plain": "'the value'"}, "execute_result"),
                ],
                source="secret_source_line = compute()",
            ),
            code([display({"text/html": "<p>skipped output</p>"})], tags=["report-skip"]),
        ]
    )
    html = notebook_html(book, "zh")
    assert "secret_source_line" not in html
    assert "printed text" not in html and "Traceback" not in html
    assert "skipped output" not in html
    assert '<pre class="dd-plain">&#x27;the value&#x27;</pre>' in html


def test_richest_representation_wins():
    rich = {
        "text/html": "<table class='dd-table'><tr><td>html</td></tr></table>",
        "image/png": PNG_1x1,
        "text/markdown": "**md**",
        "text/plain": "plain",
    }
    assert "html</td>" in notebook_html(nb([code([display(rich)])]), "zh")
    no_html = {k: v for k, v in rich.items() if k != "text/html"}
    out = notebook_html(nb([code([display(no_html)])]), "zh")
    assert f"data:image/png;base64,{PNG_1x1}" in out and "plain" not in out
    svg = {
        "image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "text/markdown": "**md**",
        "text/plain": "plain",
    }
    assert "data:image/svg+xml;base64," in notebook_html(nb([code([display(svg)])]), "zh")
    md = {"text/markdown": "**md**", "text/plain": "plain"}
    out = notebook_html(nb([code([display(md)])]), "zh")
    assert "<strong>md</strong>" in out and "plain" not in out


def test_scripts_in_html_outputs_are_removed():
    html = notebook_html(nb([code([display({"text/html": "<p>ok</p><script>alert(1)</script>"})])]), "zh")
    assert "<p>ok</p>" in html and "alert" not in html


def test_report_false_notebooks_are_left_out_and_order_decides():
    first, second, hidden = nb([], order=20), nb([], order=10), nb([], order=5, report=False)
    assert report_notebooks([first, second, hidden]) == [second, first]


def test_headings_get_ids_and_h1_h2_make_the_contents():
    body, entries = number_headings('<h1>一</h1><h2 id="keep">二 <em>x</em></h2><h3>三</h3><h2>四 &amp; 五</h2>')
    assert [e[0] for e in entries] == [1, 2, 2]
    assert entries[1] == (2, "keep", "二 x")
    assert entries[2][2] == "四 & 五"
    assert body.count(' id="') == 4


def test_chapter_without_h1_gets_its_title_from_the_metadata():
    info = ReportInfo(year=2023, plan_title="规划", plan_short_title="规划")
    html = render_report([nb([new_markdown_cell("正文")], title_zh="分领域进展")], info)
    assert re.search(r'<h1 id="sec-\d+">分领域进展</h1>', html)
    assert '<a href="#sec-1">分领域进展</a>' in html


def _info(**kw):
    values = dict(
        year=2023,
        plan_title="大姚县“十四五”基本公共服务规划",
        plan_short_title="基本公共服务规划",
        latest_data_year=2023,
        actuals=[{"path": "x.csv", "sha256": "ab" * 32, "modified": "2024-03-01T00:00:00"}],
        version="0.1.0",
    )
    values.update(kw)
    return ReportInfo(**values)


def test_illustrative_runs_are_marked_on_the_cover_and_in_every_page_header():
    html = render_report([], _info(illustrative=True))
    assert "示例数据·非真实统计" in html
    assert '@top-right { content: "示例数据 ILLUSTRATIVE"; }' in html
    plain = render_report([], _info(illustrative=False))
    assert "示例数据" not in plain


def test_cover_names_the_issuer_the_years_and_a_chinese_date_and_no_checksums():
    import datetime as dt

    html = render_report([], _info(issuer="大姚县发展改革局", generated=dt.datetime(2026, 12, 1, 9, 30)))
    cover = html[html.index('<section class="dd-cover">') : html.index("</section>")]
    assert "2023年度实施进展监测报告" in cover
    assert "最新数据年度" in cover and ">2023<" in cover
    assert "大姚县发展改革局" in cover and "2026年12月" in cover
    # files and checksums are provenance: the last annex and the manifest, not the cover
    assert "abababababab" not in cover and "x.csv" not in cover
    assert '<meta name="author" content="大姚县发展改革局">' in html


def test_english_chrome():
    css = page_css(_info(language="en", illustrative=True))
    assert '"Page " counter(page) " of " counter(pages)' in css
    html = render_report([], _info(language="en", illustrative=True))
    assert 'lang="en"' in html and "Contents" in html and "Illustrative data" in html
    assert "Implementation progress monitoring report 2023" in html
    assert CHROME["zh"]["page"] in page_css(_info())


# --------------------------------------------------------------------------------------------
# The workbook
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_assessment():
    from dayao_data.actuals import load_actuals
    from dayao_data.plan import load_plan
    from dayao_data.progress import evaluate

    plan = load_plan()
    return evaluate(plan, load_actuals(None, plan), 2023)


@pytest.mark.parametrize("illustrative", [True, False])
def test_workbook_sheets_headers_and_banner(tmp_path, example_assessment, illustrative):
    from openpyxl import load_workbook

    from dayao_data.progress import ASSESS_COLUMNS
    from dayao_data.report.xlsx import ASSESS_COLUMN_DOCS, BANNER, write_assess_xlsx
    from dayao_data.summary import binding_alarms
    from dayao_data.typography import zh_text

    table = example_assessment.table
    path = write_assess_xlsx(
        table,
        binding_alarms(table),
        tmp_path / "assess.xlsx",
        illustrative=illustrative,
        year=2023,
        notes=example_assessment.notes,
    )
    wb = load_workbook(path)
    assert wb.sheetnames == ["评估结果", "约束性指标预警", "说明"]
    for ws in wb.worksheets:
        assert (ws["A1"].value == BANNER) is illustrative, ws.title
    ws = wb["评估结果"]
    head = 2 if illustrative else 1
    # headers as documented, set with full-width marks beside Chinese (dayao_data.typography)
    assert [c.value for c in ws[head]] == [zh_text(ASSESS_COLUMN_DOCS[c][0]) for c in ASSESS_COLUMNS]
    assert "领先（+）/落后（−）年数" in [c.value for c in ws[head]]
    assert [c.value for c in ws[head + 1]] == ASSESS_COLUMNS
    assert ws.freeze_panes == f"C{head + 2}"
    assert ws.max_row == head + 1 + len(table)
    # the first data row holds the first series, with its numbers as numbers
    first = {code: ws.cell(row=head + 2, column=j + 1) for j, code in enumerate(ASSESS_COLUMNS)}
    assert first["indicator_id"].value == table["indicator_id"].iloc[0]
    assert first["time_share"].value == pytest.approx(table["time_share"].iloc[0])
    assert first["time_share"].number_format == "0.0%"
    assert ws.column_dimensions["B"].width >= 20


# --------------------------------------------------------------------------------------------
# Whole runs (slow)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from dayao_data.run.kernel import KernelSession

    s = KernelSession(tmp_path_factory.mktemp("kernel")).start()
    yield s
    s.shutdown()


def _run(project, session, **kw):
    from dayao_data.params import load_params
    from dayao_data.run.run import run_report

    params = load_params(project / "params" / "2023.yaml").replace(**kw)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_report(params, project_root=project, progress=False, session=session)
    return result, caught


def _no_missing_glyphs(result, caught):
    glyphs = [w for w in result.warnings if "missing" in w.lower() or ".notdef" in w]
    glyphs += [
        str(w.message)
        for w in caught
        if type(w.message).__name__ == "MissingGlyphWarning" or "missing from font" in str(w.message)
    ]
    assert glyphs == []


@pytest.fixture(scope="module")
def zh_run(tmp_path_factory, session):
    project = make_project(tmp_path_factory.mktemp("zh"))
    result, caught = _run(project, session)
    return project, result, caught


@pytest.fixture(scope="module")
def en_run(tmp_path_factory, session):
    project = make_project(tmp_path_factory.mktemp("en"), language="en")
    result, caught = _run(project, session)
    return project, result, caught


@pytest.fixture(scope="module")
def real_data_run(tmp_path_factory, session):
    project = make_project(tmp_path_factory.mktemp("real"))
    non_illustrative_copy(project / "actuals-2023.csv")
    result, caught = _run(project, session, actuals_files=["actuals-2023.csv"])
    return project, result, caught


@pytest.mark.slow
def test_pdf_embeds_the_cjk_font(zh_run):
    _, result, caught = zh_run
    fonts = embedded_fonts(result.output_dir / "report.pdf")
    noto = {name: kinds for name, kinds in fonts.items() if "Noto" in name}
    assert noto, f"no Noto font in the PDF: {sorted(fonts)}"
    assert any(kinds & {"FontFile2", "FontFile3"} for kinds in noto.values()), noto
    _no_missing_glyphs(result, caught)


@pytest.mark.slow
def test_pdf_text_statuses_banner_and_footer(zh_run):
    _, result, _ = zh_run
    pages = pdf_pages_text(result.output_dir / "report.pdf")
    text = "\n".join(pages)
    assert "已实现" in text and "示例数据" in text
    assert "本章概述评估结果" in text and "This chapter summarises" not in text
    assert 3 <= len(pages) <= 40
    # every page but the cover has "第 N 页 / 共 M 页", numbered in order, M the real count
    for n, page in enumerate(pages[1:], start=2):
        found = FOOTER_ZH.search(page)
        assert found, f"page {n} has no footer"
        assert (int(found.group(1)), int(found.group(2))) == (n, len(pages))


@pytest.mark.slow
def test_every_page_of_an_illustrative_report_says_so(zh_run):
    _, result, _ = zh_run
    pages = pdf_pages_text(result.output_dir / "report.pdf")
    assert all("示例数据" in page for page in pages), [i + 1 for i, p in enumerate(pages) if "示例数据" not in p]


@pytest.mark.slow
def test_no_code_in_the_pdf(zh_run):
    _, result, _ = zh_run
    text = "\n".join(pdf_pages_text(result.output_dir / "report.pdf"))
    html = (result.output_dir / "report.html").read_text("utf-8")
    for marker in NEVER_IN_PDF:
        assert marker not in text, marker
        assert marker not in html, marker


@pytest.mark.slow
def test_report_false_notebook_runs_and_is_kept_but_not_rendered(zh_run):
    _, result, _ = zh_run
    hidden = nbformat.read(result.output_dir / "90_fixture_hidden.ipynb", as_version=4)
    outputs = [o for c in hidden.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any("HIDDEN_NOTEBOOK_MARKER" in json.dumps(o) or "1" == o.get("data", {}).get("text/plain") for o in outputs)
    # each executed notebook reads as if run alone: execution counts start at 1
    counts = [c.execution_count for c in hidden.cells if c.cell_type == "code"]
    assert counts[0] == 1


@pytest.mark.slow
def test_english_report(en_run):
    _, result, caught = en_run
    pages = pdf_pages_text(result.output_dir / "report.pdf")
    text = "\n".join(pages)
    assert "Page" in text and "Illustrative" in text
    assert "This chapter summarises" in text and "本章概述评估结果" not in text
    for n, page in enumerate(pages[1:], start=2):
        found = FOOTER_EN.search(page)
        assert found and int(found.group(1)) == n and int(found.group(2)) == len(pages)
    _no_missing_glyphs(result, caught)


@pytest.mark.slow
def test_real_data_is_not_marked_illustrative(real_data_run):
    from openpyxl import load_workbook

    _, result, caught = real_data_run
    assert not result.illustrative
    pages = pdf_pages_text(result.output_dir / "report.pdf")
    assert not any("示例数据" in page for page in pages)
    assert "ILLUSTRATIVE" not in "\n".join(pages)
    wb = load_workbook(result.output_dir / "assess.xlsx")
    assert all("示例" not in str(ws["A1"].value) for ws in wb.worksheets)
    _no_missing_glyphs(result, caught)


@pytest.mark.slow
def test_illustrative_workbook_has_the_banner_on_every_sheet(zh_run):
    from openpyxl import load_workbook

    _, result, _ = zh_run
    wb = load_workbook(result.output_dir / "assess.xlsx")
    assert len(wb.worksheets) == 3
    for ws in wb.worksheets:
        assert ws["A1"].value == "示例数据 — 非真实统计", ws.title
        assert ws["A1"].fill.fgColor.rgb.endswith("C00000")


@pytest.mark.slow
def test_assess_csv_is_the_assessment_of_the_same_inputs(real_data_run):
    """Values compared with an independent call of assess() on the same files, not copied."""
    from dayao_data.actuals import load_actuals
    from dayao_data.plan import load_plan
    from dayao_data.progress import ASSESS_COLUMNS, assess

    project, result, _ = real_data_run
    raw = (result.output_dir / "assess.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "assess.csv needs a BOM so that Excel reads it as UTF-8"
    written = pd.read_csv(result.output_dir / "assess.csv", encoding="utf-8-sig")
    assert list(written.columns) == ASSESS_COLUMNS
    plan = load_plan()
    expected = assess(plan, load_actuals([project / "actuals-2023.csv"], plan), 2023, band=0.10)
    assert len(written) == len(expected)
    for column in ASSESS_COLUMNS:
        got, want = written[column], expected[column]
        if pd.api.types.is_numeric_dtype(want) and not pd.api.types.is_bool_dtype(want):
            pd.testing.assert_series_equal(got.astype(float), want.astype(float), check_names=False, rtol=1e-12)
        else:
            assert got.fillna("").astype(str).tolist() == want.fillna("").astype(str).tolist(), column


@pytest.mark.slow
def test_actuals_used_are_the_validated_actuals(real_data_run):
    from dayao_data.actuals import load_actuals
    from dayao_data.plan import load_plan

    project, result, _ = real_data_run
    used = pd.read_csv(result.output_dir / "actuals-used.csv", encoding="utf-8-sig")
    expected = load_actuals([project / "actuals-2023.csv"], load_plan())
    assert used[["indicator", "year"]].values.tolist() == expected[["indicator", "year"]].values.tolist()
    assert used["value"].tolist() == pytest.approx(expected["value"].tolist())


@pytest.mark.slow
def test_manifest_hashes_are_the_inputs_hashes(real_data_run):
    from dayao_data.plan import default_plan_path

    project, result, _ = real_data_run
    manifest = json.loads((result.output_dir / "manifest.json").read_text("utf-8"))
    by_role = {}
    for rec in manifest["inputs"]:
        by_role.setdefault(rec["role"], []).append(rec)
    assert by_role["plan"][0]["sha256"] == sha256(default_plan_path())
    assert by_role["actuals"][0]["sha256"] == sha256(project / "actuals-2023.csv")
    assert by_role["params"][0]["sha256"] == sha256(project / "params" / "2023.yaml")
    notebooks = {Path(r["path"]).name: r["sha256"] for r in by_role["notebook"]}
    assert notebooks == {n: sha256(project / "notebooks" / n) for n in GOOD_NOTEBOOKS}
    outputs = {r["path"]: r["sha256"] for r in manifest["outputs"]}
    for name in ["report.pdf", "report.html", "assess.csv", "assess.xlsx", "actuals-used.csv", *GOOD_NOTEBOOKS]:
        assert outputs[name] == sha256(result.output_dir / name), name
    assert manifest["year"] == 2023 and manifest["illustrative"] is False
    assert manifest["parameters"]["actuals_files"] == ["actuals-2023.csv"]
    assert [n["name"] for n in manifest["notebooks"]] == GOOD_NOTEBOOKS
    assert manifest["python"] and manifest["package"]["version"]


@pytest.mark.slow
@pytest.mark.skipif(
    not (ROOT / "notebooks" / "00_overview.ipynb").exists(), reason="the report notebooks are not there yet"
)
def test_the_project_report_on_the_default_data(tmp_path, session):
    """params/2023.yaml as shipped (the real notebooks, the illustrative data), into a temporary folder."""
    from dayao_data.params import load_params
    from dayao_data.run.run import run_report

    params = load_params(ROOT / "params" / "2023.yaml")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_report(
            params, project_root=ROOT, reports_dir=tmp_path, progress=False, session=session, allow_outside=True
        )
    pdf = result.output_dir / "report.pdf"
    fonts = embedded_fonts(pdf)
    assert any("Noto" in name and kinds & {"FontFile2", "FontFile3"} for name, kinds in fonts.items()), fonts
    # only the shipped fonts: a system font (e.g. the browser's monospace for <code>) would be
    # missing, or different, on a fresh machine
    assert all("Noto" in name for name in fonts), sorted(fonts)
    pages = pdf_pages_text(pdf)
    text = "\n".join(pages)
    assert "已实现" in text
    assert all("示例数据" in page for page in pages)
    assert FOOTER_ZH.search(pages[-1]).group(2) == str(len(pages))
    assert 5 <= len(pages) <= 200
    for marker in ("import pandas", "from dayao_data", "setup(", "display("):
        assert marker not in text
    _no_missing_glyphs(result, caught)


def test_a_report_can_name_its_kind():
    info = _info(subtitle="中期评估报告({year}年)")
    html = render_report([], info)
    assert "中期评估报告（2023年）" in html and "2023年度实施进展监测报告" not in html  # set with full-width marks
    assert info.title.endswith("中期评估报告(2023年)")


def test_workbook_of_several_tables(tmp_path):
    from openpyxl import load_workbook

    from dayao_data.report.xlsx import BANNER, write_tables_xlsx

    frame = pd.DataFrame({"indicator_id": ["a", "b"], "value": [1.5, 2.0]})
    columns = {"indicator_id": ("指标代码", "@", 20), "value": ("实际值", "#,##0.00", 10), "missing": ("无", "@", 5)}
    path = write_tables_xlsx(
        [("一", frame, columns), ("二", frame, columns, "标题")], tmp_path / "t.xlsx", illustrative=True
    )
    wb = load_workbook(path)
    assert wb.sheetnames == ["一", "二"]
    assert all(ws["A1"].value == BANNER for ws in wb.worksheets)
    assert [c.value for c in wb["一"][2]] == ["指标代码", "实际值"] and [c.value for c in wb["一"][3]] == [
        "indicator_id",
        "value",
    ]
    assert wb["二"]["A2"].value == "标题" and wb["二"]["B5"].value == 1.5
