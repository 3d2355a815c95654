"""The prose reader on sentences that state several facts at once, or leave part of a fact
to the sentence before: lists of signed pairs, ties of two kinds in one sentence, dates
per partner, youth exchanges, day ranges without a year, a signing dated by the sentence
before it. Sentences written for these tests from real, public facts."""

from __future__ import annotations

from koryu.readers.generic.context import DocContext, HomeParty
from koryu.readers.generic.places import find_places
from koryu.readers.generic.prose import day_only_dates, extract_prose, find_dates
from koryu.readers.generic.triggers import find_triggers


def read(text: str, language: str, home: HomeParty | None = None, year: int | None = None):
    lines = list(enumerate(text.split("\n"), 1))
    ctx = DocContext(name="t.txt", lines=text.split("\n"), language=language, home=home, year=year)
    return extract_prose(lines, ctx)


def pairs(records, kind="agreement"):
    return sorted(
        (tuple(sorted(p.name for p in r.parties)), r.date, r.agreement_type)
        for r in records
        if r.kind == kind
    )


# --- lists of pairs ---------------------------------------------------------------------------


def test_a_list_of_pairs_in_chinese_pairs_each_place_with_the_one_after_it():
    text = (
        "2024年11月19日\n"
        "19日，2024中国国际友好城市大会在云南昆明举行。大会上，内蒙古自治区兴安盟与蒙古国东方省、"
        "黑龙江省大庆市与韩国忠清北道忠州市、广东省中山市与智利纽夫莱大区奇廉市等签署建立友好城市关系协议书。"
    )
    records = read(text, "zh")
    assert pairs(records) == [
        (("东方省", "兴安盟"), "2024-11-19", "friendship"),
        (("中山市", "奇廉市"), "2024-11-19", "friendship"),
        (("大庆市", "忠州市"), "2024-11-19", "friendship"),
    ]
    countries = {p.name: p.country for r in records for p in r.parties}
    assert countries["东方省"] == "MN" and countries["奇廉市"] == "CL"
    # the conference's name holds 友好城市 but states no tie between the places around it
    events = [r for r in records if r.kind == "event"]
    assert [(e.date, e.parties[0].name) for e in events] == [("2024-11-19", "昆明")]


def test_a_list_of_partners_each_with_its_year_after_the_sentence_naming_whose_they_are():
    text = (
        "2020년 5월 1일\n"
        "춘천시의 자매도시는 세 곳입니다. 미국 앤아버시(1998년), 일본 가쿠다시(1983년), "
        "그리고 2005년에 새로 자매도시가 된 부산광역시 수영구입니다."
    )
    records = read(text, "ko", HomeParty(name="춘천시", country="KR"))
    assert pairs(records) == [
        (("가쿠다시", "춘천시"), "1983", "sister"),
        (("수영구", "춘천시"), "2005", "sister"),
        (("앤아버시", "춘천시"), "1998", "sister"),
    ]


def test_a_korean_place_before_the_copula_is_found():
    found = find_places("자매도시가 된 부산광역시 수영구입니다.", "ko")
    assert [m.text for m in found][-1] == "수영구"


def test_a_list_of_pairs_in_korean_with_one_date_before_them():
    text = (
        "2024-11-22\n"
        "19일 오전 열린 체결식에서 중국 산시성 윈청시와 경기도 의왕시, 헤이룽장성 다칭시와 "
        "충청북도 충주시가 자매결연 협약을 맺었다."
    )
    assert pairs(read(text, "ko")) == [
        (("다칭시", "충주시"), "2024-11-19", "sister"),
        (("윈청시", "의왕시"), "2024-11-19", "sister"),
    ]


def test_a_friendship_memorandum_is_a_memorandum_dated_by_the_sentence_before():
    text = (
        "2024-11-22\n"
        "19일 오전 체결식이 열렸다. 또 상하이시 황푸구와 부산광역시 영도구, 상하이시 충밍구와 "
        "제주특별자치도 서귀포시가 각각 2025~2026년 우호교류 양해각서(MOC)를 체결했다."
    )
    assert pairs(read(text, "ko")) == [
        (("서귀포시", "충밍구"), "2024-11-19", "memorandum"),
        (("영도구", "황푸구"), "2024-11-19", "memorandum"),
    ]


def test_an_undated_tie_described_is_not_dated_by_the_sentence_before():
    text = "2019年5月27日に結団式を開きました。姉妹都市である米国キュパティーノ市との交流です。"
    home = HomeParty("豊川市", "JP", 1, "title")
    assert pairs(read(text, "ja", home)) == [(("キュパティーノ市", "豊川市"), None, "sister")]


