"""Reading the record filters of a page from its query string."""

from __future__ import annotations

from django.http import HttpRequest

from koryu.catalog.queries import Filters, InvalidQuery

FILTER_NAMES = ("kind", "country", "type", "sector", "status", "year_from", "year_to", "org")


def read_filters(request: HttpRequest) -> tuple[Filters, str | None]:
    """The page's filters, or no filters and the message saying what was wrong."""
    try:
        return Filters.from_mapping(request.GET), None
    except InvalidQuery as exc:
        return Filters(), str(exc)


def filter_params(request: HttpRequest) -> dict[str, str]:
    """The filter parameters present, to carry on to the JSON twin, exports and links."""
    return {n: request.GET[n] for n in FILTER_NAMES if request.GET.get(n, "").strip()}
