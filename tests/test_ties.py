"""The Tie and Pair tables behind the map (koryu.catalog.ties): kept in step with parties
through ingest, re-ingest and deletion, rebuilt by the migration back-fill, and giving the
same map as pairing every party in Python (the algorithm they replaced)."""

from __future__ import annotations

import importlib
import random
from collections import Counter

import pytest
from django.apps import apps

from catalog_builder import build_catalog
from koryu import records as rec
from koryu.catalog import queries as q
from koryu.catalog.importer import import_document
from koryu.catalog.models import Organization, Pair, Party, Record, Tie
from koryu.catalog.organizations import OrganizationResolver
from koryu.catalog.ties import pairs, rebuild_ties, write_ties

pytestmark = pytest.mark.django_db


def expected_ties() -> Counter:
    """(record, kind, type, org_a, org_b) of every tie, derived from the parties."""
    out: Counter = Counter()
    for record in Record.objects.filter(kind__in=("agreement", "network")):
        rows = list(record.parties.order_by("position").values_list("organization_id", "role"))
        atype = record.agreement_type if record.kind == "agreement" else ""
        for a, b in pairs(record.kind, rows):
            out[record.pk, record.kind, atype, a, b] += 1
    return out


def stored_ties() -> Counter:
    return Counter(
        Tie.objects.values_list("record_id", "kind", "agreement_type", "org_a_id", "org_b_id")
    )


def pair_counts() -> dict:
    return {
        (k, a, b): n for k, a, b, n in Pair.objects.values_list("kind", "org_a", "org_b", "ties")
    }


def assert_consistent() -> None:
    assert stored_ties() == expected_ties()
    per_pair = Counter(Tie.objects.values_list("pair_id", flat=True))
    stored = {p.pk: p for p in Pair.objects.all()}
    assert {pk: p.ties for pk, p in stored.items()} == dict(per_pair)
    for tie in Tie.objects.select_related("pair"):
        assert (tie.pair.kind, tie.pair.org_a_id, tie.pair.org_b_id) == (
            tie.kind,
            tie.org_a_id,
            tie.org_b_id,
        )
        assert tie.org_a_id < tie.org_b_id


# --- the pairing rule ---------------------------------------------------------------------


def test_agreements_tie_every_pair_of_distinct_organizations():
    rows = [(5, "japanese_party"), (2, "foreign_party"), (9, "foreign_party"), (5, "partner")]
    assert list(pairs("agreement", rows)) == [(2, 5), (5, 9), (2, 9)]
    assert list(pairs("agreement", [(3, "japanese_party")])) == []
    assert list(pairs("event", rows)) == []


def test_networks_tie_each_party_to_the_hub():
    rows = [(7, "member"), (3, "chair"), (8, "secretariat"), (4, "member"), (4, "member")]
    assert list(pairs("network", rows)) == [(7, 8), (3, 8), (4, 8), (4, 8)]
    assert list(pairs("network", [(7, "member"), (3, "chair"), (1, "member")])) == [
        (3, 7),
        (1, 3),
    ]
    assert list(pairs("network", [(6, "member"), (2, "member")])) == [(2, 6)]
    assert list(pairs("network", [])) == []


# --- upkeep -------------------------------------------------------------------------------


def test_ingest_writes_ties_and_pair_counts():
    build_catalog()
    assert Tie.objects.exists()
    assert_consistent()
    # Events, delegations and programs have no ties.
    assert not Tie.objects.exclude(kind__in=("agreement", "network")).exists()


def _doc(name: str, sha: str, records: list[rec.Record]) -> rec.Document:
    return rec.Document(name=name, sha256=sha, format="test", language="ja", records=records)


def _agreement(key: str, names: list[str], atype: str = "sister", date: str = "2001") -> rec.Record:
    return rec.Record(
        kind="agreement",
        key=key,
        title=f"協定 {key}",
        line_start=1,
        line_end=2,
        parties=[rec.Party(name=n, role="partner") for n in names],
        agreement_type=atype,
        date=date,
    )


def test_a_new_version_replaces_ties_and_recounts_pairs():
    resolver = OrganizationResolver(use_gazetteer=False)
    first = [
        _agreement("a", ["甲市", "乙市"]),
        _agreement("b", ["甲市", "乙市", "丙町"], "friendship"),
        _agreement("c", ["丁村", "乙市"]),
    ]
    import_document(_doc("v.txt", "1" * 64, first), resolver=resolver)
    assert_consistent()
    ko, otsu = (Organization.objects.get(name=n).pk for n in ("甲市", "乙市"))
    assert Pair.objects.get(org_a=min(ko, otsu), org_b=max(ko, otsu)).ties == 2
    second = [
        _agreement("a", ["甲市", "乙市"]),  # unchanged
        _agreement("b", ["甲市", "丙町"], "memorandum"),  # changed parties and type
    ]  # "c" is gone
    import_document(_doc("v.txt", "2" * 64, second), resolver=resolver)
    assert_consistent()
    assert Pair.objects.get(org_a=min(ko, otsu), org_b=max(ko, otsu)).ties == 1
    assert not Organization.objects.filter(name="丁村").exists()
    assert set(Tie.objects.values_list("agreement_type", flat=True)) == {"sister", "memorandum"}


