"""Dates as the documents write them, to ISO partial dates (YYYY, YYYY-MM, YYYY-MM-DD).

Japanese eras (平成8（1996）年6月24日, H22, 令和元年), western dates in Japanese, Chinese
and Korean (2017年7月26日(水), 二〇一七年, 2017년 7월 26일), Russian (28 июля 1995 г.),
English (26 July 2017, July 26, 2017), numeric (2017-12-12, 2010.10.6), ranges and
Japanese fiscal years (年度: April to March, named by the year it starts in).

The era table is our own (FINDINGS.md: japanera returns several candidates for
abbreviated eras and has no fiscal years); it only needs each era's first day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass

from koryu.normalize.numbers import KANJI_NUMERAL_CHARS, kanji_to_int
from koryu.normalize.text import nfkc

__all__ = [
    "ERAS",
    "era_to_western",
    "fiscal_year_bounds",
    "parse_date",
    "parse_date_checked",
    "parse_date_range",
    "parse_fiscal_year",
    "to_wareki",
]

# name, abbreviation, first day. Year 1 (元年) of an era is the western year it began in.
ERAS: tuple[tuple[str, str, str], ...] = (
    ("明治", "M", "1868-01-25"),
    ("大正", "T", "1912-07-30"),
    ("昭和", "S", "1926-12-25"),
    ("平成", "H", "1989-01-08"),
    ("令和", "R", "2019-05-01"),
)
_ERA_BY_NAME = {name: start for name, _, start in ERAS}
_ERA_BY_NAME |= {abbr: start for _, abbr, start in ERAS}
_ERA_NAME = {abbr: name for name, abbr, _ in ERAS} | {name: name for name, _, _ in ERAS}


def era_to_western(era: str, year: int) -> int:
    """Western year of ``year`` in ``era`` ("平成", "H", "h"): era_to_western("平成", 8) == 1996."""
    start = _ERA_BY_NAME.get(era) or _ERA_BY_NAME.get(era.upper())
    if start is None:
        raise ValueError(f"unknown era {era!r}")
    if year < 1:
        raise ValueError(f"era year must be 1 or more, not {year}")
    return int(start[:4]) + year - 1


def _western(era: str, year: int) -> int | None:
    """``era_to_western`` for text: None instead of an error for year 0 ("H0")."""
    return era_to_western(era, year) if year >= 1 else None


def _era_end(name: str) -> str | None:
    names = [n for n, _, _ in ERAS]
    i = names.index(name)
    return ERAS[i + 1][2] if i + 1 < len(ERAS) else None


def to_wareki(iso: str, *, western: bool = False) -> str:
    """Write an ISO partial date with the era in force: "1996-06-24" -> "平成8年6月24日".

    ``western=True`` adds the western year as the survey cards do: "平成8（1996）年6月24日".
    A year alone is written in the era in force on its last day.
    """
    parts = [int(p) for p in iso.split("-")]
    year = parts[0]
    probe = f"{year:04d}-{parts[1] if len(parts) > 1 else 12:02d}-{parts[2] if len(parts) > 2 else 31:02d}"
    chosen = None
    for name, _, start in ERAS:
        if probe >= start:
            chosen = name
    if chosen is None:
        raise ValueError(f"{iso!r} is before the first era in the table (明治)")
    n = year - int(_ERA_BY_NAME[chosen][:4]) + 1
    out = chosen + ("元" if n == 1 else str(n))
    if western:
        out += f"（{year}）"
    out += "年"
    if len(parts) > 1:
        out += f"{parts[1]}月"
    if len(parts) > 2:
        out += f"{parts[2]}日"
    return out


# ---------------------------------------------------------------------------------------
# Preparing text: fold widths, kanji numerals before 年/月/日, weekday markers.

_KANJI_RUN = re.compile(rf"[{KANJI_NUMERAL_CHARS}]+(?=\s*(?:年|月|日|回))")
_WEEKDAY = re.compile(r"[(（][月火水木金土日](?:曜日?)?(?:・?祝)?[)）]|\((?:[월화수목금토일])\)")
# The length of a stay written after its dates, "(7泊8日)", "3박 4일": not a date
_STAY_LENGTH = re.compile(r"[(（]?\s*\d{1,2}\s*[泊박]\s*\d{1,2}\s*[日일](?:간|間)?\s*[)）]?")
_DASHES = re.compile(r"[‐‑‒–—―−－]")
_WAVES = re.compile(r"[~〜～∼]")
_DAY_OF = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+of\s+(?=[A-Za-z])", re.IGNORECASE)


def _prepare(text: str) -> str:
    t = nfkc(text)
    t = _KANJI_RUN.sub(lambda m: str(kanji_to_int(m.group(0))), t)
    t = _WEEKDAY.sub("", t)
    t = _STAY_LENGTH.sub(" ", t)
    t = _DASHES.sub("-", t)
    t = _WAVES.sub("~", t)
    t = _DAY_OF.sub(r"\1 ", t)  # "the 23rd of April 1965"
    return t


# ---------------------------------------------------------------------------------------
# Date parts. A side of a range may lack its year or month ("28日", "13", "3 августа").


@dataclass
class _Parts:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    era: str | None = None  # era name when the year was written in an era
    era_year: int | None = None
    western_given: int | None = None  # 平成8（1996）年: the western year in brackets
    start: int = 0  # span in the prepared text
    end: int = 0

    def iso(self) -> str | None:
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def valid(self) -> bool:
        if self.year is not None and not 1000 <= self.year <= 2999:
            return False
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is not None:
            if not 1 <= self.day <= 31:
                return False
            if self.year is not None and self.month is not None:
                return self.day <= calendar.monthrange(self.year, self.month)[1]
        return True


_ERA_WORD = r"明治|大正|昭和|平成|令和"
_RU_MONTHS = (
    "январ", "феврал", "март", "апрел", "ма[йяе]", "июн", "июл",
    "август", "сентябр", "октябр", "ноябр", "декабр",
)  # fmt: skip
_RU_MONTH = r"(?:" + "|".join(f"{stem}[а-я]*" for stem in _RU_MONTHS) + r")"
_EN_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_EN_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"


def _ru_month(word: str) -> int:
    w = word.lower()
    for i, stem in enumerate(_RU_MONTHS, 1):
        if re.match(stem, w):
            return i
    raise ValueError(word)


def _en_month(word: str) -> int:
    return _EN_MONTHS.index(word.lower()[:3]) + 1


def _num(s: str | None) -> int | None:
    return None if s is None else int(s)


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "era",
        re.compile(
            rf"(?P<era>{_ERA_WORD})\s*(?P<ey>\d{{1,2}}|元)\s*(?:\(\s*(?P<wy>\d{{4}})\s*\))?"
            r"\s*年(?:度)?(?:\s*(?P<m>\d{1,2})\s*月)?(?:\s*(?P<d>\d{1,2})\s*日)?"
        ),
    ),
    (
        "era_abbr",
        re.compile(
            r"(?<![A-Za-z0-9])(?P<era>[MTSHR])\.?\s?(?P<ey>\d{1,2}|元)"
            r"(?:\s*年度?(?:\s*(?P<m>\d{1,2})\s*月)?(?:\s*(?P<d>\d{1,2})\s*日)?"
            r"|[./](?P<m2>\d{1,2})(?:[./](?P<d2>\d{1,2}))?)?(?![\dA-Za-z])"
        ),
    ),
    (
        "cjk",
        re.compile(
            r"(?<!\d)(?P<y>\d{4})\s*(?:年|년)(?:度)?(?:\s*(?P<m>\d{1,2})\s*(?:月|월))?"
            r"(?:\s*(?P<d>\d{1,2})\s*(?:日|일))?"
        ),
    ),
    (
        "numeric",
        re.compile(r"(?<!\d)(?P<y>\d{4})([-./])(?P<m>\d{1,2})(?:\2(?P<d>\d{1,2}))?(?!\d)"),
    ),
    (
        # Korean "2019. 5. 1." (a space after each dot)
        "numeric",
        re.compile(r"(?<!\d)(?P<y>\d{4})\.\s+(?P<m>\d{1,2})\.(?:\s*(?P<d>\d{1,2})(?!\d))?"),
    ),
    (
        # Russian and European day first: "19.11.2019", "01.02.1995 г."
        "numeric_dmy",
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d)"),
    ),
    (
        "ru",
        re.compile(
            rf"(?:(?<!\d)(?P<d>\d{{1,2}})\s*)?(?P<mon>{_RU_MONTH})\s*(?P<y>\d{{4}})(?:\s*г(?:ода?)?\.?)?",
            re.IGNORECASE,
        ),
    ),
    (
        "en_dmy",
        re.compile(
            rf"(?:(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<mon>{_EN_MONTH})\.?,?\s+(?P<y>\d{{4}})(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "en_mdy",
        re.compile(
            rf"(?P<mon>{_EN_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)",
            re.IGNORECASE,
        ),
    ),
    ("year", re.compile(r"(?<![\d.\-/])(?P<y>1[6-9]\d{2}|2[0-2]\d{2})(?![\d])")),
]


def _parts_from(kind: str, m: re.Match[str]) -> _Parts:
    g = m.groupdict()
    p = _Parts(start=m.start(), end=m.end())
    if kind in ("era", "era_abbr"):
        p.era = _ERA_NAME[g["era"].upper() if kind == "era_abbr" else g["era"]]
        p.era_year = 1 if g["ey"] == "元" else int(g["ey"])
        p.year = _western(p.era, p.era_year)
        p.western_given = _num(g.get("wy"))
        if p.western_given is not None:
            p.year = p.western_given  # trust the western year; parse_date_checked warns
        p.month = _num(g.get("m") or g.get("m2"))
        p.day = _num(g.get("d") or g.get("d2"))
    elif kind in ("cjk", "numeric", "numeric_dmy", "year"):
        p.year, p.month, p.day = _num(g["y"]), _num(g.get("m")), _num(g.get("d"))
    elif kind == "ru":
        p.year, p.month, p.day = int(g["y"]), _ru_month(g["mon"]), _num(g.get("d"))
    else:
        p.year, p.month, p.day = int(g["y"]), _en_month(g["mon"]), _num(g.get("d"))
    if p.day is not None and p.month is None:
        p.day = None
    return p


def _candidates(t: str) -> list[_Parts]:
    found, invalid = [], []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(t):
            if m.end() == m.start():
                continue
            try:
                p = _parts_from(kind, m)
            except (ValueError, KeyError):
                continue
            if p.valid() and p.year is not None:
                found.append(p)
            else:
                invalid.append((m.start(), m.end()))
    # An impossible date (2017年2月30日) is no date, not the year 2017 read from inside it.
    return [p for p in found if not any(a < p.end and p.start < b for a, b in invalid)]


def _first(t: str) -> _Parts | None:
    cands = _candidates(t)
    if not cands:
        return None
    # The earliest date in the text; on a tie the longest (most specific) reading.
    return min(cands, key=lambda p: (p.start, -(p.end - p.start)))


def parse_date(text: str | None) -> str | None:
    """The first date in ``text`` as an ISO partial date, or None.

    >>> parse_date("平成8（1996）年6月24日")
    '1996-06-24'
    """
    return parse_date_checked(text)[0]


def parse_date_checked(text: str | None) -> tuple[str | None, list[str]]:
    """Like ``parse_date``, with warnings about the wording.

    An era year that disagrees with the western year beside it ("平成8（1997）年") gives the
    western year and a warning starting with ``"era-year-mismatch"``; a date outside its
    era ("平成32年") gives ``"era-out-of-range"``.
    """
    if not text:
        return None, []
    p = _first(_prepare(text))
    if p is None:
        return None, []
    return p.iso(), _era_warnings(p)


def _era_warnings(p: _Parts) -> list[str]:
    warnings = []
    if p.era is None or p.era_year is None:
        return warnings
    by_era = era_to_western(p.era, p.era_year)
    if p.western_given is not None and p.western_given != by_era:
        warnings.append(
            f"era-year-mismatch: {p.era}{p.era_year} is {by_era}, the text says "
            f"{p.western_given}; using {p.western_given}"
        )
    iso = p.iso() or ""
    start, end = _ERA_BY_NAME[p.era], _era_end(p.era)
    full_start = f"{by_era:04d}"
    if iso and (end is not None and full_start > end[:4]):
        warnings.append(f"era-out-of-range: {p.era}{p.era_year} is after the era ended ({end})")
    elif len(iso) == 10 and (iso < start or (end is not None and iso >= end)):
        warnings.append(f"era-out-of-range: {iso} is outside {p.era} ({start} to {end or 'now'})")
    return warnings


# ---------------------------------------------------------------------------------------
# Ranges


_SIDE_TOKENS = re.compile(
    rf"(?P<era>{_ERA_WORD})\s*(?P<ey>\d{{1,2}}|元)(?:\s*\(\s*(?P<wy>\d{{4}})\s*\))?"
    rf"|(?<![A-Za-z])(?P<abbr>[MTSHR])\.?(?P<aey>\d{{1,2}}|元)(?!\d)"
    r"|(?P<y4>\d{4})\s*(?:年|년)(?:度)?"
    r"|(?P<yn>\d{1,2})\s*年(?:度)?"
    r"|(?P<mn>\d{1,2})\s*(?:月|월)"
    r"|(?P<dn>\d{1,2})\s*(?:日|일)"
    r"|(?<![\d.])(?P<dmy_d>\d{1,2})\.(?P<dmy_m>\d{1,2})\.(?P<dmy_y>\d{4})(?!\d)"
    r"|(?P<ymd>\d{4})(?P<sep>[./-])(?P<ymd_m>\d{1,2})(?:(?P=sep)(?P<ymd_d>\d{1,2}))?(?!\d)"
    r"|(?<![\d.])(?P<md_m>\d{1,2})[./](?P<md_d>\d{1,2})(?![\d.])"
    rf"|(?P<ru>{_RU_MONTH})"
    rf"|(?<![A-Za-z])(?P<en>{_EN_MONTH})\b\.?"
    r"|(?P<bare>\d{1,4})",
    re.IGNORECASE,
)


@dataclass
class _Side:
    era: str | None = None
    era_year: int | None = None
    year: int | None = None  # western year
    year_in_era: int | None = None  # "11年" written after an era on the other side
    month: int | None = None
    day: int | None = None
    bare: list[int] | None = None  # unlabelled numbers, in order
    tokens: int = 0
    inherited_year: bool = False


def _side(s: str) -> _Side | None:
    side = _Side(bare=[])
    s = re.sub(r"\s*г(?:ода?|г)?\.?(?=\s|$)", " ", s)  # "1995 г."
    for m in _SIDE_TOKENS.finditer(s):
        g = m.groupdict()
        side.tokens += 1
        if g["era"]:
            side.era = g["era"]
            side.era_year = 1 if g["ey"] == "元" else int(g["ey"])
            side.year = int(g["wy"]) if g["wy"] else _western(side.era, side.era_year)
        elif g["abbr"]:
            side.era = _ERA_NAME[g["abbr"].upper()]
            side.era_year = 1 if g["aey"] == "元" else int(g["aey"])
            side.year = _western(side.era, side.era_year)
        elif g["y4"]:
            side.year = int(g["y4"])
        elif g["yn"]:
            if side.era is None:
                side.year_in_era = int(g["yn"])
        elif g["mn"]:
            side.month = int(g["mn"])
        elif g["dn"]:
            side.day = int(g["dn"])
        elif g["dmy_y"]:
            side.year, side.month, side.day = int(g["dmy_y"]), int(g["dmy_m"]), int(g["dmy_d"])
        elif g["ymd"]:
            side.year, side.month = int(g["ymd"]), int(g["ymd_m"])
            side.day = _num(g["ymd_d"])
        elif g["md_m"]:
            side.month, side.day = int(g["md_m"]), int(g["md_d"])
        elif g["ru"]:
            side.month = _ru_month(g["ru"])
        elif g["en"]:
            side.month = _en_month(g["en"])
        else:
            side.bare.append(int(g["bare"]))
    if side.tokens == 0:
        return None
    return side


# Units for an unlabelled number, tried in order: (looks at the other side, unit, test of
# the number ``n`` on ``side`` against ``other``). The first rule that holds gives the unit.
_BARE_RULES: tuple[tuple[bool, str, Callable[[int, _Side, _Side], bool]], ...] = (
    (False, "year", lambda n, side, other: n >= 1000 and side.year is None),
    # "July 5-8, 2000": the 8 is a day like the 5 beside its month
    (
        True,
        "day",
        lambda n, side, other: (
            n <= 31
            and side.month is None
            and side.day is None
            and (other.month is not None and other.day is not None)
        ),
    ),
    (False, "day", lambda n, side, other: side.month is not None and side.day is None and n <= 31),
    (
        False,
        "month",
        lambda n, side, other: side.year is not None and side.month is None and n <= 12,
    ),
    (True, "day", lambda n, side, other: other.day is not None and side.day is None and n <= 31),
    (
        True,
        "month",
        lambda n, side, other: other.month is not None and side.month is None and n <= 12,
    ),
    (
        True,
        "year_in_era",
        lambda n, side, other: (
            (other.year_in_era is not None or other.era is not None) and side.year is None
        ),
    ),
)


def _bare_unit(n: int, side: _Side, other: _Side, use_other: bool) -> str | None:
    return next(
        (
            unit
            for needs_other, unit, holds in _BARE_RULES
            if (use_other or not needs_other) and holds(n, side, other)
        ),
        None,
    )


def _assign_bare(side: _Side, other: _Side, *, use_other: bool) -> None:
    """Give unlabelled numbers a unit: "23" in "10月23～25日" is a day, "13" in "13-19 июля".

    A first pass uses only the side's own labels (a number it cannot place waits for the
    second); the second one also looks at the other side (and drops what it cannot place).
    """
    left = []
    for n in side.bare or []:
        unit = _bare_unit(n, side, other, use_other)
        if unit is not None:
            setattr(side, unit, n)
        elif not use_other:
            left.append(n)
    side.bare = left


def _complete(a: _Side, b: _Side) -> None:
    """Fill what one side of a range leaves out from the other side."""
    for x, y in ((a, b), (b, a)):
        if x.year is None and x.year_in_era is not None:
            era = y.era
            if era is not None:
                x.year = _western(era, x.year_in_era)
                x.era, x.era_year = era, x.year_in_era
        if x.year is None and y.year is not None:
            x.year = y.year
            x.inherited_year = True
        if x.month is None and y.month is not None and x.day is not None:
            x.month = y.month


def _to_parts(side: _Side) -> _Parts:
    day = side.day if side.month is not None else None
    return _Parts(year=side.year, month=side.month, day=day)


def _split_range(t: str) -> tuple[str, str] | None:
    m = re.search(r"から", t)
    if m:
        return t[: m.start()], re.sub(r"まで.*$", "", t[m.end() :])
    for sep in ("~", " - ", "-"):
        for m in re.finditer(re.escape(sep), t):
            left, right = t[: m.start()], t[m.end() :]
            if sep == "-" and re.search(r"(?<!\d)\d{4}(?:-\d{1,2})?$", left):
                if re.match(r"\d{1,2}(?!\d)", right):
                    continue  # the hyphen inside an ISO date 2017-12-12
            return left, right
    return None


def parse_date_range(text: str | None) -> tuple[str | None, str | None]:
    """Start and end of a period: "2017年7月26日(水)～28日(金)" -> ("2017-07-26", "2017-07-28").

    A single date gives ``(d, d)``; nothing gives ``(None, None)``. A side that leaves out
    the year or month takes it from the other side, and an end before its start moves to
    the next year ("12月28日～1月5日").
    """
    if not text:
        return None, None
    t = _prepare(text).strip()
    split = _split_range(t)
    if split is not None:
        a, b = _side(split[0]), _side(split[1])
        if a is not None and b is not None:
            for use_other in (False, True):
                _assign_bare(a, b, use_other=use_other)
                _assign_bare(b, a, use_other=use_other)
            _complete(a, b)
            pa, pb = _to_parts(a), _to_parts(b)
            if pa.year is not None and pb.year is not None and pa.valid():
                if b.inherited_year and _later(pa, pb):
                    pb.year += 1
                elif a.inherited_year and _later(pa, pb):
                    pa.year -= 1
                if pa.valid() and pb.valid():
                    return pa.iso(), pb.iso()
    single = parse_date(text)
    return single, single


def _later(a: _Parts, b: _Parts) -> bool:
    """Is ``a`` after ``b`` (comparing what both have)?"""
    ka = (a.year, a.month or 0, a.day or 0)
    kb = (b.year, b.month or 0, b.day or 0)
    return ka > kb


# ---------------------------------------------------------------------------------------
# Fiscal years (年度): April to March, named by the year they start in.


def _fy_year_pattern(n: int) -> str:
    return (
        rf"(?:(?P<e{n}>{_ERA_WORD}|[MTSHR](?=\d))\s*)?(?P<y{n}>\d{{1,4}}|元)"
        rf"(?:\s*\(\s*(?P<w{n}>\d{{4}})\s*\))?\s*(?P<nendo{n}>年度|年)?"
    )


_FY = re.compile(
    _fy_year_pattern(1) + r"\s*(?:(?P<sep>~|-|から)\s*(?:" + _fy_year_pattern(2) + r")?)?"
)


def _fy_year(era: str | None, year: str, western: str | None, era_from: str | None) -> int | None:
    if western:
        return int(western)
    n = 1 if year == "元" else int(year)
    era = era or era_from
    if era:
        return _western(_ERA_NAME[era.upper()] if len(era) == 1 else era, n)
    return n if n >= 1000 else None


def parse_fiscal_year(text: str | None) -> str | None:
    """A Japanese fiscal year or span of them: "平成22年度" -> "2010", "平成19~21年度" ->
    "2007-2009", "平成15年度~" -> "2003-" (open-ended). Only the head value counts:
    "平成22年度 (平成10年度より2年おきに実施)" -> "2010".
    """
    if not text:
        return None
    t = _prepare(text)
    t = re.sub(
        r"\([^()]*\)",
        lambda m: m.group(0) if re.fullmatch(r"\(\s*\d{4}\s*\)", m.group(0)) else " ",
        t,
    )
    for m in _FY.finditer(t):
        if not (m.group("nendo1") or m.group("nendo2") or m.group("e1")):
            continue  # a bare number is not a fiscal year
        start = _fy_year(m.group("e1"), m.group("y1"), m.group("w1"), None)
        if start is None:
            continue
        if m.group("sep") is None:
            return f"{start}"
        if m.group("y2") is None:
            return f"{start}-"
        end = _fy_year(m.group("e2"), m.group("y2"), m.group("w2"), m.group("e1"))
        if end is None or end < start:
            return f"{start}"
        return f"{start}" if end == start else f"{start}-{end}"
    return None


def fiscal_year_bounds(fy: str) -> tuple[str, str | None]:
    """Calendar span of a fiscal year string: "2010" -> ("2010-04-01", "2011-03-31");
    "2007-2009" -> ("2007-04-01", "2010-03-31"); "2003-" -> ("2003-04-01", None)."""
    m = re.fullmatch(r"(\d{4})(?:(-)(\d{4})?)?", fy.strip())
    if not m:
        raise ValueError(f"not a fiscal year: {fy!r}")
    first = int(m.group(1))
    if m.group(2) and not m.group(3):
        return f"{first:04d}-04-01", None
    last = int(m.group(3)) if m.group(3) else first
    return f"{first:04d}-04-01", f"{last + 1:04d}-03-31"
