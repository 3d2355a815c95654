"""Signals the catalog sends so that other apps (search) stay in step without imports back."""

from django.dispatch import Signal

# Sent inside the ingest transaction after a document's records were written.
# kwargs: upserted_ids (list[int]), deleted_ids (list[int]), deleted_organization_ids
# (list[int]: organizations the change left orphaned and removed), organization_ids
# (list[int]: organizations whose names or parent changed; their records too)
records_changed = Signal()
