"""One JSON error shape for every failure under /api/:

    {"error": {"status": 404, "code": "not_found", "message": "...", "details": ...}}

Handlers cover what the views raise; ``json_method_errors`` and ``not_found_view`` cover
what Django and ninja answer before a view runs (a wrong method, an unknown URL).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from koryu.catalog.queries import InvalidQuery

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "service_unavailable",
}


def error_response(
    status: int, message: str, details: Any = None, code: str | None = None
) -> JsonResponse:
    body = {
        "error": {
            "status": status,
            "code": code or CODES.get(status, "error"),
            "message": message,
            "details": details,
        }
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def install_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(InvalidQuery)
    def invalid_query(request: HttpRequest, exc: InvalidQuery) -> HttpResponse:
        return error_response(
            400, str(exc), {"parameter": exc.field} if exc.field else None, "invalid_parameter"
        )

    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors
        ]
        return error_response(422, "the request parameters are not valid", details)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, str(exc) or "not found")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 401:  # a write without a valid API token
            response = error_response(
                401, "a valid API token is needed: Authorization: Bearer TOKEN"
            )
            response["WWW-Authenticate"] = 'Bearer realm="koryu"'
            return response
        return error_response(exc.status_code, exc.message)

    @api.exception_handler(Exception)
    def internal(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s", request.get_full_path())
        return error_response(500, "internal error; the server log has the details")


def json_method_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn ninja's plain-text 405 into the JSON error shape (keeping the Allow header)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip())
            new = error_response(
                405, f"method {request.method} is not allowed here", {"allowed": allowed}
            )
            new["Allow"] = ", ".join(allowed)
            return new
        return response

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return error_response(404, f"no API endpoint at {request.path}")


not_found_view.csrf_exempt = True  # type: ignore[attr-defined]
