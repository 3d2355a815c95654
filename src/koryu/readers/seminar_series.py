"""A seminar series page: every edition in a history table, one edition reported in full.

The page holds, in this order (chrome and photo captions around them are ignored):

- a title line, ``第16回<series>/<the same in Chinese>``, and organizer lines
  (``主催：`` / ``共催：``, and the Chinese ``主办单位：`` / ``协办单位：``);
- a heading with the series name, then a paragraph describing the series;
- a tab-separated history table whose header names the columns (開催 or 回, 年度,
  開催地, テーマ): ``第1回<TAB>2002年度<TAB>南寧市 (広西チワン族自治区)<TAB>なし``;
- optionally a report on one edition (``2017年度セミナー開催報告``): a 項目/内容 table with
  日程 (a date range, then ``26日 item、item 27日 ...``), 開催都市, テーマ (with
  ``サブテーマ①：...``), 主催, 共催, 後援 and 参加者 (``...165人(日方73人、中方92人)``).

Each history row becomes an ``event`` record; the report enriches the edition it names
(by fiscal year or edition number, never by position) and its organizers replace the
page's generic ones for that edition.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from koryu.normalize.dates import parse_date_range, parse_fiscal_year
from koryu.normalize.text import is_placeholder
from koryu.readers.base import ReaderError
from koryu.readers.completeness import cut_reason, last_content_line, quote
from koryu.records import Finding, Party, Record

FORMAT = "seminar-series"
LANGUAGE = "ja"
SPECIFIC = True  # records are published directly

_SPACE = " \t\u3000\u00a0"
_EDITION = re.compile(r"第\s*(?P<n>\d+)\s*回")
_FISCAL = re.compile(r"(?P<y>\d{4})\s*年度")
_ORGANIZER_LINE = re.compile(
    r"^[ \u3000]*(?P<label>主催|共催|後援|主办单位|协办单位|承办单位|支持单位)[ \u3000]*[:：][ \u3000]*(?P<value>.+)$"
)
_ROLE = {
    "主催": "organizer",
    "共催": "co_organizer",
    "後援": "supporter",
    "主办单位": "organizer",
    "协办单位": "co_organizer",
    "承办单位": "co_organizer",
    "支持单位": "supporter",
}
_CHINESE_LABELS = ("主办单位", "协办单位", "承办单位", "支持单位")
_REPORT_HEADING = re.compile(r"^[ \u3000]*(?P<title>\S.*?(?:開催報告|報告))[ \u3000]*$")
# A province, autonomous region, Korean 道, Japanese 県/府/道 or a 州 before the city; both
# parts need two characters at least, so 広州市 and 杭州市 stay whole.
_REGION = re.compile(r"^(?P<region>.{2,}?(?:省|自治区|特別行政区|道|県|府|州))(?P<city>.{2,})$")
_CANCELLED = re.compile(r"^(?:中止|延期|開催中止|取りやめ|取止め)$")
_PLACE_NOTE = re.compile(r"^(?P<city>.+?)[ \u3000]*[(（](?P<region>[^()（）]+)[)）]$")
_DAY = re.compile(r"(?:^|[ \u3000])(?P<day>\d{1,2})日[ \u3000]+")
_SUBTHEME = re.compile(r"サブテーマ[①-⑳\d]*[ \u3000]*[:：]?[ \u3000]*")
_COUNT = re.compile(r"(?P<n>\d[\d,]*)\s*人")
_SIDE = re.compile(r"(?P<side>[^\d、,()（）\s]+?)\s*(?P<n>\d[\d,]*)\s*人")


def _split_names(value: str) -> list[str]:
    """Split ``a、b, c`` outside brackets: ``遼寧省外事(僑務)弁公室`` stays whole."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif ch in "、,，" and depth == 0:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return [p.strip(_SPACE) for p in parts if p.strip(_SPACE)]


def _cells(line: str) -> list[str]:
    return [c.strip(_SPACE) for c in line.split("\t")]


