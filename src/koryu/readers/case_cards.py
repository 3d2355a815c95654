"""CLAIR survey case cards (個票): one agreement between local governments per card.

The document opens with an index, one numbered line per card::

    3. <foreign place>－<Japanese place> 「<title>」 【再掲】<TAB>3

then the cards, each a numbered title line and seven numbered fields: (1) 自治体名 (a tab
table: 日本の自治体 / 海外の自治体), (2) 提携年月日, (3) 提携に至った経緯, (4) 提携後の取組内容,
(5) 取組による成果・課題等, (6) URLs, (7) 問い合わせ先 (a tab table: 担当部署名, 電話番号,
電子メール). Values keep HTML remnants; "--" marks an empty value. A field heading is
only taken as one when it has the number expected next and its name: "(1)平成21年…" inside
the activities is text.

Card-level findings (index disagreements, dates) go into ``Record.findings``; the list that
``parse`` returns holds the findings about the document itself (an index entry whose card
is missing), so the importer never stores one twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from koryu.normalize.agreements import classify_agreement_type, find_builds_on, is_suspended
from koryu.normalize.dates import parse_date_checked, parse_date_range
from koryu.normalize.sectors import classify_sectors
from koryu.normalize.text import clean_text, is_placeholder, nfkc
from koryu.readers.base import ReaderError
from koryu.readers.completeness import cut_reason, quote, unknown_domain
from koryu.records import Contact, Finding, Party, Record

__all__ = ["FIELDS", "FORMAT", "LANGUAGE", "parse", "sniff"]

FORMAT = "case-cards"
LANGUAGE = "ja"
SPECIFIC = True  # records are published directly

# Field number -> words one of which its heading contains (matched on NFKC text).
FIELDS: dict[int, tuple[str, ...]] = {
    1: ("自治体名", "自治体"),
    2: ("提携年月日", "年月日", "提携日"),
    3: ("経緯",),
    4: ("取組内容", "取組", "取り組み"),
    5: ("成果", "課題"),
    6: ("URL", "ホームページ"),
    7: ("問い合わせ", "問合せ", "問い合せ", "連絡先"),
}
RELISTED = "【再掲】"

_HEADING = re.compile(r"^\s*\(\s*([1-7])\s*\)\s*(.{0,40}?)\s*$")
_NUMBERED = re.compile(r"^\s*(\d{1,6})\s*\.\s*(.*?)\s*$")
_SECTION = re.compile(r"^\s*([①-⑳])\s*(\S.*?)\s*$")
_URL = re.compile(r"https?://[^\s<>\"'「」（）()、，。]+")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE = re.compile(r"\+?\d[\d\-()]{5,}\d")
_PARTY_SPLIT = re.compile(r"[、，,;；]")
_SPACES = re.compile(r"\s+")


def _heading_number(line: str) -> int | None:
    """The field number of a heading line, whatever its name says; None if not a heading."""
    m = _HEADING.match(nfkc(line))
    if not m:
        return None
    number, name = int(m.group(1)), m.group(2)
    return number if any(word in name for word in FIELDS[number]) else None


def sniff(text: str) -> float:
    """Confidence that ``text`` is a case-card document: its field headings and tables."""
    head = nfkc(text[:200_000])
    score = 0.0
    if re.search(r"(?m)^\s*\(1\)\s*自治体名", head):
        score += 0.35
    if re.search(r"(?m)^\s*\(2\)\s*提携年月日", head):
        score += 0.25
    if re.search(r"(?m)^\s*\(7\)\s*(?:問い合わせ|問合せ)", head):
        score += 0.15
    if re.search(r"(?m)^\s*日本の自治体\s", head) and re.search(r"(?m)^\s*海外の自治体\s", head):
        score += 0.25
    return min(score, 1.0)


# ---------------------------------------------------------------------------------------
# Structure: index entries and cards with their field lines.


@dataclass
class _IndexEntry:
    number: int
    line: int
    title: str
    foreign: str
    japanese: str
    relisted: bool
    page: str


@dataclass
class _Card:
    number: int
    title_line: int
    title: str  # as written, with 【再掲】
    section: str
    fields: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # number -> lines
    heading_lines: dict[int, int] = field(default_factory=dict)
    last_line: int = 0


def _parse_index_line(number: int, line_no: int, rest: str) -> _IndexEntry | None:
    m = re.match(r"^(.*?)(?:\t+|\s{2,})(\d{1,6})\s*$", rest)
    body, page = (m.group(1), m.group(2)) if m else (rest, "")
    relisted = RELISTED in body
    body = body.replace(RELISTED, " ")
    t = re.search(r"「(.*)」", body)
    if not t:
        return None
    title = _squash(t.group(1))
    places = body[: t.start()].strip()
    for sep in ("－", "—", "―", " - "):
        if sep in places:
            foreign, japanese = places.rsplit(sep, 1)
            break
    else:
        foreign, japanese = places, ""
    return _IndexEntry(number, line_no, title, _squash(foreign), _squash(japanese), relisted, page)


def _squash(s: str) -> str:
    return _SPACES.sub(" ", s.replace("\u3000", " ")).strip()


def _next_content(lines: list[str], i: int) -> int | None:
    """Index of the first non-blank line at or after ``i``."""
    while i < len(lines):
        if lines[i].strip():
            return i
        i += 1
    return None


def _starts_card(lines: list[str], i: int) -> bool:
    """Is line ``i`` a numbered card title (its next non-blank line is heading (1))?"""
    if not _NUMBERED.match(nfkc(lines[i])):
        return False
    j = _next_content(lines, i + 1)
    return j is not None and _heading_number(lines[j]) == 1


def _new_card(raw: str, folded: str, numbered: re.Match[str], line_no: int, section: str) -> _Card:
    m = _NUMBERED.match(raw.replace("．", "."))
    title = m.group(2) if m else folded
    return _Card(int(numbered.group(1)), line_no, title, section, last_line=line_no)


def _read_index_line(
    raw: str, numbered: re.Match[str] | None, line_no: int, index: list[_IndexEntry], section: str
) -> str:
    """A line before the first card: a section heading (the section it opens is returned)
    or a numbered index line."""
    sec = _SECTION.match(raw)
    if sec:
        return _squash(sec.group(2))
    if numbered:
        m = _NUMBERED.match(raw.replace("．", "."))
        entry = _parse_index_line(int(numbered.group(1)), line_no, m.group(2) if m else "")
        if entry is not None:
            index.append(entry)
    return section


def _read_field_line(card: _Card, current: int, raw: str, line_no: int, name: str) -> int:
    """A line inside a card: the heading of its next field, or a line of the field being
    read. Returns the field being read after it."""
    heading = _heading_number(raw)
    if heading == 1 and current >= 1:
        # Another card's fields begin without a numbered title: never merge them.
        raise ReaderError(
            name, line_no, f"field (1) 自治体名 again inside card {card.number}, no card title"
        )
    if heading is not None and heading > current:
        current = heading
        card.fields[current] = []
        card.heading_lines[current] = line_no
    elif current == 0:
        raise ReaderError(name, line_no, f"card {card.number}: text before its first field heading")
    else:
        card.fields[current].append((line_no, raw))
    card.last_line = line_no
    return current


def _structure(lines: list[str], name: str) -> tuple[list[_IndexEntry], list[_Card]]:
    index: list[_IndexEntry] = []
    cards: list[_Card] = []
    section = ""
    card: _Card | None = None
    current = 0  # field being read in the current card
    for i, raw in enumerate(lines):
        line_no = i + 1
        if not raw.strip():
            continue
        folded = nfkc(raw)
        numbered = _NUMBERED.match(folded)
        if _starts_card(lines, i) or (card is not None and current == 7 and numbered is not None):
            if card is not None:
                _close(card, name)
            card = _new_card(raw, folded, numbered, line_no, section)
            cards.append(card)
            current = 0
        elif card is None:
            section = _read_index_line(raw, numbered, line_no, index, section)
        elif current == 7 and (sec := _SECTION.match(raw)):
            section = _squash(sec.group(2))
        else:
            current = _read_field_line(card, current, raw, line_no, name)
    if card is not None:
        _close(card, name, at_end=True)
    return index, cards


def _close(card: _Card, name: str, at_end: bool = False) -> None:
    """Refuse a card cut short: it must reach field (7) and have something in it."""
    if 7 not in card.fields:
        last = max(card.fields, default=0)
        where = "the document ends" if at_end else "the next card starts"
        raise ReaderError(
            name,
            card.last_line,
            f"card {card.number} is truncated: {where} after field ({last}), "
            "before field (7) 問い合わせ先",
        )
    if not any(text.strip() for _, text in card.fields[7]):
        raise ReaderError(
            name,
            card.last_line,
            f"card {card.number} is truncated: field (7) 問い合わせ先 is empty",
        )


def _contact_form(card: _Card) -> dict[str, str]:
    """The contact labels field (7) carries, each with the cell that follows it ("" when
    the label is the row's last cell)."""
    form: dict[str, str] = {}
    for _, text in card.fields.get(7, []):
        cells = _cells(text)
        for i, cell in enumerate(cells):
            kind = _contact_label(cell) if cell else None
            if kind:
                form[kind] = next((c for c in cells[i + 1 :] if c), "")
    return form


def _whole_email(value: str) -> bool:
    """Whether ``value`` ends on a complete e-mail address (a known domain ending)."""
    found = _EMAIL.findall(nfkc(value))
    return bool(found) and not unknown_domain(found[-1].rsplit("@", 1)[1])


def _check_last_row_cells(lines: list[str], cards: list[_Card], end: int, name: str) -> None:
    """The last card's last table row must have as many cells as the same row of the
    other cards."""
    row = lines[end - 1]
    if "\t" not in row:
        return
    label = _squash(row.split("\t", 1)[0])
    widths = [
        text.count("\t")
        for card in cards[:-1]
        for _, text in card.fields.get(7, []) + card.fields.get(1, [])
        if _squash(text.split("\t", 1)[0]) == label
    ]
    if widths and row.count("\t") < min(widths):
        raise ReaderError(
            name,
            end,
            f"card {cards[-1].number} is truncated: its last row {quote(row)} has fewer cells "
            "than the same row of the other cards",
        )


def _check_contact_form(cards: list[_Card], end: int, name: str) -> None:
    """The last card's contact table must give what every other card gives (a form the
    document fills in the same way at least twice), an e-mail address whole."""
    last = cards[-1]
    others = [_contact_form(card) for card in cards[:-1]]
    form = _contact_form(last)
    shared = set.intersection(*(set(o) for o in others))
    for kind in sorted(shared, key=list(dict(_CONTACT_LABELS)).index):
        filled = all(o[kind] for o in others)
        if kind not in form or (filled and not form[kind]):
            raise ReaderError(
                name,
                end,
                f"card {last.number} is truncated: its contact table stops before the "
                f"{kind} every other card gives",
            )
        if kind == "email" and form[kind] and not is_placeholder(form[kind]):
            given = [o[kind] for o in others if o[kind] and not is_placeholder(o[kind])]
            if given and all(_whole_email(e) for e in given) and not _whole_email(form[kind]):
                raise ReaderError(
                    name,
                    end,
                    f"card {last.number} is truncated: its e-mail address stops at "
                    f"{quote(form[kind])}",
                )


def _check_index_cards(index: list[_IndexEntry], cards: list[_Card], end: int, name: str) -> None:
    """The document must not end before the cards its index lists after the last one."""
    last = cards[-1]
    numbers = [entry.number for entry in index]
    if last.number in numbers:
        after = numbers[numbers.index(last.number) + 1 :]
        present = {card.number for card in cards}
        if after and not present.intersection(after):
            raise ReaderError(
                name,
                end,
                f"truncated: the index lists {len(numbers)} cards up to {numbers[-1]}, "
                f"the document ends after card {last.number}",
            )


def _check_end(lines: list[str], index: list[_IndexEntry], cards: list[_Card], name: str) -> None:
    """Refuse a document that stops inside its last card or before the cards its index lists.

    The cross-checks use the document itself: the contact form every other card fills in,
    and the index's numbering. A cut that falls exactly between two complete cards of a
    document without an index cannot be told from a shorter document.
    """
    last = cards[-1]
    end = last.last_line
    why = cut_reason(lines[end - 1]) if end else None
    if why:
        raise ReaderError(
            name, end, f"card {last.number} is truncated: it stops {why} at {quote(lines[end - 1])}"
        )
    _check_last_row_cells(lines, cards, end, name)
    if len(cards) > 2:
        _check_contact_form(cards, end, name)
    _check_index_cards(index, cards, end, name)


# ---------------------------------------------------------------------------------------
# Field values


def _text(card: _Card, number: int) -> str:
    """A prose field, cleaned; "" for a placeholder. Lone "--" lines are separators."""
    kept = [text for _, text in card.fields.get(number, []) if text.strip() != "--"]
    value = clean_text("\n".join(kept))
    return "" if is_placeholder(value) else value


def _cells(text: str) -> list[str]:
    return [_squash(c) for c in text.split("\t")]


def _parties(card: _Card) -> list[Party]:
    parties: list[Party] = []
    for _, text in card.fields.get(1, []):
        cells = [c for c in _cells(text) if c]
        if len(cells) < 2:
            m = re.match(r"^\s*(日本の自治体|海外の自治体)[\s:：]*(.*)$", text)
            if not m:
                continue
            cells = [m.group(1), m.group(2)]
        label, value = nfkc(cells[0]), " ".join(cells[1:])
        if "日本" in label:
            role, country = "japanese_party", "JP"
        elif any(w in label for w in ("海外", "外国", "相手")):
            role, country = "foreign_party", None
        else:
            continue
        for name in _PARTY_SPLIT.split(value):
            name = _squash(name)
            if name and not is_placeholder(name):
                parties.append(Party(name=name, role=role, country=country))
    return parties


def _urls(card: _Card) -> list[str]:
    urls: list[str] = []
    for _, text in card.fields.get(6, []):
        for url in _URL.findall(nfkc(text)):
            url = url.rstrip(".,;:")
            if url not in urls:
                urls.append(url)
    return urls


_CONTACT_LABELS = (
    ("department", re.compile(r"^(?:担当部署名?|担当課名?|部署名?|担当)$")),
    ("phone", re.compile(r"^(?:電話番号|電話|TEL|Tel|tel)$")),
    ("fax", re.compile(r"^(?:FAX|Fax|fax|ファックス|ファクス)(?:番号)?$")),
    ("email", re.compile(r"^(?:電子メール|メールアドレス|メール|E-?mail|e-?mail)$")),
)
# "A 建設局…、B 水道局…", "A 078-… B 078-…": a capital letter alone, then a space.
_MARK = re.compile(r"(?:(?<=^)|(?<=[\s、，,]))([A-Z])\s+")


def _contact_label(cell: str) -> str | None:
    folded = nfkc(cell).strip().rstrip(":：")
    for kind, pattern in _CONTACT_LABELS:
        if pattern.match(folded):
            return kind
    return None


def _marked(value: str, least: int = 1) -> dict[str, str]:
    """{"A": "...", "B": "..."} when ``value`` is marked with A/B; else {}. A department
    row needs ``least=2`` marks to count as marked ("A 棟" could be a name)."""
    folded = nfkc(value)
    marks = list(_MARK.finditer(folded))
    if len(marks) < least or not marks or marks[0].start() != 0:
        return {}
    out = {}
    for m, nxt in zip(marks, [*marks[1:], None], strict=True):
        end = nxt.start() if nxt else len(folded)
        out[m.group(1)] = folded[m.end() : end].strip().rstrip("、，,").strip()
    return out


def _contact_rows(card: _Card) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {"department": [], "phone": [], "fax": [], "email": []}
    label = None
    for _, text in card.fields.get(7, []):
        cells = _cells(text)
        if len(cells) == 1:  # "電話番号：011-…" without tabs
            m = re.match(r"^(\S+?)[\s:：]+(.+)$", cells[0])
            if m and _contact_label(m.group(1)):
                cells = [m.group(1), m.group(2)]
        for cell in cells:
            kind = _contact_label(cell) if cell else None
            if kind:
                label = kind
            elif cell and label and not is_placeholder(cell):
                rows[label].append(cell)
    return rows


def _contacts(card: _Card, japanese: list[str]) -> list[Contact]:
    rows = _contact_rows(card)
    phones_all = _values(rows["phone"], _PHONE)
    faxes_all = _values(rows["fax"], _PHONE)
    emails_all = _values(rows["email"], _EMAIL)
    contacts: list[Contact] = []
    marked_departments: dict[str, str] = {}
    for value in rows["department"]:
        marked_departments |= _marked(value, least=2)
    if marked_departments:
        marked = {
            kind: {k: v for value in rows[kind] for k, v in _marked(value).items()}
            for kind in ("phone", "fax", "email")
        }
        for mark, department in marked_departments.items():
            contacts.append(
                Contact(
                    department=department,
                    phones=_pick(marked["phone"], mark, _PHONE, phones_all),
                    faxes=_pick(marked["fax"], mark, _PHONE, faxes_all),
                    emails=_pick(marked["email"], mark, _EMAIL, emails_all),
                )
            )
    else:
        # Several departments over one phone line: each shares the phone and e-mail.
        for department in rows["department"] or [""]:
            contact = Contact(
                department=department,
                phones=list(phones_all),
                faxes=list(faxes_all),
                emails=list(emails_all),
            )
            if contact.department or contact.phones or contact.emails or contact.faxes:
                contacts.append(contact)
    for contact in contacts:
        _split_organization(contact, japanese)
    return contacts


def _values(cells: list[str], pattern: re.Pattern[str]) -> list[str]:
    out: list[str] = []
    for cell in cells:
        for v in pattern.findall(nfkc(cell)):
            if v not in out:
                out.append(v)
    return out


def _pick(marked: dict[str, str], mark: str, pattern: re.Pattern[str], unmarked: list[str]):
    if mark in marked:
        return pattern.findall(marked[mark])
    return [] if marked else list(unmarked)


def _split_organization(contact: Contact, japanese: list[str]) -> None:
    """ "福岡県 新社会推進部…" on a card of several prefectures: 福岡県 is whose contact."""
    for name in sorted(japanese, key=len, reverse=True):
        short = re.sub(r"^.+?[都道府県](?=.+[市町村区]$)", "", name)
        for candidate in dict.fromkeys((name, short)):
            if contact.department.startswith(candidate + " "):
                contact.organization = candidate
                contact.department = contact.department[len(candidate) :].strip()
                return


# ---------------------------------------------------------------------------------------
# Findings: the index against the cards


def _compare_key(s: str) -> str:
    return re.sub(r"\s+", "", nfkc(s).replace(RELISTED, ""))


def _names_key(s: str) -> list[str]:
    return [_compare_key(n) for n in _PARTY_SPLIT.split(s) if n.strip()]


def _index_findings(entry: _IndexEntry, record: Record) -> list[Finding]:
    findings = []
    n = entry.number
    if _compare_key(entry.title) != _compare_key(record.title):
        findings.append(
            Finding(
                "index-title-differs",
                f"card {n}: the index calls it 「{entry.title}」, the card 「{record.title}」",
                entry.line,
                {
                    "index": entry.title,
                    "card": record.title,
                    "card_line": record.line_start,
                    "contained": _compare_key(entry.title) in _compare_key(record.title),
                },
            )
        )
    for role, written in (("foreign_party", entry.foreign), ("japanese_party", entry.japanese)):
        on_card = "、".join(p.name for p in record.parties if p.role == role)
        if written and _names_key(written) != _names_key(on_card):
            side = "Japanese" if role == "japanese_party" else "foreign"
            findings.append(
                Finding(
                    "index-party-differs",
                    f"card {n}: the index names the {side} party {written}, the card {on_card}",
                    entry.line,
                    {
                        "role": role,
                        "index": written,
                        "card": on_card,
                        "card_line": record.line_start,
                    },
                )
            )
    if entry.relisted != record.relisted:
        findings.append(
            Finding(
                "index-relisted-differs",
                f"card {n}: 【再掲】 is on the {'index' if entry.relisted else 'card'} only",
                entry.line,
                {"index": entry.relisted, "card": record.relisted},
            )
        )
    return findings


# ---------------------------------------------------------------------------------------


def _record(card: _Card) -> Record:
    title = _squash(card.title.replace(RELISTED, " "))
    parties = _parties(card)
    japanese = [p.name for p in parties if p.role == "japanese_party"]
    background, activities, outcomes = _text(card, 3), _text(card, 4), _text(card, 5)
    findings: list[Finding] = []
    date_raw, date, start, end = _card_date(card, findings)
    relisted = RELISTED in card.title
    if relisted:
        findings.append(
            Finding(
                "relisted",
                f"card {card.number} is listed again (【再掲】) from another chapter",
                card.title_line,
            )
        )
    rows = _contact_rows(card)
    if rows["department"] and not (rows["phone"] or rows["email"] or rows["fax"]):
        findings.append(
            Finding(
                "contact-incomplete",
                f"card {card.number}: the contact table has no phone or e-mail row",
                card.heading_lines.get(7),
            )
        )
    agreement_type = classify_agreement_type(title)
    sectors = classify_sectors("\n".join([title, background, activities, outcomes]))
    if agreement_type == "staff_exchange" and "administration" not in sectors:
        sectors = sorted([*sectors, "administration"], key=_sector_order)
    return Record(
        kind="agreement",
        key=f"card-{card.number}",
        title=title,
        line_start=card.title_line,
        line_end=card.last_line,
        parties=parties,
        date=date,
        date_start=start if start != end else None,
        date_end=end if start != end else None,
        date_raw=date_raw,
        agreement_type=agreement_type,
        sectors=sectors,
        status="suspended" if is_suspended(activities) else None,
        theme=card.section,
        background=background,
        activities=activities,
        outcomes=outcomes,
        contacts=_contacts(card, japanese),
        urls=_urls(card),
        relisted=relisted,
        builds_on=find_builds_on(background),
        findings=findings,
        language=LANGUAGE,
        extra={"card_number": card.number},
    )


def _card_date(card: _Card, findings: list[Finding]) -> tuple[str, object, object, object]:
    """(date as written, date, range start, range end) of the card's date field; what
    cannot be read is a finding."""
    date_lines = [_squash(t) for _, t in card.fields.get(2, []) if t.strip() != "--"]
    date_raw = clean_text(" ".join(date_lines))
    date_line = card.heading_lines.get(2, card.title_line)
    if is_placeholder(date_raw):
        findings.append(
            Finding("date-missing", f"card {card.number}: no agreement date", date_line)
        )
        return "", None, None, None
    date, warnings = parse_date_checked(date_raw)
    start, end = parse_date_range(date_raw)
    if date is None:
        findings.append(
            Finding(
                "date-unparseable",
                f"card {card.number}: cannot read the agreement date {date_raw!r}",
                date_line,
                {"date_raw": date_raw},
            )
        )
    for warning in warnings:
        code, _, message = warning.partition(": ")
        findings.append(
            Finding(f"date-{code}", f"card {card.number}: {message}", date_line,
                    {"date_raw": date_raw})
        )  # fmt: skip
    return date_raw, date, start, end


def _sector_order(sector: str) -> int:
    from koryu.records import SECTORS

    return SECTORS.index(sector)


def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]:
    """Records (one agreement per card) and the document's own findings.

    Raises ``ReaderError`` for a document cut short inside a card, or one with index
    entries and no cards.
    """
    lines = text.lstrip("\ufeff").split("\n")
    index, cards = _structure(lines, name)
    if not cards:
        if index:
            raise ReaderError(
                name, index[0].line, f"{len(index)} index entries but no case cards follow"
            )
        raise ReaderError(name, None, "no case cards found (no '(1) 自治体名' heading)")
    _check_end(lines, index, cards, name)
    records = [_record(card) for card in cards]
    by_number = {e.number: e for e in index}
    document_findings: list[Finding] = []
    seen: set[int] = set()
    for card, record in zip(cards, records, strict=True):
        if card.number in seen:
            record.findings.append(
                Finding(
                    "card-number-repeated",
                    f"card number {card.number} is used twice",
                    card.title_line,
                )
            )
        seen.add(card.number)
        entry = by_number.get(card.number)
        if entry is None:
            if index:
                record.findings.append(
                    Finding(
                        "index-entry-missing",
                        f"card {card.number} has no entry in the index",
                        card.title_line,
                        {"card": record.title},
                    )
                )
            continue
        record.extra["index_title"] = entry.title
        record.extra["index_parties"] = {"foreign": entry.foreign, "japanese": entry.japanese}
        record.findings.extend(_index_findings(entry, record))
    for entry in index:
        if entry.number not in seen:
            document_findings.append(
                Finding(
                    "card-missing",
                    f"index entry {entry.number} 「{entry.title}」 has no card",
                    entry.line,
                    {"index": entry.title},
                )
            )
    return records, document_findings
