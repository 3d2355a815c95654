"""Query parsing and text analysis for search: plain Python, no database."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koryu.search import analysis
from koryu.search.analysis import QueryToken, index_stream, query_sequence, variant_tokens
from koryu.search.expansion import expand
from koryu.search.expression import build_plan
from koryu.search.query import MAX_QUERY_CHARS, parse_query


def test_words_phrases_or_exclusion_and_filters():
    q = parse_query(
        '水道 "sister city" 防災 OR 観光 -港湾 kind:agreement year:2010..2012 org:"札幌 市"'
    )
    assert [[a.text for a in g] for g in q.groups] == [["水道"], ["sister city"], ["防災", "観光"]]
    assert q.groups[1][0].phrase
    assert [a.text for a in q.excluded] == ["港湾"]
    assert [(f.key, f.values) for f in q.filters] == [
        ("kind", ("agreement",)),
        ("year", ("2010", "2012")),
        ("org", ("札幌 市",)),
    ]
    assert q.error is None


def test_open_year_ranges_and_negated_filter():
    q = parse_query("year:..2005 -country:CN")
    assert q.filters[0].values == ("", "2005")
    assert q.filters[1].negated and q.filters[1].values == ("CN",)
    assert parse_query("year:2010..").filters[0].values == ("2010", "")


def test_bad_filter_value_rejects_the_query():
    assert parse_query("kind:nonsense 水道").error["code"] == "bad_filter"
    assert parse_query("year:2012..2010").error["code"] == "bad_filter"


def test_unknown_key_is_plain_text():
    q = parse_query("title:水道")
    assert q.filters == [] and q.groups[0][0].text == "title:水道"


def test_unbalanced_quote_is_closed_with_a_message():
    q = parse_query('"上下水道 協力')
    assert q.groups[0][0].text == "上下水道 協力" and q.messages


def test_a_query_beyond_its_bounds_is_refused_not_shortened():
    long = parse_query("水" * 10_000)
    assert long.error["code"] == "query_too_long"
    assert len(long.text) == MAX_QUERY_CHARS  # what is echoed back stays bounded
    assert parse_query(" ".join(f"w{i}" for i in range(30))).error["code"] == "too_many_terms"
    filters = " ".join("country:JP" for _ in range(40))
    assert parse_query(filters).error["code"] == "too_many_filters"
    assert parse_query("水道 " + " ".join("country:JP" for _ in range(3))).error is None


def test_nfkc_and_case_folding():
    assert index_stream("ＡＢＣ　ｳﾗｼﾞｵｽﾄｸ") == index_stream("abc ウラジオストク")


def test_cjk_runs_become_bigrams_with_a_trailing_unigram():
    assert index_stream("上下水道") == ["上下", "下水", "水道", "道"]
    assert query_sequence("水道") == [QueryToken("水道")]
    assert query_sequence("市") == [QueryToken("市", prefix=True)]


def test_phrase_crossing_scripts_matches_the_stream():
    # A query's tokens must appear, in order, inside the document's stream.
    doc = index_stream("第16回G20会議")
    seq = [t.text for t in query_sequence("G20会議")]
    assert any(doc[i : i + len(seq)] == seq for i in range(len(doc)))


def test_russian_words_match_as_stems():
    assert query_sequence("Владивосток") == [QueryToken("владивосток", prefix=True)]
    assert query_sequence("экология")[0].text == "эколог"


def test_katakana_spelling_variant():
    assert variant_tokens("ウラジオストック") == ["ウラジオストク"]


def test_queries_without_a_katakana_word_do_not_load_the_dictionary(monkeypatch):
    def no_dictionary(run):
        raise AssertionError(f"the dictionary was consulted for {run!r}")

    monkeypatch.setattr(analysis, "_katakana_morphemes", no_dictionary)
    for query in ("水道", "上下水道局", "Vladivostok", "東京タワー", "タ", "ウラジオストック 港"):
        assert variant_tokens(query) == []


def test_thesaurus_expands_across_languages():
    groups, report = expand(parse_query("防災").groups, places=False)
    added = {a.text for a in groups[0].added}
    assert {"disaster prevention", "防灾", "방재"} <= added
    assert report[0].source == "thesaurus"


def test_multiword_thesaurus_entry_is_joined():
    groups, _ = expand(parse_query("sister city").groups, places=False)
    assert len(groups) == 1 and "姉妹都市" in {a.text for a in groups[0].added}


NASTY = [
    "",
    " ",
    '"',
    '""',
    "-",
    "OR",
    "OR OR",
    "a OR",
    "-水道",
    "'; DROP TABLE catalog_record; --",
    'NEAR("a" "b", 3) ^title * {title}: x:y',
    "\x00\x01\ud800\udfff",
    "kind:",
    'org:"',
    "year:abc",
    "水" * 10_000,
]


def _plan_safely(text: str) -> None:
    q = parse_query(text)
    groups, _ = expand(q.groups, places=False)
    build_plan(groups, q.excluded)
    q.canonical()
    q.to_dict()


def test_nasty_inputs_parse():
    for text in NASTY:
        _plan_safely(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_and_plans(text):
    _plan_safely(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from('水道環境 "-:ORkindyear.,()*^'), max_size=60))
def test_operator_soup_parses(text):
    _plan_safely(text)


def test_an_alternative_implied_by_a_shorter_one_is_dropped():
    from koryu.search.analysis import QueryToken as T
    from koryu.search.expression import AnyOf, Seq, any_of, atom_node, covers

    water, supply = atom_node("水道"), atom_node("上下水道局")
    assert covers(water, supply) and not covers(supply, water)
    assert any_of([supply, water]) == water
    stem = Seq((T("окружающ", prefix=True), T("сред", prefix=True)))
    longer = Seq((T("охран", prefix=True), T("окружающей"), T("среды")))
    assert covers(stem, longer) and any_of([longer, stem]) == stem
    # an exact token does not cover a prefix one: "сред" does not imply "сред*"
    exact = Seq((T("окружающ", prefix=True), T("сред")))
    assert not covers(exact, stem)
    assert any_of([exact, stem]) == stem
    kept = any_of([atom_node("環境"), atom_node("environment")])
    assert isinstance(kept, AnyOf) and len(kept.items) == 2


@pytest.mark.parametrize(
    "word, concept",
    [
        ("sister", "sister"),
        ("twin", "sister"),
        ("twinning", "sister"),
        ("friendship", "friendship"),
        ("water", "water"),
        ("environment", "environment"),
        ("disaster", "disaster"),
        ("youth", "youth"),
        ("побратим", "sister"),
        ("자매", "sister"),
        ("姐妹", "sister"),
    ],
)
def test_everyday_words_reach_the_thesaurus(word, concept):
    from koryu.search.thesaurus import get_thesaurus

    assert concept in {c.id for c in get_thesaurus().lookup(word)}
