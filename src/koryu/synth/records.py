"""Synthetic records of every kind, with realistic Japanese text lengths."""

from __future__ import annotations

import random
from collections.abc import Iterator

from koryu import records as rec
from koryu.normalize.dates import to_wareki
from koryu.synth.names import COUNTRIES, Place, foreign_places, japanese_places

SECTOR_WORDS = {
    "water": ["上下水道", "水道", "下水道", "浄水場", "水道局"],
    "environment": ["環境", "廃棄物処理", "大気汚染対策", "リサイクル", "省エネルギー"],
    "disaster_prevention": ["防災", "災害対策", "防災教育", "地震対策", "洪水対策"],
    "tourism": ["観光", "観光プロモーション", "観光客誘致"],
    "economy": ["経済交流", "産業振興", "企業誘致", "投資促進"],
    "youth": ["青少年交流", "ホームステイ", "中学生派遣", "高校生交流"],
    "culture": ["文化交流", "芸術", "伝統芸能"],
    "sports": ["スポーツ交流", "マラソン大会", "サッカー大会"],
    "administration": ["職員相互派遣", "行政研修", "技術研修"],
    "health": ["医療", "感染症対策", "保健衛生"],
}
TITLES = {
    "sister": "姉妹都市提携",
    "friendship": "友好都市提携",
    "memorandum": "{w}分野における協力に関する覚書",
    "sector": "{w}に関する協力協定",
    "staff_exchange": "職員相互派遣に関する合意書",
    "protocol": "議定書",
}
CONNECTIVES = ["また、", "さらに、", "その後、", "これを契機として、", "現在では、", ""]
SENTENCES = [
    "{a}と{b}は{y}年に{w}を中心とした交流を開始した。",
    "{w}の分野において職員の相互訪問を実施し、技術や知見の共有を図っている。",
    "{b}から研修生を受け入れ、{w}に関する行政研修及び企業研修を行った。",
    "両市の市長が相互に訪問し、{w}の推進について意見交換を行った。",
    "市民レベルでの{w}が活発に行われ、相互理解が深まっている。",
    "今後は{w}に加え、幅広い分野での交流を進めることが課題である。",
    "{y}年には{a}で{w}に関するセミナーを開催し、約{n}人が参加した。",
]


def _country_place(rng: random.Random) -> Place:
    pools = foreign_places()
    codes = [cc for cc, _, _ in COUNTRIES if cc in pools]
    weights = [w for cc, _, w in COUNTRIES if cc in pools]
    cc = rng.choices(codes, weights)[0]
    return rng.choice(pools[cc])


def text(rng: random.Random, a: str, b: str, sector: str, year: int, sentences: int) -> str:
    words = SECTOR_WORDS[sector]
    out = []
    for _ in range(sentences):
        s = rng.choice(SENTENCES).format(
            a=a, b=b, w=rng.choice(words), y=year, n=rng.randint(20, 300)
        )
        out.append(rng.choice(CONNECTIVES) + s)
    return "".join(out)


def agreement(rng: random.Random, i: int) -> rec.Record:
    jp = rng.choice(japanese_places())
    fo = _country_place(rng)
    sector = rng.choice(list(SECTOR_WORDS))
    kind = rng.choice(list(TITLES))
    year = rng.randint(1960, 2024)
    iso = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = f"{jp.name}・{fo.name}" + TITLES[kind].format(w=rng.choice(SECTOR_WORDS[sector]))
    return rec.Record(
        kind="agreement",
        key=f"card-{i}",
        title=title,
        line_start=i * 40 + 1,
        line_end=i * 40 + 38,
        parties=[
            rec.Party(name=jp.path, role="japanese_party", country="JP"),
            rec.Party(name=fo.path, role="foreign_party"),
        ],
        date=iso,
        date_raw=to_wareki(iso, western=True),
        agreement_type=kind,
        sectors=[sector],
        background=text(rng, jp.name, fo.name, sector, year, rng.randint(2, 5)),
        activities=text(rng, jp.name, fo.name, sector, year + 1, rng.randint(2, 6)),
        outcomes=text(rng, jp.name, fo.name, sector, year + 2, rng.randint(1, 4)),
        contacts=[
            rec.Contact(
                department=rng.choice(["総務部国際交流課", "企画政策部国際課", "水道局総務課"]),
                phones=[
                    f"0{rng.randint(11, 99)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
                ],
                emails=[f"kokusai{rng.randint(1, 99)}@city.example.lg.jp"],
            )
        ],
        urls=[f"https://www.city.example.lg.jp/kokusai/{i}.html"],
    )


