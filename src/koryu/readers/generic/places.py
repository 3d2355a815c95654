"""Places and bodies named in running text, in every script.

Three sources, best first:

- ``gazetteer``: a longest-match scan of the text over the gazetteer's name keys. The text
  is keyed character by character the way ``koryu.gazetteer.keys.name_key`` keys a name
  (NFKC, case and accents folded, Han forms simplified, katakana spellings folded,
  separators dropped), each keyed character remembering the span it came from, so a match
  maps back to the exact words as written. Short keys are where prose collides with names
  (中央, 大和, "Mobile"), so a key of two characters counts only for a prominent place or
  when an administrative suffix follows it; Latin and Cyrillic matches must be whole
  capitalised words (a Russian case ending may follow: Владивостока, Ниигату).
- ``pattern``: a word with an administrative suffix the gazetteer lacks (襄陽郡, 양양군,
  "Yangyang County", "City of Tamworth", "г. Находка").
- ``ner``: a language's own analyser, loaded lazily once per process and only when asked
  (``find_places(..., ner=True)``): SudachiPy place names for Japanese, jieba's ``ns`` for
  Chinese, Kiwi's proper nouns for Korean.

The scanner is built once per process from the gazetteer (about a second; see
benchmarks/prose_speed.py).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from koryu.gazetteer.entry import Entry
from koryu.gazetteer.index import REASONS, default_cache_dir, fingerprint, get_gazetteer
from koryu.gazetteer.keys import SUFFIXES
from koryu.gazetteer.transliterate import fold_case, to_simplified

__all__ = ["Mention", "find_places", "scanner"]


@dataclass
class Mention:
    start: int  # span in the text given to find_places
    end: int
    text: str  # as written
    name: str  # the gazetteer's display name, or the text itself
    country: str | None
    level: str  # country | division | prefecture | municipality | ward | city | place | body
    confidence: float
    source: str  # gazetteer | pattern | ner
    entry_id: str | None = None
    population: int = 0
    candidates: tuple = ()  # other (entry id, country) readings of the same words
    names: dict | None = None  # the gazetteer's names by language
    declined: bool = False  # a Russian case ending follows the name (Владивосток-а)
    stem: str = ""  # the written name without its case ending (Хабаровск for Хабаровска)

    def name_in(self, language: str) -> str:
        """The place's own name in a language (Владивосток for Владивостока), or as written."""
        if self.names and self.names.get(language):
            return self.names[language]
        return self.text

    @property
    def is_country(self) -> bool:
        return self.level == "country"

    @property
    def is_region(self) -> bool:
        return self.level in ("division", "prefecture")


# --- keying running text ---------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# dropped inside keys (keys.py _SEPARATORS and kana._DROP_IN_KEY) but NOT the clause marks
# 、。,，() : a name never spans them, and dropping them would glue two names into a third
_DROP = set(" \t\n\r\u3000・･=＝-‐‑–—_ー〜～ッ'’‘`\".")
_REWRITES2 = {"ヴァ": "バ", "ヴィ": "ビ", "ヴェ": "ベ", "ヴォ": "ボ", "ティ": "チ", "ディ": "ジ"}
_REWRITES2 |= {"デュ": "ジュ"}
_REWRITES1 = str.maketrans("ヴヂヅヲヰヱヶヵァィゥェォヮ", "ブジズオイエケカアイウエオワ")
_HIRA_FIRST, _HIRA_LAST, _KANA_OFFSET = 0x3041, 0x3096, 0x60


@functools.lru_cache(maxsize=65536)
def _width_kana(ch: str) -> str:
    s = unicodedata.normalize("NFKC", ch)
    return "".join(
        chr(ord(c) + _KANA_OFFSET) if _HIRA_FIRST <= ord(c) <= _HIRA_LAST else c for c in s
    )


@functools.lru_cache(maxsize=65536)
def _fold(ch: str) -> str:
    return fold_case(ch.translate(_REWRITES1))


