"""Index upkeep hooked to the catalog's change signal.

The catalog sends ``records_changed`` inside the ingest transaction, so the index is
written in the same transaction: an ingest that fails leaves the index as it was. Every
other write reaches it through koryu.catalog.changes, once its transaction commits.
"""

from django.dispatch import receiver

from koryu.catalog.signals import records_changed


@receiver(records_changed, dispatch_uid="koryu.search.sync_after_ingest")
def update_index(
    sender,
    upserted_ids=(),
    deleted_ids=(),
    deleted_organization_ids=None,
    organization_ids=(),
    **kwargs,
):
    from koryu.search.index import reindex_organizations, sync_after_ingest

    gone = None if deleted_organization_ids is None else list(deleted_organization_ids)
    sync_after_ingest(list(upserted_ids), list(deleted_ids), gone)
    if organization_ids:  # renamed, new names, another parent: they and their records
        reindex_organizations(organization_ids)
