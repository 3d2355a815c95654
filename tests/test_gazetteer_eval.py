"""The entity-resolution evaluation set: well-formed, reproducible, and met by the resolver."""

import csv
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SET_PATH = ROOT / "tests" / "data" / "resolution_set.tsv"
LANGS = {"ja", "en", "ru", "zh", "ko"}
EXPECTED = re.compile(
    r"^(\d{6}|gn:\d+|adm:[A-Z]{2}-[A-Z0-9]{1,3}|cc:[A-Z]{2}|body:[a-z]+|AMBIGUOUS|NONE)$"
)


def _benchmark(name: str):
    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _rows() -> list[dict[str, str]]:
    with SET_PATH.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_set_is_well_formed():
    rows = _rows()
    assert len(rows) >= 300
    for r in rows:
        assert r["mention"].strip() == r["mention"] != "", r
        assert r["lang"] in LANGS, r
        assert EXPECTED.match(r["expected"]), r
        assert r["context_country"] == "" or re.fullmatch(r"[A-Z]{2}", r["context_country"]), r
        assert r["context_date"] == "" or re.fullmatch(
            r"\d{4}(-\d{2}(-\d{2})?)?", r["context_date"]
        )
    langs = {r["lang"] for r in rows}
    assert langs == LANGS
    assert all(sum(r["lang"] == lang for r in rows) >= 40 for lang in LANGS)
    assert sum(r["note"].startswith("hand") for r in rows) >= 40
    assert {"AMBIGUOUS", "NONE"} <= {r["expected"] for r in rows}
    assert any(r["note"].startswith("historical") and r["context_date"] for r in rows)
    # no mention/context pair is listed twice with different answers
    seen: dict[tuple[str, ...], str] = {}
    for r in rows:
        clues = ("context_lat", "context_lon", "context_settlement")
        k = (r["mention"], r["context_country"], r["context_date"], *(r.get(c) for c in clues))
        assert seen.setdefault(k, r["expected"]) == r["expected"], r


def test_japanese_codes_exist_in_japancode():
    build = _benchmark("build_resolution_set")
    munis, prefs = build.japan_bodies()
    codes = {m["code"] for m in munis} | {p["code"] for p in prefs}
    for r in _rows():
        if r["expected"].isdigit():
            assert r["expected"] in codes, r


@pytest.mark.slow
def test_set_is_reproducible(tmp_path):
    """The TSV is what the builder makes: nobody edited it by hand."""
    build = _benchmark("build_resolution_set")
    out = tmp_path / "set.tsv"
    build.write(build.build(), out)
    assert out.read_text(encoding="utf-8") == SET_PATH.read_text(encoding="utf-8")


def test_scoring_rules():
    quality = _benchmark("resolution_quality")

    class Candidate:
        def __init__(self, id, code=None, successor_id=None):
            self.id, self.code, self.successor_id, self.name = id, code, successor_id, ""

    class Resolution:
        def __init__(self, candidates, status):
            self.candidates, self.status = candidates, status

    answers = {
        "札幌市": Resolution([Candidate("jp:011002", "011002")], "resolved"),
        "本荘市": Resolution([Candidate("jp-old:052051", "052051", "jp:052108")], "resolved"),
        "府中市": Resolution([Candidate("jp:132063"), Candidate("jp:342084")], "ambiguous"),
        "沈阳": Resolution([Candidate("gn:1", None)], "resolved"),
        "Nowhere": Resolution([], "none"),
    }

    class Module:
        @staticmethod
        def resolve(mention, context):
            return answers[mention]

    rows = [
        {"mention": m, "lang": "ja", "context_country": "", "context_date": "", "expected": e}
        for m, e in [
            ("札幌市", "011002"),
            ("本荘市", "052108"),
            ("府中市", "AMBIGUOUS"),
            ("沈阳", "gn:2034937"),
            ("Nowhere", "011002"),
        ]
    ]
    report = quality.run(rows, Module)
    assert (report.answered, report.correct, report.answerable) == (3, 2, 4)
    assert report.precision == pytest.approx(2 / 3)
    assert report.recall == pytest.approx(2 / 4)
    assert [m["mention"] for m in report.misses] == ["沈阳", "Nowhere"]


def test_resolver_meets_targets(tmp_path):
    if importlib.util.find_spec("koryu.gazetteer.resolver") is None:
        pytest.skip("koryu.gazetteer.resolver does not exist yet (a colleague is writing it)")
    from koryu.gazetteer import resolver

    quality = _benchmark("resolution_quality")
    report = quality.run(quality.load_set(SET_PATH), resolver)
    quality.write_misses(report, tmp_path / "misses.tsv")
    misses = "\n".join(
        f"{m['mention']} [{m['lang']}] expected {m['expected']}, got {m['got']}"
        for m in report.misses
    )
    assert report.precision >= 0.98, misses
    assert report.recall >= 0.95, misses
