"""Write what readers produced into the catalog: re-runnable, one transaction per document.

Importing the same document twice changes nothing (the second run reports every record
unchanged). A new version of a document (same name, new sha256) replaces what the old one
said: records are matched on their key within the document, changed ones are updated,
missing ones deleted, and organizations no longer referenced by anything are removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import multiprocessing as mp
import pickle
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count

from koryu import records as rec
from koryu.catalog import history
from koryu.catalog.changes import announced_by_caller, bump_data_version
from koryu.catalog.corrections import (
    apply_corrections,
    chosen_organizations,
    decision_of,
    latest_corrections,
    review_state,
)
from koryu.catalog.documents import (
    DocumentPath,
    iter_documents,
    read_document_bytes,
    stated_source,
)
from koryu.catalog.faults import connection_lost, describe, with_one_retry
from koryu.catalog.models import Contact, Organization, Party, Record, Series, Source
from koryu.catalog.organizations import OrganizationResolver, delete_orphan_organizations
from koryu.catalog.planner import refresh_planner_statistics
from koryu.catalog.signals import records_changed
from koryu.catalog.ties import write_ties, write_ties_many
from koryu.readers import read_bytes
from koryu.readers.base import NOTHING_FOUND, ReaderError

log = logging.getLogger(__name__)


class ImportFailure(Exception):
    """A document that reads but cannot be stored (e.g. two records with one key)."""


class DeletionsHeld(ImportFailure):
    """A new version would delete records without ``allow_deletions``: nothing is written."""

    def __init__(self, document: str, doomed: list[str], existing: int) -> None:
        self.doomed = doomed
        super().__init__(
            f"{document}: the new version would delete {len(doomed)} of {existing} records "
            f"(held; run `koryu ingest --allow-deletions` to accept): " + "; ".join(doomed)
        )


@dataclass
class DocumentReport:
    document: str
    status: str  # inserted | updated | unchanged | failed
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    findings: int = 0
    error: str = ""
    format: str = ""
    filetype: str = ""
    language: str = ""
    specific: bool = True  # read by a format-specific reader (else a generic one)
    published: int = 0  # records of the document now published / waiting in review
    proposed: int = 0
    # Why nothing was found, when a document that reads yields no record.
    reason: str = ""
    held: list[str] = field(default_factory=list)  # records a held version would delete
    renamed_from: str = ""  # the name the same bytes were stored under before
    same_as: str = ""  # another document, still in place, with the same bytes
    trace: str = field(default="", repr=False)  # an unexpected error's traceback (--debug)

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "trace"}


@dataclass
class ImportReport:
    documents: list[DocumentReport] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def failed(self) -> list[DocumentReport]:
        return [d for d in self.documents if d.status == "failed"]

    @property
    def held(self) -> list[DocumentReport]:
        return [d for d in self.documents if d.status == "held"]

    def totals(self) -> dict[str, int]:
        return {
            "documents": len(self.documents),
            "inserted": self.count("inserted"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "failed": self.count("failed"),
            "held": self.count("held"),
            "records_inserted": sum(d.inserted for d in self.documents),
            "records_updated": sum(d.updated for d in self.documents),
            "records_unchanged": sum(d.unchanged for d in self.documents),
            "records_deleted": sum(d.deleted for d in self.documents if d.status != "held"),
            "records_published": sum(d.published for d in self.documents),
            "records_proposed": sum(d.proposed for d in self.documents),
            "nothing_found": sum(1 for d in self.documents if d.status != "failed" and d.reason),
        }


def iter_document_paths(
    paths: Iterable[str | Path], include_hidden: bool = False
) -> Iterator[Path]:
    """Files as given, and the files inside folders (koryu.catalog.documents)."""
    for found in iter_documents(paths, include_hidden=include_hidden):
        yield found.path


# Documents are stored in batches: one transaction for up to BATCH_DOCUMENTS documents or
# BATCH_SECONDS of work, each document inside its own savepoint (one that fails is rolled
# back alone and the others go on), and the search index brought up to date once per batch
# before it commits. A batch commits whole or not at all (kill -9 loses the batch being
# written, never half a document); documents are reported once their batch committed.
BATCH_DOCUMENTS = 200
BATCH_SECONDS = 2.0


def ingest_paths(
    paths: Iterable[str | Path],
    format: str | None = None,
    progress: Callable[[DocumentReport], None] | None = None,
    allow_deletions: bool = False,
    include_hidden: bool = False,
    jobs: int = 1,
) -> ImportReport:
    """Read and store every document under ``paths``. With ``jobs`` > 1 and enough
    documents, worker processes read (parse, detect, extract) while this process stores,
    in the documents' order: one writer, so SQLite never sees two."""
    found = list(iter_documents(paths, include_hidden=include_hidden))
    return ingest_found(found, format, progress, allow_deletions, jobs)


