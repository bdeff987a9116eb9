"""Build the bundled Chinese font: a TrueType subset of Noto Sans SC, renamed "Noto Sans SC Dayao".

Why: the charts and PDF reports must show Chinese on a machine that has no CJK font at all, so
the package ships its own.  The full Noto Sans SC (8.3 MB, CFF outlines) works but WeasyPrint
subsets every embedded font with fontTools on each PDF, which takes ~9 s per face for the full CFF
font and ~0.6 s for a TrueType font of ~8,500 glyphs.  So the package ships both: this subset
(everything a county plan and its reports normally use) as the first font, the full font as the
fallback for rare characters.

What is kept: all of GB2312 (6,763 hanzi and 682 symbols), every character of the texts the package
prints (plan text, YAML, label and template files, the package's own Python strings), ASCII,
Latin-1, punctuation, number and letterlike forms, arrows, mathematical operators, CJK symbols and
punctuation, full-width forms, unit squares (㎡ ㎏ ㎞), enclosed numbers and the geometric shapes and
marks used as bullets in tables.

How: fontTools subset, then CFF → TrueType (quadratic curves by cu2qu, max error 1 font unit),
following fontTools' ``Snippets/otf2ttf.py``; then the family is renamed (the SIL OFL 1.1 allows
modified versions; the Noto CJK fonts declare no Reserved Font Name) and a line saying it is a
subset is added after the copyright.  Timestamps are copied from the source so that the same
inputs and the same fontTools version give the same bytes.

Usage (from the repository root)::

    .venv/bin/python tools/build_font.py           # rebuild dayao_data/data/fonts/NotoSansSC-Dayao.ttf
    .venv/bin/python tools/build_font.py --fetch   # first download the source font (pip) and its licence
    .venv/bin/python tools/build_font.py --check   # rebuild to a temporary file; fail if it differs

Rebuild after adding text with characters outside GB2312 to the plan, YAML or label files
(``tests/test_fonts.py`` fails until then), then update the SHA-256 in ``dayao_data/data/fonts/README.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dayao_data"
FONT_DIR = PACKAGE / "data" / "fonts"

SOURCE_FILE = FONT_DIR / "NotoSansSC-Regular.otf"
SUBSET_FILE = FONT_DIR / "NotoSansSC-Dayao.ttf"
LICENSE_FILE = FONT_DIR / "OFL.txt"

#: Where the source font comes from: the PyPI wheel pylopdf-fonts-zh-cn 0.1.1, which carries the file
#: unchanged from notofonts/noto-cjk at f8d157532fbfaeda587e826d4cd5b21a49186f7c, Sans/SubsetOTF/SC.
SOURCE_DIST = "pylopdf-fonts-zh-cn==0.1.1"
SOURCE_MEMBER = "pylopdf_fonts_zh_cn/NotoSansSC-Regular.otf"
LICENSE_MEMBER = "pylopdf_fonts_zh_cn-0.1.1.dist-info/licenses/LICENSE"
SOURCE_SHA256 = "faa6c9df652116dde789d351359f3d7e5d2285a2b2a1f04a2d7244df706d5ea9"
LICENSE_SHA256 = "6a73f9541c2de74158c0e7cf6b0a58ef774f5a780bf191f2d7ec9cc53efe2bf2"

FAMILY = "Noto Sans SC Dayao"
POSTSCRIPT_NAME = "NotoSansSCDayao-Regular"
SUBSET_NOTE = (
    "Subset of Noto Sans SC (GB2312 and the characters of the dayao_data package), converted to "
    "TrueType outlines and renamed Noto Sans SC Dayao by tools/build_font.py of the dayao_data "
    "project; a Modified Version under the SIL Open Font License 1.1."
)

#: Unicode blocks kept whole (where the font has them), beyond GB2312 and the package's texts.
RANGES: list[tuple[int, int, str]] = [
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2070, 0x209F, "Superscripts and Subscripts"),
    (0x20A0, 0x20CF, "Currency Symbols"),
    (0x2100, 0x214F, "Letterlike Symbols (℃ № ™)"),
    (0x2150, 0x218F, "Number Forms (Ⅰ Ⅱ ½)"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators (≤ ≥ − ± ×)"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics (① ⑴ ⒈)"),
    (0x2500, 0x257F, "Box Drawing"),
    (0x25A0, 0x25FF, "Geometric Shapes (● ○ ■ □ ▲ ▼ ◆)"),
    (0x2605, 0x2606, "Stars (★ ☆)"),
    (0x2610, 0x2612, "Ballot boxes (☐ ☑ ☒)"),
    (0x2713, 0x2718, "Check and ballot marks (✓ ✔ ✕ ✗ ✘)"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3200, 0x32FF, "Enclosed CJK Letters and Months (㈠ ㊀)"),
    (0x3380, 0x33DF, "CJK Compatibility units (㎡ ㎏ ㎞)"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]

#: Texts whose every character the subset must cover (relative to the package folder).
TEXT_GLOBS = [
    "data/plans/*.txt",
    "**/*.yaml",
    "**/*.yml",
    "**/*.json",
    "locale/**/*",
    "templates/**/*",
]
#: Also covered when the font is built (labels written in code), but not enforced by the tests,
#: so that a new string in someone's module never breaks the build: it falls back to the full font.
EXTRA_GLOBS = ["**/*.py", "**/*.csv", "**/*.md"]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def gb2312() -> set[str]:
    """Every character of GB2312 (rows 0xA1–0xF7, cells 0xA1–0xFE): 6,763 hanzi and 682 symbols."""
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def renders(ch: str) -> bool:
    """A character that needs a glyph: not a control, format or private-use character.

    Private-use characters (e.g. U+E004, left in the plan text by PDF extraction) have no agreed
    shape, so no font can be asked to cover them.
    """
    return unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")


def text_files(globs: list[str] = TEXT_GLOBS, package: Path = PACKAGE) -> list[Path]:
    files = set()
    for pattern in globs:
        for p in package.glob(pattern):
            if p.is_file() and "__pycache__" not in p.parts:
                files.add(p)
    return sorted(files)


def text_characters(globs: list[str] = TEXT_GLOBS, package: Path = PACKAGE) -> set[str]:
    """The characters (needing a glyph) of the package's texts matched by ``globs``."""
    chars: set[str] = set()
    for p in text_files(globs, package):
        try:
            chars |= set(p.read_text("utf-8"))
        except UnicodeDecodeError:
            continue  # a binary file under locale/ or templates/ (e.g. .mo): nothing to show
    return {c for c in chars if renders(c)}


