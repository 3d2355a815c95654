"""The map: pairs of placed organizations as GeoJSON, whole or by view (zoom and box)."""

from __future__ import annotations

import json
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from itertools import groupby
from typing import Any

from django.db.models import (
    Count,
    F,
    Min,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber

from koryu.catalog import map_grid
from koryu.catalog.models import (
    Organization,
    Pair,
    Party,
    Tie,
)
from koryu.catalog.queries.base import MAP_EDGE_CAP, Filters, InvalidQuery, filtered_records
from koryu.catalog.queries.cache import cached, cached_json, data_version
from koryu.catalog.ties import record_pairs

# --- map ------------------------------------------------------------------------------

EDGE_KINDS = ("agreement", "network")
# What the map needs of an organization (``names``: the page shows the one in its language).
_PLACE_FIELDS = ("id", "name", "country", "lat", "lon", "names")


def _edge_rows(filters: Filters) -> list[tuple[int, str, str, int, str]]:
    """(record_id, kind, agreement_type, organization_id, role) of every party of the
    filtered agreements and networks whose organization has coordinates."""
    records = filtered_records(filters).filter(kind__in=filters.kind or EDGE_KINDS)
    return list(
        Party.objects.filter(record__in=records)
        .values_list(
            "record_id", "record__kind", "record__agreement_type", "organization_id", "role"
        )
        .order_by("record_id", "position")
    )


def _record_edges(
    rows: list[tuple[int, str, str, int, str]],
) -> Iterable[tuple[int, str, str, int, int]]:
    """Pairs of organizations each record ties, (record, kind, type, org_a, org_b), by
    the rule of the ``Tie`` table (koryu.catalog.ties.record_pairs)."""
    for rid, group in groupby(rows, key=lambda row: row[0]):
        parties = list(group)
        kind, atype = parties[0][1], parties[0][2] if parties[0][1] != "network" else ""
        for a, b in record_pairs(kind, [(oid, role) for _, _, _, oid, role in parties]):
            yield rid, kind, atype or "", a, b


def map_data(filters: Filters | None = None) -> dict[str, Any]:
    """GeoJSON: a LineString per pair of placed organizations tied by agreements or network
    memberships (one line per pair and kind, with the records behind it), a Point per
    placed organization. ``kind`` selects agreement or network edges."""
    filters = filters or Filters()
    return cached("map", filters.cache_key(), lambda: _map_data(filters))


def map_json(filters: Filters | None = None) -> bytes:
    """``map_data`` as JSON bytes (what /api/v1/map sends)."""
    filters = filters or Filters()
    return cached_json("map", filters.cache_key(), lambda: map_data(filters))


def _map_data(filters: Filters) -> dict[str, Any]:
    if any(kind not in EDGE_KINDS for kind in filters.kind):
        return _map_data_from_parties(filters)
    return _map_data_from_ties(filters)


_PLACED = Q(
    org_a__lat__isnull=False,
    org_a__lon__isnull=False,
    org_b__lat__isnull=False,
    org_b__lon__isnull=False,
)


def _ranked_pairs(filters: Filters) -> tuple[QuerySet, str, QuerySet[Tie]]:
    """The pairs of the filtered agreements and networks, each with its number of ties
    ``n`` (a queryset of ``Pair`` or of grouped ``Tie`` rows, whose pair is ``pair_field``),
    and the ties they come from."""
    # Pairs and ties exist for EDGE_KINDS only: a kind condition is added only when it
    # narrows, as it would steer SQLite to the wrong index.
    kinds = set(filters.kind or EDGE_KINDS)
    by_kind = Q() if kinds == set(EDGE_KINDS) else Q(kind__in=sorted(kinds))
    ties = Tie.objects.all()
    others = replace(filters, kind=())
    if others.is_empty():
        return Pair.objects.filter(by_kind).annotate(n=F("ties")), "pk", ties
    ties = ties.filter(by_kind, record__in=filtered_records(others))
    ranked = ties.values("pair", "kind", "org_a", "org_b").order_by().annotate(n=Count("id"))
    return ranked, "pair", ties


def _pair_details(
    ties: QuerySet[Tie], pair_ids: list[int]
) -> tuple[dict[int, list[int]], dict[int, dict[str, int]]]:
    """The first ten records behind each pair and its ties per agreement type."""
    near = ties.filter(pair_id__in=pair_ids)
    records: dict[int, list[int]] = defaultdict(list)
    first_ten = near.annotate(
        rank=Window(RowNumber(), partition_by=[F("pair_id")], order_by=[F("record_id"), F("id")])
    ).filter(rank__lte=10)
    for pid, rid in first_ten.order_by("pair_id", "rank").values_list("pair_id", "record_id"):
        records[pid].append(rid)
    types: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, atype, n in (
        near.exclude(agreement_type="")
        .values("pair_id", "agreement_type")
        .annotate(n=Count("id"), first=Min("record_id"))
        .order_by("pair_id", "first", "agreement_type")
        .values_list("pair_id", "agreement_type", "n")
    ):
        types[pid][atype] = n
    return records, types


def _map_data_from_ties(filters: Filters) -> dict[str, Any]:
    """The map of agreements and networks from the ``Pair`` and ``Tie`` tables: unfiltered,
    the busiest pairs come from an index on the stored counts; filtered (year, country,
    ...), the filtered records' ties are counted per pair in SQL."""
    ranked, pair_field, ties = _ranked_pairs(filters)
    pairs_total = ranked.count()
    unplaced = Organization.objects.filter(Q(lat__isnull=True) | Q(lon__isnull=True))
    placed_total = (
        pairs_total - ranked.filter(Q(org_a__in=unplaced) | Q(org_b__in=unplaced)).count()
    )
    top_qs = ranked.filter(_PLACED).order_by("-n", "kind", "org_a", "org_b")[:MAP_EDGE_CAP]
    top = list(top_qs.values_list(pair_field, "kind", "org_a", "org_b", "n"))
    records, types = _pair_details(ties, [row[0] for row in top])
    org_ids = {row[2] for row in top} | {row[3] for row in top}
    orgs = {
        o[0]: o for o in Organization.objects.filter(pk__in=org_ids).values_list(*_PLACE_FIELDS)
    }
    edges = [((kind, a, b), n, records[pid], types[pid]) for pid, kind, a, b, n in top]
    return _map_collection(edges, orgs, placed_total, pairs_total)


def _map_data_from_parties(filters: Filters) -> dict[str, Any]:
    """The map computed in Python from the parties: for kinds that have no ties (events,
    delegations, programs), whose pairs would make the ``Tie`` table too big to keep."""
    rows = _edge_rows(filters)
    pairs: dict[tuple[str, int, int], dict[str, Any]] = {}
    for rid, kind, atype, a, b in _record_edges(rows):
        key = (kind, min(a, b), max(a, b))
        edge = pairs.get(key)
        if edge is None:
            edge = pairs[key] = {"records": [], "types": Counter()}
        edge["records"].append(rid)
        if atype:
            edge["types"][atype] += 1
    org_ids = {k[1] for k in pairs} | {k[2] for k in pairs}
    orgs = {
        o[0]: o
        for o in Organization.objects.filter(pk__in=org_ids, lat__isnull=False, lon__isnull=False)
        .values_list(*_PLACE_FIELDS)
        .iterator(chunk_size=5000)
    }
    ranked = sorted(pairs.items(), key=lambda kv: (-len(kv[1]["records"]), kv[0]))
    placed_pairs = [(k, e) for k, e in ranked if k[1] in orgs and k[2] in orgs]
    edges = [
        (key, len(e["records"]), e["records"][:10], dict(e["types"]))
        for key, e in placed_pairs[:MAP_EDGE_CAP]
    ]
    return _map_collection(edges, orgs, len(placed_pairs), len(pairs))


def _map_collection(
    edges: list[tuple[tuple[str, int, int], int, list[int], dict[str, int]]],
    orgs: dict[int, tuple],
    placed_total: int,
    pairs_total: int,
) -> dict[str, Any]:
    """GeoJSON of the drawn edges ((kind, a, b), count, first records, agreement types)
    and of the organizations they join; ``orgs`` maps ids to ``_PLACE_FIELDS`` rows."""
    features = []
    degree: Counter[int] = Counter()
    for (kind, a, b), count, record_ids, agreement_types in edges:
        oa, ob = orgs[a], orgs[b]
        degree[a] += count
        degree[b] += count
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [
                        [round(oa[4], 5), round(oa[3], 5)],
                        [round(ob[4], 5), round(ob[3], 5)],
                    ],
                },
                "properties": {
                    "feature": "edge",
                    "kind": kind,
                    "source": a,
                    "target": b,
                    "source_name": oa[1],
                    "target_name": ob[1],
                    "source_names": oa[5] or {},
                    "target_names": ob[5] or {},
                    "count": count,
                    "records": record_ids,
                    "agreement_types": agreement_types,
                },
            }
        )
    for oid in sorted(degree):
        o = orgs[oid]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(o[4], 5), round(o[3], 5)]},
                "properties": {
                    "feature": "organization",
                    "id": oid,
                    "name": o[1],
                    "names": o[5] or {},
                    "country": o[2] or None,
                    "count": degree[oid],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "meta": {
            "edges": min(placed_total, MAP_EDGE_CAP),
            "edges_total": placed_total,
            "truncated": placed_total > MAP_EDGE_CAP,
            "unplaced_edges": pairs_total - placed_total,
            "organizations": len(degree),
        },
    }


