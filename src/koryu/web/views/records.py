"""Record pages: one template per kind, sharing web/records/base.html."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from koryu.catalog.models import Source
from koryu.catalog.queries import record_detail
from koryu.web.excerpts import source_lines
from koryu.web.views.page import api_url, render_page

TEXT_FIELDS = ("purpose", "description", "background", "activities", "outcomes")


def record_page(request: HttpRequest, record_id: int) -> HttpResponse:
    # A record waiting in the review queue is visible to staff only (404 for others).
    record = record_detail(record_id, unpublished=request.user.is_staff)
    source = record["source"]
    stored = Source.objects.filter(pk=source["id"]).values_list("path", flat=True).first()
    excerpt = source_lines(stored or "", source["sha256"], source["line_start"], source["line_end"])
    texts = [(name, record[name]) for name in TEXT_FIELDS if record.get(name)]
    context = {"record": record, "excerpt": excerpt, "texts": texts}
    return render_page(
        request,
        f"web/records/{record['kind']}.html",
        context,
        json_url=api_url(f"records/{record_id}"),
    )
