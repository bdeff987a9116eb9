"""Cross-references and kinds of a plan file (what a JSON schema cannot say) as
:class:`~dayao_data.plan.problem.PlanProblem` s, tolerant of entries the schema has found broken.
"""

from __future__ import annotations

import difflib
import re

from dayao_data.plan.model import default_bounds
from dayao_data.plan.problem import PlanProblem, field_path, line_at, names_to_ids

__all__ = ["reference_problems"]


def reference_problems(raw: dict, raw_lines: dict) -> list[PlanProblem]:
    """Every broken reference, kind, year or bound of ``raw``, with its line from ``raw_lines``."""
    out: list[PlanProblem] = []

    def L(path: list) -> int | None:
        return line_at(raw_lines, path)

    def add(path: list, zh: str, en: str) -> None:
        out.append(PlanProblem(L(path), field_path(path), zh, en))

    meta = raw.get("plan") if isinstance(raw.get("plan"), dict) else {}
    by, ty = meta.get("base_year"), meta.get("target_year")
    if isinstance(by, int) and isinstance(ty, int) and ty <= by:
        add(
            ["plan", "target_year"],
            f"目标年（{ty}）必须晚于基期年（{by}），如 base_year: {by}、target_year: {by + 5}。",
            f"target_year ({ty}) must be after base_year ({by}), e.g. target_year: {by + 5}.",
        )

    def ids_of(key: str) -> list[str]:
        return [d["id"] for d in raw.get(key) or [] if isinstance(d, dict) and isinstance(d.get("id"), str)]

    deps, doms = ids_of("departments"), ids_of("domains")
    dom_names = names_to_ids(raw, "domains")
    all_ids = ids_of("indicators") + ids_of("extended_targets")
    seen: dict[str, str] = {}
    rows_seen: dict[tuple, str] = {}
    for key in ("departments", "domains", "indicators", "extended_targets", "projects", "quality_issues"):
        local: set = set()
        for i, d in enumerate(raw.get(key) or []):
            if not isinstance(d, dict) or not isinstance(d.get("id"), str):
                continue
            ident = d["id"]
            if key in ("indicators", "extended_targets"):
                if ident in seen:
                    add(
                        [key, i, "id"],
                        f"代码 {ident} 用了两次（另一处在 {seen[ident]}）：每个指标的代码必须不同。",
                        f"the id {ident} is used twice (also in {seen[ident]}): give each indicator its own id.",
                    )
                seen[ident] = key
            elif ident in local:
                add([key, i, "id"], f"代码 {ident} 在 {key} 中用了两次。", f"the id {ident} is used twice in {key}.")
            local.add(ident)
    for key in ("indicators", "extended_targets"):
        for i, d in enumerate(raw.get(key) or []):
            if not isinstance(d, dict):
                continue
            dom = d.get("domain")
            if isinstance(dom, str) and re.fullmatch(r"[a-z][a-z0-9_]*", dom) and dom not in doms:
                add(
                    [key, i, "domain"],
                    f"分类代码 {dom} 不在 domains 中；可写：{'、'.join(doms)}。",
                    f"the domain {dom} is not one of the plan's domains; write one of {', '.join(doms)}.",
                )
            dep = d.get("department")
            if isinstance(dep, str) and dep and dep not in deps:
                if re.fullmatch(r"[a-z][a-z0-9_]*", dep):
                    close = difflib.get_close_matches(dep, deps, n=1, cutoff=0.6)
                    hint_zh = f"是不是 {close[0]}？" if close else f"可写：{'、'.join(deps)}。"
                    hint_en = f"did you mean {close[0]}?" if close else f"write one of {', '.join(deps)}."
                    add(
                        [key, i, "department"],
                        f"部门代码 {dep} 不在 departments 中。{hint_zh}",
                        f"the department {dep} is not one of the plan's departments; {hint_en}",
                    )
            if key == "indicators":
                if "table_row" not in d:
                    add(
                        [key, i],
                        "主要指标表的指标要写 table_row（表中的序号），如 table_row: 1。",
                        "a headline indicator needs table_row (its row number in the table), e.g. table_row: 1.",
                    )
                elif isinstance(d.get("table_row"), int):
                    rk = (d.get("domain"), d["table_row"], d.get("series"))
                    # rows numbered continuously: the same number in two domains is fine only if numbering restarts
                    if rk in rows_seen:
                        add(
                            [key, i, "table_row"],
                            f"第{d['table_row']}行已经有指标 {rows_seen[rk]}：一行印两个指标时分别写 series: a 和 series: b。",
                            f"row {d['table_row']} already holds {rows_seen[rk]}: where a row prints two series, write series: a and series: b.",
                        )
                    rows_seen.setdefault(rk, str(d.get("id")))
            kind = d.get("kind")
            target = d.get("target") if isinstance(d.get("target"), dict) else {}
            baseline = d.get("baseline") if isinstance(d.get("baseline"), dict) else {}
            iby = d.get("base_year", by)
            ity = d.get("target_year", ty)
            if isinstance(iby, int) and isinstance(ity, int) and ity <= iby:
                add(
                    [key, i, "target_year"],
                    f"目标年 {ity} 必须晚于基期年 {iby}。",
                    f"target_year {ity} must be after base_year {iby}.",
                )
            if kind in ("level", "ceiling", "maintain", "cumulative") and not isinstance(
                target.get("value"), (int, float)
            ):
                add(
                    [key, i, "target", "value"] if target else [key, i],
                    f"目标类型 {kind} 要有数字目标：写 target: 下的 value（如 value: 95）；没有数字的目标写 kind: qualitative。",
                    f"kind {kind} needs a number as target.value (e.g. value: 95); a target without a number is kind: qualitative.",
                )
            if kind == "qualitative" and target.get("value") is not None:
                add(
                    [key, i, "target", "value"],
                    "定性目标（qualitative）不写数字目标：删去 target.value，省州下达数随年度实际值填在 assigned_target。",
                    "a qualitative target has no number: delete target.value; the quota handed down comes with the actuals as assigned_target.",
                )
            if kind == "ceiling" and "strict" not in d:
                add(
                    [key, i],
                    "上限类（ceiling）要写 strict：原文“<”写 strict: true，“≤”“以内”“以上”写 strict: false。",
                    "a ceiling needs strict: true for < as printed, false for ≤, 以内 or 以上.",
                )
            if kind in ("level", "maintain", "cumulative", "qualitative") and "strict" in d:
                add(
                    [key, i, "strict"],
                    "strict 只用于上限类（kind: ceiling），请删去。",
                    "strict applies to kind: ceiling only; delete it.",
                )
            bv, tv = baseline.get("value"), target.get("value")
            if kind == "maintain" and isinstance(bv, (int, float)) and isinstance(tv, (int, float)) and bv != tv:
                add(
                    [key, i, "target", "value"],
                    f"保持类（maintain）基期与目标必须相等（现在 {bv} 与 {tv}）；不相等的写 kind: level。",
                    f"kind maintain holds a level: baseline ({bv}) and target ({tv}) must be equal; otherwise write kind: level.",
                )
            unit = d.get("unit") if isinstance(d.get("unit"), str) else ""
            bounds = (
                d.get("bounds")
                if isinstance(d.get("bounds"), list) and len(d["bounds"]) == 2
                else list(default_bounds(unit))
            )
            lo, hi = bounds
            num = (int, float)
            if isinstance(lo, num) and isinstance(hi, num) and lo > hi:
                add(
                    [key, i, "bounds"],
                    f"bounds [{lo}, {hi}] 写反了：先写下限，如 [{hi}, {lo}]。",
                    f"bounds [{lo}, {hi}] are reversed: low first, [{hi}, {lo}].",
                )
            for label, v in (("baseline", bv), ("target", tv)):
                if (
                    isinstance(v, num)
                    and not isinstance(v, bool)
                    and ((isinstance(lo, num) and v < lo) or (isinstance(hi, num) and v > hi))
                ):
                    add(
                        [key, i, label, "value"],
                        f"{label}.value {v} 超出可能的范围 [{lo}, {hi}]：请核对数字和单位（百分数写 85.76，不写 0.8576）。",
                        f"{label}.value {v} is outside the possible range [{lo}, {hi}]: check the number and the unit.",
                    )
            rel = d.get("related_indicator")
            if isinstance(rel, str) and rel not in all_ids:
                add(
                    [key, i, "related_indicator"],
                    f"related_indicator {rel} 不是本规划的指标代码。",
                    f"related_indicator {rel} is not an indicator of this plan.",
                )
    for i, q in enumerate(raw.get("quality_issues") or []):
        if not isinstance(q, dict):
            continue
        for ind in q.get("indicators") or []:
            if ind not in all_ids:
                add(
                    ["quality_issues", i, "indicators"],
                    f"数据质量问题引用的指标 {ind} 不在本规划中。",
                    f"the quality issue names {ind}, which is not in the plan.",
                )
        alt = q.get("alternative")
        if isinstance(alt, dict) and alt.get("indicator") not in all_ids:
            add(
                ["quality_issues", i, "alternative", "indicator"],
                f"alternative.indicator {alt.get('indicator')} 不在本规划中。",
                f"alternative.indicator {alt.get('indicator')} is not in the plan.",
            )
    for i, p in enumerate(raw.get("projects") or []):
        if not isinstance(p, dict):
            continue
        if isinstance(p.get("domain"), str) and p["domain"] not in doms:
            hint = dom_names.get(p["domain"])
            add(
                ["projects", i, "domain"],
                f"重点工程的分类 {p['domain']} 不在 domains 中"
                + (f"；写代码 {hint}。" if hint else f"；可写：{'、'.join(doms)}。"),
                f"the project's domain {p['domain']} is not one of the plan's domains"
                + (f"; write its code {hint}." if hint else f"; write one of {', '.join(doms)}."),
            )
        for t in p.get("targets") or []:
            if t not in all_ids:
                add(
                    ["projects", i, "targets"],
                    f"重点工程引用的目标 {t} 不在本规划中。",
                    f"the project names target {t}, which is not in the plan.",
                )
    return out
