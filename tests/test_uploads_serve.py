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


def test_serve_runs_the_upload_worker(tmp_path):
    db = tmp_path / "served.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    env["KORYU_UPLOAD_DIR"] = str(tmp_path / "kept")
    queued = subprocess.run(
        [sys.executable, "-c", QUEUE, str(db), str(REPO / "tests/fixtures/case_cards_small.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert queued.returncode == 0, queued.stderr
    assert _state(db)[0] == "queued"
    port = free_port()
    process = subprocess.Popen(
        [str(KORYU), "serve", "--db", str(db), "--port", str(port), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
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
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    env["KORYU_UPLOAD_DIR"] = str(tmp_path / "kept")
    subprocess.run(
        [sys.executable, "-c", QUEUE, str(db), str(REPO / "tests/fixtures/case_cards_small.txt")],
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    )
    port = free_port()
    process = subprocess.Popen(
        [str(KORYU), "serve", "--db", str(db), "--port", str(port), "--no-worker"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
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
