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

import re
from pathlib import Path

import yaml

from dayao_data.plan.check_references import reference_problems
from dayao_data.plan.check_schema import schema_problem
from dayao_data.plan.problem import PlanProblem
from dayao_data.plan.schema import schema
from dayao_data.plan.yaml_lines import LineLoader, strip_lines

__all__ = ["PlanProblem", "check_text", "check_file"]


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
# Entry points
# --------------------------------------------------------------------------------------


def check_text(text: str) -> list[PlanProblem]:
    """Every problem of a plan file's text (YAML, schema and cross-references together), in line order."""
    try:
        raw_lines = yaml.load(text, Loader=LineLoader)  # noqa: S506 - SafeLoader subclass
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
    raw = strip_lines(raw_lines)
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    problems = [schema_problem(e, raw, raw_lines) for e in validator.iter_errors(raw)]
    problems += reference_problems(raw, raw_lines)
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
