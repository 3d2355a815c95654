"""What an editor does to records: create, edit, end and revert, with the permission rules
of koryu.accounts.roles and optimistic locking on ``Record.version``.

An edit of a record that came from a document is a set of corrections over it
(koryu.catalog.review.correct): it survives a re-ingest of the document, and a later
different value from the document goes to the review queue. A record made here belongs to
the ``EDITS_SOURCE`` document, which no file ingest ever rewrites. Every write goes
through the importer's own path, so the search index, the ties and the cached figures
follow as they do after an ingest; every write is in the history with its author.

The web pages (koryu.web.views.edit) and the JSON API (koryu.api.writes) call these.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from koryu import records as rec
from koryu.accounts.roles import can_edit_organization, can_edit_record
from koryu.catalog import history, review
from koryu.catalog.corrections import (
    LIST_FIELDS,
    PARTIES_FIELD,
    PARTY_KEYS,
    RECORD_FIELDS,
    TEXT_FIELDS,
    ReviewError,
    apply_party_fields,
    is_party_field,
    parse_value,
)
from koryu.catalog.importer import insert_record
from koryu.catalog.models import Organization, Record, Source

EDITS_SOURCE = "koryu:edits"
# The role each side plays in a record made by hand, per kind: (own, partner).
ROLES_BY_KIND = {
    "agreement": ("japanese_party", "foreign_party"),
    "event": ("organizer", "partner"),
    "delegation": ("sender", "visited"),
    "program": ("implementer", "partner"),
    "network": ("member", "member"),
}
EDITABLE_FIELDS = RECORD_FIELDS
PARTY_EDITABLE = ("name", "country", "date_start", "date_end")


class EditError(ReviewError):
    """An edit that cannot be made as asked (unreadable value, unknown field...); the
    message says why in the domain's words."""

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}


class NotAllowed(Exception):
    """The user may not make this change (403; 401 when nobody is signed in)."""


@dataclass
class VersionConflict(Exception):
    """The record changed since the version the edit was made on: nothing was written."""

    record: Record
    expected: int
    mine: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"record {self.record.pk} is at version {self.record.version}, "
            f"the edit was made on version {self.expected}"
        )


# --- values --------------------------------------------------------------------------


def parse_values(sent: Mapping[str, Any]) -> dict[str, Any]:
    """Parse every field ``sent`` (form text or JSON values); all errors at once."""
    values, errors = {}, {}
    for name, text in sent.items():
        try:
            values[name] = parse_value(name, text)
        except ReviewError as exc:
            errors[name] = str(exc)
    if errors:
        raise EditError("; ".join(errors.values()), errors)
    return values


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def current_values(row: Record) -> dict[str, Any]:
    """The editable fields of ``row`` as the edit form and the API see them."""
    values = {name: getattr(row, name) for name in EDITABLE_FIELDS}
    for i, party in enumerate(row.parties.order_by("position"), 1):
        values[f"party.{i}.name"] = party.name
        values[f"party.{i}.country"] = party.country
        if row.kind == "network":  # a membership's own dates: joined, left
            values[f"party.{i}.date_start"] = party.date_start
            values[f"party.{i}.date_end"] = party.date_end
    return values


def _changed(row: Record, values: dict[str, Any]) -> dict[str, Any]:
    now = current_values(row)
    return {
        k: v
        for k, v in values.items()
        if not (_empty(v) and _empty(now.get(k))) and v != now.get(k)
    }


# --- writes ----------------------------------------------------------------------------


def _locked(record_id: int, user, version: int | None, mine: dict | None = None) -> Record:
    row = Record.objects.select_for_update().select_related("source").filter(pk=record_id).first()
    if row is None:
        raise EditError(f"no record with id {record_id}")
    if not can_edit_record(user, row):
        raise NotAllowed(f"you may not edit record {record_id}")
    if version is not None and row.version != version:
        raise VersionConflict(row, version, mine or {})
    return row


