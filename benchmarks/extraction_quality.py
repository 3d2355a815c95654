"""Extraction quality on the development corpus of documents nobody wrote a reader for (issue 11).

Each document of tests/data/wild/docs is ingested alone into a fresh SQLite database and its records
exported as JSON, as the judging scorer does (../shared/tools/score_extraction.py, imported by path so
its matching rules are the ones applied). By default one Python process per document runs the CLI's
`ingest` then `export` commands on a copy of an empty, migrated database (half the start-up cost of two
processes and no migration per document); --exact runs the scorer's own two commands (--koryu CMD)
on a database that does not exist yet. The scorer's evaluate() is then run per document, and again per
record kind on the records of that kind only; since records of different kinds never match, the
per-kind figures add up to the scorer's totals.

usage: extraction_quality.py [--docs DIR] [--truth DIR] [--manifest FILE] [--only SUBSTR] [--exact]
                             [--koryu CMD] [--scorer FILE] [--jobs N] [--out FILE] [--verify]

Prints record precision, recall, F1 and field accuracy overall, per file type, per language (both from
tests/data/wild/manifest.json) and per kind, and writes them to benchmarks/results/extraction_quality.json.
--verify also runs the scorer's own command line and checks that its totals equal ours.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT / "tests" / "data" / "wild"
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
KINDS = ("agreement", "network", "event", "delegation", "program")
COUNTS = ("truth", "pred", "matched", "matched_required", "fields_ok", "fields_all")


def load_scorer(path: Path):
    if not path.exists():
        sys.exit(f"scorer not found: {path} (expected ../shared/tools beside the repository)")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def environment() -> dict[str, str]:
    env = dict(os.environ)
    src = str(ROOT / "src")
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if src not in paths:
        paths.insert(0, src)
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def documents(docs: Path, truth: Path, only: str | None) -> list[Path]:
    """The scorer's selection: every file of DOCS except .json that has TRUTH/<stem>.json."""
    out = []
    for doc in sorted(x for x in docs.iterdir() if x.is_file() and x.suffix != ".json"):
        if only and only not in doc.name:
            continue
        if (truth / (doc.stem + ".json")).exists():
            out.append(doc)
    return out


