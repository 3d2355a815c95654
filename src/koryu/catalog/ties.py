"""Keep the ``Tie`` and ``Pair`` tables (which organizations each agreement or network
ties, and how many ties each pair has) in step with parties.

The importer and the admin call ``write_ties`` after writing a record's parties; deleting
a record (directly or by cascade) refreshes the counts of its pairs through the signals
below; ``rebuild_ties`` recomputes both tables (the migration back-fill, bulk loaders)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import combinations, groupby

from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, pre_delete

from koryu.catalog.models import (
    Agreement,
    Delegation,
    Event,
    Network,
    Pair,
    Party,
    Program,
    Record,
    Tie,
)

TIE_KINDS = ("agreement", "network")
_CHUNK = 2000


def record_pairs(kind: str, parties: list[tuple[int, str]]) -> Iterator[tuple[int, int]]:
    """(org_a, org_b) with org_a < org_b for each tie a record of any kind makes, from
    its parties' (organization_id, role) in position order: the one rule the ``Tie``
    table and the map drawn from parties share.

    A network ties each party to its secretariat (or chair, or first listed
    organization), one tie per party row; any other record ties every pair of its
    distinct organizations."""
    if not parties:
        return
    if kind == "network":
        hub = next((o for o, role in parties if role == "secretariat"), None)
        hub = hub or next((o for o, role in parties if role == "chair"), None) or parties[0][0]
        for oid, _ in parties:
            if oid != hub:
                yield min(hub, oid), max(hub, oid)
    else:
        orgs = list(dict.fromkeys(o for o, _ in parties))
        for a, b in combinations(orgs, 2):
            yield min(a, b), max(a, b)


def pairs(kind: str, parties: list[tuple[int, str]]) -> Iterator[tuple[int, int]]:
    """The ties of an agreement or a network (other kinds have none in the table)."""
    if kind in TIE_KINDS:
        yield from record_pairs(kind, parties)


def _tie(tie_model: type[models.Model], record, pair_id: int, a: int, b: int):
    return tie_model(
        record_id=record.pk,
        pair_id=pair_id,
        kind=record.kind,
        agreement_type=(record.agreement_type or "") if record.kind == "agreement" else "",
        org_a_id=a,
        org_b_id=b,
        year=record.year,
    )


def _pair_ids(kind: str, keys: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Ids of the pairs ``keys`` of ``kind``, creating the missing ones (with no ties)."""
    found = {
        (a, b): pk
        for pk, a, b in Pair.objects.filter(
            kind=kind, org_a__in={a for a, _ in keys}, org_b__in={b for _, b in keys}
        ).values_list("pk", "org_a", "org_b")
        if (a, b) in keys
    }
    missing = [Pair(kind=kind, org_a_id=a, org_b_id=b) for a, b in keys - found.keys()]
    for pair in Pair.objects.bulk_create(missing, batch_size=_CHUNK):
        found[pair.org_a_id, pair.org_b_id] = pair.pk
    return found


def refresh_pairs(pair_ids: Iterable[int]) -> None:
    """Recount the ties of these pairs; pairs left without ties are removed."""
    ids = sorted(set(pair_ids))
    count = (
        Tie.objects.filter(pair=OuterRef("pk"))
        .order_by()
        .values("pair")
        .annotate(n=Count("id"))
        .values("n")
    )
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        Pair.objects.filter(pk__in=chunk).update(ties=Coalesce(Subquery(count), Value(0)))
        Pair.objects.filter(pk__in=chunk, ties=0).delete()


def write_ties(record: Record, parties: Iterable[Party]) -> None:
    """Replace ``record``'s ties with those its ``parties`` make: none while the record is
    not published (the map and graph show published records only)."""
    write_ties_many([(record, parties)])


