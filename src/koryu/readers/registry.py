"""One registry of readers: the built-in ones, the generic catch-all and any third party's.

Every reader comes in through the same pluggy hook (``hookspecs.koryu_readers``): the
built-in ones through ``koryu.readers.builtin``, others through the setuptools entry-point
group ``koryu``. A reader that lacks part of the interface stops the registry from loading
(loudly, at start-up) rather than failing on the first document it is given.

Choosing a reader for a text: the most confident *specific* reader with a sniff score of at
least ``MIN_CONFIDENCE`` wins; otherwise the most confident non-specific (generic) reader
with any score reads it. Ties go to the reader registered first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pluggy

from koryu.readers import hookspecs
from koryu.readers.base import ReaderError, UnknownFormat

# A specific reader's sniff score below this means "not mine".
MIN_CONFIDENCE = 0.5

_REQUIRED = ("FORMAT", "LANGUAGE", "SPECIFIC", "sniff", "parse")


class RegistryError(RuntimeError):
    """A plugin offered something that is not a reader, or two readers share a name."""


@dataclass(frozen=True)
class Choice:
    reader: Any
    score: float


def make_manager(*, builtin: bool = True, entry_points: bool = True) -> pluggy.PluginManager:
    """A plugin manager with the hook, the built-in readers and the installed plugins."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    if builtin:
        from koryu.readers import builtin as builtin_plugin

        manager.register(builtin_plugin, name="koryu.readers.builtin")
    if entry_points:
        manager.load_setuptools_entrypoints(hookspecs.PROJECT)
    return manager


_manager: pluggy.PluginManager | None = None
_readers: list[Any] | None = None


def manager() -> pluggy.PluginManager:
    global _manager
    if _manager is None:
        _manager = make_manager()
    return _manager


def use(new_manager: pluggy.PluginManager | None) -> None:
    """Replace the plugin manager (tests, embedding); ``None`` goes back to the default."""
    global _manager, _readers
    _manager = new_manager
    _readers = None


def register(plugin: object, name: str | None = None) -> None:
    """Register one more plugin on the current manager (its readers join the registry)."""
    global _readers
    manager().register(plugin, name=name)
    _readers = None


def unregister(plugin: object) -> None:
    global _readers
    manager().unregister(plugin)
    _readers = None


def readers() -> list[Any]:
    """Every registered reader, built-in ones first in their order, then plugins'."""
    global _readers
    if _readers is None:
        _readers = _collect(manager())
    return _readers


def _collect(pm: pluggy.PluginManager) -> list[Any]:
    # pluggy calls the most recently registered plugin first: reverse to registration order
    found: list[Any] = []
    names: dict[str, str] = {}
    for batch in reversed(pm.hook.koryu_readers()):
        for reader in batch or ():
            missing = [attr for attr in _REQUIRED if not hasattr(reader, attr)]
            if missing:
                raise RegistryError(f"reader {reader!r} lacks {', '.join(missing)}")
            owner = getattr(reader, "__name__", repr(reader))
            if reader.FORMAT in names:
                raise RegistryError(
                    f"two readers named {reader.FORMAT!r}: {names[reader.FORMAT]} and {owner}"
                )
            names[reader.FORMAT] = owner
            found.append(reader)
    return found


def by_name(format: str, document: str) -> Any:
    for reader in readers():
        if reader.FORMAT == format:
            return reader
    known = ", ".join(r.FORMAT for r in readers()) or "none"
    raise UnknownFormat(document, None, f"unknown format {format!r} (known: {known})")


def choose(text: str, name: str, *, specific_only: bool = False) -> Choice:
    """The reader for ``text``: see the module docstring. ``UnknownFormat`` when none fits."""
    scored = [(reader.sniff(text), reader) for reader in readers()]
    specific = [(s, r) for s, r in scored if r.SPECIFIC]
    best = _best(specific)
    if best is not None and best.score >= MIN_CONFIDENCE:
        return best
    if not specific_only:
        generic = _best([(s, r) for s, r in scored if not r.SPECIFIC and s > 0])
        if generic is not None:
            return generic
    detail = ", ".join(f"{r.FORMAT} {s:.2f}" for s, r in scored) or "no readers"
    raise UnknownFormat(
        name or "<document>", None, f"no reader recognises this document ({detail})"
    )


def _best(scored: list[tuple[float, Any]]) -> Choice | None:
    best: Choice | None = None
    for score, reader in scored:  # strict > keeps the first on a tie
        if best is None or score > best.score:
            best = Choice(reader, score)
    return best


def describe(reader: Any) -> str:
    """What a reader reads: its DESCRIPTION, else the first line of its docstring."""
    text = getattr(reader, "DESCRIPTION", None) or (reader.__doc__ or "").strip()
    return text.split("\n", 1)[0].strip()


__all__ = [
    "MIN_CONFIDENCE",
    "Choice",
    "ReaderError",
    "RegistryError",
    "by_name",
    "choose",
    "describe",
    "make_manager",
    "manager",
    "readers",
    "register",
    "unregister",
    "use",
]
