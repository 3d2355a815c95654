"""Reads through a replica alias, writes to the primary (koryu.dbrouter, docs/deployment.md).

The replica here is a second connection to the same test database: what is checked is
where the router sends each query, and that every read path answers the same through it."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from catalog_builder import build_catalog
from koryu.catalog.models import Record
from koryu.dbrouter import PrimaryReplicaRouter

READ_PATHS = [
    "/api/v1/records",
    "/api/v1/organizations",
    "/api/v1/stats",
    "/api/v1/map",
    "/api/v1/graph",
    "/stats",
    "/map",
    "/quality",
    "/search?q=%E5%A7%89%E5%A6%B9",
]


ALIAS = "replica1"
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", ALIAS])


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup, django_db_blocker):
    """A second alias on the test database, for this module only (module scope: it must
    exist before the test case checks which aliases the tests may use)."""
    connections.settings[ALIAS] = {**connections["default"].settings_dict}
    yield ALIAS
    with django_db_blocker.unblock():
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def test_read_paths_answer_the_same_through_a_replica(client, replica):
    build_catalog()
    record_ids = list(Record.objects.values_list("pk", flat=True)[:3])
    paths = READ_PATHS + [f"/api/v1/records/{pk}" for pk in record_ids]
    paths += [f"/records/{pk}" for pk in record_ids]
    direct = {path: client.get(path) for path in paths}
    assert all(r.status_code == 200 for r in direct.values()), {
        p: r.status_code for p, r in direct.items() if r.status_code != 200
    }
    with CaptureQueriesContext(connections[replica]) as on_replica:
        routed = {path: client.get(path) for path in paths}
    assert len(on_replica.captured_queries) > 0
    for path in paths:
        assert routed[path].status_code == 200, path
        if path.startswith("/api/"):
            assert routed[path].json() == direct[path].json(), path


def test_writes_and_reads_inside_a_write_go_to_the_primary(replica):
    from django.db import transaction

    router = PrimaryReplicaRouter()
    assert router.db_for_write(Record) == "default"
    assert router.db_for_read(Record) == replica
    with transaction.atomic():  # an ingest reads what it has just written
        assert router.db_for_read(Record) == "default"
    with CaptureQueriesContext(connections[replica]) as on_replica:
        build_catalog()
    assert not [q for q in on_replica.captured_queries if q["sql"].startswith("INSERT")]
    assert router.allow_migrate(replica, "catalog") is False
