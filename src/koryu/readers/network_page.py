"""Reader for a Japanese local government's page on multi-city diplomacy.

Shape of such a page (a CMS page flattened to text):

* page chrome (``更新日``, ``タイトル``, ``画像:…``, ``お知らせ``, ``記事ID:…``): skipped;
* a summary list of items, each a title line directly followed by one paragraph, which the
  page repeats further down as detail sections (title, blank line, paragraph): one record per
  item, with the line span of the fuller occurrence and every span in ``extra["spans"]``;
* section headings: a title with no paragraph of its own (``これまでの取組と成果``), or a
  title whose paragraph introduces a compact list (``多都市間の実務的協力事業``);
* items with numbered sub-headings (``(1)概要``, ``(2)会員都市``) and a member list
  ``A、B、C(計13都市)``.

An item's kind comes from structure and cue words, never from known titles: items under a
heading that announces projects (``事業``, ``プログラム``) are programs; otherwise network
cues (ネットワーク, プラットフォーム, 設立, 加盟, 会員都市) against event cues (会議, Forum,
サミット, 開催しました), with the title counting double.

The body running the page (``東京都``) is the most frequent subject ``…都/道/府/県/市/区/町/村は``;
a shorter subject that is a prefix of it (``東京が``) is taken to mean the same body.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from koryu.normalize.dates import parse_date
from koryu.normalize.sectors import classify_sectors
from koryu.readers.base import ReaderError
from koryu.readers.completeness import cut_reason, ends_sentence, quote
from koryu.records import SECTORS, Finding, Party, Record

FORMAT = "network-page"
LANGUAGE = "ja"
SPECIFIC = True  # records are published directly

_CHROME = re.compile(
    r"^(?:更新日.*|タイトル|説明を記載してください。?|お知らせ|画像[:：].*|記事ID[:：].*"
    r"|ページの先頭へ(?:戻る)?|印刷(?:する)?|このページを印刷する)$"
)
_SUBHEADING = re.compile(r"^[(（]\s*\d+\s*[)）]\s*\S{1,20}$|^[①-⑳]\s*\S{1,20}$")
_PROGRAM_HEADING = re.compile(r"事業|プログラム|プロジェクト一覧")
_NETWORK_CUES = re.compile(r"ネットワーク|Network|プラットフォーム|加盟|設立|会員都市|立ち上げ")
_EVENT_CUES = re.compile(r"会議|Forum|フォーラム|サミット|Summit|シンポジウム|開催しました")
_MEMBER_PART = re.compile(r"会員|加盟都市|メンバー|参加都市")
_BODY = r"[^\s、。「」()（）:：,]{1,12}?[都道府県市区町村]"
_SUBJECT = re.compile(rf"(?:^|[。\n])\s*(?P<who>{_BODY}|[一-龥]{{2,4}})(?:は|が)")
_DATE = re.compile(
    r"(?:(?:明治|大正|昭和|平成|令和)\d+\s*[(（]\d{4}[)）]|\d{4})年(?:\d{1,2}月(?:\d{1,2}日)?)?"
)
_TOTAL = re.compile(r"[(（]\s*計\s*(?P<n>\d+)\s*(?:都市|団体|か国|カ国)?\s*[)）]")
_ACRONYM = re.compile(r"[(（](?P<a>[A-Za-z][A-Za-z0-9\- ]{1,20})[)）]\s*$")
_OFFICE = re.compile(r"(?:市長|知事|区長|町長|村長|首長)$")

# Cues the shared classifier does not know yet (asked upstream in the report).
_EXTRA_SECTORS = {
    "health": re.compile(r"感染症|診療|疫学"),
    "youth": re.compile(r"ジュニア|ユース"),
    "administration": re.compile(r"都市づくり|行政職員|実務者レベル"),
}


@dataclass
class _Entry:
    number: int
    text: str
    blank_before: bool


@dataclass
class _Unit:
    title: str
    line: int
    body: list[_Entry] = field(default_factory=list)
    parts: list[tuple[_Entry, list[_Entry]]] = field(default_factory=list)
    compact: bool = False
    section: str = ""

    @property
    def end(self) -> int:
        last = [e.number for e in self.body]
        last += [p.number for p, _ in self.parts] + [e.number for _, es in self.parts for e in es]
        return max([self.line, *last])

    def text(self) -> str:
        chunks = [e.text for e in self.body]
        for _, entries in self.parts:
            chunks += [e.text for e in entries]
        return "\n".join(chunks)


def sniff(text: str) -> float:
    """Japanese titles repeated as summary and detail, multi-city cue words, CMS chrome."""
    sample = text[:30000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return 0.0
    kana_kanji = sum(1 for ch in letters if "\u3040" <= ch <= "\u9fff") / len(letters)
    score = 0.2 * min(1.0, kana_kanji / 0.5)
    # A title is a few words: one or two characters repeated ("市" of a vertical-text PDF
    # broken one character a line, "計") are no summary repeated as detail.
    titles = Counter(
        line.strip()
        for line in sample.split("\n")
        if len(line.strip()) >= 4
        and not _is_paragraph(line.strip())
        and not _CHROME.match(line.strip())
    )
    if sum(1 for n in titles.values() if n >= 2) >= 2:
        score += 0.35
    if re.search(r"多都市|都市外交|都市間ネットワーク|会員都市", sample):
        score += 0.2
    if re.search(r"ネットワーク|Network|プラットフォーム", sample):
        score += 0.15
    if re.search(r"^記事ID[:：]|^更新日", sample, re.MULTILINE):
        score += 0.15
    # Tables and labelled fields belong to other formats.
    if re.search(r"^[^\n]*\t[^\n]*\t", sample, re.MULTILINE) or "---|" in sample:
        score -= 0.3
    if re.search(r"^(?:情報提供自治体名|事業名|団体名|主催)[\s:：]", sample, re.MULTILINE):
        score -= 0.5
    return round(max(0.0, min(score, 1.0)), 3)


def _fold(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def _is_paragraph(text: str) -> bool:
    stripped = text.rstrip(")）」』 ")
    return stripped.endswith(("。", "．")) or len(text) > 60 or text.count("、") >= 3


def _entries(lines: list[str]) -> list[_Entry]:
    out = []
    blank = True
    for number, raw in enumerate(lines, start=1):
        text = raw.strip().replace("\u3000", " ")
        if not text:
            blank = True
            continue
        if _CHROME.match(text):
            blank = True
            continue
        out.append(_Entry(number, text, blank))
        blank = False
    return out


def _units(entries: list[_Entry]) -> tuple[list[_Unit], list[_Entry]]:
    """Titles with their paragraphs (and numbered parts); paragraphs before any title."""
    units: list[_Unit] = []
    orphans: list[_Entry] = []
    for entry in entries:
        current = units[-1] if units else None
        if _SUBHEADING.match(entry.text) and current is not None:
            current.parts.append((entry, []))
        elif not _is_paragraph(entry.text) and not _awaits_list(current):
            units.append(_Unit(title=entry.text, line=entry.number))
        elif current is None:
            orphans.append(entry)
        elif current.parts:
            current.parts[-1][1].append(entry)
        else:
            if not current.body:
                current.compact = not entry.blank_before
            current.body.append(entry)
    return units, orphans


def _awaits_list(unit: _Unit | None) -> bool:
    """A member sub-heading still without its list: a short list is not a title."""
    if unit is None or not unit.parts:
        return False
    heading, entries = unit.parts[-1]
    return not entries and bool(_MEMBER_PART.search(heading.text))


def _sections(units: list[_Unit]) -> tuple[list[_Unit], list[_Unit]]:
    """Split headings from items and give each item its section heading."""
    headings, items = [], []
    section = ""
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        empty = not unit.body and not unit.parts
        introduces_list = unit.body and not unit.compact and nxt is not None and nxt.compact
        if empty or introduces_list:
            headings.append(unit)
            section = unit.title
            continue
        unit.section = section
        items.append(unit)
    return headings, items


def _merge(items: list[_Unit]) -> list[tuple[_Unit, list[_Unit]]]:
    """One entry per title: (fuller occurrence, all occurrences), in order of first mention."""
    groups: dict[str, list[_Unit]] = {}
    for unit in items:
        groups.setdefault(_fold(unit.title), []).append(unit)
    merged = []
    for occurrences in groups.values():
        # the fuller text wins; on a tie the later one (the detail section)
        best = max(enumerate(occurrences), key=lambda p: (len(_fold(p[1].text())), p[0]))[1]
        merged.append((best, occurrences))
    return merged


def _kind(unit: _Unit) -> str | None:
    if unit.section and _PROGRAM_HEADING.search(unit.section):
        return "program"
    body = unit.text()
    network = 2 * len(_NETWORK_CUES.findall(unit.title)) + len(_NETWORK_CUES.findall(body))
    event = 2 * len(_EVENT_CUES.findall(unit.title)) + len(_EVENT_CUES.findall(body))
    if network > event:
        return "network"
    if event > network:
        return "event"
    return None


def _page_body(text: str) -> str | None:
    counts = Counter(
        m.group("who")
        for m in _SUBJECT.finditer(text)
        if re.search(r"[都道府県市区町村]$", m["who"])
    )
    return counts.most_common(1)[0][0] if counts else None


def _resolve(name: str, body: str | None) -> tuple[str, str]:
    """(name, note): a short form of the page's body (東京 for 東京都) becomes the body."""
    if body and name != body and body.startswith(name) and len(body) - len(name) == 1:
        return body, f"written: {name}"
    return name, ""


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=。)|\n", text) if s.strip()]


