"""Records stated in running text: "Sapporo signed a sister city agreement with Portland in
1959", "瀋陽市代表団12名が本市を訪問した", "В 1991 году Иркутск и Канадзава породнились".

Per sentence: trigger words say what relation is stated (triggers.py), places.py finds
the places and bodies, dates come from the normaliser (era years, Russian, Korean,
Chinese and English dates) or are derived from an anniversary ("締結30周年" in a text
dated 2019 gives 1989). The document's home party (ctx.home) fills a side the sentence
leaves implicit (本市, "our city", or no subject at all). One record per fact: sentences
about the same pair of parties merge into one agreement; delegations and events merge
per pair and year.

Every record carries a confidence and, per field, the line and exact words it came from
(``evidence``); derived and partial facts get less confidence than stated ones.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from dataclasses import dataclass, field

from koryu.normalize.dates import parse_date
from koryu.normalize.numbers import kanji_to_int, total_count
from koryu.normalize.text import nfkc
from koryu.readers.generic.context import DocContext, HomeParty
from koryu.readers.generic.places import Mention, find_places
from koryu.readers.generic.triggers import Trigger, find_anniversaries, find_triggers
from koryu.records import Party, Record

__all__ = ["Sentence", "extract_prose", "find_dates", "split_sentences"]


# --- sentences -------------------------------------------------------------------------------


@dataclass
class Sentence:
    text: str
    offsets: list[tuple[int, int]]  # (offset in text, line number) where each line starts

    def line_at(self, pos: int) -> int:
        line = self.offsets[0][1]
        for off, ln in self.offsets:
            if off > pos:
                break
            line = ln
        return line

    @property
    def first_line(self) -> int:
        return self.offsets[0][1]


_ABBREV = re.compile(
    r"(?:\b(?:St|Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Jr|Sr|Inc|Ltd|Co|No|Vol|approx|etc|vs|e\.g|i\.e"
    r"|U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft)"
    r"|(?<![а-яё])(?:г|гг|ул|им|т|д|руб|тыс|млн|обл|р-н|пос|с|им|т\.е|т\.к|см|др|пр|ок))$",
    re.IGNORECASE,
)
_END = re.compile(r"[。！？!?]+[」』）)]*|\.(?=\s|$)|다\.|요\.")
_BULLET = re.compile(r"^\s*(?:[・●○■□◆◇▶►•\-*＊※]|\d{1,2}[.)．）]\s|[(（]\d{1,2}[)）])")


def _is_stop(text: str, m: re.Match[str]) -> bool:
    if m.group(0) != ".":
        return True
    if _ABBREV.search(text[max(0, m.start() - 6) : m.start()]):
        return False
    return not re.search(r"(?:^|\s)[A-ZА-Я]$", text[: m.start()])  # an initial ("J. Smith")


def split_sentences(lines: list[tuple[int, str]]) -> list[Sentence]:
    """Sentences of a block, each knowing the lines it spans. A line break ends a sentence
    after a short heading-like line, before a bullet, and on an empty line."""
    text, starts = "", []
    cuts: set[int] = set()
    prev = ""
    for number, line in lines:
        if text:
            if (
                not line.strip()
                or not prev.strip()
                or _BULLET.match(line)
                or len(prev.strip()) < 20
            ):
                cuts.add(len(text))
            text += "\n"
        starts.append((len(text), number))
        text += line
        prev = line
    cuts |= {m.end() for m in _END.finditer(text) if _is_stop(text, m)}
    cuts.add(len(text))
    sentences, begin = [], 0
    for cut in sorted(cuts):
        chunk = text[begin:cut]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            s0 = begin + lead
            offs = [(max(0, off - s0), ln) for off, ln in starts if off <= s0]
            offs = offs[-1:] + [(off - s0, ln) for off, ln in starts if s0 < off < cut]
            sentences.append(Sentence(body, [(0, offs[0][1]), *offs[1:]]))
        begin = cut
    return sentences


# --- dates -----------------------------------------------------------------------------------

_NUM = r"(?:\d{1,2}|[〇一二三四五六七八九十元]{1,3})"
_MONTHS_RU = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
_MONTHS_EN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = re.compile(
    rf"(?:明治|大正|昭和|平成|令和)\s*{_NUM}\s*(?:[（(]\s*\d{{4}}\s*[)）])?\s*年(?:\s*{_NUM}\s*月)?(?:\s*{_NUM}\s*日)?"
    r"|(?<!\d)\d{4}\s*[年년](?:\s*\d{1,2}\s*[月월])?(?:\s*\d{1,2}\s*[日일])?"
    r"|(?<![\d.])\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?(?![\d])"
    r"|(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?!\d)"
    r"|(?<![\d.])\d{4}\.\s\d{1,2}\.\s\d{1,2}\.?(?!\d)"
    rf"|(?:(?<!\d)\d{{1,2}}\s+)?{_MONTHS_RU}\s+\d{{4}}(?:\s*г(?:ода?|\.)?)?"
    rf"|(?:(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS_EN}\.?,?\s+\d{{4}}(?!\d)"
    rf"|{_MONTHS_EN}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?!\d)"
    r"|(?<![\d.,])(?:1[89]\d\d|20[0-4]\d)(?![\d,.]\d)(?:\s*(?:году|года|год|г\.))?",
    re.IGNORECASE,
)


@dataclass
class DateSpan:
    start: int
    end: int
    iso: str  # the date, or the first day of a range
    raw: str
    end_iso: str | None = None  # the last day of a range


# A range's other end, written without what it shares with the date beside it:
# "2013年10月28日～11月1日", "October 28 to November 1, 2013", "с 12 по 15 мая 2010 г.",
# "5월 3일부터 5일까지", "May 3-5, 2019".
_WEEKDAY = r"(?:\s*[(（][月火水木金土日월화수목금토일](?:曜日?|요일)?[)）])?"
_RANGE_AFTER = re.compile(
    _WEEKDAY + r"\s*(?:[~〜～\-–—]|から|부터|to|until|through)\s*(?:(?P<y>\d{4})\s*[年년.\-/]\s*)?"
    r"(?:(?P<m>\d{1,2})\s*[月월.\-/]\s*)?(?P<d>\d{1,2})\s*(?:日|일)?(?!\s*(?:[年년月월]|\d))"
    + _WEEKDAY
    + r"(?:\s*(?:まで|까지))?",
    re.IGNORECASE,
)
# "on Nov. 16 and 17", "16日と17日": two days in a row are the two days of one stay
_NEXT_DAY = re.compile(
    r"\s*(?:and|&|и|と|및|과|와|和|及)\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:日|일))?(?![\d年년月월.:])",
    re.IGNORECASE,
)
# "31일부터 3박 4일", "5日から4泊5日", "为期5天": a stay said by its length from its first day
_STAY = re.compile(
    r"\s*(?:부터|から|起)?\s*(?:[(（]?\s*\d{1,2}\s*(?:박|泊)\s*(?P<days>\d{1,2})\s*(?:일|日)"
    r"|[,，、]?\s*为期\s*(?P<days2>\d{1,2})\s*天)"
)
_MONTH_NUM = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}  # fmt: skip
_RANGE_BEFORE_EN = re.compile(
    rf"(?:from\s+)?(?:(?P<mon>{_MONTHS_EN})\.?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:to|-|–|until|through)\s*$",
    re.IGNORECASE,
)
_RANGE_BEFORE_RU = re.compile(
    rf"(?:\bс\s+)?(?P<d>\d{{1,2}})(?:\s+(?P<mon>{_MONTHS_RU}))?\s*(?:по|-|–|—)\s*$", re.IGNORECASE
)
_EN_DAY_RANGE = re.compile(
    rf"(?P<mon>{_MONTHS_EN})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:[-–]|to|through|until)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})",
    re.IGNORECASE,
)


# "from July 29 to Aug. 8": the end in another month, written with the month's name
_RANGE_AFTER_EN = re.compile(
    rf"\s*(?:to|until|through|till|[-–—~])\s*(?P<mon>{_MONTHS_EN})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?!,?\s*\d{4})",
    re.IGNORECASE,
)


def _iso(y: int, m: int | None, d: int | None) -> str | None:
    try:
        if m is None:
            return f"{y:04d}"
        if d is None:
            return f"{y:04d}-{m:02d}"
        import datetime as _dt

        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _with_range(text: str, span: DateSpan) -> DateSpan:
    """The date widened to the range it is one end of, in the first of the ways of writing
    a range (``_RANGE_FORMS``) that fits; the date as it is when none does."""
    parts = [int(x) for x in span.iso.split("-")]
    y, mo, d = (parts + [None, None])[:3]
    for widen in _RANGE_FORMS:
        wider = widen(text, span, y, mo, d)
        if wider is not None:
            return wider
    return span


def _widened(text: str, span: DateSpan, end: re.Match[str], end_iso: str) -> DateSpan:
    """The date as the first day of a range whose last day ``end`` wrote."""
    return DateSpan(span.start, end.end(), span.iso, text[span.start : end.end()], end_iso)


def _plus_days(iso: str, days: int) -> str:
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=days)).isoformat()


def _stay_range(text: str, span: DateSpan, y, mo, d) -> DateSpan | None:
    """ "5日から4泊5日", "为期5天": the last day counted from the first; a stay of a day or
    of months is not a visit's."""
    stay = _STAY.match(text, span.end) if d is not None else None
    days = int(stay["days"] or stay["days2"]) if stay else 0
    if not 2 <= days <= 60:
        return None
    return _widened(text, span, stay, _plus_days(span.iso, days - 1))


def _numbered_end_range(text: str, span: DateSpan, y, mo, d) -> DateSpan | None:
    """ "2013年10月28日～11月1日", "5월 3일부터 5일까지": the end's year and month are the
    start's unless written."""
    after = _RANGE_AFTER.match(text, span.end) if mo is not None else None
    if not after:
        return None
    end = _iso(int(after["y"] or y), int(after["m"] or mo), int(after["d"]))
    return _widened(text, span, after, end) if end and end > span.iso else None


def _named_month_end_range(text: str, span: DateSpan, y, mo, d) -> DateSpan | None:
    """ "from July 29 to Aug. 8": a month before the start's is in the next year."""
    m_en = _RANGE_AFTER_EN.match(text, span.end) if d is not None else None
    if not m_en:
        return None
    month = _MONTH_NUM.get(m_en["mon"][:3].lower())
    year = y if month >= mo else y + 1
    end = _iso(year, month, int(m_en["d"]))
    return _widened(text, span, m_en, end) if end and end > span.iso else None


def _next_day_range(text: str, span: DateSpan, y, mo, d) -> DateSpan | None:
    """ "on Nov. 16 and 17", "16日と17日": two days in a row."""
    nxt = _NEXT_DAY.match(text, span.end) if d is not None else None
    if not nxt or int(nxt["d"]) != d + 1:
        return None
    return _widened(text, span, nxt, _plus_days(span.iso, 1))


