"""Organizations, their timelines and partners; networks and event series."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
)

from koryu.catalog.models import (
    Organization,
    OrganizationName,
    Pair,
    Party,
    Record,
    Series,
)
from koryu.catalog.queries.base import (
    CHILDREN_CAP,
    MEMBERS_CAP,
    MEMBERSHIP_ROLES,
    PARTNERS_CAP,
    RELATED_CAP,
    TIMELINE_CAP,
    InvalidQuery,
    NotFound,
    clamp_limit,
    country_values,
    decode_cursor,
    encode_cursor,
    param_values,
)
from koryu.catalog.queries.records import org_summary, record_detail, record_summary

# --- organizations --------------------------------------------------------------------

# How an organization takes part in a record, by kind and role (the timeline's labels).
_RELATIONS = {("network", r): "membership" for r in MEMBERSHIP_ROLES} | {
    ("event", "host"): "event_hosted",
    ("event", "organizer"): "event_organized",
    ("event", "co_organizer"): "event_organized",
    ("event", "supporter"): "event_supported",
    ("delegation", "sender"): "delegation_sent",
    ("delegation", "visited"): "delegation_received",
}
_KIND_RELATION = {
    "agreement": "agreement",
    "network": "membership",
    "event": "event_participated",
    "delegation": "delegation_participated",
    "program": "program",
}


def relation_for(kind: str, role: str) -> str:
    return _RELATIONS.get((kind, role), _KIND_RELATION.get(kind, kind))


def organization_detail(
    org_id: int, timeline_limit: int = TIMELINE_CAP, timeline_offset: int = 0
) -> dict[str, Any]:
    """One organization: its names, place in the hierarchy and everything it takes part in
    (the ``timeline_limit`` most recent entries, after skipping ``timeline_offset``)."""
    org = (
        Organization.objects.select_related("parent", "successor")
        .prefetch_related(Prefetch("aliases", queryset=OrganizationName.objects.order_by("name")))
        .filter(pk=org_id)
        .first()
    )
    if org is None:
        raise NotFound(f"no organization with id {org_id}")
    children_qs = Organization.objects.filter(parent=org).order_by("name", "pk")
    children = [org_summary(c) for c in children_qs[:CHILDREN_CAP]]
    predecessors = [
        org_summary(p) for p in Organization.objects.filter(successor=org).order_by("name")
    ]
    parties = Party.objects.published().filter(organization=org)
    counts = Counter()
    for kind, role, n in (
        parties.values_list("record__kind", "role").annotate(n=Count("id")).order_by()
    ):
        counts[relation_for(kind, role)] += n
    partners_list, partners_total = organization_partners(org.pk)
    return {
        **org_summary(org),
        "code": org.code or None,
        "gazetteer_id": org.gazetteer_id,
        "resolution": org.resolution,
        "candidates": org.candidates,
        "valid_from": org.valid_from or None,
        "valid_to": org.valid_to or None,
        "aliases": [{"name": a.name, "language": a.language or None} for a in org.aliases.all()],
        "contacts": org.contacts or [],
        "parent": org_summary(org.parent),
        "parents": _parent_chain(org),
        "children": children,
        "children_total": children_qs.count() if len(children) == CHILDREN_CAP else len(children),
        "successor": org_summary(org.successor),
        "predecessors": predecessors,
        "relations": dict(sorted(counts.items())),
        "timeline_total": sum(counts.values()),
        "timeline": _timeline(org, parties, timeline_limit, timeline_offset),
        "partners": partners_list,
        "partners_total": partners_total,
    }


def _parent_chain(org: Organization) -> list[dict[str, Any]]:
    """The organizations above ``org``, nearest first (at most 10; a cycle stops it)."""
    chain: list[dict[str, Any]] = []
    parent, seen = org.parent, {org.pk}
    while parent is not None and parent.pk not in seen and len(chain) < 10:
        chain.append(org_summary(parent))
        seen.add(parent.pk)
        parent = (
            Organization.objects.select_related("parent").filter(pk=parent.parent_id).first()
            if parent.parent_id
            else None
        )
    return chain


def _timeline(org: Organization, parties, limit: int, offset: int) -> list[dict[str, Any]]:
    """The ``limit`` most recent entries after ``offset``, oldest first, undated last."""
    party_rows = list(
        parties.select_related("record", "record__source")
        .defer("record__source__findings")  # a big CSV's findings, decoded per row otherwise
        # undated entries count as the newest, so they close the timeline on every database
        .order_by(F("record__sort_date").desc(nulls_first=True), "-record_id")[
            offset : offset + limit
        ]
    )
    partners = _timeline_partners(org, [p.record_id for p in party_rows])
    timeline = [_timeline_entry(p, partners.get(p.record_id, [])) for p in party_rows]
    timeline.sort(key=lambda t: (t["sort_date"] is None, t["sort_date"] or "", t["id"]))
    return timeline


def _timeline_partners(org: Organization, record_ids: list[int]) -> dict[int, list[dict]]:
    """The other parties of these records (at most 20 each), by record."""
    partners: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for other in (
        Party.objects.filter(record_id__in=record_ids)
        .exclude(organization=org)
        .select_related("organization")
        .order_by("record_id", "position")
    ):
        if len(partners[other.record_id]) < 20:
            partners[other.record_id].append(
                {
                    "organization_id": other.organization_id,
                    "name": other.organization.name,
                    "names": other.organization.names,
                    "as_written": other.name,
                    "role": other.role,
                    "country": other.country or other.organization.country or None,
                    "lat": other.organization.lat,
                    "lon": other.organization.lon,
                }
            )
    return partners


def _timeline_entry(party: Party, partners: list[dict[str, Any]]) -> dict[str, Any]:
    r = party.record
    return {
        **record_summary(r),
        "relation": relation_for(r.kind, party.role),
        "role": party.role,
        "as_written": party.name,
        "sort_date": r.sort_date.isoformat() if r.sort_date else None,
        "date_raw": r.date_raw,
        "fiscal_year": r.fiscal_year or None,
        "status": r.status or None,
        "joined": party.date_start or None,
        "left": party.date_end or None,
        "partners": partners,
        "source": {"document": r.source.name, "line_start": r.line_start, "line_end": r.line_end},
    }


def organization_partners(org_id: int) -> tuple[list[dict[str, Any]], int]:
    """The other parties of the organization's agreements (its sister and friendship
    cities...), each with the agreements that tie them: type, year, title. Partners by
    their first agreement, oldest first; at most ``PARTNERS_CAP`` of them (and the total)."""
    own = Party.objects.filter(
        organization_id=org_id, record__kind="agreement", record__in=Record.objects.published()
    )
    rows = (
        Party.objects.filter(record_id__in=own.values("record_id"))
        .exclude(organization_id=org_id)
        .select_related("organization", "record")
        .only(
            "organization_id",
            "name",
            "country",
            "record_id",
            *(f"organization__{f}" for f in ("name", "names", "country", "level", "lat", "lon")),
            *(
                f"record__{f}"
                for f in (
                    "kind",
                    "title",
                    "date",
                    "date_start",
                    "year",
                    "fiscal_year",
                    "agreement_type",
                    "status",
                    "sort_date",
                )
            ),
        )  # fmt: skip
        .order_by(F("record__sort_date").asc(nulls_last=True), "record_id", "position")
    )
    partners: dict[int, dict[str, Any]] = {}
    for party in rows.iterator(chunk_size=2000):
        entry = partners.get(party.organization_id)
        if entry is None:
            if len(partners) >= PARTNERS_CAP:
                continue
            entry = partners[party.organization_id] = {
                **org_summary(party.organization),
                "as_written": party.name,
                "agreements": [],
            }
        r = party.record
        if len(entry["agreements"]) < RELATED_CAP:
            entry["agreements"].append(
                {
                    **record_summary(r),
                    "fiscal_year": r.fiscal_year or None,
                    "status": r.status or None,
                }
            )
    total = len(partners)
    if total >= PARTNERS_CAP:
        total = rows.order_by().values("organization_id").distinct().count()
    return list(partners.values()), total


def list_organizations(
    filters: Mapping[str, Any] | None = None, cursor: str | None = None, limit: int | None = None
) -> dict[str, Any]:
    """Organizations by name: filters ``country``, ``level``, ``resolution``, ``name``
    (substring of any alias), ``placed`` (1 = with coordinates, 0 = without), ``tied``
    (1 = tied to another organization by an agreement or network: a pair of the map)."""
    data = filters or {}
    limit = clamp_limit(limit)
    qs = Organization.objects.all()
    countries = country_values(data)
    if countries:
        qs = qs.filter(country__in=countries)
    for name in ("level", "resolution"):
        values = param_values(data, name)
        if values:
            qs = qs.filter(**{f"{name}__in": values})
    names = param_values(data, "name")
    if names:
        qs = qs.filter(
            Exists(
                OrganizationName.objects.filter(
                    organization=OuterRef("pk"), name__contains=names[0]
                )
            )
        )
    placed = param_values(data, "placed")
    if placed in (["1"], ["true"], ["yes"]):
        qs = qs.filter(lat__isnull=False, lon__isnull=False)
    elif placed in (["0"], ["false"], ["no"]):
        qs = qs.filter(Q(lat__isnull=True) | Q(lon__isnull=True))
    if param_values(data, "tied") in (["1"], ["true"], ["yes"]):
        # a party to a pair of the map (an agreement or network tying it to another)
        qs = qs.filter(
            Exists(Pair.objects.filter(org_a=OuterRef("pk")))
            | Exists(Pair.objects.filter(org_b=OuterRef("pk")))
        )
    total = qs.count()
    after = decode_cursor(cursor, 2)
    if after is not None:
        name, pk = after
        if not isinstance(name, str) or not isinstance(pk, int):
            raise InvalidQuery("invalid cursor", "cursor")
        qs = qs.filter(Q(name__gt=name) | Q(name=name, pk__gt=pk))
    rows = list(
        qs.annotate(
            records=Count(
                "parties__record",
                filter=Q(parties__record__review="published"),
                distinct=True,
            )
        ).order_by("name", "pk")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "total": total,
        "results": [_list_item(o) for o in rows],
        "next": encode_cursor([rows[-1].name, rows[-1].pk]) if more else None,
    }


def organizations_by_id(ids: list[int]) -> list[dict[str, Any]]:
    """The list items of these organizations, in this order (a page of search hits)."""
    rows = Organization.objects.filter(pk__in=ids).annotate(
        records=Count(
            "parties__record", filter=Q(parties__record__review="published"), distinct=True
        )
    )
    by_id = {o.pk: o for o in rows}
    return [_list_item(by_id[i]) for i in ids if i in by_id]


def _list_item(o: Organization) -> dict[str, Any]:
    return {
        **org_summary(o),
        "code": o.code or None,
        "resolution": o.resolution,
        "parent_id": o.parent_id,
        "records": o.records,
    }


# --- networks and series ----------------------------------------------------------------


def network_detail(record_id: int) -> dict[str, Any]:
    """A network record with its members: roles, join dates, coordinates."""
    if not Record.objects.published().filter(pk=record_id, kind="network").exists():
        raise NotFound(f"no network with id {record_id}")
    data = record_detail(record_id)
    members = [
        {
            "organization_id": p["organization_id"],
            "name": p["canonical"],
            "names": (p["organization"] or {}).get("names") or {},
            "as_written": p["name"],
            "role": p["role"],
            "country": p["country"],
            "joined": p["date_start"],
            "joined_raw": p["date_start_raw"],
            "left": p["date_end"],
            "left_raw": p["date_end_raw"],
            "note": p["note"],
            "lat": p["organization"]["lat"],
            "lon": p["organization"]["lon"],
        }
        for p in data["parties"][:MEMBERS_CAP]
    ]
    data["members"] = members
    data["members_total"] = len(data["parties"])
    data["roles"] = dict(Counter(m["role"] for m in members))
    return data


def series_detail(series_id: int) -> dict[str, Any]:
    """An event series: its editions in order, each with its host and the host's place."""
    series = Series.objects.filter(pk=series_id).first()
    if series is None:
        raise NotFound(f"no series with id {series_id}")
    events = list(
        Record.objects.published()
        .filter(series=series)
        .select_related("source")
        .defer("source__findings")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organization"))
        )
        .order_by("edition", "sort_date", "pk")
    )
    editions = []
    for event in events:
        parties = list(event.parties.all())
        hosts = [p for p in parties if p.role == "host"] or [
            p for p in parties if p.role in ("organizer", "co_organizer")
        ]
        host = hosts[0] if hosts else None
        editions.append(
            {
                "id": event.pk,
                "number": event.edition,
                "title": event.title,
                "fiscal_year": event.fiscal_year or None,
                "date": event.date or event.date_start or None,
                "date_raw": event.date_raw,
                "year": event.year,
                "theme": event.theme,
                "place": event.place,
                "participants_count": event.participants_count,
                "host": (
                    {
                        "organization_id": host.organization_id,
                        "name": host.organization.name,
                        "names": host.organization.names,
                        "as_written": host.name,
                        "country": host.country or host.organization.country or None,
                        "lat": host.organization.lat,
                        "lon": host.organization.lon,
                    }
                    if host
                    else None
                ),
                "source": {
                    "document": event.source.name,
                    "line_start": event.line_start,
                    "line_end": event.line_end,
                },
            }
        )
    return {"id": series.pk, "name": series.name, "names": series.names, "editions": editions}
