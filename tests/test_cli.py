"""The `koryu` command end to end, in a subprocess, on a fresh database of the suite's kind
(a temp SQLite file; a throwaway PostgreSQL database when the suite runs on PostgreSQL)."""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from conftest import SEEDS

KORYU = [sys.executable, "-m", "koryu"]


@pytest.fixture
def db_url(tmp_path):
    engine = settings.DATABASES["default"]["ENGINE"]
    if not engine.endswith("postgresql"):
        yield str(tmp_path / "cli.sqlite3")
        return
    import psycopg

    cfg = settings.DATABASES["default"]
    name = f"koryu_cli_{uuid.uuid4().hex[:10]}"
    admin = f"postgresql://{cfg['USER']}@{cfg['HOST']}:{cfg['PORT']}/{cfg['NAME']}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://{cfg['USER']}@{cfg['HOST']}:{cfg['PORT']}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def koryu(*args, check=True):
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        KORYU + list(args), capture_output=True, text=True, env=env, timeout=300
    )
    if check and result.returncode != 0:
        raise AssertionError(f"koryu {args} exited {result.returncode}:\n{result.stderr}")
    return result


@pytest.fixture
def seeds(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def test_ingest_seeds_then_reingest_is_all_unchanged(seeds, db_url):
    first = koryu("ingest", str(seeds), "--db", db_url)
    assert first.stdout.count("inserted ") == 5, first.stdout
    assert "5 documents: 5 inserted, 0 updated, 0 unchanged, 0 failed" in first.stdout
    second = koryu("ingest", str(seeds), "--db", db_url, "--json")
    report = json.loads(second.stdout)
    assert [d["status"] for d in report["documents"]] == ["unchanged"] * 5
    assert report["totals"]["records_inserted"] == 0
    assert report["totals"]["records_unchanged"] > 0


def test_changed_document_replaces_its_records(seeds, db_url):
    koryu("ingest", str(seeds), "--db", db_url)
    before = json.loads(koryu("export", "--format", "json", "--db", db_url).stdout)["records"]
    card_file = next(seeds.glob("003_*.txt"))
    text = card_file.read_text(encoding="utf-8")
    # Drop the last card and its index line: the new version no longer says it. (Without
    # the index line the reader would refuse the document as cut short.)
    entry = re.search(r"\n25\.\s", text).start()  # the index line: "25.<TAB>…"
    text = text[:entry] + text[text.index("\n", entry + 1) :]
    last = text.rindex("\n25. ")
    card_file.write_text(text[:last] + "\n", encoding="utf-8")
    out = json.loads(
        koryu("ingest", str(card_file), "--db", db_url, "--json", "--allow-deletions").stdout
    )
    doc = out["documents"][0]
    assert (doc["status"], doc["deleted"], doc["inserted"]) == ("updated", 1, 0)
    after = json.loads(koryu("export", "--format", "json", "--db", db_url).stdout)["records"]
    assert len(after) == len(before) - 1
    assert {r["id"] for r in after} < {r["id"] for r in before}  # ids of kept records are stable


def test_export_json_contract(seeds, db_url):
    koryu("ingest", str(seeds), "--db", db_url)
    data = json.loads(koryu("export", "--format", "json", "--db", db_url).stdout)
    records = data["records"]
    assert {r["kind"] for r in records} == {
        "agreement",
        "network",
        "event",
        "delegation",
        "program",
    }
    required = {
        "id",
        "kind",
        "title",
        "parties",
        "date",
        "date_start",
        "date_end",
        "date_raw",
        "fiscal_year",
        "agreement_type",
        "sectors",
        "theme",
        "place",
        "participants_count",
        "status",
        "contacts",
        "urls",
        "relisted",
        "source",
    }
    for r in records:
        assert required <= set(r), r["title"]
        assert set(r["source"]) >= {"document", "sha256", "line_start", "line_end"}
        assert 1 <= r["source"]["line_start"] <= r["source"]["line_end"]
        for p in r["parties"]:
            assert {"name", "canonical", "country", "role", "count"} <= set(p)
    sapporo = [r for r in records if r["kind"] == "agreement" and r["date"] == "1996-06-24"]
    assert len(sapporo) == 1
    assert sapporo[0]["date_raw"] == "平成8（1996）年6月24日"
    assert sapporo[0]["source"]["document"].startswith("003_")


def test_export_csv_and_output_file(seeds, db_url, tmp_path):
    koryu("ingest", str(seeds), "--db", db_url)
    out = tmp_path / "all.csv"
    result = koryu("export", "--format", "csv", "--db", db_url, "-o", str(out))
    assert "records written" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows and rows[0]["source_document"]
    assert len(rows) == len(json.loads(koryu("export", "--db", db_url).stdout)["records"])


def test_stats_counts_by_kind(seeds, db_url):
    koryu("ingest", str(seeds), "--db", db_url)
    stats = json.loads(koryu("stats", "--db", db_url, "--format", "json").stdout)
    assert stats["by_kind"]["agreement"] == 25
    assert stats["sources"] == 5
    assert "2011" in stats["by_year"]
    assert sum(stats["by_kind"].values()) == stats["records"]


def test_bad_documents_fail_clearly_and_change_nothing(seeds, db_url, tmp_path):
    koryu("ingest", str(seeds), "--db", db_url)
    before = koryu("export", "--db", db_url).stdout
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.pdf").write_bytes(b"%PDF-1.4\x00\x00\x01\x02" * 100)
    (bad / "empty.txt").write_bytes(b"")
    # text no specific reader claims goes to the generic reader; an image is no document
    (bad / "unknown.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    truncated = bad / "003_truncated.txt"
    card_text = next(seeds.glob("003_*.txt")).read_text(encoding="utf-8")
    truncated.write_text(
        card_text[: card_text.index("(7)", card_text.index("\n2. "))], encoding="utf-8"
    )
    result = koryu("ingest", str(bad), "--db", db_url, check=False)
    assert result.returncode == 1
    for name in ("binary.pdf", "empty.txt", "unknown.txt", "003_truncated.txt"):
        assert f"failed     {name}" in result.stderr, result.stderr
    assert "0 inserted" in result.stdout and "4 failed" in result.stdout
    assert koryu("export", "--db", db_url).stdout == before


def test_cp932_and_euc_jp_documents_read_like_utf8(seeds, db_url, tmp_path):
    # Seed 004 is the one whose characters all exist in CP932 and EUC-JP.
    source = next(seeds.glob("004_*.txt")).read_text(encoding="utf-8")
    for encoding in ("cp932", "euc_jp"):
        folder = tmp_path / encoding
        folder.mkdir()
        data = source.encode(encoding, errors="strict")
        (folder / "series.txt").write_bytes(data)
    (tmp_path / "bom").mkdir()
    (tmp_path / "bom" / "series.txt").write_bytes(b"\xef\xbb\xbf" + source.encode("utf-8"))
    counts = set()
    for folder in ("cp932", "euc_jp", "bom"):
        url = db_url if folder == "cp932" else str(tmp_path / f"{folder}.sqlite3")
        out = json.loads(koryu("ingest", str(tmp_path / folder), "--db", url, "--json").stdout)
        assert out["documents"][0]["status"] == "inserted", out
        counts.add(out["totals"]["records_inserted"])
    assert len(counts) == 1 and counts.pop() >= 10


def test_unknown_format_option_is_a_usage_error(seeds, db_url):
    result = koryu("ingest", str(seeds), "--db", db_url, "--format", "pdf", check=False)
    assert result.returncode != 0
    assert "unknown format 'pdf'" in result.stderr


def test_help_lists_every_command():
    out = koryu("--help").stdout
    for name in ("ingest", "export", "stats", "check", "resolve"):
        assert name in out


def test_docs_describe_every_command_and_option():
    """A command or option missing from docs/cli.md fails here (as Datasette's test_docs)."""
    from koryu.cli import main

    doc = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"## koryu {name}" in doc, f"docs/cli.md lacks a section for `koryu {name}`"
        # a group's subcommands (koryu user add, koryu review list...) are documented too
        commands = [(name, command)] + [
            (f"{name} {sub}", c) for sub, c in getattr(command, "commands", {}).items()
        ]
        for full, each in commands:
            if full != name:
                assert f"koryu {full}" in doc, f"docs/cli.md does not mention `koryu {full}`"
            for param in each.params:
                for opt in getattr(param, "opts", []):
                    if opt.startswith("--"):
                        assert opt in doc, f"docs/cli.md does not mention {opt} of `koryu {full}`"


def test_resolve_json_contract():
    out = json.loads(koryu("resolve", "Касивадзаки", "--format", "json").stdout)
    assert out["status"] == "resolved"
    best = out["candidates"][0]
    keys = {
        "id",
        "name",
        "names",
        "country",
        "code",
        "parent",
        "lat",
        "lon",
        "valid_from",
        "valid_to",
        "successor",
        "confidence",
        "reason",
    }
    assert keys <= set(best)
    assert set(best["names"]) == {"ja", "en", "ru", "zh", "ko"}
    assert (best["code"], best["country"], best["reason"]) == ("152056", "JP", "transliteration")
    assert best["names"]["ja"] == "柏崎市"


def test_resolve_merged_town_points_to_its_successor():
    out = json.loads(koryu("resolve", "本荘市", "--date", "1995-07-28", "--format", "json").stdout)
    best = out["candidates"][0]
    assert best["reason"] == "historical" and best["valid_to"]
    assert best["successor_code"] == "052108"  # 由利本荘市


def test_resolve_ambiguous_name_lists_candidates_without_guessing():
    out = json.loads(koryu("resolve", "府中市", "--format", "json", check=False).stdout)
    assert out["status"] == "ambiguous"
    assert {c["code"] for c in out["candidates"]} >= {"132063", "342084"}


def test_resolve_rejects_a_bad_country_code():
    result = koryu("resolve", "Tamworth", "--country", "Australia", check=False)
    assert result.returncode == 2 and "two-letter" in result.stderr


def test_check_lists_findings_with_sources(seeds, db_url):
    koryu("ingest", str(seeds), "--db", db_url)
    out = json.loads(koryu("check", "--db", db_url, "--format", "json").stdout)
    codes = out["counts"]
    assert codes.get("index-party-differs", 0) >= 1  # 三戸市 in the index, 三戸町 on the card
    for issue in out["issues"]:
        assert issue["sources"], issue
        assert all(s["document"] for s in issue["sources"])
    sannohe = [
        i
        for i in out["issues"]
        if i["code"] == "index-party-differs"
        and "三戸" in json.dumps(i["detail"], ensure_ascii=False)
    ]
    assert sannohe and sannohe[0]["sources"][0]["document"].startswith("003_")


def test_oversized_document_is_refused_by_the_configured_limit(seeds, db_url, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(next(seeds.glob("003_*.txt")).read_bytes() * 40)  # about 1.8 MB
    env_limit = {"KORYU_MAX_UPLOAD_MB": "1"}
    result = subprocess.run(
        KORYU + ["ingest", str(big), "--db", db_url],
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}, **env_limit},
        timeout=300,
    )
    assert result.returncode == 1
    assert "oversized upload" in result.stderr and "big.txt" in result.stderr
