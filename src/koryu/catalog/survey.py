"""The annual survey round trip: a workbook (.xlsx) of an organization's records — or a
prefecture's and its municipalities' — for them to fill in, and its import back as a diff
to accept row by row.

One sheet, ``survey``: a Japanese header row, an English header row (the one the import
reads), then one row per current record (published, in which the organization is a
party) and blank rows for new ones, the organization filled in. The columns are those of a
case card. Kind, agreement type and status carry data-validation lists.

Text that begins like a formula (``= + - @``, tab, carriage return) is written with a
leading ``'`` and read back without it; a formula typed into the workbook is never
evaluated (openpyxl does not compute) and its row is refused with the cell named.

Accepted rows are written through the edit path (koryu.catalog.editing: corrections over
the documents, optimistic locking on the version exported, the permission rules), with the
workbook named as their source: in the history of an edited record, and as the ``Source``
of a new one (``koryu:survey/<sha256 prefix>/<file name>``, the kept file its path)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from koryu import records as rec
from koryu.catalog import editing
from koryu.catalog.corrections import ReviewError, parse_value
from koryu.catalog.models import Organization, Party, Record, Source

SHEET = "survey"
# (key, Japanese header, English header): the columns of a case card.
COLUMNS = (
    ("record_id", "記録ID（新規は空欄）", "record_id"),
    ("version", "版", "version"),
    ("organization_id", "団体ID", "organization_id"),
    ("organization", "自治体名", "organization"),
    ("kind", "種別", "kind"),
    ("partner", "相手先", "partner"),
    ("partner_country", "相手国（コード）", "partner_country"),
    ("title", "名称", "title"),
    ("agreement_type", "提携の種類", "agreement_type"),
    ("date", "年月日", "date"),
    ("date_end", "終了日", "date_end"),
    ("status", "状態", "status"),
    ("sectors", "分野（カンマ区切り）", "sectors"),
    ("background", "経緯", "background"),
    ("activities", "活動内容", "activities"),
    ("outcomes", "成果", "outcomes"),
    ("contacts", "連絡先（参照のみ）", "contacts"),
    ("urls", "URL（空白区切り）", "urls"),
)
KEYS = tuple(c[0] for c in COLUMNS)
# Columns written back as corrections (the others identify the row or are for reading).
FIELDS = (
    "title", "agreement_type", "date", "date_end", "status", "sectors", "background",
    "activities", "outcomes", "urls",
)  # fmt: skip
# The contacts column is for reading: whom to call is kept per organization and edited on
# its page, so a changed cell is reported on the row, never silently dropped nor written.
CONTACTS_NOT_READ = (
    "contacts: not read from the workbook (the column is for reference); "
    "edit whom to call on the organization's page"
)
LISTS = {"kind": rec.KINDS, "agreement_type": rec.AGREEMENT_TYPES, "status": rec.STATUSES}
BLANK_ROWS = 5  # per organization
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_ROWS = 2


class SurveyError(Exception):
    """A workbook that cannot be read as a survey (not .xlsx, no survey sheet...)."""


def neutral(text: str) -> str:
    """A cell's text that no spreadsheet reads as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


# --- export --------------------------------------------------------------------------


def organizations_of(organization: Organization, region: bool) -> list[Organization]:
    """The organization, or (``region``) it and every organization under it."""
    found, frontier = [organization], [organization.pk]
    while region and frontier:
        below = list(Organization.objects.filter(parent_id__in=frontier).order_by("name", "pk"))
        found += below
        frontier = [o.pk for o in below]
    return found


def _partner(record: Record, own: set[int]) -> Party | None:
    parties = list(record.parties.all())
    return next((p for p in parties if p.organization_id not in own), None)


def _contacts(record: Record) -> str:
    lines = []
    for c in record.contacts.all():
        bits = [c.organization_name, c.department, *c.phones, *c.emails]
        lines.append(" / ".join(b for b in bits if b))
    return "\n".join(lines)


def rows_for(organization: Organization) -> list[dict[str, str]]:
    """The organization's current records as workbook rows, then blank rows."""
    records = (
        Record.objects.filter(review="published", parties__organization=organization)
        .distinct()
        .prefetch_related("parties", "contacts")
        .order_by("sort_date", "pk")
    )
    rows = []
    for r in records:
        partner = _partner(r, {organization.pk})
        values = {
            "record_id": str(r.pk),
            "version": str(r.version),
            "organization_id": str(organization.pk),
            "organization": organization.name,
            "kind": r.kind,
            "partner": partner.name if partner else "",
            "partner_country": partner.country if partner else "",
            "contacts": _contacts(r),
        }
        for name in FIELDS:
            value = getattr(r, name)
            values[name] = " ".join(value) if name == "urls" else _text(value)
        rows.append(values)
    blank = {"organization_id": str(organization.pk), "organization": organization.name}
    return rows + [dict(blank) for _ in range(BLANK_ROWS)]


