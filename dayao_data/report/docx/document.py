"""The report document (report.html, the same one the PDF is laid out from) → an editable .docx.

County offices edit a report's narrative in WPS or Word before it is signed; a .docx written from
the assembled HTML keeps every figure identical to the PDF's, whatever the notebooks put in it.
The conversion is generic over that HTML:

* ``h1``–``h4`` → Word's built-in "Heading 1"–"Heading 4" (the navigation pane and a table of
  contents work); the report's contents (``nav.dd-toc``) → a TOC field whose cached result is the
  same list of entries (Word/WPS refresh it with page numbers on "update field");
* ``p``, ``li``, ``pre``, ``blockquote``, ``div`` text → paragraphs (lists as "List Bullet" /
  "List Number"); ``strong``/``em``/``sup``/``sub`` → run formatting; the symbols the style sheet
  puts before status labels (``.dd-status-lagging::before { content: "△ " }``) are written out, so
  the text reads as in the PDF;
* ``table`` → a Word table ("Table Grid"), ``thead`` rows marked ``w:tblHeader`` (repeated on every
  page), ``colspan`` merged, numeric cells (``td.num``) right-aligned and not broken inside a number
  and its unit (no-break spaces, word-level breaking, a column at least as wide as the figure);
  a fixed layout with column widths from the content; ``dd-compact`` tables in 7 pt (gongwen 9 pt);
  the annex's ``div.dd-wide`` in a landscape section;
* ``img`` with a PNG/JPEG ``data:`` URL → an inline picture no wider than the text block;
  ``figcaption`` / ``caption`` → Word's "Caption" style;
* the frame: header and footer with page numbers (official layout: "— 1 —" 4号 宋体 at the outer
  edge, odd pages right, even pages left; standard: "第 N 页 / 共 M 页"), no number on the cover;
* fonts: the East Asian face is set on EVERY run (``w:rFonts w:eastAsia``), in every style and in
  the document defaults (python-docx's ``font.name`` alone sets only ``w:ascii``/``w:hAnsi``; the
  default template's theme fonts would let Word pick a Japanese face), and the language is zh-CN;
  the font table names each face's fallback (``w:altName``: 仿宋_GB2312 → 仿宋);
* core properties (title, subject, author, keywords, comments) and custom properties (plan,
  assessment year, data vintage, every input file's SHA-256, from the run's manifest records).

Why python-docx (and not pandoc or docxtpl): it is a pure-Python, well-kept library with no external
binary (pypandoc-binary would add ~100 MB and pandoc's HTML reader drops classes, colspans and the
header-row flag this needs); every low-level property (``w:eastAsia``, ``w:tblHeader``, section
grids, fields) is reachable through its lxml elements; docxtpl only fills templates.

>>> html = '<html><head><title>T</title></head><body><h1>一、总体情况</h1><p>完成<strong>85.76%</strong>。</p></body></html>'
>>> import io; buf = io.BytesIO(); info = write_docx(html, buf)
>>> from docx import Document; d = Document(io.BytesIO(buf.getvalue()))
>>> [(p.style.name, p.text) for p in d.paragraphs]
[('Heading 1', '一、总体情况'), ('Normal', '完成85.76%。')]
"""

from __future__ import annotations

import base64
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips
from lxml import html as lxml_html

from dayao_data.report import layout as _layout

__all__ = ["DocxInfo", "write_docx", "FONTS_STANDARD"]

#: The faces of the standard layout's .docx: a sans face on every Windows since Vista, as the PDF's
#: Noto Sans SC is a sans face.
FONTS_STANDARD = {
    "body": ("微软雅黑", "黑体"),
    "heading": ("微软雅黑", "黑体"),
    "title": ("微软雅黑", "黑体"),
    "page": ("微软雅黑", "宋体"),
}

#: The exact line spacing of the official layout in whole twips, rounded down (579 twips = 28.95 pt, the
#: 固定值 28.95 磅 offices use): 22 lines of 28.99 pt would overflow the 225 mm block by a rounding.
_LINE = math.floor(_layout.LINE_PITCH_PT * 20) / 20

_BLOCK = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "div",
    "section",
    "main",
    "nav",
    "figure",
    "figcaption",
    "pre",
    "blockquote",
    "hr",
    "header",
    "footer",
    "article",
    "aside",
    "img",
    "dl",
    "dt",
    "dd",
    "caption",
    "details",
    "summary",
}
_SKIP = {"script", "style", "head", "title", "meta", "link", "template", "colgroup", "col"}
_WS = re.compile(r"[ \t\n\r\f]+")  # HTML's white space: not U+3000, the ideographic space
_BEFORE = re.compile(r"\.([\w-]+)::before\s*\{[^}]*?content:\s*\"([^\"]*)\"", re.S)


@dataclass
class DocxInfo:
    path: Path | None
    paragraphs: int = 0
    tables: int = 0
    pictures: int = 0
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Schema order: Word refuses (with a "repair" prompt) children of w:rPr / w:pPr / w:settings out of
# the order of the OOXML schema, so every element this module adds is put in its place.
# --------------------------------------------------------------------------------------------

RPR_SEQ = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
PPR_SEQ = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
SETTINGS_SEQ = [
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
]


