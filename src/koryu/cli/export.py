import functools
import sys

import click

from koryu.cli.options import db_option, open_database


@click.command()
@click.option(
    "--format",
    "format_",
    type=click.Choice(["json", "csv", "geojson"]),
    default="json",
    show_default=True,
)
@db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option(
    "--published-only",
    is_flag=True,
    help="Leave out the records waiting in the review queue (proposed).",
)
@click.option(
    "--bom/--no-bom",
    default=True,
    show_default=True,
    help="Begin a CSV with a UTF-8 byte order mark (Excel reads it as UTF-8).",
)
def command(format_, db, output, published_only, bom):
    """Export every record (JSON {"records": [...]}, CSV, or GeoJSON), published and
    proposed ones, each marked with its "review" state."""
    open_database(db)
    from koryu.catalog.export import WRITERS, exported_records

    writer = WRITERS[format_]
    if format_ == "csv":
        writer = functools.partial(writer, bom=bom)
    records = exported_records(published_only=published_only)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            n = writer(out, records)
        click.echo(f"{n} records written to {output}", err=True)
    else:
        writer(sys.stdout, records)
