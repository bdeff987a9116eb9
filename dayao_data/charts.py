"""Charts of the progress toward the plan's targets, for the yearly reports and the notebooks.

Every chart reads in black and white: each element has its own marker and line style, colour only
helps on screen.  Text is Chinese by default (``language="en"`` for English); all words come from
:data:`LABELS` (and the status labels from :data:`dayao_data.progress.STATUS_LABELS`).  Figures
drawn from illustrative data carry a diagonal "示例数据" watermark and "(示例数据)" in the title.

The figures are built without pyplot (``matplotlib.figure.Figure`` on the Agg canvas), so
drawing them never depends on, or changes, the backend of a notebook; a figure that is not saved
is freed when it goes out of scope.

Functions
---------
series_chart
    One series up to the assessment year: baseline, actuals, the time-progress line, the target
    (or the bound), the projection the engine uses and the path still required.
small_multiples
    A compact panel of every series of a catalogue, A4 portrait pages.
status_by_domain
    Counts of the statuses per domain, stacked horizontal bars.
figure_png
    Save a figure as PNG bytes (and close it).

Examples
--------
>>> import pandas as pd
>>> from dayao_data.plan import load_plan
>>> plan = load_plan()
>>> actuals = pd.DataFrame({"indicator": ["nurses_per_10000"] * 2, "year": [2021, 2022],
...                         "value": [20.6, 21.1], "source": ["县卫健局年报"] * 2})
>>> fig = series_chart(plan, actuals, "nurses_per_10000", 2022)
>>> fig.axes[0].get_title(loc="left")
'11b 每万人口注册护士数'
>>> png = figure_png(fig, dpi=50)
>>> png[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dayao_data.display import format_number, format_value
from dayao_data.fonts import use_cjk_fonts
from dayao_data.plan import Indicator, Plan
from dayao_data.progress import (
    DEFAULT_BAND,
    STATUS_LABELS,
    STATUS_ORDER,
    Observation,
    assess_series,
    clip,  # the engine clips its projection to the bounds; the chart draws the same line
    observations,
    projection_line,
)
from dayao_data.typography import zh_text

__all__ = [
    "LABELS",
    "STATUS_STYLE",
    "bound_label",
    "status_text",
    "series_chart",
    "small_multiples",
    "status_by_domain",
    "figure_png",
    "ChartImage",
    "domain_multiples",
]

# --------------------------------------------------------------------------------------
# Words (one place, keyed by language)
# --------------------------------------------------------------------------------------

#: Every word the charts write, by language.  Status labels come from ``STATUS_LABELS``.
LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "actual": "实际值",
        "baseline": "基期值",
        "baseline_short": "基期",
        "time_line": "时间进度线(基期→目标)",
        "target": "目标值",
        "target_short": "目标",
        "target_total": "累计目标",
        "projection": "趋势外推(最小二乘)",
        "required": "尚需路径",
        "breach": "突破约束的年份",
        "forbidden": "约束以外",
        "ceiling": "上限",
        "floor": "下限",
        "maintain_level": "保持水平",
        "running_total": "累计完成",
        "yearly_flow": "当年完成",
        "quota_assigned": "下达目标",
        "quota_completed": "完成数",
        "no_data": STATUS_LABELS["no_data"][0],
        "no_quota": "未填下达目标：无法评估",
        "year": "年份",
        "unit": "单位：{unit}",
        "unit_permille": "单位：‰(千分之)",
        "unit_count": "单位：{unit}",
        "assessed": "{year}年评估：{status}",
        "stale": "(用{data_year}年数据)",
        "value_year": "{year}年 {value}",
        "illustrative": "示例数据",
        "watermark": "示例数据",
        "title_suffix": "(示例数据)",
        "domain_title": "{year}年各领域指标进展状态",
        "domain_title_no_year": "各领域指标进展状态",
        "series_count": "指标数(个)",
        "multiples_title": "{plan}：{year}年各指标进展",
        "domain_multiples_title": "{domain}：各指标{year}年进展",
        "flagged": "初步数或估计数",
        "series_break": "口径变化（此年起）",
        "page": "第{page}/{pages}页",
        "status": "状态",
    },
    "en": {
        "actual": "Actual",
        "baseline": "Baseline",
        "baseline_short": "Baseline",
        "time_line": "Time-progress line (baseline → target)",
        "target": "Target",
        "target_short": "Target",
        "target_total": "Target total",
        "projection": "Projection (least squares)",
        "required": "Path still required",
        "breach": "Year the bound was breached",
        "forbidden": "Outside the bound",
        "ceiling": "Ceiling",
        "floor": "Floor",
        "maintain_level": "Level to hold",
        "running_total": "Running total",
        "yearly_flow": "Done in the year",
        "quota_assigned": "Quota assigned",
        "quota_completed": "Completed",
        "no_data": STATUS_LABELS["no_data"][1],
        "no_quota": "No quota entered: not assessable",
        "year": "Year",
        "unit": "Unit: {unit}",
        "unit_permille": "Unit: ‰ (per 1,000)",
        "unit_count": "Unit: {unit}",
        "assessed": "Assessed for {year}: {status}",
        "stale": " (data of {data_year})",
        "value_year": "{year}: {value}",
        "illustrative": "Illustrative data",
        "watermark": "ILLUSTRATIVE DATA",
        "title_suffix": " (illustrative data)",
        "domain_title": "Status of the series by domain, {year}",
        "domain_title_no_year": "Status of the series by domain",
        "series_count": "Number of series",
        "multiples_title": "{plan}: progress of every series, {year}",
        "domain_multiples_title": "{domain}: progress of each series, {year}",
        "flagged": "provisional or estimated figure",
        "series_break": "change of definition (from this year)",
        "page": "page {page} of {pages}",
        "status": "Status",
    },
}

#: How each status is drawn: the report's symbol (as in report.css), a fill colour whose grey level
#: stays distinct in black and white, a hatch pattern and the colour of the hatch lines.
STATUS_STYLE: dict[str, dict[str, str]] = {
    "achieved": {"symbol": "●", "color": "#1a6b30", "hatch": "", "hatchcolor": "white"},
    "ahead": {"symbol": "▲", "color": "#5aa469", "hatch": "..", "hatchcolor": "#0d3d19"},
    "on_track": {"symbol": "○", "color": "#c7e9c0", "hatch": "//", "hatchcolor": "#2f6b3a"},
    "lagging": {"symbol": "△", "color": "#f6c35b", "hatch": "\\\\", "hatchcolor": "#7a4d00"},
    "regressing": {"symbol": "↓", "color": "#e0603f", "hatch": "xx", "hatchcolor": "#5c1300"},
    "breached": {"symbol": "■", "color": "#8b1111", "hatch": "++", "hatchcolor": "white"},
    "no_data": {"symbol": "—", "color": "#ffffff", "hatch": "", "hatchcolor": "#555555"},
    "not_assessable": {"symbol": "◇", "color": "#d9d9d9", "hatch": "--", "hatchcolor": "#555555"},
}

#: The evaluations' group that is not a status of its own (dayao_data.evaluation.GROUP_LABELS): a
#: ceiling within its bound in the evaluation year after a breach earlier in the period.
GROUP_EXTRA_LABELS: dict[str, tuple[str, str]] = {
    "achieved_after_breach": ("达标但期间曾突破约束", "Within the bound, breached earlier"),
}
GROUP_EXTRA_STYLE: dict[str, dict[str, str]] = {
    "achieved_after_breach": {"symbol": "◆", "color": "#b5651d", "hatch": "||", "hatchcolor": "white"},
}

# Line elements: (colour, line style, marker).  Each differs from the others in line style or
# marker, so black-and-white prints keep them apart.
_STYLE = {
    "actual": dict(color="#1f4e79", linestyle="-", marker="o"),
    "baseline": dict(color="black", linestyle="none", marker="s", markerfacecolor="white"),
    "time_line": dict(color="#6b6b6b", linestyle="--", marker="none"),
    "target": dict(color="black", linestyle="-", marker="*"),
    "projection": dict(color="#b35806", linestyle=":", marker="none"),
    "required": dict(color="#7b3294", linestyle="-.", marker="none"),
    "breach": dict(color="#c0392b", linestyle="none", marker="X"),
    # A broad light band, unlike every thin line above.
    "maintain_level": dict(color="#b0b0b0", linestyle="-", marker="none", solid_capstyle="butt"),
}
_FORBIDDEN = dict(facecolor="#fbe3e3", hatch="///", hatchcolor="#c98b8b", edgecolor="none", linewidth=0)
_FLOW = dict(facecolor="#e3e3e3", edgecolor="#8c8c8c", linewidth=0.6)
_QUOTA = dict(facecolor="white", edgecolor="black", linewidth=0.8)
_DONE = dict(facecolor="#bdbdbd", edgecolor="black", linewidth=0.8, hatch="////")

_SERIES_SIZE = (6.4, 4.3)  # inches: fits the A4 text width with room for the legend below
_PAGE_SIZE = (8.3, 11.2)  # A4 portrait proportions


def _check_language(language: str) -> str:
    if language not in LABELS:
        raise ValueError(f"language must be one of {sorted(LABELS)}, not {language!r}")
    return language


def _L(language: str, key: str, **values: Any) -> str:
    text = LABELS[language][key]
    return text.format(**values) if values else text


def status_text(status: str | None, language: str = "zh") -> str:
    """The symbol and label of a status, e.g. ``● 已实现`` (or of an evaluation group, :data:`GROUP_EXTRA_LABELS`)."""
    if status in GROUP_EXTRA_LABELS:
        zh, en = GROUP_EXTRA_LABELS[status]
        return f"{GROUP_EXTRA_STYLE[status]['symbol']} {zh if language == 'zh' else en}"
    if not status:
        return ""
    zh, en = STATUS_LABELS[status]
    return f"{STATUS_STYLE[status]['symbol']} {zh if language == 'zh' else en}"


# --------------------------------------------------------------------------------------
# Data for one series
# --------------------------------------------------------------------------------------


def _prepare(plan: Plan, actuals) -> pd.DataFrame:
    """Actuals as the engine reads them: a tidy frame with indicator ids (names resolved)."""
    from dayao_data.progress import prepare_actuals  # the engine's own reader, so ids match

    return prepare_actuals(plan, actuals)


@dataclass
class _Series:
    ind: Indicator
    year: int  # the assessment year
    last_year: int  # min(year, target year): actuals after it are not shown
    shown: list[Observation]  # t0 < year ≤ last_year
    row: dict[str, Any]  # the engine's assessment row
    illustrative: bool


def _series(plan: Plan, frame: pd.DataFrame, ind: Indicator, year: int, band: float) -> _Series:
    obs = observations(frame, ind.id)
    last_year = min(year, ind.target_year)
    shown = [o for o in obs if ind.base_year < o.year <= last_year]
    # The same function evaluate() applies to each series: the status shown is the engine's.
    row = assess_series(ind, obs, year, plan, band=band).row
    return _Series(ind, year, last_year, shown, row, any(o.illustrative for o in shown))


def _infer_illustrative(frame: pd.DataFrame, shown: Sequence[_Series]) -> bool:
    """Illustrative when any figure shown is; with nothing shown, when the actuals given are."""
    if any(s.shown for s in shown):
        return any(s.illustrative for s in shown)
    if "illustrative" in frame and len(frame):
        return bool(frame["illustrative"].fillna(False).astype(bool).any())
    if "source" in frame and len(frame):
        from dayao_data.paths import is_illustrative_source

        return any(is_illustrative_source(s) for s in frame["source"])
    return False


# --------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------


def _unit_label(ind: Indicator, language: str) -> str:
    if ind.unit == "‰":
        return _L(language, "unit_permille")
    if language == "en":
        unit = ind.unit_en or ind.unit
        if ind.unit == "%":
            unit = "%"
        return _L(language, "unit", unit=unit)
    return _L(language, "unit", unit=ind.unit)


def _printed_number(ind: Indicator) -> str:
    """The bound's number as printed (``4.2`` in ``[≤4.2]``), else as :func:`format_number` shows it."""
    value = ind.target_value
    printed = ind.target.printed if ind.target is not None else ""
    for token in re.findall(r"\d+(?:\.\d+)?", printed or ""):
        if value is not None and math.isclose(float(token), value):
            return token
    return format_number(value)


