"""The brief (简报): two to four pages for leaders, beside every report (brief.pdf, brief.docx).

Built from the package's own summaries of the run's assessment, never from a second copy of the
report's text:

* 一、总体情况 — the counts by status (:func:`dayao_data.summary.summarize`);
* 二、需关注的约束性指标 — the binding indicators that are not achieved, ahead or on track, with
  their departments, values and targets (:func:`dayao_data.summary.binding_alarms`);
* 三、主要问题 and 四、工作建议 — the first five problems and recommendations of the evaluation at
  the report's year (:func:`dayao_data.evaluation.midterm`, worded by
  :func:`dayao_data.evaluation.narrative.midterm_problems` / :func:`~dayao_data.evaluation.narrative.midterm_recommendations`);
* one chart: status by domain (:func:`dayao_data.charts.status_by_domain`).

The brief is one HTML document (brief.html is not kept) laid out by the same writers as the report:
:func:`dayao_data.report.pdf.write_pdf` and :func:`dayao_data.report.docx.write_docx`, in the
report's layout.
"""

from __future__ import annotations

import html as _html
from typing import Any

import pandas as pd

from dayao_data import charts
from dayao_data.display import format_value
from dayao_data.evaluation import midterm, narrative
from dayao_data.progress import STATUS_ORDER, evaluate
from dayao_data.report.layout import apply_layout
from dayao_data.report.render import font_css, report_css
from dayao_data.report.tables import figure_html
from dayao_data.summary import status_label, summarize
from dayao_data.typography import zh_html
from dayao_data.yearly import findings
from dayao_data.yearly.context import ReportContext

__all__ = ["brief_html", "MAX_ITEMS"]

#: At most this many problems and recommendations (the brief's 3–5 main points).
MAX_ITEMS = 5

WORDS = {
    "zh": {
        "title": "{short}{year}年实施情况简报",
        "overall": "一、总体情况",
        "binding": "二、需关注的约束性指标",
        "problems": "三、主要问题",
        "recommendations": "四、工作建议",
        "counts": "截至{year}年，纳入监测的{total}项指标中，{parts}。",
        "count_item": "{label}{n}项",
        "no_alarms": "约束性指标均已实现、快于预期或基本符合预期。",
        "alarms_intro": "以下{n}项约束性指标需重点关注：",
        "columns": ["指标", "责任单位", "完成情况", "现值", "目标值"],
        "value_year": "{value}（{year}年）",
        "caption": "图1　{year}年各领域指标完成情况（项）",
        "none": "—",
        "no_problems": "本期未发现需要单列的问题。",
        "illustrative": "示例数据，非真实统计，不得引用或上报。",
        "sep": "，",
    },
    "en": {
        "title": "{short}: brief {year}",
        "overall": "1. Overview",
        "binding": "2. Binding indicators needing attention",
        "problems": "3. Main problems",
        "recommendations": "4. Recommendations",
        "counts": "By {year}, of the {total} monitored indicators: {parts}.",
        "count_item": "{label} {n}",
        "no_alarms": "Every binding indicator is achieved, ahead or on track.",
        "alarms_intro": "{n} binding indicators need attention:",
        "columns": ["Indicator", "Department", "Status", "Latest value", "Target"],
        "value_year": "{value} ({year})",
        "caption": "Figure 1. Status of the indicators by domain, {year}",
        "none": "—",
        "no_problems": "No problem needs to be singled out.",
        "illustrative": "Illustrative data, not real statistics: not to be quoted or reported.",
        "sep": ", ",
    },
}


def _e(text: Any) -> str:
    return _html.escape(str(text))


def _value(value: Any, unit: str, language: str) -> str:

    return format_value(value, unit or "", language) or WORDS[language]["none"]


def _yearly_problems(plan, actuals: pd.DataFrame, year: int, band: float, language: str, illustrative: bool):
    """:func:`dayao_data.yearly.findings.problems` of the yearly report for these inputs."""

    assessment = evaluate(plan, actuals, year, band=band)
    ctx = ReportContext(
        plan=plan,
        actuals=actuals,
        assessment=assessment,
        extended=evaluate(plan, actuals, year, band=band, catalogue="extended"),
        summary=summarize(assessment.table, plan),
        year=year,
        language=language,
        band=band,
        illustrative=illustrative,
        inputs={},
    )
    return findings.problems(ctx)


