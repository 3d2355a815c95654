"""Synthetic documents of every format, for ingest benchmarks and scale tests.

Case cards and multilateral lists are rendered from synthetic records. Seminar series,
association pages and network pages have a richer structure (series, Russian tables,
repeated sections), so their documents are variations of a template document's records
(read with the format's reader): dates shifted, places and titles swapped.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Iterator
from pathlib import Path

from koryu import records as rec
from koryu.readers import read_path
from koryu.synth import records as synth
from koryu.synth.names import japanese_places
from koryu.writers import association, case_cards, multilateral, network_page, seminar_series

WRITERS = {
    "case-cards": case_cards.render,
    "multilateral-cases": multilateral.render,
    "seminar-series": seminar_series.render,
    "association-delegations": association.render,
    "network-page": network_page.render,
}
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


def _shift_years(value, offset: int):
    """Shift every western year inside ISO dates and fiscal years."""
    if isinstance(value, str) and value:
        return YEAR.sub(lambda m: str(int(m.group(1)) + offset), value)
    return value


def vary(template: list[rec.Record], rng: random.Random) -> list[rec.Record]:
    offset = rng.randint(-8, 8)
    out = []
    for record in template:
        r = copy.deepcopy(record)
        # Years also stand inside prose (a delegation's note names the meeting it
        # prepares): shift them everywhere so a document never contradicts itself.
        for name in (
            "date",
            "date_start",
            "date_end",
            "fiscal_year",
            "date_raw",
            "title",
            "purpose",
            "description",
            "fiscal_year_raw",
        ):
            setattr(r, name, _shift_years(getattr(r, name), offset))
        for p in r.parties:
            p.date_start = _shift_years(p.date_start, offset)
        out.append(r)
    return out


def templates(seeds: Path) -> dict[str, list[rec.Record]]:
    """Records of each structured format, read from the seed documents."""
    found: dict[str, list[rec.Record]] = {}
    for path in sorted(seeds.glob("*.txt")):
        doc = read_path(path)
        if doc.format in ("seminar-series", "association-delegations", "network-page"):
            found[doc.format] = doc.records
    return found


def generate_documents(n: int, seeds: Path, seed: int = 42) -> Iterator[tuple[str, str, str]]:
    """Yield ``(file name, format, text)`` for ``n`` documents of mixed formats."""
    rng = random.Random(seed)
    base = templates(seeds)
    formats = ["case-cards", "multilateral-cases"] + sorted(base)
    weights = [40, 25] + [35 / max(len(base), 1)] * len(base)
    for i in range(n):
        fmt = rng.choices(formats, weights)[0]
        if fmt == "case-cards":
            records = [synth.agreement(rng, j) for j in range(rng.randint(1, 6))]
        elif fmt == "multilateral-cases":
            records = [synth.program(rng, j) for j in range(rng.randint(2, 8))]
            jp = rng.choice(japanese_places())
            for r in records:
                r.parties[0] = rec.Party(name=jp.path, role="implementer", country="JP")
        else:
            records = vary(base[fmt], rng)
        yield f"synthetic-{i:05d}.txt", fmt, WRITERS[fmt](records)
