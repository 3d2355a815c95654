"""The generic readers: any document no format-specific reader claims.

Work in progress (issue 11): tables, "label: value" cards and lists (tables.py, cards.py),
prose (prose.py). Interface as every reader: FORMAT, LANGUAGE, sniff(text), parse(text, name).
"""

from __future__ import annotations

from koryu.records import Finding, Record

FORMAT = "generic"
LANGUAGE = "und"  # the document's language is detected per document
SPECIFIC = False  # records are published only above the review threshold


def sniff(text: str) -> float:
    """The catch-all: any text qualifies, below every format-specific reader."""
    return 0.1 if text.strip() else 0.0


def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]:
    return [], []
