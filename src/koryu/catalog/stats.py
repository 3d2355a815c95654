"""Counts by kind, partner country and year: the numbers behind `koryu stats` and /stats."""

from __future__ import annotations

from django.db.models import Count

from koryu.catalog.models import Organization, Party, Record, Source


def compute_stats(records=None) -> dict:
    qs = records if records is not None else Record.objects.published()
    by_kind = dict(qs.values_list("kind").annotate(n=Count("id")).order_by("kind"))
    # A record counts once per country among its parties.
    by_country = dict(
        Party.objects.filter(record__in=qs)
        .exclude(organization__country="")
        .values_list("organization__country")
        .annotate(n=Count("record", distinct=True))
        .order_by("-n", "organization__country")
    )
    by_year = {
        str(y): n
        for y, n in qs.exclude(year=None)
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by("year")
    }
    by_type = dict(
        qs.exclude(agreement_type="")
        .values_list("agreement_type")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return {
        "records": qs.count(),
        "sources": Source.objects.count(),
        "organizations": Organization.objects.count(),
        "by_kind": by_kind,
        "by_country": by_country,
        "by_year": by_year,
        "by_agreement_type": by_type,
    }
