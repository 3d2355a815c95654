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
    """Migrate a new database, or one older than the code. Most runs find every migration
    file already recorded (one query) and skip building the migration graph, which imports
    every migration of every app."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if migration_files() <= recorded_migrations(connection):
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


def migration_files() -> set[tuple[str, str]]:
    """(app label, name) of the installed apps' migrations, found as Django's
    MigrationLoader finds them (modules of the migrations package not starting with _ or
    ~) but without importing them."""
    import pkgutil
    from importlib import import_module

    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    found = set()
    for app in apps.get_app_configs():
        module_name, _ = MigrationLoader.migrations_module(app.label)
        if module_name is None:
            continue
        try:
            package = import_module(module_name)
        except ModuleNotFoundError as error:
            if "migrations" not in (error.name or "").split("."):
                raise
            continue  # an app without migrations
        found.update(
            (app.label, name)
            for _, name, is_package in pkgutil.iter_modules(getattr(package, "__path__", []))
            if not is_package and name[0] not in "_~"
        )
    return found


def recorded_migrations(connection) -> set[tuple[str, str]]:
    """(app label, name) of the migrations applied to the database (none when new)."""
    from django.db.migrations.recorder import MigrationRecorder

    return set(MigrationRecorder(connection).applied_migrations())
