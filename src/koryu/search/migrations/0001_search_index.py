"""The search index tables (per database vendor: FTS5 on SQLite, tsvector + GIN on
PostgreSQL). They hold no Django model: koryu.search.backends reads and writes them."""

from django.db import migrations


def create(apps, schema_editor):
    from koryu.search.backends import get_backend

    with schema_editor.connection.cursor() as cursor:
        get_backend(schema_editor.connection).create_schema(cursor)


def drop(apps, schema_editor):
    from koryu.search.backends import get_backend

    with schema_editor.connection.cursor() as cursor:
        get_backend(schema_editor.connection).drop_schema(cursor)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
