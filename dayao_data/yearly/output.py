"""How the yearly report's notebook calls display their results (:mod:`dayao_data.yearly.show`).

Each output is one bundle of ``text/html`` (the fragment the report renderer puts into the PDF)
and ``text/plain`` (short, deterministic: what nbval compares); results from illustrative data
open with the 示例数据 banner (once per notebook) and a warning in their plain text.
"""

from __future__ import annotations

from dayao_data import charts, i18n
from dayao_data.progress import STATUS_ORDER
from dayao_data.yearly.tables import illustrative_banner

__all__ = ["FIGURE_DPI", "emit", "Shown", "figure_png", "banner", "with_tag", "count_phrase"]

#: Resolution of the report's charts (dots per inch of the embedded PNG).
FIGURE_DPI = 150


def emit(html: str, text: str, markdown: str | None = None) -> None:
    """Display one output with an HTML and a plain-text representation."""
    from IPython.display import display

    bundle = {"text/plain": text.rstrip("\n"), "text/html": html}
    if markdown is not None:
        bundle["text/markdown"] = markdown
    display(bundle, raw=True)


class Shown(list):
    """What a ``show.*`` call displayed, returned for whoever wants to work with it.

    A list (of paragraphs, tables or problems) that Jupyter does not display a second time: the
    call has already displayed its result, and a notebook cell that ends with it shows it once.
    """

    def _ipython_display_(self) -> None:  # displayed already, by the call itself
        return None


def figure_png(fig) -> bytes:
    """PNG bytes of a chart; charts.figure_png also closes it, so it is never shown twice."""
    return charts.figure_png(fig, FIGURE_DPI)


def count_phrase(ctx, counts: dict[str, int], item_key: str) -> str:
    """``已实现4个、滞后7个``: the counts by status in the report's order, joined in the language."""
    lang = ctx.language
    parts = []
    for status in STATUS_ORDER:
        n = counts.get(status, 0)
        if n:
            label = i18n.status_label(status, lang)
            parts.append(i18n.t(item_key, lang, label=label.lower() if lang == "en" else label, n=n))
    return i18n.join_list(parts, lang)


def banner(ctx) -> str:
    """The 示例数据 banner, at the first output of a notebook's context only.

    The report repeats 示例数据 in every page header and every chart's caption and watermark; a
    banner above every table as well would bury the tables.  A context is made per notebook
    (per chapter), so each chapter opens with the banner.
    """
    if not ctx.illustrative or ctx.banner_shown:
        return ""
    ctx.banner_shown = True
    return illustrative_banner(ctx)


def with_tag(ctx, text: str) -> str:
    """Plain text of illustrative results starts with the same warning as the banner."""
    if not ctx.illustrative:
        return text
    return f"【{ctx.t('note_illustrative')}】" + "\n" + text
