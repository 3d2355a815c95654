"""Packages that import their parts on first use (PEP 562): importing one part, or a
package for one name, does not load the others (the gazetteer's index and its libraries,
the map and graph queries), which keeps the command line's start-up short."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, parts: Mapping[str, tuple[str, ...]]
) -> tuple[Callable[[str], Any], list[str]]:
    """(``__getattr__``, ``__all__``) for ``package``, whose submodule ``part`` defines
    the names ``parts[part]``: a name's submodule is imported the first time it is read."""
    home = {name: part for part, names in parts.items() for name in names}

    def __getattr__(name: str) -> Any:
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{home[name]}"), name)
        setattr(sys.modules[package], name, value)  # the next read is a plain attribute
        return value

    return __getattr__, sorted(home)
