"""The generic readers: any document no format-specific reader claims.

The text is cut into blocks (blocks.py): tables in any notation, "label: value" cards,
lists, headings and prose. Each block goes to its reader (tables.py, cards.py, lists.py,
prose.py); records that several blocks give (a summary list repeated as detail sections, a
table row retold in a sentence) are merged; each record gets a key from its content (kind,
parties, date), so that a re-ingest of an edited document matches its records again.

Interface as every reader: FORMAT, LANGUAGE, sniff(text), parse(text, name).
"""

from __future__ import annotations

import re
import unicodedata

from koryu.readers.base import NOTHING_FOUND
from koryu.readers.generic.blocks import Block, segment
from koryu.readers.generic.cards import is_card_table, label_role, read_card
from koryu.readers.generic.context import DocContext, build_context
from koryu.readers.generic.lists import is_prose_list, read_inline, read_list
from koryu.readers.generic.tables import read_table
from koryu.readers.generic.values import is_date_cell
from koryu.records import Finding, Record

FORMAT = "generic"
LANGUAGE = "und"  # the document's language is detected per document
SPECIFIC = False  # records are published only above the review threshold


def sniff(text: str) -> float:
    """The catch-all: any text qualifies, below every format-specific reader."""
    return 0.2 if text.strip() else 0.0


def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]:
    ctx = build_context(text, name)
    blocks = merge_cards(segment(ctx.lines))
    for before, block in zip(blocks, blocks[1:], strict=False):
        if block.kind == "table" and before.kind == "prose" and before.rows:
            block.lead = (before.rows[-1].text or " ".join(before.rows[-1].cells))[-200:]
    records: list[Record] = []
    prose: list[Block] = []
    for block in blocks:
        found = read_block(block, ctx)
        if found is None:
            prose.append(block)
        else:
            records.extend(found)
    records = merge_duplicates(records)
    records = merge_duplicates(records + _prose_stated_anew(records, _prose_records(prose, ctx)))
    assign_keys(records)
    if not records:
        # Not an error (the document was read): the ingest report says nothing was found
        # and why, and the exit code stays 0.
        return [], [
            Finding(
                NOTHING_FOUND,
                "no table, card, list or sentence in it states an affiliation, a meeting, "
                f"a visit or a network's members ({len(blocks)} blocks read as {ctx.language})",
            )
        ]
    return records, []


def _card_roles(block: Block) -> set[str] | None:
    if block.kind == "card" or (block.kind == "table" and is_card_table(block)):
        roles = {label_role(r.cells[0]) for r in block.rows if len(r.cells) >= 2 and r.cells[1]}
        return roles - {None, "skip"}
    return None


def merge_cards(blocks: list[Block]) -> list[Block]:
    """A card cut by its own sub-headings (自治体情報 / 提携相手先情報 / 提携情報) is one card:
    consecutive cards whose labels do not repeat are merged."""
    out: list[Block] = []
    roles_of_last: set[str] | None = None
    for block in blocks:
        roles = _card_roles(block)
        if roles is not None and roles_of_last is not None and not roles & roles_of_last:
            last = out[-1]
            out[-1] = Block("card", [*last.rows, *block.rows], "", last.headings)
            roles_of_last |= roles
            continue
        out.append(block)
        roles_of_last = set(roles) if roles is not None else None
    return out


def read_block(block: Block, ctx: DocContext) -> list[Record] | None:
    """Records of a structured block; None when the block is prose (for the prose reader)."""
    if block.kind == "table":
        if is_card_table(block):
            return read_card(block, ctx)
        found = read_table(block, ctx)
        # a chronology ("年月 | 内容": a date and what happened) states its facts in
        # sentences: the prose reader reads each row, dated by its first cells
        return found if found or not _is_chronology(block) else None
    if block.kind == "card":
        return read_card(block, ctx)
    if block.kind == "list":
        if is_prose_list(block):
            return read_inline(block, ctx)
        found = read_list(block, ctx)
        return found if found else read_inline(block, ctx)
    return read_inline(block, ctx)


def _is_chronology(block: Block) -> bool:
    """Rows that each pair a date with a sentence-long description."""
    rows = [r.cells for r in block.rows if sum(1 for c in r.cells if c) >= 2]
    if len(rows) < 2:
        return False
    dated = sum(
        1 for cells in rows if is_date_cell(cells[0]) or (len(cells) > 1 and is_date_cell(cells[1]))
    )
    wordy = sum(1 for cells in rows if max(len(c) for c in cells) >= 15)
    return dated * 2 >= len(rows) and wordy * 2 >= len(rows)


