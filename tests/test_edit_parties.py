"""Adding and removing the parties of a record (the edit page, PATCH and the catalogue):
the partner is chosen through the resolver, the change is one ``parties`` correction that
outlives a re-ingest (a document that later lists other parties sends the record to review),
it is in the history with the old and new parties, a revert brings the old ones back, and an
editor cannot take a record away from their own organization."""

from __future__ import annotations

import pytest

from edit_catalog import DOCUMENT, build, document, ingest
from koryu.catalog import editing, history
from koryu.catalog.models import Correction, Organization, Party, Record, Tie


@pytest.fixture
def cat(db, monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    return build()


def _names(record_id: int) -> list[tuple[str, str]]:
    return [
        (p.name, p.role) for p in Party.objects.filter(record_id=record_id).order_by("position")
    ]


def _add(name: str, **choice) -> editing.PartyChanges:
    return editing.PartyChanges(add=[editing.PartnerChoice(name=name, **choice)])


def test_an_added_partner_outlives_the_document_and_is_in_the_history(cat):
    row, editor = cat["records"]["a"], cat["users"]["editor"]
    vladivostok = Organization.objects.get(name="ウラジオストク市")
    editing.edit(row.pk, {}, editor, 1, "third city",
                 parties=_add("ウラジオストク市", organization_id=vladivostok.pk))  # fmt: skip
    row.refresh_from_db()
    assert row.version == 2
    assert _names(row.pk) == [
        ("新潟市", "japanese_party"), ("ハバロフスク市", "foreign_party"),
        ("ウラジオストク市", "foreign_party"),
    ]  # fmt: skip
    added = Party.objects.get(record=row, name="ウラジオストク市")
    assert (added.organization_id, added.country, added.position) == (vladivostok.pk, "RU", 2)
    assert Tie.objects.filter(record=row).count() == 3  # every pair of an agreement's parties
    newest = history.record_versions(row.pk)[0]
    assert newest["user"] == "niigata-editor" and newest["reason"] == "third city"
    assert newest["changes"]["party.3.name"] == [None, "ウラジオストク市"]
    assert newest["changes"]["parties"] == [
        ["新潟市", "ハバロフスク市"], ["新潟市", "ハバロフスク市", "ウラジオストク市"]
    ]  # fmt: skip

    # the document is read again (another field changed): the party added stays, placed
    # where the editor placed it
    ingest(document("1", a={"theme": "港湾"}))
    row.refresh_from_db()
    assert row.theme == "港湾" and row.review == "published"
    assert [n for n, _ in _names(row.pk)] == ["新潟市", "ハバロフスク市", "ウラジオストク市"]
    assert Party.objects.get(record=row, name="ウラジオストク市").organization_id == vladivostok.pk

    # a renamed party after the list was changed folds into the list, and survives too
    editing.edit(row.pk, {"party.2.name": "ハバロフスク"}, editor, row.version)
    ingest(document("2", a={"theme": "港湾交流"}))
    assert [n for n, _ in _names(row.pk)] == ["新潟市", "ハバロフスク", "ウラジオストク市"]
    fields = set(Correction.objects.filter(record_key="a").values_list("field", flat=True))
    assert fields == {"parties"}


def test_a_removed_partner_revert_and_a_document_that_lists_other_parties(cat):
    row, admin = cat["records"]["a"], cat["users"]["admin"]
    editing.edit(row.pk, {}, admin, 1, parties=editing.PartyChanges(remove={2}))
    assert _names(row.pk) == [("新潟市", "japanese_party")]
    # ハバロフスク市 took part in nothing else: the organization went with its party
    assert not Organization.objects.filter(name="ハバロフスク市").exists()
    newest = history.record_versions(row.pk)[0]
    assert newest["changes"]["party.2.name"] == ["ハバロフスク市", None]
    assert newest["changes"]["parties"] == [["新潟市", "ハバロフスク市"], ["新潟市"]]

    editing.revert(row.pk, 1, admin, version=2)
    row.refresh_from_db()
    assert row.version == 3
    assert [n for n, _ in _names(row.pk)] == ["新潟市", "ハバロフスク市"]
    assert history.record_versions(row.pk)[0]["reason"] == "revert to version 1"

    # remove it again, then the document itself renames that partner: neither side wins
    editing.edit(row.pk, {}, admin, 3, parties=editing.PartyChanges(remove={2}))
    ingest(document("1", a={"parties": document().records[0].parties[:1] + [
        document().records[0].parties[1].__class__(name="ハバロフスク", role="foreign_party",
                                                    country="RU")]}))  # fmt: skip
    row.refresh_from_db()
    assert row.review == "proposed"
    assert any(f["code"] == "correction-conflict" and f["detail"]["field"] == "parties"
               for f in row.findings)  # fmt: skip
    assert _names(row.pk) == [("新潟市", "japanese_party")]  # the correction is kept


def test_an_editor_cannot_take_a_record_from_their_own_organization(cat):
    row, editor = cat["records"]["a"], cat["users"]["editor"]
    with pytest.raises(editing.NotAllowed, match="no longer edit"):
        editing.edit(row.pk, {}, editor, 1, parties=editing.PartyChanges(remove={1}))
    row.refresh_from_db()
    assert row.version == 1 and len(_names(row.pk)) == 2  # nothing written
    assert not Correction.objects.filter(record_key="a").exists()
    # nor rename their party away in the same edit
    with pytest.raises(editing.NotAllowed):
        editing.edit(row.pk, {"party.1.name": "富山市"}, editor, 1,
                     parties=editing.PartyChanges(remove={2}))  # fmt: skip
    # a record keeps a party; positions must exist; the role must be one of the roles
    with pytest.raises(editing.EditError) as empty:
        editing.edit(row.pk, {}, cat["users"]["admin"], 1,
                     parties=editing.PartyChanges(remove={1, 2}))  # fmt: skip
    assert "parties" in empty.value.errors
    with pytest.raises(editing.EditError) as missing:
        editing.edit(row.pk, {}, editor, 1, parties=editing.PartyChanges(remove={5}))
    assert "party.5" in missing.value.errors
    with pytest.raises(editing.EditError) as role:
        editing.edit(row.pk, {}, editor, 1, parties=_add("大連市", role="king"))
    assert "party.3.role" in role.value.errors
    # the other city's editor may not touch it at all
    with pytest.raises(editing.NotAllowed):
        editing.edit(row.pk, {}, cat["users"]["other_editor"], 1, parties=_add("大連市"))


def test_a_stale_party_change_is_a_conflict(cat):
    row, editor = cat["records"]["a"], cat["users"]["editor"]
    editing.edit(row.pk, {"title": "新潟・ハバロフスク"}, cat["users"]["admin"], 1)
    with pytest.raises(editing.VersionConflict):
        editing.edit(row.pk, {}, editor, 1, parties=_add("大連市", country="CN"))
    assert len(_names(row.pk)) == 2


def test_edit_page_adds_and_removes_parties(cat, client):
    row = cat["records"]["b"]  # 新潟市中央区 – ウラジオストク市
    client.force_login(cat["users"]["editor"])
    page = client.get(f"/records/{row.pk}/edit").content.decode()
    assert 'name="party.2.remove"' in page and 'name="add_party_name"' in page
    form = {"version": "1", "add_party_name": "ウラジオストク市", "add_party_country": "",
            "action": "find"}  # fmt: skip
    found = client.post(f"/records/{row.pk}/edit", form)
    assert found.status_code == 200 and 'name="add_party_choice"' in found.content.decode()
    assert Record.objects.get(pk=row.pk).version == 1  # finding writes nothing
    vladivostok = Organization.objects.get(name="ウラジオストク市")
    form = {"version": "1", "add_party_name": "大連市", "add_party_country": "CN",
            "add_party_role": "foreign_party", "party.2.remove": "on", "action": "save"}  # fmt: skip
    assert client.post(f"/records/{row.pk}/edit", form).status_code == 302
    assert _names(row.pk) == [("新潟市中央区", "japanese_party"), ("大連市", "foreign_party")]
    assert Party.objects.get(record=row, name="大連市").country == "CN"
    # ウラジオストク市 is still a party of 富山市's record: the organization stays
    assert Organization.objects.filter(pk=vladivostok.pk).exists()
    # the ward's party cannot be removed by the city's editor: no box for it, and a 403
    page = client.get(f"/records/{row.pk}/edit").content.decode()
    assert 'name="party.1.remove"' not in page
    refused = client.post(f"/records/{row.pk}/edit",
                          {"version": "2", "party.1.remove": "on", "action": "save"})  # fmt: skip
    assert refused.status_code == 403


def test_patch_adds_and_removes_parties(cat, client):
    from koryu.accounts import tokens

    row = cat["records"]["a"]
    token = tokens.issue(cat["users"]["editor"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}", "content_type": "application/json"}
    body = {"version": 1, "parties": [{}, {"remove": True},
                                      {"name": "大連市", "country": "CN"}]}  # fmt: skip
    answer = client.patch(f"/api/v1/records/{row.pk}", body, **auth)
    assert answer.status_code == 200, answer.content
    names = [(p["name"], p["role"]) for p in answer.json()["parties"]]
    assert names == [("新潟市", "japanese_party"), ("大連市", "foreign_party")]
    assert answer.json()["version"] == 2
    # the editor's own party: 403 in the error shape, nothing written
    refused = client.patch(f"/api/v1/records/{row.pk}", {"parties": [{"remove": True}]}, **auth)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    # a new party needs a name; an existing one takes no organization
    bad = client.patch(f"/api/v1/records/{row.pk}", {"parties": [{}, {}, {"country": "CN"}]},
                       **auth)  # fmt: skip
    assert bad.status_code == 400
    bad = client.patch(f"/api/v1/records/{row.pk}", {"parties": [{"organization_id": 1}]}, **auth)
    assert bad.status_code == 400
    assert Record.objects.get(pk=row.pk).version == 2
    assert DOCUMENT  # the record's corrections are keyed on its document
    assert Correction.objects.filter(source_name=DOCUMENT, record_key="a",
                                     field="parties").count() == 1  # fmt: skip


def test_patch_names_the_candidates_of_an_ambiguous_partner(db, client):
    """With the gazetteer: a name that names several places is refused with the
    candidates; the one chosen is the party's organization."""
    from koryu.accounts import tokens

    cat = build()
    row = cat["records"]["a"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(cat['users']['editor'])}",
            "content_type": "application/json"}  # fmt: skip
    body = {"parties": [{}, {}, {"name": "Springfield", "country": "US"}]}
    refused = client.patch(f"/api/v1/records/{row.pk}", body, **auth)
    assert refused.status_code == 400, refused.content
    error = refused.json()["error"]
    assert error["code"] == "ambiguous_partner"
    candidates = error["details"]["candidates"]
    assert len(candidates) > 1 and {c["country"] for c in candidates} == {"US"}
    chosen = candidates[1]["gazetteer_id"]
    body["parties"][2]["gazetteer_id"] = chosen
    answer = client.patch(f"/api/v1/records/{row.pk}", body, **auth)
    assert answer.status_code == 200, answer.content
    added = Party.objects.get(record=row, name="Springfield")
    assert added.organization.gazetteer_id == chosen and added.role == "foreign_party"
