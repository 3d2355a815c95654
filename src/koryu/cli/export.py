import functools
import sys

import click

from koryu.cli.options import db_option, open_database
from koryu.cli.search import EXIT_REJECTED


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
@click.option(
    "-q",
    "--query",
    default=None,
    metavar="QUERY",
    help="Only the records this search finds (docs/search.md), in the search's order.",
)
def command(format_, db, output, published_only, bom, query):
    """Export every record (JSON {"records": [...]}, CSV, or GeoJSON), published and
    proposed ones, each marked with its "review" state; with --query, the published
    records the search finds (what /api/v1/export.json?q= writes)."""
    open_database(db)
    from koryu.catalog.export import WRITERS, exported_records

    writer = WRITERS[format_]
    if format_ == "csv":
        writer = functools.partial(writer, bom=bom)
    records = exported_records(published_only=published_only)
    if query is not None:
        records = _found(query)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            n = writer(out, records)
        click.echo(f"{n} records written to {output}", err=True)
    else:
        writer(sys.stdout, records)


def _found(text: str) -> list[int]:
    from koryu.search.service import Query, find_all

    matches, result = find_all(Query.parse(text).only_records())
    if result.error:
        click.echo(f"error: {result.error['message']}", err=True)
        raise SystemExit(EXIT_REJECTED)
    return [m.id for m in matches]
