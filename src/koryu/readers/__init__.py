"""The reader package's front door: bytes of any supported file type -> a Document.

``read_bytes`` finds the file type (``filetypes``: PDF, DOCX, XLSX, HTML, CSV/TSV or plain
text, by content first), extracts the text readers parse, and hands it to the reader the
registry chooses (``registry``: the best format-specific reader, else the generic one).
Every reader has the same interface::

    FORMAT = "<name>"; LANGUAGE = "ja" | "ru" | ...; SPECIFIC = True | False
    def sniff(text: str) -> float          # 0..1 confidence
    def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]

Line numbers everywhere count ``"\\n"`` only: readers split with ``text.split("\\n")``,
not ``str.splitlines()``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from koryu.readers import language, registry
from koryu.readers.base import (
    CorruptDocument,
    DecodeError,
    EmptyDocument,
    EncryptedDocument,
    NoTextLayer,
    OversizedDocument,
    ReaderError,
    UnknownFileType,
    UnknownFormat,
)
from koryu.readers.encoding import decode
from koryu.readers.filetypes import FILETYPES, extract
from koryu.records import Document

__all__ = [
    "FILETYPES",
    "MAX_DOCUMENT_BYTES",
    "CorruptDocument",
    "DecodeError",
    "EmptyDocument",
    "EncryptedDocument",
    "NoTextLayer",
    "OversizedDocument",
    "ReaderError",
    "UnknownFileType",
    "UnknownFormat",
    "decode",
    "describe_formats",
    "detect_format",
    "formats",
    "read_bytes",
    "read_path",
]

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

MIN_CONFIDENCE = registry.MIN_CONFIDENCE


def formats() -> list[str]:
    """Names of the registered readers, in registry order."""
    return [reader.FORMAT for reader in registry.readers()]


def describe_formats() -> list[dict]:
    """Each reader: its name, whether it is format-specific, and what it reads."""
    return [
        {
            "name": reader.FORMAT,
            "specific": bool(reader.SPECIFIC),
            "language": reader.LANGUAGE,
            "description": registry.describe(reader),
        }
        for reader in registry.readers()
    ]


def detect_format(text: str, name: str = "") -> str:
    """The reader for ``text``: the most confident specific reader (at least 0.5), else
    the generic one; ``UnknownFormat`` when no reader takes it."""
    return registry.choose(text, name).reader.FORMAT


def read_bytes(
    data: bytes, name: str, format: str | None = None, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Document:
    """Extract the text of ``data``, choose (or use ``format``) a reader, parse it."""
    if len(data) > max_bytes:
        raise OversizedDocument(
            name,
            None,
            f"oversized upload: {len(data)} bytes, the limit is {max_bytes} bytes",
        )
    forced = registry.by_name(format, name) if format is not None else None
    extracted = extract(data, name)
    text, locations = extracted.text, extracted.locations
    if forced is not None:
        reader = forced
        if extracted.raw is not None and reader.SPECIFIC:
            text, locations = extracted.raw, []
    elif extracted.raw is not None:
        # a CSV/TSV: a specific reader of its own layout reads the file as it is
        try:
            reader = registry.choose(extracted.raw, name, specific_only=True).reader
            text, locations = extracted.raw, []
        except UnknownFormat:
            reader = registry.choose(text, name).reader
    else:
        reader = registry.choose(text, name).reader
    records, findings = reader.parse(text, name)
    return Document(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=reader.FORMAT,
        language=reader.LANGUAGE if reader.SPECIFIC else language.detect(text),
        records=records,
        findings=findings,
        line_count=_line_count(text),
        encoding=extracted.encoding,
        filetype=extracted.filetype,
        text=text,
        locations=locations,
        specific=bool(reader.SPECIFIC),
    )


def read_path(
    path: str | Path, format: str | None = None, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Document:
    """Read a file; the document's name is the file name (its identity across versions)."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:  # refuse before reading it into memory
        raise OversizedDocument(
            path.name,
            None,
            f"oversized upload: {size} bytes, the limit is {max_bytes} bytes",
        )
    return read_bytes(path.read_bytes(), path.name, format, max_bytes)


def _line_count(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)
