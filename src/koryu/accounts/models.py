"""Who may do what: roles granted to a user, for one organization (and its wards or
municipalities) or for all, and the user's API token.

A role is a row, not a Django group, because it is scoped to an organization: the editor
of 新潟市 edits 新潟市's records and no one else's."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ROLES = ("editor", "reviewer", "admin")


class Grant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(max_length=12, choices=[(r, r) for r in ROLES])
    # None: every organization (a national coordinating body's reviewer, an administrator)
    organization = models.ForeignKey(
        "catalog.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization"], name="unique_grant"),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organization__isnull=True),
                name="unique_global_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.organization_id or '*'}"


class ApiToken(models.Model):
    """One token per user; only its hash is kept, so a stolen database leaks no token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"token of {self.user}"
