"""Ingest speed and peak memory: N generated documents of mixed formats, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/ingest.py [--documents 10000] [--databases sqlite,postgres]
        [--jobs 1,2] [--baseline SRC]

Documents are generated first (koryu.synth.documents) into a temp folder; each database is
then filled by a fresh child process (`ingest_paths` with ``jobs`` reader processes, what
`koryu ingest -j N` runs; the CLI's default is the number of cores), so that peak memory
(ru_maxrss) is the ingest's own. A second run over the same folder measures the re-ingest,
which must report every document unchanged.

``--baseline SRC`` names another checkout's ``src`` folder (e.g. ``git worktree add
/tmp/base <commit>``): every run is then made with that code too, right after the same
run with this code, and the ratio new/old printed, so both see the same machine load.
"""

from __future__ import annotations

import argparse
import json
import os
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


def child(db: str, folder: str, jobs: int) -> None:
    """Runs in a fresh process: ingest the folder twice, print one JSON line."""
    from koryu import runtime

    runtime.configure(db)
    from koryu.catalog.importer import ingest_paths
    from koryu.catalog.models import Record

    out = {}
    for run in ("first", "again"):
        start, cpu = time.perf_counter(), time.process_time()
        readers = resource.getrusage(resource.RUSAGE_CHILDREN)
        report = ingest_paths([folder], jobs=jobs)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        readers = after.ru_utime + after.ru_stime - readers.ru_utime - readers.ru_stime
        totals = report.totals()
        out[run] = {
            "seconds": round(elapsed, 2),
            "documents_per_second": round(totals["documents"] / elapsed, 1),
            # the writer's own CPU time: comparable on a shared, loaded machine
            "cpu_seconds": round(cpu, 2),
            "documents_per_cpu_second": round(totals["documents"] / cpu, 1),
            # the reader processes' CPU time (jobs > 1), not in the writer's
            "reader_cpu_seconds": round(readers, 2),
            **totals,
            "errors": [d.error for d in report.failed][:5],
        }
    out["jobs"] = jobs
    out["records"] = Record.objects.count()
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


def run_child(src: Path, db: str, folder: Path, jobs: int) -> dict:
    """One fresh process ingesting ``folder`` twice with the code under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", db, str(folder), str(jobs)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        raise SystemExit(f"run with {src} on {db} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(database: str, tmp: Path, src: Path, folder: Path, jobs: int) -> dict:
    drop = None
    if database == "sqlite":
        db = str(tmp / "bench.sqlite3")
        Path(db).unlink(missing_ok=True)
    else:
        from postgres_db import fresh_postgres  # beside this script

        db, drop = fresh_postgres()
    try:
        return run_child(src, db, folder, jobs)
    finally:
        if drop:
            drop()


def describe(label: str, run: dict) -> str:
    f, a = run["first"], run["again"]
    return (
        f"{label:<22} first: {f['seconds']:>7.1f} s {f['documents_per_second']:>7.1f} docs/s "
        f"({f['documents_per_cpu_second']} per writer CPU s, readers {f['reader_cpu_seconds']} "
        f"CPU s) ({f['records_inserted']} records, {f['failed']} failed) | again: "
        f"{a['seconds']:>6.1f} s {a['documents_per_second']:>7.1f} docs/s "
        f"({a['unchanged']} unchanged) | peak RSS {run['peak_rss_mb']} MB | "
        f"load {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--jobs", default="1,2", help="reader processes, comma-separated: one run each"
    )
    parser.add_argument(
        "--baseline", type=Path, help="another checkout's src folder, measured beside this one"
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("DB", "FOLDER", "JOBS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    codes = {"new": ROOT / "src"}
    if args.baseline:
        if not (args.baseline / "koryu").is_dir():
            raise SystemExit(f"--baseline {args.baseline}: no koryu package there")
        codes["old"] = args.baseline.resolve()
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
            for jobs in [int(j) for j in args.jobs.split(",")]:
                runs = {}
                for code, src in codes.items():  # the same run, one code after the other
                    runs[code] = measure(database, Path(tmp), src, folder, jobs)
                    runs[code]["load_average"] = round(os.getloadavg()[0], 2)
                    print(describe(f"{database} -j{jobs} {code}", runs[code]), flush=True)
                if "old" in runs:
                    runs["ratio"] = {
                        run: round(
                            runs["new"][run]["documents_per_second"]
                            / runs["old"][run]["documents_per_second"],
                            2,
                        )
                        for run in ("first", "again")
                    }
                    print(
                        f"{database} -j{jobs} new/old: first x{runs['ratio']['first']}, "
                        f"again x{runs['ratio']['again']}"
                    )
                results["runs"][f"{database} -j{jobs}"] = runs
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "ingest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
