"""Rows of a table to records, as the table says:

- a list of affiliations: one ``agreement`` per row (the home party from a column, else the
  document's home; the partner with its country; date; kind of tie);
- a meeting history: one ``event`` per row (host city, date or period, fiscal year, count);
- a member list: ONE ``network`` record, a party per member (observers marked, join dates);
- a delegation table: one ``delegation`` per row (sender, visited, dates, head count).

Rowspans lost in extraction leave a row short or its first cells empty: the previous row's
values are carried down. Header repeats and total rows are skipped; a row with one filled
cell is a group heading ("中国", "姉妹都市") for the rows below it.
"""

from __future__ import annotations

import re

from koryu.normalize.dates import parse_fiscal_year
from koryu.normalize.numbers import parse_count, parse_int
from koryu.readers.generic.blocks import Block, Row
from koryu.readers.generic.build import Draft, agreement_title, finish, home_party, partner_party
from koryu.readers.generic.columns import Layout, infer_layout
from koryu.readers.generic.context import LANGUAGE_COUNTRY, DocContext
from koryu.readers.generic.lexicon import (
    MEETING_WORDS,
    MEMBER_WORDS,
    OBSERVER_WORDS,
    TOTAL_WORDS,
    VISIT_WORDS,
    agreement_type,
    fold,
)
from koryu.readers.generic.values import (
    clean_name,
    country_code,
    country_in,
    date_in,
    is_date_cell,
    looks_like_place,
)
from koryu.records import Party, Record

# Columns whose value a lost rowspan leaves empty in the rows below.
_CARRIED = ("home", "country", "region", "type", "host", "fiscal", "sender")


def read_table(block: Block, ctx: DocContext) -> list[Record]:
    rows = [r for r in block.rows if any(c.strip() for c in r.cells)]
    if len(rows) < 1:
        return []
    layout = infer_layout([r.cells for r in rows])
    start = layout.header + 1 if layout.header is not None else 0
    captions = [" ".join(c for c in r.cells if c) for r in rows[: start - 1]] if start else []
    body = rows[start:]
    _drop_body_names(layout, body)
    if block.lead:
        captions = [block.lead, *captions]
    kind = table_kind(layout, block, ctx, captions)
    if kind is None or not body:
        return []
    body = list(_aligned(body, layout))
    if kind == "network":
        return _network(body, layout, block, ctx, captions)
    reader = {"agreement": _agreement, "event": _event, "delegation": _delegation}[kind]
    out = []
    for row, cells, group in body:
        rec = reader(row, cells, group, layout, block, ctx)
        if rec is not None:
            out.append(rec)
    return out


def _drop_body_names(layout: Layout, body: list[Row]) -> None:
    """ "Bandung | Municipal Government of Bandung": a column naming the body that governs the
    place beside it is the same party, not the other side of a tie; it is set aside."""
    home, partner = layout.find("home"), layout.find("partner")
    if home is None or partner is None:
        return
    both = [
        (fold(r.cells[home]), fold(r.cells[partner]))
        for r in body
        if len(r.cells) > max(home, partner) and r.cells[home].strip() and r.cells[partner].strip()
    ]
    same = sum(1 for a, b in both if min(len(a), len(b)) >= 3 and (a in b or b in a))
    if len(both) >= 3 and same * 10 >= len(both) * 6:
        longer = sum(len(a) > len(b) for a, b in both) * 2 >= len(both)
        layout.roles[home if longer else partner] = None
        if not longer:
            layout.roles[home] = "partner"


def table_kind(layout: Layout, block: Block, ctx: DocContext, captions: list[str]) -> str | None:
    roles = set(layout.roles)
    context = " ".join([*captions, *(h for _, h in block.headings[-2:]), ctx.title])
    kind = _kind_from_roles(roles)
    if kind is not None:
        return kind
    if not _has_partner_column(layout, roles):
        # "国名 | 自治体名" under "会員自治体": members, one side only
        return "network" if "home" in roles and MEMBER_WORDS.search(context) else None
    if "event" in roles and "partner" not in roles:
        layout.roles[layout.roles.index("event")] = "partner"  # 名称 over partner names
    if roles & {"date", "type"} or not MEMBER_WORDS.search(context):
        return _paired_kind(roles, context)
    return "network"