def test_deleted_records_take_their_ties_and_empty_pairs_with_them():
    build_catalog()
    network = Record.objects.filter(kind="network").first()
    agreement = Record.objects.filter(kind="agreement").first()
    network_pairs = set(Tie.objects.filter(record=network).values_list("pair_id", flat=True))
    assert network_pairs
    network.delete()
    assert not Tie.objects.filter(record_id=network.pk).exists()
    assert_consistent()
    Record.objects.filter(pk=agreement.pk).delete()  # a queryset delete, as the importer does
    assert_consistent()
    Record.objects.all().delete()
    assert not Tie.objects.exists() and not Pair.objects.exists()


def test_write_ties_follows_edited_parties():
    """What the admin does after its party inline saved."""
    build_catalog()
    record = Record.objects.filter(kind="agreement", parties__isnull=False).first()
    party = record.parties.order_by("position").last()
    party.delete()
    write_ties(record, record.parties.all())
    assert_consistent()
    record.kind = "event"
    record.save()
    write_ties(record, record.parties.all())
    assert not Tie.objects.filter(record=record).exists()
    assert_consistent()


def test_rebuild_and_the_migration_back_fill_give_the_same_tables():
    build_catalog()
    before = stored_ties()
    counts = pair_counts()
    Tie.objects.all().delete()
    Pair.objects.all().delete()
    migration = importlib.import_module("koryu.catalog.migrations.0002_tie")
    migration.backfill(apps, None)
    assert stored_ties() == before
    assert_consistent()
    assert pair_counts() == counts
    assert rebuild_ties() == sum(before.values())
    assert stored_ties() == before


# --- the map ------------------------------------------------------------------------------

TOWNS = [f"町{i:02d}" for i in range(14)]


def random_catalog(seed: int) -> None:
    """Agreements (two to four parties, sometimes a repeated party) and networks (with or
    without a secretariat or chair, sometimes a member listed twice) among a few towns,
    some of them without coordinates, so that pairs repeat and counts tie."""
    rng = random.Random(seed)
    records = []
    for i in range(60):
        names = rng.sample(TOWNS, rng.randint(2, 4))
        if rng.random() < 0.1:
            names.append(names[0])
        records.append(
            _agreement(
                f"a{i}",
                names,
                rng.choice(["sister", "friendship", "memorandum", "sector"]),
                str(rng.randint(1980, 2020)),
            )
        )
    for i in range(15):
        members = rng.sample(TOWNS, rng.randint(2, 6))
        roles = ["member"] * len(members)
        hub = rng.random()
        if hub < 0.4:
            roles[rng.randrange(len(roles))] = "secretariat"
        elif hub < 0.7:
            roles[rng.randrange(len(roles))] = "chair"
        parties = [rec.Party(name=n, role=r) for n, r in zip(members, roles, strict=True)]
        if rng.random() < 0.3:
            parties.append(rec.Party(name=members[-1], role="member"))
        records.append(
            rec.Record(
                kind="network",
                key=f"n{i}",
                title=f"ネットワーク {i}",
                line_start=1,
                line_end=2,
                parties=parties,
                date=str(rng.randint(1990, 2020)),
            )
        )
    import_document(
        _doc("random.txt", f"{seed:064d}", records),
        resolver=OrganizationResolver(use_gazetteer=False),
    )
    for i, org in enumerate(Organization.objects.order_by("name")):
        if i % 5 != 4:  # every fifth town stays unplaced
            org.lat, org.lon = 30 + i * 0.5, 130 + i * 0.25
            org.country = "JP" if i % 2 else "KR"
            org.save()
    Party.objects.filter(organization__country="KR").update(country="KR")


FILTERS = [
    q.Filters(),
    q.Filters(kind=("agreement",)),
    q.Filters(kind=("network",)),
    q.Filters(year_from=2000),
    q.Filters(kind=("agreement",), type=("sister", "sector")),
    q.Filters(country=("KR",)),
    q.Filters(kind=("agreement", "network"), year_to=2005),
]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("cap", [5, 3000])
def test_the_map_is_what_pairing_the_parties_gives(seed, cap, monkeypatch):
    random_catalog(seed)
    monkeypatch.setattr(q.maps, "MAP_EDGE_CAP", cap)
    for filters in FILTERS:
        new = q.maps._map_data_from_ties(filters)
        old = q.maps._map_data_from_parties(filters)
        assert new == old, filters
        assert list(new["features"][0]["properties"]) == list(old["features"][0]["properties"])
    full = q.maps._map_data_from_ties(q.Filters())
    assert full["meta"]["unplaced_edges"] > 0
    assert max(f["properties"]["count"] for f in full["features"]) > 1
    if cap == 5:
        assert full["meta"]["truncated"]
