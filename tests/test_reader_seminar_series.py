"""seminar-series reader and writer: all 16 editions of seed 002, and documents of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import seed_path
from koryu.readers import ReaderError, detect_format, read_bytes
from koryu.readers import seminar_series as reader
from koryu.writers.seminar_series import render

FIXTURES = Path(__file__).parent / "fixtures"
SERIES = "日中地域間交流推進セミナー"
ORGANIZERS = [("organizer", "日本国自治体国際化協会"), ("co_organizer", "中国外交部外事管理司")]

# edition, fiscal year, place, region, theme (as written; "" for なし)
SEED_EDITIONS = [
    (1, "2002", "北京市", "", ""),
    (2, "2003", "南寧市", "広西チワン族自治区", "アジア経済発展に向けての地方政府の役割"),
    (3, "2004", "チチハル市", "黒竜江省", "東北アジア経済と地方政府の役割"),
    (4, "2005", "ウルムチ市", "新疆ウイグル自治区", "相互にメリットのある新しいタイプの日中地域間交流"),
    (5, "2006", "長沙市", "湖南省", "新たな日中都市間ネットワークの確立に向けて ～多都市間による日中観光交流の促進～"),
    (6, "2007", "成都市", "四川省", "都市間連携による観光交流の拡大"),
    (7, "2008", "太原市", "山西省", "日中の環境協力を地域から促進 ～日中の具体的互恵関係の構築～"),
    (8, "2009", "揚州市", "江蘇省", "世界的な金融危機を受けて日中両国自治体が今後果たすべき役割 ～新たな形の地域経済振興及び経済交流促進の可能性を探る～"),
    (9, "2010", "済南市", "山東省", "日中地域間文化観光交流の更なる推進に向けて ～地域が有する文化をはじめ資源を活用した観光交流の促進～"),
    (10, "2011", "重慶市", "", "経済交流を通じた地域発展の展望"),
    (11, "2012", "北京市", "", "新たな地域間交流の展開 ～地域から切り拓く日中の未来～"),
    (12, "2013", "義烏市", "浙江省", "地域の特性に合った多様な都市の発展と展望"),
    (13, "2014", "貴陽市", "貴州省", "イノベーションの活用と環境都市の創造"),
    (14, "2015", "西寧市", "青海省", "新たな都市間交流の展開と展望～新旧シルクロードでつなぐ"),
    (15, "2016", "安康市", "陝西省", "環境資源を活用した持続可能な都市発展のあり方 ～グリーン発展とエコツーリズム～"),
    (16, "2017", "瀋陽市", "遼寧省", "協働による『幸福都市』の創造"),
]  # fmt: skip


def _parse(path: Path):
    return reader.parse(path.read_text(encoding="utf-8"), path.name)


@pytest.fixture(scope="module")
def seed():
    return _parse(seed_path("002"))


def test_seed_002_has_16_editions_and_no_findings(seed):
    records, findings = seed
    assert [r.edition for r in records] == list(range(1, 17))
    assert findings == []
    assert len({r.key for r in records}) == 16


@pytest.mark.parametrize("edition", SEED_EDITIONS, ids=[f"ed{e[0]}" for e in SEED_EDITIONS])
def test_seed_002_edition_fields(seed, edition):
    number, fiscal_year, place, region, theme = edition
    records, _ = seed
    record = records[number - 1]
    assert record.kind == "event" and record.series == SERIES
    assert record.key == f"event:{SERIES}:{number}"
    assert record.title == f"第{number}回{SERIES}"
    assert (record.fiscal_year, record.fiscal_year_raw) == (fiscal_year, f"{fiscal_year}年度")
    assert record.place == place
    assert record.extra.get("place_region", "") == region
    assert record.theme == theme
    hosts = [p.name for p in record.parties if p.role == "host"]
    assert hosts == [f"{region}{place}"]
    assert record.description.startswith("日中両国における地域間交流")
    if number < 16:
        assert [(p.role, p.name) for p in record.parties if p.role != "host"] == ORGANIZERS
        assert record.line_start == record.line_end == 20 + number
        assert record.date_start is None and record.programme == [] and record.subthemes == []
        assert record.participants_count is None


def test_seed_002_first_edition_theme_none_is_blank(seed):
    records, _ = seed
    assert records[0].theme == "" and records[0].extra["theme_raw"] == "なし"


def test_seed_002_report_enriches_edition_16(seed):
    records, _ = seed
    event = records[15]
    assert (event.line_start, event.line_end) == (36, 51)
    assert (event.date_start, event.date_end) == ("2017-07-26", "2017-07-28")
    assert event.date_raw == "2017年7月26日(水)～28日(金)"
    assert [day["date"] for day in event.programme] == ["2017-07-26", "2017-07-27", "2017-07-28"]
    assert event.programme[0]["items"] == ["在中国自治体事務所連絡会議", "瀋陽市主催レセプション"]
    assert len(event.programme[1]["items"]) == 4
    assert event.programme[1]["items"][0] == "本会議(基調講演、パネルディスカッション等)"
    assert event.programme[2]["items"] == [
        "行政視察(瀋陽市都市計画展示館、瀋陽航天三菱自動車発動機製造)"
    ]
    assert event.place == "瀋陽市" and event.extra["report_place"] == "遼寧省瀋陽市"
    assert event.theme == "協働による『幸福都市』の創造"
    assert event.subthemes == [
        "産業構造の転換による都市の持続的発展について",
        "官民連携による幸せなまちづくりについて",
    ]
    assert [(p.role, p.name) for p in event.parties] == [
        ("organizer", "自治体国際化協会"),
        ("co_organizer", "中国外交部外事管理司"),
        ("co_organizer", "瀋陽市人民政府"),
        ("supporter", "在瀋陽日本国総領事館"),
        ("supporter", "中国日本友好協会"),
        ("supporter", "遼寧省外事(僑務)弁公室"),
        ("host", "遼寧省瀋陽市"),
    ]
    assert event.participants_count == 165
    assert event.participants_breakdown == {"日方": 73, "中方": 92}
    assert event.extra["page_title"].startswith("第16回日中地域間交流推進セミナー/")
    assert event.extra["organizers_zh"]["co_organizer"] == ["中华人民共和国外交部外事管理司"]


def test_seed_002_captions_make_no_records(seed):
    records, _ = seed
    text = "\n".join(str(r.to_dict()) for r in records)
    assert "あいさつをする" not in text and "真剣な表情" not in text


def _comparable(record):
    data = record.to_dict()
    data.pop("line_start")
    data.pop("line_end")
    return data


@pytest.mark.parametrize("path", ["002", "seminar_ports.txt", "seminar_north.txt"])
def test_round_trip_through_the_writer(path):
    source = seed_path(path) if path == "002" else FIXTURES / path
    records, findings = _parse(source)
    again, findings_again = reader.parse(render(records), "rendered.txt")
    assert [_comparable(r) for r in again] == [_comparable(r) for r in records]
    assert [f.code for f in findings_again] == [f.code for f in findings]


# -- documents of our own ------------------------------------------------------------------


def test_own_series_report_matched_by_edition_not_position():
    records, findings = _parse(FIXTURES / "seminar_ports.txt")
    assert findings == []
    assert [r.edition for r in records] == [1, 2, 3, 4, 5]
    assert {r.series for r in records} == {"日韓港町フォーラム"}
    reported = records[2]  # the report names 第3回; the page title names 第5回
    assert reported.extra["report_title"] == "第3回フォーラム開催報告"
    assert (reported.line_start, reported.line_end) == (13, 28)
    assert (reported.date_start, reported.date_end) == ("2021-11-30", "2021-12-01")
    # the programme runs into December
    assert reported.programme == [
        {"date": "2021-11-30", "items": ["歓迎会"]},
        {"date": "2021-12-01", "items": ["全体会議", "港湾施設見学"]},
    ]
    assert (reported.place, reported.extra["place_region"]) == ("麗水市", "全羅南道")
    assert reported.subthemes == ["寄港地の受入れ体制", "港のにぎわいづくり"]
    assert [(p.role, p.name) for p in reported.parties] == [
        ("organizer", "港町交流財団"),
        ("co_organizer", "麗水市"),
        ("host", "全羅南道麗水市"),
    ]
    assert reported.participants_count == 48
    assert reported.participants_breakdown == {"日本側": 20, "韓国側": 28}
    assert reported.extra["report"] == {"通訳": "日韓同時通訳"}
    others = [r for r in records if r is not reported]
    assert all(r.programme == [] and r.date_start is None for r in others)
    assert [p.name for p in records[0].parties] == [
        "港町交流財団", "韓国港湾都市協議会", "九州港湾振興会", "釜山広域市"]  # fmt: skip
    assert records[1].theme == "" and records[3].theme == ""  # "－" and "なし"
    assert (records[1].place, records[1].extra["place_region"]) == ("下関市", "山口県")
    assert records[4].extra["page_title"].startswith("第5回")
    assert records[4].fiscal_year == "2023"


def test_own_series_without_report_in_wareki_with_a_cancelled_edition():
    records, findings = _parse(FIXTURES / "seminar_north.txt")
    assert [r.fiscal_year for r in records] == ["2018", "2019", "2020"]
    assert records[0].series == "北方都市文化セミナー"
    assert records[1].place == "ユジノサハリンスク市"
    assert [p.name for p in records[1].parties] == [
        "北方都市文化協会",
        "サハリン州ユジノサハリンスク市",
    ]
    cancelled = records[2]
    assert cancelled.extra["cancelled"] is True and cancelled.place == ""
    assert [p.role for p in cancelled.parties] == ["organizer"]
    assert [(f.code, f.line) for f in findings] == [("cancelled-edition", 8)]


def test_report_for_an_edition_missing_from_the_history():
    text = (FIXTURES / "seminar_ports.txt").read_text(encoding="utf-8")
    text = text.replace("第3回フォーラム開催報告", "第9回フォーラム開催報告")
    records, findings = reader.parse(text, "ports.txt")
    assert [f.code for f in findings] == ["report-without-edition"]
    assert records[-1].edition == 9 and records[-1].participants_count == 48
    assert all(r.programme == [] for r in records[:-1])


def test_report_matched_by_fiscal_year():
    text = (FIXTURES / "seminar_ports.txt").read_text(encoding="utf-8")
    records, findings = reader.parse(text.replace("第3回フォーラム", "2022年度フォーラム"), "p")
    assert findings == [] and records[3].participants_count == 48
    assert records[2].participants_count is None


def test_sniff_and_detection():
    seed = seed_path("002").read_text(encoding="utf-8")
    assert reader.sniff(seed) >= 0.9
    assert detect_format(seed, "002.txt") == reader.FORMAT
    for other in ("000", "001", "003", "004"):
        assert reader.sniff(seed_path(other).read_text(encoding="utf-8")) < 0.5


def test_nothing_to_read_is_an_error():
    with pytest.raises(ReaderError, match=r"^x\.txt: no history table"):
        reader.parse("セミナーのご案内\n\n本文のみ\n", "x.txt")


def test_wrong_format_override_is_an_error():
    data = seed_path("002").read_bytes()
    with pytest.raises(ReaderError, match="no case found"):
        read_bytes(data, "002.txt", format="multilateral-cases")
    data = seed_path("001").read_bytes()
    with pytest.raises(ReaderError, match="no history table"):
        read_bytes(data, "001.txt", format="seminar-series")


def test_read_bytes_cp932_copy():
    text = (FIXTURES / "seminar_north.txt").read_text(encoding="utf-8")
    document = read_bytes(text.replace("\n", "\r\n").encode("cp932"), "north.txt")
    assert document.encoding == "cp932" and document.format == reader.FORMAT
    assert len(document.records) == 3 and document.line_count == 8
    assert document.records[1].place == "ユジノサハリンスク市"


def test_a_schedule_dated_only_to_the_month_keeps_no_programme():
    # Found by benchmarks/fuzz_readers.py: a month without a day made the reader crash.
    from koryu.readers.seminar_series import _programme

    assert _programme("2017年7月 26日 会議 27日 視察", "2017-07") == (
        "2017年7月 26日 会議 27日 視察",
        [],
    )
