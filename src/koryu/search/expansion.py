"""Query expansion across languages: the thesaurus of sectors and activities, and place
names from the gazetteer (Vladivostok / Владивосток / ウラジオストク / 海参崴 / 블라디보스토크).

Expansion only adds alternatives to a term (OR); it never removes a match. What was added
is reported so the user sees it ("also searched: ..."). Plain Python (no Django).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from koryu.search.query import Atom
from koryu.search.thesaurus import Thesaurus, get_thesaurus, key

log = logging.getLogger(__name__)

MAX_ADDED_PER_TERM = 16
MAX_PLACE_LOOKUPS = 6
_TRUSTED_REASONS = ("exact", "alias", "transliteration", "historical")


@dataclass(frozen=True)
class Expansion:
    term: str
    source: str  # "thesaurus" | "gazetteer"
    added: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"term": self.term, "source": self.source, "added": list(self.added)}


@dataclass
class ExpandedGroup:
    """One AND-ed part of the query: the user's alternatives and the added ones."""

    atoms: list[Atom]
    added: list[Atom]


def merge_thesaurus_phrases(groups: list[list[Atom]], thesaurus: Thesaurus) -> list[list[Atom]]:
    """Join consecutive plain words that together name a concept ("sister city")."""
    out: list[list[Atom]] = []
    i = 0
    while i < len(groups):
        merged = False
        for width in range(min(thesaurus.longest, len(groups) - i), 1, -1):
            window = groups[i : i + width]
            if all(len(g) == 1 and not g[0].phrase for g in window):
                text = " ".join(g[0].text for g in window)
                if thesaurus.lookup(text):
                    out.append([Atom(text, phrase=True)])
                    i += width
                    merged = True
                    break
        if not merged:
            out.append(groups[i])
            i += 1
    return out


def expand(
    groups: list[list[Atom]], places: bool = True
) -> tuple[list[ExpandedGroup], list[Expansion]]:
    thesaurus = get_thesaurus()
    groups = merge_thesaurus_phrases(groups, thesaurus)
    report: list[Expansion] = []
    expanded: list[ExpandedGroup] = []
    lookups = 0
    for group in groups:
        seen = {key(a.text) for a in group}
        added: list[Atom] = []
        for atom in group:
            names = thesaurus.expansions(atom.text)
            source = "thesaurus"
            if not names and places and lookups < MAX_PLACE_LOOKUPS and len(key(atom.text)) >= 2:
                lookups += 1
                names = place_names(key(atom.text))
                source = "gazetteer"
            fresh = []
            for name in names:
                if key(name) not in seen and len(fresh) < MAX_ADDED_PER_TERM:
                    seen.add(key(name))
                    fresh.append(name)
            if fresh:
                report.append(Expansion(atom.text, source, tuple(fresh)))
                added.extend(Atom(name, phrase=True) for name in fresh)
        expanded.append(ExpandedGroup(list(group), added))
    return expanded, report


@lru_cache(maxsize=4096)
def place_names(term: str) -> tuple[str, ...]:
    """Names in other languages of the place ``term`` names, when the gazetteer is sure."""
    resolution = _resolve(term)
    if resolution is None or getattr(resolution, "status", "") != "resolved":
        return ()
    best = resolution.candidates[0] if resolution.candidates else None
    if best is None or getattr(best, "reason", "exact") not in _TRUSTED_REASONS:
        return ()
    names = [getattr(best, "name", "")] + list((getattr(best, "names", None) or {}).values())
    return tuple(dict.fromkeys(n for n in names if n and key(n) != term))


def _resolve(term: str):
    try:
        from koryu.gazetteer import resolve
    except ImportError:
        try:
            from koryu.gazetteer import get_gazetteer
        except ImportError:
            return None  # no gazetteer in this installation: thesaurus only
        resolve = get_gazetteer().resolve
    try:
        return resolve(term)
    except Exception:  # a broken gazetteer must not break search
        log.exception("gazetteer lookup failed for %r; searching without place names", term)
        return None
