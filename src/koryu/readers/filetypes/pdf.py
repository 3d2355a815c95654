"""PDF -> text with pypdfium2 (PDFium): per page, lines in reading order, ruled tables as
TAB rows.

Locations are "p. 3, l. 12": page 3, the 12th line of that page's extracted text. Ruled
tables are found from the page's drawn lines and rectangles (the cell borders): the
distinct x and y positions of the rules make the grid, a missing rule between two slots
makes them one merged cell, whose text is repeated into every slot it covers. A table is
placed where its first character comes in the page's text order; the text around it
leaves out what is inside it. PDFium was chosen over pdfplumber/pdfminer by measurement:
on the same chromium-printed pages it reads about 20 times as many pages per second
(benchmarks/reader_speed.py). A PDF whose pages carry no characters at all is a scan
(``NoTextLayer``); a password (``EncryptedDocument``); damage or truncation
(``CorruptDocument``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from koryu.readers.base import CorruptDocument, EncryptedDocument, NoTextLayer
from koryu.readers.filetypes.lines import TextBuilder, clean

_PRODUCER_TITLE = re.compile(r"^(?:Microsoft (?:Word|Excel|PowerPoint) - |untitled)", re.I)
_FILE_TITLE = re.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|html?|jtd|txt)$", re.IGNORECASE)
# Some PDF producers (Chrome's among them) map common kanji to their look-alike Kangxi
# radicals (⽇ U+2F47 for 日): NFKC maps those back; the rest of the text is left as written.
_RADICALS = re.compile("[\u2e80-\u2fdf]")
# Radicals-supplement forms NFKC leaves alone, seen in Japanese PDFs for these kanji.
_SUPPLEMENT = {
    "⻑": "長", "⻄": "西", "⻤": "鬼", "⻘": "青", "⻝": "食", "⻣": "骨", "⻩": "黄",
    "⻯": "竜", "⻫": "斉", "⺠": "民", "⻁": "虎", "⻆": "角", "⺯": "糸", "⻭": "歯",
    "⻨": "麦", "⻲": "亀",
}  # fmt: skip
_RULE = 2.5  # a drawn rule is at most this thick (points)
_NEAR = 2.0  # positions this close are one grid line
_MIN_RULE = 5.0
_GAP = 4.0  # a grid row or column narrower than this with no text is the space between borders  # shorter marks are not rules (bullets, underlines of a letter)
# A truncated file lacks its final end-of-file marker; PDFium would quietly repair it and
# read what is left, so the check comes first.
_EOF_WINDOW = 4096


def extract(data: bytes, name: str) -> tuple[str, list[str]]:
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise CorruptDocument(name, None, "not a readable PDF (truncated: no end-of-file marker)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedDocument(name, None, "encrypted PDF (password-protected)") from None
        raise CorruptDocument(name, None, f"not a readable PDF ({exc})") from None
    try:
        if len(pdf) == 0:
            raise CorruptDocument(name, None, "not a readable PDF (no pages)")
        builder = TextBuilder()
        title = _title(pdf.get_metadata_dict())
        if title:
            builder.line(title, "title")
        chars = 0
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                chars += _page(builder, page, index + 1)
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(name, None, f"not a readable PDF ({exc})") from None
    finally:
        pdf.close()
    if chars == 0:
        raise NoTextLayer(name, None, "no text layer (a scanned PDF?)")
    return builder.text()


def radicals_to_kanji(text: str) -> str:
    return _RADICALS.sub(
        lambda m: _SUPPLEMENT.get(m.group()) or unicodedata.normalize("NFKC", m.group()), text
    )


def _title(metadata: dict) -> str:
    title = clean(str(metadata.get("Title") or ""))
    if not title or _PRODUCER_TITLE.match(title) or _FILE_TITLE.search(title):
        return ""
    return radicals_to_kanji(title)


@dataclass
class _Table:
    left: float
    bottom: float
    right: float
    top: float
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom (PDF y grows upwards)
    horizontal: list[tuple[float, float, float]]  # (y, x0, x1)
    vertical: list[tuple[float, float, float]]  # (x, y0, y1)
    slots: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # chars per slot

    def slot(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.left - _NEAR <= x <= self.right + _NEAR):
            return None
        if not (self.bottom - _NEAR <= y <= self.top + _NEAR):
            return None
        col = next((c for c in range(len(self.xs) - 1) if x <= self.xs[c + 1]), None)
        row = next((r for r in range(len(self.ys) - 1) if y >= self.ys[r + 1]), None)
        if col is None or row is None:
            return None
        return row, col


def _page_text(page) -> tuple[str, list]:
    """The page's characters and their boxes ("" when it has none)."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return "", []
        text = textpage.get_text_range(0, count)
        boxes = [textpage.get_charbox(i) for i in range(len(text))]
    finally:
        textpage.close()
    return text, boxes


