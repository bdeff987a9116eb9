"""Every label and generated sentence of the reports, in Chinese (the default) and English.

Status labels come from :data:`dayao_data.progress.STATUS_LABELS` (and the pace and projection
labels from ``CAGR_LABELS`` / ``ANTICIPATED_LABELS``), so a status reads the same in the command
line, the notebooks, Excel and the PDF.  Everything else the package writes into a report is a key
of :data:`LABELS`; a sentence with blanks is filled with :func:`t`.

>>> t("col_status")
'状态'
>>> t("col_status", "en")
'Status'
>>> t("time_share_of_year", "zh", year=2024, share="80.0%")
'2024年时间进度80.0%'
>>> status_label("on_track", "zh"), status_label("on_track", "en")
('基本符合预期', 'On track')
"""

from __future__ import annotations

import re
import string
from typing import Any

from dayao_data.progress import ANTICIPATED_LABELS, CAGR_LABELS, STATUS_LABELS

__all__ = [
    "LANGUAGES",
    "LABELS",
    "t",
    "check_language",
    "status_label",
    "cagr_label",
    "anticipated_label",
    "attribute_label",
    "kind_label",
    "issue_kind_label",
    "note_label",
    "join_list",
]

#: The report languages; the first is the default.
LANGUAGES = ("zh", "en")

