"""File types: bytes of a .txt, .html, .pdf, .docx, .xlsx, .csv or .tsv file -> the text the
readers parse, with where each line stands in the original file.

One module per type (``html``, ``pdf``, ``docx``, ``xlsx``, ``delimited``) and ``detect`` to
tell which type some bytes are (content first, extension as tie-breaker). The conventions
of the extracted text are in ``lines`` and docs/formats.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from koryu.readers.encoding import decode
from koryu.readers.filetypes.detect import detect_filetype

FILETYPES = {
    "txt": "plain text and Markdown (.txt, .md): read as it is",
    "html": "HTML pages (.html, .htm): main content only, tables as TAB rows",
    "pdf": "PDF with a text layer: text per page in reading order, tables as TAB rows",
    "docx": "Word documents (.docx): paragraphs and tables in body order",
    "xlsx": "Excel workbooks (.xlsx): every sheet, rows as TAB lines",
    "csv": "comma- or semicolon-separated values (.csv): rows as TAB lines",
    "tsv": "tab-separated values (.tsv)",
}


@dataclass
class Extracted:
    filetype: str
    text: str  # what the readers parse; line numbers refer to it
    encoding: str = ""
    locations: list[str] = field(default_factory=list)
    # CSV/TSV: the decoded file as it is, for format-specific readers that read it raw
    raw: str | None = None


def extract(data: bytes, name: str) -> Extracted:
    """Detect the file type of ``data`` and extract its text (``ReaderError`` subclasses
    for what cannot be read)."""
    filetype = detect_filetype(data, name)
    if filetype == "html":
        from koryu.readers.filetypes import html

        text, locations, encoding = html.extract(data, name)
        return Extracted("html", text, encoding, locations)
    if filetype == "pdf":
        from koryu.readers.filetypes import pdf

        text, locations = pdf.extract(data, name)
        return Extracted("pdf", text, "", locations)
    if filetype == "docx":
        from koryu.readers.filetypes import docx

        text, locations = docx.extract(data, name)
        return Extracted("docx", text, "", locations)
    if filetype == "xlsx":
        from koryu.readers.filetypes import xlsx

        text, locations = xlsx.extract(data, name)
        return Extracted("xlsx", text, "", locations)
    text, encoding = decode(data, name)
    if filetype in ("csv", "tsv"):
        from koryu.readers.filetypes import delimited

        converted, locations = delimited.to_lines(text, name, filetype)
        return Extracted(filetype, converted, encoding, locations, raw=text)
    return Extracted("txt", text, encoding)


__all__ = ["FILETYPES", "Extracted", "detect_filetype", "extract"]
