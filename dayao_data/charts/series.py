"""The public series charts: one series, the small multiples of a catalogue, the panels of a domain."""

from __future__ import annotations

import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dayao_data.charts.assessed import SeriesData, assessed_table, infer_illustrative, prepare, series_data
from dayao_data.charts.canvas import Legend, new_figure, watermark_axes, watermark_figure
from dayao_data.charts.draw import draw_series, free_corner
from dayao_data.charts.words import (
    PAGE_SIZE,
    SERIES_SIZE,
    chart_word,
    check_language,
    series_subtitle,
    series_title,
    short_title,
    status_text,
)
from dayao_data.fonts import use_cjk_fonts
from dayao_data.plan import Plan
from dayao_data.progress import (
    DEFAULT_BAND,
)

__all__ = ["series_chart", "small_multiples", "domain_multiples"]

# Public charts
# --------------------------------------------------------------------------------------


def series_chart(
    plan: Plan,
    actuals,
    indicator_id: str,
    year: int,
    *,
    language: str = "zh",
    illustrative: bool | None = None,
    ax: Axes | None = None,
    band: float = DEFAULT_BAND,
    assessed: Any = None,
) -> Figure:
    """One series up to the assessment year ``year``: where it stands against its target.

    Parameters
    ----------
    plan
        The plan (``load_plan()`` or any plan in the same schema).
    actuals
        Tidy actuals (indicator, year, value, source [, assigned_target, illustrative]), or a path
        or list of paths as :func:`dayao_data.progress.assess` takes.  Only actuals up to ``year``
        (and up to the series' target year) are drawn.
    indicator_id
        An id, printed name or alias of the series.
    year
        The assessment year, inside the plan period.
    language
        ``"zh"`` (default) or ``"en"``.
    illustrative
        Watermark the figure as illustrative data; ``None`` infers it from the actuals shown.
    ax
        Draw into this axes (e.g. a grid of the caller's); by default a new figure is made.
    band
        The band of the time-progress status (default 0.10), as in the engine.
    assessed
        The assessment the report already computed (its assess table, or the
        :class:`~dayao_data.progress.Assessment`): the status, data year and projection drawn are
        its row's, never assessed again.  ``None`` (a chart on its own): the engine assesses the
        series with ``band``.

    Returns
    -------
    matplotlib.figure.Figure
        Elements carry a ``gid`` ("actuals", "baseline", "time_line", "target", "projection",
        "required", "breach", "forbidden", "bound_label", "flows", "quota", "completed",
        "watermark", "no_data") so tests and callers can find them.

    What is drawn (each in its own line style and marker, readable in black and white):
    the baseline (open square), the actuals (filled circles, solid line), the time-progress line
    from baseline to target (dashed), the target at the target year (star, thin horizontal line);
    a ceiling's forbidden side hatched and labelled "上限 ≤4.2%" / "上限 <5‰" (a floor's below it);
    for a maintain series the level to hold; the engine's least-squares projection from the data
    year to the target year (dotted); the path still required (dash-dot arrow), unless achieved;
    breached years of a ceiling (X).  Cumulative series: the running total against the target
    total, yearly flows as light bars.  Qualitative series: completed (hatched) against the quota
    assigned (open bars).
    """
    language = check_language(language)
    use_cjk_fonts()
    year = plan.check_year(year, "year")
    ind = plan.indicator(indicator_id)
    frame = prepare(plan, actuals)
    s = series_data(plan, frame, ind, year, band, assessed_table(assessed, year))
    if illustrative is None:
        illustrative = infer_illustrative(frame, [s])

    own = ax is None
    if own:
        fig = new_figure(SERIES_SIZE)
        ax = fig.add_axes((0.11, 0.245, 0.86, 0.615))
    else:
        fig = ax.figure
    legend = draw_series(ax, s, language).legend
    ax.set_title(series_title(ind, language, illustrative), loc="left", fontsize=11.5, pad=20, y=1.0)
    ax.text(
        0.0,
        1.02,
        series_subtitle(s, language),
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=9,
        color="#333333",
        gid="subtitle",
    )
    if legend.items:
        ax.legend(
            list(legend.items.values()),
            list(legend.items),
            loc="upper center",
            bbox_to_anchor=(0.5, -0.165),
            ncols=3,
            fontsize=7.5,
            frameon=False,
            handlelength=2.6,
            columnspacing=1.2,
        )
    if illustrative:
        if own:
            watermark_figure(fig, language, 44 if language == "zh" else 34)
        else:
            watermark_axes(ax, language, 30 if language == "zh" else 22)
    return fig


