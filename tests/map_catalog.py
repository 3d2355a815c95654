"""A big map catalogue built in code: tens of thousands of pairs between invented places
spread over the world, plus pairs with organizations that have no coordinates (one per
resolution state). Written straight into the Organization and Pair tables (what the map
reads), deterministic (random.Random(42)).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from koryu.catalog.models import Organization, Pair, Source

# Centres that places gather around (dense areas make cells with many organizations).
CENTRES = [
    ("JP", 35.7, 139.7),
    ("KR", 37.5, 127.0),
    ("CN", 31.2, 121.5),
    ("US", 40.7, -74.0),
    ("US", 34.0, -118.2),
    ("FR", 48.9, 2.35),
    ("DE", 52.5, 13.4),
    ("BR", -23.5, -46.6),
    ("AU", -33.9, 151.2),
    ("RU", 55.8, 37.6),
    ("ZA", -26.2, 28.0),
    ("NZ", -36.8, 174.8),  # near the antimeridian
]
UNPLACED = {"unresolved": 30, "ambiguous": 20, "new": 50}


def build_map_catalog(pairs: int = 25_000, places: int = 9_000, unplaced_pairs: int = 300):
    """Create ``places`` placed organizations, 100 unplaced ones and ``pairs`` distinct
    placed pairs plus ``unplaced_pairs`` pairs with an unplaced end; returns
    (placed organization ids, unplaced organization ids by resolution)."""
    rng = random.Random(42)
    Source.objects.create(
        name=f"map-catalogue-{datetime.now(UTC).isoformat()}", sha256="0" * 64, format="test"
    )
    orgs = []
    for i in range(places):
        country, lat, lon = CENTRES[i % len(CENTRES)]
        orgs.append(
            Organization(
                name=f"Place {i:05d}",
                names={"en": f"Place {i:05d}", "ja": f"地点{i:05d}"},
                country=country,
                resolution="resolved",
                lat=max(-85.0, min(85.0, lat + rng.gauss(0, 4))),
                lon=((lon + rng.gauss(0, 6) + 180.0) % 360.0) - 180.0,
            )
        )
    for resolution, n in UNPLACED.items():
        for i in range(n):
            orgs.append(Organization(name=f"Unplaced {resolution} {i}", resolution=resolution))
    created = Organization.objects.bulk_create(orgs, batch_size=2000)
    placed_ids = [o.pk for o in created[:places]]
    unplaced_ids: dict[str, list[int]] = {}
    for o in created[places:]:
        unplaced_ids.setdefault(o.resolution, []).append(o.pk)
    seen: set[tuple[int, int]] = set()
    rows = []
    while len(rows) < pairs:
        a, b = rng.sample(placed_ids, 2)
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        kind = "network" if len(rows) % 10 == 0 else "agreement"
        rows.append(Pair(kind=kind, org_a_id=key[0], org_b_id=key[1], ties=rng.randint(1, 3)))
    unplaced_all = [oid for ids in unplaced_ids.values() for oid in ids]
    for i in range(unplaced_pairs):
        a, b = unplaced_all[i % len(unplaced_all)], placed_ids[i]
        rows.append(Pair(kind="agreement", org_a_id=min(a, b), org_b_id=max(a, b), ties=1))
    Pair.objects.bulk_create(rows, batch_size=5000)
    return placed_ids, unplaced_ids
