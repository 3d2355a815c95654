"""Country names in the interface language, from pycountry's ISO 3166 catalogues."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry


@lru_cache(maxsize=8)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


@lru_cache(maxsize=2048)
def country_name(code: str, language: str) -> str:
    """ "CN" -> 中国 (ja) / China (en); unknown codes come back unchanged."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    if language == "en":
        return english
    return _catalogue(language).gettext(country.name) or english
