"""The graph: organizations as nodes, agreements and memberships as edges (cytoscape)."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse

from koryu.catalog.models import Organization
from koryu.catalog.queries import Filters, InvalidQuery, graph_data
from koryu.web.views.filters import filter_params, read_filters
from koryu.web.views.maps import filter_choices
from koryu.web.views.page import api_url, render_page


def graph_page(request: HttpRequest) -> HttpResponse:
    filters, error = read_filters(request)
    params = filter_params(request) if error is None else {}
    center = None
    graph = {"nodes": [], "edges": [], "meta": {}}
    if error is None:
        if filters.org is not None:
            center = Organization.objects.filter(pk=filters.org).first()
        try:
            # The page lists what the twin returns (the accessible fallback of the drawing).
            graph = graph_data(center.pk if center else None, _without_org(filters))
        except InvalidQuery as exc:
            error = str(exc)
    data_url = api_url("graph", params)
    context = {
        "filters": filters,
        "error": error,
        "center": center,
        "graph": graph,
        "data_url": data_url,
        "choices": filter_choices(),
        "graph_kinds": ("agreement", "network"),
    }
    status = 400 if error else 200
    return render_page(request, "web/graph.html", context, json_url=data_url, status=status)


def _without_org(filters: Filters) -> Filters:
    """``org`` centres the graph; as a record filter it would drop the partners' ties."""
    return replace(filters, org=None)
