"""Countries: ISO 3166-1 from pycountry, named in ja, en, ru, zh and ko.

pycountry's gettext catalogues give one name per language (CN 中国, KR 大韓民国 (韓国),
GB 英国); documents also use the long official forms (中華人民共和国, ベトナム社会主義共和国)
and everyday short forms (韓国, 米国, Россия, РФ), listed here by hand.
"""

from __future__ import annotations

import functools
import gettext
import re

import pycountry

from koryu.gazetteer.entry import Entry

# pycountry locale -> our language tag
_LOCALES = {"ja": "ja", "ru": "ru", "zh_CN": "zh", "zh_TW": "zh-Hant", "ko": "ko"}

# Forms Japanese, Russian, Chinese and Korean documents actually use, beyond pycountry's.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "JP": ("日本国", "日本", "Япония", "일본", "Japan"),
    "CN": ("中華人民共和国", "中国", "中华人民共和国", "Китай", "КНР", "중화인민공화국", "China"),
    "KR": ("大韓民国", "韓国", "Республика Корея", "Южная Корея", "한국", "South Korea", "Korea"),
    "KP": ("朝鮮民主主義人民共和国", "北朝鮮", "КНДР", "North Korea"),
    "VN": ("ベトナム社会主義共和国", "ベトナム", "Вьетнам", "Vietnam"),
    "LA": ("ラオス人民民主共和国", "ラオス", "Лаос", "Laos"),
    "GB": (
        "グレートブリテン及び北アイルランド連合王国",
        "英国",
        "イギリス",
        "連合王国",
        "Великобритания",
        "United Kingdom",
        "UK",
    ),
    "US": ("アメリカ合衆国", "米国", "アメリカ", "США", "USA", "United States"),
    "AU": ("オーストラリア連邦", "オーストラリア", "豪州", "Австралия"),
    "CA": ("カナダ", "Канада"),
    "FR": ("フランス共和国", "フランス", "Франция"),
    "BT": ("ブータン王国", "ブータン", "Бутан"),
    "RU": ("ロシア連邦", "ロシア", "Россия", "РФ", "Российская Федерация", "Russia"),
    "ID": ("インドネシア共和国", "インドネシア"),
    "TH": ("タイ王国", "タイ"),
    "PH": ("フィリピン共和国", "フィリピン"),
    "KH": ("カンボジア王国", "カンボジア"),
    "ES": ("スペイン王国", "スペイン"),
    "LK": ("スリランカ民主社会主義共和国", "スリランカ"),
    "TZ": ("タンザニア連合共和国", "タンザニア"),
    "ZA": ("南アフリカ共和国", "南アフリカ"),
    "CH": ("スイス連邦", "スイス"),
    "DE": ("ドイツ連邦共和国", "ドイツ", "Германия"),
    "MN": ("モンゴル国", "モンゴル", "Монголия"),
    "TW": ("台湾", "臺灣", "台灣", "Тайвань"),
    "IN": ("インド",),
    "SG": ("シンガポール共和国", "シンガポール"),
    "MY": ("マレーシア",),
    "MM": ("ミャンマー連邦共和国", "ミャンマー"),
    "IT": ("イタリア共和国", "イタリア"),
    "BR": ("ブラジル連邦共和国", "ブラジル"),
    "NZ": ("ニュージーランド",),
    "NL": ("オランダ王国", "オランダ"),
    "AT": ("オーストリア共和国", "オーストリア"),
    "MX": ("メキシコ合衆国", "メキシコ"),
    "TR": ("トルコ共和国", "トルコ"),
    "UA": ("ウクライナ", "Украина"),
}
# Preferred display names where pycountry's differ from documents' usage.
PREFERRED_JA = {"KR": "大韓民国", "TW": "台湾", "US": "アメリカ合衆国", "GB": "英国"}

# Territories GeoNames files under codes of their own while documents name the country
# they belong to ("Hong Kong, China"; "Saint-Denis, France" on Réunion; Kosovo's cities as
# Serbia's in older lists). A stated country admits these too.
TERRITORIES: dict[str, frozenset[str]] = {
    "CN": frozenset({"HK", "MO"}),
    "US": frozenset({"PR", "GU", "VI", "AS", "MP", "UM"}),
    "FR": frozenset({"RE", "GP", "MQ", "GF", "YT", "NC", "PF", "PM", "WF", "BL", "MF"}),
    "GB": frozenset({"GI", "IM", "JE", "GG", "BM", "KY", "VG", "FK", "MS", "TC", "AI", "SH"}),
    "NL": frozenset({"AW", "CW", "SX", "BQ"}),
    "DK": frozenset({"GL", "FO"}),
    "NO": frozenset({"SJ"}),
    "AU": frozenset({"NF", "CX", "CC"}),
    "NZ": frozenset({"CK", "NU", "TK"}),
    "FI": frozenset({"AX"}),
    "RS": frozenset({"XK"}),
}


