"""Reader for a mayors' association page in Russian with pipe tables of delegations.

The page describes one association (founded in a year, chaired by a mayor, with a
secretariat), a bilateral meeting series held with a counterpart association, and one or
more tables ``Период пребывания | Посещённые города | Города-участники |`` listing the
delegations exchanged. Numbered meetings (``IV Встречи мэров в г. Каннын - 2006 г.``)
are mentioned in paragraphs and in table notes.

Decisions worth knowing:

* The counterpart association is a ``Party(role="partner")`` of the association's network
  record, not a record of its own: the page says nothing else about it (no members, no
  founding date), so a second record would be empty.
* Members are the cities of the association's country that take part in delegations
  (senders); the chair and the secretariat city get their own roles (they are members too).
* A table is "youth" or "staff" by cue words in the paragraph just before it, and failing
  that by cues in its rows (accompanying adults, youth groups); otherwise it is unknown and
  a Finding says so.
* City names in an oblique case (``из г. Владивостока``) are put in the nominative when
  the nominative is written elsewhere in the same page; a misspelt city
  (``Петропвловск-Камчатский``) keeps its spelling in ``place`` and gets the spelling used
  elsewhere in ``extra["place_normalized"]`` with a Finding.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from koryu.normalize.dates import parse_date_range
from koryu.normalize.numbers import parse_count
from koryu.readers.base import ReaderError
from koryu.readers.completeness import cut_reason, ends_sentence, last_content_line, quote
from koryu.records import Finding, Party, Record

FORMAT = "association-delegations"
LANGUAGE = "ru"
SPECIFIC = True  # records are published directly

# Stems of country names as they appear in Russian cases: "из Японии", "РФ", "России".
_COUNTRY_STEMS = (
    ("Япон", "JP"),
    ("Российск", "RU"),
    ("Росси", "RU"),
    ("РФ", "RU"),
    ("Кита", "CN"),
    ("Коре", "KR"),
    ("Монгол", "MN"),
)
_COUNTRY_WORD = r"(?:Япон\w*|Российской\s+Федерации|Росси\w*|РФ|Кита\w*|Коре\w*|Монгол\w*)"

_NAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*"
_SEPARATOR = re.compile(r"^\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_HEADER_WORDS = re.compile(r"Период|Посещ|участник|Дата", re.IGNORECASE)

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN = r"[IVXLCDM]+"
_MEETING = re.compile(
    rf"\b(?P<nums>{_ROMAN}(?:\s*(?:,|и)\s*{_ROMAN})*)\s+(?P<word>Встреч\w*)\s+мэров"
)
_YEAR_THEN_PLACE = re.compile(
    rf"[Вв]\s+(?P<year>\d{{4}})\s*(?:г\.|году)\s*в\s+(?:г\.|городе)\s*(?P<place>{_NAME})"
)
_PLACE_THEN_YEAR = re.compile(
    rf"в\s+(?:г\.|городе)\s*(?P<place>{_NAME})\s*(?:[-–—,]\s*|в\s+)(?P<year>\d{{4}})\s*(?:г\.|году)"
)

_WORD_NUMBERS = {
    "одному": 1,
    "одного": 1,
    "одному взрослому": 1,
    "двое": 2,
    "два": 2,
    "двум": 2,
    "двоим": 2,
    "трое": 3,
    "три": 3,
    "трём": 3,
    "трем": 3,
}
_PER_GROUP = re.compile(
    r"[Вв]\s+каждой\s+группе\s+(?:было\s+)?по\s+(?P<n>\d+|\w+)\s+взросл\w*\s+сопровождающ\w*\.?"
)
_RECORD_ADULTS = re.compile(
    r",?\s*(?:(?:а|в|и)\s+)?также\s+взросл\w*\s+сопровождающ\w*\s*[-–—:]?\s*(?P<n>\d+)\s*чел\.?"
)
_PARTY_ADULTS = re.compile(r"взросл\w*\s+сопровождающ\w*\s*[-–—:]?\s*(?P<n>\d+)\s*чел")
_FROM_COUNTRY = re.compile(rf"^\s*[Ии]з\s+(?P<country>{_COUNTRY_WORD})\s*")
_SECRETARIAT = re.compile(r"^(?:из\s+)?Секретариат\w*", re.IGNORECASE)
_FROM_CITY = re.compile(rf"\bиз\s+(?:г\.\s*)?(?P<name>{_NAME})")
_BREAKDOWN = re.compile(r"(?P<n>\d+)\s+(?P<what>[а-яё]+)")
_VISIT_COUNT = re.compile(r"(?P<n>\d+)-х\s+город")

_YOUTH_CUES = re.compile(r"молод|юнош|дет(?:ей|и|ск)|школ|студент", re.IGNORECASE)
_STAFF_CUES = re.compile(r"сотрудник|служащ|персонал|чиновник", re.IGNORECASE)
_ADULT_CUES = re.compile(r"взросл\w*\s+сопровождающ", re.IGNORECASE)


@dataclass
class _Line:
    number: int  # 1-based
    text: str


@dataclass
class _Table:
    header_line: int
    preceding: _Line | None  # the paragraph just before the table
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass
class _Association:
    name: str
    country: str | None
    founded: str | None
    founded_raw: str
    chair: str | None
    secretariat: str | None
    secretariat_note: str
    partner: str | None
    partner_raw: str
    partner_country: str | None
    series: str | None
    interval: int | None
    description: str
    line_start: int
    line_end: int
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Mention:
    edition: int
    numeral: str
    year: str
    year_raw: str
    place: str
    line: int
    malformed: bool


# --- sniffing ---------------------------------------------------------------------------


def sniff(text: str) -> float:
    """Cyrillic share of the letters, a pipe table with delegation header words, an association."""
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return 0.0
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff") / len(letters)
    score = 0.4 * min(1.0, cyrillic / 0.6)
    lines = sample.split("\n")
    if any(
        "|" in line and _HEADER_WORDS.search(line) and _SEPARATOR.match(nxt)
        for line, nxt in zip(lines, lines[1:], strict=False)
    ):
        score += 0.4
    if re.search(r"Ассоциац\w*\s+мэров", sample):
        score += 0.2
    return round(min(score, 1.0), 3)


# --- small helpers ----------------------------------------------------------------------


def country_of(text: str) -> str | None:
    """ISO code of the first Russian country word in ``text``: "Японии" -> "JP", "РФ" -> "RU"."""
    hits = [(text.find(stem), code) for stem, code in _COUNTRY_STEMS if stem in text]
    return min(hits)[1] if hits else None


def roman_value(numeral: str) -> int | None:
    """Value of a Roman numeral read leniently (a smaller digit before a larger subtracts).

    ``XVIV`` reads as 10 + 5 - 1 + 5 = 19; ``is_canonical_roman`` tells whether it was
    written the standard way.
    """
    if not numeral or any(ch not in _ROMAN_VALUES for ch in numeral):
        return None
    total = 0
    values = [_ROMAN_VALUES[ch] for ch in numeral]
    for i, value in enumerate(values):
        if i + 1 < len(values) and value < values[i + 1]:
            total -= value
        else:
            total += value
    return total if total > 0 else None


def to_roman(value: int) -> str:
    """Standard Roman numeral for 1..3999."""
    out = []
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def is_canonical_roman(numeral: str) -> bool:
    value = roman_value(numeral)
    return value is not None and to_roman(value) == numeral


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _split_top_level(s: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside parentheses."""
    parts, depth, current = [], 0, []
    for ch in s:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _word_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _WORD_NUMBERS.get(word.lower())


