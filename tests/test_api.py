"""The JSON API in-process: every endpoint, pagination, filters, exports, docs."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from catalog_builder import build_catalog
from koryu.catalog import queries
from koryu.catalog.export import CSV_COLUMNS
from koryu.catalog.models import Record, Series

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return build_catalog()


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.content[:500])
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.json()


def rid(key: str) -> int:
    return Record.objects.get(key=key).pk


@pytest.fixture
def indexed(orgs):
    """The catalogue with its search index rebuilt after the fixture's direct edits."""
    from koryu.search.index import rebuild

    rebuild()
    return orgs


# --- records ------------------------------------------------------------------------------


def test_records_pages_with_next_token_either_name(client, orgs):
    first = get(client, "/api/v1/records", limit=4)
    assert first["total"] == 9 and len(first["results"]) == 4 and first["next"]
    second = get(client, "/api/v1/records", limit=4, cursor=first["next"])
    same = get(client, "/api/v1/records", limit=4, _next=first["next"])
    assert second == same
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])
    third = get(client, "/api/v1/records", limit=4, cursor=second["next"])
    assert len(third["results"]) == 1 and third["next"] is None


def test_records_filters_match_the_service(client, orgs):
    params = {"kind": "agreement", "country": "CN", "sector": "water"}
    data = get(client, "/api/v1/records", **params)
    assert data == queries.list_records(queries.Filters.from_mapping(params))
    assert [r["title"] for r in data["results"]] == ["北川市と大連市の友好都市提携"]
    org = orgs["Владивосток"].pk
    assert get(client, "/api/v1/records", org=org)["total"] == 3


def test_record_detail(client, orgs):
    data = get(client, f"/api/v1/records/{rid('card-1')}")
    assert data["background"] and data["source"]["sha256"] == "a" * 64
    assert data["parties"][0]["organization"]["lat"] == 35.0
    assert data["related"][0]["reason"] == "linked"


# --- organizations, networks, series ------------------------------------------------------


def test_organizations_list_and_detail(client, orgs):
    data = get(client, "/api/v1/organizations", country="JP", limit=2)
    assert data["total"] == 3 and data["next"]
    rest = get(client, "/api/v1/organizations", country="JP", limit=2, _next=data["next"])
    names = [o["name"] for o in data["results"] + rest["results"]]
    assert sorted(names) == sorted(["北川市", "南浜町", "東山県"])
    assert get(client, "/api/v1/organizations", placed="true")["total"] == 6
    detail = get(client, f"/api/v1/organizations/{orgs['北川市'].pk}")
    assert detail["parents"][0]["name"] == "東山県"
    assert detail["relations"]["agreement"] == 3


def test_network_and_series(client, orgs):
    network = get(client, f"/api/v1/networks/{rid('net')}")
    assert {m["role"] for m in network["members"]} == {"secretariat", "member", "observer"}
    series = get(client, f"/api/v1/series/{Series.objects.get().pk}")
    assert [e["number"] for e in series["editions"]] == [1, 2]
    get(client, f"/api/v1/networks/{rid('card-1')}", status=404)


# --- aggregates are the services' output --------------------------------------------------


def test_stats_map_graph_quality_are_the_services_json(client, orgs):
    assert get(client, "/api/v1/stats", year_from=2000) == queries.stats_data(
        queries.Filters(year_from=2000)
    )
    fc = get(client, "/api/v1/map", kind="agreement")
    assert fc == json.loads(json.dumps(queries.map_data(queries.Filters(kind=("agreement",)))))
    assert {f["properties"]["kind"] for f in fc["features"] if "kind" in f["properties"]} == {
        "agreement"
    }
    graph = get(client, "/api/v1/graph", center=orgs["北川市"].pk, depth=2)
    assert graph["meta"] == {"center": orgs["北川市"].pk, "depth": 2} | {
        k: graph["meta"][k] for k in ("organizations_total", "truncated")
    }
    get(client, "/api/v1/graph", status=422, depth=3)
    quality = get(client, "/api/v1/quality")
    assert quality["findings_total"] == 2


