"""Drawing one series into an axes: level, ceiling and maintain series, running totals,
qualitative quotas; the projection, the path still required and the breached years."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dayao_data.charts.assessed import SeriesData
from dayao_data.charts.canvas import Canvas, line_style
from dayao_data.charts.words import DONE_STYLE, FLOW_STYLE, FORBIDDEN_STYLE, QUOTA_STYLE, bound_label, unit_label
from dayao_data.display import format_number
from dayao_data.plan import Indicator
from dayao_data.progress import (
    clip,  # the engine clips its projection to the bounds; the chart draws the same line
    projection_line,
)
from dayao_data.progress import within as engine_within

__all__ = ["draw_series", "set_ylim", "free_corner"]


def _projection_points(ind: Indicator, s: SeriesData) -> tuple[list[float], list[float]] | None:
    """The engine's projection from the data year to the target year (clipped to the bounds)."""
    row = s.row
    if row["projected_final"] is None or pd.isna(row["projected_final"]) or not s.shown:
        return None
    data_year = int(row["data_year"])
    T = ind.target_year
    if data_year >= T:
        return None
    if ind.kind == "cumulative":
        return [data_year, T], [row["value"], row["projected_final"]]
    x0 = ind.baseline_value
    points = ([(ind.base_year, x0)] if x0 is not None else []) + [(o.year, o.value) for o in s.shown]
    line = projection_line(points)
    if line is None:
        return None
    intercept, slope = line
    lo, hi = ind.bounds
    # Where the line crosses a bound it bends into it: evaluate at the ends and at the crossings.
    years = {float(data_year), float(T)}
    if slope != 0:
        for b in (lo, hi):
            if b is not None:
                t = (b - intercept) / slope
                if data_year < t < T:
                    years.add(t)
    xs = sorted(years)
    ys = [clip(intercept + slope * t, ind.bounds) for t in xs]
    ys[-1] = float(row["projected_final"])  # the engine's own figure, not recomputed
    return xs, ys


def _within_bound(ind: Indicator, value: float) -> bool:
    return engine_within(ind, value, ind.target_value)


def draw_series(ax: Axes, s: SeriesData, language: str, *, compact: bool = False) -> Canvas:
    """Draw one series into ``ax`` by its kind (level, ceiling, maintain, cumulative, qualitative); the canvas drawn."""
    ind = s.ind
    c = Canvas(ax, s, language, compact)
    t0, T = ind.base_year, ind.target_year

    ax.set_xlim(t0 - 0.45, T + 0.45)
    ax.set_xticks(range(t0, T + 1))
    ax.set_xticklabels([str(y) for y in range(t0, T + 1)])
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5 if compact else 6))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v)))
    ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not compact:
        ax.set_xlabel(c.L["year"])
        ax.set_ylabel(unit_label(ind, language))

    if not s.shown:
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            c.L["no_data"],
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=c.fs(16),
            color="#555555",
            gid="no_data",
        )
        return c

    if ind.kind == "qualitative":
        _draw_qualitative(c)
    elif ind.kind == "cumulative":
        _draw_cumulative(c)
    else:
        _draw_level(c)
    _mark_flags_and_breaks(c)
    lo, hi = set_ylim(ax, ind, c.ys, forbidden=ind.kind == "ceiling")
    # Value labels go above their point, or below it in the top third (where the title is).
    for lab in c.labels:
        high = (lab["y"] - lo) / (hi - lo) > 0.64
        ax.annotate(
            lab["text"],
            (lab["x"], lab["y"]),
            xytext=(lab["dx"], -9 if high else 7),
            textcoords="offset points",
            ha=lab["ha"],
            va="top" if high else "bottom",
            fontsize=7.5,
            color="#222222",
            gid=lab["gid"],
            zorder=7,
            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.8),
        )
    return c


def _mark_flags_and_breaks(c: Canvas) -> None:
    """A ring around a provisional or estimated figure; a dotted vertical line where the series
    changes definition or source (the plan file's ``breaks`` or the actuals' ``series_break``)."""
    ax, s, L = c.ax, c.s, c.L
    flagged = [o for o in s.shown if o.flag in ("provisional", "estimated")]
    if flagged and s.ind.kind != "cumulative":
        ax.scatter(
            [o.year for o in flagged],
            [o.value for o in flagged],
            s=110 if not c.compact else 60,
            facecolors="none",
            edgecolors="#111111",
            linewidths=0.9,
            zorder=6,
            gid="flagged",
        )
        c.legend.line(
            L["flagged"], linestyle="none", marker="o", markersize=8, markerfacecolor="none", markeredgecolor="#111111"
        )
    years = sorted({int(y) for y, _ in getattr(s.ind, "breaks", ())} | {o.year for o in s.shown if o.series_break})
    for year in years:
        if s.ind.base_year < year <= s.ind.target_year:
            ax.axvline(year - 0.5, color="#555555", linestyle=(0, (1, 2)), linewidth=0.9, zorder=1, gid="series_break")
    if years:
        c.legend.line(L["series_break"], color="#555555", linestyle=(0, (1, 2)), linewidth=0.9)


