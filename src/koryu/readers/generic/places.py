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

import functools
import re
import unicodedata
from dataclasses import dataclass

from koryu.gazetteer.entry import Entry
from koryu.gazetteer.index import REASONS, get_gazetteer
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
    "sun", "star", "victoria", "park", "center", "centre", "royal",
    "город", "мэр", "глава", "делегация", "в", "и", "с", "на", "по", "из",
    "中央", "东方", "国际", "交流", "友好", "市长", "代表", "会议", "本市",
    "当市", "当地", "地方", "市内", "全国", "世界", "北部", "南部", "东部", "西部",
}  # fmt: skip
# A Russian case ending may follow a name written in the nominative (Владивосток-а) or
# replace its last vowel (Ниигат-у, Москв-ы).
_RU_ENDINGS = ("", "а", "у", "е", "ом", "ой", "ы", "и", "ю", "ем", "ей", "ского", "ском")
_RU_SWAP = ("а", "я", "ь", "й", "о")


@dataclass
class _Scanner:
    keys: dict[str, tuple[tuple[Entry, str, str], ...]]
    lengths: dict[str, tuple[int, ...]]  # first character -> key lengths, longest first
    ru_stems: dict[str, str]  # Cyrillic key minus its last vowel -> key


def _script_ok(key: str, entries: list[tuple[Entry, str, str]]) -> bool:
    if len(key) < 2 or key in _STOP:
        return False
    top = max(entries, key=lambda t: t[0].population)[0]
    prominent = (
        top.population >= _PROMINENT or top.level in ("country", "prefecture") or
        (top.country == "JP" and top.level in ("municipality", "ward"))
    )  # fmt: skip
    if _LATIN.match(key) or _CYR.match(key):
        return len(key) >= 4 or (len(key) == 3 and prominent)
    if len(key) == 2:
        return prominent
    return True


@functools.cache
def scanner() -> _Scanner:
    gaz = get_gazetteer()
    keys: dict[str, tuple[tuple[Entry, str, str], ...]] = {}
    for key in gaz.index:
        if len(key) < 2 or key.isdigit():
            continue
        found = gaz.lookup(key)
        entries = [t for t in found if not t[0].historical]
        if not entries or not _script_ok(key, entries):
            continue
        keys[key] = tuple(entries)
    lengths: dict[str, set[int]] = {}
    ru_stems: dict[str, str] = {}
    for key in keys:
        lengths.setdefault(key[0], set()).add(len(key))
        if _CYR.match(key) and key[-1] in _RU_SWAP and len(key) >= 5:
            ru_stems.setdefault(key[:-1], key)
    return _Scanner(
        keys, {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}, ru_stems
    )


