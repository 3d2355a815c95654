"""`koryu worker`: run the background tasks (uploads waiting to be ingested) on their own.
`koryu serve` starts one itself, so this is for servers started with --no-worker or
several web nodes sharing one database (docs/deployment.md)."""

from __future__ import annotations

import click

from koryu.cli.options import db_option, open_database


@click.command()
@db_option
@click.option("--batch", is_flag=True, help="Run the tasks waiting, then stop.")
@click.option(
    "--interval",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds between looks at the queue when it is empty.",
)
def command(db, batch, interval):
    """Ingest uploaded documents in the background until Ctrl-C (SIGTERM: after the task
    in hand)."""
    open_database(db)
    import logging
    import sys

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s worker: %(message)s"))
    for name in ("django_tasks_db", "django.tasks", "koryu.uploads"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.handlers = [handler]
        logger.propagate = False
    from koryu.uploads.worker import run

    run(batch=batch, interval=interval)
