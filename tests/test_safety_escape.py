"""Escaped outputs (issue 8, deliver item 2): hostile text from a plan, actuals or params stays text.

The plan's title went into the page's CSS with only quotes escaped, so ``</style><script>…`` ran
in a browser and the PDF lost its running header and page numbers.  These tests put such text in
a plan and an actuals file and check the HTML (parsed, not searched), the CSS, the PDF's header,
footer and metadata, and the terminal output of the commands.
"""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import pytest
from report_helpers import FOOTER_ZH, ROOT, pdf_pages_text

from dayao_data.report.render import ReportInfo, page_css, render_report
from dayao_data.safe_text import printable

HOSTILE_TITLE = '大姚县规划</style><script>alert("title")</script>"}@page{x'
HOSTILE_NAME = "<img src=x onerror=alert(1)>学前三年毛入园率"
HOSTILE_DEPT = "<script>alert(2)</script>教育局"
HOSTILE_SOURCE = "示例数据 <script>alert(3)</script> \x1b[31m红\x1b[0m"


class Tags(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of each <style> element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"
        if self._in_style:
            self.styles.append("")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles[-1] += data
        else:
            self.text.append(data)


def parse(document: str) -> Tags:
    parser = Tags()
    parser.feed(document)
    parser.close()
    return parser


def assert_inert(document: str) -> Tags:
    tags = parse(document)
    assert not [t for t, _ in tags.tags if t in ("script", "iframe", "object", "embed")]
    assert not [(t, a) for t, attrs in tags.tags for a in attrs if a.lower().startswith("on")]
    assert len(tags.styles) == 1 and "@top-left" in tags.styles[0] and "@bottom-center" in tags.styles[0]
    return tags


def info(**kw) -> ReportInfo:
    values = dict(
        year=2023,
        language="zh",
        plan_title=HOSTILE_TITLE,
        plan_short_title=HOSTILE_TITLE,
        illustrative=True,
        latest_data_year=2023,
        actuals=[{"path": "x/<b onmouseover=alert(4)>.csv", "sha256": "ab", "modified": "2024"}],
        version="1.0",
    )
    values.update(kw)
    return ReportInfo(**values)


def css_unescape(css_string: str) -> str:
    """The text a CSS string literal stands for (hex escapes with their optional space)."""
    body = css_string.strip()[1:-1]
    return re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), body)


def test_the_running_header_keeps_the_title_as_text():
    css = page_css(info())
    header = re.search(r"@top-left \{ content: (\"[^\"]*\"); \}", css)
    assert header, css  # one string literal: the title cannot end it
    assert css_unescape(header.group(1)) == f"{HOSTILE_TITLE} · 2023年度实施进展监测报告"
    assert "<" not in css and "</style" not in css.lower()
    assert "@bottom-center { content: " in css  # the page numbers' rule is still there, after the title


def test_control_characters_in_the_title_are_shown_not_sent():
    css = page_css(info(plan_short_title="规划\x1b[2J\u202e", plan_title="x"))
    header = re.search(r"@top-left \{ content: (\"[^\"]*\"); \}", css).group(1)
    assert css_unescape(header).startswith("规划\\x1b[2J\\u202e")


def test_the_html_report_is_inert_whatever_the_plan_says():
    document = render_report([], info())
    tags = assert_inert(document)
    title = [t for t in tags.tags if t[0] == "title"]
    assert len(title) == 1
    assert HOSTILE_TITLE in "".join(tags.text)  # shown as text on the cover


def test_printable_shows_escape_sequences_and_invisible_characters():
    assert printable("红\x1b[31m色\x1b]0;owned\x07") == "红\\x1b[31m色\\x1b]0;owned\\x07"
    assert printable("a\u200bb") == "a\\u200bb" and printable("a\u2067b\u2069") == "a\\u2067b\\u2069"
    assert printable("\x9b31m") == "\\x9b31m"  # the one-byte CSI
    assert printable("大姚县“十四五”，（全角）") == "大姚县“十四五”，（全角）"
    assert printable("\udcff") == "\\udcff"  # an undecodable byte kept by surrogateescape


