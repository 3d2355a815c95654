"""Moving house: a whole catalogue into one file and back, between SQLite and PostgreSQL.

The file is Django's JSON Lines serialization of every stored model (sources with their
findings and text, organizations and aliases, records with parties, contacts and ties,
corrections and review decisions, accounts and grants), primary keys kept, so ids in URLs
and exports stay the same after a move. The search index is derived: it is rebuilt
after loading, not carried."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction

# Every model that holds data of its own, parents before children (foreign keys load in
# order). Derived tables (the search index) and Django's bookkeeping are left out.
MODELS = (
    "auth.Group",
    "auth.User",
    "catalog.Source",
    "catalog.Organization",
    "catalog.OrganizationName",
    "catalog.Series",
    "catalog.Record",
    "catalog.Party",
    "catalog.Contact",
    "catalog.Pair",
    "catalog.Tie",
    "catalog.Correction",
    "accounts.Grant",
    "accounts.ApiToken",
)


class TransferError(Exception):
    """A dump or load that cannot be done, with the reason as its message."""


def _models():
    found = []
    for label in MODELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue  # an app this installation does not have
    return found


def _ordered(model):
    # Organizations point at parents and successors: load parents first by id order,
    # which the ingest guarantees (a parent is created before its children).
    return model._base_manager.order_by("pk")


def dump(path: str | Path) -> dict[str, int]:
    """Write every stored model to ``path`` (JSON Lines); counts per model."""
    counts: dict[str, int] = {}
    with open(path, "w", encoding="utf-8") as out:
        for model in _models():
            rows = _ordered(model)
            counts[model._meta.label] = rows.count()
            serializers.serialize("jsonl", rows.iterator(chunk_size=2000), stream=out)
    return counts


def _is_empty() -> bool:
    Record = apps.get_model("catalog.Record")
    Organization = apps.get_model("catalog.Organization")
    Source = apps.get_model("catalog.Source")
    return not (Record.objects.exists() or Organization.objects.exists() or Source.objects.exists())


def load(path: str | Path) -> dict[str, int]:
    """Read a dump into this (empty) database, all or nothing; counts per model."""
    path = Path(path)
    if not path.is_file():
        raise TransferError(f"{path}: no such file")
    if not _is_empty():
        raise TransferError("the target database already holds a catalogue: load into an empty one")
    counts: dict[str, int] = {}
    with open(path, encoding="utf-8") as f, transaction.atomic():
        try:
            deferred = []
            for obj in serializers.deserialize("jsonl", f, handle_forward_references=True):
                obj.save()
                if obj.deferred_fields:
                    deferred.append(obj)
                label = obj.object._meta.label
                counts[label] = counts.get(label, 0) + 1
            for obj in deferred:
                obj.save_deferred_fields()
        except serializers.base.DeserializationError as exc:
            raise TransferError(f"{path.name}: not a Koryu dump ({exc})") from exc
        _reset_sequences()
    _rebuild_search_index()
    return counts


def _reset_sequences() -> None:
    """Explicit ids were inserted: PostgreSQL's sequences must move past them."""
    sql = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def _rebuild_search_index() -> None:
    from koryu.search.index import rebuild

    rebuild()
