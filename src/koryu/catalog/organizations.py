"""Turn a party as written ("中華人民共和国遼寧省瀋陽市", "Касивадзаки") into one Organization.

The gazetteer (plain Python) says which place a mention names; this module maps its
answer onto Organization rows: one row per gazetteer entry, its parent chain created on
the way, every spelling kept as an alias. Mentions the gazetteer cannot place still get
one row per name (spellings that differ only in encoding, Constanţa and Constanța, are
one name), so the same body named in several documents is one organization.

Every clue the document gives goes to the resolver: the party's country (a constraint),
its coordinates (they choose between namesakes, and a place the gazetteer lacks but the
document locates becomes an organization at those coordinates, resolution "located", so
it is still on the map), and that a located party is a settlement (a list of city pairs
names cities, not the prefectures of the same name). A point that lies in another
country than the one the party states is a geocoding slip of the document's, and the
stated country wins.

A body listed with its name variants (data/bodies.tsv) is one gazetteer entry: when its
organization is first made, organizations made earlier from its variants are merged into
it, and each merge is recorded in ``Organization.merged``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from koryu import records as rec
from koryu.catalog.models import Organization, OrganizationName, Party, Record
from koryu.gazetteer.geo import distance_km
from koryu.gazetteer.keys import spelling

# A located party and an organization of the same name further apart than this are two
# places (the resolver's MAX_DISTANCE_KM, for the same reason).
SAME_PLACE_KM = 30.0
# A document's point with places of other countries only within this radius lies in
# another country (border towns have places of their own country within it).
ELSEWHERE_KM = 30.0

log = logging.getLogger(__name__)


# Why the gazetteer could not be loaded (None: it was, or nobody asked yet). The system
# check (catalog/checks.py) reports this at start-up; an ingest without it is marked
# degraded and redone once the gazetteer loads (importer.py).
_gazetteer_failure: str | None = None


def gazetteer_failure() -> str | None:
    return _gazetteer_failure


def _gazetteer():
    """The gazetteer's resolver, or None when it is unavailable (then exact names only)."""
    global _gazetteer_failure
    try:
        from koryu.gazetteer.index import get_gazetteer
        from koryu.gazetteer.resolver import Resolver

        resolver = Resolver(get_gazetteer())
    except Exception as exc:  # a broken cache must not stop an ingest: loud, and marked
        log.exception("gazetteer unavailable; resolving parties by exact name only")
        _gazetteer_failure = f"{type(exc).__name__}: {exc}"
        return None
    _gazetteer_failure = None
    return resolver


