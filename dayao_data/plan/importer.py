"""``dayao plan import``: an indicator table as planners keep it → a draft plan file.

The table (.xlsx or .csv) has the columns of a printed 主要指标表 — 序号, 分类, 指标, 单位, the
base-year value (``2020年完成``, ``基期值`` …), the target (``2025年目标``, ``目标值`` …), optionally the
change (``五年累计增长``), 属性 and 责任单位 — with a title row above the header if wished.  Merged or
blank 分类 and 序号 cells carry the value above down; a row without a number continues the row above
as its second series (``11a``/``11b``), as the Dayao table prints row 11.

From the printed text of each figure the importer infers the kind, direction, strictness and
comparator (docs/plan-schema.md, “目标类型”):

=====================  ===================================================================
printed target         draft
=====================  ===================================================================
``≤4.2``, ``[≤4.2]``   ceiling, direction −1, strict false (≤, 以内)
``<15``                ceiling, direction −1, strict true
``[1.58]``             cumulative (a five-year total), direction 1; a bracketed base-year
                       figure is the previous period's total, not a baseline
``99%以上``, ``≥99``   level with comparator >=; a floor (ceiling, direction 1, strict
                       false) when the base year already meets it
``100`` → ``100``      maintain
``完成省州下达目标``   qualitative (the quota comes with the actuals)
a number               level; direction 1 when the target is above the baseline, −1 below
=====================  ===================================================================

Every inference is marked ``# 待确认`` on its line, for the planner to confirm or correct; ids are
placeholders (``r05``) to be replaced by meaningful codes before any actuals use them.  The file
is written only if it does not exist yet.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dayao_data.plan.check import check_text
from dayao_data.plan.printed_table import ImportError_, TableRow, fold_header, read_table

__all__ = ["ImportError_", "ImportResult", "read_table", "parse_figure", "import_table", "CONFIRM"]

CONFIRM = "待确认"


# --------------------------------------------------------------------------------------
# Reading a printed figure
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    value: float | None
    comparator: str  # = >= <= < > ~
    bracket: bool  # [ ] : a five-year total
    qualitative: bool
    text: str


_QUAL = ("完成", "下达", "实现", "达标", "确保", "稳定", "保持")


def parse_figure(printed: str) -> Parsed | None:
    """A printed table figure read: ``"[≤4.2]"`` → 4.2, ``<=``, bracketed.

    >>> parse_figure("[≤4.2]")
    Parsed(value=4.2, comparator='<=', bracket=True, qualitative=False, text='[≤4.2]')
    >>> parse_figure("99%以上").comparator, parse_figure("<15").value, parse_figure("完成省州下达目标").qualitative
    ('>=', 15.0, True)
    >>> parse_figure("--") is None
    True
    """
    text = unicodedata.normalize("NFKC", printed or "").strip()
    if not text or re.fullmatch(r"[-—–/、无]+", text):
        return None
    bracket = bool(re.match(r"^\s*[\[【]", text))
    inner = re.sub(r"[\[\]【】\s]", "", text)
    m = re.search(r"-?\d+(?:\.\d+)?", inner.replace(",", ""))
    if not m:
        return Parsed(None, "=", bracket, True, printed.strip()) if any(q in inner for q in _QUAL) or inner else None
    value = float(m.group(0))
    comparator = "="
    if re.search(r"(≤|<=|以内|以下|不高于|不超过|控制在)", inner):
        comparator = "<="
    elif re.search(r"(≥|>=|以上|不低于|不少于|至少)", inner):
        comparator = ">="
    elif "<" in inner:
        comparator = "<"
    elif ">" in inner:
        comparator = ">"
    elif "左右" in inner or "约" in inner:
        comparator = "~"
    return Parsed(value, comparator, bracket, False, printed.strip())


_LOWER_IS_BETTER = ("死亡率", "失业率", "发生率", "患病率", "贫困发生率", "辍学率", "流失率", "事故", "等待")


# --------------------------------------------------------------------------------------
# Writing the draft
# --------------------------------------------------------------------------------------


def _q(text: Any) -> str:
    """A YAML scalar that needs no further thought: JSON strings are YAML double-quoted strings."""
    return json.dumps("" if text is None else str(text), ensure_ascii=False)


def _num(v: float) -> str:
    return f"{v:g}" if abs(v) < 1e15 else repr(v)


@dataclass
class ImportResult:
    path: Path
    n_series: int
    n_rows: int
    n_confirm: int
    base_year: int
    target_year: int
    series: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.path}：草稿已写出，{self.n_series}个指标（表中{self.n_rows}行），{self.base_year}→{self.target_year}年；"
            f"{self.n_confirm}处推定标有“# {CONFIRM}”，请逐条核对后运行 dayao plan check {self.path}。\n"
            f"{self.path}: draft written, {self.n_series} series in {self.n_rows} table rows, {self.base_year}→{self.target_year}; "
            f"{self.n_confirm} inferences are marked '# {CONFIRM}' — confirm each, then run dayao plan check {self.path}."
        )


def _infer(tr: TableRow) -> dict:
    """Kind, direction, strictness, comparator, baseline, previous period — each with the reason to confirm."""
    base = parse_figure(tr.base)
    target = parse_figure(tr.target)
    out: dict[str, Any] = {"confirm": {}}
    c = out["confirm"]
    lower = any(w in tr.name for w in _LOWER_IS_BETTER)
    if target is None:
        raise ImportError_(
            f"row {tr.line}, column 目标: {tr.name} has no target (expected a number such as 95, ≤4.2, [1.58] or 完成省州下达目标)"
        )
    out["baseline"] = None
    out["previous_period"] = None
    if target.qualitative:
        out.update(kind="qualitative", direction=1, strict=None)
        c["kind"] = f"由“{target.text}”推定为定性目标（省州下达数随年度实际值填 assigned_target）"
        c["direction"] = "定性目标按越多越好（1）"
        if base is not None and base.value is not None:
            if base.bracket:
                out["previous_period"] = base
                c["previous_period"] = f"基期栏“{base.text}”带[ ]，按上一规划期的五年累计数处理，不作基期"
            else:
                out["baseline"] = base
        out["target"] = None
        out["target_printed"] = target.text
        return out
    out["target"] = target
    if base is not None and base.value is not None:
        if base.bracket and target.bracket and target.comparator in ("=", ">=", "~"):
            out["previous_period"] = base
            c["previous_period"] = f"基期栏“{base.text}”带[ ]，按上一规划期的五年累计数处理，不作基期"
        else:
            out["baseline"] = base
            if base.bracket:
                c["baseline"] = f"基期栏“{base.text}”带[ ]，按基期年当年的值处理"
    b = out["baseline"].value if out["baseline"] is not None else None
    t = target.value
    if target.comparator in ("<=", "<"):
        strict = target.comparator == "<"
        out.update(kind="ceiling", direction=-1, strict=strict)
        c["kind"] = f"由“{target.text}”推定为上限类：每年都不得超过{_num(t)}"
        c["strict"] = "“<”为严格小于（strict: true）" if strict else "“≤”“以内”含等于（strict: false）"
        c["direction"] = "上限类越低越好（-1）"
    elif target.bracket:
        out.update(kind="cumulative", direction=-1 if lower else 1, strict=None)
        c["kind"] = f"由“{target.text}”的[ ]推定为五年累计数：目标是各年之和"
        c["direction"] = "累计量按越多越好（1）" if not lower else f"“{tr.name}”越低越好（-1）"
    elif target.comparator in (">=", ">") and b is not None and b >= t:
        out.update(kind="ceiling", direction=1, strict=target.comparator == ">")
        c["kind"] = (
            f"由“{target.text}”且基期{_num(b)}已达到，推定为下限：每年都不得低于{_num(t)}（若是到期才要达到的目标，改为 kind: level）"
        )
        c["strict"] = "“以上”含等于（strict: false）"
        c["direction"] = "下限越高越好（1）"
    elif b is not None and b == t and target.comparator == "=":
        out.update(kind="maintain", direction=1, strict=None)
        c["kind"] = f"基期与目标同为{_num(t)}，推定为保持类"
        c["direction"] = "保持类按越高越好（1）"
    else:
        if b is not None and t != b:
            d = 1 if t > b else -1
            c["direction"] = (
                f"目标{_num(t)}{'高' if d == 1 else '低'}于基期{_num(b)}，推定{'越高越好（1）' if d == 1 else '越低越好（-1）'}"
            )
        else:
            d = -1 if lower else 1
            c["direction"] = f"表中无基期，按名称推定{'越低越好（-1）' if d == -1 else '越高越好（1）'}"
        out.update(kind="level", direction=d, strict=None)
        c["kind"] = (
            f"由“{target.text}”推定为到{'' if target.comparator == '=' else '不低于'}目标年达到的水平目标"
            if target.comparator != "="
            else "按到目标年达到的水平目标（level）"
        )
        if target.comparator in (">=", ">"):
            c["kind"] = (
                f"由“{target.text}”推定为到目标年达到的水平目标（若每年都须守住，改为 kind: ceiling、direction: 1）"
            )
    return out


def _attribute(text: str) -> tuple[str, str | None]:
    t = fold_header(text)
    if "约束" in t or t == "binding":
        return "binding", None
    if "预期" in t or t == "expected":
        return "expected", None
    return "expected", f"表中属性栏为“{text}”，按预期性处理" if text else "表中没有属性栏，按预期性处理"


def _unit(text: str) -> tuple[str, str | None]:
    t = unicodedata.normalize("NFKC", text or "").strip()
    if not t:
        return "", "表中未印单位：请填写数值所用的单位（如 年、岁、张、人），并标 unit_inferred: true"
    return t.replace("‰", "‰"), None


def import_table(
    table_path: str | Path,
    output: str | Path,
    *,
    plan_id: str | None = None,
    title: str | None = None,
    region: str | None = None,
    base_year: int | None = None,
    target_year: int | None = None,
) -> ImportResult:
    """Read the indicator table and write the draft plan to ``output`` (which must not exist)."""
    out_path = Path(output)
    if out_path.exists():
        raise ImportError_(
            f"{out_path} already exists; the importer never overwrites a file — choose another name with -o"
        )
    table = read_table(table_path)
    t0 = base_year or table.base_year
    T = target_year or table.target_year
    if t0 is None or T is None:
        raise ImportError_(
            f"{table_path}: the base and target years cannot be read from the header (e.g. 2020年完成, 2025年目标); "
            "give them with --base-year and --target-year"
        )
    if T <= t0:
        raise ImportError_(f"{table_path}: the target year {T} must be after the base year {t0}")
    stem = re.sub(r"[^a-z0-9_]+", "_", Path(table_path).stem.lower()).strip("_")
    pid = plan_id or (stem if re.match(r"^[a-z]", stem or "") else f"imported_plan_{t0 + 1}_{T}")
    table_title = table.title
    plan_title = title or table_title or Path(table_path).stem
    location = "指标表"

    domains: dict[str, str] = {}
    for r in table.rows:
        if r.domain and r.domain not in domains:
            domains[r.domain] = f"domain_{len(domains) + 1}"
    if not domains:
        domains["指标"] = "domain_1"
    departments: dict[str, str] = {}
    for r in table.rows:
        for name in re.split(r"[、,，;；/]", r.department or ""):
            name = name.strip()
            if name and name not in departments:
                departments[name] = f"dept_{len(departments) + 1}"

    within = len({(r.row, r.domain) for r in table.rows}) > len({r.row for r in table.rows})
    n_confirm = 0
    lines = [
        f"# 草稿：由 {Path(table_path).name} 导入（dayao plan import）。每一处“# {CONFIRM}”都是从表中文字推定的，",
        "# 请逐条核对、改正后删去标记；代码（id）是占位的 r01、r02…，在填报实际值之前改成有意义的英文代码。",
        "# 出处（cite）按表中行写成；有规划全文时，请改为原文摘句并写 plan.source_text。",
        f"# Draft imported from {Path(table_path).name}: every '# {CONFIRM}' is an inference to confirm.",
        "schema: dayao-plan/1",
        "plan:",
        f"  id: {pid}  # {CONFIRM}：规划代码",
        f"  title_zh: {_q(plan_title)}" + ("" if title else f"  # {CONFIRM}：规划全称"),
    ]
    n_confirm += 1 + (0 if title else 1)
    if region:
        lines.append(f"  region_zh: {_q(region)}")
    lines += [f"  base_year: {t0}", f"  target_year: {T}"]
    if table_title:
        lines.append(f"  headline_table_title_zh: {_q(table_title)}")
    lines.append("departments:")
    if not departments:
        departments["（请填写责任单位）"] = "dept_1"
    for name, did in departments.items():
        lines.append(f"  - {{id: {did}, name_zh: {_q(name)}}}  # {CONFIRM}：部门代码")
        n_confirm += 1
    lines.append("domains:")
    for k, (name, did) in enumerate(domains.items(), start=1):
        lines.append(f"  - {{id: {did}, name_zh: {_q(name)}, order: {k}}}  # {CONFIRM}：分类代码")
        n_confirm += 1
    lines.append("indicators:")
    series_out = []
    section_of = {d: k for k, d in enumerate(domains, start=1)}
    for r in table.rows:
        inf = _infer(r)
        conf = inf["confirm"]
        unit, unit_note = _unit(r.unit)
        attr, attr_note = _attribute(r.attribute)
        rid = (f"s{section_of.get(r.domain, 1)}_" if within else "") + f"r{r.row:02d}{r.series or ''}"
        deps = [d.strip() for d in re.split(r"[、,，;；/]", r.department or "") if d.strip()]
        dep = departments[deps[0]] if deps else None
        quote = " ".join(
            x for x in (str(r.row), r.domain, r.name, r.unit, r.base, r.target, r.change, r.attribute) if x
        )
        cite_loc = f"{location} 第{r.row}行" + (f"（{r.domain}）" if within else "")
        cite = f"{{location: {_q(cite_loc)}, table_row: {r.row}, quote: {_q(quote)}}}"

        def mark(key: str) -> str:
            nonlocal n_confirm
            if key in conf:
                n_confirm += 1
                return f"  # {CONFIRM}：{conf[key]}"
            return ""

        block = [
            f"  - id: {rid}  # {CONFIRM}：占位代码，改成有意义的英文代码",
            f"    table_row: {r.row}",
        ]
        n_confirm += 1
        if r.series:
            block.append(f"    series: {r.series}")
        block += [
            f"    name_zh: {_q(r.name)}",
            f"    domain: {domains.get(r.domain, 'domain_1')}",
        ]
        if r.domain:
            block.append(f"    domain_printed: {_q(r.domain)}")
        block.append(f"    unit: {_q(unit)}" + (f"  # {CONFIRM}：{unit_note}" if unit_note else ""))
        n_confirm += 1 if unit_note else 0
        block.append(f"    unit_printed: {_q(r.unit) if r.unit else 'null'}")
        block.append(f"    attribute: {attr}" + (f"  # {CONFIRM}：{attr_note}" if attr_note else ""))
        n_confirm += 1 if attr_note else 0
        if r.attribute:
            block.append(f"    attribute_printed: {_q(r.attribute)}")
        if dep:
            block.append(f"    department: {dep}")
        block.append(f"    kind: {inf['kind']}" + mark("kind"))
        block.append(f"    direction: {inf['direction']}" + mark("direction"))
        if inf["kind"] == "ceiling":
            block.append(f"    strict: {'true' if inf['strict'] else 'false'}" + mark("strict"))
        lo_hi = "[0, 100]" if unit == "%" else ("[0, 1000]" if unit == "‰" else "[0, null]")
        block.append(f"    bounds: {lo_hi}  # {CONFIRM}：可能的取值范围（按单位推定）")
        n_confirm += 1
        if inf["baseline"] is not None:
            b = inf["baseline"]
            block.append(
                f"    baseline: {{value: {_num(b.value)}, printed: {_q(b.text)}, year: {t0}, cite: {cite}}}"
                + mark("baseline")
            )
        if inf["target"] is not None:
            t = inf["target"]
            comp = t.comparator if not (inf["kind"] == "cumulative" and t.comparator == "=") else ">="
            comp_s = "" if comp == "=" else f", comparator: {_q(comp)}"
            block.append(
                f"    target: {{value: {_num(t.value)}, printed: {_q(t.text)}, year: {T}{comp_s}, cite: {cite}}}"
            )
        else:
            block.append(f"    target_printed: {_q(inf['target_printed'])}")
        ch = parse_figure(r.change)
        if ch is not None and ch.value is not None and not ch.qualitative:
            block.append(f"    change: {{value: {_num(ch.value)}, printed: {_q(r.change)}, cite: {cite}}}")
        if inf["previous_period"] is not None:
            p = inf["previous_period"]
            n_years = T - t0
            block.append(
                f'    previous_period: {{value: {_num(p.value)}, printed: {_q(p.text)}, period: "{t0 - n_years + 1}–{t0}", cite: {cite}}}'
                + mark("previous_period")
            )
        lines += block
        series_out.append(
            {
                "id": rid,
                "row": r.row,
                "series": r.series,
                "domain": r.domain,
                "name": r.name,
                **{k: inf[k] for k in ("kind", "direction", "strict")},
            }
        )
    text = "\n".join(lines) + "\n"
    # The draft must load: a file the importer writes and the checker refuses would be no help.

    problems = check_text(text)
    if problems:
        raise ImportError_(
            f"{table_path}: the draft would not be a valid plan file: " + "; ".join(str(p) for p in problems[:5])
        )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "x", encoding="utf-8") as fh:
        fh.write(text)
    n_rows = len({(r.domain if within else None, r.row) for r in table.rows})
    return ImportResult(out_path, len(table.rows), n_rows, n_confirm, t0, T, series_out)