def _unit_suffix(ind: Indicator, language: str) -> str:
    """The unit written after a number in a label: ``%``, ``‰``, ``万人``, ``/10万``."""
    return format_value(0, ind.unit, language)[1:] if ind.unit else ""


def bound_label(ind: Indicator, language: str = "zh") -> str:
    """``上限 ≤4.2%`` / ``上限 <5‰`` for a ceiling, ``下限 ≥95%`` for a floor (strict as printed)."""
    ceiling = ind.direction < 0
    word = _L(language, "ceiling" if ceiling else "floor")
    sign = ("<" if ind.strict else "≤") if ceiling else (">" if ind.strict else "≥")
    return f"{word} {sign}{_printed_number(ind)}{_unit_suffix(ind, language)}"


def _title(ind: Indicator, language: str, illustrative: bool) -> str:
    title = ind.label(language)
    return title + _L(language, "title_suffix") if illustrative else title


def _subtitle(s: _Series, language: str) -> str:
    text = _L(language, "assessed", year=s.year, status=status_text(s.row["status"], language))
    data_year = s.row.get("data_year")
    if data_year is not None and not pd.isna(data_year) and int(data_year) < s.last_year:
        text += _L(language, "stale", data_year=int(data_year))
    return text


def _short_unit(ind: Indicator, language: str) -> str:
    if ind.unit in ("%", "‰") or language == "zh" or not ind.unit_en:
        return ind.unit
    return ind.unit_en


