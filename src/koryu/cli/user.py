"""`koryu user`: accounts from the command line (the first administrator needs no web form)."""

import json
import sys

import click

from koryu.cli.options import db_option, open_database


def _fail(exc) -> None:
    raise click.ClickException(str(exc)) from exc


@click.group()
def command():
    """Manage accounts, roles and API tokens."""


@command.command("add")
@click.argument("name")
@db_option
@click.option("--email", default="", help="E-mail address (password resets).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)
def add(name, db, email, password_stdin):
    """Create an account (without --password-stdin it cannot sign in until one is set)."""
    open_database(db)
    from koryu.accounts.grants import AccountError, add_user

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password_stdin and not password:
        raise click.ClickException("an empty password was given on standard input")
    try:
        add_user(name, email=email, password=password)
    except AccountError as exc:
        _fail(exc)
    click.echo(f"added {name}")


@command.command("grant")
@click.argument("name")
@db_option
@click.option("--role", type=click.Choice(["editor", "reviewer", "admin"]), required=True)
@click.option(
    "--organization",
    "organizations",
    type=int,
    multiple=True,
    metavar="ID",
    help="Organization id (as in the export's organization_id); repeatable.",
)
def grant_(name, db, role, organizations):
    """Give NAME a role, for organizations or (without --organization) for all."""
    open_database(db)
    from koryu.accounts.grants import AccountError, get_user, grant

    try:
        user = get_user(name)
        for org in organizations or (None,):
            grant(user, role, org)
    except AccountError as exc:
        _fail(exc)
    where = ", ".join(str(o) for o in organizations) if organizations else "all organizations"
    click.echo(f"granted {role} to {name} for {where}")


@command.command("revoke")
@click.argument("name")
@db_option
@click.option("--role", type=click.Choice(["editor", "reviewer", "admin"]), default=None)
@click.option("--organization", "organizations", type=int, multiple=True, metavar="ID")
def revoke_(name, db, role, organizations):
    """Take roles back (all of NAME's roles without --role/--organization)."""
    open_database(db)
    from koryu.accounts.grants import AccountError, get_user, revoke

    try:
        user = get_user(name)
        count = sum(revoke(user, role, org) for org in (organizations or (None,)))
    except AccountError as exc:
        _fail(exc)
    click.echo(f"revoked {count} grant(s) of {name}")


@command.command("list")
@db_option
@click.option(
    "--format", "format_", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def list_(db, format_):
    """Accounts with their roles."""
    open_database(db)
    from django.contrib.auth import get_user_model

    from koryu.accounts.grants import describe

    users = [describe(u) for u in get_user_model().objects.order_by("username")]
    if format_ == "json":
        click.echo(json.dumps({"users": users}, ensure_ascii=False, indent=2))
        return
    for u in users:
        grants = ", ".join(
            f"{g['role']}@{g['organization'] or '*'}"
            + (f"#{g['organization_id']}" if g["organization_id"] else "")
            for g in u["grants"]
        )
        click.echo(f"{u['name']:<20} {grants or '(reader)'}")


@command.command("token")
@click.argument("name")
@db_option
def token(name, db):
    """Print a new API token for NAME (the previous one stops working)."""
    open_database(db)
    from koryu.accounts.grants import AccountError, get_user
    from koryu.accounts.tokens import issue

    try:
        user = get_user(name)
    except AccountError as exc:
        _fail(exc)
    click.echo(issue(user))
