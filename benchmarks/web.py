"""Web and API speed at 100k records: p95 server time of the pages and endpoints that must
stay fast, and requests/s of one API endpoint under concurrent load.

    .venv/bin/python benchmarks/web.py [--records 100000] [--db FILE] [--requests 200]
        [--clients 16] [--duration 20] [--no-search] [--no-load-test] [--edits N] [--exports N]
        [--export-mbps R] [--sequential N] [--workers N] [--no-in-process] [--memory]

1. Builds a SQLite catalogue of synthetic records (koryu.synth.records, seed 42) with the
   bulk loader of benchmarks/search_speed.py, gives every organization the coordinates of
   its synthetic place, and builds the search index (skipped with --no-search). With
   --db FILE an existing catalogue in FILE is reused, so re-runs skip the build.
2. In-process with Django's test Client (whole middleware stack, no network), REQUESTS
   requests per target, p50/p95/max in ms:
   - the search page /search?q=... (a query mix), when the HTML pages exist;
   - organization pages /organizations/<id> (HTML, when present) and
     /api/v1/organizations/<id>, over a mix of organizations that includes the busiest;
   - /api/v1/map cold (the aggregate cache cleared before every request: the cost of a
     first visit after an ingest) and warm (cached), and /api/v1/records/<id>;
   - issue 15: an administrator's edit page /records/<id>/edit, the history page
     /records/<id>/history and /api/v1/records/<id>/history (every record and party has
     its creation row in the history tables, as after an ingest; with --edits N each
     record measured is first edited N times through the edit path, the last edit adding
     a party), /changes and /changes.atom.
3. Starts `koryu serve` on 127.0.0.1 and drives /api/v1/records/<id> (random ids) with
   wrk at CLIENTS concurrent connections for DURATION seconds (locust headless when wrk
   is missing); reports requests/s and errors (non-2xx or socket errors must be zero).
   With --exports N, N clients download the full JSON export over and over meanwhile
   (issue 14: a record request stays under 250 ms p99 while 10 exports run); the server
   then lets all N run at once (they all come from 127.0.0.1), and --export-mbps caps each
   client's rate as a real network link would (on loopback an uncapped client's copying
   competes for the same cores as the server). The server paces each download itself at
   KORYU_EXPORT_MB_PER_SECOND (16; the benchmark passes its environment on, so
   KORYU_EXPORT_MB_PER_SECOND=0 measures unpaced downloads; the JSON says which under
   export_server_mb_per_second). With --sequential N (wrk only), once wrk is done (the
   export clients still downloading), one client asks for N random records one after the
   other, a new connection each, as a visitor would: issue 14's probe is that single
   record request, not one of 16 saturating the server. It runs in a process of its own,
   so the export clients' threads do not hold its interpreter lock.
   --workers sets `koryu serve --workers` (default: its own, the number of cores);
   --no-in-process skips step 2. With --memory the resident memory of the server (its
   master, web workers and background worker together) is sampled every second while wrk
   runs: the first sample, the last, the highest, and the growth from the first sample
   after a warm-up (the first tenth of the run) to the last (issue 16: memory stays flat
   over a 5-minute run, --duration 300).

Prints a table and writes benchmarks/results/web.json. Targets: p95 <= 100 ms each.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TARGET_P95_MS = 100.0
SEARCH_QUERIES = ["水道", "姉妹都市", "環境 kind:agreement", "Владивосток", "青少年交流", "防災"]


# --- building the catalogue ----------------------------------------------------------------


def build(records: int, search: bool) -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from search_speed import bulk_load  # the shared bulk loader of the search benchmark

    from koryu.catalog.models import Organization
    from koryu.synth.names import foreign_places, japanese_places

    started = time.perf_counter()
    loaded = bulk_load(records)
    places = {p.path: p for p in japanese_places()}
    for pool in foreign_places().values():
        places.update({p.path: p for p in pool})
    placed = []
    for org in Organization.objects.only("id", "name"):
        place = places.get(org.name)
        if place:
            org.lat, org.lon = place.lat, place.lon
            org.resolution = "resolved"
            placed.append(org)
    Organization.objects.bulk_update(placed, ["lat", "lon", "resolution"], batch_size=5000)
    loaded["placed_organizations"] = len(placed)
    loaded["history_rows"] = _history_of_the_load()
    loaded["build_seconds"] = round(time.perf_counter() - started, 1)
    if search:
        started = time.perf_counter()
        try:
            from koryu.search.index import rebuild

            rebuild()
            loaded["index_seconds"] = round(time.perf_counter() - started, 1)
        except ImportError:
            loaded["index_seconds"] = None
    return loaded


def _history_of_the_load() -> int:
    """The bulk loader writes no history: give every record and party the creation row an
    ingest writes (koryu.catalog.history), so history pages read tables of real size."""
    from koryu.catalog import history
    from koryu.catalog.models import Party, Record

    written = 0
    with history.origin(source="benchmark", reason="ingest"):
        for model in (Record, Party):
            last = 0
            while True:
                chunk = list(model.objects.filter(pk__gt=last).order_by("pk")[:5000])
                if not chunk:
                    break
                history.bulk_created(chunk)
                written += len(chunk)
                last = chunk[-1].pk
    return written


def _edit_history(admin, ids: set[int], edits: int) -> int:
    """``edits`` real edits of each record measured, through the edit path (corrections,
    history rows of the record and its parties, a party added by the last one), so that
    the history pages read versions with changes, not only the creation row."""
    from koryu.catalog import editing
    from koryu.catalog.models import Record

    made = 0
    for record_id in sorted(ids):
        version = Record.objects.values_list("version", flat=True).get(pk=record_id)
        for i in range(edits):
            values = {"theme": f"benchmark edit {i}"} if i % 2 else {"title": f"edited {i}"}
            added = editing.PartyChanges(add=[editing.PartnerChoice("Bench City", "US")])
            row = editing.edit(record_id, values, admin, version, f"benchmark {i}",
                               parties=added if i == edits - 1 else None)  # fmt: skip
            version = row.version
            made += 1
    return made


def measure_editing(n: int, record_ids: list[int], rng: random.Random, edits: int = 0) -> dict:
    """The edit page (an administrator's), a record's history page and its JSON, the
    change feed: the issue 15 targets. ``edits``: edits made to each record measured
    first (--edits)."""
    from django.contrib.auth.models import User
    from django.test import Client

    from koryu.accounts import grants

    admin = User.objects.filter(username="bench-admin").first()
    if admin is None:
        admin = grants.add_user("bench-admin")
        grants.grant(admin, "admin")
    client = Client()
    client.force_login(admin)
    ids = [rng.choice(record_ids) for _ in range(n)]
    out = {}
    if edits:
        started = time.perf_counter()
        made = _edit_history(admin, set(ids), edits)
        print(f"{made} edits in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    timed(client, [f"/records/{i}/edit" for i in ids[:5]])  # warm-up
    out["edit page"] = timed(client, [f"/records/{i}/edit" for i in ids])
    out["history page"] = timed(client, [f"/records/{i}/history" for i in ids])
    out["api history"] = timed(client, [f"/api/v1/records/{i}/history" for i in ids])
    out["changes page"] = timed(client, ["/changes"] * max(10, n // 10))
    out["changes atom"] = timed(client, ["/changes.atom"] * max(10, n // 10))
    return out


# --- in-process timings ----------------------------------------------------------------------


def timed(client, urls: list[str], before=None) -> dict:
    times, statuses = [], {}
    for url in urls:
        if before:
            before()
        start = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    times.sort()
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
        "statuses": statuses,
        "example": urls[0],
    }


def page_exists(client, url: str) -> bool:
    return client.get(url).status_code == 200


def measure(n: int, edits: int = 0) -> dict:
    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client

    from koryu.catalog.models import Organization, Record

    client = Client()
    rng = random.Random(42)
    record_ids = list(Record.objects.values_list("pk", flat=True))
    busiest = list(
        Organization.objects.annotate(n=Count("parties")).order_by("-n").values_list("pk", "n")[:5]
    )
    all_orgs = list(Organization.objects.values_list("pk", flat=True))
    org_ids = [pk for pk, _ in busiest] + rng.sample(all_orgs, min(len(all_orgs), n))
    org_ids = [org_ids[i % len(org_ids)] for i in range(n)]
    out: dict[str, dict] = {}
    if page_exists(client, "/search?q=水道"):
        urls = [f"/search?q={SEARCH_QUERIES[i % len(SEARCH_QUERIES)]}" for i in range(n)]
        timed(client, urls[: len(SEARCH_QUERIES)])  # warm-up: dictionaries, templates
        out["search page"] = timed(client, urls)
    if page_exists(client, f"/organizations/{org_ids[0]}"):
        timed(client, [f"/organizations/{i}" for i in org_ids[:5]])
        out["organization page"] = timed(client, [f"/organizations/{i}" for i in org_ids])
    timed(client, [f"/api/v1/organizations/{i}" for i in org_ids[:5]])
    out["api organization"] = timed(client, [f"/api/v1/organizations/{i}" for i in org_ids])
    out["api organization"]["busiest_parties"] = busiest[0][1] if busiest else 0
    out["api map (cold)"] = timed(client, ["/api/v1/map"] * max(10, n // 10), before=cache.clear)
    out["api map (warm)"] = timed(client, ["/api/v1/map"] * n)
    out["api record"] = timed(
        client, [f"/api/v1/records/{rng.choice(record_ids)}" for _ in range(n)]
    )
    out.update(measure_editing(n, record_ids, rng, edits))
    return out


# --- load test against `koryu serve` ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WRK_SCRIPT = """
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v1/records/" .. math.random(1, %d))
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KORYU %%d %%f %%d %%d %%d %%d %%d %%f\\n", summary.requests,
    summary.duration / 1e6, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency.max, latency:percentile(99)))
