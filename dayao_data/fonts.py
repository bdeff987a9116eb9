"""The Chinese fonts shipped with the package, for charts (matplotlib) and PDF reports (WeasyPrint).

A county office's computer, a CI runner or a fresh container often has no CJK font at all; then
matplotlib draws empty boxes and warns "Glyph … missing from font(s) DejaVu Sans".  The package
therefore carries its own fonts (SIL OFL 1.1, see ``data/fonts/README.md``):

* ``NotoSansSC-Dayao.ttf`` — family "Noto Sans SC Dayao": a TrueType subset of Noto Sans SC with
  all of GB2312 and every character of the plan and the package's texts (2.3 MB; WeasyPrint
  subsets it per PDF in ~0.5 s);
* ``NotoSansSC-Regular.otf`` — family "Noto Sans SC": the full font (8.3 MB), the fallback for
  rare characters such as 堃 or 喆 in another county's plan.

Charts: call :func:`use_cjk_fonts` once before drawing (``dayao_data.charts`` does).  Reports:
put :func:`css_font_face` in the style sheet and use :data:`FONT_FAMILY_CSS` as ``font-family``.

>>> [p.name for p in font_files()]
['NotoSansSC-Dayao.ttf', 'NotoSansSC-Regular.otf']
>>> sorted(missing_glyphs("大姚县 ≤4.2‰ 堃"))
[]
>>> FONT_FAMILY_CSS
'"Noto Sans SC Dayao", "Noto Sans SC", sans-serif'
"""

from __future__ import annotations

import threading
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = [
    "FAMILY",
    "FALLBACK_FAMILY",
    "FONT_FAMILY_CSS",
    "MATPLOTLIB_FAMILIES",
    "font_files",
    "css_font_face",
    "use_cjk_fonts",
    "missing_glyphs",
]

#: The family name of the bundled subset (renamed so nobody mistakes it for the full Noto Sans SC).
FAMILY = "Noto Sans SC Dayao"
#: The family name of the full font, the fallback for characters outside the subset.
FALLBACK_FAMILY = "Noto Sans SC"
#: The CSS ``font-family`` value for reports: subset first, full font per missing glyph, then any sans.
FONT_FAMILY_CSS = f'"{FAMILY}", "{FALLBACK_FAMILY}", sans-serif'
#: matplotlib's ``font.family``: a list of names, so that matplotlib ≥ 3.6 falls back glyph by glyph
#: (a generic "sans-serif" would resolve to one font only).  DejaVu Sans (shipped with matplotlib)
#: covers the few symbols Noto Sans SC lacks (✗, subscript digits).
MATPLOTLIB_FAMILIES = [FAMILY, FALLBACK_FAMILY, "DejaVu Sans"]

_SUBSET = "NotoSansSC-Dayao.ttf"
_FULL = "NotoSansSC-Regular.otf"

_lock = threading.Lock()
_registered: set[str] = set()


def _font_dir() -> Path:
    return Path(str(resources.files("dayao_data").joinpath("data/fonts")))


def font_files() -> list[Path]:
    """The shipped font files: the subset (primary) first, the full font (fallback) second.

    Raises
    ------
    FileNotFoundError
        If the package was installed without its data files.
    """
    folder = _font_dir()
    files = [folder / _SUBSET, folder / _FULL]
    for f in files:
        if not f.is_file():
            raise FileNotFoundError(
                f"the bundled font {f} is missing: reinstall the package (pip install -e .) "
                "or rebuild it with tools/build_font.py --fetch"
            )
    return files


def css_font_face() -> str:
    """``@font-face`` rules for WeasyPrint, pointing at the shipped files with ``file://`` URLs.

    Use with ``font-family: {FONT_FAMILY_CSS}``.  WeasyPrint embeds (and subsets) only the faces
    a document actually uses, so the 8 MB fallback costs nothing unless a rare character appears.
    """
    subset, full = font_files()
    rules = []
    for family, path, fmt in ((FAMILY, subset, "truetype"), (FALLBACK_FAMILY, full, "opentype")):
        rules.append(
            "@font-face {\n"
            f'  font-family: "{family}";\n'
            f'  src: url("{path.resolve().as_uri()}") format("{fmt}");\n'
            "  font-weight: normal;\n"
            "  font-style: normal;\n"
            "}"
        )
    return "\n".join(rules) + "\n"


def use_cjk_fonts() -> list[str]:
    """Make matplotlib draw Chinese with the shipped fonts (idempotent; cheap after the first call).

    Registers both files with matplotlib's font manager (no system font or font cache needed) and
    sets:

    * ``font.family`` = ``["Noto Sans SC Dayao", "Noto Sans SC", "DejaVu Sans"]`` (per-glyph fallback),
      with the same names first in ``font.sans-serif`` for code that asks for the generic family;
    * ``axes.unicode_minus`` = True: negative ticks use U+2212 "−", which the subset covers;
    * ``svg.fonttype`` = ``"path"`` (SVG shows the same shapes without the font installed);
    * ``pdf.fonttype`` = ``ps.fonttype`` = 42 (TrueType embedded, text stays searchable).

    Returns the font family list set as ``font.family``.
    """
    import matplotlib
    from matplotlib import font_manager

    with _lock:
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_files():
            fname = str(path)
            if fname not in _registered and fname not in known:
                font_manager.fontManager.addfont(fname)
            _registered.add(fname)
        rc = matplotlib.rcParams
        rc["font.family"] = list(MATPLOTLIB_FAMILIES)
        rc["font.sans-serif"] = list(MATPLOTLIB_FAMILIES) + [
            f for f in rc["font.sans-serif"] if f not in MATPLOTLIB_FAMILIES
        ]
        rc["axes.unicode_minus"] = True
        rc["svg.fonttype"] = "path"
        rc["pdf.fonttype"] = 42
        rc["ps.fonttype"] = 42
    return list(MATPLOTLIB_FAMILIES)


@cache
def _covered() -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    codepoints: set[int] = set()
    for path in font_files():
        codepoints |= set(FT2Font(str(path)).get_charmap())
    return frozenset(codepoints)


def _needs_glyph(ch: str) -> bool:
    # Line breaks, tabs and format characters (zero-width joiners, BOM) are not drawn.
    return unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` that no shipped font covers (they would show as boxes).

    Control and format characters (line breaks, tabs, zero-width joiners) are not counted.
    Private-use characters are: they have no agreed shape.

    >>> missing_glyphs("每万人口注册护士数") == set()
    True
    >>> missing_glyphs("\\ue004")
    {'\\ue004'}
    """
    covered = _covered()
    return {ch for ch in set(str(text)) if _needs_glyph(ch) and ord(ch) not in covered}
