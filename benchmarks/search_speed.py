"""Search speed at scale: p50/p95 latency of a fixed query mix, index build time and size.

    .venv/bin/python benchmarks/search_speed.py [--sizes 10000,100000,1000000]
        [--databases sqlite,postgres] [--repeat 50]

For each size and database a fresh child process fills a fresh database (a temp SQLite
file, or a PostgreSQL database created and dropped here) with synthetic records
(koryu.synth.records.generate_records, seed 42). The load bypasses the per-document
importer: Organizations, Records and Parties are bulk-created in batches, one transaction
per batch; organizations are one per distinct party name with the country taken from the
name's country prefix (no gazetteer resolution, no aliases, no contacts). Then the search
index is built with koryu.search.index.rebuild() (what `koryu reindex` runs), and timed.

Latency is the search service called in-process (search(q) with its defaults: limit 20,
expansion, facets), warm: a SQLite file is read once into the OS page cache, and each
query runs WARMUP times first, then ``--repeat`` times, or
fewer (at least MIN_REPEAT) when a query needs more than ``--budget`` seconds for them.
Index size: SQLite, the pages of the search_* tables and their indexes (dbstat);
PostgreSQL, pg_total_relation_size of search_document or of its partitions (tsvectors
and GIN indexes). ``--keep-pg NAME`` keeps the PostgreSQL catalogue (database NAME_N) and
re-measures it later without reloading (and, with ``--keep-index``, without reindexing).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BATCH = 5000
WARMUP = 5
MIN_REPEAT = 5
TARGET_P95_MS = 50.0

QUERY_MIX = {
    "two_char_word": "水道",
    "long_phrase": '"上下水道分野における協力に関する覚書"',  # a title phrase of the generator
    "place_other_language": "Владивосток",
    "facet_filtered": "環境 country:CN kind:agreement",
    "no_hit": "量子コンピュータ",
}


# --- loading -----------------------------------------------------------------------------


def _country_of(name: str, given: str | None, prefixes: list[tuple[str, str]]) -> str:
    if given:
        return given
    for label, code in prefixes:
        if name.startswith(label):
            return code
    return ""


def _column_defaults(model) -> tuple[list[str], dict[str, object]]:
    """Column names of a model and the value each takes when a row does not say."""
    columns, defaults = [], {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(f.column)
        if f.has_default():
            value = f.get_default()
            defaults[f.column] = json.dumps(value) if isinstance(value, (list, dict)) else value
        else:
            defaults[f.column] = None if f.null else ""
    return columns, defaults


def _insert(cursor, model, rows: list[dict], first_id: int) -> None:
    """INSERT rows (dicts of column -> value) with ids from ``first_id``, in one executemany.

    Django's bulk_create spends most of its time compiling SQL per value; the load is the
    benchmark's set-up, not what it measures, so it writes plain parameter tuples."""
    columns, defaults = _column_defaults(model)
    names = ", ".join(["id", *columns])
    marks = ", ".join(["%s"] * (len(columns) + 1))
    sql = f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({marks})"  # noqa: S608
    cursor.executemany(
        sql,
        [(first_id + i, *(row.get(c, defaults[c]) for c in columns)) for i, row in enumerate(rows)],
    )


