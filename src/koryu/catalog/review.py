"""The review queue and what a reviewer does with a record: accept, reject or correct it.

Every action is stored as ``Correction`` rows with the reviewer (koryu.catalog.corrections
lays them over the document on each re-ingest) and written through the importer's own
path, so the index, the ties and the organizations follow (one signal path,
``records_changed``). The CLI (`koryu review`) and the `/review` page call these and
nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from koryu import records as rec
from koryu.catalog import history as changes
from koryu.catalog.corrections import (
    CONFLICT,
    DECISION_FIELD,
    PARTIES_FIELD,
    PARTY_KEYS,
    ReviewError,
    apply_party_fields,
    get_value,
    is_party_field,
    set_value,
)
from koryu.catalog.importer import organizations_by_id, rewrite_record
from koryu.catalog.models import Correction, Record, Source
from koryu.catalog.signals import records_changed
from koryu.catalog.ties import write_ties

__all__ = [
    "ReviewError", "SourceLine", "accept", "correct", "get_record", "queue", "reject",
    "source_lines",
]  # fmt: skip


def queue(source: str | None = None) -> QuerySet[Record]:
    """Proposed records, oldest first (the review queue)."""
    qs = Record.objects.proposed().select_related("source")
    if source:
        qs = qs.filter(source__name=source)
    return qs.order_by("pk")


def get_record(record_id: int | str) -> Record:
    try:
        return Record.objects.select_related("source", "series").get(pk=int(record_id))
    except (ValueError, Record.DoesNotExist):
        raise ReviewError(f"no record with id {record_id}") from None


def record_from_row(row: Record) -> rec.Record:
    """The stored record as a reader's record again (to correct it and store it through
    the importer). Parties carry their organization's coordinates, so that resolving a
    name again finds the same place."""
    parties = [
        rec.Party(
            name=p.name,
            role=p.role,
            country=p.country or None,
            count=p.count,
            accompanying=p.accompanying,
            note=p.note,
            date_start=p.date_start or None,
            date_start_raw=p.date_start_raw,
            date_end=p.date_end or None,
            date_end_raw=p.date_end_raw,
            lat=p.organization.lat,
            lon=p.organization.lon,
        )
        for p in row.parties.select_related("organization").order_by("position")
    ]
    fields = {
        name: getattr(row, name)
        for name in (
            "kind", "key", "title", "line_start", "line_end", "date_raw", "fiscal_year_raw",
            "sectors", "theme", "subthemes", "place", "participants_count",
            "participants_breakdown", "accompanying_count", "purpose", "description",
            "background", "activities", "outcomes", "urls", "relisted", "edition",
            "programme", "builds_on", "language", "extra", "confidence", "evidence",
        )
    }  # fmt: skip
    return rec.Record(
        **fields,
        parties=parties,
        date=row.date or None,
        date_start=row.date_start or None,
        date_end=row.date_end or None,
        fiscal_year=row.fiscal_year or None,
        agreement_type=row.agreement_type or None,
        status=row.status or None,
        series=row.series.name if row.series_id else None,
        findings=[rec.Finding(**f) for f in row.findings or []],
    )


def _conflicts(row: Record) -> dict[str, dict]:
    return {
        f["detail"]["field"]: f
        for f in row.findings or []
        if f.get("code") == CONFLICT and "field" in (f.get("detail") or {})
    }


def document_value(row: Record, record: rec.Record, field: str) -> Any:
    """What the document itself says for ``field`` (under any correction laid over it)."""
    conflict = _conflicts(row).get(field)
    if conflict is not None:
        return conflict["detail"].get("document")
    latest = _corrections_of(row, field).order_by("-created_at", "-pk").first()
    if latest is not None:
        return latest.document_value
    if field == PARTIES_FIELD:
        return _document_parties(row, record)
    return get_value(record, field)


def _corrections_of(row: Record, field: str | None = None) -> QuerySet[Correction]:
    rows = Correction.objects.filter(source_name=row.source.name, record_key=row.key)
    return rows if field is None else rows.filter(field=field)


def _document_parties(row: Record, record: rec.Record) -> list[dict[str, Any]]:
    """The parties as the document lists them: the record's, with each corrected field of
    one party (party.N.name...) as the document said it."""
    entries = get_value(record, PARTIES_FIELD)
    fields = set(_corrections_of(row).values_list("field", flat=True))
    said = {
        f: document_value(row, record, f)
        for f in fields
        if is_party_field(f) and int(f.split(".")[1]) <= len(entries)
    }
    entries, _ = apply_party_fields(entries, said)
    return [{k: e.get(k) or None for k in PARTY_KEYS} for e in entries]


def party_entries(row: Record) -> list[dict[str, Any]]:
    """The record's parties as a ``parties`` correction lists them, each with the
    organization it stands for."""
    return [
        {**{k: getattr(p, k) or None for k in PARTY_KEYS}, "organization_id": p.organization_id}
        for p in row.parties.order_by("position")
    ]


def _folded(row: Record, values: dict[str, Any]) -> dict[str, Any]:
    """Once a record's list of parties was corrected (one added or removed), a change to
    one party is a change to that list: party.N.* fields become one ``parties`` value."""
    if PARTIES_FIELD in values or not any(is_party_field(f) for f in values):
        return values
    if not _corrections_of(row, PARTIES_FIELD).exists():
        return values
    entries, rest = apply_party_fields(party_entries(row), values)
    return {**rest, PARTIES_FIELD: entries}


def _decide(row: Record, state: str, user, note: str) -> None:
    Correction.objects.create(
        source_name=row.source.name,
        record_key=row.key,
        field=DECISION_FIELD,
        value=state,
        user=user,
        note=note,
    )


def _settle_conflicts(row: Record, user) -> list[dict]:
    """Accepting a record in conflict keeps the corrected values against what the document
    says now: each conflict becomes a correction made over the new document value."""
    conflicts = _conflicts(row)
    for field, finding in conflicts.items():
        Correction.objects.create(
            source_name=row.source.name,
            record_key=row.key,
            field=field,
            value=finding["detail"].get("corrected"),
            document_value=finding["detail"].get("document"),
            user=user,
            note="kept over a changed document",
        )
    return [f for f in row.findings or [] if f.get("code") != CONFLICT]


def _touch_source(row: Record) -> None:
    # Cached aggregates and export files are keyed on the sources' last change
    # (queries.data_version): a decision changes what they show.
    Source.objects.filter(pk=row.source_id).update(updated_at=timezone.now())


def _set_state(row: Record, state: str) -> None:
    row.version += 1
    row.save(update_fields=["review", "findings", "updated_at", "version"])
    write_ties(row, row.parties.all())  # ties exist for published records only
    _touch_source(row)
    records_changed.send(sender=Record, upserted_ids=[row.pk], deleted_ids=[])


@transaction.atomic
def accept(row: Record, user=None, note: str = "") -> Record:
    """Publish ``row``; a re-ingest of its document keeps it published."""
    with changes.origin(user, reason=_reason("accepted", note)):
        row.findings = _settle_conflicts(row, user)
        row.review = "published"
        _decide(row, "published", user, note)
        _set_state(row, "published")
    return row


def _reason(action: str, note: str) -> str:
    return f"{action}: {note}" if note else action


@transaction.atomic
def reject(row: Record, user=None, note: str = "") -> Record:
    """Hide ``row`` everywhere; a re-ingest of its document does not propose it again."""
    with changes.origin(user, reason=_reason("rejected", note)):
        row.review = "rejected"
        _decide(row, "rejected", user, note)
        _set_state(row, "rejected")
    return row


@transaction.atomic
def correct(row: Record, values: dict[str, Any], user=None, note: str = "") -> Record:
    """Set fields of ``row`` (values already parsed: koryu.catalog.corrections.parse_value),
    each kept as a correction over what the document says. The review state is left as
    it is: accepting is a decision of its own."""
    by = changes.current()
    if by is None or (user is not None and by.user is None):  # an edit has said it already
        with changes.origin(user, reason=_reason("corrected", note)):
            return correct(row, values, user, note)
    record = record_from_row(row)
    conflicts = _conflicts(row)
    values = _folded(row, values)
    for field, value in values.items():
        said = document_value(row, record, field)
        set_value(record, field, value)
        Correction.objects.create(
            source_name=row.source.name,
            record_key=row.key,
            field=field,
            value=value,
            document_value=said,
            user=user,
            note=note,
        )
    settled = set(values) & set(conflicts)
    record.findings = [
        f
        for f in record.findings
        if not (f.code == CONFLICT and (f.detail or {}).get("field") in settled)
    ]
    chosen = values.get(PARTIES_FIELD)
    organizations = organizations_by_id([e.get("organization_id") for e in chosen or []])
    rewrite_record(row, record, organizations if chosen is not None else None)
    _touch_source(row)
    return row


def history(row: Record) -> list[dict[str, Any]]:
    """Every correction and decision made on ``row``'s record, newest first."""
    rows = Correction.objects.filter(source_name=row.source.name, record_key=row.key)
    return [
        {
            "field": c.field,
            "value": c.value,
            "document_value": c.document_value,
            "user": c.user.get_username() if c.user_id else None,
            "note": c.note,
            "created_at": c.created_at.isoformat(),
        }
        for c in rows.select_related("user").order_by("-created_at", "-pk")
    ]


