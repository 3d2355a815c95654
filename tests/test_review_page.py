"""The /review page: staff only, the evidence highlighted and escaped, actions with CSRF."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from koryu.accounts.grants import grant
from koryu.catalog.importer import import_document
from koryu.catalog.models import Correction, Record
from review_documents import news_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exact_names_only(monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)


@pytest.fixture
def proposed():
    import_document(news_document())
    return Record.objects.get(key="s1")


@pytest.fixture
def reviewer():
    user = User.objects.create_user("rev", password="pw-1234-long")
    grant(user, "reviewer")
    user.refresh_from_db()
    assert user.is_staff
    return user


def test_anonymous_and_non_staff_are_sent_to_sign_in(client, proposed):
    for url in ("/review", f"/review/{proposed.pk}"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    User.objects.create_user("plain", password="pw")
    client.login(username="plain", password="pw")
    assert client.get("/review").status_code == 302
    assert client.get("/accounts/login/").status_code == 200


def test_the_queue_lists_proposed_records(client, proposed, reviewer):
    client.force_login(reviewer)
    page = client.get("/review").content.decode()
    assert f'href="/review/{proposed.pk}"' in page and "Sapporo – Portland" in page
    assert "Vladivostok delegation" not in page  # published: not in the queue


def test_record_page_highlights_escaped_evidence(client, proposed, reviewer):
    source = proposed.source
    source.text = source.text.replace("Portland", "Portland<script>x</script>")
    source.save()
    client.force_login(reviewer)
    page = client.get(f"/review/{proposed.pk}").content.decode()
    assert '<mark class="evidence" title="date" data-fields="date">1959</mark>' in page
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "p. 1, l. 2" in page


def test_correct_then_accept_with_csrf(proposed, reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    url = f"/review/{proposed.pk}"
    assert client.post(url, {"action": "accept"}).status_code == 403  # no CSRF token
    page = client.get(url)
    token = page.cookies["csrftoken"].value
    response = client.post(
        url,
        {"csrfmiddlewaretoken": token, "action": "correct", "date": "昭和34年4月1日",
         "title": "Sapporo – Portland", "party.2.country": "US"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == url
    row = Record.objects.get(pk=proposed.pk)
    assert (row.date, row.review) == ("1959-04-01", "proposed")
    c = Correction.objects.get(field="date")
    assert (c.user, c.document_value) == (reviewer, "1959")
    response = client.post(url, {"csrfmiddlewaretoken": token, "action": "accept"})
    assert response.status_code == 302 and response["Location"] == "/review"
    assert Record.objects.get(pk=proposed.pk).review == "published"
    assert Correction.objects.get(field="review").user == reviewer
    assert Client().get(f"/records/{proposed.pk}").status_code == 200


def test_bad_values_are_shown_and_nothing_changes(client, proposed, reviewer):
    client.force_login(reviewer)
    response = client.post(f"/review/{proposed.pk}", {"action": "accept", "date": "someday"})
    assert response.status_code == 400
    assert "cannot read a date in" in response.content.decode()
    assert Record.objects.get(pk=proposed.pk).review == "proposed"
    assert not Correction.objects.exists()


def test_reject(client, proposed, reviewer):
    client.force_login(reviewer)
    client.post(f"/review/{proposed.pk}", {"action": "reject", "note": "duplicate"})
    assert Record.objects.get(pk=proposed.pk).review == "rejected"
    assert Correction.objects.get(field="review").note == "duplicate"
    assert client.get(f"/records/{proposed.pk}").status_code == 200  # staff still see it
    assert Client().get(f"/records/{proposed.pk}").status_code == 404


def test_staff_without_the_reviewer_role_may_not_act(client, proposed):
    staff = User.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    assert client.get(f"/review/{proposed.pk}").status_code == 200
    assert client.post(f"/review/{proposed.pk}", {"action": "accept"}).status_code == 403
