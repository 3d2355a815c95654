"""`koryu serve` alone processes uploads: it starts the background worker beside the web
server (a separate `koryu worker` process on the same database) and stops it with itself.
No second program to start, on SQLite as on PostgreSQL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import REPO
from test_serve import KORYU, free_port, wait_for_line

QUEUE = """
import sys
from django.core.files.uploadedfile import SimpleUploadedFile
from koryu import runtime
runtime.configure(sys.argv[1])
from koryu.accounts import grants
from koryu.uploads import storage, tasks
from koryu.uploads.models import Upload
user = grants.add_user("uploader")
data = open(sys.argv[2], "rb").read()
sha, path, size = storage.keep(SimpleUploadedFile("cards.txt", data))
upload = Upload.objects.create(
    user=user, files=[{"name": "cards.txt", "sha256": sha, "size": size, "path": str(path)}]
)
tasks.enqueue(upload)  # outside a transaction: queued at once
print(upload.pk)
"""


def _state(db) -> tuple[str, int, str]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT state, done, task_id FROM uploads_upload").fetchone()


def _env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    env["KORYU_UPLOAD_DIR"] = str(tmp_path / "kept")
    return env


def _queue_upload(db, env) -> None:
    """Queue an upload of the small case cards on ``db``, as the upload page would."""
    queued = subprocess.run(
        [sys.executable, "-c", QUEUE, str(db), str(REPO / "tests/fixtures/case_cards_small.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert queued.returncode == 0, queued.stderr


def _serve(db, env, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(KORYU), "serve", "--db", str(db), "--port", str(free_port()), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_serve_runs_the_upload_worker(tmp_path):
    db = tmp_path / "served.sqlite3"
    env = _env(tmp_path)
    _queue_upload(db, env)
    assert _state(db)[0] == "queued"
    process = _serve(db, env, "--workers", "1")
    try:
        wait_for_line(process, "Koryu is serving")
        deadline = time.monotonic() + 240
        while _state(db)[0] != "done" and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _state(db)[:2] == ("done", 1)
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT count(*) FROM catalog_record").fetchone()[0] == 2
            (workers,) = con.execute(
                "SELECT worker_ids FROM django_tasks_database_dbtaskresult"
            ).fetchone()
        worker_pid = int(workers.split(":")[1])
        os.kill(worker_pid, 0)  # the worker runs while the server does
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stderr = process.stderr.read()
    assert "Traceback" not in stderr, stderr
    # the worker stopped with the server
    time.sleep(0.5)
    status = f"/proc/{worker_pid}/status"
    assert not os.path.exists(status) or "State:\tZ" in open(status).read()


def test_serve_without_worker_leaves_uploads_queued(tmp_path):
    """--no-worker: the queue waits for a `koryu worker` run elsewhere; `--batch` runs it."""
    db = tmp_path / "served.sqlite3"
    env = _env(tmp_path)
    _queue_upload(db, env)
    process = _serve(db, env, "--no-worker")
    try:
        wait_for_line(process, "Koryu is serving")
        time.sleep(3)
        assert _state(db)[0] == "queued"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    done = subprocess.run(
        [str(KORYU), "worker", "--db", str(db), "--batch"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert _state(db)[:2] == ("done", 1)


def _children(pid: int, marker: bytes) -> list[int]:
    """The processes whose parent is ``pid`` and whose command line holds ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read()
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        if ppid == pid and marker in cmdline:
            found.append(int(entry))
    return found


def _wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    return condition()


def test_serve_starts_the_worker_again_when_it_dies(tmp_path):
    db = tmp_path / "served.sqlite3"
    env = _env(tmp_path)
    process = _serve(db, env, "--workers", "1")
    marker = b"koryu\x00worker"
    try:
        wait_for_line(process, "Koryu is serving")
        (first,) = _wait_for(lambda: _children(process.pid, marker), 30)
        os.kill(first, signal.SIGKILL)
        second = _wait_for(lambda: [p for p in _children(process.pid, marker) if p != first], 30)
        assert len(second) == 1, "no worker came back"
        # the new worker does the work: an upload queued now is ingested
        _queue_upload(db, env)
        assert _wait_for(lambda: _state(db)[0] == "done", 240), _state(db)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stderr = process.stderr.read()
    assert f"background worker {first} exited" in stderr, stderr
    assert "Traceback" not in stderr, stderr


def test_a_worker_that_keeps_dying_is_restarted_ever_more_slowly():
    from koryu.cli.serve import BackgroundWorker

    class Dead:
        pid, returncode = 1, -9

        def poll(self):
            return self.returncode

    now = [0.0]
    started = []

    def start():
        started.append(now[0])
        return Dead()

    background = BackgroundWorker(start=start, clock=lambda: now[0])
    for _ in range(400):  # the master loop's ticks, one a second
        now[0] += 1
        background.keep_running()
    # 1, 2, 4, 8, 16, 32, then every 60 s
    assert [round(b - a) for a, b in zip(started, started[1:], strict=False)][:8] == [
        2, 3, 5, 9, 17, 33, 61, 61
    ]  # fmt: skip
