"""Reader "association-delegations": seed 000 field by field, own documents, errors, round trip."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import seed_path
from koryu.readers import association
from koryu.readers.base import ReaderError
from koryu.writers.association import format_period, render

FIXTURES = Path(__file__).parent / "fixtures"
JP_ASSOC = "Ассоциация мэров городов Западного побережья Японии"
RU_ASSOC = (
    "Ассоциация мэров городов Сибири и Дальнего Востока РФ по дружеским связям с городами Японии"
)
SERIES = (
    "Встреча мэров городов Дальнего Востока и Сибири Российской Федерации "
    "и мэров городов Западного побережья Японии"
)


def _parse_seed():
    text = seed_path("000").read_text(encoding="utf-8")
    return association.parse(text, "000.txt")


def _seed_line(n: int) -> str:
    """Line ``n`` of the seed (read at test time: seed prose is not copied into the repo)."""
    return seed_path("000").read_text(encoding="utf-8").split("\n")[n - 1].strip()


def _by_kind(records, kind):
    return [r for r in records if r.kind == kind]


def _parties(record, role=None):
    return [
        (p.name, p.role, p.country, p.count, p.accompanying)
        for p in record.parties
        if role is None or p.role == role
    ]


# --- seed 000 ---------------------------------------------------------------------------


def test_seed_sniffs_as_association():
    text = seed_path("000").read_text(encoding="utf-8")
    assert association.sniff(text) >= 0.9
    for other in ("001", "002", "003", "004"):
        assert association.sniff(seed_path(other).read_text(encoding="utf-8")) < 0.5


def test_seed_record_counts():
    records, findings = _parse_seed()
    assert [r.kind for r in records].count("network") == 1
    assert len(_by_kind(records, "event")) == 3
    assert len(_by_kind(records, "delegation")) == 9
    assert findings == []
    assert all(r.language == "ru" for r in records)


def test_seed_network():
    records, _ = _parse_seed()
    (net,) = _by_kind(records, "network")
    assert net.title == JP_ASSOC
    assert net.date == "1970" and net.date_raw == "1970 г."
    assert (net.line_start, net.line_end) == (1, 4)
    assert net.description == _seed_line(1)  # the first paragraph, whitespace cleaned
    assert _parties(net, "chair") == [("Ниигата", "chair", "JP", None, None)]
    assert _parties(net, "secretariat") == [("Ниигата", "secretariat", "JP", None, None)]
    assert net.parties[1].note == "международный отдел муниципалитета"
    members = [p.name for p in net.parties if p.role == "member"]
    assert members == [
        "Румои",
        "Носиро",
        "Касивадзаки",
        "Сакаиминато",
        "Вакканаи",
        "Тоёсака",
        "Цуруга",
        "Акита",
        "Дзёэцу",
        "Майдзуру",
    ]
    assert all(p.country == "JP" for p in net.parties if p.role == "member")
    (partner,) = [p for p in net.parties if p.role == "partner"]
    assert (partner.name, partner.country) == (RU_ASSOC, "RU")
    assert partner.note.startswith("Ассоциацией мэров")  # the wording as written (instrumental)
    assert net.extra == {"meeting_series": SERIES, "meeting_interval_years": 2}
    assert net.related_keys == [f"event:{SERIES}:{n}" for n in (17, 18, 19)]
    codes = {(f.code, f.line) for f in net.findings}
    assert codes == {("name-variant", 4), ("spelling-variant", 13)}


def test_seed_events():
    records, _ = _parse_seed()
    events = {e.edition: e for e in _by_kind(records, "event")}
    assert sorted(events) == [17, 18, 19]
    expected = {
        17: ("1999", "Находка", "Находка", "RU", 16, [16, 20], "XVII"),
        18: ("2001", "Ниигата", "Ниигата", "JP", 20, [20], "XVIII"),
        19: ("2003", "Петропвловск-Камчатский", "Петропавловск-Камчатский", "RU", 18, [18], "XVIV"),
    }
    for edition, (year, place, host, country, line, lines, numeral) in expected.items():
        e = events[edition]
        assert e.series == SERIES
        assert e.date == year and e.place == place
        assert (e.line_start, e.line_end) == (line, line)
        assert e.extra["lines"] == lines and e.extra["numeral"] == numeral
        assert _parties(e, "host") == [(host, "host", country, None, None)]
        assert {p.name for p in e.parties if p.role == "co_organizer"} == {JP_ASSOC, RU_ASSOC}
        assert e.related_keys == [f"network:{JP_ASSOC}"]
    assert events[17].findings == []
    xix = events[19]
    assert xix.title.startswith("XIX ")
    assert xix.extra["place_normalized"] == "Петропавловск-Камчатский"
    codes = {f.code: f for f in xix.findings}
    assert set(codes) == {"spelling-variant", "malformed-numeral"}
    assert codes["malformed-numeral"].detail == {
        "raw": "XVIV",
        "lenient_value": 19,
        "expected_from_context": 19,
        "read_as": 19,
    }


# (line, date_raw, start, end, visited, senders [(name, country, count, accompanying)],
#  accompanying_count, participants_count, table)
SEED_DELEGATIONS = [
    (8, "28 июля-3 августа 1995 г.", "1995-07-28", "1995-08-03", ["Южно-Сахалинск"],
     [("Румои", "JP", 4, 1), ("Носиро", "JP", 6, 1), ("Касивадзаки", "JP", 4, 1),
      ("Сакаиминато", "JP", 3, 1)], 4, 17, "youth"),
    (9, "2-6 ноября 1995 г.", "1995-11-02", "1995-11-06",
     ["Румои", "Носиро", "Касивадзаки", "Сакаиминато"],
     [("Южно-Сахалинск", "RU", 17, None)], 4, 17, "youth"),
    (10, "27 июля-3 августа 1997 г.", "1997-07-27", "1997-08-03", ["Владивосток"],
     [("Носиро", "JP", 6, 2), ("Касивадзаки", "JP", 5, 1), ("Ниигата", "JP", 1, None)],
     3, 12, "youth"),
    (11, "24 августа-31 августа 1997 г.", "1997-08-24", "1997-08-31",
     ["Носиро", "Касивадзаки"], [("Владивосток", "RU", 11, None)], 4, 11, "youth"),
    (12, "13-19 июля 2001 г.", "2001-07-13", "2001-07-19", ["Хондзё", "Ога", "Ниигата"],
     [("Владивосток", "RU", 10, None)], None, 10, "youth"),
    (16, "25 сентября-1 октября 1998 г.", "1998-09-25", "1998-10-01",
     ["Хабаровск", "Находка", "Владивосток"],
     [("Касивадзаки", "JP", None, None), ("Ниигата", "JP", None, None)], None, None, "staff"),
    (17, "16-21 августа 2000 г.", "2000-08-16", "2000-08-21",
     ["Южно-Сахалинск", "Корсаков", "Холмск"],
     [("Вакканаи", "JP", None, None), ("Тоёсака", "JP", None, None),
      ("Цуруга", "JP", None, None), ("Ниигата", "JP", None, None)], None, None, "staff"),
    (18, "26 августа-2 сентября 2002 г.", "2002-08-26", "2002-09-02",
     ["Петропавловск-Камчатский", "Хабаровск"],
     [("Касивадзаки", "JP", None, None), ("Тоёсака", "JP", None, None),
      ("Цуруга", "JP", None, None), ("Ниигата", "JP", None, None)], None, None, "staff"),
    (19, "16-20 августа 2016 г.", "2016-08-16", "2016-08-20", ["Хабаровск", "Владивосток"],
     [("Акита", "JP", None, None), ("Дзёэцу", "JP", None, None),
      ("Майдзуру", "JP", None, None), ("Ниигата", "JP", None, None)], None, None, "staff"),
]  # fmt: skip


@pytest.mark.parametrize("row", SEED_DELEGATIONS, ids=lambda r: f"line{r[0]}")
def test_seed_delegation(row):
    line, raw, start, end, visited, senders, adults, count, table = row
    records, _ = _parse_seed()
    (d,) = [r for r in _by_kind(records, "delegation") if r.line_start == line]
    assert d.line_end == line
    assert (d.date_raw, d.date_start, d.date_end) == (raw, start, end)
    assert d.place == ", ".join(visited)
    assert [p.name for p in d.parties if p.role == "visited"] == visited
    visited_country = "JP" if senders[0][1] == "RU" else "RU"
    assert all(p.country == visited_country for p in d.parties if p.role == "visited")
    assert [
        (p.name, p.country, p.count, p.accompanying) for p in d.parties if p.role == "sender"
    ] == senders
    assert d.accompanying_count == adults
    assert d.participants_count == count
    assert d.extra["table"] == table
    assert d.title.startswith("Делегация: ") and d.title.endswith(f"({start[:4]})")
    assert d.findings == []


def test_seed_delegation_details():
    records, _ = _parse_seed()
    by_line = {r.line_start: r for r in _by_kind(records, "delegation")}
    assert by_line[8].title == "Делегация: Румои, Носиро… → Южно-Сахалинск (1995)"
    dance = by_line[12]
    # the words before "из г. <sender>" in the cell, without the sender or the head count
    cell = _seed_line(12).split("|")[2]
    assert dance.purpose == cell[: cell.index(" из г.")].strip()
    assert dance.parties[-1].note == "(8 танцоров, 1 переводчика и 1 руководитель)"
    assert dance.extra["breakdown"] == {"танцоров": 8, "переводчика": 1, "руководитель": 1}
    interpreter = by_line[10].parties[-1]
    assert interpreter.note.startswith("из Секретариата")
    assert by_line[16].parties[-1].note == "Секретариат"
    assert by_line[16].purpose == _seed_line(16).split("*")[1].rstrip(" |")
    assert by_line[16].related_keys == [f"event:{SERIES}:17"]
    assert by_line[18].purpose == _seed_line(18).split("*")[1].rstrip(" |")
    assert by_line[18].related_keys == [f"event:{SERIES}:19"]
    assert by_line[17].related_keys == [] and by_line[17].purpose == ""
    keys = [r.key for r in records]
    assert len(keys) == len(set(keys))


# --- Roman numerals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value", "canonical"),
    [("XVII", 17, True), ("XVIII", 18, True), ("XIX", 19, True), ("XVIV", 19, False),
     ("IIII", 4, False), ("MCMXCIX", 1999, True), ("IIV", 5, False), ("ABC", None, False)],
)  # fmt: skip
def test_roman(numeral, value, canonical):
    assert association.roman_value(numeral) == value
    assert association.is_canonical_roman(numeral) is canonical


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n):
    numeral = association.to_roman(n)
    assert association.roman_value(numeral) == n
    assert association.is_canonical_roman(numeral)


# --- own documents ----------------------------------------------------------------------


def test_primorye_document():
    text = (FIXTURES / "association_primorye.txt").read_text(encoding="utf-8")
    assert association.sniff(text) >= 0.9
    records, findings = association.parse(text, "association_primorye.txt")
    assert findings == []
    (net,) = _by_kind(records, "network")
    assert net.title == "Ассоциация мэров городов Приморья России"
    assert (net.date, net.line_start, net.line_end) == ("1992", 1, 2)
    assert _parties(net) == [
        ("Уссурийск", "chair", "RU", None, None),
        ("Артём", "secretariat", "RU", None, None),
        ("Находка", "member", "RU", None, None),
        ("Партизанск", "member", "RU", None, None),
        ("Ассоциация мэров городов провинции Канвон Республики Корея", "partner", "KR", None, None),
    ]
    assert net.extra["meeting_interval_years"] == 2
    events = {e.edition: e for e in _by_kind(records, "event")}
    assert {k: (e.date, e.place, e.extra["lines"]) for k, e in events.items()} == {
        3: ("2004", "Уссурийск", [12]),
        4: ("2006", "Каннын", [11, 12]),
    }
    assert events[4].parties[0].country == "KR"
    new_year, visit, staff = _by_kind(records, "delegation")
    assert (new_year.date_start, new_year.date_end) == ("2003-12-28", "2004-01-05")
    assert new_year.title == "Делегация: Уссурийск, Находка → Каннын, Сокчхо (2003)"
    assert _parties(new_year, "sender") == [
        ("Уссурийск", "sender", "RU", 12, 2),
        ("Находка", "sender", "RU", 8, 2),
    ]
    assert new_year.accompanying_count == 4 and new_year.extra["table"] == "youth"
    assert _parties(visit, "sender") == [("Каннын", "sender", "KR", 20, None)]
    assert [p.country for p in visit.parties if p.role == "visited"] == ["RU", "RU"]
    assert visit.accompanying_count == 3
    assert staff.extra["table"] == "staff"
    assert [(p.name, p.country) for p in staff.parties if p.role == "sender"] == [
        ("Артём", "RU"),
        ("Партизанск", "RU"),
        ("Артём", "RU"),
    ]
    assert staff.related_keys == [events[4].key]


def test_hokuriku_document_problems():
    text = (FIXTURES / "association_hokuriku.txt").read_text(encoding="utf-8")
    records, findings = association.parse(text, "association_hokuriku.txt")
    assert [(f.code, f.line) for f in findings] == [("empty-table", 10)]
    (net,) = _by_kind(records, "network")
    assert (net.title, net.date) == ("Ассоциация мэров городов побережья Хокурику Японии", "1985")
    (partner,) = [p for p in net.parties if p.role == "partner"]
    assert partner.country == "CN"
    events = {e.edition: e for e in _by_kind(records, "event")}
    assert sorted(events) == [2, 4]
    # "IIV" reads leniently as 5, but a meeting every 3 years after II in 2009 makes 2015 the IV
    (finding,) = events[4].findings
    assert finding.code == "malformed-numeral"
    assert finding.detail == {
        "raw": "IIV",
        "lenient_value": 5,
        "expected_from_context": 4,
        "read_as": 4,
    }
    rows = {r.line_start: r for r in _by_kind(records, "delegation")}
    assert [f.code for f in rows[7].findings] == ["unparsed-date"]
    assert rows[7].date_start is None and rows[7].date_raw == "дата уточняется"
    assert [f.code for f in rows[8].findings] == ["missing-cell", "no-senders"]
    assert rows[8].date_start == "2012-06-14"
    assert rows[6].participants_count == 12 and rows[6].extra["table"] == "youth"


# --- errors -----------------------------------------------------------------------------

HEADER = "Период пребывания | Посещённые города | Города-участники |"
INTRO = "В 2001 г. была образована Ассоциация мэров городов Кюсю Японии."


def test_truncated_table_at_end_is_an_error():
    with pytest.raises(ReaderError) as err:
        association.parse(f"{INTRO}\nГруппы школьников:\n{HEADER}\n---|---|---|\n", "t.txt")
    assert err.value.line == 3 and "truncated table" in err.value.reason


def test_header_without_separator_is_an_error():
    with pytest.raises(ReaderError) as err:
        association.parse(f"{INTRO}\n{HEADER}\n", "t.txt")
    assert err.value.line == 2


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "Просто текст без таблиц.\nИ ещё строка.", f"Таблица:\n{HEADER}\n---|---|---|\n"
     "1-2 мая 2001 г. | Саппоро | Хабаровск |\nКонец."],
)  # fmt: skip
def test_no_structure_is_an_error(text):
    with pytest.raises(ReaderError):
        association.parse(text, "x.txt")


def test_japanese_page_does_not_sniff():
    assert association.sniff("姉妹都市提携について\n札幌市は、1966年に提携しました。") < 0.5


# --- writer -----------------------------------------------------------------------------


def _signature(r):
    return (
        r.kind, r.key, r.title, r.date, r.date_start, r.date_end, r.place, r.edition,
        r.series, r.accompanying_count, r.participants_count, r.purpose, r.related_keys,
        r.extra.get("table"),
        [(p.name, p.role, p.country, p.count, p.accompanying) for p in r.parties],
    )  # fmt: skip


@pytest.mark.parametrize("source", ["seed", "association_primorye.txt"])
def test_round_trip(source):
    if source == "seed":
        text = seed_path("000").read_text(encoding="utf-8")
    else:
        text = (FIXTURES / source).read_text(encoding="utf-8")
    records, _ = association.parse(text, source)
    rendered = render(records)
    assert association.sniff(rendered) >= 0.9
    again, _ = association.parse(rendered, "rendered.txt")
    assert [_signature(r) for r in again] == [_signature(r) for r in records]


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [("1995-07-28", "1995-08-03", "28 июля-3 августа 1995 г."),
     ("1995-11-02", "1995-11-06", "2-6 ноября 1995 г."),
     ("2003-12-28", "2004-01-05", "28 декабря 2003 г.-5 января 2004 г."),
     ("2001-07-13", "2001-07-13", "13 июля 2001 г.")],
)  # fmt: skip
def test_format_period(start, end, text):
    assert format_period(start, end) == text
