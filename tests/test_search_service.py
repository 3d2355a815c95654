"""Search on a real database (SQLite or PostgreSQL, whichever pytest-django is set up
with): the same assertions pass on both, so both give the same results in the same order.

The corpus is written here (facts only, made-up records) and imported through the
importer, so the index is kept by the records_changed signal as in production.
"""

import hashlib
import json

import pytest
from click.testing import CliRunner

from koryu import records as rec
from koryu.catalog.importer import import_document
from koryu.catalog.models import Organization, OrganizationName, Record
from koryu.search import expansion
from koryu.search.index import rebuild, reindex_organizations
from koryu.search.service import search

pytestmark = pytest.mark.django_db
REAL_RESOLVE = expansion._resolve


@pytest.fixture(autouse=True)
def no_gazetteer(monkeypatch):
    # Party resolution and place expansion are the gazetteer's business; these tests pin
    # search behaviour, so they run without it (place expansion gets a fake below).
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)
    monkeypatch.setattr(expansion, "_resolve", lambda term: None)
    expansion.place_names.cache_clear()
    yield
    expansion.place_names.cache_clear()


def P(name, role, country=None, note=""):
    return rec.Party(name=name, role=role, country=country, note=note)


def corpus() -> list[rec.Record]:
    return [
        rec.Record(
            kind="agreement", key="a1", title="上下水道技術協力に関する覚書",
            line_start=1, line_end=5, date="2012-05-01", agreement_type="memorandum",
            sectors=["water"], status="active",
            parties=[P("北海道札幌市", "japanese_party", "JP"), P("Владивосток", "foreign_party", "RU")],
            background="上下水道局の職員を派遣し、漏水対策の研修を行った。",
        ),
        rec.Record(
            kind="agreement", key="a2", title="環境保全協力協定",
            line_start=6, line_end=9, date="2008-03-01", agreement_type="sector",
            sectors=["environment"], status="active",
            parties=[P("静岡県", "japanese_party", "JP"), P("中華人民共和国浙江省", "foreign_party", "CN")],
            activities="大気汚染のモニタリングを共同で実施。",
        ),
        rec.Record(
            kind="event", key="e1", title="防災フォーラム2015",
            line_start=10, line_end=12, date="2015-10-10", sectors=["disaster_prevention"],
            parties=[P("兵庫県神戸市", "host", "JP")],
            description="地震の経験を共有した。",
        ),
        rec.Record(
            kind="delegation", key="d1", title="Делегация: Владивосток → Ниигата",
            line_start=13, line_end=14, date="2016-07-02", language="ru",
            parties=[P("Владивосток", "sender", "RU"), P("新潟市", "visited", "JP")],
            description="Обсуждали туризм и вопросы экологии.",
        ),
        rec.Record(
            kind="program", key="p1", title="青少年交流プログラム",
            line_start=15, line_end=16, fiscal_year="2010", sectors=["youth"],
            parties=[P("大阪府大阪狭山市", "implementer", "JP"), P("大韓民国全羅北道金堤市", "partner", "KR")],
            description="ホームステイと文化体験。",
        ),
        rec.Record(
            kind="agreement", key="a3", title="姉妹都市提携",
            line_start=17, line_end=18, date="1991-07-30", agreement_type="sister", status="active",
            parties=[P("鳥取県境港市", "japanese_party", "JP"), P("ウラジオストク市", "foreign_party", "RU")],
        ),
        rec.Record(
            kind="agreement", key="a4", title="Sister city agreement between Kobe and Seattle",
            line_start=19, line_end=20, date="1957-10-21", agreement_type="sister", language="en",
            parties=[P("兵庫県神戸市", "japanese_party", "JP"), P("Seattle", "foreign_party", "US")],
        ),
        rec.Record(
            kind="event", key="e2", title="国際会議",
            line_start=21, line_end=22, date="2019-02-01",
            parties=[P("東京都", "organizer", "JP")],
            background="気候と環境の課題について議論した。",
        ),
        rec.Record(
            kind="agreement", key="a5", title="技術者の派遣と協力",
            line_start=23, line_end=24, date="2020-01-15", agreement_type="staff_exchange",
            parties=[P("青森県六ヶ所村", "japanese_party", "JP"), P("大韓民国江原道襄陽郡", "foreign_party", "KR")],
        ),
    ]  # fmt: skip


