"""Quality gate for search: the benchmark's query set over the seeds and our own documents
(tests/fixtures/search_*.txt) must keep recall@10 at 0.95 or more. The figures themselves
are reported by benchmarks/search_quality.py; this test only guards the threshold."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from conftest import REPO

_spec = importlib.util.spec_from_file_location(
    "search_quality", REPO / "benchmarks" / "search_quality.py"
)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_query_set_covers_languages_and_categories():
    queries = bench.load_queries()
    assert len(queries) >= 60
    assert len({q["id"] for q in queries}) == len(queries)
    langs = Counter(q["lang"] for q in queries)
    assert set(langs) == {"ja", "en", "ru", "zh", "ko"}
    categories = {q["category"] for q in queries}
    assert {
        "word2",
        "compound",
        "place_xlang",
        "filter",
        "phrase",
        "exclusion",
        "no_hit",
    } <= categories


def test_ref_names_seed_by_number_and_fixture_by_stem():
    assert bench.ref_for("003_f9ebae9e902916ad.txt", "card-2") == "003#card-2"
    assert (
        bench.ref_for("search_seminar_water.txt", "event:x:1") == "search_seminar_water#event:x:1"
    )


@pytest.mark.django_db
def test_recall_at_10_meets_target(seeds_dir):
    bench.ingest_corpus(bench.corpus_paths(seeds_dir))
    queries = bench.load_queries()
    refs = bench.record_refs()
    assert bench.unknown_refs(queries, refs) == []
    outcomes = bench.evaluate(queries, refs)
    summary = bench.summarize(outcomes)
    missed = [(m["id"], m["q"], m["recall"], m["missing"][:3]) for m in bench.misses(outcomes)]
    assert summary["overall"]["recall@10"] >= 0.95, missed
    # Exclusions and filters must never let a forbidden record through.
    assert not [m["id"] for m in outcomes if m["forbidden_hits"]]
    assert all(o["error"] is None for o in outcomes)
