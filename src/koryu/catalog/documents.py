"""Which files an ingest reads, under which name, and how their bytes are read.

A document's identity (``Source.name``) is its path relative to the folder it was found
in (``sub/cards.txt``), or the URL a ``# source: URL`` line near its top states; a file
given on its own is named by its file name. So two files with one name in two folders
are two documents, and a file ingested straight from the root keeps the bare name it
always had.

Only regular files are read, through a byte limit that holds whatever the size the file
system reports (``/proc`` files say 0, a file may grow while it is read). Devices and
FIFOs are refused before they are opened for reading: opening a FIFO would wait for a
writer forever. Hidden files and folders are skipped unless asked for, and a file
reached twice (through a symbolic link, or a link to a folder) is read once.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from koryu.readers.base import OversizedDocument, ReaderError

_STATED_SOURCE = re.compile(rb"^[ \t]*#[ \t]*source[ \t]*:[ \t]*(\S+)[ \t]*\r?$", re.M | re.I)
_SOURCE_LINES = 5  # the statement must be among the first lines


@dataclass(frozen=True)
class DocumentPath:
    path: Path
    name: str  # identity: path relative to its root, POSIX separators

    def __fspath__(self) -> str:
        return str(self.path)


class NotARegularFile(ReaderError):
    """A device, FIFO, socket or folder where a document was expected."""


def iter_documents(
    paths: Iterable[str | Path], include_hidden: bool = False
) -> Iterator[DocumentPath]:
    """Files as given, and the files inside folders (sorted), each real file once."""
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, include_hidden, seen)
            continue
        key = _identity(path)
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        yield DocumentPath(path, path.name)


def _walk(root: Path, include_hidden: bool, seen: set[tuple[int, int]]) -> Iterator[DocumentPath]:
    """Files under ``root`` sorted by their relative path, as ``sorted(rglob)`` gave them;
    a file reached both by its own path and through a link is known by its own path."""
    found = list(_files_under(root, include_hidden))
    found.sort(key=lambda d: (d.path.is_symlink(), d.name))
    kept = []
    for document in found:
        key = _identity(document.path)
        if key not in seen:
            seen.add(key)
            kept.append(document)
    yield from sorted(kept, key=lambda d: d.name)


def _files_under(root: Path, include_hidden: bool) -> Iterator[DocumentPath]:
    visited_dirs: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        here = _identity(Path(folder))
        if here in visited_dirs:  # a link back to a folder already walked: a loop
            dirs[:] = []
            continue
        visited_dirs.add(here)
        dirs[:] = sorted(d for d in dirs if include_hidden or not d.startswith("."))
        for name in sorted(files):
            if not include_hidden and name.startswith("."):
                continue
            path = Path(folder) / name
            if _identity(path) is None:  # a dangling link
                continue
            yield DocumentPath(path, path.relative_to(root).as_posix())


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()  # follows links: two names for one file share it
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def read_document_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, refusing anything else and anything over ``max_bytes``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    except FileNotFoundError:
        raise ReaderError(name, None, "no such file") from None
    except OSError as exc:
        raise ReaderError(name, None, f"cannot open: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(name, None, f"not a regular file ({_kind(mode)}): not read")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OversizedDocument(
            name, None, f"oversized upload: more than {max_bytes} bytes, the limit"
        )
    return data


def _kind(mode: int) -> str:
    for test, label in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return label
    return "not a file"


def stated_source(data: bytes) -> str | None:
    """The URL of a ``# source: URL`` line among the first lines, if the document has one."""
    head = b"\n".join(data[:4096].split(b"\n")[:_SOURCE_LINES])
    match = _STATED_SOURCE.search(head)
    if not match:
        return None
    try:
        return match.group(1).decode("utf-8")
    except UnicodeDecodeError:
        return None
