"""The read services behind the HTML pages and the API (koryu.catalog.queries)."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog_builder import PLACES, build_catalog, document_one
from koryu.catalog import queries as q
from koryu.catalog.importer import import_document
from koryu.catalog.models import Organization, Party, Record, Series, Source
from koryu.catalog.organizations import OrganizationResolver

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return build_catalog()


def rid(key: str) -> int:
    return Record.objects.get(key=key).pk


def count_queries(fn, *args, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn(*args, **kwargs)
    return len(ctx.captured_queries)


# --- filters and cursors ------------------------------------------------------------------


def test_filters_parse_comma_lists_and_reject_unknown_values():
    f = q.Filters.from_mapping({"kind": "agreement,network", "country": "cn", "year_from": "2000"})
    assert f.kind == ("agreement", "network") and f.country == ("CN",) and f.year_from == 2000
    for bad in (
        {"kind": "treaty"},
        {"sector": "space"},
        {"country": "CHN"},
        {"year_from": "soon"},
        {"year_to": "0"},
        {"org": "-1"},
        {"type": "x\x00"},
    ):
        with pytest.raises(q.InvalidQuery):
            q.Filters.from_mapping(bad)


@pytest.mark.parametrize("token", ["!!", "WzFd" + "x", "e30", "WyJhIl0"])
def test_bad_cursors_are_invalid_queries(token):
    with pytest.raises(q.InvalidQuery):
        q.list_records(cursor=token)


def test_limit_bounds():
    for limit in (0, q.MAX_LIMIT + 1):
        with pytest.raises(q.InvalidQuery):
            q.list_records(limit=limit)


# --- lists --------------------------------------------------------------------------------


def test_list_records_pages_cover_every_record_once(orgs):
    seen, cursor, pages = [], None, 0
    while True:
        page = q.list_records(cursor=cursor, limit=2)
        assert page["total"] == 9
        seen += [r["id"] for r in page["results"]]
        pages += 1
        cursor = page["next"]
        if cursor is None:
            break
    assert pages == 5
    assert seen == sorted(Record.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "params, keys",
    [
        ({"kind": "agreement"}, {"card-1", "card-2", "card-3", "card-4"}),
        ({"sector": "water"}, {"card-1", "prog-1"}),
        ({"sector": "port,culture"}, {"card-2", "card-3"}),
        ({"type": "sister"}, {"card-2"}),
        ({"status": "ended"}, {"card-3"}),
        ({"country": "RU"}, {"card-3", "net", "del-1"}),
        ({"year_from": "2005", "year_to": "2010"}, {"ev-1", "ev-2", "card-3"}),
        ({"kind": "event", "country": "CN"}, {"ev-1", "ev-2"}),
    ],
)
def test_list_records_filters(orgs, params, keys):
    page = q.list_records(q.Filters.from_mapping(params), limit=50)
    got = {Record.objects.get(pk=r["id"]).key for r in page["results"]}
    assert got == keys and page["total"] == len(keys)


def test_list_records_by_organization(orgs):
    page = q.list_records(q.Filters(org=orgs["南浜町"].pk))
    assert {r["title"] for r in page["results"]} >= {"南浜町とウラジオストク市の経済交流覚書"}
    assert page["total"] == 3


def test_list_records_results_are_the_export_contract(orgs):
    from koryu.catalog.export import export_queryset, record_to_dict

    item = q.list_records(limit=1)["results"][0]
    record = export_queryset(Record.objects.filter(pk=item["id"])).get()
    assert item == record_to_dict(record)


def test_list_organizations_filters_and_keyset_pages(orgs):
    names, cursor = [], None
    while True:
        page = q.list_organizations({}, cursor=cursor, limit=3)
        names += [o["name"] for o in page["results"]]
        cursor = page["next"]
        if not cursor:
            break
    assert sorted(names) == sorted(PLACES) and len(names) == len(set(names))
    jp = q.list_organizations({"country": "JP"})
    assert {o["name"] for o in jp["results"]} == {"北川市", "南浜町", "東山県"}
    assert q.list_organizations({"name": "釜山"})["results"][0]["records"] == 2
    placed = q.list_organizations({"placed": "1"})
    assert "謎の村" not in {o["name"] for o in placed["results"]}


# --- details ------------------------------------------------------------------------------


def test_record_detail_has_every_field_and_its_organizations(orgs):
    data = q.record_detail(rid("card-1"))
    assert data["background"] == "港の縁で始まった"
    assert data["activities"] and data["outcomes"]
    assert data["sectors"] == ["water", "education"]
    assert data["contacts"][0]["department"] == "国際課"
    assert data["source"]["document"] == "test-cards.txt"
    assert data["source"]["sha256"] == "a" * 64
    assert (data["source"]["line_start"], data["source"]["line_end"]) == (10, 30)
    assert data["findings"][0]["code"] == "relisted"
    dalian = data["parties"][1]["organization"]
    assert dalian["name"] == "大連市" and (dalian["lat"], dalian["lon"]) == (38.9, 121.6)
    for field in ("purpose", "description", "programme", "subthemes", "participants_breakdown"):
        assert field in data
    # Linked by the document first, then records sharing a party; never itself.
    related = data["related"]
    assert related[0]["id"] == rid("card-2") and related[0]["reason"] == "linked"
    reasons = {r["id"]: r["reason"] for r in related}
    assert reasons[rid("net")] == "same_network"
    assert reasons[rid("ev-1")] == "shared_party"
    assert rid("card-1") not in reasons
    assert rid("del-1") not in reasons  # shares no party


def test_record_detail_missing_is_not_found():
    with pytest.raises(q.NotFound):
        q.record_detail(123456)


def _record_with(source: Source, key: str, organizations: list[Organization]) -> Record:
    record = Record.objects.create(
        kind="exchange", source=source, key=key, line_start=1, line_end=1, content_hash=key,
        title=f"record {key}",
    )  # fmt: skip
    for position, org in enumerate(organizations):
        Party.objects.create(
            record=record, organization=org, name=org.name, role="participant", position=position
        )
    return record


def test_related_records_name_the_organizations_they_share():
    """Ranked by organizations in common, then newest; ``shared`` lists them in id order,
    whether the record shares one, two, all, or some other number of them."""
    source = Source.objects.create(name="shared.txt", sha256="c" * 64, format="text")
    o = [Organization.objects.create(name=f"市{i}") for i in range(5)]
    shown = _record_with(source, "shown", o[:4])
    three = _record_with(source, "three", [o[3], o[0], o[2], o[4]])
    one = _record_with(source, "one", [o[2], o[4]])
    two = _record_with(source, "two", [o[3], o[1]])
    every = _record_with(source, "every", [o[1], o[0], o[3], o[2], o[1]])  # o[1] twice
    _record_with(source, "none", [o[4]])
    proposed = _record_with(source, "proposed", o[:4])
    Record.objects.filter(pk=proposed.pk).update(review="proposed")

    related = q.record_detail(shown.pk)["related"]

    ids = lambda *orgs: sorted(org.pk for org in orgs)  # noqa: E731
    assert [(r["id"], r["shared"]) for r in related] == [
        (every.pk, ids(*o[:4])),
        (three.pk, ids(o[0], o[2], o[3])),
        (two.pk, ids(o[1], o[3])),
        (one.pk, ids(o[2])),
    ]
    assert {r["reason"] for r in related} == {"shared_party"}


def test_record_detail_reads_no_bulky_column_and_a_bounded_number_of_queries(orgs):
    """Six queries at most (record, parties, contacts, linked records, ranking, summaries),
    none of them reading a source's text, findings or locations, an organization's
    candidates or a record's evidence: each costs every request of the record page."""
    card = rid("card-1")
    with CaptureQueriesContext(connection) as ctx:
        q.record_detail(card)
    assert len(ctx.captured_queries) <= 6
    read = " ".join(query["sql"] for query in ctx.captured_queries)
    for column in ('"catalog_source"."text"', '"catalog_source"."findings"',
                   '"catalog_source"."locations"', '"catalog_organization"."candidates"',
                   '"catalog_record"."evidence"'):  # fmt: skip
        assert column not in read


