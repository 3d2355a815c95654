"""A small catalogue for the history, editing and permission tests: two cities (新潟市 with
a ward, 富山市) with agreements from one document, and users with each role."""

from __future__ import annotations

from dataclasses import replace

from koryu import records as rec
from koryu.accounts import grants
from koryu.catalog.importer import import_document
from koryu.catalog.models import Organization, Record
from koryu.catalog.organizations import OrganizationResolver

DOCUMENT = "rights.txt"


def agreement(key: str, a: str, b: str, **fields) -> rec.Record:
    return rec.Record(
        kind="agreement",
        key=key,
        title=f"{a} – {b}",
        line_start=1,
        line_end=1,
        parties=[
            rec.Party(name=a, role="japanese_party", country="JP"),
            rec.Party(name=b, role="foreign_party", country="RU"),
        ],
        agreement_type="sister",
        date="1965-07-01",
        **fields,
    )


def document(sha: str = "0", **changes) -> rec.Document:
    records = [
        agreement("a", "新潟市", "ハバロフスク市"),
        agreement("b", "新潟市中央区", "ウラジオストク市"),
        agreement("c", "富山市", "ウラジオストク市"),
    ]
    records = [replace(r, **changes.get(r.key, {})) for r in records]
    return rec.Document(
        name=DOCUMENT, sha256=sha * 64, format="case-cards", language="ja", records=records
    )


def ingest(doc: rec.Document) -> None:
    import_document(doc, resolver=OrganizationResolver(use_gazetteer=False))


def build() -> dict:
    """The records by key, the organizations and one user per role."""
    ingest(document())
    niigata = Organization.objects.get(name="新潟市")
    ward = Organization.objects.get(name="新潟市中央区")
    ward.parent = niigata  # a ward of the city (the gazetteer would say so)
    ward.save()
    toyama = Organization.objects.get(name="富山市")
    users = {"anonymous": None}
    users["editor"] = grants.add_user("niigata-editor", password="pw-niigata-1")
    grants.grant(users["editor"], "editor", niigata.pk)
    users["other_editor"] = grants.add_user("toyama-editor", password="pw-toyama-1")
    grants.grant(users["other_editor"], "editor", toyama.pk)
    users["reviewer"] = grants.add_user("regional-reviewer", password="pw-review-1")
    grants.grant(users["reviewer"], "reviewer", niigata.pk)
    users["admin"] = grants.add_user("boss", password="pw-boss-1")
    grants.grant(users["admin"], "admin")
    for user in users.values():
        if user is not None:
            user.refresh_from_db()
    return {
        "records": {r.key: r for r in Record.objects.all()},
        "niigata": niigata,
        "toyama": toyama,
        "users": users,
    }
