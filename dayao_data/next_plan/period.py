"""The name of a planning period in Chinese (“十五五” for 2026–2030)."""

from __future__ import annotations

__all__ = ["period_name"]

_NUM_ZH = "零一二三四五六七八九"


def period_name(start: int, end: int) -> str:
    """“十五五” for 2026–2030 (the 6th FYP began in 1981); “下一规划期” for a period off the five-year grid.

    >>> period_name(2026, 2030), period_name(2031, 2035), period_name(2026, 2028)
    ('“十五五”', '“十六五”', '下一规划期')
    """
    if end - start != 4 or (start - 1981) % 5:
        return "下一规划期"
    n = (start - 1981) // 5 + 6
    tens, ones = divmod(n, 10)
    return "“" + ("十" if tens == 1 else _NUM_ZH[tens] + "十") + (_NUM_ZH[ones] if ones else "") + "五”"
