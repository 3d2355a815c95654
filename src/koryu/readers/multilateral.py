"""Multilateral exchange cases: a page of labelled blocks, one per case, in sections.

A case is a run of labelled lines that starts at 情報提供自治体名 (providing local
government)::

    情報提供自治体名 北海道/札幌市
    実施年度 平成22年度
    事業名(活動名称) <title>
    (<subtitle or "現在は<new name>">)
    団体名 <bodies running it, "(事務局:X)" notes, "※" note lines>
    交流の相手方 <partners: a list of places, or a description>
    現在の取組内容及び成果 <free text over several lines>
    詳細情報 <URLs, possibly labelled, possibly none>

A value runs on over the following lines until the next label. Sections are announced by
a short heading with a circled number (①会議形式の交流) right before a case; everything
before the first case and the page's contact block after the last one is page chrome.

Each case becomes a ``program`` record. When the case is itself a standing body with
members (an association of mayors, a federation, an organization, a network, an alliance,
a forum of member regions, or membership of such a body: "...への加盟"), a ``network``
record is emitted too, and the two point at each other through ``related_keys``.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass, field

from koryu.normalize.dates import parse_fiscal_year
from koryu.normalize.sectors import classify_sectors
from koryu.readers.base import ReaderError
from koryu.readers.completeness import cut_reason, quote
from koryu.records import Finding, Party, Record

FORMAT = "multilateral-cases"
LANGUAGE = "ja"
SPECIFIC = True  # records are published directly

# field name -> label spellings (parentheses may be half- or full-width)
LABELS: dict[str, tuple[str, ...]] = {
    "provider": ("情報提供自治体名",),
    "fiscal_year": ("実施年度",),
    "title": ("事業名(活動名称)", "事業名", "活動名称"),
    "body": ("団体名",),
    "partners": ("交流の相手方",),
    "activities": ("現在の取組内容及び成果", "取組内容及び成果"),
    "details": ("詳細情報",),
}
FIELD_ORDER = tuple(LABELS)
CASE_START = "provider"


def _label_pattern() -> re.Pattern[str]:
    spellings = sorted(
        ((s, f) for f, names in LABELS.items() for s in names), key=lambda p: -len(p[0])
    )
    alternatives = "|".join(
        f"(?P<{field}_{i}>{re.escape(s).replace(r'\(', '[(（]').replace(r'\)', '[)）]')})"
        for i, (s, field) in enumerate(spellings)
    )
    return re.compile(rf"^[ \t\u3000]*(?:{alternatives})(?:[ \t\u3000\u00a0:：]+(?P<value>.*))?$")


_LABEL = _label_pattern()
_SPACE = " \t\u3000\u00a0"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEADING = re.compile(
    rf"^[{_SPACE}]*[{_CIRCLED}][{_SPACE}]*(?P<title>[^。、]{{1,30}}?)[{_SPACE}]*$"
)
_FOOTER = re.compile(
    r"^[ \t\u3000]*(?:(?:このページに関する)?お?問い?合わ?せ先|ページの先頭へ|"
    r"(?:Tel|TEL|Fax|FAX|E-?mail|EMAIL)[ \t\u3000]*[:：])"
)

# The footer's opening words, whole: a page that stops partway through them was cut.
_FOOTER_WORDS = (
    "このページに関するお問い合せ先",
    "このページに関するお問い合わせ先",
    "ページの先頭へ",
)


# -- reading the page into cases ---------------------------------------------------------


@dataclass
class _Case:
    start: int
    section_title: str
    end: int = 0
    values: dict[str, list[str]] = field(default_factory=dict)
    label_lines: dict[str, int] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return _clean_block(self.values.get(name, []))

    def lines(self, name: str) -> list[str]:
        return [line for line in self.text(name).split("\n") if line]


def _clean_block(lines: list[str]) -> str:
    """Strip each line, drop blank lines: paragraphs become lines."""
    stripped = (line.strip(_SPACE) for line in lines)
    return "\n".join(line for line in stripped if line)


def _label_of(line: str) -> tuple[str, str] | None:
    m = _LABEL.match(line)
    if not m:
        return None
    field_name = next(k.rsplit("_", 1)[0] for k, v in m.groupdict().items() if v and k != "value")
    return field_name, (m.group("value") or "")


def _split_cases(lines: list[str], name: str, findings: list[Finding]) -> list[_Case]:
    cases: list[_Case] = []
    current: _Case | None = None
    current_field = ""
    section = ""
    in_footer = False

    def next_label(i: int) -> str | None:
        for line in lines[i + 1 :]:
            if line.strip(_SPACE):
                label = _label_of(line)
                return label[0] if label else None
        return None

    for i, line in enumerate(lines):
        lineno = i + 1
        label = _label_of(line)
        heading = _HEADING.match(line)
        if heading and next_label(i) == CASE_START:
            current, section, in_footer = None, heading.group("title"), False
            continue
        if label and label[0] == CASE_START:
            current = _Case(start=lineno, section_title=section)
            cases.append(current)
            in_footer = False
        elif _FOOTER.match(line):
            current, in_footer = None, True
            continue
        if current is None or in_footer:
            if label:
                findings.append(
                    Finding(
                        code="label-outside-case",
                        message=f"label {label[0]} outside a case: ignored",
                        line=lineno,
                    )
                )
            continue
        if label:
            current_field, value = label
            if current_field in current.label_lines:
                findings.append(
                    Finding(
                        code="repeated-label",
                        message=f"label of {current_field} repeated in one case: values joined",
                        line=lineno,
                    )
                )
            current.label_lines.setdefault(current_field, lineno)
            current.values.setdefault(current_field, []).append(value)
        else:
            current.values[current_field].append(line)
        if line.strip(_SPACE):
            current.end = lineno
    if not cases:
        raise ReaderError(
            name, None, "no case found: expected blocks starting with 情報提供自治体名"
        )
    return cases


def _check_end(cases: list[_Case], lines: list[str], name: str) -> None:
    """Refuse a page that stops inside its last case: a value cut mid-list, inside a
    bracket, a label or a URL's domain, or a case that never reaches the labels every other
    case of the page has. A cut inside the last case's 詳細情報 (free text, a URL's path)
    or exactly after a case's last line cannot be told from a shorter page."""
    last = cases[-1]
    end = last.end or last.start
    final = next((i for i in range(len(lines), 0, -1) if lines[i - 1].strip(_SPACE)), end)
    if _HEADING.match(lines[final - 1]):
        raise ReaderError(
            name, final, f"truncated: the page ends on the heading {quote(lines[final - 1])}"
        )
    tail = lines[end - 1].strip(_SPACE)
    words = (*(s for spellings in LABELS.values() for s in spellings), *_FOOTER_WORDS)
    if len(tail) >= 2 and any(w != tail and w.startswith(tail) for w in words):
        raise ReaderError(name, end, f"truncated: the page stops inside the label {quote(tail)}")
    why = cut_reason(lines[end - 1])
    if why:
        raise ReaderError(
            name, end, f"truncated: the last case stops {why} at {quote(lines[end - 1])}"
        )
    # the labels every other case has; a page of one case has the form's closing label
    others = [set(case.label_lines) for case in cases[:-1]] or [{FIELD_ORDER[-1]}]
    shared = set.intersection(*others)
    missing = [f for f in FIELD_ORDER if f in shared and f not in last.label_lines]
    if missing:
        raise ReaderError(
            name,
            end,
            f"truncated: the last case (line {last.start}) ends before "
            f"{LABELS[missing[0]][0]}, which every other case has",
        )