def _draw_level(c: Canvas) -> None:
    """Level, ceiling and maintain series."""
    ax, s, L = c.ax, c.s, c.L
    ind, row = s.ind, s.row
    t0, T = ind.base_year, ind.target_year
    x0, target, d = ind.baseline_value, ind.target_value, ind.direction
    status = row["status"]
    # In the shared legend of small multiples every target is the same star.
    target_label = L["target"] if c.compact or ind.kind != "ceiling" else bound_label(ind, c.language)

    # The plan: target or bound, the level to hold, the time-progress line.
    if ind.kind == "ceiling":
        far = 1e12 if d < 0 else -1e12
        ax.axhspan(min(target, far), max(target, far), zorder=0.5, gid="forbidden", **FORBIDDEN_STYLE)
        c.legend.patch(L["forbidden"], **FORBIDDEN_STYLE)
        ax.axhline(target, color="#8b1111", linewidth=0.9, zorder=1, gid="bound")
        ax.text(
            0.01,
            target,
            bound_label(ind, c.language),
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="bottom" if d < 0 else "top",
            fontsize=c.fs(8),
            color="#8b1111",
            gid="bound_label",
            zorder=6,
            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85),
        )
        c.sample([t0 - 0.45, t0 + 0.3 * (T - t0)], [target, target])
    elif ind.kind == "maintain":
        c.line("maintain_level", L["maintain_level"], [t0, T], [target, target], zorder=1)
    else:
        ax.axhline(target, color="black", linewidth=0.6, zorder=1, gid="target_line")
        c.sample([t0 - 0.45, T + 0.45], [target, target], n=24)
        if x0 is not None and d * (target - x0) > 0:  # a target ahead of the baseline: a path to it
            c.line("time_line", L["time_line"], [t0, T], [x0, target], zorder=2)

    if x0 is not None:
        c.line("baseline", L["baseline"], [t0], [x0], zorder=4)
        c.label(t0, x0, f"{L['baseline_short']} {c.value_text(x0)}", ha="left", dx=-4, gid="baseline_label")

    years = [o.year for o in s.shown]
    values = [o.value for o in s.shown]
    c.line("actual", L["actual"], years, values, zorder=5, gid="actuals")
    c.label(
        years[-1],
        values[-1],
        L["value_year"].format(year=years[-1], value=c.value_text(values[-1])),
        gid="latest_label",
    )

    # Breached years of a ceiling (or floor): the bound is a promise for every year.
    if ind.kind == "ceiling":
        breached = [(o.year, o.value) for o in s.shown if not _within_bound(ind, o.value)]
        if breached:
            bx, by = zip(*breached)
            c.line("breach", L["breach"], list(bx), list(by), zorder=6)

    # The target (or bound) at the target year: a star; in the legend with its reference line.
    c.line(
        "target",
        target_label,
        [T],
        [target],
        zorder=4,
        gid="target",
        linestyle="none",
        legend_style=line_style("target", c.compact),
    )
    if ind.kind != "ceiling":
        c.label(T, target, f"{L['target_short']} {c.value_text(target)}", ha="right", dx=6, gid="target_label")

    proj = _projection_points(ind, s)
    if proj is not None:
        c.line("projection", L["projection"], proj[0], proj[1], zorder=3, gid="projection")
    if ind.kind in ("level", "maintain") and status != "achieved" and years[-1] < T:
        _draw_required(c, years[-1], values[-1], T, target)


def _draw_required(c: Canvas, s: int, x: float, T: int, target: float) -> None:
    """The path still required, from the latest value to the target, with an arrow head."""
    c.line("required", c.L["required"], [s, T], [x, target], zorder=3, gid="required")
    style = line_style("required", c.compact)
    c.ax.annotate(
        "",
        xy=(T, target),
        xytext=(s + 0.8 * (T - s), x + 0.8 * (target - x)),
        arrowprops=dict(
            arrowstyle="-|>",
            color=style["color"],
            linewidth=style["linewidth"],
            mutation_scale=8 if c.compact else 11,
            shrinkA=0,
            shrinkB=2,
        ),
        zorder=3,
    )


