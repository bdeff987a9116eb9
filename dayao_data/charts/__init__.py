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

from dayao_data.charts.canvas import ChartImage, figure_png, typeset
from dayao_data.charts.series import domain_multiples, series_chart, small_multiples
from dayao_data.charts.status import status_by_domain
from dayao_data.charts.words import (
    GROUP_EXTRA_LABELS,
    GROUP_EXTRA_STYLE,
    LABELS,
    STATUS_STYLE,
    bound_label,
    status_text,
)

__all__ = [
    "LABELS",
    "STATUS_STYLE",
    "GROUP_EXTRA_LABELS",
    "GROUP_EXTRA_STYLE",
    "bound_label",
    "status_text",
    "series_chart",
    "small_multiples",
    "status_by_domain",
    "figure_png",
    "ChartImage",
    "domain_multiples",
    "typeset",
]