class OrganizationResolver:
    """Decides which Organization a party names, caching rows for the length of a run.

    The caches hold rows written inside document transactions: after a rollback they may
    name rows that no longer exist, so the importer calls ``clear()`` on failure."""

    def __init__(self, use_gazetteer: bool = True):
        self._resolver = _gazetteer() if use_gazetteer else None
        # what was wanted and could not be had: the ingest is marked and redone later
        self.missing = ["gazetteer"] if use_gazetteer and gazetteer_failure() else []
        self.clear()

    def clear(self) -> None:
        self._by_mention: dict[tuple, Organization] = {}
        self._by_entry: dict[str, Organization] = {}
        self._aliases: set[tuple[int, str]] = set()

    def organization_for(self, party: rec.Party, record: rec.Record) -> Organization:
        point = _point(party)
        cache_key = (
            party.name,
            party.country,
            record.date or record.date_start or "",
            (round(point[0], 2), round(point[1], 2)) if point else None,
        )
        if cache_key in self._by_mention:
            return self._by_mention[cache_key]
        organization = None
        if self._resolver is not None:
            try:
                organization = self._from_gazetteer(party, record)
            except Exception:  # one odd mention must not fail the document: fall back
                log.exception("gazetteer failed on %r; using the exact name", party.name)
        if organization is None:
            organization = (
                by_located_name(party.name, party.country, point)
                if point
                else by_exact_name(party.name, party.country)
            )
        self.alias(organization, party.name)
        self._by_mention[cache_key] = organization
        return organization

    def alias(self, organization: Organization, name: str, language: str = "") -> None:
        if name and (organization.pk, name) not in self._aliases:
            add_alias(organization, name, language)
            self._aliases.add((organization.pk, name))

    def for_entry(self, entry_id: str) -> Organization:
        """The Organization row of a gazetteer entry, created (with its parents) on first use."""
        if entry_id in self._by_entry:
            return self._by_entry[entry_id]
        organization = Organization.objects.filter(gazetteer_id=entry_id).first()
        if organization is None:
            organization = self._create_for_entry(entry_id)
        self._by_entry[entry_id] = organization
        return organization

    def _create_for_entry(self, entry_id: str) -> Organization:
        entry = self._resolver.gaz.entry(entry_id)
        if entry is None:
            raise LookupError(f"gazetteer has no entry {entry_id!r}")
        names = {k: v for k, v in (entry.names or {}).items() if v}
        code = entry.code or ""
        organization = Organization.objects.create(
            name=entry.name,
            names=names,
            country=entry.country or "",
            level=entry.level or "",
            parent=self._linked(entry.parent_id),
            code=code if entry.country == "JP" and code.isdigit() else "",
            gazetteer_id=entry_id,
            lat=entry.lat,
            lon=entry.lon,
            valid_from=entry.valid_from or "",
            valid_to=entry.valid_to or "",
            successor=self._linked(entry.successor_id),
            resolution="resolved",
        )
        self._keep_spellings(
            organization, {entry.name: "", **{n: lang for lang, n in names.items()}}
        )
        if entry.level == "body":
            self._merge_body_variants(
                organization, [n for n, _ in entry.aliases] + [*names.values()]
            )
        return organization

    def _linked(self, entry_id: str | None) -> Organization | None:
        """The organization of a parent or successor entry; a link to an entry the gazetteer
        lacks (GeoNames' Kosovo, XK, has no ISO country) is dropped rather than failing
        the party."""
        return self.for_entry(entry_id) if entry_id and self._resolver.gaz.entry(entry_id) else None

    def _keep_spellings(self, organization: Organization, spellings: dict[str, str]) -> None:
        OrganizationName.objects.bulk_create(
            [
                OrganizationName(organization=organization, name=n, language=lang)
                for n, lang in spellings.items()
            ],
            ignore_conflicts=True,
        )
        self._aliases.update((organization.pk, n) for n in spellings)

    def _merge_body_variants(self, organization: Organization, variants: list[str]) -> None:
        gone = set(merge_variants(organization, variants))
        if gone:  # forget rows this run cached before they were merged away
            self._by_mention = {k: v for k, v in self._by_mention.items() if v.pk not in gone}

    @staticmethod
    def _placed(organization: Organization, point: tuple[float, float] | None) -> Organization:
        """A gazetteer entry without a position of its own (most ISO 3166-2 divisions:
        Puebla, Vienne) takes the first position a document gives it, so it is on the map."""
        if point and organization.lat is None:
            organization.lat, organization.lon = point
            organization.save(update_fields=["lat", "lon"])
        return organization

    def _disambiguate_by_neighbours(self, party: rec.Party, record: rec.Record, context):
        """Places listed together usually lie together (Хондзё, Ога, Ниигата: 本荘 in Akita,
        not 本庄 in Saitama). Try the regions of the record's other parties as a parent
        hint; accept only when exactly one region makes the mention unique."""

        regions = []
        for other in record.parties:
            if other is party or other.name == party.name:
                continue
            found = self._resolver.resolve(other.name, replace(context, parent_hint=None))
            if found.status == "resolved" and found.candidates:
                region = found.candidates[0].parent_name
                if region and region not in regions:
                    regions.append(region)
        answers = {}
        for region in regions:
            hinted = self._resolver.resolve(party.name, replace(context, parent_hint=region))
            if hinted.status == "resolved" and hinted.candidates:
                answers[hinted.candidates[0].id] = hinted
        return next(iter(answers.values())) if len(answers) == 1 else None

    def _lies_elsewhere(self, point: tuple[float, float], country: str) -> bool:
        """Whether the gazetteer's places around ``point`` all lie in other countries than
        ``country`` (none around it: no evidence either way)."""
        around = self._resolver.gaz.nearby().within(point[0], point[1], ELSEWHERE_KM)
        return bool(around) and all(entry.country != country for _, entry in around)

    @staticmethod
    def _ambiguous(party: rec.Party, resolution) -> Organization:
        """An unplaced organization that keeps the namesakes a person must choose from."""
        org = by_exact_name(party.name, party.country, resolution="ambiguous")
        org.candidates = [
            {"id": c.id, "name": c.name, "country": c.country, "confidence": c.confidence}
            for c in resolution.candidates[:10]
        ]
        org.save(update_fields=["candidates"])
        return org

    def _from_gazetteer(self, party: rec.Party, record: rec.Record) -> Organization | None:
        point = _point(party)
        context = _context(party, record, point)
        resolution = self._resolver.resolve(party.name, context)
        if resolution.status == "ambiguous" and point:
            # every candidate left lies within reach of the document's point: the nearest
            # (ranked first by the resolver) is the place
            return self._placed(self.for_entry(resolution.candidates[0].id), point)
        if resolution.status == "ambiguous":
            resolution = self._disambiguate_by_neighbours(party, record, context) or resolution
        if resolution.status == "resolved" and resolution.candidates:
            return self._placed(self.for_entry(resolution.candidates[0].id), point)
        if point and party.country and self._lies_elsewhere(point, party.country):
            found = self._in_stated_country(party, context)
            if found is not None:
                return found
        return self._not_in_gazetteer(party, resolution, point)

    def _in_stated_country(self, party: rec.Party, context) -> Organization | None:
        """The point lies in another country than the one the document states (a US
        Birmingham geocoded in England): the country wins and the point is dropped, unless
        the name alone finds nothing there (a disputed or border place: None)."""
        alone = self._resolver.resolve(party.name, replace(context, lat=None, lon=None))
        if alone.status == "resolved" and alone.candidates:
            return self.for_entry(alone.candidates[0].id)
        if alone.status == "ambiguous":
            return self._ambiguous(party, alone)
        return None

    def _not_in_gazetteer(
        self, party: rec.Party, resolution, point: tuple[float, float] | None
    ) -> Organization | None:
        """A party no gazetteer entry is: a new place or body under what encloses it, a
        located place, an unplaced namesake to choose, or None (the exact name)."""
        if resolution.status == "new":
            parent = self.for_entry(resolution.path[-1].id) if resolution.path else None
            # A place we lack is named by the unresolved remainder (襄陽郡); a body inside a
            # place (瀋陽市人民政府) keeps its full name.
            name = (resolution.remainder if resolution.new_kind == "place" else "") or party.name
            country = party.country or (parent.country if parent else None)
            if point:
                return by_located_name(name, country, point, parent=parent)
            return by_exact_name(name, country, parent=parent, resolution="new")
        if point and party.country:
            # A place the gazetteer lacks (or whose namesakes all lie elsewhere) that the
            # document locates: an organization at the document's point, under its country.
            parent = self._country_organization(party.country)
            return by_located_name(party.name, party.country, point, parent=parent)
        if resolution.status == "ambiguous":
            return self._ambiguous(party, resolution)
        if party.country and looks_like_place(party.name):
            # A place the gazetteer lacks, in a country the document names: a new
            # organization under that country, never a guess at a namesake.
            parent = self._country_organization(party.country)
            return by_exact_name(party.name, party.country, parent=parent, resolution="new")
        return None

    def _country_organization(self, country: str) -> Organization | None:
        entry = self._resolver.gaz.entry(f"cc:{country}")
        return self.for_entry(entry.id) if entry else None


