"""Read services shared by the HTML pages and the JSON API.

Every function returns plain dicts and lists (JSON-ready), built from a bounded number
of queries so that a page stays fast on a catalogue of 100k records: lists use keyset
pagination with an opaque cursor, long relations are capped and say so
(``*_total`` beside a capped list), and whole-catalogue aggregates (map, graph, stats)
are cached until the data changes (see ``data_version``).

A missing object raises ``NotFound`` (an ``Http404``: Django's views and the API both turn
it into a 404); a bad filter or cursor raises ``InvalidQuery`` (a ``ValueError``).
"""

from __future__ import annotations

import base64
import binascii
import gettext
import hashlib
import json
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from itertools import combinations
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Window,
)
from django.db.models.functions import Cast, RowNumber, Substr
from django.http import Http404

from koryu.catalog import map_grid
from koryu.catalog.export import export_queryset, record_to_dict
from koryu.catalog.models import (
    Organization,
    OrganizationName,
    Pair,
    Party,
    Record,
    Series,
    Source,
    Tie,
)
from koryu.records import AGREEMENT_TYPES, KINDS, SECTORS, STATUSES

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
RELATED_CAP = 20
TIMELINE_CAP = 500
CHILDREN_CAP = 500
MEMBERS_CAP = 2000
PARTNERS_CAP = 1000
MAP_EDGE_CAP = 3000
GRAPH_NODE_CAP = 400
CACHE_SECONDS = 600
MAX_ID = 2**63 - 1

# Roles that make an organization a member of a network.
MEMBERSHIP_ROLES = ("member", "secretariat", "chair", "founder", "observer")


class NotFound(Http404):
    """The object asked for does not exist."""


class InvalidQuery(ValueError):
    """A filter, cursor or limit that cannot be understood."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- filters ------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Record filters shared by lists, search, map, graph, stats and exports.

    Multi-valued filters take a comma-separated list (``kind=agreement,network``).
    """

    kind: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    org: int | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Filters:
        """Read filters from query parameters (a QueryDict or a plain dict); validates."""
        data = data or {}
        return cls(
            kind=_choices(data, "kind", KINDS),
            country=_countries(data),
            type=_choices(data, "type", AGREEMENT_TYPES),
            sector=_choices(data, "sector", SECTORS),
            status=_choices(data, "status", STATUSES),
            year_from=_int(data, "year_from"),
            year_to=_int(data, "year_to"),
            org=_int(data, "org"),
        )

    def is_empty(self) -> bool:
        return self == Filters()

    def cache_key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def apply(self, qs: QuerySet[Record]) -> QuerySet[Record]:
        if self.kind:
            qs = qs.filter(kind__in=self.kind)
        if self.type:
            qs = qs.filter(agreement_type__in=self.type)
        if self.status:
            qs = qs.filter(status__in=self.status)
        if self.year_from is not None:
            qs = qs.filter(year__gte=self.year_from)
        if self.year_to is not None:
            qs = qs.filter(year__lte=self.year_to)
        if self.country:
            # a party's country, or its organization's when the document gave none: the
            # country the search index and the exports give the party
            stated = Q(country__in=self.country) | Q(
                country="", organization__country__in=self.country
            )
            qs = qs.filter(Exists(Party.objects.filter(stated, record=OuterRef("pk"))))
        if self.org is not None:
            qs = qs.filter(
                Exists(Party.objects.filter(record=OuterRef("pk"), organization_id=self.org))
            )
        if self.sector:
            # JSON lists are matched as text ('"water"') so that one query works on SQLite
            # (no JSON containment) and PostgreSQL alike; sector names come from SECTORS.
            qs = qs.annotate(_sectors_text=Cast("sectors", TextField()))
            match = Q()
            for sector in self.sector:
                match |= Q(_sectors_text__contains=f'"{sector}"')
            qs = qs.filter(match)
        return qs


