"""One JSON error shape for every failure under /api/ (docs/api.md):

{"error": {"status": int, "code": str, "message": str, "details": ...}}
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"]
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/records?cursor=not-a-cursor",
        "/api/v1/records?_next=WyJ4Il0",
        "/api/v1/organizations?cursor=WzFd",
        "/api/v1/organizations?country=Japan",
    ],
)
def test_400_bad_parameter(client, url):
    """Values the OpenAPI document allows but the service refuses (opaque cursors)."""
    error = assert_error_shape(client.get(url), 400, "invalid_parameter")
    assert error["details"]["parameter"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/records/987654",
        "/api/v1/organizations/987654",
        "/api/v1/networks/987654",
        "/api/v1/series/987654",
        "/api/v1/graph?center=987654",
        "/api/v2/records",
        "/api/v1/nothing-here",
        "/api/v1/records/1/extra",
    ],
)
def test_404_not_found(client, url):
    assert_error_shape(client.get(url), 404, "not_found")


@pytest.mark.parametrize(
    "method,url,allowed",
    [
        *((m, "/api/v1/map", ["GET"]) for m in ("post", "put", "patch", "delete")),
        # records are written with a token (docs/api.md): other methods are still 405
        ("put", "/api/v1/records", ["GET", "POST"]),
        ("patch", "/api/v1/records", ["GET", "POST"]),
        ("put", "/api/v1/records/1", ["DELETE", "GET", "PATCH"]),
        ("post", "/api/v1/records/1", ["DELETE", "GET", "PATCH"]),
    ],
)
def test_405_method_not_allowed(client, method, url, allowed):
    response = getattr(client, method)(url)
    error = assert_error_shape(response, 405, "method_not_allowed")
    assert error["details"] == {"allowed": allowed}
    assert response["Allow"] == ", ".join(allowed)


@pytest.mark.parametrize(
    "method,url",
    [("post", "/api/v1/records"), ("patch", "/api/v1/records/1"), ("delete", "/api/v1/records/1")],
)
def test_writes_without_a_token_are_401(client, method, url):
    response = getattr(client, method)(url, "{}", content_type="application/json")
    assert_error_shape(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/records/abc",
        "/api/v1/records?limit=0",
        "/api/v1/records?limit=201",
        "/api/v1/records?year_from=soon",
        "/api/v1/graph?depth=3",
        "/api/v1/search",  # q is required
        "/api/v1/records?kind=treaty",
        "/api/v1/records?country=Japan",
        "/api/v1/map?sector=space",
        "/api/v1/stats?type=alliance",
        "/api/v1/export.csv?status=dormant",
    ],
)
def test_422_invalid_request(client, url):
    """Values outside what the OpenAPI document allows."""
    error = assert_error_shape(client.get(url), 422, "validation_error")
    assert error["details"] and all("loc" in d and "msg" in d for d in error["details"])


def test_500_internal_error(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("koryu.catalog.queries.list_records", broken)
    error = assert_error_shape(client.get("/api/v1/records"), 500, "internal_error")
    assert "boom" not in error["message"]  # no internals leak to the client
