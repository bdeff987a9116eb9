"""``dayao plan next``: a draft plan for the next period, carried over from the ending one.

Every indicator of the ending plan (headline and extended) is written again with:

- the new period: base year = the ending plan's target year T, target year = T + its length (or
  ``--years``);
- the new baseline: the actual of year T.  Where that value is missing, the latest earlier actual
  is used and flagged (“older than the final year”); where there is none, no baseline is written and
  it is flagged (“missing”); a figure whose source or note says it is provisional (初步, 快报, 预计,
  估计, 初值, provisional, preliminary, estimate) or is the illustrative example is flagged too;
- for a cumulative target (a five-year total), the ending period's total as ``previous_period``
  (what the table prints in its base-year column, as the Dayao table prints ``[1.86]``), flagged
  when a year of it is missing;
- no target: the planner sets it (``dayao plan aid`` helps), so ``dayao plan check`` on the draft
  lists, line by line, the targets still to write.

Flags are written into ``notes_zh`` as ``【待确认】…`` and listed in the file's header, so they
survive any editor.  The file is written only if it does not exist yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dayao_data.plan.loader import load_plan
from dayao_data.plan.model import PlanError

__all__ = ["NextPlanError", "NextPlanResult", "carry_over", "draft_next_plan", "PROVISIONAL_WORDS"]

PROVISIONAL_WORDS = ("初步", "快报", "预计", "估计", "初值", "预估", "provisional", "preliminary", "estimate")


class NextPlanError(ValueError):
    """The draft cannot be written (file, what was expected)."""


@dataclass
class Carried:
    id: str
    value: float | None
    year: int | None
    source: str
    flags: list[str] = field(default_factory=list)
    previous_total: float | None = None
    previous_years: tuple[int, ...] = ()


@dataclass
class NextPlanResult:
    path: Path
    base_year: int
    target_year: int
    carried: list[Carried]

    @property
    def flagged(self) -> list[Carried]:
        return [c for c in self.carried if c.flags]

    def summary(self) -> str:
        n, f = len(self.carried), len(self.flagged)
        lines = [
            f"{self.path}：下一规划期（{self.base_year + 1}–{self.target_year}年）草稿已写出，{n}个指标沿用，"
            f"{f}个基期值待确认；目标留给规划编制人员填写（dayao plan check {self.path} 列出待填的目标）。",
            f"{self.path}: draft for {self.base_year + 1}–{self.target_year} written: {n} indicators carried over, "
            f"{f} baselines to confirm; targets are left to the planner.",
        ]
        for c in self.flagged:
            lines.append(f"  {c.id}: " + "；".join(c.flags))
        return "\n".join(lines)


def _provisional(text: str) -> bool:
    t = str(text or "").lower()
    return any(w in t for w in PROVISIONAL_WORDS)


def carry_over(plan, actuals) -> list[Carried]:
    """The new baseline of every indicator: the actual of the ending plan's target year, with flags."""
    import pandas as pd

    from dayao_data.paths import is_illustrative_source

    T = plan.target_year
    frame = actuals if isinstance(actuals, pd.DataFrame) else None
    out = []
    for ind in plan.series("all"):
        rows = frame[frame["indicator"] == ind.id] if frame is not None and len(frame) else frame
        rows = (
            rows[(rows["year"] > ind.base_year) & (rows["year"] <= T)].sort_values("year") if rows is not None else None
        )
        c = Carried(ind.id, None, None, "")
        if ind.kind == "cumulative":
            years = tuple(int(y) for y in rows["year"]) if rows is not None else ()
            period = list(range(ind.base_year + 1, min(ind.target_year, T) + 1))
            if years:
                c.previous_total = float(rows["value"].sum())
                c.previous_years = years
                missing = [y for y in period if y not in years]
                if missing:
                    c.flags.append(
                        f"上一期累计数缺{'、'.join(map(str, missing))}年的值，合计{c.previous_total:g}不完整"
                    )
            else:
                c.flags.append("上一期没有任何年度值，累计数缺失")
        if ind.kind == "qualitative":
            last = rows[rows["year"] == T] if rows is not None else None
        valued = rows[rows["value"].notna()] if rows is not None else None
        if valued is not None and len(valued):
            last = valued.iloc[-1]
            c.value, c.year, c.source = float(last["value"]), int(last["year"]), str(last.get("source", "") or "")
            if c.year < T:
                c.flags.append(f"{T}年没有实际值，基期值取{c.year}年的{c.value:g}（早于上一期末年）")
            note = str(last.get("note", "") or "")
            if _provisional(c.source) or _provisional(note):
                c.flags.append(f"{c.year}年的值标为初步/预计数（“{c.source or note}”），正式数发布后替换")
            illus = bool(last.get("illustrative", False)) or is_illustrative_source(c.source)
            if illus:
                c.flags.append("基期值来自示例数据（非真实统计），正式编制前必须替换")
        elif ind.kind != "cumulative":
            c.flags.append(f"上一期没有{T}年或更早的实际值：基期缺失，请补报")
        out.append(c)
    return out


def _q(text: Any) -> str:
    return json.dumps("" if text is None else str(text), ensure_ascii=False)


