"""HTML → PDF with WeasyPrint: A4, page numbers, running header, the CJK font embedded.

The page frame (size, margins, "第 N 页 / 共 M 页", the report title and, for illustrative data,
"示例数据 ILLUSTRATIVE" at the top of every page) is in the HTML's own stylesheet
(``report.css`` and :func:`dayao_data.report.render.page_css`), so that report.html and
report.pdf are the same document.  This module lays it out, writes the file atomically and
reports what WeasyPrint complained about: a glyph that no font has (a ``.notdef`` box in the PDF)
is raised as :class:`MissingGlyphWarning` and listed in the result, never passed over.
"""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from dayao_data.fsutil import atomic_path

__all__ = ["MissingGlyphWarning", "PdfInfo", "write_pdf"]

log = logging.getLogger(__name__)


class MissingGlyphWarning(UserWarning):
    """A character of the report that no available font can draw."""


@dataclass
class PdfInfo:
    path: Path
    pages: int
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a malformed log record must not break the report
            self.messages.append(str(record.msg))


def write_pdf(html: str, destination: str | Path, *, base_url: str | None = None) -> PdfInfo:
    """Lay out ``html`` and write it as a PDF to ``destination`` (atomically).

    Returns the page count, the time of each step (``layout``, ``write``: the latter includes
    subsetting and embedding the fonts) and the warnings WeasyPrint logged.
    """
    destination = Path(destination)
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    # WeasyPrint logs to stderr by default when nothing is configured; keep its warnings in our list.
    propagate, logger.propagate = logger.propagate, False
    timings: dict[str, float] = {}
    try:
        t = time.perf_counter()
        font_config = FontConfiguration()
        document = HTML(string=html, base_url=base_url).render(font_config=font_config)
        timings["layout"] = time.perf_counter() - t
        t = time.perf_counter()
        with atomic_path(destination) as tmp:
            document.write_pdf(tmp)
        timings["write"] = time.perf_counter() - t
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    found = []
    for message in dict.fromkeys(collect.messages):  # once each, in order
        if "HarfBuzz-Subset" in message:
            # A speed note, not something a reader of the report must know: without the system's
            # libharfbuzz-subset WeasyPrint subsets fonts with fontTools (~2 s more per PDF).
            log.info("weasyprint: %s", message)
            continue
        found.append(f"weasyprint: {message}")
        category = MissingGlyphWarning if ".notdef" in message or "glyph" in message.lower() else UserWarning
        warnings.warn(message, category, stacklevel=2)
    return PdfInfo(path=destination, pages=len(document.pages), timings=timings, warnings=found)