def _kind_from_roles(roles: set) -> str | None:
    """The kinds a column alone gives away: members, hosts, senders."""
    if "member" in roles or "joined" in roles or "status" in roles and "date" not in roles:
        return "network"
    if "host" in roles or ("event" in roles and roles & {"period", "date", "edition", "fiscal"}):
        return "event"
    if roles & {"sender", "visited"} or ("purpose" in roles and "partner" not in roles):
        return "delegation"
    return None


def _has_partner_column(layout: Layout, roles: set) -> bool:
    """A partner (or named event) column; "Signing City/State" read as a region, with no
    other city column, is relabelled the partner."""
    if roles & {"partner", "event"}:
        return True
    if "region" in roles and roles & {"date", "type"}:
        layout.roles[layout.roles.index("region")] = "partner"
        return True
    return False


def _paired_kind(roles: set, context: str) -> str:
    """Rows pairing two sides: visits or meetings when the context says so, else ties."""
    if "period" in roles and "date" not in roles and VISIT_WORDS.search(context):
        return "delegation"
    if MEETING_WORDS.search(context) and "period" in roles:
        return "event"
    return "agreement"


def _aligned(body: list[Row], layout: Layout):
    """(row, cells, group) with cells aligned to the columns: short rows get the previous
    row's leading cells (a lost rowspan), empty carried cells the value above; a row with
    one filled cell (in a table of several columns) sets the group for the rows below."""
    width = len(layout.roles)
    header_key = [fold(h) for h in layout.headers]
    previous: list[str] | None = None
    group = ""
    for row in body:
        cells = [c.strip() for c in row.cells]
        if _is_group_row(cells, width):
            group = next(c for c in cells if c)
            previous = _group_home(previous, group, layout)
            continue
        if _is_header_or_total(cells, header_key):
            continue
        cells = _carried_down(_shifted(cells, previous, layout), previous, layout)
        previous = cells
        yield row, cells, group


def _is_group_row(cells: list[str], width: int) -> bool:
    """One filled cell (the first, or any but the last) in a table of three columns or more."""
    filled = [c for c in cells if c]
    return (
        width >= 3
        and len(filled) == 1
        and (len(cells) == 1 or not cells[-1])
        and len(cells) <= width
    )


def _group_home(previous: list[str] | None, group: str, layout: Layout) -> list[str] | None:
    """ "Hokkaido" above its rows: the home of the rows that leave it empty."""
    home = layout.find("home")
    if home is None or not looks_like_place(group):
        return previous
    previous = (previous or [""] * len(layout.roles))[:]
    previous[home] = group
    return previous


def _is_header_or_total(cells: list[str], header_key: list[str]) -> bool:
    if [fold(c) for c in cells] == header_key[: len(cells)] and any(header_key):
        return True  # the header again (a page break, a new sheet)
    filled = [c for c in cells if c]
    return bool(filled and TOTAL_WORDS.match(fold(filled[0])))


def _shifted(cells: list[str], previous: list[str] | None, layout: Layout) -> list[str]:
    """A short row whose leading cells a lost rowspan took: the previous row's, when the
    row then fits its columns better."""
    width = len(layout.roles)
    if len(cells) >= width or previous is None or not cells[0]:
        return cells
    missing = width - len(cells)
    shifted = previous[:missing] + cells
    padded = cells + [""] * missing
    carried = all(r in _CARRIED or r == "index" for r in layout.roles[:missing])
    if carried and _fit(shifted, layout) > _fit(padded, layout):
        return shifted
    return cells


def _carried_down(cells: list[str], previous: list[str] | None, layout: Layout) -> list[str]:
    """Cells padded to the width; empty carried cells take the value above."""
    cells = cells + [""] * (len(layout.roles) - len(cells))
    if previous is not None:
        for j, role in enumerate(layout.roles):
            if role in _CARRIED and not cells[j]:
                cells[j] = previous[j]
    return cells


