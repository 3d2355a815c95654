"""The one query object: words (AND), "quoted phrases", OR, -exclusion, filters, sort
and cursor, read from the query language (``水道 country:CN``) or from URL parameters
(``?q=水道&country=CN``) and written back to either.

``Query.parse`` and ``Query.from_params`` accept anything and never raise: what they
cannot use is reported in ``messages``, and what makes the query impossible to run sets
``error`` ({"code", "message", "parameter"}). Facet links are made with ``adding``,
``removing`` and ``replacing``, never by editing the text. No database syntax is built
here; the backends spell the query in their own from tokens only. Plain Python (no Django).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from koryu.search.analysis import clean
from koryu.search.filters import (
    FILTER_KEYS,
    ORGANIZATION_KIND,
    PARAM_KEYS,
    Filter,
    FilterValueError,
    decade_years,
    parse_filter,
)

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


SORTS = ("relevance", "date", "-date")


@dataclass
class Query:
    text: str = ""  # as the user typed it (bounded)
    groups: list[list[Atom]] = field(default_factory=list)  # AND of groups, OR inside
    excluded: list[Atom] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    sort: str = "relevance"
    cursor: str | None = None
    expand: bool = True  # names and words to their other spellings (thesaurus, places)
    records_only: bool = False  # leave organizations out (record lists and exports)
    organizations_only: bool = False  # leave records out (the organization list)
    messages: list[str] = field(default_factory=list)
    error: dict | None = None  # {"code", "message", "parameter"}: the query is rejected

    # --- reading ------------------------------------------------------------------------
    @classmethod
    def parse(
        cls,
        text: str | None,
        *,
        sort: str = "relevance",
        cursor: str | None = None,
        expand: bool = True,
    ) -> Query:
        """The query language, with the options the language has no words for."""
        query = parse_query(text if isinstance(text, str) else "")
        query.cursor = cursor or None
        query.expand = expand
        query.sort = sort or "relevance"
        if query.sort not in SORTS and not query.error:
            query.error = _error(
                "bad_sort", f"unknown sort {sort!r} (known: {', '.join(SORTS)})", "sort"
            )
        return query

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Query:
        """URL parameters: ``q`` in the query language, and each filter as a parameter of
        its own (``country=CN,KR``, ``year_from=2010``, ``org=12``); ``sort``, ``cursor``
        (or ``_next``) and ``expand``. Filters given both ways are both kept (AND)."""
        expand = str(_param(params, "expand") or "1").lower() not in ("0", "false", "no", "off")
        query = cls.parse(
            _param(params, "q") or "",
            sort=_param(params, "sort") or "relevance",
            cursor=_param(params, "cursor") or _param(params, "_next") or None,
            expand=expand,
        )
        if query.error:
            return query
        try:
            extra = filters_from_params(params)
        except FilterValueError as exc:
            query.error = _error("bad_filter", str(exc), getattr(exc, "parameter", None))
            return query
        for f in extra:
            if f not in query.filters:
                query.filters.append(f)
        if len(query.filters) > MAX_FILTERS:
            query.error = _too_many_filters(len(query.filters))
        return query

    # --- writing ------------------------------------------------------------------------
    @property
    def has_text(self) -> bool:
        return bool(self.groups or self.excluded)

    @property
    def words(self) -> list[str]:
        return [a.text for g in self.groups for a in g if not a.phrase]

    @property
    def phrases(self) -> list[str]:
        return [a.text for g in self.groups for a in g if a.phrase]

    @property
    def exclusions(self) -> list[str]:
        return [a.text for a in self.excluded]

    def canonical(self) -> str:
        """The whole query in the query language (words, then filters)."""
        return " ".join(filter(None, (self._text_part(), *self._filter_texts(self.filters))))

    def _text_part(self) -> str:
        parts = [" OR ".join(a.canonical() for a in g) for g in self.groups]
        parts += ["-" + a.canonical() for a in self.excluded]
        return " ".join(parts)

    @staticmethod
    def _filter_texts(filters: list[Filter]) -> list[str]:
        return [f.canonical() for f in filters]

    def to_params(self) -> dict[str, str]:
        """URL parameters: each filter that has a parameter of its own as that parameter
        (one filter per key, not negated), the rest in ``q``; sort, cursor and expand
        when they are not the defaults. ``Query.from_params`` reads it back unchanged."""
        as_params: dict[str, str] = {}
        in_text: list[Filter] = []
        for f in self.filters:
            rendered = f.as_params()
            if rendered is None or any(k in as_params for k in rendered):
                in_text.append(f)
            else:
                as_params.update(rendered)
        out = {"q": " ".join(filter(None, (self._text_part(), *self._filter_texts(in_text))))}
        out.update(as_params)
        if self.sort != "relevance":
            out["sort"] = self.sort
        if not self.expand:
            out["expand"] = "0"
        if self.cursor:
            out["cursor"] = self.cursor
        return {k: v for k, v in out.items() if v}

    # --- facet links ----------------------------------------------------------------------
    def selected(self, key: str, value: str) -> bool:
        """Whether a facet value is one of the query's (positive) filters."""
        wanted = _facet_filter(key, value)
        if wanted is None:
            return False
        if wanted.key == "year":
            return any(f == wanted for f in self.filters)
        return any(
            f.key == wanted.key and not f.negated and wanted.values[0] in f.values
            for f in self.filters
        )

    def adding(self, key: str, value: str) -> Query:
        """This query narrowed by a facet value (itself when already there)."""
        wanted = _facet_filter(key, value)
        if wanted is None or self.selected(key, value):
            return self.page(None)
        return self._with_filters([*self.filters, wanted])

    def removing(self, key: str, value: str) -> Query:
        """Without a facet value: taken out of the filters holding it (``country:CN,KR``
        less CN is ``country:KR``); a filter left with no value goes."""
        wanted = _facet_filter(key, value)
        if wanted is None:
            return self.page(None)
        kept: list[Filter] = []
        for f in self.filters:
            if f.negated or f.key != wanted.key:
                kept.append(f)
            elif f.key == "year":
                if f != wanted:
                    kept.append(f)
            else:
                rest = tuple(v for v in f.values if v not in wanted.values)
                if rest:
                    kept.append(f.with_values(rest))
        return self._with_filters(kept)

    def replacing(self, key: str, values: list[str]) -> Query:
        """With one filter for ``key`` holding these values (none: no filter for it)."""
        kept = [f for f in self.filters if f.key != key or f.negated]
        if values:
            kept.append(parse_filter(key, ",".join(values)))
        return self._with_filters(kept)

    def without(self, dropped: Filter) -> Query:
        """Without one of its filters (an active filter's chip)."""
        return self._with_filters([f for f in self.filters if f != dropped])

    def toggling(self, key: str, value: str) -> Query:
        return self.removing(key, value) if self.selected(key, value) else self.adding(key, value)

    def page(self, cursor: str | None) -> Query:
        return replace(self, cursor=cursor, messages=list(self.messages))

    def only_records(self) -> Query:
        """The same question about records alone (lists and exports of records)."""
        return replace(self, records_only=True, messages=list(self.messages))

    def only_organizations(self) -> Query:
        """The same question about organizations alone (the organization list)."""
        return replace(self, organizations_only=True, messages=list(self.messages))

    @property
    def match_filters(self) -> list[Filter]:
        """The filters the index applies: the query's, and no organizations when only
        records are wanted (no records when only organizations are)."""
        negated = self.records_only
        if not (self.records_only or self.organizations_only):
            return self.filters
        kind = Filter("kind", (ORGANIZATION_KIND,), negated, ORGANIZATION_KIND)
        return [*self.filters, kind]

    def _with_filters(self, filters: list[Filter], cursor: str | None = None) -> Query:
        filters = list(dict.fromkeys(filters))
        return replace(self, filters=filters, cursor=cursor, messages=list(self.messages))

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


