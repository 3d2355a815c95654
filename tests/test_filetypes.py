"""File types: detection by content, text extraction conventions, locations, errors."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import seed_path
from koryu.readers import (
    CorruptDocument,
    DecodeError,
    EncryptedDocument,
    NoTextLayer,
    UnknownFileType,
    read_bytes,
)
from koryu.readers.filetypes import detect_filetype, extract

MUNICIPAL_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="{charset}"><title>姉妹都市・友好都市｜北見市</title>
<link rel="canonical" href="https://www.city.kitami.example/kokusai/shimai.html">
<script>var menu = "<p>スクリプト</p>";</script><style>p {{ color: red }}</style></head>
<body>
<div id="skip"><a href="#main">本文へ移動</a></div>
<header id="header"><div class="logo">北見市</div>
<ul class="gnav"><li>くらし・手続き</li><li>観光・イベント</li></ul>
<div id="fontSize">文字サイズ 標準 拡大</div></header>
<div class="pankuzu">ホーム &gt; 市政情報 &gt; 国際交流 &gt; 姉妹都市</div>
<div id="main">
<h1>姉妹都市・友好都市</h1>
<p>北見市は次の都市と<strong>姉妹都市</strong>提携を結んでいます。</p>
<table><caption>提携都市一覧</caption>
<tr><th>都市名</th><th>国名</th><th>提携日</th></tr>
<tr><td>エリザベス市</td><td rowspan="2">アメリカ合衆国</td><td>昭和44年7月1日</td></tr>
<tr><td>ドーバー市</td><td>昭和50年5月2日</td></tr>
<tr><td colspan="2">晋州市（大韓民国）</td><td>昭和60年10月8日</td></tr>
</table>
<ul><li>交流の経緯</li><li>訪問団の受入れ<br>2019年</li></ul>
<p class="note">PDFファイルをご覧いただくには、Adobe Acrobat Readerが必要です。</p>
<p>ページの先頭へ戻る</p>
</div>
<aside><h2>関連リンク</h2><a href="/">国際交流協会</a></aside>
<nav><a href="/sitemap">サイトマップ</a></nav>
<footer><address>北見市役所 〒090-8501</address></footer>
</body></html>
"""


def _page(charset: str = "utf-8") -> bytes:
    return MUNICIPAL_PAGE.format(charset=charset).encode(
        "cp932" if charset.lower() == "shift_jis" else charset
    )


# -- detection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (b"%PDF-1.7\n...", "x.txt", "pdf"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "page.txt", "html"),
        (b"\n  <html lang='ja'><p>x</p></html>", "noext", "html"),
        (b"<table><tr><td>a</td></tr></table>", "table.dat", "html"),
        (b"<p>a</p> fragment", "fragment.htm", "html"),  # the extension breaks the tie
        (b"Title\n<p>a paragraph</p>\nmore text", "note.txt", "txt"),
        (b"a,b\n1,2\n", "list.csv", "csv"),
        (b"a\tb\n1\t2\n", "list.tsv", "tsv"),
        (b"# heading\ntext", "readme.md", "txt"),
        (b"plain", "noext", "txt"),
    ],
)
def test_detect_filetype(data, name, expected):
    assert detect_filetype(data, name) == expected


def test_seed_with_a_few_paragraph_tags_stays_text():
    path = seed_path("003")
    document = read_bytes(path.read_bytes(), path.name)
    assert (document.filetype, document.format) == ("txt", "case-cards")


@pytest.mark.parametrize(
    "data, what",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "a JPEG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "legacy or password-protected"),
    ],
)
def test_other_binary_types_are_named(data, what):
    with pytest.raises(UnknownFileType, match=rf"^photo\.txt: unknown file type: .*{what}"):
        read_bytes(data, "photo.txt")


def test_unrecognised_binary_keeps_the_decode_error():
    with pytest.raises(DecodeError, match="binary"):
        read_bytes(b"\x00\x01\x02\x03" * 100, "blob.bin")


# -- HTML ------------------------------------------------------------------------------


