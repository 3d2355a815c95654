"""Generic-path reading speed through `koryu ingest` into a fresh SQLite database: text
documents per second (plain text, HTML, CSV, DOCX, XLSX no specific reader claims) and PDF
pages per second.

    .venv/bin/python benchmarks/reader_speed.py [--documents 300] [--pdf-pages 40]
        [--jobs 1] [--baseline OTHER_CHECKOUT/src]

Documents are generated with random.Random(42) in the five languages: a title, paragraphs
of partner-city news and a table of partners. The PDF is printed by Debian's chromium
from generated HTML (several pages, a ruled table on each). Each run ingests into a fresh
SQLite database in a child process (`ingest_paths`, as `koryu ingest` does). Targets:
≥ 50 text documents/s and ≥ 5 PDF pages/s.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

CITIES = {
    "ja": (["札幌市", "旭川市", "新潟市", "北九州市", "横浜市"], "{a}と{b}は{y}年に姉妹都市提携を結びました。",
           ["都市名", "国名", "提携日"]),
    "zh": (["沈阳市", "大连市", "天津市", "上海市", "哈尔滨市"], "{a}与{b}于{y}年缔结友好城市关系。",
           ["中方城市", "日方城市", "结好时间"]),
    "ko": (["부산광역시", "서울특별시", "인천광역시", "대구광역시"], "{a}와 {b}는 {y}년 자매도시 협정을 체결하였습니다.",
           ["도시", "상대 도시", "교류체결일"]),
    "ru": (["Владивосток", "Хабаровск", "Иркутск", "Находка"], "{a} и {b} стали городами-побратимами в {y} году.",
           ["Город", "Город-побратим", "Дата"]),
    "en": (["Portland", "Munich", "Seattle", "Melbourne"], "{a} and {b} became sister cities in {y}.",
           ["City", "Partner", "Since"]),
}  # fmt: skip


def document(rng: random.Random, lang: str) -> tuple[str, list[str], list[list[str]]]:
    names, sentence, header = CITIES[lang]
    paragraphs = []
    rows = [header]
    for _ in range(rng.randint(3, 8)):
        a, b = rng.sample(names, 2)
        year = rng.randint(1955, 2020)
        paragraphs.append(sentence.format(a=a, b=b, y=year) * rng.randint(1, 4))
        rows.append([a, b, str(year)])
    return f"{names[0]} {header[0]}", paragraphs, rows


def write_documents(folder: Path, n: int) -> dict[str, int]:
    from docx import Document as Docx
    from openpyxl import Workbook

    rng = random.Random(42)
    kinds = ["txt", "html", "csv", "docx", "xlsx"]
    counts: dict[str, int] = {}
    for i in range(n):
        lang = rng.choice(list(CITIES))
        kind = kinds[i % len(kinds)]
        title, paragraphs, rows = document(rng, lang)
        path = folder / f"doc{i:05d}_{lang}.{kind}"
        if kind == "txt":
            table = "\n".join("\t".join(r) for r in rows)
            path.write_text(f"{title}\n\n" + "\n\n".join(paragraphs) + f"\n\n{table}\n", "utf-8")
        elif kind == "html":
            cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            path.write_text(
                f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
                f"<body><nav><a href='/'>Home</a></nav><main><h1>{title}</h1>{body}"
                f"<table>{cells}</table></main><footer>©</footer></body></html>",
                "utf-8",
            )
        elif kind == "csv":
            path.write_text("\n".join(",".join(r) for r in rows) + "\n", "utf-8")
        elif kind == "docx":
            doc = Docx()
            doc.add_heading(title, 1)
            for p in paragraphs:
                doc.add_paragraph(p)
            table = doc.add_table(rows=len(rows), cols=3)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            doc.save(path)
        else:
            book = Workbook()
            for row in rows:
                book.active.append(row)
            book.save(path)
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def write_pdf(folder: Path, pages: int) -> Path:
    rng = random.Random(42)
    parts = []
    for page in range(pages):
        lang = list(CITIES)[page % len(CITIES)]
        title, paragraphs, rows = document(rng, lang)
        cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        parts.append(f"<section style='page-break-after:always'><h2>{title}</h2>{body}"
                     f"<table>{cells}</table></section>")  # fmt: skip
    html = folder / "pdf.html"
    html.write_text(
        "<html><head><meta charset='utf-8'><style>td{border:1px solid #000}"
        "table{border-collapse:collapse}</style></head><body>" + "".join(parts) + "</body></html>",
        "utf-8",
    )
    pdfs = folder / "pdf"
    pdfs.mkdir()
    target = pdfs / "partners.pdf"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={target}", html.as_uri()],
        check=True, capture_output=True,
    )  # fmt: skip
    html.unlink()
    return target


def child(db: str, folder: str, jobs: int = 1, src: str = "") -> None:
    sys.path.insert(0, src or str(ROOT / "src"))
    from koryu import runtime

    runtime.configure(db)
    from koryu.catalog.importer import ingest_paths
    from koryu.readers import read_path

    # start-up (language model, gazetteer, analysers load on first use) is timed apart
    start = time.perf_counter()
    for path in sorted(Path(folder).iterdir())[:5]:
        read_path(path)
    startup = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    report = ingest_paths([folder], jobs=jobs)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    totals = report.totals()
    formats: dict[str, int] = {}
    for doc in report.documents:
        formats[doc.format or "-"] = formats.get(doc.format or "-", 0) + 1
    print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "startup_s": startup, "totals": totals, "formats": formats,
                      "errors": [d.error for d in report.failed][:5]}))  # fmt: skip


def stages(folder: Path) -> dict:
    """Seconds for the same files through the reading layer alone: text extraction
    (file types), then extraction + the chosen reader (read_path), in this process."""
    from koryu.readers import read_path
    from koryu.readers.filetypes import extract

    files = sorted(p for p in folder.iterdir() if p.is_file())
    read_path(files[0])  # loads the language model, the gazetteer...: not per document
    start = time.perf_counter()
    for path in files:
        extract(path.read_bytes(), path.name)
    extracted = time.perf_counter() - start
    start = time.perf_counter()
    for path in files:
        read_path(path)
    return {"extract_s": extracted, "read_s": time.perf_counter() - start, "files": len(files)}


def run(folder: Path, tmp: Path, label: str, jobs: int = 1, src: Path | None = None) -> dict:
    db = str(tmp / f"{label}.sqlite3")
    Path(db).unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", db, str(folder), str(jobs), str(src or "")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"{label} run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--pdf-pages", type=int, default=40)
    parser.add_argument(
        "--jobs", type=int, default=1, help="reader processes (`koryu ingest -j N`)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout's src folder: its text run is measured right after this one's",
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]), args.child[3])
        return
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory(prefix="koryu-readers-") as tmp_name:
        tmp = Path(tmp_name)
        docs = tmp / "docs"
        docs.mkdir()
        counts = write_documents(docs, args.documents)
        pdf = write_pdf(tmp, args.pdf_pages)
        import pypdfium2

        opened = pypdfium2.PdfDocument(pdf.read_bytes())
        pages = len(opened)
        opened.close()
        text_stages = stages(docs)
        pdf_stages = stages(pdf.parent)
        text_run = run(docs, tmp, "text", args.jobs)
        baseline = run(docs, tmp, "old", args.jobs, args.baseline) if args.baseline else None
        pdf_run = run(pdf.parent, tmp, "pdf")
    result = {
        "text_stages": text_stages,
        "pdf_stages": pdf_stages,
        "documents": counts,
        "jobs": args.jobs,
        "text_documents_per_s": round(args.documents / text_run["seconds"], 1),
        "text": text_run,
        "pdf_pages": pages,
        "pdf_pages_per_s": round(pages / pdf_run["seconds"], 1),
        "pdf": pdf_run,
    }
    print(
        f"text documents: {args.documents} ({', '.join(f'{n} {k}' for k, n in counts.items())}) "
        f"with -j{args.jobs} in {text_run['seconds']:.1f} s (after {text_run['startup_s']:.1f} s start-up) = "
        f"{result['text_documents_per_s']} documents/s "
        f"(target 50; {args.documents / text_run['cpu_seconds']:.1f} per CPU second: the "
        f"machine may be shared); readers {text_run['formats']}; "
        f"failed {text_run['totals']['failed']}"
    )
    print(
        f"PDF: {pages} pages in {pdf_run['seconds']:.1f} s = {result['pdf_pages_per_s']} pages/s "
        f"(target 5; {pages / pdf_run['cpu_seconds']:.1f} per CPU second); "
        f"failed {pdf_run['totals']['failed']}"
    )
    if baseline:
        result["baseline_text_documents_per_s"] = round(args.documents / baseline["seconds"], 1)
        print(
            f"baseline ({args.baseline}): {result['baseline_text_documents_per_s']} documents/s "
            f"({args.documents / baseline['cpu_seconds']:.1f} per CPU second); new/old "
            f"x{result['text_documents_per_s'] / result['baseline_text_documents_per_s']:.2f}"
        )
    n = args.documents
    print(
        f"reading layer alone: text extraction {n / text_stages['extract_s']:.0f} documents/s, "
        f"+ reader {n / text_stages['read_s']:.1f} documents/s; PDF extraction "
        f"{pages / pdf_stages['extract_s']:.1f} pages/s, + reader "
        f"{pages / pdf_stages['read_s']:.1f} pages/s; the rest of ingest is the database"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reader_speed.json").write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
