"""Cut each seed document at random points and count the cuts its reader lets through.

    .venv/bin/python benchmarks/truncation.py [--cuts 150] [--seed 1]

For every document of ../shared/seeds read by a format-specific reader, the text is cut
at ``--cuts`` random character offsets (after the first tenth). A cut is *refused* when
the reader raises ReaderError, *harmless* when it gives exactly the whole document's
first records, and *silent* when it gives fewer or different records without an error
(issue 14 item 1: the figure to drive to zero). Silent cuts are printed with the text
where they stop. Writes benchmarks/results/truncation.json."""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from koryu.readers import (  # noqa: E402  # noqa: E402
    association,
    case_cards,
    detect_format,
    multilateral,
    network_page,
    seminar_series,
)
from koryu.readers.base import ReaderError  # noqa: E402

READERS = {
    m.FORMAT: m for m in (case_cards, multilateral, network_page, seminar_series, association)
}


def probe(text: str, reader, cuts: int, rng: random.Random) -> dict:
    whole, _ = reader.parse(text, "whole")
    outcome = {"refused": 0, "harmless": 0, "silent": []}
    for offset in sorted(rng.sample(range(len(text) // 10, len(text) - 1), cuts)):
        try:
            records, _ = reader.parse(text[:offset], "cut")
        except ReaderError:
            outcome["refused"] += 1
            continue
        if records == whole[: len(records)] and len(records) == len(whole):
            outcome["harmless"] += 1
        else:
            outcome["silent"].append(
                {
                    "offset": offset,
                    "records": len(records),
                    "of": len(whole),
                    "ends": text[max(0, offset - 40) : offset],
                }
            )
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cuts", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()
    results = {}
    for path in sorted(args.seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        fmt = detect_format(text, path.name)
        if fmt not in READERS:
            continue
        out = probe(text, READERS[fmt], args.cuts, random.Random(f"{args.seed}-{path.name}"))
        results[path.name] = {"format": fmt, **out}
        print(
            f"{path.name} ({fmt}): {args.cuts} cuts, {out['refused']} refused, "
            f"{out['harmless']} harmless, {len(out['silent'])} silent"
        )
        for s in out["silent"]:
            print(
                f"    silent at {s['offset']}: {s['records']}/{s['of']} records, ends {s['ends']!r}"
            )
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "truncation.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
