"""Bytes -> text for Japanese-centred documents: UTF-8 (with or without BOM), CP932, EUC-JP.

Strict UTF-8 comes first because a valid multi-byte UTF-8 text is almost never valid by
accident in a legacy encoding. CP932 (Windows' Shift_JIS) and EUC-JP often both decode
the same bytes without error, so we decode with each and keep the one whose characters
look like Japanese (kana, kanji, full-width punctuation) rather than half-width katakana
and rare symbols, which is what the wrong choice produces.
"""

from __future__ import annotations

import codecs
import unicodedata

from koryu.readers.base import DecodeError, EmptyDocument

# Share of C0 control bytes (other than tab, newline, CR, form feed) above which the data
# is treated as binary; text files have none, so any real proportion means binary.
MAX_CONTROL_RATIO = 0.01
_ALLOWED_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D}
_SAMPLE = 64 * 1024
# Below this a CP932/EUC-JP decoding is probably another language's legacy encoding.
MIN_JAPANESE_SCORE = 0.6
_TEXT_CONTROLS = "\t\n\f\x1b"

# Tried in this order; the first wins a tie. The JIS X 0213 codecs come last: they also
# cover the NEC circled numbers (①) that plain EUC-JP lacks, as written by eucJP-ms tools.
_LEGACY_JAPANESE = ("cp932", "euc_jp", "euc_jis_2004", "shift_jis_2004")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)`` with newlines normalised to ``\\n``.

    Raises ``EmptyDocument`` for empty or whitespace-only data and ``DecodeError`` for
    binary data or bytes in no encoding we recognise.
    """
    if not data.strip():
        raise EmptyDocument(name, None, "empty document (no bytes or only whitespace)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(_strict(data, encoding, name), encoding, name)
    _reject_binary(data, name)
    text = _try(data, "utf-8")
    if text is not None:
        return _finish(text, "utf-8", name)
    if b"\x1b$" in data[:_SAMPLE]:  # ISO-2022-JP escape sequences (mail-era files)
        text = _try(data, "iso2022_jp")
        if text is not None:
            return _finish(text, "iso2022_jp", name)
    candidates = [(enc, text) for enc in _LEGACY_JAPANESE if (text := _try(data, enc)) is not None]
    if candidates:
        # max() keeps the first on a tie: CP932 is by far the more common legacy encoding.
        encoding, text = max(candidates, key=lambda c: japanese_score(c[1]))
        if japanese_score(text) >= MIN_JAPANESE_SCORE:
            return _finish(text, encoding, name)
    return _finish(*_fallback(data, name), name)


def japanese_score(text: str) -> float:
    """How plausible ``text`` is as Japanese: 1.0 very, 0.0 not at all.

    The share of characters that a correct decoding of Japanese produces (kana, kanji,
    CJK and full-width punctuation) among those a wrong decoding tends to produce
    (half-width katakana, private-use and unassigned code points, C1 controls). Latin,
    Cyrillic and other symbols are neutral. Text with many kanji but almost no kana is
    Chinese or Korean read through a Japanese code page, so it scores low too.
    """
    kana = han = other_good = bad = 0
    for ch in text[:_SAMPLE]:
        code = ord(ch)
        if code < 0x80:
            continue
        if 0x3040 <= code <= 0x30FF:
            kana += 1
        elif 0x4E00 <= code <= 0x9FFF:
            han += 1
        elif 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
            other_good += 1
        elif 0xFF61 <= code <= 0xFF9F or unicodedata.category(ch) in ("Cc", "Cn", "Co"):
            bad += 1
    total = kana + han + other_good + bad
    if total == 0:
        return 1.0
    score = (kana + han + other_good) / total
    if kana + han >= 20 and kana < 0.05 * (kana + han):
        score *= 0.5
    return score


def _reject_binary(data: bytes, name: str) -> None:
    sample = data[:_SAMPLE]
    nul = sample.find(b"\x00")
    if nul >= 0:
        line = sample.count(b"\n", 0, nul) + 1
        raise DecodeError(name, line, "binary data (NUL byte), not a text document")
    controls = sum(1 for b in sample if b < 0x20 and b not in _ALLOWED_CONTROLS and b != 0x1B)
    if controls / len(sample) > MAX_CONTROL_RATIO:
        raise DecodeError(
            name, None, f"binary data ({controls} control bytes in {len(sample)}), not text"
        )


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DecodeError(
            name, line, f"invalid {encoding} at byte {exc.start} despite its byte-order mark"
        ) from None


def _fallback(data: bytes, name: str) -> tuple[str, str]:
    """Other languages' legacy encodings (cp1251, GB18030, EUC-KR...) via charset-normalizer."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError(
            name, None, "unknown text encoding (not UTF-8, Shift_JIS/CP932 or EUC-JP)"
        )
    text = _try(data, best.encoding)
    if text is None:  # pragma: no cover - charset-normalizer only proposes valid decodings
        raise DecodeError(name, None, f"could not decode as {best.encoding}")
    return text, best.encoding


def _finish(text: str, encoding: str, name: str) -> tuple[str, str]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocument(name, None, "empty document (only whitespace)")
    # UTF-16 files skip the byte-level check (their ASCII has NUL bytes): check characters
    sample = text[:_SAMPLE]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS
    )
    if controls / len(sample) > MAX_CONTROL_RATIO:
        raise DecodeError(name, None, "binary data (control characters), not a text document")
    return text, encoding
