"""Entity-resolution quality on tests/data/resolution_set.tsv.

Runs koryu.gazetteer.resolver.resolve over every mention and prints precision
(correct / answered), recall (correct / answerable), counts per language and mentions per
second. The misses (wrong answers, unanswered answerable mentions, answers where
AMBIGUOUS or NONE was expected) go to benchmarks/results/resolution_misses.tsv.

Optional columns give the other clues a document carries: ``context_lat``/``context_lon``
(where the document places the mention) and ``context_settlement`` (1: the mention comes
from a list of city pairs).

Scoring: an expected 6-digit code is met by a candidate whose local government code is
that code, or whose successor has it (本荘市 in 1995 -> 由利本荘市). "gn:", "adm:" and "cc:"
ids must equal the candidate's id. AMBIGUOUS and NONE are met by not answering.

Run: .venv/bin/python benchmarks/resolution_quality.py [--set PATH] [--misses PATH]
"""

from __future__ import annotations

import argparse
import csv
import inspect
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SET_PATH = ROOT / "tests" / "data" / "resolution_set.tsv"
MISSES_PATH = ROOT / "benchmarks" / "results" / "resolution_misses.tsv"
ABSTAIN = {"AMBIGUOUS", "NONE"}


@dataclass
class Report:
    total: int = 0
    answerable: int = 0
    answered: int = 0
    correct: int = 0  # right answers (a subset of answered)
    correct_answerable: int = 0  # right answers to answerable mentions
    seconds: float = 0.0
    by_lang: dict[str, Counter] = field(default_factory=dict)
    misses: list[dict[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def recall(self) -> float:
        return self.correct_answerable / self.answerable if self.answerable else 0.0


def load_set(path: Path = SET_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _identifiers(candidate) -> set[str]:
    """Every id a candidate can be scored by: its id, its code, its successor's."""
    found = set()
    for attr in ("id", "code", "successor_id", "successor_code"):
        value = getattr(candidate, attr, None)
        if value:
            found.add(str(value))
            if ":" in str(value) and str(value).split(":", 1)[0] in ("jp", "jp-old"):
                found.add(str(value).split(":", 1)[1])
    return found


def _chosen(resolution):
    """The single candidate the resolver committed to, or None when it abstained."""
    if resolution is None:
        return None
    status = getattr(resolution, "status", None)
    if status is not None and str(status).lower() not in ("resolved", "matched", "ok", "unique"):
        return None
    if getattr(resolution, "ambiguous", False):
        return None
    for attr in ("best", "entry", "match"):
        value = getattr(resolution, attr, None)
        if value is not None and not callable(value):
            return value
    candidates = list(getattr(resolution, "candidates", None) or [])
    return candidates[0] if len(candidates) == 1 or status is not None else None


def _make_caller(resolver_module):
    """Adapt to the resolver's context type: a Context class if there is one, else kwargs."""
    resolve = resolver_module.resolve
    context_cls = getattr(resolver_module, "Context", None) or getattr(
        resolver_module, "ResolutionContext", None
    )

    params = inspect.signature(context_cls).parameters if context_cls is not None else {}

    def call(mention: str, country: str, date: str, clues: dict | None = None):
        if context_cls is not None:
            kwargs = {}
            for name in ("country", "context_country", "country_code"):
                if name in params and country:
                    kwargs[name] = country
            for name in ("date", "context_date", "as_of"):
                if name in params and date:
                    kwargs[name] = date
            for name, value in (clues or {}).items():  # coordinates, a list of cities
                if name in params:
                    kwargs[name] = value
            return resolve(mention, context_cls(**kwargs))
        return resolve(mention, {"country": country or None, "date": date or None})

    return call


def clues(row: dict[str, str]) -> dict:
    """The optional clue columns: the document's coordinates and "a list of cities"."""
    out: dict = {}
    if row.get("context_lat") and row.get("context_lon"):
        out["lat"], out["lon"] = float(row["context_lat"]), float(row["context_lon"])
    if row.get("context_settlement") == "1":
        out["settlement"] = True
    return out


def _describe(candidate) -> str:
    if candidate is None:
        return ""
    ident = getattr(candidate, "id", "?")
    name = getattr(candidate, "name", "")
    return f"{ident} {name}".strip()


def run(rows: list[dict[str, str]], resolver_module) -> Report:
    call = _make_caller(resolver_module)
    report = Report()
    start = time.perf_counter()
    results = [call(r["mention"], r["context_country"], r["context_date"], clues(r)) for r in rows]
    report.seconds = time.perf_counter() - start
    for r, resolution in zip(rows, results, strict=True):
        expected = r["expected"]
        chosen = _chosen(resolution)
        answerable = expected not in ABSTAIN
        counts = report.by_lang.setdefault(r["lang"], Counter())
        counts["total"] += 1
        report.total += 1
        if answerable:
            report.answerable += 1
        ok = (
            (chosen is None)
            if not answerable
            else (chosen is not None and expected in _identifiers(chosen))
        )
        if chosen is not None:
            report.answered += 1
            counts["answered"] += 1
            if ok:
                report.correct += 1
        if ok:
            counts["correct"] += 1
            if answerable:
                report.correct_answerable += 1
        else:
            candidates = list(getattr(resolution, "candidates", None) or [])[:5]
            report.misses.append(
                {
                    **r,
                    "got": _describe(chosen) or "(no answer)",
                    "candidates": " | ".join(_describe(c) for c in candidates),
                }
            )
    return report


def write_misses(report: Report, path: Path = MISSES_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = [
        "mention", "lang", "context_country", "context_date", "expected", "got", "candidates", "note",
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(
            f, columns, delimiter="\t", lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(report.misses)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=SET_PATH)
    parser.add_argument("--misses", type=Path, default=MISSES_PATH)
    args = parser.parse_args(argv)

    from koryu.gazetteer import resolver  # imported here: building it is what we time

    rows = load_set(args.set)
    _make_caller(resolver)("札幌市", "", "")  # load the gazetteer outside the timing
    report = run(rows, resolver)
    write_misses(report, args.misses)
    print(f"mentions      {report.total} ({report.answerable} answerable)")
    print(f"answered      {report.answered}")
    print(f"precision     {report.precision:.3f}  (correct / answered)")
    print(f"recall        {report.recall:.3f}  (correct / answerable)")
    print(f"speed         {report.total / report.seconds:,.0f} mentions/s")
    for lang, counts in sorted(report.by_lang.items()):
        print(
            f"  {lang}: {counts['correct']}/{counts['total']} right, {counts['answered']} answered"
        )
    print(f"misses        {len(report.misses)} -> {args.misses}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
