"""Search: results with highlighted snippets, facets (narrowed with htmx), expansions,
sort and pagination. The search service may be missing (then the page says so)."""

from __future__ import annotations

import inspect
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koryu.catalog.queries import InvalidQuery, list_records
from koryu.web import labels
from koryu.web.countries import country_name
from koryu.web.views.filters import FILTER_NAMES, read_filters
from koryu.web.views.page import api_url, render_page, url_with

log = logging.getLogger(__name__)

PAGE_SIZE = 20
SORTS = ("relevance", "date")


def _service():
    """koryu.search.service.search, or None while the search module is not installed."""
    try:
        from koryu.search.service import search
    except ImportError:
        return None
    return search


def _params(request: HttpRequest) -> dict[str, Any]:
    sort = request.GET.get("sort", "relevance")
    return {
        "q": request.GET.get("q", "").strip(),
        "sort": sort if sort in SORTS else "relevance",
        "expand": request.GET.get("expand", "1") != "0",
        "cursor": request.GET.get("cursor") or None,
    }


def _run_search(search, params: dict[str, Any], request: HttpRequest) -> dict[str, Any]:
    accepted = inspect.signature(search).parameters
    kwargs: dict[str, Any] = {
        "limit": PAGE_SIZE,
        "cursor": params["cursor"],
        "expand": params["expand"],
        "sort": params["sort"],
        "facets": True,
    }
    filters = {n: request.GET[n] for n in FILTER_NAMES if request.GET.get(n, "").strip()}
    if "filters" in accepted:
        kwargs["filters"] = filters
    result = search(params["q"], **{k: v for k, v in kwargs.items() if k in accepted})
    return result.to_dict() if hasattr(result, "to_dict") else dict(result)


def search_page(request: HttpRequest) -> HttpResponse:
    params = _params(request)
    filters, error = read_filters(request)
    search = _service()
    result: dict[str, Any] | None = None
    status = 200
    if error:
        status = 400
    elif params["q"] and search is None:
        error = _("Search is not available yet: the search module is not installed.")
        status = 503
    elif params["q"]:
        try:
            result = _run_search(search, params, request)
        except (InvalidQuery, ValueError) as exc:
            error, status = str(exc), 400
        except Exception:  # the page must still answer; the log keeps the details
            log.exception("search failed for %r", params["q"])
            error, status = _("The search failed. Please try other words."), 500
    elif not filters.is_empty() or params["cursor"]:
        try:
            listed = list_records(filters, params["cursor"], PAGE_SIZE)
        except InvalidQuery as exc:
            error, status = str(exc), 400
        else:
            result = {
                "total": listed["total"],
                "results": listed["results"],
                "next": listed["next"],
                "facets": {},
                "expanded": [],
            }
    context = {
        **params,
        "result": result,
        "error": error,
        "available": search is not None,
        "filters": filters,
        "active_filters": [
            {
                "name": n,
                "label": facet_label(n, request.GET[n]),
                "remove_url": url_with(request, **{n: None, "cursor": None}),
            }
            for n in FILTER_NAMES
            if request.GET.get(n)
        ],
        "facets": facet_links(request, (result or {}).get("facets")),
        "expansions": _expansions(result),
        "terms": _terms(params["q"], result),
        "hidden_filters": [(n, request.GET[n]) for n in FILTER_NAMES if request.GET.get(n)],
    }
    twin = api_url("search", {k: v for k, v in request.GET.items()})
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "web/partials/search_results.html" if partial else "web/search.html"
    response = render_page(request, template, context, json_url=twin, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _terms(q: str, result: dict[str, Any] | None) -> list[str]:
    """Words to highlight: the query's words and the expansions the search added."""
    words = [
        w.strip("\"'()")
        for w in q.split()
        if ":" not in w and w.upper() not in ("OR", "AND", "NOT")
    ]
    return [w for w in words + _expansions(result) if w]


# Facet names of the search service -> the filter parameter that narrows by them.
FACET_PARAMS = {"agreement_type": "type", "sectors": "sector", "countries": "country"}
VOCABULARY_OF_PARAM = {"kind": "kind", "type": "type", "sector": "sector", "status": "status"}


def facet_label(param: str, value: str) -> str:
    if param == "country":
        return country_name(value, (get_language() or "ja").split("-")[0])
    if param in VOCABULARY_OF_PARAM:
        return labels.label(VOCABULARY_OF_PARAM[param], value)
    return value


def _facet_values(values: Any) -> list[tuple[str, int]]:
    """Accept [{"value", "count"}], [[value, count]] or {value: count}."""
    if isinstance(values, dict):
        return [(str(k), int(v)) for k, v in values.items()]
    out = []
    for item in values or []:
        if isinstance(item, dict):
            out.append((str(item.get("value")), int(item.get("count") or 0)))
        elif isinstance(item, list | tuple) and len(item) == 2:
            out.append((str(item[0]), int(item[1])))
    return out


def facet_links(request: HttpRequest, facets: Any) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each facet value with its count and the URL that narrows by it (or, when it is
    already chosen, the URL that removes it)."""
    out = []
    for name, values in (facets or {}).items():
        param = FACET_PARAMS.get(name, name)
        if param not in FILTER_NAMES:
            continue  # a facet we cannot narrow by is no use as a link
        chosen = request.GET.get(param, "")
        links = []
        for value, count in _facet_values(values):
            selected = value == chosen
            links.append(
                {
                    "value": value,
                    "label": facet_label(param, value),
                    "count": count,
                    "selected": selected,
                    "url": url_with(
                        request, **{param: None if selected else value, "cursor": None}
                    ),
                }
            )
        out.append((param, links))
    return out


def _expansions(result: dict[str, Any] | None) -> list[str]:
    out = []
    for item in (result or {}).get("expanded") or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            out.append(str(item.get("term") or item.get("value") or item.get("text") or ""))
    return [e for e in out if e]
