"""Records: lists in id order, pages of search hits, one record with everything about it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Max, Min

from koryu.catalog.export import export_queryset, record_to_dict
from koryu.catalog.models import (
    Contact,
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


def record_summary(record: Record | Mapping[str, Any]) -> dict[str, Any]:
    """A record as lists show it, from the model or from a row of SUMMARY_COLUMNS."""
    row = (
        record if isinstance(record, Mapping) else {c: getattr(record, c) for c in SUMMARY_COLUMNS}
    )
    return {
        "id": row["id"],
        "kind": row["kind"],
        "title": row["title"],
        "date": row["date"] or row["date_start"] or None,
        "year": row["year"],
        "agreement_type": row["agreement_type"] or None,
    }


# What the detail reads (each request pays for every column it decodes): not a record's
# evidence or bookkeeping, nothing of its source beyond what names it (a source's text,
# findings and locations can be megabytes), of an organization only what is shown.
_UNSHOWN = {"evidence", "key", "content_hash", "created_at", "updated_at"}
DETAIL_COLUMNS = [
    *(f.name for f in Record._meta.concrete_fields if f.name not in _UNSHOWN),
    *(f"source__{name}" for name in ("name", "sha256", "format", "language")),
    "series__name",
]
ORG_COLUMNS = ("name", "names", "country", "level", "lat", "lon", "gazetteer_id", "resolution")
PARTY_COLUMNS = [
    *(f.name for f in Party._meta.concrete_fields),
    *(f"organization__{name}" for name in ORG_COLUMNS),
]
SUMMARY_COLUMNS = ("id", "kind", "title", "date", "date_start", "year", "agreement_type")


def record_detail(record_id: int, unpublished: bool = False) -> dict[str, Any]:
    """Everything about one record: the export dict plus every stored field, its parties'
    organizations, contacts, related records and its source. A record that is not
    published is found only with ``unpublished`` (reviewers: the review page, staff).
    Plain queries rather than prefetches: on the busiest endpoint, building queries
    costs more than running them."""
    shown = Record.objects.all() if unpublished else Record.objects.published()
    try:
        record = shown.select_related("source", "series").only(*DETAIL_COLUMNS).get(pk=record_id)
    except Record.DoesNotExist:
        raise NotFound(f"no record with id {record_id}") from None
    parties = list(
        Party.objects.filter(record_id=record_id)
        .select_related("organization")
        .only(*PARTY_COLUMNS)
    )
    data = record_to_dict(record, parties, Contact.objects.filter(record_id=record_id))
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
    linked = sorted(
        record.related.filter(review="published").order_by().values(*SUMMARY_COLUMNS),
        key=lambda row: row["id"],
    )
    out = [{**record_summary(row), "reason": "linked", "shared": []} for row in linked]
    if not org_ids:
        return out
    ranked = list(
        Party.objects.published()
        .filter(organization_id__in=org_ids)
        .exclude(record_id__in={record.pk, *(row["id"] for row in linked)})
        .values("record_id")
        .annotate(
            n=Count("organization_id", distinct=True),
            low=Min("organization_id"),
            high=Max("organization_id"),
        )
        .order_by("-n", "-record_id")[:RELATED_CAP]
    )
    if not ranked:
        return out
    ids = [row["record_id"] for row in ranked]
    summaries = {
        row["id"]: row
        for row in Record.objects.filter(pk__in=ids).order_by().values(*SUMMARY_COLUMNS)
    }
    shared = _shared_organizations(ranked, org_ids)
    for rid in ids:
        reason = "same_network" if summaries[rid]["kind"] == "network" else "shared_party"
        out.append({**record_summary(summaries[rid]), "reason": reason, "shared": shared[rid]})
    return out


def _shared_organizations(ranked: list[dict[str, Any]], org_ids: set[int]) -> dict[int, list[int]]:
    """The organizations each ranked record shares with the record shown, in id order. The
    ranking's count, lowest and highest id tell them without a query when it shares one,
    two or all of them (nearly always: most records have two parties)."""
    shared: dict[int, list[int]] = {}
    unknown = []
    for row in ranked:
        if row["n"] == len(org_ids):
            shared[row["record_id"]] = sorted(org_ids)
        elif row["n"] <= 2:
            shared[row["record_id"]] = sorted({row["low"], row["high"]})
        else:
            unknown.append(row["record_id"])
    if unknown:
        found: dict[int, set[int]] = defaultdict(set)
        for rid, oid in Party.objects.filter(
            record_id__in=unknown, organization_id__in=org_ids
        ).values_list("record_id", "organization_id"):
            found[rid].add(oid)
        shared.update({rid: sorted(oids) for rid, oids in found.items()})
    return shared
