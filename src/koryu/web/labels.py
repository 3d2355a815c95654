"""Display names of the domain vocabulary (kinds, agreement types, sectors, roles...).

The stored values are English codes (records.py); the pages show them through these
translated labels, so the same code reads 姉妹都市 in Japanese and "sister city" in English.
"""

from __future__ import annotations

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
