"""Adding documents on the web: an editor or reviewer sends files; they are kept by their
SHA-256 and ingested in the background (koryu.uploads.tasks); the result page follows the
ingest (htmx polls it while it runs) and then says, per document, what was published, what
waits for review and what failed and why — the lines `koryu ingest` prints."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from koryu.accounts.roles import can_review, can_upload, reviews_everything
from koryu.catalog.importer import DocumentReport
from koryu.catalog.models import Record, Source
from koryu.catalog.summary import document_line, recognised, summary_line
from koryu.uploads import storage, tasks
from koryu.uploads.models import Upload
from koryu.web.views.page import render_page

RECORDS_SHOWN = 50  # per document and review state; the rest are counted


def _refused(message: str) -> HttpResponse:
    return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")


def _limit_mb() -> str:
    return f"{settings.MAX_UPLOAD_BYTES / 1024 / 1024:g}"


@login_required
@require_http_methods(["GET", "POST"])
def new_upload(request: HttpRequest) -> HttpResponse:
    if not can_upload(request.user):
        return _refused("only editors, reviewers and admins add documents")
    from koryu.readers import FILETYPES

    errors: dict[str, str] = {}
    if request.method == "POST":
        sent = request.FILES.getlist("files")
        if not sent:
            errors["files"] = "choose at least one file"
        else:
            upload = _receive(request, sent)
            return redirect(reverse("web:upload", args=[upload.pk]))
    context = {"errors": errors, "limit_mb": _limit_mb(), "filetypes": FILETYPES}
    return render_page(request, "web/uploads/new.html", context, status=400 if errors else 200)


def _receive(request: HttpRequest, sent: list) -> Upload:
    """Keep each file (one over the limit is refused, by name) and queue the ingest."""
    files, refused = [], []
    for f in sent:
        name = f.name or "upload"
        if getattr(f, "oversized", False):
            refused.append(
                {
                    "document": name,
                    "status": "failed",
                    "error": f"{name}: oversized upload: larger than {_limit_mb()} MB, the "
                    "limit (KORYU_MAX_UPLOAD_MB); not kept, nothing stored",
                }
            )
            continue
        sha, path, size = storage.keep(f)
        files.append({"name": name, "sha256": sha, "size": size, "path": str(path)})
    with transaction.atomic():
        upload = Upload.objects.create(
            user=request.user,
            files=files,
            refused=refused,
            state="queued" if files else "done",
            report=tasks.report_of(refused) if not files else {},
        )
        if files:
            tasks.enqueue(upload)
    return upload


def _upload_for(request: HttpRequest, upload_id: int) -> Upload:
    upload = Upload.objects.select_related("user").filter(pk=upload_id).first()
    if upload is None or not (upload.user_id == request.user.pk or request.user.is_staff):
        raise Http404(f"no upload {upload_id} of yours")  # others' uploads are not shown
    return upload


def _records(request: HttpRequest, name: str) -> dict[str, list]:
    """The document's records by review state (published, proposed), the first few."""
    source = Source.objects.filter(name=name).first()
    found: dict[str, list] = {"published": [], "proposed": []}
    if source is None:
        return found
    rows = Record.objects.filter(source=source, review__in=found).order_by("line_start", "pk")
    for state in found:
        shown = list(
            rows.filter(review=state).only("pk", "title", "kind", "review")[:RECORDS_SHOWN]
        )
        for row in shown:
            row.may_review = state == "proposed" and can_review(request.user, row)
        found[state] = shown
    return found


def _documents(request: HttpRequest, upload: Upload) -> list[dict]:
    rows = []
    for d in upload.report.get("documents", []):
        doc = DocumentReport(**d)
        outcome = "nothing" if doc.reason and doc.status != "failed" else doc.status
        rows.append(
            {
                "doc": doc,
                "outcome": outcome,
                "line": doc.error
                if doc.status in ("failed", "held")
                else document_line(doc) + recognised(doc),
                "records": {}
                if outcome in ("failed", "held")
                else _records(request, doc.same_as or doc.document),
            }
        )
    return rows


@login_required
def upload_result(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = _upload_for(request, upload_id)
    totals = upload.report.get("totals")
    context = {
        "upload": upload,
        "documents": _documents(request, upload),
        "totals": totals,
        "summary": summary_line(totals) if totals and upload.finished else "",
        "percent": round(100 * upload.done / upload.total) if upload.total else 100,
        "shown": RECORDS_SHOWN,
        "may_allow_deletions": reviews_everything(request.user),
    }
    if getattr(request, "htmx", False):
        return render_page(request, "web/uploads/_result.html", context)
    return render_page(request, "web/uploads/result.html", context)


def _held_files(upload: Upload) -> list[dict]:
    held = {d["document"] for d in upload.report.get("documents", []) if d["status"] == "held"}
    return [f for f in upload.files if f["name"] in held]


@login_required
@require_http_methods(["POST"])
def allow_deletions(request: HttpRequest, upload_id: int) -> HttpResponse:
    """Ingest the held documents of an upload again, letting them delete the records their
    new version no longer has (what `koryu ingest --allow-deletions` does): a new upload."""
    upload = _upload_for(request, upload_id)
    if not reviews_everything(request.user):
        return _refused("only a reviewer of all organizations or an admin allows deletions")
    files = [f for f in _held_files(upload) if Path(f["path"]).exists()]
    if not files:
        return HttpResponse(
            "nothing of this upload is held", status=400, content_type="text/plain; charset=utf-8"
        )
    with transaction.atomic():
        again = Upload.objects.create(user=request.user, files=files, allow_deletions=True)
        tasks.enqueue(again)
    return redirect(reverse("web:upload", args=[again.pk]))


@login_required
def upload_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's uploads, newest first (staff: everyone's)."""
    uploads = Upload.objects.select_related("user")
    if not request.user.is_staff:
        uploads = uploads.filter(user=request.user)
    return render_page(
        request,
        "web/uploads/list.html",
        {"uploads": uploads[:100], "may_upload": can_upload(request.user)},
    )
