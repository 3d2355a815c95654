"""`koryu ingest` stores documents in batches (one transaction, a savepoint per document,
the search index synced once per batch): a document that fails half-way leaves nothing
behind, the others of its batch are kept and indexed (issue 16 item 1)."""

from __future__ import annotations

import shutil

import pytest
from django.db import connection

from conftest import REPO
from koryu.catalog import importer
from koryu.catalog.importer import ImportFailure, ingest_paths
from koryu.catalog.models import Party, Record, Source
from koryu.search.backends import get_backend
from koryu.search.backends.base import RECORD

pytestmark = pytest.mark.django_db

FIXTURES = REPO / "tests" / "fixtures"
NAMES = ["seminar_north.txt", "network_page_yokohama.txt", "association_hokuriku.txt"]


def _folder(tmp_path):
    for name in NAMES:
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def _indexed() -> set[int]:
    with connection.cursor() as cursor:
        return set(get_backend(connection).indexed_ids(cursor, RECORD))


def test_a_document_failing_after_its_records_were_written_leaves_nothing(tmp_path, monkeypatch):
    real = importer._insert_new

    def failing(new, resolver):
        tied = real(new, resolver)
        name = new[0][0].source.name if new else ""
        if name == NAMES[1]:  # its source, records, parties and their history are written
            assert Record.objects.filter(source__name=NAMES[1]).exists()
            raise ImportFailure(f"{name}: refused after writing")
        return tied

    monkeypatch.setattr(importer, "_insert_new", failing)
    seen = []
    report = ingest_paths([_folder(tmp_path)], progress=lambda d: seen.append(d.document))
    statuses = {d.document: d.status for d in report.documents}
    assert statuses == {NAMES[0]: "inserted", NAMES[1]: "failed", NAMES[2]: "inserted"}
    assert seen == sorted(NAMES)  # every document reported, in order, once committed
    assert set(Source.objects.values_list("name", flat=True)) == {NAMES[0], NAMES[2]}
    published = set(Record.objects.published().values_list("pk", flat=True))
    assert published and _indexed() == published  # the batch's index pass saw both
    # the history written once per batch has the kept documents' rows, not the failed one's
    sources = set(Record.history.values_list("history_source", flat=True))
    sources |= set(Party.history.values_list("history_source", flat=True))
    assert sources == {NAMES[0], NAMES[2]}
    # the failed one goes in next time, and the others are a no-op
    monkeypatch.setattr(importer, "_insert_new", real)
    again = ingest_paths([tmp_path])
    statuses = {d.document: d.status for d in again.documents}
    assert statuses == {NAMES[0]: "unchanged", NAMES[1]: "inserted", NAMES[2]: "unchanged"}
    assert _indexed() == set(Record.objects.published().values_list("pk", flat=True))


def test_a_batch_that_fails_to_update_the_index_is_stored_document_by_document(
    tmp_path, monkeypatch
):
    calls = []
    real = importer._Changes.announce

    def broken(self):
        calls.append(len(self.upserted))
        raise RuntimeError("index pass failed")

    monkeypatch.setattr(importer._Changes, "announce", broken)
    report = ingest_paths([_folder(tmp_path)])
    monkeypatch.setattr(importer._Changes, "announce", real)
    assert calls and calls[0] > 0  # the batch tried, then each document alone
    assert [d.status for d in report.documents] == ["inserted"] * 3
    assert _indexed() == set(Record.objects.published().values_list("pk", flat=True))


def test_batches_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_DOCUMENTS", 2)
    sizes = []
    real = importer._Changes.announce

    def counting(self):
        sizes.append(len({r for r in self.upserted}))
        real(self)

    monkeypatch.setattr(importer._Changes, "announce", counting)
    report = ingest_paths([_folder(tmp_path)])
    assert [d.status for d in report.documents] == ["inserted"] * 3
    assert len(sizes) == 2  # two documents, then one
    assert _indexed() == set(Record.objects.published().values_list("pk", flat=True))
