"""Chinese typography for everything the reports print: full-width punctuation, no stray spaces.

County documents set Chinese text with full-width marks (，。、；：？！（）“”) and no spaces between
Chinese characters; half-width marks stay only inside numbers, codes and Latin text
(../shared/spec/official-documents.md).  The plan's own text came from a web extraction with
half-width marks, and generated sentences are assembled from pieces, so the reports normalise at
the places where text leaves the package: every text node of the report's HTML (so the PDF and
the Word file too), every chart label and every spreadsheet cell.

The rule for a half-width mark is local: it becomes full-width when the nearest non-space
character before or after it is Chinese (a CJK ideograph or full-width punctuation).  A pair of
parentheses becomes full-width when it encloses Chinese text or follows a Chinese character, and
the closing mark follows its opening one.  Straight double quotes around Chinese become “ ”.
A full stop becomes 。 only after a Chinese character and never between digits (2.5 stays).
Spaces (any run of them) between two Chinese characters, or between a Chinese character and
full-width punctuation, or between a Chinese character and a figure ("共 5 个" → "共5个"), are
removed; spaces between Chinese and Latin words are kept.

Examples
--------
>>> zh_text("基期 自相矛盾,按表中90%评估;按正文95%评估为滞后.")
'基期自相矛盾，按表中90%评估；按正文95%评估为滞后。'
>>> zh_text("学前三年毛入园率(%): 85.76 → 90")
'学前三年毛入园率（%）：85.76 → 90'
>>> zh_text("共 1,580 人 (2.5%), 比上年多")
'共1,580人（2.5%），比上年多'
>>> zh_text("ratio 0.81; a: b (c)")
'ratio 0.81; a: b (c)'
>>> zh_text('规划称"到2025年"达到')
'规划称“到2025年”达到'
>>> zh_text("Rate (per 1,000): 5.2")
'Rate (per 1,000): 5.2'
"""

from __future__ import annotations

import re

__all__ = ["zh_text", "zh_html", "is_chinese"]

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
_CJK_PUNCT = set("，。、；：？！（）“”‘’《》〈〉【】「」…—·％")
#: marks beside which a space goes; a dash also serves as a symbol (the "— 无数据" legend key)
_EATS_SPACE = _CJK_PUNCT - {"—"}


def is_chinese(ch: str) -> bool:
    """True for a CJK ideograph or a full-width punctuation mark."""
    if not ch:
        return False
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or ch in _CJK_PUNCT
    )


def _tight(ch: str) -> bool:
    """A character beside which a space goes: a Chinese character or mark (not the dash)."""
    return is_chinese(ch) and ch != "—"


def _neighbour(chars: list[str], index: int, step: int) -> str:
    """The nearest character that is not a space, going ``step`` (−1 or +1) from ``index``."""
    i = index + step
    while 0 <= i < len(chars):
        if chars[i] not in " \u00a0\t\n":
            return chars[i]
        i += step
    return ""


def _paren_pairs(chars: list[str]) -> dict[int, int]:
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, ch in enumerate(chars):
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            pairs[stack.pop()] = i
    return pairs


