"""SQLite: an FTS5 table over the pre-tokenised fields.

The tokenizer only splits on spaces (every Unicode category is a token character), so
the tokens analysis.py made are the tokens FTS5 indexes; remove_diacritics is off because
analysis already folded what should be folded. Ranking does not use bm25: stages decide
(see expression.py), and the rowid orders by date.

Titles and party names are indexed twice: with the long text in ``search_fts``, and alone
in ``search_title``. The ranking's first stages ask for matches in a title or party name;
a column filter on ``search_fts`` would walk every posting of a common word (水道 in
100,000 long texts) to find the few in titles, while ``search_title`` holds only those.

Long phrases match in two phases. FTS5 checks a phrase by seeking every one of its terms
for every document that has the rarest: 上下水道分野における協力に関する覚書 is 17
bigrams, six of them (分野, に関, する ...) in three of four documents, and those seeks cost
about 50 ms at a million records. So the match asks FTS5 only for a window of the phrase
around its rarest bigram (a cheap, bounded probe per term tells which that is), and
checks the whole phrase on the stored tokens of those candidates: the same tokens FTS5
indexed, joined by single spaces, so " t1 t2 ... tn " inside a column is exactly the
phrase (the last token open when it is a prefix).
"""

from __future__ import annotations

from koryu.search.analysis import QueryToken
from koryu.search.backends.base import (
    Backend,
    IndexDocument,
    MatchTerms,
    index_facet_tokens,
    pack_facets,
)
from koryu.search.expression import AllOf, AnyOf, InTitle, Node, Seq

LONG_PHRASE = 6  # tokens: from here a phrase matches in two phases
ANCHOR_TOKENS = 4  # the window of a long phrase that FTS5 matches
PROBE_HITS = 64  # postings read per term to tell rare from common

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


def anchor_window(rarity: list[tuple], width: int = ANCHOR_TOKENS) -> tuple[int, int]:
    """(start, end) of the ``width`` consecutive tokens, around the rarest, that are
    rarest together. ``rarity[i]`` sorts token i: smaller is rarer."""
    ranks = {i: rank for rank, i in enumerate(sorted(range(len(rarity)), key=rarity.__getitem__))}
    rarest = min(ranks, key=ranks.get)
    starts = range(max(0, rarest - width + 1), min(rarest, len(rarity) - width) + 1)
    start = min(starts, key=lambda s: (sum(ranks[i] for i in range(s, s + width)), s))
    return start, start + width


def _table(terms: MatchTerms) -> str:
    return "search_title" if terms.in_title else "search_fts"


def two_phase(seq: Seq) -> bool:
    """Long enough to gain, and checkable on the text: only the last token may be a prefix."""
    return len(seq.tokens) >= LONG_PHRASE and not any(t.prefix for t in seq.tokens[:-1])


def needle(seq: Seq) -> str:
    """What " " + column + " " contains exactly when the column has the phrase."""
    tail = "" if seq.tokens[-1].prefix else " "
    return " " + " ".join(t.text for t in seq.tokens) + tail


class SqliteBackend(Backend):
    vendor = "sqlite"

    def __init__(self, connection):
        super().__init__(connection)
        self._rarity: dict[tuple[str, QueryToken], tuple] = {}  # one search's probes

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

    def require(self, terms: MatchTerms, node: Node) -> None:
        table = _table(terms)
        for item in node.items if isinstance(node, AllOf) else (node,):
            if isinstance(item, Seq) and two_phase(item):
                rarity = [self._probe(table, token) for token in item.tokens]
                start, end = anchor_window(rarity)
                terms.required.append(render(Seq(item.tokens[start:end])))
                terms.verify.append(item)
            else:
                terms.required.append(render(item))

    def _probe(self, table: str, token: QueryToken) -> tuple:
        """How rare a token is, from its first PROBE_HITS postings: fewer of them, or
        (ids ascending) the last of them further on, is rarer."""
        key = (table, token)
        if key not in self._rarity:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*), max(rowid) FROM (SELECT rowid FROM {table}"  # noqa: S608 -- a constant name
                    f" WHERE {table} MATCH %s ORDER BY rowid LIMIT %s)",
                    [render(Seq((token,))), PROBE_HITS],
                )
                hits, last = cursor.fetchone()
            self._rarity[key] = (hits, -(last or 0))
        return self._rarity[key]

    def any_token(self, tokens: list[str]) -> str:
        return self.OR.join(_quote(t) for t in tokens)

    def compose(self, terms: MatchTerms) -> tuple[str, str, list]:
        """One MATCH does it all: the words, the filters (their values are tokens of the
        ``facets`` column), the exclusions. Read from search_title when the words must be
        in a title or party name; what must not match elsewhere in the document is then
        checked per candidate in search_fts."""
        table = _table(terms)
        sql, params = f"{table} WHERE {table} MATCH %s", [self.expression(terms)]
        # The check reads the stored tokens straight from FTS5's content table
        # (columns c0, c1, c2 = title, parties, body): a third faster than through the
        # virtual table's columns.
        columns = ("c0", "c1") if terms.in_title else ("c0", "c1", "c2")
        for seq in terms.verify:
            sql += (
                f" AND EXISTS (SELECT 1 FROM {table}_content AS stored"  # noqa: S608 -- constant names
                f" WHERE stored.id = {table}.rowid AND ("
                + " OR ".join(f"instr(' ' || stored.{c} || ' ', %s) > 0" for c in columns)
                + "))"
            )
            params += [needle(seq)] * len(columns)
        if terms.elsewhere is not None:
            sql += (
                " AND NOT EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH %s"  # noqa: S608 -- a constant name
                f" AND search_fts.rowid = {table}.rowid)"
            )
            params.append(terms.elsewhere)
        return sql, f"{table}.rowid", params