def edit(
    record_id: int,
    values: dict[str, Any],
    user,
    version: int | None,
    note: str = "",
    source: str = "",
    parties: PartyChanges | None = None,
) -> Record:
    """Set ``values`` (parsed: ``parse_values``) on the record, if it is still at
    ``version`` (None: whatever version it is at, for callers that do not lock), and
    add or remove the ``parties`` named. ``source``: the document the values come from
    (a survey workbook), for the history.

    A change of the parties may not take the record away from the user: an editor who
    would no longer be allowed to edit it afterwards (they removed or renamed the last
    party of an organization they edit) is refused and nothing is written."""
    with history.origin(user, source, reason=note or "edit"), transaction.atomic():
        row = _locked(record_id, user, version, values)
        changed = _changed(row, values)
        if parties:
            changed = _with_party_list(row, changed, parties)
        if changed:
            review.correct(row, changed, user, note)
        if any(is_party_field(f) or f == PARTIES_FIELD for f in changed):
            _still_editable(row, user)
        return row


def _still_editable(row: Record, user) -> None:
    if not can_edit_record(user, row):
        raise NotAllowed(
            f"after this change you could no longer edit record {row.pk}: keep a party "
            "of an organization you edit (a reviewer or an administrator can remove it)"
        )


@dataclass
class PartyChanges:
    """Parties a person removes (by position, from 1, as the record lists them before the
    change) and adds (each chosen as a new record's partner is, with its role)."""

    remove: set[int] = field(default_factory=set)
    add: list[PartnerChoice] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.remove or self.add)


def _with_party_list(row: Record, changed: dict[str, Any], parties: PartyChanges) -> dict:
    """``changed`` with its party.N.* fields, the removals and the additions as one
    ``parties`` value: the whole list after the change."""
    entries, rest = apply_party_fields(review.party_entries(row), changed)
    errors = {
        f"party.{n}": f"there is no party {n}" for n in parties.remove if not 1 <= n <= len(entries)
    }
    entries = [e for n, e in enumerate(entries, 1) if n not in parties.remove]
    for choice in parties.add:
        try:
            entries.append(_added_party(row.kind, choice, len(entries) + 1))
        except EditError as exc:
            errors.update(exc.errors or {"party": str(exc)})
    if not entries:
        errors["parties"] = "a record keeps at least one party"
    if errors:
        raise EditError("; ".join(errors.values()), errors)
    return {**rest, PARTIES_FIELD: entries}


def _added_party(kind: str, choice: PartnerChoice, position: int) -> dict[str, Any]:
    """A new party as a ``parties`` value lists it, its organization chosen through the
    resolver (a name that names several places is refused until one is chosen)."""
    role = choice.role or ROLES_BY_KIND[kind][1]
    if role not in rec.ROLES:
        message = f"unknown role {role!r} ({', '.join(rec.ROLES)})"
        raise EditError(message, {f"party.{position}.role": message})
    if not choice.name.strip():
        message = "the new party needs a name"
        raise EditError(message, {f"party.{position}.name": message})
    country = parse_values({f"party.{position}.country": choice.country or ""})
    organization = _partner_organization(choice)
    code = country[f"party.{position}.country"] or (organization.country if organization else "")
    return {
        "name": choice.name.strip(),
        "role": role,
        "country": code or None,
        "date_start": None,
        "date_end": None,
        "organization_id": organization.pk if organization else None,
    }


def end(record_id: int, date: str, user, version: int | None, note: str = "") -> Record:
    """Status ended, with the date it ended (any calendar the normaliser reads)."""
    if not (date or "").strip():
        raise EditError(
            "the date the tie ended is needed", {"date_end": "the date it ended is needed"}
        )
    values = parse_values({"date_end": date})
    values["status"] = "ended"
    return edit(record_id, values, user, version, note or "ended")


