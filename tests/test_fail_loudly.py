"""A missing gazetteer or dictionary is a start-up error, and a document read without
them is marked and read again by the next ingest that has them."""

from __future__ import annotations

import pytest

from koryu import records as rec
from koryu.catalog import checks
from koryu.catalog.importer import DEGRADED, import_document
from koryu.catalog.models import Source


def test_system_checks_pass_with_everything_installed():
    assert checks.gazetteer_installed() == []
    assert checks.dictionary_installed() == []


def test_a_missing_gazetteer_package_is_a_start_up_error(monkeypatch):
    monkeypatch.setattr(checks, "GAZETTEER_PACKAGES", (*checks.GAZETTEER_PACKAGES, "no-such-pkg"))
    errors = checks.gazetteer_installed()
    assert [e.id for e in errors] == ["koryu.E001"] and "no-such-pkg" in errors[0].msg


def test_a_missing_dictionary_is_a_start_up_error(monkeypatch):
    import sudachipy

    def missing():
        raise ModuleNotFoundError("No module named 'sudachidict_core'")

    monkeypatch.setattr(sudachipy, "Dictionary", missing)
    errors = checks.dictionary_installed()
    assert [e.id for e in errors] == ["koryu.E002"] and "sudachidict_core" in errors[0].msg


def _document() -> rec.Document:
    return rec.Document(
        name="degraded.txt",
        sha256="d" * 64,
        format="case-cards",
        language="ja",
        records=[
            rec.Record(
                kind="agreement",
                key="k",
                title="環境協力覚書",
                line_start=1,
                line_end=3,
                parties=[rec.Party(name="札幌市", role="japanese_party")],
            )
        ],
    )


@pytest.mark.django_db
def test_a_document_read_without_the_gazetteer_is_marked_and_read_again(monkeypatch):
    from koryu.catalog import organizations
    from koryu.gazetteer import index

    def broken(cache_dir=None):
        raise OSError("gazetteer cache unreadable")

    monkeypatch.setattr(organizations, "_gazetteer_failure", None)  # restored after
    monkeypatch.setattr(index, "get_gazetteer", broken)
    first = import_document(_document())
    assert first.status == "inserted"
    marked = [f for f in Source.objects.get().findings if f["code"] == DEGRADED]
    assert marked and marked[0]["detail"]["missing"] == ["gazetteer"]
    # the same bytes again, still without it: nothing to gain, left as it is
    assert import_document(_document()).status == "unchanged"
    # the gazetteer is back (here: a resolver without one, asked for none, that did not fail)
    monkeypatch.setattr(organizations, "_gazetteer_failure", None)
    monkeypatch.setattr(organizations, "_gazetteer", lambda: None)
    again = import_document(_document())
    assert again.status == "updated" and again.updated == 1
    assert not [f for f in Source.objects.get().findings if f["code"] == DEGRADED]
    assert import_document(_document()).status == "unchanged"
