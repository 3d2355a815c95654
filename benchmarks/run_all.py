"""Run every benchmark in turn (make bench). Each prints its table and writes JSON to
benchmarks/results/. Pass names to run only some: run_all.py ingest search_speed"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    "gazetteer_load",
    "resolution_quality",
    "ingest",
    "search_quality",
    "search_speed",
    "search_peer",
    "web",
]


def main() -> int:
    wanted = sys.argv[1:] or ORDER
    failed = []
    for name in wanted:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"-- {name}: not present, skipped")
            continue
        print(f"\n== {name}")
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