def wanted_codepoints() -> set[int]:
    cps = {ord(c) for c in gb2312()}
    cps |= {ord(c) for c in text_characters(TEXT_GLOBS + EXTRA_GLOBS)}
    for lo, hi, _ in RANGES:
        cps |= set(range(lo, hi + 1))
    return {cp for cp in cps if renders(chr(cp))}


# --------------------------------------------------------------------------------------
# CFF → TrueType, after fontTools' Snippets/otf2ttf.py
# --------------------------------------------------------------------------------------


def _glyphs_to_quadratic(glyph_set, max_err: float = 1.0, reverse_direction: bool = True) -> dict:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    quad = {}
    for name in glyph_set.keys():
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=reverse_direction))
        quad[name] = tt_pen.glyph()
    return quad


def otf_to_ttf(font, max_err: float = 1.0) -> None:
    """Replace the CFF outlines of ``font`` by quadratic TrueType ``glyf`` outlines, in place."""
    from fontTools.ttLib import newTable

    assert font.sfntVersion == "OTTO" and "CFF " in font, "expected a CFF-flavoured OpenType font"
    order = font.getGlyphOrder()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = _glyphs_to_quadratic(font.getGlyphSet(), max_err=max_err)
    del font["CFF "]
    if "VORG" in font:  # vertical origins are a CFF-only table; vmtx keeps the vertical metrics
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():  # left side bearings follow the new outlines
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
    ):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = max((len(getattr(g, "components", []) or []) for g in glyf.glyphs.values()), default=0)
    maxp.compile(font)
    post = font["post"]
    # Format 3 (no glyph names): CID-keyed names like "cid12345" carry nothing and cost ~60 kB.
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font) -> None:
    """Give the subset its own family name, keep the copyright and licence, say it is a subset."""
    name = font["name"]
    version = font["head"].fontRevision
    copyright_ = name.getDebugName(0) or ""
    values = {
        0: f"{copyright_}\n{SUBSET_NOTE}",
        1: FAMILY,
        2: "Regular",
        3: f"{version:.3f};DAYAO;{POSTSCRIPT_NAME}",
        4: FAMILY,
        5: f"Version {version:.3f}; subset for dayao_data (tools/build_font.py)",
        6: POSTSCRIPT_NAME,
    }
    # Typographic family/subfamily would keep the old family name alive in some applications.
    for nid in (16, 17, 21, 22):
        name.removeNames(nameID=nid)
    for nid, text in values.items():
        name.removeNames(nameID=nid)
        name.setName(text, nid, 3, 1, 0x409)
    # The CFF table (and its FontName) is gone; nothing else carries the old name.


