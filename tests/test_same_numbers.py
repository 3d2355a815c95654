"""One number each: `koryu stats` and the /stats page (and /api/v1/stats), `koryu check`
and the /quality page (and /api/v1/quality) show the same counts of the same catalogue."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner
from django.core.cache import cache
from lxml import html as lxml_html

from koryu.catalog.importer import ingest_paths
from koryu.catalog.models import Organization, Record
from koryu.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeds_dir, monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    cache.clear()
    ingest_paths([seeds_dir])
    # some names without a certain place, so that /quality has organizations to show
    names = list(Organization.objects.filter(parties__isnull=False).distinct()[:3])
    for org, resolution in zip(names, ("ambiguous", "unresolved", "unresolved"), strict=False):
        org.resolution = resolution
        org.save()


def _cli(*args: str) -> dict:
    out = CliRunner().invoke(main, list(args))
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def _csv(client, slug: str) -> dict[str, int]:
    body = client.get(f"/stats/{slug}.csv").content.decode("utf-8-sig")
    return {row["code"]: int(row["records"]) for row in csv.DictReader(io.StringIO(body))}


def test_koryu_stats_and_the_stats_page_agree(client, seeded):
    cli = _cli("stats", "--format", "json")
    assert cli["records"] == Record.objects.published().count() > 0
    page = lxml_html.fromstring(client.get("/stats").content.decode())
    shown_total = re.search(r"\d+", page.cssselect("main p")[0].text_content()).group()
    assert int(shown_total) == cli["records"]
    assert _csv(client, "by-country") == cli["by_country"] and cli["by_country"]
    assert "JP" not in cli["by_country"]
    years = _csv(client, "per-year")
    assert {y: n for y, n in years.items() if n} == cli["by_year"]
    assert _csv(client, "by-sector") == cli["by_sector"]
    assert _csv(client, "by-prefecture") == cli["by_prefecture"]
    api = client.get("/api/v1/stats").json()
    assert {k: n for k, n in api["by_kind"].items() if n} == cli["by_kind"]
    assert {r["label"]: r["value"] for r in api["by_agreement_type"]} == cli["by_agreement_type"]


def test_koryu_check_and_the_quality_page_agree(client, seeded):
    cli = _cli("check", "--format", "json")
    counts = Counter(cli["counts"])
    api = client.get("/api/v1/quality").json()
    unplaced = {f"{r}-name": n for r, n in api["counts"]["by_resolution"].items()}
    assert counts == Counter(api["counts"]["by_code"]) + Counter(unplaced)
    assert api["findings_total"] + api["organizations_total"] == len(cli["issues"])
    assert unplaced["ambiguous-name"] >= 1 and unplaced["unresolved-name"] >= 2
    page = lxml_html.fromstring(client.get("/quality").content.decode())
    headings = [h.text_content() for h in page.cssselect("main h2")]
    assert str(api["findings_total"]) in headings[0]
    assert str(api["organizations_total"]) in headings[1]
    shown = {a.get("href") for a in page.cssselect(".findings a")}
    listed = {f"/records/{i['sources'][0]['record_id']}#source-h" for i in cli["issues"]}
    assert shown <= listed
