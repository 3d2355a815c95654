"""In a real browser (Playwright on Debian's chromium): an editor of 新潟市 signs in, edits
one of its records and sees the change in its history; the same editor is refused on
another city's record; two editors save the same version and the second sees both."""

from __future__ import annotations

import pytest

from edit_catalog import build
from koryu.catalog.models import Record
from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, pytestmark  # noqa: F401


@pytest.fixture
def site(live_server, transactional_db, monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    return live_server.url, build()


def _sign_in(page, url: str, name: str, password: str, then: str) -> None:
    page.goto(f"{url}/accounts/login/?next={then}")
    page.fill("#id_username", name)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}{then}")


def test_editor_edits_sees_history_and_is_refused_elsewhere(site, tmp_path):
    from playwright.sync_api import sync_playwright

    url, cat = site
    own, other = cat["records"]["a"].pk, cat["records"]["c"].pk
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        _sign_in(page, url, "niigata-editor", "pw-niigata-1", f"/records/{own}")
        page.click("a.edit-link")
        page.wait_for_url(f"{url}/records/{own}/edit")
        page.fill("[name='title']", "新潟・ハバロフスク姉妹都市")
        page.fill("[name='date']", "昭和40年7月2日")
        page.fill("[name='note']", "official title")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{url}/records/{own}")
        assert "新潟・ハバロフスク姉妹都市" in page.locator("h1").inner_text()
        page.click(".record-actions a[href$='/history']")
        page.wait_for_url(f"{url}/records/{own}/history")
        newest = page.locator("li.version").first
        text = newest.inner_text()
        assert "niigata-editor" in text and "official title" in text
        assert "1965-07-02" in text and "新潟・ハバロフスク姉妹都市" in text
        page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
        # another city's record: no edit link, and the edit page refuses
        page.goto(f"{url}/records/{other}")
        assert page.locator("a.edit-link").count() == 0
        refused = page.goto(f"{url}/records/{other}/edit")
        assert refused.status == 403
        browser.close()
    row = Record.objects.get(pk=own)
    assert (row.title, row.date, row.version) == ("新潟・ハバロフスク姉妹都市", "1965-07-02", 2)


def test_two_editors_in_conflict(site, tmp_path):
    from playwright.sync_api import sync_playwright

    url, cat = site
    rid = cat["records"]["a"].pk
    edit = f"/records/{rid}/edit"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        first = browser.new_context().new_page()
        second = browser.new_context().new_page()
        for page in (first, second):
            page.set_default_timeout(TIMEOUT_MS)
        _sign_in(first, url, "niigata-editor", "pw-niigata-1", edit)
        _sign_in(second, url, "boss", "pw-boss-1", edit)  # both hold version 1
        first.fill("[name='theme']", "港湾交流")
        first.click("main button[type=submit]")
        first.wait_for_url(f"{url}/records/{rid}")
        second.fill("[name='theme']", "文化交流")
        second.click("main button[type=submit]")
        conflict = second.locator(".conflict-table")
        conflict.wait_for()
        assert "港湾交流" in conflict.locator("td.theirs").inner_text()
        assert "文化交流" in conflict.locator("td.mine").inner_text()
        assert second.input_value("[name='version']") == "2"
        second.screenshot(path=str(tmp_path / "conflict.png"), full_page=True)
        first.goto(f"{url}/records/{rid}")  # nothing overwritten
        assert "港湾交流" in first.locator("main").inner_text()
        assert "文化交流" not in first.locator("main").inner_text()
        # saving again, now on the current version, is the second editor's decision
        second.click("main form.edit-form button[type=submit]")
        second.wait_for_url(f"{url}/records/{rid}")
        browser.close()
    row = Record.objects.get(pk=rid)
    assert (row.theme, row.version) == ("文化交流", 3)


def test_an_editor_adds_and_removes_a_partner(site, tmp_path):
    from playwright.sync_api import sync_playwright

    url, cat = site
    rid = cat["records"]["b"].pk  # 新潟市中央区 – ウラジオストク市
    edit = f"/records/{rid}/edit"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        _sign_in(page, url, "niigata-editor", "pw-niigata-1", edit)
        assert page.locator("[name='party.1.remove']").count() == 0  # the ward's own party
        page.fill("[name='add_party_name']", "ハバロフスク市")
        page.click("button.find-partner")
        candidate = page.locator("fieldset.candidates input[name='add_party_choice']")
        candidate.first.wait_for()
        assert "ハバロフスク市" in page.locator("fieldset.candidates").inner_text()
        candidate.first.check()
        page.check("[name='party.2.remove']")
        page.fill("[name='note']", "partner changed")
        page.click("button.save-party")
        page.wait_for_url(f"{url}/records/{rid}")
        page.goto(f"{url}/records/{rid}/history")
        row = page.locator("li.version").first.locator("tr.parties")
        assert "ウラジオストク市" in row.locator("td.old").inner_text()
        assert "ハバロフスク市" in row.locator("td.new").inner_text()
        page.screenshot(path=str(tmp_path / "parties.png"), full_page=True)
        # restoring version 1 brings the first partner back
        page.click("li#v1 button[type=submit]")
        page.locator("li#v3").wait_for()
        browser.close()
    names = [p.name for p in Record.objects.get(pk=rid).parties.order_by("position")]
    assert names == ["新潟市中央区", "ウラジオストク市"]