def _short_title(ind: Indicator, language: str, width: float) -> str:
    """Row, name and unit for a small panel, wrapped to ``width`` (in CJK characters), three lines at most."""
    row = f"{ind.row_label} " if ind.table_row else ""
    unit = _short_unit(ind, language)
    if language == "en":
        words = (row + ind.name(language)).split() + ([f"({unit})"] if unit else [])
    else:
        # Characters break anywhere, but the unit in brackets stays in one piece.
        words = list(row + ind.name(language)) + ([f"({unit})"] if unit else [])
    lines: list[str] = []
    current = ""
    for word in words:
        sep = " " if language == "en" and current else ""
        if current and _text_width(current + sep + word) > width:
            lines.append(current)
            current, sep = word.lstrip(), ""
        else:
            current += sep + word
    if current:
        lines.append(current)
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][:-1] + "…"
    return "\n".join(lines)


def _text_width(text: str) -> float:
    """Width in CJK characters: a Latin letter or digit is about half of one."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


# --------------------------------------------------------------------------------------
# Drawing one series into an axes
# --------------------------------------------------------------------------------------


class _Legend:
    """Legend handles in drawing order, one per label."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}

    def line(self, label: str, **style: Any) -> None:
        if label not in self.items:
            self.items[label] = Line2D([], [], **style)

    def patch(self, label: str, **style: Any) -> None:
        if label not in self.items:
            self.items[label] = Patch(**style)

    def merge(self, other: _Legend) -> None:
        for label, handle in other.items.items():
            self.items.setdefault(label, handle)


