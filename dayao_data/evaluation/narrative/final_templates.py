"""The templates of the final evaluation's sentences: conclusion, problems, experience, next plan.

Part of :data:`dayao_data.evaluation.narrative.common.TEMPLATES`; no digit in any template, every
figure is a field.
"""

from __future__ import annotations

#: The templates of the final's sentences (Chinese, English).
FINAL_TEMPLATES: dict[str, tuple[str, str]] = {
    # -- final ----------------------------------------------------------------------------------
    "fn_counts": (
        "{year}年是规划目标年。{n_series}个指标中:{items}。",
        "{year} is the plan's target year. Of the {n_series} series: {items}.",
    ),
    "fn_rate": (
        "指标完成率为{rate}：可判断是否实现的{n_assessed}个指标中，已实现{n_completed}个。",
        "The completion rate is {rate}: {n_completed} of the {n_assessed} indicators that can be judged are achieved.",
    ),
    "fn_binding_head": ("约束性指标逐项完成情况：", "The binding indicators one by one:"),
    "fn_binding_done": (
        "{name}（{department}）：完成，{year}年为{value}，{target_word}{target}。",
        "{name} ({department}): achieved, {value} in {year} against {target_word} {target}.",
    ),
    "fn_binding_breached": (
        "{name}（{department}）：未完成，{year}年为{value}，在{bound_name}{target}{inside}，但{breach_years}年{over}{bound_name}。",
        "{name} ({department}): not achieved — {value} in {year}, {inside} the {bound_name} {target}, but {over} it in {breach_years}.",
    ),
    "fn_binding_short": (
        "{name}（{department}）：未完成，{year}年为{value}，目标{target}，规划期年均变化{mean_change}，低于所需的{needed}。",
        "{name} ({department}): not achieved — {value} in {year} against {target}; it moved {mean_change} a year where "
        "{needed} was needed.",
    ),
    "fn_binding_quota": (
        "{name}（{department}）：未完成，{year}年完成{value}，低于上级下达的{target}。",
        "{name} ({department}): not achieved — {value} done in {year} against a quota of {target}.",
    ),
    "fn_binding_open": (
        "{name}（{department}）：{verdict}，无法判断是否完成。",
        "{name} ({department}): {verdict}, cannot be judged.",
    ),
    "fn_no_final": (
        "没有{year}年数据的指标不计为实现:{items}。",
        "Series without {year} data are not counted as achieved: {items}.",
    ),
    "fn_no_final_item": ("{name}(最新为{data_year}年)", "{name} (latest {data_year})"),
    "fn_no_data_item": ("{name}(无数据)", "{name} (no data)"),
    "fn_rows": (
        "按规划指标表{n_rows}行计:实现{n_rows_achieved}行,未实现{n_rows_not_achieved}行,无法判断{n_rows_undetermined}行"
        "(一行含两个指标的,两个都实现才算实现)。",
        "Counting the plan table's {n_rows} rows: {n_rows_achieved} achieved, {n_rows_not_achieved} not achieved, "
        "{n_rows_undetermined} undetermined (a row of two series is achieved only when both are).",
    ),
    "fn_row_detail": (
        "第{table_row}行含{n_series}个指标({items}),本行{verdict}。",
        "Row {table_row} holds {n_series} series ({items}): the row is {verdict}.",
    ),
    "fn_row_item": ("{name}{verdict}", "{name}: {verdict}"),
    "fn_binding_all": ("约束性指标{n_binding}个,全部实现。", "All {n_binding} binding indicators are achieved."),
    "fn_binding_some": (
        "约束性指标{n_binding}个,实现{n_binding_achieved}个;未实现或无法判断的:{items}。",
        "Of the {n_binding} binding indicators, {n_binding_achieved} are achieved; not achieved or undetermined: {items}.",
    ),
    "fn_binding_item": ("{name}({verdict}{alt},{department})", "{name} ({verdict}{alt}; {department})"),
    "fn_ceiling_held": (
        "{name}{binding}每年都在上限{bound}以内。",
        "{name}{binding} stayed within the bound {bound} every year.",
    ),
    "fn_floor_held": (
        "{name}{binding}每年都在下限{bound}以上。",
        "{name}{binding} stayed above the floor {bound} every year.",
    ),
    "fn_ceiling_breached": (
        "{name}{binding}在{breach_years}年{across}{bound_name}{bound}({bound_name}每年都须守住,后来回到限内也不能抵消)。",
        "{name}{binding} went {across} the {bound_name} {bound} in {breach_years} (a {bound_name} holds every year; later "
        "recovery does not undo it).",
    ),
    "fn_ceiling_partial": (
        "{name}{binding}有数据的年份都在{bound_name}{bound}{inside},但缺{missing_years}年的数据。",
        "{name}{binding} was {inside} the {bound_name} {bound} in every reported year, but {missing_years} are missing.",
    ),
    "fn_ceiling_none": (
        "{name}{binding}没有数据,无法核对{bound_name}。",
        "{name}{binding} has no data: the {bound_name} cannot be checked.",
    ),
    "fn_cumulative": (
        "{name}规划期累计{total},目标{target},完成{share}{missing}。",
        "{name}: plan-period total {total} against a target of {target}, {share} done{missing}.",
    ),
    "fn_missing": (",缺{missing_years}年数据", "; {missing_years} missing"),
    "fn_vs_mid": (
        "与{midterm_year}年中期评估相比:{items}。",
        "Compared with the {midterm_year} mid-term evaluation: {items}.",
    ),
    "fn_change_item": ("{label}{n}个({names})", "{label}: {n} ({names})"),
    # -- final: 四、存在的问题和原因 ------------------------------------------------------------
    "fp_level": (
        "{name}{binding}（{department}）：{data_year}年为{value}，目标{target}，差{gap}。"
        "规划期年均变化{mean_change}，完成目标需年均{needed}，实际速度为所需的{pace_ratio}；{best}",
        "{name}{binding} ({department}): {value} in {data_year} against a target of {target}, {gap} short. "
        "It moved {mean_change} a year over the period where the target needed {needed}, {pace_ratio} of the pace needed; {best}",
    ),
    "fp_best_met": (
        "进展最快的{best_year}年为{best_change}，达到所需速度，但其余年份未能保持。",
        "its best year, {best_year} ({best_change}), was fast enough, but the other years fell short.",
    ),
    "fp_best_short": (
        "进展最快的{best_year}年也只有{best_change}，规划期内没有一年达到所需速度。",
        "even its best year, {best_year}, moved only {best_change}: no year of the period kept the pace needed.",
    ),
    "fp_cumulative": (
        "{name}{binding}（{department}）：规划期累计{value}，目标{target}，差{gap}。"
        "年均{mean_change}，完成目标需年均{needed}，实际速度为所需的{pace_ratio}；{best}",
        "{name}{binding} ({department}): a plan-period total of {value} against a target of {target}, {gap} short. "
        "It averaged {mean_change} a year where the target needed {needed}, {pace_ratio} of the pace needed; {best}",
    ),
    "fp_ceiling": (
        "{name}{binding}（{department}）：{breach_years}年{over}{bound_name}{target}，{data_year}年为{value}，"
        "已回到{bound_name}{inside}；变化最不利的{worst_year}年为{worst_change}，{bound_name}须每年守住。",
        "{name}{binding} ({department}): {over} the {bound_name} {target} in {breach_years}; {value} in {data_year}, back "
        "{inside} it; the worst year, {worst_year}, moved {worst_change}, and the {bound_name} holds every year.",
    ),
    "fp_quota": (
        "{name}{binding}（{department}）：{data_year}年完成{value}，低于上级下达的{target}，差{gap}。",
        "{name}{binding} ({department}): {value} done in {data_year} against a quota of {target}, {gap} short.",
    ),
    "fp_none": ("规划目标年各项指标均已实现。", "Every indicator was achieved in the target year."),
    # -- final: 五、主要经验 -----------------------------------------------------------------------
    "fe_domains": (
        "{items}指标全部实现。",
        "Every indicator of {items} was achieved.",
    ),
    "fe_domain_item": ("{domain}领域{n}项", "{domain} ({n})"),
    "fe_counts": (
        "各领域实现情况：{items}。",
        "Achieved by domain: {items}.",
    ),
    "fe_count_item": ("{domain}{n_completed}/{n}", "{domain} {n_completed} of {n}"),
    "fe_early": (
        "{name}（{department}）{first_year}年即达到目标{target}，{year}年为{value}，规划期年均变化{mean_change}，高于完成目标所需的年均{needed}。",
        "{name} ({department}) reached its target {target} as early as {first_year} and stood at {value} in {year}; it moved "
        "{mean_change} a year, faster than the {needed} a year the target needed.",
    ),
    "fe_paced": (
        "按期实现的指标中，{items}的年均变化均达到完成目标所需的速度，说明规划确定的目标与工作力度相匹配。",
        "Among the indicators achieved on time, {items} each kept the pace their targets needed: the targets matched the effort.",
    ),
    "fe_paced_item": ("{name}（年均{mean_change}，所需{needed}）", "{name} ({mean_change} a year; {needed} needed)"),
    # -- final: 六、对下一个规划编制的建议 -----------------------------------------------------------------
    "nx_keep": (
        "{name}：建议保留。{year}年为{value}，规划期年均变化{mean_change}；以{year}年为基期，按此速度到{next_year}年约为{projected}，可作为新目标的参考。",
        "{name}: keep. {value} in {year}, {mean_change} a year over the period; from {year} at that pace it would be about "
        "{projected} by {next_year}, a reference for the new target.",
    ),
    "nx_keep_ceiling": (
        "{name}：建议保留{bound_name}{target}。规划期{breach_note}{year}年为{value}。",
        "{name}: keep the {bound_name} {target}. Over the period {breach_note}{value} in {year}.",
    ),
    "nx_breach_note": ("{breach_years}年曾超出，", "it was crossed in {breach_years}; "),
    "nx_held_note": ("每年均守住，", "it held every year; "),
    "nx_saturated": (
        "{name}：建议调整为保持类指标。规划期年均变化{mean_change}，{year}年已达到{value}，下一个规划宜以保持这一水平为目标。",
        "{name}: turn into an indicator to hold. It moved {mean_change} a year and stood at {value} in {year}: the next plan "
        "should ask to hold that level.",
    ),
    "nx_short": (
        "{name}：建议调整目标。规划期年均变化{mean_change}，仅为完成原目标所需年均{needed}的{pace_ratio}；按此速度到{next_year}年约为{projected}，新目标宜在此基础上结合新增措施确定。",
        "{name}: adjust the target. It moved {mean_change} a year, {pace_ratio} of the {needed} the old target needed; at that pace "
        "it would be about {projected} by {next_year}, the base for a new target with the added measures.",
    ),
    "nx_short_cumulative": (
        "{name}：建议调整目标。规划期年均{mean_change}，仅为完成原目标所需年均{needed}的{pace_ratio}；按此速度下一个规划期累计约为{projected}，新目标宜在此基础上结合新增措施确定。",
        "{name}: adjust the target. It averaged {mean_change} a year, {pace_ratio} of the {needed} the old target needed; at that "
        "pace the next plan period would total about {projected}, the base for a new target with the added measures.",
    ),
    "nx_no_final": (
        "{name}：建议保留并明确年度统计来源。最新数据为{data_year}年（{value}），目标年缺少数据，无法判断是否实现。",
        "{name}: keep, with a named yearly source. The latest figure is {value} for {data_year}; without a target-year figure "
        "achievement cannot be judged.",
    ),
    "nx_qualitative": (
        "{name}：建议改为有明确数值的指标。原目标为“完成省州下达目标”，只能逐年对照下达任务数判断，{year}年完成{value}。",
        "{name}: give it a figure. The target “complete the quota handed down” can only be judged year by year against "
        "the quota; {value} was done in {year}.",
    ),
    "nx_no_data": (
        "{name}：规划期内无数据，建议明确统计口径和责任单位后再列入，或不再列为主要指标。",
        "{name}: no data over the period; list it again only with a defined source and department, or drop it.",
    ),
    "nx_add": (
        "{name}：建议增加为主要指标。规划正文提出目标{target}，{data_year}年为{value}，已有年度数据可监测。",
        "{name}: add to the headline table. The plan's text sets {target}; {value} in {data_year}, with yearly data to monitor it.",
    ),
    "nx_head": ("{label}{n}项：{names}。", "{label}: {n} ({names})."),
    "fn_share_change": (
        "有完成进度可比的指标平均完成进度由中期的{mid}变为{final}。",
        "The average progress share of the series that have one went from {mid} at the mid-term to {final}.",
    ),
}
