"""Export records as JSON, CSV or GeoJSON: the open-data contract (docs/export-format.md).

Field names are a contract other tools rely on: add fields, never rename them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet

from koryu.catalog.models import Contact, Party, Record

CSV_COLUMNS = [
    "id", "kind", "title", "parties", "countries", "date", "date_start", "date_end",
    "date_raw", "fiscal_year", "agreement_type", "sectors", "theme", "place",
    "participants_count", "status", "urls", "relisted", "source_document", "source_sha256",
    "line_start", "line_end", "review", "confidence",
]  # fmt: skip


# What an export writes: a queryset (written in id order) or record ids (written in that
# order: the hits of a search).
Selection = QuerySet[Record] | list[int] | None


def exported_records(published_only: bool = False) -> QuerySet[Record]:
    """What `koryu export` writes: published and proposed records (each marked with its
    review state), or the published ones only. Rejected records are never exported."""
    return Record.objects.published() if published_only else Record.objects.not_rejected()


def export_queryset(records: QuerySet[Record] | None = None) -> QuerySet[Record]:
    qs = records if records is not None else exported_records()
    # defer: a source's findings (thousands for a big CSV) would be decoded once per record
    qs = qs.select_related("source", "series").defer("source__findings")
    return qs.prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organization")),
        Prefetch("contacts", queryset=Contact.objects.all()),
    )


def party_to_dict(p: Party) -> dict[str, Any]:
    return {
        "name": p.name,
        "canonical": p.organization.name,
        "country": p.country or p.organization.country or None,
        "role": p.role,
        "count": p.count,
        "organization_id": p.organization_id,
        # how the name was resolved (docs/export-format.md): the gazetteer entry,
        # the position of the place, and resolved/located/new/ambiguous/unresolved
        "gazetteer_id": p.organization.gazetteer_id,
        "lat": p.organization.lat,
        "lon": p.organization.lon,
        "resolution": p.organization.resolution,
    }


def contact_to_dict(c: Contact) -> dict[str, Any]:
    return {
        "department": c.department,
        "phones": c.phones,
        "faxes": c.faxes,
        "emails": c.emails,
        "organization": c.organization_name,
    }


def record_to_dict(
    record: Record,
    parties: Iterable[Party] | None = None,
    contacts: Iterable[Contact] | None = None,
) -> dict[str, Any]:
    """The export dict of a record. ``parties`` and ``contacts``: the record's own, when
    they were fetched apart (default: those prefetched by export_queryset)."""
    parties = record.parties.all() if parties is None else parties
    contacts = record.contacts.all() if contacts is None else contacts
    return {
        "id": record.pk,
        "kind": record.kind,
        "title": record.title,
        "parties": [party_to_dict(p) for p in parties],
        "date": record.date or None,
        "date_start": record.date_start or None,
        "date_end": record.date_end or None,
        "date_raw": record.date_raw,
        "fiscal_year": record.fiscal_year or None,
        "agreement_type": record.agreement_type or None,
        "sectors": record.sectors,
        "theme": record.theme,
        "place": record.place,
        "participants_count": record.participants_count,
        "status": record.status or None,
        "contacts": [contact_to_dict(c) for c in contacts],
        "urls": record.urls,
        "relisted": record.relisted,
        "series": record.series.name if record.series else None,
        "edition": record.edition,
        "source": {
            "document": record.source.name,
            "sha256": record.source.sha256,
            "line_start": record.line_start,
            "line_end": record.line_end,
        },
        # "published" or "proposed" (waiting in the review queue); `status` is the state
        # of an agreement, not of the record.
        "review": record.review,
        "confidence": record.confidence,
    }


def iter_records(records: Selection = None, chunk: int = 2000) -> Iterator[Record]:
    if isinstance(records, list):
        for start in range(0, len(records), 500):  # bounded IN lists
            ids = records[start : start + 500]
            rows = {r.pk: r for r in export_queryset(Record.objects.filter(pk__in=ids))}
            yield from (rows[i] for i in ids if i in rows)
        return
    yield from export_queryset(records).order_by("pk").iterator(chunk_size=chunk)


def iter_dicts(records: Selection = None, chunk: int = 2000) -> Iterator[dict]:
    for record in iter_records(records, chunk):
        yield record_to_dict(record)


class Count:
    """How many records a stream of chunks held (filled in as the stream is consumed)."""

    n = 0


def json_chunks(records: Selection = None, count: Count | None = None) -> Iterator[str]:
    """{"records": [...]} a piece at a time, never holding every record in memory."""
    count = count or Count()
    yield '{"records": ['
    for item in iter_dicts(records):
        yield ("\n" if count.n == 0 else ",\n") + json.dumps(item, ensure_ascii=False)
        count.n += 1
    yield "\n]}\n"


def write_json(out: IO[str], records: Selection = None) -> int:
    return _write(out, json_chunks, records)


def _write(out: IO[str], chunks, records: Selection) -> int:
    count = Count()
    for chunk in chunks(records, count):
        out.write(chunk)
    return count.n


def csv_row(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: item.get(k) for k in CSV_COLUMNS if k in item},
        "parties": "; ".join(p["name"] for p in item["parties"]),
        "countries": "; ".join(sorted({p["country"] for p in item["parties"] if p["country"]})),
        "sectors": "; ".join(item["sectors"]),
        "urls": " ".join(item["urls"]),
        "source_document": item["source"]["document"],
        "source_sha256": item["source"]["sha256"],
        "line_start": item["source"]["line_start"],
        "line_end": item["source"]["line_end"],
    }


# OWASP's rule against CSV injection: a cell a spreadsheet would take for a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # lets Excel (Japanese Windows included) open the file as UTF-8


def neutralise(value: Any) -> Any:
    """A text cell beginning like a formula gets a leading single quote: shown, not run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_cells(row: dict[str, Any]) -> dict[str, Any]:
    return {key: neutralise(value) for key, value in row.items()}


