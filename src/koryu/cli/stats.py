import json

import click

from koryu.cli.options import db_option, open_database


@click.command()
@db_option
@click.option(
    "--format", "format_", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def command(db, format_):
    """Counts of records by kind, partner country, year, agreement type, sector and
    prefecture: the numbers of the /stats page."""
    open_database(db)
    from koryu.catalog.queries import compute_stats

    stats = compute_stats()
    if format_ == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{stats['records']} records from {stats['sources']} sources, "
        f"{stats['organizations']} organizations"
    )
    for title, key in (
        ("by kind", "by_kind"),
        ("by partner country", "by_country"),
        ("by year", "by_year"),
        ("by agreement type", "by_agreement_type"),
        ("by sector", "by_sector"),
        ("by prefecture", "by_prefecture"),
    ):
        click.echo(f"\n{title}:")
        for name, n in stats[key].items():
            click.echo(f"  {name:<20} {n:>7}")
