"""HTML pages with Django's test client: every page on an empty catalogue, on a catalogue
built here (with hostile text in it) and on the ingested seeds; HTML checked with CSS
selectors; escaping, CSP, JSON twins, language switch."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re

import pytest
from django.core.cache import cache
from lxml import html as lxml_html

from koryu import records as rec
from koryu.catalog.importer import import_document, ingest_paths
from koryu.catalog.models import Organization, Record, Series
from koryu.catalog.organizations import OrganizationResolver

HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_NAME = "<img src=x onerror=alert(4)>市"
HOSTILE_TEXT = "<b>bold</b><img src=x onerror=alert(3)>"

# Places of the hand-made catalogue (so that maps and graphs have something to draw
# whatever the gazetteer knows).
PLACES = {
    "函館市": ("JP", 41.7687, 140.7288),
    "ユジノサハリンスク市": ("RU", 46.9591, 142.7380),
    "天津市": ("CN", 39.1336, 117.2054),
    "Busan": ("KR", 35.1796, 129.0756),
    HOSTILE_NAME: ("KR", 36.0, 128.0),
}


def _party(name: str, role: str, **kw) -> rec.Party:
    return rec.Party(name=name, role=role, country=PLACES[name][0], **kw)


def web_document(name: str = "web_fixture.txt") -> rec.Document:
    """Five kinds of record, written here (not taken from the seeds)."""
    records = [
        rec.Record(
            kind="agreement",
            key="a1",
            title=HOSTILE_TITLE,
            line_start=1,
            line_end=4,
            parties=[
                _party("函館市", "japanese_party"),
                _party("ユジノサハリンスク市", "foreign_party"),
            ],
            date="2011-12-26",
            date_raw="平成23（2011）年12月26日",
            agreement_type="sister",
            sectors=["water"],
            status="active",
            purpose=HOSTILE_TEXT,
            contacts=[
                rec.Contact(
                    department="国際課", phones=["0138-00-0000"], emails=["intl@example.org"]
                )
            ],
            urls=["https://example.org/hakodate", "javascript:alert(2)"],
            related_keys=["a2"],
        ),
        rec.Record(
            kind="agreement",
            key="a2",
            title="函館市・天津市 友好都市提携",
            line_start=5,
            line_end=8,
            parties=[_party("函館市", "japanese_party"), _party("天津市", "foreign_party")],
            date="1995-04",
            date_raw="平成7年4月",
            agreement_type="friendship",
            sectors=["economy", "culture"],
        ),
        rec.Record(
            kind="network",
            key="n1",
            title="北の港湾都市ネットワーク",
            line_start=9,
            line_end=14,
            parties=[
                _party("ユジノサハリンスク市", "secretariat"),
                _party("函館市", "member", date_start="2001-04", date_start_raw="平成13年4月"),
                _party("天津市", "member", date_start="2003"),
                _party("Busan", "member"),
            ],
            description="港湾都市の協力",
        ),
        rec.Record(
            kind="event",
            key="e3",
            title="第3回 港湾交流セミナー",
            line_start=15,
            line_end=18,
            parties=[_party("天津市", "host")],
            series="港湾交流セミナー",
            edition=3,
            fiscal_year="2012",
            fiscal_year_raw="平成24年度",
            theme="港湾の環境対策",
            date="2012-10-05",
        ),
        rec.Record(
            kind="event",
            key="e4",
            title="第4回 港湾交流セミナー",
            line_start=19,
            line_end=22,
            parties=[_party("函館市", "host")],
            series="港湾交流セミナー",
            edition=4,
            fiscal_year="2013",
            theme="観光と港",
            date="2013-11-07",
        ),
        rec.Record(
            kind="delegation",
            key="d1",
            title="ユジノサハリンスク市訪問団",
            line_start=23,
            line_end=25,
            parties=[
                _party("ユジノサハリンスク市", "sender", count=12),
                _party("函館市", "visited"),
            ],
            participants_count=12,
            date_start="2014-07-01",
            date_end="2014-07-05",
        ),
        rec.Record(
            kind="program",
            key="p1",
            title="青少年交流事業",
            line_start=26,
            line_end=30,
            parties=[_party("函館市", "implementer"), _party(HOSTILE_NAME, "partner")],
            description=HOSTILE_TEXT,
            sectors=["youth"],
            fiscal_year="2015",
        ),
    ]
    return rec.Document(
        name=name,
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        format="test",
        language="ja",
        records=records,
        line_count=30,
    )


def build_catalog() -> dict[str, int]:
    """Import the hand-made document, place its organizations; ids by key/name."""
    cache.clear()
    import_document(web_document(), resolver=OrganizationResolver(use_gazetteer=False))
    ids: dict[str, int] = {}
    for name, (_country, lat, lon) in PLACES.items():
        org = Organization.objects.get(aliases__name=name)
        org.lat, org.lon = lat, lon
        org.save(update_fields=["lat", "lon"])
        ids[name] = org.pk
    for record in Record.objects.filter(source__name="web_fixture.txt"):
        ids[record.key] = record.pk
    ids["series"] = Series.objects.get(name="港湾交流セミナー").pk
    cache.clear()
    return ids


@pytest.fixture
def catalog(db) -> dict[str, int]:
    return build_catalog()


def page(response):
    assert response["Content-Type"].startswith("text/html")
    return lxml_html.fromstring(response.content.decode())


def css(doc, selector: str) -> list:
    return doc.cssselect(selector)


STATIC_PAGES = ["/", "/search", "/map", "/graph", "/stats", "/quality", "/downloads"]


def entity_pages(ids: dict[str, int]) -> list[str]:
    return [
        *STATIC_PAGES,
        *(f"/records/{ids[k]}" for k in ("a1", "a2", "n1", "e3", "d1", "p1")),
        f"/organizations/{ids['函館市']}",
        f"/organizations/{ids[HOSTILE_NAME]}",
        f"/networks/{ids['n1']}",
        f"/series/{ids['series']}",
        f"/graph?org={ids['函館市']}",
        "/map?country=RU",
        "/stats?kind=agreement",
        "/downloads?q=港湾&kind=event",
    ]


# --- every page answers ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", STATIC_PAGES + ["/search?q=港湾", "/search?q=kind:agreement", "/stats/per-year.csv"]
)
def test_pages_on_an_empty_catalogue(client, url):
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_home_on_an_empty_catalogue_says_how_to_ingest(client):
    doc = page(client.get("/"))
    assert css(doc, "main .empty")
    assert [n.text_content().strip() for n in css(doc, ".counts .n")] == ["0"] * 6


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/records/999", "/organizations/999", "/networks/999", "/series/999"]
)
def test_missing_objects_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_network_page_of_a_record_that_is_not_a_network_is_404(client, catalog):
    assert client.get(f"/networks/{catalog['a1']}").status_code == 404


def test_every_page_answers_on_the_catalogue(client, catalog):
    for url in entity_pages(catalog):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_every_page_answers_on_the_seeds(client, seeds_dir):
    cache.clear()
    report = ingest_paths([seeds_dir])
    assert not report.failed, [d.error for d in report.failed]
    urls = list(STATIC_PAGES)
    urls += [f"/records/{pk}" for pk in Record.objects.values_list("pk", flat=True)]
    urls += [
        f"/networks/{pk}"
        for pk in Record.objects.filter(kind="network").values_list("pk", flat=True)
    ]
    urls += [f"/organizations/{pk}" for pk in Organization.objects.values_list("pk", flat=True)]
    urls += [f"/series/{pk}" for pk in Series.objects.values_list("pk", flat=True)]
    assert len(urls) > 100
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    # The seeds' dates keep their original wording beside the ISO value.
    dated = Record.objects.exclude(date="").exclude(date_raw="").first()
    doc = page(client.get(f"/records/{dated.pk}"))
    assert dated.date_raw in doc.text_content()
    assert css(doc, f'time[datetime="{dated.date}"]')


# --- safety: escaping, links, CSP ----------------------------------------------------


def test_hostile_text_is_escaped_on_every_page(client, catalog):
    for url in entity_pages(catalog):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url
        assert "<b>bold" not in body, url
        doc = lxml_html.fromstring(body)
        # CSP: only 'self' scripts, so no inline script and no inline event handler.
        for script in css(doc, "script"):
            assert script.get("src"), url
            assert not (script.text or "").strip(), url
        for element in doc.iter():
            if isinstance(element.tag, str):
                assert not [a for a in element.attrib if a.lower().startswith("on")], (url, element)
    record_page = client.get(f"/records/{catalog['a1']}").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in record_page
    assert "&lt;img src=x onerror=alert(3)&gt;" in record_page


def test_the_hostile_title_shows_as_text(client, catalog):
    for url in ("/", f"/records/{catalog['a1']}", f"/organizations/{catalog['函館市']}"):
        doc = page(client.get(url))
        assert HOSTILE_TITLE in doc.text_content(), url


def test_only_http_urls_become_links_with_nofollow_noopener(client, catalog):
    doc = page(client.get(f"/records/{catalog['a1']}"))
    links = css(doc, "#urls-h + ul a")
    assert [a.get("href") for a in links] == ["https://example.org/hakodate"]
    assert set(links[0].get("rel").split()) == {"nofollow", "noopener"}
    assert "javascript:alert(2)" in doc.text_content()  # shown, not linked
    assert not [a for a in css(doc, "a") if (a.get("href") or "").startswith("javascript:")]


def test_csp_header_allows_only_own_scripts(client, catalog):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


# --- JSON twins -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_of, twin_of",
    [
        (lambda ids: f"/records/{ids['a1']}", lambda ids: f"/api/v1/records/{ids['a1']}"),
        (
            lambda ids: f"/organizations/{ids['天津市']}",
            lambda ids: f"/api/v1/organizations/{ids['天津市']}",
        ),
        (lambda ids: f"/networks/{ids['n1']}", lambda ids: f"/api/v1/networks/{ids['n1']}"),
        (lambda ids: f"/series/{ids['series']}", lambda ids: f"/api/v1/series/{ids['series']}"),
        (lambda ids: "/stats?kind=agreement", lambda ids: "/api/v1/stats?kind=agreement"),
        (lambda ids: "/map?country=CN", lambda ids: "/api/v1/map?country=CN"),
        (
            lambda ids: f"/graph?org={ids['函館市']}",
            lambda ids: f"/api/v1/graph?org={ids['函館市']}",
        ),
        (lambda ids: "/quality", lambda ids: "/api/v1/quality"),
    ],
)
def test_pages_name_their_json_twin(client, catalog, url_of, twin_of):
    url, twin = url_of(catalog), twin_of(catalog)
    response = client.get(url)
    assert response["Link"] == f'<{twin}>; rel="alternate"; type="application/json"'
    doc = page(response)
    assert css(doc, f'link[rel="alternate"][type="application/json"][href="{twin}"]')
    assert css(doc, f'a.json-link[href="{twin}"]')
    assert client.get(twin).status_code == 200, twin


# --- page contents ------------------------------------------------------------------------


def test_home_counts_recent_records_and_entry_points(client, catalog):
    doc = page(client.get("/"))
    counts = [n.text_content().strip() for n in css(doc, ".counts .n")]
    assert counts[:5] == ["2", "1", "2", "1", "1"]  # agreement, network, event, delegation, program
    assert len(css(doc, "#recent-h + ul li")) == 7
    hrefs = {a.get("href") for a in css(doc, ".entry-points a")}
    assert {"/map", "/graph", "/stats", "/downloads"} <= hrefs
    assert css(doc, 'form[role="search"][action="/search"] input[name="q"]')


def test_record_page_shows_fields_parties_dates_and_source(client, catalog):
    doc = page(client.get(f"/records/{catalog['a1']}"))
    text = doc.text_content()
    assert css(doc, 'time[datetime="2011-12-26"]')
    assert "平成23（2011）年12月26日" in text
    assert "姉妹都市" in text  # agreement type, in the default language (ja)
    party_links = {a.get("href") for a in css(doc, "table.parties a.party-link")}
    assert party_links == {
        f"/organizations/{catalog['函館市']}",
        f"/organizations/{catalog['ユジノサハリンスク市']}",
    }
    assert "intl@example.org" in text and "0138-00-0000" in text
    assert re.search(r"web_fixture\.txt.*1–4", css(doc, ".source-ref")[0].text_content())
    related = {a.get("href") for a in css(doc, "ul.related a")}
    assert f"/records/{catalog['a2']}" in related


def test_record_pages_use_their_kind_template(client, catalog):
    network = page(client.get(f"/records/{catalog['n1']}"))
    assert css(network, f'a[href="/networks/{catalog["n1"]}"]')
    event = page(client.get(f"/records/{catalog['e3']}"))
    assert css(event, f'a[href="/series/{catalog["series"]}"]')
    assert "平成24年度" in event.text_content()


def test_source_lines_are_shown_when_the_document_is_on_disk(client, db, tmp_path):
    document = tmp_path / "lines.txt"
    lines = [f"行{n} テキスト" for n in range(1, 31)]
    document.write_text("\n".join(lines), encoding="utf-8")
    doc = web_document("lines.txt")
    doc.sha256 = hashlib.sha256(document.read_bytes()).hexdigest()
    import_document(doc, path=str(document), resolver=OrganizationResolver(use_gazetteer=False))
    record = Record.objects.get(source__name="lines.txt", key="e3")  # lines 15–18
    page_doc = page(client.get(f"/records/{record.pk}"))
    shown = css(page_doc, "pre.source-lines")[0].text_content()
    assert "行15 テキスト" in shown and "行18 テキスト" in shown
    assert "行14 テキスト" not in shown and "行19 テキスト" not in shown
    document.write_text("changed", encoding="utf-8")  # no longer the ingested version
    assert not css(page(client.get(f"/records/{record.pk}")), "pre.source-lines")


def test_organization_page_has_names_map_and_timeline(client, catalog):
    doc = page(client.get(f"/organizations/{catalog['函館市']}"))
    assert css(doc, "h1")[0].text_content().strip() == "函館市"
    items = css(doc, "ol.timeline > li")
    assert len(items) == 6  # two agreements, a network, an event it hosted, a delegation, a program
    dates = [t.get("datetime") for t in css(doc, "ol.timeline time[datetime]")]
    assert dates == sorted(dates)
    map_el = css(doc, ".koryu-map[data-points]")[0]
    assert map_el.get("data-basemap").endswith("countries-110m.json")
    assert '"lat":41.7687' in map_el.get("data-points")
    assert css(doc, f'a[href="/graph?org={catalog["函館市"]}"]')


def test_organization_timeline_is_paged_from_the_most_recent_end(client, catalog, monkeypatch):
    from koryu.web.views import entities

    monkeypatch.setattr(entities, "TIMELINE_PAGE", 2)
    org = catalog["函館市"]
    everything = client.get(f"/api/v1/organizations/{org}").json()["timeline"]  # 6, oldest first
    seen = []
    for number in (1, 2, 3):
        response = client.get(f"/organizations/{org}" + (f"?page={number}" if number > 1 else ""))
        doc = page(response)
        links = [li.cssselect("a")[0].get("href") for li in css(doc, "ol.timeline > li")]
        seen.append([int(h.rstrip("/").split("/")[-1]) for h in links])
        assert len(css(doc, "ol.timeline > li")) == 2
        assert bool(css(doc, 'nav.pagination a[rel="next"]')) == (number < 3)
        assert bool(css(doc, 'nav.pagination a[rel="prev"]')) == (number > 1)
        twin = response["Link"].split(">")[0][1:]
        assert "timeline_limit=2" in twin
        assert [t["id"] for t in client.get(twin).json()["timeline"]] == seen[-1]
    # page 1 is the newest pair; read from the last page back, the pages are the whole timeline
    assert [i for ids in reversed(seen) for i in ids] == [t["id"] for t in everything]
    past_the_end = page(client.get(f"/organizations/{org}?page=99"))
    assert len(css(past_the_end, "ol.timeline > li")) == 2
    assert page(client.get(f"/organizations/{org}?page=x")) is not None


def test_network_page_lists_members_with_join_dates_and_a_map(client, catalog):
    doc = page(client.get(f"/networks/{catalog['n1']}"))
    rows = css(doc, "table.members tbody tr")
    assert len(rows) == 4
    assert "平成13年4月" in doc.text_content()
    assert css(doc, 'table.members time[datetime="2001-04"]')
    assert css(doc, ".koryu-map[data-points]")


def test_series_page_has_editions_in_a_table_and_a_map(client, catalog):
    doc = page(client.get(f"/series/{catalog['series']}"))
    rows = css(doc, "table.editions tbody tr")
    assert [r.cssselect("td")[0].text_content().strip() for r in rows] == ["3", "4"]
    assert "港湾の環境対策" in rows[0].text_content()
    assert "天津市" in rows[0].text_content()
    assert css(doc, ".koryu-map[data-points]")


def test_map_page_points_at_the_map_endpoint_with_its_filters(client, catalog):
    doc = page(client.get("/map?country=RU&type=sister&year_from=2000"))
    el = css(doc, ".koryu-map")[0]
    assert el.get("data-url") == "/api/v1/map?country=RU&type=sister&year_from=2000"
    assert not el.get("data-tiles")  # offline unless ONLINE_TILES is set
    assert css(doc, 'select[name="country"] option[value="RU"][selected]')
    data = client.get(el.get("data-url")).json()
    assert any(f["geometry"]["type"] == "LineString" for f in data["features"])


def test_map_uses_online_tiles_only_when_configured(client, catalog, settings):
    settings.ONLINE_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
    el = css(page(client.get("/map")), ".koryu-map")[0]
    assert el.get("data-tiles") == "https://tiles.example.org/{z}/{x}/{y}.png"


def test_bad_filters_give_a_message_not_a_crash(client, catalog):
    for url in ("/map?kind=nonsense", "/stats?country=Japan", "/graph?year_from=soon"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert css(page(response), '[role="alert"]'), url


def test_graph_page_lists_nodes_as_an_accessible_fallback(client, catalog):
    doc = page(client.get(f"/graph?org={catalog['函館市']}"))
    assert css(doc, ".koryu-graph")[0].get("data-url") == f"/api/v1/graph?org={catalog['函館市']}"
    names = [a.text_content() for a in css(doc, "ul.graph-nodes a")]
    assert "天津市" in names and "北の港湾都市ネットワーク" in names


def test_stats_page_has_charts_with_tables_and_csv(client, catalog):
    doc = page(client.get("/stats"))
    tables = css(doc, "table[data-chart]")
    assert {t.getparent().getparent().get("id") for t in tables} >= {
        "per-year",
        "by-country",
        "by-sector",
    }
    year_rows = css(doc, "#per-year table tbody tr")
    years = {
        r.cssselect("th")[0].text_content(): r.cssselect("td")[0].text_content() for r in year_rows
    }
    assert list(years) == [str(y) for y in range(1995, 2016)]  # gaps filled, evenly spaced
    assert years["1995"] == "1" and years["2000"] == "0" and years["2011"] == "1"
    csv_link = css(doc, "#per-year a.csv-link")[0].get("href")
    response = client.get(csv_link)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["code", "label", "records"]
    assert ["2011", "2011", "1"] in rows
    countries = client.get("/stats/by-country.csv").content.decode("utf-8-sig")
    assert "RU,ロシア連邦," in countries
    assert client.get("/stats/nonsense.csv").status_code == 404


def test_quality_page_links_findings_to_their_source(client, db):
    document = web_document("quality.txt")
    document.records[1].findings.append(rec.Finding("index-title-differs", "title differs", line=6))
    import_document(document, resolver=OrganizationResolver(use_gazetteer=False))
    cache.clear()
    record = Record.objects.get(source__name="quality.txt", key="a2")
    doc = page(client.get("/quality"))
    assert css(doc, f'.findings a[href="/records/{record.pk}#source-h"]')
    assert "index-title-differs" in doc.text_content()


def test_downloads_carry_the_query_and_filters(client, catalog):
    doc = page(client.get("/downloads?q=港湾&kind=event"))
    hrefs = [a.get("href") for a in css(doc, ".downloads-selection a")]
    assert hrefs == [
        "/api/v1/export.csv?q=%E6%B8%AF%E6%B9%BE&kind=event",
        "/api/v1/export.json?q=%E6%B8%AF%E6%B9%BE&kind=event",
        "/api/v1/export.geojson?q=%E6%B8%AF%E6%B9%BE&kind=event",
    ]
    exported = client.get(hrefs[1])
    assert exported.status_code == 200
    titles = {r["title"] for r in json.loads(b"".join(exported.streaming_content))["records"]}
    assert titles == {"第3回 港湾交流セミナー", "第4回 港湾交流セミナー"}
    everything = [a.get("href") for a in css(doc, ".downloads-all a")]
    assert everything == ["/api/v1/export.csv", "/api/v1/export.json", "/api/v1/export.geojson"]


# --- search -------------------------------------------------------------------------------


def test_search_shows_results_facets_and_twin(client, catalog):
    response = client.get("/search?q=港湾")
    doc = page(response)
    titles = [a.text_content() for a in css(doc, "ol.results h3 a")]
    assert "第3回 港湾交流セミナー" in titles and "北の港湾都市ネットワーク" in titles
    assert css(doc, "ol.results h3 a mark")  # the query's word is highlighted
    kinds = {a.get("data-value"): a for a in css(doc, '.facets a[data-facet="kind"]')}
    assert {"event", "network"} <= set(kinds)
    event = kinds["event"]
    assert event.get("href") == event.get("hx-get") == "/search?q=%E6%B8%AF%E6%B9%BE+kind%3Aevent"
    assert event.get("hx-target") == "#search-results" and event.get("hx-push-url") == "true"
    assert response["Link"].startswith("</api/v1/search?q=%E6%B8%AF%E6%B9%BE")


def test_a_facet_link_narrows_and_its_chip_widens_again(client, catalog):
    wide = page(client.get("/search?q=港湾"))
    wide_total = int(css(wide, ".results-count")[0].get("data-total"))
    link = css(wide, '.facets a[data-facet="kind"][data-value="event"]')[0].get("href")
    narrow = page(client.get(link))
    narrow_total = int(css(narrow, ".results-count")[0].get("data-total"))
    assert narrow_total == 2 < wide_total
    assert {r.get("data-kind") for r in css(narrow, "li.result")} == {"event"}
    chosen = css(narrow, '.facets a[data-facet="kind"][aria-current="true"]')
    assert [a.get("data-value") for a in chosen] == ["event"]
    chip = css(narrow, ".active-filters a")[0]
    assert chip.get("href") == "/search?q=%E6%B8%AF%E6%B9%BE"


def test_search_partial_for_htmx_requests(client, catalog):
    response = client.get("/search?q=港湾 kind:event", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert not body.lstrip().lower().startswith("<!doctype")
    fragment = lxml_html.fromstring(body)
    assert fragment.get("id") == "search-results"
    assert len(css(fragment, "ol.results li.result")) == 2
    assert "HX-Request" in response["Vary"]


def test_page_filters_are_folded_into_the_query(client, catalog):
    response = client.get("/search?kind=event&country=CN&year_from=2010&year_to=2015")
    assert response.status_code == 302
    assert response["Location"] == "/search?q=kind%3Aevent+country%3ACN+year%3A2010..2015"
    doc = page(client.get(response["Location"]))
    assert [a.text_content() for a in css(doc, "ol.results h3 a")] == ["第3回 港湾交流セミナー"]
    assert len(css(doc, ".active-filters a")) == 3


def test_search_snippets_escape_document_text(client, catalog):
    doc_text = client.get("/search?q=bold").content.decode()
    assert "<b>bold" not in doc_text and "<img src=x" not in doc_text
    assert "&lt;b&gt;<mark>bold</mark>&lt;/b&gt;" in doc_text
    title = client.get("/search?q=alert").content.decode()
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in title


def test_search_sort_and_bad_queries(client, catalog):
    doc = page(client.get("/search?q=港湾&sort=-date"))
    dates = [t.get("datetime") for t in css(doc, "li.result time")]
    assert dates == sorted(dates, reverse=True)
    assert css(doc, '.sort strong[aria-current="true"]')[0].text_content() == "新しい順"
    response = client.get("/search?q=kind:nonsense")
    assert response.status_code == 400
    assert css(page(response), '[role="alert"]')


def test_search_pages_with_the_next_cursor(client, catalog, monkeypatch):
    monkeypatch.setattr("koryu.web.views.search.PAGE_SIZE", 2)
    doc = page(client.get("/search?q=函館市"))
    first = [a.get("href") for a in css(doc, "ol.results h3 a")]
    following = css(doc, 'a[rel="next"]')[0].get("href")
    second = [a.get("href") for a in css(page(client.get(following)), "ol.results h3 a")]
    assert len(first) == 2 and second and not set(first) & set(second)


def test_search_expansions_can_be_turned_off(client, db, seeds_dir):
    cache.clear()
    ingest_paths([seeds_dir])
    doc = page(client.get("/search?q=ウラジオストク"))
    expansions = css(doc, ".expansions .expansion")
    if not expansions:
        pytest.skip("the gazetteer added no other names for ウラジオストク")
    plain = css(doc, "a.no-expansion")[0].get("href")
    assert "expand=0" in plain
    narrow = page(client.get(plain))
    assert not css(narrow, ".expansions .expansion")
    assert int(css(narrow, ".results-count")[0].get("data-total")) <= int(
        css(doc, ".results-count")[0].get("data-total")
    )


# --- accessibility and language ------------------------------------------------------------


def test_layout_is_accessible_and_responsive(client, catalog):
    for url in entity_pages(catalog):
        doc = page(client.get(url))
        assert css(doc, 'meta[name="viewport"][content*="width=device-width"]'), url
        assert css(doc, 'a.skip-link[href="#main"]') and css(doc, "main#main"), url
        assert len(css(doc, "h1")) == 1, url
        assert css(doc, "header") and css(doc, "nav[aria-label]") and css(doc, "footer"), url
        for field in css(doc, "input:not([type=hidden]), select"):
            labelled = (
                field.get("aria-label")
                or field.getparent().tag == "label"
                or (field.get("id") and css(doc, f'label[for="{field.get("id")}"]'))
            )
            assert labelled, (url, field.get("name"))
    assert doc.get("lang") == "ja"


def test_language_switch(client, catalog):
    doc = page(client.get("/"))
    assert doc.get("lang") == "ja"
    assert "検索" in [a.text_content() for a in css(doc, ".site-nav a")]
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/stats"})
    assert response.status_code == 302 and response["Location"] == "/stats"
    doc = page(client.get("/stats"))
    assert doc.get("lang") == "en"
    nav = [a.text_content() for a in css(doc, ".site-nav a")]
    assert nav == ["Search", "Map", "Graph", "Statistics", "Data quality", "Downloads", "Changes"]
    assert "Records per year" in doc.text_content()
    doc = page(client.get(f"/records/{catalog['a1']}"))
    assert "sister city" in doc.text_content()
    assert css(doc, 'button[name="language"][value="en"][aria-pressed="true"]')
    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert "記録数" in page(client.get("/stats")).text_content()
