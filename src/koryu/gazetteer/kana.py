"""Kana handling shared by the transliterators: script conversion, mora splitting,
and the spelling-variant key used to match foreign names written in katakana.

Pure Python, no dependencies. Everything here accepts any string: characters that
are not kana pass through untouched.
"""

import itertools
import unicodedata
from dataclasses import dataclass

_HIRAGANA_FIRST, _HIRAGANA_LAST = 0x3041, 0x3096  # ぁ .. ゖ
_KANA_OFFSET = 0x60  # katakana = hiragana + 0x60 in this block
# ヷヸヹヺ have no hiragana counterpart; spell them with ゔ so they still transliterate.
_KATAKANA_ONLY = {"ヷ": "ゔぁ", "ヸ": "ゔぃ", "ヹ": "ゔぇ", "ヺ": "ゔぉ"}


def hiragana_to_katakana(s: str) -> str:
    """ひらがな -> カタカナ; everything else unchanged (ゝ -> ヽ as well)."""
    out = []
    for ch in s:
        code = ord(ch)
        if _HIRAGANA_FIRST <= code <= _HIRAGANA_LAST or code in (0x309D, 0x309E):
            out.append(chr(code + _KANA_OFFSET))
        else:
            out.append(ch)
    return "".join(out)


def katakana_to_hiragana(s: str) -> str:
    """カタカナ -> ひらがな; ー and katakana with no hiragana twin are kept as they are."""
    out = []
    for ch in s:
        code = ord(ch)
        if _HIRAGANA_FIRST + _KANA_OFFSET <= code <= _HIRAGANA_LAST + _KANA_OFFSET or code in (
            0x30FD,
            0x30FE,
        ):
            out.append(chr(code - _KANA_OFFSET))
        else:
            out.append(ch)
    return "".join(out)


def normalize_kana(s: str) -> str:
    """Half-width to full-width (NFKC), katakana to hiragana, ヷ-row spelled with ゔ.

    The transliterators work on this form; ー is kept (it marks a long vowel).
    """
    s = unicodedata.normalize("NFKC", s)
    for kata, hira in _KATAKANA_ONLY.items():
        s = s.replace(kata, hira)
    return katakana_to_hiragana(s)


# --- mora splitting -------------------------------------------------------------------

# Each base kana as (consonant, vowel) in a Hepburn-like phonemic spelling that the
# transliterators map from. Consonants: "" (none), k g s z sh j t ts ch d n h f b p m
# y r w v; ぢ/づ fold into j/z, as they are pronounced.
_BASE: dict[str, tuple[str, str]] = {}


def _row(kana: str, consonant: str, vowels: str = "aiueo") -> None:
    for k, v in zip(kana, vowels, strict=True):
        _BASE[k] = (consonant, v)


_row("あいうえお", "")
_row("かきくけこ", "k")
_row("がぎぐげご", "g")
_row("さすせそ", "s", "aueo")
_row("ざずぜぞ", "z", "aueo")
_row("たてと", "t", "aeo")
_row("だでど", "d", "aeo")
_row("なにぬねの", "n")
_row("はひへほ", "h", "aieo")
_row("ばびぶべぼ", "b")
_row("ぱぴぷぺぽ", "p")
_row("まみむめも", "m")
_row("やゆよ", "y", "auo")
_row("らりるれろ", "r")
_row("わ", "w", "a")
_BASE.update(
    {
        "し": ("sh", "i"),
        "じ": ("j", "i"),
        "ち": ("ch", "i"),
        "つ": ("ts", "u"),
        "ぢ": ("j", "i"),
        "づ": ("z", "u"),
        "ふ": ("f", "u"),
        "ゐ": ("", "i"),
        "ゑ": ("", "e"),
        "を": ("", "o"),
        "ゔ": ("v", "u"),
        "ゎ": ("w", "a"),
        "ゕ": ("k", "a"),
        "ゖ": ("k", "e"),
    }
)
_SMALL_VOWELS = {"ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o"}
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
# Consonant of a kana + small ya/yu/yo: the palatalised consonant (き+ゃ -> ky a).
_PALATAL = {"sh": "sh", "j": "j", "ch": "ch"}


