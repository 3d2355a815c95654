"""PostgreSQL: a tsvector column built from the same tokens, with a GIN index.

The tsvector is written as a literal (lexemes, positions, weights) rather than parsed by a
text-search configuration, so PostgreSQL indexes exactly the tokens analysis.py made.
Weights mark the field (A title, B parties, C body); fields are two positions apart so a
phrase never runs from one field into the next, as in FTS5's separate columns.
Titles and party names also get a tsvector of their own (``tsv_title``), so the ranking's
title stages read a small posting list (see the SQLite backend).
"""

from __future__ import annotations

from koryu.search.backends.base import Backend, IndexDocument, pack_facets
from koryu.search.expression import AllOf, AnyOf, InTitle, Node, Seq, split_negative

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
    """CREATE TABLE IF NOT EXISTS search_facet (
        doc_id bigint NOT NULL,
        facet text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (facet, value, doc_id))""",
    "CREATE INDEX IF NOT EXISTS search_facet_doc ON search_facet (doc_id, facet, value)",
]
DROP = ["DROP TABLE IF EXISTS search_facet", "DROP TABLE IF EXISTS search_document"]
WEIGHTS = {"title": "A", "parties": "B", "body": "C"}


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(
    fields: dict[str, list[str]], names: tuple[str, ...] = ("title", "parties", "body")
) -> str:
    positions: dict[str, list[str]] = {}
    position = 0
    for name in names:
        weight = WEIGHTS[name]
        for token in fields.get(name, []):
            position += 1
            positions.setdefault(token, []).append(f"{position}{weight}")
        position += 1  # the gap between fields
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


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
                    tsvector_literal(d.fields),
                    tsvector_literal(d.fields, ("title", "parties")),
                )
                for d in docs
            ],  # fmt: skip
        )
        self.write_facets(cursor, docs)

    def delete_fulltext(self, cursor, doc_ids: list[int]) -> None:
        pass  # the tsvector lives in the document row

    def source(self, positive: Node | None, negative: Node | None) -> tuple[str, str, list]:
        if isinstance(positive, InTitle):
            return self._title_source(positive, negative)
        if positive is not None:
            expr = render(positive)
            if negative is not None:
                expr = f"{expr} & !{render(negative)}"
            return "search_document WHERE tsv @@ %s::tsquery", "search_document.doc_id", [expr]
        if negative is not None:
            return (
                "search_document WHERE NOT (tsv @@ %s::tsquery)",
                "search_document.doc_id",
                [render(negative)],
            )
        return "search_document WHERE 1 = 1", "search_document.doc_id", []

    @staticmethod
    def _title_source(positive: InTitle, negative: Node | None) -> tuple[str, str, list]:
        in_title, elsewhere = split_negative(negative)
        expr = render(positive.item)
        if in_title is not None:
            expr = f"{expr} & !{render(in_title)}"
        sql, params = "search_document WHERE tsv_title @@ %s::tsquery", [expr]
        if elsewhere is not None:
            sql += " AND NOT (tsv @@ %s::tsquery)"
            params.append(render(elsewhere))
        return sql, "search_document.doc_id", params
