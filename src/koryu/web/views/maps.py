"""The map of partnerships: lines between places, clustered points, offline basemap."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from koryu.catalog.queries import Filters, map_unplaced, stats_data
from koryu.records import AGREEMENT_TYPES, SECTORS
from koryu.web.views.filters import filter_params, read_filters
from koryu.web.views.page import api_url, render_page


def filter_choices() -> dict:
    """Options of the filter forms (map, graph, stats): partner countries present in the
    catalogue, agreement types and sectors of the shared vocabulary."""
    countries = [row["label"] for row in stats_data()["by_country"]]
    return {
        "countries": sorted(set(countries) | {"JP"}),
        "types": AGREEMENT_TYPES,
        "sectors": SECTORS,
    }


def map_page(request: HttpRequest) -> HttpResponse:
    filters, error = read_filters(request)
    params = filter_params(request) if error is None else {}
    data_url = api_url("map", params)
    unplaced = map_unplaced(Filters.from_mapping(params)) if error is None else None
    context = {
        "unplaced": unplaced,
        "filters": filters,
        "error": error,
        "data_url": data_url,
        "tiles": settings.ONLINE_TILES,
        "choices": filter_choices(),
        "params": params,
        "map_kinds": ("agreement", "network"),
    }
    return render_page(
        request, "web/map.html", context, json_url=data_url, status=400 if error else 200
    )
