"""One upload: the files a person sent at once, where the background ingest is, and what
it gave (the importer's report, the same as ``koryu ingest --json``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

STATES = ("queued", "running", "done", "failed")


class Upload(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=[(s, s) for s in STATES], default="queued")
    # [{"name", "sha256", "size", "path"}]: the files kept, in the order they were sent
    files = models.JSONField(default=list)
    # [{"document", "status": "failed", "error"}]: files refused before ingest (too large, empty)
    refused = models.JSONField(default=list)
    allow_deletions = models.BooleanField(default=False)
    done = models.PositiveIntegerField(default=0)  # files ingested so far
    # {"documents": [DocumentReport.to_dict()], "totals": ImportReport.totals()}
    report = models.JSONField(default=dict)
    error = models.TextField(blank=True)  # why the background ingest itself stopped
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"upload {self.pk} ({self.state}, {len(self.files)} files)"

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def total(self) -> int:
        return len(self.files)

    @property
    def document_count(self) -> int:
        return len(self.files) + len(self.refused)
