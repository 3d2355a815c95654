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
    # the first reading that fits, in this order; a line no other fits is prose
    return (
        _tab_line(line)
        or _pipe_line(s)
        or _card_line(s)
        or _listed_line(s)
        or _heading_line(s)
        or _spaced_line(s)
        or (TEXT, [s])
    )


def _tab_line(line: str) -> tuple[str, list[str]] | None:
    """A TAB-separated table row, or a card's label alone before its TAB."""
    if "\t" not in line:
        return None
    # empty cells are kept: they are columns (a rowspan's continuation, a blank date)
    cells = [c.strip() for c in line.strip("\r\n").split("\t")]
    if sum(1 for c in cells if c) >= 2 or (len(cells) >= 2 and cells[-1] and not cells[0]):
        return TAB, cells
    if cells and cells[0] and is_label(cells[0]):
        return CARD, [cells[0], ""]  # a card's label left without a value
    return None


def _pipe_line(s: str) -> tuple[str, list[str]] | None:
    if s.count("|") >= 2 or (s.startswith("|") and s.endswith("|")):
        return PIPE, _pipe_cells(s)
    return None


def _card_line(s: str) -> tuple[str, list[str]] | None:
    """ "締結日：1959年", "【締結日】1959年", "締結日   1959年": a label and its value."""
    return _colon_card(s) or _bracket_card(s) or _gap_card(s)


def _colon_card(s: str) -> tuple[str, list[str]] | None:
    m = _CARD.match(s)
    if not m or m.group("value").startswith("//") or m.group("label").strip().isdigit():
        return None  # a URL's "http://", a numbered line "1: ..."
    label = m.group("label").strip()
    if is_label(label) or (len(label) <= 12 and not re.search(r"[。、,.\d]", label)):
        return CARD, [label, m.group("value").strip()]
    return None


def _bracket_card(s: str) -> tuple[str, list[str]] | None:
    m = _BRACKET_LABEL.match(s)
    if m and is_label(m.group("label")):
        return CARD, [m.group("label").strip(), m.group("value").strip()]
    return None


def _wide_parts(s: str) -> list[str]:
    return [p for p in _WIDE_GAP.split(s) if p]


def _gap_card(s: str) -> tuple[str, list[str]] | None:
    parts = _wide_parts(s)
    if len(parts) == 2 and is_label(parts[0]):
        return CARD, parts
    return None


def _listed_line(s: str) -> tuple[str, list[str]] | None:
    """A comma-separated row (when not a bulleted line), or a list item."""
    bullet = _BULLET.match(s) and not re.match(r"^\s*\d{1,3}[.)]\s*\d", s)
    if not bullet:
        return _csv_line(s)
    item = _BULLET.sub("", s, count=1).strip()
    return (ITEM, [item]) if item else None


def _csv_line(s: str) -> tuple[str, list[str]] | None:
    if s.count(",") >= 2 and not _SENTENCE_END.search(s):
        cells = next(csv.reader([s]), [])
        if len(cells) >= 3:
            return CSV, [c.strip() for c in cells]
    return None


def _heading_line(s: str) -> tuple[str, list[str]] | None:
    if _HEADING_MARK.match(s):
        return HEADING, [re.sub(r"^\s*#{1,6}\s+", "", s).strip("■□◆◇●▼▽【】 ").strip()]
    return None


def _spaced_line(s: str) -> tuple[str, list[str]] | None:
    parts = _wide_parts(s)
    if len(parts) >= 2 and not _SENTENCE_END.search(s):
        return SPACED, parts
    return None


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


Kinds = list[tuple[str, list[str]]]


def _settle(kinds: Kinds) -> Kinds:
    """Decide what context shows: a lone "spaced" line is text, a short text line standing
    alone is a heading, a lone card line inside prose is text."""
    out = list(kinds)
    # each pass reads the lines before it as already settled (in place, in line order)
    _settle_csv(out)
    _keep_group_rows(out)
    _lone_spaced_as_text(out)
    for i in range(len(out)):
        settled = _settled_line(out, i)
        if settled is not None:
            out[i] = settled
    return out


def _kind_at(out: Kinds, j: int) -> str:
    return out[j][0] if 0 <= j < len(out) else BLANK


def _settle_csv(out: Kinds) -> None:
    """Comma-separated rows: a table when three or more agree in width, else text."""
    i, n = 0, len(out)
    while i < n:
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


def _keep_group_rows(out: Kinds) -> None:
    """A short line between rows of one table (a PDF's group row, "Hokkaido") stays in it."""
    for i, (kind, cells) in enumerate(out):
        if kind not in (TEXT, HEADING) or _kind_at(out, i - 1) != TAB:
            continue
        if (
            _kind_at(out, i + 1) == TAB
            and len(cells[0]) <= 40
            and not _SENTENCE_END.search(cells[0])
        ):
            out[i] = (TAB, [cells[0]])


def _lone_spaced_as_text(out: Kinds) -> None:
    """A "spaced" line with no spaced or TAB row beside it is text."""
    for i, (kind, cells) in enumerate(out):
        if kind == SPACED:
            near = [_kind_at(out, i - 1), _kind_at(out, i + 1)]
            if SPACED not in near and TAB not in near:
                out[i] = (TEXT, [" ".join(cells)])


def _settled_line(out: Kinds, i: int) -> tuple[str, list[str]] | None:
    """What the lines beside it make of a text, heading or card line (None: as it is)."""
    kind, cells = out[i]
    if kind in (TEXT, HEADING) and _label_beside_cards(out, i):
        return CARD, [cells[0], ""]  # a card's label left without a value
    if kind == TEXT and _is_heading_text(cells[0]):
        return (HEADING, cells) if _stands_as_heading(out, i) else None
    if kind == CARD and not is_label(cells[0]):
        if CARD not in (_kind_at(out, i - 1), _kind_at(out, i + 1)):
            return TEXT, [f"{cells[0]}: {cells[1]}"]
    return None


def _label_beside_cards(out: Kinds, i: int) -> bool:
    label = out[i][1][0]
    if not (is_label(label) and len(label) <= 16):
        return False
    return _card_like(out, i - 1) or _card_like(out, i + 1)


def _card_like(out: Kinds, j: int) -> bool:
    """A card line, or a TAB row of a label and a value."""
    kind = _kind_at(out, j)
    return kind == CARD or (kind == TAB and sum(1 for c in out[j][1] if c) <= 2)


def _stands_as_heading(out: Kinds, i: int) -> bool:
    """A short text line set apart from prose, above or below rows, is their heading."""
    before, after = _kind_at(out, i - 1), _kind_at(out, i + 1)
    if before in (BLANK, HEADING, TAB, PIPE, ITEM, CARD, SPACED, RULE) and after != TEXT:
        return True
    return after in (TAB, PIPE, ITEM, SPACED, CARD) and before != TEXT
