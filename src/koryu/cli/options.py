"""Options shared by every command."""

import click

from koryu import runtime

db_option = click.option(
    "--db",
    "db",
    metavar="FILE|URL",
    default=None,
    help="SQLite file or database URL (default: $KORYU_DATABASE_URL, then ./koryu.sqlite3).",
)


def open_database(db: str | None) -> None:
    try:
        runtime.configure(db)
    except Exception as exc:  # connection refused, bad URL, unreadable file...
        raise click.ClickException(f"cannot open database {db or '(default)'}: {exc}") from exc
