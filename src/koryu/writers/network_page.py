"""Render records as a multi-city diplomacy page (format "network-page").

The inverse of ``koryu.readers.network_page``: networks and events become a summary list
repeated as detail sections, programs a list under a heading announcing projects, and
networks with a member list an item with ``(1)概要`` / ``(2)会員都市`` parts. Facts the
reader takes from sentences (founding, founders, joining, secretariat, status) are written
as template sentences ahead of the record's own description.
"""

from __future__ import annotations

import re

from koryu.records import Party, Record

_BODY = re.compile(r"[都道府県市区町村]$")
_NETWORK_CUE = re.compile(r"ネットワーク|Network|プラットフォーム|加盟|設立|会員都市|立ち上げ")
_DEFAULT_SECTION = "多都市間の協力事業"


def format_date(iso: str | None) -> str:
    """``2017-12-12`` -> ``2017年12月12日``; ``2001`` -> ``2001年``."""
    if not iso:
        return ""
    parts = [int(x) for x in iso.split("-")]
    return "".join(f"{n}{unit}" for n, unit in zip(parts, ("年", "月", "日"), strict=False))


def _listed_members(record: Record) -> list[Party]:
    return [p for p in record.parties if p.role == "member" and not p.date_start]


def _founding_sentences(record: Record) -> list[str]:
    """Who set the network up, and when: a local government "launched" it, other founders
    "established" it."""
    founders = [p for p in record.parties if p.role == "founder"]
    bodies = [p for p in founders if _BODY.search(p.name)]
    others = [p for p in founders if not _BODY.search(p.name)]
    when = format_date(record.date)
    sentences = [f"{p.name}は、{when}{record.title}を立ち上げました。" for p in bodies]
    if others:
        names = "及び".join(p.name for p in others)
        sentences.append(f"{when}、{names}により設立された都市のネットワークです。")
    elif not bodies and when:
        sentences.append(f"{when}に設立されました。")
    return sentences


_ROLE_SENTENCES = {
    "partner": "{name}との連携の下で活動しています。",
    "secretariat": "{name}が幹事都市を務めています。",
}
_STATUS_SENTENCES = {"suspended": "現在は活動を休止しています。", "ended": "活動を終了しました。"}


def _party_sentence(p: Party) -> str | None:
    """A member's joining, a partner, the secretariat; None for the other parties."""
    if p.role == "member" and p.date_start:
        return f"{p.name}は{format_date(p.date_start)}に加盟しました。"
    template = _ROLE_SENTENCES.get(p.role)
    return template.format(name=p.name) if template else None


def _network_text(record: Record) -> str:
    sentences = _founding_sentences(record)
    sentences += [s for s in map(_party_sentence, record.parties) if s is not None]
    if record.status in _STATUS_SENTENCES:
        sentences.append(_STATUS_SENTENCES[record.status])
    text = "".join(sentences)
    if not _NETWORK_CUE.search(text + record.title + record.description):
        text += "都市間のネットワークです。"
    return "\n".join(x for x in (text, record.description) if x)


def _event_text(record: Record) -> str:
    organizers = [p.name for p in record.parties if p.role == "organizer"]
    when = format_date(record.date)
    who = "及び".join(organizers)
    head = f"{who}は、" if who else ""
    sentence = f"{head}{when + 'に' if when else ''}{record.title}を開催しました。"
    aliases = record.extra.get("aliases") or []
    if aliases:
        inner = record.title + (f"、略称:{aliases[1]}" if len(aliases) > 1 else "")
        sentence += f"「{aliases[0]}」({inner})は会議の名称です。"
    if record.description:
        return f"{sentence}\n{record.description}"
    return sentence


def _item_lines(items: list[tuple[str, str]]) -> list[str]:
    """A compact summary list, then the same items as spaced detail sections."""
    lines = []
    for title, text in items:
        lines += [title, *text.split("\n")]
    lines.append("")
    for title, text in items:
        lines += [title, "", *text.split("\n"), ""]
    return lines


def _program_lines(programs: list[Record]) -> list[str]:
    """Programs by section: a heading, who runs them, then the items."""
    sections: dict[str, list[Record]] = {}
    for r in programs:
        sections.setdefault(r.extra.get("section") or _DEFAULT_SECTION, []).append(r)
    lines: list[str] = []
    for heading, rows in sections.items():
        implementers = {p.name for r in rows for p in r.parties if p.role == "implementer"}
        who = f"{sorted(implementers)[0]}は、" if implementers else ""
        lines += [heading, "", f"{who}次の事業を推進しています。", ""]
        lines += _item_lines([(r.title, r.description or r.title) for r in rows])
    return lines


def _member_list_lines(listed: list[Record]) -> list[str]:
    """Networks with a member list: (1)概要 and (2)会員都市 parts under a heading."""
    lines = ["これまでの取組と成果", ""]
    for r in listed:
        members = _listed_members(r)
        lines += [r.title, "", "(1)概要", "", *_network_text(r).split("\n"), ""]
        names = "、".join(p.name for p in members)
        lines += ["(2)会員都市", "", f"{names}(計{len(members)}都市)", ""]
    return lines


def render(records: list[Record], page_title: str = "多都市間の都市外交") -> str:
    lines = [page_title, "", "更新日", "", "お知らせ", ""]
    listed = [r for r in records if r.kind == "network" and _listed_members(r)]
    summary = [
        (r.title, _network_text(r) if r.kind == "network" else _event_text(r))
        for r in records
        if (r.kind == "network" and r not in listed) or r.kind == "event"
    ]
    if summary:
        lines += _item_lines(summary)
    lines += _program_lines([r for r in records if r.kind == "program"])
    if listed:
        lines += _member_list_lines(listed)
    lines.append("記事ID:000-000-00000000-000000")
    return "\n".join(lines) + "\n"