def test_organization_detail_names_hierarchy_and_timeline(orgs):
    kita, higashi = orgs["北川市"], orgs["東山県"]
    old = Organization.objects.create(name="旧北川村", country="JP", successor=kita)
    data = q.organization_detail(kita.pk)
    assert data["code"] == "261009"
    assert [p["name"] for p in data["parents"]] == ["東山県"]
    assert [p["name"] for p in data["predecessors"]] == [old.name]
    assert {a["name"] for a in data["aliases"]} == {"北川市"}
    assert data["relations"] == {
        "agreement": 3,
        "membership": 1,
        "event_hosted": 1,
        "event_organized": 1,
    }
    dates = [t["sort_date"] for t in data["timeline"]]
    assert dates == sorted(dates)
    membership = next(t for t in data["timeline"] if t["relation"] == "membership")
    assert membership["role"] == "secretariat" and membership["joined"] == "1994"
    agreement = next(t for t in data["timeline"] if t["id"] == rid("card-1"))
    assert [p["name"] for p in agreement["partners"]] == ["大連市"]
    assert agreement["source"] == {"document": "test-cards.txt", "line_start": 10, "line_end": 30}
    assert [c["name"] for c in q.organization_detail(higashi.pk)["children"]] == ["北川市"]
    assert q.organization_detail(old.pk)["successor"]["id"] == kita.pk


