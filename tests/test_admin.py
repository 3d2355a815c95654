"""Staff edit records and organizations in the admin; edits reach search at once."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from koryu import records as rec
from koryu.catalog.importer import import_document
from koryu.catalog.models import OrganizationName, Record
from koryu.catalog.queries import stats_data
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


def test_an_edit_reaches_search_and_the_cached_stats(
    staff_client, record, django_capture_on_commit_callbacks
):
    url = f"/admin/catalog/record/{record.pk}/change/"
    assert staff_client.get(url).status_code == 200
    assert stats_data()["by_kind"]["agreement"] == 1  # cached from here on
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():  # as the admin saves: the change is announced on commit
            record.title = "防災協力覚書"
            record.kind = "event"
            record.save()
    assert search("防災").total == 1
    assert search("環境").total == 0
    assert stats_data()["by_kind"]["event"] == 1


def test_bulk_delete_in_the_admin_keeps_search_and_stats_true(
    staff_client, record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        other = Record.objects.create(
            source=record.source,
            key="k2",
            kind="agreement",
            title="環境保全協定",
            line_start=10,
            line_end=12,
        )
    assert search("環境").total == 2 and stats_data()["total"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/catalog/record/",
            {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
        )
    assert response.status_code == 302
    found = search("環境")
    assert found.total == len(found.results) == 1
    assert stats_data()["total"] == Record.objects.count() == 1


def test_renaming_an_organization_reaches_search(record, django_capture_on_commit_callbacks):
    org = record.parties.get().organization
    with django_capture_on_commit_callbacks(execute=True):
        OrganizationName.objects.create(organization=org, name="Sapporo City")
    assert search('"Sapporo City"', expand=False).total >= 1


def test_admin_requires_login(client):
    response = client.get("/admin/catalog/record/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
