"""Whole-catalogue views: statistics, map, graph and data-quality findings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from koryu.api.responses import json_response
from koryu.api.routers.records import MAX_ID
from koryu.api.schemas import ERRORS, FeatureCollection, Graph, Quality, RecordFilters, Stats
from koryu.catalog import map_grid, queries

router = Router()


@router.get("/stats", response={200: Stats, **ERRORS}, tags=["aggregates"])
def stats(request: HttpRequest, filters: Query[RecordFilters]):
    """Chart series ({label, value} lists) per year, partner country, sector and
    prefecture, plus counts by kind and agreement type."""
    return json_response(queries.stats_data(queries.Filters.from_mapping(filters.as_mapping())))


@router.get("/map", response={200: FeatureCollection, **ERRORS}, tags=["aggregates"])
def map_data(
    request: HttpRequest,
    filters: Query[RecordFilters],
    zoom: int | None = Query(
        None,
        ge=0,
        le=map_grid.MAX_ZOOM,
        description="map zoom level: draw every placed pair touching `bbox`, one line each"
        " or gathered per grid cell (clusters and bundles with counts)",
    ),
    bbox: str | None = Query(
        None,
        max_length=200,
        description="west,south,east,north in degrees (east may exceed 180); with `zoom`"
        " (default 2), the whole world by default",
    ),
):
    """GeoJSON: one LineString per pair of placed organizations tied by agreements or
    memberships (`kind=agreement` or `kind=network` picks one), one Point per organization.
    Without `zoom` or `bbox`, the 3,000 busiest pairs (`meta.truncated`); with them, every
    placed pair in view, gathered into `cluster` points and `bundle` lines when there are
    more than 3,000 (`meta.mode` is `pairs` or `cells`)."""
    parsed = queries.Filters.from_mapping(filters.as_mapping())
    if zoom is None and bbox is None:
        data = queries.map_json(parsed)
    else:
        data = queries.map_view_json(parsed, queries.parse_viewport(zoom, bbox))
    return HttpResponse(data, content_type="application/json")


@router.get("/graph", response={200: Graph, **ERRORS}, tags=["aggregates"])
def graph(
    request: HttpRequest,
    filters: Query[RecordFilters],
    center: int | None = Query(None, ge=1, le=MAX_ID, description="organization id"),
    depth: int = Query(1, ge=1, le=2, description="ego-network depth around `center`"),
):
    """Organizations as nodes, agreements and memberships as edges; networks and
    agreements of three or more parties are hub nodes (`record:<id>`)."""
    parsed = queries.Filters.from_mapping(filters.as_mapping())
    return json_response(queries.graph_data(center, parsed, depth))


@router.get("/quality", response={200: Quality, **ERRORS}, tags=["aggregates"])
def quality(
    request: HttpRequest,
    limit: int = Query(1000, ge=1, le=10_000, description="most items per list"),
):
    """Reader findings and unplaced or ambiguous organizations, with document and line."""
    return json_response(queries.quality_findings(limit))