def _normalise(chars: list[str]) -> list[str]:
    """The rules of this module on a list of characters (one element per visible character)."""
    out = list(chars)
    n = len(chars)
    # parentheses first: decided by what they enclose and what stands before them
    for opening, closing in _paren_pairs(chars).items():
        if chars[opening] != "(" and chars[closing] != ")":
            continue
        inside = chars[opening + 1 : closing]
        if any(is_chinese(c) and c not in "（）" for c in inside) or is_chinese(_neighbour(chars, opening, -1)):
            out[opening], out[closing] = "（", "）"
        elif chars[opening] == "（" or chars[closing] == "）":
            out[opening], out[closing] = "（", "）"
    for i, ch in enumerate(chars):
        if ch in ",;:?!":
            before, after = _neighbour(out, i, -1), _neighbour(out, i, 1)
            # a thousands separator or a ratio (1,580; 3:2) is never touched
            if before.isdigit() and after.isdigit() and ch in ",:":
                continue
            if is_chinese(before) or is_chinese(after):
                out[i] = _FULL[ch]
        elif ch == "." and i > 0:
            before = out[i - 1]
            after = chars[i + 1] if i + 1 < n else ""
            if is_chinese(before) and not after.isdigit() and after != ".":
                out[i] = "。"
    # straight double quotes around Chinese text become “ ”, in pairs
    quotes = [i for i, ch in enumerate(chars) if ch == '"']
    for a, b in zip(quotes[0::2], quotes[1::2]):
        if any(is_chinese(c) for c in chars[a + 1 : b]):
            out[a], out[b] = "“", "”"
    # spaces between Chinese characters (or Chinese punctuation) go
    i = 0
    while i < n:
        if out[i] in " \u00a0\t":
            j = i
            while j < n and out[j] in " \u00a0\t":
                j += 1
            left = out[i - 1] if i > 0 else ""
            right = out[j] if j < n else ""
            tight_left, tight_right = _tight(left), _tight(right)
            digit_side = (tight_left and (right.isdigit() or right in "+-−")) or (
                tight_right and (left.isdigit() or left == "%")
            )
            if (tight_left and tight_right) or digit_side:
                for k in range(i, j):
                    out[k] = ""
            i = j
        else:
            i += 1
    return out


def zh_text(text: str) -> str:
    """``text`` with the Chinese typography of this module (plain text, no markup)."""
    if not text or not any(is_chinese(c) for c in text):
        return text
    return "".join(_normalise(list(text)))


_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_PIECE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|.", re.S)
_RAW = {"style", "script", "pre", "code", "kbd", "samp", "textarea"}
#: block-level tags: the text on either side of them is not one sentence
_BLOCK = {
    "p",
    "div",
    "section",
    "main",
    "nav",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "figure",
    "figcaption",
    "caption",
    "header",
    "footer",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "hr",
    "img",
    "body",
    "html",
    "head",
    "title",
}


def zh_html(document: str) -> str:
    """An HTML document with :func:`zh_text` applied across its text, never inside tags or code.

    Inline markup (``<strong>``, ``<span>`` …) does not cut a sentence: "<b>滞后</b>," is read as
    one run of text, so the comma after the tag sees the Chinese character before it.  Block tags,
    ``<style>``, ``<script>``, ``<pre>`` and ``<code>`` do cut it, and their content is left as is.

    >>> zh_html('<p>状态<strong>滞后</strong>, 见表(附件1).</p><style>a:b;</style><p class="x,y">a, b</p>')
    '<p>状态<strong>滞后</strong>，见表（附件1）。</p><style>a:b;</style><p class="x,y">a, b</p>'
    """
    tokens = _TOKEN.split(document)
    out = list(tokens)
    run: list[tuple[int, list[str]]] = []  # (token index, its characters) of one run of text
    raw_depth: list[str] = []

    def flush() -> None:
        if not run:
            return
        chars: list[str] = []
        owners: list[tuple[int, int]] = []
        for token_index, pieces in run:
            for piece_index, piece in enumerate(pieces):
                chars.append(piece if len(piece) == 1 else "\ue000")  # an entity counts as one char
                owners.append((token_index, piece_index))
        if any(is_chinese(c) for c in chars):
            normal = _normalise(chars)
            pieces_of = dict(run)
            for (token_index, piece_index), original, new in zip(owners, chars, normal):
                if original != new:
                    pieces_of[token_index][piece_index] = new
            for token_index, pieces in run:
                out[token_index] = "".join(pieces)
        run.clear()

    for index, token in enumerate(tokens):
        if index % 2 == 1:  # a tag or a comment
            match = re.match(r"<\s*(/?)\s*([A-Za-z0-9]+)", token)
            name = match.group(2).lower() if match else ""
            closing = bool(match and match.group(1))
            if raw_depth:
                if closing and name == raw_depth[-1]:
                    raw_depth.pop()
                continue
            if name in _RAW and not closing and not token.rstrip().endswith("/>"):
                flush()
                raw_depth.append(name)
            elif name in _BLOCK or not match:
                flush()
            continue
        if raw_depth or not token:
            continue
        pieces = [m.group(0) for m in _PIECE.finditer(token)]
        run.append((index, pieces))
    flush()
    return "".join(out)