def key_stream(text: str) -> tuple[str, list[int], list[int]]:
    """The text keyed as gazetteer names are (keys.name_key: width, Han forms, katakana
    spellings, then case, accents and kana voicing marks folded), with each key
    character's source span."""
    simple = text
    if _HAN.search(text):
        conv = to_simplified(text)
        if len(conv) == len(text):
            simple = conv
        else:  # OpenCC changed the length (a phrase rule): convert Han characters one by one
            simple = "".join(to_simplified(c) if _HAN.match(c) else c for c in text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(simple):
        for c in _width_kana(ch):
            if c in _DROP:
                continue
            chars.append(c)
            starts.append(i)
            ends.append(i + 1)
    # two-character katakana spellings first (ヴィ -> ビ), as katakana_key does
    k = 0
    while k < len(chars) - 1:
        new = _REWRITES2.get(chars[k] + chars[k + 1])
        if new is not None:
            chars[k : k + 2] = list(new)
            if len(new) == 1:
                ends[k] = ends[k + 1]
                del starts[k + 1], ends[k + 1]
        k += 1
    folded = [_fold(c) for c in chars]
    if any(len(f) != 1 for f in folded):  # ß -> ss, a letter folding away: keep spans aligned
        out_s, out_e, out_c = [], [], []
        for f, s0, e0 in zip(folded, starts, ends, strict=True):
            for c in f:
                out_c.append(c)
                out_s.append(s0)
                out_e.append(e0)
        return "".join(out_c), out_s, out_e
    return "".join(folded), starts, ends


# --- the scanner ---------------------------------------------------------------------------

_LEVEL_RANK = {"municipality": 0, "ward": 1, "city": 0, "prefecture": 2, "division": 3}
_LEVEL_RANK["country"] = 4
_PROMINENT = 150_000
_CJK_ADMIN = tuple("市町村区郡省州県县道府都") + ("시", "군", "구", "도")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u30a0-\u30ff]")
_HIRAGANA = re.compile(r"[\u3041-\u3096]")
_LETTER = re.compile(r"[^\W\d_]")
# Capitalised words that begin sentences or name offices, and are also somewhere's name.
_STOP = {
    "the", "this", "that", "these", "city", "mayor", "governor", "state", "council", "during",
    "with", "and", "for", "from", "delegation", "sister", "friendship", "today", "after",
    "also", "all", "may", "march", "june", "july", "august", "april", "president", "union",
    "university", "international", "association", "office", "prefecture", "province",
    "county", "republic", "people", "japan's", "best", "hope", "mission", "independence",
    "along", "asia", "europe", "africa", "america", "north", "south", "east", "west",
    "central", "new", "san", "santa", "saint", "st", "port", "mount", "lake", "river",
    "sun", "star", "park", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "southern", "northern", "eastern", "western", "consul", "general",
    "home", "events", "culture", "news", "friday", "monday", "sunday", "saturday", "tuesday", "wednesday", "thursday", "hall", "welcome", "center", "centre", "royal",
    "город", "мэр", "глава", "остров", "край", "область", "делегация", "в", "и", "с", "на", "по", "из",
    "中央", "东方", "国际", "交流", "友好", "市长", "代表", "会议", "本市",
    "当市", "当地", "地方", "市内", "全国", "世界", "北部", "南部", "东部", "西部",
}  # fmt: skip
STOP_WORDS = frozenset(_STOP)
# A Russian case ending may follow a name written in the nominative (Владивосток-а) or
# replace its last vowel (Ниигат-у, Москв-ы).
_RU_ENDINGS = ("", "а", "у", "е", "ом", "ой", "ы", "и", "ю", "ем", "ей", "ского", "ском")
_RU_SWAP = ("а", "я", "ь", "й", "о")


class _Scanner:
    """The gazetteer keys worth looking for in running text, by first character and length.
    Entries are looked up only for the few keys that match."""

    def __init__(self, keys: frozenset[str], ru_stems: dict[str, tuple[str, ...]], lengths: dict):
        self.names = keys
        self.ru_stems = ru_stems  # Cyrillic key minus its last vowel -> keys, biggest first
        self.lengths = lengths  # first character -> key lengths, longest first
        self._gaz = get_gazetteer()

    def entries(self, key: str) -> tuple[tuple[Entry, str, str], ...] | None:
        if key not in self.names:
            return None
        return tuple(t for t in self._gaz.lookup(key) if not t[0].historical)

    @property
    def keys(self) -> frozenset[str]:
        return self.names


