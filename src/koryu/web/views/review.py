"""The review queue for signed-in staff: proposed records, each beside its source lines
with the evidence highlighted, and a form to accept, correct or reject it. The actions
are koryu.catalog.review's, the same the `koryu review` command calls."""

from __future__ import annotations

from django.contrib.auth.decorators import user_passes_test
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from koryu.accounts.roles import can_review
from koryu.catalog import review
from koryu.catalog.corrections import ReviewError, parse_value
from koryu.catalog.queries import record_detail
from koryu.records import AGREEMENT_TYPES
from koryu.web.views.page import render_page

PAGE_SIZE = 50
# The fields the form corrects, in its order (party names and countries follow).
FORM_FIELDS = (
    "title", "date", "date_end", "fiscal_year", "agreement_type", "participants_count",
)  # fmt: skip

staff_only = user_passes_test(lambda u: u.is_active and u.is_staff, login_url="/accounts/login/")


@staff_only
def review_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(review.queue(request.GET.get("source") or None), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render_page(request, "web/review.html", {"page": page, "total": paginator.count})


def _row(record_id: int):
    try:
        return review.get_record(record_id)
    except ReviewError:
        raise Http404(f"no record with id {record_id}") from None


def _form_values(detail: dict) -> list[tuple[str, str]]:
    values = [(name, "" if detail.get(name) is None else str(detail[name])) for name in FORM_FIELDS]
    for i, party in enumerate(detail["parties"], 1):
        values.append((f"party.{i}.name", party["name"] or ""))
        values.append((f"party.{i}.country", party["country"] or ""))
    return values


def _changes(request: HttpRequest, detail: dict) -> tuple[dict, list[str]]:
    """The fields the form changed, parsed; and the errors, one per unreadable field."""
    values, errors = {}, []
    for name, current in _form_values(detail):
        if name not in request.POST:
            continue
        sent = request.POST[name].strip()
        if sent == current:
            continue
        try:
            values[name] = parse_value(name, sent)
        except ReviewError as exc:
            errors.append(str(exc))
    return values, errors


@staff_only
@require_http_methods(["GET", "POST"])
def review_record(request: HttpRequest, record_id: int) -> HttpResponse:
    row = _row(record_id)
    errors: list[str] = []
    if request.method == "POST":
        if not can_review(request.user, row):
            return HttpResponseForbidden("you may not review this record")
        action = request.POST.get("action", "")
        note = request.POST.get("note", "").strip()
        detail = record_detail(row.pk, unpublished=True)
        values, errors = _changes(request, detail)
        if not errors and action in ("correct", "accept", "reject"):
            try:
                if values and action != "reject":
                    review.correct(row, values, request.user, note)
                if action == "accept":
                    review.accept(row, request.user, note)
                elif action == "reject":
                    review.reject(row, request.user, note)
            except ReviewError as exc:
                errors.append(str(exc))
            else:
                if action == "correct":
                    return redirect(reverse("web:review_record", args=[row.pk]))
                return redirect(reverse("web:review"))
        elif not errors:
            errors.append("unknown action")
    detail = record_detail(row.pk, unpublished=True)
    context = {
        "record": detail,
        "row": row,
        "lines": review.source_lines(row),
        "evidence": review.evidence_items(row.evidence),
        "form": _form_values(detail),
        "agreement_types": AGREEMENT_TYPES,
        "history": review.history(row),
        "errors": errors,
        "may_review": can_review(request.user, row),
    }
    return render_page(request, "web/review_record.html", context, status=400 if errors else 200)
