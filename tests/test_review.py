"""Review decisions, corrections over re-ingest, conflicts, and what the export shows.

Documents are built by hand with confidence values (the generic readers' output is not
needed to decide what is published)."""

import hashlib
import io
import json

import pytest
from django.contrib.auth.models import User

from koryu import records as rec
from koryu.catalog import review
from koryu.catalog.corrections import CONFLICT, ReviewError, parse_value
from koryu.catalog.export import exported_records, write_csv, write_geojson, write_json
from koryu.catalog.importer import import_document
from koryu.catalog.models import Correction, Organization, Record, Tie
from koryu.search.service import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exact_names_only(monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)


def agreement(key="a1", confidence=0.5, date="1959", title="Sapporo and Portland", **kw):
    fields = {
        "kind": "agreement",
        "key": key,
        "title": title,
        "line_start": 2,
        "line_end": 3,
        "date": date,
        "agreement_type": "sister",
        "parties": [
            rec.Party(name="札幌市", role="japanese_party", country="JP"),
            rec.Party(name="Portland", role="foreign_party", country="US"),
        ],
        "confidence": confidence,
        "evidence": {"date": {"confidence": 0.9, "line": 2, "text": date}},
        "language": "en",
    }
    fields.update(kw)
    return rec.Record(**fields)


def document(records, version="v1", specific=False, name="news.html") -> rec.Document:
    return rec.Document(
        name=name,
        sha256=hashlib.sha256(f"{name}:{version}".encode()).hexdigest(),
        format="generic-prose" if not specific else "case-cards",
        language="en",
        records=records,
        line_count=10,
        filetype="html",
        text="News\nSapporo signed a sister city agreement with Portland in 1959.\nEnd\n",
        specific=specific,
    )


def record_hits(q: str) -> list[int]:
    return [h.id for h in search(q).results if h.kind != "organization"]


def row(key="a1") -> Record:
    return Record.objects.get(key=key)


@pytest.fixture
def alice():
    return User.objects.create_user("alice", is_staff=True)


def test_generic_records_are_published_from_the_threshold_up(settings):
    settings.REVIEW_THRESHOLD = 0.8
    report = import_document(
        document(
            [
                agreement("high", confidence=0.8),
                agreement("low", confidence=0.79),
                agreement("unknown", confidence=None),
            ]
        )
    )
    assert {r.key: r.review for r in Record.objects.all()} == {
        "high": "published",
        "low": "proposed",
        "unknown": "proposed",
    }
    assert (report.published, report.proposed) == (1, 2)
    assert (report.filetype, report.language, report.specific) == ("html", "en", False)


def test_threshold_is_a_setting(settings):
    settings.REVIEW_THRESHOLD = 0.4
    import_document(document([agreement(confidence=0.5)]))
    assert row().review == "published"


def test_a_specific_reader_is_always_published(settings):
    settings.REVIEW_THRESHOLD = 0.99
    import_document(document([agreement(confidence=0.1)], specific=True))
    assert row().review == "published"


def test_proposed_records_have_no_ties_until_accepted(alice):
    import_document(document([agreement(confidence=0.2)]))
    assert not Tie.objects.exists()
    review.accept(row(), alice)
    assert Tie.objects.filter(record=row()).count() == 1
    review.reject(row(), alice)
    assert not Tie.objects.exists()


def test_an_accepted_record_stays_published_on_reingest(alice):
    import_document(document([agreement(confidence=0.2)]))
    review.accept(row(), alice)
    import_document(document([agreement(confidence=0.3, title="Sapporo–Portland")], "v2"))
    assert (row().review, row().title) == ("published", "Sapporo–Portland")
    decision = Correction.objects.get(field="review")
    assert (decision.value, decision.user, decision.source_name) == (
        "published",
        alice,
        "news.html",
    )