def _nominative(name: str, known: set[str]) -> str:
    """``Владивостока`` -> ``Владивосток`` when the nominative is written in the page."""
    known = known - {name}
    for ending in ("а", "я", "ы", "и", "е", "у", "ю", "ом", "ем", "ой"):
        if name.endswith(ending) and name[: -len(ending)] in known:
            return name[: -len(ending)]
    for ending, replacement in (("ы", "а"), ("и", "а"), ("е", "а"), ("у", "а"), ("ой", "а")):
        if name.endswith(ending):
            candidate = name[: -len(ending)] + replacement
            if candidate in known:
                return candidate
    return name


def _closest(name: str, known: set[str]) -> str | None:
    """A differently spelt city of the same page within one or two typos of ``name``."""
    candidates = [k for k in known if k != name and abs(len(k) - len(name)) <= 2]
    best = difflib.get_close_matches(name, candidates, n=1, cutoff=0.9)
    return best[0] if best else None


# --- document structure -----------------------------------------------------------------


def _structure(lines: list[_Line], name: str) -> tuple[list[_Line], list[_Table], list[Finding]]:
    """Paragraph lines and pipe tables; a header with no separator or no rows is truncated."""
    paragraphs: list[_Line] = []
    tables: list[_Table] = []
    findings: list[Finding] = []
    i = 0
    last_paragraph: _Line | None = None
    while i < len(lines):
        line = lines[i]
        text = line.text.strip()
        if not text:
            i += 1
            continue
        is_header = text.count("|") >= 2 and _HEADER_WORDS.search(text)
        if is_header:
            nxt = lines[i + 1].text if i + 1 < len(lines) else ""
            if not _SEPARATOR.match(nxt):
                at = line.number + 1 if nxt.strip() else line.number  # where it stops
                raise ReaderError(name, at, "truncated table: header without separator")
            table = _Table(header_line=line.number, preceding=last_paragraph)
            i += 2
            while i < len(lines) and "|" in lines[i].text and not _SEPARATOR.match(lines[i].text):
                row = lines[i]
                cells = [c.strip() for c in row.text.strip().split("|")]
                if cells and cells[-1] == "" and row.text.rstrip().endswith("|"):
                    cells = cells[:-1]
                table.rows.append((row.number, cells))
                i += 1
            if not table.rows:
                at_end = all(not rest.text.strip() for rest in lines[i:])
                if at_end:
                    raise ReaderError(name, line.number, "truncated table: header with no rows")
                findings.append(
                    Finding("empty-table", "delegation table with no rows", line.number)
                )
            tables.append(table)
            continue
        paragraphs.append(line)
        last_paragraph = line
        i += 1
    return paragraphs, tables, findings


