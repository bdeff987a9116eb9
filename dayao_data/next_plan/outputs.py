"""The target-setting aid's workbook (with a candidate-target input column whose formulas give the
verdict in Excel) and its short PDF.  Illustrative data is labelled 示例数据 on every sheet and page."""

from __future__ import annotations

import html
import math
from pathlib import Path

from dayao_data.next_plan.period import period_name

BANNER = "【示例数据 ILLUSTRATIVE DATA】本测算所用实际值为虚构的示例数据，非真实统计，不得作为编制依据。"

HEADERS = [
    ("indicator_id", "指标代码", 26),
    ("name_zh", "指标", 30),
    ("unit", "单位", 8),
    ("kind", "目标类型", 11),
    ("direction", "方向", 6),
    ("last_year", "末年", 7),
    ("last_value", "末年值", 10),
    ("avg_change", "年均变化", 10),
    ("avg_rate", "年均增速", 10),
    ("best_year", "最好年份", 9),
    ("best_change", "最好年变化", 11),
    ("worst_year", "最差年份", 9),
    ("worst_change", "最差年变化", 11),
    ("trend", "趋势值", 10),
    ("trend_low", "区间下限", 10),
    ("trend_high", "区间上限", 10),
    ("national", "国家目标", 22),
    ("candidate", "候选目标（请填写）", 14),
    ("required_change", "所需年均变化", 12),
    ("ratio", "与观察速度之比", 12),
    ("verdict", "判断", 10),
]
KIND_ZH = {"level": "水平", "ceiling": "上/下限", "maintain": "保持", "cumulative": "累计", "qualitative": "定性"}


def _num(v):
    if v is None:
        return None
    try:
        if isinstance(v, float) and math.isnan(v):
            return None
    except TypeError:
        pass
    return v


def _formulas(r: int, kind: str, years: int, col: dict) -> tuple[str, str, str]:
    """Excel formulas of 所需年均变化, 与观察速度之比 and 判断 for row r (the same rules as next_plan.pace.judge)."""
    P, G, H, E, L, M, N = (
        f"{col[k]}{r}"
        for k in ("candidate", "last_value", "avg_change", "direction", "trend", "trend_low", "trend_high")
    )
    if kind == "qualitative":
        return '""', '""', f'IF({P}="","","定性目标")'
    if kind == "cumulative":
        req = f'IF({P}="","",{P}/{years})'
        ratio = f'IF(OR({P}="",{H}="",{H}<=0),"",{col["required_change"]}{r}/{H})'
        ver = (
            f'IF({P}="","",IF({col["required_change"]}{r}<=0,"可实现",IF(OR({H}="",{H}<=0),"难度很大",'
            f'IF({col["ratio"]}{r}<=1,"可实现",IF({col["ratio"]}{r}<=1.5,"需加力","难度很大")))))'
        )
        return req, ratio, ver
    req = f'IF(OR({P}="",{G}=""),"",({P}-{G})/{years})'
    Q = f"{col['required_change']}{r}"
    if kind in ("ceiling", "maintain"):
        edge_ok = f"IF({E}=1,{M}>={P},{N}<={P})"
        pred_ok = f"{E}*({L}-{P})>=0"
        last_ok = f"{E}*({G}-{P})>=0"
        ver = (
            f'IF({P}="","",IF({L}="",IF({G}="","数据不足",IF({last_ok},"需加力","难度很大")),'
            f'IF({edge_ok},"可实现",IF({pred_ok},"需加力","难度很大"))))'
        )
        return req, '""', ver
    ratio = f'IF(OR({Q}="",{H}="",{E}*{H}<=0,{E}*{Q}<=0),"",{Q}/{H})'
    R = f"{col['ratio']}{r}"
    ver = (
        f'IF({P}="","",IF({Q}="","数据不足",IF({E}*{Q}<=0,"可实现",IF(OR({H}="",{E}*{H}<=0),"难度很大",'
        f'IF({R}<=1,"可实现",IF({R}<=1.5,"需加力","难度很大"))))))'
    )
    return req, ratio, ver


