"""Accounts, roles and tokens: the `koryu user` contract (docs/cli.md) and the permission
rules (koryu.accounts.roles) on the suite's database."""

from __future__ import annotations

import json

import pytest

from koryu import records as rec
from koryu.accounts import grants, roles, tokens
from koryu.catalog.importer import import_document
from koryu.catalog.models import Organization, Record
from koryu.catalog.organizations import OrganizationResolver
from test_cli import db_url, koryu  # noqa: F401  (the fixture and the subprocess helper)


def test_user_commands_end_to_end(db_url):  # noqa: F811
    added = koryu("user", "add", "officer", "--email", "o@example.org", "--db", db_url)
    assert added.stdout.strip() == "added officer"
    again = koryu("user", "add", "officer", "--db", db_url, check=False)
    assert again.returncode == 1 and "exists already" in again.stderr
    editor_without_org = koryu(
        "user", "grant", "officer", "--role", "editor", "--db", db_url, check=False
    )
    assert editor_without_org.returncode == 1 and "--organization" in editor_without_org.stderr
    assert koryu("user", "grant", "officer", "--role", "reviewer", "--db", db_url).returncode == 0
    listed = json.loads(koryu("user", "list", "--format", "json", "--db", db_url).stdout)
    (user,) = listed["users"]
    assert user["name"] == "officer"
    assert user["grants"] == [{"role": "reviewer", "organization_id": None, "organization": None}]
    first = koryu("user", "token", "officer", "--db", db_url).stdout.strip()
    second = koryu("user", "token", "officer", "--db", db_url).stdout.strip()
    assert len(first) >= 40 and first != second
    revoked = koryu("user", "revoke", "officer", "--db", db_url)
    assert "revoked 1 grant(s)" in revoked.stdout
    missing = koryu("user", "token", "nobody", "--db", db_url, check=False)
    assert missing.returncode == 1 and "no user named 'nobody'" in missing.stderr


def test_first_admin_with_a_password_from_stdin(db_url):  # noqa: F811
    import os
    import subprocess

    from test_cli import KORYU

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("KORYU_DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    done = subprocess.run(
        KORYU + ["user", "add", "root", "--password-stdin", "--db", db_url],
        input="s3cret-pass\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert koryu("user", "grant", "root", "--role", "admin", "--db", db_url).returncode == 0
    listed = json.loads(koryu("user", "list", "--format", "json", "--db", db_url).stdout)
    assert listed["users"][0]["grants"][0]["role"] == "admin"


def _agreement(key: str, a: str, b: str) -> rec.Record:
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
    )


@pytest.fixture
def catalogue(db):
    document = rec.Document(
        name="rights.txt",
        sha256="0" * 64,
        format="case-cards",
        language="ja",
        records=[
            _agreement("a", "新潟市", "ハバロフスク市"),
            _agreement("b", "新潟市中央区", "ウラジオストク市"),
            _agreement("c", "富山市", "ウラジオストク市"),
        ],
    )
    import_document(document, resolver=OrganizationResolver(use_gazetteer=False))
    niigata = Organization.objects.get(name="新潟市")
    ward = Organization.objects.get(name="新潟市中央区")
    ward.parent = niigata  # a ward of the city (the gazetteer would say so)
    ward.save()
    return {r.key: r for r in Record.objects.all()}


def test_editor_edits_records_of_the_organization_and_its_wards(catalogue):
    niigata = Organization.objects.get(name="新潟市")
    user = grants.add_user("niigata-editor")
    grants.grant(user, "editor", niigata.pk)
    assert roles.can_edit_record(user, catalogue["a"])
    assert roles.can_edit_record(user, catalogue["b"])  # a ward's record
    assert not roles.can_edit_record(user, catalogue["c"])  # another city's record
    assert roles.can_edit_organization(user, niigata)
    assert not roles.can_review(user)
    assert not user.is_staff


def test_reviewer_of_a_region_and_of_everything(catalogue):
    niigata = Organization.objects.get(name="新潟市")
    regional = grants.add_user("regional")
    grants.grant(regional, "reviewer", niigata.pk)
    assert roles.can_review(regional, catalogue["b"])
    assert not roles.can_review(regional, catalogue["c"])
    national = grants.add_user("national")
    grants.grant(national, "reviewer")
    assert all(roles.can_review(national, r) for r in catalogue.values())
    national.refresh_from_db()
    assert national.is_staff and not national.is_superuser
    assert not roles.can_administer(national)


def test_admin_and_revocation(catalogue):
    boss = grants.add_user("boss")
    grants.grant(boss, "admin")
    boss.refresh_from_db()
    assert boss.is_superuser and roles.can_administer(boss)
    grants.revoke(boss)
    boss.refresh_from_db()
    assert not boss.is_superuser and not boss.is_staff
    assert not roles.can_edit_record(boss, catalogue["a"])


def test_tokens_replace_each_other_and_inactive_users_have_none(db):
    user = grants.add_user("api")
    first = tokens.issue(user)
    assert tokens.user_for(first) == user
    second = tokens.issue(user)
    assert tokens.user_for(first) is None
    assert tokens.user_for(second) == user
    user.is_active = False
    user.save()
    assert tokens.user_for(second) is None
    assert tokens.user_for("") is None


def test_anonymous_may_do_nothing(catalogue):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not roles.can_edit_record(anonymous, catalogue["a"])
    assert not roles.can_review(anonymous)
    assert not roles.can_administer(anonymous)


def test_bad_grants_are_refused(db):
    user = grants.add_user("x")
    with pytest.raises(grants.AccountError, match="no organization with id"):
        grants.grant(user, "editor", 999999)
    with pytest.raises(grants.AccountError, match="every organization"):
        org = Organization.objects.create(name="某市")
        grants.grant(user, "admin", org.pk)
