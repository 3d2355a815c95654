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
from koryu.readers.generic.context import DocContext, resolve_place
from koryu.readers.generic.lexicon import MEMBER_WORDS, OBSERVER_WORDS, agreement_type, fold
from koryu.readers.generic.tables import heading_country, network_name
from koryu.readers.generic.values import country_in, date_in, looks_like_place
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
    headings = " ".join(h for _, h in block.headings[-2:])
    heading_kind = agreement_type(headings, weak=False)
    if MEMBER_WORDS.search(headings or context) and not heading_kind:
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
    kind = agreement_type(item, weak=False) or heading_kind or agreement_type(ctx.title, weak=False)
    if not _names_a_tie(item, head, dv, kind):
        return None
    home = home_party(ctx)
    country, words = country_in(item)
    if country is None:
        country, words = heading_country(block)
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
    return _finish_tie(d, ctx, line, item, dv, dv.raw if dv is not None else "", kind, 0.75)


def _names_a_tie(item: str, head: str, dv, kind) -> bool:
    """A place (or a date and a country) with a date or a kind of tie."""
    if not looks_like_place(head) and not (dv and country_in(item)[0]):
        return False
    return bool(dv or kind)


def _finish_tie(d: Draft, ctx: DocContext, line: int, text: str, dv, date_raw: str, kind, kconf):
    """The date and kind of tie an item's text gives, the title they make, the record."""
    if dv is not None:
        d.set("date", dv.start, line, text, 0.8)
        d.fields["date_raw"] = date_raw
        d.confidence += 0.1
    if kind:
        d.set("agreement_type", kind, line, text, kconf)
    d.title = agreement_title(d.parties, kind, ctx.language)
    return finish(d, ctx)


_ENUM = re.compile(r"\s*(?:[、，,;；/]|\s(?:and|и|및|와|과)\s)\s*")
_LEAD = re.compile(r"^[^:：]{0,40}[:：]\s*")


def member_names(item: str) -> tuple[list[tuple[str, str | None, str]], str]:
    """Names an item enumerates ("2008年:韩国仁川广域市、大田广域市", "1993년 니이가타현,
    도야마현"): [(name, country, role)], and the date words that lead the item."""
    lead = ""
    m = _LEAD.match(item)
    if m and date_in(m.group(0)):
        lead, item = m.group(0), item[m.end() :]
    else:
        d = re.match(r"^\s*(?:\d{4}\s*(?:년|年|г\.?|года)?|(?:19|20)\d{2}\.\d{1,2}\.?)\s*", item)
        if d and d.group(0).strip():
            lead, item = d.group(0), item[d.end() :]
    out = []
    country = None
    for part in _ENUM.split(item):
        part = part.strip(" .。")
        if not part:
            continue
        role = "observer" if OBSERVER_WORDS.search(part) else "member"
        cc, words = country_in(part)
        if cc and words and fold(part).startswith(fold(words)) and fold(part) != fold(words):
            country = cc  # "韩国仁川广域市": the country applies to the names after it
            part = part[len(words) :].strip(" :：・")
        elif cc:
            country = cc
        name = _head(part) if not re.match(r"^[(（]", part) else ""
        if name and looks_like_place(name):
            out.append((name, cc or country, role))
    return out, lead


def _members(block: Block, ctx: DocContext) -> list[Record]:
    name, name_line = network_name(block, ctx, [])
    d = Draft("network", block.first_line, block.last_line, confidence=0.6)
    d.note("title", name_line, name, 0.6)
    seen = set()
    group_country, _ = heading_country(block)
    for row in block.rows:
        item = row.cells[0]
        names, lead = member_names(item)
        dv = date_in(lead) if lead else None
        for member, country, role in names:
            party, _, _ = partner_party(member, role, country=country or group_country)
            if party is None or fold(party.name) in seen:
                continue
            seen.add(fold(party.name))
            if dv is not None:
                party.date_start, party.date_start_raw = dv.start, lead.strip(" :：")
            d.parties.append(party)
    if not d.parties:
        return []
    d.title = name
    return [finish(d, ctx)]


# --- entries inline in running text ---------------------------------------------------

