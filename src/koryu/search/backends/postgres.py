"""PostgreSQL: a tsvector column built from the same tokens, with a GIN index.

The tsvector is written as a literal (lexemes, positions, weights) rather than parsed by a
text-search configuration, so PostgreSQL indexes exactly the tokens analysis.py made.
Weights mark the field (A title, B parties, C body); fields are two positions apart so a
phrase never runs from one field into the next, as in FTS5's separate columns.
Titles and party names also get a tsvector of their own (``tsv_title``), so the ranking's
title stages read a small posting list (see the SQLite backend). Both carry the facet
tokens (without positions), so filters are lexemes of the same tsquery.

A GIN index finds matches in no useful order, so "the n newest matches" would read and
sort every match. The table is therefore partitioned by document id (by date, newest
first; partitions 10k, 20k, 40k ... documents), and a page is a UNION ALL of one
``ORDER BY doc_id LIMIT n`` per partition, in order, that stops once it has n rows
(``fetch_ordered``; docs/search.md shows the plans). The planner cannot tell a rare word
from a common one inside a tsquery, and offered a b-tree on doc_id it walks it, unpacking
every tsvector on the way (seconds for a rare word): the id index is a hash index, and the
match statements run with sequential and plain index scans off.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from koryu.search.backends.base import (
    ALL_DOCUMENTS,
    UNDATED_FROM,
    Backend,
    IndexDocument,
    MatchTerms,
    index_facet_tokens,
    pack_facets,
)
from koryu.search.expression import AllOf, AnyOf, InTitle, Node, Seq

TABLE = """CREATE TABLE search_document (
    doc_id bigint NOT NULL,
    obj_type smallint NOT NULL,
    obj_id bigint NOT NULL,
    signature text NOT NULL DEFAULT '',
    facets text NOT NULL DEFAULT '',
    tsv tsvector NOT NULL DEFAULT ''::tsvector,
    tsv_title tsvector NOT NULL DEFAULT ''::tsvector
) PARTITION BY RANGE (doc_id)"""
PARTITION = (
    "CREATE TABLE search_document_{n:03d} PARTITION OF search_document"
    " FOR VALUES FROM ({low}) TO ({high})"
)
INDEXES = [
    # A hash index, not a b-tree: a b-tree on doc_id offers the planner each partition
    # "in order" by walking its ids and testing every tsvector (seconds for a rare word).
    "CREATE INDEX IF NOT EXISTS search_document_id ON search_document USING hash (doc_id)",
    "CREATE INDEX IF NOT EXISTS search_document_obj ON search_document (obj_type, obj_id)",
]
FULLTEXT_INDEXES = [
    "CREATE INDEX IF NOT EXISTS search_document_tsv ON search_document USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS search_document_tsv_title ON search_document USING gin (tsv_title)",
]
DROP = ["DROP TABLE IF EXISTS search_facet", "DROP TABLE IF EXISTS search_document"]
PARTITION_DOCUMENTS = 10_000  # documents in the newest partition (then 2x, 4x, ...)
WEIGHTS = {"title": "A", "parties": "B", "body": "C"}


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(
    fields: dict[str, list[str]],
    names: tuple[str, ...] = ("title", "parties", "body"),
    unpositioned: list[str] = (),
) -> str:
    positions: dict[str, list[str]] = {}
    position = 0
    for name in names:
        weight = WEIGHTS[name]
        for token in fields.get(name, []):
            position += 1
            positions.setdefault(token, []).append(f"{position}{weight}")
        position += 1  # the gap between fields
    lexemes = [f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items()]
    return " ".join(lexemes + [_lexeme(t) for t in unpositioned if t not in positions])


def _relkind(cursor) -> str | None:
    """'p' partitioned, 'r' a plain table (before migration 0003), None: no index."""
    cursor.execute("SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass('search_document')")
    row = cursor.fetchone()
    return row[0] if row else None


def partition_bounds(doc_ids: list[int], size: int | None = None) -> list[int]:
    """Where partitions begin: the first after ``size`` documents in id order (newest
    first), each later one twice as big as the one before, so a search reads a small
    partition for a common word and few partitions (log n) for a rare one; dated and
    undated documents never share a partition."""
    size = size or PARTITION_DOCUMENTS
    ordered = sorted(doc_ids)
    bounds = {UNDATED_FROM}
    for part in (
        [d for d in ordered if d < UNDATED_FROM],
        [d for d in ordered if d >= UNDATED_FROM],
    ):
        at, step = size, size
        while at < len(part):
            bounds.add(part[at])
            step *= 2
            at += step
    return sorted(bounds)


_FROM = "FROM search_document WHERE"
_BOUND = re.compile(r"FROM \('?(-?\d+|MINVALUE)'?\) TO \('?(-?\d+|MAXVALUE)'?\)")


def _edge(text: str) -> int | None:
    return None if text in ("MINVALUE", "MAXVALUE") else int(text)


def _overlaps(low: int | None, high: int | None, bounds: list[tuple[str, int]]) -> bool:
    """Whether ids in [low, high) can satisfy every ``id op value`` of bounds."""
    for op, value in bounds:
        if op in (">", ">=") and high is not None and high - 1 < value + (op == ">"):
            return False
        if op in ("<", "<=") and low is not None and low > value - (op == "<"):
            return False
    return True


COLUMNS = "doc_id, obj_type, obj_id, signature, facets, tsv, tsv_title"


def convert_to_partitions(cursor) -> None:
    """A plain search_document (before migration 0003) becomes the partitioned table,
    its rows copied unchanged."""
    if _relkind(cursor) != "r":
        return
    cursor.execute("ALTER TABLE search_document RENAME TO search_document_unpartitioned")
    for index in ("search_document_tsv", "search_document_tsv_title"):
        cursor.execute(f"DROP INDEX IF EXISTS {index}")
    cursor.execute("SELECT doc_id FROM search_document_unpartitioned")
    bounds = partition_bounds([row[0] for row in cursor.fetchall()])
    backend = PostgresBackend(None)
    backend.create_schema(cursor, bounds, fulltext=False)
    cursor.execute(
        f"INSERT INTO search_document ({COLUMNS})"  # noqa: S608 -- constant names
        f" SELECT {COLUMNS} FROM search_document_unpartitioned"
    )
    cursor.execute("DROP TABLE search_document_unpartitioned")
    backend.optimize(cursor)


def render(node: Node, weights: str = "") -> str:
    """The tsquery text of a node: every token a quoted lexeme."""
    if isinstance(node, Seq):
        return "(" + " <-> ".join(
            _lexeme(t.text) + (":" + ("*" if t.prefix else "") + weights
                               if t.prefix or weights else "")
            for t in node.tokens
        ) + ")"  # fmt: skip
    if isinstance(node, AnyOf):
        return "(" + " | ".join(render(i, weights) for i in node.items) + ")"
    if isinstance(node, AllOf):
        return "(" + " & ".join(render(i, weights) for i in node.items) + ")"
    if isinstance(node, InTitle):
        return render(node.item, "AB")
    raise TypeError(node)


class PostgresBackend(Backend):
    vendor = "postgresql"
    counts_apart = True

    def __init__(self, connection):
        super().__init__(connection)
        self._partitions: list[tuple[str, int | None, int | None]] | None = None

    AND, OR, BUT_NOT = " & ", " | ", " & !"

    def create_schema(self, cursor, bounds: list[int] = (), fulltext: bool = True) -> None:
        """The partitioned table (one partition per range between ``bounds``; the first
        from MINVALUE, the last to MAXVALUE, so every id has its place) and its indexes;
        ``fulltext`` False leaves out the GIN indexes (a rebuild makes them at the end)."""
        if _relkind(cursor) is not None:
            return
        cursor.execute(TABLE)
        edges = ["MINVALUE", *(str(b) for b in sorted(set(bounds))), "MAXVALUE"]
        for n, (low, high) in enumerate(zip(edges, edges[1:], strict=False)):
            cursor.execute(PARTITION.format(n=n, low=low, high=high))
        for statement in INDEXES + (FULLTEXT_INDEXES if fulltext else []):
            cursor.execute(statement)

    def clear(self, cursor, doc_ids: list[int] | None = None) -> None:
        """Drop the index and create it empty, partitioned for ``doc_ids`` (the documents
        about to be written), without its GIN indexes until ``optimize``."""
        self.drop_schema(cursor)
        self.create_schema(cursor, partition_bounds(doc_ids or []), fulltext=False)

    def optimize(self, cursor) -> None:
        # GIN indexes built over the loaded rows: several times faster than inserting
        # into them row by row; then the planner's statistics of the new rows.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in FULLTEXT_INDEXES:
            cursor.execute(statement)
        cursor.execute("ANALYZE search_document")

    def drop_schema(self, cursor) -> None:
        for statement in DROP:
            cursor.execute(statement)

    def write(self, cursor, docs: list[IndexDocument]) -> None:
        cursor.executemany(
            "INSERT INTO search_document (doc_id, obj_type, obj_id, signature, facets, tsv,"
            " tsv_title) VALUES (%s, %s, %s, %s, %s, %s::tsvector, %s::tsvector)",
            [
                (
                    d.doc_id,
                    d.obj_type,
                    d.obj_id,
                    d.signature,
                    pack_facets(d.facets),
                    tsvector_literal(d.fields, unpositioned=facets),
                    tsvector_literal(d.fields, ("title", "parties"), facets),
                )
                for d, facets in ((d, index_facet_tokens(d.facets)) for d in docs)
            ],  # fmt: skip
        )

    def delete_fulltext(self, cursor, doc_ids: list[int]) -> None:
        pass  # the tsvector lives in the document row

    def render(self, node: Node) -> str:
        return render(node)

    def any_token(self, tokens: list[str]) -> str:
        return "(" + self.OR.join(_lexeme(t) for t in tokens) + ")"

    def partitions(self, cursor) -> list[tuple[str, int | None, int | None]]:
        """(name, first id, id after the last; None: unbounded) of each partition, in id
        order; read once per search (a rebuild in another process may change them)."""
        if self._partitions is None:
            cursor.execute(
                "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                " JOIN pg_class c ON c.oid = i.inhrelid"
                " WHERE i.inhparent = to_regclass('search_document')"
            )
            parts = []
            for name, bound in cursor.fetchall():
                low, high = _BOUND.search(bound).groups()
                parts.append((name, _edge(low), _edge(high)))
            lowest = -(1 << 64)
            self._partitions = sorted(parts, key=lambda p: lowest if p[1] is None else p[1])
        return self._partitions

    def fetch_ordered(self, cursor, sql, id_column, params, bounds, ascending, limit):
        """The first ``limit`` rows in id order, read partition by partition (newest
        first, or oldest first) in one UNION ALL that stops once it has them: PostgreSQL
        runs the branches of an Append in order, and each branch reads one partition's
        GIN index and sorts only that partition's matches. A common word is done in the
        first partition; a rare one costs one small index lookup per partition.
        (The planner's own ordered scan of a partitioned table would need a b-tree walk
        of every partition, testing each document's tsvector.) The rows are checked to
        come in order; if they ever did not, the plain statement answers instead."""
        parts = self.partitions(cursor)
        if limit is None or len(parts) < 2 or not sql.count(_FROM) == 1:
            return super().fetch_ordered(cursor, sql, id_column, params, bounds, ascending, limit)
        branches, all_params = [], []
        for name, low, high in parts if ascending else reversed(parts):
            if not _overlaps(low, high, bounds):
                continue
            branch, branch_params = self.ordered_sql(
                sql.replace(_FROM, f"FROM {name} AS search_document WHERE", 1),
                id_column, params, bounds, ascending, limit,
            )  # fmt: skip
            branches.append(f"({branch})")
            all_params += branch_params
        if not branches:
            return []
        union = " UNION ALL ".join(branches)
        cursor.execute(f"SELECT * FROM ({union}) AS by_partition LIMIT %s", [*all_params, limit])  # noqa: S608 -- partition names from the catalog
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        if all((a < b) if ascending else (a > b) for a, b in zip(ids, ids[1:], strict=False)):
            return rows
        return super().fetch_ordered(cursor, sql, id_column, params, bounds, ascending, limit)

    def count(self, cursor, sql, params, cap, read=()):
        """The matches counted partition after partition, newest first, in one UNION ALL
        that stops at ``cap`` rows: no order inside a partition, so no sort and no more
        rows read than counted (reading every match of a partition in id order, with
        its facets, to count 10,001 of them cost more than the rest of a search).
        ``read``: the newest matches, already read in id order; the partitions they
        cover entirely are counted from them, not read again."""
        parts = self.partitions(cursor)
        if len(parts) < 2 or not sql.count(_FROM) == 1:
            inner, inner_params = f"{sql} LIMIT %s", [*params, cap]
            cursor.execute(f"SELECT count(*) FROM ({inner}) AS counted", inner_params)  # noqa: S608 -- a constant name
            return cursor.fetchone()[0]
        known = 0
        if read:
            # the partition of the last match read, and those after it, are counted in SQL
            last = read[-1]
            rest = [p for p in parts if p[2] is None or p[2] > last]
            known = sum(1 for doc_id in read if rest[0][1] is not None and doc_id < rest[0][1])
            parts = rest
        if known >= cap:
            return cap
        inner = " UNION ALL ".join(
            f"({sql.replace(_FROM, f'FROM {name} AS search_document WHERE', 1)})"
            for name, _, _ in parts
        )
        cursor.execute(
            f"SELECT count(*) FROM ({inner} LIMIT %s) AS counted",  # noqa: S608 -- partition names from the catalog
            [*params * len(parts), cap - known],
        )
        return known + cursor.fetchone()[0]

    @contextmanager
    def planned(self, cursor):
        # jit: off, since a disabled scan's cost (10^10) would make every plan "expensive"
        # enough to compile, which alone takes longer than the search. No parallel plans:
        # fetch_ordered relies on an Append running its branches one after the other.
        settings = ("enable_seqscan", "enable_indexscan", "jit", "max_parallel_workers_per_gather")
        cursor.execute(
            "SET enable_seqscan = off; SET enable_indexscan = off; SET jit = off;"
            " SET max_parallel_workers_per_gather = 0"
        )
        try:
            yield
        finally:
            cursor.execute("; ".join(f"RESET {name}" for name in settings))

    def compose(self, terms: MatchTerms) -> tuple[str, str, list]:
        if terms.required == [self.any_token([ALL_DOCUMENTS])] and not terms.forbidden:
            return "search_document WHERE TRUE", "search_document.doc_id", []
        column = "tsv_title" if terms.in_title else "tsv"
        sql, params = f"search_document WHERE {column} @@ %s::tsquery", [self.expression(terms)]
        if terms.elsewhere is not None:
            sql += " AND NOT (tsv @@ %s::tsquery)"
            params.append(terms.elsewhere)
        return sql, "search_document.doc_id", params