def document(records, version="v1", name="search-corpus.txt") -> rec.Document:
    digest = hashlib.sha256(f"{name}:{version}".encode()).hexdigest()
    return rec.Document(
        name=name, sha256=digest, format="test", language="ja", records=records, line_count=30
    )


@pytest.fixture
def loaded():
    import_document(document(corpus()))


def titles(q, **kwargs):
    result = search(q, **kwargs)
    assert result.error is None, result.error
    return [hit.title for hit in result.results]


def records_only(q, **kwargs):
    result = search(q, **kwargs)
    return [h.title for h in result.results if h.kind != "organization"]


# --- Japanese ------------------------------------------------------------------------


def test_compound_matches_its_parts(loaded):
    assert records_only("水道", expand=False) == ["上下水道技術協力に関する覚書"]
    assert records_only("上下水道", expand=False) == ["上下水道技術協力に関する覚書"]


def test_two_character_words(loaded):
    assert "環境保全協力協定" in records_only("環境", expand=False)
    assert records_only("防災", expand=False) == ["防災フォーラム2015"]
    assert records_only("漏水", expand=False) == ["上下水道技術協力に関する覚書"]


def test_one_character_query_works_and_says_so(loaded):
    result = search("村")
    assert result.error is None
    assert any("one character" in m for m in result.messages)
    assert "技術者の派遣と協力" in [h.title for h in result.results]


def test_full_and_half_width(loaded):
    assert records_only("ﾌｫｰﾗﾑ", expand=False) == ["防災フォーラム2015"]
    assert records_only("ＳＥＡＴＴＬＥ", expand=False) == [
        "Sister city agreement between Kobe and Seattle"
    ]


# --- across languages ------------------------------------------------------------------


def test_thesaurus_expansion_is_reported_and_can_be_turned_off(loaded):
    result = search("disaster prevention")
    assert [h.title for h in result.results if h.kind != "organization"] == ["防災フォーラム2015"]
    assert result.expanded and "防災" in result.expanded[0]["added"]
    assert search("disaster prevention", expand=False).total == 0


def test_russian_text_found_from_japanese(loaded):
    assert "Делегация: Владивосток → Ниигата" in records_only("観光")


def test_russian_inflection(loaded):
    # "экологии" in the text, "экология" in the query
    assert records_only("экология", expand=False) == ["Делегация: Владивосток → Ниигата"]


def test_place_names_expand_through_the_gazetteer(loaded, monkeypatch):
    class Candidate:
        name = "Vladivostok"
        names = {"en": "Vladivostok", "ru": "Владивосток", "ja": "ウラジオストク", "zh": "海参崴"}
        reason = "exact"

    class Resolution:
        status = "resolved"
        candidates = [Candidate()]

    monkeypatch.setattr(
        expansion, "_resolve", lambda term: Resolution() if term == "vladivostok" else None
    )
    expansion.place_names.cache_clear()
    result = search("Vladivostok kind:agreement,delegation")
    assert sorted(h.title for h in result.results) == sorted(
        ["上下水道技術協力に関する覚書", "Делегация: Владивосток → Ниигата", "姉妹都市提携"]
    )
    assert result.expanded[0]["source"] == "gazetteer"


def test_search_works_when_the_gazetteer_breaks(loaded, monkeypatch):
    monkeypatch.setattr(expansion, "_resolve", REAL_RESOLVE)
    import sys

    monkeypatch.setitem(sys.modules, "koryu.gazetteer", None)  # import fails
    expansion.place_names.cache_clear()
    assert records_only("上下水道") == ["上下水道技術協力に関する覚書"]


