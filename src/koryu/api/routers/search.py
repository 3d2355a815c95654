from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router

from koryu.api.responses import json_response
from koryu.api.schemas import ERRORS, PREFECTURE, RecordFilters, SearchResult
from koryu.api.searching import found, request_query
from koryu.catalog import queries

router = Router(tags=["search"])


@router.get("", response={200: SearchResult, **ERRORS}, summary="Full-text search")
def search(
    request: HttpRequest,
    filters: Query[RecordFilters],
    q: str = Query(..., description="query (docs/search.md describes the language)"),
    prefecture: str | None = PREFECTURE,
    sort: Literal["relevance", "date", "-date"] = Query("relevance"),
    expand: bool = Query(True, description="expand names to their other spellings"),
    facets: bool = Query(True),
    cursor: str | None = Query(None, description="the `next` token of the previous page"),
    next_: str | None = Query(None, alias="_next", description="same as cursor"),
    limit: int = Query(20, ge=1, le=queries.MAX_LIMIT),
):
    """Hits with score and snippet, facets and an opaque `next` token. A filter given as
    a parameter (`country=CN`) is the same filter as in `q` (`country:CN`): one query,
    one total."""
    query = request_query(request.GET)
    return json_response(found(query, limit, facets).to_dict())