# -- names: countries, prefectures, lists --------------------------------------------------

_JP_PREFECTURES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 "
    "神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 "
    "大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 "
    "福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()

# Short and usual Japanese names that the ISO catalogue lacks (it has 大韓民国, 米国...).
_COUNTRY_ALIASES = {
    "日本": "JP",
    "韓国": "KR",
    "中国": "CN",
    "北朝鮮": "KP",
    "台湾": "TW",
    "アメリカ": "US",
    "米国": "US",
    "イギリス": "GB",
    "英国": "GB",
    "ロシア": "RU",
    "モンゴル": "MN",
    "タンザニア": "TZ",
    "オランダ": "NL",
}


def _country_index() -> dict[str, str]:
    import pycountry

    try:
        ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
    except OSError:  # pragma: no cover - catalogues ship with pycountry
        return dict(_COUNTRY_ALIASES)
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            if not english:
                continue
            translated = ja.gettext(english)
            if translated == english or "\n" in translated:
                continue
            # "大韓民国 (韓国)": both spellings
            for part in re.split(r"\s*[(（]\s*|\s*[)）]\s*", translated):
                if part and not re.search(r"[A-Za-z]", part):
                    index.setdefault(part, country.alpha_2)
    index.update(_COUNTRY_ALIASES)
    return index


