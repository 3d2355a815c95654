"""The prose reader on sentences and short articles written for these tests from real,
public facts (sister-city years, delegations, anniversaries), in ja, en, ru, zh and ko.
Each case is checked record by record: kind, parties and their countries, date, type,
head count; negatives (places named with no relation) must yield nothing."""

from __future__ import annotations

import pytest

from koryu.readers.generic.context import DocContext, HomeParty
from koryu.readers.generic.prose import extract_prose, find_dates, split_sentences


def read(text: str, language: str, home: HomeParty | None = None, year: int | None = None):
    lines = list(enumerate(text.split("\n"), 1))
    ctx = DocContext(name="t.txt", lines=text.split("\n"), language=language, home=home, year=year)
    return extract_prose(lines, ctx)


def summary(record):
    return (
        record.kind,
        [(p.name, p.country) for p in record.parties],
        record.date,
        record.agreement_type,
    )


# --- agreements, one sentence each ----------------------------------------------------------

AGREEMENTS = [
    (
        "Sapporo signed a sister city agreement with Portland in 1959.",
        "en",
        ("agreement", [("Sapporo", "JP"), ("Portland", "US")], "1959", "sister"),
    ),
    (
        "В 1991 году Иркутск и Канадзава стали городами-побратимами.",
        "ru",
        ("agreement", [("Иркутск", "RU"), ("Канадзава", "JP")], "1991", "sister"),
    ),
    (
        "哈尔滨市与新潟市于1979年12月缔结友好城市关系。",
        "zh",
        ("agreement", [("哈尔滨市", "CN"), ("新潟市", "JP")], "1979-12", "friendship"),
    ),
    (
        "天津市和神户市1973年6月24日结为友好城市。",
        "zh",
        ("agreement", [("天津市", "CN"), ("神户市", "JP")], "1973-06-24", "friendship"),
    ),
    (
        "서울특별시는 1988년 일본 도쿄도와 자매결연을 체결했다.",
        "ko",
        ("agreement", [("서울특별시", "KR"), ("도쿄도", "JP")], "1988", "sister"),
    ),
    (
        "新潟市は平成3年にウラジオストク市と姉妹都市提携を結びました。",
        "ja",
        ("agreement", [("新潟市", "JP"), ("ウラジオストク市", "RU")], "1991", "sister"),
    ),
]


@pytest.mark.parametrize(("text", "language", "expected"), AGREEMENTS)
def test_one_sentence_agreement(text, language, expected):
    records = read(text, language)
    assert [summary(r) for r in records] == [expected]
    r = records[0]
    assert 0 < r.confidence <= 1
    assert r.evidence["date"]["line"] == 1
    assert r.evidence["date"]["text"] in text
    assert all(e["text"] in text for e in r.evidence["parties"])


def test_home_party_fills_the_missing_side():
    home = HomeParty("札幌市", "JP", line=1, how="title")
    records = read("本市は1959年に米国オレゴン州ポートランド市と姉妹都市提携を結んだ。", "ja", home)
    assert [summary(r) for r in records] == [
        ("agreement", [("札幌市", "JP"), ("ポートランド市", "US")], "1959", "sister")
    ]
    # each side points at its words: 本市 for the home city
    home_ev, written_ev = records[0].evidence["parties"]
    assert (home_ev["text"], written_ev["text"]) == ("本市", "ポートランド市")


def test_home_party_without_a_word_for_it():
    home = HomeParty("Niigata", "JP", line=1, how="title")
    records = read(
        "The city concluded a sister city agreement with Khabarovsk in 1965.", "en", home
    )
    assert [summary(r) for r in records] == [
        ("agreement", [("Niigata", "JP"), ("Khabarovsk", "RU")], "1965", "sister")
    ]
    # the home side is inferred: less sure than the written one, and it says so
    home_ev, written_ev = records[0].evidence["parties"]
    assert home_ev["confidence"] < written_ev["confidence"]
    assert "home party" in home_ev["how"]


def test_a_list_of_partners_gives_one_agreement_each_with_its_own_year():
    records = read(
        "Kobe's sister cities are Seattle (1957), Marseille (1961) and Rio de Janeiro (1969).", "en"
    )
    assert [summary(r) for r in records] == [
        ("agreement", [("Kobe", "JP"), ("Seattle", "US")], "1957", "sister"),
        ("agreement", [("Kobe", "JP"), ("Marseille", "FR")], "1961", "sister"),
        ("agreement", [("Kobe", "JP"), ("Rio de Janeiro", "BR")], "1969", "sister"),
    ]


