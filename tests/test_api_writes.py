"""Writes through the JSON API with a Bearer API token: PATCH, POST and DELETE (end) on
/api/v1/records, with the web pages' permission rules and optimistic locking."""

from __future__ import annotations

import json

import pytest

from edit_catalog import build
from koryu.accounts import tokens
from koryu.catalog import history
from koryu.catalog.models import Party, Record


@pytest.fixture
def cat(db):
    data = build()
    data["tokens"] = {k: tokens.issue(u) for k, u in data["users"].items() if u is not None}
    return data


def call(client, method: str, url: str, token: str | None = None, body=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    send = getattr(client, method)
    if body is None:
        response = send(url, **headers)
    else:
        response = send(url, json.dumps(body), content_type="application/json", **headers)
    return response.status_code, json.loads(response.content or b"null")


def test_patch_with_a_token(cat, client):
    row = cat["records"]["a"]
    status, data = call(
        client, "patch", f"/api/v1/records/{row.pk}", cat["tokens"]["editor"],
        {"theme": "港湾交流", "date": "昭和40年7月2日", "sectors": ["port"], "version": 1},
    )  # fmt: skip
    assert status == 200, data
    assert (data["theme"], data["date"], data["sectors"], data["version"]) == (
        "港湾交流", "1965-07-02", ["port"], 2,
    )  # fmt: skip
    newest = history.record_versions(row.pk)[0]
    assert newest["user"] == "niigata-editor" and newest["source"] == "edit"
    # the read side says the version too
    assert call(client, "get", f"/api/v1/records/{row.pk}")[1]["version"] == 2


def test_if_match_and_stale_versions(cat, client):
    row = cat["records"]["a"]
    token = cat["tokens"]["editor"]
    url = f"/api/v1/records/{row.pk}"
    assert call(client, "patch", url, token, {"theme": "一"}, HTTP_IF_MATCH='"1"')[0] == 200
    status, data = call(client, "patch", url, token, {"theme": "二"}, HTTP_IF_MATCH='"1"')
    assert status == 409 and data["error"]["code"] == "version_conflict"
    assert data["error"]["details"] == {"version": 2, "expected": 1}
    assert Record.objects.get(pk=row.pk).theme == "一"
    assert call(client, "patch", url, token, {"theme": "二", "version": 1})[0] == 409
    assert call(client, "patch", url, token, {"theme": "二", "version": 2})[0] == 200


def test_refusals_are_401_403_400_422_in_the_error_shape(cat, client):
    row = cat["records"]["c"]  # 富山市's
    url = f"/api/v1/records/{row.pk}"
    status, data = call(client, "patch", url, None, {"theme": "x"})
    assert status == 401 and data["error"]["code"] == "unauthorized"
    assert call(client, "patch", url, "not-a-token", {"theme": "x"})[0] == 401
    status, data = call(client, "patch", url, cat["tokens"]["editor"], {"theme": "x"})
    assert status == 403 and data["error"]["code"] == "forbidden"
    own = f"/api/v1/records/{cat['records']['a'].pk}"
    status, data = call(client, "patch", own, cat["tokens"]["editor"], {"date": "someday"})
    assert status == 400 and data["error"]["code"] == "invalid_value"
    assert "date" in data["error"]["details"]
    status, data = call(client, "patch", own, cat["tokens"]["editor"], {"colour": "red"})
    assert status == 422 and data["error"]["code"] == "validation_error"
    assert (
        call(client, "patch", "/api/v1/records/999999", cat["tokens"]["admin"], {"theme": "x"})[0]
        == 404
    )


def test_parties_by_position(cat, client):
    row = cat["records"]["a"]
    status, data = call(
        client, "patch", f"/api/v1/records/{row.pk}", cat["tokens"]["editor"],
        {"parties": [{}, {"name": "ウラジオストク市"}]},
    )  # fmt: skip
    assert status == 200, data
    assert [p["name"] for p in data["parties"]] == ["新潟市", "ウラジオストク市"]


def test_post_creates_and_delete_ends(cat, client):
    niigata = cat["niigata"]
    partner = Party.objects.get(name="ハバロフスク市").organization
    body = {
        "kind": "delegation",
        "organization_id": niigata.pk,
        "title": "新潟市訪問団",
        "date": "2024年5月1日",
        "partner": {"name": "ハバロフスク市", "organization_id": partner.pk},
    }
    status, data = call(client, "post", "/api/v1/records", cat["tokens"]["editor"], body)
    assert status == 201, data
    assert data["kind"] == "delegation" and data["date"] == "2024-05-01" and data["version"] == 1
    assert [p["organization_id"] for p in data["parties"]] == [niigata.pk, partner.pk]
    assert call(client, "post", "/api/v1/records", cat["tokens"]["other_editor"], body)[0] == 403
    assert call(client, "post", "/api/v1/records", None, body)[0] == 401

    url = f"/api/v1/records/{data['id']}"
    status, ended = call(
        client, "delete", f"{url}?date_end=令和6年6月30日&version=1", cat["tokens"]["editor"]
    )
    assert status == 200, ended
    assert (ended["status"], ended["date_end"], ended["version"]) == ("ended", "2024-06-30", 2)
    assert call(client, "delete", f"{url}?version=1", cat["tokens"]["editor"])[0] == 409
    assert call(client, "delete", url, cat["tokens"]["other_editor"])[0] == 403
    assert Record.objects.filter(pk=data["id"]).exists()  # ended, not removed


def test_write_endpoints_are_in_the_openapi_document(client):
    schema = json.loads(client.get("/api/openapi.json").content)
    paths = schema["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/records"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/records/{record_id}"])
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for method in ("patch", "delete"):
        assert {"401", "403", "409"} <= set(
            paths["/api/v1/records/{record_id}"][method]["responses"]
        )
