"""The query language: words (AND), "quoted phrases", OR, -exclusion and filters.

``parse_query`` accepts any text and never raises: what it cannot use it reports in
``messages``, and a filter it cannot accept makes the query rejected (``error``). It
builds no database syntax; the backends turn the parsed query into their own from
tokens only. Plain Python (no Django).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from koryu.search.analysis import clean
from koryu.search.filters import FILTER_KEYS, Filter, FilterValueError, parse_filter

# Bounds of a query (issue 14): beyond them the query is refused (400 in the API), never
# quietly shortened, so that what was searched is always what was asked.
MAX_QUERY_CHARS = 1000
MAX_ATOMS = 24  # words and phrases, excluded ones included
MAX_FILTERS = 16
_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』", "＂": "＂"}
_FILTER = re.compile(rf"^(-?)({'|'.join(FILTER_KEYS)})[:：](.*)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Atom:
    """A word or a quoted phrase as the user wrote it."""

    text: str
    phrase: bool = False

    def canonical(self) -> str:
        return f'"{self.text}"' if self.phrase or " " in self.text else self.text


@dataclass
class ParsedQuery:
    text: str
    groups: list[list[Atom]] = field(default_factory=list)  # AND of groups, OR inside
    excluded: list[Atom] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    error: dict | None = None  # {"code", "message"}: the query is rejected

    @property
    def has_text(self) -> bool:
        return bool(self.groups or self.excluded)

    def canonical(self) -> str:
        parts = [" OR ".join(a.canonical() for a in g) for g in self.groups]
        parts += ["-" + a.canonical() for a in self.excluded]
        parts += [f.canonical() for f in self.filters]
        return " ".join(parts)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "canonical": self.canonical(),
            "terms": [[a.text for a in g] for g in self.groups],
            "phrases": [a.text for g in self.groups for a in g if a.phrase],
            "excluded": [a.text for a in self.excluded],
            "filters": [
                {"key": f.key, "values": list(f.values), "negated": f.negated} for f in self.filters
            ],
        }


@dataclass
class _Lexeme:
    text: str
    quoted: bool = False
    negated: bool = False
    filter_key: str = ""


def _lex(text: str, messages: list[str]) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch in "-－" and i + 1 < n and not text[i + 1].isspace():
            negated, i = True, i + 1
            ch = text[i]
        if ch in _QUOTES:
            close = _QUOTES[ch]
            end = text.find(close, i + 1)
            if end < 0:
                messages.append("a quotation mark was not closed; it was closed at the end")
                end = n
            out.append(_Lexeme(text[i + 1 : end], quoted=True, negated=negated))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace():
            if text[i] in _QUOTES and i > start and text[i - 1] in ":：":
                close = _QUOTES[text[i]]  # key:"quoted value"
                end = text.find(close, i + 1)
                if end < 0:
                    messages.append("a quotation mark was not closed; it was closed at the end")
                    end = n
                i = end + 1
                break
            i += 1
        word = text[start:i]
        m = _FILTER.match(("-" if negated else "") + word)
        if m:
            value = m.group(3).strip()
            if len(value) >= 2 and value[0] in _QUOTES:
                value = value[1:].rstrip(_QUOTES[value[0]])
            out.append(_Lexeme(value, negated=bool(m.group(1)), filter_key=m.group(2).lower()))
        else:
            out.append(_Lexeme(word, negated=negated))
    return out


def parse_query(text: str | None) -> ParsedQuery:
    raw = clean(text or "")
    query = ParsedQuery(text=raw[:MAX_QUERY_CHARS])  # what is echoed back stays bounded
    if len(raw) > MAX_QUERY_CHARS:
        query.error = {
            "code": "query_too_long",
            "message": f"the query has {len(raw)} characters; at most {MAX_QUERY_CHARS} are read",
        }
        return query
    lexemes = _lex(query.text, query.messages)

    pending_or = False
    atoms = 0
    for lex in lexemes:
        if lex.filter_key:
            try:
                query.filters.append(parse_filter(lex.filter_key, lex.text, lex.negated))
            except FilterValueError as exc:
                query.error = {"code": "bad_filter", "message": str(exc)}
            continue
        if not lex.quoted and not lex.negated and lex.text in ("OR", "|"):
            pending_or = bool(query.groups)
            continue
        if not lex.quoted and lex.text in ("AND", "&&", "NOT"):
            continue  # AND is implied; NOT is written -word
        if not lex.text.strip():
            continue
        if atoms >= MAX_ATOMS:
            query.error = {
                "code": "too_many_terms",
                "message": f"the query has more than {MAX_ATOMS} words and phrases",
            }
            break
        atoms += 1
        atom = Atom(lex.text.strip(), phrase=lex.quoted)
        if lex.negated:
            query.excluded.append(atom)
            pending_or = False
        elif pending_or:
            query.groups[-1].append(atom)
            pending_or = False
        else:
            query.groups.append([atom])
    if len(query.filters) > MAX_FILTERS and not query.error:
        query.error = {
            "code": "too_many_filters",
            "message": f"the query has {len(query.filters)} filters; at most {MAX_FILTERS}",
        }
    query.messages[:] = list(dict.fromkeys(query.messages))
    return query
