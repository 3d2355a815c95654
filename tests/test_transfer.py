"""`koryu dump` and `koryu load`: a whole catalogue moves between SQLite and PostgreSQL and
back, and the export is the same byte for byte (issue 14 item 8)."""

from __future__ import annotations

import json
import uuid

import pytest

from conftest import SEEDS
from test_cli import koryu

PG = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def postgres_url():
    psycopg = pytest.importorskip("psycopg")
    name = f"koryu_move_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        import os

        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no PostgreSQL server at {PG}: {exc}")
    yield f"{PG}/{name}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_round_trip_sqlite_postgres_sqlite_gives_the_same_export(tmp_path, postgres_url):
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    first = str(tmp_path / "first.sqlite3")
    koryu("ingest", str(SEEDS), "--db", first)
    koryu("user", "add", "officer", "--db", first)
    before = koryu("export", "--format", "json", "--db", first).stdout
    dump1 = tmp_path / "one.jsonl"
    out = koryu("dump", str(dump1), "--db", first)
    assert "records" in out.stdout
    koryu("load", str(dump1), "--db", postgres_url)
    assert koryu("export", "--format", "json", "--db", postgres_url).stdout == before
    dump2 = tmp_path / "two.jsonl"
    koryu("dump", str(dump2), "--db", postgres_url)
    last = str(tmp_path / "last.sqlite3")
    koryu("load", str(dump2), "--db", last)
    assert koryu("export", "--format", "json", "--db", last).stdout == before
    # the search index was rebuilt on both sides of the move
    hits = json.loads(koryu("search", "瀋陽", "--format", "json", "--db", last).stdout)
    assert hits["total"] > 0
    users = json.loads(koryu("user", "list", "--format", "json", "--db", last).stdout)
    assert [u["name"] for u in users["users"]] == ["officer"]


def test_load_refuses_a_database_that_holds_a_catalogue(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    db = str(tmp_path / "full.sqlite3")
    koryu("ingest", str(next(SEEDS.glob("002_*.txt"))), "--db", db)
    dumped = tmp_path / "d.jsonl"
    koryu("dump", str(dumped), "--db", db)
    refused = koryu("load", str(dumped), "--db", db, check=False)
    assert refused.returncode == 1
    assert "already holds a catalogue" in refused.stderr


def test_load_refuses_a_file_that_is_not_a_dump(tmp_path):
    bogus = tmp_path / "bogus.jsonl"
    bogus.write_text("this is not json\n", encoding="utf-8")
    empty = str(tmp_path / "empty.sqlite3")
    refused = koryu("load", str(bogus), "--db", empty, check=False)
    assert refused.returncode == 1
    assert "not a Koryu dump" in refused.stderr
    assert "Traceback" not in refused.stderr
