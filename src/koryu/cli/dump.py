"""`koryu dump FILE`: the whole catalogue into one file (docs/cli.md)."""

import click

from koryu.cli.options import db_option, open_database


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@db_option
def command(file, db):
    """Write the whole catalogue (records, organizations, sources, corrections, accounts)
    to FILE, to be read by `koryu load` into another database."""
    open_database(db)
    from koryu.catalog.transfer import dump

    counts = dump(file)
    click.echo(
        f"{sum(counts.values())} rows ({counts.get('catalog.Record', 0)} records) written to {file}"
    )
