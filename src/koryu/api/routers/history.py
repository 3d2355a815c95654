"""The history as JSON: a record's versions and the change feed (/changes as data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from ninja import Path, Query, Router, Schema

from koryu.api.errors import error_response
from koryu.api.responses import json_response
from koryu.api.schemas import ERRORS
from koryu.catalog import history, queries
from koryu.catalog.models import Record

router = Router(tags=["history"])
MAX_FEED = 200


class Version(Schema):
    version: int | None
    at: str
    user: str | None  # who (None: a document or a command)
    source: str | None  # the document, or "edit"
    reason: str
    type: str  # created | changed | deleted
    changes: dict[str, list[Any]]  # field: [old, new]


class RecordHistory(Schema):
    id: int
    versions: list[Version]


class Change(Version):
    object: str  # record | organization
    id: int
    title: str
    url: str


class ChangeFeed(Schema):
    changes: list[Change]
    next: str | None  # pass as `before` for the page before


@router.get(
    "/records/{record_id}/history",
    response={200: RecordHistory, **ERRORS},
    summary="A record's versions",
)
def record_history(request: HttpRequest, record_id: int = Path(..., ge=1, le=queries.MAX_ID)):
    """Every version, newest first: `{"versions": [{"version", "at", "user", "source",
    "reason", "type", "changes": {"field": [old, new]}}]}`. `source` is the document a
    change came from, or `"edit"` for a person's edit."""
    if not Record.objects.published().filter(pk=record_id).exists():
        return error_response(404, f"no record with id {record_id}")
    versions = history.record_versions(record_id)
    for v in versions:
        v.pop("history_id", None)
    return json_response({"id": record_id, "versions": versions})


@router.get("/changes", response={200: ChangeFeed, **ERRORS}, summary="The change feed")
def changes(
    request: HttpRequest,
    before: str | None = Query(None, description="only changes before this time (ISO 8601)"),
    edits: bool = Query(False, description="people's edits only (no document updates)"),
    limit: int = Query(50, ge=1, le=MAX_FEED),
):
    """The latest changes to records and organizations, newest first; page back with the
    `next` time as `before`."""
    when = parse_datetime(before) if before else None
    if before and when is None:
        return error_response(
            400, "before: not an ISO 8601 time", {"parameter": "before"}, "invalid_parameter"
        )
    entries = history.feed(limit, when, edits_only=edits)
    nxt = entries[-1]["at"] if len(entries) == limit else None
    return json_response({"changes": entries, "next": nxt})
