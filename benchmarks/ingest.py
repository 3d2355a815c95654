"""Ingest speed and peak memory: N generated documents of mixed formats, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/ingest.py [--documents 10000] [--databases sqlite,postgres]

Documents are generated first (koryu.synth.documents) into a temp folder; each database is
then filled by a fresh child process (`koryu ingest` through the library), so that peak
memory (ru_maxrss) is the ingest's own. A second run over the same folder measures the
re-ingest, which must report every document unchanged.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = ROOT / "benchmarks" / "results"


def generate(folder: Path, n: int) -> Counter:
    sys.path.insert(0, str(ROOT / "src"))
    from koryu.synth.documents import generate_documents

    formats: Counter = Counter()
    for name, fmt, text in generate_documents(n, SEEDS):
        (folder / name).write_text(text, encoding="utf-8")
        formats[fmt] += 1
    return formats


def child(db: str, folder: str) -> None:
    """Runs in a fresh process: ingest the folder twice, print one JSON line."""
    from koryu import runtime

    runtime.configure(db)
    from koryu.catalog.importer import ingest_paths
    from koryu.catalog.models import Record

    out = {}
    for run in ("first", "again"):
        start, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths([folder])
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        totals = report.totals()
        out[run] = {
            "seconds": round(elapsed, 2),
            "documents_per_second": round(totals["documents"] / elapsed, 1),
            # the writer's own CPU time: comparable on a shared, loaded machine
            "cpu_seconds": round(cpu, 2),
            "documents_per_cpu_second": round(totals["documents"] / cpu, 1),
            **totals,
            "errors": [d.error for d in report.failed][:5],
        }
    out["records"] = Record.objects.count()
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--child", nargs=2, metavar=("DB", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="koryu-bench-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        start = time.perf_counter()
        formats = generate(folder, args.documents)
        print(
            f"generated {args.documents} documents in {time.perf_counter() - start:.1f} s: "
            + ", ".join(f"{n} {f}" for f, n in sorted(formats.items()))
        )
        results = {"documents": args.documents, "formats": dict(formats), "runs": {}}
        for database in args.databases.split(","):
            drop = None
            if database == "sqlite":
                db = str(Path(tmp) / "bench.sqlite3")
            else:
                from postgres_db import fresh_postgres  # beside this script

                db, drop = fresh_postgres()
            try:
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", db, str(folder)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if proc.returncode != 0:
                    raise SystemExit(f"{database} run failed:\n{proc.stderr[-3000:]}")
                run = json.loads(proc.stdout.strip().splitlines()[-1])
            finally:
                if drop:
                    drop()
            results["runs"][database] = run
            f, a = run["first"], run["again"]
            print(
                f"{database:<9} first: {f['seconds']:>7.1f} s {f['documents_per_second']:>7.1f} docs/s "
                f"({f['documents_per_cpu_second']} per CPU s) "
                f"({f['records_inserted']} records, {f['failed']} failed) | again: "
                f"{a['seconds']:>6.1f} s {a['documents_per_second']:>7.1f} docs/s "
                f"({a['unchanged']} unchanged) | peak RSS {run['peak_rss_mb']} MB"
            )
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "ingest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
