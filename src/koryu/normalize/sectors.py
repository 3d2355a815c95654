"""Sectors of an exchange, from keywords in its title and description.

Shared by the readers so that "water" or "tourism" mean the same thing whatever the source
format. Keywords are Japanese, with a few Russian and English ones; the vocabulary is
``koryu.records.SECTORS``. A text matching nothing gets no sector (never "other" by default:
"other" is for a reader that knows the sector is none of these).
"""

from __future__ import annotations

import re
import unicodedata

from koryu.records import SECTORS

# sector -> keyword patterns (regular expressions, matched on NFKC-folded text)
_KEYWORDS: dict[str, str] = {
    "water": (r"上下水|(?<!上)水道|下水|浄水|водоснабж|water supply|sewer"),
    "environment": (
        r"環境|低炭素|脱炭素|気候変動|温暖化|リサイクル|廃棄物|循環経済|エコ(?!ノミ)|экологи|environment|climate"
    ),
    "disaster_prevention": (r"防災|災害|減災|危機管理|緊急援助|震災|стихийн|disaster"),
    "economy": (r"経済|商工|ビジネス|商談|見本市|産業|通商|貿易|投資|экономи|business|trade"),
    "tourism": (r"観光|ツーリズム|туризм|touris"),
    "culture": (r"文化|芸術|伝統|音楽|美術|культур|cultur"),
    "education": (r"教育|大学|学校|授業|英語研修|語学|留学|образован|educat|universit"),
    "youth": (r"青少年|青年|中学生|高校生|小学生|子ども|子供|児童|生徒|молод|youth"),
    "sports": (r"スポーツ|駅伝|陸上|オリンピック|マラソン|競技|спорт|sport"),
    "health": (r"医療|保健|健康|福祉|病院|看護|здравоохран|health"),
    "administration": (
        r"行政|職員(?:相互)?派遣|都市計画|まちづくり|政策|自治体運営|управлен|administrat"
    ),
    "ict": (r"(?-i:(?<![A-Za-z])(?:ICT|IT|DX|IoT)(?![A-Za-z]))|情報通信|デジタル"),
    "transport": (r"交通|航路|直行便|航空|鉄道|モビリティ|ロジスティ|物流|транспорт|transport"),
    "port": (r"港湾|寄港|貨客船|ポートセールス|порт|(?<![A-Za-z])port(?![A-Za-z])"),
    "agriculture_fisheries": (r"農業|農産|水産|漁業|林業|畜産|сельск|рыб|agricultur|fisher"),
}
_PATTERNS = {sector: re.compile(pattern, re.IGNORECASE) for sector, pattern in _KEYWORDS.items()}
assert set(_PATTERNS) <= set(SECTORS)


def classify_sectors(text: str) -> list[str]:
    """Sectors mentioned in ``text``, in the order of ``SECTORS``."""
    if not text:
        return []
    folded = unicodedata.normalize("NFKC", text)
    return [
        sector for sector in SECTORS if sector in _PATTERNS and _PATTERNS[sector].search(folded)
    ]