def _place(parent, tag: str, sequence: list[str]):
    """The child ``w:tag`` of ``parent`` (made and put in schema order when missing)."""
    existing = parent.find(qn(f"w:{tag}"))
    if existing is not None:
        return existing
    child = OxmlElement(f"w:{tag}")
    later = {qn(f"w:{t}") for t in sequence[sequence.index(tag) + 1 :]}
    for i, sibling in enumerate(parent):
        if sibling.tag in later:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _first_line(ppr, chars: int, size_pt: float) -> None:
    ind = _place(ppr, "ind", PPR_SEQ)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size_pt * 20)))


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _before_symbols(root) -> dict[str, str]:
    css = "\n".join(s.text or "" for s in root.iter("style"))
    symbols = {}
    for cls, content in _BEFORE.findall(css):
        symbols[cls] = content.encode("utf-8").decode("unicode_escape") if "\\" in content else content
    return symbols


# --------------------------------------------------------------------------------------------
# Fonts and styles
# --------------------------------------------------------------------------------------------


def _set_fonts(rpr, name: str) -> None:
    """Name ``name`` for every script of a run or style (and drop theme fonts, which would win)."""
    fonts = _place(rpr, "rFonts", RPR_SEQ)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _set_lang(rpr) -> None:
    lang = _place(rpr, "lang", RPR_SEQ)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


class _Faces:
    """Which face each role names in this layout, and its size (pt)."""

    def __init__(self, layout: str):
        self.layout = layout
        if layout == "gongwen":
            F = _layout.FACES
            self.faces = {
                "body": F["fang"][:2],
                "h1": F["hei"][:2],
                "h2": F["kai"][:2],
                "h3": F["fang"][:2],
                "h4": F["fang"][:2],
                "title": F["title"][:2],
                "page": F["song"][:2],
                "table": F["fang"][:2],
                "caption": F["hei"][:2],
            }
            g = _layout.GONGWEN
            self.sizes = {
                "body": g["body_pt"],
                "h1": g["body_pt"],
                "h2": g["body_pt"],
                "h3": g["body_pt"],
                "h4": g["body_pt"],
                "title": g["title_pt"],
                "page": g["page_number_pt"],
                "table": g["table_pt"],
                "caption": 12,
                "compact": 9,
            }
        else:
            S = FONTS_STANDARD
            self.faces = {
                "body": S["body"],
                "h1": S["heading"],
                "h2": S["heading"],
                "h3": S["heading"],
                "h4": S["heading"],
                "title": S["title"],
                "page": S["page"],
                "table": S["body"],
                "caption": S["body"],
            }
            self.sizes = {
                "body": 10,
                "h1": 18,
                "h2": 13.5,
                "h3": 11,
                "h4": 10,
                "title": 24,
                "page": 8,
                "table": 8.5,
                "caption": 8.5,
                "compact": 7,
            }

    def name(self, role: str) -> str:
        return self.faces[role][0]

    def all_faces(self) -> dict[str, str]:
        return {main: alt for main, alt in self.faces.values()}


