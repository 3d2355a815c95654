"""Documents with proposed records, built by hand (no generic reader needed), for the
review tests. Run as a script to ingest them into a database: ``python
tests/review_documents.py DB [VERSION]`` (the CLI tests do, in a subprocess)."""

from __future__ import annotations

import hashlib
import sys

from koryu import records as rec

NEWS = (
    "News of the week\n"
    "Sapporo signed a sister city agreement with Portland in 1959.\n"
    "A delegation of 12 from Vladivostok visited Niigata.\n"
)


def news_document(version: str = "v1", date: str = "1959") -> rec.Document:
    """Two records a generic reader might have found: an agreement (confidence 0.55, in
    review) and a delegation (0.95, published at the default threshold)."""
    text = NEWS if version == "v1" else NEWS + f"({version})\n"
    agreement = rec.Record(
        kind="agreement",
        key="s1",
        title="Sapporo – Portland",
        line_start=2,
        line_end=2,
        date=date,
        agreement_type="sister",
        confidence=0.55,
        language="en",
        parties=[
            rec.Party("Sapporo", "japanese_party", "JP"),
            rec.Party("Portland", "foreign_party", "US"),
        ],
        evidence={
            "date": {"confidence": 0.9, "line": 2, "text": date},
            "agreement_type": {"confidence": 0.7, "line": 2, "text": "sister city"},
            "parties": [
                {"confidence": 0.8, "line": 2, "text": "Sapporo"},
                {"confidence": 0.8, "line": 2, "text": "Portland"},
            ],
        },
    )
    delegation = rec.Record(
        kind="delegation",
        key="d1",
        title="Vladivostok delegation to Niigata",
        line_start=3,
        line_end=3,
        participants_count=12,
        confidence=0.95,
        language="en",
        parties=[
            rec.Party("Vladivostok", "sender", "RU"),
            rec.Party("Niigata", "visited", "JP"),
        ],
        evidence={"participants_count": {"confidence": 0.95, "line": 3, "text": "12"}},
    )
    return rec.Document(
        name="news.html",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="generic-prose",
        language="en",
        records=[agreement, delegation],
        line_count=text.count("\n"),
        filetype="html",
        text=text,
        locations=["", "p. 1, l. 2", "p. 1, l. 3"],
        specific=False,
    )


def main(db: str, version: str = "v1", date: str = "1959") -> None:
    from koryu import runtime

    runtime.configure(db)
    from koryu.catalog.importer import import_document

    report = import_document(news_document(version, date))
    print(report.status, report.published, report.proposed)


if __name__ == "__main__":
    main(*sys.argv[1:])