_PROMINENT_LEVELS = {"country", "prefecture"}


def _accepted_keys(gaz) -> tuple[frozenset[str], dict[str, str], dict[str, tuple[int, ...]]]:
    """Keys of two or more characters of current places; a short key (two CJK characters,
    three Latin or Cyrillic letters) only for a prominent place: a country, a Japanese
    prefecture or municipality, or a city of 150,000 people or more."""
    accepted = frozenset(_scanned_keys(gaz))
    stems: dict[str, list[str]] = {}
    lengths: dict[str, set[int]] = {}
    for key in accepted:
        lengths.setdefault(key[:2], set()).add(len(key))
        if len(key) >= 5 and key[-1] in _RU_SWAP and _CYR.match(key):
            stems.setdefault(key[:-1], []).append(key)

    def weight(key: str) -> tuple[int, str]:
        return -max(gaz.entries[i].population or 0 for i in _entry_ids(gaz.index[key])), key

    # Находке: Находка (a city of 140,000) before Находко; never the set's random order
    ru_stems = {stem: tuple(sorted(found, key=weight)) for stem, found in stems.items()}
    by_length = {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}
    return accepted, ru_stems, by_length


def _entry_ids(posts) -> list[int]:
    """The entries an index key posts to (one post is stored as a bare int)."""
    return [posts >> 8] if isinstance(posts, int) else [p >> 8 for p in posts]


def _is_prominent(e: Entry) -> bool:
    return (
        e.population >= _PROMINENT
        or e.level in _PROMINENT_LEVELS
        or (e.country == "JP" and e.level in ("municipality", "ward"))
    )


def _long_key(key: str) -> bool:
    """Long enough to be worth scanning for whatever place it names."""
    n = len(key)
    latin = key[0].isascii() or _CYR.match(key) is not None or _LATIN.match(key) is not None
    kana = _KANA.match(key) is not None  # クレア, ロマ: short katakana words abound
    return latin and n >= 4 or kana and n >= 4 or not latin and not kana and n >= 3


def _scanned_keys(gaz) -> list[str]:
    """The index's keys of current places worth scanning for, in the index's order."""
    prominent = [_is_prominent(e) for e in gaz.entries]
    current = [not e.historical for e in gaz.entries]
    keys = []
    for key, posts in gaz.index.items():
        if len(key) < 2 or key in _STOP or key.isdigit():
            continue
        live = [i for i in _entry_ids(posts) if current[i]]
        if live and (_long_key(key) or any(prominent[i] for i in live)):
            keys.append(key)
    return keys


def _cache_path(gaz_fingerprint: str) -> Path:
    own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return default_cache_dir() / f"prose-scanner-{gaz_fingerprint}-{own}.pickle"


