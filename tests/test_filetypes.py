"""File types: detection by content, text extraction conventions, locations, errors."""

from __future__ import annotations

import pytest

from conftest import seed_path
from koryu.readers import (
    CorruptDocument,
    DecodeError,
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
