"""The background ingest of an upload: Django's tasks framework, queued in the database
(django-tasks-db), run by `koryu worker` or the worker `koryu serve` starts.

The files go through the importer's own path (``ingest_found``, what `koryu ingest`
runs): one transaction per document, so a file that cannot be read leaves the database
as it was, and the report is the one `koryu ingest --json` prints. Progress is written
after every document; a task started again (its worker was stopped mid-way) goes on from
the first document not yet reported."""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from koryu.catalog import history
from koryu.catalog.documents import DocumentPath
from koryu.catalog.importer import DocumentReport, ImportReport, ingest_found
from koryu.catalog.models import Source
from koryu.uploads.models import Upload

log = logging.getLogger(__name__)


def report_of(documents: list[dict]) -> dict:
    """``{"documents", "totals"}`` as `koryu ingest --json` prints them."""
    reports = [DocumentReport(**d) for d in documents]
    return {"documents": documents, "totals": ImportReport(reports).totals()}


def enqueue(upload: Upload) -> None:
    """Queue the upload's ingest once the upload row is committed."""

    def send() -> None:
        result = ingest_upload.enqueue(upload.pk)
        Upload.objects.filter(pk=upload.pk).update(task_id=str(result.id))

    transaction.on_commit(send)


@task()
def ingest_upload(upload_id: int) -> dict:
    return run(upload_id)


def run(upload_id: int) -> dict:
    upload = Upload.objects.select_related("user").get(pk=upload_id)
    if upload.finished:
        return upload.report.get("totals", {})
    documents = list(upload.report.get("documents") or upload.refused)
    already = upload.done
    upload.state, upload.started_at = "running", upload.started_at or timezone.now()
    upload.save(update_fields=["state", "started_at"])

    def progress(doc: DocumentReport) -> None:
        documents.append(doc.to_dict())
        upload.done += 1
        upload.report = report_of(documents)
        upload.save(update_fields=["done", "report"])

    found = [DocumentPath(Path(f["path"]), f["name"]) for f in upload.files[already:]]
    try:
        with history.origin(upload.user, "", "upload"):  # the uploader made these changes
            ingest_found(found, progress=progress, allow_deletions=upload.allow_deletions)
    except Exception as exc:
        log.exception("upload %s stopped", upload_id)
        upload.state, upload.error = "failed", f"{type(exc).__name__}: {exc}"
        upload.finished_at = timezone.now()
        upload.save(update_fields=["state", "error", "finished_at"])
        raise
    upload.report = report_of(documents)
    upload.state, upload.finished_at = "done", timezone.now()
    upload.save(update_fields=["report", "state", "finished_at"])
    forget_unused(upload)
    return upload.report["totals"]


def forget_unused(upload: Upload) -> None:
    """Delete the kept files no record source names (a file that failed, or a copy of a
    document already stored), unless another upload still waits to read them or a held
    version waits for its deletions to be allowed."""
    held = {d["document"] for d in upload.report["documents"] if d["status"] == "held"}
    waiting = {
        f["path"]
        for other in Upload.objects.filter(state__in=("queued", "running")).exclude(pk=upload.pk)
        for f in other.files
    }
    for f in upload.files:
        if f["name"] in held or f["path"] in waiting:
            continue
        if not Source.objects.filter(path=f["path"]).exists():
            Path(f["path"]).unlink(missing_ok=True)