def ingest_found(
    found: list[DocumentPath],
    format: str | None = None,
    progress: Callable[[DocumentReport], None] | None = None,
    allow_deletions: bool = False,
    jobs: int = 1,
) -> ImportReport:
    """Read and store these documents (each a file and its identity), in their order:
    what ``koryu ingest`` and an upload (koryu.uploads) both do."""
    report = ImportReport()
    resolver = OrganizationResolver()
    known = _unchanged_beforehand(found, format, _missing(resolver))
    pending = iter(_reads(found, format, jobs, known))
    while batch := _store_batch(pending, format, resolver, allow_deletions):
        for result in batch:
            report.documents.append(result)
            if progress:
                progress(result)
    if any(d.status in ("inserted", "updated") for d in report.documents):
        refresh_planner_statistics()
    return report


class _BatchLost(Exception):
    """The connection went away inside a batch: its documents are stored again one by one."""


@dataclass
class _Changes:
    """What the documents of a batch changed, announced once before the batch commits."""

    upserted: set[int] = field(default_factory=set)
    deleted: set[int] = field(default_factory=set)
    organizations: set[int] = field(default_factory=set)

    def add(self, upserted: Iterable[int], deleted: Iterable[int], orgs: Iterable[int]) -> None:
        self.upserted.update(upserted)
        self.deleted.update(deleted)
        self.organizations.update(orgs)

    def announce(self) -> None:
        if self.upserted or self.deleted or self.organizations:
            records_changed.send(
                sender=Record,
                upserted_ids=sorted(self.upserted - self.deleted),
                deleted_ids=sorted(self.deleted),
                deleted_organization_ids=sorted(self.organizations),
            )


def _store_batch(
    pending: Iterator[tuple[object, DocumentRead | None]],
    format: str | None,
    resolver: OrganizationResolver,
    allow_deletions: bool,
) -> list[DocumentReport]:
    """Store the next documents of ``pending`` in one transaction; their reports."""
    first = next(pending, None)
    if first is None:
        return []
    taken = [_read_now(first, format)]
    changes = _Changes()
    store = partial(ingest_path, format=format, resolver=resolver, allow_deletions=allow_deletions)
    try:
        with transaction.atomic(), history.batched():
            deadline = time.monotonic() + BATCH_SECONDS
            results = []
            while True:
                found_doc, read = taken[-1]
                results.append(
                    store(found_doc.path, name=found_doc.name, read=read, changes=changes)
                )
                if len(taken) >= BATCH_DOCUMENTS or time.monotonic() > deadline:
                    break
                following = next(pending, None)
                if following is None:
                    break
                taken.append(_read_now(following, format))
            changes.announce()
        return results
    except Exception as exc:
        # The batch could not begin (a locked file), lost its connection or failed to
        # update the index or commit: nothing of it was kept. Each document again in a
        # transaction of its own, which fails alone and says why.
        log.debug("batch of %d documents not stored (%s): one by one", len(taken), exc)
        if isinstance(exc, _BatchLost) or connection_lost(exc):
            connection.close()
        resolver.clear()
        return [store(found_doc.path, name=found_doc.name, read=read) for found_doc, read in taken]


def _read_now(item: tuple[object, DocumentRead | None], format: str | None):
    """The document with its reading done (here, unless a worker did it already)."""
    found_doc, read = item
    if read is None:
        try:
            name, document = read_path(found_doc.path, found_doc.name, format)
            read = DocumentRead(name, document)
        except Exception as exc:  # reported by ingest_path, as if read there
            exc.koryu_trace = traceback.format_exc()
            read = DocumentRead(found_doc.name, error=exc)
    return found_doc, read


@dataclass
class DocumentRead:
    """What a reader process made of one file: the document, or the error to report."""

    name: str
    document: rec.Document | None = None
    error: BaseException | None = None
    unchanged: DocumentReport | None = None  # known unchanged before reading: not read

    def result(self) -> tuple[str, rec.Document]:
        if self.error is not None:
            raise self.error
        return self.name, self.document


def _reads(
    found: list, format: str | None, jobs: int, known: dict[int, DocumentReport] | None = None
) -> Iterator[tuple[object, DocumentRead | None]]:
    """Each found document with its reading done ahead by a worker (None: read it here);
    those in ``known`` (by position: unchanged, see _unchanged_beforehand) are not read."""
    known = known or {}
    to_read = [f for i, f in enumerate(found) if i not in known]
    # fork is only safe from a process with one thread (a server or a test's live server
    # holding locks would leave them held in the child)
    forkable = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
    if jobs < 2 or len(to_read) < 2 * jobs or not forkable:
        for i, found_doc in enumerate(found):
            yield found_doc, (_known_read(known[i]) if i in known else None)
        return
    from koryu.gazetteer.index import get_gazetteer

    get_gazetteer()  # loaded before the fork: the readers share its pages, not copies
    with mp.get_context("fork").Pool(jobs) as pool:
        tasks = [(f.path, f.name, format) for f in to_read]
        reads = pool.imap(_read_in_worker, tasks, chunksize=1)
        for i, found_doc in enumerate(found):
            yield found_doc, (_known_read(known[i]) if i in known else next(reads))


