"""Mutations of real documents for fuzzing the readers: cut, duplicate, shuffle, re-encode,
inject control characters. Shared by tests/test_fuzz_readers.py (bounded, in every CI run)
and benchmarks/fuzz_readers.py (longer runs with counts)."""

from __future__ import annotations

import os
import random
from pathlib import Path

from koryu.readers import read_bytes
from koryu.readers.base import ReaderError

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("KORYU_SEEDS") or REPO.parent / "shared" / "seeds")  # as conftest
CORPORA = [SEEDS, REPO / "tests" / "fixtures", REPO / "tests" / "data" / "wild" / "docs"]
CONTROL = ["\x00", "\x07", "\x1b", "\u202e", "\ufeff", "\r", "\x0c", "\ud7ff", "\x85"]
ENCODINGS = ["utf-8", "cp932", "euc-jp", "utf-16", "koi8-r", "gb18030", "euc-kr"]


def documents() -> list[Path]:
    found = []
    for folder in CORPORA:
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.is_file())
    return found


def mutate(data: bytes, rng: random.Random, name: str) -> bytes:
    """One random mutation; text mutations on decoded text when it decodes as UTF-8."""
    how = rng.choice(["cut", "duplicate", "shuffle", "encode", "control", "bytes"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None or how == "bytes":
        if not data:
            return data
        at = rng.randrange(len(data))
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[at:]
    lines = text.split("\n")
    if how == "cut":
        return text[: rng.randrange(len(text) + 1)].encode("utf-8")
    if how == "duplicate" and lines:
        a = rng.randrange(len(lines))
        b = min(len(lines), a + rng.randint(1, 20))
        lines[b:b] = lines[a:b]
        return "\n".join(lines).encode("utf-8")
    if how == "shuffle" and len(lines) > 1:
        a = rng.randrange(len(lines))
        b = min(len(lines), a + rng.randint(2, 30))
        chunk = lines[a:b]
        rng.shuffle(chunk)
        lines[a:b] = chunk
        return "\n".join(lines).encode("utf-8")
    if how == "encode":
        return text.encode(rng.choice(ENCODINGS), errors="replace")
    # control characters at random places
    chars = list(text)
    for _ in range(rng.randint(1, 10)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(CONTROL))
    return "".join(chars).encode("utf-8", errors="surrogatepass")


def outcome(data: bytes, name: str) -> str:
    """'records' or 'empty' (a Document) or the ReaderError's class name; anything else
    raised is a bug and propagates."""
    try:
        document = read_bytes(data, name)
    except ReaderError as exc:
        assert str(exc).startswith(name), f"an error must name its document: {exc}"
        return type(exc).__name__
    return "records" if document.records else "empty"
