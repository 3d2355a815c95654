"""The permission rules, in one place: who may edit, review or administer.

- reader: anyone; sees published records (no grant needed);
- editor of an organization: the records in which that organization, or one of the
  organizations under it (a city's wards), is a party, and its own profile;
- reviewer: the review queue and any edit, for every organization (no organization on
  the grant) or for a region (a prefecture: itself and everything under it);
- admin: accounts and grants, and everything above.
"""

from __future__ import annotations

from koryu.accounts.models import Grant
from koryu.catalog.models import Organization, Party, Record


def _scope(user, roles: tuple[str, ...]) -> tuple[bool, set[int]]:
    """(all organizations?, the organization ids granted) for ``roles``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False, set()
    if user.is_superuser:
        return True, set()
    grants = Grant.objects.filter(user=user, role__in=roles).values_list(
        "organization_id", flat=True
    )
    ids = set(grants)
    if None in ids:
        return True, set()
    return False, ids


def _with_descendants(ids: set[int]) -> set[int]:
    found, frontier = set(ids), set(ids)
    while frontier:
        frontier = (
            set(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def editable_organizations(user) -> tuple[bool, set[int]]:
    every, ids = _scope(user, ("editor", "reviewer", "admin"))
    return every, (set() if every else _with_descendants(ids))


def can_edit_record(user, record: Record) -> bool:
    every, ids = editable_organizations(user)
    if every:
        return True
    if not ids:
        return False
    return Party.objects.filter(record=record, organization_id__in=ids).exists()


def can_edit_organization(user, organization: Organization) -> bool:
    every, ids = editable_organizations(user)
    return every or organization.pk in ids


def can_review(user, record: Record | None = None) -> bool:
    every, ids = _scope(user, ("reviewer", "admin"))
    if every:
        return True
    if not ids:
        return False
    if record is None:
        return True
    region = _with_descendants(ids)
    return Party.objects.filter(record=record, organization_id__in=region).exists()


def can_review_organization(user, organization: Organization) -> bool:
    """A reviewer of all organizations, or of a region the organization lies in."""
    every, ids = _scope(user, ("reviewer", "admin"))
    return every or organization.pk in _with_descendants(ids)


def reviews_everything(user) -> bool:
    """A reviewer for all organizations, or an admin: may let a held version of a
    document delete records (whoever's they are)."""
    every, _ = _scope(user, ("reviewer", "admin"))
    return every


def can_upload(user) -> bool:
    """Editors, reviewers and admins add documents ("Add documents", koryu.uploads)."""
    every, ids = _scope(user, ("editor", "reviewer", "admin"))
    return every or bool(ids)


def can_administer(user) -> bool:
    every, _ = _scope(user, ("admin",))
    return every