# --- the association --------------------------------------------------------------------

# a lookahead, so that "A и Ассоциация B" yields both names
_ASSOC_PHRASE = re.compile(r"(?=(Ассоциаци(?:я|ей|и|ю)\s+мэров\s+городов\s+[^|.;()]+))")


def _association_phrases(text: str) -> list[tuple[str, str]]:
    """Association names in ``text`` as (nominative, as written), ending at a country word."""
    out = []
    for m in _ASSOC_PHRASE.finditer(text):
        chunk = re.split(r"\s+[-–—]\s+|,|\s+и\s+Ассоциац", m.group(1))[0]
        ends = list(re.finditer(_COUNTRY_WORD, chunk))
        if not ends:
            continue
        raw = _clean(chunk[: ends[-1].end()])
        nominative = re.sub(r"^Ассоциаци(?:ей|и|ю)\b", "Ассоциация", raw)
        out.append((nominative, raw))
    return out


_FOUNDED_VERB = r"(?:была\s+|был\s+)?(?:образована|основана|создана|учреждена)"
_FOUNDINGS = (  # "в 1970 г. была образована Ассоциация ..." / "Ассоциация ... основана в 1985 г."
    re.compile(
        rf"[Вв]\s+(?P<year>\d{{4}})\s*г(?:\.|оду)?\s*{_FOUNDED_VERB}\s+(?P<name>Ассоциация[^.]+)"
    ),
    re.compile(
        rf"(?P<name>Ассоциация\s+мэров[^.]+?)\s+{_FOUNDED_VERB}\s+в\s+(?P<year>\d{{4}})\s*г"
    ),
)


def _association(paragraphs: list[_Line], name: str, table_intros: set[int]) -> _Association:
    """The page's own association: its name (and founding), the introduction that
    describes it, then what the paragraphs say of it (chair, secretariat, counterpart,
    meeting series and interval)."""
    intro = _intro(paragraphs, table_intros)
    own, founded, founded_raw = _own_name(paragraphs, name)
    country = country_of(own)
    facts = _Facts()
    for line in paragraphs:
        _read_facts(line, facts)
        _other_associations(line, own, country, facts)
    return _Association(
        name=own,
        country=country,
        founded=founded,
        founded_raw=founded_raw or "",
        chair=facts.chair,
        secretariat=facts.secretariat,
        secretariat_note=facts.secretariat_note,
        partner=facts.partner,
        partner_raw=facts.partner_raw or "",
        partner_country=country_of(facts.partner) if facts.partner else None,
        series=facts.series,
        interval=facts.interval,
        description=_clean(intro[0].text) if intro else "",
        line_start=intro[0].number if intro else 1,
        line_end=intro[-1].number if intro else 1,
        findings=facts.findings,
    )


@dataclass
class _Facts:
    chair: str | None = None
    secretariat: str | None = None
    secretariat_note: str = ""
    partner: str | None = None
    partner_raw: str | None = None
    series: str | None = None
    interval: int | None = None
    variants: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)


def _intro(paragraphs: list[_Line], table_intros: set[int]) -> list[_Line]:
    """The first run of consecutive paragraphs, before any arrow line or table intro."""
    intro: list[_Line] = []
    for line in paragraphs:
        if (
            line.text.lstrip().startswith("⇒")
            or line.number in table_intros
            or (intro and line.number != intro[-1].number + 1)
        ):
            break
        intro.append(line)
    return intro


def _own_name(paragraphs: list[_Line], name: str) -> tuple[str, str | None, str | None]:
    """(name, founding year, as written): from a founding sentence, else the first
    association named."""
    for line in paragraphs:
        m = _FOUNDINGS[0].search(line.text) or _FOUNDINGS[1].search(line.text)
        if m:
            phrases = _association_phrases(m.group("name"))
            own = phrases[0][0] if phrases else _clean(m.group("name"))
            return own, m.group("year"), f"{m.group('year')} г."
    for line in paragraphs:
        phrases = _association_phrases(line.text)
        if phrases:
            return phrases[0][0], None, None
    first = paragraphs[0].number if paragraphs else None
    raise ReaderError(name, first, "no association named (expected 'Ассоциация мэров ...')")


