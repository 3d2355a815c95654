"""Full exports as files: written once per data version (after a write changes the data,
the next request starts a new one), then served from disk. A full export of a large
catalogue costs one pass over the database per change, not one per download.

The file is written by a background thread, never by the request that asked for it: a
request waits a moment for a small catalogue's file, and otherwise answers 503 with
Retry-After, so a slow first export holds no server thread. Several processes asking at
once: one writes, the others wait for it (a file lock)."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

from koryu.catalog import queries
from koryu.catalog.export import CHUNKS
from koryu.catalog.models import Record

log = logging.getLogger(__name__)

BLOCK = 256 * 1024
RETRY_AFTER_SECONDS = 10

_writing: dict[Path, threading.Thread] = {}
_writing_lock = threading.Lock()


class ExportPreparing(Exception):
    """The file is being written; ask again after ``retry_after`` seconds."""

    retry_after = RETRY_AFTER_SECONDS


def _directory() -> Path:
    directory = Path(settings.CACHE_DIR) / "exports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def path_for(fmt: str) -> Path:
    database = settings.DATABASES["default"]
    identity = f"{database.get('HOST', '')}|{database['NAME']}|{queries.data_version()}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:20]
    return _directory() / f"records-{digest}.{fmt}"


def _write(path: Path, fmt: str, records: QuerySet[Record]) -> None:
    try:
        with open(path.parent / f".lock-{fmt}", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():  # another process wrote it while we waited
                return
            partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
            with open(partial, "w", encoding="utf-8", newline="") as out:
                for chunk in CHUNKS[fmt](records):
                    out.write(chunk)
            os.replace(partial, path)
            for old in path.parent.glob(f"records-*.{fmt}"):
                if old != path:
                    old.unlink(missing_ok=True)  # readers still streaming it keep it open
    except Exception:
        log.exception("writing the %s export failed", fmt)
    finally:
        connections.close_all()  # this thread's connections
        with _writing_lock:
            _writing.pop(path, None)


def full_export(fmt: str, records: QuerySet[Record]) -> Path:
    """The file holding every record of ``records`` in ``fmt``; ExportPreparing while it
    is still being written after KORYU_EXPORT_WAIT_SECONDS."""
    path = path_for(fmt)
    if path.exists():
        return path
    with _writing_lock:
        thread = _writing.get(path)
        if thread is None:
            thread = threading.Thread(
                target=_write, args=(path, fmt, records), name=f"export-{fmt}", daemon=True
            )
            _writing[path] = thread
            thread.start()
    thread.join(settings.EXPORT_WAIT_SECONDS)
    if path.exists():
        return path
    raise ExportPreparing(f"the full {fmt} export is being prepared: try again shortly")
