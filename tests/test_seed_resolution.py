"""Ingesting the five seeds resolves every party: right country, right parent, right entry.

The resolver itself is tested in test_gazetteer_*.py; this checks what the importer makes
of its answers (one Organization per entry, parent chains, new places under the right
parent, merged towns linked to their successor) and what the export then says."""

import pytest

from conftest import SEEDS
from koryu.catalog.export import iter_dicts
from koryu.catalog.importer import ingest_paths
from koryu.catalog.models import Organization, Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    report = ingest_paths([SEEDS])
    assert not report.failed, [d.error for d in report.failed]
    return report


def org_of(name: str) -> Organization:
    party = Party.objects.filter(name=name).select_related("organization").first()
    assert party is not None, f"no party named {name!r}"
    return party.organization


def chain(org: Organization) -> list[str]:
    out = []
    while org is not None:
        out.append(org.gazetteer_id or org.name)
        org = org.parent
    return out


def test_case_card_parties_resolve_with_their_administrative_path(seeded):
    shenyang = org_of("中華人民共和国遼寧省瀋陽市")
    assert shenyang.gazetteer_id == "gn:2034937"
    assert chain(shenyang)[1:] == ["adm:CN-LN", "cc:CN"]
    assert shenyang.lat and shenyang.lon
    assert org_of("北海道札幌市").code == "011002"
    assert org_of("青森県三戸町").code == "024414"
    # The same city named in different documents (seminar host 瀋陽市 in 遼寧省) is one row.
    assert Organization.objects.filter(gazetteer_id="gn:2034937").count() == 1


def test_every_case_card_party_has_a_country_and_a_place(seeded):
    parties = Party.objects.filter(record__kind="agreement").select_related("organization")
    assert parties.count() >= 50
    for p in parties:
        assert p.organization.country, p.name
        assert p.organization.resolution in ("resolved", "new"), (p.name, p.organization.resolution)
        if p.role == "japanese_party":
            assert p.organization.country == "JP"
            assert p.organization.code or p.organization.level == "prefecture", p.name


def test_places_the_gazetteer_lacks_are_new_under_the_right_parent(seeded):
    yangyang = org_of("大韓民国江原道襄陽郡")
    assert (yangyang.resolution, yangyang.country) == ("new", "KR")
    assert yangyang.parent.name and chain(yangyang)[-1] == "cc:KR"
    issy = Party.objects.filter(name__contains="イッシー").first().organization
    assert issy.resolution == "new" and chain(issy)[-1] == "cc:FR"


def test_russian_rows_resolve_to_japanese_municipalities(seeded):
    assert org_of("Касивадзаки").code == "152056"  # 柏崎市
    assert org_of("Носиро").code == "052027"  # 能代市
    toyosaka = org_of("Тоёсака")  # 豊栄市, merged into 新潟市 in 2005
    assert toyosaka.valid_to and toyosaka.successor is not None
    assert toyosaka.successor.code == "151009"
    # 本荘 (Akita) and 本庄 (Saitama) both read Хондзё; the row's other places (Ога in
    # Akita) settle it. 本荘市 merged into 由利本荘市 in 2005.
    honjo = org_of("Хондзё")
    assert (honjo.code, honjo.successor.code) == ("052051", "052108")
    ambiguous = Organization.objects.filter(resolution="ambiguous", parties__isnull=False)
    assert not ambiguous.exists(), list(ambiguous.values_list("name", flat=True))


def test_export_fills_canonical_and_country_for_resolved_parties(seeded):
    items = list(iter_dicts())
    parties = [p for item in items for p in item["parties"]]
    assert all(p["canonical"] for p in parties)
    placed = [p for p in parties if p["country"]]
    assert len(placed) / len(parties) > 0.9


def test_an_entry_whose_parent_the_gazetteer_lacks_still_resolves():
    # GeoNames files Kosovo's cities under XK, which has no ISO 3166-1 entry here: the city
    # becomes an organization without a parent instead of failing over to its bare name.
    from koryu import records as rec
    from koryu.catalog.organizations import OrganizationResolver

    resolver = OrganizationResolver()
    org = resolver.for_entry("gn:784097")  # Vushtrri
    assert (org.name, org.gazetteer_id, org.parent) == ("Vushtrri", "gn:784097", None)
    party = rec.Party(name="Vushtrri", role="partner")
    record = rec.Record(kind="agreement", key="k", title="t", line_start=1, line_end=1)
    assert resolver.organization_for(party, record).pk == org.pk