@dataclass
class _Canvas:
    """One axes being drawn: where the data lie (for the limits, the labels and the status corner)."""

    ax: Axes
    s: _Series
    language: str
    compact: bool
    legend: _Legend = field(default_factory=_Legend)
    ys: list[float] = field(default_factory=list)  # every y value drawn, for the limits
    points: list[tuple[float, float]] = field(default_factory=list)  # samples of what is drawn
    labels: list[dict[str, Any]] = field(default_factory=list)  # value labels, placed after the limits

    @property
    def L(self) -> dict[str, str]:
        return LABELS[self.language]

    def fs(self, size: float) -> float:
        return size * 0.75 if self.compact else size

    def sample(self, xs: Sequence[float], ys: Sequence[float], n: int = 12) -> None:
        """Remember points along a polyline (to keep the status box off the data)."""
        self.ys += [float(y) for y in ys]
        if len(xs) == 1:
            self.points.append((float(xs[0]), float(ys[0])))
        for (xa, ya), (xb, yb) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
            for k in range(n + 1):
                f = k / n
                self.points.append((xa + f * (xb - xa), ya + f * (yb - ya)))

    def line(
        self,
        key: str,
        label: str,
        xs,
        ys,
        *,
        gid: str | None = None,
        zorder: float = 3,
        legend_style: dict | None = None,
        **extra,
    ):
        style = _line_style(key, self.compact)
        style.update(extra)
        (line,) = self.ax.plot(xs, ys, gid=gid or key, zorder=zorder, **style)
        self.legend.line(label, **(legend_style or style))
        self.sample(list(xs), list(ys))
        return line

    def label(
        self, x: float, y: float, text: str, *, ha: str = "center", dx: float = 0, gid: str | None = None
    ) -> None:
        if not self.compact:
            self.labels.append(dict(x=x, y=y, text=text, ha=ha, dx=dx, gid=gid))

    def value_text(self, value: float) -> str:
        """A value with its unit; in English only % and ‰ (the axis names other units)."""
        unit = self.s.ind.unit
        if self.language == "en" and unit not in ("%", "‰"):
            return format_number(value)
        return format_value(value, unit, self.language)