# --- anniversaries date the agreement back ------------------------------------------------


def test_anniversary_in_a_dated_sentence():
    records = read(
        "In 2019 Sapporo and Portland celebrated the 60th anniversary of their sister city "
        "relationship.",
        "en",
    )
    assert [summary(r) for r in records] == [
        ("agreement", [("Sapporo", "JP"), ("Portland", "US")], "1959", "sister")
    ]
    ev = records[0].evidence["date"]
    assert ev["how"] == "anniversary" and ev["confidence"] < 0.8


def test_anniversary_uses_the_year_the_document_dates_itself():
    records = read("Хабаровск и Ниигата отмечают 55-летие побратимских связей.", "ru", year=2020)
    assert [summary(r) for r in records] == [
        ("agreement", [("Хабаровск", "RU"), ("Ниигата", "JP")], "1965", "sister")
    ]


def test_anniversary_without_any_year_leaves_the_date_empty():
    records = read("Хабаровск и Ниигата отмечают 55-летие побратимских связей.", "ru")
    assert [summary(r) for r in records] == [
        ("agreement", [("Хабаровск", "RU"), ("Ниигата", "JP")], None, "sister")
    ]


# --- delegations: who visited whom, and how many ---------------------------------------------


def test_delegation_to_the_home_city_with_head_count():
    home = HomeParty("札幌市", "JP", line=1, how="title")
    records = read("2023年10月、瀋陽市訪問団12名が来札し、市長を表敬訪問した。", "ja", home)
    assert len(records) == 1
    r = records[0]
    assert r.kind == "delegation"
    assert [(p.name, p.role, p.country) for p in r.parties] == [
        ("瀋陽市", "sender", "CN"),
        ("札幌市", "visited", "JP"),
    ]
    assert (r.date, r.participants_count) == ("2023-10", 12)


def test_delegation_from_one_city_to_another():
    records = read("A delegation of 15 from Vladivostok visited Niigata in August 2016.", "en")
    assert [(r.kind, [(p.name, p.role) for p in r.parties], r.date, r.participants_count)
            for r in records] == [
        ("delegation", [("Vladivostok", "sender"), ("Niigata", "visited")], "2016-08", 15)
    ]  # fmt: skip


def test_russian_delegation_in_declined_forms():
    records = read("В мае 2018 года делегация Владивостока посетила Хакодате.", "ru")
    assert [
        (r.kind, [(p.name, p.role, p.country) for p in r.parties], r.date) for r in records
    ] == [
        ("delegation", [("Владивосток", "sender", "RU"), ("Хакодате", "visited", "JP")], "2018-05")
    ]


def test_korean_and_chinese_delegations():
    ko = read("2019년 5월 대전광역시 대표단이 삿포로시를 방문했다.", "ko")
    assert [(r.kind, [(p.role, p.country) for p in r.parties], r.date) for r in ko] == [
        ("delegation", [("sender", "KR"), ("visited", "JP")], "2019-05")
    ]
    zh = read("2018年9月，沈阳市代表团访问札幌市。", "zh")
    assert [(r.kind, [(p.name, p.role) for p in r.parties], r.date) for r in zh] == [
        ("delegation", [("沈阳市", "sender"), ("札幌市", "visited")], "2018-09")
    ]


def test_a_headline_dated_by_the_dateline_takes_the_day_the_text_gives():
    # the headline tells the visit, the dateline under it dates the article (the 12th),
    # the text gives the day of the visit (the 10th)
    text = (
        "아산시, 日 가나자와시 교류단 환영식\n2022년 9월 12일\n"
        "아산시는 일본 가나자와시 교류단이 시청을 방문해 10일 환영식을 열었다고 12일 밝혔다."
    )
    records = [r for r in read(text, "ko") if r.kind == "delegation"]
    assert [(r.date, [p.country for p in r.parties]) for r in records] == [
        ("2022-09-10", ["JP", "KR"])
    ]


