"""The templates of the mid-term's sentences: marks and small parts, overall progress, groups,
projects, problems, recommendations and the methods side by side.

Part of :data:`dayao_data.evaluation.narrative.common.TEMPLATES`; no digit in any template, every
figure is a field.
"""

from __future__ import annotations

#: The templates of the mid-term's sentences (Chinese, English): marks, parts, methods.
MIDTERM_TEMPLATES: dict[str, tuple[str, str]] = {
    # -- marks and small parts ----------------------------------------------------------------
    "binding_mark": ("〔约束性〕", " [binding]"),
    "stale_mark": (",{data_year}年数据", "; {data_year} data"),
    "count_item": ("{label}{n}个", "{label} {n}"),
    "alarm_item": ("{name}({status}{alt},{department})", "{name} ({status}{alt}; {department})"),
    "alt_beside": ("；按规划{where}{field}{value}为{status}", "; {status} against the plan's {where} {field} {value}"),
    "alt_target": (
        "规划表中{name}{target_year}年目标为{used}，{where}为{alternative}；本报告按表中{used}评估为{status_used}，按{alternative}评估为{status_alternative}。",
        "The plan's table sets {name} at {used} for {target_year}, its {where} at {alternative}; against {used} (the table) it "
        "is {status_used}, against {alternative} it would be {status_alternative}.",
    ),
    "alt_baseline": (
        "规划表中{name}基期值为{used}，{where}为{alternative}；本报告按表中{used}评估为{status_used}，按{alternative}评估为{status_alternative}。",
        "The plan's table gives {name} a baseline of {used}, its {where} {alternative}; with {used} (the table) it is "
        "{status_used}, with {alternative} it would be {status_alternative}.",
    ),
    "name_year_item": ("{name}({data_year}年)", "{name} ({data_year})"),
    "data_year_item": ("{data_year}年数据{n}个", "{n} with {data_year} data"),
    "illustrative": (
        "本报告使用示例数据,数字不是真实统计,仅用于演示。",
        "This report uses illustrative data: the figures are not real statistics and are for demonstration only.",
    ),
    # -- mid-term: overall progress -----------------------------------------------------------
    "mt_time": (
        "{year}年是规划期的中点(基期{base_year}年,目标年{target_year}年),时间进度为{time_share}。",
        "{year} is the mid-point of the plan period (base year {base_year}, target year {target_year}): the time share is {time_share}.",
    ),
    "mt_data_years": (
        "各指标按截至{year}年的最新数据评估:{items}。",
        "Each series is assessed on its latest data up to {year}: {items}.",
    ),
    "mt_task": (
        "有完成进度可比的{n_with_share}个指标,平均完成进度{mean_task_share}、中位数{median_task_share}"
        "(超额完成的按全部完成计),其数据年份对应的平均时间进度为{mean_time_share};"
        "{n_at_or_above_time}个达到或超过时间进度,{n_at_or_above_half}个完成过半。",
        "The {n_with_share} series with a progress share have done {mean_task_share} of their task on average "
        "(median {median_task_share}; a target exceeded counts as done), against an average time share of "
        "{mean_time_share} at their data years; {n_at_or_above_time} are at or above their time share and "
        "{n_at_or_above_half} are past half of their task.",
    ),
    "mt_verdict_met": (
        "总体上实现了“时间过半、任务过半”:平均完成进度比平均时间进度高{gap}。",
        "Overall, progress keeps pace with time (“时间过半、任务过半”): the average progress share is {gap} above the average time share.",
    ),
    "mt_verdict_short": (
        "总体上未达到“时间过半、任务过半”:平均完成进度比平均时间进度低{gap}。",
        "Overall, progress falls behind time (“时间过半、任务过半” is not met): the average progress share is {gap} below the average time share.",
    ),
    "mt_no_share": ("没有可计算完成进度的指标。", "No series has a progress share."),
    "mt_counts": (
        "按时间进度法,{n_series}个指标中:{counts}。",
        "By time progress, of the {n_series} series: {counts}.",
    ),
    "mt_binding_ok": (
        "约束性指标{n_binding}个,均已实现、快于预期或基本符合预期。",
        "All {n_binding} binding indicators are achieved, ahead of schedule or on track.",
    ),
    "mt_binding_alarm": (
        "约束性指标{n_binding}个,其中{n_binding_alarm}个需要关注:{names}。",
        "Of the {n_binding} binding indicators, {n_binding_alarm} need attention: {names}.",
    ),
    "mt_stale": (
        "最新数据早于{year}年的指标{n_stale}个:{items}。",
        "Series with no data for {year} yet ({n_stale}): {items}.",
    ),
    # -- mid-term: groups -----------------------------------------------------------------------
    "group_head": ("{label}({n}个):{items}。", "{label} ({n}): {items}."),
    "item_share": (
        "{name}{binding}(完成进度{progress_share},时间进度{time_share}{stale})",
        "{name}{binding} (progress {progress_share} against time {time_share}{stale})",
    ),
    "item_value_target": (
        "{name}{binding}({value},目标{target}{stale})",
        "{name}{binding} ({value}; target {target}{stale})",
    ),
    "item_regress": (
        "{name}{binding}({value},基期{baseline}{stale})",
        "{name}{binding} ({value}; baseline {baseline}{stale})",
    ),
    "item_maintain": (
        "{name}{binding}({value},应保持{target}{stale})",
        "{name}{binding} ({value}; to hold {target}{stale})",
    ),
    "item_ceiling": (
        "{name}{binding}({data_year}年{value},{bound_name}{target})",
        "{name}{binding} ({value} in {data_year}; {bound_name} {target})",
    ),
    "item_ceiling_history": (
        "{name}{binding}({data_year}年{value},{bound_name}{target};{breach_years}年越限)",
        "{name}{binding} ({value} in {data_year}; {bound_name} {target}; crossed in {breach_years})",
    ),
    "item_quota": (
        "{name}{binding}({data_year}年完成{value},下达{target})",
        "{name}{binding} ({value} done in {data_year}; quota {target})",
    ),
    "item_name": ("{name}{binding}", "{name}{binding}"),
    # -- mid-term: key projects ----------------------------------------------------------------
    "pj_summary": (
        "规划安排重点工程{n_projects}项，明确量化目标{n_project_targets}个（其中投资目标{n_investment_targets}个）；"
        "截至评估年份，各责任单位报送了其中{n_project_targets_with_data}个目标的进展。",
        "The plan sets {n_projects} key projects with {n_project_targets} quantified targets ({n_investment_targets} "
        "of them investment); progress has been reported for {n_project_targets_with_data} of them.",
    ),
    "pj_summary_none": (
        "规划安排重点工程{n_projects}项，明确量化目标{n_project_targets}个（其中投资目标{n_investment_targets}个）；"
        "截至评估年份，各责任单位尚未报送进展，各工程的完成情况需在报送后评估。",
        "The plan sets {n_projects} key projects with {n_project_targets} quantified targets ({n_investment_targets} "
        "of them investment); no progress has been reported for them yet, so their completion cannot be assessed.",
    ),
    "pj_none": ("规划未列出重点工程。", "The plan lists no key projects."),
    "pj_item": (
        "{project}的{target}:截至{data_year}年{value},为目标{goal}的{progress_share}。",
        "{project} — {target}: {value} by {data_year}, {progress_share} of the target {goal}.",
    ),
    # -- mid-term: problems ---------------------------------------------------------------------
    "pb_level": (
        "{name}{binding}({department}):{data_year}年为{value},目标{target},还差{gap}{regress};"
        "剩余{years_left}年每年需{verb}{required}{rate},{compare}。",
        "{name}{binding} ({department}): {value} in {data_year} against a target of {target}, {gap} to go{regress}; "
        "it needs {verb}{required} a year for the {years_left} remaining years{rate}, {compare}.",
    ),
    "pb_cumulative": (
        "{name}{binding}({department}):截至{data_year}年累计{value},为规划期目标{target}的{progress_share};"
        "剩余{years_left}年每年平均需{required},{compare}。",
        "{name}{binding} ({department}): a running total of {value} by {data_year}, {progress_share} of the plan-period "
        "target {target}; it needs {required} a year on average for the {years_left} remaining years, {compare}.",
    ),
    "pb_regress": (",比基期{baseline}更远离目标", ", further from the target than the baseline {baseline}"),
    "pb_rate": ("(年均增速{rate})", " ({rate})"),
    "pb_rate_down": ("(年均降幅{rate})", " (down {rate})"),
    "pb_exceeds": (
        "超过此前最好的一年({best_year}年{best_change}),此前年均{mean_change}",
        "more than its best year so far ({best_change} in {best_year}); the average so far is {mean_change} a year",
    ),
    "pb_within_best": (
        "不超过此前最好的一年({best_year}年{best_change}),但高于此前年均{mean_change}",
        "no more than its best year so far ({best_change} in {best_year}) but above the average so far, {mean_change} a year",
    ),
    "pb_no_best": (
        "此前没有一年朝目标方向变化(最好的一年为{best_year}年,{best_change})",
        "and no year so far has moved towards the target (the best was {best_change} in {best_year})",
    ),
    "pb_no_pace": (
        "只有一个年度数据,看不出年度变化",
        "with a single yearly value there is no yearly change to compare",
    ),
    "pb_ceiling": (
        "{name}{binding}({department}):{data_year}年为{value},超出上限{target};下一年需降低{required}才能回到上限,{compare}。",
        "{name}{binding} ({department}): {value} in {data_year}, over the bound {target}; it must fall by {required} next year "
        "to be back at the bound, {compare}.",
    ),
    "pb_floor": (
        "{name}{binding}({department}):{data_year}年为{value},低于下限{target};下一年需提高{required}才能回到下限,{compare}。",
        "{name}{binding} ({department}): {value} in {data_year}, below the floor {target}; it must rise by {required} next year "
        "to be back at the floor, {compare}.",
    ),
    "pb_ceiling_best": (
        "此前改善最多的一年为{best_year}年({best_change})",
        "the largest improvement so far was {best_change} in {best_year}",
    ),
    "pb_ceiling_no_best": (
        "此前没有一年改善过(变化最好的一年为{best_year}年,{best_change})",
        "and it has not improved in any year so far (the best was {best_change} in {best_year})",
    ),
    "pb_ceiling_at_bound": (
        "{name}{binding}({department}):{data_year}年为{value},等于{bound_name}{target},而规划要求{strict_word}{bound_name};"
        "下一年须{move}{bound_name}{side},{compare}。",
        "{name}{binding} ({department}): {value} in {data_year}, equal to the {bound_name} {target} where the plan asks for "
        "{strict_word}; it must {move} the {bound_name} next year{side}, {compare}.",
    ),
    "pb_breached_earlier": (
        "{name}{binding}({department}):{breach_years}年{over}{bound_name}{target},{data_year}年为{value},已回到{bound_name}{inside}。",
        "{name}{binding} ({department}): {over} the {bound_name} {target} in {breach_years}; {value} in {data_year}, back {inside} it.",
    ),
    "pb_quota": (
        "{name}{binding}({department}):{data_year}年完成{value},上级下达{target},还差{gap}。",
        "{name}{binding} ({department}): {value} done in {data_year} against a quota of {target}, {gap} short.",
    ),
    "pb_none": ("没有滞后、倒退或突破约束的指标。", "No series is lagging, regressing or over its bound."),
    "verb_up": ("提高", "an increase of "),
    "verb_down": ("降低", "a decrease of "),
    # -- mid-term: recommendations --------------------------------------------------------------
    "rc_ceiling_breached": (
        "{name}{binding}({department}):{data_year}年{value}已超出上限{target},下一年须降低{required}回到上限以内;{feasible}。",
        "{name}{binding} ({department}): {value} in {data_year} is over the bound {target}; it must fall by {required} next year; {feasible}.",
    ),
    "rc_floor_breached": (
        "{name}{binding}({department}):{data_year}年{value}已低于下限{target},下一年须提高{required}回到下限以上;{feasible}。",
        "{name}{binding} ({department}): {value} in {data_year} is below the floor {target}; it must rise by {required} next year; {feasible}.",
    ),
    "rc_ceiling_at_bound": (
        "{name}{binding}({department}):{data_year}年{value}等于{bound_name}{target},而规划要求{strict_word}{bound_name},"
        "下一年须{move}{bound_name}{side};{feasible}。",
        "{name}{binding} ({department}): {value} in {data_year} equals the {bound_name} {target} where the plan asks for "
        "{strict_word}; it must {move} it next year{side}; {feasible}.",
    ),
    "rc_ceiling_feasible": (
        "此前{best_year}年曾有这样的改善({best_change}),按这一力度可以做到",
        "a change like that of {best_year} ({best_change}) would do it",
    ),
    "rc_ceiling_infeasible": (
        "此前改善最多的一年({best_year}年{best_change})也不够,须采取新的措施",
        "even the best year so far ({best_change} in {best_year}) would not be enough: new measures are needed",
    ),
    "rc_ceiling_breached_earlier": (
        "{name}{binding}({department}):{breach_years}年曾{over}{bound_name}{target},{data_year}年为{value};"
        "按此前年均变化{mean_change},到{target_year}年为{value_at_mean},{outlook},须每年都在{bound_name}{inside}。",
        "{name}{binding} ({department}): {over} the {bound_name} {target} in {breach_years}, {value} in {data_year}; at the "
        "average change so far ({mean_change} a year) it would be {value_at_mean} in {target_year}, {outlook}; it must stay "
        "{inside} the {bound_name} every year.",
    ),
    "outlook_within": ("仍在{bound_name}{inside}", "still {inside} the {bound_name}"),
    "outlook_over": ("将再次{over}{bound_name}", "{over} the {bound_name} again"),
    "rc_above_best_pace": (
        "{name}{binding}({department}):剩余{years_left}年每年须{verb}{required},超过此前最好的一年"
        "({best_year}年{best_change});即使每年都保持最好年份的速度,到{target_year}年也只有{value_at_best}(目标{target}){reach}。",
        "{name}{binding} ({department}): it needs {verb}{required} a year for {years_left} years, more than its best year so far "
        "({best_change} in {best_year}); even at that best pace every year it would reach only {value_at_best} by {target_year} "
        "(target {target}){reach}.",
    ),
    "rc_plan_task": (
        "规划{section}部署了{project}，提出“{quote}”；{department}应把这项工程作为推动{name}达到目标的主要抓手，按剩余年份逐年分解任务。",
        "The plan ({section}) sets out the {project}: “{quote}”; {department} should make it the main lever for {name} "
        "and split the remaining work by year.",
    ),
    "rc_plan_task_final": (
        "规划{section}部署了{project}，提出“{quote}”；{department}应总结这项工程的实施情况，在下一个规划中把{name}的任务落实到具体工程和年度计划。",
        "The plan ({section}) set out the {project}: “{quote}”; {department} should review how it was carried out and tie {name} "
        "to named projects and yearly plans in the next plan.",
    ),
    "rc_plan_task_reused": (
        "规划{section}对{name}所在领域的部署已在前条列出，{department}应在年度工作计划中单列{name}的措施和投入。",
        "The plan's measures for the field ({section}) are listed above; {department} should set out its own measures and "
        "funding for {name} in the annual work plan.",
    ),
    "rc_reach_year": (",要到{year}年才能达到目标", ", and would reach the target only in {year}"),
    "rc_sustain_best_pace": (
        "{name}{binding}({department}):剩余{years_left}年每年须{verb}{required},高于此前年均{mean_change},"
        "但不超过最好的一年({best_year}年{best_change});按此前年均速度到{target_year}年只有{value_at_mean},"
        "须每年保持接近最好年份的力度。",
        "{name}{binding} ({department}): it needs {verb}{required} a year for {years_left} years, above the average so far "
        "({mean_change} a year) but within its best year ({best_change} in {best_year}); at the average pace it would reach "
        "only {value_at_mean} by {target_year}, so every remaining year must come close to the best one.",
    ),
    "rc_on_course_mean": (
        "{name}{binding}({department}):按此前年均变化{mean_change},到{target_year}年可达{value_at_mean}(目标{target}),"
        "保持现有力度即可。",
        "{name}{binding} ({department}): at the average change so far ({mean_change} a year) it would reach {value_at_mean} "
        "by {target_year} (target {target}); keeping the current effort is enough.",
    ),
    "rc_no_pace_seen": (
        "{name}{binding}({department}):只有一个年度数据,看不出年度变化;请补报规划期以来各年的数据。",
        "{name}{binding} ({department}): a single yearly value shows no yearly change; report every year of the plan period.",
    ),
    "rc_quota_short": (
        "{name}{binding}({department}):{data_year}年完成{value},低于上级下达的{target},须补足差额{gap}。",
        "{name}{binding} ({department}): {value} done in {data_year}, below the quota of {target}; {gap} must be made up.",
    ),
    "rc_watch_trend": (
        "{name}{binding}({department}):按时间进度为{status},但按各年数据拟合的趋势线到{target_year}年为{projected}"
        "(目标{target}),趋势判断为“{anticipated}”,须防止后劲不足。",
        "{name}{binding} ({department}): {status} by time share, but the trend line through every year reaches {projected} "
        "by {target_year} (target {target}) — “{anticipated}”: guard against losing momentum.",
    ),
    "rc_stale_data": (
        "{name}:最新数据为{data_year}年,请{department}报送{year}年的数据。",
        "{name}: the latest data is for {data_year}; {department} to report {year}.",
    ),
    "rc_not_assessable": (
        "{name}{binding}:请{department}填报每年上级下达的任务数,才能判断是否完成。",
        "{name}{binding}: {department} to report each year's quota so that completion can be judged.",
    ),
    "rc_no_data": (
        "{name}{binding}:请{department}报送规划期以来的实际值。",
        "{name}{binding}: {department} to report the actuals of the plan period.",
    ),
    "rc_projects_no_data": (
        "重点工程尚无进展数据:请各责任部门按年度填报完成投资和建设数量。",
        "No progress data for the key projects yet: each department to report investment completed and quantities built each year.",
    ),
    # -- methods side by side -------------------------------------------------------------------
    "md_achieved_by_jump": (
        "已达到目标,但主要靠{best_year}年一年的变化({best_change},占基期以来变化的{best_change_share});"
        "按各年数据拟合的趋势线到{target_year}年为{projected},未达到目标{target}。",
        "The target is met, but mostly through one year ({best_change} in {best_year}, {best_change_share} of the change since "
        "the baseline); the trend line through every year reads {projected} in {target_year}, short of the target {target}.",
    ),
    "md_achieved_trend_short": (
        "已达到目标,但有回落(变化最差的一年为{worst_year}年,{worst_change});按各年数据拟合的趋势线到{target_year}年为"
        "{projected},未达到目标{target}。",
        "The target is met, but the series has fallen back (worst year {worst_year}: {worst_change}); the trend line through "
        "every year reads {projected} in {target_year}, short of the target {target}.",
    ),
    "md_ceiling_trend_crosses": (
        "目前在{bound_name}{target}{inside},但按各年数据拟合的趋势线到{target_year}年为{projected},将{across}{bound_name}。",
        "Now {inside} the {bound_name} {target}, but the trend line through every year reads {projected} in {target_year}, "
        "{across} the {bound_name}.",
    ),
    "md_breach_trend_within": (
        "{data_year}年为{value},{across}{bound_name}{target};但按各年数据拟合的趋势线到{target_year}年为{projected},"
        "回到{bound_name}{inside}:越限可能是一年的波动,仍须按每年守住{bound_name}的要求整改。",
        "{value} in {data_year} is {across} the {bound_name} {target}, but the trend line through every year reads {projected} "
        "in {target_year}, back {inside} it: the breach may be one year's swing, yet the {bound_name} holds every year.",
    ),
    "md_gain_in_one_year": (
        "按时间进度为{status}(完成进度{progress_share},时间进度{time_share}),但基期以来变化的{best_change_share}"
        "集中在{best_year}年({best_change});按各年数据拟合的趋势线更平缓,到{target_year}年为{projected},趋势判断为“{anticipated}”。",
        "{status} by time share (progress {progress_share} against time {time_share}), but {best_change_share} of the change "
        "since the baseline came in {best_year} ({best_change}); the trend line through every year is flatter and reads "
        "{projected} in {target_year}: “{anticipated}”.",
    ),
    "md_trend_flatter": (
        "按时间进度为{status}(完成进度{progress_share},时间进度{time_share}),但有放缓({worst_year}年变化{worst_change});"
        "按各年数据拟合的趋势线到{target_year}年为{projected},趋势判断为“{anticipated}”。",
        "{status} by time share (progress {progress_share} against time {time_share}), but it slowed ({worst_change} in "
        "{worst_year}); the trend line through every year reads {projected} in {target_year}: “{anticipated}”.",
    ),
    "md_latest_year_fell": (
        "按时间进度为{status}(完成进度{progress_share},时间进度{time_share}),主要因为{worst_year}年回落({worst_change});"
        "按各年数据拟合的趋势线到{target_year}年仍可达{projected},趋势判断为“{anticipated}”。",
        "{status} by time share (progress {progress_share} against time {time_share}), mainly because of a fall in "
        "{worst_year} ({worst_change}); the trend line through every year still reads {projected} in {target_year}: “{anticipated}”.",
    ),
    "md_thresholds": (
        "完成进度与时间进度之比为{time_ratio},在带宽以内,按时间进度为基本符合预期;增速比为{cagr_ratio},"
        "低于增速法“进展显著”的门槛,判为“{cagr}”:两种方法的分界不同,差别不在数据。",
        "Progress over time share is {time_ratio}, inside the band, so on track by time share; the CAGR ratio is {cagr_ratio}, "
        "under the pace method's line for “substantial”, so “{cagr}”: the methods draw the line in different places, the data agree.",
    ),
    "md_compound_vs_linear": (
        "时间进度法按直线进度衡量(完成进度与时间进度之比{time_ratio},{status}),增速法按复合年均增速衡量"
        "(增速比{cagr_ratio},{cagr}):复合增长路径{front},变化幅度大时两种判断会不同。",
        "Time share measures against a straight line (progress over time {time_ratio}: {status}); the CAGR ratio against "
        "compound growth ({cagr_ratio}: {cagr}); a compound path {front}, so with a large change the two verdicts part.",
    ),
    "front_small": ("前期所需增量较小", "asks for smaller gains early on"),
    "front_large": ("前期所需增量较大", "asks for larger gains early on"),
    "md_band": (
        "完成进度与时间进度之比为{time_ratio},在带宽以内,按时间进度为{status};按各年数据拟合的趋势线到{target_year}年为"
        "{projected}(预期进度{anticipated_progress}),略差于目标{target}:时间进度法容许带宽内的偏差,趋势法要求到期全部完成。",
        "Progress over time share is {time_ratio}, inside the band, so {status} by time share; the trend line through every "
        "year reads {projected} in {target_year} (anticipated progress {anticipated_progress}), just short of the target "
        "{target}: the time-share method allows the band, the projection asks for the whole target.",
    ),
    "md_no_baseline": (
        "规划未印基期值,时间进度法只能比较现值与目标({value},目标{target}),判为{status};按各年数据拟合的趋势线到"
        "{target_year}年为{projected},趋势判断为“{anticipated}”。",
        "The plan prints no baseline, so the time-share method can only compare the value with the target ({value}; target "
        "{target}): {status}; the trend line through every year reads {projected} in {target_year}: “{anticipated}”.",
    ),
    "md_other": ("三种方法角度不同:{views}。", "The methods look from different angles: {views}."),
    "md_view_time": ("时间进度法为{label}", "{label} by time share"),
    "md_view_pace": ("增速法为{label}", "{label} by pace"),
    "md_view_trend": ("趋势法为{label}", "{label} by trend"),
}
