"""benchmarks/extraction_quality.py scores like the judging scorer and splits the figures correctly.

A stand-in for the CLI (ingest remembers the document, export prints records prepared for it) keeps
this independent of how well the readers read; the judging scorer itself is imported from
../shared/tools as the benchmark does.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "extraction_quality.py"
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"

pytestmark = pytest.mark.skipif(
    not SCORER.exists(), reason="the judging scorer (../shared/tools) is not beside the repository"
)

FAKE_KORYU = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    args = sys.argv[1:]
    db = Path(args[args.index("--db") + 1])
    if args[0] == "ingest":
        db.write_text(Path(args[1]).name)
        sys.exit(0 if "broken" not in args[1] else 1)
    predictions = json.loads(Path(__file__).with_name("predictions.json").read_text())
    print(json.dumps({"records": predictions.get(db.read_text(), [])}))
    """
)


def agreement(home, partner, date, atype="sister"):
    return {
        "kind": "agreement",
        "parties": [{"name": home, "country": "JP"}, {"name": partner, "country": "US"}],
        "date": date,
        "agreement_type": atype,
    }


def load_benchmark():
    spec = importlib.util.spec_from_file_location("extraction_quality", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def corpus(tmp_path):
    docs, truth = tmp_path / "docs", tmp_path / "truth"
    docs.mkdir()
    truth.mkdir()
    (docs / "ja_list.html").write_text("<table></table>")
    (docs / "en_news.txt").write_text("news")
    (docs / "ru_broken.pdf").write_bytes(b"%PDF-")
    (docs / "ko_no_truth.txt").write_text("not annotated: ignored")
    visit = {
        "kind": "delegation",
        "parties": [{"name": "Sendai", "country": "JP"}, {"name": "Riverside", "country": "US"}],
        "date": "2017-10",
        "participants_count": 12,
    }
    (truth / "ja_list.json").write_text(
        json.dumps(
            [
                agreement("Sapporo", "Portland", "1959-11-17"),
                agreement("Sapporo", "Munich", "1972-08-28"),
            ]
        )
    )
    (truth / "en_news.json").write_text(
        json.dumps(
            [visit, agreement("Riverside", "Sendai", "1957", "friendship") | {"secondary": True}]
        )
    )
    (truth / "ru_broken.json").write_text(
        json.dumps([agreement("Khabarovsk", "Portland", "1988-06-10")])
    )
    predictions = {
        "ja_list.html": [
            agreement("Sapporo", "Portland", "1959-11-17"),
            agreement("Sapporo", "Munich", "1972"),
            agreement("Sapporo", "Shenyang", "1980"),
        ],
        "en_news.txt": [visit | {"participants_count": 13}],
    }
    (tmp_path / "predictions.json").write_text(json.dumps(predictions))
    (tmp_path / "fake_koryu.py").write_text(FAKE_KORYU)
    manifest = {
        "ja_list.html": {"language": "ja", "filetype": "html"},
        "en_news.txt": {"language": "en", "filetype": "txt"},
        "ru_broken.pdf": {"language": "ru", "filetype": "pdf"},
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return tmp_path


def run(corpus, *extra):
    out = corpus / "result.json"
    args = [
        "--docs",
        str(corpus / "docs"),
        "--truth",
        str(corpus / "truth"),
        "--manifest",
        str(corpus / "manifest.json"),
        "--koryu",
        f"{sys.executable} {corpus / 'fake_koryu.py'}",
        "--out",
        str(out),
        "--jobs",
        "2",
        "--exact",
        *extra,
    ]
    assert load_benchmark().main(args) == 0
    return json.loads(out.read_text())


def test_totals_and_splits(corpus):
    r = run(corpus)
    o = r["overall"]
    assert (o["docs"], o["truth"], o["pred"], o["matched"], o["ingest_errors"]) == (3, 4, 4, 3, 1)
    assert o["precision"] == 0.75 and o["recall"] == 0.75
    # 9 fields compared: 1972 vs 1972-08-28 and head count 13 vs 12 are wrong, the rest right
    assert (o["fields_ok"], o["fields_all"]) == (7, 9)
    assert r["by_language"]["ja"]["matched"] == 2 and r["by_language"]["ru"]["recall"] == 0.0
    assert r["by_filetype"]["txt"]["precision"] == 1.0 and r["by_filetype"]["pdf"]["docs"] == 1
    assert r["by_kind"]["agreement"]["pred"] == 3 and r["by_kind"]["agreement"]["truth"] == 3
    assert r["by_kind"]["delegation"]["matched"] == 1
    assert r["wrong_fields"] == {"date": 1, "participants_count": 1}
    assert "ko_no_truth.txt" not in r["docs"]
    assert r["docs"]["ru_broken.pdf"]["ingest_rc"] == 1


def test_only_and_the_scorers_own_totals(corpus):
    r = run(corpus, "--only", "ja_", "--verify")
    assert list(r["docs"]) == ["ja_list.html"]
    assert r["verify"]["equal"] is True
