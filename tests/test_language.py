"""Language detection per document and per block (koryu.readers.language)."""

from __future__ import annotations

import pytest

from conftest import seed_path
from koryu.readers.language import detect, detect_blocks


@pytest.mark.parametrize(
    "text, expected",
    [
        # Japanese: kana decides; kanji-only Japanese (table cells, headings) by fastText
        ("札幌市と瀋陽市は1980年に友好都市提携を結びました。", "ja"),
        ("姉妹都市提携", "ja"),
        ("締結日 昭和55年11月18日", "ja"),
        ("札幌市国際交流課", "ja"),
        # Chinese: simplified and traditional
        ("沈阳市与札幌市于1980年缔结友好城市关系。", "zh"),
        ("缔结友好城市", "zh"),
        ("臺北市與日本東京都八王子市締結姊妹市。", "zh"),
        ("中方城市\t日方城市\t结好时间", "zh"),
        ("부산광역시와 후쿠오카시는 2007년 자매도시 협정을 체결하였습니다.", "ko"),
        ("현\t교류 지역\t교류체결일", "ko"),
        ("Владивосток и Ниигата стали городами-побратимами в 1991 году.", "ru"),
        ("Город\tДата", "ru"),
        ("Sapporo signed a sister city agreement with Portland in 1959.", "en"),
        ("Portland", "en"),
        ("12345 - 678", "und"),
        ("", "und"),
        (
            "La ville de Nantes a signé un accord de jumelage avec Niigata en 1988 pour "
            "développer les échanges culturels et économiques entre les deux villes.",
            "und",
        ),
    ],
)
def test_detect(text, expected):
    assert detect(text) == expected


def test_a_chinese_text_naming_a_japanese_city_with_kana_stays_chinese():
    text = (
        "2019年，大连市代表团访问了北九州市，双方就环境合作、港口建设和青少年交流进行了深入会谈。"
        * 2
    )
    assert detect(text + "（キタキュウシュウ）") == "zh"


def test_japanese_text_with_english_and_chinese_names_is_japanese():
    text = (
        "本市はポートランド市（Portland, Oregon, USA）と1959年に姉妹都市提携を結び、"
        "沈阳市とは1980年に友好都市となりました。"
    )
    assert detect(text) == "ja"


def test_seeds():
    assert detect(seed_path("000").read_text(encoding="utf-8")) == "ru"
    for prefix in ("001", "002", "003", "004"):
        assert detect(seed_path(prefix).read_text(encoding="utf-8")) == "ja"


def test_detect_blocks_per_paragraph_and_table():
    lines = [
        "姉妹都市一覧",
        "",
        "都市名\t国名\t提携日",
        "ポートランド市\tアメリカ\t1959年11月17日",
        "",
        "Sapporo and Portland have been sister cities since 1959.",
        "",
        "Портленд и Саппоро — города-побратимы с 1959 года.",
        "Делегация посетила город в 2019 году.",
    ]
    assert detect_blocks(lines) == [
        "ja", "und", "ja", "ja", "und", "en", "und", "ru", "ru",
    ]  # fmt: skip
    assert detect_blocks([]) == []
