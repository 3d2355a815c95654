"""The generic table, card and list readers on documents of our own, in five languages."""

import pytest

from koryu.readers import read_bytes
from koryu.readers.generic import parse


def _records(text: str, name: str = "doc.txt"):
    records, _ = parse(text, name)
    return records


def _summary(records):
    return [
        (r.kind, [(p.name, p.country) for p in r.parties], r.date, r.agreement_type)
        for r in records
    ]


SAPPORO_TAB = (
    "# source: https://www.city.sapporo.jp/kokusai/sister.html\n"
    "札幌市の姉妹都市・友好都市\n\n"
    "都市名\t国名\t提携日\t種別\n"
    "ポートランド市\tアメリカ合衆国\t1959年11月17日\t姉妹都市\n"
    "ミュンヘン市\tドイツ\tS47.8.28\t姉妹都市\n"
    "瀋陽市\t中国\tS55.11.18\t友好都市\n"
)


def test_tab_table_of_affiliations_gives_one_agreement_per_row():
    records = _records(SAPPORO_TAB)
    assert _summary(records) == [
        ("agreement", [("札幌市", "JP"), ("ポートランド市", "US")], "1959-11-17", "sister"),
        ("agreement", [("札幌市", "JP"), ("ミュンヘン市", "DE")], "1972-08-28", "sister"),
        ("agreement", [("札幌市", "JP"), ("瀋陽市", "CN")], "1980-11-18", "friendship"),
    ]
    first = records[0]
    assert first.evidence["date"] == {"confidence": 0.9, "line": 5, "text": "1959年11月17日"}
    assert 0.8 <= first.confidence <= 0.98
    assert len({r.key for r in records}) == 3


def test_keys_come_from_content_not_line_numbers():
    moved = SAPPORO_TAB.replace(
        "札幌市の姉妹都市・友好都市\n", "札幌市の姉妹都市・友好都市\n\n更新\n"
    )
    assert [r.key for r in _records(SAPPORO_TAB)] == [r.key for r in _records(moved)]


def test_markdown_pipe_table_in_russian_takes_home_from_the_title():
    text = (
        "# Побратимы Иркутска\n\n"
        "| Город | Страна | Дата подписания |\n|---|---|---|\n"
        "| Канадзава | Япония | 1967 г. |\n| Юджин | США | 15.06.1988 |\n"
    )
    assert _summary(_records(text)) == [
        ("agreement", [("Иркутск", "RU"), ("Канадзава", "JP")], "1967", "sister"),
        ("agreement", [("Иркутск", "RU"), ("Юджин", "US")], "1988-06-15", "sister"),
    ]


def test_korean_bulleted_list_with_dotted_dates():
    text = (
        "수원시 자매도시\n\n"
        "- 아사카시(일본) 2003. 10. 10. 우호도시\n"
        "- 클루지나포카(루마니아) 2001. 7. 6. 자매도시\n"
    )
    assert _summary(_records(text)) == [
        ("agreement", [("수원시", "KR"), ("아사카시", "JP")], "2003-10-10", "friendship"),
        ("agreement", [("수원시", "KR"), ("클루지나포카", "RO")], "2001-07-06", "sister"),
    ]


def test_a_document_no_specific_reader_claims_goes_to_the_generic_reader():
    doc = read_bytes(SAPPORO_TAB.encode(), "sapporo.txt")
    assert doc.format == "generic"
    assert len(doc.records) == 3


def test_csv_lines_with_a_rowspan_left_empty_and_a_home_column():
    text = (
        "吉林省の友好提携\n"
        "自治体名,相手先,国名,提携日\n"
        "吉林省,宮城県,日本,1987年6月1日\n"
        ",沿海地方,ロシア,1990年11月19日\n"
        "長春市,仙台市,日本,1980年10月27日\n"
    )
    assert _summary(_records(text)) == [
        ("agreement", [("吉林省", "CN"), ("宮城県", "JP")], "1987-06-01", "friendship"),
        ("agreement", [("吉林省", "CN"), ("沿海地方", "RU")], "1990-11-19", "friendship"),
        ("agreement", [("長春市", "CN"), ("仙台市", "JP")], "1980-10-27", "friendship"),
    ]


