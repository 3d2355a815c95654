"""multilateral-cases reader and writer: seed 001 field by field, and documents of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import seed_path
from koryu.normalize.sectors import classify_sectors
from koryu.readers import ReaderError, detect_format, read_bytes
from koryu.readers import multilateral as reader
from koryu.records import SECTORS
from koryu.writers.multilateral import render

FIXTURES = Path(__file__).parent / "fixtures"
CONF, PEOPLE = "conference", "people_exchange"


def _parse(path: Path):
    return reader.parse(path.read_text(encoding="utf-8"), path.name)


@pytest.fixture(scope="module")
def seed():
    records, findings = _parse(seed_path("001"))
    return {r.key: r for r in records}, records, findings


def _parties(record):
    return [(p.role, p.name, p.country) for p in record.parties]


# (title, section, fiscal_year, fiscal_year_raw, parties, urls, participants_count, network title)
SEED_CASES = [
    ("世界冬の都市市長会", CONF, None, "", [
        ("implementer", "北海道札幌市", "JP"), ("implementer", "世界冬の都市市長会", None),
        ("secretariat", "札幌市", None)],
     ["http://www.city.sapporo.jp/somu/kokusai/wwcam/index-j.html"], 20, "世界冬の都市市長会"),
    ("日仏自治体交流会議", CONF, "2010", "平成22年度", [("implementer", "福島県白河市", "JP")],
     ["https://www.clair.or.jp/j/clairinfo/koushinka/index.html#nichi-futsu"], None, None),
    ("シティーズ・フォー・モビリティ", CONF, "2007-2009", "平成19~21年度",
     [("implementer", "埼玉県さいたま市", "JP")], ["http://www.cities-for-mobility.net/"], None,
     "シティーズ・フォー・モビリティ"),
    ("都市・自治体連合(United Cities and Local Governments, UCLG)への加盟", CONF, "2003-",
     "平成15年度~", [("implementer", "静岡県浜松市", "JP"), ("partner", "都市・自治体連合", None)],
     ["http://uclg-hamamatsu.jp", "http://www.uclg-aspac2010.org"], None, "都市・自治体連合"),
    ("世界ニューキャッスル(新城)サミット", CONF, "2010", "平成22年度 (平成10年度より2年おきに実施)", [
        ("implementer", "愛知県新城市", "JP"), ("partner", "ヌシャテル市", "CH"),
        ("partner", "ニューキャッスル市", "ZA"), ("partner", "ノイブルグ市", "DE"),
        ("partner", "アポインタインニューキャッスル市", "GB"),
        ("partner", "インディアナ州ニューキャッスル市", "US")],
     ["http://www.city.shinshiro.lg.jp/index.cfm/7,20947,162,684,html"], None,
     "世界ニューキャッスルアライアンス"),
    ("釜山・上海・大阪ゴールデン・トライアングル推進事業", CONF, "2005-", "平成17年度~", [
        ("implementer", "大阪府大阪市", "JP"), ("implementer", "上海市", None),
        ("implementer", "釜山広域市", None), ("partner", "中国", "CN"), ("partner", "韓国", "KR")],
     ["http://www.osaka-info.jp/jp/press/pdf/20100420.pdf"], None, None),
    ("北東アジア地域自治体連合", CONF, "1996-", "平成8年度~", [
        ("implementer", "兵庫県", "JP"), ("implementer", "北東アジア地域自治体連合", None)],
     ["http://www.neargov.org/app/index.jsp?lang=jp"], 70, "北東アジア地域自治体連合"),
    ("日韓海峡沿岸県市道交流知事会議", CONF, "1992-", "平成4年度~", [
        ("implementer", "山口県", "JP"), ("implementer", "福岡県", "JP"),
        ("implementer", "佐賀県", "JP"), ("implementer", "長崎県", "JP"),
        ("partner", "釜山広域市", "KR"), ("partner", "全羅南道", "KR"),
        ("partner", "慶尚南道", "KR"), ("partner", "済州特別自治道", "KR")],
     ["http://www.japan-korea-strait8.org/"], None, None),
    ("3都市・3大学国際シンポジウム", CONF, "2008-", "平成20年度~", [
        ("implementer", "山口県山口市", "JP"), ("implementer", "昌原市", "KR"),
        ("implementer", "済南市", "CN"), ("partner", "慶尚南道昌原市", "KR"),
        ("partner", "山東省済南市", "CN")],
     ["http://www.city.yamaguchi.lg.jp/somu/etc/kokusai/index.html"], None, None),
    ("東アジア経済交流推進機構", CONF, "2004-", "平成16年度~", [
        ("implementer", "福岡県北九州市", "JP"), ("implementer", "東アジア経済交流推進機構", None),
        ("partner", "大連市", "CN"), ("partner", "青島市", "CN"), ("partner", "天津市", "CN"),
        ("partner", "烟台市", "CN"), ("partner", "釜山広域市", "KR"),
        ("partner", "仁川広域市", "KR"), ("partner", "蔚山広域市", "KR"),
        ("partner", "福岡県福岡市", "JP"), ("partner", "山口県下関市", "JP")],
     ["http://www.pysih.net/j/outline/"], None, "東アジア経済交流推進機構"),
    ("国際徐福シンポジウム開催", CONF, "2008", "平成20年度", [
        ("implementer", "佐賀県佐賀市", "JP"), ("partner", "江蘇省連雲港市", "CN"),
        ("partner", "浙江省慈渓市", "CN"), ("partner", "西帰浦市", "KR")], [], None, None),
    ("島嶼観光政策フォーラム", CONF, "1997-", "平成9年度~", [
        ("implementer", "沖縄県", "JP"), ("implementer", "済州特別自治道", "KR"),
        ("implementer", "海南省", "CN"), ("implementer", "バリ州", "ID"),
        ("implementer", "ハワイ州", "US"), ("implementer", "カナリア諸島", "ES"),
        ("implementer", "南部州", "LK"), ("implementer", "ザンジバル自治区", "TZ"),
        ("observer", "プーケット", "TH"), ("observer", "セブ市", "PH"),
        ("observer", "カンポンチャム州", "KH"), ("observer", "プリンスエドワードアイランド州", "CA")],
     ["http://itop-forum.org/2010/"], None, "島嶼観光政策フォーラム"),
    ("姉妹都市カナダアシュクラフト村訪問団受入事業", PEOPLE, "2010", "平成22年度", [
        ("implementer", "北海道美深町", "JP"), ("partner", "アシュクラフト村", "CA"),
        ("partner", "福岡県添田町", "JP")],
     ["http://www.nayoro-np.com/news/2010-07-26.html"], None, None),
    ("平成22年度(第11回)青少年海外派遣事業", PEOPLE, "2010", "平成22年度", [
        ("implementer", "岩手県陸前高田市", "JP"), ("implementer", "気仙広域連合", None),
        ("implementer", "大船渡市教育委員会", None), ("implementer", "陸前高田市教育委員会", None),
        ("implementer", "住田町教育委員会", None), ("partner", "ロサンゼルス市", "US"),
        ("partner", "サンディエゴ市", "US")], ["http://www.kesen-koiki.jp/"], None, None),
    ("英国友好親善交流事業", PEOPLE, "2010", "平成22年度", [
        ("implementer", "宮城県蔵王町", "JP"), ("implementer", "みやぎ蔵王三源郷推進協議会", None),
        ("partner", "ウエールズ州フリントシャー県", "GB")], [], None, None),
    ("ガーデナ市青少年団、メダン市青少年代表団受入れ事業", PEOPLE, "2010", "平成22年度", [
        ("implementer", "千葉県市川市", "JP"), ("implementer", "市川市国際交流協会", None),
        ("partner", "カリフォルニア州ガーデナ市", "US"), ("partner", "北スマトラ州メダン市", "ID")],
     [], None, None),
    ("環日本海定期貨客船航路を利用した国際交流事業", PEOPLE, "2009-", "平成21年度~", [
        ("implementer", "鳥取県境港市", "JP"), ("partner", "東海市", "KR"),
        ("partner", "ウラジオストク市", "RU")], [], None, None),
]  # fmt: skip


def test_seed_001_has_17_cases_12_conference_5_people(seed):
    _, records, _ = seed
    programs = [r for r in records if r.kind == "program"]
    assert len(programs) == 17
    sections = [r.extra["section"] for r in programs]
    assert sections.count(CONF) == 12 and sections.count(PEOPLE) == 5


@pytest.mark.parametrize("case", SEED_CASES, ids=[c[0][:12] for c in SEED_CASES])
def test_seed_001_case_fields(seed, case):
    title, section, fy, fy_raw, parties, urls, count, network = case
    _, records, _ = seed
    (record,) = [r for r in records if r.kind == "program" and r.title == title]
    assert record.extra["section"] == section
    assert (record.fiscal_year, record.fiscal_year_raw) == (fy, fy_raw)
    assert _parties(record) == parties
    assert record.urls == urls
    assert record.participants_count == count
    assert record.activities and "\n\n" not in record.activities
    assert record.language == "ja" and record.status is None
    assert set(record.sectors) <= set(SECTORS)
    if network is None:
        assert record.related_keys == []
    else:
        (key,) = record.related_keys
        by_key = seed[0]
        assert by_key[key].kind == "network" and by_key[key].title == network
        assert by_key[key].related_keys == [record.key]
        assert (by_key[key].line_start, by_key[key].line_end) == (
            record.line_start,
            record.line_end,
        )


def test_seed_001_line_spans_and_chrome(seed):
    _, records, _ = seed
    programs = [r for r in records if r.kind == "program"]
    assert (programs[0].line_start, programs[0].line_end) == (23, 30)
    assert (programs[-1].line_start, programs[-1].line_end) == (187, 195)  # contact block not in it
    starts = [r.line_start for r in programs]
    assert starts == sorted(starts)
    assert all(a.line_end < b.line_start for a, b in zip(programs, programs[1:], strict=False))
    assert not any("shimai@" in r.activities or "5213" in r.activities for r in records)


def test_seed_001_keys_are_unique_and_stable(seed):
    _, records, _ = seed
    keys = [r.key for r in records]
    assert len(keys) == len(set(keys))
    again, _ = reader.parse(seed_path("001").read_text(encoding="utf-8"), "renamed.txt")
    assert [r.key for r in again] == keys


def test_seed_001_details_of_some_cases(seed):
    by_key, records, findings = seed
    wwcam = by_key["program:世界冬の都市市長会"]
    assert wwcam.parties[1].note == "事務局:札幌市"
    assert "10カ国20都市" in wwcam.extra["partner_summary"]
    mobility = by_key["program:シティーズ・フォー・モビリティ"]
    assert mobility.extra["subtitle"].endswith("自治体ネットワーク")
    assert mobility.description == mobility.extra["subtitle"]
    assert mobility.parties[0].note == "都市局、環境局"
    assert mobility.extra["url_labels"] == {"http://www.cities-for-mobility.net/": "英語"}
    # "本年度は参加せず" says nothing on whether the program continues: a finding, no status
    assert [f.code for f in mobility.findings] == ["status-unclear"]
    assert [f.code for f in findings] == ["status-unclear"]
    newcastle = next(r for r in records if r.title.startswith("世界ニューキャッスル"))
    assert newcastle.extra["fiscal_year_note"] == "平成10年度より2年おきに実施"
    assert newcastle.extra["aliases"] == ["世界ニューキャッスルアライアンス"]
    uclg = next(r for r in records if r.title.endswith("への加盟"))
    assert uclg.line_end - uclg.line_start == 15  # a multi-line activities and details block
    assert uclg.activities.startswith("<取組内容>") and uclg.activities.count("\n") == 7
    assert uclg.extra["references"] == [
        "「自治体国際化フォーラム」 2010年8月号 ”わがまちの国際交流” 記事"
    ]
    assert by_key["program:3都市・3大学国際シンポジウム"].parties[1].note == "輪番"
    near = by_key["program:北東アジア地域自治体連合"]
    assert near.parties[1].note == "自治体間の国際機構"
    assert "disaster_prevention" in near.sectors and "environment" in near.sectors
    assert "partner_note" in by_key["program:国際徐福シンポジウム開催"].extra
    assert by_key["program:国際徐福シンポジウム開催"].sectors == []  # 連雲港 is no port


def test_seed_001_networks(seed):
    by_key, records, _ = seed
    networks = {r.title: r for r in records if r.kind == "network"}
    assert sorted(networks) == sorted([
        "世界冬の都市市長会", "シティーズ・フォー・モビリティ", "都市・自治体連合",
        "世界ニューキャッスルアライアンス", "北東アジア地域自治体連合", "東アジア経済交流推進機構",
        "島嶼観光政策フォーラム"])  # fmt: skip
    assert _parties(networks["世界冬の都市市長会"]) == [
        ("member", "北海道札幌市", "JP"), ("secretariat", "札幌市", None)]  # fmt: skip
    assert networks["世界冬の都市市長会"].participants_count == 20
    assert networks["都市・自治体連合"].extra["aliases"] == [
        "United Cities and Local Governments", "UCLG"]  # fmt: skip
    assert _parties(networks["都市・自治体連合"]) == [("member", "静岡県浜松市", "JP")]
    assert networks["都市・自治体連合"].fiscal_year == "2003-"
    near = networks["北東アジア地域自治体連合"]
    assert [p.name for p in near.parties] == [
        "兵庫県", "青森", "山形", "新潟", "富山", "石川", "福井", "京都", "鳥取", "島根"]  # fmt: skip
    assert {p.role for p in near.parties} == {"member"} and near.participants_count == 70
    assert len(networks["東アジア経済交流推進機構"].parties) == 10  # 会員10都市
    forum = networks["島嶼観光政策フォーラム"]
    assert [p.role for p in forum.parties].count("member") == 8
    assert [p.role for p in forum.parties].count("observer") == 4
    alliance = networks["世界ニューキャッスルアライアンス"]
    assert [p.name for p in alliance.parties][0] == "愛知県新城市" and len(alliance.parties) == 6
    assert networks["シティーズ・フォー・モビリティ"].description.endswith("自治体ネットワーク")


def _comparable(record):
    data = record.to_dict()
    for key in ("line_start", "line_end"):
        data.pop(key)
    for finding in data["findings"]:
        finding.pop("line")
    return data


@pytest.mark.parametrize("path", ["001", "multilateral_rivers.txt", "multilateral_harbours.txt"])
def test_round_trip_through_the_writer(path):
    source = seed_path(path) if path == "001" else FIXTURES / path
    records, _ = _parse(source)
    again, _ = reader.parse(render(records), "rendered.txt")
    assert [_comparable(r) for r in again] == [_comparable(r) for r in records]


# -- documents of our own ------------------------------------------------------------------


def test_own_document_rivers():
    records, findings = _parse(FIXTURES / "multilateral_rivers.txt")
    by_key = {r.key: r for r in records}
    assert [r.key for r in records] == [
        "program:大河流域都市市長会", "network:大河流域都市市長会",
        "program:国際防災都市ネットワークへの加盟", "network:国際防災都市ネットワーク",
        "program:大河流域都市市長会#2", "program:山岳高校生交流キャンプ", "program:黒潮沿岸交流"]  # fmt: skip
    mayors = by_key["program:大河流域都市市長会"]
    assert (mayors.line_start, mayors.line_end) == (9, 17)
    assert mayors.fiscal_year == "2020-"
    assert _parties(mayors) == [
        ("implementer", "新潟県長岡市", "JP"), ("implementer", "大河流域都市市長会", None),
        ("secretariat", "長岡市", None), ("partner", "ケルン市", "DE"),
        ("partner", "晋州市", "KR"), ("partner", "ホイアン市", "VN")]  # fmt: skip
    assert mayors.urls == ["https://example.org/rivers/mayors", "https://example.org/rivers/en"]
    assert "water" in mayors.sectors and "tourism" in mayors.sectors
    assert mayors.activities.count("\n") == 1
    network = by_key["network:大河流域都市市長会"]
    assert [p.role for p in network.parties] == ["member"] * 4 + ["secretariat"]
    joined = by_key["program:国際防災都市ネットワークへの加盟"]
    assert (joined.fiscal_year, joined.status, joined.participants_count) == (
        "2015-2019",
        "ended",
        30,
    )
    assert joined.urls == [] and joined.related_keys == ["network:国際防災都市ネットワーク"]
    assert by_key["network:国際防災都市ネットワーク"].status == "ended"
    again = by_key["program:大河流域都市市長会#2"]
    assert again.related_keys == [] and again.fiscal_year == "2018"
    camp = by_key["program:山岳高校生交流キャンプ"]
    assert camp.extra["section"] == "people_exchange"
    assert _parties(camp) == [
        ("implementer", "長野県松本市", "JP"), ("implementer", "長野県安曇野市", "JP"),
        ("partner", "グリンデルワルト村", "CH"), ("partner", "カトマンズ市", "NP")]  # fmt: skip
    assert camp.extra["url_labels"] == {"https://example.org/camp/2019": "キャンプ報告"}
    kuroshio = by_key["program:黒潮沿岸交流"]
    assert kuroshio.status == "suspended" and kuroshio.fiscal_year is None
    assert kuroshio.extra["section"] is None and kuroshio.extra["section_title"] == "その他"
    assert kuroshio.line_end == 49  # the contact block after it is not part of it
    assert [f.code for f in findings] == ["unknown-section"]


def test_own_document_harbours_without_sections():
    records, findings = _parse(FIXTURES / "multilateral_harbours.txt")
    training, union, alliance = records
    assert training.extra["section"] is None and "section_title" not in training.extra
    assert training.description == "港湾管理者の職員を相互に受け入れる研修"
    assert _parties(training) == [
        ("implementer", "兵庫県姫路市", "JP"), ("implementer", "姫路市港湾局", None),
        ("implementer", "播磨港湾協会", None), ("partner", "寧波市", "CN"),
        ("partner", "舟山市", "CN"), ("partner", "レムチャバン市", "TH")]  # fmt: skip
    assert training.sectors == ["port"] and training.related_keys == []
    assert alliance.kind == "network" and alliance.title == "北太平洋港湾都市アライアンス"
    assert union.related_keys == [alliance.key] and alliance.related_keys == [union.key]
    # the body's former name is not a member of itself
    assert [p.name for p in alliance.parties] == [
        "北海道函館市", "アラスカ州ジュノー市", "カムチャツカ地方ペトロパブロフスク・カムチャツキー市", "函館市"]  # fmt: skip
    assert findings == []


def test_sniff_and_detection():
    seed = seed_path("001").read_text(encoding="utf-8")
    assert reader.sniff(seed) >= 0.9
    assert detect_format(seed, "001.txt") == reader.FORMAT
    assert reader.sniff(seed_path("002").read_text(encoding="utf-8")) < 0.5
    assert reader.sniff("") == 0.0


def test_no_case_is_an_error_naming_the_document():
    with pytest.raises(ReaderError, match=r"^page\.txt: no case found"):
        reader.parse("見出し\n本文だけのページ\n", "page.txt")


def test_case_without_title_names_its_line():
    text = "前書き\n情報提供自治体名 高知県\n実施年度 平成22年度\n団体名 高知県\n"
    with pytest.raises(ReaderError, match=r"^x\.txt:2: case without"):
        reader.parse(text, "x.txt")


def test_read_bytes_on_legacy_encodings_of_the_seed(tmp_path):
    text = seed_path("001").read_text(encoding="utf-8").replace("\u00a0", " ")
    expected = read_bytes(text.encode("utf-8"), "001.txt")
    for encoding in ("cp932", "euc_jis_2004"):  # plain EUC-JP lacks the circled numbers
        path = tmp_path / f"001-{encoding}.txt"
        path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
        document = read_bytes(path.read_bytes(), path.name)
        assert document.encoding == encoding and document.format == reader.FORMAT
        assert [_comparable(r) for r in document.records] == [
            _comparable(r) for r in expected.records
        ]
        assert document.line_count == expected.line_count


def test_sectors_classifier():
    assert classify_sectors("上下水道分野の技術協力") == ["water"]
    assert classify_sectors("連雲港市と境港市") == []  # port names are not ports
    assert classify_sectors("港湾使用料の減免") == ["port"]
    assert classify_sectors("ICT分野の交流") == ["ict"]
    assert classify_sectors("it is what it is") == []
    assert classify_sectors("") == []
