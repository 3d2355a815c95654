"""Render Japanese place names (given in kana) in the scripts our documents use, and
fold Chinese character forms, so the gazetteer can index every spelling of a name.

- Latin: Hepburn as used for place names (long vowels folded: Tōkyō -> Tokyo).
- Cyrillic: the Polivanov system (Саппоро, Дзёэцу), plus the spellings Russian documents
  actually use (Токио, Иокогама, Кобе, Шизуока...).
- Hangul: the Korean standard transcription of Japanese (외래어 표기법), e.g. 도쿄, 삿포로.
- Han characters: Japanese shinjitai, traditional and simplified forms via OpenCC.

Each ``x_variants`` function returns a set that contains the main form. Every function
accepts any string: characters that are not kana are passed through.
"""

import functools
import itertools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from koryu.gazetteer.kana import (
    Mora,
    hiragana_to_katakana,
    katakana_key,
    katakana_to_hiragana,
    katakana_variants,
    normalize_kana,
    split_morae,
)

__all__ = [
    "hiragana_to_katakana",
    "katakana_to_hiragana",
    "katakana_key",
    "katakana_variants",
    "romaji",
    "romaji_variants",
    "kana_to_cyrillic",
    "cyrillic_variants",
    "kana_to_hangul",
    "hangul_variants",
    "to_simplified",
    "to_traditional",
    "to_japanese",
    "han_variants",
    "split_admin_suffix",
    "place_name_forms",
    "fold_case",
]

# Pairs (previous vowel, vowel kana) that make a long vowel in a place name: おう, おお, うう.
_LONG_PAIRS = {("o", "う"), ("o", "お"), ("u", "う")}
_PLAIN_VOWEL_KANA = set("あいうえお")


def _words(kana: str) -> Iterator[list[Mora] | str]:
    """Yield each word as a list of morae, and separators as strings (kept verbatim)."""
    word: list[Mora] = []
    for mora in split_morae(kana):
        if mora.kind == "sep":
            if word:
                yield word
                word = []
            yield " " if mora.text in " \u3000・･" else mora.text
        else:
            word.append(mora)
    if word:
        yield word


def _is_long_extension(word: list[Mora], i: int, eager: bool = False) -> bool:
    """True when word[i] only lengthens the vowel before it (the う of とう, the お of おお).

    Kana do not show morpheme boundaries, so two guesses from place names: おお is one
    long vowel only at the start of a word (大阪 Osaka, 遠野 Tono, but 豊岡 Toyooka), and
    つう is two morae (勝浦 Katsuura, 松浦 Matsuura). ``eager`` drops both guesses
    (東大阪 Higashiosaka, 蒲郡 Gamagori), for variants.
    """
    mora = word[i]
    if i == 0 or mora.kind != "syl" or mora.consonant or mora.text not in _PLAIN_VOWEL_KANA:
        return False
    prev = word[i - 1]
    if prev.kind != "syl" or (prev.vowel[-1:], mora.text) not in _LONG_PAIRS:
        return False
    if _is_long_extension(word, i - 1, eager):
        return False  # おおう in 大内 (おおうち): the う starts a new syllable
    if eager:
        return True
    if mora.text == "お":
        return i == 1
    return not (mora.text == "う" and prev.consonant == "ts")


def _next_syllable(word: list[Mora], i: int) -> Mora | None:
    for mora in word[i + 1 :]:
        if mora.kind == "syl":
            return mora
        if mora.kind != "q":
            return None
    return None