def _style_fonts(doc, faces: _Faces) -> None:
    """docDefaults and every style name the layout's face for all scripts, in zh-CN."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if faces.layout == "gongwen":
        _place(rpr, "sz", RPR_SEQ).set(qn("w:val"), str(int(faces.sizes["body"] * 2)))
    _set_fonts(rpr, faces.name("body"))
    _set_lang(rpr)
    roles = {
        "Heading 1": "h1",
        "Heading 2": "h2",
        "Heading 3": "h3",
        "Heading 4": "h4",
        "Title": "title",
        "Subtitle": "title",
        "Caption": "caption",
        "Header": "page",
        "Footer": "page",
        "TOC Heading": "h1",
    }
    for style in doc.styles:
        if style.type != 1 and style.type != 3:  # paragraph (1) and table (3) styles (character styles keep theirs)
            pass
        name = faces.name(roles.get(style.name, "body"))
        _set_fonts(style.element.get_or_add_rPr(), name)
        for nested in list(style.element.iter(qn("w:rFonts"))):  # table styles' conditional formats
            _set_fonts(nested.getparent(), name)


def _font_table(doc, faces: _Faces) -> None:
    """Name each face's fallback in the font table (w:altName) and mark it a GB 2312 face."""
    part = None
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            part = rel.target_part
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for main, alt in faces.all_faces().items():
        for old in root.findall(f"{{{W}}}font"):
            if old.get(f"{{{W}}}name") == main:
                root.remove(old)
        font = etree.SubElement(root, f"{{{W}}}font")
        font.set(f"{{{W}}}name", main)
        etree.SubElement(font, f"{{{W}}}altName").set(f"{{{W}}}val", alt)
        etree.SubElement(font, f"{{{W}}}charset").set(f"{{{W}}}val", "86")
        etree.SubElement(font, f"{{{W}}}family").set(
            f"{{{W}}}val", "modern" if "黑" in main or "雅黑" in main else "roman"
        )
        etree.SubElement(font, f"{{{W}}}pitch").set(f"{{{W}}}val", "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _configure_styles(doc, faces: _Faces) -> None:
    from docx.enum.text import WD_LINE_SPACING

    gongwen = faces.layout == "gongwen"
    normal = doc.styles["Normal"]
    normal.font.size = Pt(faces.sizes["body"])
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0 if gongwen else 4)
    if gongwen:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(_LINE)
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _first_line(normal.element.get_or_add_pPr(), 2, faces.sizes["body"])
        # 28 characters in 156 mm: character spacing in twentieths of a point, rounded down (−0.207 pt → −5,
        # −0.25 pt) so that 28 characters of 15.75 pt fit the 442.2 pt line
        _place(normal.element.get_or_add_rPr(), "spacing", RPR_SEQ).set(
            qn("w:val"), str(math.floor(_layout.LETTER_SPACING_PT * 20))
        )
    else:
        pf.line_spacing = 1.4
    for level in (1, 2, 3, 4):
        st = doc.styles[f"Heading {level}"]
        role = f"h{level}"
        st.font.size = Pt(faces.sizes[role])
        st.font.color.rgb = None
        st.font.italic = False
        st.font.bold = (level == 3) if gongwen else True
        hp = st.paragraph_format
        hp.keep_with_next = True
        if gongwen:
            hp.space_before = Pt(0)
            hp.space_after = Pt(0)
            hp.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            hp.line_spacing = Pt(_LINE)
            _first_line(st.element.get_or_add_pPr(), 2, faces.sizes["body"])
        else:
            hp.space_before = Pt(12 if level == 1 else 8)
            hp.space_after = Pt(6 if level == 1 else 3)
            hp.page_break_before = level == 1
        # outline level (the navigation pane and TOC \o use it; the built-in styles have it already)
    for name in ("Title", "Subtitle"):
        st = doc.styles[name]
        st.font.size = Pt(faces.sizes["title"])
        st.font.color.rgb = None
        st.font.bold = not gongwen
        st.font.italic = False
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if gongwen else WD_ALIGN_PARAGRAPH.LEFT
        st.paragraph_format.space_after = Pt(12)
        # the default template draws a rule under Title
        ppr = st.element.get_or_add_pPr()
        for bdr in ppr.findall(qn("w:pBdr")):
            ppr.remove(bdr)
        _first_line(ppr, 0, 0)
    cap = doc.styles["Caption"]
    cap.font.size = Pt(faces.sizes["caption"])
    cap.font.bold = False
    cap.font.italic = False
    cap.font.color.rgb = None
    cap.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if gongwen else WD_ALIGN_PARAGRAPH.LEFT
    for name in ("List Bullet", "List Number"):
        st = doc.styles[name]
        _first_line(st.element.get_or_add_pPr(), 0, 0)
    _style_fonts(doc, faces)


# --------------------------------------------------------------------------------------------
# Page set-up, header, footer, fields
# --------------------------------------------------------------------------------------------


def _field(paragraph, instruction: str, cached: str, font: str, size: float | None = None):
    """A simple field (PAGE, NUMPAGES) in a paragraph: begin, instruction, separate, result, end."""

    def run_with(child):
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        _set_fonts(rpr, font)
        if size:
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(int(size * 2)))
            rpr.append(sz)
        r.append(rpr)
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    t = OxmlElement("w:t")
    t.text = cached
    run_with(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _text_run(paragraph, text: str, font: str, size: float | None = None, bold: bool | None = None):
    run = paragraph.add_run(text)
    _set_fonts(run._r.get_or_add_rPr(), font)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    return run


def _page_setup(section, faces: _Faces, landscape: bool = False) -> None:
    if faces.layout == "gongwen":
        g = _layout.GONGWEN
        top, bottom, left, right = g["margin_top_mm"], g["margin_bottom_mm"], g["margin_left_mm"], g["margin_right_mm"]
    else:
        top, bottom, left, right = 22, 20, 18, 18
    w, h = 210, 297
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(h), Mm(w)
        # the text block turns with the page: the binding margin stays at the top edge of the sheet
        section.top_margin, section.bottom_margin = Mm(left), Mm(right)
        section.left_margin, section.right_margin = Mm(top), Mm(bottom)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(w), Mm(h)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(12 if faces.layout != "gongwen" else 15)
    # GB/T 9704: the page number's line sits 7 mm below the text block
    section.footer_distance = Mm(bottom - 7 - 5) if faces.layout == "gongwen" else Mm(10)
    sect = section._sectPr
    if faces.layout == "gongwen" and not landscape:
        grid = sect.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect.append(grid)
        # 22 lines: the line grid at the exact line pitch (twips).  The 28 characters come from the
        # body's character spacing (Normal style), not from a character grid: a character grid
        # would also stretch the 10.5 pt annex tables to the body's 16 pt pitch.
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(_LINE * 20)))


