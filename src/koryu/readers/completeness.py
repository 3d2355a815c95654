"""Signs that a document was cut short: text that stops mid-sentence, mid-list or inside
a bracket, and the last line that carries anything.

A file truncated by a failed copy or a half-finished save still reads as a smaller
document; its readers use these helpers on the line where the document ends, so that such
a file fails with that line instead of quietly losing its last records.
"""

from __future__ import annotations

import re

_PAIRS = {
    "(": ")",
    "（": "）",
    "「": "」",
    "『": "』",
    "【": "】",
    "［": "］",
    "[": "]",
    "《": "》",
    "〈": "〉",
    "«": "»",
    "“": "”",
}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
# A list or a clause that goes on: nothing complete ends with these.
_JOINERS = ("、", ",", "，", "・", "～", "〜", ":", "：", "-", "–", "—", "/", "／", "+", "&")
_SENTENCE_ENDS = (".", "。", "．", "!", "！", "?", "？", "…", ")", "）", "」", "』", "»", '"', "”")


def unclosed_bracket(text: str) -> str | None:
    """The opening bracket left open at the end of ``text``, if any."""
    stack: list[str] = []
    for ch in text:
        if ch in _PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS and stack and stack[-1] == _CLOSERS[ch]:
            stack.pop()
    return stack[-1] if stack else None


_LAST_URL = re.compile(r"https?://([^\s/?#<>\"'「」（）()]*)[^\s]*$")


def cut_url(text: str) -> str | None:
    """The host of a URL that ``text`` ends on when that host cannot be whole: no known
    public suffix (``http://www.os`` of a cut ``http://www.osaka-info.jp``)."""
    if re.search(r"(?:^|\s)h(?:t(?:t(?:ps?(?::/?)?)?)?)?$", text):
        return "(a URL's scheme)"
    m = _LAST_URL.search(text)
    if not m:
        return None
    if text.endswith(("?", "=", "&")):
        return f"(a URL's query: {text[-1]!r})"
    host = m.group(1).rstrip(".").split("@")[-1].split(":")[0]
    return host if unknown_domain(host) else None


def unknown_domain(host: str) -> bool:
    """Whether ``host`` ends on no known public suffix (``pref.fu`` of a cut ``pref.fukuoka.lg.jp``).
    Local names and IP addresses count as known."""
    from tld import get_tld  # the public-suffix list ships with the package

    if host == "localhost" or re.fullmatch(r"[\d.]+|\[[0-9a-fA-F:]+\]", host):
        return False
    return get_tld(host, fix_protocol=True, fail_silently=True) is None


# "--", "－" standing alone: an empty value, not a clause that goes on
_PLACEHOLDER_END = re.compile(r"(?:^|\s)[-–—－―ー]+$")


def cut_reason(text: str) -> str | None:
    """Why ``text`` cannot be the complete end of something, or None if it can be."""
    stripped = text.strip(" \t\u3000\u00a0")
    if not stripped:
        return None
    host = cut_url(stripped)
    if host is not None:
        return f"inside a URL (host {host!r} has no known domain ending)"
    opened = unclosed_bracket(stripped)
    if opened:
        return f"{opened!r} is never closed"
    if stripped.endswith(_JOINERS) and not _PLACEHOLDER_END.search(stripped):
        return f"it ends on {stripped[-1]!r}"
    return None


# "в г." (in the city of ...): a preposition then an abbreviation is never a sentence's end.
_OPEN_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:в|во|из|до|с|на|к|по|от|из-под)\s+(?:г|гг|ул|пос|обл)\.$", re.IGNORECASE
)


def ends_sentence(text: str) -> bool:
    """Whether prose ends where a sentence can end."""
    text = text.strip(" \t\u3000\u00a0")
    return text.endswith(_SENTENCE_ENDS) and not _OPEN_ABBREVIATION.search(text)


def last_content_line(lines: list[str]) -> int:
    """1-based number of the last line that is not blank (0 for an empty document)."""
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip(" \t\u3000\u00a0\r"):
            return i + 1
    return 0


def quote(text: str, width: int = 30) -> str:
    """The end of ``text`` for a message: where the document stops."""
    text = text.strip()
    return repr(text if len(text) <= width else "…" + text[-width:])
