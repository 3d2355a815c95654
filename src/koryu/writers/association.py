"""Render records as an association page with delegation tables (format "association-delegations").

The inverse of ``koryu.readers.association``: one network record (the association), event
records (numbered meetings) and delegation records become a Russian page that the reader
parses back to the same values. Sentences are templates of this module; descriptions are
not copied, since the reader derives the association's facts from fixed sentence shapes.
"""

from __future__ import annotations

from koryu.records import Party, Record

_COUNTRY_GENITIVE = {"JP": "Японии", "RU": "России", "CN": "Китая", "KR": "Кореи", "MN": "Монголии"}
_MONTHS = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
)
_TABLE_INTRO = {
    "youth": "Обмены молодёжными группами:",
    "staff": "Поездки сотрудников администраций городов - членов Ассоциации:",
    None: "Делегации:",
}


def _ru_date(iso: str) -> tuple[int, int, int]:
    year, month, day = (int(x) for x in iso.split("-"))
    return day, month, year


def format_period(start: str | None, end: str | None, raw: str = "") -> str:
    """``1995-07-28``, ``1995-08-03`` -> ``28 июля-3 августа 1995 г.``; the raw text otherwise."""
    if not start or len(start) != 10:
        return raw
    d1, m1, y1 = _ru_date(start)
    if not end or len(end) != 10 or end == start:
        return f"{d1} {_MONTHS[m1 - 1]} {y1} г."
    d2, m2, y2 = _ru_date(end)
    if y1 != y2:
        return f"{d1} {_MONTHS[m1 - 1]} {y1} г.-{d2} {_MONTHS[m2 - 1]} {y2} г."
    if m1 != m2:
        return f"{d1} {_MONTHS[m1 - 1]}-{d2} {_MONTHS[m2 - 1]} {y1} г."
    return f"{d1}-{d2} {_MONTHS[m1 - 1]} {y1} г."


def _instrumental(name: str) -> str:
    return name.replace("Ассоциация", "Ассоциацией", 1)


def _party(p: Party, secretariat: str | None) -> str:
    if p.name == secretariat and p.note.lower().startswith(("секретариат", "из секретариата")):
        return f"из Секретариата ({p.count} чел.)" if p.count else f"Секретариат ({p.name})"
    inner = []
    if p.count is not None:
        inner.append(f"{p.count} чел.")
    if p.accompanying is not None:
        inner.append(f"взрослые сопровождающие-{p.accompanying} чел.")
    return f"{p.name} ({', '.join(inner)})" if inner else p.name


def _participants(record: Record, secretariat: str | None) -> str:
    senders = [p for p in record.parties if p.role == "sender"]
    countries = {p.country for p in senders if p.country}
    prefix = ""
    if len(countries) == 1 and (country := countries.pop()) in _COUNTRY_GENITIVE:
        prefix = f"Из {_COUNTRY_GENITIVE[country]} "
    purpose, note = record.purpose, ""
    broken_down = [p for p in senders if p.note.startswith("(")]
    if broken_down and len(senders) == 1:
        # a group described in words: "<purpose> из г. <city> (<breakdown>)"
        p = broken_down[0]
        text = f"{prefix}{purpose} из г. {p.name} {p.note}".strip()
        purpose = ""
    else:
        text = prefix + ", ".join(_party(p, secretariat) for p in senders)
    per_party = sum(p.accompanying or 0 for p in senders)
    if record.accompanying_count and record.accompanying_count != per_party:
        text += f", а также взрослые сопровождающие - {record.accompanying_count} чел."
    if purpose:
        note = f" *{purpose}"
    return f"{text}{note}"


def _intro(network: Record, chair: Party | None, secretariat: Party | None) -> str:
    """When the association was formed, its chair and its secretariat."""
    intro = f"В {network.date or ''} г. была образована {network.title}."
    if network.date is None:
        intro = f"Сообщаем, что была образована {network.title}."
    if chair:
        intro += f" Её председателем является мэр г. {chair.name}."
    if secretariat:
        office = secretariat.note or "международный отдел муниципалитета"
        intro += f" Функции секретариата выполняет {office} г. {secretariat.name}."
    return intro


def _delegation_lines(records: list[Record], secretariat_name: str | None) -> list[str]:
    """The delegations, one table for each kind (the record's ``table``)."""
    tables: dict[str | None, list[Record]] = {}
    for r in records:
        if r.kind == "delegation":
            tables.setdefault(r.extra.get("table"), []).append(r)
    lines = []
    for kind, rows in tables.items():
        lines.append(_TABLE_INTRO.get(kind, _TABLE_INTRO[None]))
        lines.append("Период пребывания | Посещённые города | Города-участники |")
        lines.append("---|---|---|")
        for r in rows:
            period = format_period(r.date_start, r.date_end, r.date_raw)
            visited = ", ".join(p.name for p in r.parties if p.role == "visited")
            lines.append(f"{period} | {visited} | {_participants(r, secretariat_name)} |")
    return lines


def _meeting_lines(records: list[Record]) -> list[str]:
    """The numbered mayors' meetings with a date."""
    return [
        f"{event.extra['numeral']} Встреча мэров прошла в г. {event.place} в {event.date} году."
        for event in records
        if event.kind == "event" and event.extra.get("numeral") and event.date
    ]


def render(records: list[Record]) -> str:
    """One page: the association (first network record), its meetings and delegation tables."""
    network = next((r for r in records if r.kind == "network"), None)
    if network is None:
        raise ValueError("an association page needs a network record")
    role = {p.role: p for p in network.parties}
    chair, secretariat, partner = role.get("chair"), role.get("secretariat"), role.get("partner")
    lines = [_intro(network, chair, secretariat)]
    series = network.extra.get("meeting_series")
    interval = network.extra.get("meeting_interval_years")
    if partner and series:
        every = f"раз в {interval} года " if interval else ""
        lines.append(f"Совместно с {_instrumental(partner.name)} - {every}проводится {series}.")
    lines += _delegation_lines(records, secretariat.name if secretariat else None)
    lines += _meeting_lines(records)
    return "\n".join(lines) + "\n"
