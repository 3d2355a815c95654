"""Adding documents on the web (issue 15 item 5): files kept by their SHA-256, ingested in
the background through Django's tasks framework and the database queue (django-tasks-db),
by the worker `koryu worker` and `koryu serve` run; a result page that follows the ingest
and then says per document what was published, what waits for review and what failed and
why. Bad files (unknown type, truncated, too large) fail there and change nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from conftest import REPO
from koryu.accounts import grants
from koryu.catalog.models import Record, Source
from koryu.uploads import worker
from koryu.uploads.models import Upload

FIXTURES = REPO / "tests" / "fixtures"
CARDS = (FIXTURES / "case_cards_small.txt").read_bytes()
TRUNCATED = (FIXTURES / "case_cards_truncated.txt").read_bytes()
JUNK = bytes(range(256)) * 40  # no file type Koryu reads
PROSE = "新潟市は1965年にハバロフスク市と姉妹都市提携を結んだ。\n".encode()


@pytest.fixture
def uploads(settings, tmp_path, monkeypatch, client):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the pages' words in English
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    return settings.UPLOAD_DIR


@pytest.fixture
def editor(transactional_db):
    from koryu.catalog.models import Organization

    org = Organization.objects.create(name="金沢市", country="JP")
    user = grants.add_user("kanazawa-editor", password="pw-kanazawa-1")
    grants.grant(user, "editor", org.pk)
    user.refresh_from_db()
    return user


def _files(*named: tuple[str, bytes]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, data) for name, data in named]


def test_upload_is_ingested_by_the_database_worker(client, editor, uploads):
    client.force_login(editor)
    form = client.get("/uploads/new")
    assert form.status_code == 200 and 'type="file"' in form.text
    answer = client.post(
        "/uploads/new",
        {"files": _files(("cards.txt", CARDS), ("broken.bin", JUNK), ("cut.txt", TRUNCATED))},
    )
    upload = Upload.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/uploads/{upload.pk}"
    # queued in the database, not run in the request
    assert upload.state == "queued" and Record.objects.count() == 0
    task = DBTaskResult.objects.get()
    assert str(task.pk) == upload.task_id and task.status == "READY"
    waiting = client.get(f"/uploads/{upload.pk}")
    assert 'hx-trigger="every 1s"' in waiting.text and "0 of 3" in waiting.text
    # the files are kept by their hash before anything is read
    sha = hashlib.sha256(CARDS).hexdigest()
    kept = uploads / sha[:2] / sha
    assert kept.read_bytes() == CARDS

    worker.run(batch=True, signals=False)  # the worker `koryu serve` starts, until idle

    task.refresh_from_db()
    upload.refresh_from_db()
    assert task.status == "SUCCESSFUL" and upload.state == "done" and upload.done == 3
    by_name = {d["document"]: d for d in upload.report["documents"]}
    assert by_name["cards.txt"]["status"] == "inserted"
    assert by_name["cards.txt"]["published"] == 2 == Record.objects.count()
    assert by_name["broken.bin"]["status"] == "failed"
    assert by_name["cut.txt"]["status"] == "failed" and "truncated" in by_name["cut.txt"]["error"]
    # the one document stored names the kept file as its source; the failed ones left
    # nothing behind, and their files are not kept
    assert list(Source.objects.values_list("name", "path")) == [("cards.txt", str(kept))]
    assert sorted(p.name for p in uploads.rglob("*") if p.is_file()) == [sha]
    # the result page: no more polling, the ingest's own lines, the records published
    page = client.get(f"/uploads/{upload.pk}")
    text = page.text
    assert "hx-trigger" not in text
    assert "3 documents: 1 inserted, 0 updated, 0 unchanged, 2 failed" in text
    assert "2 records: 2 published, 0 in review" in text
    for row in Record.objects.all():
        assert f'href="/records/{row.pk}"' in text
    assert "broken.bin" in text and "cut.txt:" in text and "truncated" in text
    # htmx asks for the fragment only
    fragment = client.get(f"/uploads/{upload.pk}", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="upload-result"')
    # history names the uploader
    assert {h.history_user for h in Record.history.all()} == {editor}


def test_a_bad_upload_leaves_the_catalogue_as_it_was(client, editor, uploads, settings):
    client.force_login(editor)
    client.post("/uploads/new", {"files": _files(("cards.txt", CARDS))})
    worker.run(batch=True, signals=False)
    before = sorted(Record.objects.values_list("pk", "version", "title"))
    settings.MAX_UPLOAD_BYTES = len(CARDS) - 1
    client.post(
        "/uploads/new",
        {"files": _files(("cards.txt", CARDS + b"\n"), ("empty.txt", b""), ("x.bin", JUNK[:9]))},
    )
    worker.run(batch=True, signals=False)
    upload = Upload.objects.order_by("-pk").first()
    assert upload.state == "done"
    outcome = {d["document"]: (d["status"], d["error"]) for d in upload.report["documents"]}
    assert outcome["cards.txt"][0] == "failed" and "oversized" in outcome["cards.txt"][1]
    assert outcome["empty.txt"][0] == "failed" and outcome["x.bin"][0] == "failed"
    assert sorted(Record.objects.values_list("pk", "version", "title")) == before
    assert [f["name"] for f in upload.files] == ["empty.txt", "x.bin"]  # not the large one
    page = client.get(f"/uploads/{upload.pk}").text
    assert f"larger than {settings.MAX_UPLOAD_BYTES / 1024 / 1024:g} MB" in page


def test_proposed_records_wait_for_review(client, editor, uploads, settings):
    settings.REVIEW_THRESHOLD = 1.01  # every record a generic reader finds waits
    client.force_login(editor)
    client.post("/uploads/new", {"files": _files(("news.txt", PROSE))})
    worker.run(batch=True, signals=False)
    upload = Upload.objects.get()
    doc = upload.report["documents"][0]
    assert doc["specific"] is False and doc["proposed"] >= 1 and doc["published"] == 0
    page = client.get(f"/uploads/{upload.pk}").text
    assert "Waiting for review" in page and "in review" in page
    assert "/review/" not in page  # an editor does not review: titles, no links


def test_who_may_upload_and_see_the_result(client, editor, uploads):
    page = client.get("/uploads/new")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    nobody = grants.add_user("reader", password="pw-reader-1")
    client.force_login(nobody)
    assert client.get("/uploads/new").status_code == 403
    assert client.post("/uploads/new", {"files": _files(("a.txt", CARDS))}).status_code == 403
    assert Upload.objects.count() == 0
    client.force_login(editor)
    assert client.post("/uploads/new", {}).status_code == 400
    client.post("/uploads/new", {"files": _files(("a.txt", CARDS))})
    upload = Upload.objects.get()
    client.force_login(nobody)
    assert client.get(f"/uploads/{upload.pk}").status_code == 404  # another's upload
    reviewer = grants.add_user("rev", password="pw-rev-1")
    grants.grant(reviewer, "reviewer")
    reviewer.refresh_from_db()
    client.force_login(reviewer)
    assert client.get(f"/uploads/{upload.pk}").status_code == 200
    assert f'href="/uploads/{upload.pk}"' in client.get("/uploads").text


def test_an_interrupted_upload_goes_on_where_it_stopped(client, editor, uploads):
    """A worker killed mid-upload: the next worker on this host takes the task again and
    ingests only the documents not yet reported."""
    client.force_login(editor)
    client.post(
        "/uploads/new", {"files": _files(("cards.txt", CARDS), ("again.txt", CARDS + b"\n"))}
    )
    upload = Upload.objects.get()
    task = DBTaskResult.objects.get()
    # as a worker that died after the first document would have left it
    from koryu.uploads import tasks

    first = Path(upload.files[0]["path"])
    from koryu.catalog.documents import DocumentPath
    from koryu.catalog.importer import ingest_found

    done = ingest_found([DocumentPath(first, "cards.txt")]).documents[0].to_dict()
    Upload.objects.filter(pk=upload.pk).update(
        state="running", done=1, report=tasks.report_of([done])
    )
    task.claim("ghost:999999999:x")  # a worker of another host: left alone
    assert worker.requeue_abandoned() == 0
    import socket

    DBTaskResult.objects.filter(pk=task.pk).update(
        worker_ids=[f"{socket.gethostname()[:40]}:999999999:x"]
    )
    assert worker.requeue_abandoned() == 1
    worker.run(batch=True, signals=False)
    upload.refresh_from_db()
    assert upload.state == "done" and upload.done == 2
    # the first document was not read again (it would say "unchanged")
    assert [d["status"] for d in upload.report["documents"]] == ["inserted", "inserted"]
    assert Record.objects.count() == 4


def test_a_held_version_waits_for_a_reviewer_of_everything(client, editor, uploads):
    """A new version that drops a record is held (nothing stored); an editor cannot let it
    delete, a reviewer of all organizations can, as a new upload of the same file."""
    lines = CARDS.decode().splitlines(keepends=True)
    shorter = "".join(lines[:3] + lines[4:39]).encode()  # the second card left out
    client.force_login(editor)
    client.post("/uploads/new", {"files": _files(("cards.txt", CARDS))})
    worker.run(batch=True, signals=False)
    client.post("/uploads/new", {"files": _files(("cards.txt", shorter))})
    worker.run(batch=True, signals=False)
    held = Upload.objects.order_by("-pk").first()
    assert held.report["documents"][0]["status"] == "held" and Record.objects.count() == 2
    kept = Path(held.files[0]["path"])
    assert kept.exists()  # kept for the decision
    page = client.get(f"/uploads/{held.pk}").text
    assert "would delete 1 of 2 records" in page and 'allow-deletions" method' not in page
    assert client.post(f"/uploads/{held.pk}/allow-deletions").status_code == 403
    boss = grants.add_user("boss", password="pw-boss-1")
    grants.grant(boss, "reviewer")
    boss.refresh_from_db()
    client.force_login(boss)
    assert 'allow-deletions" method' in client.get(f"/uploads/{held.pk}").text
    answer = client.post(f"/uploads/{held.pk}/allow-deletions")
    again = Upload.objects.order_by("-pk").first()
    assert answer["Location"] == f"/uploads/{again.pk}" and again.allow_deletions
    worker.run(batch=True, signals=False)
    again.refresh_from_db()
    doc = again.report["documents"][0]
    assert (doc["status"], doc["deleted"]) == ("updated", 1)
    assert Record.objects.count() == 1
    assert Source.objects.get(name="cards.txt").path == str(kept)
