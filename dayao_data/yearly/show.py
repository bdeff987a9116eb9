"""The one-line calls of the notebooks: each shows one part of the report.

Every function displays its result (IPython.display) as a bundle of

* ``text/html`` — the fragment the report renderer puts into the PDF (classes of
  :mod:`dayao_data.report.tables`), and
* ``text/plain`` — a short, deterministic text (no dates, no paths, fixed width) that nbval
  compares and that a reader of the ``.ipynb`` sees without rendering.

and returns None, so a cell shows its result exactly once.  Headings the package generates follow
the report's outline: ``<h1>`` chapter (the notebook), ``<h2>`` section, ``<h3>`` subsection.
Everything shown from illustrative data says so, in a banner or in the figure caption.

>>> from dayao_data.yearly.context import setup
>>> ctx = setup(2024)
>>> print(summary_text(ctx).splitlines()[0])
2024年评估的21个指标中:已实现4个、快于预期3个、基本符合预期2个、滞后7个、倒退2个、突破约束1个、无数据1个、无法评估1个。
"""

from __future__ import annotations

import pandas as pd

from dayao_data import charts, i18n
from dayao_data.progress import STATUS_ORDER
from dayao_data.prose import plan_prose
from dayao_data.report import tables as R
from dayao_data.yearly import findings
from dayao_data.yearly import output as O
from dayao_data.yearly import tables as T
from dayao_data.yearly import verdict_notes as V
from dayao_data.yearly.overall import overall_paragraphs

__all__ = [
    "summary",
    "summary_text",
    "alarms",
    "status_chart",
    "overview_table",
    "small_multiples",
    "domain_progress",
    "overall",
    "problems",
    "recommendations",
    "completion_table",
    "extended_targets",
    "projects",
    "quality_issues",
    "alternatives",
    "data_gaps",
    "changes_since_last_report",
    "status_definitions",
    "method_parameters",
    "run_facts",
    "section_heading",
]


def section_heading(ctx, text: str, level: int = 2) -> None:
    """A heading the package generates (``##`` in markdown, ``<h2>`` in HTML)."""
    O.emit(R.heading(level, text), "#" * level + " " + text, markdown="#" * level + " " + text)


# --------------------------------------------------------------------------------------
# 00 overview
# --------------------------------------------------------------------------------------


def summary_text(ctx) -> str:
    """The summary as sentences: counts by status (series and table rows), binding alarms named."""
    lang = ctx.language
    s = ctx.summary
    counts = {st: s.count(st) for st in STATUS_ORDER}
    lines = [
        i18n.t(
            "summary_counts",
            lang,
            year=ctx.year,
            total=s.total,
            counts=O.count_phrase(ctx, counts, "summary_count_item"),
        )
    ]
    if s.rows is not None and len(s.rows):
        row_counts = s.rows["status"].value_counts().to_dict()
        lines.append(
            i18n.t("summary_rows", lang, rows=len(s.rows), counts=O.count_phrase(ctx, row_counts, "summary_row_item"))
        )
    lines.append(_alarm_sentence(ctx))
    return "\n".join(lines)


def _alarm_sentence(ctx) -> str:
    lang = ctx.language
    alarms = ctx.summary.alarms
    if not len(alarms):
        return ctx.t("summary_no_alarms")
    items = []
    for a in alarms.itertuples():
        ind = ctx.plan.indicator(a.indicator_id)
        items.append(
            i18n.t(
                "summary_alarm_item",
                lang,
                name=ind.name(lang),
                status=i18n.status_label(a.status, lang),
                department=ctx.plan.department_name(ind.department, lang) or R.EMPTY,
            )
        )
    sep = ";" if lang == "zh" else "; "
    return i18n.t("summary_alarms", lang, n=len(items), names=sep.join(items))


