"""Corrections: what people set over what documents say, and which records are published.

A record from a format-specific reader is published; one from a generic reader is
published when its confidence reaches ``settings.REVIEW_THRESHOLD``, else it is proposed
and waits in the review queue. A reviewer's decision (accept or reject) and corrections
are ``Correction`` rows keyed by the source document's name and the record's key, so they
outlive the record row: re-ingesting the document rebuilds the record, then lays every
correction over what the document says, and a decision is kept.

When the document later says something else for a corrected field than it said when the
correction was made, neither value silently wins: the correction stays, and the record
goes back to the queue with a ``correction-conflict`` finding naming both values.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from koryu import records as rec
from koryu.catalog.models import Correction
from koryu.normalize.dates import parse_date, parse_fiscal_year

# A decision is a Correction of this pseudo-field, its value the state it sets.
DECISION_FIELD = "review"
DECISIONS = ("published", "rejected")
CONFLICT = "correction-conflict"

SCALAR_FIELDS = (
    "title", "date", "date_start", "date_end", "fiscal_year", "agreement_type",
    "participants_count", "status", "place",
)  # fmt: skip
# Free text an editor may rewrite, and lists (sectors from SECTORS, web addresses).
TEXT_FIELDS = ("theme", "purpose", "description", "background", "activities", "outcomes")
LIST_FIELDS = ("sectors", "urls")
RECORD_FIELDS = SCALAR_FIELDS + TEXT_FIELDS + LIST_FIELDS
# The whole list of parties, when a person added or removed one: [{name, role, country,
# date_start, date_end, organization_id}] in the record's order. ``organization_id`` is
# the organization the party stands for (chosen through the resolver for an added one),
# so a re-ingest places each party where the editor saw it.
PARTIES_FIELD = "parties"
PARTY_KEYS = ("name", "role", "country", "date_start", "date_end")
# Parties are numbered from 1 in the order the record lists them: party.2.country=CN.
# A member's dates (joined, left) are its own: ending a membership is party.N.date_end.
_PARTY_FIELD = re.compile(r"^party\.([1-9][0-9]*)\.(name|country|date_start|date_end)$")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO_FISCAL = re.compile(r"^\d{4}(-(\d{4})?)?$")


class ReviewError(Exception):
    """A review request that cannot be done (unknown field, unreadable value...)."""


def is_correctable(field: str) -> bool:
    return field in RECORD_FIELDS or field == PARTIES_FIELD or bool(_PARTY_FIELD.match(field))


def is_party_field(field: str) -> bool:
    """party.N.name and the like: one field of one party, by position."""
    return bool(_PARTY_FIELD.match(field))


def party_entry(party: rec.Party) -> dict[str, Any]:
    """What a ``parties`` correction compares of one party (what a document says)."""
    return {k: getattr(party, k) or None for k in PARTY_KEYS}


def comparable_parties(value: Any) -> list[dict[str, Any]] | None:
    """A ``parties`` value without the organizations chosen: what a document can say."""
    if value is None:
        return None
    return [{k: entry.get(k) or None for k in PARTY_KEYS} for entry in value]


def chosen_organizations(corrections: dict[str, Any]) -> list[int | None] | None:
    """Per party, the organization a ``parties`` correction placed it at (None: none)."""
    c = corrections.get(PARTIES_FIELD)
    if c is None or c.value is None:
        return None
    return [entry.get("organization_id") for entry in c.value]


def _parse_list(field: str, text: str) -> list[str]:
    items = [i.strip() for i in re.split(r"[,、\s]+" if field == "sectors" else r"\s+", text)]
    items = list(dict.fromkeys(i for i in items if i))
    if field == "sectors":
        unknown = [i for i in items if i not in rec.SECTORS]
        if unknown:
            raise ReviewError(f"unknown sector {unknown[0]!r} ({', '.join(rec.SECTORS)})")
    else:
        bad = [i for i in items if not re.match(r"^https?://[^\s/]+", i)]
        if bad:
            raise ReviewError(f"not a web address: {bad[0]!r} (http:// or https://)")
    return items


def _parse_date(text: str) -> str:
    text = text.strip()
    iso = text if _ISO_DATE.match(text) else parse_date(text)
    if not iso:
        raise ReviewError(f"cannot read a date in {text!r}")
    return iso


def _parse_fiscal_year(text: str) -> str:
    text = text.strip()
    fy = text if _ISO_FISCAL.match(text) else parse_fiscal_year(text)
    if not fy:
        raise ReviewError(f"cannot read a fiscal year in {text!r} (e.g. 2010, 平成22年度)")
    return fy


@functools.cache
def _countries() -> dict[str, str]:
    """Every name, alias and code of a country (case-folded) -> its alpha-2 code."""
    from koryu.gazetteer.countries import country_by_name, country_entries

    names = {name.casefold(): cc for name, cc in country_by_name().items()}
    for e in country_entries():
        for name in (e.country, e.name, *e.names.values(), *(a for a, _ in e.aliases)):
            if name:
                names.setdefault(name.casefold(), e.country)
    return names


def _parse_country(text: str) -> str:
    code = _countries().get(text.strip().casefold())
    if not code:
        raise ReviewError(f"unknown country {text!r} (an ISO code such as CN, or its name)")
    return code


def _parse_choice(what: str, allowed: tuple[str, ...]) -> Callable[[str], str]:
    """A parser taking one of ``allowed`` as it is."""

    def parse(text: str) -> str:
        if text not in allowed:
            raise ReviewError(f"unknown {what} {text!r} ({', '.join(allowed)})")
        return text

    return parse


def _parse_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise ReviewError(f"participants_count must be a whole number, not {text!r}") from None
    if count < 0:
        raise ReviewError("participants_count cannot be negative")
    return count


# The parser of each scalar field (a party's fields by the name after "party.N."); the
# fields not named here (title, place, a party's name) are kept as typed.
_PARSERS: dict[str, Callable[[str], Any]] = {
    "date": _parse_date,
    "date_start": _parse_date,
    "date_end": _parse_date,
    "party.date_start": _parse_date,
    "party.date_end": _parse_date,
    "fiscal_year": _parse_fiscal_year,
    "agreement_type": _parse_choice("agreement type", rec.AGREEMENT_TYPES),
    "status": _parse_choice("status", rec.STATUSES),
    "participants_count": _parse_count,
    "party.country": _parse_country,
}


def _parser_of(field: str) -> Callable[[str], Any] | None:
    party = _PARTY_FIELD.match(field)
    return _PARSERS.get(f"party.{party.group(2)}" if party else field)


def parse_value(field: str, text: str) -> Any:
    """The stored value of ``field`` from what a person typed; empty text clears it."""
    if not is_correctable(field):
        allowed = ", ".join(
            (*RECORD_FIELDS, "party.N.name", "party.N.country", "party.N.date_start",
             "party.N.date_end")
        )  # fmt: skip
        raise ReviewError(f"cannot correct {field!r} (correctable: {allowed})")
    if field == PARTIES_FIELD:
        raise ReviewError("parties are added and removed one by one (party.N.* for a party)")
    if isinstance(text, list) and field in LIST_FIELDS:
        text = " ".join(str(t) for t in text)
    text = "" if text is None else str(text).strip()
    if field in LIST_FIELDS:
        return _parse_list(field, text) or None  # empty is None, as get_value says
    if field in TEXT_FIELDS:
        return text or None
    if not text:
        if field == "title" or field.endswith(".name"):
            raise ReviewError(f"{field} cannot be empty")
        return None
    parser = _parser_of(field)
    return parser(text) if parser else text


def _party(record: rec.Record, field: str) -> tuple[rec.Party | None, str]:
    m = _PARTY_FIELD.match(field)
    index = int(m.group(1)) - 1
    party = record.parties[index] if index < len(record.parties) else None
    return party, m.group(2)


def get_value(record: rec.Record, field: str) -> Any:
    if field in RECORD_FIELDS:
        return getattr(record, field) or None
    if field == PARTIES_FIELD:
        return [party_entry(p) for p in record.parties]
    party, attr = _party(record, field)
    return (getattr(party, attr) or None) if party else None


def set_value(record: rec.Record, field: str, value: Any) -> None:
    if field in RECORD_FIELDS:
        empty = "" if field in ("title", "place", *TEXT_FIELDS) else None
        if field in LIST_FIELDS:
            empty = []
        setattr(record, field, value if value is not None else empty)
        return
    if field == PARTIES_FIELD:
        record.parties = _parties_from(record.parties, value or [])
        return
    party, attr = _party(record, field)
    if party is None:
        raise ReviewError(f"{record.key}: there is no {field.rsplit('.', 1)[0]}")
    setattr(party, attr, value)


def apply_party_fields(
    entries: list[dict[str, Any]], values: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Lay the party.N.* fields of ``values`` over a list of parties (N its positions):
    (the new list, the other values). A party renamed or moved to another country is
    placed by the resolver again, as a corrected party always is."""
    entries = [dict(e) for e in entries]
    rest = {}
    for field, value in values.items():
        m = _PARTY_FIELD.match(field)
        if m is None:
            rest[field] = value
            continue
        index, attr = int(m.group(1)) - 1, m.group(2)
        if index >= len(entries):
            raise ReviewError(f"there is no {field.rsplit('.', 1)[0]}")
        if attr in ("name", "country") and value != entries[index].get(attr):
            entries[index]["organization_id"] = None
        entries[index][attr] = value
    return entries, rest