def build(source: Path = SOURCE_FILE, target: Path = SUBSET_FILE, codepoints: set[int] | None = None) -> dict:
    """Subset ``source`` to ``codepoints`` (default: :func:`wanted_codepoints`), convert, rename, save."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    if sha256(source) != SOURCE_SHA256:
        raise SystemExit(f"{source}: SHA-256 differs from the recorded source ({SOURCE_SHA256}); run with --fetch")
    codepoints = wanted_codepoints() if codepoints is None else codepoints
    options = subset.Options()
    options.name_IDs = ["*"]  # keep copyright, trademark, designer, licence and their URLs
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    # fontTools' default features (ccmp, locl, kern, liga, vert, vrt2 …); "*" would pull in the
    # alternates of aalt/jp78/trad and double the glyph count for forms Chinese text never uses.
    options.layout_features += ["palt", "halt", "vpal", "vhal", "fwid", "hwid", "pwid"]
    options.hinting = False
    options.drop_tables += ["DSIG"]  # a signature would not match the modified font
    font = TTFont(str(source), recalcTimestamp=False)
    created, modified = font["head"].created, font["head"].modified
    sub = subset.Subsetter(options)
    sub.populate(unicodes=codepoints)
    sub.subset(font)
    otf_to_ttf(font)
    rename(font)
    font["head"].created, font["head"].modified = created, modified
    font.recalcTimestamp = False
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target), reorderTables=True)
    cmap = font.getBestCmap()
    return {
        "glyphs": len(font.getGlyphOrder()),
        "characters": len(cmap),
        "requested": len(codepoints),
        "not_in_source": sorted(cp for cp in codepoints if cp not in cmap),
        "bytes": target.stat().st_size,
        "sha256": sha256(target),
    }


def fetch() -> None:
    """Download the source font and its licence with pip (no install) and put them in place."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", SOURCE_DIST, "-d", tmp],
            check=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as zf:
            font_bytes = zf.read(SOURCE_MEMBER)
            license_bytes = zf.read(LICENSE_MEMBER)
    if hashlib.sha256(font_bytes).hexdigest() != SOURCE_SHA256:
        raise SystemExit(f"{SOURCE_DIST}: {SOURCE_MEMBER} does not have the recorded SHA-256 {SOURCE_SHA256}")
    if hashlib.sha256(license_bytes).hexdigest() != LICENSE_SHA256:
        raise SystemExit(f"{SOURCE_DIST}: {LICENSE_MEMBER} does not have the recorded SHA-256 {LICENSE_SHA256}")
    FONT_DIR.mkdir(parents=True, exist_ok=True)
    SOURCE_FILE.write_bytes(font_bytes)
    # The OFL asks that the copyright notice travel with the licence; upstream keeps it in the
    # font's name table (ID 0), so it is written above the unchanged licence text.
    header = (
        "Noto Sans SC: Copyright © 2014-2021 Adobe (http://www.adobe.com/).\n"
        "Noto is a trademark of Google Inc.\n"
        "Noto Sans SC Dayao (NotoSansSC-Dayao.ttf) is a Modified Version of Noto Sans SC: a subset\n"
        "converted to TrueType outlines by tools/build_font.py of the dayao_data project.\n"
        "Both fonts are licensed under the SIL Open Font License, Version 1.1, reproduced below\n"
        "unchanged from notofonts/noto-cjk.\n\n"
    )
    LICENSE_FILE.write_text(header + license_bytes.decode("utf-8"), "utf-8")
    print(f"fetched {SOURCE_FILE.relative_to(ROOT)} and {LICENSE_FILE.relative_to(ROOT)}")


