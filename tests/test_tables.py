"""Report tables, the notebooks' show calls and the run context (dayao_data.yearly: tables, show, context; dayao_data.report.tables).

Expected values are worked out by hand from the plan's printed numbers and the example data
(dayao_data/data/examples/actuals-illustrative.csv), whose design gives each status on purpose;
the arithmetic is written next to each number.
"""

from __future__ import annotations

import ast
import html
import re
import string
from pathlib import Path

import pandas as pd
import pytest
from report_helpers import ROOT, leaked_paths

from dayao_data import i18n
from dayao_data.display import format_number, format_rate, format_share, format_value, format_years
from dayao_data.progress import STATUS_LABELS
from dayao_data.report import tables as R
from dayao_data.yearly import show
from dayao_data.yearly import tables as T
from dayao_data.yearly.context import setup

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parent.parent / "dayao_data" / "data" / "examples" / "actuals-illustrative.csv"


@pytest.fixture(scope="module")
def ctx():
    return setup(2024)


@pytest.fixture(scope="module")
def ctx_en():
    return setup(2024, language="en")


@pytest.fixture
def real_data(tmp_path):
    """The example figures re-labelled as if a bureau had reported them (not illustrative)."""
    frame = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    frame["source"] = "县统计局年报"
    frame["note"] = ""
    path = tmp_path / "actuals-2024.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def captured(monkeypatch):
    """What the show functions display, as a list of MIME bundles."""
    import IPython.display

    shown: list[dict] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False, **kw: shown.append(obj))
    return shown


def _row(frame: pd.DataFrame, column: str, value) -> pd.Series:
    return frame[frame[column] == value].iloc[0]


# --------------------------------------------------------------------------------------
# The one-page table: the assess table's numbers, units in every cell
# --------------------------------------------------------------------------------------


def test_overview_by_hand_for_preschool_enrolment(ctx):
    row = _row(T.overview(ctx).frame, "指标", "学前三年毛入园率")
    assert row["2020年基期"] == "85.76%"  # table row 1, 2020 column
    assert row["2025年目标"] == "90%"  # printed 90.00
    assert row["数据年份"] == "2024"
    assert row["现值"] == "89.8%"
    assert row["差距"] == "0.2个百分点"  # 90 − 89.8, in percentage points
    assert row["完成进度"] == "95.3%"  # (89.8 − 85.76) / (90 − 85.76) = 4.04 / 4.24 = 0.9528
    assert row["时间进度"] == "80.0%"  # (2024 − 2020) / 5
    assert row["领先/落后"] == "领先0.8年"  # (0.9528 − 0.8) × 5 = 0.764
    assert row["每年还需"] == "0.2个百分点"  # 0.2 / (2025 − 2024)
    assert row["每年还需增速"] == "0.22%/年"  # 90 / 89.8 − 1 = 0.00223
    assert row["状态"] == "快于预期"  # q = 0.9528 / 0.8 = 1.19 ≥ 1.1


def _without_figure_spans(html_text: str) -> str:
    """The table HTML without the no-break spans that keep a figure and its unit together."""
    return re.sub(r'<span class="dd-nb">(.*?)</span>', r"\1", html_text)


