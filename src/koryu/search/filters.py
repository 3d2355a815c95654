"""Filters of the query language (``kind:agreement``, ``year:2010..2012``...): their values
checked and put in the form the index stores. Plain Python."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

from koryu.records import AGREEMENT_TYPES, KINDS, SECTORS, STATUSES
from koryu.search.prefectures import prefecture_named
from koryu.search.thesaurus import get_thesaurus

ORGANIZATION_KIND = "organization"
SEARCH_KINDS = (*KINDS, ORGANIZATION_KIND)
FILTER_KEYS = ("kind", "country", "prefecture", "sector", "type", "status", "year", "org")
# Filters that are also URL parameters of the same name (year is year_from/year_to, org is
# an organization id: org=12 is org:#12).
PARAM_KEYS = ("kind", "country", "prefecture", "sector", "type", "status")
YEAR_MIN, YEAR_MAX = 1000, 2999


class FilterValueError(ValueError):
    """A filter value the query language does not know."""


@dataclass(frozen=True)
class Filter:
    key: str
    values: tuple[str, ...]  # normalised; OR between them. For year: (start, end), "" = open
    negated: bool = False
    raw: str = ""

    def canonical(self) -> str:
        value = self.raw if self.key == "org" else ",".join(self.values)
        if self.key == "year":
            start, end = self.values
            value = start if start == end else f"{start}..{end}"
        if any(ch.isspace() or ch == '"' for ch in value):
            value = '"' + value.replace('"', "") + '"'
        return f"{'-' if self.negated else ''}{self.key}:{value}"

    def with_values(self, values: tuple[str, ...]) -> Filter:
        return Filter(self.key, values, self.negated, ",".join(values))

    @property
    def org_id(self) -> int | None:
        """org:#12 names the organization by its id."""
        if self.key == "org" and self.raw.startswith("#") and self.raw[1:].isdigit():
            return int(self.raw[1:])
        return None

    def as_params(self) -> dict[str, str] | None:
        """The URL parameters that say the same, or None when only the text can."""
        if self.negated:
            return None
        if self.key in PARAM_KEYS:
            return {self.key: ",".join(self.values)}
        if self.key == "year":
            start, end = self.values
            return {k: v for k, v in (("year_from", start), ("year_to", end)) if v}
        if self.org_id is not None:
            return {"org": str(self.org_id)}
        return None


def parse_filter(key: str, raw: str, negated: bool = False) -> Filter:
    key = key.casefold()
    raw = raw.strip()
    if not raw:
        raise FilterValueError(f"{key}: needs a value")
    if key == "year":
        return Filter("year", parse_years(raw), negated, raw)
    if key == "org":
        return Filter("org", (raw,), negated, raw)
    parts = [p.strip() for p in re.split(r"[,|、，]", raw) if p.strip()]
    values = tuple(dict.fromkeys(_NORMALIZERS[key](p) for p in parts))
    if not values:
        raise FilterValueError(f"{key}: needs a value")
    return Filter(key, values, negated, raw)


def decade_years(value: str) -> tuple[str, str]:
    """The first and last year of a decade facet value ("1990" -> 1990..1999)."""
    start = int(value) // 10 * 10
    return f"{start:04d}", f"{start + 9:04d}"


def parse_years(raw: str) -> tuple[str, str]:
    m = re.fullmatch(r"(\d{4})?\s*(\.\.|–|~|〜)?\s*(\d{4})?", raw)
    if not m or not (m.group(1) or m.group(3)) or (m.group(2) is None and m.group(3)):
        raise FilterValueError(
            f"year:{raw} is not a year or a range (year:2010, year:2010..2012, year:..2005)"
        )
    start, dots, end = m.groups()
    if dots is None:
        end = start
    for y in (start, end):
        if y and not YEAR_MIN <= int(y) <= YEAR_MAX:
            raise FilterValueError(f"year:{raw}: {y} is out of range")
    if start and end and start > end:
        raise FilterValueError(f"year:{raw}: the range ends before it starts")
    return (start or "", end or "")


def _choice(name: str, known: tuple[str, ...], aliases: dict[str, str] | None = None):
    def normalize(value: str) -> str:
        folded = value.casefold().replace("-", "_")
        if folded in known:
            return folded
        if aliases and (hit := aliases.get(value.casefold())):
            return hit
        raise FilterValueError(f"unknown {name} {value!r} (known: {', '.join(known)})")

    return normalize


def _thesaurus_aliases(attribute: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for concept in get_thesaurus().concepts:
        target = getattr(concept, attribute)
        if target:
            for name in concept.all_names():
                out.setdefault(name.casefold(), target)
    return out


def _sector(value: str) -> str:
    return _choice("sector", SECTORS, _thesaurus_aliases("sector"))(value)


def _agreement_type(value: str) -> str:
    aliases = _thesaurus_aliases("agreement_type") | {
        "mou": "memorandum",
        "staff": "staff_exchange",
        "分野別": "sector",
        "議定書": "protocol",
    }
    return _choice("agreement type", AGREEMENT_TYPES, aliases)(value)


def _prefecture(value: str) -> str:
    name = prefecture_named(value)
    if not name:
        raise FilterValueError(f"unknown prefecture {value!r} (e.g. 北海道, 静岡, Shizuoka)")
    return name


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    catalogues = [None]
    for lang in ("ja", "zh_CN", "zh_TW", "ko", "ru"):
        try:
            catalogues.append(
                gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            )
        except OSError:
            continue
    for country in pycountry.countries:
        english = [country.name, getattr(country, "common_name", ""), country.alpha_3]
        for catalogue in catalogues:
            for name in english:
                if not name:
                    continue
                local = catalogue.gettext(name) if catalogue else name
                for part in re.split(r"[()（）]", local):
                    if part.strip():
                        names.setdefault(part.strip().casefold(), country.alpha_2)
    names.update(
        {"韓国": "KR", "中國": "CN", "アメリカ": "US", "ロシア": "RU", "россия": "RU"}
        | {"russia": "RU", "south korea": "KR", "korea": "KR", "usa": "US", "uk": "GB"}
    )
    return names


def _country(value: str) -> str:
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    code = _country_names().get(value.strip().casefold())
    if not code:
        raise FilterValueError(f"unknown country {value!r} (use a code such as CN, KR, RU)")
    return code


_NORMALIZERS = {
    "kind": _choice("kind", SEARCH_KINDS),
    "country": _country,
    "prefecture": _prefecture,
    "sector": _sector,
    "type": _agreement_type,
    "status": _choice("status", STATUSES),
}
