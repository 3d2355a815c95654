"""A staff user signs in, opens a proposed record, sees the highlighted evidence, corrects
the date and accepts it: in a real browser (Playwright on Debian's chromium)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from koryu.accounts.grants import grant
from koryu.catalog.importer import import_document
from koryu.catalog.models import Correction, Record
from review_documents import news_document
from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, pytestmark  # noqa: F401


@pytest.fixture
def queue_site(live_server, transactional_db, monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    import_document(news_document())
    user = User.objects.create_user("reviewer", password="a long passphrase 42")
    grant(user, "reviewer")
    return live_server.url, Record.objects.get(key="s1").pk


def test_staff_corrects_and_accepts_a_proposed_record(queue_site, tmp_path):
    from playwright.sync_api import sync_playwright

    url, rid = queue_site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{url}/review")
        assert "/accounts/login/" in page.url  # sent to sign in
        page.fill("#id_username", "reviewer")
        page.fill("#id_password", "a long passphrase 42")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{url}/review")
        page.click(f"a[href='/review/{rid}']")
        page.wait_for_url(f"{url}/review/{rid}")
        mark = page.locator("mark.evidence[data-fields='date']")
        assert mark.inner_text() == "1959" and mark.is_visible()
        assert page.locator("mark.evidence").count() == 4
        page.screenshot(path=str(tmp_path / "review-record.png"), full_page=True)
        page.fill("[name='date']", "1959-04-01")
        page.click("button[value=correct]")
        page.wait_for_url(f"{url}/review/{rid}")
        assert page.input_value("[name='date']") == "1959-04-01"
        page.click("button[value=accept]")
        page.wait_for_url(f"{url}/review")
        assert "Sapporo" not in page.locator("main").inner_text()
        browser.close()
    row = Record.objects.get(pk=rid)
    assert (row.review, row.date) == ("published", "1959-04-01")
    assert Correction.objects.get(field="date").user.username == "reviewer"