def _start_before_range(text: str, span: DateSpan, y, mo, d) -> DateSpan | None:
    """ "October 28 to November 1, 2013", "с 12 по 15 мая 2010 г.": the date is the last
    day, the first is written before it without what they share."""
    if d is None:
        return None
    before = text[max(0, span.start - 30) : span.start]
    m = _RANGE_BEFORE_EN.search(before) or _RANGE_BEFORE_RU.search(before)
    if not m:
        return None
    mon = m.groupdict().get("mon")
    month = (_MONTH_NUM.get(mon[:3].lower()) or _ru_month(mon) or mo) if mon else mo
    start = _iso(y, month, int(m["d"]))
    if not start or start >= span.iso:
        return None
    s0 = span.start - len(before) + m.start()
    return DateSpan(s0, span.end, start, text[s0 : span.end], span.iso)


# The ways a range is written around one of its dates, tried in this order
_RANGE_FORMS = (
    _stay_range,
    _numbered_end_range,
    _named_month_end_range,
    _next_day_range,
    _start_before_range,
)


def _ru_month(word: str) -> int | None:
    stems = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
             "октябр", "ноябр", "декабр")  # fmt: skip
    w = word.lower()
    for i, stem in enumerate(stems, 1):
        if w.startswith(stem):
            return i
    return None


_DAY_ONLY = re.compile(
    r"(?<![\d월/.\-])(?<![^来翌]月)(?P<d>\d{1,2})\s*(?:日|일)(?!\s*(?:間|간|本|目|까지\s*\d))"
    r"|\bon the (?P<d2>\d{1,2})(?:st|nd|rd|th)\b|(?<![\d.])(?P<d3>\d{1,2})(?:-?го)\s+(?:числа)?",
    re.IGNORECASE,
)


_MONTH_DAY = re.compile(
    rf"(?<![\d년./\-])(?<![^同]年)(?P<m>\d{{1,2}})\s*[月월]\s*(?P<d>\d{{1,2}})\s*[日일]"
    rf"|(?<![\d.])(?P<d2>\d{{1,2}})\s+(?P<mru>{_MONTHS_RU})(?!\s*\d{{4}})"
    rf"|(?P<men>{_MONTHS_EN})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})",
    re.IGNORECASE,
)


# "다음 달 28일", "来月28日", "翌月10日", "next month on the 5th": the day is in the month
# after the dateline's
_NEXT_MONTH = re.compile(r"(?:다음\s*달|내달|来月|翌月|next month|в следующем месяце).{0,8}$", re.I)


def _month_of_bare_day(before: str, dateline: str) -> tuple[int, int]:
    """The year and month a day written alone belongs to: the dateline's, or the next one
    when the words just before it say "next month"."""
    year, month = int(dateline[:4]), int(dateline[5:7])
    if _NEXT_MONTH.search(before):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return year, month


_SAME_YEAR = re.compile(r"(?:同年|같은\s*해|그\s*해|the same year|в том же году|同一年)\s*$", re.I)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:年|년|г|\b)")


def _year_of_month_day(before: str, dateline: str) -> int:
    """A month and day without a year are in the dateline's year, or, after "同年", "같은 해",
    "the same year", in the year written last before them."""
    if _SAME_YEAR.search(before):
        years = _YEAR.findall(before)
        if years:
            return int(years[-1])
    return int(dateline[:4])


def day_only_dates(text: str, dateline: str, days_alone: bool = True) -> list[DateSpan]:
    """ "8月1日", "6 декабря", "June 15" without a year, "21일", "21日", "on the 21st"
    without a month: the year (and month) of the document's dateline."""
    out = []
    folded = nfkc(text)
    for m in _MONTH_DAY.finditer(folded):
        if m.group("m"):
            month, day = int(m.group("m")), int(m.group("d"))
        elif m.group("mru"):
            month, day = _ru_month(m.group("mru")), int(m.group("d2"))
        else:
            month, day = _MONTH_NUM.get(m.group("men")[:3].lower()), int(m.group("d3"))
        iso = _iso(_year_of_month_day(folded[: m.start()], dateline), month, day) if month else None
        if iso and not any(d.start <= m.start() < d.end for d in out):
            out.append(_with_range(folded, DateSpan(m.start(), m.end(), iso, "")))
    if not out and days_alone:
        for m in _DAY_ONLY.finditer(folded):
            day = int(m.group("d") or m.group("d2") or m.group("d3"))
            year, month = _month_of_bare_day(folded[: m.start()], dateline)
            iso = _iso(year, month, day)
            if iso and not any(d.start <= m.start() < d.end for d in out):
                out.append(_with_range(folded, DateSpan(m.start(), m.end(), iso, "")))
    for d in out:  # "22일부터 28일까지", "с 23 по 30 июля": the range, without a year
        d.raw = text[d.start : d.end]
    return out


def find_dates(text: str) -> list[DateSpan]:
    """Dates written in a sentence (era, CJK, Russian, English, numeric, bare years), each
    with the words it came from; a range keeps its first day and its last."""
    folded = nfkc(text)
    source = folded if len(folded) == len(text) else text
    out = []
    for m in _EN_DAY_RANGE.finditer(source):
        start = _iso(int(m["y"]), _MONTH_NUM.get(m["mon"][:3].lower()), int(m["d1"]))
        end = _iso(int(m["y"]), _MONTH_NUM.get(m["mon"][:3].lower()), int(m["d2"]))
        if start and end and end > start:
            out.append(DateSpan(m.start(), m.end(), start, text[m.start() : m.end()], end))
    for m in _DATE.finditer(source):
        if any(d.start <= m.start() < d.end for d in out):
            continue
        iso = parse_date(m.group(0))
        if iso:
            out.append(
                _with_range(source, DateSpan(m.start(), m.end(), iso, text[m.start() : m.end()]))
            )
    for d in out:
        d.raw = text[d.start : d.end]
    out.sort(key=lambda d: d.start)
    return out


# --- head counts -----------------------------------------------------------------------------

_COUNT = re.compile(
    r"(?P<n>\d{1,4}|[一二三四五六七八九十百]{1,4})\s*(?:人|名|명)(?!目|称|前|物|口|間)"
    r"|(?P<n2>\d{1,4})\s*(?:человек|чел\.|участник\w*|делегат\w*)"
    r"|(?:delegation|group|mission|team) of (?P<n3>\d{1,4})"
    r"|(?P<n4>\d{1,4})\s+(?:people|persons|members|delegates|officials|participants|students)",
    re.IGNORECASE,
)


_EN_NUMBERS = {w: i for i, w in enumerate(
    ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
     "fifteen sixteen seventeen eighteen nineteen twenty").split())}  # fmt: skip
_WORD_COUNT = re.compile(
    r"\b(?P<n>"
    + "|".join(list(_EN_NUMBERS)[1:])
    + r"|\d{1,3})\s+(?:[A-Z][\w'’-]+\s+|high[ -]school\s+)?"
    r"(?:people|persons|members|delegates|officials|participants|students|pupils|teachers"
    r"|chaperones?|adults|children|councillors|councilors|staff)\b",
    re.IGNORECASE,
)
# Two head counts joined ("six students and one chaperone", "生徒8名と引率教員2名",
# "학생 10명과 인솔교사 2명", "12名の学生及び2名の教員") add up to the group's size.
_COUNT_JOIN = re.compile(
    r"^\s*(?:,?\s*and|plus|&|と|及び|および|및|과|와|и|和|及|、|,|，)\s*", re.I
)


def _count_value(m: re.Match[str]) -> int | None:
    raw = next(g for g in m.groups() if g)
    if raw.isdigit():
        return int(raw)
    return _EN_NUMBERS.get(raw.lower()) or kanji_to_int(raw)


def _count(text: str) -> tuple[int, int, int] | None:
    folded = nfkc(text)
    total = total_count(folded)
    if total is not None:
        return total
    found = sorted(
        [*_COUNT.finditer(folded), *_WORD_COUNT.finditer(folded)], key=lambda m: m.start()
    )
    found = [
        m
        for i, m in enumerate(found)
        if not any(o.start() <= m.start() < o.end() for o in found[:i])
        and not re.fullmatch(r"(?:19|20)\d\d", next(g for g in m.groups() if g))  # a year
    ]
    if not found:
        return None
    first = found[0]
    n = _count_value(first)
    if not n:
        return None
    end = first.end()
    for nxt in found[1:]:
        gap = folded[end : nxt.start()]
        # the second count's own words may come first ("과 인솔교사 2명")
        joined = _COUNT_JOIN.match(gap)
        if (
            not joined
            or len(gap) - joined.end() > 12
            or re.search(r"[,，、。.]", gap[joined.end() :])
        ):
            break
        add = _count_value(nxt)
        if not add:
            break
        n += add
        end = nxt.end()
    return (n, first.start(), end)


# --- parties in a sentence -------------------------------------------------------------------