def test_overview_numbers_are_the_assess_tables(ctx):
    frame = T.overview(ctx).frame
    table = ctx.table
    assert len(frame) == len(table) == len(ctx.plan.indicators)
    for (_, cells), (_, r), ind in zip(frame.iterrows(), table.iterrows(), ctx.plan.indicators):
        assert cells["指标"] == ind.name_zh == r["name_zh"]

        def shown(v, fmt=lambda x: format_value(x, ind.unit)):
            return "—" if pd.isna(v) else fmt(v)

        if ind.kind == "qualitative" and not pd.isna(r["target"]):
            # the year's quota stands beside the value, with its year; the target is the plan's words
            assert cells["现值"] == shown(r["value"]) + f"（{int(r['data_year'])}年下达{shown(r['target'])}）"
            assert cells["2025年目标"] == "完成省州下达目标"
        else:
            assert cells["现值"] == shown(r["value"])
        assert cells["2020年基期"] == shown(r["baseline"])
        if ind.kind in ("level", "maintain"):
            assert cells["2025年目标"] == shown(r["target"])
        elif ind.kind == "ceiling":
            assert cells["2025年目标"] in ("<" + shown(r["target"]), "≤" + shown(r["target"]))
        elif ind.kind == "cumulative":
            assert cells["2025年目标"] == shown(r["target"]) + "(五年累计)"
        points = {"%": "个百分点", "‰": "个千分点"}.get(ind.unit)
        for column, key in (("差距", "gap"), ("每年还需", "required_annual_increment")):
            expected = shown(
                r[key], (lambda x: format_number(x) + points) if points else (lambda x: format_value(x, ind.unit))
            )
            assert cells[column] == expected, (ind.id, column)
        assert cells["完成进度"] == shown(r["progress_share"], format_share)
        assert cells["时间进度"] == shown(r["time_share"], format_share)
        assert cells["领先/落后"] == shown(r["years_ahead"], format_years)
        assert cells["每年还需增速"] == shown(r["required_annual_rate"], format_rate)
        assert cells["数据年份"] == ("—" if pd.isna(r["data_year"]) else str(int(r["data_year"])))
        assert cells["状态"] == STATUS_LABELS[r["status"]][0]


def test_units_are_explicit(ctx):
    frame = T.overview(ctx).frame.set_index("行")
    assert frame.loc["13", "现值"] == "5.2‰"
    assert frame.loc["13", "2025年目标"] == "<5‰"  # printed "<5", strict
    assert frame.loc["13", "差距"] == "-0.2个千分点"  # 5 − 5.2: over the bound
    assert frame.loc["6", "2025年目标"] == "≤4.2%"  # printed "[≤4.2]"
    assert frame.loc["5", "现值"] == "1.06万人"  # 0.28 + 0.26 + 0.27 + 0.25
    assert frame.loc["5", "2025年目标"] == "1.58万人(五年累计)"
    assert frame.loc["12", "现值"] == "0/10万"
    # the plan's target is its words; the 2024 quota of the example data is that year's figure
    assert frame.loc["16", "2025年目标"] == "完成省州下达目标"
    assert frame.loc["16", "现值"] == "90套（2024年下达110套）"
    assert frame.loc["16", "单位"] == "套（推定）"  # the plan prints no unit for row 16
    assert frame.loc["1", "单位"] == "%"
    assert frame.loc["17", "2025年目标"] == "完成省州下达目标"


def test_binding_rows_are_marked(ctx):
    table = T.overview(ctx)
    binding_ids = [i.id for i in ctx.plan.indicators if i.attribute == "binding"]
    marked = [i.id for i, b in zip((i for i in ctx.plan.indicators), table.binding) if b]
    assert marked == binding_ids
    html_text = _without_figure_spans(table.to_html())
    assert html_text.count('<tr class="dd-binding">') == len(binding_ids) == 7
    assert html_text.startswith('<table class="dd-table dd-compact"><thead>')
    assert '<td colspan="3"><span class="dd-status dd-status-breached">突破约束</span></td>' in html_text
    assert '<td class="num">89.8%</td>' in html_text
    assert '<th colspan="3">指标</th>' in html_text  # the name column gets three grid columns


def test_domain_tables_partition_the_overview(ctx):
    overview = T.overview(ctx).frame
    parts = [T.domain_table(ctx, d).frame for d in ctx.plan.domain_order()]
    assert sum(len(p) for p in parts) == len(overview)
    assert "领域" not in parts[0].columns
    health = T.domain_table(ctx, "health").frame
    assert list(health["行"]) == ["9", "10", "11a", "11b", "12", "13"]


# --------------------------------------------------------------------------------------
# Binding alarms
# --------------------------------------------------------------------------------------


