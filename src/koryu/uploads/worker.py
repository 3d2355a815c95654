"""The worker that runs queued tasks (uploads): django-tasks-db's own loop, started by
`koryu worker` or, beside the web server, by `koryu serve`.

A worker stopped in the middle of a task (the server was killed) leaves the task marked
running. A worker starting on the same machine gives such tasks of workers that are gone
back to the queue; the upload's ingest goes on from the document where it stopped."""

from __future__ import annotations

import logging
import os
import socket

from django.utils.crypto import get_random_string

log = logging.getLogger(__name__)


def worker_id() -> str:
    """host:pid:random, so that a later worker on this host can tell it is gone."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def _gone(worker: str) -> bool:
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def requeue_abandoned() -> int:
    """Tasks left running by workers of this host that no longer exist: queued again."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from koryu.uploads.models import Upload

    again = [
        t.pk for t in DBTaskResult.objects.running() if t.worker_ids and _gone(t.worker_ids[-1])
    ]
    if again:
        DBTaskResult.objects.filter(pk__in=again).update(status=TaskResultStatus.READY)
        Upload.objects.filter(task_id__in=[str(pk) for pk in again]).update(state="queued")
        log.warning("%d task(s) of a stopped worker queued again", len(again))
    return len(again)


def run(batch: bool = False, interval: float = 1.0, signals: bool = True) -> None:
    """Run queued tasks until stopped (``batch``: until none is left). ``signals``: stop
    gracefully on SIGINT/SIGTERM (only in a process's main thread)."""
    import time

    from django.db import DatabaseError, close_old_connections
    from django_tasks_db.management.commands.db_worker import Worker

    while True:
        try:
            return _run_once(Worker, batch, interval, signals)
        except DatabaseError as exc:  # the server went away: wait, then look again
            if batch:
                raise
            log.error("worker: %s; trying again in 5 s", exc)
            close_old_connections()
            time.sleep(5)


def _run_once(Worker, batch: bool, interval: float, signals: bool) -> None:
    from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME

    requeue_abandoned()
    worker = Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id(),
        excluded_queue_names=[],
    )
    if signals:
        worker.configure_signals()
    worker.run()
