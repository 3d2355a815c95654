"""The graph: organizations as nodes, agreements and memberships as edges."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from koryu.catalog.models import (
    Organization,
    Party,
    Record,
)
from koryu.catalog.queries.base import (
    GRAPH_NODE_CAP,
    Filters,
    InvalidQuery,
    NotFound,
    filtered_records,
)
from koryu.catalog.queries.cache import cached
from koryu.catalog.queries.maps import EDGE_KINDS

# --- graph ----------------------------------------------------------------------------


def graph_data(
    center_org_id: int | None = None, filters: Filters | None = None, depth: int = 1
) -> dict[str, Any]:
    """Organizations as nodes, agreements and memberships as edges.

    Bilateral agreements join two organizations directly; a network or an agreement with
    three or more parties becomes a hub node (``record:<id>``) joined to each party. With
    ``center_org_id`` the graph is that organization's ego network, ``depth`` 1 or 2."""
    filters = filters or Filters()
    if depth not in (1, 2):
        raise InvalidQuery("depth must be 1 or 2", "depth")
    if center_org_id is not None and not Organization.objects.filter(pk=center_org_id).exists():
        raise NotFound(f"no organization with id {center_org_id}")
    key = f"{center_org_id}:{depth}:{filters.cache_key()}"
    return cached("graph", key, lambda: _graph_data(center_org_id, filters, depth))


def _graph_data(center: int | None, filters: Filters, depth: int) -> dict[str, Any]:
    records = filtered_records(filters).filter(kind__in=filters.kind or EDGE_KINDS)
    if center is not None:
        records = _ego_records(records, center, depth)
    rows = list(
        Party.objects.filter(record__in=records)
        .values_list(
            "record_id",
            "record__kind",
            "record__title",
            "record__agreement_type",
            "organization_id",
            "role",
        )
        .order_by("record_id", "position")
    )
    edges, hubs, org_degree = _graph_edges(rows)
    # Keep the best-connected organizations (and always the centre) when the graph is big.
    keep = {oid for oid, _ in org_degree.most_common(GRAPH_NODE_CAP)}
    if center is not None:
        keep.add(center)
    kept_edges = [
        (k, e)
        for k, e in edges.items()
        if int(k[0].split(":")[1]) in keep
        and (k[1].startswith("record:") or int(k[1].split(":")[1]) in keep)
    ]
    used_hubs = {int(k[1].split(":")[1]) for k, _ in kept_edges if k[1].startswith("record:")}
    nodes = _organization_nodes(keep, org_degree, center) + [
        _hub_node(rid, hubs[rid]) for rid in sorted(used_hubs)
    ]
    return {
        "nodes": nodes,
        "edges": [_edge(key, e) for key, e in sorted(kept_edges)],
        "meta": {
            "center": center,
            "depth": depth,
            "organizations_total": len(org_degree),
            "truncated": len(org_degree) > len(keep),
        },
    }


def _ego_records(records, center: int, depth: int):
    """The records within ``depth`` steps of the organization ``center``."""
    frontier = {center}
    reached: set[int] = set()
    record_ids: set[int] = set()
    for _ in range(depth):
        new_records = set(
            Party.objects.filter(organization_id__in=frontier, record__in=records)
            .values_list("record_id", flat=True)
            .distinct()[:5000]
        )
        record_ids |= new_records
        reached |= frontier
        orgs = set(
            Party.objects.filter(record_id__in=new_records).values_list(
                "organization_id", flat=True
            )
        )
        frontier = orgs - reached
    return Record.objects.filter(pk__in=record_ids)


def _graph_edges(rows: list[tuple]) -> tuple[dict, dict[int, dict[str, Any]], Counter]:
    """An agreement of two is an edge between them; a network or an agreement of three or
    more is a hub node (``record:<id>``) with an edge to each party."""
    by_record: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_record[row[0]].append(row)
    org_degree: Counter[int] = Counter()
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    hubs: dict[int, dict[str, Any]] = {}
    for rid, parties in by_record.items():
        kind, title, atype = parties[0][1], parties[0][2], parties[0][3]
        orgs = list(dict.fromkeys(p[4] for p in parties))
        if kind == "agreement" and len(orgs) == 2:
            a, b = sorted(orgs)
            edge = edges.setdefault(
                (f"org:{a}", f"org:{b}", "agreement"), {"records": [], "types": Counter()}
            )
            edge["records"].append(rid)
            if atype:
                edge["types"][atype] += 1
            org_degree.update((a, b))
        elif len(orgs) >= 2 or kind == "network":
            hubs[rid] = {"kind": kind, "title": title, "size": len(orgs), "type": atype}
            relation = "membership" if kind == "network" else "party"
            for _, _, _, _, oid, role in parties:
                edge = edges.setdefault(
                    (f"org:{oid}", f"record:{rid}", relation),
                    {"records": [], "types": Counter(), "role": role},
                )
                if rid not in edge["records"]:
                    edge["records"].append(rid)
                org_degree[oid] += 1
    return edges, hubs, org_degree


def _edge(key: tuple[str, str, str], edge: dict[str, Any]) -> dict[str, Any]:
    source, target, kind = key
    return {
        "id": f"{source}-{target}-{kind}",
        "source": source,
        "target": target,
        "kind": kind,
        "role": edge.get("role"),
        "count": len(edge["records"]),
        "records": edge["records"][:20],
        "agreement_types": dict(edge["types"]),
    }


def _organization_nodes(keep: set[int], degree: Counter, center: int | None) -> list[dict]:
    orgs = Organization.objects.filter(pk__in=keep).values_list(
        "id", "name", "country", "lat", "lon"
    )
    return [
        {
            "id": f"org:{oid}",
            "type": "organization",
            "organization_id": oid,
            "label": name,
            "country": country or None,
            "lat": lat,
            "lon": lon,
            "degree": degree[oid],
            "center": oid == center,
        }
        for oid, name, country, lat, lon in orgs
    ]


def _hub_node(rid: int, hub: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"record:{rid}",
        "type": hub["kind"],
        "record_id": rid,
        "label": hub["title"],
        "size": hub["size"],
        "agreement_type": hub["type"] or None,
        "degree": hub["size"],
        "center": False,
    }
