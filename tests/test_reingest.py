"""Re-ingesting unchanged documents is a near no-op: documents whose bytes are those
stored under their name are reported from what is stored, without being parsed, and the
report is the one reading them would give (issue 16 item 1)."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from koryu.catalog import importer
from koryu.catalog.importer import ingest_paths
from koryu.catalog.models import Record

pytestmark = pytest.mark.django_db

FIXTURES = REPO / "tests" / "fixtures"
NAMES = ["seminar_north.txt", "network_page_yokohama.txt", "association_hokuriku.txt"]


def _folder(tmp_path):
    for name in NAMES:
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def _reports(report):
    return [d.to_dict() for d in report.documents]


def test_unchanged_documents_are_not_parsed_and_report_as_if_read(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    first = ingest_paths([folder])
    assert {d.status for d in first.documents} == {"inserted"}
    Record.objects.filter(source__name=NAMES[0]).update(review="proposed")  # a reviewer's

    parsed = []
    real = importer.read_bytes

    def counting(data, name, *args, **kwargs):
        parsed.append(name)
        return real(data, name, *args, **kwargs)

    monkeypatch.setattr(importer, "read_bytes", counting)
    quick = ingest_paths([folder])
    assert parsed == []
    assert {d.status for d in quick.documents} == {"unchanged"}
    # the same documents read the whole way give the same report
    monkeypatch.setattr(importer, "_unchanged_beforehand", lambda *a: {})
    read_fully = ingest_paths([folder])
    assert sorted(parsed) == sorted(NAMES)
    assert _reports(quick) == _reports(read_fully)
    reviewed = next(d for d in quick.documents if d.document == NAMES[0])
    assert reviewed.proposed > 0 and reviewed.published == 0


def test_a_changed_document_among_unchanged_ones_is_read_and_updated(tmp_path):
    folder = _folder(tmp_path)
    ingest_paths([folder])
    path = folder / NAMES[1]
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    statuses = {d.document: d.status for d in ingest_paths([folder], jobs=2).documents}
    assert statuses == {NAMES[0]: "unchanged", NAMES[1]: "updated", NAMES[2]: "unchanged"}


def test_a_degraded_document_is_read_again_even_with_the_same_bytes(tmp_path):
    folder = _folder(tmp_path)
    ingest_paths([folder])
    source = Record.objects.filter(source__name=NAMES[2]).first().source
    source.findings = [
        *source.findings,
        {"code": importer.DEGRADED, "message": "", "line": None, "detail": {"missing": ["x"]}},
    ]
    source.save(update_fields=["findings"])
    statuses = {d.document: d.status for d in ingest_paths([folder]).documents}
    assert statuses[NAMES[2]] == "updated" and statuses[NAMES[0]] == "unchanged"