def bulk_load(n: int, progress=None) -> dict:
    """Fill the catalog with ``n`` synthetic records; returns timings and counts."""
    import datetime as dt

    from django.db import connection, transaction

    from koryu.catalog.importer import sort_key_date
    from koryu.catalog.models import Organization, Party, Record, Series, Source
    from koryu.synth.names import COUNTRIES
    from koryu.synth.records import generate_records

    prefixes = [(label, code) for code, label, _ in COUNTRIES]
    source = Source.objects.create(name=f"synthetic-{n}.txt", sha256="0" * 64, format="synthetic")
    now = dt.datetime.now(dt.UTC).isoformat(" ")
    orgs: dict[str, int] = {}
    series: dict[str, int] = {}
    generate_seconds = load_seconds = 0.0
    records = parties = 0
    stream = generate_records(n, seed=42)
    while True:
        start = time.perf_counter()
        chunk = list(islice(stream, BATCH))
        generate_seconds += time.perf_counter() - start
        if not chunk:
            break
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            new: dict[str, dict] = {}
            for r in chunk:
                for p in r.parties:
                    if p.name not in orgs and p.name not in new:
                        new[p.name] = {
                            "name": p.name[:300],
                            "country": _country_of(p.name, p.country, prefixes),
                            "created_at": now,
                            "updated_at": now,
                        }
            first = len(orgs) + 1
            _insert(cursor, Organization, list(new.values()), first)
            orgs.update({name: first + i for i, name in enumerate(new)})
            for r in chunk:
                if r.series and r.series not in series:
                    series[r.series] = Series.objects.get_or_create(name=r.series)[0].pk
            rows, party_rows = [], []
            for j, r in enumerate(chunk):
                sort_date = sort_key_date(r)
                record_id = records + j + 1
                rows.append(
                    {
                        "kind": r.kind, "source_id": source.pk, "key": r.key,
                        "line_start": r.line_start, "line_end": r.line_end,
                        "content_hash": "", "title": r.title, "language": "ja",
                        "date": r.date or "", "date_start": r.date_start or "",
                        "date_end": r.date_end or "", "date_raw": r.date_raw,
                        "sort_date": sort_date.isoformat() if sort_date else None,
                        "year": sort_date.year if sort_date else None,
                        "fiscal_year": r.fiscal_year or "",
                        "fiscal_year_raw": r.fiscal_year_raw,
                        "agreement_type": r.agreement_type or "",
                        "sectors": json.dumps(r.sectors, ensure_ascii=False),
                        "theme": r.theme, "place": r.place, "purpose": r.purpose,
                        "description": r.description, "background": r.background,
                        "activities": r.activities, "outcomes": r.outcomes,
                        "urls": json.dumps(r.urls), "participants_count": r.participants_count,
                        "series_id": series.get(r.series) if r.series else None,
                        "edition": r.edition, "created_at": now, "updated_at": now,
                    }
                )  # fmt: skip
                for i, p in enumerate(r.parties):
                    party_rows.append(
                        {
                            "record_id": record_id, "organization_id": orgs[p.name],
                            "name": p.name[:300], "role": p.role, "count": p.count,
                            "position": i, "country": _country_of(p.name, p.country, prefixes),
                        }
                    )  # fmt: skip
            _insert(cursor, Record, rows, records + 1)
            _insert(cursor, Party, party_rows, parties + 1)
        load_seconds += time.perf_counter() - start
        records += len(rows)
        parties += len(party_rows)
        if progress:
            progress(records)
    if connection.vendor == "postgresql":  # ids were given explicitly: move the sequences on
        with connection.cursor() as cursor:
            for model in (Organization, Record, Party):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                    f" (SELECT MAX(id) FROM {table}))"
                )
    return {
        "records": records,
        "parties": parties,
        "organizations": len(orgs),
        "generate_seconds": round(generate_seconds, 1),
        "load_seconds": round(load_seconds, 1),
    }


# --- measuring ---------------------------------------------------------------------------


def index_size(vendor: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%'"
                " OR name LIKE 'sqlite_autoindex_search%'"
            )
            search = cursor.fetchone()[0] or 0
            cursor.execute("SELECT SUM(pgsize) FROM dbstat")
            total = cursor.fetchone()[0] or 0
        else:
            cursor.execute(  # a partitioned table's size is its partitions'
                "SELECT pg_total_relation_size('search_document') + COALESCE((SELECT"
                " SUM(pg_total_relation_size(inhrelid))::bigint FROM pg_inherits"
                " WHERE inhparent = 'search_document'::regclass), 0),"
                " pg_database_size(current_database())"
            )
            search, total = cursor.fetchone()
    return {"index_mb": round(search / 2**20, 1), "database_mb": round(total / 2**20, 1)}


