"""CSV/TSV -> TAB lines with the csv module (quoted fields with commas and newlines kept
whole); each line's location is the row it came from ("row 12")."""

from __future__ import annotations

import csv
import io

from koryu.readers.base import CorruptDocument
from koryu.readers.filetypes.lines import TextBuilder

csv.field_size_limit(10 * 1024 * 1024)


def to_lines(raw: str, name: str, filetype: str) -> tuple[str, list[str]]:
    delimiter = "\t" if filetype == "tsv" else _delimiter(raw)
    builder = TextBuilder()
    rows, locations = [], []
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            locations.append(f"row {reader.line_num}")
    except csv.Error as exc:
        raise CorruptDocument(
            name, reader.line_num, f"not a readable {filetype.upper()}: {exc}"
        ) from None
    builder.table(rows, locations)
    return builder.text()


def _delimiter(raw: str) -> str:
    """Comma unless the head says semicolon or TAB (European and Excel exports)."""
    try:
        return csv.Sniffer().sniff(raw[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        return ","
