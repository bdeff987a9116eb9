"""The final evaluation's conclusion (总体结论) as sentences, and all of the final's sentences.

:func:`final_conclusion` words the verdicts, totals, ceilings and the change since the mid-term;
:func:`final_sentences` gathers it with the parts of :mod:`~dayao_data.evaluation.narrative.final_lessons`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dayao_data.display import is_missing
from dayao_data.evaluation.common import ACHIEVED_VERDICTS, CHANGE_LABELS, VERDICT_LABELS
from dayao_data.evaluation.narrative.common import (
    N,
    Sentence,
    alternative_beside,
    alternative_findings,
    binding_of,
    department_of,
    fill,
    listing,
    name_of,
    register_units,
    verdict_label,
)
from dayao_data.evaluation.narrative.final_lessons import (
    final_binding,
    final_experience,
    final_next_plan,
    final_problems,
)
from dayao_data.evaluation.narrative.problems import bound_words

if TYPE_CHECKING:  # pragma: no cover
    from dayao_data.evaluation.final import Final


# --------------------------------------------------------------------------------------
# Final
# --------------------------------------------------------------------------------------


def final_conclusion(f: Final, language: str = "zh") -> list[Sentence]:
    """总体结论 of the final evaluation: verdicts, rows, binding, ceilings, totals, change since the mid-term."""
    register_units(f.plan)
    tb = f.tables
    o = lambda metric, fmt="count": N("overall", metric, "value", fmt)  # noqa: E731
    out = []
    items = [
        fill("count_item", language, tb, label=verdict_label(v, language), n=o(f"verdict_{v}"))
        for v in VERDICT_LABELS
        if f.metric(f"verdict_{v}")
    ]
    out.append(
        fill("fn_counts", language, tb, year=o("year", "year"), n_series=o("n_series"), items=listing(items, language))
    )
    unresolved = f.series[f.series["verdict"].isin(("no_final_year_data", "no_data"))]
    if len(unresolved):
        parts = []
        for r in unresolved.itertuples():
            if r.verdict == "no_data":
                parts.append(fill("fn_no_data_item", language, tb, name=name_of(r, language)))
            else:
                parts.append(
                    fill(
                        "fn_no_final_item",
                        language,
                        tb,
                        name=name_of(r, language),
                        data_year=N("series", r.indicator_id, "data_year", "year"),
                    )
                )
        out.append(fill("fn_no_final", language, tb, year=o("year", "year"), items=listing(parts, language)))
    if f.metric("completion_rate") is not None:
        out.append(
            fill(
                "fn_rate",
                language,
                tb,
                rate=o("completion_rate", "share"),
                n_assessed=o("n_assessed"),
                n_completed=o("n_completed"),
            )
        )
    if f.metric("n_rows"):
        out.append(
            fill(
                "fn_rows",
                language,
                tb,
                n_rows=o("n_rows"),
                n_rows_achieved=o("n_rows_achieved"),
                n_rows_not_achieved=o("n_rows_not_achieved"),
                n_rows_undetermined=o("n_rows_undetermined"),
            )
        )
        series = f.series.set_index("indicator_id")
        for r in f.rows[f.rows["n_series"] > 1].itertuples():
            parts = [
                fill(
                    "fn_row_item",
                    language,
                    tb,
                    name=name_of(series.loc[i], language),
                    verdict=verdict_label(series.loc[i, "verdict"], language),
                )
                for i in r.indicator_ids
            ]
            verdict = verdict_label(r.verdict, language)
            if language == "en":
                verdict = verdict[:1].lower() + verdict[1:]  # "the row is not achieved"
            out.append(
                fill(
                    "fn_row_detail",
                    language,
                    tb,
                    table_row=N("rows", r.table_row, "table_row", "count"),
                    n_series=N("rows", r.table_row, "n_series", "count"),
                    items=listing(parts, language),
                    verdict=verdict,
                )
            )
    if f.metric("n_binding"):
        short = f.series[f.series["binding"] & ~f.series["verdict"].isin(ACHIEVED_VERDICTS)]
        if len(short):
            parts = [
                fill(
                    "fn_binding_item",
                    language,
                    tb,
                    name=name_of(r, language),
                    verdict=verdict_label(r.verdict, language),
                    alt=alternative_beside(tb, f.alternatives, r.indicator_id, language, final=True),
                    department=department_of(r, language),
                )
                for r in short.itertuples()
            ]
            out.append(
                fill(
                    "fn_binding_some",
                    language,
                    tb,
                    n_binding=o("n_binding"),
                    n_binding_achieved=o("n_binding_achieved"),
                    items=listing(parts, language),
                )
            )
        else:
            out.append(fill("fn_binding_all", language, tb, n_binding=o("n_binding")))
    for r in f.ceilings.itertuples():
        c = lambda col, fmt="value": N("ceilings", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        common = dict(name=name_of(r, language), binding=binding_of(r, language))
        words = bound_words(r.direction, language)
        if r.verdict == "held_every_year":
            key = "fn_ceiling_held" if r.direction == -1 else "fn_floor_held"
            out.append(fill(key, language, tb, **common, bound=c("bound")))
        elif r.verdict == "breached":
            out.append(
                fill(
                    "fn_ceiling_breached",
                    language,
                    tb,
                    **common,
                    breach_years=c("breach_years", "year_list"),
                    bound=c("bound"),
                    **words,
                )
            )
        elif r.verdict == "held_reported_years":
            out.append(
                fill(
                    "fn_ceiling_partial",
                    language,
                    tb,
                    **common,
                    bound=c("bound"),
                    missing_years=c("missing_years", "year_list"),
                    **words,
                )
            )
        else:
            out.append(fill("fn_ceiling_none", language, tb, **common, bound_name=words["bound_name"]))
    for r in f.cumulative.itertuples():
        if is_missing(r.total):
            continue
        c = lambda col, fmt="value": N("cumulative", r.indicator_id, col, fmt, r.unit)  # noqa: E731
        missing = (
            fill("fn_missing", language, tb, missing_years=c("missing_years", "year_list"))
            if len(r.missing_years)
            else ""
        )
        out.append(
            fill(
                "fn_cumulative",
                language,
                tb,
                name=name_of(r, language),
                total=c("total"),
                target=c("target"),
                share=c("share", "share"),
                missing=missing,
            )
        )
    changes = []
    for code in CHANGE_LABELS:
        if not f.metric(f"change_{code}"):
            continue
        names = [name_of(r, language) for r in f.comparison[f.comparison["change"] == code].itertuples()]
        changes.append(
            fill(
                "fn_change_item",
                language,
                tb,
                label=CHANGE_LABELS[code][1 if language == "en" else 0],
                n=o(f"change_{code}"),
                names=listing(names, language),
            )
        )
    if changes:
        out.append(
            fill("fn_vs_mid", language, tb, midterm_year=o("midterm_year", "year"), items=listing(changes, language))
        )
    out.extend(alternative_findings(tb, f.alternatives, language, final=True))
    sc = f.summary_comparison.set_index("metric")
    if not is_missing(sc.loc["mean_task_share", "midterm"]) and not is_missing(sc.loc["mean_task_share", "final"]):
        out.append(
            fill(
                "fn_share_change",
                language,
                tb,
                mid=N("summary_comparison", "mean_task_share", "midterm", "share"),
                final=N("summary_comparison", "mean_task_share", "final", "share"),
            )
        )
    if f.illustrative:
        out.append(fill("illustrative", language, tb))
    return out


def final_sentences(f: Final, language: str = "zh") -> dict[str, list[Sentence]]:
    """Every generated sentence of the final report, by chapter."""
    return {
        "conclusion": final_conclusion(f, language),
        "binding": final_binding(f, language),
        "problems": final_problems(f, language),
        "experience": final_experience(f, language),
        "next_plan": final_next_plan(f, language),
    }