@pytest.mark.parametrize("charset", ["utf-8", "Shift_JIS", "euc-jp"])
def test_html_main_content_boilerplate_dropped_tables_kept(charset):
    extracted = extract(_page(charset), "shimai.html")
    lines = extracted.text.split("\n")
    assert lines[0] == "姉妹都市・友好都市｜北見市"
    assert lines[1] == "# source: https://www.city.kitami.example/kokusai/shimai.html"
    assert "北見市は次の都市と姉妹都市提携を結んでいます。" in lines
    table = lines.index("都市名\t国名\t提携日")
    assert lines[table - 1] == "" and lines[table + 4] == ""
    assert lines[table + 1 : table + 4] == [
        "エリザベス市\tアメリカ合衆国\t昭和44年7月1日",
        "ドーバー市\tアメリカ合衆国\t昭和50年5月2日",  # rowspan expanded
        "晋州市（大韓民国）\t晋州市（大韓民国）\t昭和60年10月8日",  # colspan expanded
    ]
    assert "- 交流の経緯" in lines and "- 訪問団の受入れ 2019年" in lines
    for chrome in (
        "スクリプト", "color", "本文へ", "くらし", "文字サイズ", "ホーム", "Adobe",
        "ページの先頭", "関連リンク", "サイトマップ", "〒090",
    ):  # fmt: skip
        assert chrome not in extracted.text, chrome
    assert extracted.filetype == "html"
    assert extracted.locations[table] == "table 1, row 1"
    assert extracted.locations[table + 3] == "table 1, row 4"
    assert extracted.text.endswith("\n") and len(extracted.locations) == len(lines) - 1


def test_html_document_is_read_by_the_generic_reader_with_language_detected():
    document = read_bytes(_page(), "shimai.html")
    assert (document.filetype, document.format, document.specific) == ("html", "generic", False)
    assert document.language == "ja"
    assert document.text.startswith("姉妹都市・友好都市｜北見市\n")
    assert document.line_count == len(document.locations)


def test_html_nested_layout_table_and_definition_list():
    html = """<html><head><title>Партнёры</title></head><body>
    <table><tr><td><p>Города-побратимы Владивостока</p>
      <table><tr><th>Город</th><th>Дата</th></tr><tr><td>Ниигата</td><td>1991</td></tr></table>
    </td><td><p>Контакты</p></td></tr></table>
    <dl><dt>Город</dt><dd>Хакодате</dd><dt>Дата</dt><dd>1992</dd></dl>
    </body></html>""".encode()
    text = extract(html, "p.html").text
    lines = text.split("\n")
    assert lines[0] == "Партнёры"
    assert "Города-побратимы Владивостока" in lines
    assert "Город\tДата" in lines and "Ниигата\t1991" in lines
    assert "Город\tХакодате" in lines and "Дата\t1992" in lines
    assert read_bytes(html, "p.html").language == "ru"


def test_html_without_title_uses_h1_and_states_og_url():
    html = """<!doctype html><html><head>
    <meta property="og:url" content="https://www.busan.example/partner">
    </head><body><main><h1>자매도시 현황</h1><p>부산광역시는 후쿠오카시와 2007년 자매도시 협정을
    체결하였습니다.</p></main></body></html>""".encode()
    document = read_bytes(html, "busan.html")
    assert document.text.split("\n")[:2] == [
        "자매도시 현황",
        "# source: https://www.busan.example/partner",
    ]
    assert document.language == "ko"


def test_empty_html_is_empty_document():
    from koryu.readers import EmptyDocument

    with pytest.raises(EmptyDocument):
        read_bytes(b"   ", "blank.html")


def test_corrupt_zip_is_a_clear_error():
    with pytest.raises(CorruptDocument, match=r"^broken\.docx: not a readable"):
        read_bytes(b"PK\x03\x04" + bytes(50), "broken.docx")


# -- PDF -------------------------------------------------------------------------------

FILES = Path(__file__).resolve().parent / "fixtures" / "files"

PDF_EXPECTED = {
    "ja": ("姉妹都市・友好都市の一覧", "ブルーミントン市\tアメリカ合衆国\t昭和37年7月9日"),
    "zh": ("友好城市一览", "天津市\t神户市\t1973年6月24日"),
    "ko": ("자매도시 현황", "후쿠오카시\t2007.2.9"),
    "ru": ("Города-побратимы", "Ниигата\t1991"),
    "en": ("Sister Cities", "Munich\tGermany\t1972"),
}


@pytest.mark.parametrize("language", sorted(PDF_EXPECTED))
def test_pdf_text_tables_locations_and_language(language):
    path = FILES / f"partners_{language}.pdf"
    document = read_bytes(path.read_bytes(), path.name)
    heading, row = PDF_EXPECTED[language]
    lines = document.text.split("\n")
    assert lines[0] == heading
    assert row in lines
    table_row = lines.index(row)
    assert lines[table_row - 2] == "" or "\t" in lines[table_row - 1]
    assert document.locations[0] == "p. 1, l. 1"
    assert document.locations[table_row].startswith("p. 1, l. ")
    assert (document.filetype, document.language, document.specific) == ("pdf", language, False)