def test_a_rejected_record_is_not_proposed_again_nor_exported(alice):
    import_document(document([agreement(confidence=0.2), agreement("a2", confidence=0.3)]))
    review.reject(row(), alice, note="not an agreement")
    report = import_document(document([agreement(confidence=0.95), agreement("a2")], "v2"))
    assert row().review == "rejected"
    assert report.proposed == 1 and report.published == 0
    out = io.StringIO()
    write_json(out, exported_records())
    assert [r["id"] for r in json.loads(out.getvalue())["records"]] == [row("a2").pk]


def test_a_correction_survives_reingest(alice):
    import_document(document([agreement(date="1959")]))
    review.correct(row(), {"date": parse_value("date", "昭和34年4月1日")}, alice)
    corrected = row()
    assert (corrected.date, corrected.year, corrected.review) == ("1959-04-01", 1959, "proposed")
    c = Correction.objects.get(field="date")
    assert (c.value, c.document_value, c.user) == ("1959-04-01", "1959", alice)
    # A new version changing something else: the record is rebuilt, the correction laid over.
    import_document(document([agreement(date="1959", title="Sister cities")], "v2"))
    assert (row().date, row().title, row().sort_date.isoformat()) == (
        "1959-04-01",
        "Sister cities",
        "1959-04-01",
    )
    assert not [f for f in row().findings if f["code"] == CONFLICT]


def test_a_changed_document_value_sends_the_record_back_to_review(alice):
    import_document(document([agreement(date="1959", confidence=0.95)]))
    assert row().review == "published"
    review.correct(row(), {"date": "1959-04-01"}, alice)
    review.accept(row(), alice)
    import_document(document([agreement(date="1960", confidence=0.95)], "v2"))
    r = row()
    assert r.review == "proposed"  # nothing silently wins
    assert r.date == "1959-04-01"
    (finding,) = [f for f in r.findings if f["code"] == CONFLICT]
    assert "1959-04-01" in finding["message"] and "1960" in finding["message"]
    assert finding["detail"] == {
        "field": "date",
        "corrected": "1959-04-01",
        "document": "1960",
        "was": "1959",
    }
    assert not record_hits("Portland")  # back in review: not found
    # Accepting keeps the correction against what the document says now.
    review.accept(r, alice)
    assert row().review == "published" and not row().findings
    import_document(document([agreement(date="1960", confidence=0.95, title="T")], "v3"))
    assert (row().review, row().date) == ("published", "1959-04-01")


def test_correcting_a_conflicted_field_settles_it(alice):
    import_document(document([agreement(date="1959")]))
    review.correct(row(), {"date": "1959-04-01"}, alice)
    import_document(document([agreement(date="1960")], "v2"))
    review.correct(row(), {"date": "1960"}, alice)
    assert row().date == "1960" and not row().findings
    assert Correction.objects.filter(field="date").latest("pk").document_value == "1960"


def test_party_corrections_resolve_the_new_name(alice):
    import_document(document([agreement()]))
    review.correct(
        row(),
        {
            "party.2.name": "Portland, Oregon",
            "party.2.country": parse_value("party.2.country", "US"),
        },
        alice,
    )
    names = list(row().parties.values_list("name", "country", "organization__name"))
    assert names[1] == ("Portland, Oregon", "US", "Portland, Oregon")
    assert not Organization.objects.filter(name="Portland").exists()  # orphan removed
    import_document(document([agreement(title="again")], "v2"))
    assert row().parties.all()[1].name == "Portland, Oregon"


@pytest.mark.parametrize(
    "field,text,value",
    [
        ("date", "S34.4.1", "1959-04-01"),
        ("date_end", "1 апреля 1959 г.", "1959-04-01"),
        ("fiscal_year", "平成22年度", "2010"),
        ("fiscal_year", "2007-2009", "2007-2009"),
        ("agreement_type", "friendship", "friendship"),
        ("participants_count", "12", 12),
        ("party.1.country", "中国", "CN"),
        ("party.1.country", "kr", "KR"),
        ("date", "", None),
        ("sectors", "water, culture water", ["water", "culture"]),
        (
            "urls",
            "https://a.example/x\nhttp://b.example",
            ["https://a.example/x", "http://b.example"],
        ),
        ("theme", "  港湾交流 ", "港湾交流"),
        ("theme", "", None),
    ],
)
def test_values_are_read_like_documents(field, text, value):
    assert parse_value(field, text) == value