# --- map by view (zoom and box) ---------------------------------------------------------

_UNPLACED_PAIR = (
    Q(org_a__lat__isnull=True)
    | Q(org_a__lon__isnull=True)
    | Q(org_b__lat__isnull=True)
    | Q(org_b__lon__isnull=True)
)


def parse_viewport(zoom: int | None, bbox: str | None) -> map_grid.Viewport:
    """The map view asked for (``zoom`` defaults to 2, ``bbox`` to the whole world)."""
    try:
        return map_grid.Viewport.parse(2 if zoom is None else zoom, bbox)
    except map_grid.InvalidViewport as exc:
        raise InvalidQuery(str(exc), "bbox" if "bbox" in str(exc) else "zoom") from None


def map_view(filters: Filters, viewport: map_grid.Viewport) -> dict[str, Any]:
    """GeoJSON of every placed pair that touches the box: one ``edge`` line each (with its
    ``organization`` points) when there are at most ``MAP_EDGE_CAP`` of them, otherwise a
    ``cluster`` point per grid cell and a ``bundle`` line per pair of cells, with counts.
    Nothing is cut: the edges, the bundles' ``pairs`` and the clusters' ``pairs_within``
    add up to ``meta.edges_in_view`` (``meta.edges_total`` for the whole world)."""
    base = map_pairs(filters)
    places = base["places"]
    shown = map_grid.view(base["rows"], places, viewport, MAP_EDGE_CAP)
    if shown.mode == "pairs":
        details = base["details"]
        if details is None:
            ties = _ranked_pairs(filters)[2]
            records, types = _pair_details(ties, [row[0] for row in shown.pairs])
        else:
            records = {ref: details[ref][0] for ref, *_ in shown.pairs}
            types = {ref: details[ref][1] for ref, *_ in shown.pairs}
        edges = [
            ((kind, a, b), n, records.get(ref, []), types.get(ref, {}))
            for ref, kind, a, b, n in shown.pairs
        ]
        collection = _map_collection(edges, places, base["placed_total"], base["pairs_total"])
        drawn = len(edges)
    else:
        collection = {"type": "FeatureCollection", "features": shown.features, "meta": {}}
        drawn = 0
    collection["meta"].update(
        {
            "mode": shown.mode,
            "zoom": viewport.zoom,
            "bbox": viewport.as_list(),
            "cell_degrees": round(viewport.cell_degrees, 6),
            "edges": drawn,
            "edges_total": base["placed_total"],
            "edges_in_view": shown.in_view,
            "truncated": False,
            "unplaced_edges": base["pairs_total"] - base["placed_total"],
            "unplaced": base["unplaced"],
            "organizations": len({r[2] for r in shown.pairs} | {r[3] for r in shown.pairs})
            if shown.mode == "pairs"
            else sum(
                f["properties"]["organizations"]
                for f in shown.features
                if f["properties"]["feature"] == "cluster"
            ),
        }
    )
    return collection


