"""One log line per request (method, path, status, milliseconds) on the ``koryu.requests``
logger, whatever server runs the application. The query string is left out: search words
are the visitor's business, not the log's."""

from __future__ import annotations

import logging
import time

log = logging.getLogger("koryu.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if log.isEnabledFor(logging.INFO):
            log.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        return response