_COUNTRIES = _country_index()
_COUNTRY_NAMES = sorted(_COUNTRIES, key=len, reverse=True)
# A country prefix is not one when a subdivision suffix follows (ジョージア州 is in the US).
_NOT_AFTER_COUNTRY = tuple("州省県市道郡区")


def _country_prefix(s: str) -> tuple[str | None, str]:
    """(ISO code, rest) when ``s`` starts with a country name, else (None, s)."""
    for country in _COUNTRY_NAMES:
        if s.startswith(country):
            rest = s[len(country) :]
            if rest.startswith(_NOT_AFTER_COUNTRY):
                continue
            return _COUNTRIES[country], rest.lstrip(_SPACE + "・:：")
    return None, s


def _is_japanese_path(s: str) -> bool:
    return s.startswith(tuple(_JP_PREFECTURES))


_OPEN, _CLOSE = "(（[［「『【〈《", ")）]］」』】〉》"


def _split_outside_brackets(s: str, separators: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            parts.append(s[start:i])
            start = i + 1
    parts.append(s[start:])
    return [p.strip(_SPACE) for p in parts if p.strip(_SPACE)]


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "々〆ヶ"


def _split_interpuncts(item: str, protected: list[str]) -> list[str]:
    """Split ``a市・b市`` lists; keep ``シティーズ・フォー`` and protected names whole."""
    spans = [(m.start(), m.end()) for p in protected if p for m in re.finditer(re.escape(p), item)]
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(item):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "・" and depth == 0 and i > start:
            if any(a <= i < b for a, b in spans):
                continue
            left = item[start:i].strip(_SPACE)
            if _is_kanji(item[i - 1]) or left in _COUNTRIES:
                parts.append(left)
                start = i + 1
    parts.append(item[start:].strip(_SPACE))
    return [p for p in parts if p]


def _split_list(line: str, protected: list[str]) -> list[str]:
    items: list[str] = []
    for piece in _split_outside_brackets(line, "、,，;；"):
        items.extend(_split_interpuncts(piece, protected))
    return [re.sub(rf"^[{_CIRCLED}]\s*", "", item) for item in items]


_TRAILING_NOTE = re.compile(r"^(?P<name>.*?)[(（](?P<note>[^()（）]*)[)）]$")
_SECRETARIAT = re.compile(r"^(?:事務局|幹事(?:都市|自治体)?)\s*[:：]\s*(?P<name>.+)$")
_NAME_SUFFIX = re.compile(
    r"(?:市|町|村|区|県|府|都|道|州|省|郡|自治区|諸島|島|国|会|連合|機構|協会|協議会|委員会|"
    r"財団|大学|センター|ネットワーク|アライアンス|フォーラム|局|庁|組合|公社|事務所)$"
)
_NOT_A_NAME = re.compile(
    r"する|される|等$|など|他$|ほか|^各|^同|^その|^本|会員|加入|加盟|参加|関係|基づく|現在|"
    r"\d+\s*[カヵケか箇ヶ]国|^第\d"
)


def _split_note(item: str) -> tuple[str, str]:
    m = _TRAILING_NOTE.match(item)
    if m and m.group("name").strip(_SPACE):
        return m.group("name").strip(_SPACE), m.group("note").strip(_SPACE)
    return item, ""


def _looks_like_name(name: str, has_country: bool) -> bool:
    if not name or _NOT_A_NAME.search(name):
        return False
    return has_country or bool(_NAME_SUFFIX.search(name)) or name in _COUNTRIES


# -- parties ---------------------------------------------------------------------------


def _same_place(a: str, b: str) -> bool:
    """北海道札幌市 ~ 札幌市, 兵庫県 ~ 兵庫: one written with more of its path than the other."""
    if a == b:
        return True
    long, short = (a, b) if len(a) > len(b) else (b, a)
    if long.endswith(short) and long[: -len(short)] in _JP_PREFECTURES:
        return True
    return long[-1] in "県府都" and long[:-1] == short


def _add(parties: list[Party], party: Party) -> None:
    for existing in parties:
        if existing.role == party.role and _same_place(existing.name, party.name):
            if party.note and party.note not in existing.note:
                existing.note = f"{existing.note}; {party.note}" if existing.note else party.note
            if existing.country is None:
                existing.country = party.country
            return
    parties.append(party)


def _providers(value: str) -> list[Party]:
    parties = []
    for item in _split_outside_brackets(value, "、,，"):
        path = "".join(part.strip(_SPACE) for part in re.split(r"[/／]", item))
        if path:
            parties.append(Party(name=path, role="implementer", country="JP"))
    return parties


@dataclass
class _Parsed:
    """Parties read from one field, and its lines that name no party."""

    parties: list[Party] = field(default_factory=list)
    secretariats: list[Party] = field(default_factory=list)
    observers: list[Party] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    count: int | None = None
    members_by_note: list[Party] = field(default_factory=list)


_MEMBER_COUNT = re.compile(r"\d+\s*[カヵケか箇ヶ]国\s*(?P<n>\d+)\s*(?:都市|自治体|団体|地域)")
_COUNTRY_LIST_NOTE = re.compile(
    r"^(?P<country>[^\s、,]+?)は(?P<list>.+?)の\s*\d+\s*(?:団体|自治体|都市)"
)
_LINE_COUNTRY = re.compile(
    r"^(?P<country>[^\s・:：、,]+?)(?:[ \u3000]*[・:：][ \u3000]*|[ \u3000]+)"
)
_OBSERVERS = re.compile(r"^オブザーバー\s*[:：]\s*(?P<list>.+)$")


def _parties_of(lines: list[str], role: str, protected: list[str]) -> _Parsed:
    out = _Parsed()
    for line in lines:
        count = _MEMBER_COUNT.search(line)
        if count and out.count is None:
            out.count = int(count.group("n"))
        if line.startswith(("※", "＊", "*")):
            note = line.lstrip("※＊* \u3000")
            observers = _OBSERVERS.match(note)
            listed = _COUNTRY_LIST_NOTE.match(note)
            if observers:
                out.observers.extend(
                    _items(observers.group("list"), "observer", protected)[0] or []
                )
            elif listed and (code := _COUNTRIES.get(listed.group("country"))):
                for item in _split_list(listed.group("list"), protected):
                    out.members_by_note.append(Party(name=item, role=role, country=code))
            out.notes.append(note)
            continue
        if line[0] in "(（" and line[-1] in ")）":
            out.notes.append(line[1:-1].strip(_SPACE))
            continue
        body = next((p for p in protected if line.startswith(p)), "")
        if body:  # "<the body>(English name) およびその会員都市": the body, then a description
            leading = _leading_name(line, body)
            parties, secretariats = _items(leading, role, protected)
            for party in parties or [Party(name=leading, role=role)]:
                _add(out.parties, party)
            out.secretariats.extend(secretariats)
            if line[len(leading) :].strip(_SPACE):
                out.summary.append(line)
            continue
        parties, secretariats = _items(line, role, protected)
        if parties is None:
            out.summary.append(line)
        else:
            for party in parties:
                _add(out.parties, party)
            out.secretariats.extend(secretariats)
    return out


def _leading_name(line: str, name: str) -> str:
    """``name`` at the start of ``line`` with the bracketed note that follows it, if any."""
    m = re.match(re.escape(name) + r"[ \u3000]*[(（][^()（）]*[)）]", line)
    return m.group(0) if m else name


def _line_country(line: str) -> tuple[str | None, str]:
    """(country, the rest of the line) when a country heads the whole line: "中国・大連市、
    青島市" / "大韓民国 釜山広域市、全羅南道"; else (None, line)."""
    head = _LINE_COUNTRY.match(line)
    if head and head.group("country") in _COUNTRIES:
        return _COUNTRIES[head.group("country")], line[head.end() :]
    return None, line


def _take_list_note(items: list[str]) -> str:
    """ "(輪番)" closing a list of several names is a note on the list, not on its last
    name: taken off the last item and returned ("" when there is none)."""
    if len(items) > 1:
        last, note = _split_note(items[-1])
        if note and not re.search(r"[、・,]", note) and not _SECRETARIAT.match(note):
            items[-1] = last
            return note
    return ""


def _country_parties(name: str, note: str, country: str, role: str) -> list[Party]:
    """A country alone: "アメリカ合衆国(ロサンゼルス市~サンディエゴ市)" is the places its note
    names when they all look like names, else the country itself."""
    places = [p for p in re.split(r"[~〜～、・]", note) if p.strip(_SPACE)] if note else []
    if places and all(_looks_like_name(p.strip(_SPACE), True) for p in places):
        return [Party(name=p.strip(_SPACE), role=role, country=country) for p in places]
    return [Party(name=name, role=role, country=country, note=note)]


def _items(line: str, role: str, protected: list[str]) -> tuple[list[Party] | None, list[Party]]:
    """Parties named on ``line``, or None when the line is a description rather than a list."""
    line_country, rest = _line_country(line)
    items = _split_list(rest, protected)
    list_note = _take_list_note(items)
    parties: list[Party] = []
    secretariats: list[Party] = []
    for item in items:
        name, note = _split_note(item)
        country, bare = _country_prefix(name)
        if country and not bare:
            parties.extend(_country_parties(name, note, country, role))
            continue
        name = bare if country else name
        if _is_japanese_path(name):
            country = "JP"
        country = country or line_country
        if not _looks_like_name(name, country is not None):
            return None, []
        secretariat = _SECRETARIAT.match(note)
        if secretariat:
            secretariats.append(Party(name=secretariat.group("name"), role="secretariat"))
        parties.append(Party(name=name, role=role, country=country, note=note))
    if list_note:
        for party in parties:
            party.note = f"{party.note}; {list_note}" if party.note else list_note
    return parties, secretariats


# -- networks --------------------------------------------------------------------------

_NETWORK_WORD = re.compile(
    r"(?:市長会|知事会|首長会|議長会|連合|機構|連盟|同盟|協議会|ネットワーク|アライアンス|"
    r"フォーラム|network|alliance|forum|league|union)$",
    re.IGNORECASE,
)
_JOINING = re.compile(r"^(?P<body>.+?)(?:への|に)(?:加盟|加入)$")
_RENAMED = re.compile(r"^(?:現在は|現在の名称は|現:|現在:|通称:?|略称:?)\s*(?P<name>.+)$")


def _name_and_aliases(s: str) -> tuple[str, list[str]]:
    """都市・自治体連合(United Cities and Local Governments, UCLG) -> name, [english, abbr]."""
    name, note = _split_note(s)
    if note and re.search(r"[A-Za-z]", note):
        return name, [a for a in _split_outside_brackets(note, ",，、") if a]
    return s, []


# -- building records ------------------------------------------------------------------

_SECTIONS = (("会議", "conference"), ("人的", "people_exchange"))
_URL = re.compile(r"https?://[^\s　()（）<>「」\"”]+")
_SUSPENDED = re.compile(r"休止(?:中|している|した)|中断(?:中|している|した)")
_ENDED = re.compile(r"終了(?:した|しました)|廃止(?:した|された)|解散(?:した|された)|脱退")
_NOT_TAKING_PART = re.compile(r"本年度は(?:参加|実施)せず|今年度は(?:参加|実施)(?:せず|しない)")


def _section_code(title: str) -> str | None:
    return next((code for word, code in _SECTIONS if word in title), None)


def _slug(title: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title))