def _frame(doc, section, faces: _Faces, title: str, mark: str | None, language: str) -> None:
    """Header (standard: the title; both: the illustrative mark) and footer with page numbers."""
    section.different_first_page_header_footer = True
    page_font, page_size = faces.name("page"), faces.sizes["page"]
    if faces.layout == "gongwen":
        doc.settings.odd_and_even_pages_header_footer = True
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            p = footer.paragraphs[0]
            p.alignment = align
            pf = p.paragraph_format
            pf.first_line_indent = Pt(0)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                pf.right_indent = Pt(page_size)  # one character in from the outer edge
            else:
                pf.left_indent = Pt(page_size)
            _text_run(p, "— ", page_font, page_size)
            _field(p, "PAGE", "1", page_font, page_size)
            _text_run(p, " —", page_font, page_size)
        headers = [section.header, section.even_page_header]
    else:
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if language == "en":
            _text_run(p, "Page ", page_font, page_size)
            _field(p, "PAGE", "1", page_font, page_size)
            _text_run(p, " of ", page_font, page_size)
            _field(p, "NUMPAGES", "1", page_font, page_size)
        else:
            _text_run(p, "第 ", page_font, page_size)
            _field(p, "PAGE", "1", page_font, page_size)
            _text_run(p, " 页 / 共 ", page_font, page_size)
            _field(p, "NUMPAGES", "1", page_font, page_size)
            _text_run(p, " 页", page_font, page_size)
        headers = [section.header]
    for header in headers:
        p = header.paragraphs[0]
        p.paragraph_format.first_line_indent = Pt(0)
        if faces.layout != "gongwen" and title:
            _text_run(p, title, page_font, page_size)
        if mark:
            if p.runs:
                _text_run(p, "    ", page_font, page_size)
            r = _text_run(p, mark, page_font, page_size, bold=True)
            from docx.shared import RGBColor

            r.font.color.rgb = RGBColor(0xB0, 0, 0)


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def _custom_properties(doc, props: dict[str, str]) -> None:
    from xml.sax.saxutils import escape

    items = []
    for pid, (name, value) in enumerate(props.items(), start=2):
        items.append(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
            f"<vt:lpwstr>{escape(str(value))}</vt:lpwstr></property>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        + "".join(items)
        + "</Properties>"
    )
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, xml.encode("utf-8"), package)
    package.relate_to(part, _CUSTOM_RT)


# --------------------------------------------------------------------------------------------
# The body
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Table column widths
# --------------------------------------------------------------------------------------------

#: The cell margins of a table (left/right, top/bottom; twips): 1 mm and 0.2 mm in a compact table
#: (as .dd-compact td { padding: 0.6mm 1mm }), Word's 0.19 cm otherwise.
_CELL_MARGIN = {True: (57, 11), False: (108, 0)}
#: Estimated advance of a character, in em: CJK and full-width forms are square; Latin letters,
#: digits and signs are taken at 0.6 em (a digit is 0.5–0.56 em in 仿宋_GB2312, 微软雅黑 and Noto
#: Sans SC, "%" up to 0.9 em: 0.6 on average over a figure with its sign, rounded up).
_NARROW_EM = 0.6
#: A column's "preferred" width counts at most this many em of its longest text, so that one long
#: name does not starve the figures' columns.
_PREFERRED_MAX_EM = 24
#: A cell text this short (in em: "预期性", "约束性", "万人") is kept on one line, like a figure.
_SHORT_EM = 3
#: Added to every minimum width (em): renderers round advances and kern "%" differently.
_SLACK_EM = 0.3
#: A header cell gets at least a third of its text's width, so that it takes at most 3 lines.
_HEAD_LINES = 3
_WIDE_CHAR = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u2014\u2026\u25a0-\u25ff]"
)
# a break is allowed before and after a CJK character (and after a space), not inside a Latin run
_RUNS = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]"
    r"[\u3001\u3002\uff0c\uff1b\uff1a\uff09\u300d\u300b\u3011%]?|[^\s\u1100-\u115f\u2e80-\u303e"
    r"\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]+"
)


def _em(text: str) -> float:
    """The estimated width of ``text`` in em (see ``_NARROW_EM``)."""
    wide = len(_WIDE_CHAR.findall(text))
    return wide + _NARROW_EM * (len(text) - wide)


def _cell_runs(cell_el, before: dict[str, str]) -> tuple[str, list[str]]:
    """A cell's text (with the style sheet's symbols) and its unbreakable runs: a numeric cell and
    a status label ("△ 滞后", written with a no-break space) are one run each."""
    text = _WS.sub(" ", cell_el.text_content()).strip()
    if _em(text) <= _SHORT_EM:
        return text, [text]
    if "num" in _classes(cell_el):
        # the figure with its unit stays whole ("1.58万人"); an explanation in brackets after it
        # ("（五年累计）") may break like any Chinese text, as .dd-compact td.num in the PDF
        head, sep, rest = text.partition("（")
        return text, [head] + (_RUNS.findall(sep + rest) if sep else [])
    runs, extra = [], ""
    for el in cell_el.iter():
        classes = _classes(el) if isinstance(el.tag, str) else set()
        symbol = "".join(before.get(c, "") for c in sorted(classes))
        if "dd-status" in classes or "num" in classes:
            runs.append(symbol + _WS.sub(" ", el.text_content()).strip())
        extra += symbol
    return extra + text, runs + _RUNS.findall(text)


