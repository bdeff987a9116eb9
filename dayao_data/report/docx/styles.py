"""Faces, sizes and Word styles of the .docx in each layout (standard, gongwen).

The East Asian face is set on every run and style (``w:rFonts w:eastAsia``) and in the document
defaults, the language is zh-CN, and the font table names each face's fallback (``w:altName``).
"""

from __future__ import annotations

import math

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from dayao_data.report import layout as _layout
from dayao_data.report.docx.ooxml import RPR_SEQ, first_line, place

__all__ = [
    "FONTS_STANDARD",
    "LINE_PT",
    "Faces",
    "set_fonts",
    "set_lang",
    "style_fonts",
    "font_table",
    "configure_styles",
]


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
LINE_PT = math.floor(_layout.LINE_PITCH_PT * 20) / 20


# --------------------------------------------------------------------------------------------
# Fonts and styles
# --------------------------------------------------------------------------------------------


def set_fonts(rpr, name: str) -> None:
    """Name ``name`` for every script of a run or style (and drop theme fonts, which would win)."""
    fonts = place(rpr, "rFonts", RPR_SEQ)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")


def set_lang(rpr) -> None:
    """Mark a run or style as zh-CN (East Asian), en-US (Latin)."""
    lang = place(rpr, "lang", RPR_SEQ)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


class Faces:
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


def style_fonts(doc, faces: Faces) -> None:
    """docDefaults and every style name the layout's face for all scripts, in zh-CN."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if faces.layout == "gongwen":
        place(rpr, "sz", RPR_SEQ).set(qn("w:val"), str(int(faces.sizes["body"] * 2)))
    set_fonts(rpr, faces.name("body"))
    set_lang(rpr)
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
        set_fonts(style.element.get_or_add_rPr(), name)
        for nested in list(style.element.iter(qn("w:rFonts"))):  # table styles' conditional formats
            set_fonts(nested.getparent(), name)


def font_table(doc, faces: Faces) -> None:
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


def configure_styles(doc, faces: Faces) -> None:
    """Normal, headings, lists, captions and tables in the layout's faces, sizes and spacing."""
    from docx.enum.text import WD_LINE_SPACING

    gongwen = faces.layout == "gongwen"
    normal = doc.styles["Normal"]
    normal.font.size = Pt(faces.sizes["body"])
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0 if gongwen else 4)
    if gongwen:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(LINE_PT)
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        first_line(normal.element.get_or_add_pPr(), 2, faces.sizes["body"])
        # 28 characters in 156 mm: character spacing in twentieths of a point, rounded down (−0.207 pt → −5,
        # −0.25 pt) so that 28 characters of 15.75 pt fit the 442.2 pt line
        place(normal.element.get_or_add_rPr(), "spacing", RPR_SEQ).set(
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
            hp.line_spacing = Pt(LINE_PT)
            first_line(st.element.get_or_add_pPr(), 2, faces.sizes["body"])
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
        first_line(ppr, 0, 0)
    cap = doc.styles["Caption"]
    cap.font.size = Pt(faces.sizes["caption"])
    cap.font.bold = False
    cap.font.italic = False
    cap.font.color.rgb = None
    cap.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if gongwen else WD_ALIGN_PARAGRAPH.LEFT
    for name in ("List Bullet", "List Number"):
        st = doc.styles[name]
        first_line(st.element.get_or_add_pPr(), 0, 0)
    style_fonts(doc, faces)
