"""Exit 0 when the PostgreSQL server of the given URL answers, 1 otherwise (used by make)."""

import sys

import psycopg

url = sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/test"
try:
    psycopg.connect(url, connect_timeout=3).close()
except psycopg.Error as exc:
    print(f"PostgreSQL not reachable at {url}: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