# --- ties of several kinds in one sentence, dates per partner ----------------------------------


def test_each_partner_takes_the_relation_word_said_of_it():
    text = "姉妹都市である米国キュパティーノ市と友好都市である中国無錫市を訪れる使節団の結団式を開いた。"
    home = HomeParty("豊川市", "JP", 1, "title")
    found = [r for r in read(text, "ja", home) if r.kind == "agreement"]
    types = {r.parties[1].name: r.agreement_type for r in found}
    assert types == {"キュパティーノ市": "sister", "無錫市": "friendship"}


def test_korean_partners_take_their_own_type_and_the_date_written_after_them():
    text = (
        "군포시는 자매결연을 맺은 중국 린이시와 일본 아츠기시, 우호도시인 러시아 우수리스크시의 "
        "청소년이 방문했다고 밝혔다.\n"
        "\n"
        "시는 일본 아츠기시와 2005년 2월, 중국 린이시와 2012년 3월 각각 자매결연 협약을 체결했다."
    )
    home = HomeParty("군포시", "KR", 1, "title")
    assert pairs(read(text, "ko", home)) == [
        (("군포시", "린이시"), "2012-03", "sister"),
        (("군포시", "아츠기시"), "2005-02", "sister"),
        (("군포시", "우수리스크시"), None, "friendship"),
    ]


# --- youth exchanges are programmes -------------------------------------------------------


def test_a_youth_group_visiting_is_a_programme_round_with_its_fiscal_year():
    text = "2013-07-30\n일본 아츠기시의 청소년 20여 명이 지난 22일부터 28일까지 군포를 방문했다."
    home = HomeParty("군포시", "KR", 1, "title")
    (rec,) = [r for r in read(text, "ko", home) if r.kind != "agreement"]
    assert rec.kind == "program"
    assert (rec.date_start, rec.date_end, rec.fiscal_year) == ("2013-07-22", "2013-07-28", "2013")
    assert [(p.name, p.country) for p in rec.parties][0] == ("아츠기시", "JP")


def test_an_official_delegation_stays_a_delegation():
    text = "2018年4月12日、三次市の市長ら6人の訪問団が本市を訪問した。"
    home = HomeParty("泗川市", "KR", 1, "title")
    kinds = {r.kind for r in read(text, "ja", home)}
    assert kinds == {"delegation"}


def test_pupils_listed_in_brackets_do_not_make_a_goodwill_delegation_a_programme():
    text = "昭和62年6月 ケチカン市から第1回親善訪問団来町(20名:先生及び引率4名、中学生16名)"
    home = HomeParty("金山町", "JP", 1, "title")
    kinds = {r.kind for r in read(text, "ja", home)}
    assert kinds == {"delegation"}


# --- dates ----------------------------------------------------------------------------------


def test_ranges_with_weekdays_and_without_a_year():
    (d,) = find_dates("2017年8月30日(水)~9月1日(金)")
    assert (d.iso, d.end_iso) == ("2017-08-30", "2017-09-01")
    (d,) = find_dates("from 8 to 10 October 2019")
    assert (d.iso, d.end_iso) == ("2019-10-08", "2019-10-10")
    (d,) = find_dates("October 8 to 10, 2019")
    assert (d.iso, d.end_iso) == ("2019-10-08", "2019-10-10")
    (d,) = find_dates("25.07.2013")
    assert d.iso == "2013-07-25"
    for text, want in [
        ("지난 22일부터 28일까지", ("2013-07-22", "2013-07-28")),
        ("11월 18일부터 19일까지 열렸다", ("2013-11-18", "2013-11-19")),
        ("пробудет в Иркутске с 23 по 30 июля.", ("2013-07-23", "2013-07-30")),
        ("8日から10日まで滞在", ("2013-07-08", "2013-07-10")),
    ]:
        (d,) = day_only_dates(text, "2013-07-30")
        assert (d.iso, d.end_iso) == want, text


def test_a_day_of_next_month_is_in_the_month_after_the_datelines():
    for text, want in [
        ("방문단은 다음 달 28일 출국한다", "2013-08-28"),
        ("代表団は来月5日に訪れる", "2013-08-05"),
        ("the delegation leaves next month on the 3rd", "2013-08-03"),
        ("방문단은 28일 출국한다", "2013-07-28"),
    ]:
        (d,) = day_only_dates(text, "2013-07-30")
        assert d.iso == want, text
    (d,) = day_only_dates("내달 4일 방문", "2013-12-02")
    assert d.iso == "2014-01-04"