def _line_style(key: str, compact: bool) -> dict[str, Any]:
    style = dict(_STYLE[key])
    lw = {"actual": 1.6, "time_line": 1.1, "target": 0.7, "projection": 1.5, "required": 1.3, "maintain_level": 5.0}
    style["linewidth"] = lw.get(key, 1.0) * (0.75 if compact else 1.0)
    style["markersize"] = {"target": 11, "breach": 8, "baseline": 6, "actual": 5}.get(key, 5) * (
        0.7 if compact else 1.0
    )
    return style


def _projection_points(ind: Indicator, s: _Series) -> tuple[list[float], list[float]] | None:
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


def _within(ind: Indicator, value: float) -> bool:
    from dayao_data.progress import within as engine_within  # the engine's rule, strict or not

    return engine_within(ind, value, ind.target_value)


def _draw_series(ax: Axes, s: _Series, language: str, *, compact: bool = False) -> _Canvas:
    ind = s.ind
    c = _Canvas(ax, s, language, compact)
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
        ax.set_ylabel(_unit_label(ind, language))

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
    lo, hi = _set_ylim(ax, ind, c.ys, forbidden=ind.kind == "ceiling")
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


def _mark_flags_and_breaks(c: _Canvas) -> None:
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


def _draw_level(c: _Canvas) -> None:
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
        ax.axhspan(min(target, far), max(target, far), zorder=0.5, gid="forbidden", **_FORBIDDEN)
        c.legend.patch(L["forbidden"], **_FORBIDDEN)
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
        breached = [(o.year, o.value) for o in s.shown if not _within(ind, o.value)]
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
        legend_style=_line_style("target", c.compact),
    )
    if ind.kind != "ceiling":
        c.label(T, target, f"{L['target_short']} {c.value_text(target)}", ha="right", dx=6, gid="target_label")

    proj = _projection_points(ind, s)
    if proj is not None:
        c.line("projection", L["projection"], proj[0], proj[1], zorder=3, gid="projection")
    if ind.kind in ("level", "maintain") and status != "achieved" and years[-1] < T:
        _required(c, years[-1], values[-1], T, target)


def _required(c: _Canvas, s: int, x: float, T: int, target: float) -> None:
    """The path still required, from the latest value to the target, with an arrow head."""
    c.line("required", c.L["required"], [s, T], [x, target], zorder=3, gid="required")
    style = _line_style("required", c.compact)
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


def _draw_cumulative(c: _Canvas) -> None:
    ax, s, L = c.ax, c.s, c.L
    ind, row = s.ind, s.row
    t0, T, target = ind.base_year, ind.target_year, ind.target_value

    years = [o.year for o in s.shown]
    flows = [o.value for o in s.shown]
    ax.bar(years, flows, width=0.5, zorder=1.5, gid="flows", **_FLOW)
    c.legend.patch(L["yearly_flow"], **_FLOW)
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
        legend_style=_line_style("target", c.compact),
    )
    c.label(T, target, f"{L['target_total']} {c.value_text(target)}", ha="right", dx=6, gid="target_label")

    proj = _projection_points(ind, s)
    if proj is not None:
        c.line("projection", L["projection"], proj[0], proj[1], zorder=3, gid="projection")
    if row["status"] != "achieved" and years[-1] < T:
        _required(c, years[-1], totals[-1], T, target)


def _draw_qualitative(c: _Canvas) -> None:
    ax, s, L = c.ax, c.s, c.L
    years = [o.year for o in s.shown]
    done = [o.value for o in s.shown]
    quota_years = [o.year for o in s.shown if o.assigned_target is not None]
    quota = [o.assigned_target for o in s.shown if o.assigned_target is not None]
    width = 0.36
    if quota:
        ax.bar([y - width / 2 for y in quota_years], quota, width=width, zorder=2, gid="quota", **_QUOTA)
        c.legend.patch(L["quota_assigned"], **_QUOTA)
    offset = width / 2 if quota else 0
    ax.bar([y + offset for y in years], done, width=width, zorder=2, gid="completed", **_DONE)
    c.legend.patch(L["quota_completed"], **_DONE)
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


