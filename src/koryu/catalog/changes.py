"""Every write keeps the read side true, through one path.

Whatever changes records or organizations (the admin, its bulk delete action, edit pages,
the API, a script) is seen here through the model signals; the changed ids of one
transaction are gathered and, once it commits, announced once with ``records_changed``
(search re-indexes them) after the data version was moved on (every cached aggregate is
keyed by it: koryu.catalog.queries.cache). The importer announces its own changes inside
its transaction (the index is then written or rolled back with the catalogue) and runs
under ``announced_by_caller`` so that its many saves are not gathered twice.

``QuerySet.update()`` sends no signal: code that uses it calls ``announce`` itself.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from koryu.catalog.models import (
    Agreement,
    Delegation,
    Event,
    Network,
    Organization,
    OrganizationName,
    Party,
    Program,
    Record,
    Series,
    Source,
)
from koryu.catalog.signals import records_changed

RECORD_MODELS = (Record, Agreement, Network, Event, Delegation, Program)
_state = threading.local()


@dataclass
class _Pending:
    block: object  # the outermost atomic block the changes were made in
    records: set[int] = field(default_factory=set)
    organizations: set[int] = field(default_factory=set)
    sources: set[int] = field(default_factory=set)


@contextmanager
def announced_by_caller() -> Iterator[None]:
    """Writes inside announce themselves (the importer): the model signals are ignored."""
    depth = getattr(_state, "quiet", 0)
    _state.quiet = depth + 1
    try:
        yield
    finally:
        _state.quiet = depth


def bump_data_version(source_ids: Iterable[int] = ()) -> None:
    """Move the data version on (it is read from the sources' times, see
    queries.cache.data_version): the sources named, else the most recent one."""
    ids = set(source_ids)
    if not ids:
        latest = Source.objects.order_by("-updated_at").values_list("pk", flat=True).first()
        ids = {latest} if latest else set()
    if ids:
        Source.objects.filter(pk__in=ids).update(updated_at=timezone.now())


def announce(
    records: Iterable[int] = (), organizations: Iterable[int] = (), sources: Iterable[int] = ()
) -> None:
    """These records and organizations changed (or are gone): bump the data version and
    tell the read side (search re-indexes them, dropping what no longer exists)."""
    record_ids, org_ids = sorted(set(records)), sorted(set(organizations))
    if not record_ids and not org_ids:
        return
    live = set(Record.objects.filter(pk__in=record_ids).values_list("pk", flat=True))
    source_ids = set(sources) | set(
        Record.objects.filter(pk__in=live).values_list("source_id", flat=True)
    )
    bump_data_version(source_ids)
    live_orgs = set(Organization.objects.filter(pk__in=org_ids).values_list("pk", flat=True))
    records_changed.send(
        sender=Record,
        upserted_ids=[i for i in record_ids if i in live],
        deleted_ids=[i for i in record_ids if i not in live],
        deleted_organization_ids=[i for i in org_ids if i not in live_orgs],
        organization_ids=sorted(live_orgs),
    )


def _gather(
    records: Iterable[int] = (), organizations: Iterable[int] = (), sources: Iterable[int] = ()
) -> None:
    """Note a change: announced when the transaction commits (at once outside one)."""
    if getattr(_state, "quiet", 0):
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        announce(records, organizations, sources)
        return
    outermost = connection.atomic_blocks[0]
    pending = getattr(_state, "pending", None)
    if pending is None or pending.block is not outermost:  # new, or left by a rollback
        pending = _state.pending = _Pending(block=outermost)
        transaction.on_commit(_flush)
    pending.records.update(records)
    pending.organizations.update(organizations)
    pending.sources.update(sources)


def _flush() -> None:
    pending, _state.pending = getattr(_state, "pending", None), None
    if pending is not None:
        announce(pending.records, pending.organizations, pending.sources)


def _record_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # a fixture or `koryu load`: the loader rebuilds the index itself
        return
    _gather(records=[instance.pk], sources=[instance.source_id] if instance.source_id else [])


def _party_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # a fixture or `koryu load`: the loader rebuilds the index itself
        return
    _gather(records=[instance.record_id])


def _organization_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # a fixture or `koryu load`: the loader rebuilds the index itself
        return
    _gather(organizations=[instance.pk])


def _name_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # a fixture or `koryu load`: the loader rebuilds the index itself
        return
    _gather(organizations=[instance.organization_id])


def _series_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw and not getattr(_state, "quiet", 0):
        _gather(records=Record.objects.filter(series=instance).values_list("pk", flat=True))


def connect() -> None:
    """Called once from CatalogConfig.ready."""
    for model in RECORD_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(_record_changed, sender=model, dispatch_uid=f"koryu.changes.{model}")
    post_save.connect(_party_changed, sender=Party, dispatch_uid="koryu.changes.party")
    for signal in (post_save, post_delete):
        signal.connect(_organization_changed, sender=Organization, dispatch_uid="koryu.changes.o")
        signal.connect(_name_changed, sender=OrganizationName, dispatch_uid="koryu.changes.n")
    post_save.connect(_series_changed, sender=Series, dispatch_uid="koryu.changes.series")
