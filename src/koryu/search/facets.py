"""Facets: small classes with one job each (after Datasette's facets.py).

A facet says which values a document has (at index time, stored with the document) and
how its counts are presented. Counting happens in one bounded SQL statement over the
matching documents (see retrieval.Retrieval.matches): at most FACET_SCAN documents, the
newest first, so a query matching a million records costs the same as one matching two
thousand; the result says when the counts cover only part of the matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from koryu.search.prefectures import prefecture_from_code, prefecture_prefix

FACET_SCAN = 2_000


@dataclass
class Subject:
    """What a facet looks at: a record (or an organization) and its parties' organizations."""

    kind: str
    year: int | None
    sectors: list[str]
    agreement_type: str
    status: str
    parties: list[PartySubject]


@dataclass
class PartySubject:
    name: str  # as written
    country: str
    chain: list[OrgSubject]  # the organization, then its parents


@dataclass
class OrgSubject:
    id: int
    name: str
    level: str
    code: str
    country: str


class Facet:
    name = ""

    def values(self, subject: Subject) -> Iterable[str]:
        raise NotImplementedError

    def label(self, value: str) -> str:
        return value

    def order(self, buckets: list[dict]) -> list[dict]:
        return sorted(buckets, key=lambda b: (-b["count"], b["value"]))


class KindFacet(Facet):
    name = "kind"

    def values(self, subject: Subject) -> Iterable[str]:
        return [subject.kind]


class CountryFacet(Facet):
    name = "country"

    def values(self, subject: Subject) -> Iterable[str]:
        for party in subject.parties:
            country = party.country or next((o.country for o in party.chain if o.country), "")
            if country:
                yield country


class PrefectureFacet(Facet):
    """The prefecture of Japanese parties: from the parent chain, the local government
    code, or the name as written (北海道札幌市)."""

    name = "prefecture"

    def values(self, subject: Subject) -> Iterable[str]:
        for party in subject.parties:
            found = self._from_chain(party.chain)
            japanese = party.country == "JP" or any(o.country == "JP" for o in party.chain)
            if not found and (japanese or not party.country):
                found = prefecture_prefix(party.name)
            if found:
                yield found

    @staticmethod
    def _from_chain(chain: list[OrgSubject]) -> str | None:
        for org in chain:
            if org.country not in ("", "JP"):
                return None
            if org.level == "prefecture":
                return prefecture_prefix(org.name) or org.name
            if org.code and (name := prefecture_from_code(org.code)):
                return name
        return None


class SectorFacet(Facet):
    name = "sector"

    def values(self, subject: Subject) -> Iterable[str]:
        return subject.sectors


class AgreementTypeFacet(Facet):
    name = "type"

    def values(self, subject: Subject) -> Iterable[str]:
        return [subject.agreement_type] if subject.agreement_type else []


class StatusFacet(Facet):
    name = "status"

    def values(self, subject: Subject) -> Iterable[str]:
        return [subject.status] if subject.status else []


class DecadeFacet(Facet):
    name = "decade"

    def values(self, subject: Subject) -> Iterable[str]:
        return [str(subject.year // 10 * 10)] if subject.year else []

    def label(self, value: str) -> str:
        return f"{value}s"

    def order(self, buckets: list[dict]) -> list[dict]:
        return sorted(buckets, key=lambda b: b["value"], reverse=True)


FACETS: tuple[Facet, ...] = (
    KindFacet(),
    CountryFacet(),
    PrefectureFacet(),
    SectorFacet(),
    AgreementTypeFacet(),
    StatusFacet(),
    DecadeFacet(),
)
FACETS_BY_NAME = {f.name: f for f in FACETS}


def facet_rows(subject: Subject) -> list[tuple[str, str]]:
    """Every (facet, value) a document has, plus the filter-only ones (year, org)."""
    rows = [(f.name, v) for f in FACETS for v in f.values(subject) if v]
    if subject.year:
        rows.append(("year", f"{subject.year:04d}"))
    for party in subject.parties:
        if party.chain:
            rows.append(("org", str(party.chain[0].id)))
    return list(dict.fromkeys(rows))


def present(counts: list[tuple[str, str, int]]) -> dict[str, list[dict]]:
    """{"kind": [{"value", "label", "count"}, ...], ...} in each facet's order."""
    grouped: dict[str, list[dict]] = {f.name: [] for f in FACETS}
    for name, value, count in counts:
        if name in grouped:
            facet = FACETS_BY_NAME[name]
            grouped[name].append({"value": value, "label": facet.label(value), "count": count})
    return {name: FACETS_BY_NAME[name].order(buckets) for name, buckets in grouped.items()}