@functools.cache
def scanner() -> _Scanner:
    """Built once per process; the accepted keys are cached beside the gazetteer's cache
    (keyed by its fingerprint and this module), so a new process loads them in a blink."""
    gaz = get_gazetteer()
    path = _cache_path(fingerprint())
    try:
        with path.open("rb") as f:
            return _Scanner(*pickle.load(f))  # noqa: S301 - our own cache file
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    built = _accepted_keys(gaz)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("prose-scanner-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # read-only cache: keep the in-memory build
    return _Scanner(*built)


def _rank(entry: Entry, reason: str, dropped: str, qualifier: set[str]) -> tuple:
    # a country's name is the country (China, not the Japanese town 知名町 read "China");
    # exchange records name cities: a bare name shared by a city and its region is the city
    return (
        entry.level == "country" and reason != "transliteration",
        entry.country in qualifier,
        -_LEVEL_RANK.get(entry.level, 0),
        entry.population,
        REASONS.index(reason) == 0 and not dropped,
    )


def _word_bounds(text: str, start: int, end: int) -> tuple[bool, bool, str]:
    """(starts a word, ends a word, letters following inside the word)."""
    before = start == 0 or not _LETTER.match(text[start - 1])
    j = end
    while j < len(text) and _LETTER.match(text[j]):
        j += 1
    return before, j == end, text[end:j]


def _gazetteer_mentions(text: str, language: str = "und") -> list[Mention]:
    sc = scanner()
    stream, starts, ends = key_stream(text)
    found: list[Mention] = []
    i, n = 0, len(stream)
    while i < n:
        hit = None
        # keys are indexed by their first two characters: most positions start none
        for length in sc.lengths.get(stream[i : i + 2], ()):
            if i + length > n:
                continue
            key = stream[i : i + length]
            entries = sc.entries(key)
            if not entries:
                continue
            s, e = starts[i], ends[i + length - 1]
            if _accept(text, s, e, key, entries, language):
                hit = (key, entries, s, e, length)
                break
        if hit is None and _CYR.match(stream[i]):
            hit = _russian(text, stream, starts, ends, i, sc)
        if hit is None:
            i += 1
            continue
        key, entries, s, e, length = hit[:5]
        declined = len(hit) > 5
        stem_end = e
        if _CYR.match(text[s]):
            while e < len(text) and _LETTER.match(text[e]):
                e += 1  # the case ending belongs to the words as written
                declined = True
        found.append(_mention(text, s, e, entries))
        found[-1].declined = declined
        if declined:
            found[-1].stem = hit[5] if len(hit) > 5 else text[s:stem_end]
        i += length
    return found


def _russian(text, stream, starts, ends, i, sc):
    """A declined Russian name: Ниигату -> Ниигата, Владивостока -> Владивосток."""
    s = starts[i]
    if s > 0 and _LETTER.match(text[s - 1]):
        return None
    j = s
    while j < len(text) and _LETTER.match(text[j]):
        j += 1
    word = stream[i : i + (j - s)]
    if not word[:1].isalpha() or not text[s].isupper() or _is_person(text, s, j):
        return None
    for cut in (1, 2, 3, 4):
        stem = word[:-cut]
        if len(stem) < 4 or word[-cut:] not in _RU_ENDINGS:
            continue
        if stem in _STOP:
            return None
        for key in (stem, *sc.ru_stems.get(stem, ())):
            entries = sc.entries(key) if key else None
            if entries:
                tail = key[len(stem) :]
                if not all("а" <= c <= "я" for c in tail):
                    continue
                nominative = text[s : s + len(stem)] + tail
                return key, entries, s, j, len(word), nominative
    return None


# The country whose own places a document in a language names without a suffix.
_OWN_COUNTRY = {"ja": {"JP"}, "ko": {"KR"}, "zh": {"CN", "TW"}, "ru": {"RU"}}
# Titles written right before a person's name ("Mayor Shimizu", "Governor Brown").
_TITLES = {"mayor", "governor", "chairman", "chairperson", "chairwoman", "councillor", "councilor"}

_NAME_BEFORE = re.compile(r"(?:^|[^\w])([A-ZА-ЯЁ][a-zа-яё]+)\s+$")


_SURNAME_AFTER = re.compile(
    r"^\s+[А-ЯЁ][а-яё]+(?:ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ко|ук|юк|их|ых|ич)\b"
)


def _is_person(text: str, s: int, e: int | None = None) -> bool:
    """ "Akira Chiba", "Татьяна Иванова": a surname after a given name, not a place; and
    the given name itself when a Russian surname follows it (Владимир Путин)."""
    if e is not None and _SURNAME_AFTER.match(text[e : e + 30]):
        return True
    prev = _NAME_BEFORE.search(text[max(0, s - 25) : s])
    if not prev:
        return False
    word = prev.group(1).casefold()
    if word in _TITLES:
        return True  # "Saitama Mayor Shimizu": the name after a title is the office holder's
    return word not in scanner().names and word not in _STOP


def _accept(text: str, s: int, e: int, key: str, entries, language: str = "und") -> bool:
    """Is the key matched at text[s:e] a name there, by the rules of the script it is in?"""
    written = text[s:e]
    if _HIRAGANA.search(written) and _KANA.search(written):
        return False  # "と|ス(ウェーデン)": a particle and the start of a word, not 鳥栖 (トス)
    if _LATIN.match(written) or _CYR.match(written):
        return _accept_word(text, s, e)
    if _HANGUL.match(written):
        return _accept_hangul(text, s, e, key, entries)
    if _all_hiragana(written):
        return text[e : e + 1] in ("市", "町", "村", "区")  # さいたま市; never a bare particle
    if len(key) == 2 and _HAN.match(written):
        return _accept_two_han(text, e, entries, language)
    if _KANA.match(written) and len(key) <= 3:
        return not (s > 0 and _KANA.match(text[s - 1])) and not _KANA.match(text[e : e + 1])
    return True


def _all_hiragana(written: str) -> bool:
    return all(_HIRA_FIRST <= ord(c) <= _HIRA_LAST for c in written if c.strip())


def _accept_word(text: str, s: int, e: int) -> bool:
    """A Latin or Cyrillic name: whole capitalised words, not a person's name; a Russian
    case ending may follow it."""
    written = text[s:e]
    before, after, tail = _word_bounds(text, s, e)
    if not before or not written[0].isupper():
        return False
    if _is_person(text, s, e):
        return False
    if _LATIN.match(written) and re.search(r"\s(?:on|in|at|to|of|and|by|for)$", written):
        return False  # "Bend on Oct. 3": a name and the preposition after it
    if not after:
        return _CYR.match(written) is not None and tail in _RU_ENDINGS
    return True


# A Korean surname or name, a space and a title (이토 시장, 야마다 정장, 강서 구청장): a person.
_PERSON_TITLED = re.compile(r"[\uac00-\ud7a3]{1,4}\s(?:시장|군수|구청장|정장|지사)")


def _accept_hangul(text: str, s: int, e: int, key: str, entries) -> bool:
    # a Korean name starts a word; particles (는, 와, 를, 시) may follow it. Two syllables
    # are a common word as often as a name (지난 "last", 위해 "for"): they need a suffix
    # unless they name a country or a place at home
    if s > 0 and _HANGUL.match(text[s - 1]):
        return False
    if _PERSON_TITLED.match(text, s):
        return False  # "이토 시장": a surname, a space, a title; the city's mayor is 이토시장
    if len(key) == 2 and text[e : e + 1] not in ("시", "군", "구", "도"):
        return any(ent.level == "country" or ent.country == "KR" for ent, _, _ in entries)
    return True


def _accept_two_han(text: str, e: int, entries, language: str) -> bool:
    # a two-character stem is a name when a suffix follows or the place is well known
    nxt = text[e : e + 1]
    if nxt in _CJK_ADMIN:
        return True
    own = _OWN_COUNTRY.get(language, set())
    return any(
        ent.level in ("country", "prefecture")
        or (ent.population >= 500_000 and (not d or ent.country in own))
        or (not d and ent.country in own)
        for ent, _, d in entries
    )


_REGION_WRITTEN = re.compile(
    r"(?:州|省|県|县|道|도|自治区|Prefecture|Province|State|Oblast|Krai|област\w*|кра[йяею])$",
    re.IGNORECASE,
)


def _mention(text: str, s: int, e: int, entries, qualifier: set[str] | None = None) -> Mention:
    e = _suffix_end(text, e)
    ranked = _ranked(text[s:e], entries, qualifier)
    best, reason, _ = ranked[0]
    conf = 0.9 if reason == "exact" else 0.85 if reason == "alias" else 0.75
    if len({t[0].country for t in ranked}) > 1:
        conf -= 0.15  # namesakes in several countries
    level = best.level
    if _REGION_WRITTEN.search(text[s:e]) and level not in ("division", "prefecture", "country"):
        level = "division"  # a region the gazetteer only knows a namesake town of
    return Mention(
        s, e, text[s:e], best.name, best.country, level, round(conf, 2), "gazetteer",
        best.id, best.population, tuple((t[0].id, t[0].country) for t in ranked[1:6]),
        dict(best.names),
    )  # fmt: skip


_HAN_SUFFIXES = ("特別市", "広域市", "自治区", "市", "町", "村", "区", "郡", "省", "州", "県")
_HANGUL_SUFFIXES = ("특별시", "광역시", "시", "군", "구", "도")


def _suffix_end(text: str, e: int) -> int:
    """Where the mention ends once an administrative suffix written right after the name is
    taken into it (a Han suffix not followed by more Han, else a Hangul one)."""
    for suffix in _HAN_SUFFIXES:
        if text.startswith(suffix, e) and not _HAN.match(
            text[e + len(suffix) : e + len(suffix) + 1] or " "
        ):
            return e + len(suffix)
    for suffix in _HANGUL_SUFFIXES:
        if text.startswith(suffix, e):
            return e + len(suffix)
    return e


def _ranked(written: str, entries, qualifier: set[str] | None) -> list:
    """The readings of the words, best first."""
    ranked = sorted(entries, key=lambda t: _rank(*t, qualifier or set()), reverse=True)
    if _REGION_WRITTEN.search(written):
        # カリフォルニア州, Hyogo Prefecture, Приморский край: the region, not a namesake town
        regions = [t for t in ranked if t[0].level in ("division", "prefecture")]
        ranked = regions + [t for t in ranked if t not in regions]
    return ranked


# --- patterns: places the gazetteer lacks ------------------------------------------------

_PATTERNS = [
    # 襄陽郡, 옌타이시 (a Han run ending in an administrative suffix)
    re.compile(
        r"(?<![\u3400-\u9fff])(?:(?![与和及同的])[\u3400-\u9fff]){1,5}"
        r"(?:自治区|特別市|広域市|市|町|村|郡|省|州|県|县)"
    ),
    re.compile(r"[\u30a0-\u30ff]{2,12}(?:市|町|村|郡|州|省)"),
    re.compile(
        r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,6}?(?:특별시|광역시|시|군|구|도)"
        # a particle or the copula (강서구입니다, 강서구였다) ends the name
        r"(?=(?:청장|청|장|수|의회)?(?:[\s,.·)(은는이가와과를을의에도로]|입니|였|$))"
    ),
    re.compile(r"\b(?:City|Town|Village|County) of (?:[A-Z][\w'’-]+\s?){1,3}"),
    re.compile(r"\b(?:[A-Z][\w'’-]+\s){0,2}[A-Z][\w'’-]+ (?:City|County|Prefecture|Province)\b"),
    re.compile(
        r"(?:(?<=\bг\.)|(?<=\bг\. )|(?<=\bгород )|(?<=\bгорода )|(?<=\bгородом )|(?<=\bгороде ))"
        r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*"
    ),
]
# A Han run that merely ends in 市/州/区... without naming a place (都市, 本市, 市区町村...).
_NOT_A_PLACE = re.compile(
    r"^(?:.*\b(?:Sister|Sisters|Friendship|Twin|Partner|Host|Member|Capital|Each|Every|Our|This|That"
    r"|Smart|Global|Inner|Old|New Sister|Japanese|Chinese|Korean|Russian|American)\b.*|(?:其中|两|兩|该|該|这|這|那|此|各|全|本|我|贵|貴|双|雙|友|历史|歷史|齐|其).*|[本当同各全両我貴他][市町村区省県州]|.*?(?:都市|城市|門市|的市|地区|区域|州立|[都城]县)$"
    r"|[市町村]+$|.*(?:姉妹|友好|自治|提携|会議|開催|訪問|合作|交流|国际|國際|国際).*"
    r"|.*(?:도시|우호|자매|교류|협력|결연|기념|방문|대표|행정|관광|정부|지역|해외|국내|전국|국제).*"
    r"|[^\s]*(?:시도|군도|구도|시군|시군구)$)"
)


