"""Search quality: recall@10 and MRR of the query set over the seeds and our own documents.

    .venv/bin/python benchmarks/search_quality.py [--databases sqlite,postgres]

The corpus is the five seed documents (../shared/seeds) plus tests/fixtures/search_*.txt,
ingested through the normal importer (the search index follows through its signal) into a
fresh database per run, each in a child process. The query set
(benchmarks/data/search_queries.json) names its expected records by stable facts: the
source document (seed number or fixture file stem) and the record's key, never by a
database id. Expected answers were decided by reading the documents.

Scoring, per query:
* recall@10 = expected records among the first 10 hits / min(expected, 10);
* a query with ``forbidden`` records (exclusions, filters) scores 0 if any of them is
  among the first 10 hits: a filter that does not filter is a wrong answer;
* a no-hit query (empty ``expected``) scores 1 when the search finds nothing, else 0;
* reciprocal rank of the first expected hit (MRR leaves out the no-hit queries).

Misses go to benchmarks/results/search_quality_misses.json.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
QUERIES = ROOT / "benchmarks" / "data" / "search_queries.json"
RESULTS = ROOT / "benchmarks" / "results"
K = 10
_SEED_NAME = re.compile(r"^(\d{3})_[0-9a-f]+$")


def corpus_paths(seeds: Path = SEEDS) -> list[Path]:
    return sorted(seeds.glob("*.txt")) + sorted(FIXTURES.glob("search_*.txt"))


def load_queries(path: Path = QUERIES) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def ref_for(source_name: str, key: str) -> str:
    """``003#card-2``: seed number (or fixture file stem), then the record key."""
    stem = Path(source_name).stem
    m = _SEED_NAME.match(stem)
    return f"{m.group(1) if m else stem}#{key}"


def ingest_corpus(paths: list[Path]) -> None:
    """Ingest through the importer; the search index is kept by its signal."""
    from koryu.catalog.importer import ingest_paths

    report = ingest_paths(paths)
    if report.failed:
        raise RuntimeError(f"corpus did not ingest: {[d.error for d in report.failed]}")


def record_refs() -> dict[int, str]:
    from koryu.catalog.models import Record

    return {
        pk: ref_for(name, key)
        for pk, name, key in Record.objects.values_list("pk", "source__name", "key")
    }


def unknown_refs(queries: list[dict], refs: dict[int, str]) -> list[str]:
    """Expected or forbidden refs that name no record of the corpus (a broken query set)."""
    known = set(refs.values())
    return sorted(
        {r for q in queries for r in [*q["expected"], *q.get("forbidden", [])] if r not in known}
    )


def score(item: dict, ranked: list[str], total: int) -> dict:
    """One query's outcome from the refs of its first hits, best first (any engine)."""
    ranked = ranked[:K]
    expected, forbidden = item["expected"], item.get("forbidden", [])
    found = [r for r in expected if r in ranked]
    bad = [r for r in forbidden if r in ranked]
    if not expected:
        recall = rr = 1.0 if total == 0 and not ranked else 0.0
    else:
        recall = len(found) / min(len(expected), K)
        first = next((i for i, r in enumerate(ranked) if r in expected), None)
        rr = 1.0 / (first + 1) if first is not None else 0.0
    if bad:
        recall = 0.0
    return {
        **{k: item[k] for k in ("id", "lang", "category", "q")},
        "recall": round(recall, 4),
        "rr": round(rr, 4),
        "expected": len(expected),
        "found": len(found),
        "missing": [r for r in expected if r not in ranked][: 2 * K],
        "forbidden_hits": bad,
        "total": total,
        "top": ranked,
    }


