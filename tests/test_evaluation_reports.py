"""The mid-term and final evaluation reports as the county's own documents (issue 10).

Built from the shipped example data with ``dayao report --midterm`` / ``--final`` and read back
from the PDFs (pypdf): the outline of official-documents.md in order, no software talk, identifier
or file path in the body, no paragraph printed twice, the same counts in both reports, and the
sentences of the problems and recommendations each saying something of their own.  The counts
shared by both evaluations are also checked on the computed tables, against figures read off the
example data by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dayao_data.evaluation import COMPLETION_METRICS, final, midterm
from dayao_data.plan import load_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_2025 = ROOT / "dayao_data" / "data" / "examples" / "actuals-illustrative-2025.csv"

#: official-documents.md, "Structure": the headings each report must carry, in this order.
OUTLINE = {
    "midterm": [
        "一、总体进展",
        "二、主要指标完成情况（时间过半、任务过半）",
        "三、重点任务和重大工程推进情况",
        "四、存在的问题和原因",
        "五、下一步工作建议",
        "附件",
        "数据来源与计算说明",
    ],
    "final": [
        "一、总体评价",
        "二、主要指标完成情况",
        "三、重点任务和重大工程完成情况",
        "四、存在的问题和原因",
        "五、主要经验",
        "六、对“十五五”规划编制的建议",
        "附件",
        "数据来源与计算说明",
    ],
}
#: Words about the software, its files and checks, which belong to the last annex only.
SOFTWARE_WORDS = [
    "本套件",
    "不是手写的",
    "不是套话",
    "计算表格",
    "规划文件",
    "软件",
    "校验码",
    "SHA",
    "unit_inferred",
    "assigned_target",
    "aliases",
    "manifest",
    "notebook",
    "YAML",
]
STATUS_CODES = ["achieved", "on_track", "lagging", "regressing", "breached", "no_data", "not_assessable"]
IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # physicians_per_1000, unit_inferred …
FILE_PATH = re.compile(r"[\w./-]+\.(?:ya?ml|csv|xlsx|py|ipynb|json)\b|/\w+/")
HALF_WIDTH_BESIDE_CJK = re.compile(r"[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]")
FOOTER = re.compile(r"第\s*\d+\s*页\s*/\s*共\s*\d+\s*页")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Both reports built once: {kind: [page texts]}."""
    from pypdf import PdfReader

    from dayao_data.cli import main

    out = tmp_path_factory.mktemp("evaluations")
    pages = {}
    for kind in ("midterm", "final"):
        assert main(["report", f"--{kind}", "--output", str(out), "--allow-outside", "--quiet"]) == 0
        pages[kind] = [p.extract_text() or "" for p in PdfReader(str(out / kind / "report.pdf")).pages]
    return pages


def _flat(text: str) -> str:
    """Text without the line breaks and spaces that PDF extraction puts inside Chinese lines."""
    return re.sub(r"\s+", "", text)


def _body(pages: list[str]) -> str:
    """The chapters before the annex: from the page of 一、 (after the cover and contents) to the
    page where 附件 opens (the contents page lists every heading, so it is skipped)."""
    start = next(i for i, p in enumerate(pages) if i > 1 and _flat(p).find("一、") != -1)
    end = next(i for i in range(len(pages) - 1, start, -1) if _flat(pages[i]).find("附件") != -1)
    return "\n".join(FOOTER.sub("", p) for p in pages[start:end])


