"""Search: results with highlighted snippets, facets (narrowed with htmx), expansions,
sort and pagination, all through koryu.search.service.search.

Filters are part of the query language (``水道 country:CN kind:agreement``): a facet link
adds its ``key:value`` to q, an active filter's link takes it out again, so the URL is
the whole search. The page filters of other pages (``?kind=event&country=RU``, from the
map or the home page) are folded into q the same way. Without the search module the page
still lists records by those filters and says that search is not available.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koryu.catalog.models import Organization
from koryu.catalog.queries import InvalidQuery, display_facts, list_records
from koryu.search.query import MAX_QUERY_CHARS
from koryu.web import labels
from koryu.web.countries import country_name
from koryu.web.views.filters import FILTER_NAMES, read_filters
from koryu.web.views.page import api_url, render_page, url_with

log = logging.getLogger(__name__)

PAGE_SIZE = 20
SORTS = ("relevance", "-date", "date")
# Facets of the search service whose values can be put back into the query language.
FACET_FILTERS = {"kind", "country", "prefecture", "sector", "type", "status", "decade"}


def _service():
    """koryu.search.service.search, or None when the search module is not installed."""
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
        "expand": request.GET.get("expand", "1") not in ("0", "false"),
        "cursor": request.GET.get("cursor") or None,
    }


def filters_as_query(request: HttpRequest) -> str:
    """Page filters (?kind=event&year_from=2000) written in the query language."""
    tokens = []
    for name in ("kind", "country", "type", "sector", "status"):
        value = request.GET.get(name, "").strip()
        if value:
            tokens.append(f"{name}:{value}")
    start, end = request.GET.get("year_from", "").strip(), request.GET.get("year_to", "").strip()
    if start or end:
        tokens.append(f"year:{start}..{end}" if start != end else f"year:{start}")
    org = request.GET.get("org", "").strip()
    if org.isdigit():
        name = Organization.objects.filter(pk=int(org)).values_list("name", flat=True).first()
        if name:
            tokens.append(f'org:"{name}"' if " " in name else f"org:{name}")
    return " ".join(tokens)


def search_page(request: HttpRequest) -> HttpResponse:
    params = _params(request)
    search = _service()
    has_page_filters = any(request.GET.get(n, "").strip() for n in FILTER_NAMES)
    if search is not None and has_page_filters:
        folded = " ".join(p for p in (params["q"], filters_as_query(request)) if p)
        changes: dict[str, Any] = {n: None for n in FILTER_NAMES}
        return HttpResponseRedirect(url_with(request, **changes, q=folded, cursor=None))

    result: dict[str, Any] | None = None
    error: str | None = None
    status = 200
    if search is None:
        result, error = _listing(request, params)
    elif params["q"]:
        try:
            result = search(
                params["q"],
                limit=PAGE_SIZE,
                cursor=params["cursor"],
                expand=params["expand"],
                sort=params["sort"],
                facets=True,
            ).to_dict()
        except Exception:  # the page must still answer; the log keeps the details
            log.exception("search failed for %r", params["q"])
            error = _("The search failed. Please try other words.")
        else:
            if result.get("error"):
                error = result["error"].get("message") or _("This search cannot be run.")
                result = None
    if error:
        status = 400 if search is not None or has_page_filters else 200
    if len(params["q"]) > MAX_QUERY_CHARS:  # refused above: echo back a bounded part only
        params["q"] = params["q"][:MAX_QUERY_CHARS]

    context = {
        **params,
        "result": result,
        "error": error,
        "available": search is not None,
        "messages_": (result or {}).get("messages") or [],
        "active_filters": _active_filters(request, result, params["q"]),
        "facets": _facet_links(request, result, params["q"]),
        "expansions": _expansions(result),
        "terms": _terms(result),
        "hits": _hits((result or {}).get("results", [])),
        "sort_options": [
            ("relevance", _("relevance")),
            ("-date", _("newest first")),
            ("date", _("oldest first")),
        ],
    }
    twin_params = {"q": params["q"], "sort": params["sort"], "cursor": params["cursor"]}
    if not params["expand"]:
        twin_params["expand"] = "false"
    twin = (
        api_url("search", twin_params) if search is not None and params["q"] and not error else None
    )
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "web/partials/search_results.html" if partial else "web/search.html"
    response = render_page(request, template, context, json_url=twin, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _listing(request: HttpRequest, params: dict[str, Any]):
    """Records by page filters alone (what works without the search module)."""
    filters, error = read_filters(request)
    if error or filters.is_empty():
        return None, error
    try:
        listed = list_records(filters, params["cursor"], PAGE_SIZE)
    except InvalidQuery as exc:
        return None, str(exc)
    hits = [
        {**r, "parties": [p["name"] for p in r["parties"]], "snippet": "", "highlights": []}
        for r in listed["results"]
    ]
    return {"total": listed["total"], "results": hits, "next": listed["next"]}, None


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


def _filter_token(key: str, value: str) -> str:
    if key == "decade":
        start = int(value)
        return f"year:{start}..{start + 9}"
    return f'{key}:"{value}"' if " " in value else f"{key}:{value}"


def _filter_canonical(f: dict[str, Any]) -> str:
    values = [str(v) for v in f.get("values", [])]
    if f["key"] == "year" and len(values) == 2:
        value = values[0] if values[0] == values[1] else f"{values[0]}..{values[1]}"
    else:
        value = ",".join(values)
    if any(ch.isspace() or ch == '"' for ch in value):
        value = '"' + value.replace('"', "") + '"'
    return f"{'-' if f.get('negated') else ''}{f['key']}:{value}"


def _query_without(result: dict[str, Any], dropped: dict[str, Any]) -> str:
    """The query's canonical form without one of its filters."""
    query = result["query"]
    canonical = query.get("canonical", "")
    token = _filter_canonical(dropped)
    parts = canonical.split(token, 1)
    return " ".join(" ".join(parts).split())