# --------------------------------------------------------------------------------------
# The Fandol faces of the official-document layout (--layout gongwen)
# --------------------------------------------------------------------------------------

#: The four faces of GB/T 9704 and their free stand-ins: role → (source file, family in the package).
#: The sources are the Fandol fonts v0.3 (GPL 3 with the font exception), as in Debian's
#: texlive-lang-chinese 2022.20230122-1 (texmf-dist/fonts/opentype/public/fandol); obtain them with
#: ``apt-get download texlive-lang-chinese && dpkg-deb -x texlive-lang-chinese_*.deb x`` (no install
#: needed) and pass the folder with ``--fandol``.  Only the subsets and the licence are shipped.
FANDOL: dict[str, tuple[str, str, str]] = {
    # role: (source file, SHA-256 of the source, shipped file)
    "fang": (
        "FandolFang-Regular.otf",
        "d838ad32ce2244d8144f408c37fe71065aba6fbbc80759a4d2aa2033948d5bc9",
        "FandolFang-Dayao.otf",
    ),
    "song": (
        "FandolSong-Regular.otf",
        "a3820003227d4abe31fe28b493200d94a849ccfd078b50a019264f70353020b0",
        "FandolSong-Dayao.otf",
    ),
    "hei": (
        "FandolHei-Regular.otf",
        "4afa97aa8751e0118617df88272b58d43691b5cffb7ea024c4580496e9f34d28",
        "FandolHei-Dayao.otf",
    ),
    "kai": (
        "FandolKai-Regular.otf",
        "ea7e7fb4f9b3ac694a68d43946e04d21deed6e8c29a7c2d3081e1a4138f2f827",
        "FandolKai-Dayao.otf",
    ),
    "title": (
        "FandolSong-Bold.otf",
        "ffa76a70e128947a4dd22151d5ee829b23e24ce3cb6fe8ad49891cd1c2d9e9b9",
        "FandolSongBold-Dayao.otf",
    ),
}
#: The body face (仿宋) keeps all of GB2312: any county's prose must set in it.  The faces of titles,
#: headings and page numbers keep only the characters of the package's texts (plans, labels,
#: notebooks, code) and the symbol ranges, which keeps the package ~10 MB smaller; a character a
#: new plan brings into a heading falls back to Noto Sans SC Dayao (GB2312), and the tests
#: (tests/test_gongwen.py) check that the shipped reports need no fallback.
FANDOL_FULL = {"fang"}
FANDOL_LICENSE_FILE = FONT_DIR / "FANDOL-LICENSE.txt"
FANDOL_NOTE = (
    "Subset of {source} (GB2312 and the characters of the dayao_data package) renamed {family} by "
    "tools/build_font.py of the dayao_data project; GPL 3 with the GPL font exception, as the original."
)


def fandol_family(role: str) -> str:
    """The family name of a shipped Fandol subset: ``"FandolFang Dayao"`` for the role ``fang``."""
    name = FANDOL[role][0].removesuffix(".otf")
    return name.replace("-Regular", "").replace("-Bold", " Bold") + " Dayao"


