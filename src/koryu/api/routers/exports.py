"""Streaming exports in the open-data formats of koryu.catalog.export (same fields as
`koryu export`), with the filters and query language of the other endpoints."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router

from koryu.api.schemas import ERRORS, RecordFilters
from koryu.api.search_hits import search_hits
from koryu.catalog import queries
from koryu.catalog.export import (
    CSV_COLUMNS,
    csv_row,
    export_queryset,
    geojson_features,
    record_to_dict,
)
from koryu.catalog.models import Record

router = Router(tags=["exports"])

CHUNK = 1000


def _chunks(records: QuerySet[Record], ids: list[int] | None) -> Iterator[list[Record]]:
    """Records in id order, a chunk at a time (keyset), each chunk with its parties."""
    if ids is not None:
        ids = sorted(set(ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            yield list(export_queryset(records.filter(pk__in=chunk)).order_by("pk"))
        return
    last = 0
    while True:
        rows = list(export_queryset(records.filter(pk__gt=last)).order_by("pk")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _selection(filters: RecordFilters, q: str | None):
    parsed = queries.Filters.from_mapping(filters.as_mapping())
    # The search runs before streaming starts, so its errors still get a proper status.
    ids = [h["id"] for h in search_hits(q)] if q else None
    return queries.filtered_records(parsed), ids


def _json_lines(records, ids) -> Iterator[str]:
    yield '{"records": ['
    first = True
    for chunk in _chunks(records, ids):
        for record in chunk:
            yield ("\n" if first else ",\n") + json.dumps(
                record_to_dict(record), ensure_ascii=False
            )
            first = False
    yield "\n]}\n"


def _csv_lines(records, ids) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for chunk in _chunks(records, ids):
        for record in chunk:
            writer.writerow(csv_row(record_to_dict(record)))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _geojson_lines(records, ids) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for chunk in _chunks(records, ids):
        by_id = {r.pk: r for r in chunk}
        for feature in geojson_features((record_to_dict(r) for r in chunk), by_id):
            yield ("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
            first = False
    yield "\n]}\n"


def _stream(lines: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


QUERY = Query(None, description="search query: export only the records it finds")


def _content(media_type: str, schema: dict) -> dict:
    return {
        "responses": {200: {"description": "streamed", "content": {media_type: {"schema": schema}}}}
    }


JSON_DOC = {
    "type": "object",
    "properties": {"records": {"type": "array", "items": {"type": "object"}}},
}
GEOJSON_DOC = {
    "type": "object",
    "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array"}},
}


@router.get(
    "/export.json",
    response={200: dict, **ERRORS},
    summary="Records as JSON",
    openapi_extra=_content("application/json", JSON_DOC),
)
def export_json(request: HttpRequest, filters: Query[RecordFilters], q: str | None = QUERY):
    """`{"records": [...]}`, each record as in /records (streamed)."""
    return _stream(_json_lines(*_selection(filters, q)), "application/json", "koryu-records.json")


@router.get(
    "/export.csv",
    response={200: str, **ERRORS},
    summary="Records as CSV",
    openapi_extra=_content("text/csv", {"type": "string"}),
)
def export_csv(request: HttpRequest, filters: Query[RecordFilters], q: str | None = QUERY):
    """One row per record, the columns of docs/export-format.md (streamed, UTF-8)."""
    return _stream(
        _csv_lines(*_selection(filters, q)), "text/csv; charset=utf-8", "koryu-records.csv"
    )


@router.get(
    "/export.geojson",
    response={200: dict, **ERRORS},
    summary="Records as GeoJSON",
    openapi_extra=_content("application/geo+json", GEOJSON_DOC),
)
def export_geojson(request: HttpRequest, filters: Query[RecordFilters], q: str | None = QUERY):
    """A Feature per record with placed parties: Point, LineString or MultiPoint (streamed)."""
    return _stream(
        _geojson_lines(*_selection(filters, q)), "application/geo+json", "koryu-records.geojson"
    )
