"""Real-browser tests (Playwright on Debian's chromium) for what only a browser shows:
htmx facets, Leaflet maps, the cytoscape graph, the language switch, a phone layout.

Each test saves screenshots into its tmp_path (run with --basetemp=DIR to keep them).
Skipped, with the reason, when chromium or the front-end assets are missing, except in
CI (CI=true), where they must run. Never downloads a browser.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache

import koryu.web
from koryu.catalog.importer import ingest_paths
from koryu.catalog.models import Party
from test_web_pages import HOSTILE_TITLE, build_catalog

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VENDOR = Path(koryu.web.__file__).parent / "static" / "vendor"
TIMEOUT_MS = 15_000


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)"
    if not (VENDOR / "leaflet" / "leaflet.js").exists():
        return "front-end assets missing: run `npm ci && python scripts/vendor_assets.py`"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (Python package) is not installed"
    return None


MISSING = None if os.environ.get("CI") == "true" else _missing()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(MISSING is not None, reason=f"browser tests skipped: {MISSING}"),
]


@pytest.fixture
def site(live_server, transactional_db, seeds_dir):
    """The seeds plus the hand-made catalogue (placed organizations), served live."""
    cache.clear()
    report = ingest_paths([seeds_dir])
    assert not report.failed
    ids = build_catalog()
    ids["seed_party"] = (
        Party.objects.exclude(record__source__name="web_fixture.txt")
        .filter(record__kind="agreement")
        .values_list("record_id", flat=True)
        .first()
    )
    return live_server.url, ids


@pytest.fixture
def browser(site):
    """Started after the data is in (and stopped before it is flushed), so that no event
    loop runs in this thread while the ORM works."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page that records JavaScript errors and CSP violations."""

    def __init__(self, page, shots: Path):
        self.page = page
        self.shots = shots
        self.problems: list[str] = []
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("console", self._console)
        page.set_default_timeout(TIMEOUT_MS)

    def _console(self, message) -> None:
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused" in text):
            self.problems.append(f"CSP: {text}")

    def shot(self, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


@pytest.fixture
def ja(browser, tmp_path):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), tmp_path / "screenshots")
    yield watched
    context.close()
    assert not watched.problems, watched.problems


def test_search_and_click_a_facet(site, ja):
    url, _ids = site
    page = ja.page
    page.goto(f"{url}/search?q=港湾")
    wide = int(page.locator(".results-count").get_attribute("data-total"))
    assert wide > 2
    page.evaluate("window.__sameDocument = true")  # gone if the click reloads the page
    page.locator('.facets a[data-facet="kind"][data-value="event"]').click()
    page.wait_for_url(re.compile(r"kind%3Aevent"))
    page.wait_for_selector('.facets a[data-value="event"][aria-current="true"]')
    narrow = int(page.locator(".results-count").get_attribute("data-total"))
    assert narrow < wide
    kinds = page.locator("li.result").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds and set(kinds) == {"event"}
    assert page.evaluate("window.__sameDocument === true")
    ja.shot("search-facet")
    page.go_back()
    page.wait_for_function("!location.search.includes('kind')")
    assert int(page.locator(".results-count").get_attribute("data-total")) == wide


def test_record_party_link_leads_to_the_organization(site, ja):
    url, ids = site
    page = ja.page
    page.goto(f"{url}/records/{ids['a1']}")
    assert page.locator("h1").inner_text() == HOSTILE_TITLE  # shown as text, not run
    ja.shot("record-fixture")
    page.locator("table.parties a.party-link", has_text="ユジノサハリンスク市").click()
    page.wait_for_url(f"{url}/organizations/{ids['ユジノサハリンスク市']}")
    assert page.locator("h1").inner_text() == "ユジノサハリンスク市"
    page.wait_for_selector('.koryu-map[data-ready="true"]')
    ja.shot("organization")
    # A record read from a seed, too.
    page.goto(f"{url}/records/{ids['seed_party']}")
    ja.shot("record-seed")
    link = page.locator("table.parties a.party-link").first
    name = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/organizations/\d+$"))
    assert page.locator("h1").inner_text() == name


def test_the_map_draws_its_lines(site, ja):
    url, _ids = site
    page = ja.page
    page.goto(f"{url}/map")
    page.wait_for_selector('.koryu-map[data-ready="true"]')
    lines = page.locator("path.koryu-line").count()
    assert lines >= 4  # the placed agreements and network ties of the hand-made catalogue
    assert int(page.locator(".koryu-map").get_attribute("data-line-count")) == lines
    assert page.locator(".leaflet-basemap-pane path").count() > 100  # offline basemap
    assert page.locator("img.leaflet-tile").count() == 0  # no tiles unless ONLINE_TILES is set
    ja.shot("map")
    page.goto(f"{url}/map?country=CN")
    page.wait_for_selector('.koryu-map[data-ready="true"]')
    assert 0 < page.locator("path.koryu-line").count() < lines


def test_the_graph_draws_its_nodes(site, ja):
    url, ids = site
    page = ja.page
    page.goto(f"{url}/graph?org={ids['函館市']}")
    page.wait_for_selector('.koryu-graph[data-ready="true"]')
    graph = page.locator(".koryu-graph")
    nodes = int(graph.get_attribute("data-node-count"))
    listed = page.locator("ul.graph-nodes > li").count()
    assert nodes == listed >= 5  # 函館市, its partners and the network hub
    assert int(graph.get_attribute("data-edge-count")) >= 4
    ja.shot("graph-ego")
    page.goto(f"{url}/graph")
    page.wait_for_selector('.koryu-graph[data-ready="true"]')
    assert int(page.locator(".koryu-graph").get_attribute("data-node-count")) > nodes
    ja.shot("graph-all")


def test_statistics_draw_charts_beside_their_tables(site, ja):
    url, _ids = site
    page = ja.page
    page.goto(f"{url}/stats")
    page.wait_for_selector('#per-year[data-chart-ready="true"] canvas')
    assert page.locator("section.chart-block canvas").count() >= 3
    assert page.locator("#per-year table tbody tr").count() > 3
    ja.shot("stats")


def test_the_language_switch(site, ja):
    url, _ids = site
    page = ja.page
    page.goto(f"{url}/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "検索" in page.locator(".site-nav").inner_text()
    ja.shot("home-ja")
    page.locator('.lang-switch button[value="en"]').click()
    page.wait_for_selector('html[lang="en"]')
    assert page.locator(".site-nav").inner_text().split() == [
        "Search", "Map", "Graph", "Statistics", "Data", "quality", "Downloads", "Changes",
    ]  # fmt: skip
    assert page.url == f"{url}/"
    ja.shot("home-en")
    page.goto(f"{url}/stats")
    assert page.locator("#per-year-h").inner_text() == "Records per year"


def test_keyboard_and_phone_layout(site, browser, tmp_path):
    url, ids = site
    context = browser.new_context(locale="ja-JP", viewport={"width": 400, "height": 800})
    watched = Watched(context.new_page(), tmp_path / "screenshots")
    page = watched.page
    for path in (
        "/",
        f"/records/{ids['a1']}",
        "/search?q=港湾",
        "/stats",
        f"/series/{ids['series']}",
    ):
        page.goto(url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 400, (path, overflow)
    watched.shot("phone-search")
    page.goto(f"{url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    watched.shot("phone-home")
    context.close()
    assert not watched.problems, watched.problems