@dataclass(frozen=True, slots=True)
class Mora:
    """One unit of kana. ``kind`` is "syl" (consonant + vowel), "n" (ん), "q" (っ),
    "long" (ー), "sep" (a word break: space, ・, = ...) or "other" (anything else,
    kept verbatim in ``text``)."""

    kind: str
    consonant: str = ""
    vowel: str = ""
    text: str = ""


_SEPARATORS = set(" \u3000・･=＝゠-‐‑–—_/")
_STRAY_MARKS = set("\u3099\u309a\u309b\u309c")  # (semi-)voiced marks left alone by NFKC


def split_morae(kana: str) -> list[Mora]:
    """Split kana (hiragana, katakana or half-width, mixed with anything) into morae."""
    s = normalize_kana(kana)
    out: list[Mora] = []
    i = 0
    while i < len(s):
        ch = s[i]
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if ch in _BASE:
            consonant, vowel = _BASE[ch]
            width = 1
            if nxt in _SMALL_Y and ch not in "あいうえおやゆよわゐゑを":
                # きゃ -> ky a; also the rare てゅ, ふゅ
                consonant = _PALATAL.get(consonant, consonant + "y")
                vowel = _SMALL_Y[nxt]
                width = 2
            elif nxt in _SMALL_VOWELS:
                consonant, vowel = _with_small_vowel(ch, consonant, vowel, _SMALL_VOWELS[nxt])
                width = 2
            out.append(Mora("syl", consonant, vowel, s[i : i + width]))
            i += width
        elif ch in _SMALL_VOWELS:  # a stray small vowel is just a vowel
            out.append(Mora("syl", "", _SMALL_VOWELS[ch], ch))
            i += 1
        elif ch in _SMALL_Y:
            out.append(Mora("syl", "y", _SMALL_Y[ch], ch))
            i += 1
        elif ch == "ん":
            out.append(Mora("n", text=ch))
            i += 1
        elif ch == "っ":
            out.append(Mora("q", text=ch))
            i += 1
        elif ch in "ーｰ〜～":
            out.append(Mora("long", text=ch))
            i += 1
        elif ch in "ゝゞ" and out and out[-1].kind == "syl":  # iteration marks
            prev = out[-1]
            consonant = (
                _VOICED.get(prev.consonant, prev.consonant) if ch == "ゞ" else prev.consonant
            )
            out.append(Mora("syl", consonant, prev.vowel, ch))
            i += 1
        elif ch in _STRAY_MARKS or ch in "ゝゞ":  # marks with nothing to attach to
            i += 1
        elif ch == "ゟ":  # the より ligature
            out.extend([Mora("syl", "y", "o", "よ"), Mora("syl", "r", "i", "り")])
            i += 1
        elif ch in _SEPARATORS:
            out.append(Mora("sep", text=ch))
            i += 1
        else:
            out.append(Mora("other", text=ch))
            i += 1
    return out


_VOICED = {"k": "g", "s": "z", "sh": "j", "t": "d", "ch": "j", "ts": "z", "h": "b", "f": "b"}


def _with_small_vowel(ch: str, consonant: str, vowel: str, small: str) -> tuple[str, str]:
    """Loanword spellings: ファ fa, ティ ti, ディ di, ウィ wi, シェ she, ヴァ va, トゥ tu..."""
    if ch in "うゔ":
        return ("w" if ch == "う" else "v"), small
    if ch in "てで" and small in "iu":
        return ("t" if ch == "て" else "d"), small
    if ch in "とど" and small == "u":
        return ("t" if ch == "と" else "d"), "u"
    if ch == "い" and small == "e":  # イェ
        return "y", "e"
    if vowel == "i" and small == "e":  # シェ ジェ チェ キェ
        return consonant, "e"
    if vowel == "u":  # ファ フィ フェ フォ ツァ クァ グァ
        return consonant, small
    return consonant, vowel + small if small != vowel else vowel


# --- katakana spelling variants of foreign names --------------------------------------

