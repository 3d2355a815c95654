"""The reader package's front door: decode bytes, find the format, parse into a Document.

Each format lives in its own module with the same interface::

    FORMAT = "<name>"; LANGUAGE = "ja" | "ru" | ...
    def sniff(text: str) -> float          # 0..1 confidence
    def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]

Modules are imported lazily by name so that a format module that does not exist yet (or
is being written) does not stop the others from working. Line numbers everywhere count
``"\\n"`` only: readers split with ``text.split("\\n")``, not ``str.splitlines()``.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from types import ModuleType

from koryu.readers.base import (
    DecodeError,
    EmptyDocument,
    OversizedDocument,
    ReaderError,
    UnknownFormat,
)
from koryu.readers.encoding import decode
from koryu.records import Document

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "DecodeError",
    "EmptyDocument",
    "OversizedDocument",
    "ReaderError",
    "UnknownFormat",
    "decode",
    "detect_format",
    "formats",
    "read_bytes",
    "read_path",
]

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

# Order matters only on a tie between two sniffers: the earlier module wins.
READER_MODULES = (
    "case_cards",
    "multilateral",
    "seminar_series",
    "association",
    "network_page",
    "twin_cities",
    "generic",  # the catch-all (SPECIFIC = False): reads what no other reader claims
)

# A sniff score below this means "not mine".
MIN_CONFIDENCE = 0.5


def _modules() -> dict[str, ModuleType]:
    """FORMAT name -> module, for the reader modules that exist."""
    found: dict[str, ModuleType] = {}
    for module_name in READER_MODULES:
        qualified = f"{__name__}.{module_name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name != qualified:  # the module exists but one of its imports is missing
                raise
            continue
        found[module.FORMAT] = module
    return found


def formats() -> list[str]:
    """Names of the formats that can be read, in registry order."""
    return list(_modules())


def _module_for(format: str, document: str) -> ModuleType:
    modules = _modules()
    if format not in modules:
        known = ", ".join(modules) or "none"
        raise UnknownFormat(document, None, f"unknown format {format!r} (known: {known})")
    return modules[format]


def detect_format(text: str, name: str = "") -> str:
    """The format whose sniffer is most confident (at least 0.5), else ``UnknownFormat``."""
    modules = _modules()
    scores = [(module.sniff(text), fmt) for fmt, module in modules.items()]
    best_score, best = max(scores, key=lambda s: s[0], default=(0.0, ""))
    if best_score < MIN_CONFIDENCE:
        # a generic reader (SPECIFIC = False) catches any document it scores above zero
        generic = [(s, f) for s, f in scores if s > 0 and not getattr(modules[f], "SPECIFIC", True)]
        if generic:
            return max(generic, key=lambda s: s[0])[1]
        detail = ", ".join(f"{fmt} {score:.2f}" for score, fmt in scores) or "no readers"
        raise UnknownFormat(
            name or "<document>", None, f"no reader recognises this document ({detail})"
        )
    return best


def read_bytes(
    data: bytes, name: str, format: str | None = None, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Document:
    """Decode, detect (or use ``format``), and parse ``data`` into a ``Document``."""
    if len(data) > max_bytes:
        raise OversizedDocument(
            name,
            None,
            f"oversized upload: {len(data)} bytes, the limit is {max_bytes} bytes",
        )
    module = _module_for(format, name) if format is not None else None
    text, encoding = decode(data, name)
    if module is None:
        module = _module_for(detect_format(text, name), name)
    records, findings = module.parse(text, name)
    return Document(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=module.FORMAT,
        language=module.LANGUAGE,
        records=records,
        findings=findings,
        line_count=_line_count(text),
        encoding=encoding,
        text=text,
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
