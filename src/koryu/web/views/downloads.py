"""Downloads: CSV, JSON and GeoJSON of everything or of a search (links to the export API)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from koryu.web.views.filters import FILTER_NAMES, read_filters
from koryu.web.views.maps import filter_choices
from koryu.web.views.page import api_url, render_page

FORMATS = (
    ("csv", "CSV", "text/csv"),
    ("json", "JSON", "application/json"),
    ("geojson", "GeoJSON", "application/geo+json"),
)


def downloads_page(request: HttpRequest) -> HttpResponse:
    filters, error = read_filters(request)
    carried = {
        name: request.GET[name]
        for name in ("q", *FILTER_NAMES)
        if request.GET.get(name, "").strip() and (name == "q" or error is None)
    }
    context = {
        "filters": filters,
        "error": error,
        "q": carried.get("q", ""),
        "choices": filter_choices(),
        "with_kind": ("agreement", "network", "event", "delegation", "program"),
        "selection": [
            (f, label, mime, api_url(f"export.{f}", carried)) for f, label, mime in FORMATS
        ],
        "everything": [(f, label, mime, api_url(f"export.{f}")) for f, label, mime in FORMATS],
        "narrowed": bool(carried),
    }
    return render_page(request, "web/downloads.html", context)
