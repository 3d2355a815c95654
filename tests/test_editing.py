"""Editing in the web interface: create, edit and end records, with validation in the
domain's words, the permission rules and optimistic locking (a stale save is a 409 page
with both versions; nothing is overwritten). Edits reach the search index as ingest does."""

from __future__ import annotations

import pytest

from edit_catalog import build, document, ingest
from koryu.catalog import editing
from koryu.catalog.models import Party, Record, Tie
from koryu.search.service import search


@pytest.fixture
def cat(db):
    return build()


def _found(q: str) -> list[int]:
    return [h.id for h in search(q).results if h.kind != "organization"]


def _form(client, record_id: int) -> dict:
    """The edit form's fields as the page fills them in."""
    row = Record.objects.get(pk=record_id)
    values = editing.current_values(row)
    from koryu.web.views.edit import form_text

    data = {k: form_text(k, v) for k, v in values.items()}
    data["version"] = str(row.version)
    return data


def test_edit_page_saves_through_corrections_and_the_index(cat, client):
    row = cat["records"]["a"]
    client.force_login(cat["users"]["editor"])
    page = client.get(f"/records/{row.pk}/edit")
    assert page.status_code == 200 and 'name="version" value="1"' in page.content.decode()
    data = _form(client, row.pk)
    data.update(title="新潟ハバロフスク姉妹都市", date="昭和40年7月2日", sectors="culture, port")
    done = client.post(f"/records/{row.pk}/edit", data)
    assert done.status_code == 302 and done["Location"] == f"/records/{row.pk}"
    row.refresh_from_db()
    assert (row.title, row.date, row.sectors, row.version) == (
        "新潟ハバロフスク姉妹都市",
        "1965-07-02",
        ["culture", "port"],
        2,
    )
    assert row.pk in _found("新潟ハバロフスク姉妹都市")
    # the document read again: the edit stays
    ingest(document("2", a={"theme": "港"}))
    row.refresh_from_db()
    assert row.title == "新潟ハバロフスク姉妹都市" and row.theme == "港"
    # the record page offers editing to this editor
    assert f"/records/{row.pk}/edit" in client.get(f"/records/{row.pk}").content.decode()


def test_unreadable_values_are_refused_in_the_domains_words(cat, client):
    row = cat["records"]["a"]
    client.force_login(cat["users"]["editor"])
    data = _form(client, row.pk)
    data.update(date="someday", sectors="waterworks")
    refused = client.post(f"/records/{row.pk}/edit", data)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "cannot read a date in &#x27;someday&#x27;" in text and "unknown sector" in text
    assert Record.objects.get(pk=row.pk).version == 1


def test_a_stale_save_shows_both_versions_and_overwrites_nothing(cat, client):
    row = cat["records"]["a"]
    client.force_login(cat["users"]["editor"])
    first = _form(client, row.pk)
    second = dict(first)
    first["title"] = "一人目の題"
    assert client.post(f"/records/{row.pk}/edit", first).status_code == 302
    second["title"] = "二人目の題"
    conflict = client.post(f"/records/{row.pk}/edit", second)
    assert conflict.status_code == 409
    text = conflict.content.decode()
    assert "一人目の題" in text and "二人目の題" in text
    assert 'name="version" value="2"' in text  # the form starts again from the saved one
    assert Record.objects.get(pk=row.pk).title == "一人目の題"


def test_end_a_record(cat, client):
    row = cat["records"]["b"]  # the ward's: its city's editor may end it
    client.force_login(cat["users"]["editor"])
    assert client.post(f"/records/{row.pk}/end", {"date_end": "", "version": 1}).status_code == 400
    done = client.post(f"/records/{row.pk}/end", {"date_end": "令和2年3月31日", "version": 1})
    assert done.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.date_end) == ("ended", "2020-03-31")


def test_other_cities_records_are_refused(cat, client):
    row = cat["records"]["c"]  # 富山市's
    assert client.get(f"/records/{row.pk}/edit").status_code == 302  # sign in first
    client.force_login(cat["users"]["editor"])
    assert client.get(f"/records/{row.pk}/edit").status_code == 403
    assert client.post(f"/records/{row.pk}/edit", _form(client, row.pk)).status_code == 403
    assert (
        client.post(f"/records/{row.pk}/end", {"date_end": "2020", "version": 1}).status_code == 403
    )
    assert f"/records/{row.pk}/edit" not in client.get(f"/records/{row.pk}").content.decode()


