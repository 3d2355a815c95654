"""`koryu serve`: the web pages and the API behind gunicorn (a pre-forking production WSGI
server: one process per core, each with a few threads, so one slow request or the GIL of
one process does not hold up the others); static files come from WhiteNoise.

Signals, as gunicorn defines them: SIGHUP reloads the workers gracefully (new code and
settings, no dropped connection), SIGTERM finishes the requests in flight then stops,
SIGINT (Ctrl-C) stops at once.

Beside the web server runs one background worker process (`koryu worker`: uploads are
ingested there), started and stopped with it, and started again if it dies (gunicorn's
master loop checks it every second), so that `koryu serve` alone is a whole Koryu;
`--no-worker` leaves it to a `koryu worker` run elsewhere."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from koryu.cli.options import db_option, open_database


def _log_requests() -> None:
    """One line per request on stderr, like any production server's access log."""
    import logging

    logger = logging.getLogger("koryu.requests")
    logger.setLevel(logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger.handlers = [handler]


def _listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket ourselves: a clear error at once (gunicorn retries for
    seconds), and port 0 resolved before the URL is printed."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _server(application, options: dict, background: BackgroundWorker | None = None):
    """A gunicorn server whose master loop also keeps ``background`` running."""
    from gunicorn.app.base import BaseApplication
    from gunicorn.arbiter import Arbiter

    class KeepingArbiter(Arbiter):
        def manage_workers(self):
            super().manage_workers()
            if background is not None:
                background.keep_running()

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

        def run(self):
            try:
                KeepingArbiter(self).run()
            except RuntimeError as exc:  # as gunicorn's own run() reports it
                click.echo(f"\nError: {exc}\n", err=True)
                sys.exit(1)

    return Server()


def _load_urls() -> None:
    """Import the URLconf (every view and the API's schemas) before the workers fork, as
    the application is: left to the first request, each worker would spend a second or
    two on it, after every start and every reload, while its first requests wait."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.ROOT_URLCONF)


def threads_per_worker(threads: int) -> int:
    """``threads`` for pages and the API, plus one per export slot. A gthread worker queues
    every connection it accepts for its own threads: were exports to hold them all, a
    record request would wait for a whole download to end."""
    from django.conf import settings

    return threads + settings.EXPORT_CONCURRENCY


# Every server thread holds a SQLite connection with its own page cache: at the 64 MB a
# single command's connection gets, 2 workers × 12 threads grew to 2 GB over a 5-minute
# load test (benchmarks/web.py --memory). The file's pages stay in the OS's cache, shared.
SERVER_SQLITE_CACHE_MB = 8

MIN_SECRET_KEY_LENGTH = 32


def insecure_settings(settings) -> list[str]:
    """What makes this server unfit for anything but a developer's machine."""
    found = []
    if settings.DEBUG:
        found.append(
            "KORYU_DEBUG=1 turns on Django's debug pages (tracebacks with settings and "
            "local variables for anyone who triggers an error)"
        )
    key = settings.SECRET_KEY or ""
    if key == settings.DEVELOPMENT_SECRET_KEY or key.startswith("django-insecure"):
        found.append(
            "the secret key is the public development key (sessions and CSRF tokens can "
            "be forged): set KORYU_SECRET_KEY, or let Koryu write its key file"
        )
    elif len(key) < MIN_SECRET_KEY_LENGTH:
        found.append(
            f"KORYU_SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters: "
            "it can be guessed"
        )
    return found


def refuse_insecure(settings, insecure_dev: bool) -> None:
    """Refuse to serve with debug pages or a known secret key, unless --insecure-dev
    (then warn). docs/cli.md, docs/settings.md."""
    found = insecure_settings(settings)
    if not found:
        return
    if not insecure_dev:
        raise click.ClickException(
            "refusing to serve: "
            + "; ".join(found)
            + ". On a development machine, `koryu serve --insecure-dev` serves anyway."
        )
    for problem in found:
        click.echo(f"WARNING (--insecure-dev): {problem}", err=True)


def _die_with_parent() -> None:
    """In the worker process, before it runs: Linux sends it SIGTERM when serve dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: stopped by serve's own exit path only
        pass


def start_worker() -> subprocess.Popen:
    """`koryu worker` on the same database (settings come from the environment)."""
    return subprocess.Popen(
        [sys.executable, "-m", "koryu", "worker"],
        stdin=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,  # serve has one thread yet: gunicorn starts after
    )


def stop_worker(worker: subprocess.Popen, grace: float = 20) -> None:
    """SIGTERM: the worker finishes the task in hand; after ``grace`` seconds it is killed
    (the next worker goes on with that upload where it stopped)."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


class BackgroundWorker:
    """The `koryu worker` process beside the web server, started again when it dies (a
    crash, the OOM killer, someone's kill): uploads must not wait forever for a worker
    nobody restarts. A worker that dies again at once is restarted after a delay that
    doubles each time (up to ``MAX_DELAY`` seconds), so a broken one does not spin."""

    FIRST_DELAY = 1.0
    MAX_DELAY = 60.0
    STEADY = 60.0  # a worker that ran this long resets the delay

    def __init__(
        self,
        start: Callable[[], subprocess.Popen] = start_worker,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._start, self._clock = start, clock
        self.process = start()
        self.started_at = clock()
        self.delay = self.FIRST_DELAY
        self.died_at: float | None = None
        self.restarts = 0

    def keep_running(self) -> None:
        """Called every second or so: restart the worker once its delay has passed."""
        if self.process.poll() is None:
            return
        now = self._clock()
        if self.died_at is None:
            self.died_at = now
            if now - self.started_at >= self.STEADY:
                self.delay = self.FIRST_DELAY
            click.echo(
                f"background worker {self.process.pid} exited "
                f"(code {self.process.returncode}); starting another in {self.delay:.0f} s",
                err=True,
            )
        if now - self.died_at < self.delay:
            return
        self.process = self._start()
        self.started_at, self.died_at = now, None
        self.delay = min(self.delay * 2, self.MAX_DELAY)
        self.restarts += 1

    def stop(self) -> None:
        stop_worker(self.process)


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="Worker processes (default: the number of cores).",
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Threads per worker process for pages and the API (exports get their own).",
)
@click.option(
    "--no-worker",
    is_flag=True,
    help="Do not start the background worker (run `koryu worker` elsewhere).",
)
@click.option(
    "--insecure-dev",
    is_flag=True,
    help="Serve even with KORYU_DEBUG=1 or the development secret key (never in production).",
)
def command(db, host, port, workers, threads, no_worker, insecure_dev):
    """Serve the web pages and the JSON API until Ctrl-C (SIGHUP reloads gracefully)."""
    os.environ.setdefault("KORYU_SQLITE_CACHE_MB", str(SERVER_SQLITE_CACHE_MB))
    open_database(db)  # migrates a new database on first use
    from django.conf import settings
    from django.db import connections

    refuse_insecure(settings, insecure_dev)

    # whitenoise serves straight from the app folders but warns when a set root is missing.
    if settings.STATIC_ROOT:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    from koryu.catalog.planner import refresh_planner_statistics
    from koryu.wsgi import application

    _load_urls()
    refresh_planner_statistics()  # a catalogue loaded in bulk may have none

    _log_requests()
    sock = _listen(host, port)
    # Workers are forked from this process: no database connection may cross the fork.
    connections.close_all()
    workers = workers or os.cpu_count() or 1
    bound_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{bound_port}/"

    def when_ready(server):
        click.echo(f"Koryu is serving {url}")
        click.echo(
            f"{workers} workers × {threads} threads"
            f" (+{threads_per_worker(threads) - threads} for exports)."
            " Press Ctrl-C to stop.",
            err=True,
        )
        sys.stdout.flush()

    master = os.getpid()
    background = None if no_worker else BackgroundWorker()
    server = _server(
        application,
        {
            "bind": [f"fd://{sock.fileno()}"],
            "workers": workers,
            "threads": threads_per_worker(threads),
            "worker_class": "gthread",
            "preload_app": True,
            "graceful_timeout": 20,
            "timeout": 120,
            "loglevel": "warning",
            "proc_name": "koryu",
            "when_ready": when_ready,
        },
        background,
    )
    code = 0
    try:
        server.run()
    except SystemExit as exc:  # gunicorn's arbiter ends the process this way
        if os.getpid() != master:  # a forked worker leaving: not ours to report
            raise
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        if background is not None and os.getpid() == master:
            background.stop()
    click.echo("Koryu stopped.", err=True)
    sys.exit(code)