def revert(record_id: int, to_version: int, user, version: int | None) -> Record:
    """Make the record say what it said at ``to_version`` again (as a new version)."""
    old = history.version_fields(record_id, to_version)
    if old is None:
        raise EditError(f"record {record_id} has no version {to_version}")
    with transaction.atomic():
        row = _locked(record_id, user, version)
        now = current_values(row)
        values = _old_party_list(row, old)
        for name in now:
            if values and is_party_field(name):
                continue  # the whole list of parties comes back
            if name.startswith("party.") and name.rsplit(".", 1)[1] not in PARTY_EDITABLE:
                continue
            was = old.get(name)
            if name in LIST_FIELDS:
                was = list(was or [])
            values[name] = None if _empty(was) else was
        values = {k: v for k, v in values.items() if k in now or k == PARTIES_FIELD}
        return edit(record_id, values, user, row.version, f"revert to version {to_version}")


def _old_party_list(row: Record, old: dict[str, Any]) -> dict[str, Any]:
    """``{"parties": [...]}`` when the version reverted to had other parties (one added or
    removed since), each at the organization it stood for then; else nothing."""
    entries: list[dict[str, Any]] = []
    while f"party.{len(entries) + 1}.name" in old:
        n = len(entries) + 1
        entries.append(
            {k: old.get(f"party.{n}.{k}") or None for k in (*PARTY_KEYS, "organization_id")}
        )
    now = [e["organization_id"] for e in review.party_entries(row)]
    same = [e["organization_id"] for e in entries] == now
    return {} if same or not entries else {PARTIES_FIELD: entries}


# --- new records ---------------------------------------------------------------------


@dataclass
class PartnerChoice:
    """A partner as an editor chose it: an organization already in the catalogue, a
    gazetteer entry, or only a name (and country) for the resolver."""

    name: str
    country: str = ""
    organization_id: int | None = None
    gazetteer_id: str = ""
    role: str = ""  # a party added to a record: its role (default the kind's partner's)


def partner_candidates(name: str, country: str = "", limit: int = 10) -> list[dict[str, Any]]:
    """What the resolver makes of a partner's name: gazetteer candidates, best first,
    each with the organization already made for it (if any)."""
    from koryu.catalog.organizations import _gazetteer

    name = (name or "").strip()
    if not name:
        return []
    # Bodies and places already in the catalogue under exactly this name, not from the
    # gazetteer (those come below with their gazetteer entry).
    named = Organization.objects.filter(aliases__name=name, gazetteer_id__isnull=True)
    if country:
        named = named.filter(country=country.upper())
    existing = [
        {
            "organization_id": org.pk,
            "gazetteer_id": "",
            "name": org.name,
            "country": org.country,
            "parent": org.parent.name if org.parent_id else None,
            "level": org.level or None,
            "confidence": None,
            "status": "catalogue",
        }
        for org in named.select_related("parent").distinct()[:limit]
    ]
    resolver = _gazetteer()
    if resolver is None:
        return existing
    from koryu.gazetteer.resolver import Context

    found = resolver.resolve(name, Context(country=country.upper() or None))
    ids = [c.id for c in found.candidates[:limit]]
    known = dict(
        Organization.objects.filter(gazetteer_id__in=ids).values_list("gazetteer_id", "pk")
    )
    return existing + [
        {
            "gazetteer_id": c.id,
            "name": c.name,
            "country": c.country,
            "parent": getattr(c, "parent_name", None),
            "level": getattr(c, "level", None),
            "confidence": round(float(c.confidence), 3),
            "organization_id": known.get(c.id),
            "status": found.status,
        }
        for c in found.candidates[:limit]
    ]


def _partner_organization(choice: PartnerChoice) -> Organization | None:
    if choice.organization_id:
        org = Organization.objects.filter(pk=choice.organization_id).first()
        if org is None:
            raise EditError(f"no organization with id {choice.organization_id}")
        return org
    if choice.gazetteer_id:
        from koryu.catalog.organizations import OrganizationResolver

        try:
            return OrganizationResolver().for_entry(choice.gazetteer_id)
        except (LookupError, AttributeError):
            raise EditError(f"the gazetteer has no entry {choice.gazetteer_id!r}") from None
    candidates = partner_candidates(choice.name, choice.country)
    if len(candidates) > 1 and "ambiguous" in {c["status"] for c in candidates}:
        message = f"{choice.name!r} names several places: choose one of the candidates"
        raise EditError(message, {"partner": message})
    return None  # the resolver decides, as for a document's party


