"""Template filters of the Koryu pages: labels, names, safe links and highlighting.

Document text is always escaped here; the only markup these filters add is their own
(``<mark>`` around matched words).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from koryu.web import labels
from koryu.web.countries import country_name
from koryu.web.views.page import url_with

register = template.Library()


def _lang() -> str:
    return (get_language() or "ja").split("-")[0]


@register.filter
def label(code: Any, vocabulary: str) -> str:
    """{{ record.kind|label:"kind" }} -> 協定 / agreement."""
    return labels.label(vocabulary, code)


@register.filter
def country(code: str | None) -> str:
    return country_name(code or "", _lang())


@register.filter
def local_name(item: Any) -> str:
    """The name of an organization or series in the interface language, else its main name."""
    if not item:
        return ""
    get = item.get if isinstance(item, dict) else lambda k, d=None: getattr(item, k, d)
    names = get("names") or {}
    return names.get(_lang()) or get("name") or get("label") or ""


@register.filter
def is_http_url(url: Any) -> bool:
    """Only http(s) URLs become links; javascript:, data: and the rest stay text."""
    try:
        parts = urlsplit(str(url).strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@register.filter
def highlight(text: Any, terms: Any) -> SafeString:
    """Escape ``text`` and wrap each occurrence of the search terms in <mark>."""
    text = "" if text is None else str(text)
    words = sorted({str(t) for t in (terms or []) if str(t).strip()}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


@register.filter
def highlight_spans(text: Any, spans: Any) -> SafeString:
    """Escape ``text`` and wrap the given [start, end) character ranges in <mark> (the
    search service's highlights of a snippet)."""
    text = "" if text is None else str(text)
    out, pos = [], 0
    for span in sorted(spans or [], key=lambda s: s[0]):
        try:
            start, end = max(int(span[0]), pos), min(int(span[1]), len(text))
        except (TypeError, ValueError, IndexError):
            continue
        if start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


@register.filter
def as_json(value: Any) -> str:
    """JSON for a data- attribute (the template's autoescape makes it attribute-safe)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.simple_tag(takes_context=True)
def page_url(context, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    return url_with(context["request"], **changes)


@register.filter
def fiscal_year(value: Any) -> str:
    """ "2010" -> 2010年度 on Japanese pages, FY2010 on the others."""
    return labels.fiscal_year(value, _lang())


@register.filter
def when(item: Any) -> str:
    """The date a list shows for a record: its date, else the start of its period, else
    its fiscal year (2010年度 / FY2010), else ""."""
    if not item:
        return ""
    get = item.get if isinstance(item, dict) else lambda k: getattr(item, k, None)
    date = get("date") or get("date_start")
    if date:
        return str(date)
    return labels.fiscal_year(get("fiscal_year"), _lang())


def _title_parties(item: dict) -> list[tuple[str, dict]]:
    if item.get("title_parties") is not None:
        return item["title_parties"]
    out = []
    for party in item.get("parties") or []:
        if isinstance(party, dict):
            org = party.get("organization") or {}
            out.append((party.get("as_written") or party.get("name") or "", org.get("names") or {}))
    return out


@register.filter
def local_title(item: Any) -> str:
    """A title made by a reader from party names, in the page's language (the names the
    gazetteer knows); "" when the stored title is what to show."""
    if not isinstance(item, dict):
        return ""
    return (
        labels.localized_title(
            item.get("title") or "", item.get("kind") or "", _title_parties(item), _lang()
        )
        or ""
    )


# A page's own address echoed into its links (sign-in, language switch) is bounded: a
# refused 25,000-character query must not come back several times in the page.
RETURN_PATH_LIMIT = 1000


@register.simple_tag(takes_context=True)
def return_path(context) -> str:
    """Where to come back to after signing in or switching language: the full path, or
    just the path when the query string is longer than RETURN_PATH_LIMIT."""
    request = context.get("request")
    if request is None:
        return "/"
    full = request.get_full_path()
    return full if len(full) <= RETURN_PATH_LIMIT else request.path
