"""A document's identity and which files an ingest reads (issue 14 item 2)."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

from conftest import REPO
from koryu.catalog.documents import iter_documents, read_document_bytes, stated_source
from koryu.catalog.importer import ingest_paths
from koryu.catalog.models import Record, Source
from koryu.readers.base import OversizedDocument, ReaderError

FIXTURES = REPO / "tests" / "fixtures"


def _tree(tmp_path):
    """Two folders with a file of the same name and different content."""
    for folder, fixture in (("north", "seminar_north.txt"), ("ports", "seminar_ports.txt")):
        (tmp_path / "root" / folder).mkdir(parents=True)
        shutil.copy(FIXTURES / fixture, tmp_path / "root" / folder / "seminar.txt")
    return tmp_path / "root"


def test_names_are_paths_relative_to_the_root(tmp_path):
    root = _tree(tmp_path)
    shutil.copy(FIXTURES / "seminar_north.txt", root / "top.txt")
    assert [d.name for d in iter_documents([root])] == [
        "north/seminar.txt",
        "ports/seminar.txt",
        "top.txt",
    ]
    assert [d.name for d in iter_documents([root / "top.txt"])] == ["top.txt"]


@pytest.mark.django_db
def test_two_files_with_one_name_in_two_folders_are_two_documents(tmp_path):
    root = _tree(tmp_path)
    report = ingest_paths([root])
    assert [(d.document, d.status) for d in report.documents] == [
        ("north/seminar.txt", "inserted"),
        ("ports/seminar.txt", "inserted"),
    ]
    assert report.totals()["records_deleted"] == 0
    assert Source.objects.count() == 2
    again = ingest_paths([root])
    assert [d.status for d in again.documents] == ["unchanged", "unchanged"]


@pytest.mark.django_db
def test_a_renamed_document_keeps_its_records(tmp_path):
    root = _tree(tmp_path)
    ingest_paths([root])
    ids = sorted(Record.objects.values_list("pk", flat=True))
    (root / "north" / "seminar.txt").rename(root / "north" / "renamed.txt")
    report = ingest_paths([root])
    moved = next(d for d in report.documents if d.document == "north/renamed.txt")
    assert (moved.status, moved.renamed_from, moved.inserted) == (
        "unchanged",
        "north/seminar.txt",
        0,
    )
    assert sorted(Record.objects.values_list("pk", flat=True)) == ids  # no duplicates
    assert set(Source.objects.values_list("name", flat=True)) == {
        "north/renamed.txt",
        "ports/seminar.txt",
    }


@pytest.mark.django_db
def test_a_copy_beside_the_original_is_not_stored_twice(tmp_path):
    root = _tree(tmp_path)
    shutil.copy(root / "north" / "seminar.txt", root / "copy.txt")
    report = ingest_paths([root])
    copy = next(d for d in report.documents if d.document == "copy.txt")
    first = next(d for d in report.documents if d.document != "copy.txt")
    assert (
        copy.same_as == first.document
        and copy.inserted == 0
        or (first.same_as == copy.document and first.inserted == 0)
    )
    assert Source.objects.count() == 2


def test_hidden_files_and_folders_are_skipped_unless_asked(tmp_path):
    root = _tree(tmp_path)
    (root / ".git" / "objects").mkdir(parents=True)
    shutil.copy(FIXTURES / "seminar_north.txt", root / ".git" / "objects" / "x.txt")
    shutil.copy(FIXTURES / "seminar_north.txt", root / "north" / ".hidden.txt")
    names = [d.name for d in iter_documents([root])]
    assert names == ["north/seminar.txt", "ports/seminar.txt"]
    shown = [d.name for d in iter_documents([root], include_hidden=True)]
    assert ".git/objects/x.txt" in shown and "north/.hidden.txt" in shown


def test_symlinks_are_followed_once(tmp_path):
    root = _tree(tmp_path)
    (root / "link.txt").symlink_to(root / "north" / "seminar.txt")
    (root / "loop").symlink_to(root, target_is_directory=True)  # a folder linking back
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    names = [d.name for d in iter_documents([root])]
    assert names == ["north/seminar.txt", "ports/seminar.txt"]  # the link and loop add nothing
    assert [d.name for d in iter_documents([root / "link.txt", root / "north"])] == ["link.txt"]


def test_dev_zero_is_refused_and_a_bounded_read_stops_at_the_limit(tmp_path):
    with pytest.raises(ReaderError) as err:
        read_document_bytes(os.devnull.replace("null", "zero"), "zero", 1024)
    assert "not a regular file (a character device)" in err.value.reason
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(OversizedDocument):
        read_document_bytes(big, "big.txt", 4096)
    assert read_document_bytes(big, "big.txt", 5000) == b"x" * 5000


def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    outcome = []

    def read():
        try:
            read_document_bytes(fifo, "pipe.txt", 1024)
        except ReaderError as exc:
            outcome.append(exc.reason)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert outcome and "a FIFO" in outcome[0]


def test_a_stated_source_url_is_the_identity():
    assert stated_source(b"# source: https://example.org/a.html\ntext") == (
        "https://example.org/a.html"
    )
    assert stated_source(b"\n\n\n\n\n\n# source: https://late.example/\n") is None
    assert stated_source(b"no statement\n") is None


@pytest.mark.django_db
def test_ingest_names_a_document_by_its_stated_source(tmp_path):
    text = (FIXTURES / "seminar_north.txt").read_text(encoding="utf-8")
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_text(
            f"# source: https://example.org/seminar-{folder}\n{text}", encoding="utf-8"
        )
    report = ingest_paths([tmp_path])
    assert [d.document for d in report.documents] == [
        "https://example.org/seminar-a",
        "https://example.org/seminar-b",
    ]
    assert report.documents[1].same_as == ""  # different bytes: two documents
    assert not report.failed


def test_cli_refuses_dev_zero_and_a_fifo_and_goes_on(tmp_path):
    from test_cli import koryu

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = koryu(
        "ingest",
        "/dev/zero",
        str(fifo),
        str(FIXTURES / "seminar_north.txt"),
        "--db",
        str(tmp_path / "x.sqlite3"),
        check=False,
    )
    assert result.returncode == 1
    assert "zero: not a regular file (a character device)" in result.stderr
    assert "pipe.txt: not a regular file (a FIFO)" in result.stderr
    assert "Traceback" not in result.stderr
    assert "3 documents: 1 inserted, 0 updated, 0 unchanged, 2 failed" in result.stdout