def map_view_json(filters: Filters, viewport: map_grid.Viewport) -> bytes:
    """``map_view`` as JSON; the whole world's views (a few zoom levels, what a first
    visit asks for) are cached, the boxes of a pan are not (each is asked once)."""
    if not viewport.whole_world:
        return json.dumps(map_view(filters, viewport), ensure_ascii=False).encode()
    key = f"{filters.cache_key()}|{viewport!r}"
    return cached_json("map-view", key, lambda: map_view(filters, viewport))


def map_pairs(filters: Filters | None = None) -> dict[str, Any]:
    """Every pair of the filtered records, cached until the data changes: ``rows`` (ref,
    kind, org a, org b, ties) of the placed ones, busiest first; ``places`` of their
    organizations; ``details`` (records, types) per ref when computed from the parties;
    totals and the ``unplaced`` summary."""
    filters = filters or Filters()
    # Kept in the process as well: panning asks for a new box every time, and unpickling
    # tens of thousands of pairs from the shared cache would cost more than the view.
    key = f"{data_version()}|{filters.cache_key()}"
    base = _PAIRS_MEMO.get(key)
    if base is None:
        base = cached("map-pairs", filters.cache_key(), lambda: _map_pairs(filters))
        with _PAIRS_MEMO_LOCK:  # a server's threads share it
            while len(_PAIRS_MEMO) >= _PAIRS_MEMO_SIZE:
                _PAIRS_MEMO.pop(next(iter(_PAIRS_MEMO)))
            _PAIRS_MEMO[key] = base
    return base


