"""Cost of the generic prose path: start-up (gazetteer, place scanner, analysers), memory,
and documents per second through the whole generic reader and through the prose reader.

    PYTHONPATH=src .venv/bin/python benchmarks/prose_speed.py [--rounds 5]

Documents: the text files (.txt, .md) of the wild corpus (tests/data/wild/docs), read
``--rounds`` times in one process after the one-off loads. Target: >= 50 text documents/s
through the generic readers (issue 11).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "data" / "wild" / "docs"


def rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    from koryu.gazetteer.index import get_gazetteer

    figures: dict[str, float | int] = {"rss_start_mb": rss_mb()}
    gaz, figures["gazetteer_load_s"] = timed(get_gazetteer)
    figures["rss_gazetteer_mb"] = rss_mb()

    from koryu.readers.generic import places

    _, figures["scanner_build_s"] = timed(lambda: places._accepted_keys(gaz))
    sc, figures["scanner_load_s"] = timed(places.scanner)  # from its cache when present
    figures["scanner_keys"] = len(sc.names)
    figures["rss_scanner_mb"] = rss_mb()

    _, figures["sudachi_load_s"] = timed(lambda: places.find_places("八丈島へ", "ja", ner=True))
    _, figures["jieba_load_s"] = timed(lambda: places.find_places("前往某地", "zh", ner=True))
    figures["rss_analysers_mb"] = rss_mb()

    from koryu.readers import generic
    from koryu.readers.base import ReaderError
    from koryu.readers.generic.context import build_context
    from koryu.readers.generic.prose import extract_prose

    texts = [
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted(DOCS.iterdir())
        if p.suffix in (".txt", ".md")
    ]
    figures["documents"] = len(texts)
    figures["characters"] = sum(len(t) for _, t in texts)

    def whole():
        for name, text in texts:
            try:
                generic.parse(text, name)
            except ReaderError:
                pass

    def prose_only():
        for name, text in texts:
            ctx = build_context(text, name)
            extract_prose(list(enumerate(text.split("\n"), 1)), ctx)

    whole()  # warm: caches of the resolver
    _, t_whole = timed(lambda: [whole() for _ in range(args.rounds)])
    _, t_prose = timed(lambda: [prose_only() for _ in range(args.rounds)])
    n = len(texts) * args.rounds
    figures["generic_docs_per_s"] = round(n / t_whole, 1)
    figures["prose_docs_per_s"] = round(n / t_prose, 1)
    figures["rss_end_mb"] = rss_mb()

    for k, v in figures.items():
        print(f"{k:24} {round(v, 3) if isinstance(v, float) else v}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "prose_speed.json").write_text(json.dumps(figures, indent=1))
    ok = figures["generic_docs_per_s"] >= 50
    print(
        f"target >= 50 text documents/s through the generic readers: {'met' if ok else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
