"""Editing in the web interface: create, edit and end records, for the users
koryu.accounts.roles allows. The work is koryu.catalog.editing's (the JSON API calls the
same); these views turn forms into its calls and its refusals into pages: a form error is
a 400 with the field's message, a refusal 403, and an edit made on an older version a 409
page with both versions side by side (nothing is written)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from koryu.accounts.models import Grant
from koryu.accounts.roles import can_edit_organization, can_edit_record, editable_organizations
from koryu.catalog import editing
from koryu.catalog.corrections import TEXT_FIELDS
from koryu.catalog.models import Organization, Record
from koryu.records import AGREEMENT_TYPES, KINDS, SECTORS, STATUSES
from koryu.web.views.page import render_page

# The form's fields, in its order (party names and countries follow).
FORM_FIELDS = (
    "title", "date", "date_start", "date_end", "fiscal_year", "agreement_type", "status",
    "place", "participants_count", "theme", "sectors", "urls", "purpose", "description",
    "background", "activities", "outcomes",
)  # fmt: skip
NEW_FIELDS = (
    "title", "date", "date_start", "date_end", "agreement_type", "place", "theme",
    "sectors", "urls", "description",
)  # fmt: skip
CHOICES = {"agreement_type": AGREEMENT_TYPES, "status": STATUSES}
LONG = set(TEXT_FIELDS) - {"theme"}


def form_text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return (", " if name == "sectors" else "\n").join(str(v) for v in value)
    return str(value)


def _fields(values: dict[str, Any], names) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "value": form_text(name, values.get(name)),
            "choices": CHOICES.get(name),
            "long": name in LONG or name == "urls",
        }
        for name in names
    ]


def _party_names(values: dict[str, Any]) -> list[str]:
    return [k for k in values if k.startswith("party.")]


def _party_groups(row: Record, shown: dict[str, Any], user, removed: set[int]) -> list[dict]:
    """Each party's fields, with a box to remove it where the user may: not the last
    party, nor the last one of an organization the user edits (koryu.catalog.editing)."""
    every, mine = editable_organizations(user)
    organizations = list(row.parties.order_by("position").values_list("organization_id", "role"))
    groups = []
    for n, (_, role) in enumerate(organizations, 1):
        others = {o for i, (o, _) in enumerate(organizations, 1) if i != n}
        names = [k for k in _party_names(shown) if k.startswith(f"party.{n}.")]
        groups.append(
            {
                "number": n,
                "role": role,
                "fields": _fields(shown, names),
                "removable": len(organizations) > 1 and (every or bool(others & mine)),
                "removed": n in removed,
            }
        )
    return groups


def _removed(post) -> set[int]:
    return {
        int(k.split(".")[1])
        for k in post
        if k.startswith("party.") and k.endswith(".remove") and k.split(".")[1].isdigit()
    }


def _row(record_id: int) -> Record:
    row = Record.objects.select_related("source").filter(pk=record_id).first()
    if row is None:
        raise Http404(f"no record with id {record_id}")
    return row


def _refused(message: str) -> HttpResponse:
    return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")


def _sent(request: HttpRequest, current: dict[str, Any]) -> dict[str, str]:
    """The fields the form changed (text as typed)."""
    sent = {}
    for name, value in current.items():
        if name not in request.POST:
            continue
        text = request.POST[name].replace("\r\n", "\n")  # browsers send CRLF from a textarea
        if text.strip() != form_text(name, value).replace("\r\n", "\n").strip():
            sent[name] = text
    return sent


@login_required
@require_http_methods(["GET", "POST"])
def edit_record(request: HttpRequest, record_id: int) -> HttpResponse:
    """The record's fields and parties; a party is removed with its box and added with a
    name (**Find the partner** shows the resolver's candidates, as on the new-record
    form)."""
    row = _row(record_id)
    if not can_edit_record(request.user, row):
        return _refused("you may not edit this record")
    current = editing.current_values(row)
    errors: dict[str, str] = {}
    shown, version, candidates = current, row.version, []
    if request.method == "POST":
        sent = _sent(request, current)
        added = _partner(request, ADD_PARTY)
        if added is not None:
            candidates = editing.partner_candidates(added.name, added.country)
        if request.POST.get("action", "save") == "save":
            try:
                version = int(request.POST.get("version", ""))
                values = editing.parse_values(sent)
                changes = editing.PartyChanges(
                    remove=_removed(request.POST), add=[added] if added else []
                )
                editing.edit(row.pk, values, request.user, version, _note(request), parties=changes)
            except ValueError:
                errors["version"] = "the form lost its version number: load the record again"
            except editing.EditError as exc:
                errors = exc.errors or {"": str(exc)}
            except editing.VersionConflict as exc:
                return _conflict(request, exc, sent)
            except editing.NotAllowed as exc:
                return _refused(str(exc))
            else:
                return redirect(reverse("web:record", args=[row.pk]))
        shown = {**current, **{k: request.POST.get(k, "") for k in current}}
    context = {
        **_form_context(request, row, shown, _removed(request.POST)),
        "version": version,
        "errors": errors,
        "candidates": candidates,
    }
    return render_page(request, "web/edit/record.html", context, status=400 if errors else 200)


def _note(request: HttpRequest) -> str:
    return request.POST.get("note", "").strip()


def _form_context(request: HttpRequest, row: Record, shown: dict, removed: set[int]) -> dict:
    """What the edit form (web/edit/_form.html) shows: fields, parties and the party to
    add, as the user left them."""
    own_role, partner_role = editing.ROLES_BY_KIND[row.kind]
    return {
        "row": row,
        "fields": _fields(
            shown, [f for f in FORM_FIELDS if f != "agreement_type" or row.kind == "agreement"]
        ),
        "parties": _party_groups(row, shown, request.user, removed),
        "roles": list(dict.fromkeys((partner_role, own_role))),
        "partner": _partner_form(request.POST, ADD_PARTY),
        "sectors": SECTORS,
    }


def _conflict(request: HttpRequest, exc: editing.VersionConflict, sent: dict[str, str]):
    """Both versions side by side: what the user sent (on their older version) and what
    the record says now; the form below starts from the current version."""
    row = exc.record
    current = editing.current_values(row)
    rows = [
        {"name": name, "mine": text, "theirs": form_text(name, current.get(name))}
        for name, text in sent.items()
    ]
    removed = _removed(request.POST)
    rows += [
        {"name": f"party.{n}", "mine": "(removed)", "theirs": current.get(f"party.{n}.name", "")}
        for n in sorted(removed)
    ]
    if request.POST.get(f"{ADD_PARTY}_name", "").strip():
        rows.append({"name": "parties", "mine": "+ " + request.POST[f"{ADD_PARTY}_name"],
                     "theirs": ""})  # fmt: skip
    context = {
        **_form_context(request, row, {**current, **sent}, removed),
        "expected": exc.expected,
        "rows": rows,
        "version": row.version,
        "errors": {},
        "candidates": [],
    }
    return render_page(request, "web/edit/conflict.html", context, status=409)


@login_required
@require_http_methods(["GET", "POST"])
def end_record(request: HttpRequest, record_id: int) -> HttpResponse:
    row = _row(record_id)
    if not can_edit_record(request.user, row):
        return _refused("you may not edit this record")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
            editing.end(
                row.pk,
                request.POST.get("date_end", ""),
                request.user,
                version,
                request.POST.get("note", "").strip(),
            )
        except ValueError:
            errors["version"] = "the form lost its version number: load the record again"
        except editing.EditError as exc:
            errors = exc.errors or {"": str(exc)}
        except editing.VersionConflict as exc:
            return _conflict(
                request, exc, {"status": "ended", "date_end": request.POST.get("date_end", "")}
            )
        except editing.NotAllowed as exc:
            return _refused(str(exc))
        else:
            return redirect(reverse("web:record", args=[row.pk]))
    context = {"row": row, "errors": errors, "date_end": request.POST.get("date_end", "")}
    return render_page(request, "web/edit/end.html", context, status=400 if errors else 200)


def _granted_organizations(user) -> list[Organization]:
    ids = Grant.objects.filter(user=user, organization__isnull=False).values_list(
        "organization_id", flat=True
    )
    return list(Organization.objects.filter(pk__in=ids).order_by("name"))


# The form fields of a partner chosen through the resolver: PREFIX_name, PREFIX_country,
# PREFIX_choice (a candidate: org:ID or gaz:ID) and PREFIX_role (a party added to a record).
NEW_PARTNER, ADD_PARTY = "partner", "add_party"


def _partner(request: HttpRequest, prefix: str = NEW_PARTNER) -> editing.PartnerChoice | None:
    name = request.POST.get(f"{prefix}_name", "").strip()
    if not name:
        return None
    choice = request.POST.get(f"{prefix}_choice", "")
    kind, _, value = choice.partition(":")
    return editing.PartnerChoice(
        name=name,
        country=request.POST.get(f"{prefix}_country", "").strip().upper(),
        organization_id=int(value) if kind == "org" and value.isdigit() else None,
        gazetteer_id=value if kind == "gaz" else "",
        role=request.POST.get(f"{prefix}_role", "").strip(),
    )


def _partner_form(data, prefix: str) -> dict[str, str]:
    """The partner fields as the user left them (the form shows them again)."""
    return {
        "prefix": prefix,
        **{
            part: data.get(f"{prefix}_{part}", "") for part in ("name", "country", "choice", "role")
        },
    }


def _create_from_form(request: HttpRequest, kind: str, organization, partner):
    """The record the new-record form describes (EditError says what is missing)."""
    sent = {n: request.POST.get(n, "") for n in NEW_FIELDS if request.POST.get(n, "").strip()}
    if organization is None:
        raise editing.EditError(
            "choose the organization", {"organization": "choose the organization"}
        )
    return editing.create(
        kind,
        organization.pk,
        partner,
        editing.parse_values(sent),
        request.user,
        request.POST.get("note", "").strip(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_record(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "agreement")
    org_id = data.get("organization", "")
    organization = Organization.objects.filter(pk=int(org_id)).first() if org_id.isdigit() else None
    if organization is not None and not can_edit_organization(request.user, organization):
        return _refused(f"you may not add records for {organization.name}")
    mine = _granted_organizations(request.user)
    if organization is None and not mine and not editable_organizations(request.user)[0]:
        return _refused("you edit no organization")
    errors: dict[str, str] = {}
    candidates: list[dict] = []
    if request.method == "POST":
        action = request.POST.get("action", "save")
        partner = _partner(request)
        if partner is not None:
            candidates = editing.partner_candidates(partner.name, partner.country)
        if action == "save":
            try:
                row = _create_from_form(request, kind, organization, partner)
            except editing.EditError as exc:
                errors = exc.errors or {"": str(exc)}
            except editing.NotAllowed as exc:
                return _refused(str(exc))
            else:
                return redirect(reverse("web:record", args=[row.pk]))
    values = {n: data.get(n, "") for n in NEW_FIELDS}
    context = {
        "kinds": KINDS,
        "kind": kind,
        "organization": organization,
        "mine": mine,
        "fields": _fields(
            values, [f for f in NEW_FIELDS if f != "agreement_type" or kind == "agreement"]
        ),
        "partner": _partner_form(data, NEW_PARTNER),
        "candidates": candidates,
        "errors": errors,
        "sectors": SECTORS,
    }
    return render_page(request, "web/edit/new.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def edit_organization(request: HttpRequest, org_id: int) -> HttpResponse:
    """An organization's names per language, for its editors (a 409 page when someone
    saved it meanwhile)."""
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        raise Http404(f"no organization with id {org_id}")
    if not can_edit_organization(request.user, org):
        return _refused(f"you may not edit {org.name}")
    errors: dict[str, str] = {}
    status = 200
    conflict = None
    if request.method == "POST":
        names = {lang: request.POST.get(f"names.{lang}", "") for lang in editing.NAME_LANGUAGES}
        sent_contacts = _contact_rows(request.POST)
        try:
            editing.edit_profile(
                org.pk,
                names,
                request.user,
                request.POST.get("stamp", ""),
                request.POST.get("note", "").strip(),
                contacts=sent_contacts,
            )
        except editing.ProfileConflict as exc:
            conflict, status, org = names, 409, exc.organization
        except editing.EditError as exc:
            errors, status = exc.errors or {"": str(exc)}, 400
        except editing.NotAllowed as exc:
            return _refused(str(exc))
        else:
            return redirect(reverse("web:organization", args=[org.pk]))
    context = {
        "org": org,
        "stamp": editing.profile_stamp(org),
        "names": [
            (lang, (org.names or {}).get(lang, ""), (conflict or {}).get(lang))
            for lang in editing.NAME_LANGUAGES
        ],
        "conflict": conflict is not None,
        "errors": errors,
        # what was sent stays in the form after an error; one blank row for a new contact
        "contacts": [
            _contact_form_row(c) for c in [*(sent_contacts if errors else org.contacts or []), {}]
        ],
    }
    return render_page(request, "web/edit/organization.html", context, status=status)


def _contact_rows(post) -> list[dict[str, str]] | None:
    """The contact rows of the profile form (``contacts.N.field``), or None when the form
    has no contact fields (it then leaves the contacts as they are)."""
    if "contacts" not in post:
        return None
    raw = post.get("contacts", "")
    count = min(int(raw), editing.MAX_CONTACTS + 1) if raw.isdigit() else 0
    fields = editing.CONTACT_TEXT_FIELDS + editing.CONTACT_LIST_FIELDS
    return [{f: post.get(f"contacts.{i}.{f}", "") for f in fields} for i in range(count)]


def _contact_form_row(contact: dict) -> dict[str, str]:
    """A contact as the form shows it: one phone or address per line."""
    return {
        f: "\n".join(v) if isinstance(v, list) else (v or "")
        for f, v in (
            (f, contact.get(f)) for f in editing.CONTACT_TEXT_FIELDS + editing.CONTACT_LIST_FIELDS
        )
    }
