"""Text for the terminal: control characters, escape codes and invisible characters shown, not obeyed.

A source, a note or a name typed by a department is printed by ``dayao validate``, ``intake`` and
``history``.  Printed raw, an escape sequence (``\\x1b[2J``) would clear the screen or recolour it,
and a zero-width space would make a bad name look identical to the suggestion beside it.  Here
every such character is written out:

* C0/C1 control characters and DEL as ``\\x1b``, ``\\x07``, ``\\x9b`` (a newline is kept when
  ``keep_newlines``, the default for whole messages);
* invisible format characters (zero-width space, joiners, word joiner, byte-order mark, bidi
  overrides and isolates), line/paragraph separators as ``<U+200B>``.

(The report side has :mod:`dayao_data.safe_text` with the same purpose; the two may be merged.)

>>> printable("学前三年毛入园率\\u200b")
'学前三年毛入园率<U+200B>'
>>> printable("\\x1b[2Jsource")
'\\\\x1b[2Jsource'
>>> printable("two\\nlines"), printable("two\\nlines", keep_newlines=False)
('two\\nlines', 'two\\\\x0alines')
>>> invisible_characters("a\\u200bb\\u202e")
['U+200B ZERO WIDTH SPACE', 'U+202E RIGHT-TO-LEFT OVERRIDE']
"""

from __future__ import annotations

import unicodedata

__all__ = ["printable", "invisible_characters", "more_line"]


def _is_hidden(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Cf", "Zl", "Zp") or ch in ("\u180e", "\u3164", "\uffa0")


def printable(text: object, *, keep_newlines: bool = True) -> str:
    """``text`` with every control, escape and invisible character written out (see the module)."""
    text = str(text)
    if text.isprintable():
        return text  # the common case: no control, format or separator character at all
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif _is_hidden(ch):
            out.append(f"<U+{code:04X}>")
        else:
            out.append(ch)
    return "".join(out)


def invisible_characters(text: str) -> list[str]:
    """The invisible and control characters in ``text``, named (``U+200B ZERO WIDTH SPACE``), each once."""
    seen: list[str] = []
    for ch in str(text):
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F or _is_hidden(ch):
            name = f"U+{code:04X} {unicodedata.name(ch, 'CONTROL CHARACTER')}"
            if name not in seen:
                seen.append(name)
    return seen


def more_line(n: int) -> str:
    """The line that stands for the problems not printed.

    >>> more_line(1999990)
    '  … and 1,999,990 more (以及另外 1,999,990 条); --all prints every one, --format json lists them all'
    """
    return f"  … and {n:,} more (以及另外 {n:,} 条); --all prints every one, --format json lists them all"
