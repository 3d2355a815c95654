"""Fuzz the readers longer than the test suite does and count the outcomes.

    .venv/bin/python benchmarks/fuzz_readers.py [--per-document 100] [--seed 1]

Each document of ../shared/seeds, tests/fixtures and tests/data/wild/docs is mutated
(cut, lines duplicated or shuffled, re-encoded, control characters or random bytes
injected: tests/fuzzing.py) and read with koryu.readers.read_bytes. Every outcome must be
records, an empty document or a ReaderError naming the document; any other exception is
counted as a crash and printed. Writes benchmarks/results/fuzz_readers.json."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from fuzzing import documents, mutate, outcome  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-document", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    crashes = []
    started = time.perf_counter()
    docs = documents()
    for path in docs:
        data = path.read_bytes()
        rng = random.Random(f"{args.seed}-{path.name}")
        for _ in range(args.per_document):
            mutated = mutate(data, rng, path.name)
            try:
                counts[outcome(mutated, path.name)] += 1
            except Exception:  # noqa: BLE001 - a crash is what we count
                counts["CRASH"] += 1
                crashes.append({"document": path.name, "error": traceback.format_exc(limit=3)})
    seconds = round(time.perf_counter() - started, 1)
    result = {
        "documents": len(docs),
        "mutations": sum(counts.values()),
        "outcomes": dict(counts.most_common()),
        "crashes": crashes[:20],
        "seconds": seconds,
    }
    out = ROOT / "benchmarks" / "results" / "fuzz_readers.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "crashes"}, ensure_ascii=False))
    for crash in crashes[:5]:
        print(crash["document"], crash["error"], file=sys.stderr)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
