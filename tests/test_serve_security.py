"""Issue 15 item 7: `koryu serve` refuses debug pages and a known secret key unless
--insecure-dev; outside debug the session and CSRF cookies are Secure and HttpOnly."""

from __future__ import annotations

import os
import signal
import subprocess

from django.contrib.auth.models import User

from test_serve import KORYU, free_port, wait_for_line


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KORYU_")}
    return {**env, **extra}


def test_serve_refuses_debug_and_the_development_key(tmp_path):
    db = str(tmp_path / "x.sqlite3")
    cases = [
        (_env(KORYU_DEBUG="1"), "KORYU_DEBUG=1"),
        (_env(KORYU_SECRET_KEY="koryu-development-key-change-me-in-production"), "development"),
        (_env(KORYU_SECRET_KEY="short"), "shorter than 32"),
    ]
    for env, words in cases:
        refused = subprocess.run(
            [str(KORYU), "serve", "--db", db, "--port", str(free_port()), "--no-worker"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert refused.returncode == 1, refused.stderr
        assert "refusing to serve" in refused.stderr and words in refused.stderr
        assert "--insecure-dev" in refused.stderr and "Koryu is serving" not in refused.stdout


def test_insecure_dev_serves_anyway_with_a_warning(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [str(KORYU), "serve", "--db", str(tmp_path / "x.sqlite3"), "--port", str(port)]
        + ["--insecure-dev", "--workers", "1", "--no-worker"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(KORYU_DEBUG="1"),
    )
    try:
        wait_for_line(process, "Koryu is serving")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "WARNING (--insecure-dev): KORYU_DEBUG=1" in process.stderr.read()


def test_cookies_are_secure_and_http_only_outside_debug(db, client):
    User.objects.create_user("alice", password="a long passphrase 42")
    form = client.get("/accounts/login/")
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    signed_in = client.post(
        "/accounts/login/",
        {"username": "alice", "password": "a long passphrase 42"},
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert form["X-Frame-Options"] == "DENY"
