"""Reader "network-page": seed 004 field by field, own documents, errors, round trip."""

from pathlib import Path

import pytest

from conftest import seed_path
from koryu.readers import network_page
from koryu.readers.base import ReaderError
from koryu.writers.network_page import format_date, render

FIXTURES = Path(__file__).parent / "fixtures"
SECTION = "多都市間の実務的協力事業"


def _parse_seed():
    return network_page.parse(seed_path("004").read_text(encoding="utf-8"), "004.txt")


def _by_title(records):
    return {r.title: r for r in records}


def _parties(record):
    return [(p.name, p.role, p.date_start) for p in record.parties]


def test_seed_sniff():
    assert network_page.sniff(seed_path("004").read_text(encoding="utf-8")) >= 0.9
    for other in ("000", "001", "002", "003"):
        assert network_page.sniff(seed_path(other).read_text(encoding="utf-8")) < 0.5


def test_seed_kinds_and_order():
    records, findings = _parse_seed()
    assert findings == []
    assert [r.kind for r in records] == ["network", "event", "network"] + ["program"] * 11 + [
        "network"
    ]
    assert len({r.key for r in records}) == len(records)
    assert all(r.language == "ja" for r in records)


def test_seed_gnets():
    records, _ = _parse_seed()
    r = _by_title(records)["Global City Network for Sustainability(G-NETS)"]
    assert r.kind == "network"
    assert (r.line_start, r.line_end) == (19, 21)
    assert r.extra == {"spans": [[12, 13], [19, 21]], "acronym": "G-NETS"}
    assert _parties(r) == [("東京都", "founder", None)]
    assert r.date is None and r.status is None
    seed_lines = seed_path("004").read_text(encoding="utf-8").split("\n")
    assert r.description == seed_lines[20].strip() and r.findings == []


def test_seed_forum():
    records, _ = _parse_seed()
    r = _by_title(records)["サステナブル・リカバリー東京会議"]
    assert r.kind == "event"
    assert (r.line_start, r.line_end) == (23, 25)
    assert r.extra["spans"] == [[14, 15], [23, 25]]
    assert r.extra["aliases"] == ["Sustainable Recovery Tokyo Forum", "Re StaRT"]
    assert _parties(r) == [("東京都", "organizer", None)]
    assert r.date is None


def test_seed_u20():
    records, _ = _parse_seed()
    r = _by_title(records)["Urban 20 (U20)"]
    assert r.kind == "network"
    # the detail section runs over two lines (27-30): it is the fuller occurrence
    assert (r.line_start, r.line_end) == (27, 30)
    assert r.extra == {"spans": [[16, 17], [27, 30]], "acronym": "U20"}
    assert (r.date, r.date_raw) == ("2017-12-12", "2017年12月12日")
    assert _parties(r) == [
        ("ブエノスアイレス", "founder", None),
        ("パリ", "founder", None),
        ("C40", "partner", None),
        ("東京都", "member", "2018-01-24"),
    ]
    assert [p.note for p in r.parties[:2]] == ["ブエノスアイレス市長", "パリ市長"]
    assert r.parties[3].date_start_raw == "2018年1月24日"
    assert r.findings == []  # summary and detail differ only by a line break


def test_seed_anmc21():
    records, _ = _parse_seed()
    r = _by_title(records)["アジア大都市ネットワーク21(ANMC21)"]
    assert r.kind == "network"
    assert (r.line_start, r.line_end) == (105, 117)
    assert r.extra == {"spans": [[105, 117]], "acronym": "ANMC21"}
    assert (r.date, r.date_raw, r.status) == ("2001", "2001年", "suspended")
    secretariat, *members = r.parties
    assert (secretariat.name, secretariat.role) == ("東京都", "secretariat")
    assert secretariat.note == "幹事都市 (written: 東京)"
    assert [(p.name, p.role) for p in members] == [
        (name, "member")
        for name in "バンコク デリー ハノイ ジャカルタ クアラルンプール マニラ ソウル "
        "シンガポール 台北 東京 トムスク ウランバートル ヤンゴン".split()
    ]
    assert r.findings == []  # (計13都市) matches the 13 names
    assert "(1)概要" not in r.description and "バンコク" not in r.description
    assert r.description.count("\n") == 2  # the three paragraphs of the overview
    programs = [x.key for x in records if x.kind == "program"]
    assert r.related_keys == programs  # its joint projects now run as the section's programs


# title -> (summary span start, detail span, sectors that must be found)
SEED_PROGRAMS = {
    "経済交流促進のプラットフォーム": (36, (59, 61), {"economy"}),
    "危機管理ネットワーク": (38, (63, 65), {"disaster_prevention"}),
    "東京グローバルパートナーズセミナー": (40, (67, 69), set()),
    "APAF-アジア舞台芸術人材育成部門": (42, (71, 73), {"culture"}),
    "ジュニアスポーツ交流": (44, (75, 77), {"sports", "youth"}),
    "東京国際ユース(U-14)サッカー大会": (46, (79, 81), {"sports", "youth"}),
    "都市づくりに関する先進都市間交流事業": (48, (83, 85), {"administration"}),
    "都市と地球の環境問題": (50, (87, 89), {"environment"}),
    "アジア感染症対策プロジェクト": (52, (91, 93), {"health"}),
    "ウェルカム・アジアキャンペーン": (54, (95, 97), {"tourism"}),
    "研修プログラム": (56, (99, 101), {"environment", "water", "health"}),
}