def _details(case: _Case) -> tuple[list[str], dict[str, str], list[str]]:
    urls: list[str] = []
    labels: dict[str, str] = {}
    references: list[str] = []
    for line in case.lines("details"):
        found = _URL.findall(line)
        if not found:
            references.append(line.lstrip("・ "))
            continue
        for url in found:
            if url not in urls:
                urls.append(url)
        label = _URL.sub("", line).strip(_SPACE + "・:：")
        label = re.sub(r"^[(（](.*)[)）]$", r"\1", label).strip(_SPACE)
        if label:
            labels[found[0]] = label
    return urls, labels, references


def _program(
    case: _Case, key: str, findings: list[Finding], name: str
) -> tuple[Record, Record | None]:
    title_lines = case.lines("title")
    if not title_lines:
        raise ReaderError(name, case.start, "case without 事業名(活動名称)")
    title = title_lines[0]
    extra, description_lines, alias = _subtitles(title_lines[1:])
    extra["section"] = _section_code(case.section_title)
    if case.section_title:
        extra["section_title"] = case.section_title

    fy_raw = case.text("fiscal_year").replace("\n", " ")
    fy_main, fy_note = _split_note(fy_raw) if fy_raw else ("", "")
    if fy_note:
        extra["fiscal_year_note"] = fy_note

    # a body named by the case (in its title or membership) must not be split at its "・"
    joining = _JOINING.match(title)
    network_name, network_aliases = "", []
    if joining:
        network_name, network_aliases = _name_and_aliases(joining.group("body"))
    protected = [n for n in (network_name, _name_and_aliases(title)[0], alias) if n]
    parties, body, partners = _program_parties(case, protected, extra)

    activities = case.text("activities")
    urls, url_labels, references = _details(case)
    if url_labels:
        extra["url_labels"] = url_labels
    if references:
        extra["references"] = references
    status, record_findings = _program_status(case, activities)
    findings.extend(record_findings)

    program = Record(
        kind="program",
        key=key,
        title=title,
        line_start=case.start,
        line_end=case.end,
        parties=parties,
        fiscal_year=parse_fiscal_year(fy_main) if fy_main else None,
        fiscal_year_raw=fy_raw,
        sectors=classify_sectors("\n".join([title, *description_lines, activities])),
        status=status,
        participants_count=partners.count if partners.count is not None else body.count,
        description="\n".join(description_lines),
        activities=activities,
        urls=urls,
        findings=record_findings,
        extra=extra,
    )
    network = _network(case, program, title, alias, network_name, network_aliases, body, partners)
    return program, network