_REGION_END = re.compile(r"(?:省|州|県|自治区|도|Prefecture|Province|County|област\w*|кра[йяе])$")


# A place the gazetteer lacks, written with a suffix in a document's own script, is most
# likely at home (small Korean counties, Chinese districts): a weak guess, said as one.
_PATTERN_COUNTRY = {"ko": ("KR", _HANGUL), "zh": ("CN", _HAN), "ru": ("RU", _CYR)}


# Korean provinces as news items abbreviate them before a town (충남 부여군, 전북 군산시).
_KO_REGIONS = re.compile(
    r"(?<![\uac00-\ud7a3])(?:경기|강원|충북|충남|전북|전남|경북|경남|제주)(?=\s[\uac00-\ud7a3])"
)


def _pattern_mentions(
    text: str, taken: list[tuple[int, int]], language: str = "und"
) -> list[Mention]:
    out = []
    for m in _KO_REGIONS.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            out.append(
                Mention(
                    m.start(), m.end(), m.group(0), m.group(0), "KR", "division", 0.6, "pattern"
                )
            )
            taken.append((m.start(), m.end()))
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            written = m.group(0).strip()
            if any(a < e and s < b for a, b in taken) or _NOT_A_PLACE.match(written):
                continue
            if text[s + len(written) : s + len(written) + 1] in ("長", "长") and _HAN.match(
                written
            ):
                continue  # 大勢待市長: a person's name and an office, not a town
            if _HANGUL.match(written) and len(written) < 3:
                continue
            level = "division" if _REGION_END.search(written) else "place"
            country = None
            guess = _PATTERN_COUNTRY.get(language)
            if guess and guess[1].search(written):
                country = _han_guess(written, language) if language == "zh" else guess[0]
            out.append(
                Mention(s, s + len(written), written, written, country, level, 0.5, "pattern")
            )
            taken.append((s, e))
    return out


