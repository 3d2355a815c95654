"""Staff edit records and organizations in the admin; edits reach search at once."""

import pytest
from django.contrib.auth.models import User

from koryu import records as rec
from koryu.catalog.importer import import_document
from koryu.catalog.models import Record
from koryu.search.service import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    User.objects.create_superuser("admin", "admin@example.org", "pw")
    client.login(username="admin", password="pw")
    return client


@pytest.fixture
def record(monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    doc = rec.Document(
        name="a.txt",
        sha256="a" * 64,
        format="case-cards",
        language="ja",
        records=[
            rec.Record(
                kind="agreement",
                key="k",
                title="環境協力覚書",
                line_start=1,
                line_end=9,
                parties=[rec.Party(name="札幌市", role="japanese_party")],
            )
        ],
    )
    import_document(doc)
    return Record.objects.get()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/catalog/record/",
        "/admin/catalog/agreement/",
        "/admin/catalog/organization/",
        "/admin/catalog/source/",
    ],
)
def test_admin_pages_open(staff_client, record, url):
    assert staff_client.get(url).status_code == 200


def test_record_change_page_and_edit_reindexes(staff_client, record):
    url = f"/admin/catalog/record/{record.pk}/change/"
    assert staff_client.get(url).status_code == 200
    record.title = "防災協力覚書"
    record.save()
    from koryu.catalog.admin import _reindex_records

    _reindex_records([record.pk])
    assert search("防災").total == 1
    assert search("環境").total == 0


def test_admin_requires_login(client):
    response = client.get("/admin/catalog/record/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
