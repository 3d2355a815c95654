"""Exports that starve nobody: full exports from a file made once per data version, and
a bound on exports running at once (429 with Retry-After beyond it)."""

from __future__ import annotations

import io
import json
import os
import socket
import time

import pytest

from catalog_builder import build_catalog
from koryu.api import pacing, throttle
from koryu.api.pacing import pace
from koryu.catalog.export import write_json
from koryu.catalog.models import Record

# Full exports are written by a background thread with its own connection: it sees only
# committed data, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)
linux_only = pytest.mark.skipif(pacing.SO_MAX_PACING_RATE is None, reason="kernel pacing: Linux")


@pytest.fixture
def catalogue(settings, tmp_path):
    settings.CACHE_DIR = tmp_path
    build_catalog()
    return tmp_path


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_full_export_is_the_cli_export_and_is_written_once(client, catalogue):
    first = client.get("/api/v1/export.json")
    assert first.status_code == 200
    out = io.StringIO()
    write_json(out)
    assert body(first) == out.getvalue()  # the same writer as `koryu export`
    (made,) = (catalogue / "exports").glob("records-*.json")
    stamp = made.stat().st_mtime_ns
    assert body(client.get("/api/v1/export.json")) == out.getvalue()
    assert made.stat().st_mtime_ns == stamp  # served from the file, not written again


def test_a_write_makes_a_new_file_and_drops_the_old(client, catalogue):
    body(client.get("/api/v1/export.csv"))
    (old,) = (catalogue / "exports").glob("records-*.csv")
    source = Record.objects.first().source
    source.save()  # any ingest saves its source: the data version moves
    body(client.get("/api/v1/export.csv"))
    (new,) = (catalogue / "exports").glob("records-*.csv")
    assert new != old and not old.exists()


def test_filtered_exports_stream_without_a_file(client, catalogue):
    data = json.loads(body(client.get("/api/v1/export.json", {"kind": "agreement"})))
    assert data["records"] and all(r["kind"] == "agreement" for r in data["records"])
    assert not list((catalogue / "exports").glob("records-*.json"))


def test_too_many_exports_at_once_get_429_with_retry_after(client, catalogue, monkeypatch):
    slots = throttle.Slots(total=3, per_client=1)
    monkeypatch.setattr("koryu.api.routers.exports.SLOTS", slots)
    running = client.get("/api/v1/export.json", {"kind": "agreement"})  # not yet consumed
    assert slots.busy() == 1
    refused = client.get("/api/v1/export.csv", {"kind": "agreement"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(throttle.RETRY_AFTER_SECONDS)
    assert refused.json()["error"]["code"] == "too_many_requests"
    other = client.get("/api/v1/export.csv", {"kind": "agreement"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another client still gets a slot
    body(running)
    body(other)
    running.close()
    other.close()
    assert slots.busy() == 0  # slots come back when the streams end
    assert client.get("/api/v1/export.csv", {"kind": "agreement"}).status_code == 200


def test_overall_bound():
    slots = throttle.Slots(total=2, per_client=2)
    slots.acquire("a")
    slots.acquire("b")
    with pytest.raises(throttle.TooManyRequests, match="too many exports"):
        slots.acquire("c")


def test_a_slow_export_answers_503_and_is_served_when_ready(
    client, catalogue, settings, monkeypatch
):
    import threading

    from koryu.api import export_files

    gate = threading.Event()
    real_write = export_files._write

    def slow_write(*args):
        gate.wait(30)
        real_write(*args)

    monkeypatch.setattr(export_files, "_write", slow_write)
    settings.EXPORT_WAIT_SECONDS = 0.1
    waiting = client.get("/api/v1/export.json")
    assert waiting.status_code == 503
    assert waiting.json()["error"]["code"] == "export_preparing"
    assert waiting["Retry-After"] == "10"
    gate.set()
    settings.EXPORT_WAIT_SECONDS = 30
    ready = client.get("/api/v1/export.json")
    assert ready.status_code == 200 and json.loads(body(ready))["records"]


def test_a_full_export_is_a_file_response_that_holds_its_slot_until_closed(
    client, catalogue, monkeypatch
):
    """Sent by the server's file wrapper (sendfile), not copied through Python."""
    from django.http import FileResponse

    slots = throttle.Slots(total=3, per_client=1)
    monkeypatch.setattr("koryu.api.routers.exports.SLOTS", slots)
    with_bom = client.get("/api/v1/export.csv")
    assert isinstance(with_bom, FileResponse) and slots.busy() == 1
    assert client.get("/api/v1/export.csv").status_code == 429
    text = body(with_bom)
    with_bom.close()
    assert slots.busy() == 0
    plain = client.get("/api/v1/export.csv", {"bom": "false"})
    assert int(plain["Content-Length"]) == len(text.encode()) - len("\ufeff".encode())
    assert body(plain) == text.removeprefix("\ufeff")
    plain.close()


def _rate(sock: socket.socket) -> int:
    return sock.getsockopt(socket.SOL_SOCKET, pacing.SO_MAX_PACING_RATE) & pacing.UNLIMITED


@pytest.fixture
def connection_pair():
    """The two ends of a loopback TCP connection: the server's socket and the client's."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client_end = socket.create_connection(listener.getsockname())
        server_end, _ = listener.accept()
    with server_end, client_end:
        yield server_end, client_end


@linux_only
def test_a_full_export_is_paced_on_the_servers_socket_until_closed(
    client, catalogue, settings, connection_pair
):
    server_end, _ = connection_pair
    settings.EXPORT_BYTES_PER_SECOND = 5_000_000
    body(client.get("/api/v1/export.json"))  # the file is written
    response = client.get("/api/v1/export.json", **{"gunicorn.socket": server_end})
    assert _rate(server_end) == 5_000_000
    body(response)
    response.close()
    assert _rate(server_end) == pacing.UNLIMITED  # the kept-alive connection goes on unpaced
    filtered = client.get(
        "/api/v1/export.json", {"kind": "agreement"}, **{"gunicorn.socket": server_end}
    )
    assert _rate(server_end) == pacing.UNLIMITED  # streamed from the database: not paced
    body(filtered)


@linux_only
def test_the_kernel_holds_a_paced_sendfile_to_its_rate(tmp_path, connection_pair):
    """What the server's file wrapper does with a paced socket: 3 MB at 6 MB/s take about
    half a second over loopback (unpaced, a few milliseconds)."""
    import threading

    from django.http import HttpRequest

    server_end, client_end = connection_pair
    data = tmp_path / "export.bin"
    data.write_bytes(os.urandom(3_000_000))
    request = HttpRequest()
    request.META["gunicorn.socket"] = server_end
    lift = pace(request, 6_000_000)

    def send():
        with open(data, "rb") as handle:
            server_end.sendfile(handle)
        server_end.shutdown(socket.SHUT_WR)

    sender = threading.Thread(target=send)
    started = time.monotonic()
    sender.start()
    received = 0
    while block := client_end.recv(1 << 20):
        received += len(block)
    elapsed = time.monotonic() - started
    sender.join()
    lift()
    assert received == 3_000_000
    assert elapsed > 0.35, elapsed


def test_without_the_servers_socket_nothing_is_paced():
    from django.http import HttpRequest

    lift = pace(HttpRequest(), 5_000_000)
    lift()  # nothing to lift, and no error
