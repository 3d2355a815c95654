import json
import sys

import click

from koryu.cli.options import db_option, open_database


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def command(db, as_json):
    """Rebuild the search index from the catalog."""
    open_database(db)
    from rich.progress import Progress

    from koryu.search.index import rebuild

    if as_json or not sys.stderr.isatty():
        report = rebuild()
    else:
        with Progress(transient=True) as bar:
            tasks: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(f"indexing {stage}", total=total)
                bar.update(tasks[stage], completed=done)

            report = rebuild(progress)
    if as_json:
        click.echo(json.dumps(report.to_dict()))
    else:
        click.echo(
            f"indexed {report.records} records and {report.organizations} organizations"
            f" in {report.seconds:.1f} s"
        )
