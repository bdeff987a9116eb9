"""Text from plans, actuals and params made safe for the terminal and for file names.

A plan, an actuals file, a params file, a source or a note is typed by someone else: its text may
hold terminal escape sequences (``\\x1b[2J`` clears the screen, ``\\x1b]0;…`` retitles the
window), other control characters, or invisible characters (zero-width spaces, right-to-left
overrides) that make a wrong name look identical to the right one.  :func:`printable` shows every
such character visibly, in one notation everywhere (``dayao validate``, ``intake``, ``history``,
``assess``, the report): a Python-style escape (``\\x1b``, ``\\u200b``), so that what is
printed is what was read; :func:`invisible_characters` names them (``U+200B ZERO WIDTH
SPACE``) for a message that says what to delete.  :func:`safe_filename` turns a text into one
file-name component that cannot leave the folder it is written in (no ``/``, ``\\``, ``..``,
control characters, Windows reserved names).

>>> printable("教育\\x1b[31m局\\u200b")
'教育\\\\x1b[31m局\\\\u200b'
>>> invisible_characters("a\\u200bb\\u202e")
['U+200B ZERO WIDTH SPACE', 'U+202E RIGHT-TO-LEFT OVERRIDE']
>>> safe_filename("../../evil"), safe_filename("a/b"), safe_filename("CON")
('evil', 'a_b', '_CON')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "printable",
    "invisible_characters",
    "is_invisible",
    "more_line",
    "json_visible",
    "safe_filename",
    "INVISIBLE_CATEGORIES",
    "BLANK_LETTERS",
]

#: Unicode categories shown escaped: controls, format characters (zero-width, bidi overrides),
#: surrogates (undecodable bytes), unassigned code points, line and paragraph separators.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})
#: Characters of other categories that print as nothing: the Mongolian vowel separator and the
#: Hangul fillers (a name holding one looks like the name without it).
BLANK_LETTERS = frozenset({"\u180e", "\u3164", "\uffa0"})


def is_invisible(ch: str) -> bool:
    """Whether the character ``ch`` is a control, escape or invisible character (shown escaped)."""
    return unicodedata.category(ch) in INVISIBLE_CATEGORIES or ch in BLANK_LETTERS


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: object, *, multiline: bool = False) -> str:
    """``text`` with every control, escape and invisible character shown as an escape.

    With ``multiline`` a newline (and a tab) is kept as it is; otherwise it is shown as ``\\n``
    (``\\t``), so that one value prints as one line.  Spaces, CJK text and full-width
    punctuation are unchanged.

    >>> printable("Se\\u00f1or\\n2\\t3")
    'Señor\\\\n2\\\\t3'
    >>> printable("a\\nb", multiline=True)
    'a\\nb'
    >>> printable("\\u202eevil")
    '\\\\u202eevil'
    """
    s = text if isinstance(text, str) else str(text)
    if s.isprintable() and not any(is_invisible(c) for c in s if ord(c) > 0x7F):
        return s
    out = []
    for ch in s:
        if multiline and ch in "\n\t":
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif is_invisible(ch):
            out.append(_escape(ch))
        else:
            out.append(ch)
    return "".join(out)


def invisible_characters(text: object) -> list[str]:
    """The control and invisible characters in ``text``, named (``U+200B ZERO WIDTH SPACE``), each once.

    >>> invisible_characters("学前\\u200b\\x1b[2J\\u200b")
    ['U+200B ZERO WIDTH SPACE', 'U+001B CONTROL CHARACTER']
    """
    seen: list[str] = []
    for ch in str(text):
        if is_invisible(ch):
            fallback = "CONTROL CHARACTER" if unicodedata.category(ch) == "Cc" else "UNNAMED CHARACTER"
            name = f"U+{ord(ch):04X} {unicodedata.name(ch, fallback)}"
            if name not in seen:
                seen.append(name)
    return seen


def more_line(n: int) -> str:
    """The line that stands for the problems not printed.

    >>> more_line(1999990)
    '  … and 1,999,990 more (以及另外 1,999,990 条); --all prints every one, --format json lists them all'
    """
    return f"  … and {n:,} more (以及另外 {n:,} 条); --all prints every one, --format json lists them all"


def json_visible(text: str) -> str:
    """JSON text with every control and invisible character inside it written as a ``\\uXXXX`` escape.

    ``json.dumps(..., ensure_ascii=False)`` escapes only U+0000–U+001F; a C1 control (U+009B, a
    terminal's one-byte CSI) or a right-to-left override would reach the terminal raw.  The result
    is still valid JSON meaning the same; newlines between values are kept.

    >>> import json
    >>> print(json_visible(json.dumps(["a\\u009bb", "\\u200b"], ensure_ascii=False)))
    ["a\\u009bb", "\\u200b"]
    """
    out = []
    for ch in text:
        if ch != "\n" and unicodedata.category(ch) in INVISIBLE_CATEGORIES:
            code = ord(ch)
            if code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$")
_UNSAFE = re.compile(r'[/\\:*?"<>|]')
#: Bytes (UTF-8) of one name component at most: file systems allow 255; room for a prefix and suffix.
MAX_NAME_BYTES = 150


def safe_filename(text: object, fallback: str = "unnamed") -> str:
    """One file-name component made from ``text``: never a path, never empty, never reserved.

    Path separators and the characters Windows forbids become ``_``, control and invisible
    characters are dropped, leading and trailing dots and spaces are removed (so ``..`` and
    ``.hidden`` cannot come out), a Windows device name (``CON``, ``NUL``, ``COM1`` …) gets a
    leading ``_``, and the result is cut to :data:`MAX_NAME_BYTES` bytes of UTF-8.

    >>> safe_filename("大姚县教育体育局")
    '大姚县教育体育局'
    >>> safe_filename(".."), safe_filename("", "dept_1"), safe_filename("x\\x00y\\x1b[2J")
    ('unnamed', 'dept_1', 'xy[2J')
    """
    s = unicodedata.normalize("NFC", text if isinstance(text, str) else str(text))
    s = "".join(ch for ch in s if unicodedata.category(ch) not in INVISIBLE_CATEGORIES)
    s = _UNSAFE.sub("_", s)
    s = re.sub(r"_*\.\.+_*", "_", s)  # no ".." anywhere
    s = re.sub(r"\s+", " ", s).strip(" ._")
    if len(s.encode("utf-8")) > MAX_NAME_BYTES:
        s = s.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore").rstrip(" .")
    if not s:
        return fallback if fallback == "unnamed" else safe_filename(fallback)
    if _RESERVED.match(s):
        s = "_" + s
    return s
