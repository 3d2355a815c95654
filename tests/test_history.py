"""History of every change (django-simple-history): who, when, from which document or edit,
field by field; revert; the change feed as HTML, Atom and JSON."""

from __future__ import annotations

import json

import pytest

from edit_catalog import DOCUMENT, build, document, ingest
from koryu.catalog import editing, history
from koryu.catalog.models import Correction, Party, Record


@pytest.fixture
def cat(db):
    return build()


def test_ingest_writes_history_naming_the_document(cat):
    row = cat["records"]["a"]
    (created,) = history.record_versions(row.pk)
    assert created["type"] == "created" and created["version"] == 1
    assert created["source"] == DOCUMENT and created["user"] is None
    assert created["reason"] == "ingest"
    assert created["changes"]["title"] == [None, "新潟市 – ハバロフスク市"]
    assert created["changes"]["party.2.name"] == [None, "ハバロフスク市"]
    # the parties went in in bulk, with their history in bulk too
    parties = Party.history.filter(record_id=row.pk)
    assert parties.count() == 2
    assert {p.history_source for p in parties} == {DOCUMENT}


def test_an_edit_a_new_document_version_and_a_revert(cat):
    row, editor = cat["records"]["a"], cat["users"]["editor"]
    values = editing.parse_values({"title": "新潟・ハバロフスク", "date": "昭和40年7月1日"})
    assert values["date"] == "1965-07-01"
    editing.edit(row.pk, values, editor, version=1, note="official title")
    row.refresh_from_db()
    assert row.version == 2 and row.title == "新潟・ハバロフスク"
    edited = history.record_versions(row.pk)[0]
    assert edited["user"] == "niigata-editor" and edited["source"] == "edit"
    assert edited["reason"] == "official title"
    assert edited["changes"] == {"title": ["新潟市 – ハバロフスク市", "新潟・ハバロフスク"]}

    # the document changes another field: the edit survives, the history names the document
    ingest(document("1", a={"theme": "港湾"}))
    row.refresh_from_db()
    assert row.title == "新潟・ハバロフスク" and row.theme == "港湾" and row.version == 3
    newest = history.record_versions(row.pk)[0]
    assert newest["source"] == DOCUMENT and newest["changes"] == {"theme": ["", "港湾"]}

    # an edit made on version 2 now conflicts, and writes nothing
    with pytest.raises(editing.VersionConflict) as conflict:
        editing.edit(row.pk, {"title": "stale"}, editor, version=2)
    assert conflict.value.record.version == 3
    row.refresh_from_db()
    assert row.title == "新潟・ハバロフスク"

    editing.revert(row.pk, 1, editor, version=3)
    row.refresh_from_db()
    assert row.title == "新潟市 – ハバロフスク市" and row.version == 4
    reverted = history.record_versions(row.pk)[0]
    assert reverted["reason"] == "revert to version 1"
    assert reverted["changes"]["title"] == ["新潟・ハバロフスク", "新潟市 – ハバロフスク市"]
    # the revert is a correction like any edit: it too survives the document
    assert (
        Correction.objects.filter(source_name=DOCUMENT, record_key="a", field="title").count() == 2
    )


def test_a_corrected_partner_shows_as_a_party_change(cat):
    row = cat["records"]["c"]
    editing.edit(
        row.pk, {"party.2.name": "ハバロフスク市"}, cat["users"]["other_editor"], version=1
    )
    newest = history.record_versions(row.pk)[0]
    assert newest["changes"]["party.2.name"] == ["ウラジオストク市", "ハバロフスク市"]


def test_revert_is_permission_checked(cat):
    row = cat["records"]["c"]  # 富山市's
    editing.edit(row.pk, {"title": "富山・ウラジオ"}, cat["users"]["other_editor"], version=1)
    with pytest.raises(editing.NotAllowed):
        editing.revert(row.pk, 1, cat["users"]["editor"], version=2)


def test_change_feed_html_atom_json(cat, client):
    row = cat["records"]["a"]
    editing.edit(row.pk, {"title": "新潟・ハバロフスク"}, cat["users"]["editor"], version=1)
    page = client.get("/changes")
    assert page.status_code == 200
    assert "新潟・ハバロフスク" in page.content.decode()
    atom = client.get("/changes.atom")
    assert atom.status_code == 200 and atom["Content-Type"].startswith("application/atom+xml")
    text = atom.content.decode()
    assert "<feed" in text and "niigata-editor" in text and f"/records/{row.pk}/history" in text
    data = json.loads(client.get("/api/v1/changes?edits=true").content)
    # what no document said: the edit, and the ward put under its city by hand (build())
    assert [(c["object"], c["id"]) for c in data["changes"]][0] == ("record", row.pk)
    assert all(c["source"] != DOCUMENT for c in data["changes"])
    assert data["changes"][0]["changes"]["title"][1] == "新潟・ハバロフスク"
    everything = json.loads(client.get("/api/v1/changes?limit=2").content)
    assert len(everything["changes"]) == 2 and everything["next"]
    older = json.loads(client.get("/api/v1/changes", {"before": everything["next"]}).content)
    assert all(c["at"] < everything["next"] for c in older["changes"])
    assert client.get("/api/v1/changes?before=yesterday").status_code == 400


def test_record_history_api_and_pages(cat, client):
    row = cat["records"]["b"]
    editing.end(row.pk, "平成30年3月31日", cat["users"]["editor"], version=1)
    data = json.loads(client.get(f"/api/v1/records/{row.pk}/history").content)
    newest = data["versions"][0]
    assert set(newest) >= {"version", "at", "user", "source", "changes"}
    assert newest["changes"]["status"] == ["", "ended"]
    assert newest["changes"]["date_end"] == ["", "2018-03-31"]
    assert [v["version"] for v in data["versions"]] == [2, 1]
    assert client.get("/api/v1/records/999999/history").status_code == 404
    page = client.get(f"/records/{row.pk}/history")
    assert page.status_code == 200 and "2018-03-31" in page.content.decode()
    org = cat["niigata"]
    org_page = client.get(f"/organizations/{org.pk}/history")
    assert org_page.status_code == 200
    assert client.get(f"/organizations/{cat['toyama'].pk}/history").status_code == 200


def test_revert_through_the_page(cat, client):
    row = cat["records"]["a"]
    editor = cat["users"]["editor"]
    editing.edit(row.pk, {"title": "改題"}, editor, version=1)
    assert (
        client.post(f"/records/{row.pk}/revert", {"to_version": 1, "version": 2}).status_code == 401
    )
    client.force_login(cat["users"]["other_editor"])
    assert (
        client.post(f"/records/{row.pk}/revert", {"to_version": 1, "version": 2}).status_code == 403
    )
    client.force_login(editor)
    stale = client.post(f"/records/{row.pk}/revert", {"to_version": 1, "version": 1})
    assert stale.status_code == 302 and "error=conflict" in stale["Location"]
    done = client.post(f"/records/{row.pk}/revert", {"to_version": 1, "version": 2})
    assert done.status_code == 302
    assert Record.objects.get(pk=row.pk).title == "新潟市 – ハバロフスク市"