@pytest.mark.parametrize("kind", ["agreement", "event", "delegation", "program", "network"])
def test_create_each_kind_for_own_organization(cat, client, kind):
    client.force_login(cat["users"]["editor"])
    niigata = cat["niigata"]
    partner = Party.objects.get(name="ハバロフスク市").organization
    form = client.get(f"/records/new?organization={niigata.pk}&kind={kind}")
    assert form.status_code == 200
    data = {
        "kind": kind,
        "organization": niigata.pk,
        "title": f"新しい{kind}",
        "date": "令和6年4月1日",
        "partner_name": "ハバロフスク市",
        "partner_choice": f"org:{partner.pk}",
        "action": "save",
    }
    if kind == "agreement":
        data["agreement_type"] = "friendship"
    done = client.post("/records/new", data)
    assert done.status_code == 302, done.content.decode()[:500]
    row = Record.objects.get(pk=int(done["Location"].rsplit("/", 1)[1]))
    assert (row.kind, row.date, row.review, row.source.name) == (
        kind,
        "2024-04-01",
        "published",
        editing.EDITS_SOURCE,
    )
    parties = list(row.parties.order_by("position"))
    assert [p.organization_id for p in parties] == [niigata.pk, partner.pk]
    assert row.pk in _found(f"新しい{kind}")
    if kind == "agreement":
        assert Tie.objects.filter(record=row).exists()  # on the map at once
    # and it has a history naming its author
    assert row.history.first().history_user == cat["users"]["editor"]


def test_create_refuses_other_organizations_and_bad_input(cat, client):
    client.force_login(cat["users"]["editor"])
    toyama = cat["toyama"]
    base = {"kind": "agreement", "title": "x", "action": "save"}
    assert client.post("/records/new", {**base, "organization": toyama.pk}).status_code == 403
    niigata = cat["niigata"]
    no_title = client.post("/records/new", {**base, "organization": niigata.pk, "title": ""})
    assert no_title.status_code == 400 and "a title is needed" in no_title.content.decode()
    bad_date = client.post("/records/new", {**base, "organization": niigata.pk, "date": "someday"})
    assert bad_date.status_code == 400
    client.logout()
    assert client.get("/records/new").status_code == 302


def test_partner_candidates_come_from_the_catalogue_and_the_gazetteer(cat):
    found = editing.partner_candidates("ウラジオストク市")
    assert found and found[0]["organization_id"] is not None
    assert editing.partner_candidates("") == []


def test_a_membership_ends_with_its_own_date_and_survives_the_document(db, client):
    from dataclasses import replace

    from edit_catalog import ingest as ingest_doc
    from koryu import records as rec
    from koryu.accounts import grants

    network = rec.Record(
        kind="network",
        key="n",
        title="北東アジア地域自治体連合",
        line_start=1,
        line_end=1,
        parties=[
            rec.Party(name="新潟県", role="member", country="JP", date_start="1996"),
            rec.Party(name="富山県", role="member", country="JP", date_start="1996"),
        ],
    )
    doc = rec.Document(name="net.txt", sha256="5" * 64, format="network-page", language="ja",
                       records=[network])  # fmt: skip
    ingest_doc(doc)
    row = Record.objects.get(key="n")
    toyama = Party.objects.get(record=row, name="富山県").organization
    editor = grants.add_user("toyama-pref")
    grants.grant(editor, "editor", toyama.pk)
    client.force_login(editor)
    data = _form(client, row.pk)
    assert data["party.2.date_start"] == "1996"
    data["party.2.date_end"] = "平成20年3月31日"
    assert client.post(f"/records/{row.pk}/edit", data).status_code == 302
    left = Party.objects.get(record=row, name="富山県")
    assert (left.date_start, left.date_end) == ("1996", "2008-03-31")
    # the network's page changes elsewhere: the member's end date stays
    ingest_doc(replace(doc, sha256="6" * 64, records=[replace(network, title="NEAR")]))
    left = Party.objects.get(record__key="n", name="富山県")
    assert left.date_end == "2008-03-31"


def test_saving_an_untouched_form_changes_nothing(cat, client):
    row = cat["records"]["a"]
    editing.edit(row.pk, {"description": "一行目\n二行目", "urls": ["https://a.example/", "https://b.example/"]},
                 cat["users"]["editor"], version=1)  # fmt: skip
    client.force_login(cat["users"]["editor"])
    data = _form(client, row.pk)
    data = {k: v.replace("\n", "\r\n") for k, v in data.items()}  # as a browser sends them
    assert client.post(f"/records/{row.pk}/edit", data).status_code == 302
    assert Record.objects.get(pk=row.pk).version == 2  # no new version, no correction


