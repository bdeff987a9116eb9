"""``dayao plan check``: every problem of a plan file in one run, in plain Chinese and English.

Each problem names its line (and column for YAML syntax), the field, and says in a plain sentence —
once in Chinese, once in English — what to write instead.  No parser jargon reaches the planner:
YAML's "found character that cannot start any token" becomes "a value starting with % must be
quoted: write unit: "%"", a domain given by its name is answered with the code to write, and the
schema's and the cross-reference checks come back together, not in two rounds.

>>> problems = check_text('schema: dayao-plan/1\\nplan: {id: x, title_zh: t, base_year: 2025, target_year: 2030}\\n'
...                       'departments: [{id: d, name_zh: 甲局}]\\ndomains: [{id: edu, name_zh: 教育}]\\n'
...                       'indicators:\\n  - {id: a, table_row: 1, name_zh: 甲, domain: 教育, unit: x, attribute: expected,'
...                       ' kind: level, direction: 1, target: {value: 5, printed: "5", cite: {location: l, quote: q}}}\\n')
>>> [(p.line, p.field) for p in problems]
[(6, 'indicators[0].domain')]
>>> print(problems[0].en)
domain is written as the name 教育; write the domain's code instead: domain: edu
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = ["PlanProblem", "check_text", "check_file"]


@dataclass(frozen=True)
class PlanProblem:
    """One problem of a plan file: where (line, column, field) and what to write instead (zh, en)."""

    line: int | None
    field: str
    zh: str
    en: str
    column: int | None = None

    def where(self, language: str = "en") -> str:
        if language == "zh":
            if self.line is None:
                return ""
            return f"第{self.line}行" + (f"第{self.column}列" if self.column else "")
        if self.line is None:
            return ""
        return f"line {self.line}" + (f", column {self.column}" if self.column else "")

    def __str__(self) -> str:  # the form PlanError lists: "line 21: indicators[0].kind: ..."
        where = self.where("en")
        field = f"{self.field}: " if self.field else ""
        return f"{where + ': ' if where else ''}{field}{self.en}"

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "field": self.field, "zh": self.zh, "en": self.en}


# --------------------------------------------------------------------------------------
# YAML syntax, in plain words
# --------------------------------------------------------------------------------------

_QUOTE_FIRST = "%@`!&*|>[]{}"


def _yaml_problem(exc: yaml.YAMLError, text: str) -> PlanProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    src = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    key, _, value = src.strip().lstrip("- ").partition(":")
    key, value = key.strip(), value.strip()
    quoted = f'{key}: "{value}"' if key and value else None
    m = re.search(r"found character '(.)' that cannot start any token", problem)
    if m or "cannot start any token" in problem:
        ch = m.group(1) if m else (value[:1] if value else "?")
        if ch == "\t":
            zh = "行首用了制表符(Tab)缩进。YAML只能用空格缩进：请把Tab换成空格。"
            en = "the line is indented with a tab; YAML is indented with spaces only: replace the tab by spaces."
        else:
            ex = quoted or f'"{ch}…"'
            zh = f"以“{ch}”开头的值必须加英文双引号，请写成 {ex}。"
            en = f"a value that starts with {ch} must be in double quotes: write {ex}."
        return PlanProblem(line, key or "", zh + "（YAML语法）", en + " (not valid YAML)", column)
    if "mapping values are not allowed" in problem:
        zh = (
            f"这一行的值里有“: ”（英文冒号加空格），会被当成新的字段。请给整个值加英文双引号"
            f"{'，写成 ' + quoted if quoted else ''}，或把英文冒号换成中文冒号“：”。"
        )
        en = (
            f"the value contains ': ' (colon and space), which starts a new field; put the whole value in double quotes"
            f"{' (' + quoted + ')' if quoted else ''} or use the Chinese colon ：."
        )
        return PlanProblem(line, key, zh + "（YAML语法）", en + " (not valid YAML)", column)
    if "could not find expected ':'" in problem or "simple key" in problem:
        zh = "这一行缺少“字段: 值”中的英文冒号和空格，或上一行的引号没有闭合。请写成 字段名: 值。"
        en = "this line lacks the colon of 'field: value', or a quote on the line above is not closed; write field: value."
        return PlanProblem(line, key, zh + "（YAML语法）", en + " (not valid YAML)", column)
    if (
        "expected <block end>" in problem
        or "expected <block mapping start>" in problem
        or "did not find expected" in problem
    ):
        zh = "缩进不对：同一层的字段要对齐（用相同个数的空格），列表项以“- ”开头。请检查这一行和上一行的缩进。"
        en = "the indentation is off: fields of the same level must line up (same number of spaces) and list items start with '- '; check this line and the one above."
        return PlanProblem(line, key, zh + "（YAML语法）", en + " (not valid YAML)", column)
    if "end of stream" in problem or "unexpected end" in problem or ("quoted scalar" in context):
        zh = '有一个引号没有闭合：从这一行起的引号要成对（"…"）。'
        en = 'a quote is not closed: quotes from this line on must come in pairs ("…").'
        return PlanProblem(line, key, zh + "（YAML语法）", en + " (not valid YAML)", column)
    if "duplicate key" in problem:
        dup = re.search(r"duplicate key '?([^']*)'?", problem)
        name = dup.group(1) if dup else key
        zh = f"字段“{name}”在同一处写了两次，请删去一个。"
        en = f"the field {name} is written twice in the same place; delete one."
        return PlanProblem(line, name, zh + "（YAML语法）", en + " (not valid YAML)", column)
    zh = "这一行不符合YAML写法：请对照 docs/plan-schema.md 的例子检查冒号、缩进和引号。"
    en = "this line is not valid YAML: compare its colon, indentation and quotes with the example in docs/plan-schema.md."
    return PlanProblem(line, key, zh, en, column)


# --------------------------------------------------------------------------------------
# The schema's problems, in plain words
# --------------------------------------------------------------------------------------

_HINTS = {
    "schema": ("第一行写 schema: dayao-plan/1", "write schema: dayao-plan/1 as the first line"),
    "id": (
        "代码：小写英文字母开头，只用小写字母、数字和下划线，如 public_education",
        "a code: lower-case letters, digits and _, starting with a letter, e.g. public_education",
    ),
    "name_zh": ("名称，照规划原文", "the name as printed"),
    "title_zh": ("规划全称，照原文", "the plan's full title as printed"),
    "base_year": ("基期年，如 base_year: 2025", "the base year, e.g. base_year: 2025"),
    "target_year": ("目标年，如 target_year: 2030", "the target year, e.g. target_year: 2030"),
    "domain": ("所属分类的代码（domains 中的 id）", "the code (id) of the domain in domains"),
    "unit": ('单位，如 unit: "%"（%要加引号）', 'the unit, e.g. unit: "%" (quote the %)'),
    "attribute": ("binding（约束性）或 expected（预期性）", "binding (约束性) or expected (预期性)"),
    "kind": (
        "level、ceiling、maintain、cumulative 或 qualitative",
        "level, ceiling, maintain, cumulative or qualitative",
    ),
    "direction": ("1（越高越好）或 -1（越低越好）", "1 (higher is better) or -1 (lower is better)"),
    "printed": ('原文写法，加引号，如 printed: "95%以上"', 'the figure as printed, quoted, e.g. printed: "95%以上"'),
    "cite": ("出处：location（章节）和 quote（原文摘句）", "where it is printed: location and quote"),
    "location": ("章、节、表中第几行", "chapter, section, table row"),
    "quote": ("原文摘句，一字不差", "a verbatim clause of the plan"),
    "plan": ("规划本身：id、title_zh、base_year、target_year", "the plan itself: id, title_zh, base_year, target_year"),
    "departments": ("责任部门列表，每个有 id 和 name_zh", "the list of departments, each with id and name_zh"),
    "domains": ("分类列表，每个有 id 和 name_zh", "the list of domains, each with id and name_zh"),
    "indicators": ("主要指标表的指标列表", "the list of headline indicators"),
    "summary_zh": ("问题是什么（中文）", "what the problem is, in Chinese"),
    "handling_zh": ("本套件怎么处理（中文）", "how the suite handles it, in Chinese"),
    "statements": ("每一处相关原文：value、printed、cite", "each statement: value, printed, cite"),
    "value": ("数字，不加引号和单位，如 value: 95", "a number, without quotes or unit, e.g. value: 95"),
    "field": ("baseline 或 target", "baseline or target"),
}

_TYPES_ZH = {
    "string": "文字",
    "number": "数字",
    "integer": "整数",
    "object": "一组字段",
    "array": "列表（每项以“- ”开头）",
    "boolean": "true 或 false",
    "null": "空值 null",
}
_TYPES_EN = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "object": "a group of fields",
    "array": "a list (items start with '- ')",
    "boolean": "true or false",
    "null": "null",
}


def _field_path(path: Iterable[Any]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _node_at(raw_lines: Any, path: Iterable[Any]) -> Any:
    cur = raw_lines
    for step in path:
        try:
            cur = cur[step]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def _line_at(raw_lines: Any, path: list) -> int | None:
    """The line of the deepest key on ``path`` that is present (a list item: the line it starts on)."""
    cur = raw_lines
    line = raw_lines.get("__line__") if isinstance(raw_lines, dict) else None
    for step in path:
        if isinstance(cur, dict) and step in cur.get("__keylines__", {}):
            line = cur["__keylines__"][step]
            cur = cur[step]
        elif isinstance(cur, list) and isinstance(step, int) and 0 <= step < len(cur):
            cur = cur[step]
            if isinstance(cur, dict) and "__line__" in cur:
                line = cur["__line__"]
        else:
            break
    return line


def _show(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, (dict, list)):
        return "（一组字段）" if isinstance(value, dict) else "（列表）"
    return str(value)


def _names_to_ids(raw: dict, key: str) -> dict[str, str]:
    out = {}
    for d in raw.get(key) or []:
        if isinstance(d, dict) and isinstance(d.get("id"), str):
            for k in ("name_zh", "short_zh", "name_en"):
                if isinstance(d.get(k), str) and d[k]:
                    out[d[k]] = d["id"]
    return out


def _schema_problem(err, raw: dict, raw_lines: dict) -> PlanProblem:
    path = list(err.absolute_path)
    fpath = _field_path(path) or "(top level)"
    last = path[-1] if path else None
    name = last if isinstance(last, str) else (path[-2] if len(path) > 1 and isinstance(path[-2], str) else "")
    line = _line_at(raw_lines, path)
    v = err.validator
    inst = err.instance
    if v == "required":
        have = set(inst) if isinstance(inst, dict) else set()
        missing = [k for k in err.validator_value if k not in have]
        k = missing[0] if missing else "?"
        hz, he = _HINTS.get(k, ("见 docs/plan-schema.md", "see docs/plan-schema.md"))
        return PlanProblem(
            line,
            _field_path(path + [k]),
            f"缺少必填字段 {k}：请补上（{hz}）。",
            f"the required field {k} is missing: add it ({he}).",
        )
    if v == "additionalProperties":
        allowed = list((err.schema or {}).get("properties", {}))
        extra = [k for k in (inst or {}) if k not in allowed and not str(k).startswith("__")]
        k = extra[0] if extra else "?"
        kl = None
        node = _node_at(raw_lines, path)
        if isinstance(node, dict):
            kl = node.get("__keylines__", {}).get(k)
        close = difflib.get_close_matches(str(k), allowed, n=1, cutoff=0.6)
        zs = f"是不是想写 {close[0]}？" if close else f"这里可用的字段：{'、'.join(allowed)}。"
        es = f"did you mean {close[0]}?" if close else f"the fields allowed here: {', '.join(allowed)}."
        return PlanProblem(
            kl or line, _field_path(path + [k]), f"不认识的字段 {k}。{zs}", f"{k} is not a field of this schema; {es}"
        )
    if v == "enum":
        options = [str(o) for o in err.validator_value]
        close = difflib.get_close_matches(str(inst), options, n=1, cutoff=0.5)
        zs = f"（是不是 {close[0]}？）" if close else ""
        es = f" (did you mean {close[0]}?)" if close else ""
        return PlanProblem(
            line,
            fpath,
            f"{name}写的是“{_show(inst)}”，只能写以下之一：{'、'.join(options)}{zs}。",
            f"{name} is {_show(inst)!s}; write one of {', '.join(options)}{es}.",
        )
    if v == "const":
        return PlanProblem(line, fpath, f"{name}应写 {err.validator_value}。", f"{name} must be {err.validator_value}.")
    if v == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        wz = "或".join(_TYPES_ZH.get(w, w) for w in want)
        we = " or ".join(_TYPES_EN.get(w, w) for w in want)
        if "number" in want or "integer" in want:
            if isinstance(inst, str):
                digits = re.sub(r"[^\d.\-]", "", inst)
                ex = f"{name}: {digits}" if digits else f"{name}: 95"
                return PlanProblem(
                    line,
                    fpath,
                    f"{name}要写数字（不加引号、单位或符号），如 {ex}；原文写法放在 printed 里。",
                    f"{name} must be a number without quotes, unit or sign, e.g. {ex}; the printed form goes in printed.",
                )
        if "string" in want and not isinstance(inst, (dict, list)):
            return PlanProblem(
                line,
                fpath,
                f'{name}要写文字：请加英文双引号，写成 {name}: "{_show(inst)}"。',
                f'{name} must be text: put it in double quotes, {name}: "{_show(inst)}".',
            )
        return PlanProblem(
            line, fpath, f"{name}这里要写{wz}，现在写的是“{_show(inst)}”。", f"{name} must be {we}, not {_show(inst)}."
        )
    if v == "pattern":
        lookup = {"domain": "domains", "department": "departments", "related_indicator": "indicators"}.get(str(name))
        if lookup and isinstance(inst, str):
            ids = _names_to_ids(raw, lookup)
            if inst in ids:
                return PlanProblem(
                    line,
                    fpath,
                    f"{name}写的是名称“{inst}”；这里要写代码：{name}: {ids[inst]}。",
                    f"{name} is written as the name {inst}; write the {str(name).replace('_', ' ')}'s code instead: {name}: {ids[inst]}",
                )
            codes = [d.get("id") for d in raw.get(lookup) or [] if isinstance(d, dict) and d.get("id")]
            return PlanProblem(
                line,
                fpath,
                f"{name}要写代码（{lookup} 中的 id），如 {'、'.join(map(str, codes[:6]))}；现在写的是“{inst}”。",
                f"{name} must be a code (an id of {lookup}), such as {', '.join(map(str, codes[:6]))}; it is {inst}.",
            )
        return PlanProblem(
            line,
            fpath,
            f"{name}“{_show(inst)}”不是合格的代码：代码以小写英文字母开头，只用小写字母、数字和下划线，如 public_education。",
            f"{name} {_show(inst)} is not a valid code: start with a lower-case letter and use only a–z, 0–9 and _, e.g. public_education.",
        )
    if v in ("minimum", "maximum"):
        return PlanProblem(
            line,
            fpath,
            f"{name}写的是 {inst}，年份应在1949到2200之间，如 2025。"
            if "year" in str(name)
            else f"{name}写的是 {inst}，超出允许范围（{v} {err.validator_value}）。",
            f"{name} is {inst}; a year lies between 1949 and 2200, e.g. 2025."
            if "year" in str(name)
            else f"{name} is {inst}, outside the allowed range ({v} {err.validator_value}).",
        )
    if v == "minItems":
        return PlanProblem(
            line,
            fpath,
            f"{name}至少要写{err.validator_value}条。",
            f"{name} needs at least {err.validator_value} item(s).",
        )
    if v == "maxItems":
        return PlanProblem(
            line,
            fpath,
            f"{name}最多写{err.validator_value}项，如 [0, 100]。",
            f"{name} takes at most {err.validator_value} items, e.g. [0, 100].",
        )
    if v == "minLength":
        return PlanProblem(line, fpath, f"{name}不能为空。", f"{name} must not be empty.")
    if v == "maxLength":
        return PlanProblem(
            line,
            fpath,
            f"{name}太长（最多{err.validator_value}个字符）。",
            f"{name} is too long (at most {err.validator_value} characters).",
        )
    return PlanProblem(
        line,
        fpath,
        f"{name}写法不对（{err.message}），见 docs/plan-schema.md。",
        f"{name} does not fit the schema ({err.message}); see docs/plan-schema.md.",
    )


# --------------------------------------------------------------------------------------
# Cross-references and kinds (what a JSON schema cannot say), tolerant of broken entries
# --------------------------------------------------------------------------------------


def _semantic(raw: dict, raw_lines: dict) -> list[PlanProblem]:
    from dayao_data.plan import default_bounds

    out: list[PlanProblem] = []

    def L(path: list) -> int | None:
        return _line_at(raw_lines, path)

    def add(path: list, zh: str, en: str) -> None:
        out.append(PlanProblem(L(path), _field_path(path), zh, en))

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
    dom_names = _names_to_ids(raw, "domains")
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


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def check_text(text: str) -> list[PlanProblem]:
    """Every problem of a plan file's text (YAML, schema and cross-references together), in line order."""
    from dayao_data.plan import _LineLoader, _schema, _strip_lines

    try:
        raw_lines = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        return [_yaml_problem(exc, text)]
    if not isinstance(raw_lines, dict):
        return [
            PlanProblem(
                1,
                "",
                "文件里没有规划：应以 schema: dayao-plan/1 开头，并有 plan、departments、domains、indicators 几部分（见 docs/plan-schema.md 的例子）。",
                "the file does not hold a plan: it starts with schema: dayao-plan/1 and has plan, departments, domains and indicators (see the example in docs/plan-schema.md).",
            )
        ]
    raw = _strip_lines(raw_lines)
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    problems = [_schema_problem(e, raw, raw_lines) for e in validator.iter_errors(raw)]
    problems += _semantic(raw, raw_lines)
    # one sentence per place: the schema's pattern message and the cross-reference check can say the same
    unique: dict[tuple, PlanProblem] = {}
    for p in problems:
        unique.setdefault((p.line, p.field, p.en), p)
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.field))


def check_file(path: str | Path) -> list[PlanProblem]:
    """:func:`check_text` of a file; an unreadable file is one problem, never a traceback."""
    p = Path(path)
    if not p.exists():
        return [PlanProblem(None, "", f"找不到文件 {p}。", f"no such file: {p}.")]
    if p.is_dir():
        return [PlanProblem(None, "", f"{p} 是文件夹，不是规划文件。", f"{p} is a folder, not a plan file.")]
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [
            PlanProblem(
                None,
                "",
                f"文件不是 UTF-8 编码（第{exc.start}字节）：请在编辑器中“另存为 UTF-8”。",
                f"the file is not UTF-8 text (byte {exc.start}): save it as UTF-8 in the editor.",
            )
        ]
    return check_text(text)