def summary(ctx) -> None:
    """The summary sentence: how many series achieved / ahead / on track / lagging / regressing /
    breached, the table rows likewise, and every binding indicator needing attention by name."""
    text = summary_text(ctx)
    lines = text.split("\n")
    alarm_line = lines[-1]
    body = "".join(R.paragraph(line) for line in lines[:-1])
    alarm_html = R.alarm_box(alarm_line) if len(ctx.summary.alarms) else R.callout(alarm_line)
    html = O.banner(ctx) + f'<div class="dd-callout">{body}</div>' + alarm_html
    O.emit(html, O.with_tag(ctx, text))


def alarms(ctx) -> None:
    """The binding-indicator alarm list: name, department, status, value against target, what is needed."""
    table = T.alarms(ctx)
    if table.empty:
        msg = ctx.t("no_alarms", year=ctx.year)
        O.emit(O.banner(ctx) + R.callout(msg), O.with_tag(ctx, msg))
        return
    # The summary just above names them in a sentence; here the table says what each needs.
    html = O.banner(ctx) + table.to_html()
    O.emit(html, O.with_tag(ctx, table.to_text()))


def status_chart(ctx, with_table: bool = True) -> None:
    """Status by domain: the chart, its caption, and (``with_table``) the counts behind it as a table."""
    fig = charts.status_by_domain(ctx.table, ctx.plan, language=ctx.language, illustrative=ctx.illustrative)
    png = O.figure_png(fig)
    tag = ctx.t("illustrative_tag") if ctx.illustrative else ""
    caption = ctx.t("caption_status_by_domain", year=ctx.year, total=len(ctx.table), tag=tag)
    counts = T.domain_status(ctx)
    html = R.figure_html(png, caption) + (R.keep(counts.to_html()) if with_table else "")
    O.emit(html, ctx.t("plain_figure", title=caption) + ("\n" + counts.to_text() if with_table else ""))


def overview_table(ctx) -> None:
    """The one-page table of every headline series (plain text: row, name, attribute, value, target, status)."""
    table = T.overview(ctx)
    O.emit(O.banner(ctx) + table.to_html(), O.with_tag(ctx, table.to_text()))


def small_multiples(ctx) -> None:
    """Every headline series on one page (or more): actuals against the straight line to the target."""
    figs = charts.small_multiples(
        ctx.plan,
        ctx.actuals,
        ctx.year,
        language=ctx.language,
        illustrative=ctx.illustrative,
        band=ctx.band,
        assessed=ctx.assessment,
    )
    figs = figs if isinstance(figs, list) else [figs]
    tag = ctx.t("illustrative_tag") if ctx.illustrative else ""
    caption = ctx.t("caption_small_multiples", first=ctx.first_year, year=ctx.year, tag=tag)
    parts = []
    for page, fig in enumerate(figs, start=1):
        numbered = caption if len(figs) == 1 else f"{caption} ({page}/{len(figs)})"
        parts.append(("" if page == 1 else R.pagebreak()) + R.figure_html(O.figure_png(fig), numbered))
    O.emit("".join(parts), ctx.t("plain_figures", title=caption, n=len(ctx.plan.indicators)))


# --------------------------------------------------------------------------------------
# 20 extended targets and projects
# --------------------------------------------------------------------------------------


