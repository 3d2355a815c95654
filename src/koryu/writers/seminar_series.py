"""Render event records back into the seminar-series format (see readers.seminar_series).

The page header (title, organizers) comes from the records: the edition that carries
``extra["page_title"]`` (else the series name), and the organizers of an edition without a
report.
"""

from __future__ import annotations

from koryu.records import Record

_LABELS = {"organizer": "主催", "co_organizer": "共催", "supporter": "後援"}
_LABELS_ZH = {"organizer": "主办单位", "co_organizer": "协办单位"}


def _names(record: Record, role: str) -> str:
    return "、".join(p.name for p in record.parties if p.role == role)


def render(records: list[Record]) -> str:
    events = [r for r in records if r.kind == "event"]
    if not events:
        return ""
    titled = next((r for r in events if "page_title" in r.extra), None)
    generic = next((r for r in events if "report_title" not in r.extra), events[0])
    series = next((r.series for r in events if r.series), "")
    # a page whose title names no edition is written back without one
    lines = ["", titled.extra["page_title"] if titled else series, ""]
    for role, label in _LABELS.items():
        if names := _names(generic, role):
            lines.append(f"{label}：{names}")
    zh = generic.extra.get("organizers_zh", {})
    if zh:
        lines.append("")
        lines += [f"{_LABELS_ZH[role]}：{'、'.join(names)}" for role, names in zh.items()]
    lines += ["", series, "", generic.description, "", "開催地及びテーマ", ""]
    lines.append("開催\t年度\t開催地\tテーマ")
    for event in events:
        edition = f"第{event.edition}回" if event.edition is not None else ""
        theme = event.extra.get("theme_raw", event.theme)
        place = event.extra.get("place_raw", event.place)
        lines.append(f"{edition}\t{event.fiscal_year_raw}\t{place}\t{theme}")
    for event in events:
        if "report_title" in event.extra:
            lines += ["", event.extra["report_title"], "", *_report(event)]
    return "\n".join(lines) + "\n"


def _report(event: Record) -> list[str]:
    rows = [("項目", "内容")]
    if event.date_raw or event.programme:
        days = " ".join(
            f"{int(day['date'][-2:])}日 {'、'.join(day['items'])}" for day in event.programme
        )
        rows.append(("日程", f"{event.date_raw} {days}".strip()))
    if "report_place" in event.extra:
        rows.append(("開催都市", event.extra["report_place"]))
    if event.theme or event.subthemes:
        subthemes = " ".join(
            f"サブテーマ{chr(0x2460 + i)}：{s}" for i, s in enumerate(event.subthemes)
        )
        rows.append(("テーマ", f"{event.theme} {subthemes}".strip()))
    for role, label in _LABELS.items():
        if names := _names(event, role):
            rows.append((label, "、".join(names.split("、"))))
    if "participants_raw" in event.extra:
        rows.append(("参加者", event.extra["participants_raw"]))
    rows += list(event.extra.get("report", {}).items())
    return [f"{key}\t{value}" for key, value in rows]