def _known_read(report: DocumentReport) -> DocumentRead:
    return DocumentRead(report.document, unchanged=report)


def _unchanged_beforehand(
    found: list[DocumentPath], format: str | None, missing: list[str]
) -> dict[int, DocumentReport]:
    """The documents (by position) whose bytes are those already stored under their name,
    with their reports: a re-ingest neither parses nor locks them (reading them was most
    of its time). Only the plain case: a name found twice in this run, a document stored
    without records, one to be read again (degraded) or under another forced format goes
    the whole way."""
    hashed: dict[int, tuple[str, str]] = {}
    for i, found_doc in enumerate(found):
        try:
            data = read_document_bytes(found_doc.path, found_doc.name, settings.MAX_UPLOAD_BYTES)
        except Exception:  # the reading proper reports it
            continue
        name, data = identify(found_doc.name, data)
        hashed[i] = (name, hashlib.sha256(data).hexdigest())
    try:
        sources, counts = _stored_states(hashed)
    except DatabaseError as exc:  # e.g. a lost connection: every document the whole way,
        log.debug("unchanged documents not looked up (%s)", exc)  # which retries it
        if connection_lost(exc):
            connection.close()
        return {}
    seen = Counter(name for name, _ in hashed.values())
    known = {}
    for i, (name, sha256) in hashed.items():
        source = sources.get(name)
        if (
            source is None
            or seen[name] > 1
            or source.sha256 != sha256
            or source.pk not in counts
            or (format is not None and format != source.format)
            or _redo(source, missing)
        ):
            continue
        known[i] = _stored_report(source, counts[source.pk])
    return known


def _stored_states(
    hashed: dict[int, tuple[str, str]],
) -> tuple[dict[str, Source], dict[int, Counter]]:
    """The sources stored under these names, and their records' count by review state."""
    seen = Counter(name for name, _ in hashed.values())
    names = [name for name, _ in hashed.values() if seen[name] == 1]
    sources: dict[str, Source] = {}
    counts: dict[int, Counter] = {}
    for start in range(0, len(names), 500):
        chunk = Source.objects.filter(name__in=names[start : start + 500]).only(
            "name", "sha256", "format", "language", "filetype", "findings"
        )
        sources.update((source.name, source) for source in chunk)
    ids = [source.pk for source in sources.values()]
    for start in range(0, len(ids), 500):
        rows = (
            Record.objects.filter(source_id__in=ids[start : start + 500])
            .order_by()
            .values_list("source_id", "review")
            .annotate(n=Count("pk"))
        )
        for source_id, review, n in rows:
            counts.setdefault(source_id, Counter())[review] = n
    return sources, counts


def _stored_report(source: Source, reviews: Counter) -> DocumentReport:
    """The report of an unchanged document, from what is stored (what reading it again
    would have reported)."""
    return DocumentReport(
        document=source.name,
        status="unchanged",
        unchanged=sum(reviews.values()),
        findings=len(source.findings),
        format=source.format,
        filetype=source.filetype,
        language=source.language,
        specific=_specific(source.format),
        published=reviews.get("published", 0),
        proposed=reviews.get("proposed", 0),
    )


def _specific(format: str) -> bool:
    from koryu.readers import registry

    return any(r.FORMAT == format and r.SPECIFIC for r in registry.readers())


def _read_in_worker(task: tuple[Path, str, str | None]) -> DocumentRead:
    # A forked reader never touches the database: the parent's connection stays its own.
    path, name, format = task
    try:
        name, document = read_path(Path(path), name, format)
        return DocumentRead(name, document)
    except Exception as exc:  # reported by the writer as if read there
        exc.koryu_trace = traceback.format_exc()
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
            exc.koryu_trace = traceback.format_exc()
        return DocumentRead(name, error=exc)


def read_path(path: Path, name: str, format: str | None = None) -> tuple[str, rec.Document]:
    """Read one file: its identity (the stated source or ``name``) and its document."""
    if not path.exists():
        raise ReaderError(str(path), None, "no such file")
    data = read_document_bytes(path, name, settings.MAX_UPLOAD_BYTES)
    name, data = identify(name, data)
    return name, read_bytes(data, name, format, max_bytes=settings.MAX_UPLOAD_BYTES)