def write_ties_many(items: Iterable[tuple[Record, Iterable[Party]]]) -> None:
    """``write_ties`` for many records at once (a document's): a few queries in all
    rather than a few per record."""
    items = [(record, sorted(parties, key=lambda p: p.position)) for record, parties in items]
    if not items:
        return
    record_ids = [record.pk for record, _ in items]
    old = set(Tie.objects.filter(record_id__in=record_ids).values_list("pair_id", flat=True))
    if old:
        Tie.objects.filter(record_id__in=record_ids).delete()
    wanted: dict[str, set[tuple[int, int]]] = {}
    found: list[tuple[Record, int, int]] = []
    for record, ordered in items:
        if getattr(record, "review", "published") != "published":
            continue
        for a, b in pairs(record.kind, [(p.organization_id, p.role) for p in ordered]):
            wanted.setdefault(record.kind, set()).add((a, b))
            found.append((record, a, b))
    ids = {kind: _pair_ids(kind, keys) for kind, keys in wanted.items()}
    Tie.objects.bulk_create(
        [_tie(Tie, record, ids[record.kind][a, b], a, b) for record, a, b in found],
        batch_size=_CHUNK,
    )
    new = {pk for by_pair in ids.values() for pk in by_pair.values()}
    refresh_pairs(old | new)


def rebuild_ties(
    tie_model: type[models.Model] = Tie,
    pair_model: type[models.Model] = Pair,
    party_model: type[models.Model] = Party,
    record_model: type[models.Model] = Record,
) -> int:
    """Recompute every tie and pair from the parties; returns how many ties were written.
    The model arguments let a migration pass its historical models."""
    tie_model.objects.all().delete()
    pair_model.objects.all().delete()
    # Published records only (a migration older than the review state passes models
    # without it, when every record was published).
    shown = (
        {"review": "published"}
        if any(f.name == "review" for f in record_model._meta.get_fields())
        else {}
    )
    records = {
        r.pk: r
        for r in record_model.objects.filter(kind__in=TIE_KINDS, **shown).only(
            "id", "kind", "agreement_type", "year"
        )
    }
    rows = list(
        party_model.objects.filter(
            record__kind__in=TIE_KINDS, **{f"record__{k}": v for k, v in shown.items()}
        )
        .order_by("record_id", "position", "id")
        .values_list("record_id", "organization_id", "role")
    )
    found: list[tuple[object, str, int, int]] = []
    for rid, group in groupby(rows, key=lambda row: row[0]):
        record = records[rid]
        parties = [(oid, role) for _, oid, role in group]
        found += [(record, record.kind, a, b) for a, b in pairs(record.kind, parties)]
    counts = Counter((kind, a, b) for _, kind, a, b in found)
    created = pair_model.objects.bulk_create(
        [pair_model(kind=k, org_a_id=a, org_b_id=b, ties=n) for (k, a, b), n in counts.items()],
        batch_size=_CHUNK,
    )
    ids = {(p.kind, p.org_a_id, p.org_b_id): p.pk for p in created}
    tie_model.objects.bulk_create(
        [_tie(tie_model, record, ids[kind, a, b], a, b) for record, kind, a, b in found],
        batch_size=_CHUNK,
    )
    return len(found)


def _remember_pairs(sender, instance: Record, **kwargs) -> None:
    if instance.kind in TIE_KINDS:
        instance._tie_pairs = list(
            Tie.objects.filter(record_id=instance.pk).values_list("pair_id", flat=True)
        )


def _recount_pairs(sender, instance: Record, **kwargs) -> None:
    if getattr(instance, "_tie_pairs", None):
        refresh_pairs(instance._tie_pairs)


# Records deleted by the importer, the admin or a cascade take their ties with them; the
# counts of the pairs those ties belonged to are refreshed after the delete.
# Deleting through a proxy (the admin's Agreement, Network) sends with the proxy.
for _model in (Record, Agreement, Network, Event, Delegation, Program):
    pre_delete.connect(_remember_pairs, sender=_model, dispatch_uid=f"koryu.ties.r.{_model}")
    post_delete.connect(_recount_pairs, sender=_model, dispatch_uid=f"koryu.ties.c.{_model}")

__all__ = ["TIE_KINDS", "pairs", "rebuild_ties", "refresh_pairs", "write_ties", "write_ties_many"]
