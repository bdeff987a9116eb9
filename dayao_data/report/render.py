"""Executed notebooks → one HTML document: cover, contents, the chapters; never code.

The contract with the notebooks (docs and notebooks follow it too):

* notebook metadata ``{"dayao": {"report": true|false, "order": N, "title_zh": …, "title_en": …}}``;
  ``report: false`` notebooks are not rendered; the others in ``order`` (then the run's order);
* markdown cells tagged ``zh`` or ``en`` appear only in that language's report (the same holds for
  code cells' outputs); untagged cells always; cells tagged ``report-skip`` never;
* code is never shown; of the outputs, display_data and execute_result are rendered preferring
  text/html, then image/png, image/svg+xml, text/markdown, text/plain; stream and error outputs
  are dropped;
* h1 starts a chapter (new page, in the contents), h2 a section (in the contents), h3 below.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(metadata={"dayao": {"report": True, "order": 1, "title_zh": "总览", "title_en": "Overview"}})
>>> nb.cells = [nbformat.v4.new_markdown_cell("# 总览\\n\\n正文"), nbformat.v4.new_code_cell("print('secret code')"),
...             nbformat.v4.new_markdown_cell("English only", metadata={"tags": ["en"]})]
>>> body = notebook_html(nb, "zh")
>>> "总览" in body, "secret code" in body, "English only" in body
(True, False, False)
"""

from __future__ import annotations

import base64
import datetime as _dt
import html as _html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from dayao_data import fonts
from dayao_data.safe_text import printable
from dayao_data.typography import zh_html

__all__ = [
    "ReportInfo",
    "CHROME",
    "render_report",
    "notebook_html",
    "report_notebooks",
    "number_headings",
    "report_css",
    "font_css",
]

#: The words of the report's frame (cover, contents, running header, footer) in each language.
CHROME = {
    "zh": {
        "subtitle": "{year}年度实施进展监测报告",
        "contents": "目录",
        "vintage": "数据说明",
        "assessment_year": "评估年度",
        "latest_data_year": "最新数据年度",
        "data_cutoff": "数据截止日期",
        "cutoff_unknown": "未注明",
        "actuals_files": "实际值数据文件",
        "file": "文件",
        "modified": "修改日期",
        "rows": "行数",
        "sha": "SHA-256(前12位)",
        "generated": "生成日期",
        "software": "生成程序",
        "band": "时间进度判定容差 b",
        "banner": "示例数据·非真实统计",
        "banner_note": "本报告使用的是示例数据，不是真实统计，仅用于演示报告格式与计算方法，不得作为统计数据引用或上报。",
        "header_mark": "示例数据 ILLUSTRATIVE",
        "page": '"第 " counter(page) " 页 / 共 " counter(pages) " 页"',
        "example_file": "示例数据（非真实统计）",
        "none": "无",
        "issuer": "规划实施监测",
        "cover_date": "{year}年{month}月",
    },
    "en": {
        "subtitle": "Implementation progress monitoring report {year}",
        "contents": "Contents",
        "vintage": "About the data",
        "assessment_year": "Assessment year",
        "latest_data_year": "Latest data year",
        "data_cutoff": "Data cut-off",
        "cutoff_unknown": "not stated",
        "actuals_files": "Actuals files",
        "file": "File",
        "modified": "Modified",
        "rows": "Rows",
        "sha": "SHA-256 (first 12)",
        "generated": "Generated",
        "software": "Produced by",
        "band": "Band b of the time-progress status",
        "banner": "示例数据 · Illustrative data — not real statistics",
        "banner_note": "This report uses illustrative data, not real statistics, to show the report and the method. "
        "It must not be quoted or reported as statistics.",
        "header_mark": "示例数据 ILLUSTRATIVE",
        "page": '"Page " counter(page) " of " counter(pages)',
        "example_file": "Illustrative example data (not real statistics)",
        "none": "none",
        "issuer": "Plan implementation monitoring",
        "cover_date": "{month_name} {year}",
    },
}

