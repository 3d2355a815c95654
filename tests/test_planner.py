"""SQLite gets planner statistics after an ingest that changed the catalogue, and again
only when it has grown or shrunk by a quarter (koryu.catalog.planner)."""

from __future__ import annotations

import pytest
from django.db import connection

from catalog_builder import build_catalog
from koryu.catalog.models import Record
from koryu.catalog.planner import refresh_planner_statistics

pytestmark = pytest.mark.django_db


def _analysed() -> int | None:
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'catalog_record' AND idx IS NOT NULL"
            )
        except Exception:
            return None
        row = cursor.fetchone()
    return int(row[0].split()[0]) if row else None


def test_statistics_are_taken_once_and_again_after_growth():
    if connection.vendor != "sqlite":
        assert refresh_planner_statistics() is False  # PostgreSQL: autovacuum's job
        return
    build_catalog()
    assert refresh_planner_statistics() is True
    assert _analysed() == Record.objects.count()
    assert refresh_planner_statistics() is False  # nothing changed
    source = Record.objects.first().source
    Record.objects.bulk_create(
        Record(
            source=source,
            key=f"extra:{i}",
            kind="event",
            title=f"extra {i}",
            line_start=1,
            line_end=1,
        )
        for i in range(Record.objects.count() + 200)
    )
    assert refresh_planner_statistics() is True
    assert _analysed() == Record.objects.count()
