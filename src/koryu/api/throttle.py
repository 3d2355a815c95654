"""Bounded concurrency for expensive requests (exports): a few at once per client and
overall, so that ten downloads cannot starve the record pages. Beyond the bounds the
answer is 429 with Retry-After, in the API's error shape.

The bounds hold per server process (each gunicorn worker has its own), which keeps them
free of shared state; docs/api.md gives the totals for a server."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator

from django.http import HttpRequest

RETRY_AFTER_SECONDS = 5


class TooManyRequests(Exception):
    def __init__(self, message: str, retry_after: int = RETRY_AFTER_SECONDS):
        super().__init__(message)
        self.retry_after = retry_after


class Slots:
    def __init__(self, total: int, per_client: int):
        self.total = total
        self.per_client = per_client
        self._lock = threading.Lock()
        self._clients: Counter[str] = Counter()

    def acquire(self, client: str) -> Callable[[], None]:
        """Take a slot for ``client`` or raise TooManyRequests; returns the release."""
        with self._lock:
            if sum(self._clients.values()) >= self.total:
                raise TooManyRequests("too many exports are running: try again shortly")
            if self._clients[client] >= self.per_client:
                raise TooManyRequests(
                    f"at most {self.per_client} exports at once per client: try again shortly"
                )
            self._clients[client] += 1
        released = False

        def release() -> None:
            nonlocal released
            with self._lock:
                if not released:
                    released = True
                    self._clients[client] -= 1
                    if self._clients[client] <= 0:
                        del self._clients[client]

        return release

    def busy(self) -> int:
        with self._lock:
            return sum(self._clients.values())


def client_of(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def held(chunks: Iterator, release: Callable[[], None]) -> Iterator:
    """``chunks``, releasing the slot when the stream ends or the client goes away (the
    server closes the response, which closes this generator)."""
    try:
        yield from chunks
    finally:
        release()