def extract(doc: Path, koryu: list[str], env: dict[str, str], timeout: int = 120) -> dict:
    """Ingest one document into a fresh database and export its records with the scorer's commands."""
    with tempfile.TemporaryDirectory(prefix="koryu-eq-") as tmp:
        db = os.path.join(tmp, "eval.sqlite3")
        started = time.perf_counter()
        try:
            ing = subprocess.run(
                koryu + ["ingest", str(doc), "--db", db],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            exp = subprocess.run(
                koryu + ["export", "--format", "json", "--db", db],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.SubprocessError as e:
            return failed(e, started)
        return outcome(ing.returncode, ing.stderr, exp.returncode, exp.stdout, started)


# Runs `koryu ingest DOC --db DB` then `koryu export --format json --db DB` in one process: the CLI
# configures Django once per process for one database, which is all one document needs.
RUNNER = """
import contextlib, io, json, sys
from koryu.cli import main
def run(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main.main(args, prog_name="koryu", standalone_mode=True)
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return code, out.getvalue(), err.getvalue()
doc, db = sys.argv[1], sys.argv[2]
ing = run(["ingest", doc, "--db", db])
exp = run(["export", "--format", "json", "--db", db])
sys.stdout.write(json.dumps({"ingest": ing, "export": exp}))
"""


def extract_fast(doc: Path, template: Path, env: dict[str, str], timeout: int = 240) -> dict:
    """The same two commands in one process, on a copy of an empty migrated database."""
    with tempfile.TemporaryDirectory(prefix="koryu-eq-") as tmp:
        db = os.path.join(tmp, "eval.sqlite3")
        shutil.copyfile(template, db)
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, "-c", RUNNER, str(doc), db],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            res = json.loads(proc.stdout)
        except (subprocess.SubprocessError, json.JSONDecodeError) as e:
            return failed(e, started)
        (ing_rc, _, ing_err), (exp_rc, exp_out, _) = res["ingest"], res["export"]
        return outcome(ing_rc, ing_err, exp_rc, exp_out, started)


def empty_database(directory: Path, env: dict[str, str]) -> Path:
    """An empty database migrated by the CLI itself (export creates and migrates it)."""
    db = directory / "template.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "koryu", "export", "--format", "json", "--db", str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return db


def failed(e: Exception, started: float) -> dict:
    return {
        "pred": [],
        "rc": None,
        "error": f"{type(e).__name__}: {e}",
        "seconds": time.perf_counter() - started,
    }


def outcome(ing_rc: int, ing_err: str, exp_rc: int, exp_out: str, started: float) -> dict:
    try:
        data = json.loads(exp_out) if exp_rc == 0 and exp_out.strip() else []
    except json.JSONDecodeError:
        data = []
    pred = data.get("records", []) if isinstance(data, dict) else data
    return {
        "pred": pred,
        "rc": ing_rc,
        "error": ing_err[-300:] if ing_rc else "",
        "seconds": time.perf_counter() - started,
    }


def rates(c: dict) -> dict:
    recall = c["matched_required"] / c["truth"] if c["truth"] else 0.0
    precision = c["matched"] / c["pred"] if c["pred"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    fields = c["fields_ok"] / c["fields_all"] if c["fields_all"] else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "field_accuracy": round(fields, 3),
        **{k: c[k] for k in COUNTS},
    }


def add(into: dict, r: dict) -> None:
    for k in COUNTS:
        into[k] += r[k]


def zero() -> dict:
    return dict.fromkeys(COUNTS, 0)


def table(title: str, groups: dict[str, dict]) -> str:
    lines = [
        f"\n{title}",
        f"{'':<14}{'docs':>5}{'truth':>7}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}{'fields':>8}",
    ]
    for name, g in groups.items():
        lines.append(
            f"{name:<14}{g.get('docs', ''):>5}{g['truth']:>7}{g['pred']:>6}{g['matched_required']:>7}"
            f"{g['precision']:>7.3f}{g['recall']:>7.3f}{g['f1']:>7.3f}{g['field_accuracy']:>8.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=WILD / "docs")
    ap.add_argument("--truth", type=Path, default=WILD / "truth")
    ap.add_argument("--manifest", type=Path, default=WILD / "manifest.json")
    ap.add_argument("--only", help="substring of document names to evaluate")
    ap.add_argument(
        "--koryu",
        default=f"{shlex.quote(sys.executable)} -m koryu",
        help="CLI command for --exact and --verify",
    )
    ap.add_argument(
        "--exact", action="store_true", help="run the scorer's two commands per document (slower)"
    )
    ap.add_argument("--scorer", type=Path, default=SCORER)
    ap.add_argument("--jobs", type=int, default=4, help="documents extracted in parallel")
    ap.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "extraction_quality.json"
    )
    ap.add_argument(
        "--verify", action="store_true", help="also run the scorer's CLI and compare totals"
    )
    args = ap.parse_args(argv)

    scorer = load_scorer(args.scorer)
    koryu, env = shlex.split(args.koryu), environment()
    manifest = (
        json.loads(args.manifest.read_text(encoding="utf-8")) if args.manifest.exists() else {}
    )
    docs = documents(args.docs, args.truth, args.only)
    if not docs:
        sys.exit(f"no documents with truth in {args.docs}")

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="koryu-eq-") as tmp:
        if args.exact:
            work = lambda d: extract(d, koryu, env)  # noqa: E731
        else:
            template = empty_database(Path(tmp), env)
            work = lambda d: extract_fast(d, template, env)  # noqa: E731
        extracted = {}
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(work, d): d for d in docs}
            for n, future in enumerate(as_completed(futures), 1):
                doc = futures[future]
                extracted[doc] = x = future.result()
                truth = json.loads((args.truth / (doc.stem + ".json")).read_text(encoding="utf-8"))
                r = scorer.evaluate(truth, x["pred"])
                print(
                    f"[{n}/{len(docs)}] {doc.name}: truth {r['truth']} pred {r['pred']} matched "
                    f"{r['matched_required']} fields {r['fields_ok']}/{r['fields_all']} rc {x['rc']} "
                    f"({x['seconds']:.1f} s)",
                    file=sys.stderr,
                    flush=True,
                )
    elapsed = time.perf_counter() - started

    total, per_doc = zero() | {"errors": 0}, {}
    by_type, by_lang, by_kind = defaultdict(zero), defaultdict(zero), {k: zero() for k in KINDS}
    n_type, n_lang = Counter(), Counter()
    wrong_fields = Counter()
    for doc in docs:
        truth = json.loads((args.truth / (doc.stem + ".json")).read_text(encoding="utf-8"))
        x = extracted[doc]
        pred = x["pred"]
        r = scorer.evaluate(truth, pred)
        add(total, r)
        if x["rc"] != 0:
            total["errors"] += 1
        meta = manifest.get(doc.name, {})
        ftype, lang = (
            meta.get("filetype", doc.suffix.lstrip(".")),
            meta.get("language", doc.name.split("_")[0]),
        )
        add(by_type[ftype], r)
        add(by_lang[lang], r)
        n_type[ftype] += 1
        n_lang[lang] += 1
        for kind in {t.get("kind") for t in truth} | {p.get("kind") for p in pred}:
            rk = scorer.evaluate(
                [t for t in truth if t.get("kind") == kind],
                [p for p in pred if p.get("kind") == kind],
            )
            add(by_kind.setdefault(kind, zero()), rk)
        wrong_fields.update(w["field"] for w in r["wrong_fields"])
        per_doc[doc.name] = {
            **{k: r[k] for k in COUNTS},
            "ingest_rc": x["rc"],
            "seconds": round(x["seconds"], 2),
            "ingest_err": x["error"],
            "missed": r["missed"],
            "extra": r["extra"],
            "wrong_fields": r["wrong_fields"][:10],
        }

    kinds_sum = zero()
    for g in by_kind.values():
        add(kinds_sum, g)
    assert kinds_sum == {k: total[k] for k in COUNTS}, "per-kind counts must add up to the totals"

    result = {
        "overall": {"docs": len(docs), "ingest_errors": total["errors"], **rates(total)},
        "by_filetype": {k: {"docs": n_type[k], **rates(v)} for k, v in sorted(by_type.items())},
        "by_language": {k: {"docs": n_lang[k], **rates(v)} for k, v in sorted(by_lang.items())},
        "by_kind": {k: rates(v) for k, v in by_kind.items() if v["truth"] or v["pred"]},
        "wrong_fields": dict(wrong_fields.most_common()),
        "seconds": round(elapsed, 1),
        "docs": per_doc,
    }
    if args.verify:
        result["verify"] = verify(args, total)

    for name, r in per_doc.items():
        print(
            f"{name}: truth {r['truth']} pred {r['pred']} matched {r['matched_required']} "
            f"fields {r['fields_ok']}/{r['fields_all']} rc {r['ingest_rc']}"
        )
    o = result["overall"]
    print(
        f"\nrecords F1 {o['f1']} (P {o['precision']} R {o['recall']}) field accuracy {o['field_accuracy']} "
        f"over {o['docs']} docs, {o['ingest_errors']} ingest errors, {result['seconds']} s"
    )
    print(table("per file type", result["by_filetype"]))
    print(table("per language", result["by_language"]))
    print(table("per kind", result["by_kind"]))
    if wrong_fields:
        print("\nwrong fields: " + ", ".join(f"{k} {v}" for k, v in wrong_fields.most_common()))
    if args.verify:
        print(f"\nscorer CLI totals equal: {result['verify']['equal']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written to {args.out}")
    return 0 if not args.verify or result["verify"]["equal"] else 1


def verify(args, total: dict) -> dict:
    """Run the judging scorer itself on the same documents and compare its totals with ours."""
    with tempfile.TemporaryDirectory(prefix="koryu-eq-") as tmp:
        out = Path(tmp) / "scorer.json"
        cmd = [
            sys.executable,
            str(args.scorer),
            "--project",
            str(ROOT),
            "--docs",
            str(args.docs),
            "--truth",
            str(args.truth),
            "--koryu",
            args.koryu,
            "--json",
            str(out),
        ]
        if args.only:
            cmd += ["--only", args.only]
        subprocess.run(cmd, cwd=ROOT, env=environment(), capture_output=True, text=True, check=True)
        summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    theirs = {k: summary[k] for k in COUNTS}
    return {"equal": theirs == {k: total[k] for k in COUNTS}, "scorer": theirs}


if __name__ == "__main__":
    sys.exit(main())
