"""The plugin hook through which readers are registered (pluggy, as Datasette does).

A plugin is a module or object with a function marked ``@hookimpl``::

    from koryu.readers.hookspecs import hookimpl
    import my_reader  # FORMAT, LANGUAGE, SPECIFIC, sniff(text), parse(text, name)

    @hookimpl
    def koryu_readers():
        return [my_reader]

Third-party packages announce their plugin module under the setuptools entry-point group
``koryu`` (``[project.entry-points.koryu] my_reader = "my_package.plugin"``).
"""

from __future__ import annotations

import pluggy

PROJECT = "koryu"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def koryu_readers():
    """Readers this plugin provides: objects or modules with ``FORMAT`` (a unique name),
    ``LANGUAGE``, ``SPECIFIC`` (True when its records may be published directly),
    ``sniff(text) -> float`` (0..1, how sure it is that the text is its format) and
    ``parse(text, name) -> (records, findings)``."""