def test_organization_detail_delegations_sent_and_received(orgs):
    vlad = q.organization_detail(orgs["Владивосток"].pk)["relations"]
    assert vlad["delegation_sent"] == 1
    assert q.organization_detail(orgs["南浜町"].pk)["relations"]["delegation_received"] == 1
    with pytest.raises(q.NotFound):
        q.organization_detail(999999)


def test_network_detail_members(orgs):
    data = q.network_detail(rid("net"))
    members = {m["name"]: m for m in data["members"]}
    assert members["北川市"]["role"] == "secretariat"
    assert (
        members["大連市"]["joined"] == "1996-07" and members["大連市"]["joined_raw"] == "1996年7月"
    )
    assert (members["Владивосток"]["lat"], members["Владивосток"]["lon"]) == (43.1, 131.9)
    assert data["roles"] == {"secretariat": 1, "member": 2, "observer": 1}
    with pytest.raises(q.NotFound):
        q.network_detail(rid("card-1"))


def test_series_detail_editions_in_order_with_hosts(orgs):
    data = q.series_detail(Series.objects.get().pk)
    assert [e["number"] for e in data["editions"]] == [1, 2]
    first, second = data["editions"]
    assert first["host"]["name"] == "北川市" and first["fiscal_year"] == "2005"
    assert second["host"]["name"] == "大連市" and second["host"]["lat"] == 38.9
    assert second["theme"] == "環境"


# --- aggregates -----------------------------------------------------------------------------


def _edges(fc):
    return {
        (f["properties"]["kind"], f["properties"]["source_name"], f["properties"]["target_name"])
        for f in fc["features"]
        if f["geometry"]["type"] == "LineString"
    }


def test_map_lines_between_placed_organizations(orgs):
    fc = q.map_data()
    assert fc["type"] == "FeatureCollection"
    edges = _edges(fc)
    assert ("agreement", "北川市", "大連市") in edges
    assert ("network", "北川市", "Владивосток") in edges  # member to secretariat
    # The three-party agreement's unplaced party draws no line but is counted.
    assert not any("謎の村" in e for e in edges)
    assert fc["meta"]["unplaced_edges"] == 2
    for f in fc["features"]:
        coords = f["geometry"]["coordinates"]
        if f["geometry"]["type"] == "LineString":
            assert len(coords) == 2 and all(len(c) == 2 for c in coords)
    points = {f["properties"]["name"] for f in fc["features"] if f["geometry"]["type"] == "Point"}
    assert points == {"北川市", "南浜町", "大連市", "釜山広域市", "Владивосток"}


def test_map_filters(orgs):
    assert {e[0] for e in _edges(q.map_data(q.Filters(kind=("network",))))} == {"network"}
    assert _edges(q.map_data(q.Filters(type=("sister",)))) == {
        ("agreement", "北川市", "釜山広域市")
    }
    assert _edges(q.map_data(q.Filters(kind=("agreement",), year_from=2005))) == {
        ("agreement", "南浜町", "Владивосток"),
        ("agreement", "北川市", "南浜町"),
    }
    assert _edges(q.map_data(q.Filters(country=("KR",), kind=("agreement",)))) == {
        ("agreement", "北川市", "釜山広域市")
    }


def test_cached_aggregates_follow_new_imports(orgs):
    before = q.map_data()
    doc = document_one()
    doc = dataclasses.replace(doc, sha256="c" * 64, records=doc.records[1:])  # card-1 gone
    import_document(doc, resolver=OrganizationResolver(use_gazetteer=False))
    after = q.map_data()
    assert ("agreement", "北川市", "大連市") in _edges(before)
    assert ("agreement", "北川市", "大連市") not in _edges(after)


