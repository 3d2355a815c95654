"""The case-card reader: every card of seed 003 field by field, our own documents,
truncated documents, and the writer round trip."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import seed_path
from koryu.readers import case_cards
from koryu.readers.base import ReaderError
from koryu.records import Contact, Party, Record
from koryu.writers.case_cards import render

FIXTURES = Path(__file__).parent / "fixtures"

# Seed 003 facts, written by hand: number -> (title, japanese, foreign, date, date_raw,
# agreement_type, relisted, urls, contacts [(organization, department, phones, emails)])
SAPPORO, SHENYANG, KAWASAKI = "北海道札幌市", "中華人民共和国遼寧省瀋陽市", "神奈川県川崎市"
ZHEJIANG, SHIZUOKA = "中華人民共和国浙江省", "静岡県"
KAWASAKI_WATER = ("", "上下水道局 経営管理部 経営企画課 国際事業推進担当", ["044-200-3739"], ["80keikan@city.kawasaki.jp"])  # fmt: skip
KAWASAKI_ENV = ("", "環境局 環境技術情報センター", ["044-522-3285"], ["30kokuse@city.kawasaki.jp"])
SHIZUOKA_DESK = ("", "地域外交課", ["054-221-2309"], ["kokusai@pref.shizuoka.lg.jp"])
OSAKA_CONTACT = (["06-6208-7246"], ["aa0006@city.osaka.lg.jp"])

SEED_CARDS = {
    1: ("札幌市建設局と瀋陽市都市建設管理局の友好合作協議書", [SAPPORO], [SHENYANG], "1996-06-24",
        "平成8（1996）年6月24日", "friendship", False, [],
        [("", "建設局 総務部総務課", ["011-211-2444"], [])]),
    2: ("札幌市水道局と瀋陽市自來水總公司の友好合作協議書", [SAPPORO], [SHENYANG], "1990-09-09",
        "平成2（1990）年9月9日", "sector", False, [],
        [("", "水道局 総務部 企画課", ["011-211-7014"], [])]),
    3: ("日本国北海道札幌市・中華人民共和国浙江省杭州市交流覚書", [SAPPORO], ["中華人民共和国浙江省杭州市"],
        "2004-07-30", "平成16（2004）年7月30日", "memorandum", True, [],
        [("", "総務局国際部", ["011-211-2032"], ["kokusai@city.sapporo.jp"])]),
    4: ("川崎市・瀋陽市循環経済発展協力に関する覚書", [KAWASAKI], [SHENYANG], "2011-05-18",
        "平成23（2011）年5月18日", "memorandum", False,
        ["http://www.city.kawasaki.jp/30/30kokuse/home/index.html"], [KAWASAKI_ENV]),
    5: ("川崎市環境技術情報センター、公害研究所、公害監視センターと瀋陽環境科学研究院、環境監測センターの協力に関する覚書",
        [KAWASAKI], [SHENYANG], "2012-05-23", "平成24（2012）年5月23日", "memorandum", False,
        ["http://eri-kawasaki.jp/modules/pico/index.php?content_id=66"], [KAWASAKI_ENV]),
    6: ("川崎市上下水道局と瀋陽水務集団有限公司の友好協力協定", [KAWASAKI], [SHENYANG], "2012-05-23",
        "平成24（2012）年5月23日", "sector", True,
        ["http://www.city.kawasaki.jp/80/80syomu/home/international/koryu.html"], [KAWASAKI_WATER]),
    7: ("静岡県と浙江省の防災に関する相互応援協定", [SHIZUOKA], [ZHEJIANG], "2008-12-08",
        "平成20（2008）年12月8日", "sector", False, [], [SHIZUOKA_DESK]),
    8: ("静岡県と浙江省の環境分野における友好協力協定", [SHIZUOKA], [ZHEJIANG], "2010-10-12",
        "平成22（2010）年10月12日", "sector", False, [], [SHIZUOKA_DESK]),
    9: ("日本国青森県－大韓民国済州特別自治道友好交流協定", ["青森県"], ["大韓民国済州特別自治道"],
        "2011-12-07", "平成23（2011）年12月7日", "friendship", True, [],
        [("", "企画政策部交通政策課", ["017-734-9153"], ["kotsu@pref.aomori.lg.jp"])]),
    10: ("日本国青森県六ヶ所村と大韓民国江原道襄陽郡間の職員相互派遣に関する協定", ["青森県六ヶ所村"],
         ["大韓民国江原道襄陽郡"], "2001-02-01", "平成13(2001)年2月1日", "staff_exchange", False, [],
         [("", "国際教育センター", ["0175-73-8575"], ["rks99067@rokkkasho.jp"])]),
    11: ("友好親善交流協定", ["埼玉県東松山市"], ["大韓民国江原道原州市"], "2007-11-01",
         "平成19（2007）年11月1日", "friendship", True, [],
         [("", "地域生活部 文化学習課", ["0493-21-1431"], ["y-naito@higashimatsuyama.lg.jp"])]),
    12: ("公務員相互派遣に関する合意書", ["山梨県北杜市"], ["大韓民国京畿道抱川市"], "2009-11-22",
         "平成21(2009)年11月22日", "staff_exchange", False,
         ["http://www.city.hokuto.yamanashi.jp/hokuto/shimai_yuko/44549614994.html"],
         [("", "総務部 地域課", ["0551-42-1323"], ["tsuchiya-mas@city.hokuto.lg.jp"])]),
    13: ("親善及び相互協力意向書", ["大阪府大阪狭山市"], ["大韓民国全羅北道金堤市"], "2012-06-27",
         "平成24（2012）年6月27日", "other", True, ["http://www.city.osakasayama.osaka.jp/7,0,74.html"],
         [("", "教育委員会 社会教育・スポーツ振興グループ", ["072-366-0011"],
           ["shakaikyoiku@city.osakasayama.osaka.jp"])]),
    14: ("職員相互派遣実施合意書", ["鳥取県智頭町"], ["大韓民国江原道楊口郡"], "2012-06-28",
         "平成24(2012)年6月28日", "staff_exchange", False, [],
         [("", "企画課", ["0858-75-4112"], ["kikaku@town.chizu.tottori.jp"])]),
    15: ("上水道・下水道分野における技術協力・交流に関する覚書", ["兵庫県神戸市"],
         ["ベトナム社会主義共和国キエンザン省"], "2011-07-08", "平成23（2011）年7月8日", "memorandum", False,
         ["http://www.city.kobe.lg.jp/information/press/2011/07/20110708301501.html"],
         [("", "建設局下水道河川部計画課", ["078-322-5449"], ["gesui_keikaku@office.city.kobe.lg.jp"]),
          ("", "水道局技術部計画課", ["078-322-5911"], ["kk-wb@office.city.kobe.lg.jp"])]),
    16: ("川崎市とダナン市の環境協力及び港湾・産業交流に関する覚書", [KAWASAKI],
         ["ベトナム社会主義共和国ダナン市"], "2012-02-10", "平成24（2012）年2月10日", "memorandum", True,
         ["http://www.city.kawasaki.jp/80/80syomu/home/international/tenkai_3.html"], [KAWASAKI_WATER]),
    17: ("フェ市人民委員会と西条市の技術協力協定", ["愛媛県西条市"], ["ベトナム社会主義共和国フェ市"],
         "2011-04-01", "平成23(2011)年4月1日", "other", False,
         ["http://www.city.saijo.ehime.jp/khome/kikikanri/index.html"],
         [("", "総務部危機管理局危機管理課", ["0897-52-1267"], ["kikikanri@saijo-city.jp"])]),
    18: ("ベトナム社会主義共和国ホーチミン市人民委員会と日本国大阪市との主要分野における協力関係に関する覚書",
         ["大阪府大阪市"], ["ベトナム社会主義共和国ホーチミン市"], "2011-07-07", "平成23（2011）年7月7日",
         "memorandum", True,
         ["http://www.city.osaka.lg.jp/kensetsu/page/0000140541.html",
          "http://www.city.osaka.lg.jp/kensetsu/page/0000158792.html",
          "http://gec.jp/main.nsf/jp/Activities-IC-hcmc201202",
          "http://www.city.osaka.lg.jp/kankyoo/page/0000168434.html"],
         [("", "政策企画室 秘書部 国際交流推進担当", *OSAKA_CONTACT),
          ("", "環境局 環境施策部 環境施策課", *OSAKA_CONTACT),
          ("", "建設局 下水道河川部 水環境課", *OSAKA_CONTACT)]),
    19: ("東京都とロンドン市の政策提携に係る協定書", ["東京都"], ["英国ロンドン市"], "2006-05-31",
         "平成18(2006)年5月31日", "other", False, ["http://www.metro.tokyo.jp/GOVERNOR/PHOTO/s18/180531.htm"],
         [("", "知事本局 外務部 外務課", ["03-5388-2222"], ["S0000573@section.metro.tokyo.jp"])]),
    20: ("日本・青森県三戸町とオーストラリア・ニューサウスウェールズ州タムワース市との間の議定書",
         ["青森県三戸町"], ["オーストラリア連邦ニューサウスウェールズ州タムワース市"], "2002-11-29",
         "平成14（2002）年11月29日", "protocol", False, [], [("", "総務課", ["0179-20-1111"], [])]),
    21: ("人材育成交流計画に関する同意書", ["福島県"], ["カナダ ブリティッシュコロンビア州"], "1993-10-27",
         "平成5（1993）年10月27日", "other", True,
         ["http://www.pref.fukushima.jp/kokusai/contents/chiiki/tiikikan.htm"],
         [("", "国際課", ["024-521-7182"], ["kokusai@pref.fukushima.lg.jp"])]),
    22: ("福井県とブータン王立研究所との相互協力に関する覚書", ["福井県"], ["ブータン王国（王立ブータン研究所）"],
         "2012-03-16", "平成24（2012）年3月16日", "memorandum", False,
         ["http://www.pref.fukui.lg.jp/doc/seiki/index.html"],
         [("", "政策推進課", ["0776-20-0226"], ["seisaku@pref.fukui.lg.jp"])]),
    23: ("日本国さいたま市とラオス人民民主共和国ビエンチャン特別市における水道分野の強化に向けた協力に関する覚書",
         ["埼玉県さいたま市"], ["ラオス人民民主共和国ビエンチャン特別市"], "2011-12-26",
         "平成23（2011）年12月26日", "memorandum", False,
         ["http://www.city.saitama.jp/www/genre/1188294705998/1238140492655/index.html"],
         [("", "水道局 業務部 経営企画課", ["048-714-3185"], ["keiei-kikaku@city.saitama.lg.jp"])]),
    24: ("自治体間交流（ICT分野を中心とした交流）", ["千葉県市川市"],
         ["フランス共和国イル・ド・フランス州オー・ド・セーヌ県イッシー・レ・ムリノー市"], "2009-04-15",
         "平成21（2009）年4月15日", "sector", False, ["http://www.city.ichikawa.lg.jp/cul05/1111000009.html"],
         [("", "文化国際部 国際交流課", ["047-300-8051"], ["international-relations@city.ichikawa.chiba.jp"])]),
    25: ("日韓海峡沿岸県市道交流知事会議", ["福岡県", "佐賀県", "長崎県", "山口県"],
         ["大韓民国釜山広域市", "全羅南道", "慶尚南道", "済州特別自治道"], "1992", "平成4（1992）年から開始",
         "other", False, ["http://www.japan-korea-strait8.org/index.php"],
         [("福岡県", "新社会推進部 国際交流局 交流第一課", ["092-643-3202"], ["yasuda-e7848@pref.fukuoka.lg.jp"])]),
}  # fmt: skip

SEED_BUILDS_ON = {
    1: ("friendship", "1980", "昭和55年"),
    2: ("friendship", "1980", "昭和55年"),
    4: ("friendship", "1981", "昭和56年"),
    5: ("friendship", "1981", "昭和56年"),
    7: ("friendship", "1982-04", "昭和57年4月"),
    8: ("friendship", "1982-04", "昭和57年4月"),
    12: ("sister", "2003", "平成15年"),
    16: ("friendship", "1994", "平成6年"),
    20: ("sister", "2001-07-05", "平成13年7月5日"),
}
# Cards whose index title equals the card title (all others differ).
SEED_SAME_TITLE = {11, 12, 13, 14, 15, 21, 24, 25}


@pytest.fixture(scope="module")
def seed003():
    text = seed_path("003").read_text(encoding="utf-8")
    records, findings = case_cards.parse(text, "003")
    return text, records, findings


def test_sniff(seed003):
    text, _, _ = seed003
    assert case_cards.sniff(text) >= 0.9
    assert case_cards.sniff("Ассоциация мэров городов, 1970 г.") == 0.0
    assert case_cards.sniff("") == 0.0


def test_seed_has_25_cards_in_order_with_line_spans(seed003):
    text, records, findings = seed003
    assert [r.key for r in records] == [f"card-{n}" for n in range(1, 26)]
    assert findings == []  # every index entry has its card
    lines = text.split("\n")
    for r in records:
        assert lines[r.line_start - 1].startswith(f"{r.extra['card_number']}. ")
        assert r.line_end >= r.line_start
    assert (records[0].line_start, records[0].line_end) == (36, 68)
    assert records[-1].line_end == len(lines)
    for a, b in zip(records, records[1:], strict=False):
        assert a.line_end < b.line_start


@pytest.mark.parametrize("number", sorted(SEED_CARDS))
def test_seed_card(seed003, number):
    _, records, _ = seed003
    r = records[number - 1]
    title, japanese, foreign, date, date_raw, kind, relisted, urls, contacts = SEED_CARDS[number]
    assert r.kind == "agreement"
    assert r.key == f"card-{number}"
    assert r.title == title
    assert r.parties == [Party(n, "japanese_party", "JP") for n in japanese] + [
        Party(n, "foreign_party") for n in foreign
    ]
    assert (r.date, r.date_raw) == (date, date_raw)
    assert r.agreement_type == kind
    assert r.relisted is relisted
    assert r.urls == urls
    assert [(c.organization, c.department, c.phones, c.emails) for c in r.contacts] == contacts
    assert all(c.faxes == [] for c in r.contacts)
    assert r.theme == "行政交流"
    if number in SEED_BUILDS_ON:
        kind, on_date, on_raw = SEED_BUILDS_ON[number]
        assert r.builds_on is not None
        assert (r.builds_on["agreement_type"], r.builds_on["date"], r.builds_on["date_raw"]) == (
            kind,
            on_date,
            on_raw,
        )
        assert on_raw in r.builds_on["text"]
    else:
        assert r.builds_on is None
    codes = [f.code for f in r.findings]
    assert ("relisted" in codes) is relisted
    assert ("index-title-differs" in codes) is (number not in SEED_SAME_TITLE)
    assert ("index-party-differs" in codes) is (number in (17, 20))
    assert not {"date-missing", "date-unparseable", "index-entry-missing"} & set(codes)


def test_seed_party_findings(seed003):
    _, records, _ = seed003
    (f17,) = [f for f in records[16].findings if f.code == "index-party-differs"]
    assert f17.detail["index"] == "ベトナム社会主義共和国フエ市"
    assert f17.detail["card"] == "ベトナム社会主義共和国フェ市"
    assert f17.detail["role"] == "foreign_party"
    assert f17.line == 23
    (f20,) = [f for f in records[19].findings if f.code == "index-party-differs"]
    assert (f20.detail["index"], f20.detail["card"]) == ("青森県三戸市", "青森県三戸町")
    assert f20.detail["role"] == "japanese_party"
    assert f20.line == 27


def test_seed_title_findings(seed003):
    _, records, _ = seed003
    (f1,) = [f for f in records[0].findings if f.code == "index-title-differs"]
    assert f1.detail["index"] == "友好合作協議書"
    assert f1.detail["card"] == records[0].title
    assert f1.detail["contained"] is True
    (f5,) = [f for f in records[4].findings if f.code == "index-title-differs"]
    assert f5.detail["contained"] is False  # 環境技術情報センター等の… is a summary, not a part


def test_seed_text_fields(seed003):
    _, records, _ = seed003
    card1, card5, card6, card15 = records[0], records[4], records[5], records[14]
    assert card1.status == "suspended"
    assert all(r.status is None for r in records[1:])
    assert card1.activities.count("\n") == 2 and card1.activities.startswith("・友好親善の実施")
    assert "<" not in card1.background and "--" not in card1.background
    assert card6.outcomes == ""  # "--"
    assert card15.outcomes.split("\n")[0] == "・キエンザン省に現地調査員の派遣"
    assert len(card15.outcomes.split("\n")) == 4
    assert "【平成24年7月】" in card5.activities.split("\n")


def test_seed_sectors(seed003):
    _, records, _ = seed003
    sectors = {int(r.key.split("-")[1]): r.sectors for r in records}
    assert "water" in sectors[2] and "water" in sectors[6] and "water" in sectors[15]
    assert "water" in sectors[23]
    assert "disaster_prevention" in sectors[7]
    assert "environment" in sectors[8]
    assert "ict" in sectors[24]
    assert "tourism" in sectors[3]
    assert all("administration" in sectors[n] for n in (10, 12, 14))  # staff exchanges


# ---------------------------------------------------------------------------------------
# Documents of our own


def _read(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_own_document_economy():
    text = _read("case_cards_economy.txt")
    assert case_cards.sniff(text) >= 0.9
    records, findings = case_cards.parse(text, "case_cards_economy.txt")
    assert [r.key for r in records] == ["card-1", "card-2", "card-3", "card-4", "card-5"]
    assert [f.code for f in findings] == ["card-missing"]  # index entry 6
    assert findings[0].line == 10
    one, two, three, four, five = records
    assert one.theme == "経済交流"
    assert (one.date, one.agreement_type) == ("2019-05-10", "memorandum")
    assert one.activities == "物産展の相互開催（毎年秋）\n商工会議所&企業の訪問団派遣"
    assert one.outcomes == ""  # なし
    assert one.urls == [
        "https://www.example.jp/hakodate/bussan.html",
        "https://www.example.jp/hakodate/homon.html",
    ]
    assert one.contacts == [
        Contact("経済部 商業振興課", ["0138-21-0001"], ["0138-21-9001"], ["shogyo@example.jp"]),
        Contact("港湾空港部 港湾振興課", ["0138-21-0002"], ["0138-21-9002"], ["kowan@example.jp"]),
        Contact("企画部 国際課", ["0138-21-0003"], ["0138-21-9003"], ["kokusai@example.jp"]),
    ]
    assert one.builds_on == {
        "agreement_type": "sister",
        "date": "1989",
        "date_raw": "平成元年",
        "text": "平成元年に姉妹都市提携",
    }
    # several parties per cell, with a stray space
    assert [(p.name, p.role) for p in two.parties] == [
        ("北海道稚内市", "japanese_party"),
        ("北海道", "japanese_party"),
        ("ロシア連邦サハリン州ユジノサハリンスク市", "foreign_party"),
        ("ロシア連邦沿海地方", "foreign_party"),
    ]
    assert two.relisted and two.status == "suspended"
    assert two.date == "1999-09-01"  # the western year wins over 平成10 (1998)
    codes2 = {f.code for f in two.findings}
    assert {"date-era-year-mismatch", "relisted", "index-title-differs"} <= codes2
    assert "index-party-differs" not in codes2  # differences of white space only
    assert two.activities.split("\n")[0] == "(1)平成30年8月2～4日"  # not a field heading
    assert [(c.organization, c.department) for c in two.contacts] == [
        ("北海道", "経済部 観光局"),
        ("稚内市", "建設産業部 観光交流課"),
    ]
    assert three.date is None and three.date_raw == ""
    assert "date-missing" in {f.code for f in three.findings}
    assert three.agreement_type == "sister"
    assert three.activities == "・農業研修員の受入れ\n・青少年の相互訪問"
    assert three.builds_on["date"] == "1985-10"
    assert three.contacts == [Contact("国際課", ["096-000-2222"], [], [])]
    assert (four.date, four.agreement_type) == ("2015-04-01", "staff_exchange")
    assert (five.date, five.date_raw) == ("2018-04-01", "H30.4.1")
    assert "index-entry-missing" in {f.code for f in five.findings}


def test_own_document_small():
    records, findings = case_cards.parse(_read("case_cards_small.txt"), "small")
    assert findings == []
    one, two = records
    assert one.theme == ""
    assert one.date == "2018-11-20"
    assert one.activities == "1. 年次会議\n2. 技術者の相互派遣（各回 3人）"  # numbered, not cards
    assert one.outcomes == "漏水率の低下 (前年比)"
    assert len(one.urls) == 2
    assert one.builds_on["date"] == "1981"
    assert (two.agreement_type, two.date, two.outcomes, two.urls) == (
        "protocol",
        "2020-02-03",
        "",
        [],
    )
    assert two.contacts == [Contact("知事政策局 国際課")]
    assert "contact-incomplete" in {f.code for f in two.findings}
    assert two.line_end == 69


# ---------------------------------------------------------------------------------------
# Errors


def test_card_cut_short_by_the_next_card():
    with pytest.raises(ReaderError) as err:
        case_cards.parse(_read("case_cards_truncated.txt"), "case_cards_truncated.txt")
    assert err.value.document == "case_cards_truncated.txt"
    assert err.value.line == 21
    assert "card 1" in err.value.reason and "(4)" in err.value.reason


@pytest.mark.parametrize("cut", [60, 40, 16, 10])
def test_document_ending_inside_a_card(cut):
    lines = _read("case_cards_small.txt").split("\n")
    with pytest.raises(ReaderError) as err:
        case_cards.parse("\n".join(lines[:cut]), "cut")
    assert err.value.line is not None and err.value.line <= cut


def test_document_ending_right_after_the_contact_heading():
    text = _read("case_cards_small.txt").split("\n")
    end = text.index("（7）問い合わせ先（担当課）", 50)
    with pytest.raises(ReaderError, match="field \\(7\\)"):
        case_cards.parse("\n".join(text[: end + 2]), "cut")


def test_index_without_cards():
    text = "\n".join(_read("case_cards_small.txt").split("\n")[:4])
    with pytest.raises(ReaderError, match="no case cards") as err:
        case_cards.parse(text, "index-only")
    assert err.value.line == 3


def test_not_case_cards():
    with pytest.raises(ReaderError):
        case_cards.parse("nothing here\n", "x")


# ---------------------------------------------------------------------------------------
# Writer round trip

COMPARED = (
    "key", "title", "parties", "date", "date_raw", "agreement_type", "sectors", "status",
    "background", "activities", "outcomes", "contacts", "urls", "relisted", "builds_on",
)  # fmt: skip


def _values(records):
    return [[getattr(r, name) for name in COMPARED] for r in records]


def _codes(records):
    return [sorted((f.code, str(f.detail.get("index"))) for f in r.findings) for r in records]


@pytest.mark.parametrize("source", ["seed", "case_cards_economy.txt", "case_cards_small.txt"])
def test_round_trip(source):
    text = seed_path("003").read_text(encoding="utf-8") if source == "seed" else _read(source)
    records, _ = case_cards.parse(text, source)
    again, findings = case_cards.parse(render(records), "rendered")
    assert findings == []
    assert _values(again) == _values(records)
    assert _codes(again) == [
        [c for c in codes if c[0] != "index-entry-missing"] for codes in _codes(records)
    ]


def test_round_trip_from_hand_built_records():
    records = [
        Record(
            kind="agreement",
            key="card-1",
            title="松江市と大邱広域市の観光交流に関する覚書",
            line_start=0,
            line_end=0,
            parties=[
                Party("島根県松江市", "japanese_party", "JP"),
                Party("大韓民国大邱広域市", "foreign_party"),
                Party("大韓民国慶尚北道", "foreign_party"),
            ],
            date="2016-10-01",
            agreement_type="memorandum",
            activities="・観光客の相互送客\n・物産展",
            contacts=[
                Contact("観光振興課", ["0852-00-0001"], [], ["kanko@example.jp"]),
                Contact("国際交流課", ["0852-00-0002"], ["0852-00-9002"], []),
            ],
            urls=["https://example.jp/a"],
        ),
        Record(
            kind="agreement",
            key="card-2",
            title="職員相互派遣協定",
            line_start=0,
            line_end=0,
            parties=[
                Party("鳥取県", "japanese_party", "JP"),
                Party("中華人民共和国吉林省", "foreign_party"),
            ],
            date="1994",
            date_raw="平成6（1994）年",
            agreement_type="staff_exchange",
            relisted=True,
        ),
    ]
    parsed, findings = case_cards.parse(render(records), "hand")
    assert findings == []
    for want, got in zip(records, parsed, strict=True):
        for name in ("key", "title", "parties", "date", "agreement_type", "activities",
                     "contacts", "urls", "relisted"):  # fmt: skip
            assert getattr(got, name) == getattr(want, name), name
    assert parsed[0].date_raw == "平成28（2016）年10月1日"
    assert parsed[1].date_raw == "平成6（1994）年"
    assert parsed[1].contacts == []


def test_card_without_a_title_is_refused_not_merged():
    lines = _read("case_cards_small.txt").split("\n")
    start = lines.index("2. 富山県とウランバートル市の友好交流に関する議定書")
    del lines[start]
    with pytest.raises(ReaderError, match="no card title"):
        case_cards.parse("\n".join(lines), "untitled")


def test_large_card_numbers():
    records, _ = case_cards.parse(_read("case_cards_small.txt"), "small")
    for i, r in enumerate(records):
        r.extra["card_number"] = 99_999 + i
    again, findings = case_cards.parse(render(records), "big-numbers")
    assert [r.key for r in again] == ["card-99999", "card-100000"]
    assert findings == []


@given(st.text())
def test_arbitrary_text_is_read_or_refused(text):
    assert 0.0 <= case_cards.sniff(text) <= 1.0
    try:
        case_cards.parse(text, "fuzz")
    except ReaderError:
        pass


@settings(max_examples=60)
@given(st.data())
def test_damaged_documents_are_read_or_refused(data):
    lines = _read("case_cards_economy.txt").split("\n")
    drop = data.draw(st.sets(st.integers(0, len(lines) - 1), max_size=5))
    damaged = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    try:
        records, _ = case_cards.parse(damaged, "damaged")
    except ReaderError as err:
        assert err.document == "damaged"
        return
    assert all(r.line_start <= r.line_end for r in records)