def _subtitles(lines: list[str]) -> tuple[dict, list[str], str]:
    """The lines under a title: (extra with the subtitle and former names, description
    lines, the former name "旧称 X" gives)."""
    extra: dict = {}
    description_lines: list[str] = []
    alias = ""
    for line in lines:
        inner = line[1:-1].strip(_SPACE) if line[0] in "(（" and line[-1] in ")）" else line
        extra.setdefault("subtitle", inner)
        renamed = _RENAMED.match(inner)
        if renamed:
            alias = renamed.group("name")
            extra["aliases"] = [alias]
        description_lines.append(inner)
    return extra, description_lines, alias


def _program_parties(case: _Case, protected: list[str], extra: dict):
    """Providers, the implementing body and the partners as parties (in that order), with
    what their cells say besides the parties kept in ``extra``."""
    parties: list[Party] = []
    for party in _providers(case.text("provider").replace("\n", "、")):
        _add(parties, party)
    body = _parties_of(case.lines("body"), "implementer", protected)
    partners = _parties_of(case.lines("partners"), "partner", protected)
    for party in body.parties + body.secretariats + body.observers:
        _add(parties, party)
    for party in partners.parties + partners.observers:
        _add(parties, party)
    for key, lines in (
        ("body_summary", body.summary),
        ("body_note", body.notes),
        ("partner_summary", partners.summary),
        ("partner_note", partners.notes),
    ):
        if lines:
            extra[key] = "\n".join(lines)
    for raw_field in ("provider", "body", "partners", "details"):
        extra[f"{raw_field}_raw"] = case.text(raw_field)
    return parties, body, partners


