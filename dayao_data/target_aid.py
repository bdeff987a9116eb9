"""十五五目标测算 — the target-setting aid for the next plan.

For each indicator of the ending plan (base year t0, target year T) and its actuals:

- **observed pace** of the ending period: the average annual change ``(x_last − x_first) / (y_last −
  y_first)`` from the first value (the plan's baseline, else the first actual) to the last, the
  average annual rate ``(x_last / x_first)^(1 / (y_last − y_first)) − 1`` (both positive), and the
  best and worst year (the largest and smallest change per year between consecutive values,
  counted in the indicator's direction).  For a cumulative target the pace is that of the yearly
  flows: their mean, and the best and worst year's flow;
- **the trend carried to the new target year T2** with a 95 % prediction interval: ordinary least
  squares of value on year over every value (the baseline and each actual; at least 3), predicted
  at T2, ``ŷ ± t(0.975, n − 2) · s · √(1 + 1/n + (T2 − ȳear)² / Sxx)``, clipped to the bounds.  For a
  cumulative target the new period's total ``m · k`` with ``k = T2 − T`` future years and the interval
  ``m · k ± t(0.975, n − 1) · s · √(k + k²/n)`` (n yearly flows, mean m, standard deviation s);
- **national targets** that apply (``dayao_data/data/national/``, each with its source);
- for each **candidate target** c: the annual change it requires from the last value x_T, ``(c −
  x_T) / k`` (a total: ``c / k`` per year), its ratio to the observed pace, and a verdict with the
  thresholds of docs/method.md (“下一规划期目标测算”): ratio ≤ 1 可实现, ≤ 1.5 需加力, above 难度很大; a
  target already met is 可实现; a target that needs a change against an observed pace that went
  the wrong way (or stood still) is 难度很大.  A bound held every year (ceiling, floor, maintain) is
  judged against the trend's interval at T2: the whole interval within the bound 可实现, the
  prediction within it but not the interval 需加力, the prediction beyond it 难度很大.

Examples
--------
>>> verdict_for_ratio(0.8), verdict_for_ratio(1.2), verdict_for_ratio(2.0)
('可实现', '需加力', '难度很大')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "AidError",
    "Aid",
    "compute",
    "observed_pace",
    "trend",
    "required_change",
    "verdict_for_ratio",
    "judge",
    "national_targets",
    "read_candidates",
    "run_aid",
    "RATIO_ACHIEVABLE",
    "RATIO_EFFORT",
]

#: Thresholds of the verdict (docs/method.md): required / observed annual change.
RATIO_ACHIEVABLE = 1.0
RATIO_EFFORT = 1.5
VERDICTS = ("可实现", "需加力", "难度很大")

# t(0.975, df) for df = 1 … 30; beyond 30 the normal 1.96 (no SciPy needed).
_T975 = [
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
]


def t975(df: int) -> float:
    return _T975[df - 1] if 1 <= df <= 30 else 1.96


class AidError(ValueError):
    """The aid cannot be computed (file, what was expected)."""


# --------------------------------------------------------------------------------------
# The computations (pure functions, tested against hand calculations)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pace:
    first_year: int | None
    first_value: float | None
    last_year: int | None
    last_value: float | None
    avg_change: float | None  # per year (cumulative: the mean yearly flow)
    avg_rate: float | None  # per year, as a fraction (0.02 = 2 %)
    best_year: int | None
    best_change: float | None
    worst_year: int | None
    worst_change: float | None
    n_values: int


def observed_pace(points: Mapping[int, float], direction: int = 1, cumulative: bool = False) -> Pace:
    """The pace of a series ``{year: value}`` (cumulative: ``{year: flow}``).

    >>> p = observed_pace({2020: 80.0, 2021: 82.0, 2023: 85.0, 2024: 84.0})
    >>> p.avg_change, p.best_year, p.best_change, p.worst_year, p.worst_change
    (1.0, 2021, 2.0, 2024, -1.0)
    """
    pts = sorted(
        (int(y), float(v)) for y, v in points.items() if v is not None and not (isinstance(v, float) and math.isnan(v))
    )
    if not pts:
        return Pace(None, None, None, None, None, None, None, None, None, None, 0)
    (y0, x0), (y1, x1) = pts[0], pts[-1]
    if cumulative:
        flows = [v for _, v in pts]
        best = max(pts, key=lambda p: direction * p[1])
        worst = min(pts, key=lambda p: direction * p[1])
        return Pace(y0, x0, y1, x1, sum(flows) / len(flows), None, best[0], best[1], worst[0], worst[1], len(pts))
    if len(pts) < 2:
        return Pace(y0, x0, y1, x1, None, None, None, None, None, None, 1)
    avg = (x1 - x0) / (y1 - y0)
    rate = (x1 / x0) ** (1 / (y1 - y0)) - 1 if x0 > 0 and x1 > 0 else None
    steps = [(b[0], (b[1] - a[1]) / (b[0] - a[0])) for a, b in zip(pts, pts[1:])]
    best = max(steps, key=lambda s: direction * s[1])
    worst = min(steps, key=lambda s: direction * s[1])
    return Pace(y0, x0, y1, x1, avg, rate, best[0], best[1], worst[0], worst[1], len(pts))


@dataclass(frozen=True)
class Trend:
    value: float | None
    low: float | None
    high: float | None
    n: int
    method: str


def trend(
    points: Mapping[int, float], year: int, bounds=(None, None), *, cumulative: bool = False, years_ahead: int = 5
) -> Trend:
    """The OLS trend at ``year`` with a 95 % prediction interval (cumulative: the next total).

    >>> t = trend({2020: 1.0, 2021: 2.0, 2022: 3.0}, 2025)
    >>> round(t.value, 6), t.low == t.high == t.value
    (6.0, True)
    """
    pts = sorted(
        (int(y), float(v)) for y, v in points.items() if v is not None and not (isinstance(v, float) and math.isnan(v))
    )
    lo_b, hi_b = bounds

    def clip(v):
        if v is None:
            return None
        if lo_b is not None:
            v = max(lo_b, v)
        if hi_b is not None:
            v = min(hi_b, v)
        return v

    n = len(pts)
    if cumulative:
        if n < 2:
            return Trend(None, None, None, n, "cumulative: fewer than 2 yearly flows")
        flows = [v for _, v in pts]
        m = sum(flows) / n
        s = math.sqrt(sum((f - m) ** 2 for f in flows) / (n - 1))
        k = years_ahead
        half = t975(n - 1) * s * math.sqrt(k + k * k / n)
        total = m * k
        return Trend(
            total,
            max(0.0, total - half) if lo_b is not None else total - half,
            total + half,
            n,
            "mean yearly flow × years",
        )
    if n < 3:
        return Trend(None, None, None, n, "fewer than 3 values")
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    xbar, ybar = sum(xs) / n, sum(ys) / n
    sxx = sum((x - xbar) ** 2 for x in xs)
    b = sum((x - xbar) * (y - ybar) for x, y in zip(xs, ys)) / sxx
    a = ybar - b * xbar
    pred = a + b * year
    resid = [y - (a + b * x) for x, y in zip(xs, ys)]
    s = math.sqrt(sum(r * r for r in resid) / (n - 2))
    half = t975(n - 2) * s * math.sqrt(1 + 1 / n + (year - xbar) ** 2 / sxx)
    return Trend(clip(pred), clip(pred - half), clip(pred + half), n, "OLS, 95% prediction interval")


def required_change(candidate: float, last_value: float | None, years: int, cumulative: bool = False) -> float | None:
    """The annual change a candidate target needs from the last value (a total: per year)."""
    if cumulative:
        return candidate / years
    if last_value is None:
        return None
    return (candidate - last_value) / years


def verdict_for_ratio(ratio: float) -> str:
    if ratio <= RATIO_ACHIEVABLE:
        return "可实现"
    if ratio <= RATIO_EFFORT:
        return "需加力"
    return "难度很大"


def judge(
    kind: str, direction: int, candidate: float | None, pace: Pace, tr: Trend, years: int
) -> tuple[float | None, float | None, str]:
    """(required annual change, ratio to the observed pace, verdict) of one candidate target."""
    if candidate is None:
        return None, None, ""
    if kind == "qualitative":
        return None, None, "定性目标"
    if kind in ("ceiling", "maintain"):
        req = required_change(candidate, pace.last_value, years)
        if tr.value is None:
            if pace.last_value is None:
                return req, None, "数据不足"
            ok = direction * (pace.last_value - candidate) >= 0
            return req, None, "需加力" if ok else "难度很大"
        edge = tr.low if direction == 1 else tr.high
        if direction * (edge - candidate) >= 0:
            return req, None, "可实现"
        if direction * (tr.value - candidate) >= 0:
            return req, None, "需加力"
        return req, None, "难度很大"
    cumulative = kind == "cumulative"
    req = required_change(candidate, pace.last_value, years, cumulative)
    if req is None:
        return None, None, "数据不足"
    d = 1 if cumulative else direction
    if d * req <= 0:
        return req, 0.0, "可实现"
    if pace.avg_change is None:
        return req, None, "数据不足"
    if d * pace.avg_change <= 0:
        return req, None, "难度很大"
    ratio = req / pace.avg_change
    return req, ratio, verdict_for_ratio(ratio)


# --------------------------------------------------------------------------------------
# National targets (a data file of their own, every figure with its source)
# --------------------------------------------------------------------------------------


def national_targets() -> list[dict]:
    from importlib import resources

    import yaml

    out = []
    folder = resources.files("dayao_data").joinpath("data/national")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            doc = yaml.safe_load(entry.read_text("utf-8"))
            for t in doc.get("targets", []):
                out.append({**t, "file": entry.name})
    return out


def national_for(name_zh: str, aliases: Iterable[str] = ()) -> list[dict]:
    from dayao_data.plan import normalise_name

    names = {normalise_name(n) for n in (name_zh, *aliases)}
    return [t for t in national_targets() if names & {normalise_name(m) for m in t.get("match", [])}]


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
        from dayao_data.target_aid_outputs import write_workbook

        return write_workbook(self, Path(path))

    def to_pdf(self, path: str | Path) -> Path:
        from dayao_data.target_aid_outputs import write_pdf

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


_NUM_ZH = "零一二三四五六七八九"


def period_name(start: int, end: int) -> str:
    """“十五五” for 2026–2030 (the 6th FYP began in 1981); “下一规划期” for a period off the five-year grid.

    >>> period_name(2026, 2030), period_name(2031, 2035), period_name(2026, 2028)
    ('“十五五”', '“十六五”', '下一规划期')
    """
    if end - start != 4 or (start - 1981) % 5:
        return "下一规划期"
    n = (start - 1981) // 5 + 6
    tens, ones = divmod(n, 10)
    return "“" + ("十" if tens == 1 else _NUM_ZH[tens] + "十") + (_NUM_ZH[ones] if ones else "") + "五”"


def run_aid(plan_path, actuals_items, *, targets=None, target_year=None, output=None) -> str:
    """``dayao plan aid``: the workbook and the PDF into ``output`` (default reports/next-plan/)."""
    from dayao_data.actuals import ActualsError, load_actuals
    from dayao_data.paths import project_root
    from dayao_data.plan import PlanError, load_plan
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
    from dayao_data.plan import load_plan
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
