"""The extracted text being built, line by line, each line with where it stands in the file.

Conventions every file type follows (the generic readers rely on them; docs/formats.md):
a table is one line per row with cells separated by a TAB and a blank line before and
after it; list items start with "- "; headings and paragraphs are lines of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"[ \t\u00a0\u2002-\u200b\u3000]+")
_INNER_SPACE = re.compile(r"[ \t\u00a0\u2002-\u200b]+")


def clean(text: str) -> str:
    """One line of text: runs of blanks (TAB, NBSP, thin spaces) to one space, no newlines.

    A full-width space (U+3000) inside Japanese text is kept once: names like "札幌市　中央区"
    are written with it; at the ends it goes."""
    text = text.replace("\r", " ").replace("\n", " ").replace("\x0c", " ")
    text = _INNER_SPACE.sub(" ", text)
    return text.strip(" \u3000")


def cell(text: str) -> str:
    """A table cell: as ``clean``, and never a TAB (it would split the cell)."""
    return _SPACE.sub(" ", text.replace("\n", " ").replace("\r", " ")).strip()


@dataclass
class TextBuilder:
    lines: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)

    def line(self, text: str, location: str = "") -> None:
        text = clean(text)
        if text:
            self.lines.append(text)
            self.locations.append(location)

    def raw(self, text: str, location: str = "") -> None:
        """A line already cleaned (a TAB-separated row): kept as it is."""
        self.lines.append(text)
        self.locations.append(location)

    def blank(self) -> None:
        """A blank line, unless the text is empty or already ends with one."""
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.locations.append("")

    def table(self, rows: list[list[str]], locations: list[str]) -> None:
        """Rows of cells as TAB lines with a blank line around; empty rows and trailing
        empty cells dropped, the other cells kept in place (an empty cell stays empty)."""
        kept = []
        for cells, location in zip(rows, locations, strict=True):
            cells = [cell(c) for c in cells]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                kept.append(("\t".join(cells), location))
        if not kept:
            return
        self.blank()
        for text, location in kept:
            self.raw(text, location)
        self.blank()

    def text(self) -> tuple[str, list[str]]:
        """The text (ending with a newline) and one location per line."""
        lines, locations = list(self.lines), list(self.locations)
        while lines and lines[-1] == "":
            lines.pop()
            locations.pop()
        return "\n".join(lines) + "\n", locations
