"""What a report run writes beside report.html / report.pdf: report.docx, brief.pdf, brief.docx.

Called by :func:`dayao_data.run.run.run_report` once the report document is assembled and the
inputs are recorded, so that the .docx carries the same manifest facts (plan, data vintage, every
input file's SHA-256) in its document properties.
"""

from __future__ import annotations

import time
from pathlib import Path

from dayao_data.report.brief import brief_html
from dayao_data.report.docx import write_docx

__all__ = ["write_companions", "docx_properties"]


def docx_properties(info, *, kind: str, layout: str, inputs: list[dict], vintage: str = "") -> tuple[dict, dict]:
    """Core and custom document properties of a report's .docx (from the run's manifest records)."""
    latest = info.latest_data_year if info.latest_data_year is not None else ""
    comments = (
        f"{info.plan_title}; {info.subtitle_text}; assessment year {info.year}; latest data year {latest}; "
        f"data vintage {vintage or 'latest'}; dayao-data {info.version}"
    )
    core = {
        "title": info.title,
        "subject": info.subtitle_text,
        "keywords": f"{info.plan_short_title or info.plan_title}; {info.year}; {kind}",
        "category": kind,
        "comments": comments,
        "author": info.words["issuer"],
        "created": info.generated.replace(tzinfo=None)
        if info.generated is not None and info.generated.tzinfo
        else info.generated,
    }
    custom = {
        "dayao.plan": info.plan_title,
        "dayao.kind": kind,
        "dayao.layout": layout,
        "dayao.assessment_year": str(info.year),
        "dayao.latest_data_year": str(latest),
        "dayao.data_vintage": vintage or "latest",
        "dayao.illustrative": "yes" if info.illustrative else "no",
        "dayao.generator": f"dayao-data {info.version}" + (f" {info.commit}" if info.commit else ""),
    }
    for i, rec in enumerate(inputs, start=1):
        custom[f"dayao.input.{i:02d}"] = f"{rec.get('role', '')} {rec.get('path', '')} sha256:{rec.get('sha256', '')}"
    return {k: v for k, v in core.items() if v is not None}, custom


def write_companions(
    folder: Path,
    html: str,
    *,
    info,
    layout: str,
    kind: str,
    plan,
    table,
    actuals,
    band: float,
    inputs: list[dict],
    context=None,
    vintage: str = "",
    make_pdf: bool = True,
) -> tuple[list[str], dict[str, float]]:
    """Write report.docx, brief.pdf (with ``make_pdf``) and brief.docx into ``folder``.

    ``context`` is the run's computed report context (:mod:`dayao_data.run.shared_context`): the
    brief's problems are taken from it instead of assessing the plan again.
    Returns the warnings (to go into the manifest) and the time of each step.
    """

    warnings: list[str] = []
    timings: dict[str, float] = {}
    core, custom = docx_properties(info, kind=kind, layout=layout, inputs=inputs, vintage=vintage)
    t = time.perf_counter()
    warnings += write_docx(html, folder / "report.docx", layout=layout, properties=core, custom=custom).warnings
    timings["docx"] = time.perf_counter() - t

    t = time.perf_counter()
    brief = brief_html(
        plan=plan,
        table=table,
        actuals=actuals,
        year=info.year,
        band=band,
        language=info.language,
        illustrative=info.illustrative,
        info=info,
        layout=layout,
        kind=kind,
        context=context,
    )
    brief_core = dict(core, title=_title_of(brief), subject=_title_of(brief))
    warnings += write_docx(
        brief,
        folder / "brief.docx",
        layout=layout,
        properties=brief_core,
        custom=dict(custom, **{"dayao.kind": f"{kind} brief"}),
    ).warnings
    if make_pdf:
        from dayao_data.report.pdf import write_pdf

        pdf = write_pdf(brief, folder / "brief.pdf", base_url=str(folder))
        warnings += [f"brief: {w}" for w in pdf.warnings]
        timings["brief_pages"] = pdf.pages
    timings["brief"] = time.perf_counter() - t
    return warnings, timings


def _title_of(html: str) -> str:
    import html as _html
    import re

    m = re.search(r"<title>(.*?)</title>", html, re.S)
    return _html.unescape(m.group(1)) if m else ""