def test_an_editor_edits_the_organizations_names(cat, client):
    niigata, toyama = cat["niigata"], cat["toyama"]
    client.force_login(cat["users"]["editor"])
    page = client.get(f"/organizations/{niigata.pk}/edit")
    assert page.status_code == 200
    stamp = page.context["stamp"]
    done = client.post(
        f"/organizations/{niigata.pk}/edit",
        {"names.ja": "新潟市", "names.en": "Niigata City", "stamp": stamp},
    )
    assert done.status_code == 302
    niigata.refresh_from_db()
    assert niigata.names["en"] == "Niigata City"
    assert niigata.aliases.filter(name="Niigata City", language="en").exists()
    change = niigata.history.order_by("-history_date").first()
    assert change.history_user == cat["users"]["editor"] and change.names["en"] == "Niigata City"
    assert "Niigata City" in client.get(f"/organizations/{niigata.pk}/history").content.decode()
    stale = client.post(
        f"/organizations/{niigata.pk}/edit", {"names.en": "Niigata", "stamp": stamp}
    )
    assert stale.status_code == 409 and "Niigata City" in stale.content.decode()
    niigata.refresh_from_db()
    assert niigata.names["en"] == "Niigata City"
    assert client.get(f"/organizations/{toyama.pk}/edit").status_code == 403
    assert (
        f"/organizations/{niigata.pk}/edit"
        in client.get(f"/organizations/{niigata.pk}").content.decode()
    )


def test_an_editor_keeps_the_organizations_contacts(cat, client):
    niigata = cat["niigata"]
    client.force_login(cat["users"]["editor"])
    page = client.get(f"/organizations/{niigata.pk}/edit")
    assert 'name="contacts" value="1"' in page.content.decode()  # one blank row to fill in
    form = {
        "names.ja": "新潟市",
        "stamp": page.context["stamp"],
        "contacts": "2",
        "contacts.0.department": "国際課 <交流係>",
        "contacts.0.phones": "025-226-1111\n025-226-1112",
        "contacts.0.emails": "kokusai@city.niigata.lg.jp",
        "contacts.1.department": "",
    }
    assert client.post(f"/organizations/{niigata.pk}/edit", form).status_code == 302
    niigata.refresh_from_db()
    assert niigata.contacts == [
        {
            "department": "国際課 <交流係>",
            "person": "",
            "phones": ["025-226-1111", "025-226-1112"],
            "emails": ["kokusai@city.niigata.lg.jp"],
        }
    ]
    assert niigata.history.order_by("-history_date").first().contacts == niigata.contacts
    shown = client.get(f"/organizations/{niigata.pk}").content.decode()
    assert "国際課 &lt;交流係&gt;" in shown and "mailto:kokusai@city.niigata.lg.jp" in shown
    api = client.get(f"/api/v1/organizations/{niigata.pk}").json()
    assert api["contacts"][0]["phones"] == ["025-226-1111", "025-226-1112"]
    # a bad address or number is refused in words, and nothing changes
    stamp = client.get(f"/organizations/{niigata.pk}/edit").context["stamp"]
    bad = dict(form, stamp=stamp)
    bad.update({"contacts.0.emails": "kokusai at niigata", "contacts.0.phones": "call us"})
    refused = client.post(f"/organizations/{niigata.pk}/edit", bad)
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "not an e-mail address" in text and "not a phone number" in text
    assert "kokusai at niigata" in text  # what was sent stays in the form
    niigata.refresh_from_db()
    assert niigata.contacts[0]["emails"] == ["kokusai@city.niigata.lg.jp"]
    # a form without contact fields leaves them as they are; emptied rows remove them
    stamp = client.get(f"/organizations/{niigata.pk}/edit").context["stamp"]
    client.post(f"/organizations/{niigata.pk}/edit", {"names.en": "Niigata", "stamp": stamp})
    niigata.refresh_from_db()
    assert len(niigata.contacts) == 1
    stamp = client.get(f"/organizations/{niigata.pk}/edit").context["stamp"]
    emptied = {"names.en": "Niigata", "stamp": stamp, "contacts": "1"}
    assert client.post(f"/organizations/{niigata.pk}/edit", emptied).status_code == 302
    niigata.refresh_from_db()
    assert niigata.contacts == []


def test_contacts_need_someone_to_ask():
    with pytest.raises(editing.EditError) as refused:
        editing.parse_contacts([{"phones": "03-1234-5678"}])
    assert "contacts.0.department" in refused.value.errors
    assert editing.parse_contacts([{"person": "山田", "emails": ["a@b.jp", " "]}]) == [
        {"department": "", "person": "山田", "phones": [], "emails": ["a@b.jp"]}
    ]