def test_a_name_after_a_title_is_a_person_not_a_place():
    # Shimizu and Ito are towns too; after "Mayor" or before a spaced 시장 they are people
    en = read("Mayor Shimizu of Saitama visited Pittsburgh in October 2013.", "en")
    assert [[p.name for p in r.parties] for r in en if r.kind == "delegation"] == [
        ["Saitama", "Pittsburgh"]
    ]
    # the mayor's town is not named: no sender, so no visit (not one from a town 이토)
    assert read("2023년 5월 이토 시장 일행이 공주시를 방문했다.", "ko") == []


def test_a_friendship_tie_raised_to_a_sister_tie_is_two_agreements():
    home = HomeParty("Kanazawa", "JP", line=1, how="title")
    text = (
        "Kanazawa and Suzhou became friendship cities in 1979. "
        "In 1981 Kanazawa and Suzhou signed a sister city agreement."
    )
    assert [(r.date, r.agreement_type) for r in read(text, "en", home)] == [
        ("1979", "friendship"),
        ("1981", "sister"),
    ]


def test_a_surname_before_the_office_is_the_mayor_not_a_town():
    # 浜田 is a town too; here it is the surname of Nagano's mayor, written in full first
    text = (
        "2019年5月、浜田一郎長野市長を団長とする訪問団が石家荘市を訪れた。"
        "今年は長野市と石家荘市の友好都市締結から38周年で、浜田市長は石家荘市長と会談した。"
    )
    names = {p.name for r in read(text, "ja") for p in r.parties}
    assert "浜田市" not in names and {"長野市", "石家荘市"} <= names


# --- one record per fact ------------------------------------------------------------------------


def test_the_same_agreement_in_three_sentences_is_one_record():
    home = HomeParty("Sapporo", "JP", line=1, how="title")
    text = (
        "Sapporo and Portland became sister cities in 1959.\n"
        "The sister city relationship with Portland is Sapporo's oldest.\n"
        "Every year students from Portland visit Sapporo under the sister city programme."
    )
    records = [r for r in read(text, "en", home) if r.kind == "agreement"]
    assert [summary(r) for r in records] == [
        ("agreement", [("Sapporo", "JP"), ("Portland", "US")], "1959", "sister")
    ]
    assert records[0].line_start == 1 and records[0].line_end == 3


# --- negatives --------------------------------------------------------------------------------

NEGATIVES = [
    ("Tourists from Osaka and Kyoto enjoy the beaches of Honolulu every summer.", "en"),
    ("札幌市と小樽市は観光客でにぎわっています。", "ja"),
    ("Москва и Санкт-Петербург — крупнейшие города России.", "ru"),
    ("上海市和北京市是中国最大的城市。", "zh"),
    ("부산광역시와 서울특별시는 한국의 대도시이다.", "ko"),
    ("The mayor thanked everyone for coming.", "en"),
]


@pytest.mark.parametrize(("text", "language"), NEGATIVES)
def test_places_without_a_relation_give_nothing(text, language):
    assert read(text, language) == []


# --- sentences and dates ----------------------------------------------------------------------


def test_sentences_keep_their_lines_and_respect_abbreviations():
    sents = split_sentences(
        [
            (3, "Mr. Smith arrived in St. Louis on Monday. He met the mayor."),
            (4, "本市は交流している。次です。"),
        ]
    )
    assert [(s.text, s.first_line) for s in sents] == [
        ("Mr. Smith arrived in St. Louis on Monday.", 3),
        ("He met the mayor.", 3),
        ("本市は交流している。", 4),
        ("次です。", 4),
    ]


def test_a_sentence_wrapped_over_lines_knows_each_line():
    sents = split_sentences(
        [(10, "札幌市は1959年にポートランド市と姉妹都市提携を"), (11, "結びました。")]
    )
    assert len(sents) == 1
    s = sents[0]
    assert s.line_at(s.text.index("結び")) == 11 and s.line_at(0) == 10


def test_dates_in_every_language():
    found = [
        (d.iso, d.raw)
        for d in find_dates("平成元年4月1日、1995년 3월 2일、12 мая 2010 г., May 5, 2001")
    ]
    assert found == [
        ("1989-04-01", "平成元年4月1日"),
        ("1995-03-02", "1995년 3월 2일"),
        ("2010-05-12", "12 мая 2010 г."),
        ("2001-05-05", "May 5, 2001"),
    ]


