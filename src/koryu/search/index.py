"""Keep the search index in step with the catalog.

``reindex_records(ids)`` and ``reindex_organizations(ids)`` rewrite the documents of the
given rows (deleting those whose row is gone); ``sync_after_ingest`` is what the catalog's
``records_changed`` signal triggers; ``rebuild`` recreates everything (``koryu reindex``).

A record's document has three fields: its title (and event series), its parties (each
name as written, and every name and alias of the party's organization and of the
organizations above it, so 札幌市 is found as Sapporo and under 北海道), and the long text
(theme, place, purpose, description, background, activities, outcomes, notes).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from koryu.catalog.models import Organization, Party, Record
from koryu.search.analysis import index_stream, index_variants
from koryu.search.backends import IndexDocument, get_backend
from koryu.search.backends.base import FIELD_BUDGETS, ORGANIZATION, RECORD, doc_id_for
from koryu.search.facets import OrgSubject, PartySubject, Subject, facet_rows
from koryu.search.filters import ORGANIZATION_KIND

CHUNK = 500
MAX_CHAIN = 6


@dataclass
class RebuildReport:
    records: int
    organizations: int
    seconds: float

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _tokens(texts: Iterable[str], budget: int) -> list[str]:
    text = "\n".join(t for t in texts if t)
    variants = index_variants(text)[: budget // 4]
    stream = index_stream(text)[: budget - len(variants)]
    return stream + variants


def _sort_key(record: Record) -> int:
    return _date_key(record.sort_date)


def _date_key(d) -> int:
    return d.year * 10000 + d.month * 100 + d.day if d else 0


class _Organizations:
    """Organizations with their names and parents, loaded in bulk and kept for a run."""

    def __init__(self):
        self._orgs: dict[int, Organization] = {}
        self._names: dict[int, list[str]] = {}

    def load(self, ids: Iterable[int]) -> None:
        wanted = {i for i in ids if i and i not in self._orgs}
        for _ in range(MAX_CHAIN):
            if not wanted:
                return
            rows = list(Organization.objects.filter(pk__in=wanted).prefetch_related("aliases"))
            for org in rows:
                self._orgs[org.pk] = org
                names = [org.name, *(v for v in (org.names or {}).values() if isinstance(v, str))]
                names += [a.name for a in org.aliases.all()]
                self._names[org.pk] = list(dict.fromkeys(n for n in names if n))
            wanted = {o.parent_id for o in rows if o.parent_id and o.parent_id not in self._orgs}

    def chain(self, org_id: int | None) -> list[Organization]:
        out: list[Organization] = []
        while org_id and org_id in self._orgs and len(out) < MAX_CHAIN:
            org = self._orgs[org_id]
            if org in out:
                break  # a cycle in parents: stop rather than loop
            out.append(org)
            org_id = org.parent_id
        return out

    def names(self, org: Organization) -> list[str]:
        return self._names.get(org.pk, [org.name])

    def signature(self, org_id: int) -> str:
        names = [n for o in self.chain(org_id) for n in sorted(self.names(o))]
        return hashlib.sha1("\n".join(names).encode()).hexdigest()

    def subject(self, org: Organization) -> OrgSubject:
        return OrgSubject(org.pk, org.name, org.level, org.code, org.country)


def _record_document(record: Record, parties: list[Party], orgs: _Organizations) -> IndexDocument:
    party_subjects = []
    party_texts = []
    for party in parties:
        chain = orgs.chain(party.organization_id)
        party_subjects.append(
            PartySubject(party.name, party.country, [orgs.subject(o) for o in chain])
        )
        party_texts.append(party.name)
        for org in chain:
            party_texts.extend(orgs.names(org))
    title = [record.title]
    if record.series_id:
        title += [record.series.name, *(record.series.names or {}).values()]
    programme = [
        str(item)
        for entry in (record.programme or [])
        if isinstance(entry, dict)
        for item in (entry.get("items") or [])
    ]
    body = [
        record.theme,
        *[str(s) for s in record.subthemes or []],
        record.place,
        record.purpose,
        record.description,
        record.background,
        record.activities,
        record.outcomes,
        *[p.note for p in parties],
        *programme,
    ]
    subject = Subject(
        kind=record.kind,
        year=record.year,
        sectors=[str(s) for s in record.sectors or []],
        agreement_type=record.agreement_type,
        status=record.status,
        parties=party_subjects,
    )
    return IndexDocument(
        obj_type=RECORD,
        obj_id=record.pk,
        sort_key=_sort_key(record),
        fields={
            "title": _tokens(title, FIELD_BUDGETS["title"]),
            "parties": _tokens(party_texts, FIELD_BUDGETS["parties"]),
            "body": _tokens(body, FIELD_BUDGETS["body"]),
        },
        facets=facet_rows(subject),
    )


def _organization_document(org: Organization, orgs: _Organizations) -> IndexDocument:
    chain = orgs.chain(org.pk)
    subject = Subject(
        kind=ORGANIZATION_KIND,
        year=None,
        sectors=[],
        agreement_type="",
        status="",
        parties=[PartySubject(org.name, org.country, [orgs.subject(o) for o in chain])],
    )
    # org: filters records by their parties; an organization is not its own party
    rows = [r for r in facet_rows(subject) if r[0] != "org"]
    parents = [n for o in chain[1:] for n in orgs.names(o)]
    return IndexDocument(
        obj_type=ORGANIZATION,
        obj_id=org.pk,
        sort_key=0,
        fields={
            "title": _tokens(orgs.names(org), FIELD_BUDGETS["title"]),
            "parties": _tokens(parents, FIELD_BUDGETS["parties"]),
            "body": [],
        },
        facets=rows,
        signature=orgs.signature(org.pk),
    )


def _write_records(ids: list[int], orgs: _Organizations) -> int:
    backend = get_backend(connection)
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            # Only published records are found: a proposed or rejected one loses its
            # document here (every id of the chunk is deleted first) until it is accepted.
            records = list(Record.objects.published().filter(pk__in=chunk).select_related("series"))
            parties: dict[int, list[Party]] = {r.pk: [] for r in records}
            for party in Party.objects.filter(record_id__in=list(parties)).order_by(
                "record_id", "position"
            ):
                parties[party.record_id].append(party)
            orgs.load(p.organization_id for ps in parties.values() for p in ps)
            backend.delete(cursor, [(RECORD, i) for i in chunk])
            docs = [_record_document(r, parties[r.pk], orgs) for r in records]
            backend.write(cursor, docs)
            written += len(docs)
    return written


def _write_organizations(ids: list[int], orgs: _Organizations) -> int:
    backend = get_backend(connection)
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            orgs.load(chunk)
            backend.delete(cursor, [(ORGANIZATION, i) for i in chunk])
            docs = [_organization_document(orgs.chain(i)[0], orgs) for i in chunk if orgs.chain(i)]
            backend.write(cursor, docs)
            written += len(docs)
    return written


def reindex_records(ids: Iterable[int]) -> int:
    """Rewrite the documents of these records (removing those of deleted records)."""
    with transaction.atomic():
        return _write_records(sorted(set(ids)), _Organizations())


def reindex_organizations(ids: Iterable[int]) -> int:
    """After an organization's names or parent changed: its document, its children's and
    those of every record it is a party of."""
    ids = set(ids)
    with transaction.atomic():
        orgs = _Organizations()
        family = set(ids)
        frontier = set(ids)
        while frontier:  # children inherit their parents' names in the index
            frontier = (
                set(
                    Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
                )
                - family
            )
            family |= frontier
        _write_organizations(sorted(family), orgs)
        records = Party.objects.filter(organization_id__in=family).values_list(
            "record_id", flat=True
        )
        return _write_records(sorted(set(records)), orgs)


def sync_after_ingest(
    upserted_ids: list[int],
    deleted_ids: list[int],
    deleted_organization_ids: list[int] | None = None,
) -> None:
    """Bring the index up to date after an ingest wrote ``upserted_ids`` and removed
    ``deleted_ids`` (called inside the ingest's transaction). The importer names the
    organizations it removed; without that list every indexed organization is checked
    (a cost that grows with the catalogue, paid per document)."""
    backend = get_backend(connection)
    orgs = _Organizations()
    with connection.cursor() as cursor:
        if deleted_ids:
            backend.delete(cursor, [(RECORD, i) for i in deleted_ids])
        party_orgs = set(
            Party.objects.filter(record_id__in=upserted_ids).values_list(
                "organization_id", flat=True
            )
        )
        orgs.load(party_orgs)
        touched = {o.pk for i in party_orgs for o in orgs.chain(i)}
        stored = backend.signatures(cursor, sorted(touched))
        changed = [i for i in sorted(touched) if stored.get(i) != orgs.signature(i)]
        renamed = [i for i in changed if i in stored]  # known before, names differ now
        if deleted_organization_ids is None:
            existing = set(Organization.objects.values_list("pk", flat=True))
            gone = [i for i in backend.indexed_ids(cursor, ORGANIZATION) if i not in existing]
        else:
            gone = deleted_organization_ids
        if gone:
            backend.delete(cursor, [(ORGANIZATION, i) for i in gone])
    _write_organizations(changed, orgs)
    others: set[int] = set()
    if renamed:
        others = set(
            Party.objects.filter(organization_id__in=renamed).values_list("record_id", flat=True)
        )
    _write_records(sorted(set(upserted_ids) | others), orgs)


def rebuild(progress: Callable[[str, int, int], None] | None = None) -> RebuildReport:
    """Drop and recreate the whole index. ``progress(stage, done, total)``."""
    started = time.monotonic()
    backend = get_backend(connection)
    with transaction.atomic():
        orgs = _Organizations()
        org_ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
        dated = list(Record.objects.published().order_by("pk").values_list("pk", "sort_date"))
        record_ids = [pk for pk, _ in dated]
        with connection.cursor() as cursor:
            backend.clear(
                cursor,
                [doc_id_for(ORGANIZATION, pk, 0) for pk in org_ids]
                + [doc_id_for(RECORD, pk, _date_key(d)) for pk, d in dated],
            )
        done = 0
        for start in range(0, len(org_ids), CHUNK):
            done += _write_organizations(org_ids[start : start + CHUNK], orgs)
            if progress:
                progress("organizations", min(start + CHUNK, len(org_ids)), len(org_ids))
        records = 0
        for start in range(0, len(record_ids), CHUNK):
            records += _write_records(record_ids[start : start + CHUNK], orgs)
            if progress:
                progress("records", min(start + CHUNK, len(record_ids)), len(record_ids))
        with connection.cursor() as cursor:
            backend.optimize(cursor)
    return RebuildReport(records, done, round(time.monotonic() - started, 3))
