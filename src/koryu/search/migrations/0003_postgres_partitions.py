"""PostgreSQL: the index table becomes partitioned by document id (date order), so that
"the newest n matches" reads the GIN index of the newest partitions only and stops. The
rows are copied as they are (same tokens, same tsvectors): no re-analysis of the catalog.
SQLite keeps its FTS5 tables unchanged."""

from django.db import migrations


def partition(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from koryu.search.backends.postgres import convert_to_partitions

    with connection.cursor() as cursor:
        convert_to_partitions(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_title_index_packed_facets")]
    operations = [migrations.RunPython(partition, migrations.RunPython.noop)]
