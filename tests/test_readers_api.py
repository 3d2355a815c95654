"""The reader package's front door: errors, encodings, format detection, read_bytes/path."""

from __future__ import annotations

import hashlib
import pickle
import types

import pytest

from conftest import seed_path
from koryu.readers import (
    MAX_DOCUMENT_BYTES,
    DecodeError,
    EmptyDocument,
    OversizedDocument,
    ReaderError,
    UnknownFormat,
    decode,
    detect_format,
    formats,
    read_bytes,
    read_path,
    registry,
)
from koryu.readers.encoding import japanese_score
from koryu.readers.hookspecs import hookimpl
from koryu.records import Finding, Record


def _fake_reader(fmt: str, marker: str, language: str = "ja") -> types.ModuleType:
    """A reader whose documents start with ``marker``; one record per non-blank line."""
    module = types.ModuleType(f"koryu.readers.fake_{fmt}")
    module.FORMAT = fmt
    module.LANGUAGE = language
    module.SPECIFIC = True

    def sniff(text: str) -> float:
        return 0.9 if text.startswith(marker) else 0.1

    def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]:
        if not text.startswith(marker):
            raise ReaderError(name, 1, f"not a {fmt} document")
        records = [
            Record(kind="program", key=str(n), title=line, line_start=n, line_end=n)
            for n, line in enumerate(text.split("\n"), 1)
            if line.strip()
        ]
        return records, [Finding(code="fake", message="seen")]

    module.sniff = sniff
    module.parse = parse
    return module


@pytest.fixture
def fake_registry():
    """Only two fake formats are registered (no generic catch-all)."""
    alpha = _fake_reader("alpha-list", "ALPHA")
    beta = _fake_reader("beta-list", "BETA", language="ru")

    class Plugin:
        @hookimpl
        def koryu_readers(self):
            return [alpha, beta]

    manager = registry.make_manager(builtin=False, entry_points=False)
    manager.register(Plugin())
    registry.use(manager)
    yield alpha, beta
    registry.use(None)


# -- errors ----------------------------------------------------------------------------


def test_reader_error_message_names_document_and_line():
    error = ReaderError("001_x.txt", 12, "label without a case")
    assert str(error) == "001_x.txt:12: label without a case"
    assert (error.document, error.line, error.reason) == ("001_x.txt", 12, "label without a case")
    assert str(ReaderError("a.txt", None, "empty")) == "a.txt: empty"


def test_reader_error_subclasses_pickle_and_are_reader_errors():
    for cls in (UnknownFormat, DecodeError, EmptyDocument, OversizedDocument):
        error = cls("d.txt", 3, "why")
        assert isinstance(error, ReaderError)
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is cls and str(copy) == "d.txt:3: why"


# -- decode ----------------------------------------------------------------------------


def test_decode_utf8_with_and_without_bom_and_newlines():
    text = "情報提供自治体名 兵庫県\r\n実施年度 平成8年度~\r最後\n"
    assert decode(text.encode("utf-8"), "a") == (
        "情報提供自治体名 兵庫県\n実施年度 平成8年度~\n最後\n",
        "utf-8",
    )
    decoded, encoding = decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "a")
    assert encoding == "utf-8-sig"
    assert decoded.startswith("情報提供自治体名") and "\r" not in decoded


def test_decode_utf16_with_bom():
    decoded, encoding = decode("第1回\t2002年度\n".encode("utf-16"), "a")
    assert (decoded, encoding) == ("第1回\t2002年度\n", "utf-16")


@pytest.mark.parametrize("seed", ["001", "003", "004"])
@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_decode_legacy_japanese_copies_of_seeds(seed, encoding):
    original = seed_path(seed).read_text(encoding="utf-8")
    # the seeds hold a few characters outside JIS X 0208 (NBSP, circled numbers, rare kanji):
    # a real legacy file cannot contain them either
    data = original.encode(encoding, errors="replace")
    text, detected = decode(data, "copy.txt")
    assert text == data.decode(encoding)
    if encoding == "cp932":
        assert detected == "cp932"
    else:  # EUC-JP, or its JIS X 0213 superset when the plain codec rejects a character
        assert detected in ("euc_jp", "euc_jis_2004")
    assert japanese_score(text) > 0.9