# --- triggers and places ---------------------------------------------------------------------


def test_a_relation_word_inside_a_meetings_name_is_no_tie():
    assert not [
        t for t in find_triggers("2024中国国际友好城市大会在昆明举行") if t.kind == "agreement"
    ]
    assert not [
        t for t in find_triggers("the Sister Cities Conference was held") if t.kind == "agreement"
    ]
    assert [
        t.agreement_type for t in find_triggers("우호교류 양해각서를 체결") if t.kind == "agreement"
    ] == ["memorandum"]


def test_places_run_on_in_chinese_and_acronyms_are_no_places():
    names = [m.text for m in find_places("云南省玉溪市元江县与老挝万象省万荣县", "zh")]
    assert "元江县" in names and "万象省" in names
    assert "副市" not in [m.text for m in find_places("天津市副市长率代表团访问神户", "zh")]
    assert "MOC" not in [m.text for m in find_places("우호교류 양해각서(MOC)를 체결했다", "ko")]


# --- visits told over two mentions or two sentences ------------------------------------------


def test_a_role_said_at_the_second_mention_of_a_place():
    text = (
        "伊勢崎市の国際友好都市である中国・馬鞍山市の市政府から、友好訪問団が伊勢崎市を訪れました。"
    )
    home = HomeParty("伊勢崎市", "JP", 1, "title")
    (visit,) = [r for r in read(text, "ja", home) if r.kind == "delegation"]
    assert [(p.name, p.role) for p in visit.parties] == [
        ("馬鞍山市", "sender"),
        ("伊勢崎市", "visited"),
    ]


def test_the_next_sentence_gives_the_days_of_the_visit_just_told():
    text = (
        "25.07.2013\n"
        "25 июля в администрации Иркутска состоялся официальный прием делегации японских "
        "школьников из города-побратима Канадзавы. Делегация пробудет в Иркутске с 23 по 30 июля."
    )
    home = HomeParty("Иркутск", "RU", 1, "title")
    (visit,) = [r for r in read(text, "ru", home) if r.kind == "program"]
    assert [p.name for p in visit.parties] == ["Канадзава", "Иркутск"]
    assert (visit.date_start, visit.date_end, visit.fiscal_year) == (
        "2013-07-23",
        "2013-07-30",
        "2013",
    )
    assert visit.evidence["date"]["text"] == "с 23 по 30 июля"


def test_a_send_off_names_the_ceremony_and_one_round_per_place_visited():
    text = (
        "2013年5月30日\n"
        "岡崎市が姉妹都市に派遣する中学3年生の使節団の合同結団式が28日、市福祉会館で開かれ、"
        "米国ニューポートビーチ市とスウェーデンのウッデバラ市を訪れる生徒ら45人が出席した。"
    )
    home = HomeParty("岡崎市", "JP", 1, "title")
    records = read(text, "ja", home)
    rounds = sorted(
        (r.parties[1].name, r.parties[1].country) for r in records if r.kind == "program"
    )
    assert rounds == [("ウッデバラ市", "SE"), ("ニューポートビーチ市", "US")]
    (event,) = [r for r in records if r.kind == "event"]
    assert (event.title, event.date, event.parties[0].name) == (
        "合同結団式",
        "2013-05-28",
        "岡崎市",
    )


def test_an_anniversary_dates_the_tie_it_is_said_of():
    text = (
        "2018年8月1日\n"
        "今年是《中日和平友好条约》缔结40周年，也是长春市与岩手县金崎町缔结友好合作城市30周年。"
    )
    (tie,) = [r for r in read(text, "zh", year=2018) if r.kind == "agreement"]
    assert [(p.name, p.country) for p in tie.parties] == [("长春市", "CN"), ("金崎町", "JP")]
    assert tie.date == "1988"


def test_katakana_names_are_whole_words():
    names = [
        m.text for m in find_places("米国ニューポートビーチ市とスウェーデンのウッデバラ市", "ja")
    ]
    assert "ニューポートビーチ市" in names
    assert "とス" not in names


