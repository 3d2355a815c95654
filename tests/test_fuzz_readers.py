"""Every mutated document is read into records or refused with a clear ReaderError, never
an exception of another kind (issue 14 item 9). Bounded: a fixed number of mutations per
document, derandomized, so a CI run is repeatable; benchmarks/fuzz_readers.py runs more."""

from __future__ import annotations

import random

import pytest

from fuzzing import documents, mutate, outcome

DOCUMENTS = documents()
MUTATIONS_PER_DOCUMENT = 6


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_mutations_give_records_or_a_clear_error(path):
    data = path.read_bytes()
    rng = random.Random(f"koryu-fuzz-{path.name}")  # the same mutations on every run
    for _ in range(MUTATIONS_PER_DOCUMENT):
        mutated = mutate(data, rng, path.name)
        assert outcome(mutated, path.name)  # raises on anything but a ReaderError


def test_there_is_something_to_fuzz():
    assert len(DOCUMENTS) >= 15
