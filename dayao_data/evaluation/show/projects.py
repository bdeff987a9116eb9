"""The evaluation notebooks' key projects (三、重点任务和重点工程): the overview, the investment and the
project tables with their sentences.
"""

from __future__ import annotations

import pandas as pd

from dayao_data import i18n
from dayao_data.display import is_missing
from dayao_data.evaluation import narrative as nv
from dayao_data.evaluation.context import Evaluation
from dayao_data.evaluation.show.common import (
    banner,
    emit,
    indicator_of,
    paragraphs_html,
    report_table,
    share_text,
    tagged,
    wording,
    year_text,
    years_text,
)
from dayao_data.report import tables as T
from dayao_data.typography import zh_text
from dayao_data.yearly.output import Shown

# --------------------------------------------------------------------------------------
# Mid-term: 三、重点任务和重点工程
# --------------------------------------------------------------------------------------


def _projects_table(ev: Evaluation, frame: pd.DataFrame) -> T.ReportTable:
    lang = ev.language
    cols = [
        wording("project", lang),
        wording("quantity", lang),
        i18n.t("col_unit", lang),
        wording("target_year", lang),
        wording("goal", lang),
        i18n.t("col_data_year", lang),
        i18n.t("col_value", lang),
        i18n.t("col_progress_share", lang),
        i18n.t("col_status", lang),
    ]
    records, codes = [], []
    for r in frame.itertuples():
        if not r.target_id:
            records.append(
                dict(zip(cols, [r.project_en if lang == "en" and r.project_en else r.project_zh] + [T.EMPTY] * 8))
            )
            codes.append(None)
            continue
        ind = indicator_of(ev, r.target_id)
        name = ind.name(lang) + (
            f"({wording('investment', lang)})"
            if lang == "zh" and r.is_investment
            else (f" ({wording('investment', lang)})" if r.is_investment else "")
        )
        records.append(
            dict(
                zip(
                    cols,
                    [
                        r.project_en if lang == "en" and r.project_en else r.project_zh,
                        name,
                        T.unit_text(ind, lang),
                        year_text(r.target_year),
                        T.target_text(ind, r.target, lang),
                        year_text(r.data_year),
                        T.value_text(r.value, ind, lang),
                        share_text(r.progress_share, lang),
                        i18n.status_label(r.status, lang),
                    ],
                )
            )
        )
        codes.append(r.status)
    return report_table(
        records,
        cols,
        language=lang,
        status={cols[8]: codes},
        numeric=(cols[3], cols[4], cols[5], cols[6], cols[7]),
        compact=True,
        text_columns=[cols[0], cols[1], cols[4], cols[6], cols[8]],
        key="projects",
    )


def _project_label(ev: Evaluation, project_id: str, name_zh: str, name_en: str) -> str:
    """A project with its department in brackets: 学前教育建设工程（教育体育局）."""
    lang = ev.language
    project = next((p for p in ev.plan.projects if p.id == project_id), None)
    dep = ev.plan.departments.get(project.department) if project is not None and project.department else None
    name = name_en if lang == "en" and name_en else name_zh
    if dep is None:
        return name
    if lang == "zh":
        return f"{name}（{dep.short_zh or dep.name_zh}）"
    return f"{name} ({dep.name('en')})"


def _project_plan_text(ev: Evaluation, project_id: str, rows: pd.DataFrame) -> str:
    """What the plan sets for a project: its own words (punctuation normalised) in Chinese; the
    quantified targets in English (the plan's words are Chinese only)."""
    lang = ev.language
    project = next((p for p in ev.plan.projects if p.id == project_id), None)
    targets = []
    for r in rows.itertuples():
        if r.target_id:
            ind = indicator_of(ev, r.target_id)
            targets.append(f"{ind.name(lang)} {T.target_text(ind, r.target, lang)}")
    if lang == "zh" and project is not None and project.cite and project.cite.quote:
        return zh_text(project.cite.quote.strip().rstrip("。;；,，")) + "。"
    return "; ".join(targets) or wording("no_quantity", lang)


def _project_progress_text(ev: Evaluation, rows: pd.DataFrame) -> str:
    """The progress reported for a project's quantified targets up to the evaluation year."""
    lang = ev.language
    items = []
    for r in rows.itertuples():
        if not r.target_id or not r.has_data:
            continue
        ind = indicator_of(ev, r.target_id)
        value = T.value_text(r.value, ind, lang)
        share = "" if is_missing(r.progress_share) else share_text(r.progress_share, lang)
        if lang == "zh":
            items.append(f"{ind.name_zh}{year_text(r.data_year)}年{value}" + (f"（完成{share}）" if share else ""))
        else:
            items.append(
                f"{ind.name('en')}: {value} in {year_text(r.data_year)}" + (f" ({share} done)" if share else "")
            )
    return ("；" if lang == "zh" else "; ").join(items) or wording("not_reported", lang)


