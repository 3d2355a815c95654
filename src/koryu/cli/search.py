import json

import click

from koryu.cli.options import db_option, open_database

EXIT_REJECTED = 2


@click.command()
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option(
    "--format", "format_", type=click.Choice(["json", "table"]), default="table", show_default=True
)
@click.option("--no-expand", is_flag=True, help="Search the words only: no thesaurus or places.")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date", "-date"]),
    default="relevance",
    show_default=True,
)
@click.option(
    "--cursor", default=None, metavar="TOKEN", help="The 'next' token of a previous page."
)
def command(query, db, limit, format_, no_expand, sort, cursor):
    """Search records and organizations (query language: docs/search.md)."""
    open_database(db)
    from koryu.search.service import Query, find

    parsed = Query.parse(query, sort=sort, cursor=cursor, expand=not no_expand)
    result = find(parsed, limit=limit)
    if result.error:
        if format_ == "json":
            click.echo(json.dumps({"error": result.error}, ensure_ascii=False, indent=2))
        else:
            click.echo(f"error: {result.error['message']}", err=True)
        raise SystemExit(EXIT_REJECTED)
    data = result.to_dict()
    if format_ == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for message in data["messages"]:
        click.echo(f"note: {message}", err=True)
    for expansion in data["expanded"]:
        click.echo(f"also searched for {expansion['term']}: {', '.join(expansion['added'])}")
    for hit in data["results"]:
        parties = " / ".join(hit["parties"][:3])
        click.echo(f"{hit['kind']:<12} {hit['id']:>7}  {hit['date']:<10}  {hit['title']}")
        if parties:
            click.echo(f"{'':>33}{parties}")
    shown = len(data["results"])
    click.echo(
        f"{shown} of {data['total']} matches" + (" (more: --cursor ...)" if data["next"] else "")
    )
    if data["next"]:
        click.echo(f"next: {data['next']}")
