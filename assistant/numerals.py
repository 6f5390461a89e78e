"""Chinese numerals both ways, as UN documents and questions write them: 第二十三届, 第8/14号, 附件二."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_VALUE = {**{c: i for i, c in enumerate(_DIGITS)}, "〇": 0, "两": 2}


def chinese_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三, 105 → 一百零五."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if not rest else ("零" + _DIGITS[rest] if rest < 10 else chinese_numeral(rest))
    return _DIGITS[hundreds] + "百" + tail


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105; digits as they are; None for anything else."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _VALUE:
            current = _VALUE[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current
