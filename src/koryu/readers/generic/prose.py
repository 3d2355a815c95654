"""Records stated in running text: "Sapporo signed a sister city agreement with Portland in
1959", "瀋陽市代表団12名が本市を訪問した", "В 1991 году Иркутск и Канадзава породнились".

Per sentence: trigger words say what relation is stated (triggers.py), places.py finds
the places and bodies, dates come from the normaliser (era years, Russian, Korean,
Chinese and English dates) or are derived from an anniversary ("締結30周年" in a text
dated 2019 gives 1989). The document's home party (ctx.home) fills a side the sentence
leaves implicit (本市, "our city", or no subject at all). One record per fact: sentences
about the same pair of parties merge into one agreement; delegations and events merge
per pair and year.

Every record carries a confidence and, per field, the line and exact words it came from
(``evidence``); derived and partial facts get less confidence than stated ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from koryu.normalize.dates import parse_date
from koryu.normalize.numbers import kanji_to_int
from koryu.normalize.text import nfkc
from koryu.readers.generic.context import DocContext
from koryu.readers.generic.places import Mention, find_places
from koryu.readers.generic.triggers import Trigger, find_anniversaries, find_triggers
from koryu.records import Party, Record

__all__ = ["Sentence", "extract_prose", "find_dates", "split_sentences"]


# --- sentences -------------------------------------------------------------------------------


@dataclass
class Sentence:
    text: str
    offsets: list[tuple[int, int]]  # (offset in text, line number) where each line starts

    def line_at(self, pos: int) -> int:
        line = self.offsets[0][1]
        for off, ln in self.offsets:
            if off > pos:
                break
            line = ln
        return line

    @property
    def first_line(self) -> int:
        return self.offsets[0][1]


_ABBREV = re.compile(
    r"(?:\b(?:St|Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Jr|Sr|Inc|Ltd|Co|No|Vol|approx|etc|vs|e\.g|i\.e"
    r"|U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft)"
    r"|(?<![а-яё])(?:г|гг|ул|им|т|д|руб|тыс|млн|обл|р-н|пос|с|им|т\.е|т\.к|см|др|пр|ок))$",
    re.IGNORECASE,
)
_END = re.compile(r"[。！？!?]+[」』）)]*|\.(?=\s|$)|다\.|요\.")
_BULLET = re.compile(r"^\s*(?:[・●○■□◆◇▶►•\-*＊※]|\d{1,2}[.)．）]\s|[(（]\d{1,2}[)）])")


def _is_stop(text: str, m: re.Match[str]) -> bool:
    if m.group(0) != ".":
        return True
    if _ABBREV.search(text[max(0, m.start() - 6) : m.start()]):
        return False
    return not re.search(r"(?:^|\s)[A-ZА-Я]$", text[: m.start()])  # an initial ("J. Smith")


def split_sentences(lines: list[tuple[int, str]]) -> list[Sentence]:
    """Sentences of a block, each knowing the lines it spans. A line break ends a sentence
    after a short heading-like line, before a bullet, and on an empty line."""
    text, starts = "", []
    cuts: set[int] = set()
    prev = ""
    for number, line in lines:
        if text:
            if (
                not line.strip()
                or not prev.strip()
                or _BULLET.match(line)
                or len(prev.strip()) < 20
            ):
                cuts.add(len(text))
            text += "\n"
        starts.append((len(text), number))
        text += line
        prev = line
    cuts |= {m.end() for m in _END.finditer(text) if _is_stop(text, m)}
    cuts.add(len(text))
    sentences, begin = [], 0
    for cut in sorted(cuts):
        chunk = text[begin:cut]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            s0 = begin + lead
            offs = [(max(0, off - s0), ln) for off, ln in starts if off <= s0]
            offs = offs[-1:] + [(off - s0, ln) for off, ln in starts if s0 < off < cut]
            sentences.append(Sentence(body, [(0, offs[0][1]), *offs[1:]]))
        begin = cut
    return sentences


# --- dates -----------------------------------------------------------------------------------

_NUM = r"(?:\d{1,2}|[〇一二三四五六七八九十元]{1,3})"
_MONTHS_RU = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
_MONTHS_EN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = re.compile(
    rf"(?:明治|大正|昭和|平成|令和)\s*{_NUM}\s*(?:[（(]\s*\d{{4}}\s*[)）])?\s*年(?:\s*{_NUM}\s*月)?(?:\s*{_NUM}\s*日)?"
    r"|(?<!\d)\d{4}\s*[年년](?:\s*\d{1,2}\s*[月월])?(?:\s*\d{1,2}\s*[日일])?"
    r"|(?<![\d.])\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?(?![\d])"
    rf"|(?:(?<!\d)\d{{1,2}}\s+)?{_MONTHS_RU}\s+\d{{4}}(?:\s*г(?:ода?|\.)?)?"
    rf"|(?:(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS_EN}\.?,?\s+\d{{4}}(?!\d)"
    rf"|{_MONTHS_EN}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?!\d)"
    r"|(?<![\d.,])(?:1[89]\d\d|20[0-4]\d)(?![\d,.]\d)(?:\s*(?:году|года|год|г\.))?",
    re.IGNORECASE,
)


@dataclass
class DateSpan:
    start: int
    end: int
    iso: str
    raw: str


def find_dates(text: str) -> list[DateSpan]:
    folded = nfkc(text)
    source = folded if len(folded) == len(text) else text
    out = []
    for m in _DATE.finditer(source):
        iso = parse_date(m.group(0))
        if iso:
            out.append(DateSpan(m.start(), m.end(), iso, text[m.start() : m.end()]))
    return out


# --- head counts -----------------------------------------------------------------------------

_COUNT = re.compile(
    r"(?P<n>\d{1,4}|[一二三四五六七八九十百]{1,4})\s*(?:人|名|명)(?!目|称|前|物|口|間)"
    r"|(?P<n2>\d{1,4})\s*(?:человек|чел\.|участник\w*|делегат\w*)"
    r"|(?:delegation|group|mission|team) of (?P<n3>\d{1,4})"
    r"|(?P<n4>\d{1,4})\s+(?:people|persons|members|delegates|officials|participants|students)",
    re.IGNORECASE,
)


def _count(text: str) -> tuple[int, int, int] | None:
    m = _COUNT.search(nfkc(text))
    if not m:
        return None
    raw = m.group("n") or m.group("n2") or m.group("n3") or m.group("n4")
    n = int(raw) if raw.isdigit() else kanji_to_int(raw)
    return (n, m.start(), m.end()) if n else None


# --- parties in a sentence -------------------------------------------------------------------

_HOME_WORDS = re.compile(
    r"本市|当市|本町|当町|本村|本県|当県|本区|わが(?:市|町|まち)|我が(?:市|町)|我市|本市"
    r"|наш(?:его|ему|им|ем)?\s+город\w*|우리\s?(?:시|군|구|도)|\bour (?:city|town|prefecture)\b",
    re.IGNORECASE,
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_QUALIFIER_GAP = re.compile(r"^[\s,、，・の的(（]*$")


@dataclass
class _Party:
    mention: Mention | None  # None: the home party
    name: str
    country: str | None
    start: int
    end: int
    home: bool = False
    confidence: float = 0.8

    @property
    def ident(self) -> str:
        if self.home:
            return "home"
        m = self.mention
        if m is not None and m.entry_id:
            return m.entry_id
        return re.sub(r"\W", "", self.name.casefold())


def _parties(sent: Sentence, mentions: list[Mention], ctx: DocContext) -> list[_Party]:
    text = sent.text
    home_key = _home_ident(ctx)
    out: list[_Party] = []
    ms = sorted(mentions, key=lambda m: m.start)
    used_as_qualifier: set[int] = set()
    # a country or region written right before or after a place qualifies it
    # (米国オレゴン州ポートランド市, "Portland, Oregon, USA", 중국 옌타이시)
    for i, m in enumerate(ms):
        if not (m.is_country or m.is_region):
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(ms):
                continue
            other = ms[j]
            if other.is_country:
                continue
            if other.is_region and m.is_region:
                continue
            gap = text[m.end : other.start] if j > i else text[other.end : m.start]
            if len(gap) <= 3 and _QUALIFIER_GAP.match(gap):
                if other.country is None or other.source != "gazetteer":
                    other.country = m.country
                used_as_qualifier.add(i)
                break
    for i, m in enumerate(ms):
        if i in used_as_qualifier or m.is_country:
            continue
        name = m.text
        ru = (m.names or {}).get("ru", "")
        if m.declined and ru and m.text.casefold().startswith(ru.casefold()[:-1]):
            name = ru  # the nominative, not the case the sentence put it in (Ниигату)
        p = _Party(m, name, m.country, m.start, m.end, confidence=m.confidence)
        if home_key and _same_place(m, ctx):
            p.home = True
        out.append(p)
    for hm in _HOME_WORDS.finditer(text):
        if ctx.home is not None and not any(a.start < hm.end() and hm.start() < a.end for a in out):
            out.append(
                _Party(None, ctx.home.name, ctx.home.country, hm.start(), hm.end(), True, 0.8)
            )
    out.sort(key=lambda p: p.start)
    # the same place twice in one sentence is one party
    seen: set[str] = set()
    unique = []
    for p in out:
        if p.ident in seen:
            continue
        seen.add(p.ident)
        unique.append(p)
    return unique


def _home_ident(ctx: DocContext) -> str | None:
    return ctx.home.name if ctx.home is not None else None


def _norm_name(s: str) -> str:
    s = re.sub(r"[\s・]", "", nfkc(s).casefold())
    return re.sub(r"(?:特別市|広域市|市|町|村|区|県|省|州|시|군|구|도|city|prefecture)$", "", s)


def _same_place(m: Mention, ctx: DocContext) -> bool:
    if ctx.home is None:
        return False
    h = _norm_name(ctx.home.name)
    return bool(h) and (h == _norm_name(m.text) or h == _norm_name(m.name))


def _home_party(ctx: DocContext) -> _Party:
    assert ctx.home is not None
    return _Party(None, ctx.home.name, ctx.home.country, -1, -1, True, 0.7)


# --- roles in a delegation -------------------------------------------------------------------

_SENDER_AFTER = re.compile(
    r"^\s*(?:の|からの|から|より)?\s*(?:[^\s、。]{0,12}?)(?:訪問団|代表団|使節団|視察団|交流団|親善団|派遣団|一行)"
    r"|^\s*(?:から|より)|^\s*(?:の|에서|에서의)?\s*(?:[^\s,.]{0,8}\s?)?(?:대표단|방문단|사절단|시찰단|교류단|친선단)"
    r"|^\s*에서|^\s*(?:的)?(?:[^\s，。]{0,8})?(?:代表团|访问团|考察团|友好团|交流团)|^\s*(?:'s)?\s+(?:\w+\s){0,3}?delegation",
    re.IGNORECASE,
)
_SENDER_BEFORE = re.compile(
    r"(?:\bfrom|\bdelegation of|из|делегаци\w+(?:\s+город\w*|\s+администраци\w*|\s+мэри\w*)?"
    r"|来自|从)\s*$",
    re.IGNORECASE,
)
_VISITED_AFTER = re.compile(
    r"^\s*(?:を|へ|に)(?:公式|表敬)?(?:訪問|訪れ|到着|出発)|^\s*(?:を|에|을|를)\s*(?:공식\s?)?방문"
    r"|^\s*(?:に|에)\s*(?:到着|도착)",
    re.IGNORECASE,
)
_VISITED_BEFORE = re.compile(
    r"(?:visited|visit to|arrived in|\bto|\bin|посетил\w*|прибыл\w*\s+в|визит\w*\s+в|побывал\w*\s+в|\bв"
    r"|访问|到访|抵达|前往|访)\s*(?:the\s+)?(?:city of\s+|город\w*\s+)?$",
    re.IGNORECASE,
)
_TO_HOME = re.compile(
    r"来訪|来札|来日|来市|来町|来村|来県|来道|表敬訪問|来访|到访我|访问我|내방|방한", re.IGNORECASE
)


def _roles(
    sent: Sentence, parties: list[_Party], ctx: DocContext
) -> tuple[list[_Party], list[_Party]]:
    text = sent.text
    senders, visited = [], []
    for p in parties:
        after, before = text[p.end : p.end + 25], text[max(0, p.start - 30) : p.start]
        if p.start >= 0 and (_SENDER_AFTER.match(after) or _SENDER_BEFORE.search(before)):
            senders.append(p)
        elif p.start >= 0 and (_VISITED_AFTER.match(after) or _VISITED_BEFORE.search(before)):
            visited.append(p)
    return senders, visited


# --- facts -----------------------------------------------------------------------------------


@dataclass
class _Fact:
    kind: str
    parties: list[tuple[_Party, str]]  # (party, role)
    sentence: Sentence
    trigger: Trigger
    agreement_type: str | None = None
    date: DateSpan | None = None
    derived_date: tuple[str, str, float] | None = None  # (iso, evidence text, confidence)
    count: tuple[int, int, int] | None = None
    confidence: float = 0.7
    extra_sentences: list[Sentence] = field(default_factory=list)

    def ident(self) -> tuple:
        names = frozenset(p.ident for p, _ in self.parties)
        if self.kind == "agreement":
            return (self.kind, names)
        return (self.kind, names, (self.iso or "")[:4])

    @property
    def iso(self) -> str | None:
        if self.date is not None:
            return self.date.iso
        return self.derived_date[0] if self.derived_date else None


_TYPE_ORDER = ("sister", "friendship", "memorandum")


def _agreement_type(triggers: list[Trigger]) -> str | None:
    types = {t.agreement_type for t in triggers if t.kind == "agreement" and t.agreement_type}
    for t in _TYPE_ORDER:
        if t in types:
            return t
    return None


def _year_of_text(sent: Sentence, dates: list[DateSpan], ctx: DocContext) -> int | None:
    if dates:
        return int(dates[0].iso[:4])
    return ctx.year


def _nearest_date(dates: list[DateSpan], p: _Party, others: list[_Party]) -> DateSpan | None:
    """The date written closest after a party (a list "Portland (1959), Munich (1972)")."""
    after = [d for d in dates if d.start >= p.end]
    nxt = min((o.start for o in others if o.start > p.end), default=10**9)
    own = [d for d in after if d.start < nxt]
    return own[0] if own else None


def _sentence_facts(sent: Sentence, ctx: DocContext) -> list[_Fact]:
    triggers = find_triggers(sent.text)
    if not triggers:
        return []
    kinds = {t.kind for t in triggers}
    strong = {t.kind for t in triggers if t.strong}
    mentions = find_places(sent.text, ctx.language)
    parties = _parties(sent, mentions, ctx)
    if len([p for p in parties if not p.home]) < 1 and ctx.language in ("ja", "zh", "ko"):
        mentions = find_places(sent.text, ctx.language, ner=True)
        parties = _parties(sent, mentions, ctx)
    dates = find_dates(sent.text)
    anniversaries = find_anniversaries(sent.text)
    facts: list[_Fact] = []
    if "agreement" in strong:
        facts += _agreement_facts(sent, ctx, triggers, parties, dates, anniversaries)
    if "delegation" in kinds and ("delegation" in strong or not facts):
        fact = _delegation_fact(sent, ctx, triggers, parties, dates)
        if fact is not None:
            facts.append(fact)
    return facts


def _agreement_facts(sent, ctx, triggers, parties, dates, anniversaries) -> list[_Fact]:
    atype = _agreement_type(triggers)
    trig = next(
        t for t in triggers if t.kind == "agreement" and t.strong and t.agreement_type == atype
    )
    foreign = [p for p in parties if not p.home]
    home = next((p for p in parties if p.home), None)
    pairs: list[tuple[_Party, _Party]] = []
    if home is not None:
        pairs = [(home, p) for p in foreign]
    elif len(foreign) == 1 and ctx.home is not None:
        pairs = [(_home_party(ctx), foreign[0])]
    elif len(foreign) == 2:
        pairs = [(foreign[0], foreign[1])]
    elif len(foreign) > 2 and atype in ("sister", "friendship"):
        # "Kobe's sister cities are Seattle (1957), Marseille (1961)...": the first names
        # whose partners follow; an untyped agreement among three places is left alone
        pairs = [(foreign[0], p) for p in foreign[1:]]
    if not pairs:
        return []
    facts = []
    derived = None
    if anniversaries:
        ref = _year_of_text(sent, dates, ctx)
        a = anniversaries[0]
        if ref is not None:
            derived = (f"{ref - a.years:04d}", a.text, 0.6)
        dates = []  # the dates of an anniversary sentence are the celebration's
    for a_party, b_party in pairs:
        others = [p for p in parties if p is not b_party and p is not a_party]
        date = None
        if len(pairs) > 1 and len(dates) > 1:
            date = _nearest_date(dates, b_party, others)
        elif dates:
            date = dates[0]
        conf = 0.75 if trig.agreement_type else 0.6
        if a_party.start < 0:
            conf -= 0.1  # a side left implicit
        f = _Fact("agreement", [(a_party, "partner"), (b_party, "partner")], sent, trig, atype,
                  date, derived if date is None else None, None, round(conf, 2))  # fmt: skip
        facts.append(f)
    return facts


def _delegation_fact(sent, ctx, triggers, parties, dates) -> _Fact | None:
    trig = next((t for t in triggers if t.kind == "delegation" and t.strong), None)
    trig = trig or next(t for t in triggers if t.kind == "delegation")
    senders, visited = _roles(sent, parties, ctx)
    rest = [p for p in parties if p not in senders and p not in visited]
    to_home = _TO_HOME.search(sent.text) is not None
    if not senders and not visited:
        if len(rest) == 1 and ctx.home is not None and not rest[0].home:
            if to_home:
                senders = rest
            else:
                visited = rest
        elif len(rest) >= 2:
            senders, visited = [rest[0]], [rest[1]]
    if senders and not visited:
        homes = [p for p in rest if p.home]
        if homes:
            visited = homes[:1]
        elif ctx.home is not None and not any(p.home for p in senders):
            visited = [_home_party(ctx)]
        elif rest:
            visited = rest[:1]
    if visited and not senders:
        homes = [p for p in rest if p.home]
        if homes:
            senders = homes[:1]
        elif ctx.home is not None and not any(p.home for p in visited):
            senders = [_home_party(ctx)]
        elif rest:
            senders = rest[:1]
    if not senders or not visited:
        return None
    sender, host = senders[0], visited[0]
    if sender.ident == host.ident:
        return None
    conf = 0.7 if trig.strong else 0.55
    if sender.start < 0 or host.start < 0:
        conf -= 0.1
    count = _count(sent.text) if trig.strong else None
    return _Fact("delegation", [(sender, "sender"), (host, "visited")], sent, trig, None,
                 dates[0] if dates else None, None, count, round(conf, 2))  # fmt: skip


# --- records ---------------------------------------------------------------------------------

_TYPE_LABEL = {
    "ja": {"sister": "姉妹都市提携", "friendship": "友好都市提携", "memorandum": "覚書", None: "協定",
           "delegation": "訪問団"},
    "zh": {"sister": "姐妹城市", "friendship": "友好城市", "memorandum": "备忘录", None: "协议",
           "delegation": "代表团访问"},
    "ko": {"sister": "자매결연", "friendship": "우호협력", "memorandum": "양해각서", None: "협약",
           "delegation": "대표단 방문"},
    "ru": {"sister": "побратимство", "friendship": "дружественные связи", "memorandum": "меморандум",
           None: "соглашение", "delegation": "визит делегации"},
    "en": {"sister": "sister city agreement", "friendship": "friendship agreement",
           "memorandum": "memorandum", None: "agreement", "delegation": "delegation"},
}  # fmt: skip


def _title(f: _Fact, lang: str) -> str:
    labels = _TYPE_LABEL.get(lang, _TYPE_LABEL["en"])
    a, b = f.parties[0][0].name, f.parties[1][0].name
    if f.kind == "delegation":
        return f"{a} → {b} {labels['delegation']}"
    sep = "・" if lang in ("ja", "zh") else " – "
    return f"{a}{sep}{b} {labels[f.agreement_type]}"


def _evidence(sent: Sentence, start: int, end: int, conf: float) -> dict:
    return {"confidence": conf, "line": sent.line_at(max(start, 0)), "text": sent.text[start:end]}


def _record(f: _Fact, ctx: DocContext, n: int) -> Record:
    sent = f.sentence
    lines = [s.first_line for s in [sent, *f.extra_sentences]]
    last = max(ln for s in [sent, *f.extra_sentences] for _, ln in s.offsets)
    parties, party_ev = [], []
    for p, role in f.parties:
        parties.append(Party(name=p.name, role=role, country=p.country))
        if p.start >= 0:
            party_ev.append(_evidence(sent, p.start, p.end, p.confidence) | {"name": p.name})
        else:
            where = ctx.home.line if ctx.home is not None else None
            party_ev.append({"confidence": 0.6, "line": where, "text": p.name, "name": p.name,
                             "how": f"home party ({ctx.home.how if ctx.home else ''})"})  # fmt: skip
    if f.count is not None and f.kind == "delegation":
        parties[0].count = f.count[0]
    evidence: dict = {
        "kind": _evidence(sent, f.trigger.start, f.trigger.end, f.confidence),
        "parties": party_ev,
    }
    date, date_raw = None, ""
    if f.date is not None:
        date, date_raw = f.date.iso, f.date.raw
        evidence["date"] = _evidence(sent, f.date.start, f.date.end, 0.85)
    elif f.derived_date is not None:
        date, date_raw = f.derived_date[0], ""
        evidence["date"] = {"confidence": f.derived_date[2], "line": sent.first_line,
                            "text": f.derived_date[1], "how": "anniversary"}  # fmt: skip
    if f.agreement_type:
        evidence["agreement_type"] = _evidence(sent, f.trigger.start, f.trigger.end, 0.8)
    count = None
    if f.count is not None:
        count = f.count[0]
        evidence["participants_count"] = {"confidence": 0.7, "line": sent.first_line,
                                          "text": nfkc(sent.text)[f.count[1] : f.count[2]]}  # fmt: skip
    ids = "-".join(sorted(p.ident for p, _ in f.parties))
    return Record(
        kind=f.kind,
        key=f"prose:{f.kind}:{ids}:{(date or '')[:4]}:{n}",
        title=_title(f, ctx.language),
        line_start=min(lines),
        line_end=last,
        parties=parties,
        date=date,
        date_raw=date_raw,
        agreement_type=(f.agreement_type or "other") if f.kind == "agreement" else None,
        participants_count=count,
        language=ctx.language if ctx.language != "und" else "en",
        confidence=f.confidence,
        evidence=evidence,
        description=sent.text[:500],
    )


def _merge(facts: list[_Fact]) -> list[_Fact]:
    merged: dict[tuple, _Fact] = {}
    order: list[tuple] = []
    for f in facts:
        key = f.ident()
        if f.kind != "agreement" and not f.iso:
            # an undated visit merges into a dated one of the same pair
            key = next((k for k in order if k[:2] == key[:2] and k[2]), key)
        old = merged.get(key)
        if old is None:
            merged[key] = f
            order.append(key)
            continue
        old.extra_sentences.append(f.sentence)
        if old.date is None and f.date is not None:
            old.date, old.derived_date = f.date, None
            old.sentence, f.sentence = f.sentence, old.sentence
            old.parties = _merge_parties(f.parties, old.parties)
        elif old.date is None and old.derived_date is None and f.derived_date is not None:
            old.derived_date = f.derived_date
        old.agreement_type = old.agreement_type or f.agreement_type
        old.count = old.count or f.count
        old.confidence = round(min(0.95, max(old.confidence, f.confidence) + 0.05), 2)
    return [merged[k] for k in order]


def _merge_parties(new, old):
    # the version that names its parties as written (not an implicit home side) wins
    if sum(p.start >= 0 for p, _ in new) >= sum(p.start >= 0 for p, _ in old):
        return new
    return old


def extract_prose(lines: list[tuple[int, str]], ctx: DocContext) -> list[Record]:
    """Agreements and delegations stated in a block of running text."""
    facts: list[_Fact] = []
    for sent in split_sentences(lines):
        facts += _sentence_facts(sent, ctx)
    facts = _merge(facts)
    return [_record(f, ctx, i) for i, f in enumerate(facts)]
