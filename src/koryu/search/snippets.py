"""Snippets: a window of the record's own text around the first matched words.

Returned as plain text plus ``highlights``, a list of ``[start, end)`` character offsets
into the snippet: the web layer escapes the text and wraps the ranges in <mark>, so no
document text is ever trusted as HTML. Matching is done on the normalised text (NFKC,
case-folded, diacritics removed) and mapped back to the original characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from koryu.search.analysis import CJK_CLASS, clean, fold_word, is_cjk

WINDOW = 160


@dataclass
class Snippet:
    text: str
    highlights: list[list[int]] = field(default_factory=list)


def _normalized_with_map(text: str) -> tuple[str, list[int]] | tuple[str, None]:
    """The text normalised, and for each normalised character the index of the original
    character it came from (None when they line up one to one, the usual case)."""
    quick = unicodedata.normalize("NFKC", text).casefold()
    if len(quick) == len(text):
        if not quick.isascii():
            quick = _FOLDABLE.sub(lambda m: _fold_char(m.group()), quick)
        return quick, None
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch).casefold()
        if not is_cjk(norm[:1]):
            norm = fold_word(norm) or norm
        out.append(norm)
        origin.extend([i] * len(norm))
    return "".join(out), origin


# Characters that may carry diacritics to fold: neither ASCII nor CJK (those never change).
_FOLDABLE = re.compile(rf"[^\x00-\x7f{CJK_CLASS}]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = fold_word(ch)
    return folded[:1] if folded else ch


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping [start, end) spans of ``text`` where any needle occurs."""
    if not text or not needles:
        return []
    norm, origin = _normalized_with_map(text)
    spans: list[tuple[int, int]] = []
    for needle in sorted(set(needles), key=len, reverse=True):
        start = norm.find(needle)
        while start >= 0:
            last = start + len(needle) - 1
            a, b = (start, last + 1) if origin is None else (origin[start], origin[last] + 1)
            if not any(a < y and x < b for x, y in spans):
                spans.append((a, b))
            start = norm.find(needle, start + len(needle))
    return sorted(spans)


def make_snippet(texts: list[str], needles: list[str], window: int = WINDOW) -> Snippet:
    """The best window: from the text with the most distinct matches, else the first text."""
    best: tuple[int, str, list[tuple[int, int]]] | None = None
    for text in texts:
        text = " ".join(clean(text or "").split())
        if not text:
            continue
        spans = find_spans(text, needles)
        score = len({text[a:b].casefold() for a, b in spans})
        if best is None or score > best[0]:
            best = (score, text, spans)
    if best is None:
        return Snippet("")
    _, text, spans = best
    start = 0
    if spans:
        start = max(0, spans[0][0] - window // 4)
    end = min(len(text), start + window)
    start = max(0, min(start, end - window))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + text[start:end] + suffix
    shift = len(prefix) - start
    highlights = [
        [max(a, start) + shift, min(b, end) + shift] for a, b in spans if a < end and b > start
    ]
    return Snippet(snippet, highlights)