def evaluate(queries: list[dict], refs: dict[int, str] | None = None) -> list[dict]:
    """Run every query through the search service; one outcome per query."""
    from koryu.search.service import search

    refs = refs if refs is not None else record_refs()
    outcomes = []
    for item in queries:
        result = search(item["q"], limit=K, facets=False).to_dict()
        ranked = [
            refs.get(h["id"], f"?{h['id']}") if h["kind"] != "organization" else f"org:{h['title']}"
            for h in result["results"]
        ]
        outcomes.append(
            {
                **score(item, ranked, result["total"]),
                "error": result.get("error"),
                "expanded": result.get("expanded"),
                "messages": result.get("messages"),
            }
        )
    return outcomes


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def summarize(outcomes: list[dict]) -> dict:
    def stats(rows: list[dict]) -> dict:
        ranked = [r for r in rows if r["expected"]]
        return {
            "queries": len(rows),
            "recall@10": _mean([r["recall"] for r in rows]),
            "mrr": _mean([r["rr"] for r in ranked]) if ranked else None,
            "perfect": sum(1 for r in rows if r["recall"] == 1.0),
        }

    by: dict[str, dict[str, list[dict]]] = {
        "lang": defaultdict(list),
        "category": defaultdict(list),
    }
    for row in outcomes:
        by["lang"][row["lang"]].append(row)
        by["category"][row["category"]].append(row)
    return {
        "overall": stats(outcomes),
        "by_lang": {k: stats(v) for k, v in sorted(by["lang"].items())},
        "by_category": {k: stats(v) for k, v in sorted(by["category"].items())},
    }


def misses(outcomes: list[dict]) -> list[dict]:
    return [o for o in outcomes if o["recall"] < 1.0]


# --- the run -----------------------------------------------------------------------------


def child(db: str) -> None:
    """Runs in a fresh process: ingest the corpus, run the queries, print one JSON line."""
    sys.path.insert(0, str(ROOT / "src"))
    from koryu import runtime

    runtime.configure(db)
    ingest_corpus(corpus_paths())
    queries = load_queries()
    refs = record_refs()
    broken = unknown_refs(queries, refs)
    if broken:
        raise SystemExit(f"the query set names records the corpus lacks: {broken}")
    outcomes = evaluate(queries, refs)
    print(json.dumps({"records": len(refs), "outcomes": outcomes}, ensure_ascii=False))


def print_table(database: str, summary: dict, records: int) -> None:
    o = summary["overall"]
    print(f"\n{database}: {o['queries']} queries over {records} records")
    print(f"{'':<16}{'queries':>8}{'recall@10':>11}{'MRR':>8}{'perfect':>9}")
    rows = [("overall", o)]
    rows += [(f"lang {k}", v) for k, v in summary["by_lang"].items()]
    rows += [(f"{k}", v) for k, v in summary["by_category"].items()]
    for label, s in rows:
        mrr = f"{s['mrr']:.3f}" if s["mrr"] is not None else "-"
        print(f"{label:<16}{s['queries']:>8}{s['recall@10']:>11.3f}{mrr:>8}{s['perfect']:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    results: dict = {"queries": len(load_queries()), "target_recall@10": 0.95, "runs": {}}
    all_misses: dict = {}
    with tempfile.TemporaryDirectory(prefix="koryu-quality-") as tmp:
        for database in args.databases.split(","):
            drop = None
            if database == "sqlite":
                db = str(Path(tmp) / "quality.sqlite3")
            else:
                from postgres_db import fresh_postgres  # beside this script

                db, drop = fresh_postgres()
            try:
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", db],
                    capture_output=True, text=True, check=False,
                )  # fmt: skip
            finally:
                if drop:
                    drop()
            if proc.returncode != 0:
                raise SystemExit(f"{database} run failed:\n{proc.stderr[-3000:]}")
            run = json.loads(proc.stdout.strip().splitlines()[-1])
            summary = summarize(run["outcomes"])
            print_table(database, summary, run["records"])
            results["runs"][database] = {"records": run["records"], **summary}
            all_misses[database] = misses(run["outcomes"])
            for m in all_misses[database]:
                why = f"forbidden {m['forbidden_hits']}" if m["forbidden_hits"] else ""
                why = why or (
                    f"error {m['error']}" if m["error"] else f"missing {m['missing'][:4]}"
                )
                print(f"  miss {m['id']} [{m['lang']}/{m['category']}] {m['q']!r}: "
                      f"recall {m['recall']:.2f}, total {m['total']}; {why}")  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search_quality.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (RESULTS / "search_quality_misses.json").write_text(
        json.dumps(all_misses, indent=1, ensure_ascii=False), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