def program(rng: random.Random, i: int) -> rec.Record:
    jp = rng.choice(japanese_places())
    partners = [_country_place(rng) for _ in range(rng.randint(1, 4))]
    sector = rng.choice(list(SECTOR_WORDS))
    start = rng.randint(1989, 2022)
    fy = str(start) if rng.random() < 0.5 else f"{start}-"
    return rec.Record(
        kind="program",
        key=f"program-{i}",
        title=f"{jp.name}{rng.choice(SECTOR_WORDS[sector])}交流事業",
        line_start=i * 8 + 1,
        line_end=i * 8 + 7,
        parties=[rec.Party(name=jp.path, role="implementer", country="JP")]
        + [rec.Party(name=p.path, role="partner") for p in partners],
        fiscal_year=fy,
        fiscal_year_raw=to_wareki(f"{start}") + "度" + ("~" if fy.endswith("-") else ""),
        sectors=[sector],
        activities=text(rng, jp.name, partners[0].name, sector, start, rng.randint(3, 8)),
    )


def event(rng: random.Random, i: int) -> rec.Record:
    host = _country_place(rng)
    sector = rng.choice(list(SECTOR_WORDS))
    year = rng.randint(1995, 2024)
    return rec.Record(
        kind="event",
        key=f"event-{i}",
        title=f"第{i % 40 + 1}回{rng.choice(SECTOR_WORDS[sector])}推進セミナー",
        line_start=i + 1,
        line_end=i + 1,
        series=f"{rng.choice(SECTOR_WORDS[sector])}推進セミナー",
        edition=i % 40 + 1,
        fiscal_year=str(year),
        place=host.name,
        parties=[rec.Party(name=host.path, role="host")],
        theme=text(rng, host.name, host.name, sector, year, 1)[:60],
        participants_count=rng.randint(30, 400),
    )


def delegation(rng: random.Random, i: int) -> rec.Record:
    visited = _country_place(rng)
    senders = [rng.choice(japanese_places()) for _ in range(rng.randint(1, 4))]
    year = rng.randint(1990, 2024)
    m = rng.randint(1, 12)
    return rec.Record(
        kind="delegation",
        key=f"delegation-{i}",
        title=f"{'、'.join(s.name for s in senders)}訪問団（{visited.name}）",
        line_start=i + 1,
        line_end=i + 1,
        date_start=f"{year}-{m:02d}-{rng.randint(1, 20):02d}",
        date_end=f"{year}-{m:02d}-{rng.randint(21, 28):02d}",
        place=visited.name,
        parties=[rec.Party(name=visited.path, role="visited")]
        + [
            rec.Party(name=s.path, role="sender", country="JP", count=rng.randint(2, 20))
            for s in senders
        ],
        purpose=rng.choice(SECTOR_WORDS["youth"] + SECTOR_WORDS["administration"]),
    )


def network(rng: random.Random, i: int) -> rec.Record:
    members = [rng.choice(japanese_places()) for _ in range(rng.randint(2, 6))] + [
        _country_place(rng) for _ in range(rng.randint(2, 12))
    ]
    sector = rng.choice(list(SECTOR_WORDS))
    year = rng.randint(1970, 2022)
    return rec.Record(
        kind="network",
        key=f"network-{i}",
        title=f"{rng.choice(['アジア', '環日本海', '北東アジア', '世界'])}{rng.choice(SECTOR_WORDS[sector])}都市ネットワーク",
        line_start=i + 1,
        line_end=i + 5,
        date=str(year),
        parties=[rec.Party(name=m.path, role="member", country=m.country) for m in members],
        description=text(rng, members[0].name, members[-1].name, sector, year, rng.randint(2, 5)),
        sectors=[sector],
    )


MAKERS = {
    "agreement": agreement,
    "program": program,
    "event": event,
    "delegation": delegation,
    "network": network,
}
MIX = [("agreement", 55), ("program", 20), ("event", 10), ("delegation", 10), ("network", 5)]


def generate_records(n: int, seed: int = 42) -> Iterator[rec.Record]:
    """``n`` records of mixed kinds (mostly agreements, as in real surveys)."""
    rng = random.Random(seed)
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    for i in range(n):
        yield MAKERS[rng.choices(kinds, weights)[0]](rng, i)