def brief_html(
    *,
    plan,
    table: pd.DataFrame,
    actuals: pd.DataFrame,
    year: int,
    band: float,
    language: str = "zh",
    illustrative: bool = False,
    info=None,
    layout: str = "standard",
    kind: str = "yearly",
    context=None,
) -> str:
    """The brief as one HTML document (the report's fonts, style sheet and layout).

    ``context`` is the run's computed :class:`~dayao_data.yearly.context.ReportContext` (the one
    the notebooks and assess.csv come from): a yearly brief takes its problems from it; without it
    (the brief built on its own) the plan is assessed here.
    """

    language = "en" if language == "en" else "zh"
    w = WORDS[language]
    summary = summarize(table, plan)
    short = plan.short_title(language) or plan.title(language)
    title = w["title"].format(short=short, year=year)
    parts = [
        w["count_item"].format(label=status_label(s, language), n=summary.count(s))
        for s in STATUS_ORDER
        if summary.count(s)
    ]
    body = [f'<div class="dd-brief-title">{_e(title)}</div>']
    if illustrative:
        body.append(f'<p class="dd-illustrative">{_e(w["illustrative"])}</p>')
    body.append(f"<h1>{_e(w['overall'])}</h1>")
    body.append(f"<p>{_e(w['counts'].format(year=year, total=summary.total, parts=w['sep'].join(parts)))}</p>")
    fig = charts.status_by_domain(table, plan, language=language, illustrative=illustrative)
    body.append(figure_html(charts.figure_png(fig, 200), w["caption"].format(year=year)))

    body.append(f"<h1>{_e(w['binding'])}</h1>")
    alarms = summary.alarms
    if len(alarms):
        body.append(f"<p>{_e(w['alarms_intro'].format(n=len(alarms)))}</p>")
        head = "".join(f"<th>{_e(c)}</th>" for c in w["columns"])
        rows = []
        for a in alarms.itertuples():
            ind = plan.indicator(a.indicator_id)
            value = _value(a.value, a.unit, language)
            if not pd.isna(a.data_year) and value != w["none"]:
                value = w["value_year"].format(value=value, year=int(a.data_year))
            department = plan.department_name(ind.department, language) or w["none"]
            rows.append(
                f'<tr class="dd-binding"><td>{_e(ind.name(language))}</td><td>{_e(department)}</td>'
                f'<td><span class="dd-status dd-status-{_e(a.status)}">{_e(status_label(a.status, language))}</span></td>'
                f'<td class="num">{_e(value)}</td><td class="num">{_e(_value(a.target, a.unit, language))}</td></tr>'
            )
        body.append(f'<table class="dd-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    else:
        body.append(f"<p>{_e(w['no_alarms'])}</p>")

    used = actuals[actuals["year"] <= year] if len(actuals) else actuals
    if kind == "yearly":
        # the yearly report's own 三、存在的问题 and 四、下一步工作建议, the most serious first
        if context is not None:  # computed once by the runner (issue 9): not assessed a second time
            found = findings.problems(context)[:MAX_ITEMS]
        else:
            found = _yearly_problems(plan, used, year, band, language, illustrative)[:MAX_ITEMS]
        sep = "：" if language == "zh" else ": "
        problems = [f"{p.title}{sep}{p.text}" for p in found]
        recommendations = [p.recommendation for p in found]
    else:
        m = midterm(plan, used, year=year, band=band)
        problems = [str(s) for s in narrative.midterm_problems(m, language)][:MAX_ITEMS]
        recommendations = [str(s) for s in narrative.midterm_recommendations(m, language)][:MAX_ITEMS]
    body.append(f"<h1>{_e(w['problems'])}</h1>")
    body.extend(f"<p>{_e(t)}</p>" for t in problems) if problems else body.append(f"<p>{_e(w['no_problems'])}</p>")
    body.append(f"<h1>{_e(w['recommendations'])}</h1>")
    body.extend(f"<p>{_e(t)}</p>" for t in recommendations)

    font_face, family = font_css()
    lang = "en" if language == "en" else "zh-CN"
    generated = info.generated.date().isoformat() if info is not None and info.generated else ""
    mark = '"示例数据 ILLUSTRATIVE"' if illustrative else "none"
    document = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{_e(title)}</title>
<meta name="author" content="{_e(plan.report_author(language))}">
<meta name="dcterms.created" content="{generated}">
<style>
{font_face}
html {{ font-family: {family}; }}
{report_css()}
@page {{ @top-right {{ content: {mark}; }} @bottom-center {{ content: counter(page); }} }}
.dd-brief-title {{ text-align: center; font-size: 18pt; font-weight: bold; margin: 0 0 6mm 0; }}
.dd-brief h1 {{ break-before: auto; page-break-before: auto; font-size: 13.5pt; border: none; margin: 5mm 0 2mm 0; }}
</style>
</head>
<body class="dd-report dd-brief dd-lang-{language}{" dd-is-illustrative" if illustrative else ""}">
<main>
{chr(10).join(body)}
</main>
</body>
</html>
"""

    # the same typography as the report (full-width marks, no stray spaces)
    return apply_layout(zh_html(document) if language == "zh" else document, layout)
