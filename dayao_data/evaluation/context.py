"""What an evaluation notebook works on: the :class:`Evaluation` and its set-up.

A notebook calls :func:`setup_midterm` or :func:`setup_final` once, after its parameters cell; the
result carries the run's context (plan, actuals, language, output folder) and the computed
:class:`~dayao_data.evaluation.midterm.Midterm` or :class:`~dayao_data.evaluation.final.Final`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dayao_data.evaluation import (
    Final,
    Midterm,
    final,
    midpoint_year,
    midterm,
)
from dayao_data.paths import project_root, resolve_path
from dayao_data.plan import load_plan
from dayao_data.yearly.context import setup

# --------------------------------------------------------------------------------------
# Setting up
# --------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """One evaluation run: the report context (plan, actuals, inputs) and the computed result."""

    ctx: Any  # dayao_data.yearly.context.ReportContext
    kind: str  # "midterm" or "final"
    result: Midterm | Final

    @property
    def language(self) -> str:
        return self.ctx.language

    @property
    def plan(self):
        return self.ctx.plan

    @property
    def illustrative(self) -> bool:
        return bool(self.ctx.illustrative or self.result.illustrative)

    @property
    def midterm(self) -> Midterm:
        return self.result if isinstance(self.result, Midterm) else self.result.midterm


def _plan_for(plan_file: str):
    return load_plan(resolve_path(plan_file, project_root()) if str(plan_file or "").strip() else None)


def setup_midterm(
    year: int = 0,
    plan_file: str = "",
    actuals_files: Iterable[str] | str = ("example",),
    language: str = "zh",
    band: float = 0.10,
    output_folder: str = "",
    **_ignored: Any,
) -> Evaluation:
    """Check the parameters, load plan and actuals, compute the mid-term evaluation.

    ``year`` 0 (or empty) means the plan's mid-point (:func:`dayao_data.evaluation.midpoint_year`).
    Other run parameters a notebook receives (``previous_report``) are accepted and not used.
    """
    if _ignored.get("context_file"):  # computed once by the runner (dayao_data.run.shared_context)
        from dayao_data.run.shared_context import load_shared

        return load_shared(_ignored["context_file"], "midterm", {**_ignored, **locals()})
    if not year:
        year = midpoint_year(_plan_for(plan_file))
    ctx = setup(
        year=year,
        plan_file=plan_file,
        actuals_files=actuals_files,
        language=language,
        band=band,
        output_folder=output_folder,
    )
    return Evaluation(ctx, "midterm", midterm(ctx.plan, ctx.actuals, year=ctx.year, band=ctx.band))


def setup_final(
    year: int = 0,
    plan_file: str = "",
    actuals_files: Iterable[str] | str = ("example",),
    language: str = "zh",
    band: float = 0.10,
    output_folder: str = "",
    midterm_year: int = 0,
    **_ignored: Any,
) -> Evaluation:
    """Check the parameters, load plan and actuals, compute the final evaluation.

    ``year`` must be the plan's target year (0: take it from the plan); ``midterm_year`` 0 means
    the plan's mid-point.
    """
    if _ignored.get("context_file"):  # computed once by the runner (dayao_data.run.shared_context)
        from dayao_data.run.shared_context import load_shared

        return load_shared(_ignored["context_file"], "final", {**_ignored, **locals()})
    if not year:
        year = _plan_for(plan_file).target_year  # only then is the plan read twice
    ctx = setup(
        year=year,
        plan_file=plan_file,
        actuals_files=actuals_files,
        language=language,
        band=band,
        output_folder=output_folder,
    )
    if ctx.year != ctx.plan.target_year:
        raise ValueError(
            f"the final evaluation is made in the plan's target year {ctx.plan.target_year}, not {year} "
            f"(for another year use the yearly report: dayao report --year {year})"
        )
    return Evaluation(ctx, "final", final(ctx.plan, ctx.actuals, midterm_year=midterm_year or None, band=ctx.band))
