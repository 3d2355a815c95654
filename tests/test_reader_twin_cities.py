"""Reader "twin-cities-csv": a fixture of our own field by field, sniffing, truncation, the
real 25,917-row dataset (read from ../shared, never copied), and the importer on top."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, seed_path
from koryu.readers import ReaderError, detect_format, read_path
from koryu.readers import twin_cities as reader

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "twin_cities_small.csv"
DATASET = REPO.parent / "shared" / "datasets" / "twin-cities" / "twin_cities.csv"
HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


def _small():
    return reader.parse(SMALL.read_text(encoding="utf-8"), SMALL.name)


def _by_line(records):
    return {r.line_start: r for r in records}


# -- the small fixture, field by field ---------------------------------------------------

# line, title, (name, country) of each party, lines of the record
EXPECTED = [
    (2, "Setagaya (Tokyo) – Winnipeg", [("Setagaya (Tokyo)", "JP"), ("Winnipeg", "CA")], [2, 10]),
    (3, "Kyoto – Paris", [("Kyoto", "JP"), ("Paris", "FR")], [3, 11]),
    (4, "Bayside, New South Wales – Yamatsuri", [("Bayside, New South Wales", "AU"), ("Yamatsuri", "JP")], [4]),
    (5, "Kristiansand – Sapporo", [("Kristiansand", "NO"), ("Sapporo", "JP")], [5]),
    (6, "Pristina – Himeji", [("Pristina", None), ("Himeji", "JP")], [6]),
    (7, "? – Seattle", [("Seattle", "US")], [7]),
    (8, "Kobe – Seattle", [("Kobe", "JP"), ("Seattle", "US")], [8]),
    (12, "Setagaya (Tokyo) – Kawaba", [("Setagaya (Tokyo)", "JP"), ("Kawaba", "JP")], [12]),
    (13, "Tbilisi – Nagoya", [("Tbilisi", "GE"), ("Nagoya", "JP")], [13]),
    (14, "Brighton – Naples", [("Brighton", "GB"), ("Naples", "IT")], [14]),
    (15, "Ningbo – Varna, Bulgaria", [("Ningbo", "CN"), ("Varna, Bulgaria", "BG")], [15]),
    (16, "Nienburg – Nienburg", [("Nienburg", "DE"), ("Nienburg", "DE")], [16]),
    (17, "Naples – Kagoshima", [("Naples", "IT"), ("Kagoshima", "JP")], [17]),
]  # fmt: skip

# line, code (every finding of the fixture, in order)
EXPECTED_FINDINGS = [
    (5, "country-cell-repaired"),  # "Kristiansand, Norway"
    (6, "unknown-country"),  # Kosovo has no ISO 3166-1 code
    (7, "missing-city"),
    (8, "bad-coordinates"),  # lat "north"
    (9, "malformed-row"),  # 7 columns
    (10, "duplicate-pair"),  # line 2 the other way round
    (11, "duplicate-pair"),  # line 3 again, cell for cell
    (12, "domestic-pair"),
    (13, "country-cell-repaired"),  # "Georgia (country)"
    (14, "country-cell-repaired"),  # "England, United Kingdom"
    (15, "country-cell-repaired"),  # empty cell, country in the city cell
    (16, "self-pair"),
]


def test_small_fixture_records():
    records, _ = _small()
    assert [(r.line_start, r.title) for r in records] == [(e[0], e[1]) for e in EXPECTED]
    for record, (line, _, parties, lines) in zip(records, EXPECTED, strict=True):
        assert record.kind == "agreement" and record.agreement_type == "sister"
        assert record.language == "en" and record.line_end == line
        assert [(p.name, p.country) for p in record.parties] == parties
        assert {p.role for p in record.parties} == {"partner"}
        assert record.extra["lines"] == lines
        assert record.date is None and record.findings == []
    assert len({r.key for r in records}) == len(records)


def test_small_fixture_findings_have_lines():
    _, findings = _small()
    assert [(f.line, f.code) for f in findings] == EXPECTED_FINDINGS
    assert all(f.message for f in findings)


def test_coordinates_kept_in_extra_and_bad_ones_omitted():
    records = _by_line(_small()[0])
    assert records[2].extra["coordinates"] == [[35.6464, 139.6532], [49.8951, -97.1384]]
    assert records[8].extra["coordinates"] == [[34.69, 135.1956], None]
    assert records[14].extra["country_cells"] == ["England, United Kingdom", "Italy"]


def test_quoted_field_with_a_comma_is_one_cell():
    record = _by_line(_small()[0])[4]
    assert record.parties[0].name == "Bayside, New South Wales"
    assert record.parties[0].country == "AU"


def test_repairs_say_what_was_done():
    _, findings = _small()
    repaired = {f.line: f.detail for f in findings if f.code == "country-cell-repaired"}
    assert repaired[5] == {
        "city": "Kristiansand",
        "country_cell": "Kristiansand, Norway",
        "country": "NO",
        "repair": "place before the country dropped",
    }
    assert repaired[13]["repair"] == "disambiguation dropped"
    assert repaired[15]["country_cell"] == "" and repaired[15]["country"] == "BG"


def test_duplicates_name_the_first_line():
    _, findings = _small()
    dup = {f.line: f.detail for f in findings if f.code == "duplicate-pair"}
    assert dup[10]["first_line"] == 2 and dup[10]["exact"] is False
    assert dup[11]["first_line"] == 3 and dup[11]["exact"] is True


def test_malformed_row_is_reported_with_its_cells():
    _, findings = _small()
    (bad,) = [f for f in findings if f.code == "malformed-row"]
    assert bad.line == 9 and bad.detail["cells"][:2] == ["Sapporo", "Japan"]


def test_domestic_pair_names_the_country():
    _, findings = _small()
    (domestic,) = [f for f in findings if f.code == "domestic-pair"]
    assert domestic.detail == {"country": "JP"}


def test_key_is_the_unordered_normalised_pair():
    a, _ = reader.parse(HEADER + "Kyoto,Japan,35,135,Paris,France,48,2\n", "a.csv")
    b, _ = reader.parse(HEADER + "PARIS ,France,48,2, kyoto,Japan,35,135\n", "b.csv")
    assert a[0].key == b[0].key == "agreement:sister:FR/paris|JP/kyoto"


def test_crlf_bom_and_blank_lines():
    text = "\ufeff" + HEADER.replace("\n", "\r\n") + "\r\nKyoto,Japan,35,135,Paris,France,48,2\r\n"
    records, findings = reader.parse(text, "crlf.csv")
    assert [r.line_start for r in records] == [3] and findings == []
    assert records[0].parties[1].name == "Paris"


def test_read_path_detects_the_format():
    document = read_path(SMALL)
    assert document.format == "twin-cities-csv" and document.language == "en"
    assert len(document.records) == len(EXPECTED)
    assert len(document.findings) == len(EXPECTED_FINDINGS)


# -- sniffing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        HEADER,
        "\ufeff" + HEADER,
        " City1 , country1,LAT1, lng1 ,city2,country2, lat2,lng2 \r\n",
        "\n" + HEADER,
    ],
)
def test_sniff_recognises_the_header(head):
    assert reader.sniff(head + "Kyoto,Japan,35,135,Paris,France,48,2\n") >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "city2,country2,lat2,lng2,city1,country1,lat1,lng1\n",  # columns in another order
        "city1,country1,lat1,lng1,city2,country2,lat2\n",
        "name,country,lat,lng\nKyoto,Japan,35,135\n",
        "Kyoto,Japan,35,135,Paris,France,48,2\n" + HEADER,  # the header is not first
    ],
)
def test_sniff_refuses_other_csv(text):
    assert reader.sniff(text) < 0.5


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_sniff_refuses_the_seeds(prefix):
    assert reader.sniff(seed_path(prefix).read_text(encoding="utf-8")) < 0.5


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_sniff_refuses_the_other_fixtures(path):
    assert reader.sniff(path.read_text(encoding="utf-8")) < 0.5


def test_detect_format_picks_this_reader():
    assert detect_format(SMALL.read_text(encoding="utf-8"), SMALL.name) == "twin-cities-csv"


# -- errors ------------------------------------------------------------------------------


def test_wrong_header_is_an_error():
    with pytest.raises(ReaderError) as err:
        reader.parse("name,country\nKyoto,Japan\n", "other.csv")
    assert err.value.document == "other.csv" and err.value.line == 1


def test_document_cut_mid_row_is_truncated():
    text = SMALL.read_text(encoding="utf-8") + "Osaka,Japan,34.69"
    with pytest.raises(ReaderError) as err:
        reader.parse(text, "cut.csv")
    assert err.value.document == "cut.csv" and err.value.line == 18
    assert "truncated" in err.value.reason


def test_document_cut_inside_a_quoted_field_is_truncated():
    text = HEADER + 'Osaka,Japan,34.69,135.50,"San Francisco, Cal\n'
    with pytest.raises(ReaderError) as err:
        reader.parse(text, "cut.csv")
    assert err.value.line == 2 and "truncated" in err.value.reason


def test_short_last_row_ending_with_a_newline_is_only_malformed():
    records, findings = reader.parse(HEADER + "Osaka,Japan,34.69\n", "short.csv")
    assert records == [] and [(f.line, f.code) for f in findings] == [(2, "malformed-row")]


def test_complete_last_row_without_newline_is_fine():
    records, findings = reader.parse(HEADER + "Kyoto,Japan,35,135,Paris,France,48,2", "x.csv")
    assert len(records) == 1 and findings == []


# -- the real dataset --------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset():
    if not DATASET.is_file():
        pytest.skip(f"twin-cities dataset not found at {DATASET}")
    text = DATASET.read_text(encoding="utf-8")
    with DATASET.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return rows, *reader.parse(text, DATASET.name)


def test_dataset_every_data_row_is_accounted_for(dataset):
    rows, records, findings = dataset
    codes = Counter(f.code for f in findings)
    assert len(rows) == 25917
    assert len(records) + codes["duplicate-pair"] + codes["malformed-row"] == len(rows)
    # line by line: each data line is a record's line or a reported malformed row
    lines = [n for r in records for n in r.extra["lines"]]
    lines += [f.line for f in findings if f.code == "malformed-row"]
    assert sorted(lines) == list(range(2, len(rows) + 2))


def test_dataset_counts_by_country(dataset):
    rows, records, _ = dataset
    for name, code in [("Japan", "JP"), ("China", "CN"), ("Germany", "DE"), ("France", "FR")]:
        # rows naming the country, possibly after a place ("Brandenburg, Germany")
        expected = sum(
            1 for r in rows if any(c == name or c.endswith(f", {name}") for c in (r[1], r[5]))
        )
        got = sum(len(r.extra["lines"]) for r in records if code in {p.country for p in r.parties})
        assert got == expected, name
    assert expected > 0


def test_dataset_japan_facts(dataset):
    rows, records, findings = dataset
    assert sum(1 for r in rows if "Japan" in (r[1], r[5])) == 1292  # as its README says
    japanese_pairs = {frozenset((r[0], r[4])) for r in rows if r[1] == r[5] == "Japan"}
    domestic = [f for f in findings if f.code == "domestic-pair" and f.detail["country"] == "JP"]
    assert len(domestic) == len(japanese_pairs)
    setagaya = [r for r in records if any(p.name == "Setagaya (Tokyo)" for p in r.parties)]
    assert setagaya and all(p.country for r in setagaya for p in r.parties)


def test_dataset_known_artefacts_are_reported(dataset):
    _, records, findings = dataset
    repaired = {f.detail["country_cell"] for f in findings if f.code == "country-cell-repaired"}
    assert {"Rauma, Norway", "England, United Kingdom", "Georgia (country)"} <= repaired
    assert all(f.line and f.message for f in findings)
    assert len({r.key for r in records}) == len(records)
    assert max(len(r.key) for r in records) <= 255  # Record.key is a CharField(255)


# -- importing ---------------------------------------------------------------------------


@pytest.fixture
def exact_names_only(monkeypatch):
    # Storage, not place resolution: keep the gazetteer out (as tests/test_importer.py does).
    monkeypatch.setattr("koryu.catalog.organizations._gazetteer", lambda: None)


@pytest.mark.django_db
def test_import_small_fixture(exact_names_only):
    from koryu.catalog.importer import ingest_paths
    from koryu.catalog.models import Organization, Party, Record, Source
    from koryu.catalog.quality import reader_findings

    report = ingest_paths([SMALL])
    (doc,) = report.documents
    assert (doc.status, doc.format, doc.inserted) == ("inserted", "twin-cities-csv", len(EXPECTED))
    assert doc.findings == len(EXPECTED_FINDINGS)
    assert Record.objects.filter(kind="agreement", agreement_type="sister").count() == len(EXPECTED)
    stored = Record.objects.get(line_start=2)
    assert stored.extra["coordinates"][1] == [49.8951, -97.1384]
    assert stored.extra["lines"] == [2, 10]

    # Setagaya is in three rows (2, 10 and 12): one organization
    setagaya = Organization.objects.filter(name="Setagaya (Tokyo)")
    assert setagaya.count() == 1 and setagaya.get().country == "JP"
    assert Party.objects.filter(organization=setagaya.get()).count() == 2

    issues = [(i.code, i.sources[0]["line_start"]) for i in reader_findings()]
    assert sorted(issues) == sorted((code, line) for line, code in EXPECTED_FINDINGS)
    assert all(i.sources[0]["document"] == SMALL.name for i in reader_findings())

    before = (
        list(Record.objects.values_list("key", "content_hash").order_by("key")),
        Organization.objects.count(),
        Source.objects.get().findings,
    )
    again = ingest_paths([SMALL]).documents[0]
    assert (again.status, again.inserted, again.updated) == ("unchanged", 0, 0)
    assert again.unchanged == len(EXPECTED)
    after = (
        list(Record.objects.values_list("key", "content_hash").order_by("key")),
        Organization.objects.count(),
        Source.objects.get().findings,
    )
    assert after == before


@pytest.mark.django_db
def test_new_version_matches_records_by_pair(exact_names_only, tmp_path):
    from koryu.catalog.importer import ingest_paths

    ingest_paths([SMALL])
    newer = tmp_path / SMALL.name
    newer.write_text(
        SMALL.read_text(encoding="utf-8")
        + "Osaka,Japan,34.69,135.50,Chicago,United States,41.88,-87.63\n",
        encoding="utf-8",
    )
    doc = ingest_paths([newer]).documents[0]
    assert (doc.status, doc.inserted, doc.updated, doc.deleted) == ("updated", 1, 0, 0)
    assert doc.unchanged == len(EXPECTED)