def export_workbook(organizations: list[Organization]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([c[1] for c in COLUMNS])
    sheet.append([c[2] for c in COLUMNS])
    for cell in (*sheet[1], *sheet[2]):
        cell.font = Font(bold=True)
    rows = [row for org in organizations for row in rows_for(org)]
    for row in rows:
        sheet.append([neutral(row.get(key, "")) for key in KEYS])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # text, whatever it looks like
    last = max(sheet.max_row, HEADER_ROWS + 1) + 200  # room for more new rows
    for key, choices in LISTS.items():
        letter = sheet.cell(row=1, column=KEYS.index(key) + 1).column_letter
        check = DataValidation(
            type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
        )
        check.error = f"one of: {', '.join(choices)}"
        check.showErrorMessage = True
        sheet.add_data_validation(check)
        check.add(f"{letter}{HEADER_ROWS + 1}:{letter}{last}")
    sheet.freeze_panes = f"A{HEADER_ROWS + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- import: the diff ----------------------------------------------------------------


@dataclass
class Row:
    number: int  # the row in the sheet (1-based, as a spreadsheet shows it)
    outcome: str  # new | changed | unchanged | ended | error
    record_id: int | None = None
    version: int | None = None
    organization_id: int | None = None
    kind: str = ""
    title: str = ""
    partner: str = ""
    partner_country: str = ""
    values: dict[str, Any] = field(default_factory=dict)  # parsed, the changed ones
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # field: (now, sent)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the row says that is not written


def read_workbook(data: bytes) -> list[dict[str, Any]]:
    """The rows under the English header, as {key: text}, each with its ``_row``."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise SurveyError(f"not an .xlsx workbook ({type(exc).__name__}: {exc})") from None
    if SHEET not in book.sheetnames:
        raise SurveyError(f"no sheet named {SHEET!r}: export the survey workbook first")
    rows = list(book[SHEET].iter_rows())
    header = [str(c.value or "").strip() for c in rows[1]] if len(rows) > 1 else []
    missing = [k for k in ("record_id", "organization_id", "kind", "title") if k not in header]
    if missing:
        raise SurveyError(f"the second row names no column {missing[0]!r}: not a survey workbook")
    from openpyxl.utils import get_column_letter

    found = []
    for number, cells in enumerate(rows[HEADER_ROWS:], HEADER_ROWS + 1):
        values: dict[str, Any] = {"_row": number, "_formulas": []}
        for column, (name, cell) in enumerate(zip(header, cells, strict=False), 1):
            if name not in KEYS:
                continue
            if cell.data_type == "f":  # typed as a formula: never evaluated, refused
                values["_formulas"].append(f"{get_column_letter(column)}{number} ({name})")
                continue
            text = "" if cell.value is None else str(cell.value).strip()
            if text.startswith("'") and text[1:].startswith(FORMULA_START):
                text = text[1:]
            if isinstance(cell.value, float) and cell.value.is_integer():
                text = str(int(cell.value))
            values[name] = text
        found.append(values)
    return found


def _int(text: str) -> int | None:
    return int(text) if text and text.isdigit() else None


def diff(data: bytes, origin: str = "") -> list[Row]:
    """Each filled row against the catalogue: new, changed, unchanged, ended, or error.
    ``origin``: the workbook's source name; a new row already accepted from it is the
    record it made (unchanged, not new again)."""
    made = (
        {
            r.extra.get("survey_row"): r.pk
            for r in Record.objects.filter(source__name=origin).only("pk", "extra")
        }
        if origin
        else {}
    )
    rows = []
    for sent in read_workbook(data):
        filled = {k: v for k, v in sent.items() if not k.startswith("_") and v}
        if not set(filled) - {"organization_id", "organization"} and not sent["_formulas"]:
            continue  # a blank row
        row = _row(sent)
        if row.outcome == "new" and made.get(row.number):
            row.outcome, row.record_id, row.changes = "unchanged", made[row.number], {}
        rows.append(row)
    return rows


def _row(sent: dict[str, Any]) -> Row:
    row = Row(
        number=sent["_row"],
        outcome="error",
        record_id=_int(sent.get("record_id", "")),
        version=_int(sent.get("version", "")),
        organization_id=_int(sent.get("organization_id", "")),
        kind=sent.get("kind", ""),
        title=sent.get("title", ""),
        partner=sent.get("partner", ""),
        partner_country=sent.get("partner_country", "").upper(),
    )
    if sent["_formulas"]:
        row.errors.append(
            "a formula is not read: type the value (" + ", ".join(sent["_formulas"]) + ")"
        )
        return row
    values = {}
    for name in FIELDS:
        if name not in sent:
            continue
        try:
            values[name] = parse_value(name, sent[name])
        except ReviewError as exc:
            row.errors.append(f"{name}: {exc}")
    if row.errors:
        return row
    if row.record_id is None:
        if sent.get("contacts"):
            row.notes.append(CONTACTS_NOT_READ)
        return _new_row(row, values)
    return _existing_row(row, values, sent)


def _new_row(row: Row, values: dict[str, Any]) -> Row:
    if row.kind not in rec.KINDS:
        row.errors.append(f"kind: one of {', '.join(rec.KINDS)} for a new record")
    if not values.get("title"):
        row.errors.append("title: a new record needs a title")
    if (
        row.organization_id is None
        or not Organization.objects.filter(pk=row.organization_id).exists()
    ):
        row.errors.append("organization_id: not an organization of the catalogue")
    if not row.errors:
        row.outcome = "new"
        row.values = {k: v for k, v in values.items() if v not in (None, "", [])}
        row.changes = {k: ("", _text(v)) for k, v in row.values.items()}
    return row


def _existing_row(row: Row, values: dict[str, Any], sent: dict[str, Any]) -> Row:
    record = Record.objects.filter(pk=row.record_id).prefetch_related("parties").first()
    if record is None:
        row.errors.append(f"record_id: no record {row.record_id}")
        return row
    if row.kind and row.kind != record.kind:
        row.errors.append(
            f"kind: a {record.kind} stays a {record.kind} (a new row makes a {row.kind})"
        )
        return row
    row.kind = record.kind
    if "contacts" in sent and sent["contacts"] != _contacts(record).strip():
        row.notes.append(CONTACTS_NOT_READ)
    now = editing.current_values(record)
    partner = _partner(record, {row.organization_id} if row.organization_id else set())
    if partner is not None:
        n = partner.position + 1
        if row.partner and row.partner != partner.name:
            values[f"party.{n}.name"] = row.partner
        if row.partner_country and row.partner_country != partner.country:
            values[f"party.{n}.country"] = parse_value(f"party.{n}.country", row.partner_country)
    changed = {
        k: v
        for k, v in values.items()
        if not (v in (None, "", []) and now.get(k) in (None, "", [])) and v != now.get(k)
    }
    row.values = changed
    row.changes = {k: (_text(now.get(k)), _text(v)) for k, v in changed.items()}
    if not changed:
        row.outcome = "unchanged"
    elif changed.get("status") == "ended":
        row.outcome = "ended"
    else:
        row.outcome = "changed"
    return row


# --- import: accepting rows ----------------------------------------------------------


def source_name(name: str, sha256: str) -> str:
    return f"koryu:survey/{sha256[:12]}/{name}"[:255]


def workbook_source(name: str, sha256: str, path: str) -> Source:
    """The Source new records of this workbook belong to (its kept file is the path)."""
    source, _ = Source.objects.get_or_create(
        name=source_name(name, sha256),
        defaults={"sha256": sha256, "format": "survey-workbook", "filetype": "xlsx", "path": path},
    )
    return source


def accept(
    rows: list[Row], numbers: set[int], user, name: str, sha256: str, path: str
) -> list[dict]:
    """Write the accepted rows, each on its own (one refused row stops no other): a list of
    {"row", "outcome", "record_id", "error"}."""
    results = []
    note_of = f"survey workbook {name}"
    origin = source_name(name, sha256)
    for row in rows:
        if row.number not in numbers or row.outcome in ("unchanged", "error"):
            continue
        note = f"{note_of}, row {row.number}"
        try:
            if row.outcome == "new":
                with transaction.atomic():
                    source = workbook_source(name, sha256, path)
                    partner = (
                        editing.PartnerChoice(name=row.partner, country=row.partner_country)
                        if row.partner
                        else None
                    )
                    made = editing.create(
                        row.kind, row.organization_id, partner, row.values, user, note, source
                    )
                    # which row made it: accepting the workbook again does not repeat it
                    made.extra = {**(made.extra or {}), "survey_row": row.number}
                    Record.objects.filter(pk=made.pk).update(extra=made.extra)
                record_id = made.pk
            else:
                editing.edit(row.record_id, row.values, user, row.version, note, source=origin)
                record_id = row.record_id
        except editing.VersionConflict as exc:
            results.append(_result(row, "error", row.record_id, f"changed since the export: {exc}"))
        except (editing.EditError, editing.NotAllowed, ReviewError) as exc:
            results.append(_result(row, "error", row.record_id, str(exc)))
        else:
            results.append(_result(row, row.outcome, record_id, ""))
    return results


def _result(row: Row, outcome: str, record_id: int | None, error: str) -> dict:
    return {"row": row.number, "outcome": outcome, "record_id": record_id, "error": error}
