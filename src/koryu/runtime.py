"""Start Django for the command line: pick the database, then migrate on first use."""

from __future__ import annotations

import os

_configured = False


def configure(db: str | None = None, migrate: bool = True) -> None:
    """Set up Django once per process. ``db`` overrides KORYU_DATABASE_URL."""
    global _configured
    if _configured:
        return
    if db:
        os.environ["KORYU_DATABASE_URL"] = db  # settings.py is the one reader of the env
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koryu.settings")
    import django

    django.setup()
    if migrate:
        migrate_if_needed()
    _configured = True


def migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)
