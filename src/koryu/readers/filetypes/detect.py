"""Which file type some bytes are: by content first, the file name's extension as tie-breaker.

Returns one of ``pdf``, ``docx``, ``xlsx``, ``html``, ``csv``, ``tsv``, ``txt``, or raises
``UnknownFileType`` naming what the bytes are (an image, a ZIP archive, a legacy Office
file...). Text that merely contains a few tags (a .txt copied from a web page with ``<p>``
left in it) stays text: HTML needs a document's opening near the start.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from koryu.readers.base import CorruptDocument, UnknownFileType

# Magic numbers of binary types we name in the error but do not read.
_OTHER_BINARY = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy or password-protected Microsoft Office file (OLE2: .doc/.xls/.ppt)",
    ),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
)

_HTML_START = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|table[\s>])",
    re.IGNORECASE | re.DOTALL,
)
# An HTML document that opens with something else (a stray line, a comment of the CMS):
# its opening tag must still come within the first few hundred bytes.
_HTML_NEAR_START = re.compile(rb"<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_NEAR = 1024
_ANY_TAG = re.compile(rb"<(?:p|div|br|table|span|a|h[1-6]|ul|li)[\s>/]", re.IGNORECASE)

_TEXT_EXTENSIONS = {".txt": "txt", ".md": "txt", ".markdown": "txt", ".text": "txt"}
_HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}


def detect_filetype(data: bytes, name: str) -> str:
    head = data[: _NEAR * 4]
    extension = PurePath(name).suffix.lower()
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:_NEAR]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_type(data, name)
    if head.startswith(b"%!PS"):
        raise UnknownFileType(name, None, "unknown file type: a PostScript file")
    for magic, what in _OTHER_BINARY:
        if head.startswith(magic):
            raise UnknownFileType(name, None, f"unknown file type: {what}")
    text_head = _text_head(head)
    if _HTML_START.match(text_head) or _HTML_NEAR_START.search(text_head[:_NEAR]):
        return "html"
    if extension in _HTML_EXTENSIONS and _ANY_TAG.search(text_head):
        return "html"  # a fragment saved as .html: the extension breaks the tie
    if extension == ".csv":
        return "csv"
    if extension == ".tsv" or extension == ".tab":
        return "tsv"
    return _TEXT_EXTENSIONS.get(extension, "txt")


def _text_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (UTF-16 files' tags have NULs between letters)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16", errors="ignore").encode("utf-8")
        except Exception:  # pragma: no cover - ignore errors means decode cannot fail
            return head
    return head.removeprefix(b"\xef\xbb\xbf")


def _zip_type(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise CorruptDocument(
            name, None, f"not a readable ZIP/Office file (truncated or damaged: {exc})"
        ) from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "EncryptedPackage" in names:  # pragma: no cover - encrypted Office files are OLE2
        raise UnknownFileType(name, None, "encrypted Office document")
    if "content.xml" in names and "mimetype" in names:
        what = "an OpenDocument file (.odt/.ods)"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation (.pptx)"
    else:
        what = "a ZIP archive that is neither DOCX nor XLSX"
    raise UnknownFileType(name, None, f"unknown file type: {what}")
