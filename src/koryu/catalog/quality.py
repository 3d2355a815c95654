"""Data-quality findings across the corpus: the one list `koryu check`, /quality and
/api/v1/quality report (koryu.catalog.queries.quality presents it for the pages).

Four families: what readers noticed inside one document (index title differs from the
card, a malformed numeral...), disagreements between records (the same ties dated
differently), names the gazetteer could not place or could place several ways, and
organizations that are likely one body twice (same name and country, or a few km apart
with similar names). Every finding carries the sources it comes from.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch

from koryu.catalog.models import Organization, Party, Record, Source
from koryu.gazetteer.geo import distance_km
from koryu.gazetteer.keys import name_key

# Two organizations this close with names this alike are likely one place twice.
NEAR_KM = 5.0
SIMILAR_NAMES = 0.85
# Same name and country but further apart than this: namesakes, not duplicates.
NAMESAKES_KM = 30.0


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
    """Findings the readers stored with each source document and with each record, once
    each (a finding stored in both places is one)."""
    issues = []
    seen: set[tuple] = set()
    records_by_key = {
        (r.source_id, r.key): r
        for r in Record.objects.select_related("source").only(
            "id", "key", "review", "source__name", "line_start", "line_end"
        )
    }
    for source in Source.objects.exclude(findings=[]).order_by("name"):
        for f in source.findings:
            record = records_by_key.get((source.pk, f.get("record_key")))
            if record is not None and record.review != "published":
                continue  # about a record in the review queue, or rejected: not shown
            ident = (source.pk, f.get("record_key"), f.get("code"), f.get("line"), f.get("message"))
            if ident in seen:
                continue
            seen.add(ident)
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
            issues.append(_reader_issue(f, ref))
    for record in (
        Record.objects.published()
        .exclude(findings=[])
        .select_related("source")
        .only("pk", "key", "findings", "line_start", "line_end", "source__name")
        .order_by("pk")
    ):
        for f in record.findings:
            ident = (record.source_id, record.key, f.get("code"), f.get("line"), f.get("message"))
            if ident not in seen:
                seen.add(ident)
                issues.append(_reader_issue(f, _ref(record, f.get("line"))))
    return issues


def _reader_issue(finding: dict, ref: dict) -> Issue:
    code = finding.get("code") or "finding"
    severity = "info" if code == "relisted" else "warning"
    return Issue(code, finding.get("message", ""), severity, [ref], finding.get("detail") or {})


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


UNPLACED_CODES = ("ambiguous-name", "unresolved-name")


def unplaced_names() -> list[Issue]:
    """Organizations of published records the gazetteer could not place, or could place
    several ways, with where they were seen (and the name as first written)."""
    issues = []
    orgs = (
        Organization.objects.filter(resolution__in=["ambiguous", "unresolved"])
        .filter(parties__record__review="published")
        .distinct()
        .order_by("resolution", "name", "pk")
    )
    shown = Prefetch(
        "parties",
        queryset=Party.objects.published()
        .select_related("record__source")
        .defer("record__source__findings", "record__findings")
        .order_by("record_id"),
    )
    for org in orgs.prefetch_related(shown):
        parties = list(org.parties.all())
        refs = [_ref(p.record) for p in parties[:20]]
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
                {
                    "organization_id": org.pk,
                    "candidates": org.candidates,
                    "as_written": parties[0].name if parties else None,
                },
            )
        )
    return issues


def _duplicate_pair(a: dict, b: dict) -> bool:
    if a["gazetteer_id"] and b["gazetteer_id"]:
        return False  # two gazetteer entries: namesakes the gazetteer tells apart
    if a["lat"] is not None and b["lat"] is not None:
        return distance_km(a["lat"], a["lon"], b["lat"], b["lon"]) <= NAMESAKES_KM
    return True


def likely_duplicates() -> list[Issue]:
    """Organizations that are likely one body made twice: the same normalised name (width,
    case, accents, Unicode variants like Constanţa/Constanța folded) in the same country,
    or within NEAR_KM of each other with similar names. Pairs of two different gazetteer
    entries are namesakes and not reported; neither are same-named places far apart."""
    orgs = list(
        Organization.objects.filter(parties__isnull=False)
        .distinct()
        .values("id", "name", "country", "gazetteer_id", "lat", "lon")
    )
    for o in orgs:
        o["key"] = name_key(o["name"])
    pairs = _same_name_pairs(orgs) | _near_pairs(orgs)
    by_id = {o["id"]: o for o in orgs}
    return [_duplicate_issue(by_id[a], by_id[b]) for a, b in sorted(pairs)]


def _same_name_pairs(orgs: list[dict]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for o in orgs:
        if o["key"]:
            by_name[(o["key"], o["country"])].append(o)
    for group in by_name.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _duplicate_pair(a, b):
                    pairs.add((min(a["id"], b["id"]), max(a["id"], b["id"])))
    return pairs


def _near_pairs(orgs: list[dict]) -> set[tuple[int, int]]:
    """Within NEAR_KM with similar names: a grid of cells about NEAR_KM wide, each compared
    with its neighbours."""
    pairs: set[tuple[int, int]] = set()
    cell = NEAR_KM / 111.0
    grid: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for o in orgs:
        if o["lat"] is not None and o["lon"] is not None:
            grid[(int(o["lat"] // cell), int(o["lon"] // cell))].append(o)
    for (y, x), here in grid.items():
        near = [o for dy in (-1, 0, 1) for dx in (-1, 0, 1) for o in grid.get((y + dy, x + dx), ())]
        for a in here:
            pairs.update((a["id"], b["id"]) for b in near if _near_and_alike(a, b))
    return pairs


def _near_and_alike(a: dict, b: dict) -> bool:
    if a["id"] >= b["id"] or (a["gazetteer_id"] and b["gazetteer_id"]):
        return False
    if distance_km(a["lat"], a["lon"], b["lat"], b["lon"]) > NEAR_KM:
        return False
    return difflib.SequenceMatcher(None, a["key"], b["key"]).ratio() >= SIMILAR_NAMES


def _duplicate_issue(a: dict, b: dict) -> Issue:
    return Issue(
        "likely-duplicate",
        f"{a['name']} ({a['country'] or '?'}, #{a['id']}) and {b['name']} "
        f"({b['country'] or '?'}, #{b['id']}) are likely one organization",
        "info",
        [],
        {
            "organization_ids": [a["id"], b["id"]],
            "gazetteer_ids": [a["gazetteer_id"], b["gazetteer_id"]],
        },
    )


def find_issues() -> list[Issue]:
    """Every finding: what `koryu check` lists and /quality shows."""
    return reader_findings() + conflicting_dates() + unplaced_names() + likely_duplicates()
