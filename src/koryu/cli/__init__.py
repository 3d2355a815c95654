"""The `koryu` command: thin wrappers that parse options, call the library and turn
domain errors into clear messages with a non-zero exit (docs/cli.md is the contract)."""

from __future__ import annotations

import importlib

import click

from koryu import __version__

# Each module defines one click command named `command`.
COMMANDS = [
    "ingest",
    "export",
    "stats",
    "resolve",
    "check",
    "search",
    "reindex",
    "serve",
    "user",
    "dump",
    "load",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="koryu")
def main() -> None:
    """Koryu: the record of international exchange between local governments."""


for _name in COMMANDS:
    try:
        _module = importlib.import_module(f"koryu.cli.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"koryu.cli.{_name}":
            raise
        continue
    main.add_command(_module.command, name=_name)