#: Symbols that report.css puts before status labels; they must be in the report font.
CSS_SYMBOLS = "●▲○△↓■—◇★"


@dataclass
class ReportInfo:
    """What the frame of the report says about the run (cover, header, vintage)."""

    year: int
    language: str = "zh"
    plan_title: str = ""
    plan_short_title: str = ""
    illustrative: bool = False
    latest_data_year: int | None = None
    #: one dict per actuals file: path, item, sha256, modified (ISO), optional rows / illustrative_example
    actuals: list[dict] = field(default_factory=list)
    generated: _dt.datetime | None = None
    version: str = ""
    commit: str | None = None
    band: float | None = None
    #: the kind of report on the cover and in the header, instead of CHROME's "{year}年度实施进展监测报告"
    subtitle: str | None = None
    #: the body that issues the report (the plan file's ``issuer_zh``); on the cover and as PDF author
    issuer: str = ""
    #: the data cut-off date YYYY-MM-DD (params ``data_cutoff``, else the store vintage); on the cover when known
    data_cutoff: str | None = None

    @property
    def issuer_text(self) -> str:
        return self.issuer or self.words["issuer"]

    @property
    def date_text(self) -> str:
        """The cover's date in the document's language: 2026年12月 / December 2026."""
        when = self.generated or _dt.datetime.now()
        return self.words["cover_date"].format(year=when.year, month=when.month, month_name=when.strftime("%B"))

    @property
    def words(self) -> dict:
        return CHROME["en" if self.language == "en" else "zh"]

    @property
    def subtitle_text(self) -> str:
        return (self.subtitle or self.words["subtitle"]).format(year=self.year)

    @property
    def title(self) -> str:
        return f"{self.plan_short_title or self.plan_title} · {self.subtitle_text}"


# --------------------------------------------------------------------------------------------
# Cells and outputs
# --------------------------------------------------------------------------------------------

_MARKDOWN = None


def _markdown(text: str) -> str:
    global _MARKDOWN
    if _MARKDOWN is None:
        import mistune

        # escape=False: notebooks may use HTML in markdown (e.g. <div class="dd-callout">).
        _MARKDOWN = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "footnotes"])
    return _MARKDOWN(text)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.I | re.S)


def _output_html(output: Any) -> str:
    """One display_data / execute_result output as HTML ('' when nothing is printable)."""
    data = output.get("data", {})
    meta = output.get("metadata", {}) or {}
    if "text/html" in data:
        return _SCRIPT.sub("", _text(data["text/html"]))
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            payload = _text(data[mime]).replace("\n", "")
            size = meta.get(mime, {}) if isinstance(meta.get(mime), dict) else {}
            width = f' width="{int(size["width"])}"' if size.get("width") else ""
            return f'<img class="dd-output-image" src="data:{mime};base64,{payload}"{width} alt="">'
    if "image/svg+xml" in data:
        svg = _text(data["image/svg+xml"])
        payload = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return f'<img class="dd-output-image" src="data:image/svg+xml;base64,{payload}" alt="">'
    if "text/markdown" in data:
        return _markdown(_text(data["text/markdown"]))
    if "text/plain" in data:
        return f'<pre class="dd-plain">{_html.escape(_text(data["text/plain"]))}</pre>'
    return ""


def _wanted(cell: Any, language: str) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []) or [])
    if "report-skip" in tags:
        return False
    languages = tags & set(CHROME)
    return not languages or language in languages


def notebook_html(nb: Any, language: str = "zh") -> str:
    """The report body of one executed notebook: its markdown and rich outputs, never code."""
    parts = []
    for cell in nb.cells:
        if not _wanted(cell, language):
            continue
        if cell.cell_type == "markdown":
            parts.append(_markdown(_text(cell.source)))
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") in ("display_data", "execute_result"):
                    rendered = _output_html(output)
                    if rendered:
                        parts.append(f'<div class="dd-output">{rendered}</div>')
    return "\n".join(parts)


