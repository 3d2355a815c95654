"""Word (.docx) -> text with python-docx: paragraphs and tables in body order.

The title comes first: the document's core property, else its first heading. Locations:
"¶ 14" for the 14th body paragraph, "table 2, row 5" for table rows. Merged cells repeat
their value in each cell they cover (python-docx returns the merged cell for each)."""

from __future__ import annotations

import io
import zipfile

from koryu.readers.base import CorruptDocument
from koryu.readers.filetypes.lines import TextBuilder

_LIST_STYLES = ("list", "箇条書き", "リスト")


def extract(data: bytes, name: str) -> tuple[str, list[str]]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptDocument(name, None, f"not a readable DOCX file ({exc})") from None
    except Exception as exc:  # lxml's XMLSyntaxError and other damage inside the parts
        raise CorruptDocument(name, None, f"not a readable DOCX file ({exc})") from None
    builder = TextBuilder()
    title = (document.core_properties.title or "").strip()
    if title:
        builder.line(title, "title")
    # style names by id, read once: asking each paragraph for its style looks it up anew
    styles = {style.style_id: (style.name or "").lower() for style in document.styles}
    paragraphs = tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            paragraphs += 1
            text = item.text
            properties = item._p.pPr
            style_id = properties.style if properties is not None else None
            style = styles.get(style_id, "") if style_id else ""
            if _is_list(item, style):
                text = "- " + text.strip()
            if style.startswith(("heading", "title", "見出し")):
                builder.blank()
            builder.line(text, f"¶ {paragraphs}")
        elif isinstance(item, Table):
            tables += 1
            rows = _rows(item)
            builder.table(rows, [f"table {tables}, row {n}" for n in range(1, len(rows) + 1)])
    return builder.text()


def _is_list(paragraph, style: str) -> bool:
    if any(word in style for word in _LIST_STYLES):
        return True
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            inner = [_cell_text(cell)]
            cells.append(" ".join(part for part in inner if part))
        rows.append(cells)
    return rows


def _cell_text(cell) -> str:
    """A cell's paragraphs, and the rows of any table nested in it, on one line."""
    parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
    for nested in cell.tables:
        for row in _rows(nested):
            parts.append(" / ".join(c for c in row if c))
    return " ".join(parts)
