"""Transliteration of Japanese place names and Chinese character forms."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koryu.gazetteer.transliterate import (
    cyrillic_variants,
    fold_case,
    han_variants,
    hangul_variants,
    hiragana_to_katakana,
    kana_to_cyrillic,
    kana_to_hangul,
    katakana_key,
    katakana_to_hiragana,
    katakana_variants,
    place_name_forms,
    romaji,
    romaji_variants,
    split_admin_suffix,
    to_japanese,
    to_simplified,
    to_traditional,
)


def test_kana_script_round_trip():
    assert hiragana_to_katakana("さっぽろし ちゅうおうく") == "サッポロシ チュウオウク"
    assert katakana_to_hiragana("ヴィエンチャン") == "ゔぃえんちゃん"
    assert katakana_to_hiragana("ハノーファー") == "はのーふぁー"  # ー is kept


@pytest.mark.parametrize(
    ("kana", "expected"),
    [
        ("かしわざき", "Касивадзаки"),
        ("のしろ", "Носиро"),
        ("るもい", "Румои"),
        ("わっかない", "Вакканай"),
        ("にいがた", "Ниигата"),
        ("じょうえつ", "Дзёэцу"),
        ("まいづる", "Майдзуру"),
        ("つるが", "Цуруга"),
        ("あきた", "Акита"),
        ("おが", "Ога"),
        ("ほんじょう", "Хондзё"),
        ("とよさか", "Тоёсака"),
        ("しんばし", "Симбаси"),
        ("ちょうふ", "Тёфу"),
        ("ぐんま", "Гумма"),
        ("しんいち", "Синъити"),
        ("さっぽろ", "Саппоро"),
        ("はっちょう", "Хаттё"),
        ("とうきょう", "Токио"),  # tradition wins; the regular form is a variant
        ("よこはま", "Иокогама"),
    ],
)
def test_polivanov(kana, expected):
    assert kana_to_cyrillic(kana) == expected
    assert expected in cyrillic_variants(kana)


@pytest.mark.parametrize(
    ("kana", "spelling"),
    [
        ("わっかない", "Вакканаи"),  # final い as и
        ("さかいみなと", "Сакаиминато"),  # い at a morpheme boundary
        ("とうきょう", "Токё"),  # the regular Polivanov form
        ("きょうと", "Кёто"),
        ("よこはま", "Ёкохама"),
        ("よこすか", "Йокосука"),
        ("よこはま", "Йокогама"),
        ("こうべ", "Кобэ"),
        ("せんだい", "Сендай"),
        ("しずおか", "Шизуока"),  # English-influenced spelling
        ("ちば", "Чиба"),
        ("しんいち", "Синити"),  # without the hard sign
        ("ホンジョウ", "Хондзё"),  # katakana input
        ("ｶｼﾜｻﾞｷ", "Касивадзаки"),  # half-width input
    ],
)
def test_cyrillic_variants_cover_document_spellings(kana, spelling):
    assert spelling in cyrillic_variants(kana)


def test_cyrillic_capitalises_each_word_and_keeps_unknown_text():
    assert kana_to_cyrillic("さっぽろし ちゅうおうく") == "Саппороси Тюоку"
    assert kana_to_cyrillic("abc") == "Abc"


@pytest.mark.parametrize(
    ("kana", "expected"),
    [
        ("さっぽろ", "삿포로"),
        ("とうきょう", "도쿄"),
        ("おおさか", "오사카"),
        ("かわさき", "가와사키"),
        ("にいがた", "니가타"),
        ("ひろしま", "히로시마"),
        ("こうべ", "고베"),
        ("しずおか", "시즈오카"),
        ("ふくおか", "후쿠오카"),
        ("せんだい", "센다이"),
        ("なごや", "나고야"),
        ("よこはま", "요코하마"),
        ("つるが", "쓰루가"),
        ("ちば", "지바"),
        ("きょうと", "교토"),
        ("なかつがわ", "나카쓰가와"),
        ("ちょうふ", "조후"),
        ("かごしま", "가고시마"),
        ("ちがさき", "지가사키"),
        ("はちおうじ", "하치오지"),
        ("いっしき", "잇시키"),
    ],
)
def test_hangul_standard(kana, expected):
    assert kana_to_hangul(kana) == expected
    assert expected in hangul_variants(kana)


@pytest.mark.parametrize(
    ("kana", "spelling"),
    [("にいがた", "니이가타"), ("つるが", "츠루가"), ("おおさか", "오사까"), ("ちば", "치바")],
)
def test_hangul_variants(kana, spelling):
    assert spelling in hangul_variants(kana)


@pytest.mark.parametrize(
    ("kana", "expected"),
    [
        ("さっぽろ", "Sapporo"),
        ("しずおか", "Shizuoka"),
        ("ちょうふ", "Chofu"),
        ("おおいた", "Oita"),
        ("きょうと", "Kyoto"),
        ("にいがた", "Niigata"),
        ("はっちょう", "Hatcho"),
        ("じょうえつ", "Joetsu"),
        ("ゆうばり", "Yubari"),
        ("しんばし", "Shinbashi"),
    ],
)
def test_romaji(kana, expected):
    assert romaji(kana) == expected


@pytest.mark.parametrize(
    ("kana", "latin", "cyrillic", "hangul"),
    [
        ("とよおか", "Toyooka", "Тоёока", "도요오카"),  # 豊+岡: two morae
        ("かつうら", "Katsuura", "Кацуура", "가쓰우라"),  # 勝+浦
        ("とおの", "Tono", "Тоно", "도노"),  # 遠野: word-initial おお is long
        ("ゆうき", "Yuki", "Юки", "유키"),
        ("おおうち", "Ouchi", "Оути", "오우치"),  # 大+内: おお is long, the う is not
    ],
)
def test_long_vowel_guesses(kana, latin, cyrillic, hangul):
    assert (romaji(kana), kana_to_cyrillic(kana), kana_to_hangul(kana)) == (
        latin,
        cyrillic,
        hangul,
    )


def test_long_vowels_the_guess_gets_wrong_are_variants():
    # 蒲郡 (郡 ごおり is one long vowel) and 東大阪 (大 starts a morpheme)
    assert "Gamagori" in romaji_variants("がまごおり")
    assert "Гамагори" in cyrillic_variants("がまごおり")
    assert "가마고리" in hangul_variants("がまごおり")
    assert "히가시오사카" in hangul_variants("ひがしおおさか")
    assert "Тоёка" in cyrillic_variants("とよおか")


def test_romaji_variants():
    assert {"Chofu", "Chōfu", "Choufu", "Chohfu"} <= romaji_variants("ちょうふ")
    assert {"Shimbashi", "Shinbashi"} <= romaji_variants("しんばし")
    assert {"Shinichi", "Shin'ichi"} <= romaji_variants("しんいち")
    assert {"Tokyo", "Tōkyō", "Toukyou"} <= romaji_variants("とうきょう")


@pytest.mark.parametrize(
    ("source", "simplified", "traditional"),
    [
        ("広州", "广州", "廣州"),
        ("瀋陽", "沈阳", "瀋陽"),
        ("沈阳", "沈阳", "瀋陽"),
        ("広島", "广岛", "廣島"),
        ("黒竜江", "黑龙江", "黑龍江"),
        ("横浜", "横滨", "橫濱"),
        ("神戸", "神户", "神戶"),  # OpenCC's jp2t leaves 戸 alone
        ("新潟", "新泻", "新潟"),
        ("並木", "并木", "並木"),  # jp2t would give the rare 竝
    ],
)
def test_han_forms(source, simplified, traditional):
    assert to_simplified(source) == simplified
    assert to_traditional(source) == traditional
    assert {source, simplified, traditional} <= han_variants(source)


def test_to_japanese():
    assert to_japanese("黑龍江") == "黒竜江"
    assert to_japanese("广州") == "広州"
    assert to_japanese("廣島") == "広島"
    assert {"鶴ヶ島市", "鶴ケ島市"} <= han_variants("鶴ヶ島市")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("フエ", "フェ"),
        ("ヴィエンチャン", "ビエンチャン"),
        ("ヴァンクーヴァー", "バンクーバー"),
        ("ウラジオストク", "ｳﾗｼﾞｵｽﾄｯｸ"),
        ("ティラナ", "チラナ"),
        ("ディジョン", "ジジョン"),
        ("ウィーン", "ウイーン"),
        ("ウェリントン", "ウエリントン"),
        ("イシー・レ・ムリノー", "イシーレムリノー"),
        ("サン＝ジャン", "サンジャン"),
    ],
)
def test_katakana_key_joins_spellings(a, b):
    assert katakana_key(a) == katakana_key(b)


def test_katakana_key_keeps_different_names_apart():
    assert katakana_key("フエ") != katakana_key("フア")
    assert katakana_key("ソウル") != katakana_key("ソール")


def test_katakana_variants():
    assert {"ヴィエンチャン", "ビエンチャン"} <= katakana_variants("ヴィエンチャン")
    assert "ヴィエンチャン" in katakana_variants("ビエンチャン")
    assert {"フエ", "フェ"} <= katakana_variants("フエ")
    assert "ウラジオストク" in katakana_variants("ｳﾗｼﾞｵｽﾄｸ")
    assert "イシーレムリノー" in katakana_variants("イシー・レ・ムリノー")


def test_split_admin_suffix():
    assert split_admin_suffix("柏崎市", "かしわざきし") == ("柏崎", "かしわざき", "市")
    assert split_admin_suffix("八丈町", "はちじょうまち") == ("八丈", "はちじょう", "町")
    assert split_admin_suffix("森町", "もりまち") == ("森", "もり", "町")
    assert split_admin_suffix("北海道", "ほっかいどう") == ("北海道", "ほっかいどう", "")
    assert split_admin_suffix("市", "し") == ("市", "し", "")


def test_place_name_forms():
    forms = place_name_forms("柏崎市", "かしわざきし")
    assert {"柏崎市", "柏崎", "カシワザキ"} <= forms["ja"]
    assert {"Kashiwazaki", "Kashiwazaki City", "Kashiwazaki-shi"} <= forms["en"]
    assert {"Касивадзаки", "город Касивадзаки"} <= forms["ru"]
    assert {"가시와자키", "가시와자키시"} <= forms["ko"]
    assert "柏崎市" in forms["zh"]


def test_fold_case():
    assert fold_case("Chōfu") == "chofu"
    assert fold_case("ЁКОСУКА") == fold_case("Екосука") == "екосука"
    assert fold_case("Вакканай") == "вакканай" != fold_case("Вакканаи")
    assert fold_case("Huế") == "hue"


# --- properties -------------------------------------------------------------------------------

KANA = st.text(
    alphabet=st.sampled_from(
        list(
            "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
        )
        + list("がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽっゃゅょぁぃぅぇぉー")
        + list("アイウエオカキクケコヴァィゥェォッャュョー・ ｶｷｸｹｺﾞ")
    ),
    max_size=30,
)
ANY_TEXT = st.text(max_size=40)
FUNCTIONS = [
    romaji,
    romaji_variants,
    kana_to_cyrillic,
    cyrillic_variants,
    kana_to_hangul,
    hangul_variants,
    katakana_key,
    katakana_variants,
    hiragana_to_katakana,
    katakana_to_hiragana,
    to_simplified,
    to_traditional,
    to_japanese,
    han_variants,
    fold_case,
]


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
@given(text=st.one_of(KANA, ANY_TEXT))
def test_never_crashes_and_is_deterministic(function, text):
    assert function(text) == function(text)


@given(text=st.one_of(KANA, ANY_TEXT))
def test_every_katakana_variant_has_the_same_key(text):
    key = katakana_key(text)
    assert all(katakana_key(v) == key for v in katakana_variants(text))
    assert hiragana_to_katakana(unicodedata.normalize("NFKC", text)) in katakana_variants(text)


@given(text=KANA)
def test_main_forms_are_among_the_variants(text):
    assert romaji(text) in romaji_variants(text)
    assert kana_to_cyrillic(text) in cyrillic_variants(text)
    assert kana_to_hangul(text) in hangul_variants(text)


@given(text=KANA)
def test_outputs_leave_no_kana_behind(text):
    for rendered in (romaji(text), kana_to_cyrillic(text), kana_to_hangul(text)):
        assert not any("\u3041" <= ch <= "\u30fa" for ch in rendered), rendered


@given(text=st.text(alphabet=st.characters(min_codepoint=0x3041, max_codepoint=0x3096)))
def test_hiragana_katakana_round_trip(text):
    assert katakana_to_hiragana(hiragana_to_katakana(text)) == text
