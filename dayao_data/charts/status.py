"""Status by domain: how many series of each domain have each status, stacked horizontal bars."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from dayao_data.charts.canvas import new_figure, watermark_figure
from dayao_data.charts.words import (
    GROUP_EXTRA_LABELS,
    GROUP_EXTRA_STYLE,
    STATUS_STYLE,
    chart_word,
    check_language,
    status_text,
)
from dayao_data.fonts import use_cjk_fonts
from dayao_data.plan import Plan
from dayao_data.progress import (
    STATUS_LABELS,
    STATUS_ORDER,
)

__all__ = ["status_by_domain"]


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
    language = check_language(language)
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
    fig = new_figure((6.4, height))
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
    ax.set_xlabel(chart_word(language, "series_count"), fontsize=8.5)
    ax.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    years = sorted({int(v) for v in table["year"]}) if "year" in table and len(table) else []
    title = (
        chart_word(language, "domain_title", year=years[-1])
        if len(years) == 1
        else chart_word(language, "domain_title_no_year")
    )
    if illustrative:
        title += chart_word(language, "title_suffix")
    ax.set_title(title, loc="left", fontsize=11, pad=8, y=1.0)
    if not domains:
        ax.text(
            0.5,
            0.5,
            chart_word(language, "no_data"),
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
        watermark_figure(fig, language, 40 if language == "zh" else 30)
    return fig
