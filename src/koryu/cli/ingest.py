import contextlib
import json
import os
import sys
import time
from functools import partial

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
    from koryu.catalog.importer import ingest_paths, iter_document_paths
    from koryu.readers import formats

    if format_ and format_ not in formats():
        raise click.ClickException(f"unknown format {format_!r}; known: {', '.join(formats())}")
    total = sum(1 for _ in iter_document_paths(paths, include_hidden=include_hidden))
    jobs = jobs or os.cpu_count() or 1
    show_bar = total > 1 and not as_json and _on_terminal()

    def line(doc):
        if as_json or (quiet and doc.status not in ("failed", "held")):
            return
        if doc.status in ("failed", "held"):
            click.echo(f"{doc.status:<10} {doc.document}: {doc.error}", err=True)
            if doc.trace and click.get_current_context().find_root().params.get("debug"):
                click.echo(doc.trace, err=True)
        else:
            click.echo(document_line(doc) + recognised(doc))

    ingest = partial(
        ingest_paths,
        paths,
        format=format_,
        allow_deletions=allow_deletions,
        include_hidden=include_hidden,
        jobs=jobs,
    )
    started = time.monotonic()
    if show_bar:
        with progress_bar(total) as advance:

            def progress(doc):
                advance(doc)
                line(doc)

            report = ingest(progress=progress)
    else:
        report = ingest(progress=line)
    seconds = time.monotonic() - started
    rate = len(report.documents) / seconds if seconds > 0 else 0.0
    t = report.totals()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "documents": [d.to_dict() for d in report.documents],
                    "totals": t,
                    "seconds": round(seconds, 2),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(f"{summary_line(t)}; {seconds:.1f} s, {rate:.1f} documents/s")
    sys.exit(exit_code(report))


def _on_terminal() -> bool:
    """The bar is drawn on stderr, and the documents' lines go through it: both must be a
    terminal (a log or a pipe gets the lines and the summary only)."""
    return sys.stdout.isatty() and sys.stderr.isatty()


def _bar_console():
    from rich.console import Console

    return Console(stderr=True)


@contextlib.contextmanager
def progress_bar(total: int):
    """A bar of documents stored, records, rate and time left; yields ``advance(doc)``."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents, {task.fields[records]} records,"),
        TextColumn("{task.fields[rate]:.1f} documents/s,"),
        TimeRemainingColumn(),
        TextColumn("left"),
    )
    with Progress(*columns, console=_bar_console(), transient=True) as bar:
        task = bar.add_task("ingesting", total=total, records=0, rate=0.0)
        started = time.monotonic()
        records = 0

        def advance(doc) -> None:
            nonlocal records
            records += doc.inserted + doc.updated + doc.unchanged
            done = bar.tasks[0].completed + 1
            rate = done / max(time.monotonic() - started, 1e-9)
            bar.update(task, advance=1, records=records, rate=rate)

        yield advance


EXIT_HELD = 3  # nothing failed, but a document waits for --allow-deletions


def exit_code(report) -> int:
    if report.failed:
        return 1
    return EXIT_HELD if report.held else 0