def _program_status(case: _Case, activities: str) -> tuple[str | None, list[Finding]]:
    if _ENDED.search(activities):
        return "ended", []
    if _SUSPENDED.search(activities):
        return "suspended", []
    if _NOT_TAKING_PART.search(activities):
        # not taking part this year says nothing about whether the program goes on
        return None, [
            Finding(
                code="status-unclear",
                message="the case says it did not take part this year; status left unset",
                line=case.label_lines.get("activities"),
            )
        ]
    return None, []


def _network_identity(
    case: _Case,
    program: Record,
    title: str,
    alias: str,
    joined: str,
    joined_aliases: list[str],
    body: _Parsed,
    partners: _Parsed,
) -> tuple[str, list[str], list[Party], str] | None:
    """(name, aliases, members, description) of the standing body a case is about: the
    body it joins, a network its former name names, one its title names (run by the
    implementing bodies), or one its subtitle describes; None when it is about none."""
    providers = [p for p in program.parties if p.role == "implementer" and p.country == "JP"]
    providers = providers[: len(_providers(case.text("provider").replace("\n", "、")))]
    title_name, title_aliases = _name_and_aliases(title)
    subtitle = program.extra.get("subtitle", "")
    listed = body.parties + partners.parties
    body_is_title = any(_slug(p.name) == _slug(title_name) for p in body.parties)
    if joined:
        return joined, joined_aliases, providers, ""
    if alias and _NETWORK_WORD.search(alias) and len(listed) >= 2:
        return alias, [], providers + listed, ""
    if _NETWORK_WORD.search(title_name) and (
        body_is_title or len(body.parties) >= 2 or body.secretariats
    ):
        if body_is_title:
            return (
                title_name,
                title_aliases,
                providers + partners.parties + partners.members_by_note,
                "",
            )
        return title_name, title_aliases, providers + body.parties, ""
    if subtitle and not alias and _NETWORK_WORD.search(subtitle):
        return title_name, title_aliases, providers, subtitle
    return None