# A Han name right after a place, a country or a conjunction, ending in an administrative
# suffix: the places of "内蒙古自治区兴安盟与蒙古国东方省", "玉溪市元江县", which run on
# from the words before them (so the pattern above, which wants a boundary, misses them).
_JOINED_HAN = re.compile(
    r"(?:(?![与和及同的在于是为對对])[\u3400-\u9fff]){1,4}?(?:自治区|自治州|自治县|特別市|広域市|大区|市|县|縣|省|州|盟|郡|区|町|村)"
)
_JOINERS = {"zh": "与和及同、，,（(在于", "ja": "と、，,（("}
_SUFFIX_CHARS = "省市县縣州区區郡盟"
_LATIN_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.]{1,5}")


_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc・]+(?:市|町|村|州|郡)?")


def _whole_katakana(text: str, m: Mention) -> Mention:
    """ニューポート|ビーチ市: a name ends where its katakana word does (Newport Beach is
    not Newport), with the suffix written after it; the country stays the guess's."""
    if m.end >= len(text) or not _KANA.match(text[m.end - 1 : m.end]):
        return m
    run = _KATAKANA_RUN.match(text, m.end)
    if run is None or not _KANA.match(text[m.end : m.end + 1]):
        return m
    return dataclasses.replace(
        m,
        end=run.end(),
        text=text[m.start : run.end()],
        name=text[m.start : run.end()],
        confidence=min(m.confidence, 0.6),
        entry_id=None,
        names=None,
    )


