"""HEAD wherever GET works under /api/: the GET answer's status and headers, no body.

django-ninja routes name their methods and answer HEAD with 405; HTTP says a server that
answers GET should answer HEAD the same way (RFC 9110, 9.3.2). A streamed answer (an
export) is closed before it is read, so a HEAD request streams nothing."""

from __future__ import annotations

from django.http import HttpResponse


class HeadAsGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD" or not request.path.startswith("/api/"):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            response.content = b""
            return response
        response.close()  # releases what the stream held (an export slot)
        empty = HttpResponse(status=response.status_code)
        for name, value in response.items():
            empty[name] = value
        return empty
