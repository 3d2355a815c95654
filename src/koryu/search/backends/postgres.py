"""PostgreSQL: a tsvector column built from the same tokens, with a GIN index.

The tsvector is written as a literal (lexemes, positions, weights) rather than parsed by a
text-search configuration, so PostgreSQL indexes exactly the tokens analysis.py made.
Weights mark the field (A title, B parties, C body); fields are two positions apart so a
phrase never runs from one field into the next, as in FTS5's separate columns.
Titles and party names also get a tsvector of their own (``tsv_title``), so the ranking's
title stages read a small posting list (see the SQLite backend). Both carry the facet
tokens (without positions), so filters are lexemes of the same tsquery.

The planner cannot tell a rare word from a common one inside a tsquery, and with
``ORDER BY doc_id LIMIT n`` it likes to walk the primary key in order, unpacking
every tsvector on the way (seconds for a rare word). The match statements therefore run
with sequential and plain index scans off: the GIN index finds the matches, a top-n sort
orders them.
"""

from __future__ import annotations

from contextlib import contextmanager

from koryu.search.backends.base import (
    ALL_DOCUMENTS,
    Backend,
    IndexDocument,
    MatchTerms,
    index_facet_tokens,
    pack_facets,
)
from koryu.search.expression import AllOf, AnyOf, InTitle, Node, Seq

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_document (
        doc_id bigint PRIMARY KEY,
        obj_type smallint NOT NULL,
        obj_id bigint NOT NULL,
        signature text NOT NULL DEFAULT '',
        facets text NOT NULL DEFAULT '',
        tsv tsvector NOT NULL DEFAULT ''::tsvector,
        tsv_title tsvector NOT NULL DEFAULT ''::tsvector,
        UNIQUE (obj_type, obj_id))""",
    "CREATE INDEX IF NOT EXISTS search_document_tsv ON search_document USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS search_document_tsv_title ON search_document USING gin (tsv_title)",
]
DROP = ["DROP TABLE IF EXISTS search_facet", "DROP TABLE IF EXISTS search_document"]
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
    AND, OR, BUT_NOT = " & ", " | ", " & !"

    def create_schema(self, cursor) -> None:
        for statement in SCHEMA:
            cursor.execute(statement)

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

    @contextmanager
    def planned(self, cursor):
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        try:
            yield
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_indexscan")

    def compose(self, terms: MatchTerms) -> tuple[str, str, list]:
        if terms.required == [self.any_token([ALL_DOCUMENTS])] and not terms.forbidden:
            return "search_document WHERE TRUE", "search_document.doc_id", []
        column = "tsv_title" if terms.in_title else "tsv"
        sql, params = f"search_document WHERE {column} @@ %s::tsquery", [self.expression(terms)]
        if terms.elsewhere is not None:
            sql += " AND NOT (tsv @@ %s::tsquery)"
            params.append(terms.elsewhere)
        return sql, "search_document.doc_id", params
