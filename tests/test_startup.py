"""Start-up of the command line: a database is migrated on first use, and one that is up to
date is recognised with one query instead of the migration graph (docs/cli.md)."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from koryu import runtime
from test_cli import db_url, koryu  # noqa: F401  (db_url is a fixture)


def _no_migration_graph(*args, **kwargs):
    raise AssertionError("the migration graph was built for an up-to-date database")


@pytest.mark.django_db
def test_migration_files_are_the_ones_django_loads():
    loader = MigrationLoader(connection)
    assert runtime.migration_files() == set(loader.disk_migrations)


@pytest.mark.django_db
def test_up_to_date_database_skips_the_migration_graph(monkeypatch):
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.__init__", _no_migration_graph
    )
    monkeypatch.setattr("django.core.management.call_command", _no_migration_graph)
    runtime.migrate_if_needed()


@pytest.mark.django_db
def test_database_missing_a_migration_is_migrated(monkeypatch):
    calls = []
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: calls.append(a))
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = %s AND name = %s",
            max(name for name in runtime.migration_files() if name[0] == "catalog"),
        )
    runtime.migrate_if_needed()
    assert calls == [("migrate",)]


def test_new_database_is_migrated_on_first_use(db_url):  # noqa: F811
    first = koryu("stats", "--format", "json", "--db", db_url)
    second = koryu("stats", "--format", "json", "--db", db_url)
    assert '"records": 0' in first.stdout
    assert second.stdout == first.stdout
