"""Japan's 47 prefectures in JIS X 0401 order: the prefecture facet's values."""

from __future__ import annotations

import re

# (two-digit code, Japanese name, English name)
PREFECTURES: tuple[tuple[str, str, str], ...] = tuple(
    (f"{i:02d}", ja, en)
    for i, (ja, en) in enumerate(
        [
            ("北海道", "Hokkaido"), ("青森県", "Aomori"), ("岩手県", "Iwate"),
            ("宮城県", "Miyagi"), ("秋田県", "Akita"), ("山形県", "Yamagata"),
            ("福島県", "Fukushima"), ("茨城県", "Ibaraki"), ("栃木県", "Tochigi"),
            ("群馬県", "Gunma"), ("埼玉県", "Saitama"), ("千葉県", "Chiba"),
            ("東京都", "Tokyo"), ("神奈川県", "Kanagawa"), ("新潟県", "Niigata"),
            ("富山県", "Toyama"), ("石川県", "Ishikawa"), ("福井県", "Fukui"),
            ("山梨県", "Yamanashi"), ("長野県", "Nagano"), ("岐阜県", "Gifu"),
            ("静岡県", "Shizuoka"), ("愛知県", "Aichi"), ("三重県", "Mie"),
            ("滋賀県", "Shiga"), ("京都府", "Kyoto"), ("大阪府", "Osaka"),
            ("兵庫県", "Hyogo"), ("奈良県", "Nara"), ("和歌山県", "Wakayama"),
            ("鳥取県", "Tottori"), ("島根県", "Shimane"), ("岡山県", "Okayama"),
            ("広島県", "Hiroshima"), ("山口県", "Yamaguchi"), ("徳島県", "Tokushima"),
            ("香川県", "Kagawa"), ("愛媛県", "Ehime"), ("高知県", "Kochi"),
            ("福岡県", "Fukuoka"), ("佐賀県", "Saga"), ("長崎県", "Nagasaki"),
            ("熊本県", "Kumamoto"), ("大分県", "Oita"), ("宮崎県", "Miyazaki"),
            ("鹿児島県", "Kagoshima"), ("沖縄県", "Okinawa"),
        ],
        start=1,
    )
)  # fmt: skip

BY_CODE = {code: ja for code, ja, _ in PREFECTURES}
_SHORT = {re.sub(r"[都府県]$", "", ja) if ja != "北海道" else ja: ja for _, ja, _ in PREFECTURES}
_LOOKUP: dict[str, str] = {}
for _code, _ja, _en in PREFECTURES:
    for _name in (_ja, _en, _en + " prefecture", _en + "-ken", _code, str(int(_code))):
        _LOOKUP[_name.casefold()] = _ja
for _short, _ja in _SHORT.items():
    _LOOKUP.setdefault(_short, _ja)
_LOOKUP["tokyo metropolis"] = "東京都"
_LOOKUP["kyoto prefecture"] = "京都府"


def prefecture_named(text: str) -> str | None:
    """The Japanese name of the prefecture ``text`` names (静岡, Shizuoka, 22), else None."""
    return _LOOKUP.get(text.strip().casefold())


def prefecture_from_code(code: str) -> str | None:
    """From a local government code (5 or 6 digits; prefecture codes 01-09 may lack the 0)."""
    digits = (code or "").strip()
    if not digits.isdigit() or len(digits) < 5:
        return None
    return BY_CODE.get(digits.zfill(6)[:2])


def prefecture_prefix(name: str) -> str | None:
    """The prefecture a Japanese name as written starts with (北海道札幌市 -> 北海道)."""
    for _, ja, _ in PREFECTURES:
        if name.startswith(ja):
            return ja
    return None