def test_alarm_list_names_exactly_the_binding_series_not_satisfactory(ctx):
    table = T.alarms(ctx)
    # By design of the example data at 2024, worst first:
    expected = [
        ("infant_child_mortality_rate", "breached"),  # 5.2 ‰ against "<5"
        ("pension_insurance_coverage", "regressing"),  # 99.8 % against 100 to maintain
        ("compulsory_education_retention_rate", "lagging"),  # P = 0.15/0.6 = 0.25 against τ = 0.8
        ("urban_affordable_housing", "lagging"),  # 90 units against a quota of 110
        ("rural_housing_renovation", "not_assessable"),  # no quota reported
    ]
    names = [ctx.plan.indicator(i).label("zh") for i, _ in expected]
    assert list(table.frame["指标"]) == names
    assert table.status_codes["状态"] == [s for _, s in expected]
    assert list(table.frame["责任部门"]) == [
        "大姚县卫生健康局",
        "大姚县人力资源和社会保障局",
        "大姚县教育体育局",
        "大姚县住房和城乡建设局",
        "大姚县住房和城乡建设局",
    ]
    needed = dict(zip([i for i, _ in expected], table.frame["还需做什么"]))
    assert "每年都须低于5‰" in needed["infant_child_mortality_rate"]
    assert (
        needed["compulsory_education_retention_rate"]
        == "每年还需提高0.45个百分点(年均增速0.45%/年),2025年才能达到99.5%"
    )  # (99.5 − 99.05) / 1
    assert "还差20套" in needed["urban_affordable_housing"]  # 110 − 90
    # what is missing, in the planner's words (issue 10: no field keys in a report)
    assert needed["rural_housing_renovation"] == "填报每年省州下达的任务数，才能判断是否完成"
    values = dict(zip([i for i, _ in expected], table.frame["现值与目标"]))
    assert values["infant_child_mortality_rate"] == "5.2‰(2024年);目标:<5‰"


def test_no_alarm_sentence_when_every_binding_series_is_fine(ctx, captured):
    fine = ctx.table.copy()
    fine.loc[fine["attribute"] == "binding", "status"] = "achieved"
    from dataclasses import replace

    from dayao_data.summary import summarize

    good = replace(ctx, summary=summarize(fine, ctx.plan))
    assert T.alarms(good).empty
    show.alarms(good)
    assert "没有需要报警的约束性指标" in captured[-1]["text/plain"]


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------


def test_html_escapes_every_text():
    table = R.ReportTable(
        frame=pd.DataFrame({"名称": ['<script>alert("x")</script> & co'], "值": ["<5‰"]}), numeric=("值",)
    )
    out = table.to_html()
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in out
    # a figure and its unit are kept on one line
    assert '<td class="num"><span class="dd-nb">&lt;5‰</span></td>' in out
    assert R.heading(2, "A<B") == "<h2>A&lt;B</h2>"
    assert R.callout("x & y") == '<div class="dd-callout">x &amp; y</div>'
    assert R.figure_html(b"\x89PNG", 'cap "1" <2>').endswith(
        "<figcaption>cap &quot;1&quot; &lt;2&gt;</figcaption></figure>"
    )


def test_real_table_html_is_escaped(ctx):
    out = T.overview(ctx).to_html()
    assert "&lt;5‰" in out and "<5‰" not in out
    # Every '<' left is the start of a tag of the contract.
    for tag in re.findall(r"<(/?[a-z]+)", out):
        assert tag.strip("/") in ("table", "thead", "tbody", "tr", "th", "td", "span")


def test_quality_issues_quote_every_statement(ctx, captured):
    show.quality_issues(ctx)
    out = _without_figure_spans(captured[-1]["text/html"])
    for issue in ctx.plan.quality_issues:
        for statement in issue.statements:
            assert html.escape(statement.cite.location) in out
            assert html.escape(statement.cite.quote) in out
    assert out.count('<div class="dd-keep">') == len(ctx.plan.quality_issues)


# --------------------------------------------------------------------------------------
# Languages
# --------------------------------------------------------------------------------------


def test_every_label_has_both_languages_with_the_same_blanks():
    formatter = string.Formatter()
    for key, (zh, en) in i18n.LABELS.items():
        assert zh and en, key
        blanks_zh = {f for _, f, _, _ in formatter.parse(zh) if f}
        blanks_en = {f for _, f, _, _ in formatter.parse(en) if f}
        assert blanks_zh == blanks_en, key


