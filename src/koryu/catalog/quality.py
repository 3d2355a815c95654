"""Data-quality findings across the corpus: what `koryu check` and /quality report.

Three families: what readers noticed inside one document (index title differs from the
card, a malformed numeral...), disagreements between records (the same ties dated
differently), and names the gazetteer could not place or could place several ways.
Every finding carries the sources it comes from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch

from koryu.catalog.models import Organization, Party, Record, Source


@dataclass
class Issue:
    code: str
    message: str
    severity: str = "warning"  # info | warning
    sources: list[dict] = field(default_factory=list)
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def _ref(record: Record, line: int | None = None) -> dict:
    return {
        "document": record.source.name,
        "record_id": record.pk,
        "line_start": line or record.line_start,
        "line_end": line or record.line_end,
    }


def reader_findings() -> list[Issue]:
    """Findings the readers stored with each source document."""
    issues = []
    records_by_key = {
        (r.source_id, r.key): r
        for r in Record.objects.select_related("source").only(
            "id", "key", "review", "source__name", "line_start", "line_end"
        )
    }
    for source in Source.objects.exclude(findings=[]):
        for f in source.findings:
            record = records_by_key.get((source.pk, f.get("record_key")))
            if record is not None and record.review != "published":
                continue  # about a record in the review queue, or rejected: not shown
            ref = (
                _ref(record, f.get("line"))
                if record
                else {
                    "document": source.name,
                    "record_id": None,
                    "line_start": f.get("line"),
                    "line_end": f.get("line"),
                }
            )
            severity = "info" if f.get("code") == "relisted" else "warning"
            issues.append(
                Issue(
                    f.get("code", "finding"),
                    f.get("message", ""),
                    severity,
                    [ref],
                    f.get("detail") or {},
                )
            )
    return issues


def conflicting_dates() -> list[Issue]:
    """The same parties tied by the same kind of agreement, dated differently.

    Two sources of such dates: agreement records themselves, and the earlier affiliation
    a record says it builds on (``builds_on``: "友好都市提携 (昭和55年)")."""
    claims: dict[tuple, list[tuple[str, str, Record]]] = defaultdict(list)
    parties = defaultdict(set)
    for party in (
        Party.objects.published()
        .filter(record__kind="agreement")
        .values_list("record_id", "organization_id")
    ):
        parties[party[0]].add(party[1])
    # A source's findings can be a large JSON list (thousands for a big CSV): decoding it
    # once per joined record exhausted memory, and only the source's name is needed here.
    agreements = Record.objects.published().filter(kind="agreement").select_related("source")
    for record in agreements.defer("source__findings"):
        orgs = tuple(sorted(parties.get(record.pk, ())))
        if len(orgs) < 2:
            continue
        if record.builds_on and record.builds_on.get("date"):
            kind = record.builds_on.get("agreement_type") or "affiliation"
            claims[(orgs, kind)].append(
                (record.builds_on["date"][:4], record.builds_on.get("date_raw", ""), record)
            )
    issues = []
    for (_orgs, kind), found in claims.items():
        years = {year for year, _, _ in found}
        if len(years) > 1:
            names = sorted({r.title for _, _, r in found})
            issues.append(
                Issue(
                    "conflicting-dates",
                    f"{kind} between the same parties dated {', '.join(sorted(years))} "
                    f"in different records",
                    sources=[_ref(r) for _, _, r in found],
                    detail={"dates": sorted({(y, raw) for y, raw, _ in found}), "titles": names},
                )
            )
    return issues


def unplaced_names() -> list[Issue]:
    issues = []
    orgs = (
        Organization.objects.filter(resolution__in=["ambiguous", "unresolved"])
        .filter(parties__record__review="published")
        .distinct()
    )
    shown = Prefetch("parties", queryset=Party.objects.published().select_related("record__source"))
    for org in orgs.prefetch_related(shown):
        refs = [_ref(p.record) for p in list(org.parties.all())[:20]]
        if org.resolution == "ambiguous":
            message = f"{org.name}: ambiguous name, {len(org.candidates)} candidate places"
        else:
            message = f"{org.name}: not found in the gazetteer"
        issues.append(
            Issue(
                f"{org.resolution}-name",
                message,
                "warning" if org.resolution == "ambiguous" else "info",
                refs,
                {"organization_id": org.pk, "candidates": org.candidates},
            )
        )
    return issues


def find_issues() -> list[Issue]:
    return reader_findings() + conflicting_dates() + unplaced_names()