def _context(party: rec.Party, record: rec.Record, point: tuple[float, float] | None):
    """Every clue the document gives about where the party is, for the resolver."""
    from koryu.gazetteer.resolver import Context

    return Context(
        country=party.country,
        date=record.date or record.date_start or None,
        language=record.language,
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        # a point on a map names a settlement: "Niigata" there is the city
        settlement=point is not None,
    )


# Endings that make a name a place rather than a body (association, office, network).
_PLACE_ENDINGS = (
    "市",
    "町",
    "村",
    "区",
    "郡",
    "州",
    "省",
    "道",
    "県",
    "府",
    "都",
    "自治区",
    "特別市",
)
_BODY_WORDS = ("会", "連合", "機構", "協会", "ネットワーク", "事務所", "領事館", "政府", "局", "課")


def looks_like_place(name: str) -> bool:
    name = name.strip()
    if any(word in name for word in _BODY_WORDS):
        return False
    if name.endswith(_PLACE_ENDINGS):
        return True
    # Cyrillic/Latin city names carry no suffix: one or two capitalised words.
    words = name.replace("-", " ").split()
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not any(ch.isdigit() for ch in name)
    )


def _point(party: rec.Party) -> tuple[float, float] | None:
    lat, lon = getattr(party, "lat", None), getattr(party, "lon", None)
    return (lat, lon) if lat is not None and lon is not None else None


def name_variants(name: str) -> list[str]:
    """The spellings one name may be stored under: as written, NFKC, and Romanian s/t
    with comma below or cedilla (Constanța, Constanţa)."""
    folded = spelling(name)
    cedilla = folded.translate(_TO_CEDILLA)
    return list(dict.fromkeys([name, folded, cedilla]))


_TO_CEDILLA = str.maketrans("șțȘȚ", "şţŞŢ")


def by_located_name(
    name: str,
    country: str | None,
    point: tuple[float, float],
    parent: Organization | None = None,
) -> Organization:
    """The organization of a place the gazetteer lacks but the document locates: one per
    name, country and position (two Springfields far apart are two organizations)."""
    aliases = OrganizationName.objects.filter(
        name__in=name_variants(name), organization__gazetteer_id__isnull=True
    ).select_related("organization")
    for alias in aliases:
        org = alias.organization
        if country and org.country and org.country != country:
            continue
        if org.lat is None:
            if org.resolution in ("unresolved", "new"):
                # the same name met before without a position: this document places it
                org.lat, org.lon, org.resolution = point[0], point[1], "located"
                org.save(update_fields=["lat", "lon", "resolution"])
                return org
            continue
        if distance_km(point[0], point[1], org.lat, org.lon) <= SAME_PLACE_KM:
            return org
    return Organization.objects.create(
        name=name,
        country=country or "",
        parent=parent,
        resolution="located",
        lat=point[0],
        lon=point[1],
    )