def _set_ylim(ax: Axes, ind: Indicator, ys: list[float], *, forbidden: bool) -> tuple[float, float]:
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


def _free_corner(c: _Canvas) -> tuple[float, float, str, str]:
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


# --------------------------------------------------------------------------------------
# Watermark and figure frame
# --------------------------------------------------------------------------------------


def _watermark_figure(fig: Figure, language: str, size: float) -> None:
    fig.text(
        0.5,
        0.5,
        _L(language, "watermark"),
        ha="center",
        va="center",
        rotation=30,
        fontsize=size,
        color="#9a9a9a",
        alpha=0.35,
        zorder=100,
        gid="watermark",
    )


def _watermark_axes(ax: Axes, language: str, size: float) -> None:
    ax.text(
        0.5,
        0.5,
        _L(language, "watermark"),
        transform=ax.transAxes,
        ha="center",
        va="center",
        rotation=30,
        fontsize=size,
        color="#9a9a9a",
        alpha=0.35,
        zorder=100,
        gid="watermark",
    )


def _new_figure(size: tuple[float, float]) -> Figure:
    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    return fig


def typeset(fig: Figure) -> Figure:
    """Give every label of ``fig`` Chinese typography (full-width marks, no stray spaces).

    Labels are assembled from the plan's names, units and generated words; this is the one place
    they are set right, whatever made them (titles, ticks, legends, annotations).
    """
    from matplotlib.text import Text

    for artist in fig.findobj(Text):
        text = artist.get_text()
        fixed = zh_text(text)
        if fixed != text:
            artist.set_text(fixed)
    return fig


class ChartImage(bytes):
    """A chart's PNG bytes that also carry the same chart as SVG (``svg``), text drawn as paths.

    The PDF prints the vector drawing (sharp at any size, no font needed); the Word file, which
    cannot take SVG everywhere, takes the PNG. Both come from the one figure, drawn once each.
    """

    svg: bytes = b""


def figure_png(fig: Figure, dpi: int = 200) -> ChartImage:
    """The figure as PNG bytes (with its SVG as ``.svg``); the figure is closed afterwards."""
    from PIL import Image

    typeset(fig)
    vector = io.BytesIO()
    fig.savefig(vector, format="svg", facecolor="white", metadata={"Date": None})
    # Rendered by Agg as raw RGBA, written as RGB: the charts are opaque, and an RGB PNG is
    # encoded ~40 % faster than matplotlib's RGBA one (it matters at ~25 figures a report).
    raw = io.BytesIO()
    fig.savefig(raw, format="raw", dpi=dpi, facecolor="white")
    width, height = int(fig.get_figwidth() * dpi), int(fig.get_figheight() * dpi)
    image = Image.frombuffer("RGBA", (width, height), raw.getbuffer(), "raw", "RGBA", 0, 1).convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="png", dpi=(dpi, dpi), compress_level=6)
    if getattr(fig.canvas, "manager", None) is not None:
        import matplotlib.pyplot as plt

        plt.close(fig)
    out = ChartImage(buf.getvalue())
    out.svg = vector.getvalue()
    return out


