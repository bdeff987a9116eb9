"""The plan file's notes as a reader of the report should see them: names, never identifiers.

The plan file's notes and its quality issues' "how it is handled" were written for whoever keeps
the file, and refer to other entries by id ("见数据质量 preschool_target_table_vs_text") and to
fields by key ("填在 assigned_target").  Before such text reaches a report, every id of the plan
becomes the name of what it identifies and every field key the words a planner uses.

>>> from dayao_data.plan import load_plan
>>> plan = load_plan()
>>> plan_prose(plan, "自相矛盾(见数据质量 infant_mortality_2020_378_vs_464);当年下达任务数填在 assigned_target。")
'自相矛盾（见附件4“前后矛盾：婴幼儿死亡率”）；当年下达任务数填在省州下达任务数一栏。'
>>> plan_prose(plan, "单位由本套件推定。")
'单位由本报告推定。'
>>> plan_prose(plan, "推定的单位记在各指标的 unit 中,并标 unit_inferred: true、unit_printed: null;报告在单位旁注明“推定”。")
'推定的单位记在各指标的单位中，并标“推定”；报告在单位旁注明“推定”。'
"""

from __future__ import annotations

import re

from dayao_data import i18n
from dayao_data.typography import zh_text

__all__ = ["plan_prose"]

#: Field keys of the plan and actuals formats, as a planner names them (zh, en).
_FIELDS = [
    (re.compile(r"\s*[、,，]?\s*unit_printed:\s*null"), ("", "")),
    (re.compile(r"unit_inferred:\s*true"), ("“推定”", "“inferred”")),
    (re.compile(r"\bunit_inferred\b"), ("“推定”标记", "the “inferred” mark")),
    (re.compile(r"填在\s*assigned_target"), ("填在省州下达任务数一栏", "go into the assigned-quota column")),
    (re.compile(r"\bassigned_target\b"), ("省州下达任务数", "the assigned quota")),
    (re.compile(r"\baliases\b"), ("别名", "aliases")),
    (re.compile(r"本套件"), ("本报告", "this report")),
    (re.compile(r"\bunit\b(?!_)"), ("单位", "unit")),
]
_ID = re.compile(r"(?<![A-Za-z0-9_./])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")
_QUALITY_REF = re.compile(r"数据质量\s*(?=[a-z])|quality issue\s+(?=[a-z])")


def _names(plan, language: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for ind in plan.series("all"):
        names[ind.id] = f"“{ind.name(language)}”"
    for project in plan.projects:
        names[project.id] = f"“{project.name_zh if language == 'zh' else project.name_en or project.name_zh}”"
    for dep_id, dep in plan.departments.items():
        names[dep_id] = dep.name(language)
    for q in plan.quality_issues:
        subjects = i18n.join_list(list(dict.fromkeys(plan.indicator(i).name(language) for i in q.indicators)), language)
        label = i18n.issue_kind_label(q.kind, language)
        text = (
            f"{label}：{subjects}" if language == "zh" and subjects else (f"{label}: {subjects}" if subjects else label)
        )
        names[q.id] = f"附件4“{text}”" if language == "zh" else f"annex 4, “{text}”"
    return names


def plan_prose(plan, text: str, language: str = "zh") -> str:
    """``text`` from the plan file with ids replaced by names and field keys by words."""
    if not text:
        return text
    names = _names(plan, language)
    out = _QUALITY_REF.sub("", text) if any(q.id in text for q in plan.quality_issues) else text
    for pattern, (zh, en) in _FIELDS:
        out = pattern.sub(en if language == "en" else zh, out)

    def name(match: re.Match) -> str:
        return names.get(match.group(0), match.group(0))

    out = _ID.sub(name, out)
    return zh_text(out) if language == "zh" else out