def build_fandol(source_dir: Path, target_dir: Path = FONT_DIR, codepoints: set[int] | None = None) -> dict:
    """Subset the four Fandol faces (CFF outlines kept: they are small) and rename them."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    full = wanted_codepoints() if codepoints is None else codepoints
    texts = {ord(c) for c in text_characters(TEXT_GLOBS + EXTRA_GLOBS)}
    for lo, hi, _ in RANGES:
        texts |= set(range(lo, hi + 1))
    texts = {cp for cp in texts if renders(chr(cp))} & full
    out = {}
    for role, (name, digest, shipped) in FANDOL.items():
        codepoints = full if role in FANDOL_FULL else texts
        source = Path(source_dir) / name
        if not source.is_file():
            raise SystemExit(f"{source}: not found (see FANDOL in tools/build_font.py for where it comes from)")
        if sha256(source) != digest:
            raise SystemExit(f"{source}: SHA-256 differs from the recorded Fandol v0.3 file ({digest})")
        options = subset.Options()
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        options.hinting = False
        options.drop_tables += ["DSIG"]
        font = TTFont(str(source), recalcTimestamp=False)
        created, modified = font["head"].created, font["head"].modified
        sub = subset.Subsetter(options)
        sub.populate(unicodes=codepoints)
        sub.subset(font)
        family = fandol_family(role)
        ps = family.replace(" ", "")
        table = font["name"]
        copyright_ = table.getDebugName(0) or ""
        for nid in (16, 17, 21, 22):
            table.removeNames(nameID=nid)
        for nid, text in {
            0: f"{copyright_}\n" + FANDOL_NOTE.format(source=name, family=family),
            1: family,
            2: "Regular",
            3: f"0.3;DAYAO;{ps}",
            4: family,
            6: ps,
        }.items():
            table.removeNames(nameID=nid)
            table.setName(text, nid, 3, 1, 0x409)
        cff = font["CFF "].cff
        cff.fontNames = [ps]
        font["head"].created, font["head"].modified = created, modified
        font.recalcTimestamp = False
        target = Path(target_dir) / shipped
        target.parent.mkdir(parents=True, exist_ok=True)
        font.save(str(target), reorderTables=True)
        cmap = font.getBestCmap()
        out[role] = {
            "file": shipped,
            "family": family,
            "characters": len(cmap),
            "bytes": target.stat().st_size,
            "sha256": sha256(target),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--fetch", action="store_true", help="download the source font and licence first (pip download)"
    )
    parser.add_argument(
        "--check", action="store_true", help="rebuild to a temporary file and fail if it differs from the committed one"
    )
    parser.add_argument(
        "--fandol",
        metavar="DIR",
        help="build the Fandol subsets of the official layout from the "
        "Fandol v0.3 OTFs in DIR (see FANDOL) instead of the Noto subset",
    )
    args = parser.parse_args(argv)
    if args.fandol:
        for _role, info in build_fandol(Path(args.fandol)).items():
            print(
                f"wrote {info['file']} ({info['family']}): {info['bytes']:,} bytes, {info['characters']:,} characters, "
                f"sha256 {info['sha256']}"
            )
        return 0
    if args.fetch or not SOURCE_FILE.exists():
        fetch()
    import fontTools

    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            info = build(target=Path(tmp) / SUBSET_FILE.name)
        committed = sha256(SUBSET_FILE) if SUBSET_FILE.exists() else None
        same = committed == info["sha256"]
        print(
            f"rebuilt {info['sha256']} (fontTools {fontTools.version}); committed {committed}: {'same' if same else 'DIFFERENT'}"
        )
        return 0 if same else 1
    info = build()
    missing = "".join(chr(cp) for cp in info["not_in_source"] if cp > 0x7F and unicodedata.category(chr(cp)) != "Cn")
    print(
        f"wrote {SUBSET_FILE.relative_to(ROOT)}: {info['bytes']:,} bytes, {info['glyphs']:,} glyphs, "
        f"{info['characters']:,} characters (fontTools {fontTools.version})"
    )
    print(f"sha256 {info['sha256']}")
    if missing:
        more = f" … ({len(missing)} in all)" if len(missing) > 40 else ""
        print(f"in the kept ranges but not in the source font (left to other fonts): {missing[:40]}{more}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
