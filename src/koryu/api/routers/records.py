from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router

from koryu.api.responses import json_response
from koryu.api.schemas import ERRORS, PREFECTURE, RecordDetail, RecordFilters, RecordList
from koryu.api.searching import found, request_query
from koryu.catalog import queries

router = Router(tags=["records"])

MAX_ID = queries.MAX_ID


def page_cursor(cursor: str | None, next_: str | None) -> str | None:
    return cursor or next_


@router.get("", response={200: RecordList, **ERRORS}, summary="List records")
def list_records(
    request: HttpRequest,
    filters: Query[RecordFilters],
    q: str | None = Query(None, description="search query (same language as /search)"),
    prefecture: str | None = PREFECTURE,
    cursor: str | None = Query(None, description="the `next` token of the previous page"),
    next_: str | None = Query(None, alias="_next", description="same as cursor"),
    limit: int = Query(queries.DEFAULT_LIMIT, ge=1, le=queries.MAX_LIMIT),
):
    """Records in id order, filtered. With `q`, the records the search finds (the same
    query and filters as /search, organizations left out), in the search's order."""
    if not q and not prefecture:
        parsed = queries.Filters.from_mapping(filters.as_mapping())
        return json_response(queries.list_records(parsed, page_cursor(cursor, next_), limit))
    query = request_query(request.GET).only_records()
    result = found(query, limit, facets=False)
    page = queries.records_by_id([hit.id for hit in result.results])
    return json_response(
        {
            "total": result.total,
            "total_exact": result.total_exact,
            "results": page,
            "next": result.next,
        }
    )


@router.get(
    "/{record_id}", response={200: RecordDetail, **ERRORS}, summary="One record, every field"
)
def record_detail(request: HttpRequest, record_id: int = Path(..., ge=1, le=MAX_ID)):
    return json_response(queries.record_detail(record_id))
