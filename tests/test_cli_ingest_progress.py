"""`koryu ingest` shows a progress bar (documents, records, rate, time left) on a
terminal, and on a pipe or a log the documents' lines and one summary line with the time
and rate only (issue 16 item 1)."""

import os
import pty
import re
import select
import subprocess

from test_cli import KORYU, db_url, koryu, seeds  # noqa: F401 (fixtures)

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _on_a_terminal(*args) -> tuple[int, str]:
    """Run koryu with stdout and stderr on a pseudo-terminal: (exit code, what it showed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("KORYU_DATABASE_URL",)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(TERM="xterm", COLUMNS="200")
    main, child = pty.openpty()
    proc = subprocess.Popen(KORYU + list(args), stdout=child, stderr=child, env=env)
    os.close(child)
    shown = b""
    while True:
        ready, _, _ = select.select([main], [], [], 300)
        if not ready:
            proc.kill()
            raise AssertionError("koryu ingest did not finish on the terminal")
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return proc.wait(timeout=60), ANSI.sub("", shown.decode("utf-8", "replace"))


def test_a_terminal_gets_a_progress_bar(seeds, db_url):  # noqa: F811
    code, shown = _on_a_terminal("ingest", str(seeds), "--db", db_url)
    assert code == 0, shown
    bar = re.search(r"ingesting .*?(\d+)/5 documents, (\d+) records, [\d.]+ documents/s", shown)
    assert bar, shown
    assert "left" in shown
    assert re.search(r"5 documents: 5 inserted, .*; [\d.]+ s, [\d.]+ documents/s", shown)


def test_a_pipe_gets_the_lines_and_one_summary_line(seeds, db_url):  # noqa: F811
    out = koryu("ingest", str(seeds), "--db", db_url)
    assert "ingesting" not in out.stdout + out.stderr and "\x1b[" not in out.stdout + out.stderr
    lines = out.stdout.strip().splitlines()
    assert sum(line.startswith("inserted ") for line in lines) == 5
    assert re.fullmatch(r"5 documents: 5 inserted, .*; [\d.]+ s, [\d.]+ documents/s", lines[-1])
