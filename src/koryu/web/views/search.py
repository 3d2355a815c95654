"""Search: results with highlighted snippets, facets (narrowed with htmx), expansions,
sort and pagination, all through the one query object and search service
(koryu.search.service.find).

The URL is the whole search: filters are part of the query language (``水道 country:CN``).
Filters given as parameters by other pages (``?kind=event&country=RU``, from the map or
the home page) are read by ``Query.from_params`` and the page redirects to the same
query written in the language. Facet links and the chips of active filters are the
query with one value added or removed (``Query.adding``/``removing``/``without``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koryu.catalog.models import Organization
from koryu.catalog.queries import display_facts
from koryu.search.filters import Filter
from koryu.search.query import Query
from koryu.search.service import find
from koryu.web import labels
from koryu.web.countries import country_name
from koryu.web.views.filters import FILTER_NAMES
from koryu.web.views.page import api_url, render_page, url_with

log = logging.getLogger(__name__)

PAGE_SIZE = 20
# Facets of the search service whose values can be put back into the query language.
FACET_FILTERS = {"kind", "country", "prefecture", "sector", "type", "status", "decade"}
# Filters other pages give as parameters (folded into q by a redirect).
PARAM_FILTERS = (*FILTER_NAMES, "prefecture")


def search_page(request: HttpRequest) -> HttpResponse:
    query = Query.from_params(request.GET)
    if any(request.GET.get(n, "").strip() for n in PARAM_FILTERS) and not query.error:
        changes: dict[str, Any] = {n: None for n in PARAM_FILTERS}
        return HttpResponseRedirect(url_with(request, **changes, q=query.canonical(), cursor=None))

    result: dict[str, Any] | None = None
    error: str | None = None
    if query.error:
        error = query.error["message"]
    elif query.text or query.filters:
        found = find(query, limit=PAGE_SIZE)
        if found.error:
            error = found.error.get("message") or _("This search cannot be run.")
        else:
            result = found.to_dict()
    q = query.text  # bounded: a refused query is echoed back in part only

    context = {
        "q": q,
        "sort": query.sort,
        "expand": query.expand,
        "cursor": query.cursor,
        "result": result,
        "error": error,
        "messages_": (result or {}).get("messages") or [],
        "active_filters": _active_filters(request, query) if result else [],
        "facets": _facet_links(request, query, result),
        "expansions": _expansions(result),
        "terms": _terms(result),
        "hits": _hits((result or {}).get("results", [])),
        "sort_options": [
            ("relevance", _("relevance")),
            ("-date", _("newest first")),
            ("date", _("oldest first")),
        ],
    }
    twin = None
    if result is not None:
        twin = api_url("search", {"q": query.canonical(), **_options(query)})
    template = "web/partials/search_results.html" if _partial(request) else "web/search.html"
    response = render_page(request, template, context, json_url=twin, status=400 if error else 200)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _options(query: Query) -> dict[str, str]:
    out = {"sort": query.sort, "cursor": query.cursor or ""}
    if not query.expand:
        out["expand"] = "false"
    return out


def _partial(request: HttpRequest) -> bool:
    """An htmx request swapping the results (not a history restore: that needs the page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _hit(hit: dict[str, Any], facts: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    kind = hit.get("kind")
    url = f"/organizations/{hit['id']}" if kind == "organization" else f"/records/{hit['id']}"
    shown = {**hit, "url": url, "shown_date": hit.get("date") or ""}
    fact = (facts or {}).get(hit["id"]) if kind != "organization" else None
    if fact:
        shown["title_parties"] = fact["parties"]
        shown["language"] = fact["language"]
        if not fact["date"] and fact["fiscal_year"]:
            shown["shown_date"] = labels.fiscal_year(
                fact["fiscal_year"], (get_language() or "ja").split("-")[0]
            )
    return shown


def _hits(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hits as the page shows them: titles made of party names and fiscal years in the
    page's language (one query for the page's records)."""
    ids = [h["id"] for h in results if h.get("kind") != "organization"]
    facts = display_facts(ids) if ids else {}
    return [_hit(h, facts) for h in results]


# --- facets and filters -----------------------------------------------------------------


def facet_label(key: str, value: str) -> str:
    if key == "country":
        return country_name(value, (get_language() or "ja").split("-")[0])
    if key == "decade":
        return f"{value}–"
    if key in ("kind", "type", "sector", "status"):
        vocabulary = {"type": "type", "sector": "sector", "status": "status"}.get(key, "kind")
        if value == "organization":
            return str(_("organizations"))
        return labels.label(vocabulary, value)
    return value


def _facet_links(request: HttpRequest, query: Query, result: dict[str, Any] | None) -> list:
    """[(facet name, [{value, label, count, selected, url}])]: a link adds the value's
    filter to the query, or (when it is already there) takes it out."""
    out = []
    for name, buckets in ((result or {}).get("facets") or {}).items():
        if name not in FACET_FILTERS or not buckets:
            continue
        links = []
        for bucket in buckets:
            value = str(bucket.get("value"))
            selected = query.selected(name, value)
            changed = query.removing(name, value) if selected else query.adding(name, value)
            links.append(
                {
                    "value": value,
                    "label": facet_label(name, value),
                    "count": bucket.get("count", 0),
                    "selected": selected,
                    "url": url_with(request, q=changed.canonical(), cursor=None),
                }
            )
        out.append((name, links))
    return out


def _active_filters(request: HttpRequest, query: Query) -> list:
    """A chip per filter of the query, each with a link to the query without it."""
    return [
        {
            "name": f.key,
            "label": ("≠ " if f.negated else "") + _filter_label(f),
            "remove_url": url_with(request, q=query.without(f).canonical(), cursor=None),
        }
        for f in query.filters
    ]


def _filter_label(f: Filter) -> str:
    if f.key == "year":
        return "–".join(dict.fromkeys(v for v in f.values if v))
    if f.org_id is not None:
        name = Organization.objects.filter(pk=f.org_id).values_list("name", flat=True).first()
        return name or f.raw
    if f.key == "org":
        return f.raw
    return ", ".join(facet_label(f.key, v) for v in f.values)


def _expansions(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """[{"term", "added": [...]}] of the names and words the search added."""
    return [
        {"term": e.get("term", ""), "added": list(e.get("added") or [])}
        for e in (result or {}).get("expanded") or []
        if isinstance(e, dict) and e.get("added")
    ]


def _terms(result: dict[str, Any] | None) -> list[str]:
    """Words to highlight in titles: the query's words and the expansions."""
    query = (result or {}).get("query") or {}
    words = [w for group in query.get("terms", []) for w in group]
    for e in _expansions(result):
        words.extend(e["added"])
    return [w for w in words if w]
