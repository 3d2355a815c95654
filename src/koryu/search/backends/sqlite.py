"""SQLite: an FTS5 table over the pre-tokenised fields.

The tokenizer only splits on spaces (every Unicode category is a token character), so
the tokens analysis.py made are the tokens FTS5 indexes; remove_diacritics is off because
analysis already folded what should be folded. Ranking does not use bm25: stages decide
(see expression.py), and the rowid orders by date.

Titles and party names are indexed twice: with the long text in ``search_fts``, and alone
in ``search_title``. The ranking's first stages ask for matches in a title or party name;
a column filter on ``search_fts`` would walk every posting of a common word (水道 in
100,000 long texts) to find the few in titles, while ``search_title`` holds only those.
"""

from __future__ import annotations

from koryu.search.backends.base import (
    Backend,
    IndexDocument,
    MatchTerms,
    index_facet_tokens,
    pack_facets,
)
from koryu.search.expression import AllOf, AnyOf, InTitle, Node, Seq

_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* C* Zl Zp'"

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_document (
        doc_id INTEGER PRIMARY KEY,
        obj_type INTEGER NOT NULL,
        obj_id INTEGER NOT NULL,
        signature TEXT NOT NULL DEFAULT '',
        facets TEXT NOT NULL DEFAULT '',
        UNIQUE (obj_type, obj_id))""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, parties, body, facets, tokenize = "{_TOKENIZE}")""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_title USING fts5(
        title, parties, facets, tokenize = "{_TOKENIZE}")""",
]
DROP = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_title",
        "DROP TABLE IF EXISTS search_facet",
        "DROP TABLE IF EXISTS search_document"]  # fmt: skip


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _phrase(seq: Seq) -> str:
    return " + ".join(
        '"' + t.text.replace('"', '""') + '"' + (" *" if t.prefix else "") for t in seq.tokens
    )


def render(node: Node) -> str:
    """The FTS5 MATCH expression of a node: every token a quoted string."""
    if isinstance(node, Seq):
        return _phrase(node)
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(render(i) for i in node.items) + ")"
    if isinstance(node, AllOf):
        return "(" + " AND ".join(render(i) for i in node.items) + ")"
    if isinstance(node, InTitle):
        return "({title parties} : (" + render(node.item) + "))"
    raise TypeError(node)


class SqliteBackend(Backend):
    vendor = "sqlite"

    def create_schema(self, cursor) -> None:
        for statement in SCHEMA:
            cursor.execute(statement)

    def drop_schema(self, cursor) -> None:
        for statement in DROP:
            cursor.execute(statement)

    def write(self, cursor, docs: list[IndexDocument]) -> None:
        cursor.executemany(
            "INSERT INTO search_document (doc_id, obj_type, obj_id, signature, facets)"
            " VALUES (%s, %s, %s, %s, %s)",
            [(d.doc_id, d.obj_type, d.obj_id, d.signature, pack_facets(d.facets)) for d in docs],
        )
        heads = [
            (d.doc_id, " ".join(d.fields["title"]), " ".join(d.fields["parties"])) for d in docs
        ]
        facets = [" ".join(index_facet_tokens(d.facets)) for d in docs]
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, parties, body, facets)"
            " VALUES (%s, %s, %s, %s, %s)",
            [
                (*h, " ".join(d.fields["body"]), f)
                for h, d, f in zip(heads, docs, facets, strict=True)
            ],
        )
        cursor.executemany(
            "INSERT INTO search_title (rowid, title, parties, facets) VALUES (%s, %s, %s, %s)",
            [(*h, f) for h, f in zip(heads, facets, strict=True)],
        )

    def optimize(self, cursor) -> None:
        # One b-tree segment per table instead of the dozens a bulk load leaves: every
        # term of a query then seeks in one doclist (an 18-bigram phrase: 16 -> 6 ms at 100k).
        for table in ("search_fts", "search_title"):
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608 -- constant names

    def delete_fulltext(self, cursor, doc_ids: list[int]) -> None:
        marks = ",".join(["%s"] * len(doc_ids))
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", doc_ids)  # noqa: S608
        cursor.execute(f"DELETE FROM search_title WHERE rowid IN ({marks})", doc_ids)  # noqa: S608

    def render(self, node: Node) -> str:
        return render(node)

    def any_token(self, tokens: list[str]) -> str:
        return self.OR.join(_quote(t) for t in tokens)

    def compose(self, terms: MatchTerms) -> tuple[str, str, list]:
        """One MATCH does it all: the words, the filters (their values are tokens of the
        ``facets`` column), the exclusions. Read from search_title when the words must be
        in a title or party name; what must not match elsewhere in the document is then
        checked per candidate in search_fts."""
        table = "search_title" if terms.in_title else "search_fts"
        sql, params = f"{table} WHERE {table} MATCH %s", [self.expression(terms)]
        if terms.elsewhere is not None:
            sql += (
                " AND NOT EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH %s"  # noqa: S608 -- a constant name
                f" AND search_fts.rowid = {table}.rowid)"
            )
            params.append(terms.elsewhere)
        return sql, f"{table}.rowid", params
