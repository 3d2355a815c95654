"""The curated multilingual thesaurus of exchange sectors and activities (data/thesaurus.tsv).

One row per concept: an id, the records.SECTORS value and/or records.AGREEMENT_TYPES value
it stands for, and its names in ja, en, ru, zh and ko ("|" between synonyms). A query term
equal to any name of a concept is expanded to all the concept's names.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from koryu.search.analysis import normalize

DATA = Path(__file__).parent / "data" / "thesaurus.tsv"
LANGUAGES = ("ja", "en", "ru", "zh", "ko")


@dataclass(frozen=True)
class Concept:
    id: str
    sector: str
    agreement_type: str
    names: dict[str, tuple[str, ...]]

    def all_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for lang in LANGUAGES:
            for name in self.names.get(lang, ()):
                seen.setdefault(name)
        return list(seen)


def key(text: str) -> str:
    """The form thesaurus names and query terms are compared in."""
    return re.sub(r"\s+", " ", normalize(text)).strip()


class Thesaurus:
    def __init__(self, concepts: list[Concept]):
        self.concepts = concepts
        self._by_name: dict[str, list[Concept]] = {}
        for concept in concepts:
            for name in concept.all_names():
                self._by_name.setdefault(key(name), []).append(concept)
        self.longest = max((len(k.split(" ")) for k in self._by_name), default=1)

    def lookup(self, text: str) -> list[Concept]:
        return self._by_name.get(key(text), [])

    def expansions(self, text: str) -> list[str]:
        """Other names of every concept ``text`` names (the term itself left out)."""
        own = key(text)
        out: dict[str, None] = {}
        for concept in self.lookup(text):
            for name in concept.all_names():
                if key(name) != own:
                    out.setdefault(name)
        return list(out)


def load(path: Path = DATA) -> Thesaurus:
    concepts = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            names = {
                lang: tuple(n.strip() for n in (row.get(lang) or "").split("|") if n.strip())
                for lang in LANGUAGES
            }
            concepts.append(
                Concept(
                    id=row["concept"],
                    sector=row.get("sector") or "",
                    agreement_type=row.get("agreement_type") or "",
                    names=names,
                )
            )
    return Thesaurus(concepts)


@lru_cache(maxsize=1)
def get_thesaurus() -> Thesaurus:
    return load()