def test_every_label_the_package_uses_exists():
    package = Path(R.__file__).parent.parent
    used = set()
    for path in [package / "report" / "tables.py", *sorted((package / "yearly").rglob("*.py"))]:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                func = node.func
                name_ = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name_ == "t":
                    used.add(node.args[0].value)
    assert used and used <= set(i18n.LABELS), used - set(i18n.LABELS)


def test_english_labels(ctx_en, captured):
    ctx_en.banner_shown = False
    frame = T.overview(ctx_en).frame
    assert {"Indicator", "Baseline 2020", "Target 2025", "Latest value", "Status"} <= set(frame.columns)
    row = _row(frame, "Row", "13")
    assert row["Indicator"] == "Infant and young child mortality rate"
    assert row["Status"] == "Ceiling breached"
    assert row["Gap to target"] == "-0.2 ‰ pts"
    assert _row(frame, "Row", "5")["Latest value"] == "1.06 × 10,000 persons"
    assert _row(frame, "Row", "1")["Ahead/behind"] == "0.8 yr ahead"
    assert _row(frame, "Row", "12")["Unit"] == "per 100,000 live births"
    assert _row(frame, "Row", "12")["Latest value"] == "0 per 100,000"
    show.summary(ctx_en)
    text = captured[-1]["text/plain"]
    assert "Of the 21 series assessed for 2024: 4 achieved, 3 ahead of schedule, 2 on track, 7 lagging" in text
    assert (
        "Binding indicators needing attention (5): Infant and young child mortality rate (Ceiling breached; Dayao County Health Commission)"
        in text
    )
    assert "This report uses illustrative data" in captured[-1]["text/html"]  # the banner, in English too
    assert "示例" not in captured[-1]["text/html"]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language must be one of 'zh', 'en'"):
        setup(2024, language="fr")


# --------------------------------------------------------------------------------------
# Illustrative data
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["summary", "alarms", "overview_table", "data_gaps", "run_facts", "alternatives", "changes_since_last_report"],
)
def test_illustrative_banner_for_example_data(captured, name):
    ctx = setup(2024)
    assert ctx.illustrative is True
    getattr(show, name)(ctx)
    assert '<div class="dd-illustrative">本报告使用的是示例数据，' in captured[0]["text/html"], name
    if name != "run_facts":
        assert captured[0]["text/plain"].startswith("【示例数据】")


def test_banner_opens_each_chapter_once(captured):
    """Every page header and chart caption says 示例数据; the banner opens each notebook's output."""
    ctx = setup(2024)
    for name in ("run_facts", "summary", "alarms", "overview_table"):
        getattr(show, name)(ctx)
    assert ["dd-illustrative" in b["text/html"] for b in captured] == [True, False, False, False]
    assert all(b["text/plain"].startswith("【示例数据】") for b in captured[1:])


def test_no_banner_for_reported_data(real_data, captured):
    ctx = setup(2024, actuals_files=[str(real_data)])
    assert ctx.illustrative is False
    assert T.illustrative_banner(ctx) == ""
    for name in ("summary", "alarms", "overview_table", "data_gaps", "run_facts"):
        getattr(show, name)(ctx)
        assert "dd-illustrative" not in captured[-1]["text/html"], name
        assert "【示例数据】" not in captured[-1]["text/plain"], name
    # The same figures give the same statuses: only the label differs.
    assert list(ctx.table["status"]) == list(setup(2024).table["status"])


# --------------------------------------------------------------------------------------
# show: HTML for the report and short deterministic text for nbval
# --------------------------------------------------------------------------------------

SHOW_FUNCTIONS = (
    "run_facts",
    "summary",
    "alarms",
    "overview_table",
    "extended_targets",
    "projects",
    "quality_issues",
    "alternatives",
    "data_gaps",
    "changes_since_last_report",
    "status_definitions",
    "method_parameters",
)


@pytest.mark.parametrize("name", SHOW_FUNCTIONS)
def test_show_emits_html_and_plain_text(ctx, captured, name):
    assert getattr(show, name)(ctx) is None  # displayed, not returned: shown once
    first = list(captured)
    assert first and all("text/html" in b and "text/plain" in b for b in first)
    captured.clear()
    getattr(show, name)(ctx)
    assert [b["text/plain"] for b in captured] == [b["text/plain"] for b in first]  # deterministic
    for bundle in first:
        assert leaked_paths(bundle["text/plain"]) == [] and not re.search(r"\d{4}-\d{2}-\d{2}", bundle["text/plain"])