def _rank(entry: Entry, reason: str, dropped: str, qualifier: set[str]) -> tuple:
    # exchange records name cities: a bare name shared by a city and its region is the city
    return (
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


def _gazetteer_mentions(text: str) -> list[Mention]:
    sc = scanner()
    stream, starts, ends = key_stream(text)
    found: list[Mention] = []
    i, n = 0, len(stream)
    while i < n:
        hit = None
        for length in sc.lengths.get(stream[i], ()):
            if i + length > n:
                continue
            key = stream[i : i + length]
            entries = sc.keys.get(key)
            if entries is None:
                continue
            s, e = starts[i], ends[i + length - 1]
            if _accept(text, s, e, key, entries):
                hit = (key, entries, s, e, length)
                break
        if hit is None and _CYR.match(stream[i]):
            hit = _russian(text, stream, starts, ends, i, sc)
        if hit is None:
            i += 1
            continue
        key, entries, s, e, length = hit[:5]
        declined = len(hit) > 5
        if _CYR.match(text[s]):
            while e < len(text) and _LETTER.match(text[e]):
                e += 1  # the case ending belongs to the words as written
                declined = True
        found.append(_mention(text, s, e, entries))
        found[-1].declined = declined
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
    if not word[:1].isalpha() or not text[s].isupper():
        return None
    for cut in (1, 2, 3, 4):
        stem = word[:-cut]
        if len(stem) < 4 or word[-cut:] not in _RU_ENDINGS:
            continue
        for key in (stem, sc.ru_stems.get(stem)):
            if key and key in sc.keys:
                return key, sc.keys[key], s, j, len(word), True
    return None


def _accept(text: str, s: int, e: int, key: str, entries) -> bool:
    written = text[s:e]
    if _LATIN.match(written) or _CYR.match(written):
        before, after, tail = _word_bounds(text, s, e)
        if not before or not written[0].isupper():
            return False
        if not after:
            return _CYR.match(written) is not None and tail in _RU_ENDINGS
        return True
    if _HANGUL.match(written):
        # a Korean name starts a word; particles (는, 와, 를, 시) may follow it
        return s == 0 or not _HANGUL.match(text[s - 1])
    if all(_HIRA_FIRST <= ord(c) <= _HIRA_LAST for c in written if c.strip()):
        return text[e : e + 1] in ("市", "町", "村", "区")  # さいたま市; never a bare particle
    if len(key) == 2 and _HAN.match(written):
        # a two-character stem is a name when a suffix follows or the place is well known
        nxt = text[e : e + 1]
        if nxt in _CJK_ADMIN:
            return True
        dropped_only = all(d for _, _, d in entries)
        return not dropped_only or any(
            ent.level in ("country", "prefecture") or ent.population >= 500_000
            for ent, _, _ in entries
        )
    if _KANA.match(written) and len(key) <= 3:
        return not (s > 0 and _KANA.match(text[s - 1])) and not _KANA.match(text[e : e + 1])
    return True


def _mention(text: str, s: int, e: int, entries, qualifier: set[str] | None = None) -> Mention:
    # take an administrative suffix written right after the name into the mention
    for suffix in ("特別市", "広域市", "自治区", "市", "町", "村", "区", "郡", "省", "州", "県"):
        if text.startswith(suffix, e) and not _HAN.match(
            text[e + len(suffix) : e + len(suffix) + 1] or " "
        ):
            e += len(suffix)
            break
    else:
        for suffix in ("특별시", "광역시", "시", "군", "구", "도"):
            if text.startswith(suffix, e):
                e += len(suffix)
                break
    ranked = sorted(entries, key=lambda t: _rank(*t, qualifier or set()), reverse=True)
    best, reason, dropped = ranked[0]
    conf = 0.9 if reason == "exact" else 0.85 if reason == "alias" else 0.75
    if len({t[0].country for t in ranked}) > 1:
        conf -= 0.15  # namesakes in several countries
    return Mention(
        s, e, text[s:e], best.name, best.country, best.level, round(conf, 2), "gazetteer",
        best.id, best.population, tuple((t[0].id, t[0].country) for t in ranked[1:6]),
        dict(best.names),
    )  # fmt: skip


# --- patterns: places the gazetteer lacks ------------------------------------------------

_PATTERNS = [
    # 襄陽郡, 옌타이시 (a Han run ending in an administrative suffix)
    re.compile(
        r"(?<![\u3400-\u9fff])[\u3400-\u9fff]{1,5}(?:自治区|特別市|広域市|市|町|村|郡|省|州|県|县)"
    ),
    re.compile(r"[\u30a0-\u30ff]{2,12}(?:市|町|村|郡|州|省)"),
    re.compile(
        r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,6}(?:특별시|광역시|시|군|구|도)(?=[\s,.은는이가와과를을의에도]|$)"
    ),
    re.compile(r"\b(?:City|Town|Village|County) of (?:[A-Z][\w'’-]+\s?){1,3}"),
    re.compile(r"\b(?:[A-Z][\w'’-]+\s){0,2}[A-Z][\w'’-]+ (?:City|County|Prefecture|Province)\b"),
    re.compile(r"(?:\bг\.|\bгород(?:а|ом|е)?)\s*[А-ЯЁ][а-яё-]+(?:\s[А-ЯЁ][а-яё-]+)?"),
]
# A Han run that merely ends in 市/州/区... without naming a place (都市, 本市, 市区町村...).
_NOT_A_PLACE = re.compile(
    r"^(?:[本当同各全両我貴他][市町村区省県州]|.*?(?:都市|城市|門市|的市|地区|区域|州立|[都城]县)$"
    r"|[市町村]+$|.*(?:姉妹|友好|自治|提携|会議|開催|訪問|合作|交流|国际|國際|国際).*)"
)


_REGION_END = re.compile(r"(?:省|州|県|自治区|도|Prefecture|Province|County|област\w*|кра[йяе])$")


def _pattern_mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    out = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            written = m.group(0).strip()
            if any(a < e and s < b for a, b in taken) or _NOT_A_PLACE.match(written):
                continue
            if _HANGUL.match(written) and len(written) < 3:
                continue
            level = "division" if _REGION_END.search(written) else "place"
            out.append(Mention(s, s + len(written), written, written, None, level, 0.55, "pattern"))
            taken.append((s, e))
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
        for w in _jieba().cut(text):
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


def find_places(text: str, language: str = "und", *, ner: bool = False) -> list[Mention]:
    """Places (and their countries) named in ``text``, in order of appearance."""
    found = _gazetteer_mentions(text)
    taken = [(m.start, m.end) for m in found]
    found += _pattern_mentions(text, taken)
    if ner:
        found += _ner_mentions(text, language, taken)
    found.sort(key=lambda m: m.start)
    return found


__all__ += ["key_stream", "SUFFIXES"]
