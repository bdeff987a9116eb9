"""The report document (report.html) → a .docx file: :func:`write_docx` (see the package's docstring)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.oxml.ns import qn
from lxml import html as lxml_html

from dayao_data.fsutil import atomic_path
from dayao_data.report import layout as _layout
from dayao_data.report.docx.flow import DocxInfo, Writer
from dayao_data.report.docx.markup import before_symbols, class_names
from dayao_data.report.docx.ooxml import SETTINGS_SEQ, place
from dayao_data.report.docx.pages import custom_properties, page_setup, write_frame
from dayao_data.report.docx.styles import (
    Faces,
    configure_styles,
    font_table,
)

__all__ = ["write_docx"]


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
    faces = Faces(layout)
    doc = Document()
    configure_styles(doc, faces)
    font_table(doc, faces)
    page_setup(doc.sections[0], faces)
    info = DocxInfo(path=Path(destination) if isinstance(destination, (str, Path)) else None)
    title_el = root.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else ""
    author = root.find(".//meta[@name='author']")
    language = "en" if (root.get("lang") or "").startswith("en") else "zh"
    body = root.find("body")
    illustrative = body is not None and "dd-is-illustrative" in class_names(body)
    mark = "示例数据 ILLUSTRATIVE" if illustrative else None
    if layout == "gongwen":
        place(doc.settings.element, "mirrorMargins", SETTINGS_SEQ)
    write_frame(doc, doc.sections[0], faces, title, mark, language)
    writer = Writer(doc, faces, before_symbols(root), info)
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
        custom_properties(doc, custom)
    if isinstance(destination, (str, Path)):
        with atomic_path(Path(destination)) as tmp:
            doc.save(str(tmp))
    else:
        doc.save(destination)
    return info