def _values(data: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    raw = getlist(name) if getlist else data.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    values = [v.strip() for item in items for v in str(item).split(",") if v.strip()]
    for value in values:
        if "\x00" in value or len(value) > 300:
            raise InvalidQuery(f"{name} has a value that is not allowed", name)
    return values


def _choices(data: Mapping[str, Any], name: str, allowed: Iterable[str]) -> tuple[str, ...]:
    values = _values(data, name)
    allowed = tuple(allowed)
    for value in values:
        if value not in allowed:
            raise InvalidQuery(
                f"unknown {name} {value!r}; expected one of: {', '.join(allowed)}", name
            )
    return tuple(dict.fromkeys(values))


def _countries(data: Mapping[str, Any]) -> tuple[str, ...]:
    values = [v.upper() for v in _values(data, "country")]
    for value in values:
        if len(value) != 2 or not value.isascii() or not value.isalpha():
            raise InvalidQuery(
                f"country must be an ISO 3166-1 alpha-2 code, not {value!r}", "country"
            )
    return tuple(dict.fromkeys(values))


def _int(data: Mapping[str, Any], name: str) -> int | None:
    values = _values(data, name)
    if not values:
        return None
    try:
        value = int(values[-1])
    except ValueError:
        raise InvalidQuery(f"{name} must be an integer, not {values[-1]!r}", name) from None
    low, high = _INT_RANGES.get(name, (1, MAX_ID))
    if not low <= value <= high:
        raise InvalidQuery(f"{name} must be between {low} and {high}", name)
    return value


_INT_RANGES = {"year_from": (1, 9999), "year_to": (1, 9999)}


def filtered_records(filters: Filters | None = None) -> QuerySet[Record]:
    """The published records the filters select: what every page and API list reads."""
    return (filters or Filters()).apply(Record.objects.published())


# --- cursors ------------------------------------------------------------------------


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str | None, size: int) -> list[Any] | None:
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidQuery("invalid cursor", "cursor") from None
    if not isinstance(values, list) or len(values) != size:
        raise InvalidQuery("invalid cursor", "cursor")
    return values


def clamp_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidQuery(f"limit must be between 1 and {MAX_LIMIT}", "limit")
    return limit


# --- records ------------------------------------------------------------------------


