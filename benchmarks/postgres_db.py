"""A throw-away PostgreSQL database for one benchmark run (created here, dropped after).

The server is ``KORYU_BENCH_PG`` (default: the machine's server, database ``test``), the
connection used to create and drop databases; each run gets a database of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

PG_ADMIN = os.environ.get("KORYU_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def fresh_postgres() -> tuple[str, Callable[[], None]]:
    """(URL of a new empty database, function that drops it)."""
    import psycopg

    name = f"koryu_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name, drop


def kept_postgres(name: str) -> str:
    """URL of database ``name`` on the server, created when missing and never dropped here
    (a big catalogue loaded once, measured again after each change)."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name