def test_pdf_pages_are_numbered_in_locations():
    path = FILES / "partners_ja.pdf"
    extracted = extract(path.read_bytes(), path.name)
    lines = extracted.text.split("\n")
    second = lines.index("2ページ目：交流の経緯")
    assert extracted.locations[second] == "p. 2, l. 1"
    assert "平成9年に市長が訪問しました。" in lines  # ⻑ (a radical) read as 長


@pytest.mark.parametrize(
    "fixture, error, message",
    [
        ("scanned.pdf", NoTextLayer, r"^scanned\.pdf: no text layer \(a scanned PDF\?\)$"),
        ("encrypted.pdf", EncryptedDocument, r"^encrypted\.pdf: encrypted PDF"),
        ("truncated.pdf", CorruptDocument, r"^truncated\.pdf: not a readable PDF"),
    ],
)
def test_unreadable_pdfs(fixture, error, message):
    with pytest.raises(error, match=message):
        read_bytes((FILES / fixture).read_bytes(), fixture)


def test_garbage_after_a_pdf_header_is_corrupt():
    with pytest.raises(CorruptDocument, match=r"^x\.pdf: not a readable PDF"):
        read_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"\n%%EOF\n", "x.pdf")


# -- DOCX ------------------------------------------------------------------------------

DOCX_TEXTS = {
    "ja": ("姉妹都市の概要", "本市は1959年にポートランド市と姉妹都市提携を結びました。",
           ["都市名", "国名", "提携日"], ["ポートランド市", "アメリカ", "1959年11月17日"]),
    "zh": ("友好城市概况", "沈阳市与札幌市于1980年缔结友好城市关系。",
           ["中方城市", "日方城市", "结好时间"], ["沈阳市", "札幌市", "1980年11月18日"]),
    "ko": ("자매도시 개요", "부산광역시는 후쿠오카시와 2007년 자매도시 협정을 체결하였습니다.",
           ["도시", "국가", "교류체결일"], ["후쿠오카시", "일본", "2007.2.9"]),
    "ru": ("Города-побратимы", "Владивосток и Ниигата стали побратимами в 1991 году.",
           ["Город", "Страна", "Дата"], ["Ниигата", "Япония", "1991"]),
    "en": ("Sister cities", "Sapporo and Munich became sister cities in 1972.",
           ["City", "Country", "Since"], ["Munich", "Germany", "1972"]),
}  # fmt: skip


def _docx(title, paragraph, header, row, *, core_title=True) -> bytes:
    from docx import Document

    doc = Document()
    if core_title:
        doc.core_properties.title = title
    doc.add_heading(title, 1)
    doc.add_paragraph(paragraph)
    doc.add_paragraph("交流の経緯" if header[0] == "都市名" else "History", style="List Bullet")
    table = doc.add_table(rows=3, cols=3)
    for c, value in enumerate(header):
        table.cell(0, c).text = value
    for c, value in enumerate(row):
        table.cell(1, c).text = value
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "merged"
    table.cell(2, 2).text = "x"
    doc.add_paragraph("end")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("language", sorted(DOCX_TEXTS))
def test_docx_paragraphs_and_tables_in_body_order(language):
    title, paragraph, header, row = DOCX_TEXTS[language]
    data = _docx(title, paragraph, header, row)
    document = read_bytes(data, f"partners_{language}.docx")
    lines = document.text.split("\n")[:-1]
    assert lines[0] == title and document.locations[0] == "title"
    assert paragraph in lines
    head = lines.index("\t".join(header))
    assert lines[head + 1] == "\t".join(row)
    assert lines[head + 2] == "merged\tmerged\tx"  # merged cells repeated
    assert lines[head - 1] == "" and lines[head + 3] == "" and lines[head + 4] == "end"
    assert lines.index(paragraph) < head  # body order
    assert any(line.startswith("- ") for line in lines)
    assert document.locations[head] == "table 1, row 1"
    assert document.locations[lines.index(paragraph)].startswith("¶ ")
    assert (document.filetype, document.language) == ("docx", language)


def test_docx_without_title_starts_with_its_first_heading():
    title, paragraph, header, row = DOCX_TEXTS["ja"]
    extracted = extract(_docx(title, paragraph, header, row, core_title=False), "x.docx")
    assert extracted.text.split("\n")[0] == title
    assert extracted.locations[0] == "¶ 1"


