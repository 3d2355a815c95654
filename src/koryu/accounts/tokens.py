"""API tokens: shown once when made, kept as a SHA-256 hash, replaced by the next one."""

from __future__ import annotations

import hashlib
import secrets

from koryu.accounts.models import ApiToken


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue(user) -> str:
    """A new token for ``user``; the previous one stops working."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.update_or_create(user=user, defaults={"key_hash": _hash(key)})
    return key


def user_for(key: str):
    """The active user a token belongs to, or None."""
    if not key:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    return token.user
