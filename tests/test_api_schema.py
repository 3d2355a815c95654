"""The API keeps the promises of /api/openapi.json: schemathesis generates requests from
the document (valid and invalid) and checks status codes, content types and response
bodies against it, in-process through Django's WSGI app. Bounded (a few examples per
operation, derandomized) so that it runs in seconds."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from catalog_builder import build_catalog

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def catalog(transactional_db, settings, tmp_path):
    # committed: a full export is written by a background thread with its own connection
    settings.CACHE_DIR = tmp_path
    build_catalog()  # small ids exist, so generated ids hit found and not-found paths
    # As Django's test client does: a finished request must not close the connection
    # that holds the test's transaction (PostgreSQL would then refuse the next query).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, catalog):
    # An opaque cursor or a search query can match its schema (a string) and still be
    # refused with a documented 400 (or 503 while search is not installed), so the
    # "valid data is accepted" check does not apply; every other check does.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


def test_api_links_lead_from_lists_to_items_and_on(catalog):
    """Stateful: schemathesis follows the OpenAPI links (a list to its first item, a record
    to its parties' organizations, an organization to its timeline's records) through
    sequences of calls, checking every response against the document."""
    links = {
        name
        for path in schema.raw_schema["paths"].values()
        for response in path["get"]["responses"].values()
        for name in response.get("links", {})
    }
    assert {"FirstRecord", "FirstParty", "FirstTimelineRecord"} <= links
    machine = schema.as_state_machine()

    followed: list[str] = []

    class Machine(machine):
        def step(self, input):
            output = super().step(input)
            if input.transition is not None and input.is_applied:
                followed.append(input.transition.id)
            return output

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response, excluded_checks=[positive_data_acceptance], transport_kwargs=kwargs
            )

    Machine.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert followed, "no link was followed with a value taken from a response"
