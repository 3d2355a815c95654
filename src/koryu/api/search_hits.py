"""The bridge to the search service (koryu.search.service), which may not be installed:
then every endpoint that needs ``q=`` answers 503 in the standard error shape."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from koryu.api.errors import ServiceUnavailable
from koryu.catalog.queries import Filters, InvalidQuery, filtered_records

# Most hits a filtered search or an export with q= looks at.
SEARCH_SCAN_CAP = 10_000


def search_function() -> Callable[..., Any]:
    try:
        module = importlib.import_module("koryu.search.service")
    except ModuleNotFoundError as exc:
        if exc.name and "koryu.search" in exc.name:
            raise ServiceUnavailable("search is not available on this server") from exc
        raise
    search = getattr(module, "search", None)
    if search is None:
        raise ServiceUnavailable("search is not available on this server")
    return search


def run_search(q: str, **options: Any) -> dict[str, Any]:
    search = search_function()
    try:
        result = search(q, **options)
    except ValueError as exc:  # a query the search language rejects
        raise InvalidQuery(str(exc), "q") from exc
    data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    error = data.get("error")
    if error:  # a refused query (too long, only operators, a bad filter or cursor) is a 400
        field = "cursor" if error.get("code") == "bad_cursor" else "q"
        raise InvalidQuery(error.get("message") or error.get("code", "invalid query"), field)
    return data


def search_hits(q: str, cap: int = SEARCH_SCAN_CAP) -> list[dict[str, Any]]:
    """Every hit of ``q`` (up to ``cap``), best first."""
    return run_search(q, limit=cap, expand=True, facets=False)["results"]


def filter_hits(hits: list[dict[str, Any]], filters: Filters) -> list[dict[str, Any]]:
    """Hits that also pass the record filters, in the search's order."""
    if filters.is_empty():
        return hits
    ids = [h["id"] for h in hits]
    keep: set[int] = set()
    for start in range(0, len(ids), 500):  # bounded IN lists for SQLite
        chunk = ids[start : start + 500]
        keep.update(filtered_records(filters).filter(pk__in=chunk).values_list("pk", flat=True))
    return [h for h in hits if h["id"] in keep]