def _place_of_office(office: str) -> tuple[str, str]:
    """``パリ市長`` -> ``パリ``; ``横浜市長`` -> ``横浜市``: the body a mayor stands for."""
    bare = re.sub(r"[(（][^)）]*[)）]", "", office).strip()
    stem = _OFFICE.sub("", bare)
    suffix = bare[len(stem) : len(stem) + 1] if stem != bare else ""
    if re.fullmatch(r"[\u30a0-\u30ffA-Za-z・ー\s]+", stem):
        return stem, office
    return stem + suffix, office


def _founders(sentence: str) -> list[Party]:
    m = re.search(r"(?P<who>[^、。]+?)により(?:設立|創設|発足)", sentence)
    if not m:
        return []
    who = re.sub(r"[(（][^)）]*[)）]", "", m.group("who"))
    who = _DATE.sub("", who).lstrip("にの、 ")
    support = re.fullmatch(r"(?P<name>.+?)の(?:支援|協力|後援|呼びかけ)", who)
    if support:  # "国連ESCAPの支援により設立": a supporter, not a founder
        return [Party(name=support.group("name"), role="supporter")]
    parties = []
    for piece in re.split(r"及び|並びに|、|と(?=[^と]*$)", who):
        piece = piece.strip()
        if not piece:
            continue
        name, raw = _place_of_office(piece)
        parties.append(Party(name=name, role="founder", note=raw if raw != name else ""))
    return parties