def test_pdf_table_with_group_rows_and_sides_named_by_country():
    text = (
        "Sister City Relations Between the U.S. and Northern Japan\n\n"
        "Japanese Prefectures & Cities\tU.S. Counterparts\tDate Signed\n"
        "Hokkaido\n"
        "\tState of Massachusetts\tFebruary 7, 1990\n"
        "Sapporo City\tPortland, Oregon\tNovember 17, 1959\n"
        "Aomori Prefecture\n"
        "Aomori Prefecture\tState of Maine\tMay 25, 1994\n"
    )
    assert [
        ([p.name for p in r.parties], r.parties[1].country, r.date) for r in _records(text)
    ] == [
        (["Hokkaido", "State of Massachusetts"], "US", "1990-02-07"),
        (["Sapporo City", "Portland"], "US", "1959-11-17"),
        (["Aomori Prefecture", "State of Maine"], "US", "1994-05-25"),
    ]


def test_a_member_list_by_year_is_one_network():
    text = (
        "북동아시아 자치단체연합 (NEAR)\n\n"
        "NEAR 가입현황\n"
        "- 1996년 니가타현, 도야마현\n"
        "- 1998년 야마구치현(옵서버)\n"
    )
    (network,) = _records(text)
    assert network.kind == "network"
    assert [(p.name, p.role, p.date_start) for p in network.parties] == [
        ("니가타현", "member", "1996"),
        ("도야마현", "member", "1996"),
        ("야마구치현", "observer", "1998"),
    ]


def test_a_card_cut_by_sub_headings_is_one_agreement():
    text = (
        "姉妹提携データ\n\n"
        "自治体情報\n"
        "自治体名称\t神戸市\n\n"
        "提携相手先情報\n"
        "提携相手先\t天津市\n"
        "国・地域名\t中国\n\n"
        "提携情報\n"
        "提携年月日\t1973/06/24\n"
        "提携の種類\t友好都市\n"
    )
    assert _summary(_records(text)) == [
        ("agreement", [("神戸市", "JP"), ("天津市", "CN")], "1973-06-24", "friendship")
    ]


def test_entries_inline_in_text_under_a_vertically_written_home():
    text = (
        "姉妹都市等提携状況一覧表(国外)\n"
        "前\n橋\n市\n"
        "オルヴィエート市(イタリア共和国ウンブリア州・H9.12.12友好都市提携)、バーミングハム市(アメリカ合衆国アラ\n"
        "バマ州・H10.10.21友好都市提携)\n"
        "沼\n田\n"
        "市 フュッセン市(ドイツ連邦共和国バイエルン州・H7.9.29姉妹都市提携)\n"
    )
    assert _summary(_records(text)) == [
        ("agreement", [("前橋市", "JP"), ("オルヴィエート市", "IT")], "1997-12-12", "friendship"),
        ("agreement", [("前橋市", "JP"), ("バーミングハム市", "US")], "1998-10-21", "friendship"),
        ("agreement", [("沼田市", "JP"), ("フュッセン市", "DE")], "1995-09-29", "sister"),
    ]


def test_a_meeting_history_gives_one_event_per_row():
    text = (
        "World Conferences of Historical Cities\n\n"
        "\tHost city\tPeriod\tParticipating cities\n"
        "1st Conf.\tKyoto (Japan)\tNov. 18-21, 1987\t26 (25 countries)\n"
        "7th Conf.\tMontpellier (France)\tJuly 5-8, 2000\t\n"
    )
    events = _records(text)
    assert [
        (e.kind, [(p.name, p.role, p.country) for p in e.parties], e.date_start, e.date_end,
         e.participants_count)
        for e in events
    ] == [
        ("event", [("Kyoto", "host", "JP")], "1987-11-18", "1987-11-21", 26),
        ("event", [("Montpellier", "host", "FR")], "2000-07-05", "2000-07-08", None),
    ]  # fmt: skip