# --- exports ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the full export is written by another thread
def test_export_csv_json_geojson_with_filters(client, orgs, settings, tmp_path):
    settings.CACHE_DIR = tmp_path
    response = client.get("/api/v1/export.csv", {"kind": "agreement"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert len(rows) == 4 and list(rows[0]) == CSV_COLUMNS
    assert rows[0]["source_document"] == "test-cards.txt"
    records = json.loads(get(client, "/api/v1/export.json", sector="water"))["records"]
    assert [r["title"] for r in records] == [
        "北川市と大連市の友好都市提携",
        "上下水道研修プログラム",
    ]
    assert records == queries.list_records(queries.Filters(sector=("water",)))["results"]
    geo = json.loads(get(client, "/api/v1/export.geojson"))
    kinds = {f["geometry"]["type"] for f in geo["features"]}
    assert {"LineString", "MultiPoint"} <= kinds
    assert all("contacts" not in f["properties"] for f in geo["features"])


@pytest.mark.django_db(transaction=True)  # the export file is written by another thread
def test_export_streams_past_one_block(client, orgs, monkeypatch, settings, tmp_path):
    settings.CACHE_DIR = tmp_path
    monkeypatch.setattr("koryu.api.export_files.BLOCK", 64)
    records = json.loads(get(client, "/api/v1/export.json"))["records"]
    assert [r["id"] for r in records] == sorted(Record.objects.values_list("pk", flat=True))


# --- search -------------------------------------------------------------------------------


def test_search_filters_as_parameters_are_the_query_languages(client, indexed):
    data = get(client, "/api/v1/search", q="北川市", limit=2, sort="date")
    assert data["query"]["canonical"] == "北川市" and len(data["results"]) == 2
    assert all(h["type"] in ("record", "organization") for h in data["results"])
    as_params = get(client, "/api/v1/search", q="北川市", type="sister,friendship", limit=1)
    in_text = get(client, "/api/v1/search", q="北川市 type:sister,friendship", limit=1)
    assert as_params["total"] == in_text["total"] == 2
    assert as_params["results"] == in_text["results"] and as_params["next"]
    rest = get(
        client, "/api/v1/search", q="北川市", type="sister,friendship", cursor=as_params["next"]
    )
    assert rest["next"] is None
    titles = {as_params["results"][0]["title"], rest["results"][0]["title"]}
    assert titles == {"北川市と大連市の友好都市提携", "北川市と釜山広域市の姉妹都市提携"}
    assert (
        get(client, "/api/v1/search", q="北川市", country="CN")["total"]
        == get(client, "/api/v1/search", q="北川市 country:CN")["total"]
    )


def test_records_and_exports_take_q(client, indexed):
    data = get(client, "/api/v1/records", q="セミナー")
    assert {r["title"] for r in data["results"]} == {
        "第1回 環日本海港湾セミナー",
        "第2回 環日本海港湾セミナー",
    }
    assert data["total"] == 2 and data["total_exact"] is True
    assert get(client, "/api/v1/records", q="セミナー", year_from=2006)["total"] == 1
    exported = get(client, "/api/v1/export.csv", q="セミナー").removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [int(r["id"]) for r in rows] == [r["id"] for r in data["results"]]


def test_organizations_with_q_are_the_searchs_organizations(client, indexed):
    searched = get(client, "/api/v1/search", q="北川市", limit=50)
    organizations = [h["id"] for h in searched["results"] if h["type"] == "organization"]
    listed = get(client, "/api/v1/organizations", q="北川市")
    assert organizations and [o["id"] for o in listed["results"]] == organizations
    assert listed["total"] == len(organizations) and listed["results"][0]["records"] >= 1
    assert get(client, "/api/v1/organizations", q="北川市", country="CN")["total"] == 0
    error = get(client, "/api/v1/organizations", status=400, q="北川市", placed="true")
    assert error["error"]["code"] == "invalid_parameter"


def test_records_with_q_holds_only_what_the_search_finds(client, indexed):
    """A record is listed for q only when the search finds it (never an organization's
    id taken for a record's)."""
    searched = get(client, "/api/v1/search", q="謎の村", limit=50)
    records = [h["id"] for h in searched["results"] if h["type"] == "record"]
    listed = get(client, "/api/v1/records", q="謎の村")
    assert [r["id"] for r in listed["results"]] == records
    organizations = [h for h in searched["results"] if h["type"] == "organization"]
    assert listed["total"] == searched["total"] - len(organizations)


# --- OpenAPI and docs ---------------------------------------------------------------------


def test_openapi_lists_every_endpoint(client):
    paths = get(client, "/api/openapi.json")["paths"]
    for endpoint in (
        "/api/v1/records",
        "/api/v1/records/{record_id}",
        "/api/v1/organizations",
        "/api/v1/organizations/{org_id}",
        "/api/v1/networks/{record_id}",
        "/api/v1/series/{series_id}",
        "/api/v1/search",
        "/api/v1/stats",
        "/api/v1/map",
        "/api/v1/graph",
        "/api/v1/quality",
        "/api/v1/export.csv",
        "/api/v1/export.json",
        "/api/v1/export.geojson",
    ):
        assert endpoint in paths, endpoint


def test_docs_page_loads_only_local_assets(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assets = re.findall(r"(?:src|href)=\"([^\"]+)\"", html)
    assert len(assets) == 4
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        b"".join(asset.streaming_content)
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings["url"] == "/api/openapi.json"


def test_api_root_points_at_the_description(client):
    data = get(client, "/api/")
    assert data["openapi"] == "/api/openapi.json" and data["docs"] == "/api/docs"
    assert "/api/v1/records" in data["endpoints"]


def test_every_endpoint_and_parameter_is_documented(client):
    from conftest import REPO

    doc = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    for path, operations in get(client, "/api/openapi.json")["paths"].items():
        assert f"`GET {path}`" in doc, path
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "path":  # named in the path itself
                continue
            assert f"`{parameter['name']}`" in doc, (path, parameter["name"])
