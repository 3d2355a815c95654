"""Text clean-up: Unicode folding, HTML remnants, blank-value markers.

Source documents are web pages flattened to text: paragraphs keep their ``<p>`` tags,
lists their ``<ul>``, and list items are often only a ``・`` glued to the previous item.
``clean_text`` turns that into plain lines, one paragraph or list item per line, without
changing the characters themselves (no NFKC: names stay as written).
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["clean_text", "is_placeholder", "nfkc"]


def nfkc(s: str) -> str:
    """NFKC-fold ``s``: full-width digits and Latin to ASCII, half-width kana to full-width."""
    return unicodedata.normalize("NFKC", s)


# Tags that end a line; all other tags are dropped without a break.
_BREAK_TAGS = re.compile(
    r"<\s*/?\s*(?:p|br|li|ul|ol|div|tr|table|h[1-6]|dd|dt|dl)\b[^<>]*>", re.IGNORECASE
)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_UL_BLOCK = re.compile(r"<\s*ul\b[^<>]*>(.*?)(?=<\s*/?\s*(?:ul|p)\b|$)", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")

# A `・` is a list bullet (not the interpunct of イル・ド・フランス) when it opens a line,
# follows white space or a tag, or follows the end of a sentence or a bracket.
_BULLET_AFTER = re.compile(r"(?:(?<=^)|(?<=[\s>。．）)」』】]))・", re.MULTILINE)
_KANA_OR_LATIN = re.compile(r"[\u3040-\u30ffA-Za-z]")


def _bullets_in_ul(block: str) -> str:
    """Break a ``<ul>`` whose items are glued ``・a・b・c`` into lines.

    When some bullets are spaced (``・a・b ・c``), only the spaced ones are bullets and the
    others are interpuncts. When none is spaced, every ``・`` is a bullet except one
    between two kana or Latin letters (イル・ド・フランス, ふくしま・BC).
    """
    body = block.lstrip()
    if not body.startswith("・"):
        return block
    rest = body[1:]
    if re.search(r"\s・", rest):
        return block  # the general rule (_BULLET_AFTER) handles spaced bullets
    out = []
    for i, ch in enumerate(block):
        if ch == "・" and i > 0:
            before, after = block[i - 1], block[i + 1 : i + 2]
            foreign = _KANA_OR_LATIN.match(before) and _KANA_OR_LATIN.match(after or " ")
            if not foreign:
                out.append("\n")
        out.append(ch)
    return "".join(out)


def clean_text(s: str) -> str:
    """Plain text from a value with HTML remnants: one paragraph or list item per line."""
    if not s:
        return ""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = _UL_BLOCK.sub(lambda m: m.group(0).replace(m.group(1), _bullets_in_ul(m.group(1))), s)
    s = _BREAK_TAGS.sub("\n", s)
    s = _ANY_TAG.sub("", s)
    s = html.unescape(s)
    s = s.replace("\u00a0", " ")
    # Markdown list remnants: "- ・item" -> "・item"
    s = re.sub(r"(?m)^[ \t]*-[ \t]+(?=・)", "", s)
    s = _BULLET_AFTER.sub("\n・", s)
    lines = (_SPACES.sub(" ", line).strip() for line in s.split("\n"))
    return "\n".join(line for line in lines if line)


_PLACEHOLDER = re.compile(
    r"^(?:[-‐‑‒–—―ー－_~〜～・.。]+|なし|無し|特になし|該当なし|未定|不明|n/?a|none|нет)$",
    re.IGNORECASE,
)


def is_placeholder(s: str | None) -> bool:
    """True for a field that holds no value: "", "--", "－", "なし", "N/A"..."""
    if s is None:
        return True
    folded = nfkc(clean_text(s)).strip()
    return folded == "" or bool(_PLACEHOLDER.match(folded))