def test_summary_counts_by_hand(ctx, captured):
    show.summary(ctx)
    text = captured[-1]["text/plain"]
    # 21 series: achieved 6, 10, 12, 18; ahead 1, 14, 20; on track 3, 11a; lagging 2, 4, 5, 11b, 15, 16, 19;
    # regressing 7, 8; breached 13; no data 9; not assessable 17.
    assert (
        "2024年评估的21个指标中:已实现4个、快于预期3个、基本符合预期2个、滞后7个、倒退2个、突破约束1个、无数据1个、无法评估1个。"
        in text
    )
    # 20 rows: row 11 (on track + lagging) counts as lagging.
    assert "按规划指标表20行计" in text and "基本符合预期1行、滞后7行" in text
    assert "需关注的约束性指标5个:婴幼儿死亡率(突破约束,大姚县卫生健康局)" in text
    assert '<div class="dd-alarm">' in captured[-1]["text/html"]


def caption_of(figure_html: str) -> str:
    return re.search(r"<figcaption>(.*?)</figcaption>", figure_html).group(1)


def test_domain_progress_one_section_and_one_chart_per_domain(ctx, captured):
    show.domain_progress(ctx)
    domains_with_series = [d for d in ctx.plan.domain_order() if any(i.domain == d for i in ctx.plan.indicators)]
    plain = [b["text/plain"] for b in captured]
    headings = [line for text in plain for line in text.splitlines() if line.startswith("## ")]
    ordinals = "一二三四五六七八九十"
    assert headings == [f"## （{ordinals[n]}）{ctx.plan.domain_name(d)}" for n, d in enumerate(domains_with_series)]
    figures = [b["text/html"] for b in captured if '<figure class="dd-figure">' in b["text/html"]]
    # one chart per domain, not one per indicator
    assert len(figures) == len(domains_with_series) < len(ctx.plan.indicators)
    caption = caption_of(figures[0])
    assert caption.startswith("公共教育服务各指标2021–2024年实际值与时序进度") and "示例数据" in caption


def test_domain_progress_comes_from_the_plan_file(tmp_path, captured):
    """Another plan, other domains: the sections follow the plan file, nothing is hard-coded."""
    actuals = tmp_path / "a.csv"
    actuals.write_text(
        "indicator,year,value,source\nclinics_share,2026,12,县卫健局\naccident_rate,2026,2.5,县应急局\n",
        encoding="utf-8",
    )
    other = setup(2027, plan_file=str(FIXTURES / "other-plan.yaml"), actuals_files=[str(actuals)])
    show.domain_progress(other)
    headings = [line for b in captured for line in b["text/plain"].splitlines() if line.startswith("## ")]
    assert headings == ["## （一）公共服务", "## （二）安全"]


# --------------------------------------------------------------------------------------
# Extended targets, projects, data quality, changes
# --------------------------------------------------------------------------------------


def test_extended_targets_as_printed(ctx):
    frame = T.extended_targets(ctx).frame
    assert len(frame) == len(ctx.plan.extended_targets)
    for ind, printed in zip(ctx.plan.extended_targets, frame["规划原文目标"]):
        assert printed == (
            ind.target.printed if ind.target is not None and ind.target.printed else (ind.target_printed or "—")
        )


def test_projects_show_investment(ctx):
    frame = T.projects(ctx).frame
    assert len(frame) == len(ctx.plan.projects)
    if ctx.plan.projects:
        first = ctx.plan.projects[0]
        for tid in first.targets:
            assert ctx.plan.indicator(tid).name_zh in frame.iloc[0]["规划数量与投资"]


def test_alternatives_side_by_side(ctx):
    table = T.alternatives(ctx)
    assert len(table) == len(ctx.alternatives)
    frame = table.frame.set_index("指标")
    # Row 1 against the table's 90: P = 0.9528 at τ = 0.8 → ahead; against the text's 95:
    # P = (89.8 − 85.76) / (95 − 85.76) = 0.437 → q = 0.55 → lagging.
    row = frame.loc["1 学前三年毛入园率"]
    assert (row["采用值"], row["按采用值的状态"], row["按另一说法的状态"], row["结论是否不同"]) == (
        "90%",
        "快于预期",
        "滞后",
        "是",
    )
    assert row["按另一说法的完成进度"] == "43.7%"