def _chosen(result: dict[str, Any] | None, key: str, value: str) -> bool:
    for f in (result or {}).get("query", {}).get("filters", []):
        if f.get("negated"):
            continue
        if key == "decade" and f["key"] == "year":
            start = int(value)
            if f["values"] == [str(start), str(start + 9)]:
                return True
        elif f["key"] == key and value in f["values"]:
            return True
    return False


def _facet_links(request: HttpRequest, result: dict[str, Any] | None, q: str) -> list:
    """[(facet name, [{value, label, count, selected, url}])]: a link adds the value's
    filter to the query, or (when it is already there) takes it out."""
    out = []
    for name, buckets in ((result or {}).get("facets") or {}).items():
        if name not in FACET_FILTERS or not buckets:
            continue
        links = []
        for bucket in buckets:
            value = str(bucket.get("value"))
            selected = _chosen(result, name, value)
            if selected:
                token = _filter_token(name, value)
                new_q = " ".join(q.replace(token, " ").split())
            else:
                new_q = f"{q} {_filter_token(name, value)}".strip()
            links.append(
                {
                    "value": value,
                    "label": facet_label(name, value),
                    "count": bucket.get("count", 0),
                    "selected": selected,
                    "url": url_with(request, q=new_q, cursor=None),
                }
            )
        out.append((name, links))
    return out


def _active_filters(request: HttpRequest, result: dict[str, Any] | None, q: str) -> list:
    if result is None or "query" not in result:
        # Without the search service: the page filters, each with a link that drops it.
        return [
            {
                "name": n,
                "label": facet_label(n, request.GET[n]),
                "remove_url": url_with(request, **{n: None, "cursor": None}),
            }
            for n in FILTER_NAMES
            if request.GET.get(n)
        ]
    out = []
    for f in result["query"].get("filters", []):
        values = [str(v) for v in f.get("values", [])]
        if f["key"] == "year":
            shown = "–".join(dict.fromkeys(v for v in values if v)) if values else ""
        else:
            shown = ", ".join(facet_label(f["key"], v) for v in values)
        out.append(
            {
                "name": f["key"],
                "label": ("≠ " if f.get("negated") else "") + shown,
                "remove_url": url_with(request, q=_query_without(result, f), cursor=None),
            }
        )
    return out


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
