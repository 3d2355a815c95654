"""In a real browser (Playwright on Debian's chromium): a reviewer adds documents, watches
the upload's progress until the background worker (django-tasks-db's, in a thread here)
has read them, sees what was published, what waits for review and what failed and why,
then rejects the proposed record from the upload and accepts another in /review."""

from __future__ import annotations

import threading

import pytest

from koryu.accounts import grants
from koryu.catalog.importer import import_document
from koryu.catalog.models import Record
from koryu.uploads import worker
from review_documents import news_document
from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, pytestmark  # noqa: F401
from test_uploads import CARDS, JUNK, PROSE


@pytest.fixture
def upload_site(live_server, transactional_db, monkeypatch, settings, tmp_path):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    settings.UPLOAD_DIR = tmp_path / "kept"
    settings.REVIEW_THRESHOLD = 0.99  # what the generic reader finds in the news waits
    import_document(news_document())  # one proposed record already in the queue
    user = grants.add_user("coordinator", password="a long passphrase 42")
    grants.grant(user, "reviewer")
    # 127.0.0.1, as `koryu serve` prints it: the secure session cookie still signs in
    return live_server.url.replace("localhost", "127.0.0.1")


def _files(tmp_path) -> list[str]:
    paths = []
    for name, data in (("cards.txt", CARDS), ("broken.bin", JUNK), ("news.txt", PROSE)):
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    return paths


def test_upload_progress_result_and_review(upload_site, tmp_path):
    from playwright.sync_api import sync_playwright

    url = upload_site
    work = threading.Thread(target=_work)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-GB", extra_http_headers={"Accept-Language": "en"})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{url}/accounts/login/?next=/uploads/new")
        page.fill("#id_username", "coordinator")
        page.fill("#id_password", "a long passphrase 42")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{url}/uploads/new")
        page.set_input_files("#f-files", _files(tmp_path))
        page.click("main form.upload-form button[type=submit]")
        page.wait_for_url(f"{url}/uploads/*")
        upload_url = page.url
        result = page.locator("#upload-result")
        assert result.get_attribute("data-state") == "queued"
        assert page.locator("#upload-result progress").get_attribute("max") == "3"
        assert "0 of 3 documents read" in result.inner_text()
        page.screenshot(path=str(tmp_path / "upload-queued.png"), full_page=True)
        work.start()  # the worker `koryu serve` runs; htmx polls the page meanwhile
        page.locator("#upload-result[data-state=done]").wait_for(timeout=120_000)
        work.join(timeout=120)
        page.screenshot(path=str(tmp_path / "upload-done.png"), full_page=True)
        done = page.locator("#upload-result")
        assert "3 of 3 documents read" in done.inner_text()
        summary = done.locator(".upload-summary").inner_text()
        assert summary.startswith("3 documents: 2 inserted, 0 updated, 0 unchanged, 1 failed")
        inserted = done.locator("tr.outcome-inserted")
        assert inserted.count() == 2
        published = done.locator("ul.published a")
        assert published.count() == 2  # the two cards
        failed = done.locator("tr.outcome-failed")
        assert failed.count() == 1 and "broken.bin" in failed.inner_text()
        proposed = done.locator("ul.proposed a")
        assert proposed.count() >= 1
        first_proposed = proposed.first.get_attribute("href")
        # the record waiting for review: rejected from its review page
        proposed.first.click()
        page.wait_for_url(f"{url}{first_proposed}")
        page.fill("[name='note']", "not an affiliation")
        page.click("button[value=reject]")
        page.wait_for_url(f"{url}/review")
        # the one already in the queue: accepted
        sapporo = page.locator("a", has_text="Sapporo – Portland")
        sapporo.click()
        page.click("button[value=accept]")
        page.wait_for_url(f"{url}/review")
        assert page.locator("a", has_text="Sapporo – Portland").count() == 0
        # back on the upload: a published record opens
        page.goto(upload_url)
        record = page.locator("ul.published a").first
        title = record.inner_text()
        record.click()
        page.wait_for_url(f"{url}/records/*")
        assert title in page.locator("h1").inner_text()
        browser.close()
    rejected = Record.objects.get(pk=published_id(first_proposed))
    assert rejected.review == "rejected"
    assert Record.objects.get(key="s1").review == "published"
    assert Record.objects.filter(source__name="cards.txt", review="published").count() == 2


def _work() -> None:
    """The worker in a thread of its own, which closes its connection when done (else
    PostgreSQL cannot drop the test database)."""
    from django.db import connections

    try:
        worker.run(batch=True, signals=False)
    finally:
        connections.close_all()


def published_id(href: str) -> int:
    return int(href.rstrip("/").rsplit("/", 1)[1])
