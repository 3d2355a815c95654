"""Japanese prefectures, municipalities and designated-city wards from japancode.

japancode 0.1.0 ships JSON for 47 prefectures and 1,916 municipalities and wards, with
kana readings, coordinates and local government codes. Two of its quirks are fixed here:
codes of prefectures 01-09 lost their leading zero (zfill(6)), and wards are written
"札幌市 中央区". Its ward list predates 2024 (Hamamatsu's seven wards): history.py marks
those as merged. A prefecture's coordinates are its seat's (``data/prefecture_seats.tsv``;
japancode has none for prefectures), as a foreign division's are its anchor city's: the
mean of its municipalities would put 東京都 in Sagami Bay, pulled south by the islands.
JpGeocode fills any municipality japancode leaves without one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources

from koryu.gazetteer.entry import Entry
from koryu.gazetteer.geo import distance_km
from koryu.gazetteer.keys import name_key
from koryu.gazetteer.tables import rows
from koryu.gazetteer.transliterate import (
    kana_to_cyrillic,
    kana_to_hangul,
    place_name_forms,
    romaji,
    split_admin_suffix,
    to_simplified,
)

_FORM_REASONS = {"ja": "exact", "zh": "alias", "en": "transliteration", "ru": "transliteration"}


def _load(package: str, name: str):
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def lg_code(raw: str) -> str:
    """japancode's code with its lost leading zero restored: '11002' -> '011002'."""
    return raw.zfill(6)


