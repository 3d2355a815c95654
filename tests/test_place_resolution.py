"""What the catalogue makes of the resolver's answers (issue 12): city pairs attached to
the cities, namesakes chosen by the document's country and coordinates, places the
gazetteer lacks still on the map, one organization per body, and the export saying how
each party was resolved. Runs on SQLite and PostgreSQL alike."""

import hashlib

import pytest

from conftest import SEEDS
from koryu import records as rec
from koryu.catalog.export import iter_dicts
from koryu.catalog.importer import import_document, ingest_paths
from koryu.catalog.models import Organization, OrganizationName, Party, Tie
from koryu.catalog.organizations import by_exact_name

pytestmark = pytest.mark.django_db

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
ROWS = [
    "Yokohama,Japan,35.4437,139.638,San Diego,United States,32.7157,-117.1611",
    "Yokohama,Japan,35.4437,139.638,Vancouver,Canada,49.2827,-123.1207",
    "Niigata,Japan,37.9161,139.0364,Khabarovsk,Russia,48.4827,135.0838",
    "Kyoto (city),Japan,35.0116,135.7681,Paris,France,48.8566,2.3522",
    "Osaka,Japan,34.6937,135.5023,Shanghai,China,31.2304,121.4737",
    "Toyama,Japan,36.6953,137.2113,Durham,United States,35.994,-78.8986",
    "Constanţa,Romania,44.1598,28.6348,Yokohama,Japan,35.4437,139.638",
    "Constanța,Romania,44.1598,28.6348,Istanbul,Turkey,41.0082,28.9784",
    "Donghae,South Korea,37.5247,129.1143,Sakaiminato,Japan,35.5397,133.2317",
    # a town GeoNames lacks, and a name whose only namesake lies 500 km away
    "Qwertyville,Canada,45.1,-75.2,Toyama,Japan,36.6953,137.2113",
    "Springfield,Canada,60.0,-100.0,Osaka,Japan,34.6937,135.5023",
]