def _read_facts(line: _Line, facts: _Facts) -> None:
    """Chair, secretariat, meeting interval and series: the first mention of each."""
    text = line.text
    m = re.search(rf"председател\w*\s+(?:является\s+)?мэр\w*\s+г\.\s*(?P<c>{_NAME})", text)
    if m and facts.chair is None:
        facts.chair = m.group("c")
    m = re.search(
        rf"секретариат\w*[^.]*?(?P<who>(?:международн|отдел)[^.]*?)?г\.\s*(?P<c>{_NAME})",
        text,
        re.IGNORECASE,
    )
    if m and facts.secretariat is None:
        facts.secretariat = m.group("c")
        dept = re.search(r"выполняет\s+(?P<d>[^.]*?)\s+г\.", text)
        facts.secretariat_note = _clean(dept.group("d")) if dept else ""
    m = re.search(r"раз\s+в\s+(?P<n>два|три|\d+)\s+год", text)
    if m and facts.interval is None:
        facts.interval = {"два": 2, "три": 3}.get(m.group("n")) or int(m.group("n"))
    m = re.search(r"провод\w*\s+(?P<s>Встреч[аи]\s+мэров[^.]*)", text)
    if m and facts.series is None:
        facts.series = _clean(m.group("s"))


def _other_associations(line: _Line, own: str, country: str | None, facts: _Facts) -> None:
    """Associations other than the page's own: the other country's is the counterpart
    (another name for it is a variant); one of the same country this alike is a slip."""
    for nominative, raw in _association_phrases(line.text):
        if nominative.casefold() == own.casefold():
            continue
        side = country_of(nominative)
        if side and side != country:  # an association of the other country
            if facts.partner is None:
                facts.partner, facts.partner_raw = nominative, raw
            elif nominative != facts.partner and nominative not in facts.variants:
                facts.variants.add(nominative)
                facts.findings.append(
                    Finding(
                        "name-variant",
                        "the counterpart association is named differently",
                        line.number,
                        {"name": facts.partner, "variant": nominative},
                    )
                )
            continue
        ratio = difflib.SequenceMatcher(None, nominative.casefold(), own.casefold()).ratio()
        if ratio > 0.9 and nominative not in facts.variants:
            facts.variants.add(nominative)
            facts.findings.append(
                Finding(
                    "spelling-variant",
                    "the association's name is misspelt",
                    line.number,
                    {"name": own, "variant": nominative},
                )
            )


# --- meetings ---------------------------------------------------------------------------


def _meeting_mentions(lines: list[_Line]) -> tuple[list[_Mention], list[Finding]]:
    mentions: list[_Mention] = []
    findings: list[Finding] = []
    for line in lines:
        text = line.text
        matches = list(_MEETING.finditer(text))
        for i, m in enumerate(matches):
            numerals = re.findall(_ROMAN, m.group("nums"))
            if len(numerals) == 1:
                # "XVII Встречи мэров в г. Находка - 1999 г.": up to the next meeting mentioned
                stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
                after = re.split(r"[|*]", text[m.end() : stop])[0]
                pairs = _pairs(after)[:1] or _pairs(text[: m.start()])[-1:]
            else:
                pairs = _pairs(text[: m.start()])
            if len(pairs) != len(numerals):
                findings.append(
                    Finding(
                        "meeting-undated",
                        f"meeting {m.group('nums')} has no year and place that can be matched",
                        line.number,
                        {"numerals": numerals},
                    )
                )
                continue
            for numeral, (year, year_raw, place) in zip(numerals, pairs, strict=True):
                value = roman_value(numeral)
                if value is None:
                    continue
                mentions.append(
                    _Mention(
                        edition=value,
                        numeral=numeral,
                        year=year,
                        year_raw=year_raw,
                        place=place,
                        line=line.number,
                        malformed=not is_canonical_roman(numeral),
                    )
                )
    return mentions, findings


def _pairs(text: str) -> list[tuple[str, str, str]]:
    """(year, year as written, place) in order of appearance."""
    found = []
    for pattern in (_YEAR_THEN_PLACE, _PLACE_THEN_YEAR):
        for m in pattern.finditer(text):
            raw = re.search(r"\d{4}\s*(?:г\.|году)", m.group(0)).group(0)
            found.append((m.start(), m.group("year"), raw, m.group("place")))
    found.sort()
    return [(year, raw, place) for _, year, raw, place in found]


