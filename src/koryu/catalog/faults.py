"""Database faults during ingest: retried once when the connection was lost, otherwise
named in one line so that the document fails and the batch goes on.

A locked SQLite file has already waited ``KORYU_SQLITE_BUSY_TIMEOUT`` seconds (the
driver's busy timeout) when the error arrives: waiting longer here would only hide it. A
PostgreSQL server that dropped the connection (restart, ``pg_terminate_backend``, a
network cut) usually answers the next connection, so the document is tried once more on
a fresh one. Each document is one transaction, so a failure leaves nothing of it behind.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection


def with_one_retry[T](store: Callable[[], T], before_retry: Callable[[], None]) -> T:
    """``store()``, and once more on a new connection if the first one was lost."""
    try:
        return store()
    except (OperationalError, InterfaceError) as exc:
        if not connection_lost(exc):
            raise
        connection.close()
        before_retry()
        return store()


def connection_lost(exc: DatabaseError) -> bool:
    """Whether ``exc`` is a PostgreSQL connection fault worth one more try.

    The server's words vary ("terminating connection due to administrator command",
    "server closed the connection unexpectedly", "connection already closed") and the
    driver may already hold a fresh connection, so any operational error counts: the
    document's transaction was rolled back, a second try repeats nothing.
    """
    if connection.vendor == "sqlite":  # a file: nothing to reconnect to
        return False
    return isinstance(exc, (InterfaceError, OperationalError))


def describe(exc: DatabaseError) -> str:
    """One line for a user: what went wrong, and that nothing of the document was kept."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    if "database is locked" in first or "database table is locked" in first:
        return (
            f"the database is locked by another writer (waited "
            f"{settings.SQLITE_BUSY_TIMEOUT:g} s); nothing of this document was written"
        )
    if isinstance(exc, InterfaceError) or connection_lost(exc):
        return (
            f"lost the database connection, twice ({first}); nothing of this document was written"
        )
    return f"database error ({type(exc).__name__}: {first}); nothing of this document was written"
