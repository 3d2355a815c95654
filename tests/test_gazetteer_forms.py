"""Compound forms of place names in lists of twin towns (issue 12): a place with the body
or region it lies in ("Žagarė (Joniškis)", "Berlin – Steglitz-Zehlendorf", "Suzhou,
Jiangsu"), administrative words around a name ("Vilnius District Municipality") and a
locating phrase after it ("Rottenburg am Neckar")."""

import pytest

from koryu.gazetteer.forms import admin_stem, compound, locating_head
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
        ("Vilnius District Municipality", located("LT", 54.68, 25.28), "gn:593116"),
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
    far = resolver.resolve("Vilnius District Municipality", located("LT", 56.0, 21.0))
    assert far.status != "resolved"


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
