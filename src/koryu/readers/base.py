"""Errors every reader raises: which document, which line (when known) and why.

A reader that cannot understand a document says so instead of guessing; the CLI and the
upload view turn these into messages, so ``str(error)`` is already the message.
"""

from __future__ import annotations


class ReaderError(Exception):
    """A document could not be read. ``str()`` is ``"NAME:LINE: reason"``."""

    def __init__(self, document: str, line: int | None, reason: str) -> None:
        self.document = document
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.document if self.line is None else f"{self.document}:{self.line}"
        return f"{where}: {self.reason}"

    def __reduce__(self):  # keep pickling (multiprocessing, caches) working with 3 args
        return (type(self), (self.document, self.line, self.reason))


class UnknownFormat(ReaderError):
    """No reader recognises the document, or a format name given by the caller is unknown."""


class DecodeError(ReaderError):
    """The bytes are binary or in an encoding we cannot identify."""


class EmptyDocument(ReaderError):
    """Nothing but whitespace."""


class OversizedDocument(ReaderError):
    """Larger than ``MAX_DOCUMENT_BYTES``: refused before decoding."""


# The finding a reader gives when it read a document and found no record in it (not an
# error: the ingest report says "nothing found" and why).
NOTHING_FOUND = "nothing-found"


class UnknownFileType(ReaderError):
    """Binary data of a type Koryu does not read (an image, a ZIP that is not DOCX/XLSX...)."""


class NoTextLayer(ReaderError):
    """A PDF whose pages carry no text (a scan): there is nothing to read without OCR."""


class EncryptedDocument(ReaderError):
    """A password-protected PDF or Office file."""


class CorruptDocument(ReaderError):
    """A PDF, DOCX or XLSX file that is truncated or damaged."""
