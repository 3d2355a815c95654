"""Gazetteer data: what we take from pycountry, japancode, GeoNames and our own tables."""

import csv
from importlib import resources

import pytest

from koryu.gazetteer.countries import country_entries, country_from_prefix
from koryu.gazetteer.geo import distance_km
from koryu.gazetteer.index import Gazetteer, get_gazetteer
from koryu.gazetteer.keys import name_key, split_suffix
from koryu.gazetteer.tables import rows


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    # the process-wide gazetteer the importer uses too: loaded once per test run (built
    # once per code version into the user's cache directory, about 30 s)
    return get_gazetteer()


# --- keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("瀋陽市", "沈阳市"),
        ("黒竜江省", "黑龍江省"),
        ("ビエンチャン", "ヴィエンチャン"),
        ("フェ", "フエ"),
        ("Huế", "hue"),
        ("イッシー・レ・ムリノー", "イッシーレムリノー"),
        ("六ヶ所村", "六ケ所村"),
        ("ＳＥＯＵＬ", "Seoul"),
    ],
)
def test_spellings_share_a_key(a, b):
    assert name_key(a) == name_key(b)


def test_different_places_keep_different_keys():
    assert name_key("Tamworth") != name_key("Tamwort")
    assert name_key("フエ") != name_key("フェリー")
    # Han forms fold to simplified, so 本荘/本庄 share a key: the resolver tells them
    # apart by their exact spelling (tested in test_gazetteer_resolver.py)
    assert name_key("本荘市") == name_key("本庄市")


def test_suffixes_are_optional_but_never_glued_latin():
    assert split_suffix("札幌市") == (name_key("札幌"), "市")
    assert split_suffix("Wonju-si") == ("wonju", "si")
    assert split_suffix("Toledo") is None  # its "do" is part of the name
    assert split_suffix("津市") is None  # one-character stems are not split off


# --- countries ----------------------------------------------------------------------------


def test_every_iso_country_with_japanese_names():
    entries = {e.country: e for e in country_entries()}
    assert len(entries) == 249
    assert entries["CN"].names["ja"] == "中国"
    assert entries["KR"].names["ja"] == "大韓民国"
    assert entries["RU"].names["ru"] == "Российская Федерация"


@pytest.mark.parametrize(
    "text, cc, rest",
    [
        ("中華人民共和国遼寧省瀋陽市", "CN", "遼寧省瀋陽市"),
        ("中国・大連市", "CN", "大連市"),
        ("カナダ ブリティッシュコロンビア州", "CA", "ブリティッシュコロンビア州"),
        ("ラオス人民民主共和国ビエンチャン特別市", "LA", "ビエンチャン特別市"),
        ("大韓民国 釜山広域市", "KR", "釜山広域市"),
        ("Россия", "RU", ""),
        ("札幌市", None, "札幌市"),
    ],
)
def test_country_from_prefix(text, cc, rest):
    assert country_from_prefix(text) == (cc, rest)


# --- Japan --------------------------------------------------------------------------------


def test_japanese_counts_and_codes(gaz):
    by_level: dict[str, int] = {}
    for e in gaz.entries:
        if e.country == "JP" and e.id.startswith("jp:"):
            by_level[e.level] = by_level.get(e.level, 0) + 1
    assert by_level["prefecture"] == 47
    assert by_level["municipality"] == 1741
    assert by_level["ward"] == 175 + 2  # japancode's wards + Hamamatsu's 2024 new ones
    assert gaz.entry("jp:010006").name == "北海道"  # leading zero restored
    assert gaz.entry("jp:024414").name == "三戸町"
    assert gaz.entry("jp:024414").kana == "さんのへまち"
    assert gaz.entry("jp:152056").names["ru"] == "Касивадзаки"
    assert gaz.entry("jp:152056").names["en"] == "Kashiwazaki"


def test_wards_hang_under_their_city(gaz):
    chuo = gaz.entry("jp:011011")
    assert (chuo.name, chuo.level, chuo.parent_id) == ("中央区", "ward", "jp:011002")
    assert {k.name for k in gaz.children("jp:011002")} >= {"中央区", "手稲区"}


def test_merged_municipalities(gaz):
    honjo = gaz.entry("jp-old:052051")
    assert (honjo.name, honjo.valid_to, honjo.successor_id) == (
        "本荘市",
        "2005-03-22",
        "jp:052108",
    )
    toyosaka = gaz.entry("jp-old:152218")
    assert (toyosaka.name, toyosaka.successor_id) == ("豊栄市", "jp:151009")
    naka = gaz.entry("jp:221317")  # Hamamatsu's 中区, ended with the 2024 reorganisation
    assert naka.valid_to == "2024-01-01" and naka.successor_id == "jp:221384"


