"""The review queue and what a reviewer does with a record: accept, reject or correct it.

Every action is stored as ``Correction`` rows with the reviewer (koryu.catalog.corrections
lays them over the document on each re-ingest) and written through the importer's own
path, so the index, the ties and the organizations follow (one signal path,
``records_changed``). The CLI (`koryu review`) and the `/review` page call these and
nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from koryu import records as rec
from koryu.catalog.corrections import (
    CONFLICT,
    DECISION_FIELD,
    ReviewError,
    get_value,
    set_value,
)
from koryu.catalog.importer import rewrite_record
from koryu.catalog.models import Correction, Record, Source
from koryu.catalog.signals import records_changed
from koryu.catalog.ties import write_ties

__all__ = ["ReviewError", "accept", "correct", "get_record", "queue", "reject"]


def queue(source: str | None = None) -> QuerySet[Record]:
    """Proposed records, oldest first (the review queue)."""
    qs = Record.objects.proposed().select_related("source")
    if source:
        qs = qs.filter(source__name=source)
    return qs.order_by("pk")


def get_record(record_id: int | str) -> Record:
    try:
        return Record.objects.select_related("source", "series").get(pk=int(record_id))
    except (ValueError, Record.DoesNotExist):
        raise ReviewError(f"no record with id {record_id}") from None


def record_from_row(row: Record) -> rec.Record:
    """The stored record as a reader's record again (to correct it and store it through
    the importer). Parties carry their organization's coordinates, so that resolving a
    name again finds the same place."""
    parties = [
        rec.Party(
            name=p.name,
            role=p.role,
            country=p.country or None,
            count=p.count,
            accompanying=p.accompanying,
            note=p.note,
            date_start=p.date_start or None,
            date_start_raw=p.date_start_raw,
            date_end=p.date_end or None,
            date_end_raw=p.date_end_raw,
            lat=p.organization.lat,
            lon=p.organization.lon,
        )
        for p in row.parties.select_related("organization").order_by("position")
    ]
    fields = {
        name: getattr(row, name)
        for name in (
            "kind", "key", "title", "line_start", "line_end", "date_raw", "fiscal_year_raw",
            "sectors", "theme", "subthemes", "place", "participants_count",
            "participants_breakdown", "accompanying_count", "purpose", "description",
            "background", "activities", "outcomes", "urls", "relisted", "edition",
            "programme", "builds_on", "language", "extra", "confidence", "evidence",
        )
    }  # fmt: skip
    return rec.Record(
        **fields,
        parties=parties,
        date=row.date or None,
        date_start=row.date_start or None,
        date_end=row.date_end or None,
        fiscal_year=row.fiscal_year or None,
        agreement_type=row.agreement_type or None,
        status=row.status or None,
        series=row.series.name if row.series_id else None,
        findings=[rec.Finding(**f) for f in row.findings or []],
    )


def _conflicts(row: Record) -> dict[str, dict]:
    return {
        f["detail"]["field"]: f
        for f in row.findings or []
        if f.get("code") == CONFLICT and "field" in (f.get("detail") or {})
    }


def document_value(row: Record, record: rec.Record, field: str) -> Any:
    """What the document itself says for ``field`` (under any correction laid over it)."""
    conflict = _conflicts(row).get(field)
    if conflict is not None:
        return conflict["detail"].get("document")
    latest = (
        Correction.objects.filter(source_name=row.source.name, record_key=row.key, field=field)
        .order_by("-created_at", "-pk")
        .first()
    )
    return latest.document_value if latest is not None else get_value(record, field)


def _decide(row: Record, state: str, user, note: str) -> None:
    Correction.objects.create(
        source_name=row.source.name,
        record_key=row.key,
        field=DECISION_FIELD,
        value=state,
        user=user,
        note=note,
    )


def _settle_conflicts(row: Record, user) -> list[dict]:
    """Accepting a record in conflict keeps the corrected values against what the document
    says now: each conflict becomes a correction made over the new document value."""
    conflicts = _conflicts(row)
    for field, finding in conflicts.items():
        Correction.objects.create(
            source_name=row.source.name,
            record_key=row.key,
            field=field,
            value=finding["detail"].get("corrected"),
            document_value=finding["detail"].get("document"),
            user=user,
            note="kept over a changed document",
        )
    return [f for f in row.findings or [] if f.get("code") != CONFLICT]


def _touch_source(row: Record) -> None:
    # Cached aggregates and export files are keyed on the sources' last change
    # (queries.data_version): a decision changes what they show.
    Source.objects.filter(pk=row.source_id).update(updated_at=timezone.now())


def _set_state(row: Record, state: str) -> None:
    row.save(update_fields=["review", "findings", "updated_at"])
    write_ties(row, row.parties.all())  # ties exist for published records only
    _touch_source(row)
    records_changed.send(sender=Record, upserted_ids=[row.pk], deleted_ids=[])


@transaction.atomic
def accept(row: Record, user=None, note: str = "") -> Record:
    """Publish ``row``; a re-ingest of its document keeps it published."""
    row.findings = _settle_conflicts(row, user)
    row.review = "published"
    _decide(row, "published", user, note)
    _set_state(row, "published")
    return row


@transaction.atomic
def reject(row: Record, user=None, note: str = "") -> Record:
    """Hide ``row`` everywhere; a re-ingest of its document does not propose it again."""
    row.review = "rejected"
    _decide(row, "rejected", user, note)
    _set_state(row, "rejected")
    return row


@transaction.atomic
def correct(row: Record, values: dict[str, Any], user=None, note: str = "") -> Record:
    """Set fields of ``row`` (values already parsed: koryu.catalog.corrections.parse_value),
    each kept as a correction over what the document says. The review state is left as
    it is: accepting is a decision of its own."""
    record = record_from_row(row)
    conflicts = _conflicts(row)
    for field, value in values.items():
        said = document_value(row, record, field)
        set_value(record, field, value)
        Correction.objects.create(
            source_name=row.source.name,
            record_key=row.key,
            field=field,
            value=value,
            document_value=said,
            user=user,
            note=note,
        )
    settled = set(values) & set(conflicts)
    record.findings = [
        f
        for f in record.findings
        if not (f.code == CONFLICT and (f.detail or {}).get("field") in settled)
    ]
    rewrite_record(row, record)
    _touch_source(row)
    return row


def get_records(ids: Iterable[int | str]) -> list[Record]:
    return [get_record(i) for i in ids]
