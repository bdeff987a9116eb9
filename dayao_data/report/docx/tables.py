"""HTML tables → Word tables: column widths from the content, a fixed grid, header rows repeated,
``colspan`` merged, numbers right-aligned and kept with their unit, the annex in a landscape section.
"""

from __future__ import annotations

import re

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from dayao_data.report.docx.markup import HTML_SPACE, class_names
from dayao_data.report.docx.ooxml import PPR_SEQ, place
from dayao_data.report.docx.pages import page_setup

__all__ = ["column_widths", "fixed_grid", "TableWriter"]


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
    text = HTML_SPACE.sub(" ", cell_el.text_content()).strip()
    if _em(text) <= _SHORT_EM:
        return text, [text]
    if "num" in class_names(cell_el):
        # the figure with its unit stays whole ("1.58万人"); an explanation in brackets after it
        # ("（五年累计）") may break like any Chinese text, as .dd-compact td.num in the PDF
        head, sep, rest = text.partition("（")
        return text, [head] + (_RUNS.findall(sep + rest) if sep else [])
    runs, extra = [], ""
    for el in cell_el.iter():
        classes = class_names(el) if isinstance(el.tag, str) else set()
        symbol = "".join(before.get(c, "") for c in sorted(classes))
        if "dd-status" in classes or "num" in classes:
            runs.append(symbol + HTML_SPACE.sub(" ", el.text_content()).strip())
        extra += symbol
    return extra + text, runs + _RUNS.findall(text)


def column_widths(
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


def fixed_grid(table, widths: list[int], compact: bool) -> None:
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


class TableWriter:
    """The table half of :class:`~dayao_data.report.docx.flow.Writer` (a mixin: it uses the
    writer's ``block``, ``flow`` and ``new_paragraph``)."""

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
        compact = "dd-compact" in class_names(el)
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
        widths = column_widths(rows, ncols, span, size, int(self.current_text_width()) // 635, compact, self.before)
        fixed_grid(table, widths, compact)
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
                classes = class_names(cell_el)
                fmt = {"size": size}
                if cell_el.tag == "th" or head:
                    fmt["bold"] = True
                if "num" in classes:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    fmt["nobreak"] = True
                    # w:wordWrap on = break Latin text at word level (w:val="0" would ALLOW a
                    # break inside "85.76%", ECMA-376 17.3.1.45)
                    place(ind, "wordWrap", PPR_SEQ).set(qn("w:val"), "1")
                if self.faces.layout == "gongwen":
                    # not on the body's 28.95 pt line grid: a table line is as tall as its type
                    place(ind, "snapToGrid", PPR_SEQ).set(qn("w:val"), "0")
                self.flow(cell_el, cell, fmt=fmt, first=p, role="table")
                for extra in cell.paragraphs:
                    extra._dd_role = "table"
        if wide:
            self.switch_section(landscape=False)

    def switch_section(self, landscape: bool) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        page_setup(section, self.faces, landscape=landscape)
        # the header and footer continue (inherited), page numbers too: only the cover is unnumbered
        section.different_first_page_header_footer = False
        self.landscape = landscape
        self.page_break_pending = False
