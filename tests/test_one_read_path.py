"""One question, one answer: the same 30 queries through the search page, the API
(/search with the filters in q and as parameters, /records?q=), the exports and the
command line give the same ids, in the same order, and the same totals. Runs on SQLite
and, in the PostgreSQL suite (Makefile test-postgres), on PostgreSQL."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from koryu.catalog.importer import ingest_paths
from koryu.cli import main
from koryu.search.query import Query

pytestmark = pytest.mark.django_db

# Japanese, English, Chinese, Korean and Russian; words alone, with filters, filters alone.
QUERIES = [
    "水道",
    "環境 kind:agreement",
    "港湾",
    "姉妹都市",
    "交流 country:CN",
    '"友好都市" -country:CN',
    "札幌",
    "環境 OR 水道",
    "協力 -環境",
    "sister",
    "twin country:KR",
    "water",
    "Vladivostok",
    "environment year:2000..2020",
    "hokkaido",
    "大连",
    "姐妹 type:sister,friendship",
    "友好城市",
    "자매",
    "부산 country:KR",
    "서울",
    "Владивосток",
    "побратим",
    "туризм year:..2010",
    "country:CN kind:agreement",
    "sector:water",
    "year:1990..1999",
    "prefecture:北海道",
    "港湾 prefecture:北海道",
    "量子コンピュータ",
]
ALL = 200  # more than any of these queries finds in the seeds: every list is whole


@pytest.fixture
def seeded(seeds_dir, monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    ingest_paths([seeds_dir])
    monkeypatch.setattr("koryu.web.views.search.PAGE_SIZE", ALL)


def _typed(hits) -> list[tuple[str, int]]:
    return [(h["type"], h["id"]) for h in hits]


def _records(typed: list[tuple[str, int]]) -> list[int]:
    return [i for t, i in typed if t == "record"]


def _api(client, url: str, params: dict) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.content[:300])
    if response.streaming:
        return json.loads(b"".join(response.streaming_content))
    return response.json()


def _page(client, params: dict) -> tuple[list[tuple[str, int]], int]:
    response = client.get("/search", params, follow=True)
    assert response.status_code == 200, params
    doc = lxml_html.fromstring(response.content.decode())
    typed = []
    for link in doc.cssselect("ol.results h3 a"):
        kind, _, pk = link.get("href").strip("/").partition("/")
        typed.append(("organization" if kind == "organizations" else "record", int(pk)))
    counts = doc.cssselect(".results-count")
    return typed, int(counts[0].get("data-total")) if counts else 0


def _cli(*args: str):
    out = CliRunner().invoke(main, list(args))
    assert out.exit_code == 0, (args, out.output)
    return json.loads(out.output)


@pytest.mark.parametrize("q", [pytest.param(q, id=f"q{i:02d}") for i, q in enumerate(QUERIES)])
def test_the_same_query_gets_the_same_answer_everywhere(client, seeded, q):
    as_params = Query.parse(q).to_params()  # the filters as URL parameters, words in q
    searched = _api(client, "/api/v1/search", {"q": q, "limit": ALL})
    typed, total = _typed(searched["results"]), searched["total"]
    assert searched["total_exact"] and len(typed) == total  # the whole list
    records = _records(typed)

    # the API, filters as parameters: the same query
    assert as_params.get("q", "") in q
    again = _api(client, "/api/v1/search", {"q": "", **as_params, "limit": ALL})
    assert (_typed(again["results"]), again["total"]) == (typed, total)

    # the search page, from q and from parameters (folded into q by a redirect)
    assert _page(client, {"q": q}) == (typed, total)
    assert _page(client, as_params) == (typed, total)

    # the command line
    found = _cli("search", q, "--format", "json", "--limit", str(ALL))
    assert (_typed(found["results"]), found["total"]) == (typed, total)

    # records only: /records?q=, the exports, koryu export --query
    listed = _api(client, "/api/v1/records", {"q": q, "limit": ALL})
    assert [r["id"] for r in listed["results"]] == records
    assert listed["total"] == len(records) == total - (len(typed) - len(records))
    exported = _api(client, "/api/v1/export.json", {"q": q})["records"]
    assert [r["id"] for r in exported] == records
    written = _cli("export", "--format", "json", "--query", q)["records"]
    assert [r["id"] for r in written] == records


def test_the_queries_find_something_in_every_language(client, seeded):
    """The comparison above means little over empty answers: most queries find records."""
    totals = [_api(client, "/api/v1/search", {"q": q})["total"] for q in QUERIES]
    assert sum(1 for t in totals if t) >= 25