def get_records(ids: Iterable[int | str]) -> list[Record]:
    return [get_record(i) for i in ids]


# --- the source lines beside a record, with the evidence spans -------------------------

CONTEXT_LINES = 2
MAX_LINES = 200


@dataclass
class Span:
    start: int  # character offsets in the line, end exclusive
    end: int
    fields: list[str]


@dataclass
class SourceLine:
    number: int  # 1-based, in the text the reader saw
    text: str
    location: str  # where the line stands in the original file (PDF page, cell), if known
    in_record: bool  # inside the record's line span
    spans: list[Span] = dataclasses.field(default_factory=list)

    def segments(self) -> list[tuple[str, list[str]]]:
        """The line cut into (text, fields) pieces, fields empty outside evidence: what the
        page escapes piece by piece and the CLI marks."""
        out, at = [], 0
        for span in self.spans:
            if span.start > at:
                out.append((self.text[at : span.start], []))
            out.append((self.text[span.start : span.end], span.fields))
            at = span.end
        if at < len(self.text):
            out.append((self.text[at:], []))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "location": self.location or None,
            "in_record": self.in_record,
            "spans": [s.__dict__ for s in self.spans],
        }


def evidence_items(evidence: dict[str, Any]) -> list[tuple[str, dict]]:
    """(field, {"confidence", "line", "text"}) for each piece of evidence; a list of such
    dicts (one per party, say) is numbered from 1."""
    items = []
    for name, value in (evidence or {}).items():
        if isinstance(value, dict):
            items.append((name, value))
        elif isinstance(value, list):
            items += [(f"{name}.{i}", v) for i, v in enumerate(value, 1) if isinstance(v, dict)]
    return items


