"""Render agreement records as a CLAIR case-card document (index, then one card each).

The output reads back with ``koryu.readers.case_cards.parse`` into the same field values;
round-trip tests and benchmarks use it to make documents of any size.
"""

from __future__ import annotations

from koryu.normalize.dates import to_wareki
from koryu.records import Contact, Record

__all__ = ["render"]

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_MARKS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _number(record: Record, position: int) -> int:
    n = record.extra.get("card_number")
    return n if isinstance(n, int) else position


def _names(record: Record, role: str) -> str:
    return "、".join(p.name for p in record.parties if p.role == role)


def _date_raw(record: Record) -> str:
    if record.date_raw:
        return record.date_raw
    if record.date:
        return to_wareki(record.date, western=True)
    return "--"


def _prose(text: str) -> list[str]:
    return text.split("\n") if text else ["--"]


def _contact_lines(contacts: list[Contact]) -> list[str]:
    if not contacts:
        return ["担当部署名\t--\t\t", "電話番号\t\t電子メール\t"]
    shared = all(
        (c.phones, c.faxes, c.emails) == (contacts[0].phones, contacts[0].faxes, contacts[0].emails)
        for c in contacts
    )
    departments = [
        (f"{c.organization} " if c.organization else "") + c.department for c in contacts
    ]
    if shared:
        first = contacts[0]
        lines = [f"担当部署名\t{departments[0]}\t\t"]
        lines += [f"\t{d}\t\t" for d in departments[1:]]
        lines.append(f"電話番号\t{' '.join(first.phones)}\t電子メール\t{' '.join(first.emails)}")
        if first.faxes:
            lines.append(f"FAX\t{' '.join(first.faxes)}\t\t")
        return lines

    def marked(values: list[list[str]]) -> str:
        return " ".join(f"{_MARKS[i]} {' '.join(v)}" for i, v in enumerate(values) if v)

    lines = [
        "担当部署名\t" + "、".join(f"{_MARKS[i]} {d}" for i, d in enumerate(departments)) + "\t\t"
    ]
    lines.append(
        f"電話番号\t{marked([c.phones for c in contacts])}\t"
        f"電子メール\t{marked([c.emails for c in contacts])}"
    )
    if any(c.faxes for c in contacts):
        lines.append(f"FAX\t{marked([c.faxes for c in contacts])}\t\t")
    return lines


def render(records: list[Record]) -> str:
    """A case-card document holding ``records`` (agreements), index first."""
    numbered = [(_number(r, i), r) for i, r in enumerate(records, 1)]
    theme = next((r.theme for r in records if r.theme), "")
    heading = f"{_CIRCLED[0]}{theme}" if theme else ""
    out: list[str] = ["", "調査結果", ""]
    if heading:
        out += [heading, ""]
    for n, r in numbered:
        index_title = r.extra.get("index_title") or r.title
        relisted = " 【再掲】" if r.relisted else ""
        written = r.extra.get("index_parties") or {}
        foreign = written.get("foreign") or _names(r, "foreign_party")
        japanese = written.get("japanese") or _names(r, "japanese_party")
        out.append(f"{n}. {foreign}－{japanese} 「{index_title}」{relisted}\t{n}")
    out.append("")
    if heading:
        out += [heading, ""]
    for n, r in numbered:
        out += [f"{n}. {r.title}{'【再掲】' if r.relisted else ''}", ""]
        out += ["(1) 自治体名", ""]
        out.append(f"日本の自治体\t{_names(r, 'japanese_party')}")
        out += [f"海外の自治体\t{_names(r, 'foreign_party')}", ""]
        out += ["(2) 提携年月日", "", _date_raw(r), ""]
        out += ["(3) 提携に至った経緯", "", *_prose(r.background), ""]
        out += ["(4) 提携後の取組内容", "", *_prose(r.activities), ""]
        out += ["(5) 取組による成果・課題等", "", *_prose(r.outcomes), ""]
        out += ["(6) 取組を紹介しているホームページのURL", "", *(r.urls or ["--"]), ""]
        out += ["(7) 問い合わせ先（担当課）", "", *_contact_lines(r.contacts), ""]
    return "\n".join(out)
