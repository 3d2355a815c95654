"""`koryu ingest --jobs N`: worker processes read while one process stores. The catalogue
must be the one a single process makes, document for document (issue 16 item 1)."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from conftest import REPO
from koryu.catalog.export import write_json
from koryu.catalog.importer import ingest_paths
from koryu.catalog.models import Organization, Record, Source

pytestmark = pytest.mark.django_db

WILD = REPO / "tests" / "data" / "wild" / "docs"


def _folder(tmp_path):
    """Documents of every file type and language, one that fails and one that is empty."""
    picked = sorted(WILD.iterdir())[::6]
    for path in picked:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    return tmp_path, len(picked) + 2


def _catalogue() -> list:
    """The export without database ids (a second run's ids continue from the first's)."""
    out = io.StringIO()
    write_json(out)

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in _IDS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(out.getvalue())["records"])


_IDS = {"id", "organization_id", "related"}


def _wipe():
    Record.objects.all().delete()
    Source.objects.all().delete()
    Organization.objects.all().delete()


def test_two_readers_give_the_catalogue_one_reader_gives(tmp_path):
    folder, count = _folder(tmp_path)
    one = ingest_paths([folder], jobs=1)
    alone = _catalogue()
    _wipe()
    seen = []
    two = ingest_paths([folder], jobs=2, progress=lambda d: seen.append(d.document))
    assert len(two.documents) == count and seen == [d.document for d in one.documents]
    assert [(d.document, d.status, d.error) for d in two.documents] == [
        (d.document, d.status, d.error) for d in one.documents
    ]
    assert any(d.status == "failed" for d in two.documents)  # reported as if read here
    assert _catalogue() == alone