def _check_numerals(mentions: list[_Mention], interval: int | None) -> list[Finding]:
    """Check malformed numerals against the years of well-formed ones; fix when they disagree."""
    findings = []
    sound = sorted({(m.edition, int(m.year)) for m in mentions if not m.malformed})
    step = interval
    if step is None and len(sound) >= 2:
        (e1, y1), (e2, y2) = sound[0], sound[-1]
        if e2 != e1 and (y2 - y1) % (e2 - e1) == 0:
            step = (y2 - y1) // (e2 - e1)
    for mention in mentions:
        if not mention.malformed:
            continue
        expected = None
        if step and sound:
            edition, year = min(sound, key=lambda s: abs(s[1] - int(mention.year)))
            delta = int(mention.year) - year
            if delta % step == 0:
                expected = edition + delta // step
        lenient = mention.edition
        if expected is not None and expected != lenient:
            mention.edition = expected
        findings.append(
            Finding(
                "malformed-numeral",
                f"Roman numeral {mention.numeral!r} is not well formed; read as "
                f"{mention.edition} ({to_roman(mention.edition)})",
                mention.line,
                {
                    "raw": mention.numeral,
                    "lenient_value": lenient,
                    "expected_from_context": expected,
                    "read_as": mention.edition,
                },
            )
        )
    return findings


# --- delegations ------------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    table: _Table
    period: str
    visited: list[str]
    senders: list[Party]
    purpose: str
    notes: list[str]
    accompanying: int | None
    breakdown: dict[str, int]
    findings: list[Finding]


def _table_kind(table: _Table) -> str | None:
    before = table.preceding.text if table.preceding else ""
    if _STAFF_CUES.search(before):
        return "staff"
    if _YOUTH_CUES.search(before):
        return "youth"
    rows = " ".join(" ".join(cells) for _, cells in table.rows)
    if _YOUTH_CUES.search(rows) or _ADULT_CUES.search(rows):
        return "youth"
    if _STAFF_CUES.search(rows):
        return "staff"
    return None


def _columns(header: str) -> tuple[int, int, int]:
    cells = [c.strip() for c in header.strip().strip("|").split("|")]
    period = visited = participants = None
    for i, cell in enumerate(cells):
        low = cell.lower()
        if period is None and re.search(r"период|дата|срок", low):
            period = i
        elif visited is None and "посещ" in low:
            visited = i
        elif participants is None and re.search(r"участник|состав|делегац", low):
            participants = i
    return (period if period is not None else 0, visited if visited is not None else 1,
            participants if participants is not None else 2)  # fmt: skip


def _parse_participants(
    cell: str, secretariat: str | None, line: int
) -> tuple[list[Party], str, list[str], int | None, dict[str, int], list[Finding]]:
    """Senders (parties), purpose, notes, accompanying adults of the row, count breakdown."""
    findings: list[Finding] = []
    notes: list[str] = []
    purpose = ""
    if "*" in cell:
        cell, note = cell.split("*", 1)
        notes.append(_clean(note))
    per_group, cell = _cut(cell, _PER_GROUP, lambda m: _word_number(m.group("n")))
    row_adults, cell = _cut(cell, _RECORD_ADULTS, lambda m: int(m.group("n")))
    country = None
    m = _FROM_COUNTRY.match(cell)
    if m:
        country = country_of(m.group("country"))
        cell = cell[m.end() :]
    breakdown: dict[str, int] = {}
    parties: list[Party] = []
    for item in _split_top_level(cell.strip().rstrip(".")):
        party, said = _participant(item, secretariat, line, breakdown, findings)
        if said is not None:
            purpose = said
        if party is not None:
            parties.append(party)
    for party in parties:
        if country and party.country is None:
            party.country = country
        if per_group is not None and party.accompanying is None:
            party.accompanying = per_group
    adults = row_adults
    if adults is None and any(p.accompanying is not None for p in parties):
        adults = sum(p.accompanying or 0 for p in parties)
    return parties, purpose, notes, adults, breakdown, findings


def _cut(cell: str, pattern: re.Pattern, value) -> tuple[object, str]:
    """(value of the first match, the cell without it), or (None, the cell)."""
    m = pattern.search(cell)
    if not m:
        return None, cell
    return value(m), cell[: m.start()] + cell[m.end() :]


