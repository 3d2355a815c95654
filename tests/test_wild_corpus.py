"""The wild corpus (tests/data/wild) is well formed: every document has truth and a manifest entry, and
every truth record follows the scorer's format and the conventions of tests/data/wild/README.md.

Reader quality is measured by benchmarks/extraction_quality.py, never asserted here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

WILD = Path(__file__).parent / "data" / "wild"
DOCS, TRUTH = WILD / "docs", WILD / "truth"
LANGUAGES = {"ja", "ru", "zh", "ko", "en"}
FILETYPES = {"txt", "md", "html", "pdf", "docx", "xlsx", "csv", "tsv"}
KINDS = {"agreement", "network", "event", "delegation", "program"}
AGREEMENT_TYPES = {
    "sister",
    "friendship",
    "memorandum",
    "sector",
    "staff_exchange",
    "protocol",
    "other",
}
DOCUMENT_KINDS = {"card", "list", "partner-page", "news", "report", "network-page", "statement"}
ROLES = {"member", "observer", "secretariat", "host", "sender", "signatory"}
RECORD_KEYS = {
    "kind",
    "title",
    "parties",
    "date",
    "date_start",
    "date_end",
    "fiscal_year",
    "agreement_type",
    "participants_count",
    "secondary",
    "planned",
    "truncated",
}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
NAME = re.compile(r"^(ja|ru|zh|ko|en)_[a-z0-9]+(_[a-z0-9]+)*\.[a-z]+$")
MAGIC = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04"}


def documents() -> list[Path]:
    return sorted(p for p in DOCS.iterdir() if p.is_file())


def manifest() -> dict:
    return json.loads((WILD / "manifest.json").read_text(encoding="utf-8"))


def truth_of(doc: Path) -> list[dict]:
    return json.loads((TRUTH / f"{doc.stem}.json").read_text(encoding="utf-8"))


def iso_date_ok(value: object) -> bool:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return False
    parts = [int(x) for x in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return 1900 <= parts[0] <= 2030


def record_problems(r: dict) -> list[str]:
    problems = [f"unknown key {k}" for k in set(r) - RECORD_KEYS]
    if r.get("kind") not in KINDS:
        problems.append(f"kind {r.get('kind')!r}")
    parties = r.get("parties")
    if not isinstance(parties, list) or not parties:
        problems.append("no parties")
    for p in parties or []:
        if not isinstance(p.get("name"), str) or not p["name"].strip():
            problems.append(f"party without a name: {p}")
        if not re.fullmatch(r"[A-Z]{2}", str(p.get("country", ""))):
            problems.append(
                f"country of {p.get('name')} is not an ISO alpha-2 code: {p.get('country')!r}"
            )
        if "role" in p and p["role"] not in ROLES:
            problems.append(f"role {p['role']!r}")
    for key in ("date", "date_start", "date_end"):
        if key in r and not iso_date_ok(r[key]):
            problems.append(f"{key} {r[key]!r} is not an ISO date")
    if "date" in r and "date_start" in r:
        problems.append("both date and date_start")
    if "date_end" in r and "date_start" not in r:
        problems.append("date_end without date_start")
    if "date_start" in r and "date_end" in r and r["date_end"] < r["date_start"]:
        problems.append("ends before it starts")
    if "agreement_type" in r:
        if r["agreement_type"] not in AGREEMENT_TYPES:
            problems.append(f"agreement_type {r['agreement_type']!r}")
        if r.get("kind") != "agreement":
            problems.append("agreement_type on a record that is not an agreement")
    if "participants_count" in r and not (
        isinstance(r["participants_count"], int) and r["participants_count"] > 0
    ):
        problems.append(f"participants_count {r['participants_count']!r}")
    if "fiscal_year" in r and not re.fullmatch(r"\d{4}", str(r["fiscal_year"])):
        problems.append(f"fiscal_year {r['fiscal_year']!r}")
    for flag in ("secondary", "planned", "truncated"):
        if flag in r and r[flag] is not True:
            problems.append(f"{flag} must be true when present")
    return problems


def test_corpus_size_languages_and_file_types():
    docs = documents()
    assert len(docs) >= 40
    langs = {d.name.split("_")[0] for d in docs}
    assert langs == LANGUAGES
    for lang in LANGUAGES:
        assert sum(d.name.startswith(lang + "_") for d in docs) >= 7, lang
    types = Counter(d.suffix.lstrip(".") for d in docs)
    assert {"txt", "md", "html", "pdf", "docx", "xlsx"} <= set(types)
    assert types["csv"] + types["tsv"] >= 3
    assert types["pdf"] >= 4 and types["docx"] >= 3 and types["xlsx"] >= 3


def test_every_document_has_truth_and_a_manifest_entry_and_nothing_else():
    docs = documents()
    m = manifest()
    assert sorted(m) == [d.name for d in docs]
    assert sorted(p.stem for p in TRUTH.glob("*.json")) == sorted(d.stem for d in docs)
    assert len({d.stem for d in docs}) == len(docs), "two documents share a stem"
    assert not list(DOCS.glob("*.json")), "the scorer skips .json documents"


def test_document_names_sizes_and_formats():
    for doc in documents():
        assert NAME.match(doc.name), doc.name
        assert doc.suffix.lstrip(".") in FILETYPES, doc.name
        assert 0 < doc.stat().st_size <= 250_000, doc.name
        ext = doc.suffix.lstrip(".")
        if ext in MAGIC:
            assert doc.read_bytes().startswith(MAGIC[ext]), doc.name
        else:
            doc.read_text(encoding="utf-8")  # text formats are UTF-8


def test_manifest_entries():
    for name, entry in manifest().items():
        assert entry["language"] == name.split("_")[0], name
        assert entry["filetype"] == name.rsplit(".", 1)[1], name
        assert entry["document_kind"] in DOCUMENT_KINDS, name
        assert entry["source"].startswith(("http://", "https://", "written from real facts: ")), (
            name
        )
        assert isinstance(entry.get("notes", ""), str)
    kinds = {e["document_kind"] for e in manifest().values()}
    assert kinds == DOCUMENT_KINDS, DOCUMENT_KINDS - kinds


@pytest.mark.parametrize("doc", documents(), ids=lambda d: d.name)
def test_truth_records_are_well_formed(doc):
    records = truth_of(doc)
    assert isinstance(records, list) and records, "no truth records"
    problems = [f"record {i}: {p}" for i, r in enumerate(records) for p in record_problems(r)]
    assert not problems, "\n".join(problems)


def test_truth_totals_and_kinds():
    records = [r for d in documents() for r in truth_of(d)]
    required = [
        r for r in records if not (r.get("secondary") or r.get("planned") or r.get("truncated"))
    ]
    assert len(required) >= 250
    kinds = Counter(r["kind"] for r in required)
    assert {"agreement", "network", "event", "delegation"} <= set(kinds)


def test_record_problems_are_caught():
    """The checks above can fail: a bad record is reported."""
    bad = {
        "kind": "visit",
        "parties": [{"name": "", "country": "Japan", "role": "guest"}],
        "date": "H9.12.12",
        "agreement_type": "twinning",
        "participants_count": 0,
        "secondary": "yes",
        "colour": "red",
    }
    problems = record_problems(bad)
    for fragment in (
        "kind",
        "party without a name",
        "ISO alpha-2",
        "role",
        "ISO date",
        "agreement_type",
        "participants_count",
        "secondary",
        "unknown key",
    ):
        assert any(fragment in p for p in problems), fragment
    assert not record_problems(
        {"kind": "agreement", "parties": [{"name": "札幌市", "country": "JP"}], "date": "1959-11"}
    )
    assert not iso_date_ok("1997-02-30")