def _edits_source() -> Source:
    source, _ = Source.objects.get_or_create(
        name=EDITS_SOURCE, defaults={"sha256": "", "format": "edit", "filetype": "edit"}
    )
    return source


def _checked_new(kind: str, organization_id: int, values: dict[str, Any], user) -> Organization:
    """The organization a new record is made for, once the kind, the rights and the values
    allow it."""
    if kind not in rec.KINDS:
        message = f"unknown kind {kind!r} ({', '.join(rec.KINDS)})"
        raise EditError(message, {"kind": message})
    own = Organization.objects.filter(pk=organization_id).first()
    if own is None:
        message = f"no organization with id {organization_id}"
        raise EditError(message, {"organization": message})
    if not can_edit_organization(user, own):
        raise NotAllowed(f"you may not add records for {own.name}")
    if not values.get("title"):
        raise EditError("a title is needed", {"title": "a title is needed"})
    if kind != "agreement" and values.get("agreement_type"):
        message = "only agreements have an agreement type"
        raise EditError(message, {"agreement_type": message})
    return own


def _new_parties(
    kind: str, own: Organization, partner: PartnerChoice | None
) -> tuple[list[rec.Party], list[Organization | None]]:
    """The parties of a new record (the organization, then the partner if one is named)
    and the organization chosen for each."""
    own_role, partner_role = ROLES_BY_KIND[kind]
    parties = [rec.Party(name=own.name, role=own_role, country=own.country or None)]
    chosen: list[Organization | None] = [own]
    if partner is not None and partner.name.strip():
        with transaction.atomic():
            partner_org = _partner_organization(partner)
        country = partner.country or (partner_org.country if partner_org else "")
        parties.append(
            rec.Party(name=partner.name.strip(), role=partner_role, country=country or None)
        )
        chosen.append(partner_org)
    return parties, chosen


def create(
    kind: str,
    organization_id: int,
    partner: PartnerChoice | None,
    values: dict[str, Any],
    user,
    note: str = "",
    source: Source | None = None,
) -> Record:
    """A new record of ``kind`` for the organization (which the user must edit), with a
    partner; ``values`` parsed (``parse_values``), ``title`` among them. ``source``: the
    document it comes from (a survey workbook); by default the ``koryu:edits`` one."""
    own = _checked_new(kind, organization_id, values, user)
    parties, chosen = _new_parties(kind, own, partner)
    fields = {k: v for k, v in values.items() if k in EDITABLE_FIELDS}
    for name in TEXT_FIELDS + ("place",):
        fields[name] = fields.get(name) or ""
    for name in LIST_FIELDS:
        fields[name] = fields.get(name) or []
    record = rec.Record(
        kind=kind,
        key=f"edit-{uuid.uuid4().hex[:16]}",
        line_start=0,
        line_end=0,
        parties=parties,
        status=fields.pop("status", None) or "active",
        extra={"created_by": user.get_username(), "created_at": timezone.now().isoformat()},
        **fields,
    )
    origin = source.name if source is not None else ""
    with history.origin(user, origin, reason=note or "created"), transaction.atomic():
        source = source or _edits_source()
        row = insert_record(source, record, chosen)
        Source.objects.filter(pk=source.pk).update(updated_at=timezone.now())
    return row


# --- an organization's profile ---------------------------------------------------------

NAME_LANGUAGES = ("ja", "en", "ru", "zh", "ko")


@dataclass
class ProfileConflict(Exception):
    """The organization changed since the form was loaded (its ``updated_at``)."""

    organization: Organization
    expected: str

    def __str__(self) -> str:
        return f"organization {self.organization.pk} changed since {self.expected}"


def profile_stamp(org: Organization) -> str:
    """What an edit of the profile names as the version it was made on."""
    return org.updated_at.isoformat()


CONTACT_TEXT_FIELDS = ("department", "person")
CONTACT_LIST_FIELDS = ("phones", "emails")
MAX_CONTACTS = 20
_CONTACT_TEXT_MAX = 300
_PHONE = re.compile(r"^[0-9０-９+＋()（）\-‐－ .,/#*内線extEXT]{4,40}$")
_LIST_SPLIT = re.compile(r"[\n,;、，；]+")


