"""`koryu load FILE`: a catalogue written by `koryu dump` into an empty database."""

import click

from koryu.cli.options import db_option, open_database


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@db_option
def command(file, db):
    """Read FILE (from `koryu dump`) into the database, which must hold no catalogue yet;
    all or nothing. The search index is rebuilt afterwards."""
    open_database(db)
    from koryu.catalog.transfer import TransferError, load

    try:
        counts = load(file)
    except TransferError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{sum(counts.values())} rows ({counts.get('catalog.Record', 0)} records) loaded")
