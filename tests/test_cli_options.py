"""Every `koryu` command takes --db (README: "Every command takes --db FILE|URL")."""

import click

from koryu.cli import COMMANDS, main


def _leaves(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _leaves(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def test_every_command_takes_db():
    assert set(main.commands) == set(COMMANDS)
    missing = [
        name
        for name, command in _leaves(main)
        if "--db" not in {o for p in command.params for o in getattr(p, "opts", [])}
    ]
    assert missing == []
