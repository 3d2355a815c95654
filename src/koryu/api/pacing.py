"""Full exports sent at a bounded rate, paced by the kernel: SO_MAX_PACING_RATE on the
client's socket (Linux TCP pacing, which sendfile obeys), so the file still goes from the
page cache to the socket with no Python loop, and ten downloads cannot take every core
(or the whole network link) from the record pages while they run. The rate is
KORYU_EXPORT_MB_PER_SECOND per download (docs/settings.md).

The socket is the WSGI server's (gunicorn puts it in the environ as ``gunicorn.socket``);
without one (another server, the test client) or off Linux, a download is not paced."""

from __future__ import annotations

import socket
import struct
import sys
from collections.abc import Callable

from django.http import HttpRequest

# Not exported by Python's socket module; 47 in Linux's asm-generic/socket.h (x86, Arm,
# RISC-V), which every machine Koryu is deployed on uses.
SO_MAX_PACING_RATE = getattr(socket, "SO_MAX_PACING_RATE", 47 if sys.platform == "linux" else None)
# The option is 32 bits wide here: ~0 is "no cap" to the kernel.
UNLIMITED = 0xFFFFFFFF


def _nothing() -> None:
    pass


def client_socket(request: HttpRequest) -> socket.socket | None:
    return request.META.get("gunicorn.socket")


def pace(request: HttpRequest, bytes_per_second: int) -> Callable[[], None]:
    """Cap the rate at which the server sends this response to ``bytes_per_second``
    (0: no cap); returns what lifts the cap again, to be called when the response is
    closed, since a kept-alive connection goes on to carry other requests."""
    sock = client_socket(request)
    if not bytes_per_second or sock is None or SO_MAX_PACING_RATE is None:
        return _nothing
    if not _set_rate(sock, min(bytes_per_second, UNLIMITED - 1)):
        return _nothing
    return lambda: _set_rate(sock, UNLIMITED)


def _set_rate(sock: socket.socket, rate: int) -> bool:
    try:
        # packed: an int argument is a signed C int, too small for "no cap"
        sock.setsockopt(socket.SOL_SOCKET, SO_MAX_PACING_RATE, struct.pack("=I", rate))
    except OSError:  # a closed connection, or a kernel without the option
        return False
    return True
