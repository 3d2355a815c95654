"""Every role against every write, on a record of its own organization and of another one:
the web pages (edit, end, new, revert) and the API (PATCH, POST, DELETE). Runs on both
databases with the rest of the suite."""

from __future__ import annotations

import json

import pytest

from edit_catalog import build
from koryu.accounts import tokens
from koryu.catalog.models import Party, Record

ROLES = ("anonymous", "editor", "other_editor", "reviewer", "admin")
# Whose is the record each role is asked to write: 新潟市's ("a", its ward's "b") or
# 富山市's ("c"). The Niigata editor and regional reviewer may write the first two only.
MAY = {
    "anonymous": set(),
    "editor": {"a", "b"},
    "other_editor": {"c"},
    "reviewer": {"a", "b"},
    "admin": {"a", "b", "c"},
}
OWNER = {"a": "niigata", "b": "niigata", "c": "toyama"}
WEB_OK, API_OK = 302, {"patch": 200, "delete": 200, "post": 201}


def _version(key_pk: int) -> int:
    return Record.objects.get(pk=key_pk).version


def _web(client, action: str, row: Record, org_id: int, partner_id: int):
    v = _version(row.pk)
    if action == "edit":
        return client.post(f"/records/{row.pk}/edit", {"theme": f"t{v}", "version": v})
    if action == "end":
        return client.post(f"/records/{row.pk}/end", {"date_end": "2020-01-01", "version": v})
    if action == "revert":
        return client.post(f"/records/{row.pk}/revert", {"to_version": 1, "version": v})
    return client.post(
        "/records/new",
        {
            "kind": "event",
            "organization": org_id,
            "title": "交流会",
            "partner_name": "ハバロフスク市",
            "partner_choice": f"org:{partner_id}",
            "action": "save",
        },
    )


def _api(client, action: str, row: Record, org_id: int, partner_id: int, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    v = _version(row.pk)
    if action == "patch":
        body = {"theme": f"api{v}", "version": v}
        return client.patch(
            f"/api/v1/records/{row.pk}",
            json.dumps(body),
            content_type="application/json",
            **headers,
        )
    if action == "delete":
        return client.delete(f"/api/v1/records/{row.pk}?version={v}", **headers)
    body = {
        "kind": "program",
        "organization_id": org_id,
        "title": "研修",
        "partner": {"name": "ハバロフスク市", "organization_id": partner_id},
    }
    return client.post(
        "/api/v1/records", json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.parametrize("key", ["a", "b", "c"])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(db, client, role, key):
    cat = build()
    user = cat["users"][role]
    token = tokens.issue(user) if user is not None else None
    if user is not None:
        client.force_login(user)
    row = cat["records"][key]
    org_id = cat[OWNER[key]].pk
    partner_id = Party.objects.get(name="ハバロフスク市").organization_id
    allowed = key in MAY[role]
    outcome = {}
    for action in ("edit", "revert", "new", "end"):
        outcome[f"web {action}"] = _web(client, action, row, org_id, partner_id).status_code
    for action in ("patch", "post", "delete"):
        outcome[f"api {action}"] = _api(client, action, row, org_id, partner_id, token).status_code
    if allowed:
        expected = {f"web {a}": WEB_OK for a in ("edit", "revert", "new", "end")}
        expected.update({f"api {a}": s for a, s in API_OK.items()})
    elif user is None:
        # pages send anonymous visitors to sign in; a revert form posted without a session
        # and the API say 401
        expected = {"web edit": 302, "web revert": 401, "web new": 302, "web end": 302}
        expected.update({f"api {a}": 401 for a in API_OK})
    else:
        expected = {f"web {a}": 403 for a in ("edit", "revert", "new", "end")}
        expected.update({f"api {a}": 403 for a in API_OK})
    assert outcome == expected
    row.refresh_from_db()
    if allowed:
        assert row.status == "ended" and row.version > 1
    else:
        assert row.version == 1 and row.status == ""
        if user is None:
            assert "/accounts/login/" in _web(client, "edit", row, org_id, partner_id)["Location"]


# The uploads and the survey workbook (issue 15 items 5 and 6): who may add documents,
# export 新潟市's survey and import a workbook.
UPLOAD_MAY = {"anonymous": 302, "editor": 302, "other_editor": 302, "reviewer": 302, "admin": 302}
EXPORT_MAY = {"anonymous": 302, "editor": 403, "other_editor": 403, "reviewer": 200, "admin": 200}
IMPORT_MAY = {"anonymous": 302, "editor": 403, "other_editor": 403, "reviewer": 302, "admin": 302}


@pytest.mark.parametrize("role", ROLES)
def test_upload_and_survey_matrix(db, client, role, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from koryu.uploads.models import Upload

    settings.UPLOAD_DIR = tmp_path
    cat = build()
    user = cat["users"][role]
    if user is not None:
        client.force_login(user)
    upload = client.post("/uploads/new", {"files": SimpleUploadedFile("a.txt", b"text\n")})
    export = client.get("/survey/export", {"organization": cat["niigata"].pk})
    survey = client.post("/survey/import", {"workbook": SimpleUploadedFile("s.xlsx", b"x")})
    outcome = {"upload": upload.status_code, "export": export.status_code}
    outcome["import"] = survey.status_code
    expected = {"upload": UPLOAD_MAY[role], "export": EXPORT_MAY[role]}
    expected["import"] = IMPORT_MAY[role]
    assert outcome == expected
    if user is None:
        assert "/accounts/login/" in upload["Location"] and "/accounts/login/" in survey["Location"]
        assert Upload.objects.count() == 0
    else:
        assert upload["Location"] == f"/uploads/{Upload.objects.get().pk}"
