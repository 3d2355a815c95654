"""Japanese municipalities and wards that no longer exist, and bodies japancode lacks.

``data/municipal_history.tsv`` (one row per body that merged away) has the columns

    old_name  old_kana  prefecture  valid_to  successor_code  old_code  note

``valid_to`` is the date the merger took effect: the old body existed until the day
before. ``old_code`` is its local government code when known; a row whose code is still
in japancode (Hamamatsu's pre-2024 wards) marks that entry as ended instead of adding
one. Without a code the id is ``jp-old:<prefecture code>-<romaji>``. A complete table
(e.g. every Heisei merger) can be dropped in with the same columns; nothing else changes.

``data/japan_additions.tsv`` adds current bodies japancode predates (Hamamatsu's 2024
wards): ``code name kana parent_code valid_from lat lon note``.
"""

from __future__ import annotations

from koryu.gazetteer.entry import Entry
from koryu.gazetteer.japan import _names_and_aliases
from koryu.gazetteer.tables import rows
from koryu.gazetteer.transliterate import romaji, split_admin_suffix


def _old_id(row: dict[str, str], pref_code: str) -> str:
    if row["old_code"]:
        return f"jp-old:{row['old_code']}"
    stem, stem_kana, _ = split_admin_suffix(row["old_name"], row["old_kana"])
    return f"jp-old:{pref_code[:2]}-{romaji(stem_kana).lower().replace(' ', '-')}"


def apply_history(entries: list[Entry]) -> list[Entry]:
    """Mark ended bodies in ``entries`` and return the entries to add."""
    by_id = {e.id: e for e in entries}
    pref_by_name = {e.name: e for e in entries if e.level == "prefecture"}
    added: list[Entry] = []

    for row in rows("japan_additions.tsv"):
        parent = by_id[f"jp:{row['parent_code']}"]
        names, aliases = _names_and_aliases(row["name"], row["kana"])
        aliases.append((parent.name + row["name"], "exact"))
        e = Entry(
            id=f"jp:{row['code']}",
            name=row["name"],
            country="JP",
            level="ward" if parent.level == "municipality" else "municipality",
            names=names,
            code=row["code"],
            parent_id=parent.id,
            lat=float(row["lat"]) if row["lat"] else None,
            lon=float(row["lon"]) if row["lon"] else None,
            valid_from=row["valid_from"] or None,
            kana=row["kana"],
            aliases=aliases,
        )
        added.append(e)
        by_id[e.id] = e

    for row in rows("municipal_history.tsv"):
        successor = by_id[f"jp:{row['successor_code']}"]
        existing = by_id.get(f"jp:{row['old_code']}") if row["old_code"] else None
        if existing is not None:
            existing.valid_to = row["valid_to"]
            existing.successor_id = successor.id
            continue
        pref = pref_by_name[row["prefecture"]]
        names, aliases = _names_and_aliases(row["old_name"], row["old_kana"])
        aliases.append((pref.name + row["old_name"], "exact"))
        added.append(
            Entry(
                id=_old_id(row, pref.code or ""),
                name=row["old_name"],
                country="JP",
                level="municipality",
                names=names,
                code=row["old_code"] or None,
                parent_id=pref.id,
                # the successor's town hall is the best position we have for the old body
                lat=successor.lat,
                lon=successor.lon,
                valid_to=row["valid_to"],
                successor_id=successor.id,
                kana=row["old_kana"],
                aliases=aliases,
            )
        )
    return added
