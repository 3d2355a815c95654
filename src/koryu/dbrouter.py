"""Reads to replicas, writes to the primary (docs/deployment.md).

Configured by KORYU_REPLICA_URLS (settings.py): each URL becomes a database alias
``replica1``, ``replica2``... and this router sends reads there. A read inside a
transaction on the primary stays on the primary: an ingest reads what it just wrote, and
a replica lags behind."""

from __future__ import annotations

import random

from django.conf import settings
from django.db import connections

PRIMARY = "default"


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        replicas = replica_aliases()
        return random.choice(replicas) if replicas else PRIMARY  # noqa: S311 - load spreading

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY
