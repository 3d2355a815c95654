"""Database faults end one document, not the batch, in one line (issue 14 item 3)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from django.conf import settings
from django.db import connection

from conftest import REPO
from koryu.catalog import importer
from koryu.catalog.importer import ingest_paths
from koryu.catalog.models import Source

FIXTURES = REPO / "tests" / "fixtures"
DOCS = [FIXTURES / "seminar_north.txt", FIXTURES / "network_page_yokohama.txt"]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _koryu(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "koryu", *args], capture_output=True, text=True, env=env,
        timeout=300,
    )  # fmt: skip


@pytest.mark.skipif(ON_POSTGRES, reason="a SQLite file lock")
def test_a_locked_sqlite_file_fails_each_document_in_one_line(tmp_path):
    db = tmp_path / "locked.sqlite3"
    assert _koryu("stats", "--db", str(db)).returncode == 0  # migrated
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, in the middle of its work
    try:
        result = _koryu(
            "ingest", *map(str, DOCS), "--db", str(db),
            env_extra={"KORYU_SQLITE_BUSY_TIMEOUT": "1"},
        )  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 2, result.stderr
    assert all("the database is locked by another writer (waited 1 s)" in x for x in lines)
    assert "Traceback" not in result.stderr
    assert "2 documents: 0 inserted, 0 updated, 0 unchanged, 2 failed" in result.stdout
    again = _koryu("ingest", *map(str, DOCS), "--db", str(db))
    assert again.returncode == 0 and "2 inserted" in again.stdout


def _terminate_backend(pid: int) -> None:
    import psycopg

    cfg = settings.DATABASES["default"]
    admin = f"postgresql://{cfg['USER']}@{cfg['HOST']}:{cfg['PORT']}/{cfg['NAME']}"
    with psycopg.connect(admin, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.skipif(not ON_POSTGRES, reason="a PostgreSQL connection")
@pytest.mark.django_db(transaction=True)
def test_a_lost_postgresql_connection_is_retried_once():
    connection.ensure_connection()
    _terminate_backend(connection.connection.info.backend_pid)
    report = ingest_paths(DOCS)
    assert [d.status for d in report.documents] == ["inserted", "inserted"], [
        d.error for d in report.documents
    ]


@pytest.mark.skipif(not ON_POSTGRES, reason="a PostgreSQL connection")
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_twice_fails_that_document_and_the_batch_goes_on(monkeypatch):
    real = importer.import_document

    def dropping(document, *args, **kwargs):
        if document.name == DOCS[0].name:  # the server goes away under this one, twice
            connection.ensure_connection()
            _terminate_backend(connection.connection.info.backend_pid)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(importer, "import_document", dropping)
    report = ingest_paths(DOCS)
    first, second = report.documents
    assert first.status == "failed" and "lost the database connection, twice" in first.error
    assert "\n" not in first.error
    assert second.status == "inserted"
    assert report.totals()["failed"] == 1
    assert list(Source.objects.values_list("name", flat=True)) == [DOCS[1].name]


@pytest.mark.django_db
def test_an_unexpected_error_fails_that_document_only(monkeypatch):
    from koryu.readers import seminar_series

    def broken(text, name):
        raise ValueError("a bug in a reader")

    monkeypatch.setattr(seminar_series, "parse", broken)
    report = ingest_paths(DOCS)
    first, second = report.documents
    assert first.status == "failed" and "unexpected error (ValueError: a bug" in first.error
    assert "--debug" in first.error and "Traceback" in first.trace
    assert "trace" not in first.to_dict()
    assert second.status == "inserted"


def test_the_koryu_group_turns_a_crash_into_one_line_unless_debug():
    from koryu.cli import main

    @click.command()
    def boom():
        raise RuntimeError("disk on fire\nsecond line")

    main.add_command(boom, name="boom-test")
    try:
        quiet = CliRunner().invoke(main, ["boom-test"])
        loud = CliRunner().invoke(main, ["--debug", "boom-test"])
    finally:
        main.commands.pop("boom-test")
    assert quiet.exit_code == 1
    assert "koryu: error: RuntimeError: disk on fire" in quiet.output
    assert "second line" not in quiet.output and "Traceback" not in quiet.output
    assert isinstance(loud.exception, RuntimeError)