def test_decode_prefers_euc_jp_when_cp932_also_decodes():
    # these EUC-JP bytes are also valid CP932 (half-width katakana and kanji): the score decides
    text = "平成二十二年度の交流\n札幌市と瀋陽市"
    data = text.encode("euc_jp")
    assert data.decode("cp932") != text  # both decodings succeed
    assert decode(data, "a") == (text, "euc_jp")


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Ассоциация мэров городов Западного побережья Японии, 1970 г.\n" * 3, "cp1251"),
        ("부산광역시와 후쿠오카시는 자매도시 협정을 체결하였습니다.\n" * 3, "euc_kr"),
        ("日中地域间交流推进研讨会由中国人民对外友好协会协办。\n" * 3, "gb18030"),
    ],
)
def test_decode_other_legacy_encodings_are_not_forced_into_japanese(text, encoding):
    decoded, _ = decode(text.encode(encoding), "a")
    assert decoded == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", "\u3000\n".encode()])
def test_decode_empty(data):
    with pytest.raises(EmptyDocument, match=r"^blank\.txt: empty document"):
        decode(data, "blank.txt")


def test_decode_binary_nul_names_line():
    with pytest.raises(DecodeError) as info:
        decode(b"line one\nline two\x00\x01\x02", "img.png")
    assert info.value.line == 2 and "binary" in str(info.value)


def test_decode_binary_control_bytes():
    data = bytes(range(1, 32)) * 20 + b"text"
    with pytest.raises(DecodeError, match="binary"):
        decode(data, "blob.bin")


def test_decode_png_header():
    with pytest.raises(DecodeError):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "photo.txt")


# -- registry and detection ------------------------------------------------------------


def test_formats_lists_the_registered_readers(fake_registry):
    assert formats() == ["alpha-list", "beta-list"]


def test_real_registry_lists_only_known_names():
    assert set(formats()) <= {
        "case-cards",
        "multilateral-cases",
        "seminar-series",
        "association-delegations",
        "network-page",
        "twin-cities-csv",
        "generic",
    }


def test_detect_format(fake_registry):
    assert detect_format("BETA\nx", "b.txt") == "beta-list"
    with pytest.raises(UnknownFormat, match=r"^other\.txt: no reader recognises"):
        detect_format("nothing here", "other.txt")


# -- read_bytes / read_path ------------------------------------------------------------


def test_read_bytes_builds_document(fake_registry):
    data = "ALPHA\r\nfirst\r\n\r\nsecond".encode("cp932")
    document = read_bytes(data, "list.txt")
    assert document.name == "list.txt"
    assert document.format == "alpha-list" and document.language == "ja"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.line_count == 4
    assert document.encoding in ("utf-8", "cp932")  # pure ASCII decodes as UTF-8
    assert [r.title for r in document.records] == ["ALPHA", "first", "second"]
    assert [r.line_start for r in document.records] == [1, 2, 4]
    assert document.findings[0].code == "fake"


def test_read_bytes_format_override(fake_registry):
    assert read_bytes(b"BETA\nx\n", "b.txt", format="beta-list").language == "ru"
    with pytest.raises(UnknownFormat, match="unknown format 'gamma'"):
        read_bytes(b"BETA\n", "b.txt", format="gamma")
    # the wrong reader forced on a document says so rather than guessing
    with pytest.raises(ReaderError, match=r"^b\.txt:1: not a alpha-list document"):
        read_bytes(b"BETA\n", "b.txt", format="alpha-list")


def test_read_bytes_unknown_and_empty(fake_registry):
    with pytest.raises(UnknownFormat, match=r"^x\.txt: "):
        read_bytes("ただの文章です。".encode(), "x.txt")
    with pytest.raises(EmptyDocument):
        read_bytes(b"\n\n", "x.txt")


def test_read_bytes_oversized(fake_registry):
    data = b"ALPHA\n" + b"a" * MAX_DOCUMENT_BYTES
    with pytest.raises(OversizedDocument, match="oversized upload"):
        read_bytes(data, "big.txt")


def test_read_path_uses_file_name_and_checks_size_first(fake_registry, tmp_path):
    path = tmp_path / "listing.txt"
    path.write_bytes("ALPHA\n項目\n".encode("euc_jp"))
    document = read_path(path)
    assert document.name == "listing.txt" and len(document.records) == 2
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse file: the size check must come before reading
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(OversizedDocument, match=r"^big\.txt: oversized upload"):
        read_path(big)
