"""`koryu serve`: the web pages and the API behind waitress, a production WSGI server
(not Django's development server); static files come from whitenoise, no collectstatic."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from koryu.cli.options import db_option, open_database


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def _log_requests() -> None:
    """One line per request on stderr, like any production server's access log."""
    import logging

    logger = logging.getLogger("koryu.requests")
    logger.setLevel(logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger.handlers = [handler]


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Worker threads answering requests.",
)
def command(db, host, port, threads):
    """Serve the web pages and the JSON API until Ctrl-C."""
    open_database(db)  # migrates a new database on first use
    from django.conf import settings
    from waitress import create_server

    # whitenoise serves straight from the app folders but warns when a set root is missing.
    if settings.STATIC_ROOT:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    from koryu.wsgi import application

    _log_requests()

    try:
        server = create_server(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="koryu",
            clear_untrusted_proxy_headers=True,
        )
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from exc
    # Port 0 asks the system for a free port: print the one actually bound.
    bound_port = server.effective_port
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"Koryu is serving http://{shown_host}:{bound_port}/", err=False)
    click.echo("Press Ctrl-C to stop.", err=True)
    # Ctrl-C, and a service manager's SIGTERM, stop the server cleanly: the handlers are
    # set explicitly because a shell starting us in the background ignores SIGINT.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    click.echo("Koryu stopped.", err=True)
