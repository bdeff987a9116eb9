"""How sure each verdict is, as the yearly report shows it (issue 13; dayao_data.yearly.verdict_notes).

Every expected figure is worked out by hand from the shipped example actuals
(dayao_data/data/examples/actuals-illustrative.csv) and the plan's printed numbers:

* 婴幼儿死亡率 2024: 13 deaths among 2,500 live births = 5.2‰.  The exact (Garwood) Poisson 95 %
  limits of 13 events are χ²(0.025; 26)/2 = 13.844/2 = 6.922 and χ²(0.975; 28)/2 = 44.461/2 =
  22.230 (statistical tables), i.e. 6.922/2.5 = 2.77‰ and 22.230/2.5 = 8.89‰ → 2.8‰—8.9‰; the
  bound 5‰ lies inside.  2022–2024 pooled: (12 + 12 + 13) / (2,500 + 2,400 + 2,500) = 37/7,400 =
  5.0‰.  13 ≤ 20 events: unstable.
* 孕产妇死亡率 2024: 0 deaths among 2,500: upper limit −ln(0.025) = 3.689 events → 147.6/10万.
* 学前三年毛入园率: points (2020, 85.76) (2021, 87.0) (2022, 88.1) (2023, 89.2) (2024, 89.8).
  t̄ = 2022, x̄ = 87.972, Sxx = 10, Sxy = 10.28 → b = 1.028, ŷ(2025) = 87.972 + 3·1.028 = 91.056.
  Residuals −0.156, 0.056, 0.128, 0.2, −0.228 → RSS = 0.13584, s = √(0.13584/3) = 0.21279,
  se = s·√(1 + 1/5 + 9/10) = 0.30836; t(0.975; 3) = 3.182 (tables) → 91.056 ± 0.981 =
  90.07—92.04; P(Y ≥ 90) = F_t3((91.056 − 90)/0.30836 = 3.42) ≈ 0.98.
* 九年义务教育巩固率 (binding): 98.9, 98.95, 99.00, 99.02, 99.05 → b = 0.037, ŷ(2025) = 99.095,
  RSS = 0.00043, se = 0.01735; (99.095 − 99.5)/0.01735 = −23.3 → chance far below 1 %.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dayao_data.yearly import findings, overall
from dayao_data.yearly import tables as T
from dayao_data.yearly import verdict_notes as V
from dayao_data.yearly.context import setup


@pytest.fixture(scope="module")
def ctx():
    return setup(2024)


def _completion_rows(ctx) -> dict[str, pd.Series]:
    frame = T.completion_table(ctx).frame
    return {row["指标"]: row for _, row in frame.iterrows()}


def test_infant_mortality_counts_interval_and_pooled_rate_in_the_completion_table(ctx):
    row = _completion_rows(ctx)["婴幼儿死亡率"]
    remarks = row["备注"]
    assert "按2024年活产数2,500、死亡13例计算" in remarks
    assert "95%置信区间为2.8‰—8.9‰" in remarks
    assert "上限5‰在区间之内，超出幅度在随机波动范围内" in remarks
    assert "死亡例数不超过20例，比率不稳定" in remarks
    assert "2022—2024年合并为5.0‰（死亡37例/活产数7,400）" in remarks
    # the verdict stays the method's
    assert row["完成情况"] == "突破约束"


def test_zero_maternal_deaths_have_the_upper_limit_of_minus_ln_0_025(ctx):
    remarks = _completion_rows(ctx)["孕产妇死亡率"]["备注"]
    assert "死亡0例" in remarks
    assert "—147.6/10万" in remarks
    # 2022 has no counts: the pooled years are 2021, 2023, 2024 = 2,450 + 2,400 + 2,500 births
    assert "2021、2023、2024年合并为0.0/10万（死亡0例/活产数7,350）" in remarks


def test_breached_ceiling_problem_says_the_excess_is_within_chance(ctx):
    health = next(p for p in findings.problems(ctx) if "infant_child_mortality_rate" in p.indicators)
    text = health.text
    assert "突破约束。按2024年活产数2,500、死亡13例计算，95%置信区间为2.8‰—8.9‰" in text
    assert "超出幅度在随机波动范围内" in text and "比率不稳定" in text


def test_projection_range_and_chance_by_hand(ctx):
    remarks = _completion_rows(ctx)["学前三年毛入园率"]["备注"]
    assert "4个数据点；2025年预计91.06（95%预测区间90.07—92.04），达到目标的可能性约98%" in remarks


def test_two_actuals_give_no_range(ctx):
    # 劳动年龄人口平均受教育年限 has actuals for 2021 and 2023 only: fewer than three
    remarks = _completion_rows(ctx)["劳动年龄人口平均受教育年限"]["备注"]
    assert "2个数据点，预测数据不足" in remarks
    assert "预测区间" not in remarks


def test_provisional_latest_figures_are_marked(ctx):
    rows = _completion_rows(ctx)
    assert rows["婴幼儿死亡率"]["2024年"] == "5.2（初步）"
    assert rows["婴幼儿死亡率"]["2023年"] == "5"  # flagged 正式: no mark
    assert rows["孕产妇死亡率"]["2024年"] == "0（初步）"
    assert "初步" not in rows["学前三年毛入园率"]["2024年"]  # no flag given


def test_binding_paragraph_names_the_low_chance_binding_indicators(ctx):
    binding = next(p for p in overall.overall_paragraphs(ctx) if "项约束性指标中" in p)
    assert "按现有趋势推算" in binding
    assert "九年义务教育巩固率（不足1%）" in binding
    tail = binding.split("按现有趋势推算", 1)[1]
    assert "孕产妇死亡率" not in tail  # binding, chance about 82 %
    assert "每千人口医疗机构床位数" not in tail  # not binding


def test_coverage_by_domain_names_only_the_domains_with_gaps(ctx):
    # 人口预期寿命 (health, 6 series) has no data; 劳动年龄人口平均受教育年限 (education, 4) is stale
    text = next(p for p in overall.overall_paragraphs(ctx) if "已有2024年数据" in p)
    assert "19项已有2024年数据（按领域：公共教育服务4项中3项、基本医疗卫生服务6项中5项，其余领域齐全）" in text
    assert (
        text.count("劳动年龄人口平均受教育年限") == 1
    )  # the department list names it once, the domain count does not repeat it


def test_overrides_show_computed_and_decided_status_side_by_side(tmp_path):
    path = tmp_path / "overrides.yaml"
    path.write_text(
        "schema: dayao-overrides/1\n"
        "overrides:\n"
        "  - indicator: 婴幼儿死亡率\n"
        "    year: 2024\n"
        "    status: 已实现\n"
        "    reason: 三年合并率5.0‰，与5‰的差异在随机波动范围内\n"
        "    decided_by: 县卫生健康局、县统计局联合审定\n"
        "    date: 2025-03-20\n",
        encoding="utf-8",
    )
    ctx = setup(2024, overrides_file=str(path))
    row = _completion_rows(ctx)["婴幼儿死亡率"]
    assert row["完成情况"] == "突破约束"  # the computed status stays in its column
    assert row["审定结论"] == "已实现"  # the decision beside it
    assert list(row.index).index("审定结论") == list(row.index).index("完成情况") + 1
    assert "计算结果为突破约束；经县卫生健康局、县统计局联合审定（2025-03-20）为已实现" in row["备注"]
    assert "三年合并率5.0‰，与5‰的差异在随机波动范围内" in row["备注"]
    problem = next(p for p in findings.problems(ctx) if "infant_child_mortality_rate" in p.indicators)
    assert "突破约束" in problem.text  # the computed verdict stays
    assert "为已实现，理由：三年合并率5.0‰" in problem.text
    # nothing else is decided
    assert _completion_rows(ctx)["孕产妇死亡率"]["审定结论"] == "—"
    # without an overrides file there is no decision column
    assert "审定结论" not in T.completion_table(setup(2024)).frame.columns


def test_series_break_note():
    assert V.break_note("2023:改按常住人口统计;2024:数据来源改为卫健统计年报") == (
        "2023年起口径变化：改按常住人口统计；2024年起口径变化：数据来源改为卫健统计年报"
    )
    assert V.break_note("") == "" and V.break_note(None) == ""


def test_revisions_sentence_and_table(ctx):
    assert "数据文件而非数据库" in V.revisions_sentence(V.store_revisions(ctx), ctx)
    assert V.revisions_sentence(pd.DataFrame(columns=["indicator"]), ctx).startswith("数据库中本报告所用数据均未修订")
    rev = pd.DataFrame(
        [
            {
                "indicator": "infant_child_mortality_rate",
                "year": 2024,
                "first_value": 5.2,
                "first_intake": "a",
                "first_received_at": "2025-01-10T09:00:00",
                "current_value": 5.0,
                "current_intake": "b",
                "current_received_at": "2025-03-01T09:00:00",
                "versions": 2,
                "change": 5.0 - 5.2,
            }
        ]
    )
    assert V.revisions_sentence(rev, ctx) == "数据库中有1个数据经修订，首次报送值与现行值对照如下。"
    frame = V.revisions_report_table(ctx, rev).frame
    assert frame.iloc[0].tolist() == ["婴幼儿死亡率", "2024", "5.2", "2025-01-10", "5", "2025-03-01", "2", "-0.2"]


def test_cover_shows_the_data_cutoff():
    from dayao_data.report.render import ReportInfo, _cover

    assert "<th>数据截止日期</th><td>2025年3月31日</td>" in _cover(ReportInfo(year=2024, data_cutoff="2025-03-31"))
    assert "<th>数据截止日期</th><td>未注明</td>" in _cover(ReportInfo(year=2024))


# --------------------------------------------------------------------------------------
# Through the runner (slow): the overrides file is checked before any notebook, and the
# cut-off reaches the cover
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from dayao_data.run.kernel import KernelSession

    s = KernelSession(tmp_path_factory.mktemp("kernel")).start()
    yield s
    s.shutdown()


@pytest.mark.slow
def test_a_bad_overrides_file_fails_before_any_notebook_naming_file_and_line(tmp_path, session):
    from report_helpers import make_project

    from dayao_data.params import ParamsError, load_params
    from dayao_data.run.result import ReportRunError
    from dayao_data.run.run import run_report

    project = make_project(tmp_path)
    (project / "ov.yaml").write_text(
        "schema: dayao-overrides/1\noverrides:\n  - indicator: 婴幼儿死亡率\n    year: 2023\n    status: 很好\n"
        "    reason: r\n    decided_by: d\n    date: 2025-03-20\n",
        "utf-8",
    )
    params = load_params(project / "params" / "2023.yaml").replace(overrides_file="ov.yaml")
    with pytest.raises((ParamsError, ReportRunError)) as info:
        run_report(params, project_root=project, progress=False, session=session, pdf=False)
    message = str(info.value)
    assert "overrides_file" in message and "ov.yaml line 5" in message and "很好" in message
    failed = getattr(info.value, "failed_dir", None)
    assert failed is None or not list(failed.glob("*.ipynb"))  # no notebook ran


@pytest.mark.slow
def test_the_cutoff_of_the_params_is_on_the_cover_and_reaches_the_notebooks(tmp_path, session):
    import json

    from report_helpers import make_project

    from dayao_data.params import load_params
    from dayao_data.run.run import run_report

    project = make_project(tmp_path)
    params = load_params(project / "params" / "2023.yaml").replace(data_cutoff="2024-03-31")
    result = run_report(params, project_root=project, progress=False, session=session, pdf=False)
    html = (result.output_dir / "report.html").read_text("utf-8")
    assert "<th>数据截止日期</th><td>2024年3月31日</td>" in html
    manifest = json.loads((result.output_dir / "manifest.json").read_text("utf-8"))
    assert manifest["notebook_parameters"]["data_cutoff"] == "2024-03-31"
    assert manifest["notebook_parameters"]["overrides_file"] == ""
    assert manifest["data"]["data_cutoff"] == "2024-03-31"
