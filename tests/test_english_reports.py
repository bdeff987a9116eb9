"""The English reports (``--language en``): the yearly report, the mid-term and the final, read
back from their PDFs (issue 10, point 8).

English text carries no Chinese outside the plan's own words quoted “…” and the bilingual
illustrative-data mark (示例数据); headings (the PDF outline) none at all; units are English
(percentage points as "pp", years, "× 10,000 persons"), never 个百分点 or a Chinese unit; the plan's
chapters are named in English; the English files are written beside the Chinese ones.
"""

from __future__ import annotations

import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]+")
QUOTED = re.compile(r"“[^”]*”")
FOOTER = re.compile(r"Page\d+of\d+")
KINDS = {
    "yearly": ("2024-en", ["report", "--year", "2024"]),
    "midterm": ("midterm-en", ["report", "--midterm"]),
    "final": ("final-en", ["report", "--final"]),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The three English reports built once: {kind: (folder, reader)}."""
    from pypdf import PdfReader

    from dayao_data.cli import main

    out = tmp_path_factory.mktemp("english")
    readers = {}
    for kind, (folder, args) in KINDS.items():
        assert main(args + ["--language", "en", "--output", str(out), "--allow-outside", "--quiet"]) == 0
        readers[kind] = (out / folder, PdfReader(str(out / folder / "report.pdf")))
    return out, readers


def _flat(reader) -> str:
    return re.sub(r"\s+", "", "\n".join(p.extract_text() or "" for p in reader.pages[2:]))


def _outline(reader) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def _body(kind: str, flat: str) -> str:
    """The chapters (the yearly report: up to its first annex, whose tables cite the plan's Chinese
    headings as sources), without the plan's quoted words and the illustrative-data mark."""
    if kind == "yearly":
        flat = flat[flat.rfind("1.Overview") : flat.rfind("Annex1")]
    return QUOTED.sub("", flat).replace("示例数据", "")


@pytest.mark.slow
def test_the_english_files_sit_beside_the_chinese_ones(built):
    out, readers = built
    for _kind, (folder, _) in readers.items():
        assert folder.parent == out and folder.name.endswith("-en"), folder
        assert (folder / "report.pdf").stat().st_size > 0


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_english_headings_carry_no_chinese(built, kind):
    titles = _outline(built[1][kind][1])
    assert len(titles) >= 8, titles
    assert [t for t in titles if CJK.search(t)] == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_english_text_has_chinese_only_in_quotations(built, kind):
    body = _body(kind, _flat(built[1][kind][1]))
    leftovers = [body[max(0, m.start() - 30) : m.end() + 10] for m in CJK.finditer(body)]
    assert leftovers == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_english_units(built, kind):
    flat = _flat(built[1][kind][1])
    body = _body(kind, flat)
    # Percentage-point changes (every report shows the gaps of % series) and years (劳动年龄人口平均受教育年限).
    assert re.search(r"\d+(\.\d+)?pp", flat), "no percentage points"
    assert re.search(r"\d+(\.\d+)?years", flat), "no years"
    for chinese_unit in ("个百分点", "个千分点", "万人", "万元", "（推定）"):
        assert chinese_unit not in body, chinese_unit


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_english_evaluations_name_the_plans_chapters_in_english(built, kind):
    flat = _flat(built[1][kind][1])
    assert re.search(r"chapter3,section\d", flat)
    assert not re.search(r"\(第.章", flat)
