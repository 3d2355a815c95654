"""Data quality: what the readers and the gazetteer flagged, each linked to its source."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from koryu.catalog.queries import quality_findings
from koryu.web.views.page import api_url, render_page


def quality_page(request: HttpRequest) -> HttpResponse:
    return render_page(
        request, "web/quality.html", {"quality": quality_findings()}, json_url=api_url("quality")
    )
