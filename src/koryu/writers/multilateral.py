"""Render program records back into the multilateral-cases format (see readers.multilateral).

Network records are skipped: the reader derives them from their case. Fields that the
reader splits into parties keep their wording in ``extra["<field>_raw"]``; records built
by hand without it are written from their parties.
"""

from __future__ import annotations

from koryu.records import Record

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SECTION_TITLES = {"conference": "会議形式の交流", "people_exchange": "人的交流"}


def _value(label: str, text: str) -> list[str]:
    lines = text.split("\n") if text else [""]
    return [f"{label} {lines[0]}".rstrip(), *lines[1:]]


def _names(record: Record, role: str, japanese: bool | None = None) -> str:
    return "、".join(
        p.name
        for p in record.parties
        if p.role == role and (japanese is None or (p.country == "JP") == japanese)
    )


def render_case(record: Record) -> list[str]:
    extra = record.extra
    title = record.title
    if extra.get("subtitle"):
        title += f"\n({extra['subtitle']})"
    details = extra.get("details_raw")
    if details is None:
        details = "\n".join(record.urls)
    return [
        *_value("情報提供自治体名", extra.get("provider_raw", _names(record, "implementer", True))),
        *_value("実施年度", record.fiscal_year_raw),
        *_value("事業名(活動名称)", title),
        *_value("団体名", extra.get("body_raw", _names(record, "implementer", False))),
        *_value("交流の相手方", extra.get("partners_raw", _names(record, "partner"))),
        *_value("現在の取組内容及び成果", record.activities),
        *_value("詳細情報", details),
    ]


def render(records: list[Record]) -> str:
    lines: list[str] = []
    section: object = object()
    sections = 0
    for record in records:
        if record.kind != "program":
            continue
        extra = record.extra
        title = extra.get("section_title") or _SECTION_TITLES.get(extra.get("section") or "", "")
        if title != section:
            section = title
            if title:
                lines += ["", f"{_CIRCLED[sections % len(_CIRCLED)]}{title}", "", ""]
                sections += 1
        lines += render_case(record)
    return "\n".join(lines) + "\n"
