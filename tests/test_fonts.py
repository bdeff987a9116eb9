"""The shipped fonts: present, TrueType, covering the plan's text, and used by matplotlib without warnings.

The point of these tests is the fresh machine: no CJK font in the operating system (this one has
none either), so every Chinese character drawn must come from the files in dayao_data/data/fonts.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

from dayao_data import fonts  # noqa: E402
from dayao_data.progress import STATUS_LABELS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "dayao_data" / "data" / "fonts"

# Typed here, not taken from the code: the words every report prints.
STATUS_WORDS_ZH = ["已实现", "快于预期", "基本符合预期", "滞后", "倒退", "突破约束", "无数据", "无法评估", "示例数据"]
SYMBOLS = [
    "‰",
    "≤",
    "≥",
    "−",
    "±",
    "×",
    "÷",
    "²",
    "³",
    "℃",
    "●",
    "○",
    "■",
    "□",
    "▲",
    "▼",
    "◆",
    "★",
    "✓",
    "，",
    "。",
    "（",
    "）",
    "、",
    "《",
    "》",
    "％",
]


def _build_script():
    spec = importlib.util.spec_from_file_location("build_font", ROOT / "tools" / "build_font.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def subset() -> TTFont:
    return TTFont(str(fonts.font_files()[0]), lazy=True)


@pytest.fixture(scope="module")
def subset_cmap(subset) -> dict[int, str]:
    return subset.getBestCmap()


# --------------------------------------------------------------------------------------
# The files
# --------------------------------------------------------------------------------------


def test_font_files_are_shipped_subset_first():
    files = fonts.font_files()
    assert [f.name for f in files] == ["NotoSansSC-Dayao.ttf", "NotoSansSC-Regular.otf"]
    assert all(f.is_file() for f in files)
    assert (files[0].parent / "OFL.txt").is_file()
    assert (files[0].parent / "README.md").is_file()
    # The subset is far smaller than the full font (the reason it exists: fast PDF subsetting).
    assert files[0].stat().st_size < 4_000_000 < 8_000_000 < files[1].stat().st_size


def test_subset_is_truetype_and_renamed(subset):
    assert subset.sfntVersion == "\x00\x01\x00\x00"
    assert "glyf" in subset and "CFF " not in subset
    name = subset["name"]
    assert name.getDebugName(1) == "Noto Sans SC Dayao"
    assert name.getDebugName(4) == "Noto Sans SC Dayao"
    assert name.getDebugName(6) == "NotoSansSCDayao-Regular"
    copyright_ = name.getDebugName(0)
    assert "Adobe" in copyright_ and "Subset of Noto Sans SC" in copyright_
    assert "SIL Open Font License" in name.getDebugName(13)
    # Not so small that it lost GB2312: ~8,500 glyphs.
    assert 7_500 < subset["maxp"].numGlyphs < 12_000


def test_fallback_is_the_full_noto_sans_sc():
    full = TTFont(str(fonts.font_files()[1]), lazy=True)
    assert full["name"].getDebugName(1) == "Noto Sans SC"
    assert full["name"].getDebugName(5).startswith("Version 2.004")
    assert len(full.getBestCmap()) > 30_000


def test_licence_keeps_copyright_and_ofl_text():
    text = (FONT_DIR / "OFL.txt").read_text("utf-8")
    assert "Copyright © 2014-2021 Adobe" in text
    assert "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007" in text
    assert "Modified Version" in text


def test_readme_records_the_sha256_of_every_shipped_file():
    readme = (FONT_DIR / "README.md").read_text("utf-8")
    for path in list(fonts.font_files()) + [FONT_DIR / "OFL.txt"]:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{path.name}`")), "")
        assert digest in row, f"{path.name}: update its SHA-256 in data/fonts/README.md to {digest}"
        assert f"{path.stat().st_size:,}" in row, f"{path.name}: update its size in data/fonts/README.md"


# --------------------------------------------------------------------------------------
# Coverage
# --------------------------------------------------------------------------------------


def test_subset_covers_status_words_and_symbols(subset_cmap):
    for text in STATUS_WORDS_ZH + SYMBOLS:
        missing = [c for c in text if ord(c) not in subset_cmap]
        assert not missing, f"{text!r}: {missing} not in the subset"
    for code, (zh, _en) in STATUS_LABELS.items():
        assert all(ord(c) in subset_cmap for c in zh), code


def test_subset_covers_all_of_gb2312(subset_cmap):
    gb2312 = _build_script().gb2312()
    assert len(gb2312) == 7445  # 6,763 hanzi + 682 symbols
    assert sum("\u4e00" <= c <= "\u9fff" for c in gb2312) == 6763
    assert not [c for c in gb2312 if ord(c) not in subset_cmap]


def test_subset_covers_every_character_of_the_plan_text(subset_cmap):
    plan_texts = sorted((ROOT / "dayao_data" / "data" / "plans").glob("*.txt"))
    assert plan_texts
    text = "".join(p.read_text("utf-8") for p in plan_texts)
    # Line breaks need no glyph; private-use characters (U+E004 left by PDF extraction) have no shape.
    needed = {c for c in text if c not in "\n\r\t" and not "\ue000" <= c <= "\uf8ff"}
    missing = sorted(c for c in needed if ord(c) not in subset_cmap)
    assert not missing, f"rebuild the font (tools/build_font.py): {''.join(missing)} not in the subset"


def test_subset_covers_the_package_yaml_and_label_files(subset_cmap):
    build = _build_script()
    files = build.text_files()
    assert any(f.suffix == ".yaml" for f in files)
    missing = sorted(c for c in build.text_characters() if ord(c) not in subset_cmap)
    assert not missing, f"rebuild the font (tools/build_font.py): {''.join(missing)} not in the subset"


def test_missing_glyphs_uses_the_full_font_for_rare_characters(subset_cmap):
    # 堃 and 喆 are not in GB2312, hence not in the subset, but the full font has them.
    assert ord("堃") not in subset_cmap and ord("喆") not in subset_cmap
    assert fonts.missing_glyphs("大姚县 堃喆 ≤4.2‰\n") == set()
    assert fonts.missing_glyphs("A\ue004B") == {"\ue004"}
    assert fonts.missing_glyphs("") == set()


# --------------------------------------------------------------------------------------
# CSS for WeasyPrint
# --------------------------------------------------------------------------------------


def test_css_font_face_points_at_the_shipped_files():
    css = fonts.css_font_face()
    families = re.findall(r'font-family:\s*"([^"]+)"', css)
    assert families == ["Noto Sans SC Dayao", "Noto Sans SC"]
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert [u.rsplit("/", 1)[-1] for u in urls] == ["NotoSansSC-Dayao.ttf", "NotoSansSC-Regular.otf"]
    assert all(u.startswith("file://") for u in urls)
    from urllib.parse import unquote, urlparse

    assert all(Path(unquote(urlparse(u).path)).is_file() for u in urls)
    assert fonts.FONT_FAMILY_CSS.startswith('"Noto Sans SC Dayao", "Noto Sans SC"')


@pytest.mark.slow
def test_weasyprint_embeds_the_subset_and_falls_back_for_rare_characters():
    weasyprint = pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    import io

    html = (
        f"<style>{fonts.css_font_face()} body {{ font-family: {fonts.FONT_FAMILY_CSS}; }}</style>"
        "<p>大姚县 基本符合预期 ≤4.2‰</p><p>堃</p>"
    )
    pdf = pypdf.PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf()))
    page = pdf.pages[0]
    # WeasyPrint names embedded fonts after the CSS family: "ABCDEF+Noto-Sans-SC-Dayao".
    names = {
        re.sub(r"[^A-Za-z]", "", str(f.get_object()["/BaseFont"]).split("+")[-1])
        for f in page["/Resources"]["/Font"].values()
    }
    assert "NotoSansSCDayao" in names
    assert "NotoSansSC" in names  # 堃, from the fallback
    text = page.extract_text()
    assert "基本符合预期" in text and "堃" in text


# --------------------------------------------------------------------------------------
# matplotlib
# --------------------------------------------------------------------------------------


def test_use_cjk_fonts_is_idempotent_and_sets_rcparams():
    from matplotlib import font_manager

    first = fonts.use_cjk_fonts()
    second = fonts.use_cjk_fonts()
    assert first == second == ["Noto Sans SC Dayao", "Noto Sans SC", "DejaVu Sans"]
    for path in fonts.font_files():
        assert sum(f.fname == str(path) for f in font_manager.fontManager.ttflist) == 1
    rc = matplotlib.rcParams
    assert rc["font.family"] == first
    assert rc["font.sans-serif"][:3] == first
    assert rc["pdf.fonttype"] == 42 and rc["svg.fonttype"] == "path"
    assert rc["axes.unicode_minus"] is True
    assert font_manager.findfont(font_manager.FontProperties(family=first)).endswith("NotoSansSC-Dayao.ttf")


def _draw_chinese_figure(tmp_path: Path) -> None:
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.set_title("11b 每万人口注册护士数(示例数据)")
    ax.set_xlabel("年份")
    ax.set_ylabel("人 / 万人口 · ‰ · ≤4.2 · ≥95%")
    for i, (zh, _en) in enumerate(STATUS_LABELS.values()):
        ax.plot([2020, 2025], [i, -i], label=zh)
    ax.text(2021, 1, "上限 ≤4.2%  < 5‰  −1.5 ± 0.2 ℃ ● ■ ▲ ◆ ★ ✓ 堃喆")
    ax.legend(title="状态", ncols=2, fontsize="small")
    fig.savefig(tmp_path / "chinese.png", dpi=80)
    fig.savefig(tmp_path / "chinese.pdf")
    fig.savefig(tmp_path / "chinese.svg")
    plt.close(fig)


def test_chinese_figure_draws_without_missing_glyph_warnings(tmp_path, caplog):
    fonts.use_cjk_fonts()
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" is a UserWarning: now an error
        _draw_chinese_figure(tmp_path)
    assert not [r for r in caplog.records if "findfont" in r.getMessage() or "missing" in r.getMessage()]
    pdf = (tmp_path / "chinese.pdf").read_bytes()
    assert b"NotoSansSCDayao-Regular" in pdf  # Type 42: the subset itself is embedded


def test_fresh_process_with_empty_matplotlib_cache_renders_chinese(tmp_path):
    """A fresh machine: no font cache, no CJK system font — only what the package carries."""
    script = textwrap.dedent(
        """
        import logging, sys, warnings
        warnings.simplefilter("error")
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
        from dayao_data.fonts import use_cjk_fonts
        use_cjk_fonts()
        path = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]))
        print("FONT", path)
        fig, ax = plt.subplots()
        ax.set_title("大姚县“十四五”基本公共服务 已实现 突破约束 ≤4.2‰ −1")
        ax.plot([1, 2], [3, -4], label="每万人口执业医生数")
        ax.legend()
        fig.savefig(sys.argv[1], dpi=60)
        fig.savefig(sys.argv[2])
        print("OK")
        """
    )
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path / "mplconfig"))
    (tmp_path / "mplconfig").mkdir()
    env.pop("MPLBACKEND", None)
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "fresh.png"), str(tmp_path / "fresh.pdf")],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "OK" in proc.stdout
    assert proc.stdout.split("FONT ", 1)[1].split()[0].endswith("NotoSansSC-Dayao.ttf")
    stderr = [line for line in proc.stderr.splitlines() if "Matplotlib is building the font cache" not in line]
    assert not [line for line in stderr if "WARNING" in line or "missing" in line], proc.stderr
    assert b"NotoSansSCDayao-Regular" in (tmp_path / "fresh.pdf").read_bytes()