def _running_lines(pages: list[str]) -> set[str]:
    """Lines on most pages (the running header), which are not paragraphs of the text."""
    from collections import Counter

    counts = Counter(line.strip() for p in pages for line in set(p.splitlines()) if line.strip())
    return {line for line, n in counts.items() if n >= len(pages) // 2}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_the_outline_in_order(built, kind):
    text = _flat("\n".join(built[kind][2:]))  # after the cover and contents
    positions = [text.find(_flat(h)) for h in OUTLINE[kind]]
    assert all(p >= 0 for p in positions), dict(zip(OUTLINE[kind], positions))
    assert positions == sorted(positions), dict(zip(OUTLINE[kind], positions))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_the_body_speaks_about_the_plan_not_the_software(built, kind):
    # The illustrative-data banner (shared with the yearly report, absent on real data) is left out.
    body = re.sub(r"本报告使用的是示例数据[^。]*。", "", _body(built[kind]))
    flat = _flat(body)
    for word in SOFTWARE_WORDS:
        assert word not in flat, word
    words = set(re.findall(r"[A-Za-z_]+", body))
    assert not words & set(STATUS_CODES), words & set(STATUS_CODES)
    assert not IDENTIFIER.findall(body), IDENTIFIER.findall(body)[:5]
    assert not FILE_PATH.findall(body), FILE_PATH.findall(body)[:5]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_no_paragraph_printed_twice(built, kind):
    """No sentence of 30 or more characters appears twice (the illustrative-data banner, printed
    at the head of each chapter by the shared report style, is the one allowed repeat)."""
    pages = built[kind][2:]
    skip = _running_lines(built[kind])
    text = "".join(line for p in pages for line in FOOTER.sub("", p).splitlines() if line.strip() not in skip)
    seen: dict[str, int] = {}
    for sentence in re.split(r"[。！？]", _flat(text)):
        if len(sentence) >= 30 and not sentence.startswith("本报告使用的是示例数据"):
            seen[sentence] = seen.get(sentence, 0) + 1
    assert [s for s, n in seen.items() if n > 1] == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_full_width_punctuation_beside_chinese(built, kind):
    text = "\n".join(built[kind])
    assert HALF_WIDTH_BESIDE_CJK.findall(text) == []


@pytest.mark.slow
def test_the_counts_the_two_reports_share_agree_in_the_pdfs(built):
    """The mid-term report's own counts are the final report's mid-term column, and the final's
    chapter 一 agrees with its comparison table."""
    mid, fin = _flat("\n".join(built["midterm"])), _flat("\n".join(built["final"]))
    fin_lines = "\n".join(built["final"])
    # Mid-term 一、总体进展: "21个指标中：已实现4个、达标但期间曾突破约束1个、…"
    m = re.search(r"个指标中[:：]已实现(\d+)个、达标但期间曾突破约束(\d+)个", mid)
    assert m, "mid-term counts sentence"
    # Final comparison table: "已实现(个) <mid> <final>" and the same for the breached class.
    done = re.search(r"^\s*已实现[(（]个[)）]\s+(\d+)\s+(\d+)", fin_lines, re.M)
    breached = re.search(r"^\s*达标但期间曾突破约束[(（]个[)）]\s+(\d+)\s+(\d+)", fin_lines, re.M)
    assert done and breached
    assert (done.group(1), breached.group(1)) == m.groups()
    # Final 一、总体评价: "21个指标中：已实现12个、达标但期间曾突破约束2个"
    f = re.search(r"个指标中[:：]已实现(\d+)个、达标但期间曾突破约束(\d+)个", fin)
    assert f and (done.group(2), breached.group(2)) == f.groups()
    # 城镇登记失业率 is listed under the same mid-term class in both reports.
    assert "达标但期间曾突破约束(1个):城镇登记失业率" in mid.replace("（", "(").replace("）", ")").replace("：", ":")
    assert re.search(r"城镇登记失业率达标但期间曾突破约束[(（]2023[)）]", fin)


# --------------------------------------------------------------------------------------
# The same on the computed tables (fast)
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def both():
    plan = load_plan()
    from dayao_data.actuals import example_actuals_path

    example = str(example_actuals_path())
    return plan, midterm(plan, [example], 2023), final(plan, [example, str(EXAMPLE_2025)])


def test_every_shared_count_and_every_midterm_status_agree(both):
    plan, mid, fin = both
    summary = fin.summary_comparison.set_index("metric")
    for metric in COMPLETION_METRICS:
        assert mid.metric(metric) == fin.midterm.metric(metric) == summary.loc[metric, "midterm"], metric
        assert fin.metric(metric) == summary.loc[metric, "final"], metric
    shown = dict(zip(fin.comparison["indicator_id"], fin.comparison["mid_group"]))
    assert shown == dict(zip(mid.series["indicator_id"], mid.series["group"]))


def test_completion_counts_by_hand(both):
    """Read off the example data: in 2023 the unemployment rate (bound ≤4.2%) is 3.9% after 4.3% in
    2022, the only ceiling back within its bound after a breach; the infant mortality rate (bound
    <5‰) is 5‰ in 2023, over it.  In 2025 both ceilings are within (3.7%, 4.6‰) after breaches."""
    plan, mid, fin = both
    group = dict(zip(mid.series["indicator_id"], mid.series["group"]))
    assert group["urban_registered_unemployment_rate"] == "achieved_after_breach"
    assert group["infant_child_mortality_rate"] == "breached"
    assert mid.metric("n_completed_breached") == 1
    verdict = dict(zip(fin.series["indicator_id"], fin.series["completion"]))
    assert (
        verdict["urban_registered_unemployment_rate"] == verdict["infant_child_mortality_rate"] == "completed_breached"
    )
    assert fin.metric("n_completed_breached") == 2
    # The final's one binding completion count: 7 binding, of which the two ceilings above are
    # within the bound after a breach, 九年义务教育巩固率 (99.3 < 99.5) and 农村保障性安居工程改造
    # (600 < 650) short: 3 completed.
    assert fin.metric("n_binding_completed") == 3 and fin.metric("n_binding_completed_breached") == 2
    change = dict(zip(fin.comparison["indicator_id"], fin.comparison["change"]))
    assert change["urban_registered_unemployment_rate"] == "breached_in_period"


def _segments(texts) -> list[list[str]]:
    """Each item's clauses (split at 。；), of 20 or more characters."""
    return [[c for c in re.split(r"[。；;]", t) if len(c) >= 20] for t in texts]


def _repeats(texts) -> list[str]:
    seen: dict[str, int] = {}
    for clauses in _segments(texts):
        for c in set(clauses):
            seen[c] = seen.get(c, 0) + 1
    return [c for c, n in seen.items() if n > 1]


def test_no_clause_repeats_across_problems_and_recommendations(both):
    from dayao_data.evaluation import narrative as nv

    plan, mid, fin = both
    for texts in (
        [s.text for s in nv.midterm_problems(mid)],
        [s.text for s in nv.midterm_recommendations(mid)],
        [s.text for s in nv.final_problems(fin)],
        [s.text for s in nv.final_next_plan(fin)],
    ):
        assert _repeats(texts) == []
    assert _repeats(
        ["甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。一", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。二"]
    )  # the check can fail


def test_recommendations_cite_the_plans_own_project(both):
    """A shortfall's recommendation quotes the plan's key project of its field, in the plan's words."""
    from dayao_data.evaluation import narrative as nv

    plan, mid, fin = both
    texts = {r.indicator_id: s.text for r, s in zip(mid.recommendations.itertuples(), nv.midterm_recommendations(mid))}
    nurses = texts["nurses_per_10000"]
    assert "规划第三章第五节部署了" in nurses
    quoted = re.search(r"提出“(.+?)”；", nurses).group(1)
    plan_text = (ROOT / "dayao_data" / "data" / "plans").glob("*.txt")
    source = "".join(p.read_text("utf-8") for p in plan_text)
    assert quoted.replace("，", ",") in source or quoted in source
    assert "须新增政策、项目或投入" not in "".join(texts.values())


def test_final_pace_figures_by_hand(both):
    """九年义务教育巩固率: baseline 98.9 (2020), target 99.5 (2025), 99.3 in 2025 in the example data:
    needed (99.5 − 98.9)/5 = 0.12 a year, kept (99.3 − 98.9)/5 = 0.08, i.e. two thirds."""
    plan, mid, fin = both
    p = fin.problems.set_index("indicator_id").loc["compulsory_education_retention_rate"]
    assert p["needed_change"] == pytest.approx(0.12) and p["mean_change"] == pytest.approx(0.08)
    assert p["pace_ratio"] == pytest.approx(2 / 3)
    nxt = fin.next_plan.set_index("indicator_id")
    assert nxt.loc["compulsory_education_retention_rate", "code"] == "adjust"
    assert nxt.loc["compulsory_education_retention_rate", "projected"] == pytest.approx(99.3 + 0.08 * 5)
    assert nxt.loc["pension_insurance_coverage", "reason"] == "saturated"  # 100% held: nothing left to grow
    assert nxt.loc["urban_affordable_housing", "code"] == "drop"  # qualitative: no figure of its own


def test_the_plans_other_figure_beside_the_verdict(both):
    """The binding 九年义务教育巩固率: table target 99.5, the text's 99 (规划第三章).  The example data
    give 99.02 in 2023 and 99.3 in 2025: below 99.5, at or above 99 — 滞后/未实现 against the
    table, 已实现 against the text.  Both evaluations say so beside the verdict and once as a finding."""
    from dayao_data.evaluation import narrative as nv

    plan, mid, fin = both
    for ev in (mid, fin):
        alt = ev.alternatives.set_index("indicator_id")
        row = alt.loc["compulsory_education_retention_rate"]
        assert row["value_used"] == 99.5 and row["value_alternative"] == 99.0
        assert row["status_alternative"] == "achieved"
        assert row["status_used"] == "lagging"
    mid_text = "".join(s.text for s in nv.midterm_overall(mid))
    assert "九年义务教育巩固率(滞后；按规划正文目标99%为已实现" in mid_text
    assert (
        "规划表中九年义务教育巩固率2025年目标为99.5%，正文为99%；本报告按表中99.5%评估为滞后，按99%评估为已实现。"
        in mid_text
    )
    fin_text = "".join(s.text for s in nv.final_conclusion(fin))
    assert "九年义务教育巩固率(未实现；按规划正文目标99%为已实现" in fin_text
    assert fin_text.count("规划表中九年义务教育巩固率") == 1  # written once


def test_completion_rate_and_every_binding_indicator_one_by_one(both):
    """指标完成率 = completed / assessed.  In 2025 the example data leave one series without a
    target-year value (劳动年龄人口平均受教育年限, latest 2023): 21 − 1 = 20 can be judged; the
    completed ones are the 12 of chapter 一 (14 within target, less the two ceilings breached
    earlier) — 12/20 = 60 %.  Each of the 7 binding indicators gets its own line."""
    from dayao_data.evaluation import narrative as nv

    plan, mid, fin = both
    assert fin.metric("n_assessed") == 20 and fin.metric("n_completed") == 12
    assert fin.metric("completion_rate") == pytest.approx(0.6)
    lines = [s.text for s in nv.final_binding(fin)]
    assert len(lines) == sum(i.attribute == "binding" for i in plan.indicators) == 7
    assert sum("：完成，" in t for t in lines) == 3 and sum("：未完成，" in t for t in lines) == 4
    assert (
        "城镇登记失业率（大姚县人力资源和社会保障局）：未完成，2025年为3.7%，在上限4.2%以内，但2022年超出上限。"
        in lines
    )
    assert any(t.startswith("孕产妇死亡率") and "上限15/10万" in t for t in lines)
