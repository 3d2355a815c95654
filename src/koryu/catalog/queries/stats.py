"""Statistics: the one set of numbers behind /stats, /api/v1/stats and `koryu stats`.

A party's country is the one the document gives, else its organization's (as in the
search index, the filters and the exports); "by country" counts partner countries, so
Japan is left out. A party's prefecture comes from its organization's local government
code, named by koryu.search.prefectures (the prefecture facet's names).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce, NullIf

from koryu.catalog.models import Organization, Party, Source
from koryu.catalog.queries.base import Filters, filtered_records
from koryu.catalog.queries.cache import cached
from koryu.records import KINDS
from koryu.search.prefectures import BY_CODE, prefecture_from_code

HOME_COUNTRY = "JP"


def prefecture_name(code: str) -> str:
    """Japanese name of a prefecture from its two-digit JIS code ("01" -> 北海道)."""
    return BY_CODE.get(code.zfill(2), code)


def stats_data(filters: Filters | None = None) -> dict[str, Any]:
    """Chart series, each a list of {label, value}: per year, by partner country, by
    sector, by prefecture (Japanese parties); plus counts by kind and agreement type."""
    filters = filters or Filters()
    return cached("stats", filters.cache_key(), lambda: _stats_data(filters))


def compute_stats() -> dict[str, Any]:
    """What `koryu stats` prints: the numbers of ``stats_data()`` as {label: count}
    mappings, with the sizes of the catalogue."""
    stats = stats_data()
    return {
        "records": stats["total"],
        "sources": Source.objects.count(),
        "organizations": Organization.objects.count(),
        "by_kind": {k: n for k, n in stats["by_kind"].items() if n},
        "by_country": _mapping(stats["by_country"]),
        "by_year": _mapping(stats["per_year"]),
        "by_agreement_type": _mapping(stats["by_agreement_type"]),
        "by_sector": _mapping(stats["by_sector"]),
        "by_prefecture": _mapping(stats["by_prefecture"]),
    }


def _mapping(series: list[dict[str, Any]]) -> dict[str, int]:
    return {row["label"]: row["value"] for row in series}


def _series(pairs: Iterable[tuple[Any, int]]) -> list[dict[str, Any]]:
    return [{"label": str(label), "value": value} for label, value in pairs]


def _ranked(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _stats_data(filters: Filters) -> dict[str, Any]:
    qs = filtered_records(filters)
    by_kind = dict(qs.order_by().values_list("kind").annotate(n=Count("id")))
    per_year = (
        qs.exclude(year=None)
        .order_by()
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    parties = Party.objects.filter(record__in=qs.order_by().values("pk"))
    by_country = (
        parties.annotate(
            stated=Coalesce(NullIf(F("country"), Value("")), F("organization__country"))
        )
        .exclude(stated="")
        .exclude(stated=HOME_COUNTRY)
        .order_by()
        .values_list("stated")
        .annotate(n=Count("record", distinct=True))
        .order_by("-n", "stated")
    )
    sectors: Counter[str] = Counter()
    for row in qs.exclude(sectors=[]).order_by().values_list("sectors", flat=True).iterator(5000):
        sectors.update(set(row or []))
    return {
        "total": sum(by_kind.values()),
        "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
        "per_year": _series(per_year),
        "by_country": _series(by_country),
        "by_sector": _series(_ranked(sectors)),
        "by_prefecture": _series(_ranked(_prefectures(parties))),
        "by_agreement_type": _series(
            qs.exclude(agreement_type="")
            .order_by()
            .values_list("agreement_type")
            .annotate(n=Count("id"))
            .order_by("-n", "agreement_type")
        ),
    }


def _prefectures(parties) -> Counter:
    """Records per prefecture of their Japanese parties (a record once per prefecture)."""
    seen: set[tuple[int, str]] = set()
    for record_id, code in (
        parties.filter(organization__country=HOME_COUNTRY)
        .exclude(organization__code="")
        .order_by()
        .values_list("record_id", "organization__code")
        .distinct()
        .iterator(5000)
    ):
        name = prefecture_from_code(code) or (BY_CODE.get(code) if len(code) == 2 else None)
        if name:
            seen.add((record_id, name))
    return Counter(name for _, name in seen)
