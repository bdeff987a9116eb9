"""report.docx / brief.docx and the official layout (GB/T 9704): structure, fonts, text, numbers, page.

Fast tests write hand-made HTML; the slow ones run the fixture notebooks with ``layout="gongwen"``
(``kind="midterm"``) and read report.docx with python-docx (and its XML), report.pdf with pypdf.
The expected values are typed here from GB/T 9704-2012 (official-documents.md), not taken from
dayao_data.report.layout.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from lxml import html as lxml_html
from report_helpers import make_project

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 72 / 25.4
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
#: The symbols report.css writes before status labels (typed from report.css).
STATUS_SYMBOLS = {
    "achieved": "●",
    "ahead": "▲",
    "on_track": "○",
    "lagging": "△",
    "regressing": "↓",
    "breached": "■",
    "no_data": "—",
    "not_assessable": "◇",
}

SAMPLE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>大姚县规划 · 中期评估报告</title>
<meta name="author" content="大姚县"><style>.dd-status-lagging::before { content: "△ "; }</style></head>
<body class="dd-report">
<section class="dd-cover"><div class="dd-cover-title">大姚县“十四五”基本公共服务规划</div></section>
<nav class="dd-toc"><h2 class="dd-toc-title dd-no-toc">目录</h2><ul><li class="toc-h1"><a href="#s1">一、总体情况</a></li></ul></nav>
<main><section class="dd-chapter">
<h1 id="s1">一、总体情况</h1>
<p>截至2024年，学前三年毛入园率为<strong>89.8%</strong>，低于目标0.2个百分点。</p>
<h2>（一）教育</h2><h3>1.学前教育</h3>
<ul><li>加快普惠性幼儿园建设。</li><li>English item</li></ul>
<table class="dd-table"><thead><tr><th>指标</th><th colspan="2">现值</th></tr></thead>
<tbody><tr><td>每千人口医疗机构床位数</td><td class="num">5.3张</td><td><span class="dd-status dd-status-lagging">滞后</span></td></tr>
<tr><td>城镇新增就业人数</td><td class="num">1.06万人</td><td>—</td></tr></tbody></table>
<figure class="dd-figure"><img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==" alt=""><figcaption>图1　各领域指标状态</figcaption></figure>
</section></main></body></html>"""


def _docx(html: str, layout: str = "gongwen", **kw) -> Document:
    from dayao_data.report.docx import write_docx

    buf = io.BytesIO()
    write_docx(html, buf, layout=layout, **kw)
    return Document(io.BytesIO(buf.getvalue())), buf.getvalue()


def _runs_with_chinese(root):
    for r in root.iter(f"{W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        if CJK.search(text):
            yield r, text


def _east_asia_of_run(run, styles_root) -> str | None:
    fonts = run.find(f"{W}rPr/{W}rFonts")
    return None if fonts is None else fonts.get(f"{W}eastAsia")


# --------------------------------------------------------------------------------------
# Fast: hand-made HTML
# --------------------------------------------------------------------------------------


def test_gongwen_numbers_from_the_standard():
    from dayao_data.report import layout

    # 156 mm / 28 characters and 225 mm / 22 lines, in points
    assert layout.CHAR_PITCH_PT == pytest.approx(156 * 72 / 25.4 / 28, abs=1e-9)
    assert layout.LINE_PITCH_PT == pytest.approx(225 * 72 / 25.4 / 22, abs=1e-9)
    assert layout.LETTER_SPACING_PT == pytest.approx(15.7937 - 16, abs=1e-3)
    assert layout.TEXT_WIDTH_MM == 156 and layout.TEXT_HEIGHT_MM == 225


@pytest.mark.parametrize("layout", ["gongwen", "standard"])
def test_headings_tables_pictures_captions(layout):
    doc, _ = _docx(SAMPLE, layout)
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 1", "一、总体情况") in styles
    assert ("Heading 2", "（一）教育") in styles
    assert ("Heading 3", "1.学前教育") in styles
    assert ("Title", "大姚县“十四五”基本公共服务规划") in styles
    assert ("Caption", "图1　各领域指标状态") in styles
    assert [s for s, t in styles if t == "加快普惠性幼儿园建设。"] == ["List Bullet"]
    assert len(doc.tables) == 1
    table = doc.tables[0]
    first = table.rows[0]._tr
    assert first.find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r._tr.find(f"{W}trPr/{W}tblHeader") is None for r in table.rows[1:])
    # the style sheet's symbol is written out; a status label does not break (no-break space)
    assert table.rows[1].cells[2].text == "△\u00a0滞后"
    assert table.rows[0].cells[1].text == "现值" and table.rows[0].cells[1]._tc is table.rows[0].cells[2]._tc  # colspan
    assert len(doc.inline_shapes) == 1
    body = doc.element.body
    instr = "".join(t.text for t in body.iter(f"{W}instrText"))
    assert "TOC" in instr and '\\o "1-2"' in instr


