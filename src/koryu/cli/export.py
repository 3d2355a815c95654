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
def command(format_, db, output):
    """Export every record (JSON {"records": [...]}, CSV, or GeoJSON)."""
    open_database(db)
    from koryu.catalog.export import WRITERS

    writer = WRITERS[format_]
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            n = writer(out)
        click.echo(f"{n} records written to {output}", err=True)
    else:
        writer(sys.stdout)