def _draw_cumulative(c: Canvas) -> None:
    ax, s, L = c.ax, c.s, c.L
    ind, row = s.ind, s.row
    t0, T, target = ind.base_year, ind.target_year, ind.target_value

    years = [o.year for o in s.shown]
    flows = [o.value for o in s.shown]
    ax.bar(years, flows, width=0.5, zorder=1.5, gid="flows", **FLOW_STYLE)
    c.legend.patch(L["yearly_flow"], **FLOW_STYLE)
    for y, v in zip(years, flows):
        c.sample([y, y], [0.0, v], n=4)

    ax.axhline(target, color="black", linewidth=0.6, zorder=1, gid="target_line")
    c.sample([t0 - 0.45, T + 0.45], [target, target], n=24)
    c.line("time_line", L["time_line"], [t0, T], [0.0, target], zorder=2)

    totals = [float(v) for v in np.cumsum(flows)]
    total_label = L["actual"] if c.compact else L["running_total"]
    line = c.line("actual", total_label, [t0] + years, [0.0] + totals, zorder=5, gid="actuals")
    line.set_markevery(list(range(1, len(totals) + 1)))  # no marker on the zero start: it is not a figure
    c.label(
        years[-1],
        totals[-1],
        L["value_year"].format(year=years[-1], value=c.value_text(totals[-1])),
        gid="latest_label",
    )

    label = L["target"] if c.compact else L["target_total"]
    c.line(
        "target",
        label,
        [T],
        [target],
        zorder=4,
        gid="target",
        linestyle="none",
        legend_style=line_style("target", c.compact),
    )
    c.label(T, target, f"{L['target_total']} {c.value_text(target)}", ha="right", dx=6, gid="target_label")

    proj = _projection_points(ind, s)
    if proj is not None:
        c.line("projection", L["projection"], proj[0], proj[1], zorder=3, gid="projection")
    if row["status"] != "achieved" and years[-1] < T:
        _draw_required(c, years[-1], totals[-1], T, target)


def _draw_qualitative(c: Canvas) -> None:
    ax, s, L = c.ax, c.s, c.L
    years = [o.year for o in s.shown]
    done = [o.value for o in s.shown]
    quota_years = [o.year for o in s.shown if o.assigned_target is not None]
    quota = [o.assigned_target for o in s.shown if o.assigned_target is not None]
    width = 0.36
    if quota:
        ax.bar([y - width / 2 for y in quota_years], quota, width=width, zorder=2, gid="quota", **QUOTA_STYLE)
        c.legend.patch(L["quota_assigned"], **QUOTA_STYLE)
    offset = width / 2 if quota else 0
    ax.bar([y + offset for y in years], done, width=width, zorder=2, gid="completed", **DONE_STYLE)
    c.legend.patch(L["quota_completed"], **DONE_STYLE)
    for y, v in list(zip(years, done)) + list(zip(quota_years, quota)):
        c.sample([y, y], [0.0, v], n=4)
    c.ys.append(0.0)
    if not quota:
        ax.text(
            0.5,
            0.8 if c.compact else 0.93,
            L["no_quota"],
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=c.fs(9),
            color="#444444",
            gid="not_assessable",
            zorder=8,
            bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="#999999", linewidth=0.5),
        )
    if not c.compact:
        for y, v in zip(years, done):
            ax.annotate(
                format_number(v),
                (y + offset, v),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7,
                gid="completed_label",
            )


def set_ylim(ax: Axes, ind: Indicator, ys: list[float], *, forbidden: bool) -> tuple[float, float]:
    """The y limits from the values drawn (with room for labels; a ceiling's forbidden side shown); returned."""
    values = [float(v) for v in ys if v is not None and not math.isnan(float(v))]
    lo_v, hi_v = min(values), max(values)
    span = hi_v - lo_v
    if span <= 0:
        span = max(abs(hi_v) * 0.05, 1.0)
    pad = span * 0.18
    lo, hi = lo_v - pad, hi_v + pad
    if forbidden and ind.target_value is not None:
        # Show a band of the forbidden side beyond the bound.
        if ind.direction < 0:
            hi = max(hi, ind.target_value + span * 0.3)
        else:
            lo = min(lo, ind.target_value - span * 0.3)
    # Not far past what is possible (below 0, above 100 %): a little room for the markers only.
    b_lo, b_hi = ind.bounds
    if b_lo is not None:
        lo = max(lo, b_lo - pad * 0.4)
    if b_hi is not None:
        hi = min(hi, b_hi + pad * 0.4)
    if hi <= lo:
        hi = lo + 1.0
    ax.set_ylim(lo, hi)
    return lo, hi


def free_corner(c: Canvas) -> tuple[float, float, str, str]:
    """The corner of the axes with the least drawn there, for the status box of a small panel."""
    ax = c.ax
    (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
    pts = [((x - x_lo) / (x_hi - x_lo), (y - y_lo) / (y_hi - y_lo)) for x, y in c.points]
    corners = [
        (0.98, 0.97, "right", "top"),
        (0.02, 0.97, "left", "top"),
        (0.98, 0.03, "right", "bottom"),
        (0.02, 0.03, "left", "bottom"),
    ]
    if c.s.ind.kind == "qualitative" and not any(o.assigned_target is not None for o in c.s.shown):
        corners = corners[2:] + corners[:2]  # the "no quota" note sits at the top

    def crowded(corner) -> int:
        x, y, ha, va = corner
        x0, x1 = (x - 0.5, x) if ha == "right" else (x, x + 0.5)
        y0, y1 = (y - 0.2, y) if va == "top" else (y, y + 0.2)
        return sum(x0 <= px <= x1 and y0 <= py <= y1 for px, py in pts)

    return min(corners, key=crowded)
