"""Koryu against Datasette (the peer): Japanese recall and latency, side by side in one run.

    .venv/bin/python benchmarks/search_peer.py [--repeat 20]

Both serve the same records: the seeds plus tests/fixtures/search_*.txt, ingested by
`koryu ingest` into a Koryu SQLite database. From it two Datasette databases are written,
each with a ``records`` table (id = Koryu's record id, title, text = every text field and
the party names) and an FTS5 index created with ``content="records"`` (the form Datasette
0.65 detects): one with the unicode61 tokenizer, one with trigram. Then, on 127.0.0.1:

* ``datasette serve unicode61.db trigram.db`` answers ``/<db>/records.json?_search=Q``;
* ``koryu serve`` answers ``/api/v1/search?q=Q`` (its defaults: expansion and facets on;
  also timed with ``facets=false``, since Datasette's search computes no facet counts
  unless asked).

Recall@10 is scored as in search_quality.py on the Japanese queries of the query set (all
of them, and those without filter syntax, which Datasette cannot express). Latency: each
query is requested ``--repeat`` times per engine after a warm-up, one request at a time;
the ratio is Datasette's time over Koryu's (above 1: Koryu is faster).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
WARMUP = 3
TOKENIZERS = {"unicode61": "unicode61", "trigram": "trigram"}
_FILTER = re.compile(r"(^|\s)-?(kind|country|prefecture|sector|type|status|year|org)[:：]")
TEXT_COLUMNS = ("title", "theme", "subthemes", "place", "purpose", "description",
                "background", "activities", "outcomes")  # fmt: skip

_spec = importlib.util.spec_from_file_location(
    "search_quality", ROOT / "benchmarks" / "search_quality.py"
)
quality = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(quality)


def build_koryu(folder: Path) -> Path:
    db = folder / "koryu.sqlite3"
    paths = [str(p) for p in quality.corpus_paths()]
    subprocess.run(
        [str(BIN / "koryu"), "ingest", "--db", str(db), "--quiet", *paths],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return db


def koryu_rows(db: Path) -> tuple[list[tuple[int, str, str]], dict[int, str]]:
    """(id, title, text) per record, and the record refs of the quality set."""
    conn = sqlite3.connect(db)
    parties: dict[int, list[str]] = {}
    for record_id, name in conn.execute(
        "SELECT record_id, name FROM catalog_party ORDER BY record_id, position"
    ):
        parties.setdefault(record_id, []).append(name)
    columns = ", ".join(f"r.{c}" for c in TEXT_COLUMNS)
    rows, refs = [], {}
    for record_id, source, key, *texts in conn.execute(
        f"SELECT r.id, s.name, r.key, {columns} FROM catalog_record r"  # noqa: S608 -- constant columns
        " JOIN catalog_source s ON s.id = r.source_id ORDER BY r.id"
    ):
        text = "\n".join(t for t in [*texts[1:], *parties.get(record_id, [])] if t and t != "[]")
        rows.append((record_id, texts[0], text))
        refs[record_id] = quality.ref_for(source, key)
    conn.close()
    return rows, refs


def build_datasette(folder: Path, rows: list[tuple[int, str, str]]) -> list[str]:
    names = []
    for name, tokenizer in TOKENIZERS.items():
        conn = sqlite3.connect(folder / f"{name}.db")
        conn.execute("CREATE TABLE records (id INTEGER PRIMARY KEY, title TEXT, text TEXT)")
        conn.executemany("INSERT INTO records VALUES (?, ?, ?)", rows)
        conn.execute(
            "CREATE VIRTUAL TABLE records_fts USING fts5(title, text, "
            f'content="records", content_rowid="id", tokenize="{tokenizer}")'
        )
        conn.execute("INSERT INTO records_fts (records_fts) VALUES ('rebuild')")
        conn.commit()
        conn.close()
        names.append(name)
    return names


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early: {url}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer in {seconds:.0f} s: {url}")


def get_json(url: str) -> tuple[dict, float]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    return json.loads(body), elapsed


def koryu_url(base: str, q: str, facets: bool = True) -> str:
    params = {"q": q, "limit": quality.K, **({} if facets else {"facets": "false"})}
    return f"{base}/api/v1/search?" + urllib.parse.urlencode(params)


def datasette_url(base: str, db: str, q: str) -> str:
    params = {"_search": q, "_size": quality.K, "_shape": "objects"}
    return f"{base}/{db}/records.json?" + urllib.parse.urlencode(params)


def koryu_ranked(data: dict, refs: dict[int, str]) -> tuple[list[str], int]:
    ranked = [
        refs.get(h["id"], f"?{h['id']}") if h["kind"] != "organization" else f"org:{h['title']}"
        for h in data.get("results", [])
    ]
    return ranked, int(data.get("total") or 0)


def datasette_ranked(data: dict, refs: dict[int, str]) -> tuple[list[str], int]:
    ranked = [refs.get(r["id"], f"?{r['id']}") for r in data.get("rows", [])]
    total = data.get("filtered_table_rows_count")
    return ranked, int(total if total is not None else len(ranked))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    queries = [q for q in quality.load_queries() if q["lang"] == "ja"]
    text_only = {q["id"] for q in queries if not _FILTER.search(q["q"])}
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="koryu-peer-") as tmp:
        folder = Path(tmp)
        kdb = build_koryu(folder)
        rows, refs = koryu_rows(kdb)
        databases = build_datasette(folder, rows)
        try:
            dport, kport = free_port(), free_port()
            procs.append(
                subprocess.Popen(
                    [
                        str(BIN / "datasette"),
                        "serve",
                        *[str(folder / f"{d}.db") for d in databases],
                        "-h",
                        "127.0.0.1",
                        "-p",
                        str(dport),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )  # fmt: skip
            )
            procs.append(
                subprocess.Popen(
                    [str(BIN / "koryu"), "serve", "--db", str(kdb), "--port", str(kport)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )  # fmt: skip
            )
            dbase, kbase = f"http://127.0.0.1:{dport}", f"http://127.0.0.1:{kport}"
            wait_for(f"{dbase}/-/versions.json", procs[0])
            wait_for(koryu_url(kbase, "水道"), procs[1])
            engines = {
                "koryu": lambda q: koryu_url(kbase, q),
                "koryu_without_facets": lambda q: koryu_url(kbase, q, facets=False),
            }
            engines.update(
                {f"datasette_{d}": (lambda q, d=d: datasette_url(dbase, d, q)) for d in databases}
            )
            outcomes: dict[str, list[dict]] = {e: [] for e in engines}
            timings: dict[str, list[float]] = {e: [] for e in engines}
            per_query_ms: dict[str, dict[str, float]] = {e: {} for e in engines}
            for item in queries:
                for engine, url_for in engines.items():
                    url = url_for(item["q"])
                    data, _ = get_json(url)
                    parse = koryu_ranked if engine.startswith("koryu") else datasette_ranked
                    ranked, total = parse(data, refs)
                    outcomes[engine].append(quality.score(item, ranked, total))
                    for _ in range(WARMUP - 1):
                        get_json(url)
                    samples = [get_json(url)[1] for _ in range(args.repeat)]
                    timings[engine] += samples
                    per_query_ms[engine][item["id"]] = round(statistics.median(samples), 2)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()

    summary: dict = {"queries": len(queries), "text_only_queries": len(text_only),
                     "records": len(rows), "repeat": args.repeat, "engines": {}}  # fmt: skip
    koryu_p50 = statistics.median(timings["koryu"])
    print(f"{len(queries)} Japanese queries ({len(text_only)} without filters) over {len(rows)} records, "
          f"{args.repeat} timed requests per query and engine, HTTP on 127.0.0.1\n")  # fmt: skip
    print(
        f"{'engine':<22}{'recall@10':>10}{'(text only)':>12}{'MRR':>7}{'p50 ms':>8}{'p95 ms':>8}{'p50 ratio':>10}"
    )
    for engine in engines:
        rows_all = outcomes[engine]
        rows_text = [o for o in rows_all if o["id"] in text_only]
        recall = quality.summarize(rows_all)["overall"]
        recall_text = quality.summarize(rows_text)["overall"]
        p50 = statistics.median(timings[engine])
        summary["engines"][engine] = {
            "recall@10": recall["recall@10"],
            "recall@10_text_only": recall_text["recall@10"],
            "mrr": recall["mrr"],
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95(timings[engine]), 2),
            "p50_ratio_to_koryu": round(p50 / koryu_p50, 2),
            "per_query_p50_ms": per_query_ms[engine],
            "misses": [
                {"id": o["id"], "q": o["q"], "recall": o["recall"], "total": o["total"]}
                for o in rows_all if o["recall"] < 1
            ],
        }  # fmt: skip
        s = summary["engines"][engine]
        print(f"{engine:<22}{s['recall@10']:>10.3f}{s['recall@10_text_only']:>12.3f}{s['mrr']:>7.3f}"
              f"{s['p50_ms']:>8.1f}{s['p95_ms']:>8.1f}{s['p50_ratio_to_koryu']:>10.2f}")  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search_peer.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