@pytest.mark.parametrize("title", list(SEED_PROGRAMS))
def test_seed_program(title):
    summary, detail, sectors = SEED_PROGRAMS[title]
    records, _ = _parse_seed()
    r = _by_title(records)[title]
    assert r.kind == "program"
    assert (r.line_start, r.line_end) == detail
    assert r.extra == {"spans": [[summary, summary + 1], list(detail)], "section": SECTION}
    assert _parties(r) == [("東京都", "implementer", None)]
    assert sectors <= set(r.sectors)
    assert r.description and "\n" not in r.description


def test_seed_programs_are_all_found():
    records, _ = _parse_seed()
    assert [r.title for r in records if r.kind == "program"] == list(SEED_PROGRAMS)


# --- own documents ----------------------------------------------------------------------


def test_yokohama_document():
    text = (FIXTURES / "network_page_yokohama.txt").read_text(encoding="utf-8")
    assert network_page.sniff(text) >= 0.9
    records, findings = network_page.parse(text, "network_page_yokohama.txt")
    assert findings == []
    by = _by_title(records)
    assert [r.kind for r in records] == ["network", "event"] + ["program"] * 3 + ["network"]
    citynet = by["CITYNET(アジア太平洋都市間協力ネットワーク)"]
    assert (citynet.date, citynet.line_start, citynet.line_end) == ("1987", 12, 14)
    assert _parties(citynet) == [
        ("国連ESCAP", "supporter", None),
        ("横浜市", "member", "1987-09-25"),
    ]
    forum = by["アジア・スマートシティ会議"]
    assert (forum.kind, forum.date) == ("event", "2023-10")
    assert _parties(forum) == [("横浜市", "organizer", None)]
    water = by["水道技術研修"]
    # the detail section says more than the summary: its span wins, and it is no conflict
    assert (water.line_start, water.line_end) == (31, 33) and water.findings == []
    assert "研修修了者" in water.description
    assert water.sectors[0] == "water" and water.extra["section"] == "国際技術協力事業"
    assert "port" in by["港湾物流セミナー"].sectors
    assert _parties(by["防災人材交流"]) == [("横浜市", "implementer", None)]
    eapc = by["東アジア港湾都市連合(EAPC)"]
    assert (eapc.date, eapc.status, eapc.extra["acronym"]) == ("1995", "ended", "EAPC")
    assert eapc.parties[0].name == "横浜市" and eapc.parties[0].role == "secretariat"
    assert [p.name for p in eapc.parties if p.role == "member"] == [
        "釜山",
        "大連",
        "高雄",
        "横浜",
        "基隆",
    ]
    (finding,) = eapc.findings
    assert (finding.code, finding.line) == ("count-differs", 53)
    assert finding.detail == {"stated": 6, "listed": 5}


def test_kitakyushu_document():
    text = (FIXTURES / "network_page_kitakyushu.txt").read_text(encoding="utf-8")
    assert network_page.sniff(text) >= 0.5
    records, findings = network_page.parse(text, "network_page_kitakyushu.txt")
    assert [(r.kind, r.title) for r in records] == [
        ("program", "廃棄物管理プロジェクト"),
        ("program", "下水道整備協力"),
    ]
    assert all(_parties(r) == [("北九州市", "implementer", None)] for r in records)
    assert records[0].sectors == ["environment"] and "water" in records[1].sectors
    assert [(f.code, f.line) for f in findings] == [("unclassified-item", 22)]


def test_differing_repeat_is_reported():
    text = "\n".join(
        [
            "A市の国際ネットワーク",
            "",
            "港湾都市ネットワーク",
            "A市は、2005年に港湾都市ネットワークを設立しました。",
            "",
            "港湾都市ネットワーク",
            "",
            "B市は、2010年に港湾都市ネットワークに加盟しました。",
        ]
    )
    records, _ = network_page.parse(text, "x.txt")
    (r,) = records
    assert [f.code for f in r.findings] == ["repeat-differs"]
    assert r.extra["spans"] == [[3, 4], [6, 8]]


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "更新日\nタイトル\nお知らせ\n記事ID:001-001",
        "これは説明の文です。\n\nもう一つの説明の文です。",
    ],
)
def test_no_structure_is_an_error(text):
    with pytest.raises(ReaderError):
        network_page.parse(text, "x.txt")


def test_russian_table_does_not_sniff():
    text = (FIXTURES / "association_primorye.txt").read_text(encoding="utf-8")
    assert network_page.sniff(text) < 0.5


# --- writer -----------------------------------------------------------------------------


def _signature(r):
    return (
        r.kind,
        r.key,
        r.title,
        r.date,
        r.status,
        r.sectors,
        r.extra.get("aliases"),
        r.extra.get("acronym"),
        r.extra.get("section"),
        sorted(r.related_keys),
        sorted((p.name, p.role, p.date_start or "") for p in r.parties),
    )


@pytest.mark.parametrize("source", ["seed", "network_page_yokohama.txt"])
def test_round_trip(source):
    if source == "seed":
        text = seed_path("004").read_text(encoding="utf-8")
    else:
        text = (FIXTURES / source).read_text(encoding="utf-8")
    records, _ = network_page.parse(text, source)
    rendered = render(records)
    assert network_page.sniff(rendered) >= 0.9
    again, _ = network_page.parse(rendered, "rendered.txt")
    assert [_signature(r) for r in again] == [_signature(r) for r in records]


def test_format_date():
    assert format_date("2017-12-12") == "2017年12月12日"
    assert format_date("2001") == "2001年"
    assert format_date(None) == ""