def ingest_csv(tmp_path, rows=ROWS, name="pairs.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    report = ingest_paths([path])
    assert not report.failed, [d.error for d in report.failed]


def org_of(name: str, country: str | None = None) -> Organization:
    parties = Party.objects.filter(name=name).select_related("organization")
    if country:
        parties = parties.filter(country=country)
    party = parties.first()
    assert party is not None, f"no party named {name!r}"
    return party.organization


def partners(org: Organization) -> set[str]:
    records = Party.objects.filter(organization=org).values("record_id")
    others = Party.objects.filter(record_id__in=records).exclude(organization=org)
    return set(others.values_list("name", flat=True))


# --- a list of city pairs --------------------------------------------------------------------


def test_yokohama_in_a_list_of_city_pairs_is_the_city(tmp_path):
    ingest_csv(tmp_path)
    yokohama = org_of("Yokohama")
    assert (yokohama.gazetteer_id, yokohama.name, yokohama.resolution) == (
        "jp:141003",
        "横浜市",
        "resolved",
    )
    assert {"San Diego", "Vancouver", "Constanţa"} <= partners(yokohama)
    assert not Organization.objects.filter(gazetteer_id="jp:024066").exists()  # 横浜町


@pytest.mark.parametrize(
    "name, city",
    [
        ("Niigata", "jp:151009"),
        ("Kyoto (city)", "jp:261009"),
        ("Osaka", "jp:271004"),
        ("Toyama", "jp:162019"),
    ],
)
def test_partners_are_attached_to_the_city_not_the_prefecture(tmp_path, name, city):
    ingest_csv(tmp_path)
    org = org_of(name)
    assert org.gazetteer_id == city and org.level == "municipality"
    assert partners(org)


def test_unicode_variants_of_one_city_are_one_organization(tmp_path):
    ingest_csv(tmp_path)
    assert org_of("Constanţa").pk == org_of("Constanța").pk
    assert org_of("Constanța").gazetteer_id == "gn:680963"


def test_a_place_the_gazetteer_lacks_is_placed_at_the_documents_coordinates(tmp_path):
    ingest_csv(tmp_path)
    org = org_of("Qwertyville")
    assert (org.resolution, org.country, org.lat, org.lon) == ("located", "CA", 45.1, -75.2)
    assert org.parent.gazetteer_id == "cc:CA"
    # every pair of the list has both places on the map
    for tie in Tie.objects.select_related("org_a", "org_b"):
        assert tie.org_a.lat is not None and tie.org_b.lat is not None, tie


def test_a_namesake_far_from_the_documents_coordinates_is_not_the_place(tmp_path):
    ingest_csv(tmp_path)
    org = org_of("Springfield")
    assert org.gazetteer_id is None and org.resolution == "located"
    assert (org.lat, org.lon) == (60.0, -100.0)


def test_coordinates_choose_the_namesake(tmp_path):
    ingest_csv(tmp_path)
    assert org_of("Donghae").gazetteer_id == "gn:1892823"


def test_two_located_places_of_one_name_far_apart_are_two_organizations(tmp_path):
    rows = [
        "Nowhereton,Canada,45.0,-75.0,Toyama,Japan,36.6953,137.2113",
        "Nowhereton,Canada,50.0,-110.0,Osaka,Japan,34.6937,135.5023",
        "Nowhereton,Canada,45.01,-75.01,Kyoto (city),Japan,35.0116,135.7681",
    ]
    ingest_csv(tmp_path, rows)
    orgs = {p.organization_id for p in Party.objects.filter(name="Nowhereton")}
    assert len(orgs) == 2


def test_reingesting_the_list_is_unchanged(tmp_path):
    ingest_csv(tmp_path)
    before = Organization.objects.count()
    report = ingest_paths([tmp_path / "pairs.csv"])
    assert report.documents[0].status == "unchanged"
    assert Organization.objects.count() == before


# --- the seeds -------------------------------------------------------------------------------


@pytest.fixture
def seeded():
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    report = ingest_paths([SEEDS])
    assert not report.failed, [d.error for d in report.failed]


@pytest.mark.parametrize(
    "name, country, entry",
    [
        ("東海市", "KR", "gn:1892823"),  # 大韓民国東海市: Donghae, not Aichi's 東海市
        ("ニューキャッスル市", "ZA", "gn:971421"),  # 南アフリカ ニューキャッスル市
        ("インディアナ州ニューキャッスル市", "US", "gn:4262072"),  # not Pennsylvania's
        ("西帰浦市", "KR", "gn:6621166"),  # 韓国西帰浦市: Seogwipo
    ],
)
def test_seed_parties_named_in_issue_12(seeded, name, country, entry):
    assert org_of(name, country).gazetteer_id == entry


def test_clair_is_one_organization(seeded):
    orgs = {
        p.organization_id
        for p in Party.objects.filter(name__contains="自治体国際化協会").select_related(
            "organization"
        )
    }
    assert len(orgs) == 1
    clair = Organization.objects.get(pk=orgs.pop())
    assert clair.gazetteer_id == "body:clair" and clair.level == "body"
    names = set(OrganizationName.objects.filter(organization=clair).values_list("name", flat=True))
    assert {"自治体国際化協会", "日本国自治体国際化協会"} <= names


# --- merges ----------------------------------------------------------------------------------


def _document(name, parties):
    return rec.Document(
        name=name,
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        format="case-cards",
        language="ja",
        records=[
            rec.Record(
                kind="event",
                key="e1",
                title="セミナー",
                line_start=1,
                line_end=2,
                parties=[rec.Party(name=n, role="organizer") for n in parties],
            )
        ],
        line_count=2,
    )


def test_organizations_made_from_a_bodys_variants_merge_into_it():
    # a catalogue filled before CLAIR was listed: one organization per spelling
    old = by_exact_name("日本国自治体国際化協会", "JP")
    other = by_exact_name("一般財団法人自治体国際化協会", None)
    import_document(_document("old.txt", ["札幌市"]))
    party = Party.objects.get(name="札幌市")
    Party.objects.create(record=party.record, organization=old, name=old.name, role="organizer")
    import_document(_document("new.txt", ["自治体国際化協会"]))
    clair = Organization.objects.get(gazetteer_id="body:clair")
    assert not Organization.objects.filter(pk__in=[old.pk, other.pk]).exists()
    assert {m["id"] for m in clair.merged} == {old.pk, other.pk}
    assert all(m["reason"] and m["at"] and m["name"] for m in clair.merged)
    assert Party.objects.get(name="日本国自治体国際化協会").organization_id == clair.pk


# --- the export ------------------------------------------------------------------------------


def test_export_carries_the_resolution_of_each_party(tmp_path):
    ingest_csv(tmp_path)
    parties = {p["name"]: p for item in iter_dicts() for p in item["parties"]}
    yokohama = parties["Yokohama"]
    assert yokohama["gazetteer_id"] == "jp:141003" and yokohama["resolution"] == "resolved"
    assert yokohama["lat"] == pytest.approx(35.44, abs=0.1)
    assert yokohama["organization_id"] == org_of("Yokohama").pk
    located = parties["Qwertyville"]
    assert (located["gazetteer_id"], located["resolution"]) == (None, "located")
    assert (located["lat"], located["lon"]) == (45.1, -75.2)


# --- koryu check: the duplicates left ----------------------------------------------------------


def test_check_reports_likely_duplicates_and_not_namesakes():
    from koryu.catalog.quality import likely_duplicates

    record_doc = _document("dups.txt", ["札幌市"])
    import_document(record_doc)
    record = Party.objects.get(name="札幌市").record

    def org(name, country, lat=None, lon=None, gazetteer_id=None):
        o = Organization.objects.create(
            name=name, country=country, lat=lat, lon=lon, gazetteer_id=gazetteer_id
        )
        Party.objects.create(record=record, organization=o, name=name, role="organizer")
        return o

    a = org("Constanța", "RO")  # two Unicode forms of one name, made before this change
    b = org("Constanţa", "RO")
    c = org("Kőszeg", "HU", 47.389, 16.541)  # a located place beside its gazetteer entry
    d = org("Koszeg", "HU", 47.3895, 16.5405, gazetteer_id="gn:test-1")
    org("Fuchu", "JP", 35.67, 139.48, gazetteer_id="gn:test-2")  # namesakes the gazetteer
    org("Fuchu", "JP", 34.57, 133.24, gazetteer_id="gn:test-3")  # tells apart
    org("Nowhereton", "CA", 45.0, -75.0)  # the same name 800 km apart: two places
    org("Nowhereton", "CA", 50.0, -110.0)
    found = {tuple(i.detail["organization_ids"]) for i in likely_duplicates()}
    assert found == {(a.pk, b.pk), (c.pk, d.pk)}
    assert all(i.code == "likely-duplicate" for i in likely_duplicates())


def test_a_region_without_a_position_takes_the_documents(tmp_path):
    # ISO 3166-2 divisions mostly have no position in the gazetteer: the row's puts it on
    # the map (the state of Puebla, named in a list of pairs)
    ingest_csv(tmp_path, ["Puebla State,Mexico,19.0,-97.9,Osaka,Japan,34.6937,135.5023"])
    org = org_of("Puebla State")
    assert org.gazetteer_id == "adm:MX-PUE" and (org.lat, org.lon) == (19.0, -97.9)


def test_a_district_keeps_its_own_partners_and_its_city_as_parent(tmp_path):
    # Berlin's district is not Berlin: its partners must not become Berlin's
    ingest_csv(
        tmp_path,
        [
            "Berlin,Germany,52.52,13.405,Los Angeles,United States,34.0522,-118.2437",
            "Berlin – Charlottenburg-Wilmersdorf,Germany,52.5,13.3,Kyiv,Ukraine,50.45,30.5236",
            "Žagarė (Joniškis),Lithuania,56.36,23.25,Osaka,Japan,34.6937,135.5023",
        ],
    )
    berlin = org_of("Berlin")
    district = org_of("Berlin – Charlottenburg-Wilmersdorf")
    assert district.pk != berlin.pk and district.gazetteer_id is None
    assert district.resolution == "located" and district.parent_id == berlin.pk
    assert "Kyiv" not in partners(berlin)
    assert org_of("Žagarė (Joniškis)").gazetteer_id == "gn:592942"


def test_a_point_in_another_country_than_the_stated_one_gives_way_to_the_country(tmp_path):
    # the list's geocoder put Korea's Anyang on China's and a US Birmingham in England
    rows = [
        "Anyang,South Korea,36.0964,114.3833,Toyama,Japan,36.6953,137.2113",
        "Birmingham,United States,52.4862,-1.8904,Osaka,Japan,34.6937,135.5023",
        # a name found nowhere in the stated country keeps the document's point
        "Zzyxqton,Canada,47.9,-103.0,Niigata,Japan,37.9161,139.0364",
    ]
    ingest_csv(tmp_path, rows)
    anyang = org_of("Anyang")
    assert (anyang.gazetteer_id, anyang.country) == ("gn:1846898", "KR")
    assert 37 < anyang.lat < 38 and 126 < anyang.lon < 127
    birmingham = org_of("Birmingham")
    assert birmingham.country == "US"
    assert birmingham.lat is None or birmingham.lon < -60  # never in England
    assert (org_of("Zzyxqton").lat, org_of("Zzyxqton").lon) == (47.9, -103.0)