def test_corrupt_docx():
    data = _docx(*DOCX_TEXTS["en"])
    with pytest.raises(CorruptDocument, match=r"^cut\.docx: not a readable"):
        read_bytes(data[: len(data) // 2], "cut.docx")


# -- XLSX ------------------------------------------------------------------------------


def _xlsx(language: str) -> bytes:
    from openpyxl import Workbook

    title, _, header, row = DOCX_TEXTS[language]
    book = Workbook()
    sheet = book.active
    sheet.title = "一覧" if language == "ja" else "List"
    sheet.append(header)
    sheet.append(row[:2] + [dt.datetime(1980, 11, 18)])
    sheet.append(["", None, None])
    sheet.append([None, "B4 only", 3.0])
    sheet["A6"] = "merged"
    sheet.merge_cells("A6:B7")
    sheet["C6"] = "C6"
    sheet["C7"] = "C7"
    sheet.cell(row=20, column=10).value = None  # touched but empty: trailing, dropped
    second = book.create_sheet("Notes")
    second.append([title])
    book.create_sheet("Empty")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("language", sorted(DOCX_TEXTS))
def test_xlsx_every_sheet_rows_dates_merged_cells(language):
    document = read_bytes(_xlsx(language), f"list_{language}.xlsx")
    title, _, header, row = DOCX_TEXTS[language]
    lines = document.text.split("\n")[:-1]
    sheet = "一覧" if language == "ja" else "List"
    assert lines[0] == sheet and document.locations[0] == sheet
    assert lines[1] == "" and lines[2] == "\t".join(header)
    assert lines[3] == "\t".join(row[:2] + ["1980-11-18"])
    assert lines[4] == "\tB4 only\t3"
    assert lines[5:7] == ["merged\tmerged\tC6", "merged\tmerged\tC7"]
    assert document.locations[2:7] == [
        f"{sheet}!A1", f"{sheet}!A2", f"{sheet}!B4", f"{sheet}!A6", f"{sheet}!A7",
    ]  # fmt: skip
    assert lines[8] == "Notes" and lines[10] == title
    assert "Empty" not in lines
    assert (document.filetype, document.language) == ("xlsx", language)


def test_corrupt_xlsx():
    data = _xlsx("en")
    with pytest.raises(CorruptDocument, match=r"^list\.xlsx: not a readable"):
        read_bytes(data[:-200], "list.xlsx")


def test_zip_that_is_not_office():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/a.txt", "x")
    with pytest.raises(UnknownFileType, match="a ZIP archive that is neither DOCX nor XLSX"):
        read_bytes(buffer.getvalue(), "archive.docx")


# -- CSV / TSV -------------------------------------------------------------------------


def test_csv_quoted_fields_become_tab_lines_with_row_locations():
    data = (
        '都市名,国名,備考\n'
        'ポートランド市,アメリカ,"1959年提携, 市長訪問"\n'
        '"ミュンヘン市","ドイツ","複数行の\n備考"\n'
        '瀋陽市,中国,"含む""引用"""\n'
    ).encode()  # fmt: skip
    document = read_bytes(data, "list.csv")
    lines = document.text.split("\n")[:-1]
    assert lines == [
        "都市名\t国名\t備考",
        "ポートランド市\tアメリカ\t1959年提携, 市長訪問",
        "ミュンヘン市\tドイツ\t複数行の 備考",
        '瀋陽市\t中国\t含む"引用"',
    ]
    assert document.locations == ["row 1", "row 2", "row 4", "row 5"]
    assert (document.filetype, document.format, document.language) == ("csv", "generic", "ja")


@pytest.mark.parametrize(
    "text, language",
    [
        ("Город;Страна;Дата\nНиигата;Япония;1991\nХакодате;Япония;1992\n", "ru"),
        ("도시,국가,교류체결일\n후쿠오카시,일본,2007.2.9\n", "ko"),
        ("中方城市,日方城市,结好时间\n天津市,神户市,1973年6月24日\n", "zh"),
        ("City,Country,Since\nMunich,Germany,1972\n", "en"),
    ],
)
def test_csv_in_every_language(text, language):
    document = read_bytes(text.encode("utf-8"), "list.csv")
    assert "\t" in document.text.split("\n")[1] and "," not in document.text.split("\n")[1]
    assert document.language == language


def test_tsv_keeps_its_cells():
    document = read_bytes("都市名\t提携日\n瀋陽市\t1980年\n".encode(), "list.tsv")
    assert document.text == "都市名\t提携日\n瀋陽市\t1980年\n"
    assert document.filetype == "tsv" and document.locations == ["row 1", "row 2"]


def test_twin_cities_csv_is_still_read_raw_by_its_specific_reader():
    path = Path(__file__).resolve().parent / "fixtures" / "twin_cities_small.csv"
    document = read_bytes(path.read_bytes(), path.name)
    assert (document.format, document.filetype, document.specific) == (
        "twin-cities-csv",
        "csv",
        True,
    )
    assert document.text == path.read_text(encoding="utf-8")
    assert document.locations == []


# -- through the CLI: errors are clear and nothing is stored ---------------------------


def test_cli_unreadable_files_fail_and_store_nothing(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    for fixture in ("scanned.pdf", "encrypted.pdf", "truncated.pdf"):
        (folder / fixture).write_bytes((FILES / fixture).read_bytes())
    good = _xlsx("en")
    (folder / "cut.xlsx").write_bytes(good[: len(good) // 2])
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    db = tmp_path / "k.sqlite3"
    result = _koryu("ingest", str(folder), "--db", str(db))
    assert result.returncode == 1
    for name, why in [
        ("scanned.pdf", "no text layer (a scanned PDF?)"),
        ("encrypted.pdf", "encrypted PDF"),
        ("truncated.pdf", "not a readable PDF"),
        ("cut.xlsx", "not a readable"),
        ("photo.jpg", "unknown file type: a JPEG image"),
    ]:
        assert f"{name}: {name}: {why}" in result.stderr, result.stderr
    export = json.loads(_koryu("export", "--db", str(db), "--format", "json").stdout)
    assert _records(export) == []


def test_cli_reads_every_file_type(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "partners_ja.pdf").write_bytes((FILES / "partners_ja.pdf").read_bytes())
    (folder / "shimai.html").write_bytes(_page())
    (folder / "partners.docx").write_bytes(_docx(*DOCX_TEXTS["ko"]))
    (folder / "list.xlsx").write_bytes(_xlsx("ru"))
    (folder / "list.csv").write_text("City,Country,Since\nMunich,Germany,1972\n", "utf-8")
    db = tmp_path / "k.sqlite3"
    result = _koryu("ingest", str(folder), "--db", str(db), "--json")
    report = json.loads(result.stdout)
    assert [d["status"] for d in report["documents"]].count("failed") == 0, report
    export = json.loads(_koryu("export", "--db", str(db), "--format", "json").stdout)
    assert _records(export), "the tables of these documents give records"


def _records(export) -> list:
    if isinstance(export, list):
        return export
    return export.get("records", [])


def _koryu(*args):
    env = {k: v for k, v in os.environ.items() if k != "KORYU_DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent / "src")
    return subprocess.run(
        [sys.executable, "-m", "koryu", *args], capture_output=True, text=True, env=env,
        timeout=300,
    )  # fmt: skip


def test_pdf_paragraph_lines_are_joined_but_headings_and_items_are_not():
    from koryu.readers.filetypes.pdf import _Line, _reflow

    def line(text, left, right, height=10.0):
        return _Line(text, f"l. {text[:2]}", left, right, height)

    items = [
        line("姉妹都市の紹介", 50, 200, height=16.0),  # a heading: larger
        line("本市は世界の五つの都市と姉", 50, 500),  # reaches the margin, sentence open
        line("妹都市の関係を結んでいます。", 50, 300),
        line("一、バトルクリーク市 昭和五十六年七月一日姉妹都市提携", 50, 500),
        line("二、承徳市 昭和六十二年十月六日友好都市提携", 50, 420),
        line("Sapporo and Portland became sister", 50, 500),
        line("cities in 1959.", 50, 150),
        line("2015年2月21日", 420, 500),  # right-aligned dateline
        line("在マイアミ総領事", 50, 500),
    ]
    texts = [item.text for item in _reflow(items)]
    assert texts == [
        "姉妹都市の紹介",
        "本市は世界の五つの都市と姉妹都市の関係を結んでいます。",
        "一、バトルクリーク市 昭和五十六年七月一日姉妹都市提携",
        "二、承徳市 昭和六十二年十月六日友好都市提携",
        "Sapporo and Portland became sister cities in 1959.",
        "2015年2月21日",
        "在マイアミ総領事",
    ]
    assert _reflow(items)[1].location == "l. 本市"