def _network(
    case: _Case,
    program: Record,
    title: str,
    alias: str,
    joined: str,
    joined_aliases: list[str],
    body: _Parsed,
    partners: _Parsed,
) -> Record | None:
    """The standing body a case is about, if it is one (see the module docstring)."""
    identity = _network_identity(
        case, program, title, alias, joined, joined_aliases, body, partners
    )
    if identity is None:
        return None
    name, aliases, members, description = identity
    title_name = _name_and_aliases(title)[0]
    parties: list[Party] = []
    for party in members:
        if _slug(party.name) in (_slug(name), _slug(title_name)):
            continue
        _add(parties, Party(name=party.name, role="member", country=party.country, note=party.note))
    for party in body.secretariats + body.observers:
        _add(parties, Party(name=party.name, role=party.role, country=party.country))
    key = f"network:{_slug(name)}"
    program.related_keys.append(key)
    extra = {"source_case": program.key}
    if aliases:
        extra["aliases"] = aliases
    return Record(
        kind="network",
        key=key,
        title=name,
        line_start=program.line_start,
        line_end=program.line_end,
        parties=parties,
        fiscal_year=program.fiscal_year,
        fiscal_year_raw=program.fiscal_year_raw,
        sectors=list(program.sectors),
        status=program.status,
        participants_count=partners.count if partners.count is not None else body.count,
        description=description,
        activities=program.activities,
        urls=list(program.urls),
        related_keys=[program.key],
        extra=extra,
    )


# -- the reader interface ------------------------------------------------------------------


def sniff(text: str) -> float:
    """Confident when several cases carry most of the labels."""
    lines = text.split("\n")
    counts = dict.fromkeys(FIELD_ORDER, 0)
    for line in lines:
        label = _label_of(line)
        if label:
            counts[label[0]] += 1
    starts = counts[CASE_START]
    if starts == 0:
        return 0.0
    covered = sum(1 for f in FIELD_ORDER if counts[f] > 0) / len(FIELD_ORDER)
    return round(min(1.0, covered * (0.6 + 0.1 * min(starts, 4))), 3)


def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]:
    findings: list[Finding] = []
    lines = text.split("\n")
    cases = _split_cases(lines, name, findings)
    records: list[Record] = []
    seen_keys: dict[str, int] = {}
    for case in cases:
        title_lines = case.lines("title")
        base = f"program:{_slug(title_lines[0])}" if title_lines else f"program:line-{case.start}"
        seen_keys[base] = seen_keys.get(base, 0) + 1
        key = base if seen_keys[base] == 1 else f"{base}#{seen_keys[base]}"
        for missing in ("provider", "title"):
            if not case.text(missing):
                findings.append(
                    Finding(
                        code="missing-field", message=f"case without {missing}", line=case.start
                    )
                )
        if case.section_title and _section_code(case.section_title) is None:
            findings.append(
                Finding(
                    code="unknown-section",
                    message=f"section heading {case.section_title!r} is neither conference nor people exchange",
                    line=case.start,
                )
            )
        program, network = _program(case, key, findings, name)
        records.append(program)
        if network is None:
            continue
        same = next((r for r in records if r.key == network.key), None)
        if same is None:
            records.append(network)
        else:  # a body several cases are about is one network, linked to each of them
            same.related_keys.append(program.key)
            same.line_end = max(same.line_end, network.line_end)
            for party in network.parties:
                _add(same.parties, party)
    _check_end(cases, lines, name)  # after the cases' own errors, which say more
    return records, findings
