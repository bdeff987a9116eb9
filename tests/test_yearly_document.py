"""The yearly report read as the county's document: outline, length, register and typography.

Built once from the shipped plan and example data (2024) with the real notebooks, then read back
from the PDF's text as a reader would (../shared/spec/official-documents.md).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from report_helpers import pdf_pages_text

ROOT = Path(__file__).resolve().parent.parent
CJK = r"\u4e00-\u9fff"
HALF_WIDTH_BESIDE_CHINESE = re.compile(rf"[{CJK}][,;:()?!]|[,;:()?!][{CJK}]")
#: identifiers and paths a county reader must never meet in the body
SOFTWARE_WORDS = re.compile(
    r"本套件|不是手写|不是套话|[a-z]+_[a-z_]+|unit_inferred|assigned_target|SHA-?256|\.ya?ml\b|\.csv\b|\.ipynb|/[a-z]+/"
)
OUTLINE = ["一、总体情况", "二、主要指标完成情况", "三、存在的问题", "四、下一步工作建议", "附件1"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from dayao_data.params import load_params
    from dayao_data.run.kernel import KernelSession
    from dayao_data.run.run import run_report

    session = KernelSession(tmp_path_factory.mktemp("kernel")).start()
    try:
        params = load_params(ROOT / "params" / "2024.yaml")
        params = params.replace(output_folder=str(tmp_path_factory.mktemp("out") / "2024"), previous_report="")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = run_report(params, project_root=ROOT, progress=False, session=session, allow_outside=True)
    finally:
        session.shutdown()
    return pdf_pages_text(result.output_dir / "report.pdf")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _body(pages: list[str]) -> list[str]:
    """The pages from 一、总体情况 to the page before 附件1 (the contents page excluded)."""
    start = next(i for i, p in enumerate(pages) if "一、总体情况" in p and "目录" not in p)
    end = next(i for i, p in enumerate(pages) if i > start and re.search(r"附件1\s*主要发展指标完成情况表", p))
    return pages[start:end]


@pytest.mark.slow
def test_outline_in_order(pages):
    text = _squeeze("\n".join(pages[2:]))
    positions = [text.find(h) for h in OUTLINE]
    assert all(p >= 0 for p in positions), dict(zip(OUTLINE, positions))
    assert positions == sorted(positions)


@pytest.mark.slow
def test_body_is_at_most_fifteen_pages(pages):
    assert 3 <= len(_body(pages)) <= 15


@pytest.mark.slow
def test_no_half_width_punctuation_beside_chinese(pages):
    # line by line, spaces removed (a line of a table holds several cells side by side)
    found = [
        m
        for page in pages
        for line in page.splitlines()
        for m in HALF_WIDTH_BESIDE_CHINESE.findall(line.replace(" ", ""))
    ]
    assert found == []


@pytest.mark.slow
def test_no_software_words_or_paths_in_the_body(pages):
    body = "\n".join(_body(pages))
    assert SOFTWARE_WORDS.findall(body) == []


@pytest.mark.slow
def test_no_paragraph_of_thirty_characters_repeats(pages):
    text = "\n".join(pages)
    # the illustrative-data warning opens each chapter on purpose (every page must say so)
    sentences = [s for s in re.split(r"[。！？]", _squeeze(text)) if len(s) >= 30 and "示例数据" not in s[:12]]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert repeated == set()


@pytest.mark.slow
def test_one_page_overview_names_binding_alarms_and_coverage(pages):
    overview = next(p for p in pages if "一、总体情况" in p and "目录" not in p)
    flat = _squeeze(overview)
    assert "约束性指标中" in flat
    assert "按规划另一表述99%评估为已实现" in flat  # the binding 九年义务教育巩固率, table 99.5 vs text 99
    assert "已有2024年数据" in flat