def test_a_schedule_of_rounds_gives_one_round_per_bracketed_range():
    text = (
        "기사입력 2019-04-16\n"
        "올해 대전에 초청하는 청소년단은 ▲일본 삿포로, 러시아 노보시비르스크(7.31.~8.5.) "
        "▲미국 시애틀(8.15.~8.19.)이고, 해외방문 청소년단은 ▲일본 오다시(10.22.~10.26.)으로 확정됐다."
    )
    home = HomeParty("대전시", "KR", 1, "title")
    rounds = [
        ([(p.name, p.role) for p in r.parties], r.date_start, r.date_end, r.fiscal_year)
        for r in read(text, "ko", home)
        if r.kind == "program"
    ]
    assert rounds == [
        (
            [("삿포로", "sender"), ("노보시비르스크", "sender"), ("대전시", "visited")],
            "2019-07-31",
            "2019-08-05",
            "2019",
        ),
        ([("시애틀", "sender"), ("대전시", "visited")], "2019-08-15", "2019-08-19", "2019"),
        ([("대전시", "sender"), ("오다시", "visited")], "2019-10-22", "2019-10-26", "2019"),
    ]


def test_a_group_named_without_a_visit_said_or_dated_is_no_visit():
    text = "모집 분야는 삿포로 청소년단 홈스테이 호스트 10명 등 총 50명이다."
    home = HomeParty("대전시", "KR", 1, "title")
    assert not [r for r in read(text, "ko", home) if r.kind in ("program", "delegation")]


def test_an_anniversary_dates_only_the_tie_stated_in_the_year_it_counts_from():
    text = (
        "甲府市訪問団がデモイン市とリンカーン市を訪問 姉妹都市締結60周年\n"
        "2018年5月1日\n"
        "甲府市とデモイン市は1958年に姉妹都市提携を結び、その後も交流を続けている。"
    )
    records = read(text, "ja", HomeParty(name="甲府市", country="JP"))
    assert pairs(records) == [(("デモイン市", "甲府市"), "1958", "sister")]


def test_a_place_named_bare_keeps_the_country_given_where_it_was_first_named():
    text = (
        "2019年8月2日\n"
        "訪問団一行は中国福建省の石獅市を訪れた。\n"
        "甲府市と石獅市は2001年に友好都市提携を結んだ。"
    )
    records = read(text, "ja", HomeParty(name="甲府市", country="JP"))
    (tie,) = [r for r in records if r.kind == "agreement"]
    assert {p.name: p.country for p in tie.parties}["石獅市"] == "CN"


def test_a_body_asked_for_help_is_no_side_of_a_tie_between_cities():
    text = "2003年10月1日\n友好都市協定の締結に向け、自治体国際化協会に協力を依頼した。"
    records = read(text, "ja", HomeParty(name="水戸市", country="JP"))
    assert not [r for r in records if r.kind == "agreement"]


def test_with_x_names_the_homes_partner_and_a_place_after_it_is_only_where():
    text = (
        "2003年10月1日\n"
        "2004年に予定している台南市との友好都市協定の締結に向けて、台北で協議を行った。"
    )
    records = read(text, "ja", HomeParty(name="水戸市", country="JP"))
    assert pairs(records) == [(("台南市", "水戸市"), "2004", "friendship")]


def test_a_delegations_whole_size_is_its_head_count_not_the_first_part_named():
    text = "2024年2月1日\n市長を団長に、市議会議員4名など総勢11名の訪問団が台南市を訪れた。"
    records = read(text, "ja", HomeParty(name="水戸市", country="JP"))
    (visit,) = [r for r in records if r.kind == "delegation"]
    assert visit.participants_count == 11


def test_a_group_led_by_a_places_head_was_sent_by_that_place():
    text = (
        "2019년 3월 2일\n"
        "2019년 축제 기간에 김철수 수영구청장을 비롯한 12명의 방문단이 시장을 예방했다."
    )
    records = read(text, "ko", HomeParty(name="춘천시", country="KR"))
    (visit,) = [r for r in records if r.kind == "delegation"]
    assert [(p.name, p.role) for p in visit.parties][0] == ("수영구", "sender")


def test_a_month_and_day_of_the_same_year_take_the_year_written_before_them():
    (d,) = day_only_dates("2009年に訪問団を送り、同年5月3日に協定を結んだ", "2011-10-29", False)
    assert d.iso == "2009-05-03"
    (d,) = day_only_dates("2009년 방문 후 같은 해 2월 5일 협정", "2011-10-29", False)
    assert d.iso == "2009-02-05"


def test_a_date_between_a_visit_and_a_tie_in_one_sentence_is_the_ties():
    text = (
        "2020년 5월 1일\n"
        "2018년 김철수 수영구청장을 비롯한 방문단이 시장을 예방했고, "
        "같은 해 4월 9일 양 도시는 우호도시 협정을 맺었습니다."
    )
    records = read(text, "ko", HomeParty(name="춘천시", country="KR"))
    assert pairs(records) == [(("수영구", "춘천시"), "2018-04-09", "friendship")]
