"""Home: search box, counts by kind, recently added records, entry points."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from koryu.catalog.models import Organization, Record
from koryu.catalog.queries import stats_data
from koryu.records import KINDS
from koryu.web.views.page import api_url, render_page

RECENT = 10


def home(request: HttpRequest) -> HttpResponse:
    stats = stats_data()
    recent = (
        Record.objects.published()
        .only("id", "kind", "title", "date", "date_raw", "date_start", "fiscal_year")
        .order_by("-created_at", "-pk")[:RECENT]
    )
    context = {
        "counts": [(kind, stats["by_kind"].get(kind, 0)) for kind in KINDS],
        "total": stats["total"],
        "organizations": Organization.objects.count(),
        "recent": recent,
    }
    return render_page(request, "web/home.html", context, json_url=api_url("stats"))