def _participant(
    item: str, secretariat: str | None, line: int, breakdown: dict[str, int], findings: list
) -> tuple[Party | None, str | None]:
    """One sender of a participants cell, and the purpose written before "из г. X" (None
    when there is none); (None, None) with a finding for what cannot be read."""
    paren = re.search(r"\((?P<inner>[^()]*)\)", item)
    inner = paren.group("inner") if paren else ""
    head = _clean(item[: paren.start()] if paren else item)
    count, accompanying = _counts(inner, breakdown)
    if _SECRETARIAT.match(head):
        who = inner if inner and not re.search(r"\d", inner) else secretariat
        if not who:
            findings.append(Finding("unknown-secretariat", "secretariat not named", line))
            return None, None
        note = _clean(item) if count else head
        return Party(name=who, role="sender", count=count, note=note), None
    head = re.sub(r"^г\.\s*", "", head)
    purpose = None
    if not re.fullmatch(rf"{_NAME}(?:\s+{_NAME})?", head):
        m = _FROM_CITY.search(head)
        if not m:
            findings.append(
                Finding("unrecognised-participant", f"cannot read participant {item!r}", line)
            )
            return None, None
        purpose, head = _clean(head[: m.start()]), m.group("name")
    # A head count broken down by function ("8 танцоров, 1 переводчика") is kept as written.
    note = f"({inner})" if inner and not re.search(r"\d+\s*чел", inner) else ""
    party = Party(name=head, role="sender", count=count, accompanying=accompanying, note=note)
    return party, purpose


def _counts(inner: str, breakdown: dict[str, int]) -> tuple[int | None, int | None]:
    """(head count, accompanying adults) of a participant's parenthesis; a count by
    function adds to the row's breakdown (and the count is the breakdown's sum so far)."""
    if not inner or not re.search(r"\d", inner):
        return None, None
    adults = _PARTY_ADULTS.search(inner)
    accompanying = int(adults.group("n")) if adults else None
    if re.search(r"\d+\s*чел", inner):
        return parse_count(inner), accompanying
    for b in _BREAKDOWN.finditer(inner):
        breakdown[b.group("what")] = breakdown.get(b.group("what"), 0) + int(b["n"])
    return sum(breakdown.values()) or None, accompanying


def _rows(tables: list[_Table], secretariat: str | None, lines: dict[int, str]) -> list[_Row]:
    out = []
    for table in tables:
        period_i, visited_i, participants_i = _columns(lines[table.header_line])
        for number, cells in table.rows:
            findings = []
            needed = max(period_i, visited_i, participants_i) + 1
            if len(cells) < needed or any(not c for c in cells[:needed]):
                findings.append(
                    Finding(
                        "missing-cell",
                        f"row has {sum(1 for c in cells if c)} of {needed} cells",
                        number,
                    )
                )
                cells = cells + [""] * (needed - len(cells))
            visited = _split_top_level(cells[visited_i])
            parties, purpose, notes, adults, breakdown, more = _parse_participants(
                cells[participants_i], secretariat, number
            )
            findings.extend(more)
            out.append(
                _Row(
                    line=number,
                    table=table,
                    period=_clean(cells[period_i]),
                    visited=visited,
                    senders=parties,
                    purpose=purpose,
                    notes=notes,
                    accompanying=adults,
                    breakdown=breakdown,
                    findings=findings,
                )
            )
    return out


def _short_list(names: list[str]) -> str:
    return ", ".join(names) if len(names) <= 2 else ", ".join(names[:2]) + "…"


# --- parse ------------------------------------------------------------------------------


def _check_complete(lines: list[_Line], tables: list[_Table], name: str) -> None:
    """Refuse a page cut short: its last line is a table row or a paragraph left unfinished."""
    end = last_content_line([line.text for line in lines])
    text = lines[end - 1].text.strip()
    for table in tables:
        numbers = [number for number, _ in table.rows]
        if end in numbers:
            _check_last_row(table, lines[table.header_line - 1].text, text, end, name)
            return
    if not ends_sentence(text):
        raise ReaderError(name, end, f"truncated: the document stops mid-sentence at {quote(text)}")


def _check_last_row(table: _Table, header: str, text: str, end: int, name: str) -> None:
    cells = table.rows[-1][1]
    expected = len([c for c in header.strip().split("|") if c.strip()])
    why = cut_reason(text)
    if not why and header.rstrip().endswith("|") and not text.endswith("|"):
        why = "the closing '|' is missing"
    if not why and len(cells) < expected:
        why = f"{len(cells)} of {expected} cells"
    if why:
        raise ReaderError(name, end, f"truncated: the last table row stops mid-row ({why})")


def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]:
    """The page's phases: structure (paragraphs and tables), the association, the table
    rows, the countries of the cities, the meetings, the delegations, the network."""
    lines = [_Line(i, t.rstrip("\r")) for i, t in enumerate(text.split("\n"), start=1)]
    if not any(line.text.strip() for line in lines):
        raise ReaderError(name, None, "empty document")
    paragraphs, tables, findings = _structure(lines, name)
    if not tables:
        raise ReaderError(name, None, "no delegation table ('Период пребывания | ...') found")
    _check_complete(lines, tables, name)
    intros = {t.preceding.number for t in tables if t.preceding}
    assoc = _association(paragraphs, name, intros)
    by_number = {line.number: line.text for line in lines}
    rows = _rows(tables, assoc.secretariat, by_number)
    city_country, known_cities = _city_countries(rows, assoc)
    events = _events(paragraphs, tables, assoc, city_country, known_cities, findings)
    records, member_names = _delegations(rows, assoc, events, city_country)
    network = _network_record(assoc, member_names, events)
    ordered_events = sorted(events.values(), key=lambda e: e.edition or 0)
    return [network, *ordered_events, *records], findings


