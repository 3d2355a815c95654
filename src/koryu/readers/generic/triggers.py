"""Trigger words: what relation a sentence states, in ja, ru, zh, ko and en.

A trigger is a span of the sentence with the kind of record it announces (agreement,
delegation, event, network) and, for agreements, the type it names. ``strong`` triggers
name the relation themselves (姉妹都市, побратим, 대표단, delegation); weak ones only say
that something was signed or visited and need a strong one or a clear pair of parties.

Anniversaries (締結30周年, 30-летие, 30주년, "30th anniversary") are found here too: they
date an agreement back from the year the text speaks in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from koryu.normalize.numbers import kanji_to_int

__all__ = ["Anniversary", "Trigger", "find_anniversaries", "find_triggers"]


@dataclass
class Trigger:
    kind: str  # agreement | delegation | event | network
    start: int
    end: int
    text: str
    strong: bool
    agreement_type: str | None = None  # sister | friendship | memorandum | None


@dataclass
class Anniversary:
    years: int
    start: int
    end: int
    text: str


_I = re.IGNORECASE
# (kind, strong, agreement type, pattern)
_RULES: list[tuple[str, bool, str | None, re.Pattern[str]]] = [
    # --- agreements: the relation named ---------------------------------------------------
    (
        "agreement",
        True,
        "sister",
        re.compile(
            r"姉妹(?:都市|友好都市|友好|提携|縁組|結縁|関係|港|州|県|省|交流)"
            r"|побратим\w*|породнил\w*|город\w*-побратим\w*"
            r"|자매\s?(?:결연|도시|우호|관계|교류)"
            r"|姐妹(?:城市|友好|关系|省|州|县|港)"
            r"|sister[\s-]+(?:cit(?:y|ies)|state|province|prefecture|port|town|relationship)"
            r"|\btwin(?:ned|ning)?\b(?:\s+(?:cit(?:y|ies)|towns?))?|town[\s-]twinning",
            _I,
        ),
    ),
    (
        "agreement",
        True,
        "friendship",
        re.compile(
            r"友好(?:都市|提携|交流都市|交流協定|協力協定|関係|協定|県|省|州|港|城市|关系|交流关系|合作关系)"
            r"|友城|(?:дружествен\w*|партнерск\w*|партнёрск\w*)\s+(?:связ\w*|отношени\w*|город\w*)"
            r"|город\w*-партн[её]р\w*|побратимск\w*\s+связ\w*"
            r"|우호\s?(?:협력|교류|도시|관계|결연)"
            r"|friendship\s+(?:cit(?:y|ies)|agreement|relationship|ties|exchange agreement|province|state)"
            r"|partner(?:ship)?\s+cit(?:y|ies)",
            _I,
        ),
    ),
    (
        "agreement",
        True,
        "memorandum",
        re.compile(
            r"覚書|了解備忘録|меморандум\w*|양해\s?각서|(?<![A-Za-z])MOU(?![A-Za-z])|备忘录|memorand(?:um|a)",
            _I,
        ),
    ),
    (
        "agreement",
        True,
        None,
        re.compile(
            r"(?:協定|協約|議定書|合意書)(?:を|に|が)?(?:締結|調印|署名|結ん|結び|交わ)"
            r"|(?:締結|調印|署名)(?:し|した|する|され|式)"
            r"|(?:соглашени\w*|договор\w*|протокол\w*)\s+(?:о|об)\s+(?:сотрудничеств\w*|побратим\w*|дружб\w*|установлени\w*)"
            r"|подписа\w*\s+(?:\w+\s+){0,2}(?:соглашени\w*|договор\w*|протокол\w*)"
            r"|(?:соглашени\w*|договор\w*)[^.]{0,40}?подписа\w*"
            r"|협약\s?(?:을|를)?\s?체결|협정\s?(?:을|를)?\s?체결|결연\s?(?:을|를)?\s?(?:체결|맺)"
            r"|缔结|签署|签订|结为|结成"
            r"|signed\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,3}(?:agreement|accord|protocol|charter)"
            r"|(?:cooperation|exchange)\s+agreement",
            _I,
        ),
    ),
    # --- delegations ---------------------------------------------------------------------
    (
        "delegation",
        True,
        None,
        re.compile(
            r"(?:訪問|代表|使節|視察|交流|親善|派遣|友好訪問|市民訪問|青少年|少年|学生)団|ミッション"
            r"|делегаци\w*"
            r"|(?:방문|대표|사절|시찰|교류|친선|청소년)단"
            r"|(?:代表|访问|考察|友好|交流|友好访问|青少年|学生)团"
            r"|\bdelegations?\b|\bmissions?\b",
            _I,
        ),
    ),
    (
        "delegation",
        False,
        None,
        re.compile(
            r"(?:を|へ|に)(?:公式)?訪問|訪れ|来訪|表敬|来日|来市|来町|来村|来札|来県|来道|訪日"
            r"|посетил\w*|посещени\w*|визит\w*|прибыл\w*|побывал\w*"
            r"|방문(?:했|하|해|을|한|단)|내방|방한|방일"
            r"|访问|来访|到访|拜会|访华|访日"
            r"|\bvisit(?:ed|s|ing)?\b|\barriv(?:ed|es?|ing)\b|\bcourtesy call\b",
            _I,
        ),
    ),
    # --- events ----------------------------------------------------------------------------
    (
        "event",
        True,
        None,
        re.compile(
            r"会議|サミット|フォーラム|セミナー|シンポジウム|総会"
            r"|форум\w*|конференци\w*|саммит\w*|семинар\w*|ассамбле\w*"
            r"|회의|포럼|세미나|정상회|총회|심포지엄|대회"
            r"|会议|论坛|峰会|研讨会|大会"
            r"|結団式|壮行会|歓迎会|발대식|환영회|欢迎会|欢迎仪式"
            r"|\b(?:conference|summit|forum|seminar|symposium|general assembly|congress)\b"
            r"|\b(?:\w+(?:st|nd|rd|th)|first|second|third)\s+session\b"
            r"|記念式典|式典|記念行事|記念イベント|祝賀会|レセプション|写真展|기념식|기념행사|사진전|제막식|除幕式|揭牌仪式"
            r"|纪念活动|庆祝活动|招待会|纪念仪式|торжеств\w*|церемони\w*"
            r"|\b(?:ceremony|celebration|reception|exhibition)\b",
            _I,
        ),
    ),
    (
        "event",
        False,
        None,
        re.compile(
            r"開催|開かれ|состоял\w*|прош[её]л\w*|провед\w*|개최|열렸|열린|열리는|举办|举行|召开|\bheld\b|\btook place\b",
            _I,
        ),
    ),
    # --- networks --------------------------------------------------------------------------
    (
        "network",
        True,
        None,
        re.compile(
            r"(?:に|へ)?(?:加盟|加入)|вступил\w*|присоединил\w*|членом|가입|加入|\bjoined\b"
            r"|\bmembers?\s+of\b|\bmembership\b",
            _I,
        ),
    ),
]


# A relation word that names a meeting ("国际友好城市大会", "姉妹都市会議", "Sister Cities
# Conference", "국제우호도시대회") says nothing about a tie between the places around it.
_NAMES_A_MEETING = re.compile(
    r"(?:交流|提携|间|間|간)?\s{0,1}(?:大会|会議|会议|대회|회의|フォーラム|サミット|포럼|论坛|峰会"
    r"|(?:international\s+)?(?:conference|forum|summit|festival|convention)\b"
    r"|форум\w*|конференци\w*|саммит\w*|фестивал\w*)",
    _I,
)


def find_triggers(text: str) -> list[Trigger]:
    found = []
    for kind, strong, atype, pattern in _RULES:
        for m in pattern.finditer(text):
            if kind == "agreement" and _NAMES_A_MEETING.match(text, m.end()):
                continue
            found.append(Trigger(kind, m.start(), m.end(), m.group(0), strong, atype))
    found.sort(key=lambda t: t.start)
    # "우호교류 양해각서", "友好交流備忘録", "friendship memorandum": a memorandum about
    # friendship exchange is a memorandum, not a friendship tie
    memoranda = [t for t in found if t.agreement_type == "memorandum"]
    return [
        t
        for t in found
        if t.agreement_type not in ("sister", "friendship")
        or not any(0 <= m.start - t.end <= 3 for m in memoranda)
    ]


_KANJI_NUM = "〇一二三四五六七八九十百"
_ANNIVERSARY = re.compile(
    rf"(?P<n>\d{{1,3}}|[{_KANJI_NUM}]{{1,4}})\s*(?:周年|週年|주년)"
    r"|(?P<n2>\d{1,3})\s*-?\s*(?:лет(?:ие|ия|ию|ием|нему|него)\b|летн\w+\s+юбиле\w*|[а-я]{0,2}\s+годовщин\w*"
    r"|лет\s+(?:побратим|дружб|сотруднич|партн[её]р|со\s+дня|с\s+момента)\w*)"
    r"|(?P<n3>\d{1,3})\s*(?:st|nd|rd|th)\s+(?:year\s+)?anniversar(?:y|ies)"
    r"|(?P<n4>\d{1,3})\s+years\s+of\s+(?:the\s+)?(?:sister|friendship|partnership|twinning)",
    _I,
)


def find_anniversaries(text: str) -> list[Anniversary]:
    out = []
    for m in _ANNIVERSARY.finditer(text):
        raw = m.group("n") or m.group("n2") or m.group("n3") or m.group("n4")
        n = int(raw) if raw.isdigit() else kanji_to_int(raw)
        if n and 1 <= n <= 150:
            out.append(Anniversary(n, m.start(), m.end(), m.group(0)))
    return out
