"""Numbers as documents write them: full-width digits, kanji numerals, head counts."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["KANJI_NUMERAL_CHARS", "kanji_to_int", "parse_count", "parse_int", "to_halfwidth_digits"]

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_KANJI_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9, "壱": 1, "弐": 2, "参": 3}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "億": 100_000_000}
KANJI_NUMERAL_CHARS = "".join([*_KANJI_DIGITS, *_SMALL_UNITS, *_BIG_UNITS])


def to_halfwidth_digits(s: str) -> str:
    """Replace every Unicode decimal digit (full-width, Arabic-Indic...) with ASCII 0-9."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in s)


def kanji_to_int(s: str) -> int | None:
    """Value of a kanji numeral: 十六 -> 16, 二十 -> 20, 百五 -> 105, 二〇一七 -> 2017."""
    if not s or any(ch not in KANJI_NUMERAL_CHARS for ch in s):
        return None
    if not any(ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in s):
        # Digit by digit, as years are written: 二〇一七
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in s))
    total = section = digit = 0
    pending = False
    for ch in s:
        if ch in _KANJI_DIGITS:
            digit = digit * 10 + _KANJI_DIGITS[ch]
            pending = True
        elif ch in _SMALL_UNITS:
            section += (digit if pending else 1) * _SMALL_UNITS[ch]
            digit, pending = 0, False
        else:
            total += (section + digit) * _BIG_UNITS[ch] or _BIG_UNITS[ch]
            section = digit = 0
            pending = False
    return total + section + digit


_ARABIC = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$|^[+-]?\d+$")


def parse_int(s: str | None) -> int | None:
    """An integer written in ASCII, full-width or kanji digits ("１２", "1,200", "二十"); else None."""
    if s is None:
        return None
    t = to_halfwidth_digits(s).strip().replace("，", ",")
    if _ARABIC.match(t):
        return int(t.replace(",", ""))
    return kanji_to_int(t)


_COUNT_UNITS = r"人|名|чел(?:овек|\.)?|명|persons?|people|pax|participants?"
_COUNT = re.compile(
    rf"(?P<n>\d[\d,]*|[{KANJI_NUMERAL_CHARS}]+)\s*(?:{_COUNT_UNITS})", re.IGNORECASE
)


# The group's whole size, said as such after its parts ("議員8名など総勢18名", "총 12명",
# "всего 15 человек", "a total of 20 people"): it, not the first part, is the head count.
_TOTAL_COUNT = re.compile(
    rf"(?:総勢|総計|合計|総数|総員|一行|총원?|모두|всего|итого|(?:a\s+)?total\s+of|in\s+all)"
    rf"\s*[:：]?\s*(?P<n>\d[\d,]*|[{KANJI_NUMERAL_CHARS}]+)\s*(?:{_COUNT_UNITS})",
    re.IGNORECASE,
)


def total_count(s: str) -> tuple[int, int, int] | None:
    """(count, start, end) of a head count said to be the whole group's, if one is."""
    m = _TOTAL_COUNT.search(to_halfwidth_digits(s))
    n = parse_int(m.group("n")) if m else None
    return (n, m.start(), m.end()) if n else None


def parse_count(s: str | None) -> int | None:
    """A head count: "165人", "１２名", "(4 чел.)", "十二名", "40 people"; a bare number too;
    the whole group's where parts come first ("議員8名など総勢18名")."""
    if s is None:
        return None
    total = total_count(s)
    if total is not None:
        return total[0]
    t = to_halfwidth_digits(s)
    m = _COUNT.search(t)
    if m:
        return parse_int(m.group("n"))
    bare = t.strip().strip("()（）").strip()
    return parse_int(bare)
