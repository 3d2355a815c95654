"""PostgreSQL: indexes for the place lookup of a search (service.place_organizations),
which compares names "case aside" (Django's iexact: UPPER(name) = UPPER(%s)). Without
them every query word read every organization name through UPPER() once per candidate
spelling (15 with the level suffixes): 300-450 ms at 15,000 organizations. SQLite's
iexact is a LIKE that costs a fraction of that, and keeps no such index."""

from django.db import migrations

INDEXES = {
    "search_organization_upper_name": "catalog_organization",
    "search_organizationname_upper_name": "catalog_organizationname",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for index, table in INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON {table} (UPPER(name::text))"  # noqa: S608 -- constant names
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for index in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_partitions"), ("catalog", "0002_tie")]
    operations = [migrations.RunPython(create, drop)]
