import json
import os
import sys

import click

from koryu.catalog.summary import document_line, recognised, summary_line
from koryu.cli.options import db_option, open_database


def _epilog() -> str:
    from koryu.readers import FILETYPES, describe_formats

    types = "\n".join(f"  {name:<6} {what}" for name, what in FILETYPES.items())
    readers = "\n".join(
        f"  {d['name']:<24} {'specific' if d['specific'] else 'generic '}  {d['description']}"
        for d in describe_formats()
    )
    return (
        f"\b\nFile types (detected by content, the extension breaks ties):\n{types}\n\n"
        f"\b\nReaders (the most confident specific reader wins; the generic one reads "
        f"the rest):\n{readers}"
    )


class _IngestCommand(click.Command):
    def format_epilog(self, ctx, formatter):  # built when asked: no reader import at start-up
        self.epilog = _epilog()
        super().format_epilog(ctx, formatter)


@click.command(cls=_IngestCommand)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--format", "format_", metavar="NAME", help="Force a reader instead of detecting it.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="Only failures and the summary line.")
@click.option(
    "--allow-deletions",
    is_flag=True,
    help="Let a new version of a document delete the records it no longer has.",
)
@click.option(
    "--include-hidden",
    is_flag=True,
    help="Also read hidden files and folders (names starting with '.').",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes reading documents while one stores them (default: the number of cores).",
)
def command(paths, db, format_, as_json, quiet, allow_deletions, include_hidden, jobs):
    """Read documents (files or folders) into the database."""
    open_database(db)
    from rich.progress import Progress

    from koryu.catalog.importer import ingest_paths, iter_document_paths
    from koryu.readers import formats

    if format_ and format_ not in formats():
        raise click.ClickException(f"unknown format {format_!r}; known: {', '.join(formats())}")
    total = sum(1 for _ in iter_document_paths(paths, include_hidden=include_hidden))
    jobs = jobs or os.cpu_count() or 1
    show_bar = total > 1 and not as_json and sys.stderr.isatty()

    def line(doc):
        if as_json or (quiet and doc.status not in ("failed", "held")):
            return
        if doc.status in ("failed", "held"):
            click.echo(f"{doc.status:<10} {doc.document}: {doc.error}", err=True)
            if doc.trace and click.get_current_context().find_root().params.get("debug"):
                click.echo(doc.trace, err=True)
        else:
            click.echo(document_line(doc) + recognised(doc))

    if show_bar:
        with Progress(console=None, transient=True) as bar:
            task = bar.add_task("ingesting", total=total)

            def progress(doc):
                bar.advance(task)
                line(doc)

            report = ingest_paths(
                paths,
                format=format_,
                progress=progress,
                allow_deletions=allow_deletions,
                include_hidden=include_hidden,
                jobs=jobs,
            )
    else:
        report = ingest_paths(
            paths,
            format=format_,
            progress=line,
            allow_deletions=allow_deletions,
            include_hidden=include_hidden,
            jobs=jobs,
        )
    t = report.totals()
    if as_json:
        click.echo(
            json.dumps(
                {"documents": [d.to_dict() for d in report.documents], "totals": t},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(summary_line(t))
    sys.exit(exit_code(report))


EXIT_HELD = 3  # nothing failed, but a document waits for --allow-deletions


def exit_code(report) -> int:
    if report.failed:
        return 1
    return EXIT_HELD if report.held else 0