def ingest_path(
    path: Path,
    format: str | None = None,
    resolver: OrganizationResolver | None = None,
    allow_deletions: bool = False,
    name: str | None = None,
    read: DocumentRead | None = None,
    changes: _Changes | None = None,
) -> DocumentReport:
    """Read and store one file; ``name`` is its identity (default: the file name).
    ``read`` is the reading already done by a worker process. With ``changes`` (a batch's)
    the caller's transaction holds the document's savepoint and announces its changes."""
    path = Path(path)
    name = name or path.name
    if read is not None and read.unchanged is not None:
        return read.unchanged
    try:
        name, document = read.result() if read is not None else read_path(path, name, format)
        if changes is not None:  # inside a batch: a lost connection ends the batch
            return import_document(
                document,
                path=str(path),
                resolver=resolver,
                allow_deletions=allow_deletions,
                changes=changes,
            )
        return with_one_retry(
            lambda: import_document(
                document, path=str(path), resolver=resolver, allow_deletions=allow_deletions
            ),
            before_retry=resolver.clear if resolver is not None else lambda: None,
        )
    except DeletionsHeld as exc:
        if resolver is not None:
            resolver.clear()
        return DocumentReport(
            document=name,
            status="held",
            deleted=len(exc.doomed),
            error=str(exc),
            held=exc.doomed,
        )
    except (ReaderError, ImportFailure) as exc:
        if resolver is not None:
            resolver.clear()  # its cached rows may have been rolled back
        return DocumentReport(document=name, status="failed", error=str(exc))
    except DatabaseError as exc:
        if resolver is not None:
            resolver.clear()
        if changes is not None and connection_lost(exc):
            raise _BatchLost(str(exc)) from exc
        return DocumentReport(document=name, status="failed", error=f"{name}: {describe(exc)}")
    except Exception as exc:  # a bug, not the document's fault: the batch still goes on
        if resolver is not None:
            resolver.clear()
        return DocumentReport(
            document=name,
            status="failed",
            error=f"{name}: unexpected error ({type(exc).__name__}: {exc}); "
            "run with --debug for the traceback",
            trace=getattr(exc, "koryu_trace", None) or traceback.format_exc(),
        )


def identify(name: str, data: bytes) -> tuple[str, bytes]:
    """A document that states its source (``# source: URL``) is known by that URL; the
    line is blanked so that readers never see it and line numbers stay as they are."""
    url = stated_source(data)
    if url is None:
        return name, data
    lines = data.split(b"\n")
    first = next(i for i, line in enumerate(lines) if stated_source(line) == url)
    lines[first] = b""
    return url, b"\n".join(lines)


def content_hash(record: rec.Record) -> str:
    payload = json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def import_document(
    document: rec.Document,
    path: str = "",
    resolver: OrganizationResolver | None = None,
    allow_deletions: bool = True,
    changes: _Changes | None = None,
) -> DocumentReport:
    """Store one document's records; all or nothing. With ``changes`` the index upkeep
    is left to the caller (once per batch, in the same transaction): what changed is
    added to it once the document's savepoint was released.

    With ``allow_deletions=False`` (what file ingest passes unless told otherwise), a new
    version that would delete records (more than ``settings.MAX_DELETE_SHARE`` of them)
    raises ``DeletionsHeld`` and writes nothing.
    """
    keys = _distinct_keys(document)
    resolver = resolver or OrganizationResolver()
    report = _document_report(document)
    # Every historical row this writes names the document (and whoever ran the ingest).
    # The importer announces its changes itself, inside its transaction (records_changed
    # below; the source's save moves the data version on).
    with (
        _ingest_origin(document),
        # the history rows in bulk: once per batch of documents when inside one (those of
        # a document that fails go with its savepoint), else in the document's transaction
        history.batched(),
        transaction.atomic(),
        history.rolled_back_with(),
        announced_by_caller(),
    ):
        source = Source.objects.select_for_update().filter(name=document.name).first()
        missing = _missing(resolver)
        redo = source is not None and _redo(source, missing)  # every record read again
        known = _already_stored(source, document, path, report, redo)
        if known is not None:
            return known
        is_new = source is None
        if source is not None and not allow_deletions:
            _hold_deletions(source, document)
        source = _save_source(source, document, path, missing)
        upserted, deleted_ids, removed_orgs = _replace_records(
            document, source, keys, resolver, report, redo, is_new
        )
        if changes is None:
            records_changed.send(
                sender=Record,
                upserted_ids=upserted,
                deleted_ids=deleted_ids,
                deleted_organization_ids=removed_orgs,
            )
        report.findings = len(source.findings)
        report.status = "inserted" if is_new else "updated"
    if changes is not None:
        changes.add(upserted, deleted_ids, removed_orgs)
    return report


def _distinct_keys(document: rec.Document) -> list[str]:
    """The records' keys, in order; two records under one key fail the document."""
    keys = [r.key for r in document.records]
    duplicates = sorted(k for k, n in Counter(keys).items() if n > 1)
    if duplicates:
        raise ImportFailure(f"{document.name}: two records share the key {duplicates[0]!r}")
    return keys