def _network(unit: _Unit, occurrences: list[_Unit], body: str | None) -> Record:
    text = unit.text()
    findings: list[Finding] = []
    parties: list[Party] = []
    founded = founded_raw = None
    for sentence in _sentences(text):
        if founded is None and re.search(r"設立|創設|発足|立ち上げ", sentence):
            m = _DATE.search(sentence)
            if m:
                founded, founded_raw = parse_date(m.group(0)), m.group(0)
        parties += _sentence_parties(sentence, body)
    parties += _member_list(unit, findings)
    status = None
    if re.search(r"活動を(?:休止|停止)|休止中", text):
        status = "suspended"
    elif re.search(r"解散|廃止|活動を終了", text):
        status = "ended"
    description_parts = [e.text for e in unit.body]
    for heading, entries in unit.parts:
        if not _MEMBER_PART.search(heading.text):
            description_parts += [e.text for e in entries]
    extra = _spans(occurrences)
    acronym = _ACRONYM.search(unit.title)
    if acronym:
        extra["acronym"] = acronym.group("a").strip()
    return Record(
        kind="network",
        key=f"network:{unit.title}",
        title=unit.title,
        line_start=unit.line,
        line_end=unit.end,
        parties=_dedupe(parties),
        date=founded,
        date_raw=founded_raw or "",
        status=status,
        description="\n".join(description_parts),
        findings=findings,
        language=LANGUAGE,
        extra=extra,
    )


