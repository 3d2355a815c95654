"""Limits, errors, the record filters of lists and aggregates, and list cursors."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
    TextField,
)
from django.db.models.functions import Cast
from django.http import Http404

from koryu import cursors
from koryu.catalog.models import (
    Party,
    Record,
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
            country=country_values(data),
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


def param_values(data: Mapping[str, Any], name: str) -> list[str]:
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
    values = param_values(data, name)
    allowed = tuple(allowed)
    for value in values:
        if value not in allowed:
            raise InvalidQuery(
                f"unknown {name} {value!r}; expected one of: {', '.join(allowed)}", name
            )
    return tuple(dict.fromkeys(values))


def country_values(data: Mapping[str, Any]) -> tuple[str, ...]:
    values = [v.upper() for v in param_values(data, "country")]
    for value in values:
        if len(value) != 2 or not value.isascii() or not value.isalpha():
            raise InvalidQuery(
                f"country must be an ISO 3166-1 alpha-2 code, not {value!r}", "country"
            )
    return tuple(dict.fromkeys(values))


def _int(data: Mapping[str, Any], name: str) -> int | None:
    values = param_values(data, name)
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
    return cursors.encode(values)


def decode_cursor(token: str | None, size: int) -> list[Any] | None:
    if not token:
        return None
    try:
        values = cursors.decode(token)
    except cursors.BadCursor:
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
