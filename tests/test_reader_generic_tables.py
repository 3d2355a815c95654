"""The generic table, card and list readers on documents of our own, in five languages."""

from koryu.readers import read_bytes
from koryu.readers.generic import parse


def _records(text: str, name: str = "doc.txt"):
    records, _ = parse(text, name)
    return records


def _summary(records):
    return [
        (r.kind, [(p.name, p.country) for p in r.parties], r.date, r.agreement_type)
        for r in records
    ]


SAPPORO_TAB = (
    "# source: https://www.city.sapporo.jp/kokusai/sister.html\n"
    "札幌市の姉妹都市・友好都市\n\n"
    "都市名\t国名\t提携日\t種別\n"
    "ポートランド市\tアメリカ合衆国\t1959年11月17日\t姉妹都市\n"
    "ミュンヘン市\tドイツ\tS47.8.28\t姉妹都市\n"
    "瀋陽市\t中国\tS55.11.18\t友好都市\n"
)


def test_tab_table_of_affiliations_gives_one_agreement_per_row():
    records = _records(SAPPORO_TAB)
    assert _summary(records) == [
        ("agreement", [("札幌市", "JP"), ("ポートランド市", "US")], "1959-11-17", "sister"),
        ("agreement", [("札幌市", "JP"), ("ミュンヘン市", "DE")], "1972-08-28", "sister"),
        ("agreement", [("札幌市", "JP"), ("瀋陽市", "CN")], "1980-11-18", "friendship"),
    ]
    first = records[0]
    assert first.evidence["date"] == {"confidence": 0.9, "line": 5, "text": "1959年11月17日"}
    assert 0.8 <= first.confidence <= 0.98
    assert len({r.key for r in records}) == 3


def test_keys_come_from_content_not_line_numbers():
    moved = SAPPORO_TAB.replace(
        "札幌市の姉妹都市・友好都市\n", "札幌市の姉妹都市・友好都市\n\n更新\n"
    )
    assert [r.key for r in _records(SAPPORO_TAB)] == [r.key for r in _records(moved)]


def test_markdown_pipe_table_in_russian_takes_home_from_the_title():
    text = (
        "# Побратимы Иркутска\n\n"
        "| Город | Страна | Дата подписания |\n|---|---|---|\n"
        "| Канадзава | Япония | 1967 г. |\n| Юджин | США | 15.06.1988 |\n"
    )
    assert _summary(_records(text)) == [
        ("agreement", [("Иркутск", "RU"), ("Канадзава", "JP")], "1967", "sister"),
        ("agreement", [("Иркутск", "RU"), ("Юджин", "US")], "1988-06-15", "sister"),
    ]


def test_korean_bulleted_list_with_dotted_dates():
    text = (
        "수원시 자매도시\n\n"
        "- 아사카시(일본) 2003. 10. 10. 우호도시\n"
        "- 클루지나포카(루마니아) 2001. 7. 6. 자매도시\n"
    )
    assert _summary(_records(text)) == [
        ("agreement", [("수원시", "KR"), ("아사카시", "JP")], "2003-10-10", "friendship"),
        ("agreement", [("수원시", "KR"), ("클루지나포카", "RO")], "2001-07-06", "sister"),
    ]


def test_a_document_no_specific_reader_claims_goes_to_the_generic_reader():
    doc = read_bytes(SAPPORO_TAB.encode(), "sapporo.txt")
    assert doc.format == "generic"
    assert len(doc.records) == 3