# --------------------------------------------------------------------------------------
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
    language = _check_language(language)
    use_cjk_fonts()
    year = plan.check_year(year, "year")
    ind = plan.indicator(indicator_id)
    frame = _prepare(plan, actuals)
    s = _series(plan, frame, ind, year, band)
    if illustrative is None:
        illustrative = _infer_illustrative(frame, [s])

    own = ax is None
    if own:
        fig = _new_figure(_SERIES_SIZE)
        ax = fig.add_axes((0.11, 0.245, 0.86, 0.615))
    else:
        fig = ax.figure
    legend = _draw_series(ax, s, language).legend
    ax.set_title(_title(ind, language, illustrative), loc="left", fontsize=11.5, pad=20, y=1.0)
    ax.text(
        0.0,
        1.02,
        _subtitle(s, language),
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
            _watermark_figure(fig, language, 44 if language == "zh" else 34)
        else:
            _watermark_axes(ax, language, 30 if language == "zh" else 22)
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
    corner: dict[str, str] | None = None,
) -> Figure | list[Figure]:
    """Every series of a catalogue in compact panels on A4 portrait pages.

    Same encodings as :func:`series_chart`, one shared legend at the bottom of each page, the
    status in each panel's corner.  Returns one Figure when all panels fit on a page (6 rows of
    ``ncols``), else a list of Figures, one per page.  ``corner`` maps indicator ids to the text
    shown in the corner instead of the time-progress status (the evaluations show their own
    group or verdict there, the one their tables give).
    """
    language = _check_language(language)
    use_cjk_fonts()
    year = plan.check_year(year, "year")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, not {ncols}")
    frame = _prepare(plan, actuals)
    series = [_series(plan, frame, ind, year, band) for ind in plan.series(catalogue)]
    if illustrative is None:
        illustrative = _infer_illustrative(frame, series)
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
) -> Figure | None:
    """The series of one domain in compact panels, as tall as its rows need (None: no series).

    The same panels as :func:`small_multiples`, for the report's section on that domain: a chart
    per domain instead of a half page per indicator.
    """
    language = _check_language(language)
    use_cjk_fonts()
    year = plan.check_year(year, "year")
    frame = _prepare(plan, actuals)
    series = [_series(plan, frame, ind, year, band) for ind in plan.series(catalogue) if ind.domain == domain]
    if not series:
        return None
    if illustrative is None:
        illustrative = _infer_illustrative(frame, series)
    ncols = max(1, ncols)  # panels keep their size whatever the number of series
    nrows = math.ceil(len(series) / ncols)
    panel, title, legend_space = 1.8, 0.75, 0.95  # inches
    size = (_PAGE_SIZE[0], nrows * panel + title + legend_space)
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
        title=_L(language, "domain_multiples_title", domain=plan.domain_name(domain, language), year=year),
        margins=(1 - title / size[1], legend_space / size[1]),
    )


def _multiples_page(
    plan: Plan,
    page: list[_Series],
    year: int,
    language: str,
    illustrative: bool,
    ncols: int,
    nrows: int,
    number: int,
    pages: int,
    *,
    size: tuple[float, float] = _PAGE_SIZE,
    title: str | None = None,
    margins: tuple[float, float] = (0.935, 0.115),
    corner: dict[str, str] | None = None,
) -> Figure:
    fig = _new_figure(size)
    left, right = 0.06, 0.985
    top, bottom = margins
    hgap = 0.045
    vgap = 0.052 * _PAGE_SIZE[1] / size[1]
    w = (right - left - hgap * (ncols - 1)) / ncols
    h = (top - bottom - vgap * (nrows - 1)) / nrows
    legend = _Legend()
    width_chars = w * size[0] * 72 / 7.0  # CJK characters of 6.8 pt per line
    for i, s in enumerate(page):
        r, c = divmod(i, ncols)
        ax = fig.add_axes((left + c * (w + hgap), top - (r + 1) * h - r * vgap, w, h))
        canvas = _draw_series(ax, s, language, compact=True)
        legend.merge(canvas.legend)
        ax.tick_params(labelsize=5.5, length=2, pad=1.5)
        ax.set_title(
            _short_title(s.ind, language, width_chars), loc="left", fontsize=6.8, pad=2, linespacing=1.1, y=1.0
        )
        x, y, ha, va = _free_corner(canvas)
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
        title = _L(language, "multiples_title", plan=plan.short_title(language), year=year)
    if illustrative:
        title += _L(language, "title_suffix")
    title_y = 1 - 0.2 / size[1]  # 0.2 in below the top edge
    fig.text(left, title_y, title, fontsize=11, ha="left", va="top", gid="title")
    if pages > 1:
        fig.text(right, title_y, _L(language, "page", page=number, pages=pages), fontsize=8, ha="right", va="top")
    if legend.items:
        fig.legend(
            list(legend.items.values()),
            list(legend.items),
            loc="lower center",
            bbox_to_anchor=(0.5, 0.008 * _PAGE_SIZE[1] / size[1]),
            ncols=4,
            fontsize=6.8,
            frameon=False,
            handlelength=2.6,
            columnspacing=1.0,
        )
    if illustrative:
        scale = min(1.0, size[1] / _PAGE_SIZE[1]) ** 0.5
        _watermark_figure(fig, language, (80 if language == "zh" else 56) * scale)
    return fig


