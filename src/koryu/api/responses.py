"""JSON responses built straight from the services' dicts.

Views return these rather than dicts: ninja would re-validate every item against the
declared schema (dropping fields the schema does not name) at a cost that grows with
the response; the declared schemas still document the shapes in /api/openapi.json and
the schema test checks that responses conform."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
