"""How well the parties of a twin-city list are placed, measured against the list's own
coordinates (issue 12).

    koryu ingest ../shared/datasets/twin-cities/twin_cities.csv --db /tmp/tc.sqlite3
    .venv/bin/python benchmarks/twin_cities_placement.py --db /tmp/tc.sqlite3 [--json]

For every party of every record read from a twin-cities CSV (format twin-cities-csv):

- resolved within 30 km: the party's organization is a gazetteer entry whose position (the
  gazetteer's own) lies within 30 km of the coordinates the row gives that city (target
  >= 0.95);
- placed: the organization has a position at all, from the gazetteer or the document
  (it is on the map; target >= 0.99);
- the organizations' resolutions (resolved, located, new, ambiguous, unresolved);
- resolved within the gazetteer's reach: the same count over only the parties whose place
  the gazetteer holds at all (an entry of that name in the stated country within 30 km of
  the row, with a position). It separates the resolver's errors from the data's gaps: a
  party whose city is absent from GeoNames' cities500 (Berlin's boroughs, US counties,
  Istanbul's districts) cannot be resolved to an entry, however good the resolver;
- the 20 most frequent failures (parties not resolved within 30 km), each with its cause:
  no gazetteer entry of that name in the country, an entry of that name only further
  away (with the nearest distance), resolved but far from the row, ambiguous, or the row
  without coordinates. Causes are found by asking the resolver again without the row's
  coordinates, so they describe the gazetteer, not a guess.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

WITHIN_KM = 30.0
FORMAT = "twin-cities-csv"


def party_points(record) -> list[tuple[object, list[float] | None]]:
    """(party, the row's coordinates of that party's city) for each party of a record."""
    coordinates = (record.extra or {}).get("coordinates") or []
    parties = sorted(record.parties.all(), key=lambda p: p.position)
    if len(parties) == len(coordinates):
        return list(zip(parties, coordinates, strict=True))
    # a side without a city name has no party: match the rest by the title's halves
    halves = record.title.split(" – ")
    out = []
    for p in parties:
        i = halves.index(p.name) if p.name in halves else None
        out.append((p, coordinates[i] if i is not None and i < len(coordinates) else None))
    return out


def measure(limit_failures: int = 20) -> dict:
    from koryu.catalog.models import Record
    from koryu.gazetteer.geo import distance_km
    from koryu.gazetteer.index import get_gazetteer

    gazetteer = get_gazetteer()

    records = (
        Record.objects.filter(source__format=FORMAT)
        .defer("source__findings")
        .prefetch_related("parties__organization")
    )
    parties = within = placed = 0
    by_resolution: Counter = Counter()
    organizations: dict[int, str] = {}
    failures: Counter = Counter()
    far: dict[tuple, float] = {}
    examples: dict[tuple, tuple] = {}
    for record in records.iterator(chunk_size=2000):
        for party, point in party_points(record):
            org = party.organization
            parties += 1
            by_resolution[org.resolution] += 1
            organizations[org.pk] = org.resolution
            has_position = org.lat is not None and org.lon is not None
            placed += has_position
            # measured from the gazetteer's own position of the entry, never from one the
            # organization took from a document
            entry = gazetteer.entry(org.gazetteer_id) if org.gazetteer_id else None
            km = (
                distance_km(point[0], point[1], entry.lat, entry.lon)
                if point and entry is not None and entry.lat is not None
                else None
            )
            if org.gazetteer_id and km is not None and km <= WITHIN_KM:
                within += 1
                continue
            key = (party.name, party.country or "", org.resolution, bool(org.gazetteer_id))
            failures[key] += 1
            if km is not None:
                far[key] = km
            examples.setdefault(key, (point, org.gazetteer_id, org.name))
    org_counts = Counter(organizations.values())
    causes: Counter = Counter()
    for key, n in failures.items():
        causes[cause_kind(cause(key, examples[key][0], far.get(key)))] += n
    out_of_reach = sum(n for kind, n in causes.items() if kind in BEYOND_THE_DATA)
    reachable = parties - out_of_reach
    top = [
        {
            "name": name,
            "country": country,
            "parties": n,
            "resolution": resolution,
            "organization": examples[key][2],
            "gazetteer_id": examples[key][1],
            "cause": cause(key, examples[key][0], far.get(key)),
        }
        for key, n in failures.most_common(limit_failures)
        for name, country, resolution, _ in [key]
    ]
    return {
        "parties": parties,
        "resolved_within_30km": within,
        "resolved_within_30km_share": round(within / parties, 4) if parties else 0.0,
        "reachable": reachable,
        "resolved_within_reach_share": round(within / reachable, 4) if reachable else 0.0,
        "placed": placed,
        "placed_share": round(placed / parties, 4) if parties else 0.0,
        "parties_by_resolution": dict(by_resolution.most_common()),
        "organizations": len(organizations),
        "organizations_by_resolution": dict(org_counts.most_common()),
        "ambiguous_organizations": org_counts["ambiguous"],
        "unresolved_organizations": org_counts["unresolved"],
        "failures": sum(failures.values()),
        "failures_by_cause": dict(causes.most_common()),
        "top_failures": top,
    }


# Causes that say the gazetteer holds no positioned entry of that name near the row: no
# resolver could have placed these parties on an entry within 30 km.
BEYOND_THE_DATA = frozenset(
    {
        "no gazetteer entry of that name",
        "namesakes only further away",
        "resolved to a gazetteer entry without a position",
        "the row gives no coordinates for this city",
        "several namesakes, none with a position",
    }
)


def cause_kind(text: str) -> str:
    """The kind of a cause, without its particulars: "namesakes only further away"."""
    for mark in (":", " (", " in ", " anywhere"):
        text = text.split(mark, 1)[0]
    if text.startswith("resolved to a gazetteer entry") and "km" in text:
        return "resolved to a gazetteer entry far from the row"
    return text


def cause(key: tuple, point: list[float] | None, km: float | None) -> str:
    """Why a party is not a gazetteer entry within 30 km of its row, asked of the gazetteer."""
    from koryu.gazetteer.geo import distance_km
    from koryu.gazetteer.resolver import Context, resolve

    name, country, resolution, has_entry = key
    if point is None:
        return "the row gives no coordinates for this city"
    if has_entry and km is not None:
        return f"resolved to a gazetteer entry {km:.0f} km from the row's coordinates"
    res = resolve(name, Context(country=country or None, settlement=True))
    located = [c for c in res.candidates if c.lat is not None]
    if has_entry:
        near = [c for c in located if distance_km(point[0], point[1], c.lat, c.lon) <= WITHIN_KM]
        if near:  # the resolver's error, not the data's: a place of that name was at hand
            return f"resolved to a region though {near[0].name} ({near[0].id}) lies near the row"
        return "resolved to a gazetteer entry without a position (a country or region)"
    if not located:
        if resolution == "ambiguous":
            return "several namesakes, none with a position"
        scope = f"in {country}" if country else "anywhere"
        return f"no gazetteer entry of that name {scope} ({res.status})"
    nearest = min(located, key=lambda c: distance_km(point[0], point[1], c.lat, c.lon))
    d = distance_km(point[0], point[1], nearest.lat, nearest.lon)
    return (
        f"namesakes only further away: nearest {nearest.name} ({nearest.id}) at {d:.0f} km"
        if d > WITHIN_KM
        else f"{res.status}: {nearest.name} ({nearest.id}) at {d:.0f} km not chosen"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="SQLite file or database URL")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--failures", type=int, default=20, help="how many failures to list")
    args = ap.parse_args(argv)
    from koryu import runtime

    runtime.configure(args.db, migrate=False)
    out = measure(args.failures)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"parties                         {out['parties']:,}")
    print(
        f"resolved within {WITHIN_KM:.0f} km of the row   {out['resolved_within_30km']:,} "
        f"({out['resolved_within_30km_share']:.3f}; target >= 0.95)"
    )
    print(
        f"  of the {out['reachable']:,} parties the gazetteer can place "
        f"(an entry of that name within 30 km): {out['resolved_within_reach_share']:.4f}"
    )
    print(
        f"placed on the map               {out['placed']:,} ({out['placed_share']:.3f}; target >= 0.99)"
    )
    print(f"parties by resolution           {out['parties_by_resolution']}")
    print(
        f"organizations                   {out['organizations']:,} {out['organizations_by_resolution']}"
    )
    print(
        f"ambiguous / unresolved orgs     {out['ambiguous_organizations']} / {out['unresolved_organizations']}"
    )
    print("failures by cause (parties):")
    for kind, n in out["failures_by_cause"].items():
        print(f"  {n:>6}  {kind}")
    print(
        f"\n{len(out['top_failures'])} most frequent failures ({out['failures']:,} parties in all):"
    )
    for f in out["top_failures"]:
        print(
            f"  {f['parties']:>4}  {f['name']} [{f['country'] or '?'}] {f['resolution']}"
            f" -> {f['organization']}: {f['cause']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