def _as_line(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _find(lines: list[str], text: str, near: int | None, first: int, last: int):
    """(line number, offset) of ``text``: on its own line first, then within the window."""
    order = ([near] if near else []) + [n for n in range(first, last + 1) if n != near]
    for n in order:
        if 1 <= n <= len(lines):
            at = lines[n - 1].find(text)
            if at >= 0:
                return n, at
    return None


def source_lines(row: Record, context: int = CONTEXT_LINES) -> list[SourceLine]:
    """The lines of ``row``'s source around the record (and around every line its
    evidence names), each with the evidence spans found in it."""
    text = row.source.text or ""
    if not text:
        return []
    lines = text.split("\n")  # line numbers count "\n" only, like the readers
    if text.endswith("\n"):
        lines.pop()  # the empty "line" after the last newline
    items = evidence_items(row.evidence)
    named = [n for _, ev in items if (n := _as_line(ev.get("line")))]
    first = max(1, min([row.line_start, *named]) - context)
    last = min(len(lines), max([row.line_end, *named]) + context, first + MAX_LINES - 1)
    spans: dict[int, list[Span]] = {}
    for name, ev in items:
        wanted = str(ev.get("text") or "").strip()
        if not wanted:
            continue
        found = _find(lines, wanted, _as_line(ev.get("line")), first, last)
        if found is None:
            continue
        n, at = found
        spans.setdefault(n, []).append(Span(at, at + len(wanted), [name]))
    locations = row.source.locations or []
    out = []
    for n in range(first, last + 1):
        out.append(
            SourceLine(
                number=n,
                text=lines[n - 1],
                location=str(locations[n - 1]) if n - 1 < len(locations) else "",
                in_record=row.line_start <= n <= row.line_end,
                spans=_disjoint(spans.get(n, [])),
            )
        )
    return out


def _disjoint(spans: list[Span]) -> list[Span]:
    """Spans in order, without overlaps: a span inside or across an earlier one lends its
    field names to it instead of being marked twice."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:
            out[-1].fields = list(dict.fromkeys(out[-1].fields + span.fields))
            continue
        out.append(Span(span.start, span.end, list(span.fields)))
    return out