def _sentence_parties(sentence: str, body: str | None) -> list[Party]:
    """Founders, members, partners and the secretariat one sentence names."""
    parties: list[Party] = []
    if re.search(r"により(?:設立|創設|発足)", sentence):
        parties += _founders(sentence)
    m = re.match(rf"\s*(?P<who>{_BODY})は、?.*(?:立ち上げ|設立し|創設し)", sentence)
    if m:
        parties.append(Party(name=m.group("who"), role="founder"))
    m = re.match(rf"\s*(?P<who>{_BODY})は、?.*加盟", sentence)
    if m:
        d = _DATE.search(sentence)
        parties.append(
            Party(
                name=m.group("who"),
                role="member",
                date_start=parse_date(d.group(0)) if d else None,
                date_start_raw=d.group(0) if d else "",
            )
        )
    m = re.search(r"(?P<who>[A-Za-z0-9\u30a0-\u30ff]+)等?との連携", sentence)
    if m:
        parties.append(Party(name=m.group("who"), role="partner"))
    m = re.search(r"(?P<who>[^、。\s]+?)が幹事(?:都市|団体)", sentence)
    if m:
        name, note = _resolve(m.group("who"), body)
        role_word = m.group(0)[len(m.group("who")) + 1 :]
        parties.append(
            Party(
                name=name, role="secretariat", note=f"{role_word} ({note})" if note else role_word
            )
        )
    return parties


def _member_list(unit: _Unit, findings: list[Finding]) -> list[Party]:
    """The members a member-list part names (its stated total checked against them)."""
    parties: list[Party] = []
    for heading, entries in unit.parts:
        if not (_MEMBER_PART.search(heading.text) and entries):
            continue
        listed = _TOTAL.sub("", " ".join(e.text for e in entries)).strip()
        names = [n.strip() for n in re.split(r"[、,，]", listed) if n.strip()]
        parties += [Party(name=n, role="member") for n in names]
        total = _TOTAL.search(" ".join(e.text for e in entries))
        if total and int(total.group("n")) != len(names):
            findings.append(
                Finding(
                    "count-differs",
                    f"member list says {total.group('n')}, names {len(names)}",
                    entries[0].number,
                    {"stated": int(total.group("n")), "listed": len(names)},
                )
            )
    return parties


def _event(unit: _Unit, occurrences: list[_Unit], body: str | None) -> Record:
    text = unit.text()
    parties = []
    for sentence in _sentences(text):
        m = re.match(rf"\s*(?P<who>{_BODY})は、?", sentence)
        if m and re.search(r"開催", sentence):
            parties.append(Party(name=m.group("who"), role="organizer"))
    if not parties:
        # the subject is often stated once for the whole item, in its first sentence
        m = re.match(rf"\s*(?P<who>{_BODY})は", text)
        if m and re.search(r"開催", text):
            parties.append(Party(name=m.group("who"), role="organizer"))
    aliases = []
    title = _fold(unit.title)
    for m in re.finditer(r"「(?P<a>[^」]+)」[(（](?P<b>[^)）]+)[)）]", text):
        inner = [x.strip() for x in re.split(r"[、,]", m.group("b"))]
        if not any(title == _fold(x) or x.startswith("略称") for x in inner):
            continue
        aliases.append(m.group("a"))
        aliases += [re.sub(r"^略称[:：]\s*", "", x) for x in inner if x.startswith("略称")]
    extra = _spans(occurrences)
    if aliases:
        extra["aliases"] = list(dict.fromkeys(aliases))
    d = _DATE.search(text)
    return Record(
        kind="event",
        key=f"event:{unit.title}",
        title=unit.title,
        line_start=unit.line,
        line_end=unit.end,
        parties=_dedupe(parties),
        date=parse_date(d.group(0)) if d else None,
        date_raw=d.group(0) if d else "",
        description=text,
        language=LANGUAGE,
        extra=extra,
    )


def _program(unit: _Unit, occurrences: list[_Unit], body: str | None) -> Record:
    text = unit.text()
    parties = [Party(name=body, role="implementer")] if body else []
    extra = _spans(occurrences)
    extra["section"] = unit.section
    return Record(
        kind="program",
        key=f"program:{unit.title}",
        title=unit.title,
        line_start=unit.line,
        line_end=unit.end,
        parties=parties,
        sectors=_sectors(f"{unit.title}\n{text}"),
        description=text,
        language=LANGUAGE,
        extra=extra,
    )


def _sectors(text: str) -> list[str]:
    found = set(classify_sectors(text))
    found |= {sector for sector, cue in _EXTRA_SECTORS.items() if cue.search(text)}
    return [s for s in SECTORS if s in found]


def _spans(occurrences: list[_Unit]) -> dict:
    return {"spans": [[u.line, u.end] for u in occurrences]}


