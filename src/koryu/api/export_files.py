"""Full exports as files: written once per data version (after a write changes the data,
the next request writes a new one), then served from disk. A full export of a large
catalogue costs one pass over the database per change, not one per download."""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from koryu.catalog import queries
from koryu.catalog.export import CHUNKS
from koryu.catalog.models import Record

BLOCK = 256 * 1024


def _directory() -> Path:
    directory = Path(settings.CACHE_DIR) / "exports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def full_export(fmt: str, records: QuerySet[Record]) -> Path:
    """The file holding every record of ``records`` in ``fmt``, made if needed. Several
    processes asking at once: one writes, the others wait for it (a file lock)."""
    database = settings.DATABASES["default"]
    identity = f"{database.get('HOST', '')}|{database['NAME']}|{queries.data_version()}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:20]
    directory = _directory()
    path = directory / f"records-{digest}.{fmt}"
    if path.exists():
        return path
    with open(directory / f".lock-{fmt}", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():  # another process wrote it while we waited
            return path
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        with open(partial, "w", encoding="utf-8", newline="") as out:
            for chunk in CHUNKS[fmt](records):
                out.write(chunk)
        os.replace(partial, path)
        for old in directory.glob(f"records-*.{fmt}"):
            if old != path:
                old.unlink(missing_ok=True)
    return path


def read_blocks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while block := f.read(BLOCK):
            yield block
