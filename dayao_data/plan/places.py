"""A place in the plan ("第三章第五节") named in English ("chapter 3, section 5").

The English reports cite the plan's chapters and sections; the plan's own words stay in Chinese as
quotations, but the place is said in English.
"""

from __future__ import annotations

import re

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PLACE = re.compile(r"第([一二三四五六七八九十\d]+)([章节])")


def zh_number(text: str) -> int | None:
    """一 … 九十九 (as in 第十二章), or Arabic digits → int; None for anything else.

    >>> zh_number("三"), zh_number("十二"), zh_number("二十"), zh_number("7"), zh_number("百")
    (3, 12, 20, 7, None)
    """
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)


def place_en(place: str) -> str:
    """ "第三章第五节" → "chapter 3, section 5"; text that is not a chapter/section is returned as is.

    >>> place_en("第三章第五节"), place_en("第六章"), place_en("")
    ('chapter 3, section 5', 'chapter 6', '')
    """
    compact = "".join(str(place or "").split())
    matches = _PLACE.findall(compact)
    if not matches or _PLACE.sub("", compact):
        return place
    parts = []
    for number, word in matches:
        n = zh_number(number)
        if n is None:
            return place
        parts.append(f"{'chapter' if word == '章' else 'section'} {n}")
    return ", ".join(parts)