@dataclass
class _Page:
    title: str = ""
    title_line: int = 0
    series: str = ""
    description: str = ""
    organizers: list[Party] = field(default_factory=list)
    organizers_zh: dict[str, list[str]] = field(default_factory=dict)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    columns: int = 0  # cells in the history table's header
    report_title: str = ""
    report_start: int = 0
    report_end: int = 0
    report: dict[str, str] = field(default_factory=dict)


def _column(header: str) -> str | None:
    if "テーマ" in header:
        return "theme"
    if "年度" in header or header == "年":
        return "year"
    if "開催地" in header or "都市" in header or "場所" in header:
        return "place"
    if header in ("開催", "回", "開催回") or "回" in header:
        return "edition"
    return None


def _history_header_at(lines: list[str]) -> int | None:
    """The line of the history table's header: tab-separated, naming edition, year, place."""
    return next(
        (
            i
            for i, line in enumerate(lines)
            if "\t" in line
            and {"place", "year"} <= {_column(c) for c in _cells(line)}
            and "edition" in {_column(c) for c in _cells(line)}
        ),
        None,
    )


def _read_organizer(page: _Page, label: str, value: str) -> None:
    if label in _CHINESE_LABELS:
        page.organizers_zh.setdefault(_ROLE[label], []).extend(_split_names(value))
    else:
        page.organizers.extend(Party(name=n, role=_ROLE[label]) for n in _split_names(value))


def _read_header(page: _Page, lines: list[str]) -> None:
    """The header: title, organizers, series heading and description (all the lines
    before the first table)."""
    for i, line in enumerate(lines):
        text = line.strip(_SPACE)
        if not text:
            continue
        organizer = _ORGANIZER_LINE.match(line)
        if organizer:
            _read_organizer(page, organizer.group("label"), organizer.group("value").strip(_SPACE))
        elif not page.title:
            page.title, page.title_line = text, i + 1
        elif not page.series and _series_of(page.title) and text == _series_of(page.title):
            page.series = text
        elif page.series and not page.description and len(text) > 40:
            page.description = text
    if not page.series:
        page.series = _series_of(page.title)


def _read_history(page: _Page, lines: list[str], header_at: int, findings: list[Finding]) -> None:
    """The history table's rows, up to the first blank line, by the header's columns."""
    columns = [_column(c) for c in _cells(lines[header_at])]
    page.columns = len(columns)
    for i in range(header_at + 1, len(lines)):
        line = lines[i]
        if not line.strip(_SPACE):
            break
        cells = _cells(line)
        if len(cells) != len(columns):
            findings.append(
                Finding(
                    code="row-cells",
                    message=f"history row has {len(cells)} cells, the header {len(columns)}",
                    line=i + 1,
                )
            )
        row = {col: cell for col, cell in zip(columns, cells, strict=False) if col}
        page.rows.append((i + 1, row))


def _read_report(page: _Page, lines: list[str], report_at: int) -> None:
    """The report's 項目/内容 table under its heading, up to the blank line after it."""
    page.report_title = lines[report_at].strip(_SPACE)
    page.report_start = report_at + 1
    started = False
    for i in range(report_at + 1, len(lines)):
        cells = _cells(lines[i])
        if len(cells) < 2:
            if started and not lines[i].strip(_SPACE):
                break  # the photo captions after the table are not data
            continue
        started = True
        key, value = cells[0], " ".join(cells[1:]).strip(_SPACE)
        page.report_end = i + 1
        if key in ("項目",) and value == "内容":
            continue
        page.report[key] = value


def _read_page(lines: list[str], name: str, findings: list[Finding]) -> _Page:
    page = _Page()
    header_at = _history_header_at(lines)
    report_at = next(
        (i for i, line in enumerate(lines) if _REPORT_HEADING.match(line) and "\t" not in line),
        None,
    )
    first_table = min(i for i in (header_at, report_at, len(lines)) if i is not None)
    _read_header(page, lines[:first_table])
    if header_at is not None:
        _read_history(page, lines, header_at, findings)
    if report_at is not None:
        _read_report(page, lines, report_at)
    if not page.rows and not page.report:
        raise ReaderError(
            name, None, "no history table (開催/年度/開催地/テーマ) and no event report found"
        )
    return page