def _fit(cells: list[str], layout: Layout) -> float:
    """How well cells sit in the columns (dates under dates, countries under countries)."""
    score = 0.0
    for cell, role in zip(cells, layout.roles, strict=False):
        if not cell:
            continue
        dated, country = is_date_cell(cell), country_code(cell) is not None
        if role in ("date", "joined", "period"):
            score += 1 if dated else -0.5
        elif role == "country":
            score += 1 if country else -0.5
        elif role in ("partner", "home", "member", "host"):
            score += -0.5 if dated or re.fullmatch(r"[\d\s.,]+", cell) else 0.5
    return score


def _value(cells: list[str], layout: Layout, role: str) -> tuple[str, int | None]:
    j = layout.find(role)
    return (cells[j] if j is not None and j < len(cells) else ""), j


def _base_confidence(layout: Layout, roles: tuple[str, ...]) -> float:
    found = [layout.confidence[layout.roles.index(r)] for r in roles if r in layout.roles]
    base = 0.55 + (0.2 if layout.has_header else 0.0)
    return base + (0.1 * (sum(found) / len(found)) if found else 0.0)


# --- agreements -------------------------------------------------------------------------


def _agreement(row, cells, group, layout, block, ctx) -> Record | None:
    partner_cell, _ = _value(cells, layout, "partner")
    if not partner_cell or TOTAL_WORDS.match(fold(partner_cell)):
        return None
    d = Draft(
        "agreement", row.line, row.line, confidence=_base_confidence(layout, ("partner", "date"))
    )
    home, home_cell = _agreement_home(d, row, cells, layout, ctx)
    partner = _agreement_partner(d, row, cells, group, layout, block, home, home_cell)
    if partner is None:
        return None
    d.parties = [p for p in (home, partner) if p is not None]
    _agreement_date(d, row, cells, layout)
    # kind of tie
    kind, ktext, kconf = _row_type(cells, layout, group, block, ctx)
    if kind:
        d.set("agreement_type", kind, row.line, ktext, kconf)
    d.title = agreement_title(d.parties, kind, ctx.language)
    return finish(d, ctx)


def _agreement_home(d: Draft, row, cells, layout, ctx) -> tuple[Party | None, str]:
    """The home side and its cell: a home column, else a prefecture column, else the
    document's home (with less confidence)."""
    home_cell, hj = _value(cells, layout, "home")
    if home_cell:
        home, _, _ = partner_party(home_cell, "partner", country=layout.implied_country[hj])
        if home is not None:
            d.note("home", row.line, home_cell, layout.confidence[hj])
            return home, home_cell
    home = _region_home(cells, layout, ctx)
    if home is not None:
        return home, home_cell
    home = home_party(ctx)
    if home is not None:
        d.note("home", ctx.home.line or 0, ctx.home.name, 0.7)
        d.confidence -= 0.05
    else:
        d.confidence -= 0.15
    return home, home_cell


def _agreement_partner(d: Draft, row, cells, group, layout, block, home, home_cell) -> Party | None:
    """The partner and its country; None for a group row read as a row, or the home listed
    in its own table."""
    partner_cell, pj = _value(cells, layout, "partner")
    region_is_home = (
        home is not None and home_cell == "" and _value(cells, layout, "region")[0] == home.name
    )
    country, country_text, cconf = _row_country(cells, layout, group, block, pj, not region_is_home)
    partner, how, ctext = partner_party(
        partner_cell, "partner", country=country, country_text=country_text,
        home_country=home.country if home else None,
    )  # fmt: skip
    if partner is None or (home is not None and fold(home.name) == fold(partner.name)):
        return None
    if country is None and layout.implied_country[pj]:
        partner.country = layout.implied_country[pj]
        how, ctext = 0.85, layout.headers[pj]
    d.note("partner", row.line, partner_cell, layout.confidence[pj] or 0.5)
    if partner.country:
        d.note("country", row.line, ctext or country_text, cconf or how)
    else:
        d.confidence -= 0.05
    return partner


def _agreement_date(d: Draft, row, cells, layout) -> None:
    """The date from its column, else a date in the partner, note or type cell."""
    date_cell, dj = _value(cells, layout, "date")
    dv = date_in(date_cell) if date_cell else None
    if dv is None:
        dv, date_cell = _date_in_other_cells(cells, layout)
    if dv is not None:
        d.set("date", dv.start, row.line, date_cell, 0.9 if dj is not None else 0.6)
        d.fields["date_raw"] = date_cell
        d.confidence += 0.1


