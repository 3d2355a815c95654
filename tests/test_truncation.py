"""A document cut short fails with the line where it stops (issue 14 item 1).

Truncated variants are built here at run time from the seed documents (../shared/seeds)
and from our own fixtures, never stored: every cut through a table row or a paragraph
either fails with a ``ReaderError`` naming the last line, or (when the cut only lost page
chrome) gives exactly the records of the whole document.
"""

from __future__ import annotations

import json

import pytest

from conftest import REPO, SEEDS
from koryu.readers import (
    association,
    case_cards,
    detect_format,
    multilateral,
    network_page,
    seminar_series,
)
from koryu.readers.base import ReaderError
from koryu.readers.completeness import cut_reason, ends_sentence, unclosed_bracket, unknown_domain

FIXTURES = REPO / "tests" / "fixtures"
MODULES = {
    m.FORMAT: m for m in (seminar_series, association, network_page, case_cards, multilateral)
}
FORMATS = tuple(MODULES)


def _documents() -> list:
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    paths += sorted(FIXTURES.glob("*.txt"))
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            fmt = detect_format(text, path.name)
        except ReaderError:
            continue
        if fmt in FORMATS and _reads(fmt, text, path.name):
            found.append(pytest.param(path, fmt, id=path.name))
    return found


def _reads(fmt: str, text: str, name: str) -> bool:
    """Whether the whole document reads (fixtures of broken documents don't)."""
    try:
        MODULES[fmt].parse(text, name)
    except ReaderError:
        return False
    return True


def _parse(fmt: str, text: str, name: str) -> list[str]:
    records, _ = MODULES[fmt].parse(text, name)
    return [json.dumps(r.to_dict(), sort_keys=True, default=str) for r in records]


def _cuttable(line: str) -> bool:
    """A table row or a paragraph: the lines whose loss loses data."""
    return "\t" in line or "|" in line or len(line.strip()) >= 20


def _undetectable(fmt: str, lines: list[str], number: int) -> bool:
    """Cuts no reader can see: inside a multilateral case's closing 詳細情報 field (free
    text and URLs whose path may end anywhere; a URL cut inside its domain is still seen),
    which reads as a shorter field of a complete case."""
    if fmt != multilateral.FORMAT:
        return False
    for line in reversed(lines[:number]):
        label = multilateral._label_of(line)
        if label:
            return label[0] == "details"
    return False


@pytest.mark.parametrize(("path", "fmt"), _documents())
def test_a_cut_through_a_row_or_paragraph_fails_with_its_line(path, fmt):
    text = path.read_text(encoding="utf-8")
    whole = _parse(fmt, text, path.name)
    offset, tried = 0, 0
    silent = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if _cuttable(line):
            for fraction in (0.5, 0.8):
                cut = text[: offset + max(1, int(len(line) * fraction))]
                tried += 1
                try:
                    records = _parse(fmt, cut, path.name)
                except ReaderError as err:
                    # a cut before the first table reads as "no table"; one after it
                    # names the line where the document stops
                    if "truncated" in err.reason:
                        assert err.line == number, (number, str(err))
                    continue
                if records != whole and not _undetectable(fmt, lines, number):
                    silent.append((number, cut[-30:]))
        offset += len(line) + 1
    assert tried > 5
    assert not silent, f"cut short without an error at {silent}"


def test_half_the_seminar_series_fails_where_it_stops():
    """The issue's probe: the seminar-series seed cut at half its size."""
    path = next(SEEDS.glob("002_*.txt"), None) if SEEDS.is_dir() else None
    if path is None:
        pytest.skip(f"seeds not found at {SEEDS}")
    text = path.read_text(encoding="utf-8")
    half = text[: len(text) // 2]
    with pytest.raises(ReaderError) as err:
        seminar_series.parse(half, path.name)
    assert err.value.line == half.count("\n") + 1
    assert "truncated" in err.value.reason


def test_a_history_that_stops_before_the_edition_in_the_title_fails():
    page = (
        "第4回港町フォーラム\n\n主催：港町交流財団\n\n"
        "開催\t年度\t開催地\tテーマ\n"
        "第1回\t2020年度\t函館市\t海\n"
        "第2回\t2021年度\t釜山市\t港\n"
    )
    with pytest.raises(ReaderError) as err:
        seminar_series.parse(page, "ports.txt")
    assert err.value.line == 7 and "第2回" in err.value.reason and "第4回" in err.value.reason
    complete = page + "第3回\t2022年度\t麗水市\t食\n第4回\t2023年度\t木浦市\t船\n"
    assert len(seminar_series.parse(complete, "ports.txt")[0]) == 4


def test_a_history_row_short_of_cells_at_the_end_fails():
    page = "開催\t年度\t開催地\tテーマ\n第1回\t2020年度\t函館市\t海\n第2回\t2021年度\n"
    with pytest.raises(ReaderError) as err:
        seminar_series.parse(page, "short.txt")
    assert err.value.line == 3 and "2 of 4 cells" in err.value.reason


def test_completeness_helpers():
    assert unclosed_bracket("165人(日方73人、") == "("
    assert unclosed_bracket("釜山、大連(計2都市)") is None
    assert cut_reason("バンコク、デリー、") and cut_reason("Румои (4 чел.")
    assert cut_reason("釜山、大連(計2都市)") is None
    assert ends_sentence("加盟しました。") and ends_sentence("в России.")
    assert not ends_sentence("Поездки служащих горо")
    assert ends_sentence("в 1999 г.") and not ends_sentence("Встреча мэров в г.")


def test_a_url_or_address_cut_inside_its_domain_is_seen():
    assert cut_reason("詳細情報 http://www.os") is not None
    assert cut_reason("see http") is not None  # the scheme itself
    assert cut_reason("http://example.org/app/index.jsp?") is not None
    assert cut_reason("詳細情報 http://www.city.sapporo.jp/somu/index.html") is None
    assert cut_reason("http://localhost:8000/x") is None
    assert unknown_domain("pref.fu") and not unknown_domain("pref.fukuoka.lg.jp")


def test_a_multilateral_page_cut_inside_a_label_or_on_a_heading_fails():
    case = "情報提供自治体名 A県\n実施年度 平成22年度\n事業名(活動名称) 会議{n}\n団体名 A県\n詳細情報 --\n"
    page = case.format(n=1) + case.format(n=2)
    assert len(multilateral.parse(page, "p.txt")[0]) >= 2
    for tail in ("情報提供", "②人的交流", "このページに関する"):
        with pytest.raises(ReaderError, match="truncated"):
            multilateral.parse(page + tail, "p.txt")
