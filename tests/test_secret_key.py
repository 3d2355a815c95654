"""SECRET_KEY: from the environment, else generated on first run and kept beside the
database; `koryu serve` warns loudly on the development key (issue 14 item 7)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest


def _settings_key(env: dict, cwd) -> str:
    code = "import koryu.settings as s; print(s.SECRET_KEY); print(s.SECRET_KEY_SOURCE)"
    base = {k: v for k, v in os.environ.items() if not k.startswith("KORYU_")}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, cwd=cwd,
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return result.stdout.split("\n")[:2]


def test_a_key_is_made_once_beside_the_sqlite_file_and_kept(tmp_path):
    db = tmp_path / "cat.sqlite3"
    env = {"KORYU_DATABASE_URL": str(db), "KORYU_CACHE_DIR": str(tmp_path / "cache")}
    key, source = _settings_key(env, tmp_path)
    assert source == f"{db}.secret" and len(key) >= 50
    assert "development" not in key
    assert stat.S_IMODE(os.stat(source).st_mode) == 0o600
    assert _settings_key(env, tmp_path) == [key, source]  # kept across runs
    other, _ = _settings_key({**env, "KORYU_DATABASE_URL": str(tmp_path / "b.sqlite3")}, tmp_path)
    assert other != key


def test_the_environment_wins(tmp_path):
    env = {"KORYU_DATABASE_URL": str(tmp_path / "c.sqlite3"), "KORYU_SECRET_KEY": "k" * 60}
    assert _settings_key(env, tmp_path) == ["k" * 60, "environment"]
    assert not (tmp_path / "c.sqlite3.secret").exists()


def test_a_server_database_keeps_its_key_in_the_cache_folder(tmp_path):
    env = {
        "KORYU_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "KORYU_CACHE_DIR": str(tmp_path / "cache"),
    }
    key, source = _settings_key(env, tmp_path)
    assert source.startswith(str(tmp_path / "cache" / "secret-key-")) and len(key) >= 50


def test_serve_refuses_the_development_key_and_debug_unless_insecure_dev(capsys):
    """Issue 15 item 7: a known key or debug pages stop `koryu serve`; --insecure-dev
    serves anyway, with a warning for each."""
    import click
    from django.conf import settings as django_settings

    from koryu.cli.serve import refuse_insecure

    class Dev:
        SECRET_KEY = DEVELOPMENT_SECRET_KEY = django_settings.DEVELOPMENT_SECRET_KEY
        DEBUG = False

    class Debug:
        SECRET_KEY = "k" * 50
        DEVELOPMENT_SECRET_KEY = django_settings.DEVELOPMENT_SECRET_KEY
        DEBUG = True

    class Short(Debug):
        SECRET_KEY, DEBUG = "secret", False

    for unsafe, words in ((Dev, "development key"), (Debug, "KORYU_DEBUG"), (Short, "shorter")):
        with pytest.raises(click.ClickException) as refused:
            refuse_insecure(unsafe, insecure_dev=False)
        assert words in refused.value.message and "--insecure-dev" in refused.value.message
        refuse_insecure(unsafe, insecure_dev=True)
        assert "WARNING (--insecure-dev)" in capsys.readouterr().err
    refuse_insecure(django_settings, insecure_dev=False)  # a generated key, no debug
    assert capsys.readouterr().err == ""
