"""Gazetteer load time, memory and resolver speed.

    .venv/bin/python benchmarks/gazetteer_load.py [--cache-dir DIR] [--rebuild]

Cold = a fresh Python process loading the cached index (what a web worker or CLI pays);
build = building from the source packages (first run, or after a data/code change);
warm = get_gazetteer() again in the same process. Memory is the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time

MENTIONS = [
    "中華人民共和国遼寧省瀋陽市",
    "北海道札幌市",
    "青森県三戸町",
    "大韓民国江原道襄陽郡",
    "オーストラリア連邦ニューサウスウェールズ州タムワース市",
    "Касивадзаки",
    "Хондзё",
    "ベトナム社会主義共和国フエ市",
    "ラオス人民民主共和国ビエンチャン特別市",
    "Tamworth",
    "府中市",
    "瀋陽市人民政府",
    "自治体国際化協会",
    "Shenyang",
    "선양",
    "沈阳市",
    "札幌",
    "カナダ ブリティッシュコロンビア州",
    "長沙市(湖南省)",
    "Владивосток",
]

_CHILD = """
import json, resource, sys, time
t = time.perf_counter()
from koryu.gazetteer.index import get_gazetteer
g = get_gazetteer(sys.argv[1])
load = time.perf_counter() - t
t = time.perf_counter()
get_gazetteer(sys.argv[1])
warm = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load": load, "warm": warm, "rss_mb": rss, "entries": len(g), "keys": len(g.index)}))
"""


def _child(cache_dir: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, cache_dir], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache-dir", help="reuse this cache directory (default: a fresh temp dir)")
    ap.add_argument("--rounds", type=int, default=50, help="passes over the mention list")
    args = ap.parse_args()
    cache = args.cache_dir or tempfile.mkdtemp(prefix="koryu-gaz-")
    try:
        build = _child(cache)  # first run builds and writes the cache (unless it exists)
        cold = [_child(cache) for _ in range(3)]
        from koryu.gazetteer.index import get_gazetteer
        from koryu.gazetteer.resolver import Resolver

        resolver = Resolver(get_gazetteer(cache))
        resolver.resolve("札幌")  # first call loads OpenCC's dictionaries
        t = time.perf_counter()
        for _ in range(args.rounds):
            for m in MENTIONS:
                resolver.resolve(m)
        elapsed = time.perf_counter() - t
        n = args.rounds * len(MENTIONS)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        if not args.cache_dir:
            shutil.rmtree(cache, ignore_errors=True)

    best_cold = min(c["load"] for c in cold)
    rows = [
        ("entries / index keys", f"{cold[0]['entries']:,} / {cold[0]['keys']:,}"),
        ("first run (build + write cache)", f"{build['load']:.2f} s"),
        ("cold load, fresh process (best of 3)", f"{best_cold:.2f} s"),
        ("warm get_gazetteer()", f"{cold[0]['warm'] * 1e6:.1f} µs"),
        ("peak RSS after load", f"{cold[0]['rss_mb']:.0f} MB"),
        ("resolve(): mentions per second", f"{n / elapsed:,.0f} ({elapsed / n * 1e3:.2f} ms each)"),
        ("peak RSS after resolving", f"{rss:.0f} MB"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  -----")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