def _prose_records(blocks: list[Block], ctx: DocContext) -> list[Record]:
    if not blocks:
        return []
    from koryu.readers.generic.prose import extract_prose

    lines: list[tuple[int, str]] = []
    for block in blocks:
        if lines:
            lines.append((lines[-1][0] + 1, ""))  # blocks end sentences
        if block.kind == "table":
            lines.extend((row.line, "　".join(c for c in row.cells if c)) for row in block.rows)
        else:
            lines.extend((row.line, row.text) for row in block.rows)
    return extract_prose(lines, ctx)


# --- duplicates and keys ----------------------------------------------------------------

_SUFFIX = re.compile(
    r"(?:特別自治道|特別自治市|広域市|特別市|自治区|市|町|村|県|府|都|道|区|郡|州|省|县|城市"
    r"|광역시|특별시|시|군|구|도|city|prefecture|province|county|town|village|г\.|город)$"
)


def name_key(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).lower()
    s = re.sub(r"[\s\u3000()（）「」『』【】\[\]・,、.。\-‐–—]", "", s)
    stripped = _SUFFIX.sub("", s)
    return stripped if len(stripped) >= 2 else s


def _identity(r: Record) -> tuple:
    names = sorted({name_key(p.name) for p in r.parties})
    if r.kind == "network":
        return (r.kind, name_key(r.title))
    if r.kind == "agreement":
        return (r.kind, tuple(names))
    return (r.kind, tuple(names), (r.date or r.date_start or r.fiscal_year or "")[:7])


def _compatible(a: Record, b: Record) -> bool:
    da, db = a.date or a.date_start, b.date or b.date_start
    if a.kind == "agreement":
        if da and db and da[:4] != db[:4]:
            return False  # two ties with one partner (friendship, then sister)
        ta, tb = a.agreement_type, b.agreement_type
        return not (ta and tb and ta != tb and da and db and da != db)
    return True


def _better(a: Record, b: Record) -> Record:
    def score(r: Record) -> tuple:
        filled = sum(
            bool(x) for x in (r.date or r.date_start, r.agreement_type, r.participants_count)
        )
        return (r.confidence or 0) + 0.05 * filled, -r.line_start

    return a if score(a) >= score(b) else b


def _absorb(keep: Record, other: Record) -> None:
    """Fill what ``keep`` lacks from ``other`` (the same fact told elsewhere)."""
    for attr in (
        "date",
        "date_start",
        "date_end",
        "fiscal_year",
        "agreement_type",
        "participants_count",
        "place",
    ):
        if getattr(keep, attr) in (None, "") and getattr(other, attr) not in (None, ""):
            setattr(keep, attr, getattr(other, attr))
            if attr in other.evidence:
                keep.evidence[attr] = other.evidence[attr]
    if keep.date and not keep.date_raw:
        keep.date_raw = other.date_raw
    by_name = {name_key(p.name): p for p in keep.parties}
    for p in other.parties:
        mine = by_name.get(name_key(p.name))
        if mine is None:
            if keep.kind == "network":
                keep.parties.append(p)
        elif not mine.country and p.country:
            mine.country = p.country
    keep.confidence = min(0.98, max(keep.confidence or 0, other.confidence or 0) + 0.05)


def _prose_stated_anew(structured: list[Record], prose: list[Record]) -> list[Record]:
    """Prose records, less the agreements a table, card or list already states: a sentence
    retelling a listed tie adds what the list lacks, and one that seems to contradict it
    (another date, another kind) is more likely misread than a second tie."""
    listed: dict[tuple, Record] = {_identity(r): r for r in structured if r.kind == "agreement"}
    out = []
    for r in prose:
        match = listed.get(_identity(r)) if r.kind == "agreement" else None
        if match is None:
            out.append(r)
        elif _compatible(match, r):
            _absorb(match, r)
    return out


def merge_duplicates(records: list[Record]) -> list[Record]:
    out: list[Record] = []
    by_identity: dict[tuple, list[Record]] = {}
    for r in records:
        ident = _identity(r)
        match = next((m for m in by_identity.get(ident, []) if _compatible(m, r)), None)
        if match is None:
            by_identity.setdefault(ident, []).append(r)
            out.append(r)
            continue
        keep = _better(match, r)
        other = r if keep is match else match
        _absorb(keep, other)
        if keep is not match:
            i = out.index(match)
            out[i] = keep
            group = by_identity[ident]
            group[group.index(match)] = keep
    return out


def assign_keys(records: list[Record]) -> None:
    """Keys from content: kind, the parties' names and the date (never the line number)."""
    used: dict[str, int] = {}
    for r in records:
        names = "+".join(sorted(name_key(p.name) for p in r.parties))[:120]
        when = r.date or r.date_start or r.fiscal_year or ""
        if r.kind == "network":
            names = name_key(r.title)[:120]
        key = f"{r.kind}:{names}:{when}"
        n = used.get(key, 0)
        used[key] = n + 1
        r.key = key if n == 0 else f"{key}#{n + 1}"