end
"""

LOCUSTFILE = """
import random
from locust import FastHttpUser, task
class Reader(FastHttpUser):
    @task
    def record(self):
        self.client.get(f"/api/v1/records/{random.randint(1, %d)}", name="/api/v1/records/{id}")
"""


def sequential_records(url: str, max_id: int, n: int) -> dict:
    """N record requests one after the other, each on a new connection: p50/p95/p99 in ms
    as one visitor sees them (connect to last byte)."""
    import http.client
    from urllib.parse import urlsplit

    rng = random.Random(7)
    host, port = urlsplit(url).hostname, urlsplit(url).port
    times, errors = [], 0
    for _ in range(n):
        started = time.perf_counter()
        connection = http.client.HTTPConnection(host, port, timeout=60)
        try:
            connection.request("GET", f"/api/v1/records/{rng.randint(1, max_id)}")
            response = connection.getresponse()
            response.read()
            errors += response.status not in (200, 404)  # ids of a bulk load may have gaps
        except OSError:
            errors += 1
        finally:
            connection.close()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "requests": n,
        "errors": errors,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(n * 0.95) - 1], 1),
        "p99_ms": round(times[int(n * 0.99) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


def sequential_in_own_process(url: str, max_id: int, n: int) -> dict:
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(sequential_records, (url, max_id, n))


class ExportLoad:
    """EXPORTS clients downloading the full JSON export over and over while the load test
    runs (a refused one, 429, waits a second and asks again): the record requests must
    stay fast beside them."""

    def __init__(self, url: str, clients: int, mbps: float = 0):
        import threading

        self.mbps = mbps  # each client's download rate in MB/s (0: as fast as loopback goes)
        self.url = url + "/api/v1/export.json"
        self.stop = threading.Event()
        self.done = self.refused = self.failed = self.preparing = 0
        self.bytes = 0
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(clients)]

    def _run(self) -> None:
        import urllib.error
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while not self.stop.is_set():
            try:
                with opener.open(self.url, timeout=120) as response:
                    started, got = time.monotonic(), 0
                    while block := response.read(1 << 16):
                        self.bytes += len(block)
                        got += len(block)
                        if self.mbps:  # a client on a real network link
                            ahead = got / (self.mbps * 1e6) - (time.monotonic() - started)
                            if ahead > 0:
                                self.stop.wait(ahead)
                self.done += 1
            except urllib.error.HTTPError as exc:
                if exc.code == 429:
                    self.refused += 1
                    self.stop.wait(1)
                elif exc.code == 503:  # the file is being written after a change
                    self.preparing += 1
                    self.stop.wait(1)
                else:
                    self.failed += 1
            except OSError:
                self.failed += 1

    def warm(self, timeout: float = 600) -> None:
        """Wait until the export file exists: the load test measures downloads served from
        it, as every download is between two changes of the data."""
        import urllib.error
        import urllib.request

        if not self.threads:
            return
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with opener.open(self.url, timeout=120) as response:
                    response.read()
                return
            except urllib.error.HTTPError as exc:
                if exc.code != 503:
                    raise
                time.sleep(2)
        raise RuntimeError("the export file was not written in time")

    def __enter__(self):
        self.warm()
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=130)

    def summary(self) -> dict:
        return {
            "export_clients": len(self.threads),
            "exports_completed": self.done,
            "exports_refused_429": self.refused,
            "exports_preparing_503": self.preparing,
            "exports_failed": self.failed,
            "export_megabytes": round(self.bytes / 1e6, 1),
        }


def _export_pace() -> float:
    """The server's pace of a full-export download (KORYU_EXPORT_MB_PER_SECOND, the same
    environment as the server's; 0: none)."""
    from django.conf import settings

    return settings.EXPORT_BYTES_PER_SECOND / 1e6


