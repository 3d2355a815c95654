"""What a cell holds: a date, a country, a head count, a place name with its country in
brackets ("ポートランド市（アメリカ合衆国）", "Portland, Oregon, USA", "Ниигата (Япония)").

Lookups that cost (country tables, gazetteer) are built once per process and cached.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from koryu.gazetteer.countries import country_entries
from koryu.normalize.dates import parse_date, parse_date_range
from koryu.normalize.numbers import parse_count
from koryu.readers.generic.context import resolve_place
from koryu.readers.generic.lexicon import fold


@functools.cache
def _country_names() -> dict[str, str]:
    """Folded country name -> alpha-2, every name and alias pycountry and our lists know."""
    names: dict[str, str] = {}
    for e in country_entries():
        forms = [n for n, _ in e.aliases] + list(e.names.values())
        for form in forms:
            f = fold(form)
            if len(f) >= 2 and f not in names:
                names[f] = e.country
    for extra, cc in (("usa", "US"), ("us", "US"), ("u.s.a", "US"), ("uk", "GB"), ("prc", "CN"),
                      ("美国", "US"), ("韩国", "KR"), ("日本国", "JP"), ("俄罗斯", "RU"),
                      ("미국", "US"), ("중국", "CN"), ("러시아", "RU"), ("일본", "JP"),
                      ("베트남", "VN"), ("몽골", "MN"), ("호주", "AU"), ("캐나다", "CA"),
                      ("독일", "DE"), ("프랑스", "FR"), ("영국", "GB"), ("대만", "TW"),
                      ("США", "US"), ("Корея", "KR"), ("Южная Корея", "KR"),
                      ("北韓", "KP"), ("北韩", "KP"), ("朝鲜", "KP"), ("南韓", "KR"), ("南韩", "KR"), ("北한", "KP"),
                      ("미국", "US"), ("米", "US"), ("中", "CN"), ("韓", "KR"), ("露", "RU"), ("豪", "AU"),
                      ("独", "DE"), ("仏", "FR"), ("英", "GB"), ("伊", "IT"), ("加", "CA")):  # fmt: skip
        names.setdefault(fold(extra), cc)
    return names


@functools.cache
def _cjk_prefixes() -> dict[str, list[tuple[str, str]]]:
    """Non-Latin country names (2+ characters) by first character, longest first, for
    "中国江苏省"-like cells."""
    pairs = [(n, cc) for n, cc in _country_names().items() if len(n) >= 2 and not n.isascii()]
    by_first: dict[str, list[tuple[str, str]]] = {}
    for name, cc in sorted(pairs, key=lambda p: -len(p[0])):
        by_first.setdefault(name[0], []).append((name, cc))
    return by_first


def country_code(text: str) -> str | None:
    """The country a whole cell or segment names ("韓国", "Россия", "USA"), else None."""
    f = fold(text)
    if not f:
        return None
    if f in _country_names():
        cc = _country_names()[f]
        # one-character abbreviations (米, 中) only stand alone in a cell
        return cc
    return None


@functools.lru_cache(maxsize=65536)
def country_in(text: str) -> tuple[str | None, str]:
    """A country named in a cell: the whole cell, a bracket, a trailing comma segment, or a
    leading non-Latin name ("中華人民共和国遼寧省"). Returns (alpha-2, the words naming it)."""
    t = unicodedata.normalize("NFKC", text).strip()
    if not t:
        return None, ""
    cc = country_code(t)
    if cc and len(fold(t)) >= 2:
        return cc, t
    for inner in re.findall(r"[(（\[［]([^()（）\[\]［］]+)[)）\]］]", t):
        for part in re.split(r"[・,、/／\s]+", inner):
            cc = country_code(part) if len(fold(part)) >= 2 else None
            if cc:
                return cc, part
        cc, words = _leading_country(inner)
        if cc:
            return cc, words
    segments = [
        s.strip() for s in re.split(r"[,，、]", re.sub(r"[(（][^)）]*[)）]", "", t)) if s.strip()
    ]
    if len(segments) >= 2:
        cc = country_code(segments[-1])
        if cc and len(fold(segments[-1])) >= 2:
            return cc, segments[-1]
    return _leading_country(t)


def _leading_country(t: str) -> tuple[str | None, str]:
    f = fold(t)
    for name, cc in _cjk_prefixes().get(f[:1], ()):
        if f.startswith(name):
            # タイムズ starts with タイ: the rest must still look like a place or be empty
            rest = f[len(name) :]
            if not rest or re.search(r"[省州県市道区郡县]$|[시군구도]$", rest):
                return cc, t[: len(name)]
    return None, ""


_BRACKETS = re.compile(r"\s*[(（\[［][^()（）\[\]［］]*[)）\]］]\s*")
_NOTE_MARKS = re.compile(r"(?:※\d*|\*+\d*|注\d+|\[\d+\])\s*$")


def clean_name(text: str) -> str:
    """A party's name as written, without bracketed notes, footnote marks, trailing country
    or state segments ("Portland, Oregon, USA" -> "Portland")."""
    t = re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip()
    t = re.split(r"\s[|｜]\s", t)[0].strip()  # "天津 | 神戸市": a page title and its site
    t = _NOTE_MARKS.sub("", t).strip()
    outer = _BRACKETS.sub(" ", t).strip()
    if outer:
        t = outer
    if "," in t or "，" in t:
        t = re.split(r"[,，]", t)[0].strip()
    t = re.sub(r"\s+[-–—]\s+.*$", "", t)
    t = t.strip(" .・:：-–—")
    return t


_DATEISH_REST = re.compile(
    r"[\d\s年月日년월일.\-/~〜～()（）г.годаsincefromto頃ごろ以降提携締結号]|[A-Za-zА-Яа-я]{3,}"
)


@dataclass
class DateValue:
    start: str | None
    end: str | None
    raw: str


def date_in(text: str, *, span: bool = False) -> DateValue | None:
    """A date or period a cell holds (any calendar the normaliser knows)."""
    if not text or not re.search(r"\d|元年", text):
        return None
    if span:
        a, b = parse_date_range(text)
        if a is None:
            return None
        return DateValue(a, b if b != a else None, text.strip())
    d = parse_date(text)
    return DateValue(d, None, text.strip()) if d else None


def is_date_cell(text: str) -> bool:
    """Does the cell hold essentially a date (not a sentence with a year in it)?"""
    if not text or len(text) > 40:
        return False
    d = date_in(text)
    if d is None:
        return False
    rest = re.sub(
        r"(明治|大正|昭和|平成|令和|[MTSHR](?=\.?\d))", "", unicodedata.normalize("NFKC", text)
    )
    rest = _DATEISH_REST.sub("", rest)
    return len(rest) <= 3


_COUNT_CELL = re.compile(
    r"^\s*(?:約|약|около|about|approx\.?)?\s*\d[\d,]*\s*(?:人|名|명|чел\.?|человек|persons?|people|participants?|cities|都市|자치단체|団体|か国|カ国|개국)?\s*$",
    re.IGNORECASE,
)


def count_in(text: str) -> int | None:
    if not text or not _COUNT_CELL.match(unicodedata.normalize("NFKC", text)):
        return None
    return parse_count(unicodedata.normalize("NFKC", text).replace("約", "").replace("약", ""))


def place_country(name: str, avoid: str | None = None, parent: str | None = None) -> str | None:
    """The country of the place ``name`` resolves to in the gazetteer (None when unknown
    or ambiguous); ``avoid`` is the other side's country, which a partner rarely shares;
    ``parent`` a region the cell names beside it ("Portland, Oregon")."""
    if not name:
        return None
    cand = resolve_place(name, None, parent) if parent else None
    if cand is None:
        cand = resolve_place(name)
    if cand is None:
        return None
    if avoid and cand.country == avoid:
        return None  # a foreign partner resolved to a namesake at home: do not trust it
    return cand.country


def looks_like_place(text: str) -> bool:
    """A cell that names a place: the gazetteer knows it, or it ends like one (札幌市,
    Сувон-си, 경기도) and is short."""
    name = clean_name(text)
    if not name or len(name) > 40 or is_date_cell(name) or re.fullmatch(r"[\d\s.,/-]+", name):
        return False
    if resolve_place(name) is not None:
        return True
    return bool(
        re.search(r"(?:市|町|村|県|省|州|区|郡|县|特別市|広域市|시|군|구|도|город|г\.)$", name)
    )