def test_graph_ego_network_depths_and_hubs(orgs):
    kita = orgs["北川市"].pk
    one = q.graph_data(kita, depth=1)
    ids = {n["id"] for n in one["nodes"]}
    assert f"org:{kita}" in ids
    assert f"record:{rid('net')}" in ids and f"record:{rid('card-4')}" in ids  # hubs
    assert f"record:{rid('card-1')}" not in ids  # bilateral: a direct edge instead
    assert any(
        e["kind"] == "agreement"
        and {e["source"], e["target"]} == {f"org:{kita}", f"org:{orgs['大連市'].pk}"}
        for e in one["edges"]
    )
    node_ids = {n["id"] for n in one["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in one["edges"])
    center = next(n for n in one["nodes"] if n["center"])
    assert center["organization_id"] == kita
    # 南浜町's memorandum with Vladivostok is two steps away from 北川市.
    memo_edge = {f"org:{orgs['南浜町'].pk}", f"org:{orgs['Владивосток'].pk}"}
    assert not any({e["source"], e["target"]} == memo_edge for e in one["edges"])
    two = q.graph_data(kita, depth=2)
    assert any({e["source"], e["target"]} == memo_edge for e in two["edges"])
    with pytest.raises(q.InvalidQuery):
        q.graph_data(kita, depth=3)
    with pytest.raises(q.NotFound):
        q.graph_data(999999)


def test_stats_series(orgs):
    stats = q.stats_data()
    assert stats["total"] == 9
    assert stats["by_kind"]["agreement"] == 4
    assert {"label": "1995", "value": 1} in stats["per_year"]
    countries = {s["label"]: s["value"] for s in stats["by_country"]}
    assert "JP" not in countries and countries["CN"] == 5
    sectors = {s["label"]: s["value"] for s in stats["by_sector"]}
    assert sectors["water"] == 2 and sectors["port"] == 1
    prefs = {s["label"]: s["value"] for s in stats["by_prefecture"]}
    assert prefs == {"京都府": 7, "岡山県": 3}
    only_2000s = q.stats_data(q.Filters(year_from=2000, year_to=2009))
    assert [s["label"] for s in only_2000s["per_year"]] == ["2001", "2005", "2007"]


def test_quality_findings_with_document_and_line(orgs):
    data = q.quality_findings()
    by_code = {f["code"]: f for f in data["findings"]}
    assert by_code["index-title-differs"]["document"] == "test-cards.txt"
    assert by_code["index-title-differs"]["line"] == 3
    assert by_code["relisted"]["record_id"] == rid("card-1")
    assert data["findings_total"] == 2  # a record finding is not listed twice
    unplaced = {o["name"]: o for o in data["organizations"]}
    assert unplaced["謎の村"]["document"] == "test-cards.txt" and unplaced["謎の村"]["line"] == 71
    assert "北川市" not in unplaced  # resolved


# --- bounded queries ------------------------------------------------------------------------


def test_query_counts_do_not_grow_with_the_catalogue(orgs):
    kita, card = orgs["北川市"].pk, rid("card-1")
    small = {
        "record": count_queries(q.record_detail, card),
        "organization": count_queries(q.organization_detail, kita),
        "list": count_queries(q.list_records, limit=50),
    }
    # Ten more documents about the same organizations.
    resolver = OrganizationResolver(use_gazetteer=False)
    for i in range(10):
        doc = document_one()
        doc = dataclasses.replace(doc, name=f"more-{i}.txt", sha256=f"{i:064d}")
        import_document(doc, resolver=resolver)
    assert Record.objects.count() == 49
    big = {
        "record": count_queries(q.record_detail, card),
        "organization": count_queries(q.organization_detail, kita),
        "list": count_queries(q.list_records, limit=50),
    }
    assert big == small


# --- the seeds, when the readers can read them ------------------------------------------------


def test_every_seed_record_and_organization_renders(seeds_dir):
    from koryu.catalog.importer import ingest_paths

    report = ingest_paths([seeds_dir])
    if not Record.objects.exists():
        pytest.skip(f"no seed could be read yet: {[d.error for d in report.failed]}")
    for pk in Record.objects.values_list("pk", flat=True):
        data = q.record_detail(pk)
        assert data["source"]["line_start"] <= data["source"]["line_end"]
    for pk in Organization.objects.values_list("pk", flat=True):
        q.organization_detail(pk)
    fc = q.map_data()
    for f in fc["features"]:
        for lon, lat in (
            [f["geometry"]["coordinates"]]
            if f["geometry"]["type"] == "Point"
            else f["geometry"]["coordinates"]
        ):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    stats = q.stats_data()
    assert stats["total"] == Record.objects.count()
    assert sum(s["value"] for s in stats["per_year"]) <= stats["total"]


@pytest.mark.parametrize("kind", [None, ("agreement",), ("network",), ("event", "delegation")])
def test_map_by_view_accounts_for_every_placed_pair(orgs, kind):
    filters = q.Filters(kind=kind or ())
    old = q.map_data(filters)
    view = q.map_view(filters, q.parse_viewport(3, None))
    assert view["meta"]["mode"] == "pairs"
    assert view["meta"]["edges_total"] == old["meta"]["edges_total"]
    assert view["meta"]["unplaced_edges"] == old["meta"]["unplaced_edges"]
    assert _edges(view) == _edges(old)
    if view["meta"]["unplaced_edges"]:
        assert "unresolved" in view["meta"]["unplaced"]["by_resolution"]