def _capitalize_words(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


# --- Hepburn ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _RomajiStyle:
    long: str = "fold"  # fold | fold_all | macron | kana | oh
    n_labial: str = "n"  # ん before b/p/m: "n" (modern) or "m" (traditional Hepburn)
    n_vowel: str = ""  # ん before a vowel or y: "", "'" or "-"


_MACRON = {"a": "ā", "i": "ī", "u": "ū", "e": "ē", "o": "ō"}


def _romaji_word(word: list[Mora], style: _RomajiStyle) -> str:
    out: list[str] = []
    for i, mora in enumerate(word):
        if mora.kind == "other":
            out.append(mora.text)
        elif mora.kind == "n":
            nxt = _next_syllable(word, i)
            text = "n"
            if nxt is not None and nxt.consonant[:1] in ("b", "p", "m"):
                text = style.n_labial
            elif nxt is not None and nxt.consonant in ("", "y"):
                text = "n" + style.n_vowel
            out.append(text)
        elif mora.kind == "q":
            nxt = _next_syllable(word, i)
            if nxt is not None and nxt.consonant:
                out.append("t" if nxt.consonant == "ch" else nxt.consonant[0])
        elif mora.kind == "long":
            _lengthen_latin(out, style)
        elif _is_long_extension(word, i, eager=style.long == "fold_all"):
            if style.long == "kana":
                out.append("u" if mora.text == "う" else "o")
            else:
                _lengthen_latin(out, style)
        else:
            out.append(mora.consonant + mora.vowel)
    return "".join(out)


def _lengthen_latin(out: list[str], style: _RomajiStyle) -> None:
    if not out or not out[-1] or out[-1][-1] not in _MACRON:
        return
    vowel = out[-1][-1]
    if style.long == "macron":
        out[-1] = out[-1][:-1] + _MACRON[vowel]
    elif style.long == "kana":
        out.append(vowel)
    elif style.long == "oh" and vowel == "o":
        out.append("h")


def _render(kana: str, render_word, style) -> str:
    parts = []
    for word in _words(kana):
        parts.append(word if isinstance(word, str) else render_word(word, style))
    return "".join(parts)


def romaji(kana: str) -> str:
    """Hepburn as used for place names: さっぽろ -> Sapporo, ちょうふ -> Chofu."""
    return _capitalize_words(_render(kana, _romaji_word, _RomajiStyle()))


def romaji_variants(kana: str) -> set[str]:
    """Hepburn spellings found in documents: Chofu, Chōfu, Choufu, Chohfu; Shimbashi and
    Shinbashi; Shin'ichi and Shinichi."""
    styles = itertools.product(
        ("fold", "fold_all", "macron", "kana", "oh"), ("n", "m"), ("", "'", "-")
    )
    return {_capitalize_words(_render(kana, _romaji_word, _RomajiStyle(*s))) for s in styles}


# --- Cyrillic (Polivanov) ------------------------------------------------------------------

_CYR_VOWEL = {"a": "а", "i": "и", "u": "у", "e": "э", "o": "о"}
_CYR_IOTATED = {"a": "я", "u": "ю", "o": "ё", "e": "э", "i": "и"}
# Polivanov consonants; sh/j/ch are the palatal series and take iotated vowels.
_POLIVANOV = {
    "k": "к",
    "g": "г",
    "s": "с",
    "z": "дз",
    "t": "т",
    "d": "д",
    "n": "н",
    "h": "х",
    "f": "ф",
    "b": "б",
    "p": "п",
    "m": "м",
    "r": "р",
    "v": "в",
    "ts": "ц",
    "sh": "с",
    "j": "дз",
    "ch": "т",
}
# How English-influenced Russian texts write the same sounds: Шизуока, Чиба, Джёэцу.
_ENGLISHY = _POLIVANOV | {"z": "з", "sh": "ш", "j": "дж", "ch": "ч"}


@dataclass(frozen=True, slots=True)
class _CyrillicStyle:
    consonants: str = "polivanov"  # polivanov | englishy
    e_after_consonant: str = "э"  # э (Polivanov) or е (Кобе, Сендай)
    diphthong: tuple[str, str] = ("й", "и")  # い after a/u/e, and after o
    hard_sign: str = "ъ"  # ん before a vowel: Синъити; often left out
    kyo: str = "кё"  # きょ: кё, or кио as in Токио, Киото
    initial_yo: str = "ё"  # word-initial よ: Ёкосука, or Йокосука / Иокогама
    long: str = "drop"  # drop (Polivanov) | drop_all | write (Тоёока: two morae)


def _cyrillic_syllable(mora: Mora, style: _CyrillicStyle) -> str:
    c, v = mora.consonant, mora.vowel
    table = _POLIVANOV if style.consonants == "polivanov" else _ENGLISHY
    if c == "":
        return "".join(_CYR_VOWEL.get(x, x) for x in v)
    if c == "y":
        return {"a": "я", "u": "ю", "o": "ё", "e": "е", "i": "и"}.get(v, v)
    if c == "w":
        return "ва" if v == "a" else "у" + _CYR_VOWEL.get(v, v)
    palatal = c.endswith("y") or c in ("sh", "j", "ch")
    base = c[:-1] if c.endswith("y") and c != "y" else c
    letter = table.get(base, base)
    if palatal and style.consonants == "englishy" and c in ("sh", "j", "ch"):
        vowel = _CYR_VOWEL.get(v, v)
    elif palatal:
        vowel = _CYR_IOTATED.get(v, v)
    else:
        vowel = _CYR_VOWEL.get(v, v)
    if vowel == "э":
        vowel = style.e_after_consonant
    if letter == "к" and vowel == "ё":
        return style.kyo
    return letter + vowel


def _cyrillic_n(word: list[Mora], i: int, style: _CyrillicStyle) -> str:
    """ん: м before b, p, m; н with the hard sign before a vowel or y; else н."""
    nxt = _next_syllable(word, i)
    if nxt is not None and nxt.consonant[:1] in ("b", "p", "m"):
        return "м"
    if nxt is not None and nxt.consonant in ("", "y"):
        return "н" + style.hard_sign
    return "н"


def _cyrillic_q(word: list[Mora], i: int, style: _CyrillicStyle) -> str:
    """っ: the first letter of the next syllable's consonant ("" before a vowel)."""
    nxt = _next_syllable(word, i)
    if nxt is not None and nxt.consonant:
        return _cyrillic_syllable(nxt, style)[0]
    return ""


def _cyrillic_unwritten(word: list[Mora], i: int, style: _CyrillicStyle) -> bool:
    """A long vowel mark or a vowel that lengthens the one before: Polivanov does not mark
    long vowels (unless the style writes them)."""
    return word[i].kind == "long" or (
        style.long != "write" and _is_long_extension(word, i, style.long == "drop_all")
    )


def _cyrillic_word(word: list[Mora], style: _CyrillicStyle) -> str:
    out: list[str] = []
    prev_vowel = ""
    for i, mora in enumerate(word):
        if mora.kind == "other":
            out.append(mora.text)
            prev_vowel = ""
        elif mora.kind == "n":
            out.append(_cyrillic_n(word, i, style))
            prev_vowel = ""
        elif mora.kind == "q":
            if geminate := _cyrillic_q(word, i, style):
                out.append(geminate)
            prev_vowel = ""
        elif _cyrillic_unwritten(word, i, style):
            continue
        elif mora.consonant == "" and mora.vowel == "i" and prev_vowel:
            out.append(style.diphthong[1] if prev_vowel == "o" else style.diphthong[0])
            prev_vowel = ""
        else:
            syllable = _cyrillic_syllable(mora, style)
            if not out and mora.consonant == "y" and mora.vowel == "o":
                syllable = style.initial_yo
            out.append(syllable)
            prev_vowel = mora.vowel[-1:] if mora.vowel[-1:] in "aue" + "o" else ""
    return "".join(out)


# Names whose Russian form is a tradition older than Polivanov; the regular form stays
# among the variants. The first spelling is the main one.
_CYRILLIC_CONVENTIONAL = {
    "とうきょう": ("Токио",),
    "きょうと": ("Киото",),
    "よこはま": ("Иокогама", "Йокогама"),
    "こうべ": ("Кобе",),
}


def kana_to_cyrillic(kana: str) -> str:
    """Polivanov: かしわざき -> Касивадзаки, しんばし -> Симбаси, じょうえつ -> Дзёэцу.

    A few names with an established Russian form get it (とうきょう -> Токио,
    よこはま -> Иокогама); :func:`cyrillic_variants` also gives the regular form.
    """
    parts = []
    for word in _words(kana):
        if isinstance(word, str):
            parts.append(word)
            continue
        key = "".join(m.text for m in word)
        conventional = _CYRILLIC_CONVENTIONAL.get(key)
        parts.append(
            conventional[0].lower() if conventional else _cyrillic_word(word, _CyrillicStyle())
        )
    return _capitalize_words("".join(parts))


def _cyrillic_styles(kana: str) -> Iterator[_CyrillicStyle]:
    """Only vary the options that can change this name, to keep the set small."""
    s = normalize_kana(kana)
    options: dict[str, tuple] = {"consonants": ("polivanov", "englishy")}
    if any(ch in s for ch in "えけせてねへめれげぜでべぺ"):
        options["e_after_consonant"] = ("э", "е")
    if "い" in s:
        options["diphthong"] = (("й", "и"), ("и", "и"), ("й", "й"))
    if "ん" in s:
        options["hard_sign"] = ("ъ", "")
    if "きょ" in s:
        options["kyo"] = ("кё", "кио")
    if "よ" in s:
        options["initial_yo"] = ("ё", "йо", "ио")
    if "う" in s or "お" in s:
        options["long"] = ("drop", "drop_all", "write")
    names = list(options)
    for values in itertools.product(*(options[n] for n in names)):
        yield replace(_CyrillicStyle(), **dict(zip(names, values, strict=True)))


def cyrillic_variants(kana: str) -> set[str]:
    """Spellings of the name in Russian documents: Polivanov with й/и, э/е, with or
    without ъ, Токио/Токё, Иокогама/Ёкохама, and English-influenced forms (Шизуока)."""
    found = {kana_to_cyrillic(kana)}
    found.update(_CYRILLIC_CONVENTIONAL.get(normalize_kana(kana).strip(), ()))
    for style in _cyrillic_styles(kana):
        found.add(_capitalize_words(_render(kana, _cyrillic_word, style)))
    return found


# --- Hangul (외래어 표기법, Japanese) ---------------------------------------------------------

_L = {  # initial consonant jamo index: (word-initial, elsewhere)
    "": (11, 11),
    "k": (0, 15),
    "g": (0, 0),
    "s": (9, 9),
    "sh": (9, 9),
    "z": (12, 12),
    "j": (12, 12),
    "t": (3, 16),
    "ch": (12, 14),
    "ts": (10, 10),
    "d": (3, 3),
    "n": (2, 2),
    "h": (18, 18),
    "f": (17, 17),
    "b": (7, 7),
    "v": (7, 7),
    "p": (17, 17),
    "m": (6, 6),
    "y": (11, 11),
    "r": (5, 5),
    "w": (11, 11),
}
# Old spellings (before 1986) wrote medial voiceless stops tense: 도꾜, 오사까.
_L_TENSE = {"k": 1, "t": 4, "ch": 13, "p": 8}
_V = {"a": 0, "e": 5, "o": 8, "u": 13, "i": 20}
_V_IOTATED = {"a": 2, "e": 7, "o": 12, "u": 17, "i": 20}
_V_W = {"a": 9, "i": 16, "e": 15, "o": 14, "u": 13}
_V_EU = 18  # ㅡ, for す ず つ
_BATCHIM_N, _BATCHIM_S = 4, 19


@dataclass(frozen=True, slots=True)
class _HangulStyle:
    tsu: int = 18  # ㅡ in 쓰 (standard); 츠 is written with ㅊ + ㅡ
    tsu_consonant: int = 10  # ㅆ; 14 = ㅊ (츠)
    long: str = "drop"  # drop (standard) | drop_all | write (니이가타)
    medial: str = "aspirated"  # aspirated (standard) | tense (old: 도꾜)
    initial: str = "plain"  # plain (standard) | aspirated (토쿄, seen in informal text)


def _hangul_lead(c: str, base: str, vowel_letter: str, initial: bool, style: _HangulStyle) -> int:
    """The initial consonant jamo index of a syllable."""
    lead_initial, lead_medial = _L.get(base, (11, 11))
    if initial and style.initial == "aspirated":
        lead = lead_medial
    elif initial:
        lead = lead_initial
    elif style.medial == "tense" and base in _L_TENSE:
        lead = _L_TENSE[base]
    else:
        lead = lead_medial
    if base == "f" and vowel_letter == "u":
        lead = 18  # ふ -> 후, but ファ -> 파
    if c == "ts":
        lead = style.tsu_consonant
    return lead


def _hangul_vowel(c: str, vowel_letter: str, style: _HangulStyle) -> int:
    """The vowel jamo index of a syllable: w-, iotated (ky-, sh, y) or plain; ㅡ in す ず つ."""
    iotated = c.endswith("y") and c != "y" or c == "sh" or c == "y"
    if c == "w":
        return _V_W.get(vowel_letter, 0)
    if iotated:
        return _V_IOTATED.get(vowel_letter, 0)
    if c in ("s", "z", "ts") and vowel_letter == "u":
        return style.tsu if c == "ts" else _V_EU
    return _V.get(vowel_letter, 0)


def _hangul_syllable(mora: Mora, initial: bool, style: _HangulStyle) -> int:
    c, v = mora.consonant, mora.vowel
    base = c[:-1] if len(c) == 2 and c.endswith("y") else c
    if c == "y":
        base = ""
    vowel_letter = v[-1:] or "a"
    lead = _hangul_lead(c, base, vowel_letter, initial, style)
    vowel = _hangul_vowel(c, vowel_letter, style)
    return 0xAC00 + (lead * 21 + vowel) * 28


def _add_batchim(out: list[str], batchim: int, standalone: str) -> None:
    if out and 0xAC00 <= ord(out[-1][-1]) <= 0xD7A3 and (ord(out[-1][-1]) - 0xAC00) % 28 == 0:
        out[-1] = out[-1][:-1] + chr(ord(out[-1][-1]) + batchim)
    else:
        out.append(standalone)


def _hangul_word(word: list[Mora], style: _HangulStyle) -> str:
    out: list[str] = []
    first = True
    for i, mora in enumerate(word):
        if mora.kind == "other":
            out.append(mora.text)
        elif mora.kind == "n":
            _add_batchim(out, _BATCHIM_N, "ㄴ")
        elif mora.kind == "q":
            _add_batchim(out, _BATCHIM_S, "ㅅ")
        elif mora.kind == "long":
            continue
        elif _is_long_extension(word, i, style.long == "drop_all") or (
            style.long != "write" and _is_same_vowel(word, i)
        ):
            if style.long == "write":
                out.append(chr(_hangul_syllable(mora, False, style)))
            continue
        else:
            out.append(chr(_hangul_syllable(mora, first, style)))
        first = False
    return "".join(out)


def _is_same_vowel(word: list[Mora], i: int) -> bool:
    """いい, ああ, ええ: also long vowels for the Korean standard (にいがた -> 니가타)."""
    mora = word[i]
    if i == 0 or mora.kind != "syl" or mora.consonant or mora.text not in _PLAIN_VOWEL_KANA:
        return False
    prev = word[i - 1]
    return prev.kind == "syl" and prev.vowel[-1:] == mora.vowel and mora.vowel in "aie"


def kana_to_hangul(kana: str) -> str:
    """Korean standard transcription: とうきょう -> 도쿄, さっぽろ -> 삿포로, にいがた -> 니가타."""
    return _render(kana, _hangul_word, _HangulStyle())


def hangul_variants(kana: str) -> set[str]:
    """Standard form plus 츠 for つ, written long vowels (니이가타), old tense medials
    (오사까) and aspirated initials (토쿄)."""
    found = set()
    for tsu, long, medial, initial in itertools.product(
        ((18, 10), (18, 14)),
        ("drop", "drop_all", "write"),
        ("aspirated", "tense"),
        ("plain", "aspirated"),
    ):
        style = _HangulStyle(tsu[0], tsu[1], long, medial, initial)
        found.add(_render(kana, _hangul_word, style))
    return found


# --- Han characters (OpenCC) ----------------------------------------------------------------


@functools.cache
def _opencc(config: str):
    import opencc  # imported lazily: loading dictionaries costs time at import

    return opencc.OpenCC(config)


def _convert(config: str, s: str) -> str:
    if not s:
        return s
    # OpenCC works on UTF-8 bytes; lone surrogates cannot be encoded, so pass them through.
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return s
    return _opencc(config).convert(s)


# Characters of Japanese place names that OpenCC's jp2t leaves alone (戸) or turns into a
# rare variant (並 -> 竝, 郎 -> 郞, 篠 -> 筿): what Chinese texts write instead. Found by
# converting every character of japancode's names and keeping those outside GB 2312.
_JP_SIMPLIFIED = str.maketrans(
    "竝値倶呉姫嶋戸栃氷澁渋潟筿篠脇舎苅萠郞鄕郷韮騨",
    "并值俱吴姬岛户枥冰涩涩泻筱筱胁舍刈萌郎乡乡韭驒",
)
_JP_TRADITIONAL = str.maketrans("竝郞鄕萠筿澁戸呉値姫舎", "並郎鄉萌篠澀戶吳值姬舍")


def to_simplified(s: str) -> str:
    """Japanese or traditional forms -> simplified Chinese: 広島 -> 广岛, 瀋陽 -> 沈阳,
    神戸 -> 神户, 新潟 -> 新泻."""
    return _convert("t2s", _convert("jp2t", s)).translate(_JP_SIMPLIFIED)


def to_traditional(s: str) -> str:
    """Simplified or Japanese forms -> traditional: 沈阳 -> 瀋陽, 広州 -> 廣州, 神戸 -> 神戶."""
    return _convert("s2t", _convert("jp2t", s)).translate(_JP_TRADITIONAL)


def to_japanese(s: str) -> str:
    """Traditional or simplified forms -> Japanese shinjitai where OpenCC knows them:
    黑龍江 -> 黒竜江, 广州 -> 広州."""
    return _convert("t2jp", _convert("s2t", s))


def han_variants(s: str) -> set[str]:
    """Every character form of a name, for indexing: the input, Japanese, traditional
    (Hong Kong and Taiwan included) and simplified forms, with ヶ/ケ/が spellings."""
    found = {s, to_simplified(s), to_traditional(s), to_japanese(s)}
    found.add(_convert("t2s", s))
    found.add(_convert("s2twp", to_simplified(s)))
    found.add(_convert("s2hk", to_simplified(s)))
    for form in list(found):
        for small_ke in ("ヶ", "ケ", "ヵ", "が"):
            if small_ke in form:
                found.update(form.replace(small_ke, other) for other in ("ヶ", "ケ"))
    found.discard("")
    return found or {s}


# --- Names of Japanese local governments ----------------------------------------------------

# Suffix kanji -> possible kana readings. 道 is missing on purpose: 北海道 is a name.
_ADMIN_SUFFIXES = {
    "市": ("し",),
    "区": ("く",),
    "町": ("まち", "ちょう"),
    "村": ("むら", "そん"),
    "県": ("けん",),
    "府": ("ふ",),
    "都": ("と",),
    "郡": ("ぐん",),
}
_SUFFIX_NAMES = {
    "en": {
        "市": (" City", "-shi", " Shi"),
        "区": (" Ward", "-ku"),
        "町": (" Town", "-machi", "-cho"),
        "村": (" Village", "-mura", "-son"),
        "県": (" Prefecture", "-ken"),
        "府": (" Prefecture", "-fu"),
        "都": (" Metropolis", "-to"),
        "郡": (" District", "-gun"),
    },
    "ko": {
        "市": "시",
        "区": "구",
        "町": "정",
        "村": "촌",
        "県": "현",
        "府": "부",
        "都": "도",
        "郡": "군",
    },
    "ru": {
        "市": ("город ",),
        "県": ("префектура ",),
        "府": ("префектура ",),
        "町": ("посёлок ",),
        "村": ("деревня ", "село "),
    },
}


def split_admin_suffix(name: str, kana: str) -> tuple[str, str, str]:
    """Split 柏崎市/かしわざきし into ("柏崎", "かしわざき", "市").

    Returns (name, kana, "") unchanged when the name has no administrative suffix or the
    kana does not end with a reading of it. 町 and 村 are read either way (まち/ちょう,
    むら/そん); the reading comes from the kana.
    """
    hira = katakana_to_hiragana(kana).strip()
    suffix = name[-1:] if len(name) > 1 else ""
    for reading in _ADMIN_SUFFIXES.get(suffix, ()):
        if hira.endswith(reading) and len(hira) > len(reading):
            return name[:-1], hira[: -len(reading)], suffix
    return name, hira, ""


def place_name_forms(name: str, kana: str) -> dict[str, set[str]]:
    """The forms of a Japanese local government's name per language (ja, en, ru, ko, zh).

    ``name`` is the kanji name with its suffix (柏崎市), ``kana`` its reading in kana.
    The forms cover the suffixed and bare name; Latin and Cyrillic forms keep their
    capitalisation (callers that match should fold case themselves).
    """
    stem, stem_kana, suffix = split_admin_suffix(name, kana)
    stem_kata = hiragana_to_katakana(stem_kana)
    ja = {name, stem, stem_kana, stem_kata, katakana_to_hiragana(kana), hiragana_to_katakana(kana)}
    ja |= han_variants(name) & {name.replace("ヶ", "ケ"), name.replace("ケ", "ヶ")}
    en = romaji_variants(stem_kana)
    ru = cyrillic_variants(stem_kana)
    ko = hangul_variants(stem_kana)
    zh = han_variants(name) | han_variants(stem)
    if suffix:
        roman = romaji(stem_kana)
        en |= {roman + ending for ending in _SUFFIX_NAMES["en"].get(suffix, ())}
        en.add(romaji(kana))
        ko |= {k + _SUFFIX_NAMES["ko"][suffix] for k in hangul_variants(stem_kana)}
        main = kana_to_cyrillic(stem_kana)
        ru |= {prefix + main for prefix in _SUFFIX_NAMES["ru"].get(suffix, ())}
    return {"ja": ja, "en": en, "ru": ru, "ko": ko, "zh": zh}


def fold_case(text: str) -> str:
    """Case and accent folding for Latin/Cyrillic matching: Chōfu -> chofu, Huế -> hue.

    Russian print often writes ё as е (Тоесака for Тоёсака), so ё folds to е; й is a
    letter of its own and is kept (Вакканай and Вакканаи stay two spellings).
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch) and not (ch == "\u0306" and kept and kept[-1] == "и"):
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))
