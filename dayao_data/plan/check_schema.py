"""The plan file's JSON-schema problems in plain words: the field, what was found, and what to
write instead (a domain given by its name is answered with its code), in Chinese and English.
"""

from __future__ import annotations

import difflib
import re

from dayao_data.plan.problem import PlanProblem, field_path, line_at, names_to_ids, node_at, show_value

__all__ = ["schema_problem"]


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


def schema_problem(err, raw: dict, raw_lines: dict) -> PlanProblem:
    """One jsonschema error ``err`` as a :class:`PlanProblem` with its line and a plain sentence."""
    path = list(err.absolute_path)
    fpath = field_path(path) or "(top level)"
    last = path[-1] if path else None
    name = last if isinstance(last, str) else (path[-2] if len(path) > 1 and isinstance(path[-2], str) else "")
    line = line_at(raw_lines, path)
    v = err.validator
    inst = err.instance
    if v == "required":
        have = set(inst) if isinstance(inst, dict) else set()
        missing = [k for k in err.validator_value if k not in have]
        k = missing[0] if missing else "?"
        hz, he = _HINTS.get(k, ("见 docs/plan-schema.md", "see docs/plan-schema.md"))
        return PlanProblem(
            line,
            field_path(path + [k]),
            f"缺少必填字段 {k}：请补上（{hz}）。",
            f"the required field {k} is missing: add it ({he}).",
        )
    if v == "additionalProperties":
        allowed = list((err.schema or {}).get("properties", {}))
        extra = [k for k in (inst or {}) if k not in allowed and not str(k).startswith("__")]
        k = extra[0] if extra else "?"
        kl = None
        node = node_at(raw_lines, path)
        if isinstance(node, dict):
            kl = node.get("__keylines__", {}).get(k)
        close = difflib.get_close_matches(str(k), allowed, n=1, cutoff=0.6)
        zs = f"是不是想写 {close[0]}？" if close else f"这里可用的字段：{'、'.join(allowed)}。"
        es = f"did you mean {close[0]}?" if close else f"the fields allowed here: {', '.join(allowed)}."
        return PlanProblem(
            kl or line, field_path(path + [k]), f"不认识的字段 {k}。{zs}", f"{k} is not a field of this schema; {es}"
        )
    if v == "enum":
        options = [str(o) for o in err.validator_value]
        close = difflib.get_close_matches(str(inst), options, n=1, cutoff=0.5)
        zs = f"（是不是 {close[0]}？）" if close else ""
        es = f" (did you mean {close[0]}?)" if close else ""
        return PlanProblem(
            line,
            fpath,
            f"{name}写的是“{show_value(inst)}”，只能写以下之一：{'、'.join(options)}{zs}。",
            f"{name} is {show_value(inst)!s}; write one of {', '.join(options)}{es}.",
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
                f'{name}要写文字：请加英文双引号，写成 {name}: "{show_value(inst)}"。',
                f'{name} must be text: put it in double quotes, {name}: "{show_value(inst)}".',
            )
        return PlanProblem(
            line,
            fpath,
            f"{name}这里要写{wz}，现在写的是“{show_value(inst)}”。",
            f"{name} must be {we}, not {show_value(inst)}.",
        )
    if v == "pattern":
        lookup = {"domain": "domains", "department": "departments", "related_indicator": "indicators"}.get(str(name))
        if lookup and isinstance(inst, str):
            ids = names_to_ids(raw, lookup)
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
            f"{name}“{show_value(inst)}”不是合格的代码：代码以小写英文字母开头，只用小写字母、数字和下划线，如 public_education。",
            f"{name} {show_value(inst)} is not a valid code: start with a lower-case letter and use only a–z, 0–9 and _, e.g. public_education.",
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
