"""The words of an ingest's report: one line per document and the summary line.

``koryu ingest`` prints them and an upload's result page (koryu.uploads) shows them: one
wording for both, from the importer's ``DocumentReport``/``ImportReport`` totals."""

from __future__ import annotations


def document_line(doc) -> str:
    """What one document gave and where it went: published, in review, or nothing (why)."""
    generic = "" if doc.specific or "generic" in doc.format else "generic"
    about = ", ".join(x for x in (doc.format, generic, doc.filetype, doc.language) if x)
    changes = (
        f"{doc.inserted} inserted, {doc.updated} updated, {doc.unchanged} unchanged, "
        f"{doc.deleted} deleted"
    )
    if doc.reason:
        gone = f" ({doc.deleted} deleted)" if doc.deleted else ""
        return f"{'nothing':<10} {doc.document} ({about}): no records found{gone}: {doc.reason}"
    found = doc.published + doc.proposed
    return (
        f"{doc.status:<10} {doc.document} ({about}): {found} record{'s' * (found != 1)}: "
        f"{doc.published} published, {doc.proposed} in review; {changes}"
    )


def recognised(doc) -> str:
    """A document known under another name: renamed, or a copy not stored twice."""
    if doc.renamed_from:
        return f" (renamed from {doc.renamed_from})"
    if doc.same_as:
        return f" (same content as {doc.same_as}: not stored twice)"
    return ""


def summary_line(t: dict) -> str:
    """The last line of ``koryu ingest``: documents and records by outcome."""
    held = f", {t['held']} held" if t["held"] else ""
    return (
        f"{t['documents']} documents: {t['inserted']} inserted, {t['updated']} updated, "
        f"{t['unchanged']} unchanged, {t['failed']} failed{held}; records: "
        f"{t['records_inserted']} inserted, {t['records_updated']} updated, "
        f"{t['records_unchanged']} unchanged, {t['records_deleted']} deleted; "
        f"{t['records_published']} published, {t['records_proposed']} in review, "
        f"{t['nothing_found']} document{'s' * (t['nothing_found'] != 1)} with nothing found"
    )