def _city_countries(rows: list, assoc) -> tuple[dict[str, str], set[str]]:
    """Countries: explicit "Из Японии"/"Из России" first, then the same city elsewhere on
    the page, then the table's context (staff of member cities belong to the association's
    country); visited cities are on the other side of a bilateral exchange. Sets each
    sender's country and nominative name; returns (city -> country, every city named)."""
    city_country: dict[str, str] = {}
    for row in rows:
        for party in row.senders:
            if party.country:
                city_country.setdefault(party.name, party.country)
    known_cities = {v for row in rows for v in row.visited} | {
        p.name for row in rows for p in row.senders
    }
    for row in rows:
        _row_countries(row, assoc, city_country, known_cities)
    for row in rows:
        for party in row.senders:
            if party.country is None:
                party.country = city_country.get(party.name)
    return city_country, known_cities


def _row_countries(row, assoc, city_country: dict[str, str], known_cities: set[str]) -> None:
    """A row's senders (nominative name, country); its visited cities are on the other
    side when all its senders are on one side of a bilateral exchange."""
    members_table = bool(row.table.preceding and re.search(r"член", row.table.preceding.text))
    for party in row.senders:
        party.name = _nominative(party.name, known_cities)
        if party.country is None:
            party.country = city_country.get(party.name) or (
                assoc.country if members_table else None
            )
    sides = [c for c in (assoc.country, assoc.partner_country) if c]
    sender_countries = {p.country for p in row.senders if p.country}
    if len(sides) == 2 and len(sender_countries) == 1:
        (sent,) = sender_countries
        other = sides[1] if sent == sides[0] else sides[0]
        for city in row.visited:
            city_country.setdefault(city, other)


def _events(paragraphs, tables, assoc, city_country, known_cities, findings) -> dict[int, Record]:
    """One event per meeting edition the page mentions (in text or tables), by edition."""
    mentions, meeting_findings = _meeting_mentions(paragraphs + [
        _Line(number, " | ".join(cells)) for table in tables for number, cells in table.rows
    ])  # fmt: skip
    findings.extend(meeting_findings)
    numeral_findings = _check_numerals(mentions, assoc.interval)
    series = assoc.series or "Встреча мэров"
    events: dict[int, Record] = {}
    for mention in sorted(mentions, key=lambda m: m.line):
        record = events.get(mention.edition)
        if record is None:
            record = events[mention.edition] = _event_record(
                mention, series, assoc, city_country, known_cities
            )
        else:
            _mentioned_again(record, mention)
        record.findings.extend(f for f in numeral_findings if f.line == mention.line
                               and f.detail.get("raw") == mention.numeral)  # fmt: skip
    return events


def _event_record(mention, series: str, assoc, city_country, known_cities) -> Record:
    place_fixed = _closest(mention.place, known_cities - {mention.place})
    host = place_fixed or mention.place
    parties = [Party(name=host, role="host", country=city_country.get(host))]
    if place_fixed:
        parties[0].note = f"written: {mention.place}"
    parties.append(Party(name=assoc.name, role="co_organizer", country=assoc.country))
    if assoc.partner:
        parties.append(
            Party(name=assoc.partner, role="co_organizer", country=assoc.partner_country)
        )
    record = Record(
        kind="event",
        key=f"event:{series}:{mention.edition}",
        title=f"{to_roman(mention.edition)} {series} ({host}, {mention.year})",
        line_start=mention.line,
        line_end=mention.line,
        parties=parties,
        date=mention.year,
        date_raw=mention.year_raw,
        place=mention.place,
        series=series,
        edition=mention.edition,
        related_keys=[f"network:{assoc.name}"],
        language=LANGUAGE,
        extra={"numeral": mention.numeral, "lines": [mention.line]},
    )
    if place_fixed:
        record.extra["place_normalized"] = place_fixed
        record.findings.append(
            Finding(
                "spelling-variant",
                f"place {mention.place!r} is spelt {place_fixed!r} elsewhere",
                mention.line,
                {"written": mention.place, "elsewhere": place_fixed},
            )
        )
    return record