_PAIRS_MEMO: dict[str, dict[str, Any]] = {}
_PAIRS_MEMO_SIZE = 4
_PAIRS_MEMO_LOCK = threading.Lock()


def map_unplaced(filters: Filters | None = None) -> dict[str, Any]:
    """How many pairs the map cannot draw, and why (``map_pairs``' summary)."""
    return map_pairs(filters)["unplaced"]


def _map_pairs(filters: Filters) -> dict[str, Any]:
    placed_orgs = Organization.objects.filter(lat__isnull=False, lon__isnull=False)
    details = None
    if any(kind not in EDGE_KINDS for kind in filters.kind):
        rows, unplaced_pairs, details = _pairs_from_parties(filters)
        placed_ids = set(placed_orgs.values_list("id", flat=True).iterator(chunk_size=5000))
        placed = [r for r in rows if r[2] in placed_ids and r[3] in placed_ids]
        unplaced_pairs += [
            (r[2], r[3]) for r in rows if r[2] not in placed_ids or r[3] not in placed_ids
        ]
    else:
        ranked, pair_field, _ties = _ranked_pairs(filters)
        placed = [
            (ref, kind, a, b, n)
            for ref, kind, a, b, n in ranked.filter(_PLACED)
            .order_by("-n", "kind", "org_a", "org_b")
            .values_list(pair_field, "kind", "org_a", "org_b", "n")
            .iterator(chunk_size=5000)
        ]
        unplaced_pairs = list(ranked.filter(_UNPLACED_PAIR).values_list("org_a", "org_b"))
    wanted = {r[2] for r in placed} | {r[3] for r in placed}
    places = {
        o[0]: o
        for o in placed_orgs.values_list(*_PLACE_FIELDS).iterator(chunk_size=5000)
        if o[0] in wanted
    }
    return {
        "rows": placed,
        "places": places,
        "details": details,
        "placed_total": len(placed),
        "pairs_total": len(placed) + len(unplaced_pairs),
        "unplaced": _unplaced_summary(unplaced_pairs),
    }


def _pairs_from_parties(
    filters: Filters,
) -> tuple[list[tuple], list[tuple[int, int]], dict[tuple, tuple[list[int], dict[str, int]]]]:
    """Pairs of records of kinds that have no ties (events, delegations, programs)."""
    pairs: dict[tuple[str, int, int], dict[str, Any]] = {}
    for rid, kind, atype, a, b in _record_edges(_edge_rows(filters)):
        key = (kind, min(a, b), max(a, b))
        edge = pairs.get(key)
        if edge is None:
            edge = pairs[key] = {"records": [], "types": Counter()}
        edge["records"].append(rid)
        if atype:
            edge["types"][atype] += 1
    ranked = sorted(pairs.items(), key=lambda kv: (-len(kv[1]["records"]), kv[0]))
    rows = [(key, key[0], key[1], key[2], len(e["records"])) for key, e in ranked]
    details = {key: (e["records"][:10], dict(e["types"])) for key, e in ranked}
    return rows, [], details


def _unplaced_summary(pairs: list[tuple[int, int]]) -> dict[str, Any]:
    """Pairs with an organization without coordinates, by that organization's
    resolution (a pair whose two ends are unplaced for different reasons counts under
    both); ``organizations`` counts the distinct unplaced organizations."""
    ends = {oid for pair in pairs for oid in pair}
    resolution = {
        oid: res
        for oid, res in Organization.objects.filter(Q(lat__isnull=True) | Q(lon__isnull=True))
        .values_list("id", "resolution")
        .iterator(chunk_size=5000)
        if oid in ends
    }
    by_resolution: dict[str, dict[str, int]] = {}
    for res in resolution.values():
        by_resolution.setdefault(res, {"organizations": 0, "pairs": 0})["organizations"] += 1
    for a, b in pairs:
        for res in {resolution[o] for o in (a, b) if o in resolution}:
            by_resolution[res]["pairs"] += 1
    return {
        "pairs": len(pairs),
        "organizations": len(resolution),
        "by_resolution": dict(sorted(by_resolution.items())),
    }