def same_country(place_country: str, stated: str) -> bool:
    """Whether a place filed under ``place_country`` lies in the ``stated`` country, or
    the statement names the territory's own code (documents disagree on Kosovo)."""
    if place_country == stated:
        return True
    return place_country in TERRITORIES.get(stated, ()) or stated in TERRITORIES.get(
        place_country, ()
    )


_PAREN = re.compile(r"\s*[(（]([^)）]*)[)）]\s*")


def _split_parenthesised(name: str) -> list[str]:
    """'大韓民国 (韓国)' -> ['大韓民国', '韓国']."""
    inner = _PAREN.findall(name)
    outer = _PAREN.sub("", name).strip()
    return [n for n in [outer, *inner] if n]


@functools.cache
def _translations() -> dict[str, gettext.NullTranslations]:
    return {
        tag: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[loc], fallback=True)
        for loc, tag in _LOCALES.items()
    }


def country_entries() -> list[Entry]:
    entries = []
    for c in pycountry.countries:
        names = {"en": getattr(c, "common_name", None) or c.name}
        aliases: list[tuple[str, str]] = [(c.name, "exact"), (c.alpha_3, "alias")]
        if hasattr(c, "official_name"):
            aliases.append((c.official_name, "exact"))
        for tag, tr in _translations().items():
            translated = tr.gettext(c.name)
            if translated == c.name:
                continue
            parts = _split_parenthesised(translated)
            names.setdefault(tag.split("-")[0], parts[0])
            aliases += [(p, "exact") for p in parts]
        extra = EXTRA_NAMES.get(c.alpha_2, ())
        aliases += [(n, "alias") for n in extra]
        if c.alpha_2 in PREFERRED_JA:
            names["ja"] = PREFERRED_JA[c.alpha_2]
        elif extra and "ja" not in names:
            names["ja"] = extra[0]
        entries.append(
            Entry(
                id=f"cc:{c.alpha_2}",
                name=names.get("ja", names["en"]),
                country=c.alpha_2,
                level="country",
                names=names,
                code=c.alpha_2,
                aliases=aliases,
            )
        )
    # "Сен-Мартен (Франция)": a bracket may name the country a territory belongs to, not
    # another name of the territory; a name another country goes by is not an alias
    main_names = {n: e.country for e in entries for n in e.names.values()}
    for e in entries:
        e.aliases = [(t, r) for t, r in e.aliases if main_names.get(t, e.country) == e.country]
    return entries


@functools.cache
def _prefix_table() -> list[tuple[str, str]]:
    """(name, alpha-2) pairs, longest name first, for prefix stripping."""
    pairs = []
    for e in country_entries():
        for text, _ in e.aliases:
            if len(text) >= 2 and not text.isascii():
                pairs.append((text, e.country))
        for text in e.names.values():
            if len(text) >= 2 and not text.isascii():
                pairs.append((text, e.country))
    return sorted(set(pairs), key=lambda p: -len(p[0]))


_LEADING_SEPARATORS = " 　・,、:：/"


def country_from_prefix(text: str) -> tuple[str | None, str]:
    """Strip a leading country name: '中華人民共和国遼寧省瀋陽市' -> ('CN', '遼寧省瀋陽市').

    Only non-Latin names are stripped (Latin text puts the country last). Returns
    (None, text) when the text does not start with a country name. The caller decides
    whether the split makes sense: 'タイムズ' also starts with タイ.
    """
    stripped = text.strip()
    for name, cc in _prefixes_by_first_character().get(stripped[:1], ()):
        if stripped.startswith(name):
            return cc, stripped[len(name) :].lstrip(_LEADING_SEPARATORS)
    return None, text


@functools.cache
def _prefixes_by_first_character() -> dict[str, list[tuple[str, str]]]:
    """The prefix table split by first character (still longest first): a mention is
    compared with a few dozen names instead of all 1,200."""
    table: dict[str, list[tuple[str, str]]] = {}
    for name, cc in _prefix_table():
        table.setdefault(name[0], []).append((name, cc))
    return table


@functools.cache
def country_by_name() -> dict[str, str]:
    """Exact (not normalised) country name -> alpha-2, for quick checks."""
    return {name: cc for name, cc in _prefix_table()}
