"""A query made only of operators or quotes is rejected like `*` (issue 14 item 5)."""

from __future__ import annotations

import pytest

from koryu.search.service import search


@pytest.mark.django_db
@pytest.mark.parametrize("q", ['"', "AND", "-", "OR", '""', "AND OR", "*"])
def test_operators_alone_are_rejected_like_a_star(q):
    result = search(q)
    assert result.error and result.error["code"] == "empty_query", (q, result.error)
    assert result.total == 0 and result.results == []


@pytest.mark.django_db
def test_an_empty_query_is_not_an_error():
    assert search("").error is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/records", "/api/v1/stats", "/api/v1/search?q=水道", "/api/openapi.json"]
)
def test_head_answers_like_get_without_a_body(client, url):
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


@pytest.mark.django_db
def test_head_on_an_export_streams_nothing(client, settings, tmp_path):
    settings.CACHE_DIR = tmp_path
    head = client.head("/api/v1/export.csv", {"kind": "agreement"})
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
def test_a_long_query_is_not_echoed_in_the_link_header(client):
    short = client.get("/search", {"q": "水道"})
    assert short["Link"].startswith("</api/v1/search?q=")
    long = client.get("/search", {"q": "水道 " * 2000})
    assert long.status_code == 400 and "Link" not in long  # refused, with a message
    assert sum(len(k) + len(v) for k, v in long.items()) < 4000
    assert len(long.content) < 60_000  # the page does not echo 6,000 characters back
    assert "1000" in long.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q, code",
    [
        ("水" * 5000, "query_too_long"),
        (" ".join(f"w{i}" for i in range(40)), "too_many_terms"),
        (" ".join(["country:JP"] * 3000), "query_too_long"),
        ("-", "empty_query"),
        ("kind:foo", "bad_filter"),
    ],
)
def test_refused_queries_are_400_in_the_error_shape(client, q, code):
    for url in ("/api/v1/search", "/api/v1/records", "/api/v1/export.csv"):
        response = client.get(url, {"q": q})
        assert response.status_code == 400, (url, response.status_code)
        error = response.json()["error"]
        assert error["code"] == "invalid_parameter" and error["details"] == {"parameter": "q"}
        assert len(response.content) < 2000  # the refused query is not echoed back whole


@pytest.mark.django_db
def test_a_bad_cursor_is_400(client):
    response = client.get("/api/v1/search", {"q": "水道", "cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"parameter": "cursor"}