def _mentioned_again(record: Record, mention) -> None:
    if mention.line not in record.extra["lines"]:
        record.extra["lines"].append(mention.line)
    if mention.year != record.date:
        record.findings.append(
            Finding(
                "meeting-conflict",
                f"meeting {mention.edition} dated {mention.year} and {record.date}",
                mention.line,
            )
        )


def _delegations(rows, assoc, events, city_country) -> tuple[list[Record], list[str]]:
    """A delegation per table row, and the association's member cities in order."""
    records: list[Record] = []
    member_names: list[str] = []
    used_keys: set[str] = set()
    for row in rows:
        for party in row.senders:
            if party.country == assoc.country and party.name not in member_names:
                member_names.append(party.name)
        record = _delegation_record(row, events, city_country)
        while record.key in used_keys:
            record.key += "+"
        used_keys.add(record.key)
        records.append(record)
    return records, member_names


def _delegation_record(row, events, city_country) -> Record:
    kind = _table_kind(row.table)
    row_findings = list(row.findings)
    date_start = date_end = None
    if row.period:
        date_start, date_end = parse_date_range(row.period)
        if date_start is None:
            row_findings.append(
                Finding("unparsed-date", f"cannot read period {row.period!r}", row.line)
            )
    if not row.senders:
        row_findings.append(Finding("no-senders", "no sending city in the row", row.line))
    parties = [
        Party(name=v, role="visited", country=city_country.get(v)) for v in row.visited
    ] + row.senders
    count = sum(p.count for p in row.senders if p.count is not None)
    m = re.search(_VISIT_COUNT, row.purpose)
    if m and int(m.group("n")) != len(row.visited):
        row_findings.append(
            Finding(
                "count-differs",
                f"{m.group('n')} cities announced, {len(row.visited)} listed",
                row.line,
            )
        )
    extra: dict = {"table": kind}
    if row.breakdown:
        extra["breakdown"] = row.breakdown
    if kind is None:
        row_findings.append(
            Finding("table-kind-unknown", "cannot tell youth from staff table", row.line)
        )
    return Record(
        kind="delegation",
        key=f"delegation:{date_start or row.period}:{', '.join(row.visited)}",
        title=_delegation_title(row, date_start),
        line_start=row.line,
        line_end=row.line,
        parties=parties,
        date_start=date_start,
        date_end=date_end,
        date_raw=row.period,
        place=", ".join(row.visited),
        participants_count=count or None,
        accompanying_count=row.accompanying,
        purpose="; ".join(x for x in [row.purpose, *row.notes] if x),
        related_keys=_meetings_named(row.notes, events),
        findings=row_findings,
        language=LANGUAGE,
        extra=extra,
    )


def _delegation_title(row, date_start: str | None) -> str:
    year = (date_start or "")[:4] or (re.findall(r"\d{4}", row.period) or [""])[-1]
    senders = [p.name for p in row.senders]
    title = f"Делегация: {_short_list(senders)} → {_short_list(row.visited)}"
    if not senders:
        title = f"Делегация → {_short_list(row.visited)}"
    return f"{title} ({year})" if year else title


def _meetings_named(notes: list[str], events: dict[int, Record]) -> list[str]:
    """Keys of the meetings a row's notes name by their numerals."""
    related: list[str] = []
    for note in notes:
        for mm in _MEETING.finditer(note):
            for numeral in re.findall(_ROMAN, mm.group("nums")):
                for event in events.values():
                    if event.extra["numeral"] == numeral and event.key not in related:
                        related.append(event.key)
    return related


def _network_record(assoc, member_names: list[str], events: dict[int, Record]) -> Record:
    network_parties = []
    if assoc.chair:
        network_parties.append(Party(name=assoc.chair, role="chair", country=assoc.country))
    if assoc.secretariat:
        network_parties.append(
            Party(
                name=assoc.secretariat,
                role="secretariat",
                country=assoc.country,
                note=assoc.secretariat_note,
            )
        )
    leaders = {assoc.chair, assoc.secretariat}
    network_parties += [
        Party(name=n, role="member", country=assoc.country)
        for n in member_names
        if n not in leaders
    ]
    if assoc.partner:
        network_parties.append(
            Party(
                name=assoc.partner,
                role="partner",
                country=assoc.partner_country,
                note=assoc.partner_raw if assoc.partner_raw != assoc.partner else "",
            )
        )
    return Record(
        kind="network",
        key=f"network:{assoc.name}",
        title=assoc.name,
        line_start=assoc.line_start,
        line_end=assoc.line_end,
        parties=network_parties,
        date=assoc.founded,
        date_raw=assoc.founded_raw,
        description=assoc.description,
        related_keys=[e.key for e in sorted(events.values(), key=lambda e: e.edition or 0)],
        findings=assoc.findings,
        language=LANGUAGE,
        extra={"meeting_series": assoc.series, "meeting_interval_years": assoc.interval},
    )