# --- query language --------------------------------------------------------------------


def test_or_and_exclusion(loaded):
    assert sorted(records_only("防災 OR 漏水", expand=False)) == sorted(
        ["防災フォーラム2015", "上下水道技術協力に関する覚書"]
    )
    assert "環境保全協力協定" not in records_only("環境 -大気", expand=False)
    assert "環境保全協力協定" in records_only("環境", expand=False)


def test_exclusion_in_the_long_text_removes_a_title_match(loaded):
    # a1 has 技術 in its title (the title stages, read from the title index) and 漏水 only
    # in its background: the exclusion must reach into the long text.
    assert "上下水道技術協力に関する覚書" in records_only("技術", expand=False)
    assert records_only("技術 -漏水", expand=False) == ["技術者の派遣と協力"]
    assert records_only("技術 -漏水", expand=False, sort="date") == ["技術者の派遣と協力"]


def test_packed_facets_count_like_rows():
    from koryu.search.backends.base import count_packed_facets, pack_facets

    odd = "a\x1fb\x1ec"  # the separators themselves, in a value
    packed = [
        pack_facets([("kind", "agreement"), ("country", "RU"), ("org", "7"), ("sector", odd)]),
        pack_facets([("kind", "agreement"), ("country", "CN"), ("country", "CN")]),
        pack_facets([]),
    ]
    assert sorted(count_packed_facets(packed)) == [
        ("country", "CN", 1),
        ("country", "RU", 1),
        ("kind", "agreement", 2),
        ("sector", "a b c", 1),
    ]  # fmt: skip  (filter-only values such as org are not counted)