def _column_widths(
    rows, ncols: int, span, size_pt: float, total: int, compact: bool, before: dict[str, str]
) -> list[int]:
    """Widths (twips) of the ``ncols`` grid columns, summing to ``total``.

    Each column is at least as wide as the longest unbreakable run of its cells (a numeric cell,
    ``td.num``, is one run: "85.76%", "1.58万人" — its spaces are no-break spaces) plus the cell
    margins; the room left is shared in proportion to how much more each column's whole text
    would take (capped at ``_PREFERRED_MAX_EM``).  A cell spanning several grid columns (colspan)
    asks the columns it covers for the width it lacks, in equal parts.  When even the minimum
    widths do not fit, all are scaled down alike.
    """
    margin = 2 * _CELL_MARGIN[compact][0]
    minimum, preferred = [0.0] * ncols, [0.0] * ncols
    spanned = []
    for tr, _head in rows:
        c = 0
        for cell_el in tr:
            if not (isinstance(cell_el.tag, str) and cell_el.tag in ("td", "th")):
                continue
            n = min(span(cell_el), ncols - c)
            if n <= 0:
                break
            text, runs = _cell_runs(cell_el, before)
            bold = 1.05 if cell_el.tag == "th" or _head else 1.0  # bold advances are a little wider
            need_em = max((_em(r) for r in runs), default=0)
            if cell_el.tag == "th" or _head:
                need_em = max(need_em, _em(text) / _HEAD_LINES)  # a heading in at most 3 lines
            need = (need_em + _SLACK_EM) * size_pt * 20 * bold + margin
            want = min(_em(text), _PREFERRED_MAX_EM) * size_pt * 20 * bold + margin
            if n == 1:
                minimum[c] = max(minimum[c], need)
                preferred[c] = max(preferred[c], want)
            else:
                spanned.append((c, n, need, want))
            c += n
    for c, n, need, want in spanned:
        for values, value in ((minimum, need), (preferred, want)):
            lack = value - sum(values[c : c + n])
            if lack > 0:
                for i in range(c, c + n):
                    values[i] += lack / n
    minimum = [max(m, margin + size_pt * 20) for m in minimum]  # an empty column keeps one character
    preferred = [max(p, m) for p, m in zip(preferred, minimum)]
    if sum(minimum) >= total:
        widths = [m * total / sum(minimum) for m in minimum]
    elif sum(preferred) > total:
        room, extra = total - sum(minimum), [p - m for p, m in zip(preferred, minimum)]
        widths = [m + room * e / sum(extra) for m, e in zip(minimum, extra)]
    else:
        widths = [p * total / sum(preferred) for p in preferred]
    out = [int(w) for w in widths]
    for i in sorted(range(ncols), key=lambda i: widths[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1  # whole twips summing exactly to the text width
    return out


def _fixed_grid(table, widths: list[int], compact: bool) -> None:
    """A fixed layout with explicit grid columns, table width and cell margins (so that Word, WPS
    and LibreOffice lay the columns out alike, not each by its own auto-fit)."""
    tbl = table._tbl
    table.autofit = False  # w:tblLayout w:type="fixed"
    tblpr = tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    tblw.set(qn("w:w"), str(sum(widths)))
    tblw.set(qn("w:type"), "dxa")
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    lr, tb = _CELL_MARGIN[compact]
    mar = tblpr.find(qn("w:tblCellMar"))
    if mar is None:
        mar = OxmlElement("w:tblCellMar")
        look = tblpr.find(qn("w:tblLook"))
        if look is not None:
            look.addprevious(mar)
        else:
            tblpr.append(mar)
    for side, value in (("top", tb), ("left", lr), ("bottom", tb), ("right", lr)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(value))
        m.set(qn("w:type"), "dxa")
        mar.append(m)


class _Writer:
    def __init__(self, doc, faces: _Faces, before: dict[str, str], info: DocxInfo):
        self.doc, self.faces, self.before, self.info = doc, faces, before, info
        self.section = doc.sections[0]
        self.text_width = self.section.page_width - self.section.left_margin - self.section.right_margin
        self.page_break_pending = False
        self.list_stack: list[str] = []
        self.style_names = {st.name for st in doc.styles}
        self.landscape = False

    # paragraphs ------------------------------------------------------------------------
    def new_paragraph(self, container, style: str | None = None, role: str = "body"):
        p = container.add_paragraph(style=style)
        p._dd_role = role  # which face its runs name
        if self.page_break_pending and container is self.doc:
            p.paragraph_format.page_break_before = True
            self.page_break_pending = False
        self.info.paragraphs += 1
        return p

    def add_text(self, paragraph, text: str, fmt: dict) -> None:
        if not text:
            return
        text = _WS.sub(" ", text)
        if not paragraph.runs or paragraph.text == "":
            text = text.lstrip()
        if not text:
            return
        if fmt.get("nobreak"):
            text = text.replace(" ", "\u00a0")
        run = paragraph.add_run(text)
        rpr = run._r.get_or_add_rPr()
        _set_fonts(rpr, self.faces.name(getattr(paragraph, "_dd_role", "body")))
        if fmt.get("bold"):
            run.font.bold = True
        if fmt.get("italic"):
            run.font.italic = True
        if fmt.get("sup"):
            run.font.superscript = True
        if fmt.get("sub"):
            run.font.subscript = True
        if fmt.get("size"):
            run.font.size = Pt(fmt["size"])

    @staticmethod
    def finish_paragraph(paragraph) -> None:
        """Trim the spaces HTML would not show at the end of a paragraph."""
        if paragraph is None:
            return
        runs = paragraph.runs
        while (
            runs
            and runs[-1].text.strip() == ""
            and not runs[-1]._r.findall(qn("w:drawing"))
            and not runs[-1]._r.findall(qn("w:br"))
        ):
            runs[-1]._r.getparent().remove(runs[-1]._r)
            runs = paragraph.runs
        if runs:
            texts = runs[-1]._r.findall(qn("w:t"))  # (setting run.text would drop a picture or a break)
            if texts and texts[-1].text:
                texts[-1].text = texts[-1].text.rstrip()

    # inline content --------------------------------------------------------------------
    def inline(self, el, paragraph, fmt: dict) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            return
        fmt = dict(fmt)
        if tag in ("strong", "b", "th"):
            fmt["bold"] = True
        elif tag in ("em", "i", "cite", "dfn"):
            fmt["italic"] = True
        elif tag == "sup":
            fmt["sup"] = True
        elif tag == "sub":
            fmt["sub"] = True
        elif tag == "br":
            paragraph.add_run().add_break()
            return
        classes = _classes(el)
        if "dd-status" in classes or "num" in classes:
            fmt["nobreak"] = True
        symbol = "".join(self.before.get(c, "") for c in sorted(classes))
        if symbol:
            self.add_text(paragraph, symbol, fmt)
        self.add_text(paragraph, el.text or "", fmt)
        for child in el:
            if isinstance(child.tag, str) and child.tag == "img":
                self.picture(child, paragraph)
            else:
                self.inline(child, paragraph, fmt)
            self.add_text(paragraph, child.tail or "", fmt)

    # blocks ----------------------------------------------------------------------------
    def flow(
        self, el, container, style: str | None = None, role: str = "body", fmt: dict | None = None, first: Any = None
    ) -> None:
        """The children of a block element: inline runs gathered into paragraphs, blocks handled."""
        fmt = fmt or {}
        paragraph = first

        def current():
            nonlocal paragraph
            if paragraph is None:
                paragraph = self.new_paragraph(container, style, role)
            return paragraph

        symbol = "".join(self.before.get(c, "") for c in sorted(_classes(el)))
        if symbol:
            self.add_text(current(), symbol, fmt)
        if el.text and el.text.strip():
            self.add_text(current(), el.text, fmt)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _SKIP:
                pass
            elif tag in _BLOCK:
                if paragraph is not None and paragraph.text.strip() == "" and not paragraph.runs:
                    pass
                self.finish_paragraph(paragraph)
                if tag == "img":
                    self.picture(child, current())
                else:
                    paragraph = None if paragraph is None or paragraph.runs else paragraph
                    if paragraph is not None and not paragraph.runs:
                        paragraph._p.getparent().remove(paragraph._p)
                        self.info.paragraphs -= 1
                    paragraph = None
                    self.block(child, container)
            elif tag:
                if tag == "br":
                    current().add_run().add_break()
                else:
                    if (child.text or "").strip() or len(child) or _classes(child) & set(self.before):
                        self.inline(child, current(), fmt)
            if child.tail and child.tail.strip():
                self.add_text(current(), child.tail, fmt)
        self.finish_paragraph(paragraph)

    def block(self, el, container) -> None:
        tag = el.tag
        classes = _classes(el)
        if "dd-pagebreak" in classes:
            self.page_break_pending = True
            return
        if "dd-cover-title" in classes or "dd-brief-title" in classes:
            p = self.new_paragraph(container, "Title", "title")
            self.flow(el, container, first=p, role="title")
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(int(tag[1]), 4)
            if "dd-toc-title" in classes:
                p = self.new_paragraph(container, "TOC Heading" if "TOC Heading" in self.style_names else "Title", "h1")
                self.flow(el, container, first=p, role="h1")
                return
            p = self.new_paragraph(container, f"Heading {level}", f"h{level}")
            self.flow(el, container, first=p, role=f"h{level}")
            return
        if tag == "nav" and "dd-toc" in classes:
            self.toc(el, container)
            return
        if tag == "table":
            self.table(el, container)
            return
        if "dd-wide" in classes and container is self.doc and not self.landscape:
            # the completion table of the annex: a landscape section of its own (as @page wide)
            self.switch_section(landscape=True)
            self.flow(el, container)
            self.switch_section(landscape=False)
            return
        if tag in ("ul", "ol"):
            self.list_stack.append(tag)
            for child in el:
                if isinstance(child.tag, str) and child.tag == "li":
                    style = "List Bullet" if tag == "ul" else "List Number"
                    depth = len(self.list_stack)
                    if depth > 1 and f"{style} {min(depth, 3)}" in self.style_names:
                        style = f"{style} {min(depth, 3)}"
                    p = self.new_paragraph(container, style)
                    self.flow(child, container, first=p)
                elif isinstance(child.tag, str):
                    self.block(child, container)
            self.list_stack.pop()
            return
        if tag in ("figcaption", "caption"):
            p = self.new_paragraph(container, "Caption", "caption")
            self.flow(el, container, first=p, role="caption")
            return
        if tag == "hr":
            return
        if tag == "img":
            p = self.new_paragraph(container)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = Pt(0)
            self.picture(el, p)
            return
        if tag == "pre":
            p = self.new_paragraph(container)
            text = el.text_content()
            lines = text.rstrip("\n").split("\n")
            for i, line in enumerate(lines):
                if i:
                    p.add_run().add_break()
                r = p.add_run(line)
                _set_fonts(r._r.get_or_add_rPr(), self.faces.name("body"))
                r.font.size = Pt(max(self.faces.sizes["table"] - 1, 7))
            return
        if "dd-cover-subtitle" in classes:
            p = self.new_paragraph(container, "Subtitle", "title")
            self.flow(el, container, first=p, role="title")
            return
        if tag == "p":
            p = self.new_paragraph(container)
            if (
                container is not self.doc
                or "dd-cover-issuer" in classes
                or el.getparent() is not None
                and "dd-cover-banner" in _classes(el.getparent())
            ):
                p.paragraph_format.first_line_indent = Pt(0)
            self.flow(el, container, first=p)
            return
        # section, div, figure, blockquote, main … : their content in order
        self.flow(el, container, fmt={"bold": True} if "dd-alarm" in classes else None)
        if "dd-cover" in classes or "dd-toc" in classes:
            self.page_break_pending = True

    def toc(self, el, container) -> None:
        """The contents: its title, then a TOC field over headings 1–2 whose cached result is the
        report's own entries (so the text is there before Word or WPS refreshes the field)."""
        title = el.find(".//h2")
        if title is not None:
            self.block(title, container)
        entries = [li for li in el.iter("li")]
        first = self.new_paragraph(container)
        first.paragraph_format.first_line_indent = Pt(0)
        begin = OxmlElement("w:r")
        fc = OxmlElement("w:fldChar")
        fc.set(qn("w:fldCharType"), "begin")
        begin.append(fc)
        first._p.append(begin)
        instr = OxmlElement("w:r")
        it = OxmlElement("w:instrText")
        it.set(qn("xml:space"), "preserve")
        it.text = ' TOC \\o "1-2" \\h \\z \\u '
        instr.append(it)
        first._p.append(instr)
        sep = OxmlElement("w:r")
        fs = OxmlElement("w:fldChar")
        fs.set(qn("w:fldCharType"), "separate")
        sep.append(fs)
        first._p.append(sep)
        paragraph = first
        for i, li in enumerate(entries):
            if i:
                paragraph = self.new_paragraph(container)
                paragraph.paragraph_format.first_line_indent = Pt(0)
            if "toc-h2" in _classes(li):
                paragraph.paragraph_format.left_indent = Pt(2 * self.faces.sizes["body"])
            self.add_text(paragraph, li.text_content(), {})
        end = OxmlElement("w:r")
        fe = OxmlElement("w:fldChar")
        fe.set(qn("w:fldCharType"), "end")
        end.append(fe)
        paragraph._p.append(end)
        self.page_break_pending = True

    def picture(self, el, paragraph) -> None:
        # a chart drawn as SVG for the PDF carries its PNG for Word in data-png (tables.figure_html)
        src = el.get("data-png") or el.get("src") or ""
        match = re.match(r"data:image/(png|jpeg|jpg|gif|bmp);base64,(.*)", src, re.S)
        if not match:
            kind = src[:30] + ("…" if len(src) > 30 else "")
            self.info.warnings.append(f"docx: image not embedded (only PNG/JPEG data URLs are): {kind}")
            return
        data = base64.b64decode(match.group(2))
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(data))
        limit = int(self.current_text_width())
        if shape.width > limit:
            ratio = limit / shape.width
            shape.width = Emu(limit)
            shape.height = Emu(int(shape.height * ratio))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)
        self.info.pictures += 1

    def current_text_width(self) -> int:
        s = self.doc.sections[-1]
        return s.page_width - s.left_margin - s.right_margin

    def table(self, el, container) -> None:
        caption = el.find("caption")
        if caption is not None:
            self.block(caption, container)
        rows = []  # (tr, in_head)
        for part in el:
            tag = part.tag if isinstance(part.tag, str) else ""
            if tag in ("thead", "tbody", "tfoot"):
                for tr in part:
                    if isinstance(tr.tag, str) and tr.tag == "tr":
                        rows.append((tr, tag == "thead"))
            elif tag == "tr":
                rows.append((part, False))
        if not rows:
            return
        if not any(head for _, head in rows) and all(isinstance(c.tag, str) and c.tag == "th" for c in rows[0][0]):
            rows[0] = (rows[0][0], True)  # a first row of th cells is the header row

        def span(cell) -> int:
            try:
                return max(1, int(cell.get("colspan") or 1))
            except ValueError:
                return 1

        ncols = max(sum(span(c) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")) for tr, _ in rows)
        if ncols == 0:
            return
        compact = "dd-compact" in _classes(el)
        wide = compact and self.faces.layout == "gongwen" and container is self.doc and not self.landscape
        if wide:
            self.switch_section(landscape=True)
        if self.page_break_pending and container is self.doc:
            # a table cannot carry page-break-before: an empty paragraph with the break does
            self.new_paragraph(container)
        table = container.add_table(rows=len(rows), cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        tblpr = table._tbl.tblPr
        tblw = tblpr.find(qn("w:tblW"))  # the full text width, as .dd-table { width: 100% }
        if tblw is None:
            tblw = OxmlElement("w:tblW")
            later = [
                t
                for t in (
                    "w:jc",
                    "w:tblCellSpacing",
                    "w:tblInd",
                    "w:tblBorders",
                    "w:shd",
                    "w:tblLayout",
                    "w:tblCellMar",
                    "w:tblLook",
                )
                if tblpr.find(qn(t)) is not None
            ]
            if later:
                tblpr.find(qn(later[0])).addprevious(tblw)
            else:
                tblpr.append(tblw)
        self.info.tables += 1
        size = self.faces.sizes["compact" if compact else "table"]
        widths = _column_widths(rows, ncols, span, size, int(self.current_text_width()) // 635, compact, self.before)
        _fixed_grid(table, widths, compact)
        for r, (tr, head) in enumerate(rows):
            row = table.rows[r]
            if head:
                trpr = row._tr.get_or_add_trPr()
                h = OxmlElement("w:tblHeader")
                trpr.append(h)
            # rows never split across pages (as tr { break-inside: avoid } in the PDF)
            trpr = row._tr.get_or_add_trPr()
            cs = OxmlElement("w:cantSplit")
            trpr.insert(0, cs)
            c = 0
            cells = row.cells  # once per row: python-docx rebuilds the grid on every access
            for cell_el in tr:
                if not (isinstance(cell_el.tag, str) and cell_el.tag in ("td", "th")):
                    continue
                n = span(cell_el)
                if c >= ncols:
                    break
                cell = cells[c]
                if n > 1:
                    # a horizontal span: w:gridSpan on the first cell, the cells it covers removed
                    # (what Cell.merge does for empty cells, without its per-call grid walk)
                    last = min(c + n, ncols)
                    cell._tc.get_or_add_tcPr().grid_span = last - c
                    for covered in cells[c + 1 : last]:
                        covered._tc.getparent().remove(covered._tc)
                cell.width = Twips(sum(widths[c : min(c + n, ncols)]))
                c += n
                p = cell.paragraphs[0]
                p._dd_role = "table"
                pf = p.paragraph_format
                pf.first_line_indent = Pt(0)
                pf.space_after = Pt(0)
                pf.line_spacing = 1.0
                ind = p._p.get_or_add_pPr()
                classes = _classes(cell_el)
                fmt = {"size": size}
                if cell_el.tag == "th" or head:
                    fmt["bold"] = True
                if "num" in classes:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    fmt["nobreak"] = True
                    # w:wordWrap on = break Latin text at word level (w:val="0" would ALLOW a
                    # break inside "85.76%", ECMA-376 17.3.1.45)
                    _place(ind, "wordWrap", PPR_SEQ).set(qn("w:val"), "1")
                if self.faces.layout == "gongwen":
                    # not on the body's 28.95 pt line grid: a table line is as tall as its type
                    _place(ind, "snapToGrid", PPR_SEQ).set(qn("w:val"), "0")
                self.flow(cell_el, cell, fmt=fmt, first=p, role="table")
                for extra in cell.paragraphs:
                    extra._dd_role = "table"
        if wide:
            self.switch_section(landscape=False)

    def switch_section(self, landscape: bool) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section, self.faces, landscape=landscape)
        # the header and footer continue (inherited), page numbers too: only the cover is unnumbered
        section.different_first_page_header_footer = False
        self.landscape = landscape
        self.page_break_pending = False


def write_docx(
    html: str,
    destination: str | Path | BinaryIO,
    *,
    layout: str = "standard",
    properties: dict[str, str] | None = None,
    custom: dict[str, str] | None = None,
) -> DocxInfo:
    """Write the report document ``html`` as a .docx to ``destination`` (a path: atomically).

    ``properties``: core properties (title, subject, author, keywords, comments, category);
    ``custom``: custom document properties (name → text), e.g. the input files' checksums.
    The title defaults to the document's ``<title>``, the author to its ``meta name="author"``.
    """
    layout = _layout.check_layout(layout)
    root = lxml_html.document_fromstring(html)
    faces = _Faces(layout)
    doc = Document()
    _configure_styles(doc, faces)
    _font_table(doc, faces)
    _page_setup(doc.sections[0], faces)
    info = DocxInfo(path=Path(destination) if isinstance(destination, (str, Path)) else None)
    title_el = root.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else ""
    author = root.find(".//meta[@name='author']")
    language = "en" if (root.get("lang") or "").startswith("en") else "zh"
    body = root.find("body")
    illustrative = body is not None and "dd-is-illustrative" in _classes(body)
    mark = "示例数据 ILLUSTRATIVE" if illustrative else None
    if layout == "gongwen":
        _place(doc.settings.element, "mirrorMargins", SETTINGS_SEQ)
    _frame(doc, doc.sections[0], faces, title, mark, language)
    writer = _Writer(doc, faces, _before_symbols(root), info)
    # the empty paragraph of the default template
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)
    if body is not None:
        writer.flow(body, doc)
    for p in doc.paragraphs:
        if (
            not p.runs
            and not p.paragraph_format.page_break_before
            and p._p.getparent() is not None
            and not p._p.findall(qn("w:r"))
        ):
            pass
    core = doc.core_properties
    props = {
        "title": title,
        "author": author.get("content") if author is not None else "",
        "language": "zh-CN" if language == "zh" else "en",
    }
    props.update({k: v for k, v in (properties or {}).items() if v is not None})
    for key, value in props.items():
        if key in ("created", "modified", "last_printed"):
            if hasattr(value, "year"):
                setattr(core, key, value)
            continue
        setattr(core, key, str(value)[:255])
    core.revision = 1
    if custom:
        _custom_properties(doc, custom)
    if isinstance(destination, (str, Path)):
        from dayao_data.fsutil import atomic_path

        with atomic_path(Path(destination)) as tmp:
            doc.save(str(tmp))
    else:
        doc.save(destination)
    return info
