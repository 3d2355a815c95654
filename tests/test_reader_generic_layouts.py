"""The generic readers on layouts the first tables and cards did not cover: a member table
whose second column names each member's governing body, a member table by country with a
count column and all the members of a country in one cell, a trip report's card, and a
title that names the place visited rather than the home. Documents of our own, written
from real, public facts."""

from koryu.readers.generic import parse
from koryu.readers.generic.columns import header_role
from koryu.readers.generic.context import build_context


def _records(text: str, name: str = "doc.txt"):
    records, _ = parse(text, name)
    return records


CITYNET = (
    "Report of the Sixth Session of the General Council of CITYNET\n"
    "\n"
    "The Sixth Session of the General Council of CITYNET was held on 9 September 2009 at "
    "Pacifico Yokohama, Yokohama, Japan, where the City of Yokohama hosted the 2009 CITYNET "
    "Congress.\n"
    "\n"
    "The attending full members included the following:\n"
    "\n"
    "Name of City\tMunicipality\n"
    "Bandung\tMunicipal Government of Bandung\n"
    "Bangkok\tBangkok Metropolitan Administration\n"
    "Busan\tBusan Metropolitan City\n"
    "Colombo\tColombo Municipal Council\n"
    "Hanoi\tHanoi People's Committee\n"
)


def test_a_column_naming_each_members_governing_body_is_not_a_partner():
    records = _records(CITYNET)
    assert not [r for r in records if r.kind == "agreement"]
    (network,) = [r for r in records if r.kind == "network"]
    assert [p.name for p in network.parties] == ["Bandung", "Bangkok", "Busan", "Colombo", "Hanoi"]
    assert {p.role for p in network.parties} == {"member"}


def test_a_session_held_is_an_event_hosted_by_the_city_that_hosted_it():
    (event,) = [r for r in _records(CITYNET) if r.kind == "event"]
    assert event.title.startswith("The Sixth Session of the General Council")
    assert event.date == "2009-09-09"
    assert [(p.name, p.country) for p in event.parties] == [("Yokohama", "JP")]


NEAR_BY_COUNTRY = (
    "北東アジア地域自治体連合(NEAR)\n"
    "\n"
    "2 会員自治体(抜粋)\n"
    "\n"
    "国名\t自治体数\t自治体名\n"
    "日本\t3\t青森県、山形県、新潟県\n"
    "中国\t2\t黒龍江省、山東省\n"
    "韓国\t2\t釜山広域市、京畿道\n"
)


def test_a_member_table_by_country_lists_each_member_of_a_cell():
    assert header_role("自治体数")[0] == "count"
    (network,) = _records(NEAR_BY_COUNTRY)
    assert network.kind == "network"
    assert [(p.name, p.country) for p in network.parties] == [
        ("青森県", "JP"),
        ("山形県", "JP"),
        ("新潟県", "JP"),
        ("黒龍江省", "CN"),
        ("山東省", "CN"),
        ("釜山広域市", "KR"),
        ("京畿道", "KR"),
    ]


TRIP_REPORT = (
    "台南市訪問報告書\n"
    "水戸市長 高橋 靖\n"
    "\n"
    "項目\t内容\n"
    "訪問日\t令和6年1月31日(水)\n"
    "訪問先\t台湾 台南市政府\n"
    "目的\t台南市長への表敬訪問及び今後の交流に関する意見交換\n"
    "随行\t市長公室職員\n"
)


def test_a_title_naming_the_place_visited_does_not_make_it_the_home():
    ctx = build_context(TRIP_REPORT, "report.txt", "ja")
    assert (ctx.home.name, ctx.home.country) == ("水戸市", "JP")


def test_a_trip_reports_card_is_one_visit_of_the_home_to_the_place_visited():
    (visit,) = _records(TRIP_REPORT)
    assert visit.kind == "delegation"
    assert [(p.name, p.country, p.role) for p in visit.parties] == [
        ("水戸市", "JP", "sender"),
        ("台南市", "TW", "visited"),
    ]
    assert visit.date == "2024-01-31"


def test_a_trip_cards_make_up_gives_the_head_count_and_each_place_listed_is_visited():
    text = (
        "水戸市訪問団報告\n"
        "水戸市長 高橋 靖\n"
        "\n"
        "項目\t内容\n"
        "訪問先\t台南市、高雄市\n"
        "期間\t令和6年1月30日〜2月1日\n"
        "構成\t市長を団長に、市議会議員4名など総勢11名\n"
    )
    (visit,) = _records(text)
    assert [(p.name, p.role) for p in visit.parties] == [
        ("水戸市", "sender"),
        ("台南市", "visited"),
        ("高雄市", "visited"),
    ]
    assert visit.participants_count == 11


def test_a_news_outlet_in_the_first_line_is_not_the_home():
    text = "Council News, 29 August 2024\n\nSister city delegation visits Central Highlands\n"
    ctx = build_context(text, "news.txt", "en")
    assert ctx.home is None or ctx.home.name != "Council"
