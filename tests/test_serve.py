"""`koryu serve` in a subprocess: migrates a new SQLite file, answers, stops on Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

KORYU = Path(sys.executable).parent / "koryu"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_line(process: subprocess.Popen, prefix: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith(prefix):
            return line.strip()
        if not line and process.poll() is not None:
            break
    process.kill()
    pytest.fail(f"no {prefix!r} line; stderr: {process.stderr.read()}")


def test_serve_answers_and_stops_on_ctrl_c(tmp_path):
    db = tmp_path / "served.sqlite3"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    env["KORYU_EXPORT_CONCURRENCY"] = "3"
    process = subprocess.Popen(
        [str(KORYU), "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = wait_for_line(process, "Koryu is serving")
        assert line == f"Koryu is serving http://127.0.0.1:{port}/"
        assert db.exists()  # migrated on first use
        with NO_PROXY.open(f"http://127.0.0.1:{port}/api/v1/stats", timeout=30) as response:
            assert response.status == 200
            assert json.load(response)["total"] == 0
            etag = response.headers["ETag"]
        conditional = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/stats", headers={"If-None-Match": etag}
        )
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            NO_PROXY.open(conditional, timeout=30)
        assert not_modified.value.code == 304
        with NO_PROXY.open(f"http://127.0.0.1:{port}/api/docs", timeout=30) as response:
            assert response.status == 200
            assert "'self'" in response.headers["Content-Security-Policy"]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stderr = process.stderr.read()
    assert "Traceback" not in stderr
    # exports have threads of their own: they cannot take the pages' threads
    assert "2 workers × 4 threads (+3 for exports)" in stderr
    # one access-log line per request, without the query string
    assert re.search(r"GET /api/v1/stats 200 [0-9.]+ms", stderr), stderr


def test_serve_refuses_a_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [str(KORYU), "serve", "--db", str(tmp_path / "x.sqlite3"), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_serve_reloads_on_sighup_and_drains_on_sigterm(tmp_path):
    db = tmp_path / "served.sqlite3"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    process = subprocess.Popen(
        [str(KORYU), "serve", "--db", str(db), "--port", str(port), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        wait_for_line(process, "Koryu is serving")
        process.send_signal(signal.SIGHUP)  # graceful reload: still answering afterwards
        deadline = time.monotonic() + 30
        while True:
            try:
                with NO_PROXY.open(f"http://127.0.0.1:{port}/api/v1/stats", timeout=30) as r:
                    assert r.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Koryu stopped." in process.stderr.read()


def test_serve_bounds_each_connection_s_sqlite_cache(monkeypatch):
    """One connection per server thread, each with its own page cache: serve asks for a
    smaller one than a command's (memory stays flat under load), unless the environment
    names a size."""
    from click.testing import CliRunner

    from koryu.cli import serve

    seen = []

    def stop_at_open(db):
        seen.append(os.environ.get("KORYU_SQLITE_CACHE_MB"))
        raise SystemExit(0)

    monkeypatch.setattr(serve, "open_database", stop_at_open)
    monkeypatch.delenv("KORYU_SQLITE_CACHE_MB", raising=False)
    CliRunner().invoke(serve.command, [])
    monkeypatch.setenv("KORYU_SQLITE_CACHE_MB", "32")
    CliRunner().invoke(serve.command, [])
    assert seen == [str(serve.SERVER_SQLITE_CACHE_MB), "32"]
    assert serve.SERVER_SQLITE_CACHE_MB < 64
