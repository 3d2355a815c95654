"""The importer: re-runnable, versions replace, failures leave the database as it was."""

import hashlib

import pytest

from koryu import records as rec
from koryu.catalog.importer import ImportFailure, content_hash, import_document, ingest_paths
from koryu.catalog.models import Organization, Party, Record, Source

pytestmark = pytest.mark.django_db


def make_document(name="doc.txt", version="v1", records=None) -> rec.Document:
    records = records if records is not None else sample_records()
    digest = hashlib.sha256(f"{name}:{version}:{len(records)}".encode()).hexdigest()
    return rec.Document(
        name=name,
        sha256=digest,
        format="case-cards",
        language="ja",
        records=records,
        line_count=100,
    )


def sample_records() -> list[rec.Record]:
    return [
        rec.Record(
            kind="agreement",
            key="card-1",
            title="水道に関する覚書",
            line_start=10,
            line_end=30,
            parties=[
                rec.Party(name="北海道札幌市", role="japanese_party", country="JP"),
                rec.Party(name="中華人民共和国遼寧省瀋陽市", role="foreign_party"),
            ],
            date="1990-09-09",
            date_raw="平成2（1990）年9月9日",
            agreement_type="memorandum",
            sectors=["water"],
            contacts=[rec.Contact(department="水道局", phones=["011-000-0000"])],
            urls=["http://example.org/a"],
        ),
        rec.Record(
            kind="agreement",
            key="card-2",
            title="環境協力協定",
            line_start=31,
            line_end=50,
            parties=[
                rec.Party(name="北海道札幌市", role="japanese_party", country="JP"),
                rec.Party(name="大韓民国江原道原州市", role="foreign_party"),
            ],
            date="2007-11-01",
            date_raw="平成19（2007）年11月1日",
            related_keys=["card-1"],
        ),
    ]


def snapshot() -> dict:
    return {
        "sources": list(Source.objects.values_list("name", "sha256").order_by("name")),
        "records": list(Record.objects.values_list("key", "title", "content_hash").order_by("key")),
        "parties": Party.objects.count(),
        "organizations": sorted(Organization.objects.values_list("name", flat=True)),
    }


@pytest.fixture(autouse=True)
def exact_names_only(monkeypatch):
    # These tests are about storage, not place resolution: keep them independent of the
    # gazetteer so a change there cannot break them.
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)


def test_first_import_inserts_everything():
    report = import_document(make_document())
    assert (report.status, report.inserted, report.updated, report.unchanged) == (
        "inserted",
        2,
        0,
        0,
    )
    card = Record.objects.get(key="card-1")
    assert card.source.name == "doc.txt"
    assert (card.line_start, card.line_end) == (10, 30)
    assert card.date == "1990-09-09" and card.date_raw == "平成2（1990）年9月9日"
    assert card.year == 1990
    assert [p.name for p in card.parties.all()] == ["北海道札幌市", "中華人民共和国遼寧省瀋陽市"]
    assert card.contacts.get().phones == ["011-000-0000"]
    assert list(Record.objects.get(key="card-2").related.all()) == [card]


def test_same_organization_in_two_records_is_one_row():
    import_document(make_document())
    assert Organization.objects.filter(name="北海道札幌市").count() == 1
    assert Party.objects.filter(organization__name="北海道札幌市").count() == 2


def test_reimport_same_document_changes_nothing():
    import_document(make_document())
    before = snapshot()
    report = import_document(make_document())
    assert (report.status, report.inserted, report.updated, report.unchanged) == (
        "unchanged",
        0,
        0,
        2,
    )
    assert snapshot() == before


def test_new_version_replaces_what_the_old_one_said():
    import_document(make_document())
    changed = sample_records()[:1]
    changed[0].title = "水道に関する覚書（改訂）"
    changed[0].parties = [rec.Party(name="北海道札幌市", role="japanese_party", country="JP")]
    added = rec.Record(kind="event", key="event-1", title="セミナー", line_start=1, line_end=2)
    report = import_document(make_document(version="v2", records=changed + [added]))
    assert (report.status, report.inserted, report.updated, report.deleted) == ("updated", 1, 1, 1)
    assert sorted(Record.objects.values_list("key", flat=True)) == ["card-1", "event-1"]
    assert Record.objects.get(key="card-1").title.endswith("（改訂）")
    # No orphans: the organizations only the removed records named are gone.
    assert sorted(Organization.objects.values_list("name", flat=True)) == ["北海道札幌市"]
    assert Source.objects.count() == 1


def test_a_new_version_removes_its_orphans_and_their_parents_but_nothing_else():
    from django.db import connection

    from koryu.search.backends import get_backend
    from koryu.search.backends.base import ORGANIZATION

    import_document(make_document())
    province = Organization.objects.create(name="遼寧省", country="CN")
    Organization.objects.filter(name="中華人民共和国遼寧省瀋陽市").update(parent=province)
    by_hand = Organization.objects.create(
        name="手入力の団体"
    )  # no party yet: not an orphan of ingest
    import_document(make_document(name="other.txt", records=sample_records()[1:]))
    assert Organization.objects.filter(pk=by_hand.pk).exists()

    changed = sample_records()[1:]  # v2 no longer names 瀋陽市 (only card-1 did)
    report = import_document(make_document(version="v2", records=changed))
    assert report.deleted == 1
    names = set(Organization.objects.values_list("name", flat=True))
    assert "中華人民共和国遼寧省瀋陽市" not in names and "遼寧省" not in names
    assert {"北海道札幌市", "大韓民国江原道原州市", "手入力の団体"} <= names
    with connection.cursor() as cursor:
        indexed = set(get_backend(connection).indexed_ids(cursor, ORGANIZATION))
    assert indexed <= set(Organization.objects.values_list("pk", flat=True))


def test_unchanged_records_inside_a_new_version_are_counted_unchanged():
    import_document(make_document())
    report = import_document(make_document(version="v2"))
    assert (report.status, report.unchanged, report.updated) == ("updated", 2, 0)


def test_duplicate_keys_fail_and_leave_database_as_it_was():
    import_document(make_document())
    before = snapshot()
    bad = sample_records()
    bad[1].key = "card-1"
    with pytest.raises(ImportFailure, match="card-1"):
        import_document(make_document(version="v2", records=bad))
    assert snapshot() == before


def test_failure_mid_document_rolls_back_the_whole_document():
    import_document(make_document())
    before = snapshot()
    broken = sample_records()
    broken.append(rec.Record(kind="not-a-kind", key="x", title="x", line_start=1, line_end=1))
    with pytest.raises(ImportFailure, match="unknown kind"):
        import_document(make_document(version="v3", records=broken))
    assert snapshot() == before


def test_content_hash_is_stable_and_sensitive():
    a, b = sample_records()[0], sample_records()[0]
    assert content_hash(a) == content_hash(b)
    b.urls.append("http://example.org/b")
    assert content_hash(a) != content_hash(b)


def test_ingest_paths_reports_unreadable_files_without_touching_the_database(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02\xff" * 50)
    report = ingest_paths([tmp_path, tmp_path / "missing.txt"])
    assert [d.status for d in report.documents] == ["failed", "failed", "failed"]
    assert all(d.error for d in report.documents)
    assert "binary.bin" in report.documents[0].error
    assert "missing.txt" in report.documents[2].error
    assert Record.objects.count() == 0 and Source.objects.count() == 0