class MemorySampler:
    """The resident memory of a process and its descendants (a gunicorn master, its
    workers, the background worker), sampled every ``every`` seconds from /proc (Linux)."""

    def __init__(self, pid: int, every: float = 1.0):
        import threading

        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int]] = []  # (seconds since start, bytes)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def tree_rss(root: int) -> int:
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        tree, grew = {root}, True
        while grew:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= found
            grew = bool(found)
        page = os.sysconf("SC_PAGE_SIZE")
        total = 0
        for pid in tree:
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
            except OSError:
                continue
        return total

    def _run(self) -> None:
        started = time.monotonic()
        while not self.stop.is_set():
            self.samples.append((time.monotonic() - started, self.tree_rss(self.pid)))
            self.stop.wait(self.every)

    def __enter__(self):
        if Path("/proc/self/statm").exists():
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()

    def summary(self) -> dict:
        if not self.samples:
            return {"measured": False}
        mb = [round(rss / 1e6, 1) for _, rss in self.samples]
        warm = mb[len(mb) // 10]
        return {
            "samples": len(mb),
            "first_mb": mb[0],
            "after_warm_up_mb": warm,
            "last_mb": mb[-1],
            "max_mb": max(mb),
            "growth_after_warm_up_mb": round(mb[-1] - warm, 1),
        }


def load_test(
    db: str,
    max_id: int,
    clients: int,
    duration: int,
    threads: int,
    exports: int = 0,
    export_mbps: float = 0,
    sequential: int = 0,
    workers: int | None = None,
    memory: bool = False,
) -> dict:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    if exports:
        # every export client comes from 127.0.0.1: let all of them run at once, so that
        # the record requests are measured beside EXPORTS running downloads, not 429s
        env["KORYU_EXPORT_CONCURRENCY"] = env["KORYU_EXPORT_CONCURRENCY_PER_CLIENT"] = str(exports)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "koryu"), "serve", "--db", db, "--port", str(port),
         "--threads", str(threads), *(["--workers", str(workers)] if workers else [])],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        if not server.stdout.readline().startswith("Koryu is serving"):
            raise RuntimeError("koryu serve did not start")
        url = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as tmp:
            if shutil.which("wrk"):
                script = Path(tmp) / "records.lua"
                script.write_text(WRK_SCRIPT % max_id)
                sampler = MemorySampler(server.pid) if memory else contextlib.nullcontext()
                with ExportLoad(url, exports, export_mbps) as export_load, sampler:
                    run = subprocess.run(
                        ["wrk", "-t", "4", "-c", str(clients), "-d", f"{duration}s", "-s",
                         str(script), "--latency", url],
                        capture_output=True, text=True, check=False,
                    )  # fmt: skip
                    one_by_one = (
                        sequential_in_own_process(url, max_id, sequential) if sequential else None
                    )
                if run.returncode:
                    raise RuntimeError(f"wrk failed: {run.stderr or run.stdout}")
                line = next(x for x in run.stdout.splitlines() if x.startswith("KORYU "))
                req, secs, sock_err, status_err, p50, p95, mx, p99 = line.split()[1:]
                return {
                    "tool": "wrk",
                    "clients": clients,
                    "threads": threads,
                    "requests": int(req),
                    "requests_per_second": round(int(req) / float(secs), 1),
                    "errors": int(sock_err) + int(status_err),
                    "p50_ms": round(int(p50) / 1000, 1),
                    "p95_ms": round(int(p95) / 1000, 1),
                    "p99_ms": round(float(p99) / 1000, 1),
                    "max_ms": round(int(mx) / 1000, 1),
                    **(export_load.summary() if exports else {}),
                    **({"export_server_mb_per_second": _export_pace()} if exports else {}),
                    **({"sequential": one_by_one} if one_by_one else {}),
                    **({"server_memory": sampler.summary()} if memory else {}),
                }
            locustfile = Path(tmp) / "locustfile.py"
            locustfile.write_text(LOCUSTFILE % max_id)
            prefix = Path(tmp) / "stats"
            subprocess.run(
                [str(Path(sys.executable).parent / "locust"), "-f", str(locustfile),
                 "--headless", "-u", str(clients), "-r", str(clients), "-t", f"{duration}s",
                 "--host", url, "--csv", str(prefix), "--only-summary"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            import csv

            rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
            total = next(r for r in rows if r["Name"] == "Aggregated")
            return {
                "tool": "locust",
                "clients": clients,
                "threads": threads,
                "requests": int(total["Request Count"]),
                "requests_per_second": round(float(total["Requests/s"]), 1),
                "errors": int(total["Failure Count"]),
                "p50_ms": float(total["50%"]),
                "p95_ms": float(total["95%"]),
                "max_ms": float(total["Max Response Time"]),
            }
    finally:
        server.send_signal(2)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def print_in_process(rows: dict[str, dict]) -> None:
    print(f"\n{'target':<22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  ok")
    for name, row in rows.items():
        ok = "yes" if row["p95_ms"] <= TARGET_P95_MS else "NO"
        print(
            f"{name:<22} {row['requests']:>5} {row['p50_ms']:>8} {row['p95_ms']:>8}"
            f" {row['max_ms']:>8}  {ok}"
        )


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", help="SQLite file to build in, or to reuse when it has records")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--threads", type=int, default=8, help="koryu serve --threads")
    parser.add_argument("--no-search", action="store_true", help="skip the search index")
    parser.add_argument("--no-load-test", action="store_true")
    parser.add_argument(
        "--edits",
        type=int,
        default=0,
        help="edits made to each record measured before the edit and history pages are"
        " timed (the last adds a party), so that their history has versions with changes",
    )
    parser.add_argument(
        "--exports", type=int, default=0, help="clients downloading full exports meanwhile"
    )
    parser.add_argument(
        "--export-mbps", type=float, default=0,
        help="each export client's download rate in MB/s (default: unlimited)",
    )  # fmt: skip
    parser.add_argument(
        "--sequential", type=int, default=0,
        help="after wrk, N record requests by one client, one after the other",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, help="koryu serve --workers (default: its own)")
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process timings")
    parser.add_argument(
        "--memory", action="store_true", help="sample the server's memory while wrk runs"
    )
    args = parser.parse_args()

    tmpdir = None
    if args.db:
        db = str(Path(args.db).resolve())
    else:
        tmpdir = tempfile.mkdtemp(prefix="koryu-web-bench-")
        db = str(Path(tmpdir) / "web.sqlite3")
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.pop("KORYU_DATABASE_URL", None)
    os.environ.setdefault("KORYU_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    from koryu import runtime

    runtime.configure(db)
    from koryu.catalog.models import Record

    result: dict = {"records": args.records, "database": "sqlite", "db_file": db}
    if Record.objects.exists():
        result["build"] = {"reused": True, "records": Record.objects.count()}
    else:
        print(f"building {args.records} records in {db} ...", file=sys.stderr)
        result["build"] = build(args.records, search=not args.no_search)
    if not args.no_in_process:
        print("measuring in-process ...", file=sys.stderr)
        result["in_process"] = measure(args.requests, args.edits)
        result["edits_per_record"] = args.edits
        print_in_process(result["in_process"])
    if not args.no_load_test:
        print(f"load test: {args.clients} clients for {args.duration}s ...", file=sys.stderr)
        max_id = Record.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
        from django.db import connections

        connections.close_all()
        result["load_test"] = load_test(
            db, max_id, args.clients, args.duration, args.threads, args.exports, args.export_mbps,
            args.sequential, args.workers, args.memory,
        )  # fmt: skip

    if "load_test" in result:
        lt = result["load_test"]
        print(
            f"\n{lt['tool']}: /api/v1/records/{{id}} at {lt['clients']} clients:"
            f" {lt['requests_per_second']} req/s, {lt['errors']} errors,"
            f" p50 {lt['p50_ms']} ms, p95 {lt['p95_ms']} ms, p99 {lt.get('p99_ms')} ms"
            f" ({lt['requests']} requests)"
        )
        if "sequential" in lt:
            one = lt["sequential"]
            print(
                f"one client, one record after the other: p50 {one['p50_ms']} ms,"
                f" p95 {one['p95_ms']} ms, p99 {one['p99_ms']} ms, max {one['max_ms']} ms,"
                f" {one['errors']} errors ({one['requests']} requests)"
            )
        if "server_memory" in lt:
            print(f"server memory: {json.dumps(lt['server_memory'])}")
        if args.exports:
            print(f"beside {args.exports} export clients: {json.dumps(lt, ensure_ascii=False)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "web.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"\nwritten to {out}")
    if tmpdir:
        shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
