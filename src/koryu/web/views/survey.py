"""The survey round trip on the web, for reviewers: export a workbook of an organization's
(or a region's) records, import it back filled in, see the diff and accept it row by row
(koryu.catalog.survey does the work)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from koryu.accounts.roles import can_review, can_review_organization
from koryu.catalog import survey
from koryu.catalog.models import Organization
from koryu.uploads import storage
from koryu.web.views.page import render_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(message: str) -> HttpResponse:
    return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")


def _bad(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """?organization=ID: its records; with &below=1, it and every organization under it
    (a prefecture and its municipalities)."""
    region = request.GET.get("below", "") in ("1", "on", "true")
    wanted = request.GET.get("organization", "")
    if not wanted.isdigit():
        return _bad("give ?organization=ID (an organization id; &below=1 for its region)")
    org = Organization.objects.filter(pk=int(wanted)).first()
    if org is None:
        raise Http404(f"no organization with id {wanted}")
    if not can_review_organization(request.user, org):
        return _refused(f"only a reviewer of {org.name} exports its survey")
    data = survey.export_workbook(survey.organizations_of(org, region=region))
    response = HttpResponse(data, content_type=XLSX)
    filename = f"koryu-survey-{org.pk}{'-region' if region else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_form(request: HttpRequest) -> HttpResponse:
    if not can_review(request.user):
        return _refused("only reviewers import survey workbooks")
    errors = {}
    if request.method == "POST":
        sent = request.FILES.get("workbook")
        if sent is None:
            errors["workbook"] = "choose the filled-in workbook (.xlsx)"
        elif getattr(sent, "oversized", False):
            errors["workbook"] = f"larger than {settings.MAX_UPLOAD_BYTES // 1024 // 1024} MB"
        else:
            sha, _, _ = storage.keep(sent)
            name = Path(sent.name or "survey.xlsx").name
            url = reverse("web:survey_import_diff", args=[sha])
            return redirect(f"{url}?{urlencode({'name': name})}")
    return render_page(
        request, "web/survey/import.html", {"errors": errors}, status=400 if errors else 200
    )


def _kept(sha: str) -> Path:
    path = Path(settings.UPLOAD_DIR) / sha[:2] / sha
    if not re.fullmatch(r"[0-9a-f]{64}", sha) or not path.is_file():
        raise Http404("no such workbook: import it again")
    return path


@login_required
@require_http_methods(["GET", "POST"])
def import_diff(request: HttpRequest, sha: str) -> HttpResponse:
    """The workbook's rows against the catalogue; POST ``accept`` (row numbers) writes
    those rows."""
    if not can_review(request.user):
        return _refused("only reviewers import survey workbooks")
    path = _kept(sha)
    name = (request.GET.get("name") or "survey.xlsx")[:200]
    try:
        rows = survey.diff(path.read_bytes(), survey.source_name(name, sha))
    except survey.SurveyError as exc:
        return render_page(
            request, "web/survey/import.html", {"errors": {"workbook": str(exc)}}, status=400
        )
    results = None
    if request.method == "POST":
        numbers = {int(n) for n in request.POST.getlist("accept") if n.isdigit()}
        results = survey.accept(rows, numbers, request.user, name, sha, str(path))
    counts = {}
    for row in rows:
        counts[row.outcome] = counts.get(row.outcome, 0) + 1
    context = {"rows": rows, "name": name, "sha": sha, "counts": counts, "results": results}
    return render_page(request, "web/survey/diff.html", context)
