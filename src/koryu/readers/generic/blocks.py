"""Cut a document's text into blocks: tables (tabs, pipes, aligned spaces), "label: value"
cards, bulleted or numbered lists, headings and prose paragraphs.

The reading layer writes HTML, PDF and spreadsheet tables as one TAB-separated line per row
with blank lines around, and list items as "- " lines; plain text documents come as people
wrote them (``| a | b |`` with ``---|---`` rules, columns aligned with spaces, "締結日：
1959年" cards, ・ or ① bullets). Each block remembers the headings above it, which often
say what its rows are (a country, a kind of tie, a network's name).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field

from koryu.readers.generic.columns import header_role
from koryu.readers.generic.lexicon import CARD_WORDS, HEADER_WORDS, fold

# Line kinds
BLANK, TAB, PIPE, RULE, SPACED, CARD, ITEM, HEADING, TEXT, CSV = (
    "blank", "tab", "pipe", "rule", "spaced", "card", "item", "heading", "text", "csv",
)  # fmt: skip

_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$|^\s*[-=+─━]{4,}\s*$")
_BULLET = re.compile(
    r"^\s*(?:[-*+・•●○◆◇■□▪►▶※◎〇]|\d{1,3}[.)．）、](?!\d)|[(（]\d{1,3}[)）]|[①-⑳㉑-㉟]|[a-z][.)](?=\s))\s*"
)
_CARD = re.compile(
    r"^\s*(?:[・•\-*■●◆○]\s*)?[【\[]?(?P<label>[^:：\t|【】\[\]]{1,24}?)[】\]]?\s*[:：]\s*(?P<value>.*\S)\s*$"
)
_BRACKET_LABEL = re.compile(r"^\s*[【\[](?P<label>[^】\]]{1,16})[】\]]\s*(?P<value>.+\S)\s*$")
_WIDE_GAP = re.compile(r"\s{2,}|\u3000+|\t")
_HEADING_MARK = re.compile(
    r"^\s*(?:#{1,6}\s+|[■□◆◇●▼▽【]|第[0-9一二三四五六七八九十]+[章節部]|Глава|Раздел)"
)
_SENTENCE_END = re.compile(r"[。．.!?！？]\s*$|[다요]\.?\s*$")

_LABELS: frozenset[str] = frozenset(
    fold(w) for words in (*HEADER_WORDS.values(), *CARD_WORDS.values()) for w in words
)


@functools.lru_cache(maxsize=8192)
def is_label(text: str) -> bool:
    """Is this a label a card or header uses (締結日, Дата подписания, Date signed)?"""
    f = fold(text)
    if not f or len(f) > 24:
        return False
    if f in _LABELS or header_role(text)[0] is not None:
        return True
    # a known label with a few characters more ("提携日の根拠", "州省県")
    return any(
        f.startswith(w)
        and len(f) <= len(w) + 4
        and (len(w) >= 3 or not w.isascii())
        and len(w) >= 2
        for w in _LABELS
    )


@dataclass
class Row:
    line: int
    cells: list[str]
    text: str = ""  # the whole line


@dataclass
class Block:
    kind: str  # "table" | "card" | "list" | "prose"
    rows: list[Row] = field(default_factory=list)
    notation: str = ""  # tables: tab | pipe | spaced
    headings: list[tuple[int, str]] = field(default_factory=list)  # nearest last
    lead: str = ""  # tables: the line that introduces them ("the members were as follows:")

    @property
    def first_line(self) -> int:
        return self.rows[0].line if self.rows else 0

    @property
    def last_line(self) -> int:
        return self.rows[-1].line if self.rows else 0

    @property
    def heading(self) -> str:
        return self.headings[-1][1] if self.headings else ""


def _pipe_cells(s: str) -> list[str]:
    s = s.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def classify(line: str) -> tuple[str, list[str]]:
    """Kind of one line and its cells (table rows), label and value (cards) or item text."""
    s = line.strip()
    if not s:
        return BLANK, []
    if _RULE.match(s):
        return RULE, []
    if "\t" in line:
        # empty cells are kept: they are columns (a rowspan's continuation, a blank date)
        cells = [c.strip() for c in line.strip("\r\n").split("\t")]
        if sum(1 for c in cells if c) >= 2 or (len(cells) >= 2 and cells[-1] and not cells[0]):
            return TAB, cells
        if cells and cells[0] and is_label(cells[0]):
            return CARD, [cells[0], ""]  # a card's label left without a value
    if s.count("|") >= 2 or (s.startswith("|") and s.endswith("|")):
        return PIPE, _pipe_cells(s)
    m = _CARD.match(s)
    if m and not m.group("value").startswith("//") and not m.group("label").strip().isdigit():
        label = m.group("label").strip()
        if is_label(label) or (len(label) <= 12 and not re.search(r"[。、,.\d]", label)):
            return CARD, [label, m.group("value").strip()]
    m = _BRACKET_LABEL.match(s)
    if m and is_label(m.group("label")):
        return CARD, [m.group("label").strip(), m.group("value").strip()]
    parts = [p for p in _WIDE_GAP.split(s) if p]
    if len(parts) == 2 and is_label(parts[0]):
        return CARD, parts
    bullet = _BULLET.match(s) and not re.match(r"^\s*\d{1,3}[.)]\s*\d", s)
    if not bullet and s.count(",") >= 2 and not _SENTENCE_END.search(s):
        cells = next(csv.reader([s]), [])
        if len(cells) >= 3:
            return CSV, [c.strip() for c in cells]
    if bullet:
        item = _BULLET.sub("", s, count=1).strip()
        if item:
            return ITEM, [item]
    if _HEADING_MARK.match(s):
        return HEADING, [re.sub(r"^\s*#{1,6}\s+", "", s).strip("■□◆◇●▼▽【】 ").strip()]
    if len(parts) >= 2 and not _SENTENCE_END.search(s):
        return SPACED, parts
    return TEXT, [s]


def _is_heading_text(s: str) -> bool:
    return len(s) <= 40 and not _SENTENCE_END.search(s) and not re.search(r"[、,]\s*\S+[、,]", s)


def segment(lines: list[str], start: int = 1) -> list[Block]:
    """Blocks of ``lines`` (numbered from ``start``), each with the headings above it."""
    kinds = [classify(line) for line in lines]
    kinds = _settle(kinds)
    blocks: list[Block] = []
    headings: list[tuple[int, str]] = []
    current: Block | None = None
    pending_blank = False

    def close() -> None:
        nonlocal current
        if current is not None and current.rows:
            blocks.append(current)
        current = None

    for i, (kind, cells) in enumerate(kinds):
        number = start + i
        text = lines[i]
        if kind == BLANK:
            pending_blank = True
            if current is not None and current.kind == "prose":
                close()
            continue
        if kind == RULE:
            continue
        if kind == HEADING:
            close()
            headings = [*headings[-3:], (number, cells[0])]
            pending_blank = False
            continue
        block_kind, notation = {
            TAB: ("table", "tab"),
            PIPE: ("table", "pipe"),
            SPACED: ("table", "spaced"),
            CARD: ("card", ""),
            ITEM: ("list", ""),
            TEXT: ("prose", ""),
        }[kind]
        same = current is not None and current.kind == block_kind and current.notation == notation
        if same and block_kind == "table" and pending_blank:
            # a blank line between two tables: the same table only if rows are alike
            same = abs(len(current.rows[-1].cells) - len(cells)) <= 1
        if not same:
            close()
            current = Block(block_kind, notation=notation, headings=list(headings))
        current.rows.append(Row(number, cells, text))
        pending_blank = False
    close()
    return blocks


def _settle(kinds: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """Decide what context shows: a lone "spaced" line is text, a short text line standing
    alone is a heading, a lone card line inside prose is text."""
    out = list(kinds)
    n = len(out)

    def kind_at(j: int) -> str:
        return out[j][0] if 0 <= j < n else BLANK

    i = 0
    while i < n:  # comma-separated rows: a table when three or more agree in width
        if out[i][0] != CSV:
            i += 1
            continue
        j = i
        while j < n and out[j][0] == CSV:
            j += 1
        widths = [len(out[k][1]) for k in range(i, j)]
        table = j - i >= 3 and max(widths) - min(widths) <= 1
        for k in range(i, j):
            out[k] = (TAB, out[k][1]) if table else (TEXT, [", ".join(out[k][1])])
        i = j
    for i, (kind, cells) in enumerate(out):
        # a short line between rows of one table (a PDF's group row, "Hokkaido") stays in it
        if kind in (TEXT, HEADING) and kind_at(i - 1) == TAB and kind_at(i + 1) == TAB:
            if len(cells[0]) <= 40 and not _SENTENCE_END.search(cells[0]):
                out[i] = (TAB, [cells[0]])
    for i, (kind, cells) in enumerate(out):
        if kind == SPACED:
            near = [kind_at(i - 1), kind_at(i + 1)]
            if SPACED not in near and TAB not in near:
                out[i] = (TEXT, [" ".join(cells)])
    for i, (kind, cells) in enumerate(out):
        if kind in (TEXT, HEADING) and is_label(cells[0]) and len(cells[0]) <= 16:

            def card_like(j: int) -> bool:
                return kind_at(j) == CARD or (
                    kind_at(j) == TAB and sum(1 for c in out[j][1] if c) <= 2
                )

            if card_like(i - 1) or card_like(i + 1):
                out[i] = (CARD, [cells[0], ""])  # a card's label left without a value
                continue
        if kind == TEXT and _is_heading_text(cells[0]):
            before, after = kind_at(i - 1), kind_at(i + 1)
            if before in (BLANK, HEADING, TAB, PIPE, ITEM, CARD, SPACED, RULE) and after != TEXT:
                out[i] = (HEADING, cells)
            elif after in (TAB, PIPE, ITEM, SPACED, CARD) and before != TEXT:
                out[i] = (HEADING, cells)
        elif kind == CARD and not is_label(cells[0]):
            near = [kind_at(i - 1), kind_at(i + 1)]
            if CARD not in near:
                out[i] = (TEXT, [f"{cells[0]}: {cells[1]}"])
    return out