def draft_next_plan(plan_path, actuals_items, output, *, years: int | None = None) -> NextPlanResult:
    """Write the next period's draft plan to ``output`` (which must not exist)."""
    from dayao_data.actuals import ActualsError, load_actuals
    from dayao_data.sources import resolve_actuals

    out = Path(output)
    if out.exists():
        raise NextPlanError(f"{out} already exists; nothing is overwritten — choose another name with -o")
    try:
        plan = load_plan(None if str(plan_path) in ("", "dayao") else plan_path)
        actuals = load_actuals(resolve_actuals(list(actuals_items)), plan)
    except (PlanError, ActualsError, FileNotFoundError) as exc:
        raise NextPlanError(str(exc)) from None
    n = years or plan.period_years
    if n < 1:
        raise NextPlanError(f"--years must be at least 1, not {n}")
    T, T2 = plan.target_year, plan.target_year + n
    carried = {c.id: c for c in carry_over(plan, actuals)}
    raw = yaml.safe_load(plan.path.read_text("utf-8-sig")) if plan.path else {}
    meta = dict(raw.get("plan", {}))
    new_meta = {
        "id": (meta.get("id", "plan") + f"_next_{T + 1}_{T2}")[:64],
        "title_zh": f"{plan.region() or ''}下一规划期基本公共服务规划（{T + 1}-{T2}）（草稿，由{plan.short_title('zh')}沿用）",
        "base_year": T,
        "target_year": T2,
    }
    for k in ("region_zh", "region_en", "issuer_zh", "issuer_en", "responsibility_location"):
        if meta.get(k):
            new_meta[k] = meta[k]
    new_meta["notes_zh"] = (
        f"由 dayao plan next 从《{plan.title('zh')}》沿用：基期值为{T}年实际值；目标待规划编制人员填写。"
        "引文（cite）指向上一期的实际值来源，新规划印发后改为新规划原文。"
    )
    doc: dict[str, Any] = {"schema": "dayao-plan/1", "plan": new_meta}
    doc["departments"] = raw.get("departments", [])
    doc["domains"] = [
        {k: v for k, v in d.items() if k not in ("chapter_zh", "chapter_en", "chapter_cite")}
        for d in raw.get("domains", [])
    ]
    keep = (
        "id",
        "table_row",
        "series",
        "name_zh",
        "name_en",
        "aliases",
        "domain",
        "domain_printed",
        "unit",
        "unit_printed",
        "unit_inferred",
        "unit_en",
        "whole_number",
        "attribute",
        "attribute_printed",
        "department",
        "department_inferred",
        "kind",
        "direction",
        "strict",
        "bounds",
        "section",
        "related_indicator",
    )
    for catalogue in ("indicators", "extended_targets"):
        items = []
        for d in raw.get(catalogue, []) or []:
            e = {k: d[k] for k in keep if k in d}
            if "base_year" in d or "target_year" in d:
                pass  # the new period applies to all; a different year is the planner's to set again
            c = carried.get(d["id"])
            if c is not None and c.value is not None and d.get("kind") != "cumulative":
                e["baseline"] = {
                    "value": c.value,
                    "printed": f"{c.value:g}",
                    "year": c.year,
                    "cite": {
                        "location": f"{c.year}年实际值（上一规划期{plan.short_title('zh')}）",
                        "quote": c.source or "（实际值未注明来源）",
                    },
                }
            if c is not None and c.previous_total is not None:
                e["previous_period"] = {
                    "value": round(c.previous_total, 10),
                    "printed": f"[{c.previous_total:g}]",
                    "period": f"{plan.base_year + 1}–{T}",
                    "cite": {
                        "location": f"上一规划期{plan.base_year + 1}–{T}年各年实际值之和",
                        "quote": "、".join(map(str, c.previous_years)) + "年实际值",
                    },
                }
            if d.get("kind") == "qualitative":
                e["target_printed"] = d.get("target_printed", "完成省州下达目标")
            notes = ["【待确认】" + f for f in (c.flags if c else [])]
            if d.get("kind") != "qualitative":
                notes.append(f"【待填】{T2}年目标（target）：规划编制人员确定后写入；可用 dayao plan aid 测算。")
            e["notes_zh"] = "".join(notes)
            items.append(e)
        if items:
            doc[catalogue] = items
    flagged = [c for c in carried.values() if c.flags]
    header = [
        f"# 下一规划期（{T + 1}–{T2}年）规划草稿，由 dayao plan next 从 {plan.path.name if plan.path else plan.id} 沿用。",
        f"# 每个指标的基期值 = {T}年实际值；目标（target）留空，由规划编制人员填写——dayao plan check 会逐行列出待填的目标。",
        f"# 基期值待确认的指标（{len(flagged)}个，详见各指标 notes_zh 中的【待确认】）：",
        *[f"#   {c.id}: {'；'.join(c.flags)}" for c in flagged],
        f"# Draft for {T + 1}–{T2}: baselines are the {T} actuals; targets are left to the planner.",
        "",
    ]
    text = "\n".join(header) + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "x", encoding="utf-8") as fh:
        fh.write(text)
    return NextPlanResult(out, T, T2, list(carried.values()))