def read_into_page_cache(path: str) -> float:
    """Read a database file once, so "warm" means the file is in the OS page cache, not
    whatever of it the machine kept after the build (here the host reclaims idle pages)."""
    start = time.perf_counter()
    with open(path, "rb") as f:
        while f.read(16 * 2**20):
            pass
    return time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_queries(repeat: int, budget: float) -> dict:
    """Warm-up, then ``repeat`` timed calls per query; a query slower than the budget
    (seconds) stops early, after at least MIN_REPEAT calls, and says how many it made."""
    from koryu.search.service import search

    out: dict = {}
    everything: list[float] = []
    for label, q in QUERY_MIX.items():
        started = time.perf_counter()
        for i in range(WARMUP):
            result = search(q)
            if i and time.perf_counter() - started > budget / 4:
                break
        timings: list[float] = []
        started = time.perf_counter()
        while len(timings) < repeat and (
            len(timings) < MIN_REPEAT or time.perf_counter() - started < budget
        ):
            start = time.perf_counter()
            result = search(q)
            timings.append((time.perf_counter() - start) * 1000)
        everything += timings
        out[label] = {
            "q": q,
            "hits": result.total,
            "error": result.error,
            "repetitions": len(timings),
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 0.95), 2),
            "max_ms": round(max(timings), 2),
        }
    out["overall"] = {
        "p50_ms": round(statistics.median(everything), 2),
        "p95_ms": round(percentile(everything, 0.95), 2),
        "max_ms": round(max(everything), 2),
    }
    return out