def _with_suffix(text: str, m: Mention) -> Mention:
    """万象 + 省, 臨沂 + 市: the suffix written after a name the gazetteer knows bare."""
    nxt = text[m.end : m.end + 1]
    if m.is_country or not nxt or nxt not in _SUFFIX_CHARS or not _HAN.search(m.text[-1:]):
        return m
    if m.text[-1] in _SUFFIX_CHARS + "道府県都町村":
        return m
    level = "division" if nxt in "省州" else m.level
    return dataclasses.replace(m, end=m.end + 1, text=m.text + nxt, level=level)


def _han_guess(written: str, language: str) -> str | None:
    """A Chinese text's town the gazetteer lacks is Chinese, unless its suffix is the
    Japanese 町 or 村 (岩手县金崎町)."""
    if language != "zh":
        return None
    return "JP" if written.endswith(("町", "村")) else "CN"


def _joined_han_mentions(text: str, taken: list[tuple[int, int]], language: str) -> list[Mention]:
    out: list[Mention] = []
    starts = {b for _, b in taken} | {
        i + 1 for i, ch in enumerate(text) if ch in _JOINERS.get(language, "")
    }
    countries = {b for a, b in taken if b - a >= 1}
    queue = sorted(starts)
    while queue:
        pos = queue.pop(0)
        if pos >= len(text):
            continue
        if text[pos] == "国" and pos in countries:
            pos += 1  # 蒙古国东方省: the country's own 国
        m = _JOINED_HAN.match(text, pos)
        if m is None or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        written = m.group(0)
        if len(written) < 3 or _NOT_A_PLACE.match(written):
            continue
        if text[m.end() : m.end() + 1] in ("长", "長", "民", "委", "政", "议", "議"):
            continue  # 天津市副市长, 市民: an office or the people, not a town
        level = (
            "division"
            if _REGION_END.search(written) or written.endswith(("盟", "大区"))
            else "place"
        )
        country = _han_guess(written, language)
        out.append(Mention(m.start(), m.end(), written, written, country, level, 0.45, "pattern"))
        taken.append((m.start(), m.end()))
        if m.end() not in queue:
            queue.insert(0, m.end())  # 纽夫莱大区奇廉市: a place right after the one found
    return out


