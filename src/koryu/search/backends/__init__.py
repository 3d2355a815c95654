"""One index, two databases: the backend for the connection in use.

Both backends store the same rows (``search_document``: one per record or organization;
with its packed facet values) and the same tokens, facet values included; only the
full-text part differs: FTS5 tables on SQLite, tsvector columns with GIN indexes on
PostgreSQL.
Table and column names are constants of this package, never user input.
"""

from __future__ import annotations

from koryu.search.backends.base import Backend, IndexDocument, doc_id_for


def get_backend(connection=None) -> Backend:
    if connection is None:
        from django.db import connection
    if connection.vendor == "postgresql":
        from koryu.search.backends.postgres import PostgresBackend

        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        from koryu.search.backends.sqlite import SqliteBackend

        return SqliteBackend(connection)
    raise NotImplementedError(f"search does not support the {connection.vendor} database")


__all__ = ["Backend", "IndexDocument", "doc_id_for", "get_backend"]
