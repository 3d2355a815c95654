"""A new version of a document that would delete records waits for confirmation
(issue 14 item 1): nothing is written, the report names the records, and
``koryu ingest --allow-deletions`` (or a share under KORYU_MAX_DELETE_SHARE) applies it."""

from __future__ import annotations

import json

import pytest

from koryu.catalog.importer import DeletionsHeld, import_document
from koryu.catalog.models import Record, Source
from test_cli import db_url, koryu, seeds  # noqa: F401  (fixtures)
from test_importer import make_document, sample_records

pytestmark = pytest.mark.django_db


def test_a_version_that_deletes_is_held_and_writes_nothing():
    import_document(make_document())
    before = sorted(Record.objects.values_list("key", "title", "content_hash"))
    changed = sample_records()[:1]
    changed[0].title = "水道に関する覚書（改訂）"
    with pytest.raises(DeletionsHeld) as held:
        import_document(make_document(version="v2", records=changed), allow_deletions=False)
    assert held.value.doomed == ["環境協力協定 [card-2]"]
    assert "1 of 2 records" in str(held.value) and "--allow-deletions" in str(held.value)
    assert sorted(Record.objects.values_list("key", "title", "content_hash")) == before
    assert Source.objects.get().sha256 == make_document().sha256  # still the old version


def test_allow_deletions_applies_the_version():
    import_document(make_document())
    report = import_document(
        make_document(version="v2", records=sample_records()[:1]), allow_deletions=True
    )
    assert (report.status, report.deleted) == ("updated", 1)
    assert list(Record.objects.values_list("key", flat=True)) == ["card-1"]


def test_a_share_under_the_limit_deletes_without_asking(settings):
    settings.MAX_DELETE_SHARE = 0.5
    import_document(make_document())
    report = import_document(
        make_document(version="v2", records=sample_records()[:1]), allow_deletions=False
    )
    assert (report.status, report.deleted) == ("updated", 1)  # 1 of 2 is not over half
    import_document(make_document(version="v3", records=sample_records()))
    settings.MAX_DELETE_SHARE = 0.4
    with pytest.raises(DeletionsHeld):
        import_document(
            make_document(version="v4", records=sample_records()[:1]), allow_deletions=False
        )


def test_a_new_document_or_one_that_only_adds_is_never_held():
    import_document(make_document(records=sample_records()[:1]))
    report = import_document(make_document(version="v2"), allow_deletions=False)
    assert (report.status, report.inserted, report.deleted) == ("updated", 1, 0)


def test_cli_holds_a_shortened_document_names_its_records_and_exits_3(seeds, db_url):  # noqa: F811
    koryu("ingest", str(seeds), "--db", db_url)
    before = json.loads(koryu("export", "--format", "json", "--db", db_url).stdout)["records"]
    series = next(seeds.glob("002_*.txt"))
    text = series.read_text(encoding="utf-8")
    # A cut at a row boundary reads as a complete, shorter history: the readers cannot
    # tell, so the deletions must wait.
    lines = text.split("\n")
    last_row = max(i for i, line in enumerate(lines) if line.startswith("第16回\t"))
    del lines[last_row]
    series.write_text("\n".join(lines), encoding="utf-8")
    held = koryu("ingest", str(series), "--db", db_url, check=False)
    assert held.returncode == 3, held.stderr
    assert "held" in held.stderr and "[event:日中地域間交流推進セミナー:16]" in held.stderr
    assert "1 held" in held.stdout and "0 deleted" in held.stdout  # nothing was deleted
    after = json.loads(koryu("export", "--format", "json", "--db", db_url).stdout)["records"]
    assert after == before
    out = koryu("ingest", str(series), "--db", db_url, "--json", check=False)
    doc = json.loads(out.stdout)["documents"][0]
    assert (doc["status"], doc["deleted"], out.returncode) == ("held", 1, 3)
    assert doc["held"] == [h for h in doc["held"] if ":16]" in h]
    applied = koryu("ingest", str(series), "--db", db_url, "--allow-deletions")
    assert "1 deleted" in applied.stdout


def test_cli_half_a_seminar_series_fails_with_its_line(seeds, db_url):  # noqa: F811
    """The issue's probe: half the seminar series saved under its own name."""
    koryu("ingest", str(seeds), "--db", db_url)
    series = next(seeds.glob("002_*.txt"))
    text = series.read_text(encoding="utf-8")
    series.write_text(text[: len(text) // 2], encoding="utf-8")
    result = koryu("ingest", str(series), "--db", db_url, check=False)
    assert result.returncode == 1
    assert f"{series.name}:" in result.stderr and "truncated" in result.stderr
    assert "0 deleted" in result.stdout