def list_records(
    filters: Filters | None = None,
    cursor: str | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Records in id order, ``limit`` at a time: {"results", "next", "total"}."""
    limit = clamp_limit(limit)
    qs = filtered_records(filters)
    total = qs.count()
    after = decode_cursor(cursor, 1)
    if after is not None:
        if not isinstance(after[0], int):
            raise InvalidQuery("invalid cursor", "cursor")
        qs = qs.filter(pk__gt=after[0])
    rows = list(export_queryset(qs).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "total": total,
        "results": [record_to_dict(r) for r in rows],
        "next": encode_cursor([rows[-1].pk]) if more else None,
    }


def records_by_id(ids: list[int]) -> list[dict[str, Any]]:
    """The export dicts of these records, in this order (a page of search hits)."""
    rows = {r.pk: r for r in export_queryset(Record.objects.filter(pk__in=ids))}
    return [record_to_dict(rows[i]) for i in ids if i in rows]


def _org_summary(org: Organization | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {
        "id": org.pk,
        "name": org.name,
        "names": org.names,
        "country": org.country or None,
        "level": org.level or None,
        "lat": org.lat,
        "lon": org.lon,
    }


def _record_summary(record: Record) -> dict[str, Any]:
    return {
        "id": record.pk,
        "kind": record.kind,
        "title": record.title,
        "date": record.date or record.date_start or None,
        "year": record.year,
        "agreement_type": record.agreement_type or None,
    }


def record_detail(record_id: int, unpublished: bool = False) -> dict[str, Any]:
    """Everything about one record: the export dict plus every stored field, its parties'
    organizations, contacts, related records and its source. A record that is not
    published is found only with ``unpublished`` (reviewers: the review page, staff)."""
    shown = Record.objects.all() if unpublished else Record.objects.published()
    record = (
        export_queryset(shown.filter(pk=record_id))
        .prefetch_related(
            Prefetch(
                "related",
                queryset=Record.objects.published().only(
                    "id", "kind", "title", "date", "date_start", "year", "agreement_type"
                ),
            )
        )
        .first()
    )
    if record is None:
        raise NotFound(f"no record with id {record_id}")
    data = record_to_dict(record)
    parties = list(record.parties.all())
    for item, party in zip(data["parties"], parties, strict=True):
        item.update(
            {
                "accompanying": party.accompanying,
                "note": party.note,
                "date_start": party.date_start or None,
                "date_start_raw": party.date_start_raw,
                "date_end": party.date_end or None,
                "date_end_raw": party.date_end_raw,
                "organization": _org_summary(party.organization),
            }
        )
    data.update(
        {
            "language": record.language,
            "year": record.year,
            "sort_date": record.sort_date.isoformat() if record.sort_date else None,
            "fiscal_year_raw": record.fiscal_year_raw,
            "subthemes": record.subthemes,
            "participants_breakdown": record.participants_breakdown,
            "accompanying_count": record.accompanying_count,
            "purpose": record.purpose,
            "description": record.description,
            "background": record.background,
            "activities": record.activities,
            "outcomes": record.outcomes,
            "programme": record.programme,
            "builds_on": record.builds_on,
            "findings": record.findings,
            "extra": record.extra,
            "series_id": record.series_id,
            "related": _related(record, {p.organization_id for p in parties}),
        }
    )
    data["source"].update(
        {
            "id": record.source_id,
            "format": record.source.format,
            "language": record.source.language,
        }
    )
    return data


def display_facts(record_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What a list of records needs to show each one in the page's language: its parties
    as written with their organizations' ``names``, its date and fiscal year."""
    facts: dict[int, dict[str, Any]] = {
        rid: {"parties": [], "date": date or start or "", "fiscal_year": fy, "language": lang}
        for rid, date, start, fy, lang in Record.objects.filter(pk__in=record_ids).values_list(
            "pk", "date", "date_start", "fiscal_year", "language"
        )
    }
    for rid, name, names in (
        Party.objects.filter(record_id__in=record_ids)
        .order_by("record_id", "position")
        .values_list("record_id", "name", "organization__names")
    ):
        facts[rid]["parties"].append((name, names or {}))
    return facts


def _related(record: Record, org_ids: set[int]) -> list[dict[str, Any]]:
    """Records linked by the source itself first, then those sharing the most parties."""
    out: list[dict[str, Any]] = []
    seen = {record.pk}
    for other in sorted(record.related.all(), key=lambda r: r.pk):
        out.append({**_record_summary(other), "reason": "linked", "shared": []})
        seen.add(other.pk)
    if not org_ids:
        return out
    ranked = list(
        Party.objects.published()
        .filter(organization_id__in=org_ids)
        .exclude(record_id__in=seen)
        .values("record_id")
        .annotate(n=Count("organization_id", distinct=True))
        .order_by("-n", "-record_id")[:RELATED_CAP]
    )
    if not ranked:
        return out
    ids = [row["record_id"] for row in ranked]
    records = Record.objects.in_bulk(ids)
    shared: dict[int, list[int]] = defaultdict(list)
    for rid, oid in Party.objects.filter(
        record_id__in=ids, organization_id__in=org_ids
    ).values_list("record_id", "organization_id"):
        if oid not in shared[rid]:
            shared[rid].append(oid)
    for rid in ids:
        reason = "same_network" if records[rid].kind == "network" else "shared_party"
        out.append(
            {**_record_summary(records[rid]), "reason": reason, "shared": sorted(shared[rid])}
        )
    return out


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
    chain: list[dict[str, Any]] = []
    parent, seen = org.parent, {org.pk}
    while parent is not None and parent.pk not in seen and len(chain) < 10:
        chain.append(_org_summary(parent))
        seen.add(parent.pk)
        parent = (
            Organization.objects.select_related("parent").filter(pk=parent.parent_id).first()
            if parent.parent_id
            else None
        )
    children_qs = Organization.objects.filter(parent=org).order_by("name", "pk")
    children = [_org_summary(c) for c in children_qs[:CHILDREN_CAP]]
    predecessors = [
        _org_summary(p) for p in Organization.objects.filter(successor=org).order_by("name")
    ]

    parties = Party.objects.published().filter(organization=org)
    counts = Counter()
    for kind, role, n in (
        parties.values_list("record__kind", "role").annotate(n=Count("id")).order_by()
    ):
        counts[relation_for(kind, role)] += n
    party_rows = list(
        parties.select_related("record", "record__source")
        .defer("record__source__findings")  # a big CSV's findings, decoded per row otherwise
        # undated entries count as the newest, so they close the timeline on every database
        .order_by(F("record__sort_date").desc(nulls_first=True), "-record_id")[
            timeline_offset : timeline_offset + timeline_limit
        ]
    )
    record_ids = [p.record_id for p in party_rows]
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
    timeline = []
    for p in party_rows:
        r = p.record
        timeline.append(
            {
                **_record_summary(r),
                "relation": relation_for(r.kind, p.role),
                "role": p.role,
                "as_written": p.name,
                "sort_date": r.sort_date.isoformat() if r.sort_date else None,
                "date_raw": r.date_raw,
                "fiscal_year": r.fiscal_year or None,
                "status": r.status or None,
                "joined": p.date_start or None,
                "left": p.date_end or None,
                "partners": partners.get(r.pk, []),
                "source": {
                    "document": r.source.name,
                    "line_start": r.line_start,
                    "line_end": r.line_end,
                },
            }
        )
    # Oldest first, undated last; the cap above keeps the most recent ones.
    timeline.sort(key=lambda t: (t["sort_date"] is None, t["sort_date"] or "", t["id"]))
    partners_list, partners_total = organization_partners(org.pk)
    return {
        **_org_summary(org),
        "code": org.code or None,
        "gazetteer_id": org.gazetteer_id,
        "resolution": org.resolution,
        "candidates": org.candidates,
        "valid_from": org.valid_from or None,
        "valid_to": org.valid_to or None,
        "aliases": [{"name": a.name, "language": a.language or None} for a in org.aliases.all()],
        "parent": _org_summary(org.parent),
        "parents": chain,
        "children": children,
        "children_total": children_qs.count() if len(children) == CHILDREN_CAP else len(children),
        "successor": _org_summary(org.successor),
        "predecessors": predecessors,
        "relations": dict(sorted(counts.items())),
        "timeline_total": sum(counts.values()),
        "timeline": timeline,
        "partners": partners_list,
        "partners_total": partners_total,
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
                **_org_summary(party.organization),
                "as_written": party.name,
                "agreements": [],
            }
        r = party.record
        if len(entry["agreements"]) < RELATED_CAP:
            entry["agreements"].append(
                {
                    **_record_summary(r),
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
    countries = _countries(data)
    if countries:
        qs = qs.filter(country__in=countries)
    for name in ("level", "resolution"):
        values = _values(data, name)
        if values:
            qs = qs.filter(**{f"{name}__in": values})
    names = _values(data, "name")
    if names:
        qs = qs.filter(
            Exists(
                OrganizationName.objects.filter(
                    organization=OuterRef("pk"), name__contains=names[0]
                )
            )
        )
    placed = _values(data, "placed")
    if placed in (["1"], ["true"], ["yes"]):
        qs = qs.filter(lat__isnull=False, lon__isnull=False)
    elif placed in (["0"], ["false"], ["no"]):
        qs = qs.filter(Q(lat__isnull=True) | Q(lon__isnull=True))
    if _values(data, "tied") in (["1"], ["true"], ["yes"]):
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
        "results": [
            {
                **_org_summary(o),
                "code": o.code or None,
                "resolution": o.resolution,
                "parent_id": o.parent_id,
                "records": o.records,
            }
            for o in rows
        ],
        "next": encode_cursor([rows[-1].name, rows[-1].pk]) if more else None,
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


# --- cached aggregates ------------------------------------------------------------------


def data_version() -> str:
    """Changes whenever an ingest writes: every import saves its Source row, and sources
    are few, so this costs one small query."""
    agg = Source.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    last = agg["last"].isoformat() if agg["last"] else ""
    return f"{agg['n']}:{last}"


def cached_json(name: str, key: str, compute: Callable[[], Any]) -> bytes:
    """``compute()`` serialized as JSON, cached until the data changes: a cached large
    collection is served without re-encoding it (or unpickling a deep structure)."""
    return _cached(f"{name}.json", key, lambda: json.dumps(compute(), ensure_ascii=False).encode())


def _cached(name: str, key: str, compute: Callable[[], Any]) -> Any:
    digest = hashlib.sha1(f"{data_version()}|{key}".encode()).hexdigest()
    cache_key = f"koryu:{name}:{digest}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, CACHE_SECONDS)
    return value


# --- map ------------------------------------------------------------------------------

_EDGE_KINDS = ("agreement", "network")
# What the map needs of an organization (``names``: the page shows the one in its language).
_PLACE_FIELDS = ("id", "name", "country", "lat", "lon", "names")


def _edge_rows(filters: Filters) -> list[tuple[int, str, str, int, str]]:
    """(record_id, kind, agreement_type, organization_id, role) of every party of the
    filtered agreements and networks whose organization has coordinates."""
    records = filtered_records(filters).filter(kind__in=filters.kind or _EDGE_KINDS)
    return list(
        Party.objects.filter(record__in=records)
        .values_list(
            "record_id", "record__kind", "record__agreement_type", "organization_id", "role"
        )
        .order_by("record_id", "position")
    )


def _record_edges(
    rows: list[tuple[int, str, str, int, str]],
) -> Iterable[tuple[int, str, str, int, int, str]]:
    """Pairs of organizations each record ties: (record, kind, type, org_a, org_b, role).

    An agreement ties every pair of its parties; a network ties each member to its
    secretariat (or chair, or first listed party) rather than every pair of members."""
    by_record: dict[int, list[tuple[str, str, int, str]]] = defaultdict(list)
    for rid, kind, atype, oid, role in rows:
        by_record[rid].append((kind, atype, oid, role))
    for rid, parties in by_record.items():
        kind, atype = parties[0][0], parties[0][1]
        orgs = list(dict.fromkeys(p[2] for p in parties))
        if kind == "network":
            hub = next((p[2] for p in parties if p[3] == "secretariat"), None)
            hub = hub or next((p[2] for p in parties if p[3] == "chair"), None) or orgs[0]
            for kind_, _, oid, role in parties:
                if oid != hub:
                    yield rid, kind_, "", hub, oid, role
        else:
            for a, b in combinations(orgs, 2):
                yield rid, kind, atype or "", a, b, "party"


def map_data(filters: Filters | None = None) -> dict[str, Any]:
    """GeoJSON: a LineString per pair of placed organizations tied by agreements or network
    memberships (one line per pair and kind, with the records behind it), a Point per
    placed organization. ``kind`` selects agreement or network edges."""
    filters = filters or Filters()
    return _cached("map", filters.cache_key(), lambda: _map_data(filters))


def map_json(filters: Filters | None = None) -> bytes:
    """``map_data`` as JSON bytes (what /api/v1/map sends)."""
    filters = filters or Filters()
    return cached_json("map", filters.cache_key(), lambda: map_data(filters))


def _map_data(filters: Filters) -> dict[str, Any]:
    if any(kind not in _EDGE_KINDS for kind in filters.kind):
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
    # Pairs and ties exist for _EDGE_KINDS only: a kind condition is added only when it
    # narrows, as it would steer SQLite to the wrong index.
    kinds = set(filters.kind or _EDGE_KINDS)
    by_kind = Q() if kinds == set(_EDGE_KINDS) else Q(kind__in=sorted(kinds))
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
    for rid, kind, atype, a, b, _role in _record_edges(rows):
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
        base = _cached("map-pairs", filters.cache_key(), lambda: _map_pairs(filters))
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
    if any(kind not in _EDGE_KINDS for kind in filters.kind):
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
    for rid, kind, atype, a, b, _role in _record_edges(_edge_rows(filters)):
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
    return _cached("graph", key, lambda: _graph_data(center_org_id, filters, depth))


def _graph_data(center: int | None, filters: Filters, depth: int) -> dict[str, Any]:
    records = filtered_records(filters).filter(kind__in=filters.kind or _EDGE_KINDS)
    if center is not None:
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
        records = Record.objects.filter(pk__in=record_ids)
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
            key = (f"org:{a}", f"org:{b}", "agreement")
            edge = edges.setdefault(key, {"records": [], "types": Counter()})
            edge["records"].append(rid)
            if atype:
                edge["types"][atype] += 1
            org_degree[a] += 1
            org_degree[b] += 1
        elif len(orgs) >= 2 or kind == "network":
            hubs[rid] = {"kind": kind, "title": title, "size": len(orgs), "type": atype}
            for _, _, _, _, oid, role in parties:
                key = (
                    f"org:{oid}",
                    f"record:{rid}",
                    "membership" if kind == "network" else "party",
                )
                edge = edges.setdefault(key, {"records": [], "types": Counter(), "role": role})
                if rid not in edge["records"]:
                    edge["records"].append(rid)
                org_degree[oid] += 1
    # Keep the best-connected organizations (and always the centre) when the graph is big.
    keep = {oid for oid, _ in org_degree.most_common(GRAPH_NODE_CAP)}
    if center is not None:
        keep.add(center)
    orgs = Organization.objects.filter(pk__in=keep).values_list(
        "id", "name", "country", "lat", "lon"
    )
    nodes = [
        {
            "id": f"org:{oid}",
            "type": "organization",
            "organization_id": oid,
            "label": name,
            "country": country or None,
            "lat": lat,
            "lon": lon,
            "degree": org_degree[oid],
            "center": oid == center,
        }
        for oid, name, country, lat, lon in orgs
    ]
    kept_edges = [
        (k, e)
        for k, e in edges.items()
        if int(k[0].split(":")[1]) in keep
        and (k[1].startswith("record:") or int(k[1].split(":")[1]) in keep)
    ]
    used_hubs = {int(k[1].split(":")[1]) for k, _ in kept_edges if k[1].startswith("record:")}
    nodes += [
        {
            "id": f"record:{rid}",
            "type": hubs[rid]["kind"],
            "record_id": rid,
            "label": hubs[rid]["title"],
            "size": hubs[rid]["size"],
            "agreement_type": hubs[rid]["type"] or None,
            "degree": hubs[rid]["size"],
            "center": False,
        }
        for rid in sorted(used_hubs)
    ]
    edge_list = [
        {
            "id": f"{s}-{t}-{kind}",
            "source": s,
            "target": t,
            "kind": kind,
            "role": e.get("role"),
            "count": len(e["records"]),
            "records": e["records"][:20],
            "agreement_types": dict(e["types"]),
        }
        for (s, t, kind), e in sorted(kept_edges)
    ]
    return {
        "nodes": nodes,
        "edges": edge_list,
        "meta": {
            "center": center,
            "depth": depth,
            "organizations_total": len(org_degree),
            "truncated": len(org_degree) > len(keep),
        },
    }


# --- stats ----------------------------------------------------------------------------

_JA_PREFECTURES = gettext.translation(
    "iso3166-2", __import__("pycountry").LOCALES_DIR, languages=["ja"], fallback=True
)


def prefecture_name(code: str) -> str:
    """Japanese name of a prefecture from its two-digit JIS code ("01" -> 北海道)."""
    import pycountry

    sub = pycountry.subdivisions.get(code=f"JP-{code}")
    if sub is None:
        return code
    name = _JA_PREFECTURES.gettext(sub.name)
    suffix = {"北海道": "", "東京": "都", "京都": "府", "大阪": "府"}.get(name)
    if suffix is None:
        suffix = "" if name.endswith(("都", "府", "県")) else "県"
    return name + suffix


def stats_data(filters: Filters | None = None) -> dict[str, Any]:
    """Chart series, each a list of {label, value}: per year, by partner country, by
    sector, by prefecture (Japanese parties); plus counts by kind and agreement type."""
    filters = filters or Filters()
    return _cached("stats", filters.cache_key(), lambda: _stats_data(filters))


def _series(pairs: Iterable[tuple[Any, int]]) -> list[dict[str, Any]]:
    return [{"label": str(label), "value": value} for label, value in pairs]


def _stats_data(filters: Filters) -> dict[str, Any]:
    qs = filtered_records(filters)
    by_kind = dict(qs.order_by().values_list("kind").annotate(n=Count("id")))
    per_year = (
        qs.exclude(year=None)
        .order_by()
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    parties = Party.objects.filter(record__in=qs.order_by().values("pk"))
    by_country = (
        parties.exclude(country="")
        .exclude(country="JP")
        .order_by()
        .values_list("country")
        .annotate(n=Count("record", distinct=True))
        .order_by("-n", "country")
    )
    sectors: Counter[str] = Counter()
    for row in qs.exclude(sectors=[]).order_by().values_list("sectors", flat=True).iterator(5000):
        sectors.update(set(row or []))
    by_pref = (
        parties.filter(organization__country="JP")
        .exclude(organization__code="")
        .annotate(pref=Substr("organization__code", 1, 2))
        .order_by()
        .values_list("pref")
        .annotate(n=Count("record", distinct=True))
        .order_by("-n", "pref")
    )
    by_type = (
        qs.exclude(agreement_type="")
        .order_by()
        .values_list("agreement_type")
        .annotate(n=Count("id"))
        .order_by("-n", "agreement_type")
    )
    return {
        "total": sum(by_kind.values()),
        "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
        "per_year": _series(per_year),
        "by_country": _series(by_country),
        "by_sector": _series(sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_prefecture": _series((prefecture_name(code), n) for code, n in by_pref),
        "by_agreement_type": _series(by_type),
    }


# --- quality --------------------------------------------------------------------------


def quality_findings(limit: int = 1000) -> dict[str, Any]:
    """What needs a human look: reader findings (per document, with line) and organizations
    the gazetteer could not place or could not choose for, each with where it was seen."""
    findings: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    keys: dict[tuple[int, str], int] = {}
    sources = list(Source.objects.exclude(findings=[]).order_by("name"))
    wanted = {
        (s.pk, f.get("record_key")) for s in sources for f in s.findings if f.get("record_key")
    }
    hidden: set[tuple[int, str]] = set()  # records in review or rejected: not shown
    if wanted:
        for pk, source_id, key, review in Record.objects.filter(
            source__in=sources, key__in={k for _, k in wanted}
        ).values_list("pk", "source_id", "key", "review"):
            if review == "published":
                keys[(source_id, key)] = pk
            else:
                hidden.add((source_id, key))
    for source in sources:
        for f in source.findings:
            ident = (source.pk, f.get("record_key"), f.get("code"), f.get("line"), f.get("message"))
            if ident in seen or (source.pk, f.get("record_key")) in hidden:
                continue
            seen.add(ident)
            findings.append(
                {
                    "code": f.get("code"),
                    "message": f.get("message"),
                    "document": source.name,
                    "line": f.get("line"),
                    "record_id": keys.get((source.pk, f.get("record_key"))),
                    "detail": f.get("detail") or {},
                }
            )
    for record in (
        Record.objects.published()
        .exclude(findings=[])
        .select_related("source")
        .only("pk", "key", "findings", "line_start", "source__name")
        .order_by("pk")[: limit * 2]
    ):
        for f in record.findings:
            ident = (record.source_id, record.key, f.get("code"), f.get("line"), f.get("message"))
            if ident in seen:
                continue
            seen.add(ident)
            findings.append(
                {
                    "code": f.get("code"),
                    "message": f.get("message"),
                    "document": record.source.name,
                    "line": f.get("line") or record.line_start,
                    "record_id": record.pk,
                    "detail": f.get("detail") or {},
                }
            )
    orgs_qs = Organization.objects.filter(resolution__in=("ambiguous", "unresolved")).exclude(
        # named only by records in the review queue (or rejected): not shown yet
        Exists(Party.objects.filter(organization=OuterRef("pk")))
        & ~Exists(Party.objects.published().filter(organization=OuterRef("pk")))
    )
    orgs_total = orgs_qs.count()
    org_rows = list(orgs_qs.order_by("resolution", "name", "pk")[:limit])
    first_party: dict[int, Party] = {}
    for party in (
        Party.objects.published()
        .filter(organization__in=org_rows)
        .select_related("record__source")
        .defer("record__source__findings", "record__findings")
        .order_by("organization_id", "record_id")
    ):
        first_party.setdefault(party.organization_id, party)
    organizations = []
    for org in org_rows:
        party = first_party.get(org.pk)
        organizations.append(
            {
                **_org_summary(org),
                "resolution": org.resolution,
                "candidates": org.candidates,
                "as_written": party.name if party else None,
                "document": party.record.source.name if party else None,
                "line": party.record.line_start if party else None,
                "record_id": party.record_id if party else None,
            }
        )
    codes = Counter(f["code"] for f in findings)
    return {
        "findings": findings[:limit],
        "findings_total": len(findings),
        "organizations": organizations,
        "organizations_total": orgs_total,
        "counts": {
            "by_code": dict(sorted(codes.items())),
            "by_resolution": dict(
                orgs_qs.order_by().values_list("resolution").annotate(n=Count("id"))
            ),
        },
    }


__all__ = [
    "Filters",
    "InvalidQuery",
    "NotFound",
    "data_version",
    "graph_data",
    "list_organizations",
    "list_records",
    "records_by_id",
    "map_data",
    "network_detail",
    "organization_detail",
    "quality_findings",
    "record_detail",
    "series_detail",
    "stats_data",
]