@pytest.mark.django_db
def test_generic_records_are_stored_with_confidence_and_re_ingest_matches_them():
    from koryu.catalog.export import iter_dicts
    from koryu.catalog.importer import import_document

    import_document(read_bytes(SAPPORO_TAB.encode(), "sapporo.txt"))
    stored = sorted(iter_dicts(), key=lambda r: r["date"] or "")
    assert [(r["kind"], r["date"], [p["name"] for p in r["parties"]]) for r in stored] == [
        ("agreement", "1959-11-17", ["札幌市", "ポートランド市"]),
        ("agreement", "1972-08-28", ["札幌市", "ミュンヘン市"]),
        ("agreement", "1980-11-18", ["札幌市", "瀋陽市"]),
    ]
    assert all(0.8 <= r["confidence"] <= 0.98 for r in stored)
    edited = SAPPORO_TAB.replace("都市名\t", "\n更新しました\n\n都市名\t")
    report = import_document(read_bytes(edited.encode(), "sapporo.txt"))
    assert report.updated + report.unchanged == 3 and report.inserted == 0


def test_traditional_chinese_headers_and_the_kind_named_by_the_partner_header():
    text = (
        "江蘇省\n\n"
        "江蘇省管轄區\t友好管轄區\t國家或地區\t結好日期\n"
        "江蘇省\t愛知縣\t日本\t1980年7月28日\n"
        "\t江原道\t北韓\t1984年11月8日\n"
    )
    assert _summary(_records(text)) == [
        ("agreement", [("江蘇省", "CN"), ("愛知縣", "JP")], "1980-07-28", "friendship"),
        ("agreement", [("江蘇省", "CN"), ("江原道", "KP")], "1984-11-08", "friendship"),
    ]


def test_korean_consulate_table_two_sides_and_a_grouping_column():
    text = (
        "관할지역 자매·우호도시 현황\n\n"
        "현\t교류 지역\t한국 측\t교류체결일\t비고\n"
        "히로시마현 (6)\t히로시마시\t대구광역시\t1997.05.02\t자매도시\n"
        "\t후쿠야마시\t포항시\t1979.01.19\t자매도시\n"
    )
    assert [
        (sorted(p.name for p in r.parties), r.date, r.agreement_type) for r in _records(text)
    ] == [
        (["대구광역시", "히로시마시"], "1997-05-02", "sister"),
        (["포항시", "후쿠야마시"], "1979-01-19", "sister"),
    ]


def test_a_chronology_table_is_read_row_by_row_as_sentences():
    text = (
        "札幌市の交流のあゆみ\n\n"
        "年月\t内容\n"
        "1959年11月\t札幌市とポートランド市が姉妹都市提携を締結しました。\n"
        "1960年5月\tポートランド市長が札幌市を訪問しました。\n"
    )
    records = _records(text)
    agreements = [r for r in records if r.kind == "agreement"]
    assert [(sorted(p.name for p in r.parties), r.date[:4]) for r in agreements] == [
        (["ポートランド市", "札幌市"], "1959")
    ]


def test_a_partner_page_names_the_partner_above_its_data_card():
    text = (
        "# source: https://www.city.kobe.lg.jp/a/b/tianjin.html\n"
        "友好都市:天津 | 神戸市\n"
        "ここから本文です。\n"
        "天津(中国)\n"
        "都市データ\n\n"
        "人口\t1,363万人\n"
        "友好都市提携\t1973年6月24日\n"
    )
    assert _summary(_records(text)) == [
        ("agreement", [("神戸市", "JP"), ("天津", "CN")], "1973-06-24", "friendship")
    ]