def _series_of(title: str) -> str:
    """第16回日中地域間交流推進セミナー/第十六届... -> 日中地域間交流推進セミナー"""
    japanese = re.split(r"[/／]", title, maxsplit=1)[0]
    return _EDITION.sub("", japanese, count=1).strip(_SPACE)


def _place(raw: str) -> tuple[str, str]:
    """(city, region) from "南寧市 (広西チワン族自治区)" or "遼寧省瀋陽市"."""
    m = _PLACE_NOTE.match(raw)
    if m:
        return m.group("city").strip(_SPACE), m.group("region").strip(_SPACE)
    m = _REGION.match(raw)
    if m and m.group("city").endswith(("市", "県", "区", "州")):
        return m.group("city"), m.group("region")
    return raw, ""


def _programme(schedule: str, start: str | None) -> tuple[str, list[dict]]:
    """Split "<range> 26日 a、b 27日 c" into the range wording and per-day items."""
    if not start or start.count("-") < 2:  # a day-by-day programme needs a full date
        return schedule, []
    year, month, first_day = (int(x) for x in start.split("-")[:3])
    days = list(_DAY.finditer(schedule))
    if not days:
        return schedule, []
    head = schedule[: days[0].start()].strip(_SPACE)
    programme = []
    for m, following in zip(days, [*days[1:], None], strict=False):
        day = int(m.group("day"))
        y, mo = year, month
        if day < first_day:  # the programme ran into the next month
            y, mo = (year + 1, 1) if month == 12 else (year, month + 1)
        body = schedule[m.end() : following.start() if following else len(schedule)]
        items = _split_names(body.strip(_SPACE))
        programme.append({"date": f"{y:04d}-{mo:02d}-{day:02d}", "items": items})
    return head, programme


def _participants(value: str) -> tuple[int | None, dict[str, int]]:
    inner = re.search(r"[(（](?P<inner>[^()（）]*)[)）]", value)
    outside = value[: inner.start()] if inner else value
    total = _COUNT.findall(outside)
    breakdown = (
        {
            m.group("side"): int(m.group("n").replace(",", ""))
            for m in _SIDE.finditer(inner.group("inner"))
        }
        if inner
        else {}
    )
    count = int(total[-1].replace(",", "")) if total else None
    if count is None and breakdown:
        count = sum(breakdown.values())
    return count, breakdown