_HOME_WORDS = re.compile(
    r"本市|当市|本町|当町|本村|本県|当県|本区|わが(?:市|町|まち)|我が(?:市|町)|我市|本市"
    r"|наш(?:его|ему|им|ем)?\s+город\w*|우리\s?(?:시|군|구|도)|\bour (?:city|town|prefecture)\b"
    r"|^(?:본\s?)?(?:시|군|구|도)(?=(?:은|는|에서|가|의)\s)",
    re.IGNORECASE,
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HAN_CHAR = re.compile(r"[\u3400-\u9fff]")
_CYRILLIC_WORD = re.compile(r"^[А-ЯЁа-яё\s-]+$")
_QUALIFIER_GAP = re.compile(r"^国?[\s,、，・の的(（]*(?:in\s+|в\s+)?$")


@dataclass
class _Party:
    mention: Mention | None  # None: the home party
    name: str
    country: str | None
    start: int
    end: int
    home: bool = False
    confidence: float = 0.8

    @property
    def ident(self) -> str:
        if self.home:
            return "home"
        m = self.mention
        if m is not None and m.entry_id:
            return m.entry_id
        return re.sub(r"\W", "", self.name.casefold())


def _parties(sent: Sentence, mentions: list[Mention], ctx: DocContext) -> list[_Party]:
    text = sent.text
    ms = sorted(mentions, key=lambda m: m.start)
    for m in ms:
        _take_written_alias(text, m, ms)
    qualifiers = _han_qualifiers(text, ms) | _region_qualifiers(text, ms)
    out = _mention_parties(ms, qualifiers, ctx)
    _add_home_words(text, ctx, out)
    return _one_per_place(out)


def _han_qualifiers(text: str, ms: list[Mention]) -> set[int]:
    """A Han name written right before another is the region or city it lies in
    (内蒙古自治区兴安盟, 玉溪市元江县, 万象省万荣县): one party, in that one's country.
    Returns the indexes of the qualifying mentions."""
    used = set()
    for i, (a, b) in enumerate(zip(ms, ms[1:], strict=False)):
        if _han_written_together(text, a, b):
            used.add(i)
            if a.country:
                b.country = a.country
    return used


def _han_written_together(text: str, a: Mention, b: Mention) -> bool:
    return (
        a.end == b.start
        and not a.is_country
        and not b.is_country
        and _HAN_CHAR.match(text[a.end - 1 : a.end]) is not None
        and _HAN_CHAR.match(text[b.start : b.start + 1]) is not None
    )


def _region_qualifiers(text: str, ms: list[Mention]) -> set[int]:
    """A country or region written right before or after a place qualifies it
    (米国オレゴン州ポートランド市, "Portland, Oregon, USA", 중국 옌타이시).
    Returns the indexes of the qualifying mentions."""
    return {
        i
        for i, m in enumerate(ms)
        if (m.is_country or m.is_region) and _qualify_neighbour(text, ms, i)
    }


def _qualify_neighbour(text: str, ms: list[Mention], i: int) -> bool:
    """Whether the country or region ``ms[i]`` qualifies the place after it or, failing
    that, the one before it; that place takes its country unless the gazetteer knows it."""
    m = ms[i]
    for j in (i + 1, i - 1):
        if not 0 <= j < len(ms):
            continue
        other = ms[j]
        if other.is_country or (other.is_region and m.is_region):
            continue
        gap = text[m.end : other.start] if j > i else text[other.end : m.start]
        if len(gap) <= 4 and _QUALIFIER_GAP.match(gap):
            if other.country is None or other.source != "gazetteer":
                other.country = m.country
            return True
    return False


def _mention_parties(ms: list[Mention], qualifiers: set[int], ctx: DocContext) -> list[_Party]:
    """A party per place named, other than countries and the qualifiers of another place;
    the one that is the home place is the home party."""
    home_key = _home_ident(ctx)
    out = []
    for i, m in enumerate(ms):
        if i in qualifiers or m.is_country:
            continue
        p = _Party(m, _nominative(m), m.country, m.start, m.end, confidence=m.confidence)
        if home_key and _same_place(m, ctx):
            p.home = True
        out.append(p)
    return out


def _nominative(m: Mention) -> str:
    """The name as written, but a declined Russian name in the nominative, not the case
    the sentence put it in (Ниигату)."""
    if not m.declined:
        return m.text
    ru = (m.names or {}).get("ru", "")
    if ru and _CYRILLIC_WORD.match(ru) and m.text.casefold().startswith(ru.casefold()[:-1]):
        return ru
    return m.stem or m.text


def _add_home_words(text: str, ctx: DocContext, out: list[_Party]) -> None:
    """本市, "our city": the home party, where the words are not part of a place named."""
    if ctx.home is None:
        return
    for hm in _HOME_WORDS.finditer(text):
        if not any(a.start < hm.end() and hm.start() < a.end for a in out):
            out.append(
                _Party(None, ctx.home.name, ctx.home.country, hm.start(), hm.end(), True, 0.8)
            )


def _one_per_place(parties: list[_Party]) -> list[_Party]:
    """The parties in the order written; the same place twice in one sentence is one party."""
    seen: set[str] = set()
    unique = []
    for p in sorted(parties, key=lambda p: p.start):
        if p.ident in seen:
            continue
        seen.add(p.ident)
        unique.append(p)
    return unique


_WORD_BEFORE_PAREN = re.compile(r"([^\s(（),、，.。:：\u3041-\u3093]{2,12})\s?[(（]$")


def _take_written_alias(text: str, p: Mention, mentions: list[Mention]) -> None:
    """ "상봉정(가미미네마치)", "上峰町（かみみねちょう）": the name in brackets is the one the
    gazetteer knows, the one before it is how the document names the place; keep both."""
    if p.start <= 0:
        return
    close = re.match(r"[^()（）]{0,12}[)）]", text[p.end :])
    before = _WORD_BEFORE_PAREN.search(text[: p.start])
    if not close or not before:
        return
    start = before.start(1)
    if any(o is not p and o.start < p.start and o.end > start for o in mentions):
        return  # the word before the brackets is a place of its own
    end = p.end + close.end()
    p.text = text[start:end]
    p.start, p.end = start, end


def _home_ident(ctx: DocContext) -> str | None:
    return ctx.home.name if ctx.home is not None else None


def _norm_name(s: str) -> str:
    s = re.sub(r"[\s・]", "", nfkc(s).casefold())
    return re.sub(r"(?:特別市|広域市|市|町|村|区|県|省|州|시|군|구|도|city|prefecture)$", "", s)


def _same_place(m: Mention, ctx: DocContext) -> bool:
    if ctx.home is None:
        return False
    h = _norm_name(ctx.home.name)
    names = {_norm_name(m.text), _norm_name(m.name), _norm_name(m.stem or "")} - {""}
    return bool(h) and any(
        h == n or len(n) >= 2 and (h.startswith(n) or n.startswith(h)) for n in names
    )


def _home_party(ctx: DocContext) -> _Party:
    assert ctx.home is not None
    return _Party(None, ctx.home.name, ctx.home.country, -1, -1, True, 0.7)


# --- roles in a delegation -------------------------------------------------------------------

_SENDER_AFTER = re.compile(
    r"^\s*(?:の|からの|から|より)?\s*(?:[^\s、。]{0,12}?)(?:訪問団|代表団|使節団|視察団|交流団|親善団|派遣団|一行)"
    r"|^\s*(?:の[^\s、。]{1,6}?)?(?:から|より)(?!\s*(?:は|も))|^\s*(?:の|에서|에서의)?\s*(?:[^\s,.]{0,8}\s?)?(?:대표단|방문단|사절단|시찰단|교류단|친선단)"
    r"|^\s*에서|^\s*(?:的)?(?:[^\s，。]{0,8})?(?:代表团|访问团|考察团|友好团|交流团)|^\s*(?:'s)?\s+(?:\w+\s){0,3}?delegation",
    re.IGNORECASE,
)
# The group is led by the place's office holder: "강서구청장을 비롯한 25명의 사절단",
# "平戸市の寺田副市長を団長とし", "A市長率いる訪問団", "в составе делегации во главе с мэром".
_LED_BY_ITS_HEAD = re.compile(
    r"^\s*(?:청장|시장|군수|지사|구청장|도지사|의장)\s*(?:을|를)\s*(?:비롯한|단장으로|중심으로)"
    r"|^\s*(?:の)?[^\s、。,]{0,8}?(?:副?(?:市長|町長|村長|区長|知事)|議長)"
    r"\s*(?:を\s*団長|が?率い|をはじめ(?:とする)?)"
    r"|^\s*(?:副?(?:市长|县长|区长|省长))[^\s，。,]{0,4}(?:率领|带领|为团长)",
)
_SENDER_BEFORE = re.compile(
    r"(?:(?:\bfrom|\bиз)\s+(?:the\s+)?(?:(?:sister|partner|friendship)\s+(?:city|town)\s+(?:of\s+)?"
    r"|(?:японск\w+\s+|китайск\w+\s+|корейск\w+\s+)?город\w*(?:-побратим\w*|-партн[её]р\w*)?\s+)"
    r"|\bfrom|\bdelegation of|из|делегаци\w+(?:\s+город\w*|\s+администраци\w*|\s+мэри\w*)?"
    # "делегация депутатов муниципального собрания японского города": of the city
    r"|делегаци\w+(?:\s+[а-яё]+){1,6}\s+город(?:а|ов)"
    r"|来自|从)\s*$",
    re.IGNORECASE,
)
_VISITED_AFTER = re.compile(
    r"^\s*(?:を|へ|に)(?:公式|表敬)?(?:訪問|訪れ|到着|出発)|^\s*(?:を|에|을|를)\s*(?:공식\s?)?방문"
    r"|^\s*(?:に|에)\s*(?:到着|도착)|^\s*(?:に|에서?)\s*(?:滞在|체류|머무)",
    re.IGNORECASE,
)
_VISITED_BEFORE = re.compile(
    r"(?:visited|visit to|arrived in|\bto|\bin|посетил\w*|прибыл\w*\s+в|визит\w*\s+в|побывал\w*\s+в|\bв"
    r"|访问|到访|抵达|前往|访)\s*(?:the\s+)?(?:city of\s+|город\w*\s+)?$",
    re.IGNORECASE,
)
_TO_HOME = re.compile(
    r"来訪|来札|来日|来市|来町|来村|来県|来道|表敬訪問|来访|到访我|访问我|내방|방한", re.IGNORECASE
)


def _roles(
    sent: Sentence, parties: list[_Party], ctx: DocContext
) -> tuple[list[_Party], list[_Party]]:
    text = sent.text
    senders, visited, unsaid = [], [], []
    for p in parties:
        if p.start < 0:
            continue
        after, before = text[p.end : p.end + 25], text[max(0, p.start - 30) : p.start]
        if (
            _SENDER_AFTER.match(after)
            or _SENDER_BEFORE.search(before)
            or _LED_BY_ITS_HEAD.match(after)
        ):
            senders.append(p)
        elif _VISITED_AFTER.match(after) or _VISITED_BEFORE.search(before):
            visited.append(p)
        else:
            unsaid.append(p)
    # a role the first mention leaves unsaid may be said where the sentence names the
    # party again ("伊勢崎市の友好都市…から、訪問団が伊勢崎市を訪れた"), for a side not taken
    for p in unsaid:
        again = [
            (text[m.end() : m.end() + 25], text[max(0, m.start() - 30) : m.start()])
            for m in re.finditer(re.escape(text[p.start : p.end]), text, re.IGNORECASE)
            if m.start() != p.start
        ]
        if not senders and any(
            _SENDER_AFTER.match(a) or _SENDER_BEFORE.search(b) for a, b in again
        ):
            senders.append(p)
        elif not visited and any(
            _VISITED_AFTER.match(a) or _VISITED_BEFORE.search(b) for a, b in again
        ):
            visited.append(p)
    return senders, visited


# --- facts -----------------------------------------------------------------------------------


@dataclass
class _Fact:
    kind: str
    parties: list[tuple[_Party, str]]  # (party, role)
    sentence: Sentence
    trigger: Trigger
    agreement_type: str | None = None
    date: DateSpan | None = None
    derived_date: tuple[str, str, float] | None = None  # (iso, evidence text, confidence)
    count: tuple[int, int, int] | None = None
    confidence: float = 0.7
    extra_sentences: list[Sentence] = field(default_factory=list)
    title: str = ""  # events and networks: their name as written
    derived_how: str = "anniversary"  # where a derived date came from
    date_sentence: Sentence | None = None  # where the date is written, if not in ``sentence``

    def ident(self) -> tuple:
        names = frozenset(p.ident for p, _ in self.parties)
        if self.kind in ("event", "network"):
            return (self.kind, re.sub(r"\W", "", self.title.casefold()), (self.iso or "")[:4])
        if self.kind == "agreement":
            return (self.kind, names)
        return (self.kind, names, (self.iso or "")[:4])

    @property
    def iso(self) -> str | None:
        if self.date is not None:
            return self.date.iso
        return self.derived_date[0] if self.derived_date else None


_TYPE_ORDER = ("sister", "friendship", "memorandum")


def _agreement_type(triggers: list[Trigger]) -> str | None:
    types = {t.agreement_type for t in triggers if t.kind == "agreement" and t.agreement_type}
    for t in _TYPE_ORDER:
        if t in types:
            return t
    return None


def _year_of_text(
    sent: Sentence, dates: list[DateSpan], ctx: DocContext, years: int | None = None
) -> int | None:
    """The year an anniversary is counted to: the sentence's first date, but where the
    sentence also writes the founding date ("the 25th anniversary of the tie of 1998"),
    the year that many years after it."""
    if dates:
        written = {int(d.iso[:4]) for d in dates}
        if years:
            for y in sorted(written):
                if y - years in written:
                    return y
            if ctx.year and ctx.year - years in written:
                return ctx.year
        return int(dates[0].iso[:4])
    return ctx.year


def _nearest_date(dates: list[DateSpan], p: _Party, others: list[_Party]) -> DateSpan | None:
    """The date written closest after a party (a list "Portland (1959), Munich (1972)")."""
    after = [d for d in dates if d.start >= p.end]
    nxt = min((o.start for o in others if o.start > p.end), default=10**9)
    own = [d for d in after if d.start < nxt]
    return own[0] if own else None


_PAIR_GAP = re.compile(r"^\s*[-–—/]\s*$|^\s*(?:and|и|与|和|과|와)\s*$")


_AND_GAP = re.compile(
    r"^\s*(?:와|과|与|和|及|同|と|and|with|и|с)(?:\s|$)?[^,、，;；。]{0,20}$", re.IGNORECASE
)
_LIST_GAP = re.compile(r"^\s*[,、，;；]\s*(?:and\s+|и\s+)?[^,、，;；。]{0,20}$", re.IGNORECASE)


def _joined_pairs(text: str, parties: list[_Party]) -> list[tuple[_Party, _Party]]:
    """Pairs the text writes as one: "Riverside-Sendai", "Хабаровск–Ниигата", and a list
    of pairs "A与B、C与D", "A와 B, C와 D" (each place qualified by its region or country)."""
    pairs, used = [], set()
    for a, b in zip(parties, parties[1:], strict=False):
        if a.start < 0 or id(a) in used:
            continue
        gap = text[a.end : b.start]
        if re.match(r"^\s*[-–—/]\s*$", gap):
            pairs.append((a, b))
            used.add(id(b))
    if pairs:
        return pairs
    named = [p for p in parties if p.start >= 0]
    if len(named) >= 4 and len(named) % 2 == 0:
        gaps = [text[a.end : b.start] for a, b in zip(named, named[1:], strict=False)]
        if all((_AND_GAP if i % 2 == 0 else _LIST_GAP).match(gap) for i, gap in enumerate(gaps)):
            return [(named[i], named[i + 1]) for i in range(0, len(named), 2)]
    return pairs


# A relation word said of the place that follows it: "姉妹都市である米国キュパティーノ市",
# "자매결연을 맺은 중국 린이시", "우호도시인 러시아 우수리스크시", "sister city Cupertino".
_ATTRIBUTIVE = re.compile(
    r"^(?:提携|関係|결연|관계)?\s*(?:である|であり|の|にある|인|이자|이며|(?:을|를)?\s*맺은|한|的|之|,|，)"
    r"|^\s*(?:of\s+)?$",
    re.IGNORECASE,
)


def _type_for(text: str, triggers: list[Trigger], party: _Party, default: str | None) -> str | None:
    """In a sentence that names ties of several kinds ("姉妹都市である A と友好都市である B"),
    each partner's own: the relation word said of it, else the next one after it."""
    typed = [t for t in triggers if t.kind == "agreement" and t.agreement_type]
    if len({t.agreement_type for t in typed}) < 2 or party.start < 0:
        return default
    before = [
        t for t in typed if t.end <= party.start and _ATTRIBUTIVE.match(text[t.end : party.start])
    ]
    if before:
        return before[-1].agreement_type
    after = [t for t in typed if t.start >= party.end]
    return after[0].agreement_type if after else default


# "Seattle (1957)", "아츠기시와 2005년 2월, 린이시와 2012년 3월", "キュパティーノ市とは1978年に"
_DATE_AFTER_GAP = re.compile(
    r"^\s*(?:[(（]\s*(?:since|in|с|от)?|와|과|とは|と|于|於|在|in|on|с|в)?\s*$", re.IGNORECASE
)


def _date_of(
    dates: list[DateSpan], p: _Party, others: list[_Party], sent_text: str
) -> DateSpan | None:
    """In a sentence naming several partners, the date written right before a partner
    ("2003년 10월 17일 중국 셴양시와") or right after it ("Seattle (1957)") is its own."""
    between = lambda a, b: any(a <= o.start < b for o in others if o.start >= 0)  # noqa: E731
    after = [
        d
        for d in dates
        if d.start >= p.end
        and _DATE_AFTER_GAP.match(sent_text[p.end : d.start])
        and not between(p.end, d.start)
    ]
    if after:
        return after[0]
    before = [d for d in dates if d.end <= p.start and not between(d.end, p.start)]
    return before[-1] if before else None


@functools.lru_cache(maxsize=4096)
def _places_cached(text: str, language: str) -> tuple[Mention, ...]:
    return tuple(find_places(text, language))


def _places(text: str, language: str) -> list[Mention]:
    """find_places, computed once per text (a line is scanned for the document's countries
    and again as a sentence); fresh copies, as sentences adjust their mentions."""
    return [dataclasses.replace(m) for m in _places_cached(text, language)]


def _document_countries(lines: list[tuple[int, str]], ctx: DocContext) -> set[str]:
    """Countries the document names outright (USA, 中国, Россия) or through a region
    (New Mexico, 遼寧省): a namesake in one of them is the one meant (Santa Fe, NM)."""
    found: set[str] = set()
    for _, text in lines[:400]:
        for m in _places(text, ctx.language):
            if (m.is_country or m.is_region) and m.country:
                found.add(m.country)
            else:  # a name that is a region too (New Mexico: also a town called Mexico)
                found.update(c for i, c in m.candidates if c and i.startswith(("adm:", "cc:")))
    if ctx.home is not None and ctx.home.country:
        found.add(ctx.home.country)
    return found


def _prefer_countries(mentions: list[Mention], countries: set[str]) -> list[Mention]:
    for m in mentions:
        if m.source != "gazetteer" or not countries or m.country in countries or m.is_country:
            continue
        other = next(((i, c) for i, c in m.candidates if c in countries), None)
        if other is not None:
            m.entry_id, m.country = other
            m.names = None  # the display names were the namesake's
    return mentions


def _sentence_dates(text: str, dateline: str | None) -> list[DateSpan]:
    """A sentence's dates; a day without year or month takes the dateline's ("19日"), also
    where the only other date is the dateline's bare year (a name: "2024中国…大会")."""
    dates = find_dates(text)
    if dateline and all(len(d.iso) == 4 and d.iso == dateline[:4] for d in dates):
        days = day_only_dates(text, dateline)
        if days:
            return sorted(
                days + [d for d in dates if not any(x.start <= d.start < x.end for x in days)],
                key=lambda d: (len(d.iso) < 10, d.start),
            )
    elif dateline and dates:
        # "on Nov. 16 and 17 … which began on Nov. 6, 2003": a month and day without a
        # year beside a dated fact are the dateline's year
        days = [
            d
            for d in day_only_dates(text, dateline, days_alone=False)
            if not any(x.start < d.end and d.start < x.end for x in dates)
        ]
        if days:
            return sorted(dates + days, key=lambda d: d.start)
    return dates


# Signing said as done in the sentence (not a tie described: "姉妹都市である", "sister city of")
_SIGNED = re.compile(
    r"(?:签署|签订|缔结)(?!的)|(?:締結|調印|署名)し(?:た|まし)|체결했|맺었|подписал|\bsigned\b",
    re.IGNORECASE,
)


def _signed_here(text: str) -> bool:
    return _SIGNED.search(text) is not None


def _strong_kinds(triggers: list[Trigger]) -> set[str]:
    return {t.kind for t in triggers if t.strong}


def _no_partner(parties: list[_Party]) -> bool:
    """Only the home is named (or nobody): no place to be tied to or visited."""
    return all(p.home for p in parties)


def _surname_and_office(text: str, m: Mention, ctx: DocContext) -> bool:
    """ "濱田市長" once the document has written "濱田剛史高槻市長": Mayor Hamada (a surname and
    the office), not the town of 濱田, when the document never names that town alone."""
    if ctx.language != "ja" or not m.text.endswith("市") or text[m.end : m.end + 1] != "長":
        return False
    document = "\n".join(ctx.lines)
    stem = re.escape(m.text[:-1])
    full_name = re.search(
        rf"{stem}(?!市)[\u3400-\u9fff]{{2,8}}(?:市長|町長|村長|区長|知事)", document
    )
    return full_name is not None and re.search(rf"{re.escape(m.text)}(?!長)", document) is None


def _sentence_parties(sent: Sentence, ctx: DocContext, doc_countries: frozenset) -> list[_Party]:
    """The places a sentence names, a namesake read as the one in the document's countries."""
    mentions = _prefer_countries(_places(sent.text, ctx.language), doc_countries)
    mentions = [m for m in mentions if not _surname_and_office(sent.text, m, ctx)]
    parties = _parties(sent, mentions, ctx)
    # Kiwi's proper nouns are people as often as places: Korean relies on names and suffixes
    if _no_partner(parties) and ctx.language in ("ja", "zh"):
        mentions = find_places(sent.text, ctx.language, ner=True)
        parties = _parties(sent, _prefer_countries(mentions, doc_countries), ctx)
    return parties


def _said_visit(sent, ctx, triggers, parties, dates) -> _Fact | None:
    """The visit the sentence tells, if it says or dates one."""
    visit = _delegation_fact(sent, ctx, triggers, parties, dates)
    # "빈증성 청소년단 홈스테이 호스트 20명": a group named, no visit said nor dated
    if visit is not None and visit.date is None and not _has_weak(triggers, "delegation"):
        return None
    return visit


def _visit_told(visit: _Fact | None, strong: set[str]) -> bool:
    """The sentence is about the visit (a delegation named, or a programme's round)."""
    return visit is not None and ("delegation" in strong or visit.kind == "program")


def _orphan_fact(sent: Sentence, triggers: list[Trigger], dates: list[DateSpan]) -> _Fact:
    """A tie dated without its partner ("2004년 우호교류를 맺은 이후"); it may date the
    document's one undated agreement (see _merge)."""
    trig = next(t for t in triggers if t.kind == "agreement" and t.strong)
    return _Fact("orphan", [], sent, trig, _agreement_type(triggers), dates[0], None, None, 0.5)


def _date_from_before(found: list[_Fact], recent: DateSpan) -> None:
    """A signing told without its date happened on the day the sentence before gives
    ("19日，大会在昆明举行。大会上，A与B签署…")."""
    for f in found:
        if f.kind == "agreement" and f.date is None and f.derived_date is None:
            f.derived_date = (recent.iso, recent.raw, 0.5)
            f.derived_how = "the sentence before"


def _visit_facts(sent: Sentence, visit: _Fact, parties: list[_Party]) -> list[_Fact]:
    """The visit, and for a programme's round each other place visited with it."""
    if visit.kind == "program":
        return [visit, *_other_destinations(sent, visit, parties)]
    return [visit]


def _dates_between_visit_and_tie(
    text: str, triggers: list[Trigger], dates: list[DateSpan]
) -> list[DateSpan]:
    """ "…사절단이 시장을 예방했고, 같은 해 2월 5일 양 도시는 우호도시를 맺었습니다": a date
    written in a clause of its own after the visit is told, before a signing, is the tie's."""
    visit_end = max(t.end for t in triggers if t.kind == "delegation")
    ties = [t.start for t in triggers if t.kind == "agreement" and t.start >= visit_end]
    if not ties or not _signed_here(text[visit_end:]):
        return []
    return [
        d
        for d in dates
        if visit_end <= d.start
        and d.end <= max(ties)
        and re.search(r"[,、，;；]", text[visit_end : d.start])
    ]


def _stated_agreements(sent, ctx, triggers, parties, dates, anniversaries, visit_told, recent):
    """The ties a sentence states, each dated by the sentence (unless it tells a visit), by
    an anniversary or by the sentence before; else a date it gives a tie without partner."""
    # a visit sentence dates the visit: "visited its sister city X on May 3"
    own_dates = _dates_between_visit_and_tie(sent.text, triggers, dates) if visit_told else dates
    found = _agreement_facts(sent, ctx, triggers, parties, own_dates, anniversaries, dates)
    if not found and dates and not anniversaries and _no_partner(parties):
        found = [_orphan_fact(sent, triggers, dates)]
    if recent is not None and not anniversaries and _signed_here(sent.text):
        _date_from_before(found, recent)
    return found


def _named_meeting(sent, ctx, triggers, parties, dates, anniversaries, facts) -> list[_Fact]:
    """A meeting or a network the sentence names stands for it, unless a tie or visit is
    stated; an anniversary's celebration is an event beside the tie it dates."""
    strong = _strong_kinds(triggers)
    stated = [f for f in facts if f.kind != "orphan"]
    if "event" in strong and (not stated or anniversaries or _has_weak(triggers, "event")):
        fact = _event_fact(sent, ctx, triggers, parties, dates)
        if fact is not None:
            facts = [*stated, fact]
    if "network" in strong and not stated:
        fact = _network_fact(sent, ctx, triggers, parties, dates)
        if fact is not None:
            facts = [fact]
    return facts


def _sentence_facts(
    sent: Sentence,
    ctx: DocContext,
    dateline: str | None = None,
    doc_countries: frozenset = frozenset(),
    recent: DateSpan | None = None,
) -> list[_Fact]:
    triggers = find_triggers(sent.text)
    if not triggers:
        return []
    kinds = {t.kind for t in triggers}
    strong = _strong_kinds(triggers)
    parties = _sentence_parties(sent, ctx, doc_countries)
    dates = _sentence_dates(sent.text, dateline)
    anniversaries = find_anniversaries(sent.text)
    if "delegation" in kinds:
        schedule = _schedule_facts(sent, ctx, triggers, parties, dateline)
        if schedule:
            return schedule
    visit = _said_visit(sent, ctx, triggers, parties, dates) if "delegation" in kinds else None
    told = _visit_told(visit, strong)
    facts: list[_Fact] = []
    if "agreement" in strong:
        facts += _stated_agreements(
            sent, ctx, triggers, parties, dates, anniversaries, told, recent
        )
    if visit is not None and (told or not facts):
        facts += _visit_facts(sent, visit, parties)
    return _named_meeting(sent, ctx, triggers, parties, dates, anniversaries, facts)


# --- events and networks: a named meeting or body --------------------------------------------

# The name of a meeting ends in its noun: "第13回北東アジア地域国際交流・協力地方政府サミット",
# "the 5th Northeast Asia Mayors' Forum", "Международный форум «...»", "세계도시정상회의".
# Celebrations are events of their own (an anniversary's ceremony, a photo exhibition).
_CEREMONY = (
    r"記念式典|式典|記念行事|記念イベント|祝賀会|レセプション|写真展|展示会|結団式|壮行会|歓迎会"
    r"|除幕式|기념식|기념행사|사진전|전시회|제막식|纪念活动|庆祝活动|招待会|纪念仪式|图片展|揭牌仪式"
    r"|торжеств\w*|церемони\w*|праздновани\w*|выставк\w*"
    r"|Ceremony|Celebration|Reception|Exhibition|ceremony|celebration|reception|exhibition"
)
_EVENT_NOUN = (
    r"(?:会議|サミット|フォーラム|セミナー|シンポジウム|総会|大会|フェスティバル|祭り?"
    r"|会议|论坛|峰会|研讨会|博览会|交流会|회의|포럼|세미나|정상회의|총회|심포지엄|축제|대회"
    r"|結団式|壮行会|발대식"
    r"|Conference|Summit|Forum|Seminar|Symposium|General Assembly|Festival|Meeting|Session|Congress"
    r"|Convention"
    r"|" + _CEREMONY + ")"
)
_EVENT_NAME = re.compile(
    r"(?:第\s*\d{1,3}\s*[回届]|제\s*\d{1,3}\s*회)?[^\s、。，,「」『』（）()“”\"\u3041-\u3093]{2,40}?"
    + _EVENT_NOUN
    # "20주년 기념식", "30周年 記念式典": an anniversary's ceremony, named by the anniversary
    + r"|\d{1,3}\s?(?:주년|周年|週年)\s?(?:기념\s?|記念\s?|纪念\s?)?"
    + _EVENT_NOUN
    + r"|(?:(?:the|The)[ \t]+)?(?:\d{1,3}(?:st|nd|rd|th)[ \t]+)?(?:[A-Z][\w'’&-]*[ \t]+){1,8}"
    + _EVENT_NOUN
    + r"(?:\s+(?:of|on)\s+(?:the\s+)?(?:(?:[A-Z][\w'’&-]*|of|the|and)\s?){1,8}(?<![a-z]\s)(?<!\s(?:of|he|nd)))?"
    + r"|(?:[А-ЯЁ][а-яё-]+\s+){0,4}(?:форум|конференци[яи]|саммит|семинар|ассамбле[яи]|фестивал[ья])"
    r"\s*(?:«[^»]{3,80}»|\"[^\"]{3,80}\")?"
    # "a commemoration ceremony for the 25th anniversary of ...", "торжественная церемония"
    r"|\b(?:[a-z][\w'’-]*\s+){0,3}(?:ceremony|celebration|reception|exhibition)"
    r"(?:\s+(?:for|of|marking)\s+[\w'’ -]{3,80}?(?=\s+(?:was|were|is|will|took|on|in)\b))?"
    r"|(?:[а-яё]+\s+){0,2}(?:торжеств|церемони)\w*",
)
_EDITION = re.compile(
    r"第\s*\d{1,3}\s*[回届]|제\s*\d{1,3}\s*회|\b\d{1,3}(?:st|nd|rd|th)\b|\b[IVX]{1,5}\b"
)
_HOST_BEFORE = re.compile(
    r"(?:\bin|\bat|\bв|在|于)\s*(?:the city of\s+|городе\s+)?$", re.IGNORECASE
)
_HOST_AFTER = re.compile(r"^\s*(?:市|町)?\s*(?:で|にて|에서|举行|举办|召开|hosted\b)")
_ORG_NAME = re.compile(
    r"[^\s、。，,「」『』（）()\u3041-\u3093]{2,30}?(?:協会|連盟|協議会|会議|ネットワーク|機構|連合|联盟|协会|组织|网络"
    r"|연합|협의회|협회|네트워크|기구)"
    r"|(?:the\s+)?(?:[A-Z][\w'’&-]*\s+){0,6}(?:Network|Association|League|Council|Union|Alliance)"
    r"(?:\s+(?:of|for)\s+(?:[A-Z][\w'’&-]*\s?){1,6})?"
    r"|(?:Ассоциаци\w*|Союз\w*|Сет\w*|Лиг\w*)\s+(?:[а-яё-]+\s+){0,5}[а-яё-]+"
)


def _said_to_host(text: str, p: _Party) -> bool:
    """The party, wherever the sentence names it, is followed by "hosted", "で", "에서"."""
    if p.start < 0:
        return False
    written = text[p.start : p.end]
    return any(
        _HOST_AFTER.match(text[m.end() : m.end() + 8])
        for m in re.finditer(re.escape(written), text, re.IGNORECASE)
    )


def _has_weak(triggers: list[Trigger], kind: str) -> bool:
    """The sentence also says it with a weak trigger (a verb: "held", "visited"), not only
    names it."""
    return any(t.kind == kind and not t.strong for t in triggers)


def _is_ceremony(name: str) -> bool:
    return re.search(_CEREMONY, name) is not None


def _event_name(text: str, triggers: list[Trigger]) -> re.Match[str] | None:
    """The first meeting the sentence names, if it is told as held, a ceremony or an
    edition of a series."""
    names = [m for m in _EVENT_NAME.finditer(text) if len(m.group(0).strip()) >= 5]
    if not names:
        return None
    name = names[0].group(0)
    if _has_weak(triggers, "event") or _is_ceremony(name) or _EDITION.search(name):
        return names[0]
    return None  # a meeting named in passing ("at the council meeting")


def _event_host(text: str, ctx: DocContext, parties: list[_Party], ceremony: bool) -> list[_Party]:
    """The host, if the sentence says it (at most one); a ceremony without one is the home's."""
    # "X hosted", "X에서" name the host more surely than "in X" / "at X"
    hosts = [p for p in parties if _said_to_host(text, p)] + [
        p for p in parties if _HOST_BEFORE.search(text[max(0, p.start - 20) : p.start])
    ]
    if not hosts and ceremony and ctx.home is not None:
        hosts = [next((p for p in parties if p.home), None) or _home_party(ctx)]
    return hosts[:1]


def _event_fact(sent, ctx, triggers, parties, dates) -> _Fact | None:
    name = _event_name(sent.text, triggers) if dates else None
    if name is None:
        return None
    title = name.group(0).strip()
    hosts = _event_host(sent.text, ctx, parties, _is_ceremony(name.group(0)))
    trig = Trigger("event", name.start(), name.end(), title, True)
    f = _Fact("event", [(h, "host") for h in hosts], sent, trig, None, dates[0], None,
              _count(sent.text), 0.6 if hosts else 0.5)  # fmt: skip
    f.title = title
    return f


def _network_fact(sent, ctx, triggers, parties, dates) -> _Fact | None:
    org = _ORG_NAME.search(sent.text)
    if org is None:
        return None
    members = [p for p in parties if not (org.start() <= p.start < org.end())]
    if not members and ctx.home is not None:
        members = [_home_party(ctx)]
    if not members:
        return None
    title = org.group(0).strip()
    trig = Trigger("network", org.start(), org.end(), title, True)
    f = _Fact("network", [(m, "member") for m in members[:1]], sent, trig, None,
              dates[0] if dates else None, None, None, 0.55)  # fmt: skip
    f.title = title
    return f


def _inside(region: _Party, place: _Party) -> bool:
    """A place and the region it lies in (California - Santa Barbara) are not a pair."""
    r, p = region.mention, place.mention
    if r is None or p is None or not r.is_region or not p.entry_id or not r.entry_id:
        return False
    from koryu.gazetteer.index import get_gazetteer

    gaz = get_gazetteer()
    entry = gaz.entry(p.entry_id)
    return entry is not None and any(a.id == r.entry_id for a in gaz.ancestors(entry))


def _less_if_implicit(conf: float, *sides: _Party) -> float:
    """A fact with a side left implicit (the home, not written in the sentence) is less sure."""
    if any(p.start < 0 for p in sides):
        conf -= 0.1
    return round(conf, 2)


_WITH_THE_HOME = re.compile(r"^(?:との|와의|과의)")


def _two_partners(
    text: str, ctx: DocContext, triggers: list[Trigger], foreign: list[_Party], atype: str | None
) -> list[tuple[_Party, _Party]]:
    """Two places named: partners of each other, unless each is the home's own kind of
    partner ("姉妹都市であるA市と友好都市であるB市")."""
    if ctx.home is not None and len({_type_for(text, triggers, p, atype) for p in foreign}) == 2:
        return [(_home_party(ctx), p) for p in foreign]
    if ctx.home is not None and _WITH_THE_HOME.match(text[foreign[0].end :]):
        # "葫芦島市との友好都市協定の締結に向けて…、北京で": "with X" names the home's
        # partner; a place named after it is where the rest happened
        return [(_home_party(ctx), foreign[0])]
    return [(foreign[0], foreign[1])]


_BRACKET_YEAR = re.compile(r"^\s*[(（]\s*(?:since\s+|с\s+)?\d{4}")


def _dated_list(text: str, places: list[_Party]) -> bool:
    """Three or more places, most followed by a year in brackets ("Seattle (1957)")."""
    dated = [p for p in places if p.start >= 0 and _BRACKET_YEAR.match(text[p.end :])]
    return len(places) > 2 and len(dated) * 2 > len(places)


def _partner_pairs(
    text: str, ctx: DocContext, triggers: list[Trigger], parties: list[_Party], atype, trig
) -> list[tuple[_Party, _Party]]:
    """Who is tied to whom, where the text does not write the pairs itself: the home (named
    or the document's) with each foreign place, else the places among themselves."""
    foreign = [p for p in parties if not p.home]
    home = next((p for p in parties if p.home), None)
    if home is not None:
        return [(home, p) for p in foreign]
    if len(foreign) == 1 and ctx.home is not None:
        return [(_home_party(ctx), foreign[0])]
    if len(foreign) == 2:
        return _two_partners(text, ctx, triggers, foreign, atype)
    if ctx.home is not None and atype in ("sister", "friendship") and _dated_list(text, foreign):
        # "러시아 나홋카시(1966년), 뉴질랜드 더니든시(1980년), 그리고 … 강서구": a list of
        # partners each with its year, after the sentence that named whose they are
        return [(_home_party(ctx), p) for p in foreign]
    if (
        len(foreign) > 2
        and atype in ("sister", "friendship")
        and foreign[0].start < trig.start <= foreign[1].start
    ):
        # "Kobe's sister cities are Seattle (1957), Marseille (1961)...": the first names
        # whose partners follow; an untyped agreement among three places is left alone
        return [(foreign[0], p) for p in foreign[1:]]
    return []


def _anniversary_year(
    sent: Sentence, ctx: DocContext, parties: list[_Party], anniversaries, ref_dates
) -> tuple[str, str, float] | None:
    """The year a tie was made, counted back from its anniversary."""
    # "条约缔结40周年，也是A与B缔结友好城市30周年": the one said after the pair
    last_party = max((p.start for p in parties if p.start >= 0), default=-1)
    a = next((x for x in anniversaries if x.start > last_party), anniversaries[0])
    ref = _year_of_text(sent, ref_dates, ctx, a.years)
    return (f"{ref - a.years:04d}", a.text, 0.6) if ref is not None else None


def _agreement_pairs(
    text: str, ctx: DocContext, triggers: list[Trigger], parties: list[_Party], atype, trig
) -> tuple[list[tuple[_Party, _Party]], bool]:
    """The pairs tied, and whether the text writes them as pairs itself ("Riverside-Sendai,
    San Diego-Yokohama"); a region and a place in it are not a pair."""
    pairs = _joined_pairs(text, parties)
    joined = bool(pairs)
    if not joined:
        pairs = _partner_pairs(text, ctx, triggers, parties, atype, trig)
    return [(a, b) for a, b in pairs if not _inside(a, b) and not _inside(b, a)], joined


def _tie_dates(
    sent: Sentence, ctx: DocContext, parties: list[_Party], dates, anniversaries, ref_dates
) -> tuple[list[DateSpan], tuple[str, str, float] | None]:
    """The dates that may be the tie's own, and the year an anniversary counts from."""
    if not anniversaries:
        return dates, None
    derived = _anniversary_year(sent, ctx, parties, anniversaries, ref_dates)
    # the dates of an anniversary sentence are the celebration's, but one in the year
    # the anniversary counts from is the tie's own ("began on Nov. 6, 2003")
    own = [d for d in ref_dates if derived is not None and d.iso[:4] == derived[0]][:1]
    return own, derived


def _shared_date(pairs, joined: bool, dates: list[DateSpan], parties) -> DateSpan | None:
    """The one date written before a list of pairs is all of theirs ("19일 … A와 B, C와 D가 …
    맺었다")."""
    first_named = min((p.start for p in parties if p.start >= 0), default=0)
    if len(pairs) > 1 and joined and len(dates) == 1 and dates[0].end <= first_named:
        return dates[0]
    return None


def _pair_date(dates, pair, parties, text: str, several: bool) -> DateSpan | None:
    """A pair's date: in a sentence of several pairs the one written by its partner, else
    the sentence's first."""
    if not several:
        return dates[0] if dates else None
    a_party, b_party = pair
    others = [p for p in parties if p is not b_party and p is not a_party]
    return _date_of(dates, b_party, others, text)


def _agreement_fact(sent, triggers, trig, atype, pair, date, derived) -> _Fact:
    a_party, b_party = pair
    conf = _less_if_implicit(0.75 if trig.agreement_type else 0.6, a_party)
    own_type = _type_for(sent.text, triggers, b_party, atype)
    return _Fact("agreement", [(a_party, "partner"), (b_party, "partner")], sent, trig, own_type,
                 date, derived if date is None else None, None, conf)  # fmt: skip


# A tie of cities ("友好都市協定", "자매도시", "sister city", "город-побратим") is between places:
# a body the sentence names beside it (an intermediary asked for help, an association
# that hosts) is not one of its sides.
_CITY_TIE = re.compile(r"都市|城市|도시|cit(?:y|ies)|town|город|побратим", re.IGNORECASE)


def _is_body(p: _Party) -> bool:
    return p.mention is not None and p.mention.level == "body"


def _agreement_facts(sent, ctx, triggers, parties, dates, anniversaries, ref_dates) -> list[_Fact]:
    atype = _agreement_type(triggers)
    trig = next(
        t for t in triggers if t.kind == "agreement" and t.strong and t.agreement_type == atype
    )
    if _CITY_TIE.search(trig.text):
        parties = [p for p in parties if not _is_body(p)]
    pairs, joined = _agreement_pairs(sent.text, ctx, triggers, parties, atype, trig)
    if not pairs:
        return []
    dates, derived = _tie_dates(sent, ctx, parties, dates, anniversaries, ref_dates)
    shared = _shared_date(pairs, joined, dates, parties)
    facts = []
    for pair in pairs:
        date = shared
        if date is None:
            date = _pair_date(dates, pair, parties, sent.text, len(pairs) > 1)
        facts.append(_agreement_fact(sent, triggers, trig, atype, pair, date, derived))
    return facts


_TODAY = re.compile(r"(?<![а-яё])сегодня|\btoday\b|本日|今日(?!的)|오늘|今天", re.IGNORECASE)


def ctx_dateline(ctx: DocContext) -> str | None:
    d = _dateline(ctx)
    return d if d and len(d) == 10 else None


# A sentence that begins with the group already introduced ("The delegation will…",
# "대표단은", "一行は", "Делегация посетит") tells that visit's programme, not a new visit.
_FOLLOW_UP = re.compile(
    r"^(?:(?:The|This)\s+(?:delegation|group|mission)\b|(?:대표단|방문단|사절단|일행)(?:은|는|이)\s"
    r"|(?:訪問団|代表団|使節団|一行)(?:は|も)|(?:代表团|访问团|该团|一行)(?:还|并|在|于)"
    r"|(?:Делегация|Гости|Делегаты)\s)",
    re.IGNORECASE,
)


def _roles_of_unmarked(
    text: str, ctx: DocContext, rest: list[_Party]
) -> tuple[list[_Party], list[_Party]]:
    """Roles when no party is marked as sender or visited: one foreign place comes to the
    home ("来訪") or is visited; of two or more, the first sends and the second receives."""
    if len(rest) == 1 and ctx.home is not None and not rest[0].home:
        return (rest, []) if _TO_HOME.search(text) is not None else ([], rest)
    if len(rest) >= 2:
        return [rest[0]], [rest[1]]
    return [], []


def _other_side(ctx: DocContext, rest: list[_Party], known: list[_Party]) -> list[_Party]:
    """The side a visit leaves unsaid: a home party named, else the document's home (unless
    the known side is the home), else the next party named."""
    homes = [p for p in rest if p.home]
    if homes:
        return homes[:1]
    if ctx.home is not None and not any(p.home for p in known):
        return [_home_party(ctx)]
    return rest[:1]


def _visit_roles(
    sent: Sentence, ctx: DocContext, parties: list[_Party]
) -> tuple[list[_Party], list[_Party]]:
    """(senders, visited) of a visit: those the sentence marks, the sides it leaves unsaid
    filled in; none for a follow-up on a visit told before."""
    senders, visited = _roles(sent, parties, ctx)
    if not senders and not visited and _FOLLOW_UP.match(sent.text):
        return [], []  # "대표단은 … 둘러볼 계획이다": the visit told before, its programme
    rest = [p for p in parties if p not in senders and p not in visited]
    if not senders and not visited:
        senders, visited = _roles_of_unmarked(sent.text, ctx, rest)
    if senders and not visited:
        visited = _other_side(ctx, rest, senders)
    if visited and not senders:
        senders = _other_side(ctx, rest, visited)
    return senders, visited


def _said_today(
    sent: Sentence, ctx: DocContext, dates: list[DateSpan]
) -> tuple[str, str, float] | None:
    """An undated visit said to happen "today" ("Сегодня в Биробиджан прибыла делегация")
    happened on the day the item is dated."""
    today = _TODAY.search(sent.text)
    if not dates and today and ctx_dateline(ctx):
        return (ctx_dateline(ctx), today.group(0), 0.6)
    return None


def _delegation_trigger(triggers: list[Trigger]) -> Trigger:
    """The visit's trigger: a strong one (a delegation named) before a weak one."""
    strong = next((t for t in triggers if t.kind == "delegation" and t.strong), None)
    return strong or next(t for t in triggers if t.kind == "delegation")


def _delegation_fact(sent, ctx, triggers, parties, dates) -> _Fact | None:
    trig = _delegation_trigger(triggers)
    senders, visited = _visit_roles(sent, ctx, parties)
    if not senders or not visited or senders[0].ident == visited[0].ident:
        return None
    sender, host = senders[0], visited[0]
    conf = _less_if_implicit(0.7 if trig.strong else 0.55, sender, host)
    count = _count(sent.text)
    kind = "program" if _youth_group(sent.text, trig) else "delegation"
    derived = _said_today(sent, ctx, dates)
    return _Fact(kind, [(sender, "sender"), (host, "visited")], sent, trig, None,
                 dates[0] if dates else None, derived, count, conf)  # fmt: skip


# A group of pupils, students or young people sent or received is one round of an exchange
# programme (中学生使節団, 청소년 교류단, делегация школьников, student delegation), not an
# official visit.
_YOUTH = re.compile(
    r"中学生|高校生|小学生|大学生|(?:小|中|高)(?:学|校)\s?\d年生|中高生|青少年|学生|生徒|児童|ジュニア|少年"
    r"|청소년|학생|중학생|고등학생|대학생|청년|어린이"
    r"|школьник\w*|студент\w*|молод[её]ж\w*|юн(?:ые|ых|ым|ыми)\b|подрост\w*|учащ\w+|детск\w+\s+делегаци\w*"
    r"|\bstudents?\b|\byouths?\b|\byoung (?:people|ambassadors)\b|\bpupils\b|\bschoolchildren\b",
    re.IGNORECASE,
)


_AND_PLACE = re.compile(
    r"^\s*(?:と|、|,|，|와|과|및|and|и|与|和)\s*[^\s、。,，]{0,8}$", re.IGNORECASE
)


def _other_destinations(sent: Sentence, visit: _Fact, parties: list[_Party]) -> list[_Fact]:
    """ "ニューポートビーチ市とウッデバラ市を訪れる生徒": each place visited, coordinated with the
    one the visit found, has a round of its own."""
    (sender, _), (host, _) = visit.parties
    out = []
    for p in parties:
        if p is sender or p is host or p.home or p.start < 0 or p.end > host.start:
            continue
        if _AND_PLACE.match(sent.text[p.end : host.start]):
            other = dataclasses.replace(visit, parties=[(sender, "sender"), (p, "visited")])
            other.extra_sentences = []
            out.append(other)
    return out


# A schedule of rounds in one sentence: each place (or places) with its days in brackets,
# without a year ("▲베트남 빈증성(6.12.~6.16.) ▲일본 삿포로, 러시아 노보시비르스크(7.31.~8.5.)",
# "台南市(7月27日～8月5日)、高雄市(8月7日～8月17日)")
_BRACKET_DAYS = re.compile(
    r"[(（]\s*(?P<m1>\d{1,2})\s*[./月]\s*(?P<d1>\d{1,2})\s*[.日]?\s*(?:[(（][^)）]{1,3}[)）])?"
    r"\s*[~〜～\-–]\s*(?:(?P<m2>\d{1,2})\s*[./月]\s*)?(?P<d2>\d{1,2})\s*[.日]?"
    r"\s*(?:[(（][^)）]{1,3}[)）])?\s*[)）]"
)
_INCOMING = re.compile(
    r"초청|초대|来訪|受入|受け入れ|招へい|招聘|邀请|接待|\binvit\w*|\bhost\w*|приним\w*|приглаш\w*",
    re.IGNORECASE,
)
_OUTGOING = re.compile(
    r"해외\s?방문|파견|派遣|出訪|出访|\bvisit(?:s|ing)? to\b|\bsend\w*|направ\w*|отправ\w*",
    re.IGNORECASE,
)


def _schedule_facts(sent, ctx, triggers, parties, dateline) -> list[_Fact]:
    """One visit (a programme round when young people go) per bracketed day range of a
    schedule, its places those named since the range before; the home receives them where
    the words before say it invites, and sends them where they say it sends."""
    if dateline is None or ctx.home is None:
        return []
    text = sent.text
    spans = list(_BRACKET_DAYS.finditer(text))
    trig = next((t for t in triggers if t.kind == "delegation"), None)
    if len(spans) < 2 or trig is None:
        return []
    year = int(dateline[:4])
    kind = "program" if _YOUTH.search(text) else "delegation"
    out, prev = [], 0
    for m in spans:
        group = [p for p in parties if prev <= p.start < m.start() and not p.home]
        prev = m.end()
        days = _bracket_days(m, year) if group else None
        if days is not None:
            out.append(_schedule_visit(sent, trig, kind, group, days, ctx))
    return out


def _bracket_days(m: re.Match[str], year: int) -> DateSpan | None:
    """The days a bracket of the schedule gives, in the year of the document."""
    start = _iso(year, int(m["m1"]), int(m["d1"]))
    end = _iso(year, int(m["m2"] or m["m1"]), int(m["d2"]))
    if not start or not end or end < start:
        return None
    return DateSpan(m.start(), m.end(), start, m.group(0), end)


def _schedule_visit(sent, trig, kind, group, days, ctx) -> _Fact:
    """The visit of a schedule's range: to the home from the places named when the last
    word for the direction before them says it invites, else from the home to them."""
    lead = sent.text[: group[0].start]
    incoming = max((x.end() for x in _INCOMING.finditer(lead)), default=-1)
    outgoing = max((x.end() for x in _OUTGOING.finditer(lead)), default=-1)
    home = _home_party(ctx)
    names = "・".join(p.name for p in group)
    if incoming > outgoing:
        roles = [(p, "sender") for p in group] + [(home, "visited")]
        title = f"{names} → {home.name}"
    else:
        roles = [(home, "sender")] + [(p, "visited") for p in group]
        title = f"{home.name} → {names}"
    return _Fact(kind, roles, sent, trig, None, days, None, None, 0.6, title=title)


def _youth_group(text: str, trig: Trigger) -> bool:
    """Young people named as the group itself, right before the word for it or right after
    ("delegation of 20 students"); not in a breakdown of its members in brackets."""
    after = re.split(r"[(（]", text[trig.end : trig.end + 25])[0]
    return _YOUTH.search(text[max(0, trig.start - 40) : trig.end] + after) is not None


# --- records ---------------------------------------------------------------------------------

_TYPE_LABEL = {
    "ja": {"sister": "姉妹都市提携", "friendship": "友好都市提携", "memorandum": "覚書", None: "協定",
           "delegation": "訪問団", "program": "青少年交流"},
    "zh": {"sister": "姐妹城市", "friendship": "友好城市", "memorandum": "备忘录", None: "协议",
           "delegation": "代表团访问", "program": "青少年交流"},
    "ko": {"sister": "자매결연", "friendship": "우호협력", "memorandum": "양해각서", None: "협약",
           "delegation": "대표단 방문", "program": "청소년 교류"},
    "ru": {"sister": "побратимство", "friendship": "дружественные связи", "memorandum": "меморандум",
           None: "соглашение", "delegation": "визит делегации", "program": "молодёжный обмен"},
    "en": {"sister": "sister city agreement", "friendship": "friendship agreement",
           "memorandum": "memorandum", None: "agreement", "delegation": "delegation",
           "program": "youth exchange"},
}  # fmt: skip


def _title(f: _Fact, lang: str) -> str:
    if f.title:
        return f.title
    labels = _TYPE_LABEL.get(lang, _TYPE_LABEL["en"])
    a, b = f.parties[0][0].name, f.parties[1][0].name
    if f.kind in ("delegation", "program"):
        return f"{a} → {b} {labels[f.kind]}"
    sep = "・" if lang in ("ja", "zh") else " – "
    return f"{a}{sep}{b} {labels[f.agreement_type]}"


def _fiscal_year(date: str | None, language: str) -> str | None:
    """The year of a programme's round: a Japanese fiscal year starts in April."""
    if not date:
        return None
    year = int(date[:4])
    if language == "ja" and len(date) >= 7 and int(date[5:7]) < 4:
        year -= 1
    return f"{year:04d}"


def _evidence(sent: Sentence, start: int, end: int, conf: float) -> dict:
    return {"confidence": conf, "line": sent.line_at(max(start, 0)), "text": sent.text[start:end]}


def _record(f: _Fact, ctx: DocContext, n: int) -> Record:
    told = [f.sentence, *f.extra_sentences]
    date, date_raw, date_end, date_evidence = _record_date(f)
    ids = "-".join(sorted(p.ident for p, _ in f.parties))
    return Record(
        kind=f.kind,
        key=f"prose:{f.kind}:{ids}:{(date or '')[:4]}:{n}",
        title=_title(f, ctx.language),
        line_start=min(s.first_line for s in told),
        line_end=max(ln for s in told for _, ln in s.offsets),
        parties=_record_parties(f),
        date=None if date_end else date,
        date_start=date if date_end else None,
        date_end=date_end,
        date_raw=date_raw,
        agreement_type=(f.agreement_type or "other") if f.kind == "agreement" else None,
        fiscal_year=_fiscal_year(date, ctx.language) if f.kind == "program" else None,
        participants_count=f.count[0] if f.count is not None else None,
        language=ctx.language if ctx.language != "und" else "en",
        confidence=f.confidence,
        evidence=_record_evidence(f, ctx, date_evidence),
        description=f.sentence.text[:500],
    )


def _record_parties(f: _Fact) -> list[Party]:
    """The parties with their roles; a visit's head count is its sender's."""
    parties = [Party(name=p.name, role=role, country=p.country) for p, role in f.parties]
    if f.count is not None and f.kind in ("delegation", "program"):
        parties[0].count = f.count[0]
    return parties


def _record_date(f: _Fact) -> tuple[str | None, str, str | None, dict | None]:
    """The date (the first day of a range), as written, the last day of a range, and the
    evidence: a date written, else one derived (from an anniversary, say), else none."""
    if f.date is not None:
        ev = _evidence(f.date_sentence or f.sentence, f.date.start, f.date.end, 0.85)
        return f.date.iso, f.date.raw, f.date.end_iso, ev
    if f.derived_date is not None:
        iso, text, confidence = f.derived_date
        ev = {"confidence": confidence, "line": f.sentence.first_line, "text": text,
              "how": f.derived_how}  # fmt: skip
        return iso, "", None, ev
    return None, "", None, None


def _record_evidence(f: _Fact, ctx: DocContext, date_evidence: dict | None) -> dict:
    """Per field, the line and the exact words it was read from."""
    sent = f.sentence
    evidence: dict = {
        "kind": _evidence(sent, f.trigger.start, f.trigger.end, f.confidence),
        "parties": [_party_evidence(p, sent, ctx) for p, _ in f.parties],
    }
    if date_evidence is not None:
        evidence["date"] = date_evidence
    if f.agreement_type:
        evidence["agreement_type"] = _evidence(sent, f.trigger.start, f.trigger.end, 0.8)
    if f.count is not None:
        evidence["participants_count"] = {"confidence": 0.7, "line": sent.first_line,
                                          "text": nfkc(sent.text)[f.count[1] : f.count[2]]}  # fmt: skip
    return evidence


def _party_evidence(p: _Party, sent: Sentence, ctx: DocContext) -> dict:
    """Where the sentence names the party, or, for the home side it leaves implicit, where
    the document's home party comes from."""
    if p.start >= 0:
        return _evidence(sent, p.start, p.end, p.confidence) | {"name": p.name}
    where = ctx.home.line if ctx.home is not None else None
    return {"confidence": 0.6, "line": where, "text": p.name, "name": p.name,
            "how": f"home party ({ctx.home.how if ctx.home else ''})"}  # fmt: skip


def _merge(facts: list[_Fact], dateline: str | None = None) -> list[_Fact]:
    """One fact per thing told, in the order first told; a fact told again adds to it."""
    merged: dict[tuple, _Fact] = {}
    for f in facts:
        key = _merge_key(f, merged)
        old = merged.get(key)
        if old is None:
            merged[key] = f
        else:
            _merge_into(old, f, dateline)
    return list(merged.values())


def _merge_key(f: _Fact, merged: dict[tuple, _Fact]) -> tuple:
    key = f.ident()
    if f.kind == "agreement" and key in merged and _another_tie(merged[key], f):
        return (*key, f.agreement_type)
    if f.kind != "agreement" and not f.iso:
        # an undated visit merges into a dated one of the same pair
        return next((k for k in merged if k[:2] == key[:2] and k[2]), key)
    if f.kind in ("delegation", "program") and key not in merged:
        # and a dated one into the undated one told before it (a heading, then the text)
        return next((k for k in merged if _undated_from_same_sender(k, key, merged[k], f)), key)
    return key


def _another_tie(told: _Fact, f: _Fact) -> bool:
    """ "2009년 우호도시 … 2010년 자매도시": the same pair tied again, in another year and with
    a tie of another kind (a friendship raised to a sister tie), is a second agreement."""
    return (
        told.agreement_type is not None
        and f.agreement_type is not None
        and told.agreement_type != f.agreement_type
        and told.date is not None
        and f.date is not None
        and told.date.iso[:4] != f.date.iso[:4]
    )


def _undated_from_same_sender(k: tuple, key: tuple, told: _Fact, f: _Fact) -> bool:
    return (
        k[:2] == key[:2]
        and told.iso is None
        and told.parties[0][0].ident == f.parties[0][0].ident  # same sender
    )


def _merge_into(old: _Fact, f: _Fact, dateline: str | None = None) -> None:
    """``f`` told again: ``old`` takes the more precise date with the sentence that writes
    it, and what only ``f`` says; being told twice adds to the confidence."""
    old.extra_sentences.append(f.sentence)
    if f.date is not None and (
        old.date is None
        or _more_precise(f.date.iso, old.date.iso)
        or (old.kind != "agreement" and _own_day_over_dateline(f.date.iso, old.date.iso, dateline))
    ):
        old.date, old.derived_date, old.date_sentence = f.date, None, f.date_sentence
        old.sentence, f.sentence = f.sentence, old.sentence
        old.parties = _merge_parties(f.parties, old.parties)
    elif old.date is None and old.derived_date is None and f.derived_date is not None:
        old.derived_date = f.derived_date
    old.agreement_type = old.agreement_type or f.agreement_type
    old.count = old.count or f.count
    old.confidence = round(min(0.95, max(old.confidence, f.confidence) + 0.05), 2)


def _own_day_over_dateline(iso: str, than: str, dateline: str | None) -> bool:
    """A headline dated by the dateline under it ("…교류단 환영식" / "2024년 5월 30일"), then
    the text with the day of the visit ("29일 환영식을 열었다고"): the text's day is the visit's.
    (Not an agreement's: one told again may be its re-signing, whose date is another fact.)"""
    return than == dateline and len(iso) == len(than) and iso != than


def _more_precise(iso: str, than: str) -> bool:
    """ "2019-05-03" than "2019-05" or "2019"."""
    return len(iso) > len(than) and iso.startswith(than)


def _merge_parties(new, old):
    # the version that names its parties as written (not an implicit home side) wins
    if sum(p.start >= 0 for p, _ in new) >= sum(p.start >= 0 for p, _ in old):
        return new
    return old


_NOT_A_HOME = re.compile(r"^(?:도시|시|군|구|都市|城市|市|city)$", re.IGNORECASE)


def _dateline(ctx: DocContext) -> str | None:
    """The full date a news item is dated with in its first lines, for "on the 21st"."""
    for line in ctx.lines[:8]:
        for d in find_dates(line):
            if len(d.iso) == 10:
                return d.iso
    # a month alone on a short line near the top ("2025년 10월", "Posted July 2024",
    # "发布时间：2023年11月") still gives the year of "Nov. 16" and the month of "31일"
    for line in ctx.lines[:5]:
        if len(line.strip()) <= 40:
            for d in find_dates(line):
                if len(d.iso) == 7:
                    return d.iso
    return None


def _home_from_heading(ctx: DocContext) -> HomeParty | None:
    """When the document context names no home party, the first town named in the
    document's first lines (the title, a dateline "Хабаровск, 21 апреля 2015") stands in
    for it: a news item is written from its town's side."""
    for number, line in enumerate(ctx.lines[:4], 1):
        for m in find_places(line[:200], ctx.language):
            if not m.is_country:
                name = (m.stem or m.text) if m.declined else m.text
                return HomeParty(name, m.country, number, "first line")
    return None


def _countries_from_earlier_mentions(facts: list[_Fact], qualified: dict[str, str]) -> None:
    """ "中国福建省の南安市と厦門市を訪れた" … "平戸市と南安市は": a place named bare keeps the
    country the text gave it where it named it with its country or region."""
    for f in facts:
        for p, _ in f.parties:
            if p.country is None and not p.home and p.name in qualified:
                p.country = qualified[p.name]


def _one_tie_per_anniversary(facts: list[_Fact]) -> list[_Fact]:
    """ "A市訪中団がB市とC市を訪問 友好都市締結20周年" … "A市とB市は1995年に友好都市関係を
    結び": the anniversary is of the one tie the text states in the year it counts from; the
    other places of the anniversary's sentence are not tied that year."""
    stated_years = {f.date.iso[:4] for f in facts if f.kind == "agreement" and f.date is not None}
    return [
        f
        for f in facts
        if not (
            f.kind == "agreement"
            and f.date is None
            and f.derived_date is not None
            and f.derived_how == "anniversary"
            and f.derived_date[0][:4] in stated_years
        )
    ]


def _date_orphans(facts: list[_Fact], dateline: str | None) -> list[_Fact]:
    """A tie dated in a sentence that names no partner dates the document's only undated
    agreement, when there is exactly one such agreement and one such date (other than the
    document's own dateline)."""
    orphans = [f for f in facts if f.kind == "orphan" and f.iso != dateline]
    facts = [f for f in facts if f.kind != "orphan"]
    undated = [f for f in facts if f.kind == "agreement" and f.iso is None]
    agreements = [f for f in facts if f.kind == "agreement"]
    if len(orphans) == 1 and len(undated) == 1 and len(agreements) <= 2:
        o, f = orphans[0], undated[0]
        f.derived_date = (o.date.iso, o.date.raw, 0.5)
        f.agreement_type = f.agreement_type or o.agreement_type
        f.extra_sentences.append(o.sentence)
    return facts


def _date_the_last_visit(sent: Sentence, facts: list[_Fact], dateline: str | None) -> None:
    """ "Делегация пробудет в Иркутске с 23 по 30 июля", "The delegation stays until the
    5th": a sentence about the visit just told, naming no other party, gives its days."""
    visits = [f for f in facts if f.kind in ("delegation", "program")]
    if not visits or not any(t.kind == "delegation" for t in find_triggers(sent.text)):
        return
    ranges = [d for d in _sentence_dates(sent.text, dateline) if d.end_iso]
    last = visits[-1]
    if ranges and (last.date is None or last.date.end_iso is None):
        if last.date is None or last.date.iso[:4] == ranges[0].iso[:4]:
            last.date, last.derived_date, last.date_sentence = ranges[0], None, sent
            last.extra_sentences.append(sent)


def extract_prose(lines: list[tuple[int, str]], ctx: DocContext) -> list[Record]:
    """Agreements and delegations stated in a block of running text."""
    if ctx.home is None or _NOT_A_HOME.match(ctx.home.name) or ctx.home.how == "text":
        # a home read from the body's first sentence may be the partner it names first:
        # the town of the title or dateline is the better guess
        ctx = dataclasses.replace(ctx, home=_home_from_heading(ctx) or ctx.home)
    dateline = _dateline(ctx)
    countries = frozenset(_document_countries(lines, ctx))
    facts: list[_Fact] = []
    recent: DateSpan | None = None  # the full date of the sentence before
    qualified: dict[str, str] = {}  # a place's country, from where the text names it
    for sent in split_sentences(lines):
        found = _sentence_facts(sent, ctx, dateline, countries, recent)
        for p in _sentence_parties(sent, ctx, countries):
            if p.country and not p.home:
                qualified.setdefault(p.name, p.country)
        if not found:
            _date_the_last_visit(sent, facts, dateline)
        facts += found
        full = [d for d in _sentence_dates(sent.text, dateline) if len(d.iso) == 10]
        recent = full[0] if full else None
    orphans = [f for f in facts if f.kind == "orphan"]
    facts = _merge([f for f in facts if f.kind != "orphan"], dateline)
    facts = _one_tie_per_anniversary(facts)
    _countries_from_earlier_mentions(facts, qualified)
    facts = _date_orphans(facts + orphans, dateline)
    return [_record(f, ctx, i) for i, f in enumerate(facts)]