def _date_in_other_cells(cells, layout):
    for j, role in enumerate(layout.roles):
        if role in ("note", "partner", "type") and cells[j]:
            dv = date_in(cells[j])
            if dv is not None:
                return dv, cells[j]
    return None, ""


def _region_home(cells, layout, ctx) -> Party | None:
    """A prefecture column (都道府県名) names the home side when nothing else does."""
    cell, j = _value(cells, layout, "region")
    if not cell or (ctx.home is not None and ctx.home.how in ("url", "title")):
        return None
    party, _, _ = partner_party(cell, "partner")
    if party is not None and party.country and party.country == LANGUAGE_COUNTRY.get(ctx.language):
        return party
    return None


def _row_country(
    cells, layout, group, block, partner_col, use_region: bool = True
) -> tuple[str | None, str, float]:
    """The partner's country from a country column, a group row or the heading above."""
    cell, j = _value(cells, layout, "country")
    if cell:
        cc = country_code(cell) or country_in(cell)[0]
        if cc:
            return cc, cell, 0.9
    region, _ = _value(cells, layout, "region") if use_region else ("", None)
    if region:
        cc, words = country_in(region)
        if cc:
            return cc, words, 0.8
    if group:
        cc = country_code(group) or country_in(group)[0]
        if cc:
            return cc, group, 0.85
    cc, heading = heading_country(block)
    if cc:
        return cc, heading, 0.75
    return None, "", 0.0


def heading_country(block: Block) -> tuple[str | None, str]:
    """The country the nearer of the two headings above names ("中国" over its cities), and
    that heading."""
    for _, heading in reversed(block.headings[-2:]):
        cc = country_code(heading) or country_in(heading)[0]
        if cc:
            return cc, heading
    return None, ""


def _row_type(cells, layout, group, block, ctx) -> tuple[str | None, str, float]:
    for role, conf in (("type", 0.9), ("note", 0.7), ("partner", 0.7)):
        cell, _ = _value(cells, layout, role)
        kind = agreement_type(cell, weak=role == "type") if cell else None
        if kind:
            return kind, cell, conf
    for text, conf in (
        (group, 0.8),
        *((h, 0.7) for _, h in reversed(block.headings[-2:])),
        (ctx.title, 0.6),
    ):
        kind = agreement_type(text, weak=False) if text else None
        if kind:
            return kind, text, conf
    j = layout.find("partner")  # a header naming the kind: 友好城市, 자매도시, Sister city
    kind = agreement_type(layout.headers[j], weak=False) if j is not None else None
    if kind:
        return kind, layout.headers[j], 0.65
    return None, "", 0.0


# --- networks ---------------------------------------------------------------------------


def network_name(block: Block, ctx: DocContext, captions: list[str]) -> tuple[str, int]:
    """The network a member list belongs to: a caption or heading naming one, else the title."""
    for text in reversed(captions):
        if text:
            return _strip_list_words(text), block.first_line
    for line, heading in reversed(block.headings[-2:]):
        if not country_code(heading) and len(heading) > 3:
            return _strip_list_words(heading), line
    return _strip_list_words(ctx.title), ctx.title_line or 1


def _strip_list_words(text: str) -> str:
    t = re.sub(
        r"\s*(?:の)?(?:加盟都市|会員都市|会員|加盟団体|メンバー|一覧|リスト|名簿|회원도시|회원\s*현황|목록|список членов|члены|members?(?: list)?|list of members)\s*$",
        "",
        text,
        flags=re.I,
    )
    t = re.sub(r"^(?:list of members of|members of|члены)\s+", "", t, flags=re.I)
    return t.strip(" :：-–—") or text.strip()


_LIST_SEPARATORS = re.compile(r"\s*[、，,;；]\s*")


def _member_cells(body, col):
    """(row, cells, group, name) per member: a cell listing several ("青森県、山形県、新潟県")
    gives each of them."""
    for row, cells, group in body:
        cell = cells[col]
        if not cell:
            continue
        items = [x for x in _LIST_SEPARATORS.split(cell) if x]
        if len(items) >= 2 and all(looks_like_place(x) for x in items[:3]):
            for item in items:
                yield row, cells, group, item
        else:
            yield row, cells, group, cell


