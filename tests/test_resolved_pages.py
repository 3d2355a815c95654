"""Pages that use what was resolved: partners of an organization, names and titles in
the interface language (the original one click away), fiscal years instead of
"undated", and a place-name search that puts the place first.

Invented content: a city (Minatomachi, 湊町市) with sister cities, a town that shares its
short name, a Russian delegation list whose titles are made of party names.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from lxml import html as lxml_html

from koryu import records as rec
from koryu.catalog import queries as q
from koryu.catalog.importer import import_document
from koryu.catalog.models import Organization, OrganizationName, Record
from koryu.catalog.organizations import OrganizationResolver
from koryu.search import expansion
from koryu.search.index import rebuild
from koryu.search.service import search

pytestmark = pytest.mark.django_db

# name as written -> (country, names by language)
NAMES = {
    "湊町市": ("JP", {"ja": "湊町市", "en": "Minatomachi", "ru": "Минатомати"}),
    "湊町町": ("JP", {"ja": "湊町町", "en": "Minatomachi Town"}),
    "Санкт-Лесной": (
        "RU",
        {"ja": "サンクトレスノイ市", "en": "Sankt-Lesnoy", "ru": "Санкт-Лесной"},
    ),
    "Озёрск-Морской": ("RU", {"ja": "オジョルスク・モルスコイ市", "en": "Ozyorsk-Morskoy"}),
    "Portvale": ("US", {"ja": "ポートベール市", "en": "Portvale"}),
    "Riverton": ("AU", {"ja": "リバートン市", "en": "Riverton"}),
}


def P(name: str, role: str) -> rec.Party:
    return rec.Party(name=name, role=role, country=NAMES[name][0])


def documents() -> list[rec.Document]:
    agreements = [
        rec.Record(
            kind="agreement",
            key="a1",
            title="湊町市とポートベール市の姉妹都市提携",
            line_start=1,
            line_end=2,
            date="1965-04-01",
            agreement_type="sister",
            parties=[P("湊町市", "japanese_party"), P("Portvale", "foreign_party")],
        ),
        rec.Record(
            kind="agreement",
            key="a2",
            title="湊町市とリバートン市の友好都市提携",
            line_start=3,
            line_end=4,
            date="1990-10-10",
            agreement_type="friendship",
            parties=[P("湊町市", "japanese_party"), P("Riverton", "foreign_party")],
        ),
        rec.Record(
            kind="agreement",
            key="a3",
            title="湊町市・サンクトレスノイ市姉妹都市協定",
            line_start=5,
            line_end=6,
            date="2001-06-01",
            agreement_type="sister",
            parties=[P("湊町市", "japanese_party"), P("Санкт-Лесной", "foreign_party")],
        ),
        rec.Record(
            kind="agreement",
            key="a4",
            title="湊町町とリバートン市の交流",
            line_start=7,
            line_end=8,
            date="2020-01-01",
            agreement_type="other",
            parties=[P("湊町町", "japanese_party"), P("Riverton", "foreign_party")],
        ),
        # newer than every record of the city, and mentions its short name in the title
        rec.Record(
            kind="event",
            key="e1",
            title="湊町の港まつり",
            line_start=9,
            line_end=10,
            date="2024-07-01",
            parties=[P("Portvale", "host")],
        ),
        # only a fiscal year
        rec.Record(
            kind="program",
            key="p1",
            title="湊町市青少年派遣事業",
            line_start=11,
            line_end=12,
            fiscal_year="2010",
            fiscal_year_raw="平成22年度",
            parties=[P("湊町市", "implementer")],
        ),
    ]
    delegations = [
        rec.Record(
            kind="delegation", key="d1",
            title="Делегация: Санкт-Лесной, Озёрск-Морской → 湊町市 (1995)",
            line_start=1, line_end=3, date_start="1995-08-01", language="ru",
            parties=[P("Санкт-Лесной", "sender"), P("Озёрск-Морской", "sender"),
                     P("湊町市", "visited")],
        ),
    ]  # fmt: skip
    return [
        rec.Document(
            name="resolved-ja.txt", sha256="d" * 64, format="test", language="ja",
            records=agreements, line_count=12,
        ),
        rec.Document(
            name="resolved-ru.txt", sha256="e" * 64, format="test", language="ru",
            records=delegations, line_count=3,
        ),
    ]  # fmt: skip


@pytest.fixture
def ids(db, monkeypatch):
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    monkeypatch.setattr(expansion, "_resolve", lambda term: None)
    expansion.place_names.cache_clear()
    cache.clear()
    resolver = OrganizationResolver(use_gazetteer=False)
    for doc in documents():
        import_document(doc, resolver=resolver)
    out: dict[str, int] = {}
    for written, (country, names) in NAMES.items():
        org = Organization.objects.get(aliases__name=written)
        org.names, org.country, org.resolution = names, country, "resolved"
        org.save()
        for lang, name in names.items():
            if not OrganizationName.objects.filter(organization=org, name=name).exists():
                OrganizationName.objects.create(organization=org, name=name, language=lang)
        out[written] = org.pk
    for record in Record.objects.all():
        out[record.key] = record.pk
    rebuild()
    cache.clear()
    yield out
    expansion.place_names.cache_clear()


def page(client, url: str, lang: str):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content.decode())


# --- partners ---------------------------------------------------------------------------


def test_partners_of_an_organization_in_the_service_and_api(client, ids):
    detail = q.organization_detail(ids["湊町市"])
    partners = {p["id"]: p for p in detail["partners"]}
    assert set(partners) == {ids["Portvale"], ids["Riverton"], ids["Санкт-Лесной"]}
    assert detail["partners_total"] == 3
    assert [p["id"] for p in detail["partners"]][0] == ids["Portvale"]  # oldest first
    (a,) = partners[ids["Санкт-Лесной"]]["agreements"]
    assert (a["agreement_type"], a["year"], a["id"]) == ("sister", 2001, ids["a3"])
    # the delegation is not an agreement: its senders are not partners
    assert ids["Озёрск-Морской"] not in partners
    api = client.get(f"/api/v1/organizations/{ids['湊町市']}").json()
    assert [p["id"] for p in api["partners"]] == [p["id"] for p in detail["partners"]]


def test_partners_on_the_page_in_the_interface_language(client, ids):
    doc = page(client, f"/organizations/{ids['湊町市']}", "ja")
    rows = doc.cssselect("#partners table.partners tbody tr")
    assert len(rows) == 3
    by_id = {int(r.get("data-organization")): r for r in rows}
    row = by_id[ids["Санкт-Лесной"]]
    assert "サンクトレスノイ市" in row.text_content()
    assert "姉妹都市" in row.text_content() and "2001" in row.text_content()
    assert row.cssselect("a")[0].get("href") == f"/organizations/{ids['Санкт-Лесной']}"
    en = page(client, f"/organizations/{ids['湊町市']}", "en")
    row = [
        r
        for r in en.cssselect("#partners tbody tr")
        if int(r.get("data-organization")) == ids["Riverton"]
    ][0]
    assert "Riverton" in row.text_content() and "friendship city" in row.text_content()


# --- titles in the interface language ---------------------------------------------------


def test_title_made_of_party_names_reads_in_the_page_language(client, ids):
    url = f"/records/{ids['d1']}"
    ja = page(client, url, "ja")
    heading = ja.cssselect("h1")[0].text_content()
    assert "サンクトレスノイ市" in heading and "オジョルスク・モルスコイ市" in heading
    assert "Делегация" not in heading and "1995" in heading
    original = ja.cssselect("details.original-title")[0].text_content()
    assert "Делегация: Санкт-Лесной, Озёрск-Морской → 湊町市 (1995)" in original
    en = page(client, url, "en")
    heading = en.cssselect("h1")[0].text_content()
    assert "Sankt-Lesnoy" in heading and "Minatomachi" in heading
    assert heading.startswith("Delegation")
    # stored data is untouched
    assert Record.objects.get(pk=ids["d1"]).title.startswith("Делегация: Санкт-Лесной")


def test_timeline_titles_in_the_page_language_with_the_original(client, ids):
    doc = page(client, f"/organizations/{ids['湊町市']}", "ja")
    items = [li for li in doc.cssselect("ol.timeline li") if "1995" in li.text_content()]
    assert items
    link = items[0].cssselect("a")[0]
    assert "サンクトレスノイ市" in link.text_content()
    assert "Делегация" in items[0].cssselect("details.original-title")[0].text_content()


def test_written_titles_are_left_alone(client, ids):
    doc = page(client, f"/records/{ids['a1']}", "en")
    assert doc.cssselect("h1")[0].text_content().strip() == "湊町市とポートベール市の姉妹都市提携"
    assert not doc.cssselect("details.original-title")


# --- fiscal years -----------------------------------------------------------------------


@pytest.mark.parametrize("lang,shown", [("ja", "2010年度"), ("en", "FY2010")])
def test_fiscal_year_instead_of_undated(client, ids, lang, shown):
    doc = page(client, f"/organizations/{ids['湊町市']}", lang)
    item = [li for li in doc.cssselect("ol.timeline li") if "青少年派遣" in li.text_content()]
    assert item[0].cssselect("time")[0].text_content() == shown
    record = page(client, f"/records/{ids['p1']}", lang)
    assert record.cssselect(".fiscal-year")[0].text_content() == shown
    results = page(client, "/search?q=青少年派遣", lang)
    hit = [r for r in results.cssselect("li.result") if "青少年派遣" in r.text_content()][0]
    assert hit.cssselect("time")[0].text_content() == shown


# --- place names in search --------------------------------------------------------------


@pytest.mark.parametrize("query", ["湊町", "湊町市", "Minatomachi", "minatomachi", "Минатомати"])
def test_place_name_ranks_its_organization_and_records_first(ids, query):
    result = search(query, limit=50)
    assert result.error is None
    hits = [(h.kind, h.id) for h in result.results]
    assert hits[0] == ("organization", ids["湊町市"])
    city_records = {r.pk for r in Record.objects.filter(parties__organization_id=ids["湊町市"])}
    following = hits[1 : 1 + len(city_records)]
    # every record of the city that matches comes right after it, before anything else
    matching = {i for k, i in hits if k != "organization" and i in city_records}
    assert {i for _, i in following} == matching
    assert matching
    # nothing is lost or repeated by the place stages
    assert len(hits) == len(set(hits)) == result.total


def test_place_stages_keep_paging(ids):
    first = search("湊町", limit=2)
    assert first.next
    seen = [(h.kind, h.id) for h in first.results]
    cursor = first.next
    while cursor:
        more = search("湊町", limit=2, cursor=cursor)
        seen += [(h.kind, h.id) for h in more.results]
        cursor = more.next
    assert seen == [(h.kind, h.id) for h in search("湊町", limit=50).results]


def test_other_queries_rank_as_before(ids):
    result = search("姉妹都市", limit=50)
    assert all(h.score <= 6 for h in result.results)


def test_partners_come_from_published_agreements_only(ids):
    Record.objects.filter(pk=ids["a3"]).update(review="proposed")
    partners = {p["id"] for p in q.organization_detail(ids["湊町市"])["partners"]}
    assert partners == {ids["Portvale"], ids["Riverton"]}