def _table_owners(text: str, boxes: list, tables: list[_Table]) -> list[int]:
    """The table each character is drawn in (-1: none); the tables' slots collect their
    characters."""
    owner = [-1] * len(text)
    for i, (ch, (left, bottom, right, top)) in enumerate(zip(text, boxes, strict=True)):
        if ch in "\r\n" or (left == right and bottom == top):
            continue
        x, y = (left + right) / 2, (bottom + top) / 2
        for k, table in enumerate(tables):
            slot = table.slot(x, y)
            if slot is not None:
                owner[i] = k
                table.slots.setdefault(slot, []).append(i)
                break
    return owner


def _visual_line(text: str, boxes: list, indexes: list[int], location: str) -> _Line | None:
    """The line of the characters at ``indexes``, with its extent and font size; None when
    it is blank."""
    line = clean(radicals_to_kanji("".join(text[i] for i in indexes)))
    if not line:
        return None
    drawn = [boxes[i] for i in indexes if boxes[i][0] != boxes[i][2]]
    left = min((b[0] for b in drawn), default=0.0)
    right = max((b[2] for b in drawn), default=0.0)
    heights = sorted(b[3] - b[1] for b in drawn) or [0.0]
    height = heights[len(heights) // 2]
    return _Line(line, location, left, right, height)


class _PageItems:
    """The page's items in reading order: its lines, and each table (rows and their
    locations) where its first character comes."""

    def __init__(self, text: str, boxes: list, number: int) -> None:
        self.text, self.boxes, self.number = text, boxes, number
        self.items: list[_Line | tuple[list[list[str]], list[str]]] = []
        self.line_number = 0
        self.buffer: list[int] = []

    def flush(self) -> None:
        location = f"p. {self.number}, l. {self.line_number + 1}"
        line = _visual_line(self.text, self.boxes, self.buffer, location)
        if line is not None:
            self.line_number += 1
            self.items.append(line)
        self.buffer.clear()

    def table(self, rows: list[list[str]]) -> None:
        self.flush()
        start = self.line_number
        locations = [f"p. {self.number}, l. {start + n}" for n in range(1, len(rows) + 1)]
        self.line_number += len(rows)
        self.items.append((rows, locations))


def _page_items(text: str, boxes: list, owner: list[int], tables: list[_Table], number: int):
    page = _PageItems(text, boxes, number)
    emitted: set[int] = set()
    for i, ch in enumerate(text):
        k = owner[i]
        if k >= 0:
            if k not in emitted:
                emitted.add(k)
                page.table(_rows(tables[k], text))
            continue
        if ch == "\n":
            page.flush()
        elif ch != "\r":
            page.buffer.append(i)
    page.flush()
    return page.items


def _page(builder: TextBuilder, page, number: int) -> int:
    """Add one page's lines; return how many characters it has."""
    text, boxes = _page_text(page)
    if not text.strip():
        return 0
    tables = _tables(page)
    owner = _table_owners(text, boxes, tables)
    builder.blank()
    for item in _reflow(_page_items(text, boxes, owner, tables, number)):
        if isinstance(item, _Line):
            builder.line(item.text, item.location)
        else:
            builder.table(*item)
    return sum(1 for ch in text if not ch.isspace())


@dataclass
class _Line:
    text: str
    location: str
    left: float
    right: float
    height: float  # the median character height: the font size, near enough


# A wrapped line ends at the text's right margin without closing its sentence; the next
# line continues it unless it starts an item of its own (一、 ・ ※ 1. (2) - ...).
_CLOSING = set("。．.!?！？:：」』）)]】")
_ITEM_START = re.compile(
    r"^(?:[・•●○◎■□◆◇▶►※＊*\-–—]|[0-9０-９]+[.)．、）]|[(（][0-9０-９a-zA-Z一二三四五六七八九十]+[)）]|"
    r"[一二三四五六七八九十]+[、.．]|第[0-9０-９一二三四五六七八九十]+)"
)


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _reflow(items: list) -> list:
    """Join the visual lines of a paragraph into one line (the convention every file type
    follows: a paragraph is a line), so that a word cut by the page's margin
    ("姉" / "妹都市提携") is whole again. The joined line keeps the first line's location."""
    lines = [item for item in items if isinstance(item, _Line)]
    if len(lines) < 2:
        return items
    left_edge = min(line.left for line in lines)
    out: list = []
    for item in items:
        previous = out[-1] if out else None
        if (
            isinstance(item, _Line)
            and isinstance(previous, _Line)
            and _continues(previous, item, lines, left_edge)
        ):
            glue = "" if _cjk(previous.text[-1]) or previous.text.endswith("-") else " "
            out[-1] = _Line(previous.text + glue + item.text, previous.location,
                            previous.left, item.right, previous.height)  # fmt: skip
        else:
            out.append(item)
    return out


def _continues(previous: _Line, line: _Line, lines: list[_Line], left_edge: float) -> bool:
    last, first = previous.text[-1], line.text[0]
    if last in _CLOSING or _ITEM_START.match(line.text):
        return False
    size = max(previous.height, 1.0)
    if abs(line.height - previous.height) > 0.2 * size:
        return False  # a heading and its text differ in size
    if line.left > left_edge + 3 * size or previous.left > left_edge + 3 * size:
        return False  # indented or right-aligned (a dateline, a signature): a block of its own
    # the right margin of text in this size: a wrapped line reaches it
    margin = max(
        other.right for other in lines if abs(other.height - previous.height) <= 0.2 * size
    )
    if previous.right < margin - 2.5 * size:
        return False  # ends short of the margin: the paragraph or heading ended there
    if _cjk(last) and _cjk(first):
        return True
    # Latin and Cyrillic prose: a line ending in a word or a comma, the next in a word
    return (last.isalpha() or last in ",-") and first.isalpha()


def _cell_roots(table: _Table) -> dict[tuple[int, int], tuple[int, int]]:
    """Each slot -> the slot standing for its cell: slots with no rule between them are
    one merged cell."""
    n_rows, n_cols = len(table.ys) - 1, len(table.xs) - 1
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def find(slot):
        while parent[slot] != slot:
            parent[slot] = parent[parent[slot]]
            slot = parent[slot]
        return slot

    def union(a, b):
        parent[find(a)] = find(b)

    for r in range(n_rows):
        y_mid = (table.ys[r] + table.ys[r + 1]) / 2
        for c in range(n_cols):
            x_mid = (table.xs[c] + table.xs[c + 1]) / 2
            if c + 1 < n_cols and not _ruled_v(table, table.xs[c + 1], y_mid):
                union((r, c), (r, c + 1))
            if r + 1 < n_rows and not _ruled_h(table, table.ys[r + 1], x_mid):
                union((r, c), (r + 1, c))
    return {slot: find(slot) for slot in list(parent)}


def _rows(table: _Table, text: str) -> list[list[str]]:
    """The table's rows, merged cells' text repeated into every slot they cover."""
    n_rows, n_cols = len(table.ys) - 1, len(table.xs) - 1
    root = _cell_roots(table)
    groups: dict[tuple[int, int], list[int]] = {}
    for slot, chars in table.slots.items():
        groups.setdefault(root[slot], []).extend(chars)
    texts = {cell: _cell_text(sorted(chars), text) for cell, chars in groups.items()}
    # the gaps between double borders (cells drawn apart, HTML's cellspacing) are thin
    # slots without characters of their own: they are no rows or columns
    rows = [
        r for r in range(n_rows)
        if table.ys[r] - table.ys[r + 1] >= _GAP
        or any(table.slots.get((r, c)) for c in range(n_cols))
    ]  # fmt: skip
    cols = [
        c for c in range(n_cols)
        if table.xs[c + 1] - table.xs[c] >= _GAP
        or any(table.slots.get((r, c)) for r in range(n_rows))
    ]  # fmt: skip
    grid = [[texts.get(root[(r, c)], "") for c in cols] for r in rows]
    return [row for row in grid if any(row)]


def _cell_text(indexes: list[int], text: str) -> str:
    out: list[str] = []
    previous = None
    for i in indexes:
        ch = text[i]
        if previous is not None and i - previous > 1 and out:
            # a wrapped line inside the cell: a space between words, none between kanji
            if ord(out[-1][-1]) < 0x2E80 and ord(ch) < 0x2E80:
                out.append(" ")
        out.append(ch)
        previous = i
    return radicals_to_kanji(clean("".join(out)))


def _ruled_v(table: _Table, x: float, y: float) -> bool:
    return any(
        abs(vx - x) <= _NEAR and y0 - _NEAR <= y <= y1 + _NEAR for vx, y0, y1 in table.vertical
    )


def _ruled_h(table: _Table, y: float, x: float) -> bool:
    return any(
        abs(hy - y) <= _NEAR and x0 - _NEAR <= x <= x1 + _NEAR for hy, x0, x1 in table.horizontal
    )


def _segments(page) -> tuple[list, list]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) rules drawn on the page."""
    import ctypes

    import pypdfium2.raw as raw

    horizontal, vertical = [], []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if height <= _RULE and width >= _MIN_RULE:
            horizontal.append(((bottom + top) / 2, left, right))
        elif width <= _RULE and height >= _MIN_RULE:
            vertical.append(((left + right) / 2, bottom, top))
        elif width >= _MIN_RULE and height >= _MIN_RULE:
            fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
            raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
            if stroke.value:  # a stroked rectangle: its four sides are rules
                horizontal += [(top, left, right), (bottom, left, right)]
                vertical += [(left, bottom, top), (right, bottom, top)]
    return horizontal, vertical


def _touching_groups(boxes: list[tuple[float, float, float, float]]) -> list[list[int]]:
    """Indexes of the rules that touch each other (directly or through others), grouped."""
    parent = list(range(len(boxes)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    for a_pos, a in enumerate(order):
        for b in order[a_pos + 1 :]:
            if boxes[b][0] > boxes[a][2] + _NEAR:
                break
            if _touch(boxes[a], boxes[b]):
                parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in range(len(boxes)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _table_of(h: list, v: list) -> _Table | None:
    """The table a group of touching rules draws; None for a framed paragraph."""
    xs = _positions([s[0] for s in v])
    ys = sorted(_positions([s[0] for s in h]), reverse=True)
    if len(xs) < 2 or len(ys) < 2 or (len(xs) - 1) * (len(ys) - 1) < 2:
        return None
    return _Table(xs[0], ys[-1], xs[-1], ys[0], xs, ys, h, v)


def _tables(page) -> list[_Table]:
    horizontal, vertical = _segments(page)
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    # group the rules that touch each other: each group is one table
    rules = [("h", s) for s in horizontal] + [("v", s) for s in vertical]
    tables = []
    for members in _touching_groups([_box(kind, s) for kind, s in rules]):
        h = [rules[i][1] for i in members if rules[i][0] == "h"]
        v = [rules[i][1] for i in members if rules[i][0] == "v"]
        table = _table_of(h, v)
        if table is not None:
            tables.append(table)
    return tables


def _box(kind: str, segment: tuple[float, float, float]) -> tuple[float, float, float, float]:
    if kind == "h":
        y, x0, x1 = segment
        return (x0, y, x1, y)
    x, y0, y1 = segment
    return (x, y0, x, y1)


def _touch(a, b) -> bool:
    return (
        a[0] <= b[2] + _NEAR
        and b[0] <= a[2] + _NEAR
        and a[1] <= b[3] + _NEAR
        and b[1] <= a[3] + _NEAR
    )


def _positions(values: list[float]) -> list[float]:
    """Distinct positions, values within _NEAR of each other merged."""
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= _NEAR:
            continue
        out.append(value)
    return out