def _network(body, layout, block, ctx, captions) -> list[Record]:
    name, name_line = network_name(block, ctx, captions)
    col = layout.find("member")
    if col is None:
        col = layout.find("partner")
    if col is None:
        col = layout.find("home")
    if col is None:
        return []
    d = Draft(
        "network",
        body[0][0].line,
        body[-1][0].line,
        confidence=_base_confidence(layout, ("member",)),
    )
    d.note("title", name_line, name, 0.7)
    seen = set()
    for _row, cells, group, cell in _member_cells(body, col):
        role = "member"
        status, _ = _value(cells, layout, "status")
        if OBSERVER_WORDS.search(" ".join([status, cell, group])):
            role = "observer"
        country, _, _ = _row_country(cells, layout, group, block, col)
        party, _, _ = partner_party(cell, role, country=country)
        if party is None or fold(party.name) in seen:
            continue
        seen.add(fold(party.name))
        joined, _ = _value(cells, layout, "joined")
        if not joined:
            joined, _ = _value(cells, layout, "date")
        dv = date_in(joined) if joined else None
        if dv is not None:
            party.date_start, party.date_start_raw = dv.start, joined
        d.parties.append(party)
    if not d.parties:
        return []
    d.title = name
    return [finish(d, ctx)]


# --- events -----------------------------------------------------------------------------


def _event(row, cells, group, layout, block, ctx) -> Record | None:
    name, _ = _value(cells, layout, "event")
    host_cell, hj = _value(cells, layout, "host")
    period_cell = _period_cell(cells, layout)
    if not (host_cell or period_cell or name):
        return None
    d = Draft(
        "event",
        row.line,
        row.line,
        confidence=_base_confidence(layout, ("host", "period", "event")),
    )
    title = _event_series(d, row, name, cells, layout, block, ctx)
    if host_cell:
        _event_host(d, row, host_cell, hj, cells, group, layout, block)
    _set_period(d, row, period_cell)
    _event_fiscal_year(d, row, cells, layout)
    _event_count(d, row, cells, layout)
    d.title = title or (host_cell and f"{host_cell} {period_cell}".strip()) or ""
    return finish(d, ctx)


def _period_cell(cells, layout) -> str:
    """The period column's cell, else the date column's."""
    cell, _ = _value(cells, layout, "period")
    return cell or _value(cells, layout, "date")[0]


def _set_period(d: Draft, row, period_cell: str) -> None:
    """date_start, and date_end for a span or date for a single day."""
    dv = date_in(period_cell, span=True) if period_cell else None
    if dv is None:
        return
    d.set("date_start", dv.start, row.line, period_cell, 0.85)
    if dv.end:
        d.fields["date_end"] = dv.end
    else:
        d.fields["date"] = dv.start
    d.fields["date_raw"] = period_cell


def _event_series(d: Draft, row, name, cells, layout, block, ctx) -> str:
    """Edition and series (the heading, for rows without an event name); the title they give."""
    edition_cell, _ = _value(cells, layout, "edition")
    series = _strip_list_words(block.heading or ctx.title) if not name else ""
    edition = _edition(edition_cell or name)
    if edition is not None:
        d.set("edition", edition, row.line, edition_cell or name, 0.8)
    if series:
        d.fields["series"] = series
    return name or (f"{series} 第{edition}回" if edition and ctx.language == "ja" else series)


def _event_host(d: Draft, row, host_cell, hj, cells, group, layout, block) -> None:
    country, _, _ = _row_country(cells, layout, group, block, hj)
    host, _, _ = partner_party(host_cell, "host", country=country)
    if host is not None:
        d.parties.append(host)
        d.set("place", host.name, row.line, host_cell, 0.85)


def _event_fiscal_year(d: Draft, row, cells, layout) -> None:
    """A fiscal year (年度), else the year the cell names."""
    fiscal_cell, _ = _value(cells, layout, "fiscal")
    if not fiscal_cell:
        return
    fy = parse_fiscal_year(fiscal_cell)
    if fy is None:
        m = re.search(r"(?<!\d)(\d{4})(?!\d)", fiscal_cell)
        fy = m.group(1) if m else None
    if fy:
        d.set("fiscal_year", fy, row.line, fiscal_cell, 0.85)
        d.fields["fiscal_year_raw"] = fiscal_cell


