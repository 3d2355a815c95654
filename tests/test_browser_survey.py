"""In a real browser (Playwright on Debian's chromium): the survey workbook round trip. A
reviewer of 新潟市 exports its workbook, the city fills it in (openpyxl), the reviewer
imports it, sees the diff, leaves one row out and accepts the others."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from edit_catalog import build
from koryu.catalog.models import Record
from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, pytestmark  # noqa: F401


@pytest.fixture
def survey_site(live_server, transactional_db, monkeypatch, settings, tmp_path):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    settings.UPLOAD_DIR = tmp_path / "kept"
    return live_server.url, build()


def _fill(data: bytes, a: int, b: int) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book["survey"]
    col = {c.value: c.column for c in sheet[2]}
    rows = {str(r[0].value): r[0].row for r in sheet.iter_rows(min_row=3)}
    sheet.cell(rows[str(a)], col["outcomes"]).value = "港湾の技術協力"
    sheet.cell(rows[str(b)], col["status"]).value = "ended"
    sheet.cell(rows[str(b)], col["date_end"]).value = "令和2年3月31日"
    new = rows["None"]
    for key, value in (("kind", "event"), ("partner", "ハバロフスク市"), ("title", "市民交流会")):
        sheet.cell(new, col[key]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_survey_workbook_round_trip(survey_site, tmp_path):
    from playwright.sync_api import sync_playwright

    url, cat = survey_site
    a, b = cat["records"]["a"].pk, cat["records"]["b"].pk
    niigata = cat["niigata"].pk
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(extra_http_headers={"Accept-Language": "en"})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{url}/accounts/login/?next=/survey/import")
        page.fill("#id_username", "regional-reviewer")
        page.fill("#id_password", "pw-review-1")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{url}/survey/import")
        page.fill("#f-organization", str(niigata))
        page.check("form.survey-export input[name=below]")  # with its ward
        with page.expect_download() as download:
            page.click("form.survey-export button[type=submit]")
        exported = tmp_path / download.value.suggested_filename
        download.value.save_as(exported)
        assert exported.name == f"koryu-survey-{niigata}-region.xlsx"
        # the city fills it in: a new outcome, an agreement ended, a new event
        filled = tmp_path / "niigata-filled.xlsx"
        filled.write_bytes(_fill(exported.read_bytes(), a, b))
        page.set_input_files("#f-workbook", str(filled))
        page.click("form.survey-import button[type=submit]")
        page.wait_for_selector("table.survey-rows")
        page.screenshot(path=str(tmp_path / "survey-diff.png"), full_page=True)
        outcomes = page.locator("table.survey-rows tbody tr .outcome").all_inner_texts()
        assert sorted(outcomes) == ["changed", "ended", "new"]
        changed = page.locator("tr.outcome-changed")
        assert "港湾の技術協力" in changed.inner_text()
        # the reviewer leaves the ending out and accepts the rest
        page.locator("tr.outcome-ended input[name=accept]").uncheck()
        page.click("form.survey-diff button[type=submit]")
        page.wait_for_selector("ul.survey-results")
        results = page.locator("ul.survey-results").inner_text()
        assert "changed" in results and "new" in results and "ended" not in results
        page.screenshot(path=str(tmp_path / "survey-accepted.png"), full_page=True)
        browser.close()
    assert Record.objects.get(pk=a).outcomes == "港湾の技術協力"
    assert Record.objects.get(pk=b).status != "ended"
    made = Record.objects.get(title="市民交流会")
    assert made.kind == "event" and made.source.name.startswith("koryu:survey/")