def _parties_from(said: list[rec.Party], entries: list[dict[str, Any]]) -> list[rec.Party]:
    """The parties a ``parties`` correction lists; one the document names too (same name
    and role) keeps what only the document knows (head count, note, coordinates)."""
    unused = list(said)
    out = []
    for entry in entries:
        fields = {k: entry.get(k) or None for k in PARTY_KEYS}
        fields["name"], fields["role"] = entry["name"], entry["role"]
        same = next((p for p in unused if (p.name, p.role) == (entry["name"], entry["role"])), None)
        if same is not None:
            unused.remove(same)
            out.append(dataclasses.replace(same, **fields))
        else:
            out.append(rec.Party(**fields))
    return out


# --- what the importer asks ----------------------------------------------------------


def latest_corrections(source_name: str, keys: Iterable[str]) -> dict[str, dict[str, Correction]]:
    """{record key: {field: its latest Correction}} for these records of one document
    (the decision under ``DECISION_FIELD``)."""
    found: dict[str, dict[str, Correction]] = defaultdict(dict)
    rows = Correction.objects.filter(source_name=source_name, record_key__in=list(keys))
    for c in rows.order_by("created_at", "pk"):
        found[c.record_key][c.field] = c  # later rows replace earlier ones
    return dict(found)


def apply_corrections(record: rec.Record, corrections: dict[str, Correction]) -> list[rec.Finding]:
    """Lay ``corrections`` over the document's ``record`` (in place); the conflicts found."""
    conflicts = []
    whole_list = PARTIES_FIELD in corrections
    # The list of parties first: corrections of one party made before it are in it.
    for field, c in sorted(
        corrections.items(), key=lambda item: (item[0] != PARTIES_FIELD, item[0])
    ):
        if field == DECISION_FIELD or not is_correctable(field):
            continue
        if whole_list and is_party_field(field):
            continue
        said = get_value(record, field)
        value = comparable_parties(c.value) if field == PARTIES_FIELD else c.value
        if said != c.document_value and said != value:
            conflicts.append(_conflict(record, field, c, said))
        try:
            set_value(record, field, c.value)
        except ReviewError as exc:  # the party the correction named is gone
            conflicts.append(rec.Finding(CONFLICT, str(exc), record.line_start, {"field": field}))
    return conflicts


def _conflict(record: rec.Record, field: str, c: Correction, said: Any) -> rec.Finding:
    who = c.user.get_username() if c.user_id else "someone"
    message = (
        f"{field}: corrected to {c.value!r} by {who}, but the document now says {said!r} "
        f"(it said {c.document_value!r} when corrected)"
    )
    detail = {"field": field, "corrected": c.value, "document": said, "was": c.document_value}
    return rec.Finding(CONFLICT, message, record.line_start, detail)


def review_state(
    document: rec.Document, record: rec.Record, decision: str | None, conflicted: bool
) -> str:
    """Published, proposed or rejected: a person's decision first, then a conflict between
    a correction and the document (back to the queue), then the reader's confidence."""
    if decision == "rejected":
        return "rejected"
    if conflicted:
        return "proposed"
    if decision == "published" or document.specific:
        return "published"
    if record.confidence is not None and record.confidence >= settings.REVIEW_THRESHOLD:
        return "published"
    return "proposed"


def decision_of(corrections: dict[str, Correction]) -> str | None:
    c = corrections.get(DECISION_FIELD)
    return c.value if c is not None and c.value in DECISIONS else None
