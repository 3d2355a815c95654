"""The exact lines a record came from, read back from its source document when possible.

The catalogue stores where each record came from (document, line_start–line_end) and the
path the document was ingested from. When that file is still there and unchanged (same
sha256), the page shows the lines themselves; otherwise only the reference.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from koryu.readers import decode

MAX_LINES = 400


@lru_cache(maxsize=8)
def _document_lines(path: str, sha256: str, mtime_ns: int) -> tuple[str, ...] | None:
    data = Path(path).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        return None
    text, _encoding = decode(data, Path(path).name)
    return tuple(text.split("\n"))  # line numbers count "\n" only, like the readers


def source_lines(path: str, sha256: str, start: int, end: int) -> list[tuple[int, str]] | None:
    """[(line number, text)] for lines start..end (1-based, inclusive), or None when the
    document is not available as ingested."""
    if not path or start < 1 or end < start:
        return None
    file = Path(path)
    try:
        lines = _document_lines(str(file), sha256, file.stat().st_mtime_ns)
    except (OSError, ValueError):
        return None
    if lines is None:
        return None
    last = min(end, start + MAX_LINES - 1, len(lines))
    return [(n, lines[n - 1]) for n in range(start, last + 1)]