def report_notebooks(notebooks: Sequence[Any]) -> list[Any]:
    """The notebooks that go into the report, in report order (metadata ``order``, then run order)."""
    chosen = []
    for position, nb in enumerate(notebooks):
        meta = (nb.metadata or {}).get("dayao", {}) or {}
        if meta.get("report", True) is False:
            continue
        order = meta.get("order")
        chosen.append((order if isinstance(order, (int, float)) else float("inf"), position, nb))
    return [nb for _, _, nb in sorted(chosen, key=lambda x: (x[0], x[1]))]


# --------------------------------------------------------------------------------------------
# Headings and contents
# --------------------------------------------------------------------------------------------

_HEADING = re.compile(r"<h([1-3])(\s[^>]*)?>(.*?)</h\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r'\bid\s*=\s*"([^"]*)"|\bid\s*=\s*\'([^\']*)\'', re.I)


def number_headings(body: str, prefix: str = "sec") -> tuple[str, list[tuple[int, str, str]]]:
    """Give every h1–h3 an id; return the body and the contents entries (level, id, text) of h1/h2.

    >>> number_headings("<h1>A</h1><p>x</p><h2 class='c'>B <em>b</em></h2>")
    ('<h1 id="sec-1">A</h1><p>x</p><h2 class=\\'c\\' id="sec-2">B <em>b</em></h2>', [(1, 'sec-1', 'A'), (2, 'sec-2', 'B b')])
    """
    entries: list[tuple[int, str, str]] = []
    counter = 0

    def replace(match: re.Match) -> str:
        nonlocal counter
        level, attrs, inner = int(match.group(1)), match.group(2) or "", match.group(3)
        found = _ID.search(attrs)
        if found:
            ident = found.group(1) or found.group(2)
        else:
            counter += 1
            ident = f"{prefix}-{counter}"
            attrs = f'{attrs} id="{ident}"'
        if level <= 2 and "dd-no-toc" not in attrs:
            text = _html.unescape(_TAG.sub("", inner))
            entries.append((level, ident, " ".join(text.split())))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return _HEADING.sub(replace, body), entries


def _contents(entries: list[tuple[int, str, str]], words: dict) -> str:
    items = "\n".join(
        f'<li class="toc-h{level}"><a href="#{ident}">{_html.escape(text)}</a></li>' for level, ident, text in entries
    )
    return f'<nav class="dd-toc" id="contents"><h2 class="dd-toc-title dd-no-toc">{words["contents"]}</h2><ul>\n{items}\n</ul></nav>'


# --------------------------------------------------------------------------------------------
# Cover and page frame
# --------------------------------------------------------------------------------------------


def _cover(info: ReportInfo) -> str:
    """Issuer, title, kind of report, the illustrative warning, the assessment year and the date.

    Files, checksums and the program's version are provenance: they go to the last annex and the
    manifest, not on the cover a county leader signs.
    """
    w = info.words
    banner = ""
    if info.illustrative:
        banner = (
            f'<div class="dd-cover-banner dd-illustrative"><strong>{w["banner"]}</strong>'
            f"<p>{w['banner_note']}</p></div>"
        )
    latest = info.latest_data_year if info.latest_data_year is not None else w["none"]
    shown = w["cutoff_unknown"]
    if info.data_cutoff:
        d = _dt.date.fromisoformat(str(info.data_cutoff)[:10])
        shown = f"{d.year}年{d.month}月{d.day}日" if info.language != "en" else d.isoformat()
    cutoff = f"<tr><th>{w['data_cutoff']}</th><td>{_html.escape(shown)}</td></tr>\n"
    return f"""<section class="dd-cover">
<div class="dd-cover-title">{_html.escape(info.plan_title)}</div>
<div class="dd-cover-subtitle">{_html.escape(info.subtitle_text)}</div>
{banner}
<table class="dd-cover-facts">
<tr><th>{w["assessment_year"]}</th><td>{info.year}</td></tr>
<tr><th>{w["latest_data_year"]}</th><td>{latest}</td></tr>
{cutoff}</table>
<div class="dd-cover-foot">
<p class="dd-cover-issuer">{_html.escape(info.issuer_text)}</p>
<p class="dd-cover-date">{_html.escape(info.date_text)}</p>
</div>
</section>"""


def _css_string(text: str) -> str:
    """A CSS string literal of ``text`` that cannot end the string, the rule or the <style> element.

    Every character that is not a letter, a digit, a space or plain CJK text is written as a CSS
    escape (``\\3c `` for ``<``), so ``</style><script>`` in a plan's title stays text in the
    running header; control and invisible characters are first shown visibly
    (:func:`dayao_data.safe_text.printable`), as in the terminal.

    >>> print(_css_string('A "B" </style><script>'))
    "A \\22 B\\22  \\3c \\2f style\\3e \\3c script\\3e "
    """

    out = []
    for ch in printable(text):
        if ch.isalnum() or ch == " " or (ord(ch) > 0x7F and ch.isprintable()):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


def page_css(info: ReportInfo) -> str:
    """The @page rules that carry words: running header, page numbers, the illustrative mark."""
    w = info.words
    mark = _css_string(w["header_mark"]) if info.illustrative else "none"
    return f"""
@page {{
  @top-left {{ content: {_css_string(info.title)}; }}
  @top-right {{ content: {mark}; }}
  @bottom-center {{ content: {w["page"]}; }}
}}
@page :first {{
  @top-left {{ content: none; }}
  @bottom-center {{ content: none; }}
}}
"""


def font_css() -> tuple[str, str]:
    """@font-face rules and the font-family value of the shipped CJK font (dayao_data.fonts)."""
    return fonts.css_font_face(), fonts.FONT_FAMILY_CSS


def report_css() -> str:
    """The static print stylesheet (report.css in this package)."""
    return resources.files("dayao_data.report").joinpath("report.css").read_text("utf-8")


def _printable(text: str) -> str:

    return printable(text)


def render_report(notebooks: Sequence[Any], info: ReportInfo) -> str:
    """The whole report as one HTML document (the same content as the PDF).

    ``notebooks`` are executed notebooks (``nbformat`` nodes) in run order; those whose metadata
    says ``report: false`` are left out, the rest ordered by their ``order``.
    """
    language = "en" if info.language == "en" else "zh"
    chapters = []
    for index, nb in enumerate(report_notebooks(notebooks)):
        meta = (nb.metadata or {}).get("dayao", {}) or {}
        body = notebook_html(nb, language)
        if not re.search(r"<h1[\s>]", body, re.I):
            title = meta.get(f"title_{language}") or meta.get("title_zh") or meta.get("title_en") or ""
            if title:
                body = f"<h1>{_html.escape(title)}</h1>\n{body}"
        chapters.append(f'<section class="dd-chapter" data-order="{meta.get("order", index)}">\n{body}\n</section>')
    body, entries = number_headings("\n".join(chapters))
    font_face, family = font_css()
    illustrative_class = " dd-is-illustrative" if info.illustrative else ""
    lang = "en" if language == "en" else "zh-CN"
    document = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{_html.escape(_printable(info.title))}</title>
<meta name="author" content="{_html.escape(_printable(info.issuer_text))}">
<meta name="generator" content="dayao-data {_html.escape(info.version)}">
<meta name="dcterms.created" content="{(info.generated or _dt.datetime.now()).date().isoformat()}">
<style>
{font_face}
:root {{ --dd-font: {family}; }}
html {{ font-family: {family}; }}
/* code-like text too: the browser's default monospace is a system font a fresh machine may lack */
code, pre, kbd, samp, tt {{ font-family: {family}; }}
{report_css()}
{page_css(info)}
</style>
</head>
<body class="dd-report dd-lang-{language}{illustrative_class}">
{_cover(info)}
{_contents(entries, info.words)}
<main>
{body}
</main>
</body>
</html>
"""
    # Chinese typography over every text node (cover, contents, chapters): full-width marks, no
    # stray spaces.  The English report keeps Latin punctuation around the Chinese names it quotes.
    return zh_html(document) if language == "zh" else document
