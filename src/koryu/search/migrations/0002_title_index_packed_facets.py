"""The index gains a title-and-party-names full-text table (a tsvector on PostgreSQL)
and each document's facets packed in its row. The index is derived data: it is dropped,
recreated and rebuilt from the catalog."""

import sys

from django.db import migrations


_shown: dict[str, int] = {}


def _progress(stage: str, done: int, total: int) -> None:
    # A big catalogue takes minutes: say so, every tenth (stderr: JSON output stays clean).
    tenth = done * 10 // total
    if total >= 5000 and _shown.get(stage) != tenth:
        _shown[stage] = tenth
        print(f"search index upgrade: {stage} {done:,}/{total:,}", file=sys.stderr, flush=True)


def rebuild(apps, schema_editor):
    from koryu.search.index import rebuild as rebuild_index

    rebuild_index(_progress)  # drops the old tables first


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index"), ("catalog", "0002_tie")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