def extended_targets(ctx) -> None:
    """The quantified targets of the plan's chapters, by domain: section, target as printed, value, status."""
    table = T.extended_targets(ctx)
    if table.empty:
        O.emit(R.callout(ctx.t("no_extended")), ctx.t("no_extended"))
        return
    lang = ctx.language
    frame = table.frame
    assessed = ctx.extended.table
    listed = [ind for ind in ctx.plan.extended_targets if ind.id in set(assessed["indicator_id"])]
    domain_of = [ind.domain for ind in listed]
    codes = table.status_codes
    status_of = dict(zip(assessed["indicator_id"], assessed["status"]))
    # Only the targets that have data are listed one by one; those awaiting data are counted by
    # the department that is to report them.
    with_data = [i for i, ind in enumerate(listed) if status_of.get(ind.id) != "no_data"]
    awaiting: dict[str, int] = {}
    for ind in ctx.plan.extended_targets:
        if status_of.get(ind.id, "no_data") == "no_data":
            dept = T.department_short(ctx.plan, ind.department, lang)
            awaiting[dept] = awaiting.get(dept, 0) + 1
    banner = O.banner(ctx) if bool(assessed["illustrative"].any()) else ""
    counts = assessed[assessed["status"] != "no_data"]["status"].value_counts().to_dict()
    total = len(ctx.plan.extended_targets)
    if with_data:
        lead = ctx.t(
            "extended_lead", total=total, n=len(with_data), counts=O.count_phrase(ctx, counts, "summary_count_item")
        )
    else:
        lead = ctx.t("extended_lead_none", total=total)
    await_frame = pd.DataFrame(
        [
            {ctx.t("col_department"): d, ctx.t("col_awaiting"): str(n)}
            for d, n in sorted(awaiting.items(), key=lambda kv: -kv[1])
        ]
    )
    await_table = R.ReportTable(
        frame=await_frame, key="extended:awaiting", numeric=(ctx.t("col_awaiting"),), language=lang
    )
    O.emit(
        banner + R.paragraph(lead) + (await_table.to_html() if awaiting else ""),
        lead + "\n" + (await_table.to_text() if awaiting else ""),
    )
    for dom in ctx.plan.domain_order():
        rows = [i for i, d in enumerate(domain_of) if d == dom and i in with_data]
        if not rows:
            continue
        part = frame.iloc[rows].reset_index(drop=True)
        # In print, a section is named once for the run of targets it states (Excel keeps every cell).
        section = ctx.t("col_section")
        part[section] = [("" if i and v == part[section].iloc[i - 1] else v) for i, v in enumerate(part[section])]
        sub = R.ReportTable(
            frame=part,
            key=f"extended:{dom}",
            status_codes={k: [v[i] for i in rows] for k, v in codes.items()},
            binding=[table.binding[i] for i in rows] if table.binding else None,
            numeric=table.numeric,
            compact=True,
            language=lang,
            text_columns=table.text_columns,
            spans=table.spans,
        )
        name = ctx.plan.domain_name(dom, lang)
        O.emit(R.heading(3, name) + sub.to_html(), f"### {name}\n" + sub.to_text())


def projects(ctx) -> None:
    """Key projects with their planned quantities and investment, and any progress reported."""
    table = T.projects(ctx)
    if table.empty:
        O.emit(R.callout(ctx.t("no_projects")), ctx.t("no_projects"))
        return
    O.emit(table.to_html(), table.to_text())


# --------------------------------------------------------------------------------------
# 30 data quality
# --------------------------------------------------------------------------------------


def quality_issues(ctx) -> None:
    """Every contradiction or ambiguity of the plan: what it is, every statement with its citation,
    and how the suite handles it (one block per issue)."""
    lang = ctx.language
    issues = ctx.plan.quality_issues
    if not issues:
        O.emit(R.callout(ctx.t("no_quality_issues")), ctx.t("no_quality_issues"))
        return
    blocks, plain = [], []
    for q in issues:
        # a headline series and its chapter-text twin share a name: named once in the heading
        names = i18n.join_list(list(dict.fromkeys(ctx.plan.indicator(i).name(lang) for i in q.indicators)), lang)
        title = (
            f"{i18n.issue_kind_label(q.kind, lang)}:{names}"
            if lang == "zh"
            else f"{i18n.issue_kind_label(q.kind, lang)}: {names}"
        )
        if not names:
            title = i18n.issue_kind_label(q.kind, lang)
        summary = plan_prose(ctx.plan, q.summary_en if lang == "en" and q.summary_en else q.summary_zh, lang)
        handling = plan_prose(ctx.plan, q.handling_en if lang == "en" and q.handling_en else q.handling_zh, lang)
        statements = T.issue_statements(ctx, q)
        sep = ":" if lang == "zh" else ": "
        blocks.append(
            R.keep(
                R.heading(3, title)
                + R.paragraph(summary)
                + statements.to_html()
                + f"<p><strong>{R.escape(ctx.t('col_handling'))}</strong>{sep}{R.escape(handling)}</p>"
            )
        )
        plain.append(f"- {q.id} ({q.kind}, {len(q.statements)})")
    O.emit("".join(blocks), "\n".join(plain))


