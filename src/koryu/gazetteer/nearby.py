"""Places near a point, and the one among them a variant spelling names.

A document that locates a town (a list of twin towns gives coordinates for each) may
spell it differently from GeoNames: "Tiachiv" for Tyachiv, "Bad Kötzting" for Kötzting,
"Karadeniz Ereğli" for Ereğli. Among the gazetteer's places of the stated country a few
km from the document's point, a name that is nearly the same (a close spelling of the
whole name) or contained in the mention (the mention adds a word) is the same town. Two
places named alike are rarely that close, which is what keeps this precise; and the
words a mention may add exclude what names a part of a town ("Old Havana", "Prague 1").
"""

from __future__ import annotations

import difflib
import math
import re
from array import array

from koryu.gazetteer.entry import Entry
from koryu.gazetteer.forms import BIG_CITY, LOCATING_WORDS
from koryu.gazetteer.geo import distance_km
from koryu.gazetteer.keys import name_key

# A close spelling must lie this near the point; a name the mention contains, a bit
# further (a town's centre and the point of its merged municipality differ more).
SIMILAR_KM = 3.0
CONTAINED_KM = 10.0
SIMILAR_RATIO = 0.85
_CELL_DEG = 0.5
# Words that make a name a part of a town rather than the town: "Old Havana", "Berlin
# Mitte", "Prague 1", "Budapest XI".
_PART_WORDS = frozenset(
    "old new upper lower north south east west northern southern eastern western central "
    "centre center downtown inner outer historic mitte nord sud süd ost altstadt "
    "neustadt stari novi stary nowy istocno zapadno sjeverno juzno".split()
)
# A mention joining two names ("Pesaro and Urbino", "Evje og Hornnes") names neither.
_JOINING_WORDS = frozenset("and og och und et y e with cum".split())

_ROMAN = re.compile(r"^[ivxlcdm]+$")
_WORD = re.compile(r"[^\W_]+")


class NearbyIndex:
    """The gazetteer's positioned entries on a grid of half-degree cells."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        # machine ints, not Python ones: a third of the memory for 240,000 positions
        self.cells: dict[tuple[int, int], array] = {}
        for i, e in enumerate(entries):
            if e.lat is not None and e.lon is not None and not e.historical:
                self.cells.setdefault(_cell(e.lat, e.lon), array("i")).append(i)

    def within(self, lat: float, lon: float, km: float) -> list[tuple[float, Entry]]:
        """(distance, entry) of every positioned entry within ``km`` of the point, nearest
        first."""
        rows = math.ceil(km / 111.0 / _CELL_DEG)
        cols = math.ceil(km / (111.0 * max(math.cos(math.radians(lat)), 0.05)) / _CELL_DEG)
        ci, cj = _cell(lat, lon)
        found = []
        for i in range(ci - rows, ci + rows + 1):
            for j in range(cj - cols, cj + cols + 1):
                for k in self.cells.get((i, j % int(360 / _CELL_DEG)), ()):
                    e = self.entries[k]
                    d = distance_km(lat, lon, e.lat, e.lon)
                    if d <= km:
                        found.append((d, e))
        return sorted(found, key=lambda t: (t[0], t[1].id))


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(math.floor(lat / _CELL_DEG)), int(math.floor((lon + 180) / _CELL_DEG))


def words(text: str) -> list[str]:
    return [name_key(w) for w in _WORD.findall(text) if name_key(w)]


def variant_match(
    mention: str, lat: float, lon: float, country: str, index: NearbyIndex
) -> tuple[Entry, float] | None:
    """The place near the point that ``mention`` spells differently, with its distance,
    or None when there is none or several."""
    mine = words(mention)
    if not mine or any(w.isdigit() or _ROMAN.match(w) for w in mine):
        return None
    key = "".join(mine)
    near = [(d, e) for d, e in index.within(lat, lon, CONTAINED_KM) if e.country == country]
    found: dict[str, tuple[float, Entry]] = {}
    for d, e in near:
        if e.level not in ("city", "municipality", "ward"):
            continue
        for name in {e.name, *e.names.values()}:
            theirs = words(name)
            if not theirs:
                continue
            similar = (
                d <= SIMILAR_KM
                and difflib.SequenceMatcher(None, key, "".join(theirs)).ratio() >= SIMILAR_RATIO
            )
            if similar or _contained(theirs, mine, near, e):
                found.setdefault(e.id, (d, e))
                break
    ranked = sorted(found.values(), key=lambda t: (t[0], t[1].id))
    if not ranked or len(ranked) > 1 and ranked[1][0] < 3 * ranked[0][0] + 1.0:
        return None  # none, or two towns alike as near: not a confirmation
    d, e = ranked[0]
    return e, d


def _contained(
    theirs: list[str], mine: list[str], near: list[tuple[float, Entry]], entry: Entry
) -> bool:
    """``theirs`` is ``mine`` less some words ("Kötzting" in "Bad Kötzting"), and the words
    left over neither name a part of a town nor another place nearby (as "Effretikon"
    and "Illnau" both would in "Illnau-Effretikon")."""
    if entry.population >= BIG_CITY:  # "Mainz-Kostheim" is not Mainz
        return False
    if len(theirs) >= len(mine) or not set(theirs) < set(mine):
        return False
    extra = [w for w in mine if w not in theirs]
    if any(w in _PART_WORDS or w in _JOINING_WORDS for w in extra):
        return False
    first = mine.index(theirs[0])
    if first and mine[first - 1] in LOCATING_WORDS:
        return False  # "Wiwilí de Jinotega": Jinotega is where, not what
    extra_key = "".join(extra)
    return not any(
        extra_key in {"".join(words(n)) for n in {e.name, *e.names.values()}} for _, e in near
    )