def _projects_overview(ev: Evaluation, frame: pd.DataFrame) -> T.ReportTable:
    """One row per project: its department, what the plan sets for it (the plan's words) and the
    progress reported for its quantified targets up to the evaluation year."""
    lang = ev.language
    cols = [
        wording("project_department", lang),
        wording("plan_text", lang),
        wording("reported", lang, year=ev.result.year),
    ]
    records = []
    for project_id, rows in frame.groupby("project_id", sort=False):
        first = rows.iloc[0]
        records.append(
            dict(
                zip(
                    cols,
                    [
                        _project_label(ev, project_id, first["project_zh"], first["project_en"]),
                        _project_plan_text(ev, project_id, rows),
                        _project_progress_text(ev, rows),
                    ],
                )
            )
        )
    # Not a compact table: it stays on the chapter's pages, under its heading (a compact table goes to a wide page).
    return report_table(records, cols, language=lang, text_columns=[cols[0], cols[1], cols[2]], key="projects_overview")


def _investment_rows(ev: Evaluation, frame: pd.DataFrame) -> list[dict]:
    """The key projects' investment targets: planned (the plan's figure) and completed (the sum
    of the yearly figures reported for the plan period up to the evaluation year; a figure that
    is not a plan-period total: the latest), with the years reported and missing."""
    year = int(ev.result.year)
    actuals = ev.ctx.actuals
    out = []
    for r in frame[frame["is_investment"].fillna(False).astype(bool)].itertuples():
        ind = indicator_of(ev, r.target_id)
        rows = actuals[
            (actuals["indicator"] == r.target_id) & (actuals["year"] > ev.plan.base_year) & (actuals["year"] <= year)
        ]
        rows = rows[pd.to_numeric(rows["value"], errors="coerce").notna()].sort_values("year")
        years = [int(y) for y in rows["year"]]
        values = [float(v) for v in rows["value"]]
        if not years:
            completed = None
        elif ind.kind == "cumulative":
            completed = sum(values)
        else:
            completed = values[-1]
        expected = list(range(ev.plan.base_year + 1, year + 1)) if ind.kind == "cumulative" else []
        missing = [y for y in expected if y not in years] if years else []
        planned = None if is_missing(r.target) else float(r.target)
        share = completed / planned if completed is not None and planned else None
        out.append(
            {
                "project_id": r.project_id,
                "project_zh": r.project_zh,
                "project_en": r.project_en,
                "department": r.department,
                "department_en": r.department_en,
                "target_id": r.target_id,
                "planned": planned,
                "completed": completed,
                "share": share,
                "years": years,
                "missing": missing,
            }
        )
    return out


def investment_table(ev: Evaluation, frame: pd.DataFrame) -> T.ReportTable | None:
    """The key projects' planned and completed investment with the share (None when no project has one)."""
    lang = ev.language
    rows = _investment_rows(ev, frame)
    if not rows:
        return None
    cols = [
        wording("project_department", lang),
        wording("planned_investment", lang),
        wording("completed_investment", lang),
        wording("completion_share", lang),
        wording("years_reported", lang),
        wording("notes", lang),
    ]
    records = []
    for r in rows:
        ind = indicator_of(ev, r["target_id"])
        if r["completed"] is None:
            note = wording("investment_none", lang)
        elif r["missing"]:
            note = wording("investment_missing", lang, years=years_text(r["missing"], lang))
        else:
            note = T.EMPTY
        records.append(
            dict(
                zip(
                    cols,
                    [
                        _project_label(ev, r["project_id"], r["project_zh"], r["project_en"]),
                        T.value_text(r["planned"], ind, lang),
                        T.value_text(r["completed"], ind, lang),
                        share_text(r["share"], lang),
                        years_text(r["years"], lang) if r["years"] else T.EMPTY,
                        note,
                    ],
                )
            )
        )
    return report_table(
        records,
        cols,
        language=lang,
        numeric=cols[1:4],
        text_columns=[cols[0], cols[1], cols[2], cols[3], cols[5]],
        key="projects_investment",
    )


def project_tables(ev: Evaluation, frame: pd.DataFrame) -> tuple[str, str, list[T.ReportTable]]:
    """The key projects' overview and, when there are data, their progress: (HTML, plain text, tables)."""
    overview = _projects_overview(ev, frame)
    html, text, tables = overview.to_html(), overview.to_text(), [overview]
    with_data = frame[frame["has_data"]]
    if len(with_data):
        details = _projects_table(ev, with_data)
        html += T.heading(3, wording("progress_title", ev.language)) + details.to_html()
        text += "\n" + wording("progress_title", ev.language) + "\n" + details.to_text()
        tables.append(details)
    return html, text, tables


def projects(ev: Evaluation) -> Shown:
    """三、重点任务和重点工程: the plan's key projects with their investment and other quantified
    targets, and whatever progress data has been entered for them."""
    m = ev.midterm
    lang = ev.language
    sentences = nv.midterm_projects(m, lang)
    if not len(m.projects):
        emit(banner(ev) + T.callout(sentences[0].text), tagged(ev, sentences[0].text))
        return Shown([])
    tables_html, tables_text, tables = project_tables(ev, m.projects)
    html = banner(ev) + f'<div class="dd-callout">{paragraphs_html(sentences)}</div>' + tables_html
    emit(html, tagged(ev, "\n".join(s.text for s in sentences) + "\n\n" + tables_text))
    return Shown(tables)