# --- named-entity fallbacks per language (lazy, once per process) -------------------------


@functools.cache
def _sudachi():
    from sudachipy import Dictionary

    return Dictionary().tokenizer()


@functools.cache
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def _ner_mentions(text: str, language: str, taken: list[tuple[int, int]]) -> list[Mention]:
    spans: list[tuple[int, int]] = []
    if language == "ja":
        from sudachipy import SplitMode

        pos = 0
        for m in _sudachi().tokenize(text[:15000], SplitMode.C):
            pos = m.begin()
            tags = m.part_of_speech()
            if tags[1] == "固有名詞" and tags[2] == "地名" and tags[3] != "国":
                e = m.end()
                if text[e : e + 1] in ("市", "町", "村", "区", "州", "省", "県", "郡"):
                    e += 1
                spans.append((pos, e))
    elif language == "zh":
        pos = 0
        for w in _jieba().cut(text, HMM=False):
            if w.flag == "ns" and len(w.word) >= 2:
                spans.append((pos, pos + len(w.word)))
            pos += len(w.word)
    elif language == "ko":
        for t in _kiwi().tokenize(text):
            if t.tag == "NNP" and t.len >= 2:
                spans.append((t.start, t.start + t.len))
    out = []
    for s, e in spans:
        if any(a < e and s < b for a, b in taken) or _NOT_A_PLACE.match(text[s:e]):
            continue
        out.append(Mention(s, e, text[s:e], text[s:e], None, "place", 0.5, "ner"))
        taken.append((s, e))
    return out


# Countries written as abbreviations, which the gazetteer files under towns (宇佐市 "Usa").
_COUNTRY_ABBR = {"USA": "US", "U.S.A.": "US", "U.S.": "US", "UK": "GB", "U.K.": "GB", "PRC": "CN",
                 "ROK": "KR", "США": "US", "КНР": "CN", "РФ": "RU", "ФРГ": "DE"}  # fmt: skip
_ABBR = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(a) for a in sorted(_COUNTRY_ABBR, key=len, reverse=True))
    + r")(?![\w])"
)


def find_places(text: str, language: str = "und", *, ner: bool = False) -> list[Mention]:
    """Places (and their countries) named in ``text``, in order of appearance."""
    abbr = [
        Mention(m.start(), m.end(), m.group(0), m.group(0), _COUNTRY_ABBR[m.group(0)], "country",
                0.9, "pattern")
        for m in _ABBR.finditer(text)
    ]  # fmt: skip
    found = [
        m for m in _gazetteer_mentions(text, language)
        if not any(a.start < m.end and m.start < a.end for a in abbr)
    ] + abbr  # fmt: skip
    if language in ("zh", "ja", "ko", "ru"):
        # "양해각서(MOC)", "（NEAR）": a Latin acronym in a text of another script is not a
        # place, whatever town the gazetteer files under the same letters
        found = [m for m in found if not _LATIN_ACRONYM.fullmatch(m.text)]
    if language in ("zh", "ja"):
        found = [_with_suffix(text, _whole_katakana(text, m)) for m in found]
    taken = [(m.start, m.end) for m in found]
    if language in ("zh", "ja"):
        found += _joined_han_mentions(text, taken, language)
    found += _pattern_mentions(text, taken, language)
    if ner:
        found += _ner_mentions(text, language, taken)
    found.sort(key=lambda m: m.start)
    return found


__all__ += ["key_stream", "SUFFIXES"]