def alternatives(ctx) -> None:
    """The assessment with the figure the suite uses and with the plan's other figure, side by side."""
    table = T.alternatives(ctx)
    if table.empty:
        O.emit(R.callout(ctx.t("no_alternatives")), ctx.t("no_alternatives"))
        return
    O.emit(O.banner(ctx) + table.to_html(), O.with_tag(ctx, table.to_text()))


def data_gaps(ctx) -> None:
    """Series with no data, stale data, missing years, incomplete totals; file warnings; illustrative data."""
    table = T.data_gaps(ctx)
    if table.empty:
        msg = ctx.t("no_data_gaps", year=ctx.year)
        O.emit(R.callout(msg), msg)
        return
    O.emit(O.banner(ctx) + table.to_html(), O.with_tag(ctx, table.to_text()))


def revisions(ctx) -> None:
    """附件4: first-reported against revised figures of the store (a sentence, and the table if any)."""
    rev = V.store_revisions(ctx)
    sentence = V.revisions_sentence(rev, ctx)
    html, text = R.paragraph(sentence), sentence
    if rev is not None and len(rev):
        table = V.revisions_report_table(ctx, rev)
        html += table.to_html()
        text += "\n" + table.to_text()
    O.emit(O.banner(ctx) + html, O.with_tag(ctx, text))


def changes_since_last_report(ctx) -> None:
    """What changed since last year's report: statuses that changed, values revised (and the basis)."""
    changes = T.changes_since_last_report(ctx)
    body = R.callout(changes.basis)
    text = changes.basis
    if changes.source != "none":
        if changes.table.empty:
            body += R.paragraph(ctx.t("no_changes"))
            text += "\n" + ctx.t("no_changes")
        else:
            body += changes.table.to_html()
            text += "\n" + changes.table.to_text()
    O.emit(O.banner(ctx) + body, O.with_tag(ctx, text))


# --------------------------------------------------------------------------------------
# 40 methods, run facts
# --------------------------------------------------------------------------------------


def status_definitions(ctx) -> None:
    """The status scales and their rules, with the band b of this report filled in."""
    tabs = T.status_definitions(ctx)
    html = "".join(
        R.keep(R.heading(3, ctx.t(key)) + tabs[name].to_html())
        for name, key in (("time", "h_status_time"), ("pace", "h_status_pace"), ("anticipated", "h_status_anticipated"))
    )
    O.emit(html, tabs["time"].to_text())


def method_parameters(ctx) -> None:
    """The band b actually used, the plan period and the time share of every year."""
    table = T.method_parameters(ctx)
    O.emit(table.to_html(), table.to_text())


def run_facts(ctx) -> None:
    """What this run read: plan file, actuals files, data vintage (latest data year, file dates),
    the band, and whether illustrative data was used."""
    table = T.run_facts(ctx)
    # The plain text leaves out file dates and checksums, which differ from one checkout to the next.
    actuals = [f.shown for f in ctx.input_files if f.path != ctx.inputs.get("plan")]
    lines = [
        f"{ctx.t('fact_plan_title')}: {ctx.plan.title(ctx.language)}",
        f"{ctx.t('fact_year')}: {ctx.year}",
        f"{ctx.t('fact_actuals')}: {'; '.join(actuals)}",
        f"{ctx.t('fact_vintage')}: {ctx.latest_data_year() or R.EMPTY}",
        f"{ctx.t('fact_band')}: {ctx.band:g}",
        f"{ctx.t('fact_illustrative')}: {ctx.t('yes') if ctx.illustrative else ctx.t('no')}",
    ]
    O.emit(O.banner(ctx) + table.to_html(), "\n".join(lines))


# --------------------------------------------------------------------------------------
# The yearly report's outline: 一、总体情况 二、主要指标完成情况 三、存在的问题 四、下一步工作建议
# --------------------------------------------------------------------------------------

_ORDINALS = "一二三四五六七八九十"


