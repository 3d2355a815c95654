"""Uploaded files kept by their content: ``UPLOAD_DIR/ab/abcdef…`` (the SHA-256 of the
bytes). The same bytes sent twice are one file; the file is the ``Source.path`` of the
records read from it, so the record pages can show its lines (koryu.web.excerpts)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


def keep(uploaded) -> tuple[str, Path, int]:
    """Store an uploaded file: (sha256, path, size). Written to a temporary file in the
    same folder first, then renamed, so a reader never sees half a file."""
    root = Path(settings.UPLOAD_DIR)
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, temporary = tempfile.mkstemp(dir=root, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in uploaded.chunks():
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        sha = digest.hexdigest()
        path = root / sha[:2] / sha
        path.parent.mkdir(exist_ok=True)
        if path.exists():
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
        return sha, path, size
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
