"""Compound forms of place names in lists of twin towns (issue 12): a place with the body
or region it lies in ("Žagarė (Joniškis)", "Berlin – Steglitz-Zehlendorf", "Suzhou,
Jiangsu"), administrative words around a name ("Vilnius District Municipality") and a
locating phrase after it ("Rottenburg am Neckar")."""

import pytest

from koryu.gazetteer.forms import admin_stem, compound, kind_only, locating_head
from koryu.gazetteer.index import get_gazetteer
from koryu.gazetteer.resolver import Context, Resolver


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(get_gazetteer())


def located(country, lat, lon):
    return Context(country=country, lat=lat, lon=lon, settlement=True)


# --- the forms, as strings -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, parts",
    [
        ("Suzhou, Jiangsu", ("Suzhou", "Jiangsu")),
        ("Berlin – Charlottenburg-Wilmersdorf", ("Charlottenburg-Wilmersdorf", "Berlin")),
        ("Budapest XI – Újbuda", ("Újbuda", "Budapest XI")),
        ("Joniškis - Žagarė", ("Žagarė", "Joniškis")),
        ("Charlottenburg-Wilmersdorf", None),  # one name with a hyphen
        ("Mänttä-Vilppula", None),
        ("中華人民共和国遼寧省瀋陽市", None),
    ],
)
def test_compound_names_part_and_whole(text, parts):
    assert compound(text) == parts


@pytest.mark.parametrize(
    "text, stem",
    [
        ("Maui County", "Maui"),
        ("Vilnius District Municipality", "Vilnius"),
        ("Rēzekne Municipality", "Rēzekne"),
        ("County Monaghan", "Monaghan"),
        ("Greater Shepparton", "Shepparton"),
        ("Hamilton City Council", "Hamilton"),
        ("Old Town", None),  # a part of a town, not a town with an administrative word
        ("Mexico City", None),
        ("City of London", None),  # a part of London
        ("County", None),
        ("Monaghan", None),
    ],
)
def test_administrative_words_around_a_name(text, stem):
    assert admin_stem(text) == stem


def test_words_that_only_say_what_kind_of_body():
    assert kind_only("district") and kind_only("rural gmina")
    assert not kind_only("Saale") and not kind_only("Joniškis") and not kind_only("")


@pytest.mark.parametrize(
    "text, head",
    [
        ("Rottenburg am Neckar", "Rottenburg"),
        ("Weiden in der Oberpfalz", "Weiden"),
        ("Zihuatanejo de Azueta", "Zihuatanejo"),
        ("Prague 1", None),
        ("Budapest XI", None),
        ("Rio de janeiro", None),  # the phrase must end in a name
    ],
)
def test_locating_phrase_after_a_name(text, head):
    assert locating_head(text) == head


# --- what the resolver makes of them -------------------------------------------------------


@pytest.mark.parametrize(
    "mention, context, expected",
    [
        # the region after the comma: Suzhou in Jiangsu, never Jiangsu (nor Anhui's Suzhou)
        ("Suzhou, Jiangsu", located("CN", 31.30, 120.62), "gn:1886760"),
        ("Suzhou, Jiangsu", Context(country="CN"), "gn:1886760"),
        ("Taizhou, Zhejiang", located("CN", 28.66, 121.42), "gn:8400694"),
        ("Varna, Bulgaria", Context(), "gn:726050"),
        # the municipality in brackets: the town itself
        ("Žagarė (Joniškis)", located("LT", 56.36, 23.25), "gn:592942"),
        ("Esch (Haaren)", located("NL", 51.61, 5.31), "gn:2756030"),
        ("Kandava (Tukums)", located("LV", 57.03, 22.78), "gn:459031"),
        # administrative words and locating phrases, confirmed by the document's point
        ("Rēzekne Municipality", located("LV", 56.51, 27.33), "gn:456202"),
        ("Herford (district)", located("DE", 52.11, 8.67), "gn:2906121"),
        ("Dębica (rural gmina)", located("PL", 50.05, 21.41), "gn:773380"),
        # brackets that only tell which place: a river, a region
        ("Halle (Saale)", located("DE", 51.48, 11.97), "gn:2911522"),
        ("Waren (Müritz)", located("DE", 53.52, 12.68), "gn:2814131"),
        ("County Monaghan", located("IE", 54.25, -6.97), "gn:2962568"),
        ("Rottenburg am Neckar", located("DE", 48.48, 8.93), "gn:2843729"),
    ],
)
def test_compound_forms_resolve_to_the_place(resolver, mention, context, expected):
    res = resolver.resolve(mention, context)
    assert (res.status, res.best.id if res.best else None) == ("resolved", expected)


