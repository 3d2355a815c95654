"""The API's side of the one search service: a request's query (``q`` and the filter
parameters, read by ``Query.from_params``), run by ``find`` or ``find_all``; a query the
service refuses is a 400 ``invalid_parameter`` naming the parameter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from koryu.catalog.queries import InvalidQuery
from koryu.search.service import Query, SearchResult, find, find_all


def request_query(params: Mapping[str, Any]) -> Query:
    """The query of a request's parameters; raises InvalidQuery when it cannot run."""
    query = Query.from_params(params)
    _raise_for(query.error)
    return query


def _raise_for(error: dict | None) -> None:
    if error:
        raise InvalidQuery(error.get("message") or error["code"], error.get("parameter") or "q")


def found(query: Query, limit: int, facets: bool = True) -> SearchResult:
    """One page of ``find``; raises InvalidQuery for a query or cursor it refuses."""
    result = find(query, limit=limit, facets=facets)
    _raise_for(result.error)
    return result


def record_ids(query: Query) -> list[int]:
    """Every record the query finds, in the search's order (no cap)."""
    matches, result = find_all(query.only_records())
    _raise_for(result.error)
    return [m.id for m in matches if m.type == "record"]
