"""Search over the seed documents, ingested by whichever readers exist."""

import pytest

from koryu.catalog.importer import ingest_paths
from koryu.search.service import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeds_dir, monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    report = ingest_paths([seeds_dir])
    if not any(d.status == "inserted" for d in report.documents):
        pytest.skip("no seed could be read yet")
    return report


def test_japanese_words_and_compounds(seeded):
    for q in ("水道", "上下水道", "環境", "交流", "札幌"):
        result = search(q, expand=False)
        assert result.error is None and result.total > 0, q
    # a compound is found by its part: everything 上下水道 finds, 水道 finds too
    compound = {(h.kind, h.id) for h in search("上下水道", limit=500, expand=False).results}
    part = {(h.kind, h.id) for h in search("水道", limit=500, expand=False).results}
    assert compound <= part


def test_place_across_scripts(seeded):
    japanese = search("ウラジオストク", expand=False).total
    russian = search("Владивосток", expand=False).total
    assert japanese > 0 and russian > 0


def test_facets_cover_all_records(seeded):
    result = search("", limit=1)
    kinds = {b["value"]: b["count"] for b in result.facets["kind"]}
    assert sum(kinds.values()) == result.total


def test_every_hit_has_a_title_and_highlights_fall_inside_the_snippet(seeded):
    for q in ("協力", "市", "G20", "туризм"):
        for hit in search(q, limit=50).results:
            assert hit.title
            for a, b in hit.highlights:
                assert 0 <= a < b <= len(hit.snippet)