def test_stripped_names_need_the_documents_point(resolver):
    # without a point to confirm it, "Rottenburg am Neckar" is not read as "Rottenburg"
    res = resolver.resolve("Rottenburg am Neckar", Context(country="DE"))
    assert res.status != "resolved"
    # nor a name with administrative words as a namesake 500 km away
    far = resolver.resolve("Rēzekne Municipality", located("LV", 57.5, 22.0))
    assert far.status != "resolved"


@pytest.mark.parametrize(
    "mention, context",
    [
        ("Vilnius District Municipality", located("LT", 54.68, 25.28)),
        ("Karlsruhe (district)", located("DE", 49.01, 8.40)),
    ],
)
def test_a_district_named_after_a_big_city_is_not_the_city(resolver, mention, context):
    # Landkreis Karlsruhe and Vilnius district municipality are bodies of their own
    # around the city, with partners of their own
    res = resolver.resolve(mention, context)
    assert res.status == "new"
    assert all(c.level not in ("city", "municipality") for c in res.candidates)


def test_a_district_municipality_is_not_placed_inside_its_city(resolver):
    res = resolver.resolve("Vilnius District Municipality", located("LT", 54.68, 25.28))
    assert [c.id for c in res.path] == ["cc:LT"]


@pytest.mark.parametrize(
    "mention",
    ["Berlin – Charlottenburg-Wilmersdorf", "Charlottenburg-Wilmersdorf (Berlin)"],
)
def test_a_district_the_gazetteer_lacks_is_never_its_city(resolver, mention):
    res = resolver.resolve(mention, located("DE", 52.50, 13.30))
    assert res.status == "new" and res.new_kind == "place"
    assert res.remainder == "Charlottenburg-Wilmersdorf"
    assert res.path[-1].name == "Berlin"  # remembered as the parent, not resolved to
    assert all(c.name != "Berlin" for c in res.candidates)


def test_a_numbered_district_is_not_its_city(resolver):
    res = resolver.resolve("Prague 1", located("CZ", 50.08, 14.42))
    assert res.status == "new" and res.path[-1].name == "Prague"


# --- variant spellings near the document's point --------------------------------------------


@pytest.mark.parametrize(
    "mention, context, expected",
    [
        ("Tiachiv", located("UA", 48.01, 23.57), "gn:690906"),  # Tyachiv, not Tiachivka
        ("Bad Kötzting", located("DE", 49.18, 12.85), "gn:2885070"),  # GeoNames: Kötzting
        ("Karadeniz Ereğli", located("TR", 41.28, 31.42), "gn:747471"),
    ],
)
def test_a_variant_spelling_near_the_point_is_the_town(resolver, mention, context, expected):
    res = resolver.resolve(mention, context)
    assert (res.status, res.best.id, res.best.reason) == ("resolved", expected, "fuzzy")


@pytest.mark.parametrize(
    "mention, context",
    [
        ("Tiachiv", Context(country="UA")),  # no point to confirm a variant
        ("Tiachiv", located("UA", 49.5, 25.0)),  # the point is elsewhere
        ("Old Havana", located("CU", 23.14, -82.35)),  # a part of Havana
        ("Mainz-Kostheim", located("DE", 50.0, 8.30)),  # a district, not Mainz
        ("Istočno Sarajevo", located("BA", 43.82, 18.36)),  # East Sarajevo is not Sarajevo
        ("Pesaro and Urbino", located("IT", 43.72, 12.64)),  # two names: neither
        ("Wiwilí de Jinotega", located("NI", 13.09, -86.0)),  # Jinotega is where, not what
        ("Thurmaston", located("GB", 52.6752, -1.0992)),  # Thurcaston is another village
    ],
)
def test_what_a_variant_is_not(resolver, mention, context):
    res = resolver.resolve(mention, context)
    assert not (res.status == "resolved" and res.best.reason == "fuzzy"), res.best


def test_nearby_index_finds_what_lies_within_reach():
    from koryu.gazetteer.entry import Entry
    from koryu.gazetteer.nearby import NearbyIndex

    def place(i, lat, lon):
        return Entry(id=f"t:{i}", name=str(i), country="FJ", level="city", lat=lat, lon=lon)

    index = NearbyIndex(
        [place(1, -17.0, 179.95), place(2, -17.0, -179.95), place(3, -17.3, 179.95)]
        + [place(4, -18.5, 179.95), Entry(id="t:5", name="5", country="FJ", level="city")]
    )
    found = index.within(-17.0, 179.95, 40.0)
    # across the antimeridian too, nearest first, nothing beyond reach or without a position
    assert [e.id for _, e in found] == ["t:1", "t:2", "t:3"]
    assert found[0][0] == 0.0 and found[1][0] < found[2][0] < 40.0