def test_data_gaps(ctx):
    frame = T.data_gaps(ctx).frame
    pairs = set(zip(frame["指标"], frame["数据问题"]))
    assert ("9 人口预期寿命", "无数据") in pairs
    assert ("4 劳动年龄人口平均受教育年限", "数据年份滞后") in pairs  # latest 2023
    assert ("4 劳动年龄人口平均受教育年限", "缺年份") in pairs  # 2022 missing
    assert ("19 国民综合阅读率", "缺年份") in pairs  # 2023 missing
    assert ("17 农村保障性安居工程改造", "无法评估") in pairs
    assert ("—", "示例数据") in pairs


def test_changes_recomputed_from_the_same_actuals(ctx):
    changes = T.changes_since_last_report(ctx)
    assert changes.source == "recomputed" and changes.previous_year == 2023
    assert "重新计算2023年" in changes.basis
    frame = changes.table.frame.set_index("指标")
    # Urban affordable housing: 150 of 150 in 2023 (achieved), 90 of 110 in 2024 (lagging).
    assert frame.loc["16 城镇保障性住房建设", "上年报告状态"] == "已实现"
    assert frame.loc["16 城镇保障性住房建设", "本年状态"] == "滞后"


def test_changes_against_last_years_report(tmp_path):
    last = setup(2023)
    report = last.table.copy()
    # Last year's report said 99.0 for the 2023 retention rate; the example data now says 99.02.
    report.loc[report["indicator_id"] == "compulsory_education_retention_rate", "value"] = 99.0
    folder = tmp_path / "reports" / "2023"
    folder.mkdir(parents=True)
    report.to_csv(folder / "assess.csv", index=False, encoding="utf-8-sig")
    ctx = setup(2024, previous_report=str(folder))
    changes = T.changes_since_last_report(ctx)
    assert changes.source == "report" and "对照上年报告" in changes.basis
    frame = changes.table.frame.set_index("指标")
    assert "状态变化: 已实现 → 滞后" in frame.loc["16 城镇保障性住房建设", "变化"]
    # 2024 has a 2024 value, so nothing is revised; compared for the same year, the revision shows.
    assert "数值修订" not in " ".join(frame["变化"])
    assert len(frame) == 1  # the report held the headline table only: the extended targets are not "new"
    # the file compared with is named where the report's sources are (the last annex), not in the body
    assert "assess.csv" not in changes.basis and "数据来源附件" in changes.basis
    assert "2023/assess.csv" in T.run_facts(ctx).to_text()
    ctx_same_year = setup(2023, previous_report=str(folder / "assess.csv"))
    revised = T.changes_since_last_report(ctx_same_year).table.frame.set_index("指标")
    assert "数值修订: 2023年的值由99%改为99.02%" in revised.loc["2 九年义务教育巩固率", "变化"]


def test_changes_when_last_years_report_is_missing(tmp_path):
    ctx = setup(2024, previous_report=str(tmp_path / "reports" / "2023"))
    changes = T.changes_since_last_report(ctx)
    assert changes.source == "recomputed" and "未找到上年报告" in changes.basis
    assert "assess.csv" not in changes.basis


def test_no_previous_year_in_the_first_year():
    changes = T.changes_since_last_report(setup(2021))
    assert changes.source == "none" and changes.table.empty and "第一年" in changes.basis


def test_status_definitions_use_the_band():
    tabs = T.status_definitions(setup(2024, band=0.2))
    rules = dict(zip(tabs["time"].frame["名称"], tabs["time"].frame["判定规则"]))
    assert rules["快于预期"].endswith("1 + b = 1.2")
    assert rules["基本符合预期"].startswith("0.8 = 1 − b")
    # a Chinese report names the statuses; the English codes are the data's (and the English report's)
    assert list(tabs["time"].frame["名称"]) == [STATUS_LABELS[s][0] for s in STATUS_LABELS]
    assert "代码" not in tabs["time"].frame.columns
    english = T.status_definitions(setup(2024, band=0.2, language="en"))
    assert list(english["time"].frame["Code"]) == list(STATUS_LABELS)