def _names_and_aliases(name: str, kana: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    stem, stem_kana, _ = split_admin_suffix(name, kana)
    names = {
        "ja": name,
        "en": romaji(stem_kana),
        "ru": kana_to_cyrillic(stem_kana),
        "ko": kana_to_hangul(stem_kana),
        "zh": to_simplified(name),
    }
    aliases: list[tuple[str, str]] = []
    stem_key = name_key(stem) if stem != name else None
    for lang, forms in place_name_forms(name, kana).items():
        reason = _FORM_REASONS.get(lang, "transliteration")
        for form in sorted(forms):
            if stem_key and lang in ("ja", "zh") and name_key(form) == stem_key:
                continue  # the bare 柏崎 is filed by the index as 柏崎市 minus its suffix
            # kana spellings of the name are aliases, the kanji name itself is exact
            r = "alias" if lang == "ja" and form != name else reason
            aliases.append((form, r))
    return names, aliases


def _prefecture_entry(p: dict) -> Entry:
    names, aliases = _names_and_aliases(p["pref"], p["prefkana"])
    names["en"] = p["pref_en"]
    aliases += [(p["prefshort"], "exact"), (p["pref_en"], "exact"), (p["ISO3166-2"], "alias")]
    return Entry(
        id=f"jp:{lg_code(p['lgcode'])}",
        name=p["pref"],
        country="JP",
        level="prefecture",
        names=names,
        code=lg_code(p["lgcode"]),
        parent_id="cc:JP",
        kana=p["prefkana"],
        aliases=aliases,
    )


def _municipality_entry(m: dict, pref: Entry, geocode: dict) -> Entry:
    """A city, town or village (or a designated city as a whole); JpGeocode places the
    ones japancode gives no position."""
    names, aliases = _names_and_aliases(m["city"], m["citykana"])
    aliases.append((pref.name + m["city"], "exact"))
    lat, lon = m.get("lat"), m.get("lng")
    if lat is None and f"{pref.name},{m['city']}" in geocode:
        g = geocode[f"{pref.name},{m['city']}"]
        lat, lon = g["lat"], g["lng"]
    code = lg_code(m["lgcode"])
    return Entry(
        id=f"jp:{code}",
        name=m["city"],
        country="JP",
        level="municipality",
        names=names,
        code=code,
        parent_id=pref.id,
        lat=lat,
        lon=lon,
        kana=m["citykana"],
        aliases=aliases,
    )


def _ward_entry(m: dict, pref: Entry, city_id: str) -> Entry:
    """A ward of a designated city (japancode writes it "<city> <ward>")."""
    city, ward = m["city"].split(" ", 1)
    _, ward_kana = m["citykana"].split(" ", 1)
    names, aliases = _names_and_aliases(ward, ward_kana)
    aliases += [(city + ward, "exact"), (pref.name + city + ward, "exact")]
    code = lg_code(m["lgcode"])
    return Entry(
        id=f"jp:{code}",
        name=ward,
        country="JP",
        level="ward",
        names=names | {"ja": ward},
        code=code,
        parent_id=city_id,
        lat=m.get("lat"),
        lon=m.get("lng"),
        kana=ward_kana,
        aliases=aliases,
    )


def _place_prefectures(
    prefs: Iterable[Entry], coords: dict[str, list[tuple[float, float]]], entries: list[Entry]
) -> None:
    """A prefecture's position: its seat's; the mean of its municipalities' for a
    prefecture the seats table lacks."""
    seat_of = {row["prefecture"]: row["seat"] for row in rows("prefecture_seats.tsv")}
    by_parent_and_name = {(e.parent_id, e.name): e for e in entries if e.level == "municipality"}
    for pref in prefs:
        seat = by_parent_and_name.get((pref.id, seat_of.get(pref.name, "")))
        points = coords.get(pref.id)
        if seat is not None and seat.lat is not None:
            pref.lat, pref.lon = seat.lat, seat.lon
        elif points:
            pref.lat = round(sum(p[0] for p in points) / len(points), 5)
            pref.lon = round(sum(p[1] for p in points) / len(points), 5)


def japan_entries() -> list[Entry]:
    prefs = _load("japancode", "data/prefectures.json")
    munis = _load("japancode", "data/municipalities.json")
    geocode = _load("JpGeocode", "data/jp_geocode.json")

    entries: list[Entry] = []
    pref_by_pid: dict[str, Entry] = {}
    for p in prefs:
        pref_by_pid[p["pid"]] = e = _prefecture_entry(p)
        entries.append(e)

    city_ids: dict[tuple[str, str], str] = {}
    pending_wards = []
    coords: dict[str, list[tuple[float, float]]] = {}
    for m in munis:
        if " " in m["city"]:
            pending_wards.append(m)
            continue
        pref = pref_by_pid[m["pid"]]
        e = _municipality_entry(m, pref, geocode)
        entries.append(e)
        city_ids[(m["pid"], m["city"])] = e.id
        if e.lat is not None:
            coords.setdefault(pref.id, []).append((e.lat, e.lon))

    for m in pending_wards:
        city = m["city"].split(" ", 1)[0]
        entries.append(_ward_entry(m, pref_by_pid[m["pid"]], city_ids[(m["pid"], city)]))

    _place_prefectures(pref_by_pid.values(), coords, entries)
    return entries


# A GeoNames place further than this from the municipality of its name is a namesake.
_SAME_PLACE_KM = 25.0


def add_populations(entries: list[Entry], cities: dict[str, dict]) -> None:
    """Populations from GeoNames' Japanese cities (japancode has none), matched by kanji
    name and position: they tell the city of Yokohama (3.8 million) from the town of
    Yokohama in Aomori (4,000) when a document writes only 横浜."""
    by_name: dict[str, list[Entry]] = {}
    for e in entries:
        if e.level in ("municipality", "ward") and e.lat is not None:
            stem = split_admin_suffix(e.name, e.kana or "")[0]
            for name in {e.name, stem}:
                by_name.setdefault(name, []).append(e)
    for c in cities.values():
        if c["countrycode"] != "JP" or not c["population"]:
            continue
        matched: set[int] = set()
        for alt in c["alternatenames"]:
            for e in by_name.get(alt, ()):
                if id(e) in matched:
                    continue
                if distance_km(e.lat, e.lon, c["latitude"], c["longitude"]) <= _SAME_PLACE_KM:
                    matched.add(id(e))
                    e.population = max(e.population, c["population"])