def _ingest_origin(document: rec.Document):
    """The history origin of what this ingest writes: the document, and who ran it."""
    by = history.current()
    return history.origin(by.user if by else None, document.name, "ingest")


def _already_stored(
    source: Source | None, document: rec.Document, path: str, report: DocumentReport, redo: bool
) -> DocumentReport | None:
    """The report of a document whose bytes are stored already, or None: it is to be
    written. Under its own name it is unchanged (unless it is to be read again); under a
    new name, bytes stored under another name are that file, moved or copied."""
    if source is not None and source.sha256 == document.sha256 and not redo:
        return _unchanged(report, source)
    twin = _twin(document) if source is None else None
    return None if twin is None else _recognise(twin, document, path, report)


def _unchanged(report: DocumentReport, source: Source) -> DocumentReport:
    """The same bytes as stored: nothing written, the stored records counted."""
    report.unchanged = source.records.count()
    report.findings = len(source.findings)
    _count_review_states(report, source)
    return report


def _twin(document: rec.Document) -> Source | None:
    """A stored source with the same bytes under another name (a moved or copied file)."""
    if "://" in document.name:
        return None  # a stated source is explicit
    return _same_bytes_elsewhere(document)


def _replace_records(
    document: rec.Document,
    source: Source,
    keys: list[str],
    resolver: OrganizationResolver,
    report: DocumentReport,
    redo: bool,
    is_new: bool = False,
) -> tuple[list[int], list[int], list[int]]:
    """Write the new version's records and delete those it no longer has, with the
    organizations left without a party: (written ids, deleted ids, removed organizations).
    A source stored just now (``is_new``) has no records, links or deletions to look up."""
    existing = {} if is_new else {r.key: r for r in source.records.all()}
    corrections = latest_corrections(document.name, keys)
    by_key, upserted, released = _write_records(
        document, source, existing, resolver, report, corrections, redo
    )
    if not is_new or any(r.related_keys for r in document.records):
        _link_related(document, by_key)
    deleted_ids, removed_orgs = (
        _delete_gone(list(existing.values()), released) if existing or released else ([], [])
    )
    report.deleted = len(deleted_ids)
    # what the source holds now: the rows by key (the others were deleted)
    reviews = Counter(row.review for row in by_key.values())
    report.published, report.proposed = reviews["published"], reviews["proposed"]
    return upserted, deleted_ids, removed_orgs


def _delete_gone(gone: list[Record], released: set[int]) -> tuple[list[int], list[int]]:
    """Delete the records a new version no longer has, then the organizations left without
    a party among those that lost one: (deleted record ids, deleted organization ids)."""
    deleted_ids = [r.pk for r in gone]
    released.update(
        Party.objects.filter(record_id__in=deleted_ids).values_list("organization_id", flat=True)
    )
    Record.objects.filter(pk__in=deleted_ids).delete()
    return deleted_ids, delete_orphan_organizations(released)


def _write_records(
    document: rec.Document,
    source: Source,
    existing: dict[str, Record],
    resolver: OrganizationResolver,
    report: DocumentReport,
    corrections: dict,
    redo: bool,
) -> tuple[dict[str, Record], list[int], set[int]]:
    """Write the document's new and changed records (every one when ``redo``), taking
    each one still there out of ``existing``: (rows by key, written ids, organizations
    that lost a party and may be orphans now)."""
    by_key: dict[str, Record] = {}
    released: set[int] = set()
    tied: list[tuple[Record, list[Party]]] = []  # ties are written once per document
    new: list[tuple[Record, rec.Record, dict]] = []  # inserted together after the loop
    for record in document.records:
        digest = content_hash(record)
        row = existing.pop(record.key, None)
        if row is not None and row.content_hash == digest and not redo:
            report.unchanged += 1
            by_key[record.key] = row
            continue
        if row is None:
            row = Record(source=source, key=record.key)
            report.inserted += 1
        else:
            report.updated += 1
            released.update(row.parties.values_list("organization_id", flat=True))
        corrected = corrections.get(record.key, {})
        row.review = _review_and_correct(document, record, corrected)
        _fill_record(row, record, digest)
        by_key[record.key] = row
        if row.pk is None:
            new.append((row, record, corrected))
        else:
            tied.append(_rewrite_changed(row, record, corrected, resolver))
    tied += _insert_new(new, resolver)
    write_ties_many(tied)
    return by_key, [row.pk for row, _ in tied], released


def _rewrite_changed(
    row: Record, record: rec.Record, corrected: dict, resolver: OrganizationResolver
) -> tuple[Record, list[Party]]:
    """A new version of a stored record: the row, then its parties and contacts anew."""
    row.save()
    # after the record's new version, so that the history reads the old parties as the
    # old version's and the new ones as the new version's
    row.parties.all().delete()
    row.contacts.all().delete()
    known = organizations_by_id(chosen_organizations(corrected))
    parties = _write_parties(row, record, resolver, known)
    _write_contacts(row, record)
    return row, parties


