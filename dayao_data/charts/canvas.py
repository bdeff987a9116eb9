"""The drawing surface of the charts: the legend, one axes being drawn, the watermark of
illustrative data, the figure frame and the PNG/SVG export."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from dayao_data.charts.assessed import SeriesData
from dayao_data.charts.words import LABELS, LINE_STYLES, chart_word
from dayao_data.display import format_number, format_value
from dayao_data.typography import zh_text

__all__ = [
    "Legend",
    "Canvas",
    "line_style",
    "watermark_figure",
    "watermark_axes",
    "new_figure",
    "typeset",
    "ChartImage",
    "figure_png",
]

# Drawing one series into an axes
# --------------------------------------------------------------------------------------


class Legend:
    """Legend handles in drawing order, one per label."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}

    def line(self, label: str, **style: Any) -> None:
        if label not in self.items:
            self.items[label] = Line2D([], [], **style)

    def patch(self, label: str, **style: Any) -> None:
        if label not in self.items:
            self.items[label] = Patch(**style)

    def merge(self, other: Legend) -> None:
        for label, handle in other.items.items():
            self.items.setdefault(label, handle)


@dataclass
class Canvas:
    """One axes being drawn: where the data lie (for the limits, the labels and the status corner)."""

    ax: Axes
    s: SeriesData
    language: str
    compact: bool
    legend: Legend = field(default_factory=Legend)
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
        style = line_style(key, self.compact)
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


def line_style(key: str, compact: bool) -> dict[str, Any]:
    """The matplotlib style of a line element (``LINE_STYLES``), thinner and smaller in compact panels."""
    style = dict(LINE_STYLES[key])
    lw = {"actual": 1.6, "time_line": 1.1, "target": 0.7, "projection": 1.5, "required": 1.3, "maintain_level": 5.0}
    style["linewidth"] = lw.get(key, 1.0) * (0.75 if compact else 1.0)
    style["markersize"] = {"target": 11, "breach": 8, "baseline": 6, "actual": 5}.get(key, 5) * (
        0.7 if compact else 1.0
    )
    return style


# --------------------------------------------------------------------------------------
# Watermark and figure frame
# --------------------------------------------------------------------------------------


def watermark_figure(fig: Figure, language: str, size: float) -> None:
    """The diagonal 示例数据 watermark across a whole figure."""
    fig.text(
        0.5,
        0.5,
        chart_word(language, "watermark"),
        ha="center",
        va="center",
        rotation=30,
        fontsize=size,
        color="#9a9a9a",
        alpha=0.35,
        zorder=100,
        gid="watermark",
    )


def watermark_axes(ax: Axes, language: str, size: float) -> None:
    """The diagonal 示例数据 watermark inside one axes (a chart drawn into the caller's grid)."""
    ax.text(
        0.5,
        0.5,
        chart_word(language, "watermark"),
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


def new_figure(size: tuple[float, float]) -> Figure:
    """A pyplot-free figure of ``size`` inches on the Agg canvas (freed when it goes out of scope)."""
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
