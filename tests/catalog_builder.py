"""A small catalogue built in code for the read-service and API tests.

Invented content (not seed prose): two Japanese cities, partners in China, Korea and
Russia, a network with a secretariat, an event series, a delegation and a program.
Organizations are resolved by exact name (no gazetteer) and then given coordinates, so
the result is the same whatever the gazetteer knows.
"""

from __future__ import annotations

from koryu import records as rec
from koryu.catalog.importer import import_document
from koryu.catalog.models import Organization
from koryu.catalog.organizations import OrganizationResolver

PLACES = {
    "北川市": ("JP", 35.0, 135.0, "261009"),
    "南浜町": ("JP", 34.5, 133.5, "331007"),
    "東山県": ("JP", 35.5, 136.0, "260002"),
    "大連市": ("CN", 38.9, 121.6, ""),
    "釜山広域市": ("KR", 35.1, 129.0, ""),
    "Владивосток": ("RU", 43.1, 131.9, ""),
    "謎の村": ("", None, None, ""),
}


def _p(name: str, role: str, **kw) -> rec.Party:
    return rec.Party(name=name, role=role, country=PLACES[name][0] or None, **kw)


def document_one() -> rec.Document:
    return rec.Document(
        name="test-cards.txt",
        sha256="a" * 64,
        format="case-cards",
        language="ja",
        line_count=200,
        findings=[rec.Finding(code="index-title-differs", message="目次と本文の題が違う", line=3)],
        records=[
            rec.Record(
                kind="agreement",
                key="card-1",
                title="北川市と大連市の友好都市提携",
                line_start=10,
                line_end=30,
                parties=[_p("北川市", "japanese_party"), _p("大連市", "foreign_party")],
                date="1995-05-10",
                date_raw="平成7年5月10日",
                agreement_type="friendship",
                sectors=["water", "education"],
                status="active",
                background="港の縁で始まった",
                activities="水道技術の研修",
                outcomes="研修生 40 名",
                contacts=[rec.Contact(department="国際課", phones=["000-000-0000"])],
                related_keys=["card-2"],
                findings=[rec.Finding(code="relisted", message="再掲", line=12)],
            ),
            rec.Record(
                kind="agreement",
                key="card-2",
                title="北川市と釜山広域市の姉妹都市提携",
                line_start=31,
                line_end=50,
                parties=[_p("北川市", "japanese_party"), _p("釜山広域市", "foreign_party")],
                date="2001-10",
                agreement_type="sister",
                sectors=["culture"],
                status="active",
            ),
            rec.Record(
                kind="agreement",
                key="card-3",
                title="南浜町とウラジオストク市の経済交流覚書",
                line_start=51,
                line_end=70,
                parties=[_p("南浜町", "japanese_party"), _p("Владивосток", "foreign_party")],
                date="2010-03-01",
                agreement_type="memorandum",
                sectors=["economy", "port"],
                status="ended",
            ),
            rec.Record(
                kind="agreement",
                key="card-4",
                title="三者協定（北川市・南浜町・謎の村）",
                line_start=71,
                line_end=80,
                parties=[
                    _p("北川市", "japanese_party"),
                    _p("南浜町", "japanese_party"),
                    _p("謎の村", "foreign_party"),
                ],
                date="2015",
                agreement_type="other",
            ),
        ],
    )


def document_two() -> rec.Document:
    return rec.Document(
        name="test-network.txt",
        sha256="b" * 64,
        format="association",
        language="ja",
        line_count=120,
        records=[
            rec.Record(
                kind="network",
                key="net",
                title="環日本海自治体ネットワーク",
                line_start=1,
                line_end=20,
                parties=[
                    _p("北川市", "secretariat", date_start="1994", date_start_raw="1994年"),
                    _p("大連市", "member", date_start="1996-07", date_start_raw="1996年7月"),
                    _p("Владивосток", "member", date_start="1998"),
                    _p("釜山広域市", "observer"),
                ],
                date="1994",
                description="港湾都市の協力",
            ),
            rec.Record(
                kind="event",
                key="ev-1",
                title="第1回 環日本海港湾セミナー",
                line_start=21,
                line_end=40,
                parties=[_p("北川市", "host"), _p("大連市", "member")],
                date="2005-09-01",
                fiscal_year="2005",
                series="環日本海港湾セミナー",
                edition=1,
                theme="港湾物流",
                programme=[{"date": "2005-09-01", "items": ["開会"]}],
            ),
            rec.Record(
                kind="event",
                key="ev-2",
                title="第2回 環日本海港湾セミナー",
                line_start=41,
                line_end=60,
                parties=[_p("大連市", "host"), _p("北川市", "co_organizer")],
                date="2007-09-01",
                fiscal_year="2007",
                series="環日本海港湾セミナー",
                edition=2,
                theme="環境",
                sectors=["environment"],
            ),
            rec.Record(
                kind="delegation",
                key="del-1",
                title="Делегация Владивостока в 南浜町",
                line_start=61,
                line_end=70,
                parties=[_p("Владивосток", "sender", count=12), _p("南浜町", "visited")],
                date="2012-06-15",
                participants_count=12,
                participants_breakdown={"ロ方": 12},
                language="ru",
            ),
            rec.Record(
                kind="program",
                key="prog-1",
                title="上下水道研修プログラム",
                line_start=71,
                line_end=90,
                parties=[_p("東山県", "implementer"), _p("大連市", "partner")],
                fiscal_year="2018",
                sectors=["water"],
                purpose="技術協力",
            ),
        ],
    )


def build_catalog() -> dict[str, Organization]:
    """Import both documents; return organizations by name."""
    resolver = OrganizationResolver(use_gazetteer=False)
    import_document(document_one(), resolver=resolver)
    import_document(document_two(), resolver=resolver)
    orgs = {}
    for name, (_country, lat, lon, code) in PLACES.items():
        org = Organization.objects.get(name=name)
        org.lat, org.lon, org.code = lat, lon, code
        if name in ("北川市",):
            org.parent = Organization.objects.get(name="東山県")
        if code:
            org.resolution = "resolved"
        org.save()
        orgs[name] = org
    return orgs
