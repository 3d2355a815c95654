"""The map by view (zoom and box): every placed pair is drawn or counted, never cut."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from lxml import html as lxml_html

from koryu.catalog import map_grid
from koryu.catalog import queries as q
from koryu.catalog.models import Organization, Pair, Source
from map_catalog import UNPLACED, build_map_catalog

pytestmark = pytest.mark.django_db

PAIRS = 25_000
UNPLACED_PAIRS = 300


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """Built once for the module (committed), removed after it."""
    with django_db_blocker.unblock():
        cache.clear()
        data = build_map_catalog(PAIRS, unplaced_pairs=UNPLACED_PAIRS)
        yield data
        Pair.objects.all().delete()
        Organization.objects.all().delete()
        Source.objects.all().delete()
        cache.clear()


@pytest.fixture
def big(built, db):
    cache.clear()
    return built


def drawn_pairs(fc: dict) -> int:
    """Pairs the collection accounts for: single lines, bundles, pairs inside clusters."""
    total = 0
    for f in fc["features"]:
        p = f["properties"]
        if p["feature"] == "edge":
            total += 1
        elif p["feature"] == "bundle":
            total += p["pairs"]
        elif p["feature"] == "cluster":
            total += p["pairs_within"]
    return total


def pairs_touching(viewport: map_grid.Viewport) -> set[tuple[str, int, int]]:
    """Computed here without the map code: pairs with an end inside the box."""
    places = {
        pk: (lat, lon)
        for pk, lat, lon in Organization.objects.filter(
            lat__isnull=False, lon__isnull=False
        ).values_list("pk", "lat", "lon")
    }

    def inside(lat, lon):
        if not viewport.south <= lat <= viewport.north:
            return False
        return any(viewport.west <= lon + t <= viewport.east for t in (0, 360, -360))

    return {
        (kind, a, b)
        for kind, a, b in Pair.objects.values_list("kind", "org_a", "org_b")
        if a in places and b in places and (inside(*places[a]) or inside(*places[b]))
    }


@pytest.mark.parametrize("zoom", [0, 1, 2, 3, 5, 8])
def test_whole_world_accounts_for_every_placed_pair(big, zoom):
    fc = q.map_view(q.Filters(), q.parse_viewport(zoom, None))
    meta = fc["meta"]
    assert meta["edges_total"] == PAIRS
    assert meta["edges_in_view"] == PAIRS
    assert meta["truncated"] is False
    assert drawn_pairs(fc) == PAIRS
    assert meta["mode"] == "cells"  # 25,000 pairs are far more than one line each
    clusters = [f for f in fc["features"] if f["properties"]["feature"] == "cluster"]
    # every placed organization with a pair is in exactly one cluster
    placed_ids = set(big[0])
    placed = {
        oid
        for a, b in Pair.objects.values_list("org_a", "org_b")
        if a in placed_ids and b in placed_ids
        for oid in (a, b)
    }
    assert sum(c["properties"]["organizations"] for c in clusters) == len(placed)


def test_cells_get_finer_as_one_zooms_in(big):
    counts = []
    for zoom in (1, 3, 5):
        fc = q.map_view(q.Filters(), q.parse_viewport(zoom, None))
        counts.append(sum(1 for f in fc["features"] if f["properties"]["feature"] == "cluster"))
    assert counts[0] < counts[1] < counts[2]


def test_small_box_draws_each_pair_of_the_box(big):
    viewport = q.parse_viewport(9, "139.0,35.0,140.0,36.0")
    fc = q.map_view(q.Filters(), viewport)
    expected = pairs_touching(viewport)
    assert 0 < len(expected) <= q.MAP_EDGE_CAP
    assert fc["meta"]["mode"] == "pairs"
    edges = {
        (f["properties"]["kind"], f["properties"]["source"], f["properties"]["target"])
        for f in fc["features"]
        if f["properties"]["feature"] == "edge"
    }
    assert edges == expected
    assert fc["meta"]["edges_in_view"] == len(expected) == drawn_pairs(fc)
    # names per language, for the page to label lines and points in its own
    edge = next(f["properties"] for f in fc["features"] if f["properties"]["feature"] == "edge")
    assert edge["source_names"]["ja"].startswith("地点")
    point = next(
        f["properties"] for f in fc["features"] if f["properties"]["feature"] == "organization"
    )
    assert point["names"]["en"] == point["name"]


def test_box_across_the_pacific_seam(big):
    # The page centres the map on the Pacific: its box runs past 180 east.
    viewport = q.parse_viewport(6, "170.0,-40.0,190.0,-33.0")
    fc = q.map_view(q.Filters(), viewport)
    expected = pairs_touching(viewport)
    assert expected
    assert fc["meta"]["edges_in_view"] == len(expected) == drawn_pairs(fc)


def test_medium_box_gathers_and_still_counts_everything(big):
    viewport = q.parse_viewport(4, "100.0,10.0,160.0,50.0")
    fc = q.map_view(q.Filters(), viewport)
    expected = pairs_touching(viewport)
    assert len(expected) > q.MAP_EDGE_CAP
    assert fc["meta"]["mode"] == "cells"
    assert drawn_pairs(fc) == fc["meta"]["edges_in_view"] == len(expected)


def test_unplaced_pairs_counted_by_reason(big):
    _placed, unplaced = big
    summary = q.map_unplaced()
    assert summary["pairs"] == UNPLACED_PAIRS
    assert summary["organizations"] == sum(UNPLACED.values())
    by = summary["by_resolution"]
    assert {k: v["organizations"] for k, v in by.items()} == UNPLACED
    assert sum(v["pairs"] for v in by.values()) == UNPLACED_PAIRS
    fc = q.map_view(q.Filters(), q.parse_viewport(2, None))
    assert fc["meta"]["unplaced_edges"] == UNPLACED_PAIRS
    assert fc["meta"]["unplaced"] == summary


def test_kind_filter_keeps_the_count(big):
    fc = q.map_view(q.Filters(kind=("network",)), q.parse_viewport(2, None))
    assert fc["meta"]["edges_total"] == PAIRS // 10 == drawn_pairs(fc)


def test_api_by_view_and_unchanged_without(client, big):
    r = client.get("/api/v1/map", {"zoom": "3", "bbox": "-180,-90,180,90"})
    assert r.status_code == 200
    fc = json.loads(r.content)
    assert drawn_pairs(fc) == PAIRS and fc["meta"]["mode"] == "cells"
    # without zoom or bbox: the busiest 3,000 as before, saying so
    old = json.loads(client.get("/api/v1/map").content)
    assert old["meta"]["truncated"] is True
    assert old["meta"]["edges"] == q.MAP_EDGE_CAP
    assert old["meta"]["edges_total"] == PAIRS


@pytest.mark.parametrize(
    "params,field",
    [
        ({"zoom": "2", "bbox": "1,2,3"}, "bbox"),
        ({"zoom": "2", "bbox": "10,0,5,1"}, "bbox"),
        ({"zoom": "2", "bbox": "a,b,c,d"}, "bbox"),
        ({"zoom": "99"}, "zoom"),
    ],
)
def test_api_rejects_a_bad_view(client, db, params, field):
    r = client.get("/api/v1/map", params)
    assert r.status_code in (400, 422)
    body = json.loads(r.content)
    assert "error" in body or "detail" in body


def test_map_page_says_what_is_not_placed_and_links_the_list(client, big):
    doc = lxml_html.fromstring(client.get("/map", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    section = doc.cssselect("#unplaced")[0]
    assert f"{UNPLACED_PAIRS} pairs are not on the map" in section.text_content()
    reasons = {li.get("data-resolution"): li for li in section.cssselect("li")}
    assert set(reasons) == set(UNPLACED)
    href = reasons["ambiguous"].cssselect("a")[0].get("href")
    assert href.startswith("/organizations?") and "placed=no" in href
    listing = lxml_html.fromstring(client.get(href).content.decode())
    rows = listing.cssselect("table.organizations tbody tr")
    assert len(rows) == UNPLACED["ambiguous"]
    assert all("Unplaced ambiguous" in row.text_content() for row in rows)


def test_organization_list_placed_and_tied_filters(client, big):
    api = json.loads(client.get("/api/v1/organizations", {"placed": "no", "tied": "yes"}).content)
    assert api["total"] == sum(UNPLACED.values())
    Organization.objects.create(name="Lonely", resolution="new")  # no coordinates, no pair
    api = json.loads(client.get("/api/v1/organizations", {"placed": "false"}).content)
    assert api["total"] == sum(UNPLACED.values()) + 1
    api = json.loads(client.get("/api/v1/organizations", {"placed": "no", "tied": "1"}).content)
    assert api["total"] == sum(UNPLACED.values())
