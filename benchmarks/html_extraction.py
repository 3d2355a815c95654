"""HTML main-content extraction measured on the real pages of the wild corpus
(tests/data/wild/docs/*.html): Koryu's lxml walk (readers/filetypes/html.py) against
trafilatura, jusText and readability-lxml.

    .venv/bin/python benchmarks/html_extraction.py

Per page and method:
- facts kept: of the party names the hand annotation (tests/data/wild/truth) lists that
  appear in the page's text at all, the share that the extracted text still contains;
- table rows kept whole: of the page's <tr> rows with two or more non-empty cells, the share
  whose cells all appear on one line of the extracted text, in order (a row torn across
  lines, or cells lost to a rowspan, does not count);
- boilerplate leaked: of the texts of the page's <nav>, <header>, <footer> and <aside>
  elements (4+ characters), the share found in the extracted text (outside the title
  line, which Koryu keeps on purpose);
- pages/s.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT / "tests" / "data" / "wild"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "src"))

STOPLISTS = {"en": "English", "ru": "Russian", "ko": "Korean"}


def koryu(html: bytes, lang: str) -> str:
    from koryu.readers.filetypes.html import extract

    return extract(html, "page.html")[0]


def trafilatura_text(html: bytes, lang: str) -> str:
    import trafilatura

    return trafilatura.extract(
        html.decode("utf-8", "replace"), include_tables=True, include_comments=False,
        favor_recall=True, output_format="txt",
    ) or ""  # fmt: skip


def justext_text(html: bytes, lang: str) -> str:
    import justext

    stoplist = justext.get_stoplist(STOPLISTS[lang]) if lang in STOPLISTS else frozenset()
    paragraphs = justext.justext(html, stoplist)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def readability_text(html: bytes, lang: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html.decode("utf-8", "replace")).summary(html_partial=True)
    root = lxml.html.fromstring(summary)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = []
    for element in root.iter("p", "li", "h1", "h2", "h3", "h4", "tr", "dt", "dd", "div"):
        if element.tag == "tr":
            lines.append("\t".join(c.text_content().strip() for c in element))
        elif not element.xpath(".//p|.//li|.//tr|.//div"):
            lines.append(element.text_content().strip())
    return "\n".join(lines)


METHODS = {
    "koryu (lxml walk)": koryu,
    "trafilatura": trafilatura_text,
    "justext": justext_text,
    "readability-lxml": readability_text,
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _bare(text: str) -> str:
    """Without any blanks: a <br> read as a space or as nothing compares equal."""
    return re.sub(r"\s+", "", text)


def page_facts(path: Path):
    import lxml.html

    html = path.read_bytes()
    root = lxml.html.document_fromstring(html.decode("utf-8", "replace"))
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    body_text = _norm(root.text_content())
    truth = json.loads((WILD / "truth" / f"{path.stem}.json").read_text(encoding="utf-8"))
    names = {
        party["name"]
        for record in truth
        for party in record.get("parties", [])
        if party.get("name") and party["name"] in body_text
    }
    rows = []
    for tr in root.xpath("//tr"):
        cells = [_norm(c.text_content()) for c in tr.xpath("./td|./th")]
        cells = [c for c in cells if c]
        if len(cells) >= 2:
            rows.append(cells)
    chrome = {
        _norm(t)
        for element in root.xpath("//nav|//header|//footer|//aside")
        for t in element.itertext()
        if len(_norm(t)) >= 4
    }
    title = _norm(root.findtext(".//title") or "")
    return html, names, rows, chrome, title


def row_kept(cells: list[str], lines: list[str]) -> bool:
    for line in lines:
        position = 0
        for cell in cells:
            found = line.find(cell, position)
            if found < 0:
                break
            position = found + len(cell)
        else:
            return True
    return False


def main() -> None:
    manifest = json.loads((WILD / "manifest.json").read_text(encoding="utf-8"))
    pages = sorted((WILD / "docs").glob("*.html"))
    totals = {
        m: {"facts": [0, 0], "rows": [0, 0], "chrome": [0, 0], "seconds": 0.0} for m in METHODS
    }
    for path in pages:
        lang = manifest.get(path.name, {}).get("language", path.name[:2])
        html, names, rows, chrome, title = page_facts(path)
        for method, extract in METHODS.items():
            start = time.perf_counter()
            try:
                text = extract(html, lang)
            except Exception as exc:  # a method failing on a page scores nothing there
                text = ""
                print(f"{method} failed on {path.name}: {exc}", file=sys.stderr)
            totals[method]["seconds"] += time.perf_counter() - start
            flat = _norm(text)
            lines = [_bare(line) for line in text.split("\n")]
            # the page's <title> is kept on purpose (it names the home party); the site's
            # name in it is not leaked chrome
            body = _norm("\n".join(line for line in text.split("\n") if _norm(line) != title))
            t = totals[method]
            t["facts"][0] += sum(1 for n in names if n in flat)
            t["facts"][1] += len(names)
            t["rows"][0] += sum(1 for r in rows if row_kept([_bare(c) for c in r], lines))
            t["rows"][1] += len(rows)
            t["chrome"][0] += sum(1 for c in chrome if c in body)
            t["chrome"][1] += len(chrome)
    print(f"{len(pages)} pages of tests/data/wild/docs")
    print(
        f"{'method':<20} {'facts kept':>12} {'rows whole':>12} {'chrome leaked':>14} {'pages/s':>8}"
    )
    out = {}
    for method, t in totals.items():

        def pct(pair):
            return f"{pair[0]}/{pair[1]} {100 * pair[0] / max(pair[1], 1):.0f}%"

        rate = len(pages) / t["seconds"] if t["seconds"] else 0
        print(
            f"{method:<20} {pct(t['facts']):>12} {pct(t['rows']):>12} {pct(t['chrome']):>14} {rate:>8.0f}"
        )
        out[method] = {**t, "pages_per_s": rate}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "html_extraction.json").write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
