"""Organization, network and event-series pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from koryu.catalog.queries import (
    InvalidQuery,
    list_organizations,
    network_detail,
    organization_detail,
    series_detail,
)
from koryu.web.templatetags.koryu_web import local_name
from koryu.web.views.page import api_url, render_page, url_with

# The page shows the timeline a hundred entries at a time (newest first across pages,
# oldest first within one); its JSON twin takes the same offset and limit.
TIMELINE_PAGE = 100


def _point(lat: Any, lon: Any, label: str, url: str, note: str = "", colour: str = "") -> dict:
    point = {"lat": lat, "lon": lon, "label": label, "url": url, "note": note}
    if colour:
        point["colour"] = colour
    return point


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 100_000))
    except ValueError:
        return 1


def organization_page(request: HttpRequest, org_id: int) -> HttpResponse:
    page = _page_number(request)
    offset = (page - 1) * TIMELINE_PAGE
    org = organization_detail(org_id, timeline_limit=TIMELINE_PAGE, timeline_offset=offset)
    pages = max(1, -(-org["timeline_total"] // TIMELINE_PAGE))
    if page > pages:  # past the end: show the earliest entries
        page, offset = pages, (pages - 1) * TIMELINE_PAGE
        org = organization_detail(org_id, timeline_limit=TIMELINE_PAGE, timeline_offset=offset)
    pager = {
        "page": page,
        "pages": pages,
        "first": offset + 1,
        "last": offset + len(org["timeline"]),
        "newer": url_with(request, page=page - 1 if page > 2 else None) if page > 1 else None,
        "earlier": url_with(request, page=page + 1) if page < pages else None,
    }
    points = []
    if org["lat"] is not None and org["lon"] is not None:
        points.append(_point(org["lat"], org["lon"], local_name(org), "", colour="#d14900"))
    seen = {org["id"]}
    for item in org["timeline"]:
        for partner in item["partners"]:
            oid = partner["organization_id"]
            if oid in seen or partner["lat"] is None or partner["lon"] is None:
                continue
            seen.add(oid)
            url = reverse("web:organization", args=[oid])
            points.append(_point(partner["lat"], partner["lon"], local_name(partner), url))
    for item in org["timeline"]:
        # the names a title made of party names is rewritten with (templatetags.local_title)
        item["title_parties"] = [(item["as_written"], org["names"])] + [
            (p["as_written"], p["names"]) for p in item["partners"]
        ]
    context = {"org": org, "points": points, "pager": pager}
    # the twin of a one-page timeline is the plain organization URL
    twin = {"timeline_offset": offset or None, "timeline_limit": TIMELINE_PAGE} if pages > 1 else {}
    return render_page(
        request,
        "web/organization.html",
        context,
        json_url=api_url(f"organizations/{org_id}", twin),
    )


def network_page(request: HttpRequest, record_id: int) -> HttpResponse:
    network = network_detail(record_id)
    points = [
        _point(
            m["lat"],
            m["lon"],
            m["name"],
            reverse("web:organization", args=[m["organization_id"]]),
            m["joined_raw"] or m["joined"] or "",
        )
        for m in network["members"]
        if m["lat"] is not None and m["lon"] is not None
    ]
    context = {"network": network, "points": points}
    return render_page(
        request, "web/network.html", context, json_url=api_url(f"networks/{record_id}")
    )


def series_page(request: HttpRequest, series_id: int) -> HttpResponse:
    series = series_detail(series_id)
    points = []
    for edition in series["editions"]:
        host = edition["host"]
        if host and host["lat"] is not None and host["lon"] is not None:
            label = f"{edition['number'] or ''} {edition['title']}".strip()
            url = reverse("web:record", args=[edition["id"]])
            points.append(_point(host["lat"], host["lon"], label, url, host["name"]))
    context = {"series": series, "points": points}
    return render_page(request, "web/series.html", context, json_url=api_url(f"series/{series_id}"))


ORGANIZATION_FILTERS = ("country", "level", "resolution", "name", "placed", "tied")
RESOLUTIONS = ("resolved", "new", "ambiguous", "unresolved")


def organizations_page(request: HttpRequest) -> HttpResponse:
    """Organizations by name, filtered as /api/v1/organizations is (the map links here
    with ``placed=no&tied=yes`` for the organizations whose pairs it cannot draw)."""
    filters = {k: request.GET[k] for k in ORGANIZATION_FILTERS if request.GET.get(k)}
    cursor = request.GET.get("cursor") or None
    try:
        listing = list_organizations(filters, cursor, 100)
    except InvalidQuery as exc:
        context = {
            "listing": None,
            "error": str(exc),
            "filters": filters,
            "resolutions": RESOLUTIONS,
        }
        return render_page(request, "web/organizations.html", context, status=400)
    context = {
        "listing": listing,
        "error": None,
        "filters": filters,
        "resolutions": RESOLUTIONS,
        "next_url": url_with(request, cursor=listing["next"]) if listing["next"] else None,
        "first_url": url_with(request, cursor=None) if cursor else None,
    }
    twin = {**filters, "cursor": cursor, "limit": 100}
    return render_page(
        request, "web/organizations.html", context, json_url=api_url("organizations", twin)
    )
