"""Whole-catalogue aggregates cached until the data changes (``data_version``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    Max,
)

from koryu.catalog.models import (
    Source,
)
from koryu.catalog.queries.base import CACHE_SECONDS

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
    return cached(f"{name}.json", key, lambda: json.dumps(compute(), ensure_ascii=False).encode())


def cached(name: str, key: str, compute: Callable[[], Any]) -> Any:
    digest = hashlib.sha1(f"{data_version()}|{key}".encode()).hexdigest()
    cache_key = f"koryu:{name}:{digest}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, CACHE_SECONDS)
    return value
