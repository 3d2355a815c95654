"""Data quality: the findings of koryu.catalog.quality (what `koryu check` lists) as
/quality and /api/v1/quality show them: findings with their document and line, and the
organizations without a certain place. Cached until the data changes."""

from __future__ import annotations

from collections import Counter
from typing import Any

from koryu.catalog.models import Organization
from koryu.catalog.quality import UNPLACED_CODES, Issue, find_issues
from koryu.catalog.queries.cache import cached
from koryu.catalog.queries.records import org_summary


def quality_findings(limit: int = 1000) -> dict[str, Any]:
    """What needs a human look: reader findings, conflicting dates and likely duplicates
    (each with its document and line), and organizations the gazetteer could not place or
    could not choose for, each with where it was first seen. ``limit`` items per list;
    the totals and counts cover them all."""
    issues = cached("quality", "issues", lambda: [i.to_dict() for i in find_issues()])
    findings = [_finding(i) for i in issues if i["code"] not in UNPLACED_CODES]
    unplaced = [i for i in issues if i["code"] in UNPLACED_CODES]
    return {
        "findings": findings[:limit],
        "findings_total": len(findings),
        "organizations": _organizations(unplaced[:limit]),
        "organizations_total": len(unplaced),
        "counts": {
            "by_code": dict(sorted(Counter(f["code"] for f in findings).items())),
            "by_resolution": dict(Counter(i["code"].removesuffix("-name") for i in unplaced)),
        },
    }


def _finding(issue: dict[str, Any]) -> dict[str, Any]:
    first = issue["sources"][0] if issue["sources"] else {}
    return {
        "code": issue["code"],
        "message": issue["message"],
        "severity": issue["severity"],
        "document": first.get("document"),
        "line": first.get("line_start"),
        "record_id": first.get("record_id"),
        "sources": issue["sources"],
        "detail": issue["detail"],
    }


def _organizations(unplaced: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [i["detail"]["organization_id"] for i in unplaced]
    orgs = Organization.objects.in_bulk(ids)
    out = []
    for issue in unplaced:
        org = orgs.get(issue["detail"]["organization_id"])
        if org is None:
            continue
        first = issue["sources"][0] if issue["sources"] else {}
        out.append(
            {
                **org_summary(org),
                "resolution": org.resolution,
                "candidates": org.candidates,
                "as_written": issue["detail"].get("as_written"),
                "document": first.get("document"),
                "line": first.get("line_start"),
                "record_id": first.get("record_id"),
            }
        )
    return out


__all__ = ["Issue", "quality_findings"]
