"""What a document tells about itself, shared by the generic readers: its title, the URL it
states, its language, and the home party (the municipality whose page or list it is).

The home party is the side a list leaves implicit ("our sister cities: Portland, ..."). It is
taken, in this order, from the ``# source:`` URL (city.sapporo.jp, www.suwon.go.kr,
shenyang.gov.cn), the title, the first headings, or the first sentence; every candidate must
resolve in the gazetteer to a municipality, prefecture or city, so a word that merely ends
in 市 or 도 is never taken for a place.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from koryu.gazetteer.index import get_gazetteer
from koryu.gazetteer.resolver import Candidate, Context, Resolver
from koryu.normalize.text import nfkc
from koryu.readers.generic.places import STOP_WORDS
from koryu.readers.language import detect


@dataclass
class HomeParty:
    name: str  # as written ("札幌市", "Sapporo")
    country: str | None = None  # ISO alpha-2
    line: int | None = None  # where the document names it
    how: str = ""  # "title" | "heading" | "url" | "column" | "text"


@dataclass
class DocContext:
    name: str  # the document's name (file name)
    lines: list[str] = field(default_factory=list)  # text.split("\n")
    language: str = "und"  # ja, ru, zh, ko, en (koryu.readers.language)
    title: str = ""
    url: str | None = None
    home: HomeParty | None = None
    year: int | None = None  # the year the document dates itself, for "30th anniversary"
    title_line: int | None = None


# "# source: URL" (the reading layer's), or a URL line a saved page starts with
# ("URL: ...", "出典：...", "Источник: ...").
_SOURCE = re.compile(
    r"^\s*(?:#\s*)?(?:source|url|出典|出所|取得元|来源|출처|источник)?\s*[:：]?\s*(https?://\S+)\s*$",
    re.IGNORECASE,
)
_PLACE_LEVELS = {"municipality", "prefecture", "city", "division", "ward"}


@functools.cache
def resolver() -> Resolver:
    """The process-wide resolver (the gazetteer loads once)."""
    return Resolver(get_gazetteer())


@functools.lru_cache(maxsize=65536)
def resolve_place(
    name: str, country: str | None = None, parent: str | None = None
) -> Candidate | None:
    """The one place ``name`` names (a city, municipality, prefecture or region), or None
    when it names none or several in different countries; ``parent`` is a region the
    document places it in ("Portland, Oregon"). Cached: tables repeat names."""
    name = name.strip()
    if len(name) < 2 or len(name) > 40:
        return None
    res = resolver().resolve(name, Context(country=country, parent_hint=parent))
    if res.status == "resolved" and res.best is not None and res.best.level in _PLACE_LEVELS:
        return res.best
    if res.status == "ambiguous" and res.candidates:
        top = res.candidates[0]
        same = [c for c in res.candidates if c.confidence >= top.confidence - 0.1]
        if top.level in _PLACE_LEVELS and len({c.country for c in same}) == 1:
            return top  # namesakes in one country (Portland, Oregon and Maine): its country
    return None


@functools.lru_cache(maxsize=65536)
def country_of_place(name: str) -> str | None:
    """The country of the place a name resolves to, when the gazetteer says so."""
    cand = resolve_place(name)
    return cand.country if cand is not None else None


# --- the home party ---------------------------------------------------------------------

_URL_HOME = (
    # city.sapporo.jp, www.city.kobe.lg.jp, pref.hokkaido.lg.jp, town.x.y.jp
    (re.compile(r"(?:^|\.)(?:city|pref|town|vill|ku)\.([a-z-]+)\.(?:[a-z]+\.)?(?:lg\.)?jp$"), "JP"),
    (re.compile(r"(?:^|\.)([a-z-]+)\.(?:go|or)\.kr$"), "KR"),
    (re.compile(r"(?:^|\.)([a-z-]+)\.gov\.cn$"), "CN"),
    (re.compile(r"(?:^|\.)(?:adm|admin|mo|gorod|city)?\.?([a-z-]+)\.(?:ru|рф)$"), "RU"),
    (re.compile(r"(?:^|\.)(?:cityof|city|www\.cityof)?([a-z-]+)\.(?:gov|org|us)$"), None),
)


def home_from_url(url: str, language: str) -> HomeParty | None:
    host = (urlparse(url).hostname or "").lower()
    host = re.sub(r"^www\.", "", host)
    for pattern, country in _URL_HOME:
        m = pattern.search(host)
        if not m:
            continue
        stem = re.sub(r"^(?:adm|admin|gorod)(?=[a-z]{4})", "", m.group(1)).replace("-", " ")
        cand = resolve_place(stem, country)
        if cand is not None and (country is None or cand.country == country):
            return HomeParty(_name_in(cand, language), cand.country, None, "url")
    return None


def _name_in(cand: Candidate, language: str) -> str:
    name = cand.names.get(language) or cand.name
    if language == "ko" and cand.country == "KR" and not re.search(r"[시군구도]$", name):
        name += "시" if cand.level == "city" else ""
    return name


_CJK_PLACE = re.compile(
    r"[\u4e00-\u9fff\u30a0-\u30ffー]{1,8}?(?:市|町|村|県|府|都|道|区|省|州)(?![\u4e00-\u9fff]{0,1}(?:都市|城市))"
)
_KO_PLACE = re.compile(
    r"[가-힣]{1,8}?(?:특별자치도|특별자치시|특별시|광역시|시|군|구|도)(?=[\s의은는이가와과]|$)"
)
_WORD = re.compile(r"[A-ZА-ЯЁ][\w\-ʼ'’ёЁ]+(?:[ -][A-ZА-ЯЁ][\w\-ёЁ]+)?")
_STOP = {
    "sister",
    "cities",
    "city",
    "the",
    "of",
    "international",
    "relations",
    "partner",
    "friendship",
    "town",
    "towns",
    "twin",
    "exchange",
    "list",
    "our",
    "about",
    "home",
    "page",
    "and",
    "members",
    "association",
    "network",
    "news",
    "mayor",
    "government",
    "office",
} | STOP_WORDS


def _ru_forms(word: str) -> list[str]:
    """Nominative guesses for a Russian place name in another case (Иркутска -> Иркутск)."""
    forms = [word]
    for end, repl in (("ом", ""), ("а", ""), ("у", ""), ("е", ""), ("ы", "а"), ("и", "ь"), ("и", "я"), ("ого", "ий")):  # fmt: skip
        if word.endswith(end) and len(word) > len(end) + 3:
            forms.append(word[: -len(end)] + repl)
    return forms


Placed = tuple[str, Candidate, int]  # (as written, entry, offset)


def places_in(text: str, language: str) -> list[Placed]:
    """Places named in a short text (a title, a heading): (as written, entry, offset)."""
    t = nfkc(text)
    found: list[Placed] = []
    if language in ("ja", "zh", "und") or re.search(r"[\u4e00-\u9fff]", t):
        found += _han_places(t)
    if language == "ko" or re.search(r"[가-힣]", t):
        found += _hangul_places(t)
    if language in ("ru", "en", "und") or re.search(r"[A-Za-zА-Яа-я]", t):
        found += _word_places(t, language)
    return sorted(found, key=lambda f: f[2])


def _han_places(t: str) -> list[Placed]:
    found: list[Placed] = []
    for m in _CJK_PLACE.finditer(t):
        s = m.group(0)
        if s.endswith("都") and t[m.end() : m.end() + 1] == "市":
            continue  # 友好都|市: the word 都市 (city), not a capital 都
        # the shortest resolving tail: "国際交流札幌市" is no place, "札幌市" is
        for i in range(len(s) - 1):
            cand = resolve_place(s[i:])
            if cand is not None:
                found.append((s[i:], cand, m.start() + i))
                break
    return found


def _hangul_places(t: str) -> list[Placed]:
    found: list[Placed] = []
    for m in _KO_PLACE.finditer(t):
        cand = resolve_place(m.group(0))
        if cand is not None:
            found.append((m.group(0), cand, m.start()))
    return found


def _word_places(t: str, language: str) -> list[Placed]:
    """Latin and Cyrillic names: a run of words whole, else the first of its words that
    names a place."""
    found: list[Placed] = []
    for m in _WORD.finditer(t):
        unit = m.group(0)
        words = [(unit, m.start())]
        if " " in unit or "-" in unit:
            words += [(w.group(0), m.start() + w.start()) for w in re.finditer(r"[^\s-]+", unit)]
        for word, at in words:
            placed = _word_place(word, at, language)
            if placed is not None:
                found.append(placed)
                break
    return found


def _word_place(word: str, at: int, language: str) -> Placed | None:
    """The place a word names, in a Russian text by its nominative (Иркутска -> Иркутск)."""
    if word.lower() in _STOP:
        return None
    for form in _ru_forms(word) if re.search(r"[А-Яа-я]", word) else [word]:
        cand = resolve_place(form)
        if cand is not None:
            return (form if form != word and language == "ru" else word, cand, at)
    return None


LANGUAGE_COUNTRY = {"ja": "JP", "ko": "KR", "zh": "CN", "ru": "RU"}

# "台南市訪問報告書", "Visit to Tainan", "Визит в Харбин": the place a trip went to, which
# is not the home of the one who writes about it.
_VISIT_AFTER = re.compile(r"\s*(?:市|町|村)?(?:への)?(?:訪問|視察|出張|방문|출장|访问|出访|考察)")
_VISIT_BEFORE = re.compile(
    r"(?:visit to|trip to|mission to|визит\w*\s+в|поездк\w*\s+в|访问|出访)\s*$", re.IGNORECASE
)


_LISTED = re.compile(r"^\s*(?:、|,|，|and|и|と|및|와|과|和|与|及)\s*$", re.IGNORECASE)


def _visited_in(text: str, written: str, offset: int) -> bool:
    end = offset + len(written)
    return bool(_VISIT_AFTER.match(text, end) or _VISIT_BEFORE.search(text[:offset]))


def home_from_text(text: str, language: str, line: int, how: str) -> HomeParty | None:
    """The first place a text names, one of the language's own country first (a Japanese
    page about a partner names its own city too)."""
    named = places_in(text, language)
    visited = [f for f in named if _visited_in(text, f[0], f[2])]
    # "访问天津市、北京市", "visited Tianjin and Beijing": a place listed after a visited one
    # is visited too
    for f in sorted(named, key=lambda f: f[2]):
        if f in visited:
            continue
        if any(
            v[2] + len(v[0]) <= f[2] and _LISTED.match(text[v[2] + len(v[0]) : f[2]])
            for v in visited
        ):
            visited.append(f)
    found = [f for f in named if f not in visited]
    own = [f for f in found if f[1].country == LANGUAGE_COUNTRY.get(language)]
    for written, cand, _ in own or found:
        return HomeParty(written, cand.country, line, how)
    return None


_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?:年|년|\s*г\.?|\b)")


def document_year(lines: list[str]) -> int | None:
    """The year a document dates itself: the latest plausible year it states (a news item
    is dated after the events it mentions), not after this year."""
    now = dt.date.today().year
    years = [int(m.group(1)) for line in lines[:400] for m in _YEAR.finditer(line)]
    years = [y for y in years if y <= now]
    return max(years) if years else None


def build_context(text: str, name: str, language: str | None = None) -> DocContext:
    lines = text.split("\n")
    ctx = DocContext(name=name, lines=lines)
    ctx.language = language or detect(text)
    for line in lines[:8]:
        m = _SOURCE.match(line)
        if m:
            ctx.url = m.group(1)
            break
    for i, line in enumerate(lines):
        s = line.strip()
        if s and not _SOURCE.match(s):
            ctx.title = s.lstrip("#").strip()
            ctx.title_line = i + 1
            break
    ctx.year = document_year(lines)
    ctx.home = find_home(ctx)
    return ctx


def find_home(ctx: DocContext) -> HomeParty | None:
    if ctx.url:
        home = home_from_url(ctx.url, ctx.language)
        if home is not None:
            for i, line in enumerate(ctx.lines[:60]):  # where the document names it, if it does
                if home.name in line:
                    home.line = i + 1
                    break
            return home
    if ctx.title:
        home = home_from_text(ctx.title, ctx.language, ctx.title_line or 1, "title")
        if home is not None:
            return home
    seen = 0
    for i, line in enumerate(ctx.lines[(ctx.title_line or 0) :], (ctx.title_line or 0) + 1):
        s = line.strip()
        if not s or _SOURCE.match(s):
            continue
        if "\t" in line or s.count("|") >= 2:
            break  # a table begins: its rows name partners, not the home
        seen += 1
        if seen > 3:
            break
        home = home_from_text(s[:120], ctx.language, i, "heading" if len(s) < 40 else "text")
        if home is not None:
            return home
    return None
