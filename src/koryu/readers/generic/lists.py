"""Bulleted and numbered lists: each item a row written as a phrase ("ポートランド市（アメリカ
合衆国）1959年11月17日 姉妹都市", "Ниигата (Япония) — с 1991 г.", "Portland, USA (1959)").

Under a heading that names members (加盟都市, 회원도시, Members) the items are a network's
members; otherwise an item naming a place with a date or a kind of tie (or under a heading
naming one) is an agreement. Items that are sentences belong to the prose reader.
"""

from __future__ import annotations

import re

from koryu.readers.generic.blocks import Block
from koryu.readers.generic.build import Draft, agreement_title, finish, home_party, partner_party
from koryu.readers.generic.context import DocContext
from koryu.readers.generic.lexicon import MEMBER_WORDS, OBSERVER_WORDS, agreement_type, fold
from koryu.readers.generic.tables import network_name
from koryu.readers.generic.values import country_code, country_in, date_in, looks_like_place
from koryu.records import Record

_SEGMENT = re.compile(r"\s*(?:[:：\t]|\s{2,}|\u3000|\s[-–—]\s|[-–—]{1,2}(?=\s)|→)\s*")
_SENTENCE = re.compile(r"[。．!?！？]|\.\s|[다요]\.|\.$")


def is_prose_list(block: Block) -> bool:
    """Items that are sentences (most of them long and ending like sentences)."""
    items = [r.cells[0] for r in block.rows]
    long = sum(1 for t in items if len(t) > 50 and _SENTENCE.search(t))
    return long * 2 > len(items)


def _context(block: Block, ctx: DocContext) -> str:
    return " ".join([*(h for _, h in block.headings[-2:]), ctx.title])


def read_list(block: Block, ctx: DocContext) -> list[Record]:
    if is_prose_list(block):
        return []
    context = _context(block, ctx)
    heading_kind = agreement_type(" ".join(h for _, h in block.headings[-2:]), weak=False)
    dated = sum(1 for r in block.rows if date_in(r.cells[0]))
    if MEMBER_WORDS.search(context) and not heading_kind and dated * 2 < len(block.rows):
        return _members(block, ctx)
    out = []
    for row in block.rows:
        rec = _agreement(row.cells[0], row.line, block, ctx, heading_kind)
        if rec is not None:
            out.append(rec)
    return out


_HEAD_END = re.compile(
    r"[(（\[［]|(?<!\d)\d{4}(?!\d)|(?:明治|大正|昭和|平成|令和)|(?<![A-Za-z])[MTSHR]\.?\d|\d{1,2}\.\d{1,2}\.\d{2,4}"
    r"|\b(?:since|from|in)\b|\bс\s+\d|(?:姉妹|友好|자매|우호|побрат)"
)


def _head(item: str) -> str:
    """The name an item starts with: up to a separator, a bracket, a date or a tie word."""
    head = _SEGMENT.split(item, maxsplit=1)[0]
    m = _HEAD_END.search(head, 2)
    if m:
        head = head[: m.start()]
    return head.strip(" ,、，")


def _agreement(item: str, line: int, block: Block, ctx: DocContext, heading_kind) -> Record | None:
    head = _head(item)
    dv = date_in(item)
    kind = agreement_type(item, weak=False)
    if not looks_like_place(head) and not (dv and country_in(item)[0]):
        return None
    if not (dv or kind or heading_kind or agreement_type(ctx.title, weak=False)):
        return None
    home = home_party(ctx)
    country, words = country_in(item)
    if country is None:
        for _, heading in reversed(block.headings[-2:]):
            country = country_code(heading) or country_in(heading)[0]
            if country:
                words = heading
                break
    partner, how, ctext = partner_party(head, "partner", country=country, country_text=words,
                                        home_country=home.country if home else None)  # fmt: skip
    if partner is None or (home is not None and fold(partner.name) == fold(home.name)):
        return None
    d = Draft("agreement", line, line, confidence=0.65)
    d.note("partner", line, head, 0.7)
    d.parties = [p for p in (home, partner) if p is not None]
    if home is None:
        d.confidence -= 0.15
    if partner.country:
        d.note("country", line, ctext or words, 0.8)
    if dv is not None:
        d.set("date", dv.start, line, item, 0.8)
        d.fields["date_raw"] = dv.raw
        d.confidence += 0.1
    kind = kind or heading_kind or agreement_type(ctx.title, weak=False)
    if kind:
        d.set("agreement_type", kind, line, item, 0.75)
    d.title = agreement_title(d.parties, kind, ctx.language)
    return finish(d, ctx)


def _members(block: Block, ctx: DocContext) -> list[Record]:
    name, name_line = network_name(block, ctx, [])
    d = Draft("network", block.first_line, block.last_line, confidence=0.6)
    d.note("title", name_line, name, 0.6)
    seen = set()
    for row in block.rows:
        item = row.cells[0]
        head = _head(item)
        if not looks_like_place(head):
            continue
        country, _ = country_in(item)
        role = "observer" if OBSERVER_WORDS.search(item) else "member"
        party, _, _ = partner_party(head, role, country=country)
        if party is None or fold(party.name) in seen:
            continue
        seen.add(fold(party.name))
        dv = date_in(item)
        if dv is not None:
            party.date_start, party.date_start_raw = dv.start, dv.raw
        d.parties.append(party)
    if not d.parties:
        return []
    d.title = name
    return [finish(d, ctx)]
