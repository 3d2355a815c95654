"""Excel (.xlsx) -> text with openpyxl (read-only): every sheet, a line with the sheet's
name, then its rows as TAB lines. Dates become ISO strings, merged cells repeat their value
in each cell they cover, trailing empty rows and columns are dropped. Locations name the
first cell of the row ("Sheet1!A7"), the sheet line names the sheet ("Sheet1")."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from koryu.readers.base import CorruptDocument
from koryu.readers.filetypes.lines import TextBuilder


def extract(data: bytes, name: str) -> tuple[str, list[str]]:
    from openpyxl import load_workbook

    try:
        # not read_only: merged ranges are only known to a fully loaded worksheet
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise CorruptDocument(name, None, f"not a readable XLSX file ({exc})") from None
    except Exception as exc:  # damaged XML inside the archive
        raise CorruptDocument(name, None, f"not a readable XLSX file ({exc})") from None
    builder = TextBuilder()
    title = (workbook.properties.title or "").strip()
    if title:
        builder.line(title, "title")
    for sheet in workbook.worksheets:
        rows, locations = _sheet_rows(sheet)
        if not rows:
            continue
        builder.blank()
        builder.line(sheet.title, sheet.title)
        builder.table(rows, locations)
    workbook.close()
    return builder.text()


def _sheet_rows(sheet) -> tuple[list[list[str]], list[str]]:
    from openpyxl.utils import get_column_letter

    merged: dict[tuple[int, int], object] = {}
    for cell_range in sheet.merged_cells.ranges:
        value = sheet.cell(cell_range.min_row, cell_range.min_col).value
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for col in range(cell_range.min_col, cell_range.max_col + 1):
                merged[(row, col)] = value
    grid: list[tuple[int, list[str]]] = []
    width = 0
    for r, row in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = []
        for c, value in enumerate(row, 1):
            if value is None and (r, c) in merged:
                value = merged[(r, c)]
            cells.append(_text(value))
        while cells and not cells[-1]:
            cells.pop()
        width = max(width, len(cells))
        grid.append((r, cells))
    while grid and not grid[-1][1]:
        grid.pop()
    rows, locations = [], []
    for r, cells in grid:
        if not cells:
            continue
        first = next(i for i, value in enumerate(cells) if value)
        rows.append(cells)
        locations.append(f"{sheet.title}!{get_column_letter(first + 1)}{r}")
    return rows, locations


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
