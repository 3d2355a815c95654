"""Memory of `koryu serve` before and after a burst of hostile queries (issue 14 item 5).

    .venv/bin/python benchmarks/hostile_queries.py [--db FILE] [--queries 1000]

Starts `koryu serve --workers 1` on 127.0.0.1 over FILE (default: the five seeds ingested
into a temporary database), warms it with ordinary searches, reads the worker's RSS, sends
QUERIES hostile requests (25,000-character queries, thousands of filters, operators and
quotes alone, deep phrases, bad cursors) to the page and the API, and reads the RSS again.
Every hostile request must be answered (no 5xx, no dropped connection); traffic goes only
to 127.0.0.1. Writes benchmarks/results/hostile_queries.json."""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KORYU = Path(sys.executable).parent / "koryu"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def hostile(rng: random.Random) -> str:
    return rng.choice(
        [
            "水" * 25_000,
            " ".join(["country:JP"] * 3000),
            '"' * 500,
            "AND " * 400,
            '"' + " ".join(rng.choice(["上下水道", "協力", "覚書"]) for _ in range(200)) + '"',
            " OR ".join(f"w{i}" for i in range(300)),
            "-" * 1000,
            "year:0..99999999 " * 50,
        ]
    )


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def get(url: str) -> int:
    try:
        with OPENER.open(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db")
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    tmp = tempfile.mkdtemp(prefix="koryu-hostile-")
    db = args.db or str(Path(tmp) / "seeds.sqlite3")
    if not args.db:
        subprocess.run([str(KORYU), "ingest", str(ROOT.parent / "shared" / "seeds"), "--db", db,
                        "-q"], check=True, env=env, capture_output=True)  # fmt: skip
    server = subprocess.Popen(
        [str(KORYU), "serve", "--db", db, "--port", "0", "--workers", "1", "--no-worker"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        base = server.stdout.readline().split()[-1].rstrip("/")
        for q in ["水道", "姉妹都市", "Владивосток", "環境 country:CN"] * 10:
            get(f"{base}/api/v1/search?q={urllib.parse.quote(q)}")
            get(f"{base}/search?q={urllib.parse.quote(q)}")
        pid = worker_pid(server.pid)
        before = rss_kb(pid)
        rng = random.Random(42)
        statuses: dict[int, int] = {}
        started = time.perf_counter()
        for i in range(args.queries):
            q = urllib.parse.quote(hostile(rng))
            url = f"{base}/api/v1/search?q={q}" if i % 2 else f"{base}/search?q={q}"
            status = get(url)
            statuses[status] = statuses.get(status, 0) + 1
        seconds = time.perf_counter() - started
        after = rss_kb(pid)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    result = {
        "queries": args.queries,
        "statuses": statuses,
        "rss_before_mb": round(before / 1024, 1),
        "rss_after_mb": round(after / 1024, 1),
        "growth_mb": round((after - before) / 1024, 1),
        "seconds": round(seconds, 1),
    }
    out = ROOT / "benchmarks" / "results" / "hostile_queries.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))
    return 1 if any(s >= 500 for s in statuses) else 0


if __name__ == "__main__":
    sys.exit(main())
