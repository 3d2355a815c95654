"""The survey round trip (issue 15 item 6): a reviewer exports a workbook of an
organization's (or a region's) records, the municipality fills it in (openpyxl here),
the import shows new / changed / unchanged / ended rows to accept one by one, and the
accepted rows are written through the edit path with the workbook as their source."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from edit_catalog import build
from koryu.catalog import editing, survey
from koryu.catalog.models import Correction, Record


@pytest.fixture
def cat(db, settings, tmp_path, monkeypatch, client):
    settings.UPLOAD_DIR = tmp_path / "kept"
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    found = build()
    a = found["records"]["a"]
    # a title that a spreadsheet would run as a formula
    Record.objects.filter(pk=a.pk).update(title='=HYPERLINK("http://x")')
    found["event"] = editing.create(
        "event",
        found["niigata"].pk,
        editing.PartnerChoice("ハバロフスク市"),
        {"title": "日露交流会", "date": "2019-08-01"},
        found["users"]["admin"],
    )
    return found


def _export(client, **query) -> bytes:
    answer = client.get("/survey/export", query)
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    return answer.content


def _rows(sheet) -> dict[str, int]:
    """record id -> row number; blank rows under 'new'."""
    header = [c.value for c in sheet[2]]
    found: dict[str, int] = {}
    for cells in sheet.iter_rows(min_row=3):
        rid = cells[header.index("record_id")].value
        key = str(rid) if rid else f"new{cells[0].row}"
        found[key] = cells[0].row
    return found


def test_export_fill_in_import_diff_and_accept(client, cat):
    reviewer = cat["users"]["reviewer"]
    client.force_login(reviewer)
    a, b, event = cat["records"]["a"], cat["records"]["b"], cat["event"]
    data = _export(client, organization=cat["niigata"].pk, below=1)  # the city and its ward
    book = load_workbook(io.BytesIO(data))
    sheet = book["survey"]
    assert [c.value for c in sheet[1]][:5] == [
        "記録ID（新規は空欄）",
        "版",
        "団体ID",
        "自治体名",
        "種別",
    ]
    header = [c.value for c in sheet[2]]
    assert header == list(survey.KEYS)
    rows = _rows(sheet)
    assert {str(a.pk), str(b.pk), str(event.pk)} <= set(rows)
    assert str(cat["records"]["c"].pk) not in rows  # 富山市's
    col = {k: i + 1 for i, k in enumerate(header)}
    # formula-looking text is neutralised, stored as text
    title = sheet.cell(rows[str(a.pk)], col["title"])
    assert title.value == '\'=HYPERLINK("http://x")' and title.data_type == "s"
    assert sheet.cell(rows[str(a.pk)], col["partner"]).value == "ハバロフスク市"
    lists = {
        str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    kind_letter = sheet.cell(1, col["kind"]).column_letter
    assert "agreement" in lists[kind_letter] and "delegation" in lists[kind_letter]

    # the municipality fills it in
    sheet.cell(rows[str(a.pk)], col["outcomes"]).value = "港湾協力協定を締結"
    sheet.cell(rows[str(a.pk)], col["date"]).value = "昭和40年7月2日"
    sheet.cell(rows[str(b.pk)], col["status"]).value = "ended"
    sheet.cell(rows[str(b.pk)], col["date_end"]).value = "2020-03-31"
    sheet.cell(rows[str(event.pk)], col["contacts"]).value = "国際課 / 025-000-0000"
    blanks = [n for k, n in rows.items() if k.startswith("new")]
    new, formula = blanks[0], blanks[1]
    assert sheet.cell(new, col["organization_id"]).value == str(cat["niigata"].pk)
    for key, value in {
        "kind": "program",
        "partner": "ハバロフスク市",
        "title": "青少年交流",
        "date": "2023-08-01",
        "sectors": "youth",
    }.items():
        sheet.cell(new, col[key]).value = value
    sheet.cell(formula, col["kind"]).value = "event"
    sheet.cell(formula, col["title"]).value = "=1+1"  # a formula: never evaluated
    out = io.BytesIO()
    book.save(out)

    sent = client.post(
        "/survey/import", {"workbook": SimpleUploadedFile("niigata-2024.xlsx", out.getvalue())}
    )
    assert sent.status_code == 302
    diff_url = sent["Location"]
    page = client.get(diff_url)
    assert page.status_code == 200
    outcome = {r.number: r.outcome for r in page.context["rows"]}
    assert outcome[rows[str(a.pk)]] == "changed"
    assert outcome[rows[str(b.pk)]] == "ended"
    assert outcome[rows[str(event.pk)]] == "unchanged"
    assert outcome[new] == "new"
    # a changed contacts cell is not written, and the row says so
    notes = {r.number: r.notes for r in page.context["rows"]}
    assert notes[rows[str(event.pk)]] == [survey.CONTACTS_NOT_READ]
    assert notes[rows[str(a.pk)]] == notes[new] == []
    assert "not read from the workbook" in page.text
    assert outcome[formula] == "error"
    assert "a formula is not read" in page.text and "港湾協力協定を締結" in page.text
    versions = {r.pk: r.version for r in Record.objects.all()}

    # accept the changed and the new row; the ended one waits
    done = client.post(diff_url, {"accept": [rows[str(a.pk)], new]})
    results = {r["row"]: r for r in done.context["results"]}
    assert set(results) == {rows[str(a.pk)], new}
    assert all(r["error"] == "" for r in results.values()), results
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.outcomes, a.date) == ("港湾協力協定を締結", "1965-07-02")
    assert a.title == '=HYPERLINK("http://x")'  # read back as it was, not as '=…
    assert b.status != "ended" and b.version == versions[b.pk]
    note = Correction.objects.get(
        record_key=a.key, source_name=a.source.name, field="outcomes"
    ).note
    assert note == f"survey workbook niigata-2024.xlsx, row {rows[str(a.pk)]}"
    sha = diff_url.split("/")[3].split("?")[0]
    source_name = f"koryu:survey/{sha[:12]}/niigata-2024.xlsx"
    assert a.history.first().history_source == source_name
    made = Record.objects.get(pk=results[new]["record_id"])
    assert (made.kind, made.title, made.date, made.sectors) == (
        "program",
        "青少年交流",
        "2023-08-01",
        ["youth"],
    )
    assert made.source.name == source_name and made.source.path.endswith(sha)
    assert Record.objects.get(pk=event.pk).version == versions[event.pk]

    # later, the ended row too; the rows accepted before are unchanged now
    again = {r.number: r.outcome for r in client.get(diff_url).context["rows"]}
    assert again[rows[str(a.pk)]] == again[new] == "unchanged"
    count = Record.objects.count()
    client.post(diff_url, {"accept": [rows[str(b.pk)], new]})
    b.refresh_from_db()
    assert (b.status, b.date_end) == ("ended", "2020-03-31")
    assert Record.objects.count() == count  # the new row made its record once


def test_who_may_export_and_import(client, cat):
    niigata, toyama = cat["niigata"], cat["toyama"]
    assert client.get("/survey/export", {"organization": niigata.pk}).status_code == 302
    client.force_login(cat["users"]["editor"])  # an editor is no reviewer
    assert client.get("/survey/export", {"organization": niigata.pk}).status_code == 403
    assert client.get("/survey/import").status_code == 403
    client.force_login(cat["users"]["reviewer"])  # 新潟市's region only
    assert client.get("/survey/export", {"organization": toyama.pk}).status_code == 403
    assert client.get("/survey/export", {"organization": "x"}).status_code == 400
    assert client.get("/survey/export", {"organization": 999999}).status_code == 404
    bad = client.post(
        "/survey/import", {"workbook": SimpleUploadedFile("x.xlsx", b"not a workbook")}
    )
    assert client.get(bad["Location"]).status_code == 400
    assert "not an .xlsx workbook" in client.get(bad["Location"]).text
    assert client.get("/survey/import/" + "0" * 64).status_code == 404


def test_a_row_of_another_region_is_refused_on_accept(client, cat):
    """A workbook row naming a record the reviewer may not edit: shown, refused when
    accepted, and the others still written."""
    client.force_login(cat["users"]["admin"])
    book = load_workbook(io.BytesIO(_export(client, organization=cat["toyama"].pk)))
    sheet = book["survey"]
    col = {c.value: c.column for c in sheet[2]}
    c = cat["records"]["c"]
    row = _rows(sheet)[str(c.pk)]
    sheet.cell(row, col["outcomes"]).value = "技術交流"
    out = io.BytesIO()
    book.save(out)
    client.force_login(cat["users"]["reviewer"])
    sent = client.post("/survey/import", {"workbook": SimpleUploadedFile("t.xlsx", out.getvalue())})
    done = client.post(sent["Location"], {"accept": [row]})
    (result,) = done.context["results"]
    assert result["outcome"] == "error" and "may not edit" in result["error"]
    c.refresh_from_db()
    assert c.outcomes == "" and c.version == 1
