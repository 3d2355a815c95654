"""The map API over a catalogue of 25,000 placed pairs: server time of /api/v1/map by view
(zoom and bbox), cold and warm, and of the original form (the 3,000 busiest lines).

    .venv/bin/python benchmarks/map_view.py [--pairs 25000] [--places 9000] [--requests 20]
        [--db FILE]

Builds a SQLite catalogue with the map catalogue of the tests (tests/map_catalog.py:
invented places around twelve centres, random.Random(42)) straight into the Organization
and Pair tables, then, in-process with Django's test Client (whole middleware stack):
- cold: the caches (shared and in-process) cleared before every request (a first visit after an ingest: the pairs
  are read from the database and gathered);
- warm: the same request again (the pairs cached; the view's JSON cached too);
- "pan": warm pairs, a new box each time (what panning the map asks for).
Prints a table (p50/p95/max ms, bytes) and writes benchmarks/results/map_view.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

VIEWS = {
    "world z2": "zoom=2&bbox=-30,-85,330,85",
    "east asia z4": "zoom=4&bbox=100,10,160,50",
    "tokyo z8": "zoom=8&bbox=138.5,35,140.5,36.5",
    "busiest 3000 (no zoom)": "",
}


def timed(client, url: str, before=None) -> tuple[float, int]:
    if before:
        before()
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.content)


def summary(times: list[float], size: int) -> dict:
    times = sorted(times)
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "max_ms": round(times[-1], 1),
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=25_000)
    parser.add_argument("--places", type=int, default=9_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--db", help="SQLite file (reused when it already has pairs)")
    args = parser.parse_args()

    db = args.db or str(Path(tempfile.mkdtemp(prefix="koryu-map-bench-")) / "map.sqlite3")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "tests"))  # the map catalogue builder of the tests
    os.environ.pop("KORYU_DATABASE_URL", None)
    os.environ.setdefault("KORYU_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    from koryu import runtime

    runtime.configure(db)
    from django.core.cache import cache
    from django.test import Client

    from koryu.catalog.models import Pair
    from map_catalog import build_map_catalog

    result: dict = {"pairs": args.pairs, "database": "sqlite", "db_file": db, "views": {}}
    if not Pair.objects.exists():
        started = time.perf_counter()
        build_map_catalog(args.pairs, places=args.places)
        result["build_s"] = round(time.perf_counter() - started, 1)
    from koryu.catalog import queries

    def forget() -> None:
        cache.clear()
        queries.maps._PAIRS_MEMO.clear()  # the process's copy of the pairs too

    client = Client()
    rng = random.Random(42)
    for name, query in VIEWS.items():
        url = "/api/v1/map" + (f"?{query}" if query else "")
        cold = [timed(client, url, forget) for _ in range(args.requests)]
        warm = [timed(client, url) for _ in range(args.requests)]
        row = {
            "cold": summary([t for t, _ in cold], cold[0][1]),
            "warm": summary([t for t, _ in warm], warm[0][1]),
        }
        if query:
            zoom = query.split("&")[0]
            pans = []
            for _ in range(args.requests):
                w, s = rng.uniform(-30, 300), rng.uniform(-60, 40)
                span = 360 / 2 ** int(zoom.split("=")[1])
                pans.append(
                    timed(client, f"/api/v1/map?{zoom}&bbox={w},{s},{w + span},{s + span / 2}")
                )
            row["pan"] = summary([t for t, _ in pans], pans[0][1])
        result["views"][name] = row
    print(f"\n{args.pairs} pairs, SQLite")
    print(f"{'view':<24} {'':<5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'bytes':>10}")
    for name, row in result["views"].items():
        for phase, s in row.items():
            print(
                f"{name:<24} {phase:<5} {s['p50_ms']:>8} {s['p95_ms']:>8} {s['max_ms']:>8}"
                f" {s['bytes']:>10}"
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "map_view.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