def _error(code: str, message: str, parameter: str | None = "q") -> dict:
    return {"code": code, "message": message, "parameter": parameter or "q"}


def _too_many_filters(n: int) -> dict:
    return _error("too_many_filters", f"the query has {n} filters; at most {MAX_FILTERS}")


def _param(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value).strip()


def _param_values(params: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    raw = getlist(name) if getlist else params.get(name)
    items = raw if isinstance(raw, list | tuple) else [] if raw is None else [raw]
    return [str(v).strip() for v in items if str(v).strip()]


def filters_from_params(params: Mapping[str, Any]) -> list[Filter]:
    """The filters given as URL parameters (raises FilterValueError naming the parameter)."""
    out: list[Filter] = []
    for key in PARAM_KEYS:
        for raw in _param_values(params, key):
            out.append(_checked(key, raw, key))
    start = _param(params, "year_from") or ""
    end = _param(params, "year_to") or ""
    if start or end:
        name = "year_from" if start else "year_to"
        out.append(_checked("year", f"{start}..{end}" if start != end else start, name))
    for raw in _param_values(params, "org"):
        if not raw.isdigit() or not 1 <= int(raw) < 2**63:
            exc = FilterValueError(f"org must be an organization id, not {raw!r}")
            exc.parameter = "org"  # type: ignore[attr-defined]
            raise exc
        out.append(_checked("org", f"#{int(raw)}", "org"))
    return out


def _checked(key: str, raw: str, parameter: str) -> Filter:
    try:
        if "\x00" in raw or len(raw) > 300:
            raise FilterValueError(f"{parameter} has a value that is not allowed")
        return parse_filter(key, raw)
    except FilterValueError as exc:
        exc.parameter = parameter  # type: ignore[attr-defined]
        raise


def _facet_filter(key: str, value: str) -> Filter | None:
    """The filter a facet value stands for (the decade facet is a year range)."""
    try:
        if key == "decade":
            return parse_filter("year", "..".join(decade_years(value)))
        return parse_filter(key, value)
    except (FilterValueError, ValueError):
        return None


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


def parse_query(text: str | None) -> Query:
    """The query language alone (see ``Query.parse`` for the options)."""
    raw = clean(text or "")
    query = Query(text=raw[:MAX_QUERY_CHARS])  # what is echoed back stays bounded
    if len(raw) > MAX_QUERY_CHARS:
        query.error = _error(
            "query_too_long",
            f"the query has {len(raw)} characters; at most {MAX_QUERY_CHARS} are read",
        )
        return query
    lexemes = _lex(query.text, query.messages)

    pending_or = False
    atoms = 0
    for lex in lexemes:
        if lex.filter_key:
            try:
                query.filters.append(parse_filter(lex.filter_key, lex.text, lex.negated))
            except FilterValueError as exc:
                query.error = _error("bad_filter", str(exc))
            continue
        if not lex.quoted and not lex.negated and lex.text in ("OR", "|"):
            pending_or = bool(query.groups)
            continue
        if not lex.quoted and lex.text in ("AND", "&&", "NOT"):
            continue  # AND is implied; NOT is written -word
        if not lex.text.strip():
            continue
        if atoms >= MAX_ATOMS:
            query.error = _error(
                "too_many_terms", f"the query has more than {MAX_ATOMS} words and phrases"
            )
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
        query.error = _too_many_filters(len(query.filters))
    query.messages[:] = list(dict.fromkeys(query.messages))
    return query