def test_excel_export(ctx, tmp_path):
    import openpyxl

    path = T.to_excel(ctx, tmp_path / "tables.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames[:4] == ["总表", "评估结果", "说明", "约束性报警"]
    # the example data are illustrative: every sheet opens with the 示例数据 banner, then the header
    for name in book.sheetnames:
        assert "示例数据" in str(next(book[name].iter_rows(max_row=1, values_only=True))[0]), name
    sheet = book["评估结果"]
    header = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert len(header) == 30  # the 27 method columns and the evidence columns n_points, latest_flag, series_break
    assert header[-3:] == ["n_points", "latest_flag", "series_break"]
    assert isinstance(list(sheet.iter_rows(min_row=3, max_row=3, values_only=True))[0][header.index("value")], float)


# --------------------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------------------


def test_setup_holds_both_catalogues_once(ctx):
    assert len(ctx.assessment.table) == len(ctx.plan.indicators)
    assert len(ctx.extended.table) == len(ctx.plan.extended_targets)
    assert ctx.summary.total == len(ctx.plan.indicators)
    assert ctx.inputs["plan"].name == "dayao-14th-fyp-basic-public-services.yaml"
    assert [p.name for p in ctx.inputs["actuals"]] == ["actuals-illustrative.csv"]
    assert ctx.latest_data_year() == 2024


@pytest.mark.parametrize("year", [2020, 2026, "twenty"])
def test_year_outside_the_plan_period_is_refused(year):
    with pytest.raises(ValueError, match="year"):
        setup(year)


def test_year_error_names_the_period():
    with pytest.raises(ValueError, match="outside the plan period 2021–2025"):
        setup(2026)


@pytest.mark.parametrize("band", [-0.1, 1, 1.5, "wide"])
def test_band_outside_0_1_is_refused(band):
    with pytest.raises(ValueError, match="band"):
        setup(2024, band=band)


def test_actuals_files_as_one_string(real_data):
    ctx = setup(2024, actuals_files=str(real_data))
    assert ctx.actuals_items == (str(real_data),)


def test_missing_actuals_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.csv"):
        setup(2024, actuals_files=[str(tmp_path / "nothing.csv")])


@pytest.mark.parametrize(
    "leak",
    [
        str(ROOT / "reports" / "2024" / "assess.csv"),  # the project folder, wherever it is
        str(Path.home() / "data.csv"),
        "/srv/stats/actuals.csv",  # another machine's absolute path
        "来源：/mnt/share/actuals.csv",
        r"C:\Users\tj\actuals.xlsx",
        "~/actuals.csv",
    ],
)
def test_the_path_checker_finds_a_leaked_path(ctx, leak):
    """The checker of the path tests in this file fails on a leak, on any machine (shown on a real text)."""
    text = T.run_facts(ctx).to_text()
    assert leaked_paths(text) == []
    assert leaked_paths(text + "\n" + leak) != []
    assert leaked_paths("单位：万人/年，1/3，2023/2024年，dayao_data/data/examples/a.csv") == []  # no false alarm


def test_run_facts_show_no_absolute_path(ctx):
    text = T.run_facts(ctx).to_text()
    assert leaked_paths(text) == [] and "dayao_data/data/examples/actuals-illustrative.csv" in text
    assert "最新数据年份2024年" in text


def test_a_file_of_the_package_is_shown_from_the_package_folder(tmp_path):
    # The embedded plan seen from a project folder elsewhere: dayao_data/data/plans/…, not its last
    # two path parts (the module doing this lives one folder down, in dayao_data/yearly/).
    from dayao_data.plan import load_plan
    from dayao_data.yearly.context import shown_path

    plan_file = load_plan().path
    parts = Path(plan_file).resolve().parts
    expected = "/".join(parts[parts.index("dayao_data") :])
    assert expected.startswith("dayao_data/data/")
    assert shown_path(plan_file, tmp_path) == expected
    assert shown_path(tmp_path / "a" / "b.csv", tmp_path) == "a/b.csv"
