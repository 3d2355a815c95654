"""The typed intermediate record: what a reader produces and the importer stores.

Readers turn a document's text into a ``Document`` holding ``Record`` objects. Nothing
here imports Django: records are plain data, compared by value, so a test can build one
by hand and a writer can render one back into a document format.

Dates are ISO partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) kept beside the
original wording (``date_raw = "平成8（1996）年6月24日"``). Fiscal years are strings:
``"2010"``, ``"2007-2009"`` or open-ended ``"1996-"``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

# The five kinds of record, one vocabulary everywhere (models, API, CLI, docs).
KINDS = ("agreement", "network", "event", "delegation", "program")

AGREEMENT_TYPES = (
    "sister",  # 姉妹都市 / 姉妹提携
    "friendship",  # 友好都市 / 友好提携 / 友好交流
    "memorandum",  # 覚書 (memorandum of understanding)
    "sector",  # 分野別協定: water, environment, disaster prevention...
    "staff_exchange",  # 職員相互派遣
    "protocol",  # 議定書
    "other",
)

STATUSES = ("active", "suspended", "ended")

# Where a record stands in review: format-specific readers and confident extractions are
# published; the rest are proposed and wait in the review queue; rejected ones stay as a
# decision (so a re-ingest does not propose them again) but are shown nowhere.
REVIEW_STATES = ("published", "proposed", "rejected")

# Roles a party plays in a record.
ROLES = (
    "japanese_party",  # 日本の自治体 on a case card
    "foreign_party",  # 海外の自治体 on a case card
    "implementer",  # 情報提供自治体 / 団体名 of a program; body running a program
    "partner",  # 交流の相手方
    "member",  # member of a network
    "secretariat",  # 事務局 / 幹事都市
    "chair",  # 議長 / председатель
    "founder",  # body that set a network up
    "observer",
    "organizer",  # 主催
    "co_organizer",  # 共催
    "supporter",  # 後援
    "host",  # 開催地 / 開催都市 of an event
    "sender",  # sends a delegation
    "visited",  # is visited by a delegation
)

SECTORS = (
    "water",  # 上下水道, 水道, 下水道
    "environment",
    "disaster_prevention",
    "economy",
    "tourism",
    "culture",
    "education",
    "youth",
    "sports",
    "health",
    "administration",  # 行政交流, staff exchange, urban policy
    "ict",
    "transport",
    "port",
    "agriculture_fisheries",
    "other",
)


@dataclass
class Party:
    """An organization as a record mentions it."""

    name: str  # exactly as written in the source (after whitespace clean-up)
    role: str  # one of ROLES
    country: str | None = None  # ISO 3166-1 alpha-2 when the document says so
    count: int | None = None  # head count (delegations, participants per side)
    accompanying: int | None = None  # accompanying adults (delegations)
    note: str = ""  # e.g. "事務局:札幌市", "(8 танцоров, 1 переводчика...)"
    date_start: str | None = None  # joined (memberships)
    date_start_raw: str = ""
    date_end: str | None = None  # left
    date_end_raw: str = ""
    # Where the document itself places the party (the twin-city CSV's coordinates): used to
    # choose between namesakes and to put a place the gazetteer lacks on the map.
    lat: float | None = None
    lon: float | None = None


@dataclass
class Contact:
    department: str = ""
    phones: list[str] = field(default_factory=list)
    faxes: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    organization: str = ""  # whose contact, when the document says (e.g. "福岡県")


@dataclass
class Finding:
    """A data-quality observation made while reading (not an error)."""

    code: str  # e.g. "index-title-differs", "index-party-differs", "relisted"
    message: str
    line: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Record:
    kind: str  # one of KINDS
    key: str  # stable identity within its document (re-ingest matches on it)
    title: str
    line_start: int  # 1-based, inclusive: where in the document the record came from
    line_end: int
    parties: list[Party] = field(default_factory=list)
    # dates: a single date, or a range; each with its original wording
    date: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_raw: str = ""
    fiscal_year: str | None = None  # "2010", "2007-2009", "1996-"
    fiscal_year_raw: str = ""
    agreement_type: str | None = None  # one of AGREEMENT_TYPES (agreements only)
    sectors: list[str] = field(default_factory=list)  # from SECTORS
    status: str | None = None  # one of STATUSES
    theme: str = ""
    subthemes: list[str] = field(default_factory=list)
    place: str = ""  # where (host city of an event, visited places of a delegation)
    participants_count: int | None = None
    participants_breakdown: dict[str, int] = field(default_factory=dict)  # {"日方": 73}
    accompanying_count: int | None = None
    purpose: str = ""
    description: str = ""  # general text (network/program description)
    background: str = ""  # 経緯 (3)
    activities: str = ""  # 取組内容 (4)
    outcomes: str = ""  # 成果・課題 (5)
    contacts: list[Contact] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    relisted: bool = False  # 【再掲】: listed again from another chapter
    series: str | None = None  # event series name ("日中地域間交流推進セミナー")
    edition: int | None = None  # 第16回 -> 16
    programme: list[dict[str, Any]] = field(default_factory=list)  # [{"date", "items"}]
    builds_on: dict[str, Any] | None = None  # {"agreement_type", "date", "date_raw", "text"}
    related_keys: list[str] = field(default_factory=list)  # keys in the same document
    findings: list[Finding] = field(default_factory=list)
    language: str = "ja"
    extra: dict[str, Any] = field(default_factory=dict)
    # How sure the reader is (0..1); None from format-specific readers, which are exact.
    confidence: float | None = None
    # Per field: {"date": {"confidence": 0.9, "line": 12, "text": "1959年4月"}}: the exact
    # span each extracted value came from, for the review page and for corrections.
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Document:
    """What a reader returns for one source document."""

    name: str  # file name; a document's identity across versions
    sha256: str
    format: str  # reader name, e.g. "case-cards"
    language: str  # main language: ja, ru, zh, ko, en
    records: list[Record] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    line_count: int = 0
    encoding: str = "utf-8"
    # The file type the text was extracted from: txt, html, pdf, docx, xlsx, csv...
    filetype: str = "txt"
    # The text the reader saw (extracted from PDF/HTML/XLSX...): line numbers refer to it.
    text: str = ""
    # Per line (index = line number - 1), where it stands in the original file when that
    # is not simply the line: "p. 3, l. 12" (PDF), "Sheet1!B7" (XLSX). Empty for text.
    locations: list[str] = field(default_factory=list)
    # True when a format-specific reader (built for exactly this layout) read the document:
    # its records are published as they are; a generic reader's wait for review below the
    # confidence threshold (settings.REVIEW_THRESHOLD).
    specific: bool = True
