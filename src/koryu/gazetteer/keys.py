"""Normalised lookup keys for place names, shared by the index builder and the resolver.

A key folds everything that varies between documents but does not change the place:
width (NFKC), case and accents (Huế = Hue), separators (・ = space = hyphen), katakana
spellings (ヴィ/ビ, フェ/フエ, ー and ッ dropped: the colleague's ``katakana_key``) and Han
character forms (瀋陽 = 沈阳 = 沈陽: everything is keyed in simplified form).

Administrative suffixes (市, 町, 省, 広域市, -si, City...) are optional: the builder also
files each name under its suffix-less form, remembering which suffix it dropped, so that
"札幌" finds 札幌市 and "三戸市" finds 三戸町 (as a weaker, suffix-mismatch match).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from koryu.gazetteer.kana import DROP_IN_KEY, katakana_key
from koryu.gazetteer.transliterate import fold_case, to_simplified

# Longest first. Keys are in simplified Han form, so only simplified spellings are needed
# (広域市 -> 广域市, 県 -> 县, 特別自治道 -> 特别自治道).
CJK_SUFFIXES = (
    "特别自治道",
    "特别自治市",
    "特别行政区",
    "特别市",
    "广域市",
    "自治区",
    "自治州",
    "自治县",
    "市",
    "町",
    "村",
    "区",
    "郡",
    "省",
    "州",
    "县",
    "道",
    "府",
    "都",
    "특별자치도",
    "특별자치시",
    "특별시",
    "광역시",
    "시",
    "군",
    "구",
    "도",
    "성",
    "주",
    "현",
)
# Latin suffixes are only dropped after a separator ("Wonju-si", "Gyeonggi-do", "Cebu City"),
# never glued to the name (Toledo keeps its "do").
LATIN_SUFFIXES = ("city", "shi", "si", "gun", "do", "province", "prefecture", "ken", "state")
SUFFIXES = CJK_SUFFIXES + LATIN_SUFFIXES
SUFFIX_CODE = {s: i + 1 for i, s in enumerate(SUFFIXES)}  # 0 = no suffix dropped

_LATIN_SUFFIX_RE = re.compile(r"[\s\-‐‑–]+(" + "|".join(LATIN_SUFFIXES) + r")\.?$")
_SEPARATORS = re.compile(r"[\s・･·\-‐‑–—=＝'’‘`\".,，、。()（）]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_DROP_TABLE = str.maketrans({ch: None for ch in DROP_IN_KEY})
_MIN_STEM = 2  # never index a one-character stem: 津市 -> 津 would match far too much


@functools.lru_cache(maxsize=65536)  # GeoNames repeats alternate names across namesakes
def name_key(text: str) -> str:
    """The normalised key of a name (no suffix removed)."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = s.replace("ヶ", "ケ").replace("ヵ", "ケ")
    if _HAN.search(s):
        s = to_simplified(s)
    if _KANA.search(s):
        s = katakana_key(s)  # also drops ・ ー ッ and spaces inside kana
    else:
        s = s.translate(_DROP_TABLE)  # what katakana_key drops, without its kana passes
    s = s.lower() if s.isascii() else fold_case(s)
    return _SEPARATORS.sub("", s)


def split_suffix(text: str) -> tuple[str, str] | None:
    """(key of the stem, dropped suffix) or None when the name has no suffix to drop."""
    s = unicodedata.normalize("NFKC", text).strip()
    m = _LATIN_SUFFIX_RE.search(s.casefold())
    if m and len(s) - len(m.group(0)) >= 3:
        return name_key(s[: m.start()]), m.group(1)
    key = name_key(s)
    for suffix in CJK_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM:
            return key[: -len(suffix)], suffix
    return None


# Romanian s and t with a comma below (ș ț) are often typed with a cedilla (ş ţ): one
# spelling, two code points (Constanța, Constanţa).
_COMMA_BELOW = str.maketrans("şţŞŢ", "șțȘȚ")


def spelling(text: str) -> str:
    """A name as spelled, with only encoding differences folded (NFKC, comma below):
    what tells 本荘 from 本庄 survives, Constanţa and Constanța become one."""
    return unicodedata.normalize("NFKC", text).strip().translate(_COMMA_BELOW)
