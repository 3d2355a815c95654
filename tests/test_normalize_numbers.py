"""Numbers: full-width and kanji digits, head counts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koryu.normalize.numbers import parse_count, parse_int, to_halfwidth_digits


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("12", 12),
        ("１２", 12),
        ("1,200", 1200),
        ("十", 10),
        ("十六", 16),
        ("二十", 20),
        ("百五", 105),
        ("三百二十一", 321),
        ("千九百九十五", 1995),
        ("二〇一七", 2017),
        ("一万二千", 12000),
        ("", None),
        ("abc", None),
        ("12名", None),
    ],
)
def test_parse_int(text, n):
    assert parse_int(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("165人", 165),
        ("12名", 12),
        ("73人", 73),
        ("(4 чел.)", 4),
        ("4 чел.", 4),
        ("１２名", 12),
        ("十二名", 12),
        ("日方73人", 73),
        ("40 people", 40),
        ("7", 7),
        ("（5）", 5),
        ("市長以下、議員6名など総勢15名", 15),  # the whole group, not its first part
        ("학생 10명 등 총 13명", 13),
        ("школьники (8 человек), всего 11 человек", 11),
        ("--", None),
        ("", None),
    ],
)
def test_parse_count(text, n):
    assert parse_count(text) == n


def test_to_halfwidth_digits():
    assert to_halfwidth_digits("平成２４年") == "平成24年"
    assert to_halfwidth_digits("abc") == "abc"


@given(st.integers(min_value=0, max_value=10**9))
def test_fullwidth_round_trip(n):
    full = "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(n))
    assert parse_int(full) == n
    assert parse_count(f"{full}名") == n


@given(st.text())
def test_never_crash(text):
    parse_int(text)
    parse_count(text)
    assert to_halfwidth_digits(to_halfwidth_digits(text)) == to_halfwidth_digits(text)
