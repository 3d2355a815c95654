"""What kind of agreement a title names, and what earlier affiliation a text builds on.

Precedence of ``agreement_type`` (the first rule that matches the title wins):

1. ``staff_exchange``: 職員/公務員 相互派遣 (the purpose of the agreement is the exchange).
2. ``sister``: 姉妹 (establishes or restates a sister relationship).
3. ``friendship`` when the title establishes a friendship affiliation: 友好都市, 友好提携,
   友好県省... (the affiliation matters more than the instrument it is written in).
4. ``protocol``: 議定書.  5. ``memorandum``: 覚書.
6. ``sector``: the title names a sector of cooperation (防災, 環境, 水道, ICT分野...): a
   分野別協定, even when it also says 友好 ("環境分野における友好協力協定").
7. ``friendship``: 友好 with 協定/交流/合作/協力/親善.
8. ``other``: letters of intent, conference charters, 技術協力協定...
"""

from __future__ import annotations

import re
from typing import Any

from koryu.normalize.dates import parse_date
from koryu.normalize.text import nfkc

__all__ = ["classify_agreement_type", "find_builds_on", "is_suspended"]

_SECTOR_IN_TITLE = re.compile(
    r"防災|災害|環境|上下水道|上水道|下水道|水道|観光|経済|産業|港湾|医療|保健|教育|文化|スポーツ"
    r"|(?<![A-Za-z])I?CT(?![A-Za-z])|(?<![A-Za-z])IT(?![A-Za-z])|[^\s、・]{1,8}分野"
)

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("staff_exchange", re.compile(r"(?:職員|公務員)(?:の)?(?:相互)?派遣|相互派遣")),
    ("sister", re.compile(r"姉妹")),
    ("friendship", re.compile(r"友好(?:都市|提携|県|省|州)")),
    ("protocol", re.compile(r"議定書")),
    ("memorandum", re.compile(r"覚書|了解覚書|MOU", re.IGNORECASE)),
    ("sector", _SECTOR_IN_TITLE),
    ("friendship", re.compile(r"友好")),
)


def classify_agreement_type(title: str) -> str:
    """One of ``records.AGREEMENT_TYPES`` for an agreement's title (see the module doc)."""
    folded = nfkc(title or "")
    for kind, pattern in _RULES:
        if pattern.search(folded):
            return kind
    return "other"


_DATE = (
    r"(?:明治|大正|昭和|平成|令和)\s*(?:\d{1,2}|元)\s*(?:\(\d{4}\))?\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?"
    r"|\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?"
)
# 友好都市提携, 姉妹都市関係, 姉妹結縁, 友好港提携, 友好提携
_WHAT = r"(?:(?:都市|港|県|省|州)(?:提携|結縁|関係)?|提携|結縁)"
# "昭和55年に瀋陽市と友好都市提携", "平成15年に姉妹結縁": a date, then within the same clause
# (no 、 or 。) a sister or friendship affiliation.
_DATED_AFFILIATION = re.compile(
    rf"(?P<date>{_DATE})(?:には|に|、)?[^、。\n]{{0,30}}?(?P<kind>姉妹|友好){_WHAT}"
)
# "友好提携（昭和57年4月）に基づく"
_AFFILIATION_DATED = re.compile(rf"(?P<kind>姉妹|友好){_WHAT}\s*[（(]\s*(?P<date>{_DATE})\s*[)）]")


def find_builds_on(text: str) -> dict[str, Any] | None:
    """The dated sister or friendship affiliation a background text says the agreement
    rests on: {"agreement_type", "date", "date_raw", "text"}; None when there is none."""
    if not text:
        return None
    folded = nfkc(text)
    # NFKC keeps the length of ordinary Japanese prose, so spans map back to the original
    # wording; when it does not (ligatures, ㍻), quote the folded text.
    source = text if len(folded) == len(text) else folded
    found = []
    for pattern in (_DATED_AFFILIATION, _AFFILIATION_DATED):
        for m in pattern.finditer(folded):
            date = parse_date(m.group("date"))
            if date is not None:
                found.append((m.start(), m, date))
                break
    if not found:
        return None
    _, m, date = min(found, key=lambda f: f[0])
    return {
        "agreement_type": "sister" if m.group("kind") == "姉妹" else "friendship",
        "date": date,
        "date_raw": source[m.start("date") : m.end("date")].strip(),
        "text": source[m.start() : m.end()].strip(),
    }


_SUSPENDED = re.compile(r"(?<!一部)(?<!一部が)(?<!一部は)休止(?:中|して|となって|している)")


def is_suspended(text: str) -> bool:
    """True when a text says the activities are suspended (休止中), not only some of them."""
    return bool(text) and bool(_SUSPENDED.search(nfkc(text)))