def small_multiples(
    plan: Plan,
    actuals,
    year: int,
    *,
    catalogue: str = "headline",
    language: str = "zh",
    illustrative: bool | None = None,
    ncols: int = 4,
    band: float = DEFAULT_BAND,
    assessed: Any = None,
    corner: dict[str, str] | None = None,
) -> Figure | list[Figure]:
    """Every series of a catalogue in compact panels on A4 portrait pages.

    Same encodings as :func:`series_chart`, one shared legend at the bottom of each page, the
    status in each panel's corner.  Returns one Figure when all panels fit on a page (6 rows of
    ``ncols``), else a list of Figures, one per page.  ``corner`` maps indicator ids to the text
    shown in the corner instead of the time-progress status (the evaluations show their own
    group or verdict there, the one their tables give).
    ``assessed``: the report's assessment of the catalogue, as in :func:`series_chart`.
    """
    language = check_language(language)
    use_cjk_fonts()
    year = plan.check_year(year, "year")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, not {ncols}")
    frame = prepare(plan, actuals)
    table = assessed_table(assessed, year)
    series = [series_data(plan, frame, ind, year, band, table) for ind in plan.series(catalogue)]
    if illustrative is None:
        illustrative = infer_illustrative(frame, series)
    nrows = max(1, min(6, math.ceil(24 / ncols)))
    per_page = nrows * ncols
    pages = [series[i : i + per_page] for i in range(0, len(series), per_page)] or [[]]
    figures = [
        _multiples_page(plan, page, year, language, illustrative, ncols, nrows, number + 1, len(pages), corner=corner)
        for number, page in enumerate(pages)
    ]
    return figures[0] if len(figures) == 1 else figures


def domain_multiples(
    plan: Plan,
    actuals,
    year: int,
    domain: str,
    *,
    catalogue: str = "headline",
    language: str = "zh",
    illustrative: bool | None = None,
    ncols: int = 4,
    band: float = DEFAULT_BAND,
    assessed: Any = None,
) -> Figure | None:
    """The series of one domain in compact panels, as tall as its rows need (None: no series).

    The same panels as :func:`small_multiples`, for the report's section on that domain: a chart
    per domain instead of a half page per indicator.
    ``assessed``: the report's assessment of the catalogue, as in :func:`series_chart`.
    """
    language = check_language(language)
    use_cjk_fonts()
    year = plan.check_year(year, "year")
    frame = prepare(plan, actuals)
    table = assessed_table(assessed, year)
    inds = [ind for ind in plan.series(catalogue) if ind.domain == domain]
    series = [series_data(plan, frame, ind, year, band, table) for ind in inds]
    if not series:
        return None
    if illustrative is None:
        illustrative = infer_illustrative(frame, series)
    ncols = max(1, ncols)  # panels keep their size whatever the number of series
    nrows = math.ceil(len(series) / ncols)
    panel, title, legend_space = 1.8, 0.75, 0.95  # inches
    size = (PAGE_SIZE[0], nrows * panel + title + legend_space)
    return _multiples_page(
        plan,
        series,
        year,
        language,
        illustrative,
        ncols,
        nrows,
        1,
        1,
        size=size,
        title=chart_word(language, "domain_multiples_title", domain=plan.domain_name(domain, language), year=year),
        margins=(1 - title / size[1], legend_space / size[1]),
    )


def _multiples_page(
    plan: Plan,
    page: list[SeriesData],
    year: int,
    language: str,
    illustrative: bool,
    ncols: int,
    nrows: int,
    number: int,
    pages: int,
    *,
    size: tuple[float, float] = PAGE_SIZE,
    title: str | None = None,
    margins: tuple[float, float] = (0.935, 0.115),
    corner: dict[str, str] | None = None,
) -> Figure:
    fig = new_figure(size)
    left, right = 0.06, 0.985
    top, bottom = margins
    hgap = 0.045
    vgap = 0.052 * PAGE_SIZE[1] / size[1]
    w = (right - left - hgap * (ncols - 1)) / ncols
    h = (top - bottom - vgap * (nrows - 1)) / nrows
    legend = Legend()
    width_chars = w * size[0] * 72 / 7.0  # CJK characters of 6.8 pt per line
    for i, s in enumerate(page):
        r, c = divmod(i, ncols)
        ax = fig.add_axes((left + c * (w + hgap), top - (r + 1) * h - r * vgap, w, h))
        canvas = draw_series(ax, s, language, compact=True)
        legend.merge(canvas.legend)
        ax.tick_params(labelsize=5.5, length=2, pad=1.5)
        ax.set_title(short_title(s.ind, language, width_chars), loc="left", fontsize=6.8, pad=2, linespacing=1.1, y=1.0)
        x, y, ha, va = free_corner(canvas)
        shown = (corner or {}).get(s.ind.id) or status_text(s.row["status"], language)
        ax.text(
            x,
            y,
            shown,
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=6.2,
            gid="status",
            zorder=20,
            bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="#999999", linewidth=0.4, alpha=0.9),
        )
    if title is None:
        title = chart_word(language, "multiples_title", plan=plan.short_title(language), year=year)
    if illustrative:
        title += chart_word(language, "title_suffix")
    title_y = 1 - 0.2 / size[1]  # 0.2 in below the top edge
    fig.text(left, title_y, title, fontsize=11, ha="left", va="top", gid="title")
    if pages > 1:
        fig.text(
            right, title_y, chart_word(language, "page", page=number, pages=pages), fontsize=8, ha="right", va="top"
        )
    if legend.items:
        fig.legend(
            list(legend.items.values()),
            list(legend.items),
            loc="lower center",
            bbox_to_anchor=(0.5, 0.008 * PAGE_SIZE[1] / size[1]),
            ncols=4,
            fontsize=6.8,
            frameon=False,
            handlelength=2.6,
            columnspacing=1.0,
        )
    if illustrative:
        scale = min(1.0, size[1] / PAGE_SIZE[1]) ** 0.5
        watermark_figure(fig, language, (80 if language == "zh" else 56) * scale)
    return fig
