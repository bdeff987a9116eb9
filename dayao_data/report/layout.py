"""Page layouts of the reports: ``standard`` (the package's own) and ``gongwen`` (GB/T 9704-2012).

A layout is applied to the assembled report document (:func:`dayao_data.report.render.render_report`)
as one more style sheet after the package's own, so report.html, report.pdf and report.docx stay
one document whatever the content.  The numbers of the official layout are here, in one place,
and the .docx writer (:mod:`dayao_data.report.docx`) uses the same ones:

* A4, margins top 37 mm, bottom 35 mm, left (binding) 28 mm, right 26 mm → text block 156 × 225 mm;
* body 3号 (16 pt) 仿宋, 22 lines of 28 characters: line pitch 225 mm / 22 = 10.227 mm (28.99 pt),
  character pitch 156 mm / 28 = 5.571 mm (15.79 pt), i.e. letter spacing 15.79 − 16 = −0.207 pt;
* title 2号 (22 pt) 小标宋 centred; headings: level 1 黑体, level 2 楷体, level 3 仿宋 bold,
  all 3号; page numbers 4号 (14 pt) 宋体 "— 1 —" at the bottom outer edge (odd pages right, even
  pages left, one character in from the text block);
* tables in the annexes 10.5 pt (五号); a ``dd-compact`` table (the wide indicator tables) on a
  landscape page (named page ``wide``).

>>> round(LINE_PITCH_PT, 2), round(CHAR_PITCH_PT, 2), round(LETTER_SPACING_PT, 3)
(28.99, 15.79, -0.207)
>>> default_layout("midterm"), default_layout("final"), default_layout("yearly")
('gongwen', 'gongwen', 'standard')
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

from dayao_data.fonts import FONT_FAMILY_CSS

__all__ = [
    "LAYOUTS",
    "default_layout",
    "check_layout",
    "apply_layout",
    "layout_css",
    "GONGWEN",
    "FACES",
    "LINE_PITCH_PT",
    "CHAR_PITCH_PT",
    "LETTER_SPACING_PT",
]

LAYOUTS = ("standard", "gongwen")

MM = 72 / 25.4  # points per millimetre

#: GB/T 9704-2012 in numbers (mm and pt).
GONGWEN = {
    "page_mm": (210, 297),
    "margin_top_mm": 37,
    "margin_bottom_mm": 35,
    "margin_left_mm": 28,  # binding edge (订口)
    "margin_right_mm": 26,
    "body_pt": 16,  # 3号
    "title_pt": 22,  # 2号
    "page_number_pt": 14,  # 4号
    "table_pt": 10.5,  # 五号, annex tables
    "lines": 22,
    "chars": 28,
}
TEXT_WIDTH_MM = GONGWEN["page_mm"][0] - GONGWEN["margin_left_mm"] - GONGWEN["margin_right_mm"]  # 156
TEXT_HEIGHT_MM = GONGWEN["page_mm"][1] - GONGWEN["margin_top_mm"] - GONGWEN["margin_bottom_mm"]  # 225
LINE_PITCH_PT = TEXT_HEIGHT_MM * MM / GONGWEN["lines"]
CHAR_PITCH_PT = TEXT_WIDTH_MM * MM / GONGWEN["chars"]
LETTER_SPACING_PT = CHAR_PITCH_PT - GONGWEN["body_pt"]

#: role → (the face Word files name, its fallback there, the shipped free face of the PDF, file)
#: 仿宋_GB2312 is named first: it is the face the standard means and what Windows office machines
#: in government offices have (the Windows 10/11 "仿宋" is GB 18030 and sets slightly wider), with
#: 仿宋 as the fallback that every Windows since XP carries.  方正小标宋简体 is a commercial face most
#: offices have installed; 宋体 is its fallback.
FACES = {
    "fang": ("仿宋_GB2312", "仿宋", "FandolFang Dayao", "FandolFang-Dayao.otf"),
    "song": ("宋体", "SimSun", "FandolSong Dayao", "FandolSong-Dayao.otf"),
    "title": ("方正小标宋简体", "宋体", "FandolSong Bold Dayao", "FandolSongBold-Dayao.otf"),
    "hei": ("黑体", "SimHei", "FandolHei Dayao", "FandolHei-Dayao.otf"),
    "kai": ("楷体", "楷体_GB2312", "FandolKai Dayao", "FandolKai-Dayao.otf"),
}


def default_layout(kind: str) -> str:
    """The layout a report kind gets when none is asked for: official for the evaluations."""
    return "gongwen" if kind in ("midterm", "final") else "standard"


def check_layout(layout: str | None, kind: str = "yearly") -> str:
    """``layout`` checked (``None`` → :func:`default_layout`); a clear ValueError otherwise."""
    if layout is None:
        return default_layout(kind)
    if layout not in LAYOUTS:
        raise ValueError(f"layout {layout!r}: expected one of {', '.join(LAYOUTS)}")
    return layout


def font_path(role: str) -> Path:
    path = Path(str(resources.files("dayao_data").joinpath("data/fonts"))) / FACES[role][3]
    if not path.is_file():
        raise FileNotFoundError(
            f"the bundled font {path} is missing: reinstall the package or rebuild it with tools/build_font.py --fandol"
        )
    return path


def family(role: str) -> str:
    """The CSS font-family of a role: the shipped Fandol face, then the shipped Noto subset per glyph."""

    return f'"{FACES[role][2]}", {FONT_FAMILY_CSS}'


def _font_faces() -> str:
    rules = []
    for role, (_, _, name, _) in FACES.items():
        rules.append(
            "@font-face {\n"
            f'  font-family: "{name}";\n'
            f'  src: url("{font_path(role).resolve().as_uri()}") format("opentype");\n'
            "  font-weight: normal;\n  font-style: normal;\n}"
        )
    return "\n".join(rules) + "\n"


def layout_css(layout: str) -> str:
    """The style sheet a layout adds after report.css ('' for the standard layout)."""
    if check_layout(layout) == "standard":
        return ""
    css = resources.files("dayao_data.report").joinpath("gongwen.css").read_text("utf-8")
    values = {
        "FANG": family("fang"),
        "SONG": family("song"),
        "TITLE": family("title"),
        "HEI": family("hei"),
        "KAI": family("kai"),
        # rounded down: 22 lines and 28 characters must not overflow the text block by a rounding
        "LINE": f"{math.floor(LINE_PITCH_PT * 100) / 100:.2f}pt",
        "LETTER": f"{math.floor(LETTER_SPACING_PT * 100) / 100:.2f}pt",
    }
    for key, value in values.items():
        css = css.replace(f"var(--gw-{key.lower()})", value)
    return _font_faces() + css


def apply_layout(html: str, layout: str) -> str:
    """The assembled report document with the layout's style sheet added (last, so it wins)."""
    css = layout_css(layout)
    if not css:
        return html
    marker = "</head>"
    if marker not in html:
        raise ValueError("apply_layout: the report document has no </head>")
    body_class = '<body class="'
    html = html.replace(marker, f'<style id="dd-layout-{layout}">\n{css}</style>\n{marker}', 1)
    return html.replace(body_class, f"{body_class}dd-layout-{layout} ", 1)
