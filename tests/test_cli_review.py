"""`koryu review` end to end, in a subprocess, on a fresh database of the suite's kind."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_cli import db_url, koryu  # noqa: F401  (db_url is a fixture)

HERE = Path(__file__).resolve().parent


def ingest_news(db, *args):
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, str(HERE / "review_documents.py"), db, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    return out.stdout.split()


def queue(db):
    return json.loads(koryu("review", "list", "--db", db, "--format", "json").stdout)


def exported(db, *args):
    return json.loads(koryu("export", "--db", db, "--format", "json", *args).stdout)["records"]


@pytest.fixture
def news(db_url):  # noqa: F811
    assert ingest_news(db_url) == ["inserted", "1", "1"]
    return db_url


def test_list_shows_the_proposed_records(news):
    listed = queue(news)
    assert listed["total"] == 1
    (item,) = listed["records"]
    assert {k: item[k] for k in ("kind", "title", "confidence", "source", "line_start")} == {
        "kind": "agreement",
        "title": "Sapporo – Portland",
        "confidence": 0.55,
        "source": "news.html",
        "line_start": 2,
    }
    table = koryu("review", "list", "--db", news, "--source", "news.html", "--limit", "5").stdout
    assert "Sapporo – Portland" in table and "1 record in review" in table
    other = koryu("review", "list", "--db", news, "--source", "other.txt", "--format", "json")
    assert json.loads(other.stdout) == {"total": 0, "records": []}


def test_show_marks_the_evidence_in_the_source_lines(news):
    rid = str(queue(news)["records"][0]["id"])
    text = koryu("review", "show", rid, "--db", news).stdout
    assert "[[1959]]{date}" in text and "[[sister city]]{agreement_type}" in text
    assert "(p. 1, l. 2)" in text
    shown = json.loads(koryu("review", "show", rid, "--db", news, "--format", "json").stdout)
    assert shown["review"] == "proposed" and shown["evidence"]["date"]["text"] == "1959"
    line = next(x for x in shown["lines"] if x["number"] == 2)
    assert line["location"] == "p. 1, l. 2" and line["in_record"]
    marked = {line["text"][s["start"] : s["end"]]: s["fields"] for s in line["spans"]}
    assert marked["1959"] == ["date"] and marked["Portland"] == ["parties.2"]


def test_export_marks_proposed_records_and_published_only_leaves_them_out(news):
    assert sorted(r["review"] for r in exported(news)) == ["proposed", "published"]
    assert [r["review"] for r in exported(news, "--published-only")] == ["published"]
    csv_out = koryu("export", "--db", news, "--format", "csv", "--published-only").stdout
    assert len(csv_out.strip().splitlines()) == 2
    geo = json.loads(koryu("export", "--db", news, "--format", "geojson").stdout)
    assert all(f["properties"]["review"] in ("published", "proposed") for f in geo["features"])


def test_correct_accept_and_reingest(news):
    rid = str(queue(news)["records"][0]["id"])
    out = koryu("review", "correct", rid, "date=昭和34年4月1日", "agreement_type=friendship",
                "party.2.name=Portland, Oregon", "--db", news).stdout  # fmt: skip
    assert "date = 1959-04-01" in out
    koryu("review", "accept", rid, "--db", news, "--note", "checked")
    assert queue(news)["total"] == 0
    assert ingest_news(news, "v2") == ["updated", "2", "0"]
    (record,) = [r for r in exported(news, "--published-only") if r["kind"] == "agreement"]
    assert (record["date"], record["agreement_type"], record["parties"][1]["name"]) == (
        "1959-04-01",
        "friendship",
        "Portland, Oregon",
    )
    # The document changes the corrected date: back to the queue, both values named.
    ingest_news(news, "v3", "1960")
    (item,) = queue(news)["records"]
    shown = json.loads(koryu("review", "show", rid, "--db", news, "--format", "json").stdout)
    (conflict,) = [f for f in shown["findings"] if f["code"] == "correction-conflict"]
    assert "1959-04-01" in conflict["message"] and "1960" in conflict["message"]


def test_reject_keeps_the_record_out_after_reingest(news):
    rid = str(queue(news)["records"][0]["id"])
    koryu("review", "reject", rid, "--db", news, "--note", "not an agreement")
    ingest_news(news, "v2")
    assert queue(news)["total"] == 0
    assert [r["kind"] for r in exported(news)] == ["delegation"]


def test_errors_are_clear(news):
    rid = str(queue(news)["records"][0]["id"])
    bad = koryu("review", "correct", rid, "date=someday", "--db", news, check=False)
    assert bad.returncode == 1 and "cannot read a date in 'someday'" in bad.stderr
    bad = koryu("review", "correct", rid, "colour=red", "--db", news, check=False)
    assert bad.returncode == 1 and "cannot correct 'colour'" in bad.stderr
    bad = koryu("review", "accept", "999999", "--db", news, check=False)
    assert bad.returncode == 1 and "no record with id 999999" in bad.stderr
    bad = koryu("review", "accept", rid, "--as", "nobody", "--db", news, check=False)
    assert bad.returncode == 1 and "no user named 'nobody'" in bad.stderr
    koryu("user", "add", "reader1", "--db", news)
    bad = koryu("review", "accept", rid, "--as", "reader1", "--db", news, check=False)
    assert bad.returncode == 1 and "may not review" in bad.stderr
    assert queue(news)["total"] == 1


def test_a_reviewer_decision_names_the_user(news):
    rid = str(queue(news)["records"][0]["id"])
    koryu("user", "add", "rev", "--db", news)
    koryu("user", "grant", "rev", "--role", "reviewer", "--db", news)
    out = koryu("review", "accept", rid, "--as", "rev", "--db", news, "--note", "ok").stdout
    assert out.startswith("published")
    assert queue(news)["total"] == 0
    shown = json.loads(koryu("review", "show", rid, "--db", news, "--format", "json").stdout)
    assert shown["review"] == "published"
    assert [(c["field"], c["value"], c["user"], c["note"]) for c in shown["corrections"]] == [
        ("review", "published", "rev", "ok")
    ]
