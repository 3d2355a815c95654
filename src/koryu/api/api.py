"""The NinjaAPI instance and its URLs (mounted at /api/ by koryu.urls)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, re_path
from ninja import NinjaAPI

from koryu.api import writes  # noqa: F401  (adds POST/PATCH/DELETE to the records router)
from koryu.api.docs import LocalSwagger, docs_asset
from koryu.api.errors import install_handlers, json_method_errors, not_found_view
from koryu.api.responses import json_response
from koryu.api.routers import aggregates, exports, history, organizations, records, search

# OpenAPI links: how a response leads to the next request (a list to its first item, a
# record to its parties' organizations). Clients and schemathesis's stateful tests follow
# them; django-ninja has no way to declare them on the operations, so they are added here.
# (operation path, target path, link name, target parameter, runtime expression)
LINKS = (
    (
        "/api/v1/records",
        "/api/v1/records/{record_id}",
        "FirstRecord",
        "record_id",
        "$response.body#/results/0/id",
    ),
    (
        "/api/v1/search",
        "/api/v1/records/{record_id}",
        "FirstHit",
        "record_id",
        "$response.body#/results/0/id",
    ),
    (
        "/api/v1/organizations",
        "/api/v1/organizations/{org_id}",
        "FirstOrganization",
        "org_id",
        "$response.body#/results/0/id",
    ),
    (
        "/api/v1/records/{record_id}",
        "/api/v1/organizations/{org_id}",
        "FirstParty",
        "org_id",
        "$response.body#/parties/0/organization_id",
    ),
    (
        "/api/v1/records/{record_id}",
        "/api/v1/networks/{record_id}",
        "AsNetwork",
        "record_id",
        "$response.body#/id",
    ),
    (
        "/api/v1/organizations/{org_id}",
        "/api/v1/records/{record_id}",
        "FirstTimelineRecord",
        "record_id",
        "$response.body#/timeline/0/id",
    ),
    ("/api/v1/organizations/{org_id}", "/api/v1/graph", "Graph", "center", "$response.body#/id"),
)


class KoryuAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        paths = schema["paths"]
        for source, target, name, parameter, expression in LINKS:
            if source not in paths or target not in paths:
                continue
            operation = paths[source]["get"]
            response = operation["responses"].get(200) or operation["responses"].get("200")
            response.setdefault("links", {})[name] = {
                "operationId": paths[target]["get"]["operationId"],
                "parameters": {parameter: expression},
            }
        return schema

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                callback = api_index if pattern.name == "api-root" else pattern.callback
                pattern.callback = json_method_errors(callback)
        patterns = [
            *patterns,
            path("docs/assets/<str:name>", docs_asset, name="docs-asset"),
            # Last: any other /api/ URL answers in the JSON error shape, not an HTML 404.
            re_path(r"^.*$", not_found_view, name="not-found"),
        ]
        return patterns, app_name, namespace


def api_index(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """/api/: where the machine-readable description and the endpoints are."""
    return json_response(
        {
            "name": api.title,
            "version": api.version,
            "openapi": "/api/openapi.json",
            "docs": "/api/docs",
            "endpoints": sorted(
                path for path in api.get_openapi_schema()["paths"] if path.startswith("/api/v1/")
            ),
        }
    )


api = KoryuAPI(
    title="Koryu API",
    version="1",
    description="Records of international exchange between local governments, with their"
    " sources. Every list is cursor-paginated; every error has one shape (docs/api.md).",
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_router("/v1/records", records.router)
api.add_router("/v1/organizations", organizations.router)
api.add_router("/v1/networks", organizations.networks)
api.add_router("/v1/series", organizations.series)
api.add_router("/v1/search", search.router)
api.add_router("/v1", aggregates.router)
api.add_router("/v1", exports.router)
api.add_router("/v1", history.router)
