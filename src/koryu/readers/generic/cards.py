"""A "label: value" card about one affiliation (締結日 / 相手都市 / 国 / 経緯; Дата
подписания; 체결일; 缔结日期; Date signed) -> one agreement.

The partner is the card's own label (相手都市: ...), else the heading above the card, else
the document's title when it names a place other than the home; a two-column table whose
first column is labels is a card too.
"""

from __future__ import annotations

from koryu.normalize.numbers import parse_count
from koryu.readers.generic.blocks import Block, is_label
from koryu.readers.generic.build import Draft, agreement_title, finish, home_party, partner_party
from koryu.readers.generic.columns import header_role
from koryu.readers.generic.context import DocContext, places_in
from koryu.readers.generic.lexicon import CARD_WORDS, agreement_type, fold
from koryu.readers.generic.values import (
    clean_name,
    country_code,
    country_in,
    date_in,
    is_date_cell,
)
from koryu.records import Record

_CARD_ROLES = {fold(w): role for role, words in CARD_WORDS.items() for w in words}


def label_role(label: str) -> str | None:
    f = fold(label)
    if f in _CARD_ROLES:
        return _CARD_ROLES[f]
    role, _ = header_role(label)
    return role


def is_card_table(block: Block) -> bool:
    """A two-column table of label/value pairs."""
    rows = [r for r in block.rows if any(c.strip() for c in r.cells)]
    if not rows or max(len([c for c in r.cells if c.strip()]) for r in rows) != 2:
        return False
    if any(len(r.cells) > 2 and any(c.strip() for c in r.cells[2:]) for r in rows):
        return False
    labelled = sum(1 for r in rows if is_label(r.cells[0]))
    return labelled >= max(1, (len(rows) + 1) // 2)


def read_card(block: Block, ctx: DocContext) -> list[Record]:
    fields = _card_fields(block)
    if "visited" in fields and not fields.keys() & {"partner", "type"}:
        return _visit_card(fields, block, ctx)
    if not fields.keys() & {"date", "partner", "type", "country"}:
        return []
    d = Draft("agreement", block.first_line, block.last_line, confidence=0.75)
    home = _card_home(fields, ctx)
    country, ctext = _card_country(fields)
    partner = _named_partner(d, fields, home, country, ctext)
    if partner is None:
        partner = _partner_from_context(block, ctx, home, country)
        if partner is None:
            return []
        d.confidence -= 0.1
    d.parties = [p for p in (home, partner) if p is not None]
    if partner.country:
        d.note(
            "country",
            fields.get("country", ("", block.first_line))[1],
            ctext or partner.country,
            0.8,
        )
    _set_card_date(d, fields)
    kind = _kind_from_fields(d, fields) or _kind_from_headings(d, block, ctx)
    if "note" in fields:
        d.fields["background"] = fields["note"][0]
    d.title = agreement_title(d.parties, kind, ctx.language)
    return [finish(d, ctx)]


def _card_fields(block: Block) -> dict[str, tuple[str, int]]:
    """The card's values by role (the first of each), with their lines."""
    fields: dict[str, tuple[str, int]] = {}
    for row in block.rows:
        if len(row.cells) < 2:
            continue
        role = label_role(row.cells[0])
        if role == "partner" and _tie_and_date(row.cells):
            # "友好都市提携: 1973年6月24日": the label names the tie, the value is its date
            fields.setdefault("type", (row.cells[0], row.line))
            role = "date"
        if role and role != "skip" and role not in fields and row.cells[1].strip():
            fields[role] = (row.cells[1].strip(), row.line)
    return fields


def _tie_and_date(cells: list[str]) -> bool:
    return is_date_cell(cells[1]) and bool(agreement_type(cells[0]))


def _card_home(fields: dict[str, tuple[str, int]], ctx: DocContext):
    """The card's own home line (自治体名: ...), else the document's home party."""
    home = None
    if "home" in fields:
        home, _, _ = partner_party(fields["home"][0], "partner")
    if home is None:
        home = home_party(ctx)
    return home


def _card_country(fields: dict[str, tuple[str, int]]) -> tuple[str | None, str]:
    """The partner's country the card states: (code, as written)."""
    if "country" not in fields:
        return None, ""
    text = fields["country"][0]
    return country_code(text) or country_in(text)[0], text


def _named_partner(d: Draft, fields: dict[str, tuple[str, int]], home, country, ctext: str):
    """The partner the card's own partner line names (noted on the draft), or None."""
    if "partner" not in fields:
        return None
    value, line = fields["partner"]
    partner, _, _ = partner_party(value, "partner", country=country, country_text=ctext,
                                  home_country=home.country if home else None)  # fmt: skip
    if partner is not None:
        d.note("partner", line, value, 0.85)
    return partner


def _set_card_date(d: Draft, fields: dict[str, tuple[str, int]]) -> None:
    if "date" not in fields:
        return
    value, line = fields["date"]
    dv = date_in(value)
    if dv is not None:
        d.set("date", dv.start, line, value, 0.9)
        d.fields["date_raw"] = value
        d.confidence += 0.1


def _kind_from_fields(d: Draft, fields: dict[str, tuple[str, int]]) -> str | None:
    """The kind of tie the card's type, note or partner line names (set on the draft)."""
    for role in ("type", "note", "partner"):
        if role in fields:
            kind = agreement_type(fields[role][0], weak=role == "type")
            if kind:
                d.set("agreement_type", kind, fields[role][1], fields[role][0], 0.85)
                return kind
    return None


def _kind_from_headings(d: Draft, block: Block, ctx: DocContext) -> str | None:
    """Else the kind the headings above the card, or the title, name (set on the draft)."""
    for line, text in [*reversed(block.headings), (ctx.title_line or 1, ctx.title)]:
        kind = agreement_type(text, weak=False)
        if kind:
            d.set("agreement_type", kind, line, text, 0.65)
            return kind
    return None


def _visit_card(fields: dict[str, tuple[str, int]], block: Block, ctx: DocContext) -> list[Record]:
    """A trip report's card (訪問日 / 訪問先 / 目的 / 随行; 방문기간 / 방문지; Date of visit /
    Destination): one visit by the home party, or by the card's own sender, to the place
    visited."""
    value, line = fields["visited"]
    hosts = _place_parties(value, "visited", ctx)
    if not hosts:
        return []
    host = hosts[0]
    sender = None
    if "sender" in fields:
        sender = _place_party(fields["sender"][0], "sender", ctx)
    if sender is None:
        sender = home_party(ctx, "sender")
    hosts = [h for h in hosts if sender is not None and fold(sender.name) != fold(h.name)]
    if not hosts:
        return []
    host = hosts[0]
    d = Draft("delegation", block.first_line, block.last_line, confidence=0.7)
    d.note("visited", line, value, 0.8)
    d.parties = [sender, *hosts]
    when = fields.get("period") or fields.get("date")
    if when is not None:
        dv = date_in(when[0], span=True)
        if dv is not None:
            if dv.end and dv.end != dv.start:
                d.set("date_start", dv.start, when[1], when[0], 0.85)
                d.fields["date_end"] = dv.end
            else:
                d.set("date", dv.start, when[1], when[0], 0.85)
            d.fields["date_raw"] = when[0]
            d.confidence += 0.1
    if "count" in fields:
        n = parse_count(fields["count"][0])
        if n is not None:
            d.set("participants_count", n, fields["count"][1], fields["count"][0], 0.8)
    if "purpose" in fields:
        d.set("purpose", fields["purpose"][0], fields["purpose"][1], fields["purpose"][0], 0.7)
    d.title = f"{sender.name} → {host.name}"
    return [finish(d, ctx)]


def _place_parties(value: str, role: str, ctx: DocContext) -> list:
    """ "台湾 台南市政府": the place the value names (台南市), with the country it gives;
    "北京市、葫芦島市など": each place it lists."""
    cc, _ = country_in(value)
    out = []
    for written, cand, _ in places_in(value, ctx.language):
        if cand.country and country_code(written):
            continue  # the country itself
        party, _, _ = partner_party(written, role, country=cc or cand.country)
        if party is not None and all(fold(p.name) != fold(party.name) for p in out):
            out.append(party)
    if not out:
        party, _, _ = partner_party(value, role, country=cc)
        out = [party] if party is not None else []
    return out


def _place_party(value: str, role: str, ctx: DocContext):
    found = _place_parties(value, role, ctx)
    return found[0] if found else None


def _partner_from_context(block: Block, ctx: DocContext, home, country):
    home_key = fold(home.name) if home else ""
    for text in _context_texts(block, ctx):
        party = _partner_with_country(text, home_key, country)
        if party is None:
            party = _partner_placed_in(text, ctx, home, home_key, country)
        if party is not None:
            return party
    return None


def _context_texts(block: Block, ctx: DocContext) -> list[str]:
    """The headings, then the short lines just above the card (a page's "天津(中国)" that
    no blank line set apart as a heading), then the title."""
    above = [
        line.strip()
        for line in reversed(ctx.lines[max(0, block.first_line - 12) : block.first_line - 1])
        if 0 < len(line.strip()) <= 30 and "\t" not in line
    ]
    return [h for _, h in reversed(block.headings)] + above + [ctx.title]


def _partner_with_country(text: str, home_key: str, country):
    """A heading "天津(中国)": a place and its country."""
    cc, _ = country_in(text)
    name = clean_name(text)
    if cc and name and len(name) <= 20 and fold(name) != home_key and not country_code(name):
        party, _, _ = partner_party(name, "partner", country=country or cc)
        return party
    return None


def _partner_placed_in(text: str, ctx: DocContext, home, home_key: str, country):
    """The first place the text names, other than the home (or at home), that is a party."""
    for written, cand, _ in places_in(text, ctx.language):
        if fold(written) == home_key or (home and cand.country == home.country and not country):
            continue
        party, _, _ = partner_party(written, "partner", country=country or cand.country)
        if party is not None:
            return party
    return None