def _insert_new(
    new: list[tuple[Record, rec.Record, dict]], resolver: OrganizationResolver
) -> list[tuple[Record, list[Party]]]:
    """A document's new records in one insert per table, with the history their saves
    would have written: a statement per record was most of an ingest's database time
    (each compiled by the ORM anew)."""
    if not new:
        return []
    rows = [row for row, _, _ in new]
    Record.objects.bulk_create(rows)
    history.bulk_created(rows)
    parties = [
        _party_rows(row, record, resolver, organizations_by_id(chosen_organizations(corrected)))
        for row, record, corrected in new
    ]
    every_party = [party for own in parties for party in own]
    Party.objects.bulk_create(every_party)
    history.bulk_created(every_party)
    Contact.objects.bulk_create(
        contact for row, record, _ in new for contact in _contact_rows(row, record)
    )
    return list(zip(rows, parties, strict=True))


def _review_and_correct(document: rec.Document, record: rec.Record, corrections: dict) -> str:
    """Lay people's corrections over what the document says (conflicts become findings
    on the record) and return its review state (koryu.catalog.corrections)."""
    conflicts = apply_corrections(record, corrections)
    record.findings.extend(conflicts)
    return review_state(document, record, decision_of(corrections), bool(conflicts))


NOTHING_FOUND_DEFAULT = (
    "no table, card or sentence naming an agreement, network, event, delegation or program"
)


def _document_report(document: rec.Document) -> DocumentReport:
    report = DocumentReport(
        document=document.name,
        status="unchanged",
        format=document.format,
        filetype=document.filetype,
        language=document.language,
        specific=document.specific,
    )
    if not document.records:
        said = next((f.message for f in document.findings if f.code == NOTHING_FOUND), "")
        report.reason = said or NOTHING_FOUND_DEFAULT
    return report


def _count_review_states(report: DocumentReport, source: Source) -> None:
    counts = dict(
        source.records.order_by()
        .values_list("review")
        .annotate(n=Count("pk"))
        .values_list("review", "n")
    )
    report.published = counts.get("published", 0)
    report.proposed = counts.get("proposed", 0)


def _same_bytes_elsewhere(document: rec.Document) -> Source | None:
    return (
        Source.objects.select_for_update()
        .filter(sha256=document.sha256)
        .exclude(name=document.name)
        .order_by("pk")
        .first()
    )


def _recognise(
    twin: Source, document: rec.Document, path: str, report: DocumentReport
) -> DocumentReport:
    """The same bytes under a new name: a file moved (its old path is gone) takes its
    records along; a copy beside the original is not stored twice."""
    report.unchanged = twin.records.count()
    report.findings = len(twin.findings)
    if twin.path and Path(twin.path).exists():
        report.same_as = twin.name
        return report
    report.renamed_from = twin.name
    twin.name, twin.path = document.name, path
    twin.save(update_fields=["name", "path"])
    return report


def _hold_deletions(source: Source, document: rec.Document) -> None:
    """Refuse a version that drops more than the allowed share of the records stored.

    A truncated file saved under its own name looks exactly like a new version that
    removed records; only a person can tell the two apart, so deletions wait for them.
    """
    kept = {r.key for r in document.records}
    stored = list(source.records.values_list("key", "title"))
    doomed = [f"{title or key} [{key}]" for key, title in stored if key not in kept]
    if doomed and len(doomed) > settings.MAX_DELETE_SHARE * len(stored):
        raise DeletionsHeld(document.name, sorted(doomed), len(stored))


# A document read while the gazetteer or the dictionary was missing carries this finding
# and is read again by the next ingest that has them, even if its bytes are the same.
DEGRADED = "degraded-ingest"


def _missing(resolver: OrganizationResolver) -> list[str]:
    from koryu.search.analysis import dictionary_available

    return [*getattr(resolver, "missing", []), *([] if dictionary_available() else ["dictionary"])]


def _redo(source: Source, missing: list[str]) -> bool:
    """A document marked degraded, now that what was missing is there again."""
    marked = [f for f in source.findings if f.get("code") == DEGRADED]
    return bool(marked) and not any(m in missing for f in marked for m in f["detail"]["missing"])


