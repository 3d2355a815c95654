from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router

from koryu.api.responses import json_response
from koryu.api.routers.records import MAX_ID, page_cursor
from koryu.api.schemas import (
    ERRORS,
    NetworkDetail,
    OrganizationDetail,
    OrganizationList,
    SeriesDetail,
)
from koryu.api.searching import found, request_query
from koryu.catalog import queries

router = Router(tags=["organizations"])
networks = Router(tags=["networks"])
series = Router(tags=["series"])


@router.get("", response={200: OrganizationList, **ERRORS}, summary="List organizations")
def list_organizations(
    request: HttpRequest,
    country: str | None = Query(None, description="ISO 3166-1 alpha-2 (comma-separated)"),
    level: str | None = Query(None, description="administrative level (comma-separated)"),
    resolution: str | None = Query(
        None, description="resolved, new, ambiguous, unresolved (comma-separated)"
    ),
    name: str | None = Query(None, description="part of any of its names"),
    placed: bool | None = Query(
        None, description="true: only those with coordinates; false: only those without"
    ),
    tied: bool | None = Query(
        None, description="true: only those tied to another by an agreement or network"
    ),
    q: str | None = Query(
        None,
        max_length=1000,
        description="search query (same language as /search): the organizations it finds,"
        " in the search's order; with q only `country` filters",
    ),
    cursor: str | None = Query(None, description="the `next` token of the previous page"),
    next_: str | None = Query(None, alias="_next", description="same as cursor"),
    limit: int = Query(queries.DEFAULT_LIMIT, ge=1, le=queries.MAX_LIMIT),
):
    """Organizations by name, with how many records each takes part in; with `q`, the
    organizations the search finds (the one search service, as /search)."""
    if q:
        return json_response(_found(request, limit, level, resolution, name, placed, tied))
    filters = {
        "country": country,
        "level": level,
        "resolution": resolution,
        "name": name,
        "placed": None if placed is None else ("1" if placed else "0"),
        "tied": "1" if tied else None,
    }
    filters = {k: v for k, v in filters.items() if v is not None}
    return json_response(queries.list_organizations(filters, page_cursor(cursor, next_), limit))


@router.get(
    "/{org_id}",
    response={200: OrganizationDetail, **ERRORS},
    summary="One organization and everything it takes part in",
)
def organization_detail(
    request: HttpRequest,
    org_id: int = Path(..., ge=1, le=MAX_ID),
    timeline_offset: int = Query(
        0, ge=0, le=10_000_000, description="skip this many of the most recent timeline entries"
    ),
    timeline_limit: int = Query(
        queries.TIMELINE_CAP,
        ge=1,
        le=queries.TIMELINE_CAP,
        description="timeline entries to return",
    ),
):
    """The timeline holds the ``timeline_limit`` most recent entries after
    ``timeline_offset``, oldest first; ``timeline_total`` counts them all."""
    return json_response(queries.organization_detail(org_id, timeline_limit, timeline_offset))


@networks.get(
    "/{record_id}", response={200: NetworkDetail, **ERRORS}, summary="A network and its members"
)
def network_detail(request: HttpRequest, record_id: int = Path(..., ge=1, le=MAX_ID)):
    return json_response(queries.network_detail(record_id))


@series.get(
    "/{series_id}", response={200: SeriesDetail, **ERRORS}, summary="An event series by edition"
)
def series_detail(request: HttpRequest, series_id: int = Path(..., ge=1, le=MAX_ID)):
    return json_response(queries.series_detail(series_id))


def _found(request: HttpRequest, limit: int, *list_only) -> dict:
    """The organizations of ``find`` for the request's query (``country`` is a filter of
    the query language too; the list's other filters are not, and are refused with q)."""
    if any(value is not None for value in list_only):
        raise queries.InvalidQuery(
            "with q, organizations are filtered in the query (country:CN, prefecture:北海道)",
            "q",
        )
    result = found(request_query(request.GET).only_organizations(), limit, facets=False)
    return {
        "total": result.total,
        "total_exact": result.total_exact,
        "results": queries.organizations_by_id([hit.id for hit in result.results]),
        "next": result.next,
    }
