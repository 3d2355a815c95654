"""PostgreSQL: indexes for the place lookup of a search (search.service.place_organizations),
which compares names "case aside" (Django's iexact: UPPER(name) = UPPER(%s)). Without
them every query word read every organization name through UPPER() once per candidate
spelling (15 with the level suffixes): 300-450 ms at 15,000 organizations. SQLite's
iexact is a LIKE that costs a fraction of that, and keeps no such index.

The indexes were first created by the search app's migration 0004 under search_* names;
they index catalog tables, so they live here now. An installation that ran that
migration has its indexes renamed, one that did not gets them created."""

from django.db import migrations

INDEXES = {
    "catalog_organization_upper_name": "catalog_organization",
    "catalog_organizationname_upper_name": "catalog_organizationname",
}
FORMER_NAMES = {
    "catalog_organization_upper_name": "search_organization_upper_name",
    "catalog_organizationname_upper_name": "search_organizationname_upper_name",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for index, table in INDEXES.items():
            cursor.execute(
                f"ALTER INDEX IF EXISTS {FORMER_NAMES[index]} RENAME TO {index}"  # noqa: S608 -- constant names
            )
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
    dependencies = [("catalog", "0005_organization_contacts")]
    operations = [migrations.RunPython(create, drop)]