def parse_contacts(rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Contacts as an editor sends them (lists or text with one item per line or comma),
    checked: a department or person, phone numbers, e-mail addresses. Empty rows are
    dropped; errors are keyed ``contacts.N.field``."""
    contacts: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    for i, row in enumerate(rows):
        contact = _contact(row)
        errors.update({f"contacts.{i}.{k}": v for k, v in _contact_errors(contact).items()})
        if any(contact.values()):
            contacts.append(contact)
    if len(contacts) > MAX_CONTACTS:
        errors["contacts"] = f"at most {MAX_CONTACTS} contacts"
    if errors:
        raise EditError("; ".join(f"{k}: {v}" for k, v in errors.items()), errors)
    return contacts


def _contact(row: Mapping[str, Any]) -> dict[str, Any]:
    contact: dict[str, Any] = {
        name: " ".join(str(row.get(name) or "").split()) for name in CONTACT_TEXT_FIELDS
    }
    for name in CONTACT_LIST_FIELDS:
        value = row.get(name) or []
        items = value if isinstance(value, list) else _LIST_SPLIT.split(str(value))
        contact[name] = [item for item in (str(v).strip() for v in items) if item]
    return contact


def _contact_errors(contact: dict[str, Any]) -> dict[str, str]:
    """What is wrong with one contact, by field (nothing for an empty one)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    errors = {
        name: f"at most {_CONTACT_TEXT_MAX} characters"
        for name in CONTACT_TEXT_FIELDS
        if len(contact[name]) > _CONTACT_TEXT_MAX
    }
    for phone in contact["phones"]:
        if not _PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 4:
            errors["phones"] = f"not a phone number: {phone!r}"
    for email in contact["emails"]:
        try:
            validate_email(email)
        except ValidationError:
            errors["emails"] = f"not an e-mail address: {email!r}"
    if any(contact.values()) and not (contact["department"] or contact["person"]):
        errors["department"] = "a department or a person is needed"
    return errors


def edit_profile(
    org_id: int,
    names: dict[str, str],
    user,
    stamp: str | None,
    note: str = "",
    contacts: list[Mapping[str, Any]] | None = None,
) -> Organization:
    """Set the organization's names per language and, unless ``contacts`` is None, whom
    to contact (an editor of it, or of a region above it). The names become aliases too,
    so documents that use them find it; the search index and cached figures follow; the
    history names the user."""
    from koryu.catalog.organizations import add_alias

    unknown = sorted(set(names) - set(NAME_LANGUAGES))
    if unknown:
        message = f"unknown language {unknown[0]!r} ({', '.join(NAME_LANGUAGES)})"
        raise EditError(message, {unknown[0]: message})
    checked = parse_contacts(contacts) if contacts is not None else None
    with history.origin(user, reason=note or "profile"), transaction.atomic():
        org = Organization.objects.select_for_update().filter(pk=org_id).first()
        if org is None:
            raise EditError(f"no organization with id {org_id}")
        if not can_edit_organization(user, org):
            raise NotAllowed(f"you may not edit {org.name}")
        if stamp is not None and profile_stamp(org) != stamp:
            raise ProfileConflict(org, stamp)
        wanted = {**(org.names or {})}
        for lang, text in names.items():
            text = (text or "").strip()
            if text:
                wanted[lang] = text
            else:
                wanted.pop(lang, None)
        contacts_now = org.contacts or []
        if wanted == (org.names or {}) and checked in (None, contacts_now):
            return org
        org.names = wanted
        if checked is not None:
            org.contacts = checked
        org.save(update_fields=["names", "contacts", "updated_at"])
        for lang, text in wanted.items():
            add_alias(org, text, lang)
        source = _edits_source()  # cached figures are keyed on the sources' last change
        Source.objects.filter(pk=source.pk).update(updated_at=timezone.now())
    from koryu.search.index import reindex_organizations

    reindex_organizations([org.pk])
    return org