def _event_count(d: Draft, row, cells, layout) -> None:
    count_cell, _ = _value(cells, layout, "count")
    if count_cell:
        n = _count(count_cell, layout.headers[layout.find("count")])
        if n is not None:
            d.set("participants_count", n, row.line, count_cell, 0.8)


_UNIT_COUNTS = re.compile(
    r"(\d[\d,]*)\s*(都市|自治体|団体|cities|city|members|도시|단체|город\w*|人|名|명|чел\w*|people|persons)",
    re.I,
)


def _count(cell: str, header: str) -> int | None:
    """The head count a cell gives: "7カ国10都市" under 参加会員都市数 is 10 (the cities),
    "26 (25 countries)" is 26."""
    units = _UNIT_COUNTS.findall(cell)
    if units:
        return (
            parse_int(units[-1][0])
            if re.search(r"都市|cit|도시|город|member|会員", header, re.I) or len(units) == 1
            else parse_int(units[0][0])
        )
    lead = re.match(r"\s*(\d[\d,]*)", cell)
    return parse_int(lead.group(1)) if lead else parse_count(cell)


def _edition(text: str) -> int | None:
    if not text:
        return None
    m = re.search(
        r"第\s*([0-9０-９一二三四五六七八九十百]+)\s*[回届차]|([0-9]+)\s*(?:st|nd|rd|th|-?й|-?я)\b|^\s*([0-9]{1,3})\s*(?:回|차|\.)?\s*$|제\s*(\d+)\s*(?:회|차)",
        text,
    )
    if not m:
        return None
    return parse_int(next(g for g in m.groups() if g))


# --- delegations ------------------------------------------------------------------------


def _delegation(row, cells, group, layout, block, ctx) -> Record | None:
    sender_cell, _ = _value(cells, layout, "sender")
    visited_cell, _ = _value(cells, layout, "visited")
    partner_cell, _ = _value(cells, layout, "partner")
    period_cell = _period_cell(cells, layout)
    if not (sender_cell or visited_cell or partner_cell):
        return None
    d = Draft(
        "delegation",
        row.line,
        row.line,
        confidence=_base_confidence(layout, ("sender", "visited", "period")),
    )
    home = home_party(ctx, "sender")
    incoming = bool(_INCOMING.search(" ".join([group, block.heading, ctx.title])))
    parties = _delegation_sides(sender_cell, visited_cell, partner_cell, incoming)
    _add_home_side(parties, home)
    d.parties = parties
    _set_period(d, row, period_cell)
    count_cell, _ = _value(cells, layout, "count")
    n = parse_count(count_cell) if count_cell else None
    if n is not None:
        d.set("participants_count", n, row.line, count_cell, 0.8)
    purpose, _ = _value(cells, layout, "purpose")
    if purpose:
        d.set("purpose", purpose, row.line, purpose, 0.7)
    d.title = " → ".join(p.name for p in parties) + (f" {period_cell}" if period_cell else "")
    return finish(d, ctx)


# Words saying the visits of a table came to the home (the partner column is the sender).
_INCOMING = re.compile(
    r"来訪|受入|来日|訪日|受け入れ|来访|방한|접견|прием|приём|визит в|visitors|incoming", re.I
)


def _delegation_sides(sender_cell, visited_cell, partner_cell, incoming: bool) -> list[Party]:
    """The sender and visited columns' parties, else the partner column's on the side the
    table's context says."""
    parties: list[Party] = []
    for cell, role in ((sender_cell, "sender"), (visited_cell, "visited")):
        if cell:
            p, _, _ = partner_party(cell, role)
            if p is not None:
                parties.append(p)
    if partner_cell and not parties:
        p, _, _ = partner_party(partner_cell, "visited" if not incoming else "sender")
        if p is not None:
            parties.append(p)
    return parties


def _add_home_side(parties: list[Party], home: Party | None) -> None:
    """The home takes the side no column filled: first as sender, last as visited."""
    roles = {p.role for p in parties}
    if home is not None and len(roles) < 2:
        home.role = "visited" if "sender" in roles else "sender"
        parties.insert(0 if home.role == "sender" else len(parties), home)


__all__ = ["clean_name", "read_table", "table_kind"]
