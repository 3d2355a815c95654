"""Match expressions: the parsed query as a small tree of token sequences, the one form
both backends render into their own syntax (FTS5 MATCH, tsquery).

The ranking is a list of *stages*, best first; each stage is a positive expression and a
negative one (what earlier stages already returned, and the user's exclusions). Within a
stage, records come newest first. Stages for relevance:

1. the words as one exact phrase, in a title or party name (queries of 2+ words)
2. the words in a title or party name
3. the words or their expansions in a title or party name
4. the exact phrase anywhere
5. the words anywhere
6. the words or their expansions anywhere

Every stage is a boolean condition, so both databases return the same records in the
same order. Plain Python (no Django).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from koryu.search.analysis import (
    QueryToken,
    highlight_needles,
    is_cjk,
    query_sequence,
    variant_tokens,
)
from koryu.search.expansion import ExpandedGroup
from koryu.search.query import Atom

MAX_SEQUENCE_TOKENS = 64


@dataclass(frozen=True)
class Seq:
    """Tokens at consecutive positions of one field."""

    tokens: tuple[QueryToken, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class AllOf:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class InTitle:
    """Matched within the title or the party names."""

    item: Node


Node = Seq | AnyOf | AllOf | InTitle


def _token_covers(a: QueryToken, b: QueryToken) -> bool:
    """Every document token that ``b`` matches, ``a`` matches too."""
    return b.text.startswith(a.text) if a.prefix else (not b.prefix and a.text == b.text)


def covers(a: Seq, b: Seq) -> bool:
    """A document with phrase ``b`` has phrase ``a``: ``a`` matches a run of ``b``'s tokens."""
    n = len(a.tokens)
    return any(
        all(_token_covers(x, y) for x, y in zip(a.tokens, b.tokens[i : i + n], strict=True))
        for i in range(len(b.tokens) - n + 1)
    )


def any_of(items: list[Node]) -> Node | None:
    unique = list(dict.fromkeys(i for i in items if i is not None))
    # An alternative that a shorter one implies adds no match, only work: 環境保全 OR 環境
    # is 環境 (the index checks one term instead of a three-term phrase too).
    seqs = [i for i in unique if isinstance(i, Seq)]
    unique = tuple(
        i
        for i in unique
        if not (isinstance(i, Seq) and any(o is not i and covers(o, i) for o in seqs))
    )
    if not unique:
        return None
    return unique[0] if len(unique) == 1 else AnyOf(unique)


def all_of(items: list[Node]) -> Node | None:
    unique = tuple(dict.fromkeys(i for i in items if i is not None))
    if not unique:
        return None
    return unique[0] if len(unique) == 1 else AllOf(unique)


def split_negative(negative: Node | None) -> tuple[Node | None, Node | None]:
    """(what must not match in a title or party name, what must not match anywhere): a
    title stage's negative, split so each part is checked where it is cheap."""
    items = negative.items if isinstance(negative, AnyOf) else (negative,) if negative else ()
    in_title = any_of([i.item for i in items if isinstance(i, InTitle)])
    return in_title, any_of([i for i in items if not isinstance(i, InTitle)])


def atom_node(text: str) -> Node | None:
    """What one word or phrase matches: its token sequence, or its spelling variant."""
    sequence = query_sequence(text)[:MAX_SEQUENCE_TOKENS]
    alternatives: list[Node] = [Seq(tuple(sequence))] if sequence else []
    for variant in variant_tokens(text):
        alternatives.append(Seq((QueryToken(variant),)))
        bigrams = query_sequence(variant)
        if bigrams:
            alternatives.append(Seq(tuple(bigrams)))
    return any_of(alternatives)


@dataclass(frozen=True)
class Stage:
    positive: Node | None
    negative: Node | None
    score: int


@dataclass
class Plan:
    stages: list[Stage]
    full: Stage  # everything the query matches (count, facets)
    needles: list[str]  # normalised strings to highlight
    dropped: list[str]  # words with nothing searchable in them


def _join_phrase(atoms: list[Atom]) -> str:
    text = ""
    for atom in atoms:
        if text and not (is_cjk(text[-1]) and is_cjk(atom.text[0])):
            text += " "
        text += atom.text
    return text


def _group_nodes(
    groups: list[ExpandedGroup], node: Callable[[Atom], Node | None]
) -> tuple[Node | None, Node | None]:
    """(all the words as written, all the words widened by what the thesaurus added):
    every group must match, by any of its spellings."""
    original_groups, expanded_groups = [], []
    for group in groups:
        original = any_of([node(a) for a in group.atoms])
        if original is None:
            continue
        original_groups.append(original)
        expanded_groups.append(any_of([original] + [atom_node(a.text) for a in group.added]))
    return all_of(original_groups), all_of(expanded_groups)


def _phrase(groups: list[ExpandedGroup]) -> Node | None:
    """The words as one phrase, when there are several and each has one spelling."""
    singles = [g.atoms[0] for g in groups if len(g.atoms) == 1]
    if len(singles) >= 2 and len(singles) == len(groups):
        return atom_node(_join_phrase(singles))
    return None


def _ladder(
    words: Node | None, widened: Node | None, phrase: Node | None
) -> list[tuple[Node, int]]:
    """(match, score) from the best match down: in the title, then anywhere; each time
    the phrase, all the words, then the widened words (each only when it differs)."""
    if words is None:
        return []
    steps = [  # (match, in-title score, anywhere score, kept)
        (phrase, 6, 3, phrase is not None and phrase != words),
        (words, 5, 2, True),
        (widened, 4, 1, widened != words),
    ]
    kept = [step for step in steps if step[3]]
    return [(InTitle(n), title) for n, title, _, _ in kept] + [
        (n, anywhere) for n, _, anywhere, _ in kept
    ]


def _needles(groups: list[ExpandedGroup]) -> list[str]:
    """Normalised strings to highlight, each once, from every spelling of every group."""
    needles: list[str] = []
    for group in groups:
        for atom in group.atoms + group.added:
            needles.extend(highlight_needles(atom.text))
    return list(dict.fromkeys(n for n in needles if n))


def build_plan(groups: list[ExpandedGroup], excluded: list[Atom]) -> Plan:
    dropped: list[str] = []

    def node(atom: Atom) -> Node | None:
        n = atom_node(atom.text)
        if n is None:
            dropped.append(atom.text)
        return n

    words, widened = _group_nodes(groups, node)
    phrase = _phrase(groups)
    exclusions = any_of([node(a) for a in excluded])
    stages: list[Stage] = []
    earlier: list[Node] = []
    for positive, score in _ladder(words, widened, phrase):
        stages.append(
            Stage(positive, any_of(earlier + ([exclusions] if exclusions else [])), score)
        )
        earlier.append(positive)
    full = Stage(widened, exclusions, 0)
    if not stages:
        stages = [full]
    return Plan(stages, full, _needles(groups), dropped)
