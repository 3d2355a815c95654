"""History pages: a record's versions (with revert), an organization's changes, and the
change feed (/changes as HTML and Atom; /api/v1/changes is its JSON twin)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from koryu.accounts.roles import can_edit_record
from koryu.catalog import editing, history
from koryu.catalog.models import Organization, Record
from koryu.web.views.page import api_url, render_page

FEED_SIZE = 50


def _visible_record(request: HttpRequest, record_id: int) -> Record:
    shown = Record.objects.all() if request.user.is_staff else Record.objects.published()
    row = shown.select_related("source").filter(pk=record_id).first()
    if row is None:
        raise Http404(f"no record with id {record_id}")
    return row


def record_history(request: HttpRequest, record_id: int) -> HttpResponse:
    row = _visible_record(request, record_id)
    context = {
        "row": row,
        "versions": history.record_versions(row.pk),
        "may_revert": can_edit_record(request.user, row),
        "error": request.GET.get("error", ""),
    }
    return render_page(
        request,
        "web/history/record.html",
        context,
        json_url=api_url(f"records/{record_id}/history"),
    )


@require_POST
def revert_record(request: HttpRequest, record_id: int) -> HttpResponse:
    row = _visible_record(request, record_id)
    back = reverse("web:record_history", args=[row.pk])
    try:
        to_version = int(request.POST.get("to_version", ""))
        expected = int(request.POST.get("version", ""))
    except ValueError:
        return redirect(f"{back}?error=version")
    try:
        editing.revert(row.pk, to_version, request.user, expected)
    except editing.NotAllowed as exc:
        return HttpResponse(str(exc), status=403 if request.user.is_authenticated else 401)
    except editing.VersionConflict:
        return redirect(f"{back}?error=conflict")
    except editing.EditError:
        return redirect(f"{back}?error=version")
    return redirect(back)


def organization_history(request: HttpRequest, org_id: int) -> HttpResponse:
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        raise Http404(f"no organization with id {org_id}")
    context = {
        "org": org,
        "own": history.organization_versions(org.pk),
        "records": history.organization_record_changes(org.pk),
    }
    return render_page(request, "web/history/organization.html", context)


def _before(request: HttpRequest) -> dt.datetime | None:
    text = request.GET.get("before", "")
    return parse_datetime(text) if text else None


def feed_entries(request: HttpRequest) -> list[dict]:
    return history.feed(FEED_SIZE, _before(request), edits_only=request.GET.get("edits") == "1")


def changes_page(request: HttpRequest) -> HttpResponse:
    entries = feed_entries(request)
    older = entries[-1]["at"] if len(entries) == FEED_SIZE else None
    params = {"edits": request.GET.get("edits"), "before": request.GET.get("before")}
    return render_page(
        request,
        "web/history/changes.html",
        {"entries": entries, "older": older, "edits": request.GET.get("edits") == "1"},
        json_url=api_url("changes", params),
    )


def _summary(entry: dict) -> str:
    fields = ", ".join(sorted(entry["changes"])) or "-"
    by = entry["user"] or entry["source"] or "?"
    return f"{entry['type']} by {by}: {fields}"


class ChangesFeed(Feed):
    """/changes.atom: the latest changes, for feed readers and other catalogues."""

    feed_type = Atom1Feed
    title = "Koryu: changes"
    link = "/changes"
    subtitle = "The latest changes to records and organizations, from documents and edits."

    def get_object(self, request: HttpRequest, *args, **kwargs):
        return request

    def items(self, request: HttpRequest) -> list[dict]:
        return feed_entries(request)

    def item_title(self, item: dict) -> str:
        return f"{item['title']} ({item['type']})"

    def item_description(self, item: dict) -> str:
        lines = [_summary(item)]
        for name, (old, new) in sorted(item["changes"].items()):
            lines.append(f"{name}: {old!r} → {new!r}")
        return "\n".join(lines)

    def item_link(self, item: dict) -> str:
        if item["object"] == "record":
            return f"/records/{item['id']}/history#v{item['version']}"
        return f"/organizations/{item['id']}/history"

    def item_guid(self, item: dict) -> str:
        return f"koryu:{item['object']}:{item['id']}:{item['at']}"

    def item_pubdate(self, item: dict) -> dt.datetime:
        return dt.datetime.fromisoformat(item["at"])

    def item_author_name(self, item: dict) -> str:
        return item["user"] or item["source"] or "koryu"
