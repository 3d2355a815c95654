"""What a document tells about itself, shared by the generic readers: its title, the URL it
states, its language, and the home party (the municipality whose page or list it is)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class HomeParty:
    name: str  # as written ("札幌市", "Sapporo")
    country: str | None = None  # ISO alpha-2
    line: int | None = None  # where the document names it
    how: str = ""  # "title" | "heading" | "url" | "column"


@dataclass
class DocContext:
    name: str  # the document's name (file name)
    lines: list[str] = field(default_factory=list)  # text.split("\n")
    language: str = "und"  # ja, ru, zh, ko, en (koryu.readers.language)
    title: str = ""
    url: str | None = None
    home: HomeParty | None = None
    year: int | None = None  # the year the document dates itself, for "30th anniversary"