def by_exact_name(
    name: str,
    country: str | None,
    parent: Organization | None = None,
    resolution: str = "unresolved",
) -> Organization:
    """One organization per name (and country, when known); spellings that differ only
    in encoding are one name."""
    aliases = OrganizationName.objects.filter(name__in=name_variants(name)).select_related(
        "organization"
    )
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


def merge_variants(target: Organization, names: Iterable[str]) -> list[int]:
    """Merge into ``target`` the organizations made earlier from variants of its name
    (自治体国際化協会 and 日本国自治体国際化協会 before CLAIR was listed as one body)."""
    variants = {v for n in names if n for v in name_variants(n)}
    others = (
        Organization.objects.filter(
            Q(aliases__name__in=variants) | Q(name__in=variants),
            gazetteer_id__isnull=True,
            resolution__in=("unresolved", "new"),
        )
        .exclude(pk=target.pk)
        .distinct()
    )
    merged = []
    for other in list(others):
        if other.country and target.country and other.country != target.country:
            continue
        merge_organizations(target, other, reason="name variant of a listed body")
        merged.append(other.pk)
    return merged


@transaction.atomic
def merge_organizations(target: Organization, other: Organization, reason: str) -> None:
    """Move everything that refers to ``other`` onto ``target``, keep its names as
    aliases, record the merge on ``target`` and delete ``other``. The records whose
    parties moved get their ties rewritten and are re-indexed (records_changed)."""
    from koryu.catalog.signals import records_changed
    from koryu.catalog.ties import write_ties

    other_pk = other.pk
    record_ids = sorted(set(other.parties.values_list("record_id", flat=True)))
    Party.objects.filter(organization=other).update(organization=target)
    Organization.objects.filter(parent=other).update(parent=target)
    Organization.objects.filter(successor=other).update(successor=target)
    records = Record.objects.filter(pk__in=record_ids).only("id", "kind", "agreement_type", "year")
    for record in records:
        write_ties(record, record.parties.all())
    taken = set(target.aliases.values_list("name", flat=True))
    for alias in other.aliases.all():
        if alias.name not in taken:
            OrganizationName.objects.create(
                organization=target, name=alias.name, language=alias.language
            )
    target.merged = [
        *target.merged,
        *other.merged,
        {"name": other.name, "id": other.pk, "reason": reason, "at": timezone.now().isoformat()},
    ]
    target.save(update_fields=["merged"])
    other.delete()
    records_changed.send(
        sender=Record, upserted_ids=record_ids, deleted_ids=[], deleted_organization_ids=[other_pk]
    )


def add_alias(organization: Organization, name: str, language: str = "") -> None:
    if name:
        OrganizationName.objects.get_or_create(
            organization=organization, name=name, defaults={"language": language}
        )


def delete_orphan_organizations(candidates: Iterable[int]) -> list[int]:
    """Remove organizations nothing refers to any more (after a document version replaced
    what its predecessor said) and return their ids. Gazetteer-backed parents of
    referenced rows stay.

    ``candidates`` are the organizations a change stopped referring to: only they are
    checked, then the parents and successors of those removed, so that an ingest costs
    the same in a large catalogue as in a small one."""
    orphan = Organization.objects.filter(
        ~Exists(Party.objects.filter(organization=OuterRef("pk"))),
        ~Exists(Organization.objects.filter(parent=OuterRef("pk"))),
        ~Exists(Organization.objects.filter(successor=OuterRef("pk"))),
    )
    removed: list[int] = []
    pending = {i for i in candidates if i}
    while pending:
        batch = sorted(pending)
        pending = set()
        for start in range(0, len(batch), 500):
            rows = list(
                orphan.filter(pk__in=batch[start : start + 500]).values_list(
                    "pk", "parent_id", "successor_id"
                )
            )
            if not rows:
                continue
            ids = [pk for pk, _, _ in rows]
            Organization.objects.filter(pk__in=ids).delete()
            removed += ids
            pending |= {i for _, parent, successor in rows for i in (parent, successor) if i}
        pending -= set(removed)
    return removed


__all__ = [
    "OrganizationResolver",
    "by_exact_name",
    "by_located_name",
    "delete_orphan_organizations",
    "merge_organizations",
    "merge_variants",
]