def test_east_asian_font_on_every_run_style_and_default():
    doc, blob = _docx(SAMPLE, "gongwen")
    runs = list(_runs_with_chinese(doc.element.body))
    assert len(runs) > 10
    for run, text in runs:
        assert _east_asia_of_run(run, None), f"run without w:eastAsia: {text!r}"
    faces = {_east_asia_of_run(r, None) for r, _ in runs}
    assert "仿宋_GB2312" in faces and "黑体" in faces and "楷体" in faces and "方正小标宋简体" in faces
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        footer_xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/footer"))
        fonttable = etree.fromstring(z.read("word/fontTable.xml"))
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert default.find(f"{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert default.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    # no style leaves the East Asian face to the theme (the default template's theme is Japanese-first)
    for fonts in styles.iter(f"{W}rFonts"):
        assert fonts.get(f"{W}eastAsiaTheme") is None
    assert "— ".encode() in footer_xml and b"PAGE" in footer_xml
    alt = {
        f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val")
        for f in fonttable.findall(f"{W}font")
        if f.find(f"{W}altName") is not None
    }
    assert alt["仿宋_GB2312"] == "仿宋" and alt["方正小标宋简体"] == "宋体"


def test_gongwen_page_setup_in_the_docx():
    doc, blob = _docx(SAMPLE, "gongwen")
    s = doc.sections[0]
    assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(225 * MM / 22, abs=0.05)
    spacing = normal.element.find(f"{W}rPr/{W}spacing")
    assert int(spacing.get(f"{W}val")) == -5  # 156 mm / 28 − 16 pt = −0.207 pt, rounded down to whole twips
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        settings = z.read("word/settings.xml")
    assert b"evenAndOddHeaders" in settings and b"mirrorMargins" in settings


def test_child_elements_in_schema_order():
    """Word offers to 'repair' a file whose w:rPr / w:pPr children are out of schema order."""
    from dayao_data.report.docx.ooxml import PPR_SEQ, RPR_SEQ

    _, blob = _docx(SAMPLE, "gongwen")
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        parts = [etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
    for root in parts:
        for tag, seq in (("rPr", RPR_SEQ), ("pPr", PPR_SEQ)):
            for el in root.iter(f"{W}{tag}"):
                names = [etree.QName(c).localname for c in el]
                known = [n for n in names if n in seq]
                assert known == sorted(known, key=seq.index), names


def test_document_properties():
    custom = {"dayao.plan": "大姚县“十四五”基本公共服务规划", "dayao.input.01": "actuals a.csv sha256:abc"}
    doc, blob = _docx(SAMPLE, "gongwen", properties={"subject": "中期评估报告", "keywords": "2024"}, custom=custom)
    assert doc.core_properties.title == "大姚县规划 · 中期评估报告"
    assert doc.core_properties.subject == "中期评估报告"
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        xml = z.read("docProps/custom.xml").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
        rels = z.read("_rels/.rels").decode("utf-8")
    assert "sha256:abc" in xml and "dayao.plan" in xml and "custom-properties" in types and "custom-properties" in rels


def test_docx_text_equals_the_html_text():
    doc, _ = _docx(SAMPLE, "gongwen")
    text = "".join(t.text or "" for t in doc.element.body.iter(f"{W}t"))
    root = lxml_html.document_fromstring(SAMPLE)
    expected = "".join(root.find("body").itertext()).replace("滞后", "△ 滞后")
    assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", expected)


def test_gongwen_pdf_sets_22_lines_of_28_characters(tmp_path):
    """WeasyPrint with the official layout: a paragraph of 24 lines' worth of characters (no indent)
    fills a page with 22 lines of 28 and puts the last two on the next (two: widows are avoided)."""
    from dayao_data.report.layout import apply_layout
    from dayao_data.report.pdf import write_pdf
    from dayao_data.report.render import report_css

    text = ("规划实施进展良好各项指标稳步推进" * 50)[: 24 * 28]
    html = apply_layout(
        f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>
<style>{report_css()}</style></head>
<body class="dd-report"><section class="dd-cover">封面</section><main><p style="text-indent: 0">{text}</p></main></body></html>""",
        "gongwen",
    )
    write_pdf(html, tmp_path / "t.pdf")
    _, first = _pdf_spans(tmp_path / "t.pdf", 1)  # page 2: the cover is page 1
    _, second = _pdf_spans(tmp_path / "t.pdf", 2)
    body = [s for s in first if not re.fullmatch(r"[—\s\d]+", s[2])]
    lines = sorted({round(y, 1) for _, y, _ in body}, reverse=True)
    assert len(lines) == 22
    pitches = [a - b for a, b in zip(lines, lines[1:])]
    assert all(p == pytest.approx(225 * MM / 22, abs=0.15) for p in pitches)  # (y rounded to 0.1 pt above)
    # even page (page 2 is a verso): the binding margin is on the right, so text starts 26 mm in
    assert min(x for x, _, _ in body) == pytest.approx(26 * MM, abs=0.6)
    chars = "".join(t for _, _, t in body if not re.fullmatch(r"[—\s\d]+", t))
    assert len(re.sub(r"\s", "", chars)) == 22 * 28
    rest = "".join(t for _, _, t in second if not re.fullmatch(r"[—\s\d]+", t))
    assert len(re.sub(r"\s", "", rest)) == 2 * 28
    # page numbers "— 2 —" at the outer edge: left on the even page
    numbers = [s for s in first if re.fullmatch(r"—\s*2\s*—", s[2].strip())]
    assert numbers and numbers[0][0] < 60 * MM


def test_layout_is_checked():
    from dayao_data.report.layout import check_layout

    assert check_layout(None, "midterm") == "gongwen" and check_layout(None, "yearly") == "standard"
    with pytest.raises(ValueError, match="expected one of standard, gongwen"):
        check_layout("a4")


def test_every_shipped_text_character_has_a_glyph_in_its_face():
    """Body (仿宋) covers GB 2312 and the package's texts; the heading and title faces the package's
    texts and the notebooks' markdown (the headings the reports print)."""
    import json

    from fontTools.ttLib import TTFont

    from dayao_data.report.layout import FACES, font_path

    spec = __import__("importlib.util").util.spec_from_file_location(
        "build_font", Path(__file__).resolve().parent.parent / "tools" / "build_font.py"
    )
    build = __import__("importlib.util").util.module_from_spec(spec)
    spec.loader.exec_module(build)
    texts = build.text_characters(build.TEXT_GLOBS)
    headings = set()
    for nb in (Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"):
        for cell in json.loads(nb.read_text("utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                for line in "".join(cell["source"]).splitlines():
                    if line.startswith("#"):
                        headings |= {c for c in line.lstrip("#").strip() if build.renders(c) and ord(c) > 0x7F}
    fang = TTFont(str(font_path("fang")), lazy=True).getBestCmap()
    missing = sorted(c for c in texts | build.gb2312() if ord(c) not in fang and build.renders(c) and ord(c) > 0xFF)
    # GB 2312 symbols outside the Fandol design (a handful of box drawings and Cyrillic) fall back to Noto
    assert len(missing) < 120, "".join(missing[:50])
    assert not [c for c in texts if CJK.match(c) and ord(c) not in fang]
    for role in ("hei", "kai", "title", "song"):
        cmap = TTFont(str(font_path(role)), lazy=True).getBestCmap()
        lost = sorted(c for c in headings if CJK.match(c) and ord(c) not in cmap)
        assert lost == [], f"{FACES[role][2]}: {''.join(lost)}"
    assert set(map(ord, "— 0123456789")) <= set(TTFont(str(font_path("song")), lazy=True).getBestCmap())


def test_fandol_licence_ships_beside_the_fonts():
    from dayao_data.report.layout import font_path

    licence = font_path("fang").parent / "FANDOL-LICENSE.txt"
    text = licence.read_text("utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in text and "special exception" in text


# --------------------------------------------------------------------------------------
# Slow: a whole run in the official layout
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gongwen_run(tmp_path_factory):
    from dayao_data.params import load_params
    from dayao_data.run.run import run_report

    project = make_project(tmp_path_factory.mktemp("gongwen"))
    params = load_params(project / "params" / "2023.yaml")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_report(
            params, project_root=project, progress=False, kind="midterm", subtitle="中期评估报告（{year}年）"
        )
    return project, result, caught


def _pdf_spans(path: Path, page_no: int):
    from pypdf import PdfReader

    page = PdfReader(str(path)).pages[page_no]
    spans = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            spans.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return page, spans


@pytest.mark.slow
def test_run_writes_docx_and_brief(gongwen_run):
    _, result, _ = gongwen_run
    assert result.ok
    for name in ("report.docx", "brief.pdf", "brief.docx", "report.pdf"):
        assert name in result.outputs and result.outputs[name].stat().st_size > 1000
    import json

    manifest = json.loads((result.output_dir / "manifest.json").read_text("utf-8"))
    assert manifest["layout"] == "gongwen"
    names = {o["path"] for o in manifest["outputs"]}
    assert {"report.docx", "brief.pdf", "brief.docx"} <= names
    # the checksums of the inputs are in the .docx's custom properties
    with zipfile.ZipFile(result.output_dir / "report.docx") as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
    for rec in manifest["inputs"]:
        assert rec["sha256"] in custom


@pytest.mark.slow
def test_pdf_is_a4_with_the_official_margins_and_shipped_fonts(gongwen_run):
    from pypdf import PdfReader

    _, result, _ = gongwen_run
    pdf = result.output_dir / "report.pdf"
    reader = PdfReader(str(pdf))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) in ((595.3, 841.9), (841.9, 595.3))
    # a body page (odd: binding on the left): text starts 28 mm from the left edge and stays in the block
    fonts = set()
    for page in reader.pages:
        res = page["/Resources"].get_object()
        for f in (res.get("/Font") or {}).values():
            fonts.add(str(f.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert fonts, "no fonts found"
    for name in fonts:
        assert re.fullmatch(
            r"(Fandol(Fang|Song|Hei|Kai|Song-Bold)-Dayao.*|Noto-Sans-SC-Dayao.*|Noto-Sans-SC.*)", name
        ), name
    assert any(n.startswith("FandolFang-Dayao") for n in fonts) and any(n.startswith("FandolHei-Dayao") for n in fonts)
    for number in range(2, len(reader.pages), 2):  # pdf index 2 = page 3, a right-hand page
        page, spans = _pdf_spans(pdf, number)
        if float(page.mediabox.width) > 600:
            continue
        # leave out the page number and the running mark of illustrative data (in the top margin)
        body = [s for s in spans if not re.fullmatch(r"[—\s\d]+", s[2]) and s[2].strip() not in "示例数据 ILLUSTRATIVE"]
        if len(body) < 10:
            continue
        xs = [x for x, _, _ in body]
        ys = [y for _, y, _ in body]
        assert min(xs) >= 28 * MM - 1, (number, min(xs))
        assert max(ys) <= (297 - 37) * MM + 1
        assert min(ys) >= 35 * MM - 16
        numbers = [s for s in spans if re.fullmatch(r"—\s*\d+\s*—", s[2].strip())]
        assert numbers and numbers[0][0] > 105 * MM  # odd page: the number at the right (outer) edge
        break
    else:
        pytest.fail("no body page found")


@pytest.mark.slow
def test_docx_structure_fonts_and_text(gongwen_run):
    _, result, _ = gongwen_run
    html = (result.output_dir / "report.html").read_text("utf-8")
    doc = Document(str(result.output_dir / "report.docx"))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "Title"} <= styles  # (the fixture's chart has no caption)
    html_tables = lxml_html.document_fromstring(html).findall(".//table")
    with_head = [t.find("thead") is not None for t in html_tables]
    assert len(doc.tables) == len(html_tables) >= 2
    assert [t.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None for t in doc.tables] == with_head
    assert any(with_head)
    assert len(doc.inline_shapes) >= 1
    for run, text in _runs_with_chinese(doc.element.body):
        assert _east_asia_of_run(run, None), text
    # the docx says what the HTML (and so the PDF) says, in the same order
    root = lxml_html.document_fromstring(html)
    for span in root.iter("span"):
        for code, sym in STATUS_SYMBOLS.items():
            if f"dd-status-{code}" in (span.get("class") or "").split():
                span.text = f"{sym} {span.text or ''}"
    for el in root.iter("nav"):
        for _a in el.iter("a"):
            pass
    expected = re.sub(r"\s+", "", "".join(root.find("body").itertext()))
    got = re.sub(r"\s+", "", "".join(t.text or "" for t in doc.element.body.iter(f"{W}t")))
    assert got == expected


@pytest.mark.slow
def test_docx_paragraphs_are_in_the_pdf(gongwen_run):
    from report_helpers import pdf_pages_text

    _, result, _ = gongwen_run
    pdf_text = "".join(re.sub(r"—\s*\d+\s*—", "", t) for t in pdf_pages_text(result.output_dir / "report.pdf"))
    pdf_text = re.sub(r"\s+", "", pdf_text).replace("示例数据ILLUSTRATIVE", "")
    doc = Document(str(result.output_dir / "report.docx"))
    checked = 0
    for p in doc.paragraphs:
        text = re.sub(r"\s+", "", p.text)
        if p.style.name in ("Normal", "Heading 1", "Heading 2", "Heading 3") and len(text) >= 4 and CJK.search(text):
            assert text in pdf_text, p.text
            checked += 1
    assert checked >= 5


@pytest.mark.slow
def test_docx_numbers_are_the_assessment_numbers(gongwen_run):
    """The fixture's table prints each series' value: the docx shows assess.csv's value at its printed precision."""
    _, result, _ = gongwen_run
    with open(result.output_dir / "assess.csv", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh)]
    doc = Document(str(result.output_dir / "report.docx"))
    cells = {}
    for table in doc.tables:
        for row in table.rows:
            texts = [c.text for c in row.cells]
            if len(texts) == 3:
                cells.setdefault(texts[0], texts[1])
    compared = 0
    for r in rows:
        if r["name_zh"] not in cells or not r["value"]:
            continue
        shown = cells[r["name_zh"]]
        m = re.match(r"-?\d+(?:\.(\d+))?", shown.replace(",", ""))
        assert m, shown
        decimals = len(m.group(1) or "")
        assert float(m.group(0)) == pytest.approx(float(r["value"]), abs=0.5 * 10**-decimals + 1e-9), (
            r["name_zh"],
            shown,
            r["value"],
        )
        compared += 1
    assert compared >= 10


@pytest.mark.slow
def test_brief_has_counts_binding_table_and_one_chart(gongwen_run):
    from pypdf import PdfReader

    _, result, _ = gongwen_run
    pages = len(PdfReader(str(result.output_dir / "brief.pdf")).pages)
    assert 2 <= pages <= 4
    doc = Document(str(result.output_dir / "brief.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、需关注的约束性指标", "三、主要问题", "四、工作建议"]
    assert len(doc.inline_shapes) == 1
    assert [p.style.name for p in doc.paragraphs if p.text.startswith("图1")] == ["Caption"]
    with open(result.output_dir / "assess.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"{len(rows)}项指标" in text
    binding_bad = [
        r for r in rows if r["attribute"] == "binding" and r["status"] not in ("achieved", "ahead", "on_track")
    ]
    table_names = [row.cells[0].text for row in doc.tables[0].rows[1:]] if binding_bad else []
    assert sorted(table_names) == sorted(r["name_zh"] for r in binding_bad)


def test_cli_layout_option(capsys):
    from dayao_data.cli import main

    assert main(["report", "--all", "--layout", "gongwen"]) == 2
    assert "--layout goes with one report" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["report", "--year", "2024", "--layout", "a5"])
    assert exc.value.code == 2
    assert "invalid choice: 'a5'" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# Wide (compact) tables: type size, column widths from content, the landscape annex
# --------------------------------------------------------------------------------------

#: A compact table as tables.py writes it (a name spanning 3 grid columns, 20 figure columns),
#: inside the annex's landscape block, between two portrait paragraphs.
_WIDE_HEAD = "".join(f"<th>{y}年</th>" for y in range(2001, 2021))
_WIDE_ROW = "".join(f'<td class="num">{v}</td>' for v in ["85.76%", "1.58万人"] + ["99.05"] * 18)
WIDE = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>T</title></head><body><main>
<p>正文在前。</p>
<div class="dd-wide"><h1>附件1　主要发展指标完成情况表</h1>
<table class="dd-table dd-compact"><thead><tr><th colspan="3">指标</th>{_WIDE_HEAD}</tr></thead>
<tbody><tr><td colspan="3">学前三年毛入园率</td>{_WIDE_ROW}</tr></tbody></table></div>
<p>正文在后。</p></main></body></html>"""


def _advance_pt(text: str, font_file: str, size_pt: float) -> float:
    """The advance of ``text`` in a shipped face at ``size_pt``, from the font's own metrics."""
    from fontTools.ttLib import TTFont

    font = TTFont(Path(__file__).resolve().parents[1] / "dayao_data" / "data" / "fonts" / font_file)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    units = font["head"].unitsPerEm
    return sum(hmtx[cmap[ord(ch)]][0] for ch in text) / units * size_pt


@pytest.mark.parametrize(
    "layout, size, face, sheet, margins",
    [
        # standard: 7 pt as .dd-compact in report.css, A4 landscape 297 × 210 mm, margins 22/20 mm turned
        ("standard", 7, "NotoSansSC-Dayao.ttf", (297, 210), (22, 20)),
        # gongwen: 9 pt, landscape, the text block turned with the sheet (37/35 mm now left/right)
        ("gongwen", 9, "FandolFang-Dayao.otf", (297, 210), (37, 35)),
    ],
)
def test_compact_table_size_widths_and_landscape_annex(layout, size, face, sheet, margins):
    doc, _ = _docx(WIDE, layout)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    tbl = table._tbl
    # the type: every run of the table at the compact size
    sizes = {int(sz.get(f"{W}val")) for sz in tbl.iter(f"{W}sz")}
    assert sizes == {size * 2}
    # a fixed layout over explicit grid columns summing to the landscape text width
    assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    grid = [int(c.get(f"{W}w")) for c in tbl.tblGrid.findall(f"{W}gridCol")]
    assert len(grid) == 23
    text_width_twips = (sheet[0] - sum(margins)) / 25.4 * 1440
    assert abs(sum(grid) - text_width_twips) <= 1
    assert int(tbl.tblPr.find(f"{W}tblW").get(f"{W}w")) == sum(grid)
    # every cell's tcW is the sum of the grid columns it spans (colspan 3 for the name)
    first = tbl.tr_lst[1].tc_lst[0]
    assert int(first.tcPr.find(f"{W}tcW").get(f"{W}w")) == sum(grid[:3])
    # the column holding "85.76%" fits it on one line: its advance in the shipped face at this
    # size (Noto Sans SC stands in for 微软雅黑, FandolFang for 仿宋_GB2312) plus the cell margins,
    # and at least half an em per character (the narrowest a digit is in these faces)
    mar = tbl.tblPr.find(f"{W}tblCellMar")
    side = int(mar.find(f"{W}left").get(f"{W}w")) + int(mar.find(f"{W}right").get(f"{W}w"))
    for col, text in ((3, "85.76%"), (4, "1.58万人")):
        cell = tbl.tr_lst[1].tc_lst[col - 2]
        assert "".join(t.text for t in cell.iter(f"{W}t")) == text
        inner_pt = (grid[col] - side) / 20
        assert inner_pt >= _advance_pt(text, face, size), (text, inner_pt)
        assert inner_pt >= len(text) * size * 0.5
    # the narrow year columns share the rest: none is squeezed below "99.05"
    assert min(grid[5:]) / 20 >= _advance_pt("99.05", face, size)
    # no character-level breaking of Latin text (w:wordWrap off would break inside 85.76%)
    assert all(w.get(f"{W}val") not in ("0", "false", "off") for w in tbl.iter(f"{W}wordWrap"))
    # sections: portrait (the text before), landscape (the annex), portrait again
    sections = list(doc.sections)
    assert len(sections) == 3
    orient = [s.orientation for s in sections]
    from docx.enum.section import WD_ORIENT

    assert orient == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    land = sections[1]
    assert (round(land.page_width.mm), round(land.page_height.mm)) == sheet
    assert [round(x.mm) for x in (land.left_margin, land.right_margin)] == list(margins)
    assert (round(sections[2].page_width.mm), round(sections[2].page_height.mm)) == (210, 297)
    pgsz = land._sectPr.find(f"{W}pgSz")
    assert pgsz.get(f"{W}orient") == "landscape"
    # the table lies between the end of the portrait section and the end of the landscape one
    body = list(doc.element.body)
    ends = [i for i, el in enumerate(body) if el.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(ends) == 2 and ends[0] < body.index(tbl) < ends[1]
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("正文在前。") < texts.index("附件1　主要发展指标完成情况表") < texts.index("正文在后。")
    # headers and footers continue: the later sections inherit them, numbered from their first page
    for s in sections[1:]:
        assert s.footer.is_linked_to_previous and not s.different_first_page_header_footer
        assert s._sectPr.find(f"{W}pgNumType") is None
