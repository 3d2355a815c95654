"""Statistics for SQLite's query planner.

Without them SQLite guesses that an index on a column such as ``review`` (one value in
almost every row) narrows a search, and answers "the records sharing a party with this
one" by walking every published record: 65 ms instead of 1 ms at 100k records. ANALYZE
(bounded by ``analysis_limit``) tells it otherwise. It runs when the catalogue has no
statistics or has grown or shrunk by a quarter since they were taken; PostgreSQL keeps
its own through autovacuum.
"""

from __future__ import annotations

from django.db import DatabaseError, connections

ANALYSIS_LIMIT = 1000  # rows sampled per index: enough for the planner, fast at any size
DRIFT = 0.25


def refresh_planner_statistics(using: str = "default") -> bool:
    """ANALYZE the SQLite database when its statistics are missing or stale; whether it ran."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'catalog_record' AND idx IS NOT NULL"
            )
            row = cursor.fetchone()
        except DatabaseError:  # no statistics table yet
            row = None
        analysed = int(row[0].split()[0]) if row else None
        cursor.execute("SELECT count(*) FROM catalog_record")
        now = cursor.fetchone()[0]
        if analysed is not None and abs(now - analysed) <= DRIFT * analysed + 100:
            return False
        cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return True
