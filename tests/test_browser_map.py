"""The map of a catalogue with thousands of pairs, in a real browser: clusters and
bundles with counts when zoomed out, each pair as its own line when zoomed in.

Skipped like tests/test_browser.py when chromium or the front-end assets are missing
(never in CI). Screenshots go into the test's tmp_path (--basetemp=DIR keeps them).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from map_catalog import build_map_catalog
from test_browser import CHROMIUM, CHROMIUM_ARGS, MISSING, Watched

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(MISSING is not None, reason=f"browser tests skipped: {MISSING}"),
]

PAIRS = 4_000  # more than one view draws line by line (queries.MAP_EDGE_CAP)


@pytest.fixture
def site(live_server, transactional_db):
    cache.clear()
    build_map_catalog(PAIRS, places=3_000, unplaced_pairs=40)
    return live_server.url


@pytest.fixture
def ja(site, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
        watched = Watched(context.new_page(), tmp_path / "screenshots")
        yield watched
        context.close()
        browser.close()
    assert not watched.problems, watched.problems


def _settled(page) -> None:
    page.wait_for_function(
        "() => { const m = document.querySelector('.koryu-map');"
        " return m.dataset.ready === 'true' && m.dataset.loading === 'false'; }"
    )


def test_thousands_of_pairs_cluster_then_come_apart(site, ja):
    page = ja.page
    page.goto(f"{site}/map")
    _settled(page)
    el = page.locator(".koryu-map")
    assert el.get_attribute("data-mode") == "cells"
    clusters = page.locator(".koryu-cluster").count()
    assert clusters == int(el.get_attribute("data-cluster-count")) > 5
    assert page.locator("path.koryu-bundle").count() > 10
    # the counts drawn add up to every placed pair: nothing cut
    assert int(el.get_attribute("data-pair-count")) == PAIRS
    total = sum(int(t) for t in page.locator(".koryu-cluster span").all_inner_texts())
    assert total > 2_000  # organizations counted in the clusters
    status = page.locator("#map-status").inner_text()
    assert str(PAIRS) in status
    assert "40" in page.locator("#unplaced").inner_text()  # pairs not on the map, said so
    ja.shot("map-clusters")

    # Zoom in on the biggest cluster until its pairs are drawn one by one.
    for _ in range(4):
        if el.get_attribute("data-mode") == "pairs":
            break
        zoom = el.get_attribute("data-zoom")
        biggest = max(
            page.locator(".koryu-cluster").all(),
            key=lambda c: int(c.locator("span").inner_text()),
        )
        biggest.click()
        page.wait_for_function(
            f"() => document.querySelector('.koryu-map').dataset.zoom !== '{zoom}'"
        )
        _settled(page)
    assert el.get_attribute("data-mode") == "pairs"
    lines = page.locator("path.koryu-line").count()
    assert lines == int(el.get_attribute("data-line-count")) > 20
    assert page.locator("path.koryu-bundle").count() == 0
    ja.shot("map-zoomed")
