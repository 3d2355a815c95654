"""Whole-catalogue views: statistics, map, graph and data-quality findings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from koryu.api.responses import json_response
from koryu.api.routers.records import MAX_ID
from koryu.api.schemas import ERRORS, FeatureCollection, Graph, Quality, RecordFilters, Stats
from koryu.catalog import queries

router = Router()


@router.get("/stats", response={200: Stats, **ERRORS}, tags=["aggregates"])
def stats(request: HttpRequest, filters: Query[RecordFilters]):
    """Chart series ({label, value} lists) per year, partner country, sector and
    prefecture, plus counts by kind and agreement type."""
    return json_response(queries.stats_data(queries.Filters.from_mapping(filters.as_mapping())))


@router.get("/map", response={200: FeatureCollection, **ERRORS}, tags=["aggregates"])
def map_data(request: HttpRequest, filters: Query[RecordFilters]):
    """GeoJSON: one LineString per pair of placed organizations tied by agreements or
    memberships (`kind=agreement` or `kind=network` picks one), one Point per organization."""
    data = queries.map_json(queries.Filters.from_mapping(filters.as_mapping()))
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
