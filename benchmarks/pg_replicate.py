"""Scale a kept PostgreSQL catalogue and its search index k times, in SQL, in minutes.

    .venv/bin/python benchmarks/pg_replicate.py SOURCE_DB TARGET_DB --times 10

Building the index of a million synthetic records takes hours on a loaded 2-core
machine (the analysis is Python); this copies TARGET_DB from SOURCE_DB (a database that
``search_speed.py --keep-pg`` left, records and index built), then adds k-1 copies of
every record, its parties and its index document, ids shifted by the number of records
(the document id moves by the same amount: the catalog id is its low 32 bits, see
koryu.search.backends.base). Organizations are not copied. Every copy has its original's
tokens and facets, so every posting list is k times as long: a search's work scales as
on a catalogue k times as big, while its hits are copies (not the records that
``generate_records(k * n)`` would make, so hits cannot be compared with SQLite's at that
size). The index layout is the source's (plain or partitioned); a partitioned copy keeps
the source's partition bounds, which search_speed then measures as they are.
"""

from __future__ import annotations

import argparse
import time

from postgres_db import PG_ADMIN


def main() -> None:
    import psycopg

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    base = PG_ADMIN.rsplit("/", 1)[0]
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.target}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.target}" TEMPLATE "{args.source}"')
    with psycopg.connect(f"{base}/{args.target}", autocommit=True) as conn:
        n = conn.execute("SELECT MAX(id) FROM catalog_record").fetchone()[0]
        parties = conn.execute("SELECT MAX(id) FROM catalog_party").fetchone()[0]
        columns = {
            table: [
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                    " AND column_name NOT IN ('id', 'record_id', 'doc_id', 'obj_id')"
                    " ORDER BY ordinal_position",
                    [table],
                )
            ]
            for table in ("catalog_record", "catalog_party", "search_document")
        }
        for k in range(1, args.times):
            started = time.perf_counter()
            shift = k * n
            rc, pc, dc = (", ".join(columns[t]) for t in columns)
            keyed = rc.replace("key", "key || '#' || %s", 1)  # (source, key) is unique
            conn.execute(
                f"INSERT INTO catalog_record (id, {rc}) SELECT id + %s, {keyed}"  # noqa: S608
                " FROM catalog_record WHERE id <= %s",
                [shift, k, n],
            )
            conn.execute(
                f"INSERT INTO catalog_party (id, record_id, {pc})"  # noqa: S608
                f" SELECT id + %s, record_id + %s, {pc} FROM catalog_party WHERE id <= %s",
                [k * parties, shift, parties],
            )
            conn.execute(
                f"INSERT INTO search_document (doc_id, obj_id, {dc})"  # noqa: S608
                f" SELECT doc_id - %s, obj_id + %s, {dc} FROM search_document"
                " WHERE obj_type = 0 AND obj_id <= %s",
                [shift, shift, n],
            )
            print(f"copy {k}: {time.perf_counter() - started:.0f} s", flush=True)
        for table in ("catalog_record", "catalog_party"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
            )
        conn.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    main()
