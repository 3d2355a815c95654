"""One place or administrative body in the gazetteer.

Ids are stable across rebuilds: ``cc:JP`` (country), ``jp:011002`` (Japanese local
government code with check digit), ``jp-old:052051`` (a Japanese municipality that merged
away), ``adm:CN-LN`` (ISO 3166-2 division), ``gn:2034937`` (GeoNames city) and ``body:clair``
(a body from data/bodies.tsv).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Levels, from the top. "municipality" and "ward" are Japanese; "city" is a GeoNames city;
# "body" is an agency or association listed in data/bodies.tsv (CLAIR), not a place.
LEVELS = ("country", "division", "prefecture", "municipality", "ward", "city", "body")


@dataclass(slots=True)
class Entry:
    id: str
    name: str  # display name: Japanese for Japan, English (GeoNames/ISO) elsewhere
    country: str  # ISO 3166-1 alpha-2
    level: str  # one of LEVELS
    names: dict[str, str] = field(default_factory=dict)  # lang -> preferred name
    code: str | None = None  # local government code, ISO code or GeoNames id
    parent_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    valid_from: str | None = None  # ISO date; None = since before our records
    valid_to: str | None = None  # ISO date the body ceased (exclusive); None = current
    successor_id: str | None = None
    kana: str | None = None
    population: int = 0
    # Extra searchable names: (text, reason) with reason "exact", "alias" or
    # "transliteration". Only used while building the index.
    aliases: list[tuple[str, str]] = field(default_factory=list)

    @property
    def historical(self) -> bool:
        return self.valid_to is not None

    def __reduce__(self):
        # Pickled as the constructor's arguments: the default for a slotted dataclass is
        # a state dict per entry, which costs load time and, freed right after, leaves
        # the heap fragmented (about 60 MB of resident memory with 240,000 entries).
        return Entry, tuple(getattr(self, f) for f in _FIELDS)


_FIELDS = tuple(Entry.__dataclass_fields__)
