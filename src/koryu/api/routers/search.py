from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router

from koryu.api.responses import json_response
from koryu.api.routers.records import page_cursor
from koryu.api.schemas import ERRORS, RecordFilters, SearchResult
from koryu.api.search_hits import filter_hits, run_search, search_hits
from koryu.catalog import queries

router = Router(tags=["search"])


@router.get("", response={200: SearchResult, **ERRORS}, summary="Full-text search")
def search(
    request: HttpRequest,
    filters: Query[RecordFilters],
    q: str = Query(..., description="query (docs/search.md describes the language)"),
    sort: Literal["relevance", "date", "-date"] = Query("relevance"),
    expand: bool = Query(True, description="expand names to their other spellings"),
    facets: bool = Query(True),
    cursor: str | None = Query(None, description="the `next` token of the previous page"),
    next_: str | None = Query(None, alias="_next", description="same as cursor"),
    limit: int = Query(20, ge=1, le=queries.MAX_LIMIT),
):
    """Hits with score and snippet, facets and an opaque `next` token."""
    token = page_cursor(cursor, next_)
    parsed = queries.Filters.from_mapping(filters.as_mapping())
    if parsed.is_empty():
        return json_response(
            run_search(q, limit=limit, cursor=token, expand=expand, sort=sort, facets=facets)
        )
    # The search service knows nothing of the record filters: take its hits (bounded) and
    # keep those that pass, paging over them with our own cursor.
    result = run_search(q, limit=1, expand=expand, sort=sort, facets=facets)
    hits = filter_hits(search_hits(q), parsed)
    start = queries.decode_cursor(token, 1)
    offset = start[0] if start else 0
    if not isinstance(offset, int) or offset < 0:
        raise queries.InvalidQuery("invalid cursor", "cursor")
    page = hits[offset : offset + limit]
    more = offset + limit < len(hits)
    return json_response(
        {
            **result,
            "total": len(hits),
            "results": page,
            "next": queries.encode_cursor([offset + limit]) if more else None,
        }
    )