def _save_source(
    source: Source | None, document: rec.Document, path: str, missing: list[str] = ()
) -> Source:
    findings = [f.__dict__ for f in document.findings]
    if missing:
        log.error("%s read without %s: marked, to be read again", document.name, missing)
        findings.append(
            {
                "code": DEGRADED,
                "message": f"read without the {' and the '.join(missing)}: parties matched by"
                " exact name, spelling variants missing; the next ingest reads it again",
                "line": None,
                "detail": {"missing": list(missing)},
            }
        )
    for record in document.records:
        for f in record.findings:
            findings.append({**f.__dict__, "record_key": record.key})
    source = source or Source(name=document.name)
    source.sha256 = document.sha256
    source.format = document.format
    source.language = document.language
    source.encoding = document.encoding
    source.line_count = document.line_count
    source.path = path
    source.findings = findings
    source.filetype = document.filetype
    source.text = document.text
    source.locations = document.locations
    if path and Path(path).exists():
        source.size = Path(path).stat().st_size
    source.save()
    return source


def sort_key_date(record: rec.Record) -> dt.date | None:
    """First day of the record's date, range start, or fiscal year (for sorting and charts)."""
    iso = record.date or record.date_start
    if not iso and record.fiscal_year:
        head = record.fiscal_year.split("-")[0]
        iso = f"{head}-04" if head else None
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1] or 1, parts[2] or 1)
    except ValueError:
        return None


_SCALAR_FIELDS = (
    "kind", "title", "line_start", "line_end", "language", "date_raw", "fiscal_year_raw",
    "sectors", "theme", "subthemes", "place", "participants_count", "participants_breakdown",
    "accompanying_count", "purpose", "description", "background", "activities", "outcomes",
    "urls", "relisted", "edition", "programme", "builds_on", "extra",
)  # fmt: skip


def _fill_record(row: Record, record: rec.Record, digest: str) -> None:
    if record.kind not in rec.KINDS:
        raise ImportFailure(f"record {record.key!r} has an unknown kind {record.kind!r}")
    for name in _SCALAR_FIELDS:
        setattr(row, name, getattr(record, name))
    row.date = record.date or ""
    row.date_start = record.date_start or ""
    row.date_end = record.date_end or ""
    row.fiscal_year = record.fiscal_year or ""
    row.agreement_type = record.agreement_type or ""
    row.status = record.status or ""
    row.findings = [f.__dict__ for f in record.findings]
    row.sort_date = sort_key_date(record)
    row.year = row.sort_date.year if row.sort_date else None
    row.series = Series.objects.get_or_create(name=record.series)[0] if record.series else None
    row.content_hash = digest
    row.version = row.version + 1 if row.pk else 1
    row.confidence = record.confidence
    row.evidence = record.evidence


def _write_parties(
    row: Record,
    record: rec.Record,
    resolver: OrganizationResolver,
    known: list[Organization | None] | None = None,
    only: list[int] | None = None,
) -> list[Party]:
    """``known``: per party, the organization a person chose (None: ask the resolver);
    ``only``: the positions to write (default all)."""
    parties = _party_rows(row, record, resolver, known, only)
    Party.objects.bulk_create(parties)
    history.bulk_created(parties)
    return parties


def _party_rows(
    row: Record,
    record: rec.Record,
    resolver: OrganizationResolver,
    known: list[Organization | None] | None = None,
    only: list[int] | None = None,
) -> list[Party]:
    """The record's parties as rows, each with its organization (not written yet)."""
    parties = []
    for position, party in enumerate(record.parties):
        if only is not None and position not in only:
            continue
        chosen = known[position] if known and position < len(known) else None
        organization: Organization = chosen or resolver.organization_for(party, record)
        parties.append(
            Party(
                record=row,
                organization=organization,
                name=party.name,
                role=party.role,
                country=party.country or organization.country or "",
                count=party.count,
                accompanying=party.accompanying,
                note=party.note,
                date_start=party.date_start or "",
                date_start_raw=party.date_start_raw,
                date_end=party.date_end or "",
                date_end_raw=party.date_end_raw,
                position=position,
            )
        )
    return parties


def organizations_by_id(ids: list[int | None] | None) -> list[Organization | None] | None:
    """The organizations a person chose for the parties (None where the resolver decides,
    or where the organization chosen is gone)."""
    if ids is None:
        return None
    found = Organization.objects.in_bulk([i for i in ids if i])
    return [found.get(i) if i else None for i in ids]


def _write_contacts(row: Record, record: rec.Record) -> None:
    Contact.objects.bulk_create(_contact_rows(row, record))


def _contact_rows(row: Record, record: rec.Record) -> list[Contact]:
    return [
        Contact(
            record=row,
            organization_name=c.organization,
            department=c.department,
            phones=c.phones,
            faxes=c.faxes,
            emails=c.emails,
            position=i,
        )
        for i, c in enumerate(record.contacts)
    ]


