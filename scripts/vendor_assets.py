"""Copy the front-end libraries the web pages use from node_modules into the static folder.

Run after `npm ci`. The pages load these files from our own origin (CSP 'self', works
offline); src/koryu/web/static/vendor/ is generated, so it is gitignored.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
VENDOR = REPO / "src" / "koryu" / "web" / "static" / "vendor"

# node_modules path -> path under static/vendor/ (a folder copies recursively)
FILES = {
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/dist/images": "leaflet/images",
    "leaflet.markercluster/dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
    "leaflet.markercluster/dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
    "world-atlas/countries-110m.json": "world-atlas/countries-110m.json",
    "topojson-client/dist/topojson-client.min.js": "topojson/topojson-client.min.js",
    "cytoscape/dist/cytoscape.min.js": "cytoscape/cytoscape.min.js",
    "chart.js/dist/chart.umd.min.js": "chartjs/chart.umd.min.js",
}
LICENSES = ["htmx.org", "leaflet", "leaflet.markercluster", "world-atlas", "topojson-client",
            "cytoscape", "chart.js"]  # fmt: skip


def main() -> int:
    if not NODE_MODULES.is_dir():
        print(f"{NODE_MODULES} not found: run `npm ci` first", file=sys.stderr)
        return 1
    missing = [src for src in FILES if not (NODE_MODULES / src).exists()]
    if missing:
        print("missing in node_modules (run `npm ci`): " + ", ".join(missing), file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for src, dest in FILES.items():
        source, target = NODE_MODULES / src, VENDOR / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    for package in LICENSES:
        for name in ("LICENSE", "LICENSE.md", "LICENSE.txt", "MIT-LICENCE.txt"):
            if (NODE_MODULES / package / name).exists():
                shutil.copy2(NODE_MODULES / package / name, VENDOR / f"LICENSE.{package}.txt")
                break
    print(f"copied {len(FILES)} assets into {VENDOR.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