# --- ranges, datelines, events, networks ---------------------------------------------------


def test_a_visit_over_several_days_keeps_both_ends():
    records = read(
        "A delegation from Saitama visited its sister city Pittsburgh from October 28 to "
        "November 1, 2013, marking the 15th anniversary of the relationship.",
        "en",
    )
    by_kind = {r.kind: r for r in records}
    visit = by_kind["delegation"]
    assert [(p.name, p.role) for p in visit.parties] == [
        ("Saitama", "sender"),
        ("Pittsburgh", "visited"),
    ]
    assert (visit.date_start, visit.date_end) == ("2013-10-28", "2013-11-01")
    # the tie the visit celebrates is dated from the anniversary, not from the visit
    tie = by_kind["agreement"]
    assert (tie.date, tie.agreement_type) == ("1998", "sister")


def test_a_day_alone_takes_the_datelines_month():
    text = (
        "여주시, 일본 방문길 올라\n"
        "등록일 2017/10/31\n"
        "\n"
        "여주시 방문단이 31일 국외 우호협력도시인 일본 사가현 상봉정(가미미네마치) 방문길에 올랐다.\n"
        "\n"
        '시 관계자는 "2004년 우호교류를 맺은 이후 공식 초청으로 방문하는 것은 처음"이라고 설명했다.'
    )
    records = read(text, "ko")
    visit = next(r for r in records if r.kind == "delegation")
    assert [(p.name, p.role, p.country) for p in visit.parties] == [
        ("여주시", "sender", "KR"),
        ("상봉정(가미미네마치)", "visited", "JP"),
    ]
    assert visit.date == "2017-10-31"
    # the tie is dated by the sentence that gives its year without naming the partner
    tie = next(r for r in records if r.kind == "agreement")
    assert (tie.date, tie.agreement_type) == ("2004", "friendship")
    assert tie.evidence["date"]["confidence"] < 0.6


def test_dates_in_a_list_belong_to_the_partner_after_them():
    text = (
        "남양주시는 1999년 4월 전남 강진군과 처음 자매결연을 맺었고, 이어 2000년 9월 강원 "
        "영월군, 2015년 10월 전북 정읍시와 자매결연을 맺었다."
    )
    records = read(text, "ko")
    assert [(r.parties[1].name, r.date) for r in records] == [
        ("강진군", "1999-04"),
        ("영월군", "2000-09"),
        ("정읍시", "2015-10"),
    ]


def test_events_need_a_named_meeting_and_a_date():
    records = read(
        "2018年10月、第12回北東アジア地域国際交流・協力地方政府サミットが富山市で開催された。", "ja"
    )
    assert [(r.kind, r.title, [(p.name, p.role) for p in r.parties], r.date) for r in records] == [
        (
            "event",
            "第12回北東アジア地域国際交流・協力地方政府サミット",
            [("富山市", "host")],
            "2018-10",
        )
    ]
    assert read("The city council meeting discussed the budget on May 5, 2020.", "en") == []


def test_joining_a_network():
    home = HomeParty("札幌市", "JP", line=1, how="title")
    records = read("本市は2005年に国際姉妹都市協会に加盟しました。", "ja", home)
    assert [(r.kind, r.title, [(p.name, p.role) for p in r.parties], r.date) for r in records] == [
        ("network", "国際姉妹都市協会", [("札幌市", "member")], "2005")
    ]


def test_a_celebration_is_an_event_of_the_home_party():
    home = HomeParty("Tsuyama", "JP", line=1, how="title")
    records = read(
        "Tsuyama has been linked with New Mexico's capital since 1997.\n\n"
        "A commemoration ceremony for the 25th anniversary of the sister city relationship "
        "with Santa Fe was held on October 12, 2022.",
        "en",
        home,
    )
    by_kind = {r.kind: r for r in records}
    assert by_kind["agreement"].date == "1997"
    # Santa Fe (Argentina) is the bigger namesake; the document's New Mexico says which
    assert [(p.name, p.country) for p in by_kind["agreement"].parties] == [
        ("Tsuyama", "JP"),
        ("Santa Fe", "US"),
    ]
    event = by_kind["event"]
    assert (event.date, [(p.name, p.role) for p in event.parties]) == (
        "2022-10-12",
        [("Tsuyama", "host")],
    )
    assert "ceremony" in event.title