#: key → (Chinese, English).  Placeholders in braces are filled by :func:`t`; both languages of a
#: key use the same placeholders (tests/test_tables.py checks it).
LABELS: dict[str, tuple[str, str]] = {
    # -- column headers -------------------------------------------------------------------------
    "col_row": ("行", "Row"),
    "col_indicator": ("指标", "Indicator"),
    "col_indicator_id": ("指标代码", "Indicator id"),
    "col_unit": ("单位", "Unit"),
    "col_attribute": ("属性", "Attribute"),
    "col_kind": ("目标类型", "Kind of target"),
    "col_domain": ("领域", "Domain"),
    "col_department": ("责任部门", "Responsible department"),
    "col_baseline": ("{year}年基期", "Baseline {year}"),
    "col_target": ("{year}年目标", "Target {year}"),
    "col_data_year": ("数据年份", "Data year"),
    "col_value": ("现值", "Latest value"),
    "col_gap": ("差距", "Gap to target"),
    "col_progress_share": ("完成进度", "Progress share"),
    "col_time_share": ("时间进度", "Time share"),
    "col_years_ahead": ("领先/落后", "Ahead/behind"),
    "col_required_increment": ("每年还需", "Needed per year"),
    "col_required_rate": ("每年还需增速", "Needed annual rate"),
    "col_status": ("状态", "Status"),
    "col_pace": ("增速判断", "Pace (CAGR ratio)"),
    "col_anticipated": ("趋势判断", "Anticipated (trend)"),
    "col_projected": ("{year}年趋势值", "Trend value {year}"),
    "col_value_vs_target": ("现值与目标", "Value against target"),
    "col_needed": ("还需做什么", "What is still needed"),
    "col_section": ("规划章节", "Section of the plan"),
    "col_target_printed": ("规划原文目标", "Target as printed"),
    "col_project": ("重点工程", "Key project"),
    "col_quantities": ("规划数量与投资", "Planned quantities and investment"),
    "col_source": ("出处", "Where in the plan"),
    "col_notes": ("说明", "Notes"),
    "col_issue": ("问题", "Issue"),
    "col_issue_kind": ("问题类型", "Kind of issue"),
    "col_statement": ("规划原文", "The plan says"),
    "col_printed": ("所印数值", "Figure printed"),
    "col_quote": ("原文摘录", "Quote"),
    "col_handling": ("本报告的处理", "How this report treats it"),
    "col_field": ("涉及", "Concerns"),
    "col_value_used": ("采用值", "Value used"),
    "col_value_alternative": ("另一说法", "Alternative value"),
    "col_status_used": ("按采用值的状态", "Status with the value used"),
    "col_status_alternative": ("按另一说法的状态", "Status with the alternative"),
    "col_progress_used": ("按采用值的完成进度", "Progress share (value used)"),
    "col_progress_alternative": ("按另一说法的完成进度", "Progress share (alternative)"),
    "col_differs": ("结论是否不同", "Different conclusion?"),
    "col_problem": ("数据问题", "Data problem"),
    "col_detail": ("详情", "Detail"),
    "col_previous_status": ("上年报告状态", "Status last year"),
    "col_current_status": ("本年状态", "Status this year"),
    "col_previous_value": ("上年报告值", "Value last year"),
    "col_current_value": ("本年值", "Value this year"),
    "col_change": ("变化", "What changed"),
    "col_code": ("代码", "Code"),
    "col_label": ("名称", "Label"),
    "col_rule": ("判定规则", "Rule"),
    "col_item": ("项目", "Item"),
    "col_fact": ("内容", "Value"),
    "col_count": ("个数", "Series"),
    "col_total": ("合计", "Total"),
    "col_row_number": ("序号", "No."),
    "col_year_value": ("{year}年", "{year}"),
    "col_pace_or_total": ("年均增速或累计", "Annual rate or total"),
    "col_completion": ("完成情况", "Status"),
    "col_completion_share": ("完成率或进度", "Completion or progress"),
    "col_data_source": ("数据来源", "Data source"),
    "col_remarks": ("备注", "Remarks"),
    "completion_cumulative": ("累计{total}", "total {total}"),
    "completion_within": ("在约束以内", "within the bound"),
    "completion_over": ("超出约束", "over the bound"),
    "remark_stale": ("最新数据为{year}年", "latest data {year}"),
    "remark_quota": ("{year}年省州下达任务{target}", "quota handed down for {year}: {target}"),
    "remark_alternative": ("按规划另一表述{value}评估为{status}", "{status} against the plan's other figure {value}"),
    "source_illustrative": ("示例数据", "illustrative data"),
    "extended_lead": (
        "规划各章正文共列量化目标{total}项，已报送数据的{n}项中{counts}，逐项列于下表；其余待报送数据的按责任单位统计如下。",
        "The chapters state {total} quantified targets; of the {n} with figures, {counts} (listed below). Those awaiting figures are counted by department.",
    ),
    "extended_lead_none": (
        "规划各章正文共列量化目标{total}项，截至本报告均未报送数据。待报送数据的目标按责任单位统计如下。",
        "The chapters state {total} quantified targets; none has figures yet. Those awaiting figures, by department:",
    ),
    "value_with_quota": ("（{year}年下达{target}）", " ({year} quota {target})"),
    "annex_completion_title": ("附件1　主要发展指标完成情况表", "Annex 1. Completion table of the headline indicators"),
    "col_awaiting": ("待报送数据的目标（项）", "Targets awaiting figures"),
    "caption_domain_multiples": (
        "{domain}各指标{first}–{year}年实际值与时序进度{tag}",
        "{domain}: actuals {first}–{year} against the straight line to the target{tag}",
    ),
    "no_problems": (
        "{year}年各项主要指标均已实现或符合时序进度，未发现需要专门说明的问题。",
        "In {year} every headline series is achieved or on course; no problem needs a section of its own.",
    ),
    "no_recommendations": ("按规划既定任务继续推进各项工作。", "Continue the plan's work as set out."),
    "recommendation_heading": ("{domain}", "{domain}"),
    "col_year": ("年份", "Year"),
    # -- attribute, kind ------------------------------------------------------------------------
    "attribute_binding": ("约束性", "Binding"),
    "attribute_expected": ("预期性", "Expected"),
    "kind_level": ("水平目标", "Level"),
    "kind_ceiling": ("约束上限", "Ceiling"),
    "kind_floor": ("约束下限", "Floor"),
    "kind_maintain": ("保持", "Maintain"),
    "kind_cumulative": ("五年累计", "Five-year total"),
    "kind_qualitative": ("定性目标", "Qualitative"),
    # -- quality-issue kinds --------------------------------------------------------------------
    "issue_contradiction": ("前后矛盾", "Contradiction"),
    "issue_ambiguity": ("含义不明", "Ambiguity"),
    "issue_printing_quirk": ("印刷问题", "Printing quirk"),
    "issue_naming": ("名称不一", "Naming"),
    "issue_inferred_unit": ("单位推定", "Inferred unit"),
    "field_baseline": ("基期值", "baseline"),
    "field_target": ("目标值", "target"),
    "field_unit": ("单位", "unit"),
    "field_kind": ("目标类型", "kind of target"),
    "field_name": ("名称", "name"),
    "field_department": ("责任部门", "department"),
    "field_other": ("其他", "other"),
    # -- data problems (note codes of the progress engine, plus the illustrative flag) ---------
    "note_no_data": ("无数据", "No data"),
    "note_stale_data": ("数据年份滞后", "Stale data year"),
    "note_missing_years": ("缺年份", "Missing years"),
    "note_incomplete_sum": ("累计数不完整", "Incomplete total"),
    "note_not_assessable": ("无法评估", "Not assessable"),
    "note_no_baseline": ("未印基期值", "No printed baseline"),
    "note_target_met_at_baseline": ("基期已达目标", "Target met at baseline"),
    "note_after_target_year": ("已过目标年", "After the target year"),
    "note_illustrative": ("示例数据", "Illustrative data"),
    "note_data_warning": ("数据文件提示", "Warning on the actuals file"),
    # -- units in generated text ----------------------------------------------------------------
    "unit_points_percent": ("个百分点", " pp"),
    "unit_points_permille": ("个千分点", " ‰ pts"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "none": ("无", "None"),
    "empty_cell": ("—", "—"),
    "list_sep": ("、", ", "),
    "clause_sep": (";", "; "),
    # -- headings -------------------------------------------------------------------------------
    "h_overview": ("总体情况", "Overview"),
    "h_run_facts": ("本次评估的依据", "What this assessment is based on"),
    "h_summary": ("总体结论", "Summary"),
    "h_alarms": ("需关注的约束性指标", "Binding indicators needing attention"),
    "h_status_by_domain": ("各领域指标状态", "Status by domain"),
    "h_overview_table": ("全部指标一览", "All series at a glance"),
    "h_small_multiples": ("各指标走势", "Every series over time"),
    "h_domains": ("分领域", "By domain"),
    "h_domain_table": ("{domain}指标一览", "{domain}: the series"),
    "h_extended": ("规划正文中的其他量化目标", "Other quantified targets in the plan's text"),
    "h_projects": ("重点工程", "Key projects"),
    "h_quality": ("数据质量", "Data quality"),
    "h_quality_issues": ("规划本身的矛盾与含糊之处", "Where the plan contradicts itself or is ambiguous"),
    "h_alternatives": ("按另一说法评估的对照", "Assessed with the plan's alternative figures"),
    "h_data_gaps": ("缺失、滞后与示例数据", "Missing, stale and illustrative data"),
    "h_changes": ("与上年报告相比的变化", "What changed since last year's report"),
    "h_methods": ("方法说明", "Methods"),
    "h_status_definitions": ("状态的含义", "What each status means"),
    "h_status_time": ("按时间进度判断(时间进度法)", "Status by time progress"),
    "h_status_pace": ("按年均增速判断(CAGR比值法)", "Status by pace (CAGR ratio)"),
    "h_status_anticipated": ("按趋势外推判断", "Anticipated progress (projection)"),
    "h_method_parameters": ("本报告使用的参数", "Parameters used in this report"),
    # -- banners, captions, sentences -----------------------------------------------------------
    "illustrative_banner": (
        "本报告使用的是示例数据，不是真实统计，仅用于演示，不得用于决策或对外引用。",
        "This report uses illustrative data, not real statistics; for demonstration only, not for "
        "decisions or quotation.",
    ),
    "illustrative_tag": ("(示例数据)", " (illustrative data)"),
    "summary_counts": (
        "{year}年评估的{total}个指标中:{counts}。",
        "Of the {total} series assessed for {year}: {counts}.",
    ),
    "summary_count_item": ("{label}{n}个", "{n} {label}"),
    "summary_rows": (
        "按规划指标表{rows}行计(一行含两个指标的,两个都实现才算实现):{counts}。",
        "Counting the plan table's {rows} rows (a row of two series is achieved only when both are): {counts}.",
    ),
    "summary_row_item": ("{label}{n}行", "{n} {label}"),
    "summary_alarms": (
        "需关注的约束性指标{n}个:{names}。",
        "Binding indicators needing attention ({n}): {names}.",
    ),
    "summary_alarm_item": ("{name}({status},{department})", "{name} ({status}; {department})"),
    "summary_no_alarms": (
        "约束性指标均已实现、快于预期或基本符合预期。",
        "Every binding indicator is achieved, ahead of schedule or on track.",
    ),
    "no_alarms": (
        "{year}年没有需要报警的约束性指标:约束性指标均已实现、快于预期或基本符合预期。",
        "No binding indicator needs an alarm for {year}: each is achieved, ahead of schedule or on track.",
    ),
    "alarm_value_vs_target": ("{value}({data_year}年);目标:{target}", "{value} ({data_year}); target: {target}"),
    "alarm_no_value": ("{first}–{year}年没有实际值;目标:{target}", "no actual for {first}–{year}; target: {target}"),
    "needed_level": (
        "每年还需提高{increment}(年均增速{rate}),{target_year}年才能达到{target}",
        "{increment} a year ({rate} a year) to reach {target} by {target_year}",
    ),
    "needed_level_down": (
        "每年还需降低{increment},{target_year}年才能降到{target}",
        "{increment} lower each year to reach {target} by {target_year}",
    ),
    "needed_level_final": (
        "目标年已到,未达到目标,差{gap}",
        "The target year has come and the target is missed by {gap}",
    ),
    "needed_ceiling": (
        "每年都须{bound}:{data_year}年为{value},已突破上限,须立即压降到上限以内",
        "Every year {bound}: {value} in {data_year} is over the bound; it must come back within it now",
    ),
    "needed_floor": (
        "每年都须{bound}:{data_year}年为{value},已低于下限,须立即回到下限以上",
        "Every year {bound}: {value} in {data_year} is below the floor; it must come back above it now",
    ),
    "needed_maintain": (
        "须恢复并每年保持{target}(现为{value},差{gap})",
        "Restore and hold {target} every year (now {value}, {gap} short)",
    ),
    "needed_cumulative": (
        "{target_year}年前每年平均还需{increment},五年累计才能达到{target}",
        "{increment} a year on average until {target_year} for the five-year total to reach {target}",
    ),
    "needed_qualitative": (
        "完成省州下达的{target},{data_year}年完成{value},还差{gap}",
        "Complete the quota of {target} handed down; {value} done in {data_year}, {gap} to go",
    ),
    "needed_not_assessable": (
        "填报每年省州下达的任务数，才能判断是否完成",
        "Report each year's quota handed down (assigned_target) so that completion can be judged",
    ),
    "needed_no_data": (
        "{department}尽快报送{first}–{year}年的实际值",
        "{department} to report the actuals for {first}–{year}",
    ),
    "needed_regressing": (
        "已偏离基期,须先扭转下降趋势:每年还需{increment},{target_year}年才能达到{target}",
        "It has moved away from the baseline and must turn around: {increment} a year to reach {target} by {target_year}",
    ),
    "ceiling_bound_lt": ("低于{target}", "below {target}"),
    "ceiling_bound_le": ("不高于{target}", "at most {target}"),
    "floor_bound_gt": ("高于{target}", "above {target}"),
    "floor_bound_ge": ("不低于{target}", "at least {target}"),
    "target_cumulative": ("{target}(五年累计)", "{target} (five-year total)"),
    "target_qualitative_assigned": ("省州下达{target}", "{target} handed down"),
    "target_quota_printed": ("完成省州下达目标", "Complete the quota handed down by province and prefecture"),
    "value_cumulative": ("{value}(累计)", "{value} (running total)"),
    "caption_series": (
        "{baseline_part}{target_part}{value_part}{tag}",
        "{baseline_part}{target_part}{value_part}{tag}",
    ),
    "caption_baseline": ("{year}年基期{value}(出处:{cite});", "Baseline {value} in {year} (source: {cite}); "),
    "caption_no_baseline": ("规划未印基期值;", "The plan prints no baseline; "),
    "caption_target": ("{year}年目标{target}(出处:{cite})。", "target {target} by {year} (source: {cite}). "),
    "caption_target_printed": ("目标:{target}(出处:{cite})。", "target: {target} (source: {cite}). "),
    "caption_value": (
        "{data_year}年实际值{value},{status}",
        "{value} in {data_year}: {status}",
    ),
    "caption_value_progress": (
        "{data_year}年实际值{value},完成进度{progress},时间进度{time},{status}",
        "{value} in {data_year}; progress share {progress} against time share {time}: {status}",
    ),
    "caption_no_value": ("{first}–{year}年尚无实际值。", "No actual yet for {first}–{year}."),
    "caption_status_by_domain": (
        "{year}年各领域指标状态(按指标计,共{total}个){tag}。",
        "Status of the series by domain in {year} ({total} series){tag}.",
    ),
    "caption_small_multiples": (
        "各指标{first}–{year}年走势:点为实际值,虚线为基期到目标的直线进度{tag}。",
        "Every series {first}–{year}: dots are actuals, the dashed line runs straight from baseline to target{tag}.",
    ),
    "domain_intro": (
        "{domain}共{n}个指标:{counts}。",
        "{domain}: {n} series — {counts}.",
    ),
    "series_notes": ("说明", "Notes"),
    "series_issues": ("数据质量问题", "Quality issues"),
    "series_assessment_notes": ("评估提示", "Notes on the assessment"),
    "no_extended": (
        "规划文件中尚未录入正文中的其他量化目标。",
        "The plan file lists no quantified targets from the plan's text yet.",
    ),
    "no_projects": ("规划文件中尚未录入重点工程。", "The plan file lists no key projects yet."),
    "no_quality_issues": (
        "规划文件中尚未录入规划本身的矛盾或含糊之处。",
        "The plan file records no contradictions or ambiguities of the plan.",
    ),
    "no_alternatives": (
        "规划中没有需要并列评估的另一说法。",
        "The plan states no alternative figure to assess side by side.",
    ),
    "no_data_gaps": ("所有指标都有{year}年的完整数据。", "Every series has complete data for {year}."),
    "extended_no_data": (
        "正文其他量化目标中有{n}个尚无实际值(见“规划正文中的其他量化目标”一章)。",
        "{n} of the quantified targets from the plan's text have no actual yet (see the chapter on them).",
    ),
    "no_changes": ("与上年相比,各指标的状态和数值均无变化。", "No status or value changed since last year."),
    "changes_basis_report": (
        "对照上年报告的评估结果({path},{previous_year}年)。",
        "Compared with last year's report ({path}, {previous_year}).",
    ),
    "changes_basis_recomputed": (
        "未提供上年报告,以下用同一份实际值重新计算{previous_year}年的评估作对照;上年报告发布后数据若有修订,这里看不出来。",
        "No previous report was given: {previous_year} is recomputed from the same actuals for comparison, so revisions made since last year's report cannot show here.",
    ),
    "changes_basis_missing": (
        "未找到上年报告({path}),以下用同一份实际值重新计算{previous_year}年的评估作对照;上年报告发布后数据若有修订,这里看不出来。",
        "Last year's report was not found ({path}): {previous_year} is recomputed from the same actuals for comparison, so revisions made since then cannot show here.",
    ),
    "changes_basis_none": (
        "{year}年是规划期第一年,没有上年评估可对照。",
        "{year} is the first year of the plan period: there is no earlier assessment to compare with.",
    ),
    "change_status": ("状态变化", "Status changed"),
    "change_revised": ("数值修订", "Value revised"),
    "change_new_data": ("有了新数据", "New data"),
    "change_new_series": ("新增指标", "New series"),
    "change_dropped": ("上年报告有、本年无", "In last year's report only"),
    "change_status_detail": ("{previous} → {current}", "{previous} → {current}"),
    "change_revised_detail": (
        "{data_year}年的值由{previous}改为{current}",
        "the {data_year} value changed from {previous} to {current}",
    ),
    "change_new_data_detail": (
        "数据年份由{previous}年更新到{current}年",
        "data year moved from {previous} to {current}",
    ),
    # -- run facts ------------------------------------------------------------------------------
    "fact_plan": ("规划文件", "Plan file"),
    "fact_plan_title": ("规划", "Plan"),
    "fact_year": ("评估年份", "Assessment year"),
    "fact_actuals": ("实际值文件", "Actuals files"),
    "fact_vintage": ("数据截至", "Data vintage"),
    "fact_vintage_value": (
        "最新数据年份{latest}年;文件日期{dates}",
        "latest data year {latest}; file dates {dates}",
    ),
    "fact_band": ("时间进度判断带宽 b", "Band b of the time-progress status"),
    "fact_illustrative": ("是否含示例数据", "Illustrative data used"),
    "fact_previous_report": ("对照的上年报告", "Previous report compared"),
    "fact_language": ("报告语言", "Report language"),
    "fact_version": ("软件版本", "Software version"),
    "fact_series": ("指标数", "Series"),
    "fact_series_value": (
        "指标表{headline}个,正文其他量化目标{extended}个",
        "{headline} in the table, {extended} from the text",
    ),
    "fact_yes_illustrative": ("是——含示例数据,数字不是真实统计", "Yes — illustrative data, not real statistics"),
    "fact_none": ("未提供", "none given"),
    "fact_previous_missing": (
        "未找到 {path}(改为用同一份实际值重算上年)",
        "{path} not found (last year recomputed from the same actuals)",
    ),
    # -- status rules (the method, for the status definitions table) ----------------------------
    "rule_achieved": (
        "达到目标:d·(x − x*) ≥ 0;上限类为每年守住上限",
        "Target met: d·(x − x*) ≥ 0; for a ceiling, within the bound",
    ),
    "rule_ahead": ("完成进度/时间进度 q ≥ 1 + b = {upper}", "progress share / time share q ≥ 1 + b = {upper}"),
    "rule_on_track": ("{lower} = 1 − b ≤ q < 1 + b = {upper}", "{lower} = 1 − b ≤ q < 1 + b = {upper}"),
    "rule_lagging": ("完成进度 ≥ 0 且 q < 1 − b = {lower}", "progress share ≥ 0 and q < 1 − b = {lower}"),
    "rule_regressing": (
        "完成进度 < 0(比基期更远离目标);保持类指标低于应保持的水平",
        "progress share < 0 (further from the target than at baseline); a maintain indicator below its level",
    ),
    "rule_breached": ("上限类(约束性)指标当年超出上限", "A ceiling indicator over its bound that year"),
    "rule_no_data": ("评估年份及以前没有实际值", "No actual up to the assessment year"),
    "rule_not_assessable": (
        "定性目标(“完成省州下达目标”)未填报下达任务数",
        "Qualitative target ('complete the quota handed down') with no quota reported",
    ),
    "rule_cagr_achieved": ("已达到目标(先判断)", "Target met (checked first)"),
    "rule_cagr_substantial": ("实际年均增速/所需年均增速 R ≥ 0.95", "observed rate / required rate R ≥ 0.95"),
    "rule_cagr_moderate": ("0.60 ≤ R < 0.95", "0.60 ≤ R < 0.95"),
    "rule_cagr_limited": ("0 ≤ R < 0.60", "0 ≤ R < 0.60"),
    "rule_cagr_deterioration": ("R < 0(向反方向变化)", "R < 0 (moving the wrong way)"),
    "rule_anticipated_maintain": (
        "按趋势线外推到目标年可达到目标(A ≥ 1)",
        "The trend line reaches the target by the target year (A ≥ 1)",
    ),
    "rule_anticipated_accelerate": (
        "趋势方向正确但到目标年达不到(0 ≤ A < 1),需要加快",
        "Right direction but short of the target by the target year (0 ≤ A < 1)",
    ),
    "rule_anticipated_reverse": ("趋势背离目标(A < 0),需要扭转", "The trend moves away from the target (A < 0)"),
    "param_band": ("时间进度判断带宽 b", "Band b of the time-progress status"),
    "param_years": ("规划期", "Plan period"),
    "param_years_value": ("基期{base}年,目标年{target}年", "base year {base}, target year {target}"),
    "param_time_share": ("{year}年的时间进度 τ", "Time share τ at {year}"),
    "param_thresholds": ("快于预期/滞后的分界", "Thresholds ahead / lagging"),
    "param_thresholds_value": ("q ≥ {upper} 为快于预期,q < {lower} 为滞后", "q ≥ {upper} ahead, q < {lower} lagging"),
    "time_share_of_year": ("{year}年时间进度{share}", "time share {share} in {year}"),
    # -- plain-text summaries of figures --------------------------------------------------------
    "plain_figure": ("[图] {title}", "[figure] {title}"),
    "plain_figures": ("[图] {title}:{n}幅", "[figure] {title}: {n} charts"),
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:  # pragma: no cover - only reached on a template bug
        raise KeyError(f"label template needs {{{key}}}")


def check_language(language: str) -> str:
    """The language code if it is one the reports speak; ValueError otherwise.

    >>> check_language("en")
    'en'
    """
    if language not in LANGUAGES:
        raise ValueError(
            f"language must be one of {', '.join(repr(x) for x in LANGUAGES)} (zh = 中文, en = English), not {language!r}"
        )
    return language


_ONE_YEAR_SPAN = re.compile(r"(?<!\d)(\d{4})[–—-]\1(?!\d)")


def t(key: str, language: str = "zh", **values: Any) -> str:
    """The label ``key`` in ``language``, with its blanks filled from ``values``."""
    check_language(language)
    try:
        zh, en = LABELS[key]
    except KeyError:
        raise KeyError(f"no label {key!r} in dayao_data.i18n.LABELS") from None
    text = en if language == "en" else zh
    if not values:
        return text
    # A span of one year is that year: "2021–2021年" reads "2021年" (the first year of a plan).
    return _ONE_YEAR_SPAN.sub(r"\1", string.Formatter().vformat(text, (), _Blank(values)))


def status_label(code: Any, language: str = "zh") -> str:
    """The report label of a status code; '' for an empty status."""
    if code is None or code != code:  # None or NaN
        return ""
    zh, en = STATUS_LABELS[str(code)]
    return en if language == "en" else zh


def cagr_label(code: Any, language: str = "zh") -> str:
    if code is None or code != code:
        return ""
    zh, en = CAGR_LABELS[str(code)]
    return en if language == "en" else zh


def anticipated_label(code: Any, language: str = "zh") -> str:
    if code is None or code != code:
        return ""
    zh, en = ANTICIPATED_LABELS[str(code)]
    return en if language == "en" else zh


def attribute_label(attribute: str, language: str = "zh") -> str:
    return t(f"attribute_{attribute}", language) if f"attribute_{attribute}" in LABELS else str(attribute)


def kind_label(kind: str, language: str = "zh", direction: int = -1) -> str:
    """The kind of target; a "ceiling" that bounds from below (direction +1) is a floor."""
    if kind == "ceiling" and direction == 1:
        return t("kind_floor", language)
    key = f"kind_{kind}"
    return t(key, language) if key in LABELS else str(kind)


def issue_kind_label(kind: str, language: str = "zh") -> str:
    key = f"issue_{kind}"
    return t(key, language) if key in LABELS else str(kind)


def note_label(code: str, language: str = "zh") -> str:
    key = f"note_{code}"
    return t(key, language) if key in LABELS else str(code)


def join_list(items, language: str = "zh") -> str:
    """Items joined the way the language lists them (、 in Chinese, commas in English)."""
    return t("list_sep", language).join(str(i) for i in items)