DROP_IN_KEY = frozenset("・･=＝ 　-‐‑–—_ー〜～ッ")
# Longest first. Pairs are spellings that Japanese documents use for the same sound.
_KEY_REWRITES = [
    ("ヴァ", "バ"),
    ("ヴィ", "ビ"),
    ("ヴェ", "ベ"),
    ("ヴォ", "ボ"),
    ("ヴ", "ブ"),
    ("ティ", "チ"),
    ("ディ", "ジ"),
    ("デュ", "ジュ"),
    ("ヂ", "ジ"),
    ("ヅ", "ズ"),
    ("ヲ", "オ"),
    ("ヰ", "イ"),
    ("ヱ", "エ"),
    ("ヶ", "ケ"),
    ("ヵ", "カ"),
    ("ァ", "ア"),
    ("ィ", "イ"),
    ("ゥ", "ウ"),
    ("ェ", "エ"),
    ("ォ", "オ"),
    ("ヮ", "ワ"),
]


def katakana_key(s: str) -> str:
    """A canonical key: two spellings of the same foreign name get the same key.

    Folds half-width forms, hiragana, ヴ/バ, ティ/チ, ディ/ジ, small vowels (フェ/フエ,
    ウィ/ウイ), and drops ー, ッ, ・, =, hyphens and spaces (ウラジオストック and
    ウラジオストク share a key). Meant for matching, not for display.
    """
    # NFKC again after the script change: ワ + combining ゛ composes to ヷ, わ + ゛ does not.
    s = unicodedata.normalize("NFKC", hiragana_to_katakana(unicodedata.normalize("NFKC", s)))
    s = "".join(ch for ch in s if ch not in DROP_IN_KEY)
    for old, new in _KEY_REWRITES:
        s = s.replace(old, new)
    return s


# Each rule turns one spelling into another spelling documents use; applied in every
# combination so that mixed spellings (ヴィエンチャン -> ビエンチャン) are covered.
_VARIANT_RULES: list[tuple[str, str]] = [
    ("ヴァ", "バ"),
    ("ヴィ", "ビ"),
    ("ヴェ", "ベ"),
    ("ヴォ", "ボ"),
    ("ヴ", "ブ"),
    ("ティ", "チ"),
    ("ディ", "ジ"),
    ("フェ", "フエ"),
    ("ウィ", "ウイ"),
    ("ウェ", "ウエ"),
    ("ウォ", "ウオ"),
    ("ファ", "フア"),
    ("フィ", "フイ"),
    ("フォ", "フオ"),
    ("ー", ""),
    ("・", ""),
    ("=", ""),
    ("＝", ""),
    (" ", ""),
    ("ッ", ""),
]
# The reverse direction only where it is unambiguous enough to be worth generating.
_REVERSE_RULES = [
    ("バ", "ヴァ"),
    ("ビ", "ヴィ"),
    ("ベ", "ヴェ"),
    ("ボ", "ヴォ"),
    ("フエ", "フェ"),
    ("ウイ", "ウィ"),
    ("ウエ", "ウェ"),
]
_MAX_VARIANTS = 256


def katakana_variants(s: str) -> set[str]:
    """Spellings of a katakana name that documents use for the same place.

    Goes both ways (ビエンチャン -> ヴィエンチャン too, for the pairs that are
    unambiguous in reverse), includes the NFKC form of half-width input, and is capped
    at a few hundred strings. Every variant has the same :func:`katakana_key`.
    """
    base = hiragana_to_katakana(unicodedata.normalize("NFKC", s))
    found = {base}
    if s and s != base:
        found.add(s)
    rules = _VARIANT_RULES + _REVERSE_RULES
    applicable = [(old, new) for old, new in rules if any(old in v for v in found) or old in base]
    frontier = {base}
    for old, new in applicable:
        grown = {v.replace(old, new) for v in frontier if old in v}
        frontier |= grown
        if len(frontier) > _MAX_VARIANTS:
            break
    found |= frontier
    key = katakana_key(base)
    return {v for v in itertools.islice(sorted(found), _MAX_VARIANTS) if katakana_key(v) == key}
