"""Designed error pages in the interface language, and the site's links to its API docs."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, heading",
    [("ja", "ページが見つかりません"), ("en", "Page not found")],
)
def test_not_found_page_speaks_the_interface_language(client, settings, language, heading):
    settings.DEBUG = False
    response = client.get("/no/such/page", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    body = response.content.decode()
    assert heading in body
    assert 'href="/api/docs"' in body  # the footer links the API documentation


def test_server_error_page_stands_alone():
    from django.template.loader import get_template

    # Django renders 500.html without a request: it must need no context at all.
    body = get_template("500.html").render()
    assert "Server error" in body and "サーバーエラー" in body
