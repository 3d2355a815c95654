"""Bodies that documents name in many ways: CLAIR is 自治体国際化協会, 日本国自治体国際化協会,
一般財団法人自治体国際化協会 and CLAIR. ``data/bodies.tsv`` lists each body once with
its variants, so every variant resolves to one entry and so to one organization.

Only bodies that exchange documents keep naming (national agencies and associations of
local governments) belong here; local governments come from japan.py and foreign.py.
Their aliases stay on the built entries (there are few) so that the catalogue can merge
organizations made from a variant before the body was listed.
"""

from __future__ import annotations

from koryu.gazetteer.entry import Entry
from koryu.gazetteer.tables import rows

# Legal forms written before (or after) a body's name; they do not change which body it is.
LEGAL_FORMS = (
    "一般財団法人",
    "公益財団法人",
    "一般社団法人",
    "公益社団法人",
    "独立行政法人",
    "特定非営利活動法人",
    "認定NPO法人",
    "NPO法人",
    "財団法人",
    "社団法人",
    "株式会社",
    "(財)",
    "(社)",
    "(一財)",
    "(公財)",
    "(一社)",
    "(公社)",
    "(独)",
)


def strip_legal_form(text: str) -> str:
    """'一般財団法人自治体国際化協会' -> '自治体国際化協会' (NFKC text expected)."""
    for form in LEGAL_FORMS:
        if text.startswith(form) and len(text) > len(form) + 1:
            return text[len(form) :].lstrip(" 　")
        if text.endswith(form) and len(text) > len(form) + 1:
            return text[: -len(form)].rstrip(" 　")
    return text


def body_entries() -> list[Entry]:
    entries = []
    for row in rows("bodies.tsv"):
        names = {lang: row[lang] for lang in ("ja", "en", "zh", "ko", "ru") if row[lang]}
        aliases = [(n, "exact") for n in names.values()]
        aliases += [(a, "alias") for a in row["aliases"].split("|") if a]
        entries.append(
            Entry(
                id=f"body:{row['id']}",
                name=row["ja"] if row["country"] == "JP" else row["en"],
                country=row["country"],
                level="body",
                names=names,
                parent_id=f"cc:{row['country']}",
                aliases=aliases,
            )
        )
    return entries
