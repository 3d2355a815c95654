"""Issue 13's bar for src/: no function graded D or worse by radon (cyclomatic
complexity above 20), none longer than 80 lines. A function that grows past it is split
into the phases it has before it lands."""

from __future__ import annotations

import ast
from pathlib import Path

from radon.complexity import cc_rank, cc_visit

SRC = Path(__file__).resolve().parent.parent / "src" / "koryu"
MAX_LINES = 80


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def _blocks(blocks):
    """radon's blocks with the functions nested in functions (closures), which it keeps
    inside their parent."""
    for block in blocks:
        yield block
        yield from _blocks(getattr(block, "closures", []))


def test_no_function_is_graded_d_or_worse():
    graded = []
    for path in _sources():
        for block in _blocks(cc_visit(path.read_text(encoding="utf-8"))):
            if cc_rank(block.complexity) >= "D":
                where = f"{path.relative_to(SRC.parent)}:{block.lineno}"
                graded.append(f"{where} {block.name} {cc_rank(block.complexity)}")
    assert graded == []


def test_no_function_is_longer_than_80_lines():
    long = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_LINES:
                    long.append(f"{path.relative_to(SRC.parent)}:{node.lineno} {node.name}")
    assert long == []