def _dedupe(parties: list[Party]) -> list[Party]:
    seen, out = set(), []
    for p in parties:
        if (p.name, p.role) not in seen:
            seen.add((p.name, p.role))
            out.append(p)
    return out


def _check_complete(entries: list[_Entry], units: list[_Unit], name: str) -> None:
    """Refuse a page cut short: mid-paragraph, on a bare title, or before the detail
    sections its summary list announces are all there."""
    last = entries[-1]
    if units and units[-1].line == last.number and not units[-1].body:
        raise ReaderError(
            name, last.number, f"truncated: the page ends on the title {quote(last.text)}"
        )
    if units and units[-1].parts and units[-1].parts[-1][0].number == last.number:
        raise ReaderError(
            name, last.number, f"truncated: the page ends on the heading {quote(last.text)}"
        )
    why = cut_reason(last.text)
    if why is None and _is_paragraph(last.text) and not ends_sentence(last.text):
        why = "mid-sentence"
    if why:
        raise ReaderError(
            name, last.number, f"truncated: the page stops {why} at {quote(last.text)}"
        )
    missing = _undetailed_summary(units)
    if missing:
        raise ReaderError(
            name,
            last.number,
            f"truncated: the summary at line {missing[0].line} announces "
            f"{quote(missing[0].title)} but the detail sections stop before it",
        )


def _undetailed_summary(units: list[_Unit]) -> list[_Unit]:
    """Summary items with no detail section, when the page ends on one of those sections.

    A summary list (compact: a title and a line each) followed by one detail section per
    item is cut short when its details stop early and nothing else follows them.
    """
    if not units or units[-1].compact:
        return []
    runs: list[list[_Unit]] = []
    for i, unit in enumerate(units):
        if unit.compact and i and runs and runs[-1][-1] is units[i - 1]:
            runs[-1].append(unit)
        elif unit.compact:
            runs.append([unit])
    last = _fold(units[-1].title)
    run = next((r for r in runs if last in {_fold(u.title) for u in r}), [])
    detailed = {_fold(u.title) for u in units if u.body and not u.compact}
    return [u for u in run if _fold(u.title) not in detailed]


_BUILDERS = {"network": _network, "event": _event, "program": _program}


def _repeat_differs(occurrences: list[_Unit]) -> bool:
    """Whether an item's repeats are neither identical nor a shortening of one another."""
    texts = {_fold(u.text()) for u in occurrences}
    return len(texts) > 1 and not any(a != b and a in b for a in texts for b in texts)


def _build_records(items: list[_Unit], body: str | None, findings: list[Finding]) -> list[Record]:
    """A record of each item (its summary and detail occurrences merged) that can be told
    a network, an event or a program."""
    records: list[Record] = []
    for unit, occurrences in _merge(items):
        kind = _kind(unit)
        if kind is None:
            findings.append(
                Finding("unclassified-item", f"cannot tell what {unit.title!r} is", unit.line)
            )
            continue
        record = _BUILDERS[kind](unit, occurrences, body)
        if _repeat_differs(occurrences):
            record.findings.append(
                Finding(
                    "repeat-differs",
                    "the summary and the detail section say different things",
                    unit.line,
                )
            )
        records.append(record)
    return records


def _link_sections(records: list[Record], headings: list[_Unit]) -> None:
    """A network saying its work now runs "as (heading)" points at that section's programs."""
    for record in records:
        if record.kind != "network":
            continue
        for heading in headings:
            if heading.title in record.description:
                record.related_keys += [
                    r.key
                    for r in records
                    if r.kind == "program" and r.extra.get("section") == heading.title
                ]


def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]:
    lines = [line.rstrip("\r") for line in text.split("\n")]
    entries = _entries(lines)
    if not entries:
        raise ReaderError(name, None, "no content besides page chrome")
    units, orphans = _units(entries)
    headings, items = _sections(units)
    if not items:
        raise ReaderError(name, entries[0].number, "no titled items (title line + paragraph)")
    _check_complete(entries, units, name)
    findings: list[Finding] = []
    body = _page_body(text)
    if body is None:
        findings.append(Finding("no-implementer", "the body running the page is not named"))
    records = _build_records(items, body, findings)
    _link_sections(records, headings)
    for entry in orphans:
        findings.append(Finding("orphan-paragraph", "paragraph outside any item", entry.number))
    return records, findings
