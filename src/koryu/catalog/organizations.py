"""Turn a party as written ("中華人民共和国遼寧省瀋陽市", "Касивадзаки") into one Organization.

The gazetteer (plain Python) says which place a mention names; this module maps its
answer onto Organization rows: one row per gazetteer entry, its parent chain created on
the way, every spelling kept as an alias. Mentions the gazetteer cannot place still get
one row per exact name, so the same body named in several documents is one organization.
"""

from __future__ import annotations

import logging

from django.db.models import Exists, OuterRef

from koryu import records as rec
from koryu.catalog.models import Organization, OrganizationName, Party

log = logging.getLogger(__name__)


def _gazetteer():
    """The gazetteer, or None when it is unavailable (then exact names only)."""
    try:
        from koryu.gazetteer import get_gazetteer
    except ImportError:
        return None
    try:
        return get_gazetteer()
    except Exception:  # a broken cache must not stop an ingest; log and go on by name
        log.exception("gazetteer unavailable; resolving parties by exact name only")
        return None


class OrganizationResolver:
    """Caches decisions for the length of an ingest run."""

    def __init__(self, use_gazetteer: bool = True):
        self._cache: dict[tuple, int] = {}
        self._gazetteer = _gazetteer() if use_gazetteer else None

    def organization_for(self, party: rec.Party, record: rec.Record) -> Organization:
        cache_key = (party.name, party.country, record.date or record.date_start or "")
        if cache_key in self._cache:
            return Organization.objects.get(pk=self._cache[cache_key])
        organization = None
        if self._gazetteer is not None:
            organization = self._from_gazetteer(party, record)
        if organization is None:
            organization = by_exact_name(party.name, party.country)
        add_alias(organization, party.name)
        self._cache[cache_key] = organization.pk
        return organization

    def _from_gazetteer(self, party: rec.Party, record: rec.Record) -> Organization | None:
        from koryu.gazetteer.resolver import Context

        context = Context(
            country=party.country,
            date=record.date or record.date_start or None,
            other_country=None,
            parent_hint=None,
            language=record.language,
        )
        resolution = self._gazetteer.resolve(party.name, context)
        if resolution.status == "resolved" and resolution.candidates:
            return organization_for_entry(self._gazetteer, resolution.candidates[0].id)
        if resolution.status == "new":
            parent = None
            if resolution.path:
                parent = organization_for_entry(self._gazetteer, resolution.path[-1].id)
            leaf = getattr(resolution, "leaf", None) or party.name
            return by_exact_name(
                leaf,
                party.country or (parent.country if parent else None),
                parent=parent,
                resolution="new",
            )
        if resolution.status == "ambiguous":
            org = by_exact_name(party.name, party.country, resolution="ambiguous")
            org.candidates = [
                {"id": c.id, "name": c.name, "country": c.country, "confidence": c.confidence}
                for c in resolution.candidates[:10]
            ]
            org.save(update_fields=["candidates"])
            return org
        return None


def organization_for_entry(gazetteer, entry_id: str) -> Organization:
    """The Organization row of a gazetteer entry, created (with its parents) on first use."""
    existing = Organization.objects.filter(gazetteer_id=entry_id).first()
    if existing:
        return existing
    entry = gazetteer.entry(entry_id)
    parent = None
    if getattr(entry, "parent_id", None):
        parent = organization_for_entry(gazetteer, entry.parent_id)
    successor = None
    if getattr(entry, "successor_id", None):
        successor = organization_for_entry(gazetteer, entry.successor_id)
    names = {k: v for k, v in (entry.names or {}).items() if v}
    organization = Organization.objects.create(
        name=entry.name,
        names=names,
        country=entry.country or "",
        level=entry.level or "",
        parent=parent,
        code=entry.code or "",
        gazetteer_id=entry_id,
        lat=entry.lat,
        lon=entry.lon,
        valid_from=entry.valid_from or "",
        valid_to=entry.valid_to or "",
        successor=successor,
        resolution="resolved",
    )
    for lang, name in names.items():
        add_alias(organization, name, lang)
    add_alias(organization, entry.name)
    return organization


def by_exact_name(
    name: str,
    country: str | None,
    parent: Organization | None = None,
    resolution: str = "unresolved",
) -> Organization:
    """One organization per exact name (and country, when known)."""
    aliases = OrganizationName.objects.filter(name=name).select_related("organization")
    for alias in aliases:
        org = alias.organization
        if not country or not org.country or org.country == country:
            if country and not org.country:
                org.country = country
                org.save(update_fields=["country"])
            return org
    return Organization.objects.create(
        name=name, country=country or "", parent=parent, resolution=resolution
    )


def add_alias(organization: Organization, name: str, language: str = "") -> None:
    if name:
        OrganizationName.objects.get_or_create(
            organization=organization, name=name, defaults={"language": language}
        )


def delete_orphan_organizations() -> int:
    """Remove organizations nothing refers to any more (after a document version replaced
    what its predecessor said). Gazetteer-backed parents of referenced rows stay."""
    removed = 0
    while True:
        orphans = Organization.objects.filter(
            ~Exists(Party.objects.filter(organization=OuterRef("pk"))),
            ~Exists(Organization.objects.filter(parent=OuterRef("pk"))),
            ~Exists(Organization.objects.filter(successor=OuterRef("pk"))),
        )
        ids = list(orphans.values_list("pk", flat=True)[:1000])
        if not ids:
            return removed
        removed += Organization.objects.filter(pk__in=ids).delete()[0]


__all__ = ["OrganizationResolver", "delete_orphan_organizations"]
