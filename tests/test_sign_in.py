"""Sign-in, sign-out and password reset with Django's own views; django-axes locks a user
name out from an address after repeated wrong passwords."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from koryu.accounts import grants


@pytest.fixture
def officer(db):
    return grants.add_user("officer", email="officer@example.org", password="right-pass-1")


def _sign_in(client, password: str):
    return client.post("/accounts/login/", {"username": "officer", "password": password})


def test_sign_in_and_out(officer, client):
    assert _sign_in(client, "right-pass-1").status_code == 302
    page = client.get("/")
    assert (
        "officer" in page.content.decode() and 'action="/accounts/logout/"' in page.content.decode()
    )
    assert client.post("/accounts/logout/").status_code == 302
    assert "/accounts/login/" in client.get("/").content.decode()


def test_password_guessing_is_locked_out(officer, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "guess").status_code == 200  # the form again, with an error
    locked = _sign_in(client, "guess")
    assert locked.status_code == 429
    assert (
        "Too many failed sign-ins" in locked.content.decode() or "失敗" in locked.content.decode()
    )
    # even the right password is refused while locked out
    assert _sign_in(client, "right-pass-1").status_code == 429


def test_a_success_resets_the_count(officer, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "guess")
    assert _sign_in(client, "right-pass-1").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "guess").status_code == 200


def test_password_reset_by_mail(officer, client):
    assert client.get("/accounts/password_reset/").status_code == 200
    sent = client.post("/accounts/password_reset/", {"email": "officer@example.org"})
    assert sent.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-pass-2", "new_password2": "a-new-pass-2"},
    )
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("a-new-pass-2")
