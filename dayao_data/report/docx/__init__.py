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

from dayao_data.report.docx.document import write_docx
from dayao_data.report.docx.flow import DocxInfo
from dayao_data.report.docx.styles import FONTS_STANDARD

__all__ = ["DocxInfo", "write_docx", "FONTS_STANDARD"]
