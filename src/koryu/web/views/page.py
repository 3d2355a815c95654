"""What every page shares: its JSON twin (link element, visible link, Link header)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

API = "/api/v1"
# A twin URL longer than this (it carries the visitor's query) stays out of the Link
# header: clients refuse header lines of many kilobytes. The page's <link> still has it.
MAX_LINK_HEADER_URL = 2000


def api_url(path: str, params: dict[str, Any] | None = None) -> str:
    """URL of a page's JSON twin under /api/v1/, with the page's own parameters."""
    query = urlencode(
        [(k, v) for k, v in (params or {}).items() if v not in (None, "", [], ())], doseq=True
    )
    return f"{API}/{path}" + (f"?{query}" if query else "")


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    json_url: str | None = None,
    status: int = 200,
) -> HttpResponse:
    response = render(request, template, {**context, "json_url": json_url}, status=status)
    if json_url and len(json_url) <= MAX_LINK_HEADER_URL:
        response["Link"] = f'<{json_url}>; rel="alternate"; type="application/json"'
    return response


def url_with(request: HttpRequest, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = str(value)
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path
