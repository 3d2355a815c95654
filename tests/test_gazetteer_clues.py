"""Every clue a document gives: a stated country is a constraint, the document's own
coordinates choose between namesakes and reject far ones, a list of city pairs names
cities, a state or country written in the name selects among namesakes (issue 12)."""

import pytest

from koryu.gazetteer.countries import same_country
from koryu.gazetteer.geo import distance_km
from koryu.gazetteer.index import get_gazetteer
from koryu.gazetteer.keys import name_key, spelling
from koryu.gazetteer.resolver import MAX_DISTANCE_KM, Context, Resolver

YOKOHAMA = (35.4437, 139.6380)
NIIGATA = (37.9161, 139.0364)
DONGHAE = (37.5247, 129.1143)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(get_gazetteer())


def best(resolver, mention, **context):
    res = resolver.resolve(mention, Context(**context))
    assert res.status == "resolved", (mention, context, res.status, res.candidates[:3])
    return res.best


# --- the stated country --------------------------------------------------------------------


def test_a_country_written_before_the_name_is_a_constraint(resolver):
    c = best(resolver, "大韓民国東海市")
    assert (c.id, c.country) == ("gn:1892823", "KR")  # Donghae, never Aichi's 東海市


def test_a_stated_country_never_yields_a_place_of_another_country(resolver):
    assert best(resolver, "東海市", country="KR").id == "gn:1892823"
    assert best(resolver, "東海市", country="JP").id == "jp:232220"
    res = resolver.resolve("東海市", Context(country="KR"))
    assert all(c.country == "KR" for c in res.candidates)


def test_a_stated_country_admits_its_territories():
    assert same_country("HK", "CN") and same_country("RE", "FR") and same_country("XK", "RS")
    assert not same_country("JP", "KR") and not same_country("TW", "CN")


def test_a_country_outside_the_name_selects_among_namesakes(resolver):
    c = best(resolver, "南アフリカ ニューキャッスル市")
    assert (c.id, c.country) == ("gn:971421", "ZA")  # Newcastle, KwaZulu-Natal


def test_a_us_state_in_the_name_selects_among_namesakes(resolver):
    # GeoNames spells New Castle, Indiana only in Latin letters: the katakana name is
    # matched through its namesakes' English names, inside Indiana only
    c = best(resolver, "インディアナ州ニューキャッスル市")
    assert (c.id, c.parent_id) == ("gn:4262072", "adm:US-IN")
    assert best(resolver, "ペンシルベニア州ニューキャッスル市").id == "gn:5203127"


@pytest.mark.parametrize(
    "mention, country, expected",
    [
        ("Newcastle", "AU", "gn:2155472"),
        ("Newcastle", "ZA", "gn:971421"),
        ("Newcastle", "IE", None),  # two villages (2,659 and 924 people): ambiguous
        ("New Castle", "US", None),  # several states: ambiguous without more
    ],
)
def test_newcastles_of_four_countries(resolver, mention, country, expected):
    res = resolver.resolve(mention, Context(country=country))
    if expected is None:
        assert res.status == "ambiguous" and all(c.country == country for c in res.candidates)
    else:
        assert (res.status, res.best.id) == ("resolved", expected)


def test_korean_cities_written_in_kanji(resolver):
    assert best(resolver, "西帰浦市").id == "gn:6621166"  # Seogwipo
    assert best(resolver, "韓国西帰浦市").id == "gn:6621166"
    assert best(resolver, "Seogwipo").id == "gn:6621166"
    assert get_gazetteer().entry("gn:6621166").names["ja"] == "西帰浦市"


# --- coordinates ---------------------------------------------------------------------------


def test_coordinates_choose_between_namesakes(resolver):
    springfield_il = (39.8017, -89.6437)
    assert (
        best(resolver, "Springfield", country="US", lat=springfield_il[0], lon=springfield_il[1]).id
        == "gn:4250542"
    )
    springfield_ma = (42.1015, -72.5898)
    c = best(resolver, "Springfield", country="US", lat=springfield_ma[0], lon=springfield_ma[1])
    assert c.id != "gn:4250542" and c.distance_km < 5
    assert resolver.resolve("Springfield", Context(country="US")).status == "ambiguous"


def test_coordinates_reject_a_namesake_too_far_away(resolver):
    # a Donghae the gazetteer knows, but the document puts it 100 km off: not that place
    far = (DONGHAE[0] + 0.9, DONGHAE[1])
    assert distance_km(*DONGHAE, *far) > MAX_DISTANCE_KM
    res = resolver.resolve("Donghae", Context(country="KR", lat=far[0], lon=far[1]))
    assert res.status in ("unresolved", "new")
    assert "gn:1892823" not in {c.id for c in res.candidates}
    near = best(resolver, "Donghae", country="KR", lat=DONGHAE[0], lon=DONGHAE[1])
    assert near.id == "gn:1892823" and near.distance_km < MAX_DISTANCE_KM


def test_the_city_not_the_town_of_the_same_name(resolver):
    # 横浜町 (Aomori) and 横浜市: the coordinates, and without them the population
    assert (
        best(resolver, "Yokohama", country="JP", lat=YOKOHAMA[0], lon=YOKOHAMA[1]).id == "jp:141003"
    )
    assert best(resolver, "横浜").id == "jp:141003"
    town = (40.9, 141.25)
    assert best(resolver, "Yokohama", country="JP", lat=town[0], lon=town[1]).id == "jp:024066"


# --- a list of city pairs names cities -------------------------------------------------------


@pytest.mark.parametrize(
    "mention, city, prefecture",
    [
        ("Niigata", "jp:151009", "jp:150002"),
        ("Kyoto", "jp:261009", "jp:260002"),
        ("Osaka", "jp:271004", "jp:270008"),
        ("Toyama", "jp:162019", "jp:160008"),
    ],
)
def test_a_bare_name_in_a_list_of_cities_is_the_city(resolver, mention, city, prefecture):
    assert best(resolver, mention, country="JP", settlement=True).id == city
    ids = {
        c.id for c in resolver.resolve(mention, Context(country="JP", settlement=True)).candidates
    }
    assert prefecture in ids  # still offered, ranked below


def test_the_prefecture_when_written_as_the_prefecture(resolver):
    assert best(resolver, "新潟県", settlement=True).id == "jp:150002"
    assert best(resolver, "Niigata Prefecture", settlement=True).id == "jp:150002"
    assert best(resolver, "新潟").id == "jp:150002"  # a bare Japanese name, no list of cities


def test_a_bracketed_kind_of_place_makes_it_a_settlement(resolver):
    assert best(resolver, "Kyoto (city)").id == "jp:261009"
    assert best(resolver, "Niigata (city)").id == "jp:151009"


def test_a_bare_foreign_name_is_the_city_not_its_county(resolver):
    assert best(resolver, "Constanța").id == "gn:680963"
    assert best(resolver, "Constanţa").id == "gn:680963"


# --- keys ------------------------------------------------------------------------------------


def test_comma_below_and_cedilla_are_one_spelling():
    assert spelling("Constanţa") == spelling("Constanța") == "Constanța"
    assert name_key("Constanţa") == name_key("Constanța")
    assert spelling("本荘") != spelling("本庄")


def test_nicknames_made_of_generic_words_are_not_names(resolver):
    from koryu.gazetteer.foreign import generic_name

    assert generic_name("The City") and generic_name("Old Town") and not generic_name("The Hague")
    assert resolver.resolve("The City").status == "unresolved"
    assert best(resolver, "The Hague").country == "NL"