def _slug(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _event(page: _Page, line: int, row: dict[str, str]) -> Record:
    edition_match = _EDITION.search(row.get("edition", ""))
    edition = int(edition_match.group("n")) if edition_match else None
    year_raw = row.get("year", "")
    place_raw = row.get("place", "")
    theme_raw = row.get("theme", "")
    extra: dict = {"place_raw": place_raw, "theme_raw": theme_raw}
    cancelled = bool(_CANCELLED.match(place_raw.strip(_SPACE)))
    city, region = ("", "") if cancelled else _place(place_raw)
    if cancelled:  # "中止" in the place column: the edition did not take place
        extra["cancelled"] = True
    if region:
        extra["place_region"] = region
    parties = [Party(name=p.name, role=p.role) for p in page.organizers]
    if city:
        parties.append(Party(name=f"{region}{city}", role="host"))
    ident = str(edition) if edition is not None else f"fy{parse_fiscal_year(year_raw) or line}"
    return Record(
        kind="event",
        key=f"event:{_slug(page.series)}:{ident}",
        title=f"第{edition}回{page.series}" if edition is not None else page.series,
        line_start=line,
        line_end=line,
        parties=parties,
        fiscal_year=parse_fiscal_year(year_raw) if year_raw else None,
        fiscal_year_raw=year_raw,
        theme="" if is_placeholder(theme_raw) else theme_raw,
        place=city,
        series=page.series or None,
        edition=edition,
        description=page.description,
        extra=extra,
    )


def _apply_report(event: Record, page: _Page) -> None:
    report = dict(page.report)
    extra = event.extra
    extra["report_title"] = page.report_title
    event.line_start = min(event.line_start, page.report_start)
    event.line_end = max(event.line_end, page.report_end)
    schedule = report.pop("日程", "")
    if schedule:
        start, end = parse_date_range(schedule)
        head, programme = _programme(schedule, start)
        event.date_raw = head
        event.date_start, event.date_end = parse_date_range(head) if head else (start, end)
        event.programme = programme
    place = report.pop("開催都市", "")
    if place:
        city, region = _place(place)
        extra["report_place"] = place
        event.place = city
        if region:
            extra["place_region"] = region
        event.parties = [p for p in event.parties if p.role != "host"]
        event.parties.append(Party(name=f"{region}{city}", role="host"))
    theme = report.pop("テーマ", "")
    if theme:
        parts = _SUBTHEME.split(theme)
        event.theme = parts[0].strip(_SPACE)
        event.subthemes = [p.strip(_SPACE) for p in parts[1:] if p.strip(_SPACE)]
    report_parties = [
        Party(name=n, role=_ROLE[label])
        for label in ("主催", "共催", "後援")
        for n in _split_names(report.pop(label, ""))
    ]
    if report_parties:
        hosts = [p for p in event.parties if p.role == "host"]
        event.parties = report_parties + hosts
    participants = report.pop("参加者", "")
    if participants:
        extra["participants_raw"] = participants
        event.participants_count, event.participants_breakdown = _participants(participants)
    if report:
        extra["report"] = report  # rows we have no field for, kept as written


def _report_target(page: _Page) -> tuple[int | None, str | None]:
    edition = _EDITION.search(page.report_title)
    fiscal = _FISCAL.search(page.report_title)
    return (
        int(edition.group("n")) if edition else None,
        fiscal.group("y") if fiscal else None,
    )


def sniff(text: str) -> float:
    lines = text.split("\n")
    score = 0.0
    for i, line in enumerate(lines):
        if "\t" in line and {"place", "year", "edition"} <= {_column(c) for c in _cells(line)}:
            rows = sum(1 for row in lines[i + 1 : i + 6] if _EDITION.match(row.strip(_SPACE)))
            score = max(score, 0.5 + 0.1 * rows)
        elif _REPORT_HEADING.match(line) and "\t" not in line:
            following = "\n".join(lines[i + 1 : i + 12])
            if "日程" in following and ("開催都市" in following or "参加者" in following):
                score = max(score, 0.6)
    return round(min(score, 0.95), 3)


def _check_history_end(page: _Page, lines: list[str], end: int, name: str) -> None:
    """A document ending on a history row: the row must have all its cells, whole."""
    if not (page.rows and page.rows[-1][0] == end):
        return
    cells = _cells(lines[end - 1])
    if len(cells) < page.columns:
        raise ReaderError(
            name,
            end,
            f"truncated: the document ends inside the history table, on a row of "
            f"{len(cells)} of {page.columns} cells ({quote(lines[end - 1])})",
        )
    why = cut_reason(cells[-1])
    if why:
        raise ReaderError(name, end, f"truncated: the last history row stops mid-cell ({why})")


def _check_unterminated_row(page: _Page, lines: list[str], end: int, name: str) -> None:
    last_row = max(page.report_end, page.rows[-1][0] if page.rows else 0)
    if last_row >= end - 1 and end == len(lines):
        # A table that runs to the end of a file without a final line break: a file
        # saved complete ends its last row; one cut short stops wherever the cut fell.
        raise ReaderError(
            name,
            end,
            f"truncated: the document stops inside a table row, without a line break, "
            f"at {quote(lines[end - 1])}",
        )


def _check_report_end(page: _Page, lines: list[str], end: int, name: str) -> None:
    """A document ending on the report's table: its last row must be whole."""
    if page.report and page.report_end == end:
        why = cut_reason(lines[end - 1])
        if why:
            raise ReaderError(name, end, f"truncated: the report stops mid-row ({why})")


def _check_report_table(page: _Page, lines: list[str], end: int, name: str) -> None:
    """A report heading with no table after it, at the end of the document."""
    if page.report_title and not page.report:
        after = [i for i in range(page.report_start, end) if lines[i].strip(_SPACE)]
        if len(after) <= 1:
            raise ReaderError(
                name,
                end,
                f"truncated: the report {page.report_title!r} has no table, the document ends",
            )


def _check_title_edition(page: _Page, end: int, name: str) -> None:
    """A history table that stops, at the end of the document, before the edition the
    title names."""
    title_edition = _EDITION.search(page.title)
    numbered = [n for n in (_EDITION.search(r.get("edition", "")) for _, r in page.rows) if n]
    if title_edition and numbered:
        named, last = int(title_edition.group("n")), max(int(n.group("n")) for n in numbered)
        if last < named and page.rows[-1][0] >= end - 1:
            raise ReaderError(
                name,
                page.rows[-1][0],
                f"truncated: the history table stops at 第{last}回 but the title names "
                f"第{named}回, and the document ends there",
            )


def _check_complete(page: _Page, lines: list[str], name: str) -> None:
    """Refuse a page cut short: inside the history table, or before the edition it names."""
    end = last_content_line(lines)
    _check_history_end(page, lines, end, name)
    _check_report_end(page, lines, end, name)
    _check_unterminated_row(page, lines, end, name)
    _check_report_table(page, lines, end, name)
    _check_title_edition(page, end, name)


def _mark_page_facts(events: list[Record], page: _Page) -> None:
    """The Chinese organizers on every edition, the page title on the edition it names."""
    title_edition = _EDITION.search(page.title)
    if page.organizers_zh or title_edition:
        for event in events:
            if page.organizers_zh:
                event.extra["organizers_zh"] = page.organizers_zh
            if title_edition and event.edition == int(title_edition.group("n")):
                event.extra["page_title"] = page.title


def _attach_report(events: list[Record], page: _Page, findings: list[Finding]) -> None:
    """The report enriches the one edition it names; with none, it is an event of its own."""
    edition, fiscal = _report_target(page)
    matches = [
        e
        for e in events
        if (edition is not None and e.edition == edition)
        or (edition is None and fiscal is not None and e.fiscal_year == fiscal)
    ]
    if len(matches) == 1:
        _apply_report(matches[0], page)
        return
    findings.append(
        Finding(
            code="report-without-edition",
            message=f"report {page.report_title!r} matches {len(matches)} editions of the history",
            line=page.report_start,
        )
    )
    if not matches:  # keep what the report says as an event of its own
        event = _event(
            page,
            page.report_start,
            {
                "edition": f"第{edition}回" if edition else "",
                "year": f"{fiscal}年度" if fiscal else "",
            },
        )
        _apply_report(event, page)
        events.append(event)


def _cancelled_findings(events: list[Record]) -> list[Finding]:
    return [
        Finding(
            code="cancelled-edition",
            message=f"{event.title} is marked {event.extra['place_raw']}",
            line=event.line_start,
        )
        for event in events
        if event.extra.get("cancelled")
    ]


def _deduplicate_keys(events: list[Record], findings: list[Finding]) -> None:
    """An edition listed twice keeps its line in its key."""
    keys: set[str] = set()
    for event in events:
        if event.key in keys:
            findings.append(
                Finding(
                    code="duplicate-edition",
                    message=f"{event.title} listed twice",
                    line=event.line_start,
                )
            )
            event.key = f"{event.key}#{event.line_start}"
        keys.add(event.key)


def parse(text: str, name: str) -> tuple[list[Record], list[Finding]]:
    findings: list[Finding] = []
    lines = text.split("\n")
    page = _read_page(lines, name, findings)
    _check_complete(page, lines, name)
    events = [_event(page, line, row) for line, row in page.rows]
    _mark_page_facts(events, page)
    if page.report:
        _attach_report(events, page, findings)
    findings += _cancelled_findings(events)
    _deduplicate_keys(events, findings)
    return events, findings
