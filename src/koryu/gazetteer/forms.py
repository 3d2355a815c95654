"""Compound forms of a place's name, as lists of towns write them in Latin letters.

- ``Žagarė (Joniškis)``, ``Berlin – Charlottenburg-Wilmersdorf``, ``Suzhou, Jiangsu``: a
  place and the body or region it lies in. ``compound`` says which part is which.
- ``Maui County``, ``Vilnius District Municipality``, ``County Monaghan``: a name with
  administrative words around it. ``admin_stem`` gives the name without them.
- ``Rottenburg am Neckar``, ``Zihuatanejo de Azueta``: a town's name followed by a
  locating phrase that starts with a small word. ``locating_head`` gives the town's name.

Plain string functions: the resolver decides what the parts name.
"""

from __future__ import annotations

import re

# "Berlin – Mitte": the whole first, then the part (Wikipedia's lists of twin towns)
_DASH = re.compile(r"^(?P<whole>[^–—]+?)\s+[–—-]\s+(?P<part>[^–—]+)$")
# "Suzhou, Jiangsu": the place first, then its region (or country)
_COMMA = re.compile(r"^(?P<part>[^,]+?),\s*(?P<whole>[^,]+)$")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")

# Words that say what kind of body a name is, not which: "Maui County", "Rēzekne
# Municipality", "County Monaghan", "City of Cockburn", "Greater Shepparton".
ADMIN_WORDS = frozenset(
    "county municipality municipal district borough township parish commune rayon raion "
    "region regional council shire city town village urban rural local metropolitan "
    "greater of the gmina amt government".split()
)
# A county, district or municipality named after a city this large is a body of its own
# around the city (Landkreis Karlsruhe, Vilnius District Municipality), with partners of
# its own; one named after a small town is that town's government (Rēzekne Municipality).
BIG_CITY = 100_000
# Words that must be there for a name to count as one with administrative words (so
# "Old Town", "Lake District" or "City" alone are not stripped to nothing or to "Old").
_HEAD_WORDS = frozenset(
    "county municipality district borough township parish commune rayon raion shire council".split()
)
# Not "City of": the City of London is a part of London, not London.
_PREFIXES = ("county ", "municipality of ", "borough of ", "shire of ", "greater ")

# Small words that open a locating phrase: "am Neckar", "in der Oberpfalz", "de Azueta",
# "upon Tyne", "sur Mer", "an der Donau", "nad Labem".
LOCATING_WORDS = frozenset(
    "am an im in ob bei auf upon on sur sous lès les en de del della di da do dos das du "
    "nad pod na".split()
)


def compound(text: str) -> tuple[str, str] | None:
    """(part, whole) of a compound name in Latin letters, or None: "Suzhou, Jiangsu" ->
    ("Suzhou", "Jiangsu"); "Berlin – Steglitz-Zehlendorf" -> ("Steglitz-Zehlendorf",
    "Berlin"). The part is the place the name means; the whole is where it lies."""
    if not _LATIN.search(text):
        return None
    for pattern in (_DASH, _COMMA):
        m = pattern.match(text)
        if m and m.group("part").strip() and m.group("whole").strip():
            return m.group("part").strip(), m.group("whole").strip()
    return None


def admin_stem(text: str) -> str | None:
    """The name inside administrative words ("Vilnius District Municipality" -> "Vilnius",
    "County Monaghan" -> "Monaghan"), or None when there are none to strip."""
    words = text.split()
    if len(words) < 2 or not _LATIN.search(text):
        return None
    folded = [w.casefold() for w in words]
    start = 0
    lowered = " ".join(folded) + " "
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            start = len(prefix.split())
            break
    end = len(words)
    while end > start + 1 and folded[end - 1] in ADMIN_WORDS:
        end -= 1
    stripped = folded[:start] + folded[end:]
    if not stripped or not (set(stripped) & _HEAD_WORDS or start):
        return None
    stem = " ".join(words[start:end])
    return stem if stem and stem.casefold() not in ADMIN_WORDS else None


def locating_head(text: str) -> str | None:
    """The town's name before a locating phrase ("Weiden in der Oberpfalz" -> "Weiden"),
    or None. The phrase must open with a small word in lower case and be followed by a
    name: "Prague 1" or "Budapest XI" are parts of a city, not the city."""
    words = text.split()
    for i in range(1, len(words) - 1):
        if words[i] in LOCATING_WORDS and words[-1][:1].isupper():
            return " ".join(words[:i])
    return None


def kind_only(text: str) -> bool:
    """Whether ``text`` only says what kind of body a name is: "district", "rural gmina"."""
    words = text.casefold().split()
    return bool(words) and all(w in ADMIN_WORDS for w in words)
