"""The curated tables in ``gazetteer/data/*.tsv``: tab-separated, a header row, UTF-8."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources


def rows(name: str) -> Iterator[dict[str, str]]:
    """Each row of ``data/<name>`` as a dict, values stripped (a missing cell is "")."""
    text = resources.files("koryu.gazetteer").joinpath("data", name).read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        yield {k: (v or "").strip() for k, v in row.items()}
