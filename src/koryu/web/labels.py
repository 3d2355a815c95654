"""Display names of the domain vocabulary (kinds, agreement types, sectors, roles...).

The stored values are English codes (records.py); the pages show them through these
translated labels, so the same code reads 姉妹都市 in Japanese and "sister city" in English.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

KINDS = {
    "agreement": _("agreement"),
    "network": _("network"),
    "event": _("event"),
    "delegation": _("delegation"),
    "program": _("program"),
}
KINDS_PLURAL = {
    "agreement": _("agreements"),
    "network": _("networks"),
    "event": _("events"),
    "delegation": _("delegations"),
    "program": _("programs"),
}
AGREEMENT_TYPES = {
    "sister": _("sister city"),
    "friendship": _("friendship city"),
    "memorandum": _("memorandum of understanding"),
    "sector": _("sector agreement"),
    "staff_exchange": _("staff exchange"),
    "protocol": _("protocol"),
    "other": _("other agreement"),
}
# A context keeps these apart from Django admin's "active" (有効), which means something else.
STATUSES = {
    "active": pgettext_lazy("record status", "active"),
    "suspended": pgettext_lazy("record status", "suspended"),
    "ended": pgettext_lazy("record status", "ended"),
}
SECTORS = {
    "water": _("water supply and sewerage"),
    "environment": _("environment"),
    "disaster_prevention": _("disaster prevention"),
    "economy": _("economy"),
    "tourism": _("tourism"),
    "culture": _("culture"),
    "education": _("education"),
    "youth": _("youth"),
    "sports": _("sports"),
    "health": _("health"),
    "administration": _("administration"),
    "ict": _("ICT"),
    "transport": _("transport"),
    "port": _("ports"),
    "agriculture_fisheries": _("agriculture and fisheries"),
    "other": _("other sector"),
}
ROLES = {
    "japanese_party": _("Japanese party"),
    "foreign_party": _("foreign party"),
    "implementer": _("implementer"),
    "partner": _("partner"),
    "member": _("member"),
    "secretariat": _("secretariat"),
    "chair": _("chair"),
    "founder": _("founder"),
    "observer": _("observer"),
    "organizer": _("organizer"),
    "co_organizer": _("co-organizer"),
    "supporter": _("supporter"),
    "host": _("host"),
    "sender": _("sender"),
    "visited": _("visited"),
    "party": _("party"),
}
RELATIONS = {
    "agreement": _("agreement"),
    "membership": _("membership"),
    "event_hosted": _("hosted an event"),
    "event_organized": _("organized an event"),
    "event_supported": _("supported an event"),
    "event_participated": _("took part in an event"),
    "delegation_sent": _("sent a delegation"),
    "delegation_received": _("received a delegation"),
    "delegation_participated": _("delegation"),
    "program": _("program"),
}
RESOLUTIONS = {
    "resolved": _("placed"),
    "new": _("new place"),
    "ambiguous": _("ambiguous"),
    "unresolved": _("not found in the gazetteer"),
}
LANGUAGES = {
    "ja": _("Japanese"),
    "en": _("English"),
    "ru": _("Russian"),
    "zh": _("Chinese"),
    "ko": _("Korean"),
}
FACETS = {
    "kind": _("Kind"),
    "country": _("Country"),
    "type": _("Agreement type"),
    "agreement_type": _("Agreement type"),
    "sector": _("Sector"),
    "sectors": _("Sector"),
    "year": _("Year"),
    "decade": _("Decade"),
    "status": _("Status"),
    "source": _("Document"),
    "document": _("Document"),
    "prefecture": _("Prefecture"),
    "language": _("Language"),
}
TEXT_FIELDS = {
    "purpose": _("Purpose"),
    "description": _("Description"),
    "background": _("Background"),
    "activities": _("Activities"),
    "outcomes": _("Outcomes and issues"),
}

VOCABULARIES = {
    "kind": KINDS,
    "kinds": KINDS_PLURAL,
    "type": AGREEMENT_TYPES,
    "status": STATUSES,
    "sector": SECTORS,
    "role": ROLES,
    "relation": RELATIONS,
    "resolution": RESOLUTIONS,
    "language": LANGUAGES,
    "facet": FACETS,
    "field": TEXT_FIELDS,
}


def label(vocabulary: str, code: str | None) -> str:
    """The translated label of ``code``, or the code itself when it has none."""
    if code is None or code == "":
        return ""
    return str(VOCABULARIES.get(vocabulary, {}).get(str(code), code))


def fiscal_year(value: str | None, lang: str) -> str:
    """A stored fiscal year ("2010", "2007-2009", "2003-") as the page's language writes
    it: 2010年度 / 2007–2009年度 / 2003年度～ in Japanese, FY2010 / FY2007–2009 / FY2003– else."""
    if not value:
        return ""
    first, dash, last = str(value).partition("-")
    if lang == "ja":
        if not dash:
            return f"{first}年度"
        return f"{first}–{last}年度" if last else f"{first}年度～"
    return f"FY{first}" + (f"–{last}" if dash else "")


# What may stay of a title once its party names are taken out, for it to count as made
# from them: separators, a year, and a leading label word ("Делегация:", "Делегация →").
_GENERATED_REST = re.compile(r"^(?:\s*[^\W\d_]+\s*(?:[:：]|→))?[\W\d_]*$")


def localized_title(
    title: str, kind: str, parties: list[tuple[str, dict]], lang: str
) -> str | None:
    """A title that a reader made from its parties' names (a delegation "Делегация:
    Румои, Носиро… → Южно-Сахалинск (1995)", a list's "Yokohama – San Diego"), written with
    the names the gazetteer knows in ``lang`` and the kind's label for its one word; None
    when the title is not made of party names or nothing would change. Never stored:
    the page shows the original beside it."""
    if not title or not parties:
        return None
    written = sorted(
        {(name, (names or {}).get(lang) or "") for name, names in parties if name},
        key=lambda item: len(item[0]),
        reverse=True,
    )
    if not written:
        return None
    pattern = re.compile("|".join(re.escape(name) for name, _ in written))
    rest = pattern.sub(" ", title)
    if not _GENERATED_REST.match(rest) or rest == title:
        return None
    local = {name: target or name for name, target in written}
    result = pattern.sub(lambda m: local[m.group(0)], title)
    word = re.search(r"[^\W\d_]+", rest)
    if word:
        result = result.replace(word.group(0), str(KINDS.get(kind, kind)).capitalize(), 1)
    if lang == "ja":
        result = result.replace("…", "ほか").replace(", ", "、")
    return result if result != title else None