def test_history_rows_point_at_existing_successors(gaz):
    text = resources.files("koryu.gazetteer").joinpath("data", "municipal_history.tsv")
    rows = list(csv.DictReader(text.read_text("utf-8").splitlines(), delimiter="\t"))
    assert rows
    for row in rows:
        assert gaz.entry(f"jp:{row['successor_code']}") is not None, row["old_name"]
        assert row["valid_to"][:2] in ("19", "20")


def test_a_prefecture_lies_at_its_seat(gaz):
    # 東京都 at its office in Shinjuku, not at the mean of its municipalities (which the
    # Izu and Ogasawara islands pull into Sagami Bay, about 50 km south)
    tokyo = gaz.entry("jp:130001")
    assert distance_km(tokyo.lat, tokyo.lon, 35.6895, 139.6917) < 2
    seats = list(rows("prefecture_seats.tsv"))
    assert len(seats) == 47
    for row in seats:
        pref = next(
            e for e in gaz.entries if e.level == "prefecture" and e.name == row["prefecture"]
        )
        seat = [k for k in gaz.children(pref.id) if k.name == row["seat"]]
        assert len(seat) == 1, row
        assert (pref.lat, pref.lon) == (seat[0].lat, seat[0].lon)


# --- foreign ------------------------------------------------------------------------------


def test_curated_divisions_anchor_cities_lie_in_their_country(gaz):
    text = resources.files("koryu.gazetteer").joinpath("data", "divisions.tsv")
    for row in csv.DictReader(text.read_text("utf-8").splitlines(), delimiter="\t"):
        e = gaz.entry(f"adm:{row['iso']}")
        assert e is not None and e.country == row["iso"][:2]
        if row["anchor_gn"]:
            assert e.lat is not None, row["iso"]


def test_cities_hang_under_divisions_via_geonames_admin1(gaz):
    assert gaz.entry("gn:2034937").parent_id == "adm:CN-LN"  # Shenyang
    assert gaz.entry("gn:2147497").parent_id == "adm:AU-NSW"  # Tamworth AU
    assert gaz.entry("gn:5351549").parent_id == "adm:US-CA"  # Gardena, from the ISO suffix
    assert gaz.entry("gn:1580240").parent_id == "cc:VN"  # Hue: no curated admin1 link


def test_city_that_is_a_division_is_one_entry(gaz):
    busan = gaz.entry("adm:KR-26")
    assert busan.population > 1_000_000  # the GeoNames city was folded in
    assert gaz.entry("gn:1838524") is None


def test_japan_is_not_duplicated_from_geonames(gaz):
    assert not [e for e in gaz.entries if e.id.startswith("gn:") and e.country == "JP"]


def test_chinese_cities_get_their_japanese_kanji_name(gaz):
    from koryu.gazetteer.foreign import japanese_city_name

    assert japanese_city_name("沈阳") == "瀋陽市"
    assert japanese_city_name("大连市") == "大連市"
    assert japanese_city_name("昆山县").endswith("県")  # a suffix already there: no 市 added
    assert gaz.entry("gn:2034937").names["ja"] == "瀋陽市"  # Shenyang
    assert gaz.entry("gn:1580240").names.get("ja") != "Hue市"  # Vietnam: no kanji name made


def test_villages_of_500_people_are_places(gaz):
    # cities500: Agrós (Cyprus, 874 people) and Páno Léfkara are twin towns too
    agros = gaz.entry("gn:146851")
    assert (agros.name, agros.country, agros.level) == ("Agrós", "CY", "city")
    assert agros.lat is not None
    assert any(e.id == "gn:146851" for e, _, _ in gaz.lookup(name_key("Agros")))


def test_entries_pickle_to_equal_entries():
    import pickle

    from koryu.gazetteer.entry import Entry

    e = Entry(
        id="gn:1",
        name="Agrós",
        country="CY",
        level="city",
        names={"en": "Agrós", "ru": "Агрос"},
        code="1",
        parent_id="cc:CY",
        lat=34.9,
        lon=33.0,
        valid_from="1990",
        valid_to="2000-01-01",
        successor_id="gn:2",
        kana="あぐろす",
        population=874,
        aliases=[("Agros", "alias")],
    )
    assert pickle.loads(pickle.dumps(e, protocol=pickle.HIGHEST_PROTOCOL)) == e