def csv_chunks(
    records: Selection = None, count: Count | None = None, bom: bool = True
) -> Iterator[str]:
    """A BOM (unless ``bom=False``), the header, then rows a few hundred at a time."""
    count = count or Count()
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for item in iter_dicts(records):
        writer.writerow(safe_cells(csv_row(item)))
        count.n += 1
        if count.n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(out: IO[str], records: Selection = None, bom: bool = True) -> int:
    return _write(out, lambda r, c: csv_chunks(r, c, bom=bom), records)


def without_bom(chunks: Iterable[str | bytes]) -> Iterator[str | bytes]:
    """The same stream without a leading BOM (``--no-bom``, ``?bom=false``)."""
    first = True
    for chunk in chunks:
        if first:
            first = False
            if isinstance(chunk, bytes):
                chunk = chunk.removeprefix(BOM.encode("utf-8"))
            else:
                chunk = chunk.removeprefix(BOM)
        yield chunk


def geojson_features(items: Iterable[dict[str, Any]], records: dict[int, Record]) -> Iterator[dict]:
    """A record becomes a point (one placed party) or a line between its placed parties."""
    for item in items:
        record = records[item["id"]]
        coords = []
        for p in record.parties.all():
            org = p.organization
            if org.lat is not None and org.lon is not None:
                point = [round(org.lon, 5), round(org.lat, 5)]
                if point not in coords:
                    coords.append(point)
        if not coords:
            continue
        geometry = (
            {"type": "Point", "coordinates": coords[0]}
            if len(coords) == 1
            else {"type": "LineString", "coordinates": coords}
            if len(coords) == 2
            else {"type": "MultiPoint", "coordinates": coords}
        )
        props = {k: v for k, v in item.items() if k not in ("contacts",)}
        yield {"type": "Feature", "geometry": geometry, "properties": props}


def geojson_chunks(records: Selection = None, count: Count | None = None) -> Iterator[str]:
    count = count or Count()
    yield '{"type": "FeatureCollection", "features": ['
    for record in iter_records(records):
        for feature in geojson_features([record_to_dict(record)], {record.pk: record}):
            yield ("\n" if count.n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False)
            count.n += 1
    yield "\n]}\n"


def write_geojson(out: IO[str], records: Selection = None) -> int:
    return _write(out, geojson_chunks, records)


CHUNKS = {"json": json_chunks, "csv": csv_chunks, "geojson": geojson_chunks}
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
}
WRITERS = {"json": write_json, "csv": write_csv, "geojson": write_geojson}
