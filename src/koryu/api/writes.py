"""Writes through the JSON API: POST /api/v1/records, PATCH and DELETE (end) on
/api/v1/records/{id}, with an API token (``Authorization: Bearer TOKEN``, `koryu user
token`). The rules are the web pages' (koryu.catalog.editing): the same permission checks
and optimistic locking. The version a change is made on comes as ``If-Match: "3"`` or as
``"version": 3`` in the body; a stale one is a 409 with the current version. Without a
token (or with an unknown one) 401, without the right 403, always in the error shape.

The operations are added to the records router (one path, several methods)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Schema
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field

from koryu.accounts import tokens
from koryu.api.errors import error_response
from koryu.api.responses import json_response
from koryu.api.routers.records import router
from koryu.api.schemas import ERRORS, Error, RecordDetail
from koryu.catalog import editing, queries
from koryu.catalog.models import Party, Record

WRITE_ERRORS = {**ERRORS, 401: Error, 403: Error, 409: Error}


class TokenAuth(HttpBearer):
    """An API token of an active user (`koryu user token NAME`)."""

    def authenticate(self, request: HttpRequest, token: str):
        user = tokens.user_for(token)
        if user is not None:
            request.user = user  # the history names them (simple-history's middleware)
        return user


token_auth = TokenAuth()


class PartyIn(Schema):
    name: str | None = None
    country: str | None = None
    date_start: str | None = Field(None, description="a member joined (networks)")
    date_end: str | None = Field(None, description="a member left (networks)")
    remove: bool = Field(False, description="remove this party from the record")
    role: str | None = Field(None, description="a party added: its role (default the partner's)")
    organization_id: int | None = Field(None, description="a party added: this organization")
    gazetteer_id: str | None = Field(None, description="a party added: this gazetteer entry")


ADDED_ONLY = ("role", "organization_id", "gazetteer_id")


class RecordPatch(Schema):
    """Export-format fields to change; any left out stay as they are. Dates in any
    calendar the normaliser reads; `null` or `""` clears a field."""

    model_config = ConfigDict(extra="forbid")
    version: int | None = Field(None, description="the version the change is made on")
    note: str = Field("", description="why: kept in the history")
    title: str | None = None
    date: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    fiscal_year: str | None = None
    agreement_type: str | None = None
    status: str | None = None
    place: str | None = None
    participants_count: int | None = None
    theme: str | None = None
    purpose: str | None = None
    description: str | None = None
    background: str | None = None
    activities: str | None = None
    outcomes: str | None = None
    sectors: list[str] | None = None
    urls: list[str] | None = None
    parties: list[PartyIn] | None = Field(
        None,
        description=(
            "the record's parties in its order (`{}` leaves one as it is, "
            '`{"remove": true}` removes it), then any parties to add'
        ),
    )


class PartnerIn(Schema):
    name: str
    country: str = ""
    organization_id: int | None = None
    gazetteer_id: str = ""


class RecordCreate(RecordPatch):
    kind: str = Field(..., description="agreement, event, delegation, program or network")
    organization_id: int = Field(..., description="the organization the record is for")
    partner: PartnerIn | None = None


def _sent_values(body: RecordPatch, fields_set: set[str]) -> dict[str, Any]:
    """The fields the body names, as corrections.parse_value reads them."""
    sent: dict[str, Any] = {}
    for name in fields_set - {"version", "note", "parties", "kind", "organization_id", "partner"}:
        value = getattr(body, name)
        sent[name] = "" if value is None else value
    return sent


def _party_changes(
    parties: list[PartyIn], count: int
) -> tuple[dict[str, Any], editing.PartyChanges]:
    """A ``parties`` list by position: the record's ``count`` parties (changed field by
    field, or removed with ``"remove": true``), then the parties to add."""
    sent: dict[str, Any] = {}
    changes = editing.PartyChanges()
    errors = {}
    for i, party in enumerate(parties, 1):
        given = party.model_fields_set
        if i > count:
            if party.remove:
                errors[f"party.{i}"] = f"there is no party {i} to remove"
            changes.add.append(_added(party))
            continue
        if given & set(ADDED_ONLY):
            errors[f"party.{i}"] = f"{', '.join(ADDED_ONLY)}: only for a party added"
        if party.remove:
            changes.remove.add(i)
        for attr in ("name", "country", "date_start", "date_end"):
            if attr in given:
                sent[f"party.{i}.{attr}"] = getattr(party, attr) or ""
    if errors:
        raise editing.EditError("; ".join(errors.values()), errors)
    return sent, changes


def _added(party: PartyIn) -> editing.PartnerChoice:
    return editing.PartnerChoice(
        name=party.name or "",
        country=party.country or "",
        organization_id=party.organization_id,
        gazetteer_id=party.gazetteer_id or "",
        role=party.role or "",
    )


def _expected_version(request: HttpRequest, body_version: int | None) -> int | None:
    header = request.headers.get("If-Match", "").strip()
    if header and header != "*":
        text = header.removeprefix("W/").strip('"')
        try:
            return int(text)
        except ValueError:
            return -1  # matches no version: a 409 says which one is current
    return body_version


def _detail(row: Record, status: int = 200):
    data = queries.record_detail(row.pk, unpublished=True)
    data["version"] = row.version
    response = json_response(data, status=status)
    response["ETag"] = f'"{row.version}"'
    return response


def _refusal(exc: Exception, partners: list[editing.PartnerChoice] = ()):
    """The error answer for ``exc``; a partner's name that names several places (one of
    ``partners``, the parties being added) is a 400 listing the candidates."""
    ambiguous = isinstance(exc, editing.EditError) and "partner" in (exc.errors or {})
    if ambiguous and partners:
        choice = next((p for p in partners if p.name in exc.errors["partner"]), partners[0])
        candidates = editing.partner_candidates(choice.name, choice.country)
        return error_response(
            400,
            str(exc),
            {"partner": exc.errors["partner"], "candidates": candidates},
            "ambiguous_partner",
        )
    return _plain_refusal(exc)


def _plain_refusal(exc: Exception):
    if isinstance(exc, editing.VersionConflict):
        return error_response(
            409,
            str(exc),
            {"version": exc.record.version, "expected": exc.expected},
            "version_conflict",
        )
    if isinstance(exc, editing.NotAllowed):
        return error_response(403, str(exc), None, "forbidden")
    if isinstance(exc, editing.EditError):
        if str(exc).startswith("no record with id"):
            return error_response(404, str(exc))
        return error_response(400, str(exc), exc.errors or None, "invalid_value")
    raise exc


@router.patch(
    "/{record_id}",
    auth=token_auth,
    response={200: RecordDetail, **WRITE_ERRORS},
    summary="Change a record",
)
def patch_record(
    request: HttpRequest,
    body: RecordPatch,
    record_id: int = Path(..., ge=1, le=queries.MAX_ID),
):
    """Change the fields the body names (export-format names; `parties` by position, with
    parties removed and added).
    The change is kept as corrections over the record's document, so it survives a
    re-ingest. 409 when the record is no longer at the version named by `If-Match` or
    `version`."""
    changes = None
    try:
        sent = _sent_values(body, body.model_fields_set)
        if "parties" in body.model_fields_set and body.parties is not None:
            count = Party.objects.filter(record_id=record_id).count()
            by_party, changes = _party_changes(body.parties, count)
            sent.update(by_party)
        values = editing.parse_values(sent)
        expected = _expected_version(request, body.version)
        row = editing.edit(record_id, values, request.auth, expected, body.note, parties=changes)
    except (editing.EditError, editing.NotAllowed, editing.VersionConflict) as exc:
        return _refusal(exc, changes.add if changes is not None else [])
    return _detail(row)


@router.post(
    "",
    auth=token_auth,
    response={201: RecordDetail, **WRITE_ERRORS},
    summary="Create a record",
)
def create_record(request: HttpRequest, body: RecordCreate):
    """A new record for an organization the token's user may edit, with a partner: an
    organization (`organization_id`), a gazetteer entry (`gazetteer_id`) or a name (and
    country) for the resolver; a name that names several places is a 400 listing them."""
    partner = body.partner
    choice = (
        editing.PartnerChoice(
            partner.name, partner.country, partner.organization_id, partner.gazetteer_id
        )
        if partner is not None
        else None
    )
    try:
        values = editing.parse_values(_sent_values(body, body.model_fields_set))
        row = editing.create(
            body.kind, body.organization_id, choice, values, request.auth, body.note
        )
    except (editing.EditError, editing.NotAllowed) as exc:
        return _refusal(exc, [choice] if choice is not None else [])
    return _detail(row, status=201)


@router.delete(
    "/{record_id}",
    auth=token_auth,
    response={200: RecordDetail, **WRITE_ERRORS},
    summary="End a record",
)
def end_record(
    request: HttpRequest,
    record_id: int = Path(..., ge=1, le=queries.MAX_ID),
    date_end: str | None = Query(None, description="when it ended (default: today)"),
    version: int | None = Query(None, description="the version the change is made on"),
):
    """Status `ended`, with the date it ended (`date_end`, any calendar; default today).
    The record stays, with its history: ending is how a tie stops, not a deletion."""
    when = date_end or dt.date.today().isoformat()
    try:
        row = editing.end(record_id, when, request.auth, _expected_version(request, version))
    except (editing.EditError, editing.NotAllowed, editing.VersionConflict) as exc:
        return _refusal(exc)
    return _detail(row)