@pytest.mark.parametrize(
    "field,text",
    [
        ("date", "someday"),
        ("agreement_type", "alliance"),
        ("participants_count", "many"),
        ("party.1.country", "Atlantis"),
        ("sectors", "waterworks"),  # not one of records.SECTORS
        ("urls", "www.example.org"),  # not a web address
        ("extra", "x"),  # not a correctable field
        ("title", ""),
    ],
)
def test_unreadable_values_are_refused(field, text):
    with pytest.raises(ReviewError):
        parse_value(field, text)


def test_export_marks_review_state_and_published_only_leaves_proposed_out():
    import_document(document([agreement("p", confidence=0.9), agreement("q", confidence=0.1)]))
    Organization.objects.update(lat=43.0, lon=141.3)
    out = io.StringIO()
    write_json(out, exported_records())
    records = json.loads(out.getvalue())["records"]
    assert [(r["review"], r["confidence"]) for r in records] == [
        ("published", 0.9),
        ("proposed", 0.1),
    ]
    out = io.StringIO()
    write_json(out, exported_records(published_only=True))
    assert [r["review"] for r in json.loads(out.getvalue())["records"]] == ["published"]
    out = io.StringIO()
    assert write_csv(out, exported_records(published_only=True)) == 1
    assert out.getvalue().splitlines()[0].endswith(",review,confidence")
    assert out.getvalue().splitlines()[1].endswith(",published,0.9")
    out = io.StringIO()
    assert write_geojson(out, exported_records()) == 2
    out = io.StringIO()
    assert write_geojson(out, exported_records(published_only=True)) == 1
    assert json.loads(out.getvalue())["features"][0]["properties"]["review"] == "published"


def test_search_finds_published_records_only(alice):
    import_document(document([agreement(confidence=0.1)]))
    assert record_hits("Portland") == []
    review.accept(row(), alice)
    assert record_hits("Portland") == [row().pk]
    review.reject(row(), alice)
    assert record_hits("Portland") == []


def test_nothing_found_is_reported_with_the_readers_reason():
    doc = document([])
    doc.findings = [rec.Finding("nothing-found", "only a menu and a footer")]
    report = import_document(doc)
    assert report.reason == "only a menu and a footer"
    assert import_document(document([], "v2")).reason.startswith("no table, card or sentence")


def test_read_side_shows_published_records_only(client, alice):
    from koryu.catalog.quality import find_issues
    from koryu.catalog.queries import compute_stats, list_records, stats_data

    import_document(document([agreement("pub", confidence=0.9), agreement("prop", confidence=0.2)]))
    Record.objects.filter(key="prop").update(
        findings=[{"code": "odd", "message": "m", "line": 2, "detail": {}}]
    )
    prop = row("prop")
    assert compute_stats()["records"] == 1
    assert stats_data()["total"] == 1
    assert [r["id"] for r in list_records()["results"]] == [row("pub").pk]
    api = client.get("/api/v1/records").json()
    assert [r["id"] for r in api["results"]] == [row("pub").pk]
    assert api["results"][0]["review"] == "published"
    assert client.get(f"/api/v1/records/{prop.pk}").status_code == 404
    assert client.get(f"/records/{prop.pk}").status_code == 404
    assert client.get(f"/records/{row('pub').pk}").status_code == 200
    assert not [i for i in find_issues() if i.code == "odd"]
    client.force_login(alice)
    assert client.get(f"/records/{prop.pk}").status_code == 200  # staff see it
