"""The prose reader on dates, stays, head counts and follow-up sentences: sentences written
for these tests (not taken from any document of the corpus), in ja, en, ru, zh and ko."""

from __future__ import annotations

from koryu.readers.generic.context import DocContext, HomeParty, build_context
from koryu.readers.generic.places import find_places
from koryu.readers.generic.prose import _count, _sentence_dates, extract_prose


def read(text: str, language: str, home: HomeParty | None = None):
    lines = list(enumerate(text.split("\n"), 1))
    ctx = DocContext(name="t.txt", lines=text.split("\n"), language=language, home=home)
    return extract_prose(lines, ctx)


def spans(text: str, dateline: str | None = None):
    return [(d.iso, d.end_iso) for d in _sentence_dates(text, dateline)]


def test_a_month_and_day_beside_a_dated_fact_take_the_datelines_year():
    text = (
        "The guests from Tours arrive on May 4 and 5, thirty years after the tie of June 2, 1994."
    )
    assert spans(text, "2024-04-20") == [("2024-05-04", "2024-05-05"), ("1994-06-02", None)]
    # two days that are not in a row are not a stay
    assert spans("Meetings on May 4 and 9.", "2024-04-20") == [("2024-05-04", None)]


def test_a_range_ending_in_another_named_month():
    assert spans("The choir tours Lyon from June 28 to July 3 this year.", "2022-06-01") == [
        ("2022-06-28", "2022-07-03")
    ]
    assert spans("They stay from Dec. 30 to Jan. 2.", "2022-12-01") == [
        ("2022-12-30", "2023-01-02")
    ]


def test_a_stay_said_by_its_length():
    assert spans("5일부터 2박 3일 일정으로 자매도시를 찾는다.", "2023-09") == [
        ("2023-09-05", "2023-09-07")
    ]
    assert spans("2016年8月2日から4泊5日の日程で訪問した。") == [("2016-08-02", "2016-08-06")]
    assert spans("2019年4月8日，为期3天的访问开始。") == [("2019-04-08", "2019-04-10")]


def test_head_counts_joined_add_up_and_years_are_no_counts():
    assert _count("A group of nine Riverside students and two teachers left on Monday.")[0] == 11
    assert _count("生徒15名と引率教員3名が出発した。")[0] == 18
    assert _count("학생 20명과 인솔교사 4명이 참가한다.")[0] == 24
    assert _count("In 2019 students from both towns met online.") is None
    # a count after a comma is another group's
    assert _count("12 delegates, 3 interpreters and the mayor")[0] == 12


def test_an_anniversary_keeps_the_written_date_of_its_year():
    home = HomeParty("Bend", "US", line=1, how="title")
    records = read(
        "September 20, 2023\n\n"
        "A delegation from Kimitsu will be in Bend on Oct. 3 and 4 to mark the 25th anniversary of "
        "the sister city tie, which began on Aug. 9, 1998.",
        "en",
        home,
    )
    tie = next(r for r in records if r.kind == "agreement")
    assert tie.date == "1998-08-09"
    visit = next(r for r in records if r.kind == "delegation")
    assert (visit.date_start, visit.date_end) == ("2023-10-03", "2023-10-04")


def test_the_delegation_named_again_is_no_new_visit():
    home = HomeParty("춘천시", "KR", line=1, how="title")
    records = read(
        "춘천시 대표단이 10일부터 3박 4일 일정으로 자매도시인 일본 가고시마시를 방문한다.\n"
        "대표단은 12일 열리는 축제에 참석하고 구마모토와 후쿠오카의 시설도 둘러볼 계획이다.",
        "ko",
        home,
    )
    visits = [r for r in records if r.kind == "delegation"]
    assert len(visits) == 1
    assert [r for r in records if r.kind == "agreement" and "구마모토" in r.title] == []


def test_an_anniversary_ceremony_is_an_event_with_its_host():
    home = HomeParty("영주시", "KR", line=1, how="title")
    records = read(
        "2022년 5월\n\n지난 14일 영주시에서 열린 자매결연 10주년 기념식에는 시민 200명이 참석했다.",
        "ko",
        home,
    )
    event = next(r for r in records if r.kind == "event")
    assert event.date == "2022-05-14"
    assert [(p.name, p.role) for p in event.parties] == [("영주시", "host")]


def test_an_office_after_a_name_is_no_town():
    assert [m.text for m in find_places("王明市长会见了来访的客人。", "zh")] == []
    # nor is a name with the preposition after it
    assert [m.text for m in find_places("They will be in Bend on Oct. 3.", "en")] == ["Bend"]


def test_the_home_is_not_a_place_listed_after_a_visited_one():
    text = "大阪市代表团访问沈阳市、大连市\n2019年9月\n\n代表团一行5人于9月3日抵达。"
    assert build_context(text, "t.txt", "zh").home.name == "大阪市"


def test_a_group_staying_somewhere_visits_it():
    home = HomeParty("岡山市", "JP", line=1, how="title")
    records = read(
        "2023年3月30日\n\n訪問団は計10名で、4月3日から7日までサンノゼ市に滞在します。", "ja", home
    )
    visit = next(r for r in records if r.kind == "delegation")
    assert [(p.name, p.role) for p in visit.parties] == [
        ("岡山市", "sender"),
        ("サンノゼ市", "visited"),
    ]
    assert (visit.date_start, visit.date_end, visit.participants_count) == (
        "2023-04-03",
        "2023-04-07",
        10,
    )


def test_today_in_a_dated_item_and_a_delegation_of_a_city_in_the_genitive():
    records = read(
        "5 июля 2012 года\n\nСегодня в Иркутск прибыла делегация членов городского собрания "
        "японского города Канадзава.",
        "ru",
    )
    visit = next(r for r in records if r.kind == "delegation")
    assert [(p.name, p.role) for p in visit.parties] == [
        ("Канадзава", "sender"),
        ("Иркутск", "visited"),
    ]
    assert visit.date == "2012-07-05"
