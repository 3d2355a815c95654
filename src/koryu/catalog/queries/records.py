"""Records: lists in id order, pages of search hits, one record with everything about it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import (
    Count,
    Prefetch,
)

from koryu.catalog.export import export_queryset, record_to_dict
from koryu.catalog.models import (
    Organization,
    Party,
    Record,
)
from koryu.catalog.queries.base import (
    RELATED_CAP,
    Filters,
    InvalidQuery,
    NotFound,
    clamp_limit,
    decode_cursor,
    encode_cursor,
    filtered_records,
)

# --- records ------------------------------------------------------------------------


def list_records(
    filters: Filters | None = None,
    cursor: str | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Records in id order, ``limit`` at a time: {"results", "next", "total"}."""
    limit = clamp_limit(limit)
    qs = filtered_records(filters)
    total = qs.count()
    after = decode_cursor(cursor, 1)
    if after is not None:
        if not isinstance(after[0], int):
            raise InvalidQuery("invalid cursor", "cursor")
        qs = qs.filter(pk__gt=after[0])
    rows = list(export_queryset(qs).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "total": total,
        "results": [record_to_dict(r) for r in rows],
        "next": encode_cursor([rows[-1].pk]) if more else None,
    }


def records_by_id(ids: list[int]) -> list[dict[str, Any]]:
    """The export dicts of these records, in this order (a page of search hits)."""
    rows = {r.pk: r for r in export_queryset(Record.objects.filter(pk__in=ids))}
    return [record_to_dict(rows[i]) for i in ids if i in rows]


def org_summary(org: Organization | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {
        "id": org.pk,
        "name": org.name,
        "names": org.names,
        "country": org.country or None,
        "level": org.level or None,
        "lat": org.lat,
        "lon": org.lon,
    }


def record_summary(record: Record) -> dict[str, Any]:
    return {
        "id": record.pk,
        "kind": record.kind,
        "title": record.title,
        "date": record.date or record.date_start or None,
        "year": record.year,
        "agreement_type": record.agreement_type or None,
    }


def record_detail(record_id: int, unpublished: bool = False) -> dict[str, Any]:
    """Everything about one record: the export dict plus every stored field, its parties'
    organizations, contacts, related records and its source. A record that is not
    published is found only with ``unpublished`` (reviewers: the review page, staff)."""
    shown = Record.objects.all() if unpublished else Record.objects.published()
    record = (
        export_queryset(shown.filter(pk=record_id))
        .prefetch_related(
            Prefetch(
                "related",
                queryset=Record.objects.published().only(
                    "id", "kind", "title", "date", "date_start", "year", "agreement_type"
                ),
            )
        )
        .first()
    )
    if record is None:
        raise NotFound(f"no record with id {record_id}")
    data = record_to_dict(record)
    parties = list(record.parties.all())
    for item, party in zip(data["parties"], parties, strict=True):
        item.update(
            {
                "accompanying": party.accompanying,
                "note": party.note,
                "date_start": party.date_start or None,
                "date_start_raw": party.date_start_raw,
                "date_end": party.date_end or None,
                "date_end_raw": party.date_end_raw,
                "organization": org_summary(party.organization),
            }
        )
    data.update(
        {
            "language": record.language,
            "year": record.year,
            "sort_date": record.sort_date.isoformat() if record.sort_date else None,
            "fiscal_year_raw": record.fiscal_year_raw,
            "subthemes": record.subthemes,
            "participants_breakdown": record.participants_breakdown,
            "accompanying_count": record.accompanying_count,
            "purpose": record.purpose,
            "description": record.description,
            "background": record.background,
            "activities": record.activities,
            "outcomes": record.outcomes,
            "programme": record.programme,
            "builds_on": record.builds_on,
            "findings": record.findings,
            "version": record.version,  # what a write names in If-Match (docs/api.md)
            "extra": record.extra,
            "series_id": record.series_id,
            "related": _related(record, {p.organization_id for p in parties}),
        }
    )
    data["source"].update(
        {
            "id": record.source_id,
            "format": record.source.format,
            "language": record.source.language,
        }
    )
    return data


def display_facts(record_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What a list of records needs to show each one in the page's language: its parties
    as written with their organizations' ``names``, its date and fiscal year."""
    facts: dict[int, dict[str, Any]] = {
        rid: {"parties": [], "date": date or start or "", "fiscal_year": fy, "language": lang}
        for rid, date, start, fy, lang in Record.objects.filter(pk__in=record_ids).values_list(
            "pk", "date", "date_start", "fiscal_year", "language"
        )
    }
    for rid, name, names in (
        Party.objects.filter(record_id__in=record_ids)
        .order_by("record_id", "position")
        .values_list("record_id", "name", "organization__names")
    ):
        facts[rid]["parties"].append((name, names or {}))
    return facts


def _related(record: Record, org_ids: set[int]) -> list[dict[str, Any]]:
    """Records linked by the source itself first, then those sharing the most parties."""
    out: list[dict[str, Any]] = []
    seen = {record.pk}
    for other in sorted(record.related.all(), key=lambda r: r.pk):
        out.append({**record_summary(other), "reason": "linked", "shared": []})
        seen.add(other.pk)
    if not org_ids:
        return out
    ranked = list(
        Party.objects.published()
        .filter(organization_id__in=org_ids)
        .exclude(record_id__in=seen)
        .values("record_id")
        .annotate(n=Count("organization_id", distinct=True))
        .order_by("-n", "-record_id")[:RELATED_CAP]
    )
    if not ranked:
        return out
    ids = [row["record_id"] for row in ranked]
    records = Record.objects.in_bulk(ids)
    shared: dict[int, list[int]] = defaultdict(list)
    for rid, oid in Party.objects.filter(
        record_id__in=ids, organization_id__in=org_ids
    ).values_list("record_id", "organization_id"):
        if oid not in shared[rid]:
            shared[rid].append(oid)
    for rid in ids:
        reason = "same_network" if records[rid].kind == "network" else "shared_party"
        out.append(
            {**record_summary(records[rid]), "reason": reason, "shared": sorted(shared[rid])}
        )
    return out
