"""The body of the .docx: walks the report's HTML and writes paragraphs, runs, lists, the table of
contents and pictures (tables: :mod:`dayao_data.report.docx.tables`).
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from dayao_data.report.docx.markup import BLOCK_TAGS, HTML_SPACE, SKIPPED_TAGS, class_names
from dayao_data.report.docx.styles import (
    Faces,
    set_fonts,
)
from dayao_data.report.docx.tables import TableWriter

__all__ = ["DocxInfo", "Writer"]


@dataclass
class DocxInfo:
    """What :func:`write_docx` wrote: the file (None for a stream), counts, and warnings."""

    path: Path | None
    paragraphs: int = 0
    tables: int = 0
    pictures: int = 0
    warnings: list[str] = field(default_factory=list)


class Writer(TableWriter):
    """Writes the HTML's elements into a python-docx document, counting what it wrote in ``info``."""

    def __init__(self, doc, faces: Faces, before: dict[str, str], info: DocxInfo):
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
        text = HTML_SPACE.sub(" ", text)
        if not paragraph.runs or paragraph.text == "":
            text = text.lstrip()
        if not text:
            return
        if fmt.get("nobreak"):
            text = text.replace(" ", "\u00a0")
        run = paragraph.add_run(text)
        rpr = run._r.get_or_add_rPr()
        set_fonts(rpr, self.faces.name(getattr(paragraph, "_dd_role", "body")))
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
        if tag in SKIPPED_TAGS:
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
        classes = class_names(el)
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

        symbol = "".join(self.before.get(c, "") for c in sorted(class_names(el)))
        if symbol:
            self.add_text(current(), symbol, fmt)
        if el.text and el.text.strip():
            self.add_text(current(), el.text, fmt)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in SKIPPED_TAGS:
                pass
            elif tag in BLOCK_TAGS:
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
                    if (child.text or "").strip() or len(child) or class_names(child) & set(self.before):
                        self.inline(child, current(), fmt)
            if child.tail and child.tail.strip():
                self.add_text(current(), child.tail, fmt)
        self.finish_paragraph(paragraph)

    def block(self, el, container) -> None:
        tag = el.tag
        classes = class_names(el)
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
                set_fonts(r._r.get_or_add_rPr(), self.faces.name("body"))
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
                and "dd-cover-banner" in class_names(el.getparent())
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
            if "toc-h2" in class_names(li):
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
