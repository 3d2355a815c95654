"""Display helpers of the pages: fiscal years and titles made of party names."""

from __future__ import annotations

import pytest
from django.utils import translation

from koryu.web.labels import fiscal_year, localized_title

RU = [
    ("Румои", {"ja": "留萌市", "en": "Rumoi"}),
    ("Носиро", {"ja": "能代市", "en": "Noshiro"}),
    ("Южно-Сахалинск", {"ja": "ユジノサハリンスク市", "en": "Yuzhno-Sakhalinsk"}),
]


@pytest.mark.parametrize(
    "value,lang,shown",
    [
        ("2010", "ja", "2010年度"),
        ("2010", "en", "FY2010"),
        ("2007-2009", "ja", "2007–2009年度"),
        ("2007-2009", "en", "FY2007–2009"),
        ("2003-", "ja", "2003年度～"),
        ("2003-", "en", "FY2003–"),
        ("", "ja", ""),
        (None, "en", ""),
    ],
)
def test_fiscal_year(value, lang, shown):
    assert fiscal_year(value, lang) == shown


def test_delegation_title_in_japanese_and_english():
    title = "Делегация: Румои, Носиро… → Южно-Сахалинск (1995)"
    with translation.override("ja"):
        assert localized_title(title, "delegation", RU, "ja") == (
            "訪問団: 留萌市、能代市ほか → ユジノサハリンスク市 (1995)"
        )
    with translation.override("en"):
        assert localized_title(title, "delegation", RU, "en") == (
            "Delegation: Rumoi, Noshiro… → Yuzhno-Sakhalinsk (1995)"
        )


def test_pair_title_of_a_list():
    parties = [("Yokohama", {"ja": "横浜市"}), ("San Diego", {"ja": "サンディエゴ"})]
    assert localized_title("Yokohama – San Diego", "agreement", parties, "ja") == (
        "横浜市 – サンディエゴ"
    )


@pytest.mark.parametrize(
    "title,parties",
    [
        # written prose around the names: the document's own title
        (
            "北川市と大連市の友好都市提携",
            [("北川市", {"en": "Kitagawa"}), ("大連市", {"en": "Dalian"})],
        ),
        ("北川市と大連市", [("北川市", {"en": "Kitagawa"}), ("大連市", {"en": "Dalian"})]),
        # nothing to change: no name known in the language
        ("Yokohama – San Diego", [("Yokohama", {}), ("San Diego", {})]),
        ("", [("Yokohama", {"ja": "横浜市"})]),
        ("Yokohama – San Diego", []),
    ],
)
def test_titles_left_alone(title, parties):
    assert localized_title(title, "agreement", parties, "en") is None