def test_assess_prints_hostile_plan_text_visibly(tmp_path, capsys):
    """An indicator name with terminal escapes: printed escaped (or, if the plan is refused, the message is)."""
    from dayao_data.cli import main
    from dayao_data.plan import default_plan_path

    text = default_plan_path().read_text("utf-8")
    name = "学前\x1b[2J\x1b]0;owned\x07三年\u200b毛入园率"
    # the first indicator's name (the plan's header also names it, as the forms' example)
    at = text.index("  - id: preschool_gross_enrolment_rate\n")
    text = text[:at] + text[at:].replace("name_zh: 学前三年毛入园率", f"name_zh: {json.dumps(name)}", 1)
    (tmp_path / "plan.yaml").write_text(text, "utf-8")
    for fmt in ("table", "csv", "json"):
        code = main(
            ["assess", "--year", "2023", "--plan", str(tmp_path / "plan.yaml"), "--actuals", "example", "--format", fmt]
        )
        out = capsys.readouterr()
        seen = out.out + out.err
        assert "\x1b" not in seen and "\x07" not in seen and "\u200b" not in seen, fmt
        if code == 0 and fmt != "json":
            assert "学前\\x1b[2J\\x1b]0;owned\\x07三年\\u200b毛入园率" in out.out, fmt
        elif code == 0:
            records = json.loads(out.out)  # still valid JSON, meaning the same
            assert name in [r["name_zh"] for r in records]
        else:
            assert "\\x1b" in out.err or "\\u200b" in out.err


# --------------------------------------------------------------------------------------------
# A whole report on a hostile plan (slow)
# --------------------------------------------------------------------------------------------


def hostile_plan(tmp_path: Path) -> Path:
    from dayao_data.plan import default_plan_path

    text = default_plan_path().read_text("utf-8")
    for old, new in [
        (
            "title_zh: 大姚县“十四五”基本公共服务体系建设规划(2021-2025)",
            f"title_zh: {json.dumps(HOSTILE_TITLE, ensure_ascii=False)}",
        ),
        (
            "short_title_zh: 大姚县“十四五”基本公共服务规划",
            f"short_title_zh: {json.dumps(HOSTILE_TITLE, ensure_ascii=False)}",
        ),
        ("name_zh: 学前三年毛入园率", f"name_zh: {json.dumps(HOSTILE_NAME, ensure_ascii=False)}"),
        ("name_zh: 大姚县教育体育局", f"name_zh: {json.dumps(HOSTILE_DEPT, ensure_ascii=False)}"),
    ]:
        assert text.count(old) >= 1, old
        # from the indicators on for the indicator's name (the plan's header names it as the forms' example)
        at = text.index("  - id: preschool_gross_enrolment_rate\n") if old.startswith("name_zh: 学前") else 0
        text = text[:at] + text[at:].replace(old, new, 1)
    path = tmp_path / "hostile-plan.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.slow
def test_a_report_on_a_hostile_plan_is_inert_and_keeps_its_header_and_page_numbers(tmp_path):
    from pypdf import PdfReader

    from dayao_data.params import load_params
    from dayao_data.run.run import run_report

    params = load_params(ROOT / "params" / "2023.yaml").replace(
        plan_file=str(hostile_plan(tmp_path)),
        notebooks=["notebooks/00_overview.ipynb", "notebooks/10_domains.ipynb"],
        previous_report="",
    )
    result = run_report(params, project_root=ROOT, reports_dir=tmp_path / "out", progress=False, allow_outside=True)
    document = (result.output_dir / "report.html").read_text("utf-8")
    tags = assert_inert(document)
    text = "".join(tags.text)
    assert HOSTILE_TITLE in text and "<img src=x onerror=alert(1)>" in text  # shown, as text
    pdf = result.output_dir / "report.pdf"
    pages = pdf_pages_text(pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages[1:], start=2):  # the cover has no header or footer
        footer = FOOTER_ZH.search(page)
        assert footer and footer.groups() == (str(number), str(len(pages))), page[-200:]
        assert "大姚县规划</style><script>" in page.replace("\n", "")
    assert PdfReader(str(pdf)).metadata.title.startswith(HOSTILE_TITLE)


def test_one_printable_for_terminal_and_report_in_one_notation():
    """safe_text is the one module (terminal.py was merged into it): the same escapes everywhere."""
    from dayao_data.safe_text import invisible_characters, more_line

    # a blank letter (Hangul filler) is not a format character, yet prints as nothing: escaped too
    assert printable("学前\u3164率") == "学前\\u3164率"
    assert printable("one\ntwo") == "one\\ntwo" and printable("one\ntwo", multiline=True) == "one\ntwo"
    assert printable("\x9b2J", multiline=True) == "\\x9b2J"  # a C1 control, even in a message
    assert invisible_characters("a\u3164b\u200bc\u200b") == ["U+3164 HANGUL FILLER", "U+200B ZERO WIDTH SPACE"]
    assert more_line(3).startswith("  … and 3 more (以及另外 3 条)")
