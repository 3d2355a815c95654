"""The `koryu` command: thin wrappers that parse options, call the library and turn
domain errors into clear messages with a non-zero exit (docs/cli.md is the contract)."""

from __future__ import annotations

import importlib
import sys

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
    "review",
    "worker",
]


class _Koryu(click.Group):
    """Unexpected errors end in one line, not a traceback, unless ``--debug``."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            click.echo(
                f"koryu: error: {type(exc).__name__}: {message} "
                "(run `koryu --debug ...` for the traceback)",
                err=True,
            )
            sys.exit(1)


@click.group(cls=_Koryu, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="koryu")
@click.option("--debug", is_flag=True, help="Show the traceback of unexpected errors.")
def main(debug: bool) -> None:
    """Koryu: the record of international exchange between local governments."""


for _name in COMMANDS:
    main.add_command(importlib.import_module(f"koryu.cli.{_name}").command, name=_name)