def write_workbook(aid, path: Path) -> Path:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    from dayao_data.excel import safe_cell_text

    plan = aid.plan
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "测算"
    top = 1
    if aid.illustrative:
        ws.cell(1, 1, BANNER).font = Font(bold=True, color="C00000")
        top = 2
    ws.cell(
        top,
        1,
        f"{plan.short_title('zh')} → {plan.target_year + 1}–{aid.target_year}年目标测算（{period_name(plan.target_year + 1, aid.target_year)}目标测算）",
    ).font = Font(bold=True, size=13)
    ws.cell(
        top + 1,
        1,
        f"末年 = {plan.target_year}年；新目标年 = {aid.target_year}年（{aid.years}年）。在黄色“候选目标”列填写数字，所需年均变化、比值和判断自动计算；"
        f"判断规则见“说明”工作表和 docs/method.md。",
    )
    hr = top + 3
    col = {}
    for j, (key, label, width) in enumerate(HEADERS, start=1):
        c = ws.cell(hr, j, label)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(j)].width = width
        col[key] = get_column_letter(j)
    yellow = PatternFill("solid", fgColor="FFF2CC")
    for i, rec in enumerate(aid.table.to_dict("records")):
        r = hr + 1 + i
        for j, (key, _, _) in enumerate(HEADERS, start=1):
            if key in ("required_change", "ratio", "verdict"):
                continue
            v = rec[key]
            if key == "kind":
                v = KIND_ZH.get(v, v)
            v = _num(v)
            cell = ws.cell(r, j, safe_cell_text(v) if isinstance(v, str) else v)
            if key in ("avg_rate",) and v is not None:
                cell.number_format = "0.00%"
            elif isinstance(v, float):
                cell.number_format = "0.00##"
        cand = ws[f"{col['candidate']}{r}"]
        cand.fill = yellow
        cand.protection = Protection(locked=False)
        req, ratio, ver = _formulas(r, rec["kind"], aid.years, col)
        ws[f"{col['required_change']}{r}"] = f"={req}"
        ws[f"{col['required_change']}{r}"].number_format = "0.00##"
        ws[f"{col['ratio']}{r}"] = f"={ratio}"
        ws[f"{col['ratio']}{r}"].number_format = "0.00"
        ws[f"{col['verdict']}{r}"] = f"={ver}"
    ws.freeze_panes = ws.cell(hr + 1, 3)
    ws.protection.sheet = True  # only the candidate column is open for typing
    ws.protection.formatRows = False
    ws.protection.formatColumns = False

    nat = wb.create_sheet("国家目标")
    r0 = 1
    if aid.illustrative:
        nat.cell(1, 1, BANNER).font = Font(bold=True, color="C00000")
        r0 = 2
    for j, h in enumerate(("指标", "单位", "年份", "目标", "出处", "原文", "说明"), start=1):
        nat.cell(r0, j, h).font = Font(bold=True)
    for i, t in enumerate(aid.national, start=r0 + 1):
        src = t.get("source", {})
        for j, v in enumerate(
            (
                t["name_zh"],
                t["unit"],
                t["year"],
                t["printed"],
                f"{src.get('document', '')}；{src.get('reported_by', '')}",
                t.get("quote", ""),
                t.get("note_zh", ""),
            ),
            start=1,
        ):
            nat.cell(i, j, safe_cell_text(v) if isinstance(v, str) else v)
    for j, w in enumerate((28, 8, 7, 10, 60, 36, 40), start=1):
        nat.column_dimensions[get_column_letter(j)].width = w
    if not aid.national:
        nat.cell(r0 + 1, 1, "本规划的指标没有可核实出处的国家目标与之对应。")

    note = wb.create_sheet("说明")
    lines = ([BANNER] if aid.illustrative else []) + [
        f"{period_name(plan.target_year + 1, aid.target_year)}目标测算 · 方法（docs/method.md “下一规划期目标测算”）",
        "年均变化 =（末值 − 首值）/（末年 − 首年），首值为规划基期值（无则为第一个实际值）；年均增速 =（末值/首值）^(1/年数) − 1。",
        "最好/最差年份：相邻两个值之间每年变化最大/最小（按指标方向）的年份；累计类为当年量最大/最小的年份。",
        "趋势值：全部值（基期值和各年实际值，至少3个）对年份的最小二乘直线在新目标年的值；区间为95%预测区间 ŷ ± t(0.975, n−2)·s·√(1 + 1/n + (T2 − 年份均值)²/Sxx)，截在可能范围内。"
        "累计类：新一期合计 = 年均量 × 年数，区间 ± t(0.975, n−1)·s·√(k + k²/n)。",
        "所需年均变化 =（候选目标 − 末年值）/ 年数；累计类 = 候选合计 / 年数。比值 = 所需年均变化 / 观察到的年均变化。",
        f"判断：目标已达到 → 可实现；比值 ≤ {1.0:g} → 可实现；≤ {1.5:g} → 需加力；更大、或观察到的变化方向相反/为零 → 难度很大。",
        "每年都须守住的上限/下限和保持类：预测区间全在界内 → 可实现；预测值在界内、区间越界 → 需加力；预测值越界 → 难度很大。",
        "国家目标只列有出处的数字（见“国家目标”工作表）；口径不同的（每千人口/每万人口等）只作参考。",
    ]
    for i, text in enumerate(lines, start=1):
        note.cell(i, 1, text)
    note.column_dimensions["A"].width = 140
    from dayao_data.fsutil import atomic_path

    with atomic_path(path, suffix=".xlsx") as tmp:  # never a half-written workbook in a report folder
        wb.save(tmp)
    return path