def _ordinal(n: int) -> str:
    """（一）… for the second level of an official document's headings (n from 1)."""
    if n <= 10:
        return _ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ORDINALS[tens - 1]) + "十" + (_ORDINALS[ones - 1] if ones else "")


def _sub_heading(ctx, n: int, text: str) -> str:
    return f"（{_ordinal(n)}）{text}" if ctx.language == "zh" else f"{n}. {text}"


def overall(ctx):
    """一、总体情况: the paragraphs a leader reads alone, the binding list and the status chart.

    Returns the paragraphs (a list of str) so that a statistician can work with them.
    """
    paras = overall_paragraphs(ctx)
    html = O.banner(ctx) + "".join(R.paragraph(p) for p in paras)
    O.emit(html, O.with_tag(ctx, "\n".join(paras)))
    return O.Shown(paras)


def domain_progress(ctx):
    """二、主要指标完成情况: per domain a sentence of counts, its table and one chart of its series."""
    lang = ctx.language
    by_id = ctx.table.set_index("indicator_id")
    shown = []
    n = 0
    for dom in ctx.plan.domain_order():
        series = [i for i in ctx.plan.indicators if i.domain == dom]
        if not series:
            continue
        n += 1
        name = ctx.plan.domain_name(dom, lang)
        statuses = by_id.loc[[i.id for i in series], "status"].value_counts().to_dict()
        counts = O.count_phrase(ctx, statuses, "summary_count_item")
        intro = ctx.t("domain_intro", domain=name, n=len(series), counts=counts)
        table = T.domain_table(ctx, dom)
        fig = charts.domain_multiples(
            ctx.plan,
            ctx.actuals,
            ctx.year,
            dom,
            language=lang,
            illustrative=ctx.illustrative,
            band=ctx.band,
            assessed=ctx.assessment,
        )
        tag = ctx.t("illustrative_tag") if ctx.illustrative else ""
        caption = ctx.t("caption_domain_multiples", domain=name, first=ctx.first_year, year=ctx.year, tag=tag)
        heading = _sub_heading(ctx, n, name)
        figure = R.figure_html(O.figure_png(fig), caption, alt=name) if fig is not None else ""
        html = R.heading(2, heading) + O.banner(ctx) + R.paragraph(intro) + table.to_html() + figure
        O.emit(html, O.with_tag(ctx, "## " + heading + "\n" + intro + "\n" + table.to_text()))
        shown.append(table)
    return O.Shown(shown)


def problems(ctx):
    """三、存在的问题: one numbered section per problem, its figures in a paragraph."""
    found = findings.problems(ctx)
    if not found:
        msg = ctx.t("no_problems", year=ctx.year)
        O.emit(R.paragraph(msg), msg)
        return O.Shown(found)
    for n, p in enumerate(found, start=1):
        heading = _sub_heading(ctx, n, p.title)
        O.emit(R.heading(2, heading) + R.paragraph(p.text), "## " + heading + "\n" + p.text)
    return O.Shown(found)


def recommendations(ctx):
    """四、下一步工作建议: for each problem, what the responsible department should do."""
    found = findings.problems(ctx)
    if not found:
        msg = ctx.t("no_recommendations")
        O.emit(R.paragraph(msg), msg)
        return O.Shown(found)
    for n, p in enumerate(found, start=1):
        heading = _sub_heading(
            ctx, n, ctx.t("recommendation_heading", domain=ctx.plan.domain_name(p.domain, ctx.language))
        )
        O.emit(R.heading(2, heading) + R.paragraph(p.recommendation), "## " + heading + "\n" + p.recommendation)
    return O.Shown(found)


def completion_table(ctx):
    """附件：指标完成情况表 (landscape), every headline series with its yearly actuals."""
    table = T.completion_table(ctx)
    # The heading goes inside the landscape block, so that it opens the landscape page.
    title = ctx.t("annex_completion_title")
    html = f'<div class="dd-wide">{R.heading(1, title)}' + O.banner(ctx) + table.to_html() + "</div>"
    O.emit(html, O.with_tag(ctx, table.to_text()))
    return O.Shown([table])