def child(db: str, n: int, repeat: int, budget: float, reuse: str = "") -> None:
    """Runs in a fresh process: load, index, time; print one JSON line. ``reuse``
    (a kept PostgreSQL database): "records" skips the load when the catalogue already
    holds ``n`` records, "index" skips the index build too when the index is there."""
    sys.path.insert(0, str(ROOT / "src"))
    from koryu import runtime

    runtime.configure(db)
    from django.db import connection

    from koryu.search.index import rebuild

    vendor = connection.vendor

    def note(message: str) -> None:
        print(f"  [{vendor} {n:,}] {message}", file=sys.stderr, flush=True)

    from koryu.catalog.models import Organization, Party, Record

    step = max(n // 10, BATCH)
    if reuse and Record.objects.count() == n:
        load = {"records": n, "parties": Party.objects.count(),
                "organizations": Organization.objects.count(), "reused": True,
                "generate_seconds": 0.0, "load_seconds": 0.0}  # fmt: skip
        note("records kept from an earlier run")
    else:
        if Record.objects.exists():
            raise SystemExit(f"{db} holds records, but not {n:,} of them: drop it first")
        load = bulk_load(n, lambda done: done % step < BATCH and note(f"loaded {done:,}"))
        note(
            f"loaded in {load['generate_seconds']} s generating + {load['load_seconds']} s writing"
        )
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_document")
        indexed = cursor.fetchone()[0]
    start = time.perf_counter()
    if reuse == "index" and indexed:
        from koryu.search.index import RebuildReport

        report = RebuildReport(n, indexed - n, 0.0)
        note("index kept from an earlier run")
    else:
        report = rebuild()
        note(f"index built in {time.perf_counter() - start:.1f} s")
    build_seconds = time.perf_counter() - start
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")
    size = index_size(vendor)
    if vendor == "sqlite":
        note(f"file read into the page cache in {read_into_page_cache(db):.1f} s")
    timings = time_queries(repeat, budget)
    print(
        json.dumps(
            {
                "load": load,
                "index": {
                    "build_seconds": round(build_seconds, 1),
                    "documents": report.records + report.organizations,
                    **size,
                },
                "latency": timings,
            },
            ensure_ascii=False,
        )
    )


def print_run(database: str, n: int, run: dict) -> None:
    load, index, lat = run["load"], run["index"], run["latency"]
    print(
        f"\n{database} {n:,} records ({load['parties']:,} parties, {load['organizations']:,} "
        f"organizations): generated {load['generate_seconds']} s, written {load['load_seconds']} s;"
        f" index built {index['build_seconds']} s, {index['index_mb']} MB"
        f" (database {index['database_mb']} MB)"
    )
    print(f"  {'query':<22}{'hits':>9}{'runs':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  q")
    for label, row in lat.items():
        hits = "" if label == "overall" else f"{row['hits']:,}"
        runs = row.get("repetitions", "")
        q = row.get("q", "")
        print(
            f"  {label:<22}{hits:>9}{runs:>6}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['max_ms']:>9.1f}  {q}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--budget", type=float, default=120, help="seconds of timed calls per query at most"
    )
    parser.add_argument("--out", default="search_speed", help="results/<OUT>.json")
    parser.add_argument(
        "--keep", metavar="DIR", help="SQLite: build in DIR/speed-N.sqlite3 and keep it"
    )
    parser.add_argument(
        "--keep-pg",
        metavar="NAME",
        help="PostgreSQL: use database NAME_N (created when missing) and keep it; a later run"
        " reuses its records (no reload) and rebuilds the index, unless --keep-index",
    )
    parser.add_argument(
        "--keep-index", action="store_true", help="with --keep-pg: reuse the index too"
    )
    parser.add_argument("--reuse", default="", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, metavar=("DB", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.repeat, args.budget, args.reuse)
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path = RESULTS / f"{args.out}.json"
    results: dict = {
        "query_mix": QUERY_MIX, "repeat": args.repeat, "budget_seconds": args.budget,
        "warmup": WARMUP, "runs": {},
    }  # fmt: skip
    for n in [int(s) for s in args.sizes.split(",")]:
        for database in args.databases.split(","):
            with tempfile.TemporaryDirectory(prefix="koryu-speed-") as tmp:
                drop = None
                if database == "sqlite":
                    folder = Path(args.keep) if args.keep else Path(tmp)
                    folder.mkdir(parents=True, exist_ok=True)
                    db = str(folder / f"speed-{n}.sqlite3")
                    Path(db).unlink(missing_ok=True)
                elif args.keep_pg:
                    from postgres_db import kept_postgres  # beside this script

                    db = kept_postgres(f"{args.keep_pg}_{n}")
                else:
                    from postgres_db import (
                        fresh_postgres,
                    )  # beside this script; only PG runs need it

                    db, drop = fresh_postgres()
                reuse = ("index" if args.keep_index else "records") if args.keep_pg else ""
                started = time.perf_counter()
                try:
                    proc = subprocess.run(
                        [sys.executable, __file__, "--child", db, str(n), "--repeat", str(args.repeat),
                         "--budget", str(args.budget), "--reuse", reuse],
                        stdout=subprocess.PIPE, text=True, check=False,
                    )  # fmt: skip
                finally:
                    if drop:
                        drop()
            if proc.returncode != 0:
                print(f"{database} {n:,}: the run failed (exit {proc.returncode})")
                results["runs"][f"{database}/{n}"] = {"failed": proc.returncode}
                continue
            run = json.loads(proc.stdout.strip().splitlines()[-1])
            run["wall_seconds"] = round(time.perf_counter() - started, 1)
            results["runs"][f"{database}/{n}"] = run
            print_run(database, n, run)
            # Written after every run, so a long 1M run that is stopped keeps what came before.
            out_path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    at_1m = results["runs"].get("sqlite/1000000", {}).get("latency", {}).get("overall")
    if at_1m:
        verdict = "met" if at_1m["p95_ms"] <= TARGET_P95_MS else "NOT met"
        print(
            f"\ntarget p95 <= {TARGET_P95_MS:.0f} ms at 1M on SQLite: {verdict} ({at_1m['p95_ms']} ms)"
        )


if __name__ == "__main__":
    main()