def _fmt(v, digits=2, pct=False):
    v = _num(v)
    if v is None or v == "":
        return "—"
    if isinstance(v, str):
        return v
    if pct:
        return f"{v * 100:.{digits}f}%"
    if isinstance(v, (int,)) or float(v).is_integer():
        return f"{int(v)}"
    return f"{v:.{digits}f}".rstrip("0").rstrip(".")


def write_pdf(aid, path: Path) -> Path:
    from dayao_data import fonts
    from dayao_data.report.pdf import write_pdf as _write

    plan = aid.plan
    rows = []
    for rec in aid.table.to_dict("records"):
        rng = "—" if _num(rec["trend_low"]) is None else f"{_fmt(rec['trend_low'])}–{_fmt(rec['trend_high'])}"
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(x))}</td>"
                for x in (
                    rec["name_zh"],
                    rec["unit"],
                    KIND_ZH.get(rec["kind"], rec["kind"]),
                    f"{_fmt(rec['last_value'])}（{_fmt(rec['last_year'])}）",
                    _fmt(rec["avg_change"], 3),
                    _fmt(rec["avg_rate"], 1, pct=True),
                    f"{_fmt(rec['best_year'])} / {_fmt(rec['worst_year'])}",
                    _fmt(rec["trend"]),
                    rng,
                    rec["national"] or "—",
                    _fmt(rec["candidate"]),
                    _fmt(rec["required_change"], 3),
                    _fmt(rec["ratio"]),
                    rec["verdict"] or "—",
                )
            )
            + "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "指标",
            "单位",
            "类型",
            "末年值",
            "年均变化",
            "年均增速",
            "最好/最差年",
            f"{aid.target_year}趋势",
            "95%区间",
            "国家目标",
            "候选目标",
            "所需年均变化",
            "比值",
            "判断",
        )
    )
    banner = f'<p class="banner">{html.escape(BANNER)}</p>' if aid.illustrative else ""
    page_banner = (
        '@top-center { content: "示例数据 · 非真实统计"; color: #c00000; font-size: 8pt; }' if aid.illustrative else ""
    )
    nat = "".join(
        f"<li>{html.escape(t['name_zh'])}：{html.escape(str(t['year']))}年{html.escape(t['printed'])}"
        f"（{html.escape(t['source']['document'])}；{html.escape(t['source']['reported_by'])}）</li>"
        for t in aid.national
    )
    doc = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>目标测算</title>
<meta name="author" content="{html.escape(plan.report_author("zh"))}">
<style>{fonts.css_font_face()}
@page {{ size: A4 landscape; margin: 14mm 10mm; {page_banner}
  @bottom-center {{ content: "第 " counter(page) " 页"; font-size: 8pt; }} }}
body {{ font-family: {fonts.FONT_FAMILY_CSS}; font-size: 8pt; }}
h1 {{ font-size: 14pt; }} .banner {{ color: #c00000; font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 0.4pt solid #999; padding: 2pt 3pt; }}
th {{ background: #eee; }}
</style></head><body>
{banner}
<h1>{html.escape(plan.short_title("zh"))} → {plan.target_year + 1}–{aid.target_year}年目标测算</h1>
<p>上一期：{plan.base_year + 1}–{plan.target_year}年（基期{plan.base_year}年）；新目标年：{aid.target_year}年（{aid.years}年）。年均变化、趋势和95%预测区间按 docs/method.md“下一规划期目标测算”计算；
判断：所需年均变化与观察到的年均变化之比 ≤1 可实现，≤1.5 需加力，更大为难度很大（上/下限与保持类按趋势区间判断）。候选目标在工作簿中填写。</p>
<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
<h2 style="font-size:10pt">国家目标（有出处的数字）</h2><ul>{nat or "<li>无对应的国家目标。</li>"}</ul>
</body></html>"""
    _write(doc, path, base_url=str(path.parent))
    return path
