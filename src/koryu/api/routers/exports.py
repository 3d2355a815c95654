"""Streaming exports in the open-data formats of koryu.catalog.export (same fields and
writers as `koryu export`), with the filters and query language of the other endpoints.
A full export is served from a file made once per data version (api/export_files.py);
exports running at once are bounded (api/throttle.py)."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from ninja import Query, Router

from koryu.api.errors import error_response
from koryu.api.export_files import ExportPreparing, full_export
from koryu.api.pacing import pace
from koryu.api.schemas import ERRORS, Error, RecordFilters
from koryu.api.searching import record_ids, request_query
from koryu.api.throttle import Slots, TooManyRequests, client_of, held
from koryu.catalog import queries
from koryu.catalog.export import BOM, CHUNKS, MEDIA_TYPES, without_bom

router = Router(tags=["exports"])
BOM_BYTES = BOM.encode("utf-8")

# Exports running at once in one server process: overall and per client (docs/api.md).
SLOTS = Slots(total=settings.EXPORT_CONCURRENCY, per_client=settings.EXPORT_CONCURRENCY_PER_CLIENT)


def _selection(request: HttpRequest, filters: RecordFilters, q: str | None):
    """The records to export (a queryset in id order, or record ids in the search's
    order) and whether that is every record (then a prepared file serves it)."""
    if q or request.GET.get("prefecture"):
        # The search runs before streaming starts, so its errors still get a proper status.
        return record_ids(request_query(request.GET)), False
    parsed = queries.Filters.from_mapping(filters.as_mapping())
    return queries.filtered_records(parsed), parsed.is_empty()


def _export(
    request: HttpRequest, fmt: str, filters: RecordFilters, q: str | None, bom: bool = True
):
    records, everything = _selection(request, filters, q)
    try:
        release = SLOTS.acquire(client_of(request))
    except TooManyRequests as exc:
        response = error_response(429, str(exc))
        response["Retry-After"] = str(exc.retry_after)
        return response
    try:
        if everything:
            return _file_response(request, full_export(fmt, records), fmt, bom, release)
        body = CHUNKS[fmt](records)
    except ExportPreparing as exc:
        release()
        response = error_response(503, str(exc), code="export_preparing")
        response["Retry-After"] = str(exc.retry_after)
        return response
    except BaseException:
        release()
        raise
    if not bom:
        body = without_bom(body)
    response = StreamingHttpResponse(held(body, release), content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="koryu-records.{fmt}"'
    return response


def _file_response(request: HttpRequest, path, fmt: str, bom: bool, release) -> FileResponse:
    """The prepared file, sent by the WSGI server's file wrapper (sendfile: no Python loop
    copies the bytes) at KORYU_EXPORT_MB_PER_SECOND at most (api/pacing.py), so a download
    costs the other requests almost nothing. The export's slot is released, and the
    connection's pace lifted, when the server closes the response, however it ends."""
    handle = open(path, "rb")  # closed with the response
    if not bom and handle.read(len(BOM_BYTES)) != BOM_BYTES:
        handle.seek(0)
    response = FileResponse(handle, content_type=MEDIA_TYPES[fmt])
    response._resource_closers += [release, pace(request, settings.EXPORT_BYTES_PER_SECOND)]
    response["Content-Disposition"] = f'attachment; filename="koryu-records.{fmt}"'
    return response


QUERY = Query(None, description="search query: export the records it finds, in the search's order")


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
    response={200: dict, **ERRORS, 429: Error},
    summary="Records as JSON",
    openapi_extra=_content("application/json", JSON_DOC),
)
def export_json(request: HttpRequest, filters: Query[RecordFilters], q: str | None = QUERY):
    """`{"records": [...]}`, each record as in /records (streamed)."""
    return _export(request, "json", filters, q)


@router.get(
    "/export.csv",
    response={200: str, **ERRORS, 429: Error},
    summary="Records as CSV",
    openapi_extra=_content("text/csv", {"type": "string"}),
)
def export_csv(
    request: HttpRequest,
    filters: Query[RecordFilters],
    q: str | None = QUERY,
    bom: bool = Query(True, description="begin with a UTF-8 byte order mark (for Excel)"),
):
    """One row per record, the columns of docs/export-format.md (streamed, UTF-8 with a
    BOM unless bom=false; cells that begin like a formula get a leading quote)."""
    return _export(request, "csv", filters, q, bom)


@router.get(
    "/export.geojson",
    response={200: dict, **ERRORS, 429: Error},
    summary="Records as GeoJSON",
    openapi_extra=_content("application/geo+json", GEOJSON_DOC),
)
def export_geojson(request: HttpRequest, filters: Query[RecordFilters], q: str | None = QUERY):
    """A Feature per record with placed parties: Point, LineString or MultiPoint (streamed)."""
    return _export(request, "geojson", filters, q)
