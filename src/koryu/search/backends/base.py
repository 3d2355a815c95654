"""What the two backends share: the document row and its id, the packed facets, the facet
tokens that make filters full-text terms, and how one match is composed (MatchTerms);
each backend only spells it in its own syntax."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from koryu.search.expression import InTitle, Node, Seq, split_negative
from koryu.search.facets import FACETS_BY_NAME
from koryu.search.filters import YEAR_MAX, YEAR_MIN, Filter

RECORD, ORGANIZATION = 0, 1
# A document's id orders it: date (YYYYMMDD, 0 when undated), then record/organization,
# then the catalog id, all reversed, so that "newest first" (undated last) is the id read
# forwards: FTS5 walks a doclist forwards about twice as fast as backwards, and needs no
# sort for either.
_SORT_SHIFT = 33
_TYPE_SHIFT = 32
_ID_MASK = (1 << 32) - 1
_REVERSED = (1 << 63) - 1
UNDATED_FROM = _REVERSED - (1 << _SORT_SHIFT) + 1  # the first id of an undated document

# Token budgets per field keep PostgreSQL positions under its 16,383 limit (and the two
# databases indexing the same tokens).
FIELD_BUDGETS = {"title": 1000, "parties": 3000, "body": 12000}


def doc_id_for(obj_type: int, obj_id: int, sort_key: int) -> int:
    return _REVERSED - ((sort_key << _SORT_SHIFT) | (obj_type << _TYPE_SHIFT) | (obj_id & _ID_MASK))


# A document's facet values sit in its own row, packed in one string, so counting the
# facets of a page of matches reads one row per match.
_PAIR, _ITEM = "\x1f", "\x1e"


def pack_facets(rows: list[tuple[str, str]]) -> str:
    return _ITEM.join(
        f"{name}{_PAIR}{value.replace(_PAIR, ' ').replace(_ITEM, ' ')}"
        for name, value in dict.fromkeys(rows)
        if name in FACETS_BY_NAME
    )


def count_packed_facets(packed: Iterable[str]) -> list[tuple[str, str, int]]:
    """(facet, value, number of documents) over packed facet strings."""
    counts = Counter(_ITEM.join(packed).split(_ITEM))  # one split: C speed for 2,000 rows
    return [(*item.split(_PAIR, 1), n) for item, n in counts.items() if _PAIR in item]


# Facet values as full-text tokens ("country=cn", "year=2011", "century=20"), so a filter
# is one more term of the full-text match instead of a lookup per candidate. A query word
# never becomes such a token: analysis.py cuts words at "=" and every other symbol.
ALL_DOCUMENTS = "all="  # every document has it: the match of a query with no words


def facet_token(facet: str, value: str) -> str:
    return f"{facet}={re.sub(r'\s', '\u2581', value)}".casefold()


def index_facet_tokens(rows: list[tuple[str, str]]) -> list[str]:
    tokens = [ALL_DOCUMENTS]
    for facet, value in dict.fromkeys(rows):
        tokens.append(facet_token(facet, value))
        if facet == "year":
            tokens.append(facet_token("century", value[:2]))
    return tokens


def year_tokens(start: str, end: str) -> list[str]:
    """The fewest century, decade and year tokens that cover [start, end]."""
    low, high = int(start or YEAR_MIN), int(end or YEAR_MAX)
    tokens, year = [], low
    while year <= high:
        if year % 100 == 0 and year + 99 <= high:
            tokens.append(facet_token("century", f"{year // 100:02d}"))
            year += 100
        elif year % 10 == 0 and year + 9 <= high:
            tokens.append(facet_token("decade", str(year)))
            year += 10
        else:
            tokens.append(facet_token("year", f"{year:04d}"))
            year += 1
    return tokens


def filter_tokens(f: Filter, org_ids: dict[str, list[int]]) -> list[str]:
    """The tokens one filter accepts (any of them); empty: nothing can match."""
    if f.key == "year":
        return year_tokens(*f.values)
    if f.key == "org":
        return [facet_token("org", str(i)) for i in org_ids.get(f.raw, [])]
    return [facet_token(f.key, v) for v in f.values]


def split_doc_id(doc_id: int) -> tuple[int, int]:
    """(object type, catalog id)."""
    key = _REVERSED - doc_id
    return (key >> _TYPE_SHIFT) & 1, key & _ID_MASK


@dataclass
class IndexDocument:
    obj_type: int
    obj_id: int
    sort_key: int  # YYYYMMDD or 0
    fields: dict[str, list[str]]  # title/parties/body -> tokens (stream, then variants)
    facets: list[tuple[str, str]] = field(default_factory=list)
    signature: str = ""  # organizations: hash of their names (reindex records on change)

    @property
    def doc_id(self) -> int:
        return doc_id_for(self.obj_type, self.obj_id, self.sort_key)


@dataclass
class MatchTerms:
    """A match split into what a backend's full-text syntax joins: every ``required``
    expression AND, none of ``forbidden``; ``elsewhere`` must not match anywhere in the
    document (set when ``in_title``: the match runs on the title index)."""

    in_title: bool
    required: list[str]
    forbidden: list[str]
    elsewhere: str | None = None
    # phrases that ``required`` only approximates (a backend's two-phase match): each
    # must still be checked against the document's stored tokens
    verify: list[Seq] = field(default_factory=list)


class Backend:
    vendor = ""
    # counts the matches apart from reading the newest in order (Retrieval.matches)
    counts_apart = False

    def __init__(self, connection):
        self.connection = connection

    # --- schema and writes (per vendor) ------------------------------------------------
    def create_schema(self, cursor) -> None:
        raise NotImplementedError

    def drop_schema(self, cursor) -> None:
        raise NotImplementedError

    def write(self, cursor, docs: list[IndexDocument]) -> None:
        raise NotImplementedError

    def delete_fulltext(self, cursor, doc_ids: list[int]) -> None:
        raise NotImplementedError

    def render(self, node: Node) -> str:
        """The node in the vendor's full-text query syntax."""
        raise NotImplementedError

    def any_token(self, tokens: list[str]) -> str:
        """Any of these literal tokens, in the vendor's syntax."""
        raise NotImplementedError

    def require(self, terms: MatchTerms, node: Node) -> None:
        """Add a node every match must satisfy (a backend may approximate part of it in
        the full-text match and list the rest in ``terms.verify``)."""
        terms.required.append(self.render(node))

    # the vendor's operators: (a) AND (b), (a) OR (b), (a) BUT NOT (b)
    AND, OR, BUT_NOT = " AND ", " OR ", " NOT "

    def expression(self, terms: MatchTerms) -> str:
        """Every required expression and none of the forbidden ones, as one query."""
        expr = self.AND.join(f"({r})" for r in terms.required)
        if terms.forbidden:
            expr = f"({expr}){self.BUT_NOT}({self.OR.join(f'({x})' for x in terms.forbidden)})"
        return expr

    def compose(self, terms: MatchTerms) -> tuple[str, str, list]:
        """(FROM ... WHERE ... SQL, id column, params) of the documents matching terms."""
        raise NotImplementedError

    def fetch_ordered(
        self,
        cursor,
        sql: str,
        id_column: str,
        params: list,
        bounds: list[tuple[str, int]],
        ascending: bool,
        limit: int | None,
    ) -> list[tuple]:
        """Rows of ``sql`` (a SELECT of the id column first) with ``id op value`` for each
        of ``bounds``, in id order, the first ``limit`` (None: all)."""
        sql, params = self.ordered_sql(sql, id_column, params, bounds, ascending, limit)
        cursor.execute(sql, params)
        return cursor.fetchall()

    def count(self, cursor, sql: str, params: list, cap: int, read: list[int] = ()) -> int:
        """How many rows ``sql`` gives, counting stops at ``cap`` (backends with
        ``counts_apart``); ``read``: its first ids in id order, already read."""
        raise NotImplementedError

    @staticmethod
    def ordered_sql(sql, id_column, params, bounds, ascending, limit) -> tuple[str, list]:
        params = list(params)
        for op, value in bounds:
            sql += f" AND {id_column} {op} %s"
            params.append(value)
        sql += f" ORDER BY {id_column} {'ASC' if ascending else 'DESC'}"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        return sql, params

    @contextmanager
    def planned(self, cursor):
        """Around the match statements: planner settings they need (none by default)."""
        yield

    def select(
        self,
        positive: Node | None,
        negative: Node | None,
        filters: list[Filter],
        org_ids: dict[str, list[int]],
    ) -> tuple[str, str, list]:
        """(FROM ... WHERE ... SQL, id column, params) of the matching documents: the
        words, the filters (facet tokens) and the exclusions of one match."""
        terms = MatchTerms(isinstance(positive, InTitle), [], [])
        if isinstance(positive, InTitle):
            in_title, elsewhere = split_negative(negative)
            self.require(terms, positive.item)
            if in_title is not None:
                terms.forbidden.append(self.render(in_title))
            if elsewhere is not None:
                terms.elsewhere = self.render(elsewhere)
        else:
            if positive is not None:
                self.require(terms, positive)
            if negative is not None:
                terms.forbidden.append(self.render(negative))
        for f in filters:
            tokens = filter_tokens(f, org_ids)
            if not tokens:
                if f.negated:
                    continue  # excluding what cannot match excludes nothing
                # an org: filter naming no organization
                return "search_document WHERE 1 = 0", "search_document.doc_id", []
            (terms.forbidden if f.negated else terms.required).append(self.any_token(tokens))
        if not terms.required:
            terms.required.append(self.any_token([ALL_DOCUMENTS]))
        return self.compose(terms)

    # --- shared ------------------------------------------------------------------------
    def delete(self, cursor, pairs: list[tuple[int, int]]) -> None:
        """Remove the documents of (obj_type, obj_id) pairs."""
        for start in range(0, len(pairs), 500):
            chunk = pairs[start : start + 500]
            for obj_type in (RECORD, ORGANIZATION):
                ids = [i for t, i in chunk if t == obj_type]
                if not ids:
                    continue
                marks = ",".join(["%s"] * len(ids))
                cursor.execute(
                    f"SELECT doc_id FROM search_document WHERE obj_type = %s AND obj_id IN ({marks})",  # noqa: S608 -- placeholders only
                    [obj_type, *ids],
                )
                doc_ids = [row[0] for row in cursor.fetchall()]
                if not doc_ids:
                    continue
                dmarks = ",".join(["%s"] * len(doc_ids))
                self.delete_fulltext(cursor, doc_ids)
                cursor.execute(f"DELETE FROM search_document WHERE doc_id IN ({dmarks})", doc_ids)  # noqa: S608

    def signatures(self, cursor, org_ids: list[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for start in range(0, len(org_ids), 500):
            chunk = org_ids[start : start + 500]
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT obj_id, signature FROM search_document WHERE obj_type = %s AND obj_id IN ({marks})",  # noqa: S608
                [ORGANIZATION, *chunk],
            )
            out.update(cursor.fetchall())
        return out

    def indexed_ids(self, cursor, obj_type: int) -> list[int]:
        cursor.execute("SELECT obj_id FROM search_document WHERE obj_type = %s", [obj_type])
        return [row[0] for row in cursor.fetchall()]

    def optimize(self, cursor) -> None:
        """After a rebuild: compact what the database lets us compact (nothing by default)."""

    def clear(self, cursor, doc_ids: list[int] | None = None) -> None:
        """Drop the index and create it empty; ``doc_ids``: the documents a rebuild is
        about to write (a backend may lay its tables out for them)."""
        self.drop_schema(cursor)
        self.create_schema(cursor)