def _link_related(document: rec.Document, by_key: dict[str, Record]) -> None:
    # Links are symmetrical: a record listed by either side is related to the other.
    edges: dict[int, set[int]] = {row.pk: set() for row in by_key.values()}
    for record in document.records:
        a = by_key[record.key].pk
        for key in record.related_keys:
            if key in by_key and by_key[key].pk != a:
                edges[a].add(by_key[key].pk)
                edges[by_key[key].pk].add(a)
    # what is stored now, in one query (a record new in this run has no links yet)
    through = Record.related.through
    stored: dict[int, set[int]] = {pk: set() for pk in edges}
    ids = list(edges)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        links = through.objects.filter(from_record_id__in=chunk)
        for a, b in links.values_list("from_record_id", "to_record_id"):
            stored[a].add(b)
    for row in by_key.values():
        if stored[row.pk] != edges[row.pk]:
            row.related.set(edges[row.pk])


def rewrite_record(
    row: Record, record: rec.Record, organizations: list[Organization | None] | None = None
) -> None:
    """Store ``record`` (a reviewer's correction of ``row``) through the importer's own
    path: fields, parties, ties, orphaned organizations and the index signal. The row
    keeps its content hash (what the document said, so an unchanged document still
    skips it). With ``organizations`` (a list of parties was corrected: one added or
    removed) the parties become those of ``record``, each at the organization chosen for
    it; without, the parties stay and parties whose name and country are unchanged keep
    their organization."""
    resolver = OrganizationResolver()
    with transaction.atomic(), announced_by_caller():
        _fill_record(row, record, row.content_hash)
        row.save()  # before the parties: the history reads them as this version's
        if organizations is None:
            parties, released = _correct_parties(row, record, resolver)
        else:
            parties, released = _replace_parties(row, record, resolver, organizations)
        write_ties(row, parties)
        removed = delete_orphan_organizations(released)
        bump_data_version([row.source_id])
        records_changed.send(
            sender=Record, upserted_ids=[row.pk], deleted_ids=[], deleted_organization_ids=removed
        )


def _correct_parties(
    row: Record, record: rec.Record, resolver: OrganizationResolver
) -> tuple[list[Party], set[int]]:
    """The same parties with corrected names, countries and dates: (parties, the
    organizations a party left)."""
    parties = list(row.parties.all())
    released: set[int] = set()
    for old, new in zip(parties, record.parties, strict=True):
        dates = (new.date_start or "", new.date_end or "")
        if dates != (old.date_start, old.date_end):  # a member joined or left
            old.date_start, old.date_end = dates
            old.save(update_fields=["date_start", "date_end"])
        country = new.country or ""
        if old.name == new.name and (not country or country == old.country):
            continue
        organization = resolver.organization_for(new, record)
        if organization.pk != old.organization_id:
            released.add(old.organization_id)
        old.name = new.name
        old.country = country or organization.country or ""
        old.organization = organization
        old.save(update_fields=["name", "country", "organization"])
    return parties, released


def _replace_parties(
    row: Record,
    record: rec.Record,
    resolver: OrganizationResolver,
    organizations: list[Organization | None],
) -> tuple[list[Party], set[int]]:
    """A party kept (same name, role and organization) keeps its row, moved to its new
    place; the others are deleted or written anew: (parties, the organizations a party
    left)."""
    unused = list(row.parties.all())
    kept: dict[int, Party] = {}
    for position, (party, organization) in enumerate(
        zip(record.parties, organizations, strict=True)
    ):
        same = next(
            (
                p
                for p in unused
                if (p.name, p.role) == (party.name, party.role)
                and (organization is None or p.organization_id == organization.pk)
            ),
            None,
        )
        if same is not None:
            unused.remove(same)
            kept[position] = same
    released = {p.organization_id for p in unused}
    Party.objects.filter(pk__in=[p.pk for p in unused]).delete()
    for position, party in kept.items():
        new = record.parties[position]
        party.position, party.country = position, new.country or party.country
        party.date_start, party.date_end = new.date_start or "", new.date_end or ""
        party.save(update_fields=["position", "country", "date_start", "date_end"])
    added = [i for i in range(len(record.parties)) if i not in kept]
    fresh = _write_parties(row, record, resolver, organizations, only=added)
    parties = sorted([*kept.values(), *fresh], key=lambda p: p.position)
    return parties, released - {p.organization_id for p in parties}


def insert_record(
    source: Source,
    record: rec.Record,
    organizations: list[Organization | None] | None = None,
    review: str = "published",
) -> Record:
    """Store a record a person made (no document behind it) through the importer's own
    path: fields, parties (``organizations`` as chosen, the resolver for the others),
    contacts, ties and the index signal."""
    resolver = OrganizationResolver()
    with transaction.atomic():
        row = Record(source=source, key=record.key, review=review)
        _fill_record(row, record, content_hash(record))
        row.save()
        write_ties(row, _write_parties(row, record, resolver, organizations))
        _write_contacts(row, record)
        records_changed.send(
            sender=Record, upserted_ids=[row.pk], deleted_ids=[], deleted_organization_ids=[]
        )
    return row