@pytest.mark.parametrize(
    "start,end", [("2010", "2012"), ("1995", "2012"), ("", "2005"), ("1900", ""), ("2000", "2000"),
                  ("1000", "2999"), ("1999", "2100")],
)  # fmt: skip
def test_year_ranges_become_the_fewest_tokens_covering_exactly_the_range(start, end):
    from koryu.search.backends.base import facet_token, index_facet_tokens, year_tokens

    tokens = set(year_tokens(start, end))
    low, high = int(start or 1000), int(end or 2999)
    for year in range(990, 3010):
        rows = [("year", f"{year:04d}"), ("decade", str(year // 10 * 10))]
        covered = bool(tokens & set(index_facet_tokens(rows)))
        assert covered == (low <= year <= high), year
    assert len(tokens) <= 40
    assert facet_token("sector", "Disaster Prevention") == "sector=disaster\u2581prevention"


def test_filters_alone_and_unknown_organizations(loaded):
    assert records_only("year:2010..2016 kind:event") == ["防災フォーラム2015"]
    assert records_only("-year:..2019 kind:agreement") == ["技術者の派遣と協力"]
    assert search("org:どこにもない市").total == 0
    assert search("-org:どこにもない市 kind:agreement").total == 5


def test_exclusion_only(loaded):
    found = records_only("-協力 kind:agreement", expand=False)
    assert found == ["姉妹都市提携", "Sister city agreement between Kobe and Seattle"]


def test_quoted_phrase(loaded):
    assert records_only('"技術協力"', expand=False) == ["上下水道技術協力に関する覚書"]
    assert records_only('"sister city"', expand=False) == [
        "Sister city agreement between Kobe and Seattle"
    ]
    assert records_only('"city sister"', expand=False) == []


def test_filters(loaded):
    assert titles("kind:event") == ["国際会議", "防災フォーラム2015"]
    assert titles("country:RU kind:agreement") == ["上下水道技術協力に関する覚書", "姉妹都市提携"]
    assert titles("country:Россия,KR kind:agreement") == [
        "技術者の派遣と協力",
        "上下水道技術協力に関する覚書",
        "姉妹都市提携",
    ]
    assert titles("prefecture:静岡") == ["環境保全協力協定", "静岡県"]  # and the organization
    assert titles("prefecture:Hokkaido -kind:organization") == ["上下水道技術協力に関する覚書"]
    assert titles("sector:水道") == ["上下水道技術協力に関する覚書"]
    assert titles("type:sister") == [
        "姉妹都市提携",
        "Sister city agreement between Kobe and Seattle",
    ]
    assert titles("status:active year:..2010") == ["環境保全協力協定", "姉妹都市提携"]
    assert titles("year:2015..2016") == ["Делегация: Владивосток → Ниигата", "防災フォーラム2015"]
    assert titles("year:2019") == ["国際会議"]
    assert titles("year:2016.. -kind:organization") == [
        "技術者の派遣と協力", "国際会議", "Делегация: Владивосток → Ниигата"
    ]  # fmt: skip


def test_org_filter_matches_any_name(loaded):
    org = Record.objects.get(title="姉妹都市提携").parties.get(role="foreign_party").organization
    OrganizationName.objects.create(organization=org, name="Vladivostok City", language="en")
    assert titles('org:"Vladivostok City"') == ["姉妹都市提携"]
    result = search("org:nowhere-at-all")
    assert result.total == 0 and result.messages


def test_rejected_queries_say_why(loaded):
    for q in ("kind:nonsense", "year:3000000", "country:Atlantis", "!!! ???"):
        result = search(q)
        assert result.error and result.error["message"] and result.results == []
    assert search("水道", sort="sideways").error["code"] == "bad_sort"
    assert search("水道", cursor="not-a-cursor").error["code"] == "bad_cursor"


@pytest.mark.parametrize(
    "q",
    [
        "'; DROP TABLE catalog_record; --",
        'NEAR("水道" "協力", 2)',
        "title:水道 ^協力 水道*",
        '"unbalanced 水道',
        "\x00\x07\ud800",
        "a" * 10_000,
        "- OR - OR",
        "水道 OR",
        '{title}: "x" AND NOT',
        'year:2010..2012 org:"\'"',
    ],
)
def test_malformed_input_never_raises(loaded, q):
    result = search(q)
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    assert Record.objects.count() == 9  # nothing was dropped


# --- ranking, paging, facets, snippets -----------------------------------------------------


def test_title_matches_rank_above_body_matches(loaded):
    found = records_only("環境", expand=False)
    assert found.index("環境保全協力協定") < found.index("国際会議")


def test_exact_phrase_and_recency(loaded):
    # a5 is newer and has both words in its title, a1 has them as one phrase
    assert records_only("技術 協力", expand=False)[:2] == [
        "上下水道技術協力に関する覚書",
        "技術者の派遣と協力",
    ]
    # within a stage, newest first
    assert titles("kind:agreement", sort="relevance")[0] == "技術者の派遣と協力"


def test_sort_by_date(loaded):
    dated = titles("kind:agreement", sort="date")
    assert dated[0] == "Sister city agreement between Kobe and Seattle"
    assert titles("kind:agreement", sort="-date") == list(reversed(dated))
    # undated records come last both ways
    assert titles("kind:program", sort="date") == titles("kind:program", sort="-date")


def test_paging_with_cursor_walks_every_result_once(loaded):
    everything = [(h.kind, h.id) for h in search("協力 OR 交流 OR 市", limit=100).results]
    seen, cursor = [], None
    while True:
        page = search("協力 OR 交流 OR 市", limit=2, cursor=cursor)
        seen += [(h.kind, h.id) for h in page.results]
        cursor = page.next
        if not cursor:
            break
    assert seen == everything and len(set(seen)) == len(seen)


def test_facets_count_the_matches(loaded):
    result = search("kind:agreement")
    facets = result.facets
    assert {b["value"]: b["count"] for b in facets["kind"]} == {"agreement": 5}
    assert {b["value"]: b["count"] for b in facets["type"]} == {
        "memorandum": 1, "sector": 1, "sister": 2, "staff_exchange": 1
    }  # fmt: skip
    assert {b["value"]: b["count"] for b in facets["country"]}["RU"] == 2
    assert [b["value"] for b in facets["decade"]] == ["2020", "2010", "2000", "1990", "1950"]
    assert {b["value"] for b in facets["prefecture"]} == {
        "北海道", "静岡県", "鳥取県", "兵庫県", "青森県"
    }  # fmt: skip


def test_snippet_highlights_the_match(loaded):
    hit = search("漏水", expand=False).results[0]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["漏水"]


def test_organizations_are_searchable(loaded):
    result = search("境港 kind:organization")
    assert [h.title for h in result.results] == ["鳥取県境港市"]


# --- keeping the index current ----------------------------------------------------------


def test_reingest_updates_and_deletes(loaded):
    changed = corpus()
    changed[0].title = "下水道の覚書"
    del changed[1]  # a2 disappears
    import_document(document(changed, version="v2"))
    assert records_only("技術協力", expand=False) == []
    assert records_only("下水道", expand=False) == ["下水道の覚書"]
    assert records_only("大気", expand=False) == []


def test_failed_import_leaves_the_index_alone(loaded):
    broken = corpus()
    broken[0].title = "消える題名"
    broken[1].kind = "no-such-kind"
    with pytest.raises(Exception):  # noqa: B017 - the importer's own failure type
        import_document(document(broken, version="v3"))
    assert records_only("消える題名", expand=False) == []
    assert records_only("上下水道", expand=False) == ["上下水道技術協力に関する覚書"]


def test_new_organization_names_reach_its_records(loaded):
    org = Organization.objects.get(aliases__name="静岡県")
    OrganizationName.objects.create(organization=org, name="Shizuoka Prefecture")
    assert records_only("Shizuoka", expand=False) == []
    reindex_organizations([org.pk])
    assert records_only("Shizuoka", expand=False) == ["環境保全協力協定"]


def test_other_documents_pick_up_aliases_added_by_a_later_ingest(loaded):
    # A later document names Kobe's organization differently: records of the first
    # document are found by the new name too.
    org = Organization.objects.get(aliases__name="兵庫県神戸市")
    other = rec.Record(
        kind="event", key="x1", title="港湾セミナー", line_start=1, line_end=2,
        parties=[P("兵庫県神戸市", "host", "JP")],
    )  # fmt: skip
    OrganizationName.objects.create(organization=org, name="Kobe City")
    import_document(document([other], name="other.txt"))
    assert "防災フォーラム2015" in records_only('"Kobe City"', expand=False)


def test_rebuild_gives_the_same_answers(loaded):
    queries = ["水道", "環境 -大気", "kind:agreement", "disaster prevention", "村"]
    before = [[(h.kind, h.id, h.score) for h in search(q).results] for q in queries]
    report = rebuild()
    assert report.records == 9 and report.organizations >= 12
    assert [[(h.kind, h.id, h.score) for h in search(q).results] for q in queries] == before


def _everything(q: str, sort: str) -> tuple:
    """Every page of a query (walking the cursor, 2 hits a page), its total and facets."""
    first = search(q, limit=2, sort=sort)
    pages, result = [], first
    while True:
        pages.append([(h.kind, h.id, h.score) for h in result.results])
        if not result.next:
            break
        result = search(q, limit=2, sort=sort, cursor=result.next)
    return pages, first.total, first.facets


def test_postgres_partitions_give_the_same_answers(loaded, monkeypatch):
    """On PostgreSQL the index is partitioned by document id (newest first); a page reads
    the partitions in order and stops. With a partition per two documents, every query
    crosses partitions (2, 4, 8 ... documents), and pages, totals and facets must not change."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's partitioned index")
    from koryu.search.backends import postgres

    queries = [(q, sort) for q in ("水道", "環境 -大気", "kind:agreement", "村", "協力",
               "市 -kind:organization", "Владивосток", "year:1950..2015")
               for sort in ("relevance", "date", "-date")]  # fmt: skip
    before = [_everything(*q) for q in queries]
    monkeypatch.setattr(postgres, "PARTITION_DOCUMENTS", 2)
    rebuild()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'search_document'::regclass"
        )
        assert cursor.fetchone()[0] >= 5
    assert [_everything(*q) for q in queries] == before


def test_postgres_counts_across_partitions_like_the_ordered_read(loaded, monkeypatch):
    """PostgreSQL counts matches without ordering them (a UNION ALL of the partitions that
    stops at the cap); at every cap it must agree with reading the matches in order."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's partitioned index")
    from koryu.search.backends import get_backend, postgres
    from koryu.search.expression import atom_node

    monkeypatch.setattr(postgres, "PARTITION_DOCUMENTS", 2)
    rebuild()
    backend = get_backend(connection)
    with connection.cursor() as cursor, backend.planned(cursor):
        assert len(backend.partitions(cursor)) >= 5
        for word in ("市", "協力", "水道", "量子"):
            source, id_column, params = backend.select(atom_node(word), None, [], {})
            sql = f"SELECT {id_column} AS doc_id FROM {source}"
            every = backend.fetch_ordered(cursor, sql, id_column, params, [], True, 1000)
            for cap in range(1, len(every) + 3):
                assert backend.count(cursor, sql, params, cap) == min(cap, len(every)), (word, cap)
                for n in range(1, len(every) + 1):  # the newest n already read in order
                    read = [row[0] for row in every[:n]]
                    counted = backend.count(cursor, sql, params, cap, read)
                    assert counted == min(cap, len(every)), (word, cap, n)


def test_partition_bounds_split_dated_and_undated_documents():
    from koryu.search.backends.base import UNDATED_FROM
    from koryu.search.backends.postgres import partition_bounds

    dated = list(range(100, 130))
    undated = [UNDATED_FROM + i for i in range(5)]
    # 2 documents, then 4, 8, 16 (the rest); undated ones apart
    assert partition_bounds(dated + undated, size=2) == [
        102, 106, 114, UNDATED_FROM, UNDATED_FROM + 2
    ]  # fmt: skip
    assert partition_bounds([], size=4) == [UNDATED_FROM]


# --- the JSON contract and the CLI --------------------------------------------------------


def test_json_shape(loaded):
    data = search("水道").to_dict()
    assert set(data) == {
        "query",
        "total",
        "total_exact",
        "total_cap",
        "expanded",
        "results",
        "facets",
        "next",
        "messages",
        "error",
    }
    assert data["total_exact"] is True and data["total_cap"] == 10_000
    hit = data["results"][0]
    assert {"type", "id", "kind", "title", "parties", "date", "score", "snippet"} <= set(hit)
    assert {h["type"] for h in data["results"]} <= {"record", "organization"}
    assert data["query"]["canonical"] == "水道"


def test_cli_search_and_reindex(loaded):
    from koryu.cli import main

    runner = CliRunner()
    out = runner.invoke(main, ["search", "水道", "--format", "json", "--no-expand"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["total"] == 1 and data["expanded"] == []
    bad = runner.invoke(main, ["search", "kind:nonsense", "--format", "json"])
    assert bad.exit_code == 2 and "error" in json.loads(bad.output)
    table = runner.invoke(main, ["search", "防災", "--limit", "1"])
    assert table.exit_code == 0 and "防災フォーラム2015" in table.output
    re = runner.invoke(main, ["reindex"])
    assert re.exit_code == 0 and "indexed 9 records" in re.output


def test_counting_and_facets_are_bounded(loaded, monkeypatch):
    from koryu.search import retrieval, service

    for module in (retrieval, service):
        monkeypatch.setattr(module, "COUNT_CAP", 3)
        monkeypatch.setattr(module, "FACET_SCAN", 2)
    result = search("kind:agreement")
    assert result.total == 3 and result.total_exact is False
    assert sum(b["count"] for b in result.facets["kind"]) == 2
    assert len(result.messages) == 2
    assert len(result.results) == 5  # paging is not capped


# --- long phrases (SQLite matches them in two phases; both databases must agree) --------

LONG = "上下水道分野における協力に関する覚書"  # 17 bigrams


def long_phrase_corpus() -> list[rec.Record]:
    def record(key, title, date, background="", parties=("甲市",)):
        return rec.Record(
            kind="agreement",
            key=key,
            title=title,
            line_start=1,
            line_end=2,
            date=date,
            parties=[P(name, "japanese_party", "JP") for name in parties],
            background=background,
        )

    # Every window of five characters of LONG is in one of the decoys, so whichever
    # window the match starts from, only the whole-phrase check can tell them apart.
    return [
        record("t1", f"第二次{LONG}", "2018-01-01"),
        record("t2", "協定", "2017-01-01", background=f"両市は{LONG}を締結した。"),
        record("d1", "協定", "2016-01-01", background=LONG[:12] + "について協議した。"),
        record("d2", "新しい" + LONG[6:], "2015-01-01"),
        record("d3", LONG[:9], "2014-01-01", background=LONG[9:]),  # split across fields
        record("r1", "協定", "2013-01-01", background=LONG[:12] + " Владивостоком"),
        record("r2", "協定", "2012-01-01", background=LONG[:12] + " Владимиром"),
    ]  # fmt: skip


@pytest.fixture
def long_loaded():
    import_document(document(long_phrase_corpus(), name="long-phrases.txt"))


def test_long_phrase_matches_only_the_whole_phrase(long_loaded):
    result = search(f'"{LONG}"', expand=False)
    assert [h.title for h in result.results] == [f"第二次{LONG}", "協定"]
    assert [h.score for h in result.results] == [5, 2]  # the title match first
    assert result.total == 2


def test_long_phrase_ending_in_a_stem_and_with_other_words(long_loaded):
    stem = f'"{LONG[:12]} владивосток"'
    assert [h.title for h in search(stem, expand=False).results] == ["協定"]
    assert search(stem, expand=False).results[0].snippet.endswith("Владивостоком")
    both = search(f'"{LONG}" 両市', expand=False)
    assert both.total == 1 and both.results[0].title == "協定"
    assert search(f'"{LONG}" -両市', expand=False).total == 1


def test_long_phrase_uses_two_phases_on_sqlite(long_loaded):
    from django.db import connection

    from koryu.search.backends import get_backend
    from koryu.search.expression import atom_node

    backend = get_backend(connection)
    source, _, params = backend.select(atom_node(LONG), None, [], {})
    if connection.vendor == "sqlite":
        assert "instr(" in source and f" {' '.join(LONG[i : i + 2] for i in range(17))} " in params
        assert params[0].count("+") == 3  # four bigrams of the phrase go to FTS5
    else:
        assert "instr(" not in source


def test_anchor_window_takes_the_rarest_tokens_around_the_rarest():
    from koryu.search.analysis import QueryToken
    from koryu.search.backends.sqlite import anchor_window, needle, two_phase
    from koryu.search.expression import Seq

    # rarity: (postings seen, -last id); smaller is rarer
    common, rare, rarest = (64, -10), (64, -500), (3, -7)
    assert anchor_window([common, rare, rarest, rare, rare, common, common]) == (1, 5)
    assert anchor_window([rarest, common, rare, common, common, common]) == (0, 4)
    assert anchor_window([common] * 5 + [rarest]) == (2, 6)
    assert anchor_window([common] * 6) == (0, 4)  # ties: the first window
    tokens = [QueryToken(t) for t in "ab cd ef gh ij kl".split()]
    assert two_phase(Seq(tuple(tokens))) and not two_phase(Seq(tuple(tokens[:5])))
    prefixed = Seq((QueryToken("ab", prefix=True), *tokens[1:]))
    assert not two_phase(prefixed)  # a prefix inside the phrase: left to the index
    open_end = Seq((*tokens[:-1], QueryToken("kl", prefix=True)))
    assert two_phase(open_end) and needle(open_end) == " ab cd ef gh ij kl"
    assert needle(Seq(tuple(tokens))) == " ab cd ef gh ij kl "
