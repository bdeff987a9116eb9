"""Page set-up, header and footer with page numbers (fields), and the custom document properties."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dayao_data.report import layout as _layout
from dayao_data.report.docx.styles import (
    LINE_PT,
    Faces,
    set_fonts,
)

__all__ = ["add_field", "text_run", "page_setup", "write_frame", "custom_properties"]


# --------------------------------------------------------------------------------------------
# Page set-up, header, footer, fields
# --------------------------------------------------------------------------------------------


def add_field(paragraph, instruction: str, cached: str, font: str, size: float | None = None):
    """A simple field (PAGE, NUMPAGES) in a paragraph: begin, instruction, separate, result, end."""

    def run_with(child):
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        set_fonts(rpr, font)
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


def text_run(paragraph, text: str, font: str, size: float | None = None, bold: bool | None = None):
    """A run of ``text`` in ``font`` (all scripts), optionally sized and bold."""
    run = paragraph.add_run(text)
    set_fonts(run._r.get_or_add_rPr(), font)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    return run


def page_setup(section, faces: Faces, landscape: bool = False) -> None:
    """Paper, margins, header/footer distances and line grid of a section in the layout."""
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
        grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))


def write_frame(doc, section, faces: Faces, title: str, mark: str | None, language: str) -> None:
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
            text_run(p, "— ", page_font, page_size)
            add_field(p, "PAGE", "1", page_font, page_size)
            text_run(p, " —", page_font, page_size)
        headers = [section.header, section.even_page_header]
    else:
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if language == "en":
            text_run(p, "Page ", page_font, page_size)
            add_field(p, "PAGE", "1", page_font, page_size)
            text_run(p, " of ", page_font, page_size)
            add_field(p, "NUMPAGES", "1", page_font, page_size)
        else:
            text_run(p, "第 ", page_font, page_size)
            add_field(p, "PAGE", "1", page_font, page_size)
            text_run(p, " 页 / 共 ", page_font, page_size)
            add_field(p, "NUMPAGES", "1", page_font, page_size)
            text_run(p, " 页", page_font, page_size)
        headers = [section.header]
    for header in headers:
        p = header.paragraphs[0]
        p.paragraph_format.first_line_indent = Pt(0)
        if faces.layout != "gongwen" and title:
            text_run(p, title, page_font, page_size)
        if mark:
            if p.runs:
                text_run(p, "    ", page_font, page_size)
            r = text_run(p, mark, page_font, page_size, bold=True)
            from docx.shared import RGBColor

            r.font.color.rgb = RGBColor(0xB0, 0, 0)


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def custom_properties(doc, props: dict[str, str]) -> None:
    """Add docProps/custom.xml with ``props`` (name → text) as custom document properties."""
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