# "オルヴィエート市(イタリア共和国ウンブリア州・H9.12.12友好都市提携)", "馬鞍山市（中国・1989年）":
# a place, then in brackets its country and the date of the tie.
_INLINE = re.compile(
    r"(?P<name>[^\s、，,。()（）・:：「」]{2,24}?)\s*[(（](?P<inner>[^()（）]{2,80})[)）]"
)
_ERA_OR_YEAR = re.compile(r"(?:明治|大正|昭和|平成|令和|[MTSHR]\.?\d|(?<!\d)\d{4}(?!\d))")
_CJK_CHAR = re.compile(r"^[\u4e00-\u9fff\u30a0-\u30ff]{1,2}$")


def _vertical_home(buffer: str, line: str) -> str | None:
    """A municipality written one character a line ("前/橋/市", "高/崎" then "市 ...")."""
    lead = re.match(r"^\s*([市町村区])(?=\s|$)", line)
    for name in (buffer, buffer + (lead.group(1) if lead else ""), buffer + "市"):
        if len(name) >= 2 and re.search(r"[市町村区]$", name):
            cand = resolve_place(name, "JP")
            if cand is not None and cand.level in ("municipality", "ward"):
                return name
    return None


def read_inline(block: Block, ctx: DocContext) -> list[Record] | None:
    """Ties enumerated inside running text as "place (country · date kind)", under the home
    the text names before them (or the document's home). None when fewer than two."""
    entries = _inline_entries(block)
    if len(entries) < 2:
        return None
    out = [_inline_agreement(line, m, home_name, ctx) for line, m, home_name in entries]
    out = [rec for rec in out if rec is not None]
    return out if len(out) >= 2 else None


def _inline_entries(block: Block) -> list[tuple[int, re.Match[str], str | None]]:
    """(line, match, home name) for each "place (country · date)" entry of the rows."""
    entries: list[tuple[int, re.Match[str], str | None]] = []
    home_name: str | None = None
    buffer = ""
    carry = ""  # an entry cut by a line break: "...バーミングハム市(アメリカ合衆国アラ"
    for row in block.rows:
        line = row.text.strip()
        compact = re.sub(r"[\s\u3000]+", "", line)
        if _CJK_CHAR.match(compact):
            buffer += compact
            continue
        home_name = _named_home(buffer, line, compact) or home_name
        buffer = ""
        if carry:
            line = carry + re.sub(r"^[市町村区]\s+", "", line)
        line, carry = _split_open_entry(line)
        for m in _INLINE.finditer(line):
            inner = m.group("inner")
            if _ERA_OR_YEAR.search(inner) and (country_in(inner)[0] or agreement_type(inner)):
                entries.append((row.line, m, home_name))
    return entries


def _named_home(buffer: str, line: str, compact: str) -> str | None:
    """The municipality a line names as the home of the entries below: written one character
    a line (the buffer), or alone on its line ("前橋市")."""
    if buffer:
        return _vertical_home(buffer, line)
    if (
        re.fullmatch(r"[\u4e00-\u9fff]{2,5}[市町村]", compact)
        and resolve_place(compact, "JP") is not None
    ):
        return compact
    return None


def _split_open_entry(line: str) -> tuple[str, str]:
    """(the line up to an entry whose bracket the line break cut, that entry's start)."""
    opened = max(line.rfind("("), line.rfind("（"))
    if opened <= max(line.rfind(")"), line.rfind("）")):
        return line, ""
    cut = max(line.rfind("、", 0, opened), line.rfind("，", 0, opened), -1)
    return line[: cut + 1], line[cut + 1 :]


def _inline_agreement(line: int, m: re.Match[str], home_name, ctx: DocContext) -> Record | None:
    inner = m.group("inner")
    name = re.sub(r"^[^\u4e00-\u9fff\u30a0-\u30ffA-Za-zА-Яа-я가-힣]+", "", m.group("name"))
    if not looks_like_place(name):
        return None
    country, words = _inline_country(inner)
    if home_name is not None:
        home = partner_party(home_name, "partner", country="JP")[0]
    else:
        home = home_party(ctx)
    partner, _, _ = partner_party(name, "partner", country=country, country_text=words)
    if partner is None:
        return None
    d = Draft("agreement", line, line, confidence=0.6)
    d.parties = [p for p in (home, partner) if p is not None]
    d.note("partner", line, m.group(0), 0.7)
    kind = agreement_type(inner, weak=False)
    return _finish_tie(d, ctx, line, inner, date_in(inner), inner, kind, 0.8)


def _inline_country(inner: str) -> tuple[str | None, str]:
    """The country the first bracketed segment naming one gives ("イタリア共和国ウンブリア州")."""
    for part in re.split(r"[・/／:：]", inner):
        country, words = country_in(part)
        if country:
            return country, words
    return None, ""