def status_by_domain(
    table: pd.DataFrame,
    plan: Plan,
    *,
    language: str = "zh",
    illustrative: bool | None = None,
    groups: bool = False,
) -> Figure:
    """How many series of each domain have each status: one stacked horizontal bar per domain.

    ``table`` is the assessment table (:func:`dayao_data.progress.assess`).  Domains follow the
    plan's order; segments follow the method's status order, each with its own hatch pattern,
    grey level and colour, the count written inside.  ``groups=True`` counts the evaluations'
    groups instead (the table's ``group`` column: a ceiling back within its bound after a breach
    earlier in the period is its own segment, 达标但期间曾突破约束, as in the evaluations' tables).
    """
    language = _check_language(language)
    use_cjk_fonts()
    if illustrative is None:
        illustrative = bool("illustrative" in table and table["illustrative"].fillna(False).astype(bool).any())
    domain_of = {i.id: i.domain for i in plan.series("all")}
    counts: dict[str, dict[str, int]] = {}
    codes = table["group"] if groups else table["status"]
    known = {**STATUS_LABELS, **GROUP_EXTRA_LABELS} if groups else STATUS_LABELS
    for ind_id, status in zip(table["indicator_id"], codes):
        dom = domain_of.get(ind_id)
        if dom is None or status not in known:
            continue
        counts.setdefault(dom, {}).setdefault(status, 0)
        counts[dom][status] += 1
    domains = [d for d in plan.domain_order() if d in counts]
    n = max(1, len(domains))

    height = 1.55 + 0.4 * n
    fig = _new_figure((6.4, height))
    ax = fig.add_axes((0.25, 1.1 / height, 0.71, 1 - 1.55 / height))
    totals = [sum(counts[d].values()) for d in domains]
    max_total = max(totals, default=1)
    y = list(range(len(domains)))
    left = [0] * len(domains)
    handles = []
    order = [STATUS_ORDER[0], *GROUP_EXTRA_LABELS, *STATUS_ORDER[1:]] if groups else STATUS_ORDER
    for status in order:
        st = STATUS_STYLE.get(status) or GROUP_EXTRA_STYLE[status]
        widths = [counts[d].get(status, 0) for d in domains]
        label = status_text(status, language)
        style = dict(
            facecolor=st["color"], edgecolor="#333333", linewidth=0.6, hatch=st["hatch"], hatchcolor=st["hatchcolor"]
        )
        handles.append(Patch(label=label, **style))
        if any(widths):
            ax.barh(y, widths, left=left, height=0.62, gid=f"status_{status}", **style)
            for yi, (l0, wi) in enumerate(zip(left, widths)):
                if wi:
                    # Black on a white disc: readable on every fill and hatch, in colour or not.
                    ax.text(
                        l0 + wi / 2,
                        yi,
                        str(wi),
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="black",
                        gid="count",
                        zorder=5,
                        bbox=dict(boxstyle="circle,pad=0.18", facecolor="white", edgecolor="#333333", linewidth=0.4),
                    )
        left = [l0 + wi for l0, wi in zip(left, widths)]
    ax.set_yticks(y)
    ax.set_yticklabels([plan.domain_name(d, language) for d in domains], fontsize=8.5)
    ax.set_ylim(len(domains) - 0.5, -0.5)
    ax.set_xlim(0, max_total * 1.02 + 0.2)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_L(language, "series_count"), fontsize=8.5)
    ax.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    years = sorted({int(v) for v in table["year"]}) if "year" in table and len(table) else []
    title = _L(language, "domain_title", year=years[-1]) if len(years) == 1 else _L(language, "domain_title_no_year")
    if illustrative:
        title += _L(language, "title_suffix")
    ax.set_title(title, loc="left", fontsize=11, pad=8, y=1.0)
    if not domains:
        ax.text(
            0.5,
            0.5,
            _L(language, "no_data"),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=14,
            color="#555555",
        )
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.01),
        ncols=4,
        fontsize=7.5,
        frameon=False,
        handlelength=2.2,
        handleheight=1.3,
        title=None,
    )
    if illustrative:
        _watermark_figure(fig, language, 40 if language == "zh" else 30)
    return fig
