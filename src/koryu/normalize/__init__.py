"""Pure functions that turn the ways documents write things into one form.

``text``: Unicode folding, HTML remnants, blank-value markers. ``numbers``: full-width and
kanji numerals, head counts. ``dates``: Japanese eras, fiscal years, Russian, Chinese,
Korean and English dates, ranges; all to ISO partial dates. Nothing here imports Django.
"""

from koryu.normalize.dates import (
    era_to_western,
    fiscal_year_bounds,
    parse_date,
    parse_date_checked,
    parse_date_range,
    parse_fiscal_year,
    to_wareki,
)
from koryu.normalize.numbers import parse_count, parse_int, to_halfwidth_digits
from koryu.normalize.text import clean_text, is_placeholder, nfkc

__all__ = [
    "clean_text",
    "era_to_western",
    "fiscal_year_bounds",
    "is_placeholder",
    "nfkc",
    "parse_count",
    "parse_date",
    "parse_date_checked",
    "parse_date_range",
    "parse_fiscal_year",
    "parse_int",
    "to_halfwidth_digits",
    "to_wareki",
]
