"""PDF -> text with pdfplumber: per page, lines in reading order, ruled tables as TAB rows.

Locations are "p. 3, l. 12": page 3, the 12th line of that page's extracted text. Tables
found by pdfplumber (ruled lines) are placed where they stand on the page, each row a TAB
line; the text around them leaves out what is inside the tables. A PDF whose pages carry no
characters at all is a scan (``NoTextLayer``); a password (``EncryptedDocument``); damage
or truncation (``CorruptDocument``).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata

from koryu.readers.base import CorruptDocument, EncryptedDocument, NoTextLayer
from koryu.readers.filetypes.lines import TextBuilder, clean

_PRODUCER_TITLE = re.compile(r"^(?:Microsoft (?:Word|Excel|PowerPoint) - |untitled)", re.I)
_FILE_TITLE = re.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|html?|jtd|txt)$", re.IGNORECASE)
# Some PDF producers (Chrome's among them) map common kanji to their look-alike Kangxi
# radicals (⽇ U+2F47 for 日): NFKC maps them back; the rest of the text is left as written.
_RADICALS = re.compile("[\u2e80-\u2fdf]")
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def extract(data: bytes, name: str) -> tuple[str, list[str]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    # pdfminer warns about every font quirk on stderr; the text is what matters here
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages  # parses the page tree: damage shows here
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise EncryptedDocument(name, None, "encrypted PDF (password-protected)") from None
        raise CorruptDocument(name, None, f"not a readable PDF ({_describe(cause)})") from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise CorruptDocument(name, None, f"not a readable PDF ({_describe(exc)})") from None
    try:
        builder = TextBuilder()
        title = _title(pdf.metadata)
        if title:
            builder.line(title, "title")
        chars = 0
        for number, page in enumerate(pages, 1):
            chars += _page(builder, page, number)
            page.close()
    except (NoTextLayer, EncryptedDocument):
        raise
    except Exception as exc:
        raise CorruptDocument(name, None, f"not a readable PDF ({_describe(exc)})") from None
    finally:
        pdf.close()
    if not pages:
        raise CorruptDocument(name, None, "not a readable PDF (no pages)")
    if chars == 0:
        raise NoTextLayer(name, None, "no text layer (a scanned PDF?)")
    return builder.text()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]


def _title(metadata: dict) -> str:
    title = metadata.get("Title") if metadata else None
    if isinstance(title, bytes):
        title = title.decode("utf-8", "ignore")
    title = clean(str(title or ""))
    if not title or _PRODUCER_TITLE.match(title) or _FILE_TITLE.search(title):
        return ""
    return title


def _page(builder: TextBuilder, page, number: int) -> int:
    """Add one page's lines; return how many characters it has."""
    if not page.chars:
        return 0
    tables = page.find_tables(_TABLE_SETTINGS)
    boxes = [table.bbox for table in tables]
    items: list[tuple[float, str, object]] = []
    for table in tables:
        rows = [[cell or "" for cell in row] for row in table.extract()]
        items.append((table.bbox[1], "table", rows))
    text_page = page
    if boxes:
        text_page = page.filter(lambda obj: not _inside(obj, boxes))
    for line in text_page.extract_text_lines(layout=False, strip=True, return_chars=False):
        items.append((line["top"], "line", line["text"]))
    items.sort(key=lambda item: item[0])
    builder.blank()
    line_number = 0
    for _top, kind, value in items:
        if kind == "line":
            line_number += 1
            builder.line(radicals_to_kanji(value), f"p. {number}, l. {line_number}")
        else:
            rows = [[_fill(c) for c in row] for row in value]
            locations = []
            for _ in rows:
                line_number += 1
                locations.append(f"p. {number}, l. {line_number}")
            builder.table(rows, locations)
    return len(page.chars)


def _fill(text: str) -> str:
    return radicals_to_kanji(" ".join(text.split()))


def radicals_to_kanji(text: str) -> str:
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _inside(obj, boxes) -> bool:
    if obj.get("object_type") != "char":
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)
