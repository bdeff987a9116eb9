"""The HTML side of the .docx writer: which tags are blocks, HTML's white space, classes, and the
symbols the style sheet puts before status labels (``::before { content: "△ " }``).
"""

from __future__ import annotations

import re

__all__ = ["BLOCK_TAGS", "SKIPPED_TAGS", "HTML_SPACE", "class_names", "before_symbols"]


BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "div",
    "section",
    "main",
    "nav",
    "figure",
    "figcaption",
    "pre",
    "blockquote",
    "hr",
    "header",
    "footer",
    "article",
    "aside",
    "img",
    "dl",
    "dt",
    "dd",
    "caption",
    "details",
    "summary",
}
SKIPPED_TAGS = {"script", "style", "head", "title", "meta", "link", "template", "colgroup", "col"}
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space: not U+3000, the ideographic space
_BEFORE = re.compile(r"\.([\w-]+)::before\s*\{[^}]*?content:\s*\"([^\"]*)\"", re.S)


def class_names(el) -> set[str]:
    """The element's HTML classes."""
    return set((el.get("class") or "").split())


def before_symbols(root) -> dict[str, str]:
    """Class → the text the document's style sheet puts before it (``::before { content }``)."""
    css = "\n".join(s.text or "" for s in root.iter("style"))
    symbols = {}
    for cls, content in _BEFORE.findall(css):
        symbols[cls] = content.encode("utf-8").decode("unicode_escape") if "\\" in content else content
    return symbols
