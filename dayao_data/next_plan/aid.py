"""十五五目标测算 — the target-setting aid for a whole plan: :func:`compute` puts each indicator's
observed pace, trend and national targets beside its candidate target (the method is in
:mod:`dayao_data.next_plan.pace`); :func:`run_aid` is ``dayao plan aid``; :func:`for_notebook`,
:func:`national_frame` and :func:`write_outputs` are the notebook's one-line calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data.next_plan.national import national_for, national_targets
from dayao_data.next_plan.outputs import write_pdf, write_workbook
from dayao_data.next_plan.pace import VERDICTS, judge, observed_pace, trend
from dayao_data.next_plan.period import period_name
from dayao_data.plan.loader import load_plan
from dayao_data.plan.model import PlanError

__all__ = [
    "AidError",
    "Aid",
    "COLUMNS",
    "compute",
    "read_candidates",
    "run_aid",
    "for_notebook",
    "national_frame",
    "write_outputs",
]


class AidError(ValueError):
    """The aid cannot be computed (file, what was expected)."""


# --------------------------------------------------------------------------------------
# The aid for a whole plan
# --------------------------------------------------------------------------------------

COLUMNS = [
    "indicator_id",
    "name_zh",
    "unit",
    "kind",
    "direction",
    "last_year",
    "last_value",
    "avg_change",
    "avg_rate",
    "best_year",
    "best_change",
    "worst_year",
    "worst_change",
    "trend",
    "trend_low",
    "trend_high",
    "national",
    "candidate",
    "required_change",
    "ratio",
    "verdict",
]


@dataclass
class Aid:
    plan: Any
    target_year: int
    years: int
    table: pd.DataFrame
    illustrative: bool
    national: list[dict] = field(default_factory=list)

    def verdict(self, indicator_id: str) -> str:
        return str(self.table.set_index("indicator_id").loc[indicator_id, "verdict"])

    def to_excel(self, path: str | Path) -> Path:
        return write_workbook(self, Path(path))

    def to_pdf(self, path: str | Path) -> Path:
        return write_pdf(self, Path(path))


def _points(ind, actuals: pd.DataFrame, up_to: int) -> dict[int, float]:
    rows = actuals[(actuals["indicator"] == ind.id) & (actuals["year"] > ind.base_year) & (actuals["year"] <= up_to)]
    pts = {int(r.year): float(r.value) for r in rows.itertuples() if r.value is not None and not pd.isna(r.value)}
    if ind.kind != "cumulative" and ind.baseline_value is not None:
        pts.setdefault(ind.base_year, float(ind.baseline_value))
    return pts


def compute(
    plan,
    actuals: pd.DataFrame,
    *,
    target_year: int | None = None,
    candidates: Mapping[str, float] | None = None,
    catalogue: str = "headline",
) -> Aid:
    """The aid table: one row per indicator (columns :data:`COLUMNS`)."""
    T = plan.target_year
    T2 = target_year or (T + plan.period_years)
    if T2 <= T:
        raise AidError(f"the new target year {T2} must be after the ending plan's target year {T}")
    k = T2 - T
    candidates = {plan.resolve(key) or key: v for key, v in (candidates or {}).items()}
    unknown = [key for key in candidates if key not in {i.id for i in plan.series("all")}]
    if unknown:
        raise AidError(
            f"candidate targets name indicators that are not in {plan.short_title('zh')}: {', '.join(map(str, unknown))}"
        )
    rows = []
    for ind in plan.series(catalogue):
        cumulative = ind.kind == "cumulative"
        pts = _points(ind, actuals, T)
        pace = observed_pace(pts, ind.direction, cumulative)
        tr = trend(pts, T2, ind.bounds, cumulative=cumulative, years_ahead=k)
        nat = national_for(ind.name_zh, ind.aliases)
        cand = candidates.get(ind.id)
        req, ratio, verdict = judge(ind.kind, ind.direction, cand, pace, tr, k)
        rows.append(
            {
                "indicator_id": ind.id,
                "name_zh": ind.label("zh"),
                "unit": ind.unit,
                "kind": ind.kind,
                "direction": ind.direction,
                "last_year": pace.last_year,
                "last_value": pace.last_value,
                "avg_change": pace.avg_change,
                "avg_rate": pace.avg_rate,
                "best_year": pace.best_year,
                "best_change": pace.best_change,
                "worst_year": pace.worst_year,
                "worst_change": pace.worst_change,
                "trend": tr.value,
                "trend_low": tr.low,
                "trend_high": tr.high,
                "national": "；".join(f"全国{t['year']}年{t['printed']}" for t in nat),
                "candidate": cand,
                "required_change": req,
                "ratio": ratio,
                "verdict": verdict,
            }
        )
    illustrative = bool(actuals["illustrative"].any()) if "illustrative" in actuals and len(actuals) else False
    used = {
        t["id"]
        for r in rows
        for t in national_for(plan.indicator(r["indicator_id"]).name_zh, plan.indicator(r["indicator_id"]).aliases)
    }
    return Aid(
        plan,
        T2,
        k,
        pd.DataFrame(rows, columns=COLUMNS),
        illustrative,
        [t for t in national_targets() if t["id"] in used],
    )


def read_candidates(path: str | Path | None) -> dict[str, float]:
    """Candidate targets from a YAML mapping, a CSV/XLSX (indicator, target) or a filled aid workbook."""
    if not path:
        return {}
    p = Path(path)
    if not p.exists():
        raise AidError(f"{p}: no such file (candidate targets: indicator and target)")
    if p.suffix.lower() in (".yaml", ".yml"):
        import yaml

        doc = yaml.safe_load(p.read_text("utf-8-sig")) or {}
        doc = doc.get("targets", doc) if isinstance(doc, dict) else doc
        if not isinstance(doc, dict):
            raise AidError(f"{p}: expected a mapping indicator: target (e.g. preschool_gross_enrolment_rate: 95)")
        out = {}
        for key, v in doc.items():
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise AidError(f"{p}: {key}: the target must be a number, not {v!r}")
            out[str(key)] = float(v)
        return out
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        wb = openpyxl.load_workbook(p, data_only=False, read_only=True)
        ws = wb["测算"] if "测算" in wb.sheetnames else wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
    else:
        import csv

        rows = list(csv.reader(p.read_text("utf-8-sig").splitlines()))
    header_at = next(
        (
            i
            for i, r in enumerate(rows[:10])
            if any(str(c or "").strip() in ("指标代码", "indicator", "indicator_id", "指标") for c in r)
        ),
        None,
    )
    if header_at is None:
        raise AidError(f"{p}: no header with 指标代码/indicator and 候选目标/target in the first 10 rows")
    head = [str(c or "").strip() for c in rows[header_at]]
    ic = next(i for i, h in enumerate(head) if h in ("指标代码", "indicator", "indicator_id", "指标"))
    tc = next((i for i, h in enumerate(head) if h.startswith("候选目标") or h in ("target", "candidate")), None)
    if tc is None:
        raise AidError(f"{p}: no column 候选目标 (or target)")
    out = {}
    for n, r in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if ic >= len(r) or tc >= len(r) or r[ic] in (None, "") or r[tc] in (None, ""):
            continue
        try:
            out[str(r[ic]).strip()] = float(str(r[tc]).strip())
        except ValueError:
            raise AidError(f"{p}, row {n}, column {head[tc]}: {r[tc]!r} is not a number") from None
    return out


def run_aid(plan_path, actuals_items, *, targets=None, target_year=None, output=None) -> str:
    """``dayao plan aid``: the workbook and the PDF into ``output`` (default reports/next-plan/)."""
    from dayao_data.actuals import ActualsError, load_actuals
    from dayao_data.paths import project_root
    from dayao_data.sources import resolve_actuals

    try:
        plan = load_plan(None if str(plan_path) in ("", "dayao") else plan_path)
        actuals = load_actuals(resolve_actuals(list(actuals_items)), plan)
    except (PlanError, ActualsError, FileNotFoundError) as exc:
        raise AidError(str(exc)) from None
    aid = compute(plan, actuals, target_year=target_year, candidates=read_candidates(targets))
    folder = Path(output) if output else project_root() / "reports" / "next-plan"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{plan.id}-target-aid-{aid.target_year}"
    xlsx = aid.to_excel(folder / f"{stem}.xlsx")
    pdf = aid.to_pdf(folder / f"{stem}.pdf")
    judged = aid.table[aid.table["verdict"] != ""]
    counts = judged["verdict"].value_counts().to_dict()
    return (
        f"{period_name(plan.target_year + 1, aid.target_year)}目标测算（{plan.target_year + 1}–{aid.target_year}年）：{len(aid.table)}个指标"
        + (
            f"，候选目标{len(judged)}个："
            + "、".join(f"{v}{counts[v]}" for v in (*VERDICTS, "定性目标", "数据不足") if v in counts)
            if len(judged)
            else "，未给候选目标（在工作簿“候选目标”列填写后用 --targets 工作簿 重新运行，或在 Excel 中直接看判断列）"
        )
        + ("。【示例数据】" if aid.illustrative else "。")
        + f"\n  {xlsx}\n  {pdf}"
    )


# --------------------------------------------------------------------------------------
# One-line calls for the notebook (notebooks/next_plan/target_aid.ipynb)
# --------------------------------------------------------------------------------------


def for_notebook(
    plan_file: str = "", actuals_files: Iterable[str] = ("example",), targets_file: str = "", target_year: int = 0
) -> Aid:
    """The aid from the notebook's parameters (paths relative to the project folder)."""
    from dayao_data.actuals import load_actuals
    from dayao_data.paths import project_root, resolve_path
    from dayao_data.sources import resolve_actuals

    root = project_root()
    plan = load_plan(resolve_path(plan_file, root) if str(plan_file or "").strip() else None)
    actuals = load_actuals(resolve_actuals(list(actuals_files), root), plan)
    targets = resolve_path(targets_file, root) if str(targets_file or "").strip() else None
    return compute(plan, actuals, target_year=target_year or None, candidates=read_candidates(targets))


def national_frame(aid: Aid) -> pd.DataFrame:
    """The national targets the aid uses, each with its source."""
    return pd.DataFrame(
        [
            {
                "指标": t["name_zh"],
                "单位": t["unit"],
                "年份": t["year"],
                "目标": t["printed"],
                "出处": t["source"]["document"],
                "报道": t["source"]["reported_by"],
                "说明": t.get("note_zh", ""),
            }
            for t in aid.national
        ],
        columns=["指标", "单位", "年份", "目标", "出处", "报道", "说明"],
    )


def write_outputs(aid: Aid, output_folder: str = "") -> list[str]:
    """Write the workbook and the PDF (to a temporary folder when ``output_folder`` is empty); their names."""
    import tempfile

    folder = Path(output_folder) if str(output_folder or "").strip() else Path(tempfile.mkdtemp(prefix="target-aid-"))
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{aid.plan.id}-target-aid-{aid.target_year}"
    return [aid.to_excel(folder / f"{stem}.xlsx").name, aid.to_pdf(folder / f"{stem}.pdf").name]
