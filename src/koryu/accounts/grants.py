"""Granting and revoking roles (the `koryu user` command and the admin call these)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from koryu.accounts.models import ROLES, Grant
from koryu.catalog.models import Organization


class AccountError(Exception):
    """A request about accounts that cannot be done, with the reason as its message."""


def get_user(name: str):
    User = get_user_model()
    try:
        return User.objects.get(username=name)
    except User.DoesNotExist:
        raise AccountError(f"no user named {name!r}") from None


def add_user(name: str, email: str = "", password: str | None = None):
    User = get_user_model()
    if not name or not name.strip():
        raise AccountError("a user name is required")
    if User.objects.filter(username=name).exists():
        raise AccountError(f"a user named {name!r} exists already")
    user = User.objects.create_user(username=name, email=email or "", password=password)
    if password is None:
        user.set_unusable_password()  # signs in only after a password is set
        user.save(update_fields=["password"])
    return user


def _organization(organization_id: int | None) -> Organization | None:
    if organization_id is None:
        return None
    try:
        return Organization.objects.get(pk=organization_id)
    except Organization.DoesNotExist:
        raise AccountError(f"no organization with id {organization_id}") from None


def _sync_flags(user) -> None:
    """Django's own flags follow the grants: admins are superusers, reviewers and admins
    reach the staff pages (review queue, admin site)."""
    roles = set(Grant.objects.filter(user=user).values_list("role", flat=True))
    user.is_superuser = "admin" in roles
    user.is_staff = bool(roles & {"admin", "reviewer"})
    user.save(update_fields=["is_superuser", "is_staff"])


@transaction.atomic
def grant(user, role: str, organization_id: int | None = None) -> Grant:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    organization = _organization(organization_id)
    if role == "editor" and organization is None:
        raise AccountError("an editor is granted for an organization: give --organization ID")
    if role == "admin" and organization is not None:
        raise AccountError("the admin role is for every organization: leave out --organization")
    row, _ = Grant.objects.get_or_create(user=user, role=role, organization=organization)
    _sync_flags(user)
    return row


@transaction.atomic
def revoke(user, role: str | None = None, organization_id: int | None = None) -> int:
    rows = Grant.objects.filter(user=user)
    if role:
        rows = rows.filter(role=role)
    if organization_id is not None:
        rows = rows.filter(organization_id=organization_id)
    count, _ = rows.delete()
    _sync_flags(user)
    return count


def describe(user) -> dict:
    return {
        "name": user.username,
        "email": user.email,
        "active": user.is_active,
        "grants": [
            {
                "role": g.role,
                "organization_id": g.organization_id,
                "organization": g.organization.name if g.organization else None,
            }
            for g in Grant.objects.filter(user=user).select_related("organization").order_by("pk")
        ],
        "has_token": hasattr(user, "api_token"),
    }
