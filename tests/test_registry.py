"""One registry of readers (pluggy): built-in, generic and third-party readers alike."""

from __future__ import annotations

import types

import pytest

from conftest import seed_path
from koryu.readers import describe_formats, detect_format, formats, read_bytes, registry
from koryu.readers.base import UnknownFormat
from koryu.readers.hookspecs import hookimpl
from koryu.records import Record


def _reader(fmt: str, marker: str, *, specific: bool = True, score: float = 0.9):
    """A reader that claims texts containing ``marker`` with ``score``."""
    module = types.ModuleType(f"third_party_{fmt}")
    module.__doc__ = f"Reads {fmt} lists.\n\nMore words."
    module.FORMAT = fmt
    module.LANGUAGE = "ja"
    module.SPECIFIC = specific
    module.sniff = lambda text: score if marker in text else 0.0
    module.parse = lambda text, name: (
        [Record(kind="program", key=marker, title=marker, line_start=1, line_end=1)],
        [],
    )
    return module


class _Plugin:
    def __init__(self, *readers):
        self.readers = list(readers)

    @hookimpl
    def koryu_readers(self):
        return self.readers


@pytest.fixture
def clean_registry():
    registry.use(None)
    yield
    registry.use(None)


def test_builtin_readers_and_the_generic_catch_all(clean_registry):
    names = formats()
    assert names[-1] == "generic"
    assert {"case-cards", "twin-cities-csv", "network-page"} <= set(names)
    described = {d["name"]: d for d in describe_formats()}
    assert described["generic"]["specific"] is False
    assert described["case-cards"]["specific"] is True
    assert "case cards" in described["case-cards"]["description"].lower()


def test_a_text_no_specific_reader_claims_goes_to_the_generic_reader(clean_registry):
    text = "Sapporo signed a sister city agreement with Portland in 1959.\n"
    assert detect_format(text, "note.txt") == "generic"
    document = read_bytes(text.encode(), "note.txt")
    assert document.format == "generic" and document.specific is False
    assert document.language == "en"  # detected, not the reader's "und"


def test_third_party_reader_wins_over_generic(clean_registry):
    plugin = _Plugin(_reader("kanagawa-list", "【提携一覧】"))
    registry.register(plugin, name="third-party")
    try:
        text = "【提携一覧】\n横浜市\tバンクーバー\t1965年\n"
        assert detect_format(text, "list.txt") == "kanagawa-list"
        document = read_bytes(text.encode(), "list.txt")
        assert document.format == "kanagawa-list" and document.specific is True
        assert [r.key for r in document.records] == ["【提携一覧】"]
        assert "kanagawa-list" in formats()
        # a text without its marker still goes to the generic reader
        assert detect_format("ただの文章です。", "x.txt") == "generic"
    finally:
        registry.unregister(plugin)
    assert "kanagawa-list" not in formats()


def test_a_weak_specific_reader_does_not_beat_generic(clean_registry):
    plugin = _Plugin(_reader("shy", "横浜", score=0.3))
    registry.register(plugin)
    try:
        assert detect_format("横浜市の国際交流", "x.txt") == "generic"
    finally:
        registry.unregister(plugin)


def test_a_third_party_generic_reader_beats_the_builtin_generic_when_more_confident(
    clean_registry,
):
    plugin = _Plugin(_reader("better-generic", "交流", specific=False, score=0.4))
    registry.register(plugin)
    try:
        document = read_bytes("国際交流の記録".encode(), "x.txt")
        assert document.format == "better-generic" and document.specific is False
    finally:
        registry.unregister(plugin)


def test_seeds_are_still_read_by_their_specific_readers(clean_registry):
    expected = {
        "000": "association-delegations",
        "001": "multilateral-cases",
        "002": "seminar-series",
        "003": "case-cards",
        "004": "network-page",
    }
    for prefix, fmt in expected.items():
        path = seed_path(prefix)
        document = read_bytes(path.read_bytes(), path.name)
        assert (document.format, document.specific, document.filetype) == (fmt, True, "txt")


def test_a_plugin_offering_a_non_reader_fails_loudly(clean_registry):
    broken = types.SimpleNamespace(FORMAT="broken", sniff=lambda text: 1.0)
    manager = registry.make_manager(builtin=False, entry_points=False)
    manager.register(_Plugin(broken))
    registry.use(manager)
    with pytest.raises(registry.RegistryError, match="lacks LANGUAGE, SPECIFIC, parse"):
        formats()


def test_two_readers_with_one_name_fail_loudly(clean_registry):
    manager = registry.make_manager(builtin=True, entry_points=False)
    manager.register(_Plugin(_reader("case-cards", "x")))
    registry.use(manager)
    with pytest.raises(registry.RegistryError, match="two readers named 'case-cards'"):
        formats()


def test_no_reader_at_all_is_unknown_format(clean_registry):
    registry.use(registry.make_manager(builtin=False, entry_points=False))
    with pytest.raises(UnknownFormat, match=r"^x\.txt: no reader recognises this document"):
        read_bytes(b"anything", "x.txt")


def test_entry_point_plugins_are_loaded(clean_registry, monkeypatch):
    """A package announcing a plugin under the entry-point group "koryu" is registered."""
    plugin_module = types.ModuleType("koryu_test_plugin")
    plugin_module.koryu_readers = hookimpl(lambda: [_reader("ep-reader", "EP-MARK")])

    class EntryPoint:
        name, group, value = "ep", "koryu", "koryu_test_plugin"

        def load(self):
            return plugin_module

    class Distribution:
        entry_points = [EntryPoint()]
        metadata = {"name": "koryu-test-plugin"}

    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "distributions", lambda: [Distribution()])
    registry.use(registry.make_manager())
    assert detect_format("EP-MARK\n", "x.txt") == "ep-reader"


def test_ingest_help_lists_file_types_and_readers(clean_registry):
    from click.testing import CliRunner

    from koryu.cli.ingest import command

    plugin = _Plugin(_reader("kanagawa-list", "【提携一覧】"))
    registry.register(plugin)
    try:
        result = CliRunner().invoke(command, ["--help"])
    finally:
        registry.unregister(plugin)
    assert result.exit_code == 0
    for filetype in ("txt", "html", "pdf", "docx", "xlsx", "csv", "tsv"):
        assert f"\n    {filetype} " in result.output
    assert "case-cards               specific" in result.output
    assert "generic                  generic" in result.output
    assert "kanagawa-list            specific  Reads kanagawa-list lists." in result.output
