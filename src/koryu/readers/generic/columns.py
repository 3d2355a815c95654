"""The role of each column of a table: from its header words (in five languages) and from
the cells themselves (dates in any calendar, country names, head counts, gazetteer places).

A header row is a row most of whose cells are header words; rows above it are captions. A
table without one gets roles from its cells alone, with less confidence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from koryu.gazetteer.transliterate import to_simplified
from koryu.readers.generic.lexicon import HEADER_WORDS, OBSERVER_WORDS, agreement_type, fold
from koryu.readers.generic.values import count_in, country_code, is_date_cell, looks_like_place

# On a tie between roles for one header word, the earlier role wins.
_ROLE_ORDER = (
    "index", "home", "partner", "country", "date", "type", "joined", "member", "host", "period",
    "count", "fiscal", "edition", "event", "sender", "visited", "purpose", "region", "note",
)  # fmt: skip
_EXACT: dict[str, str] = {}
for _role in reversed(_ROLE_ORDER):
    for _w in HEADER_WORDS[_role]:
        _EXACT[fold(_w)] = _role
_CONTAINS = sorted(
    ((fold(w), role) for role in _ROLE_ORDER for w in HEADER_WORDS[role] if len(fold(w)) >= 2),
    key=lambda p: -len(p[0]),
)
# Countries a header implies for its cells: 中方城市 are Chinese, 日方城市 Japanese.
_SIDE_COUNTRY = (
    (re.compile(r"中方|中国側|중국측|中国城市"), "CN"),
    (re.compile(r"日方|日本側|日本|일본측|일본|현$"), "JP"),
    (re.compile(r"韩方|韓方|韓国側|한국\s*측|한국|韓国"), "KR"),
    (re.compile(r"российск|россия", re.I), "RU"),
    (re.compile(r"\bu\.?s\.?a?\.?(?:\s|$)|american|米国|アメリカ|美国|미국", re.I), "US"),
    (re.compile(r"chinese|中国側", re.I), "CN"),
    (re.compile(r"japanese", re.I), "JP"),
    (re.compile(r"korean", re.I), "KR"),
)


_COUNT_HEADER = re.compile(r"(?<=.)(?:数|數|수)$|^(?:numberof|no\.?of|количество|число)")


@functools.lru_cache(maxsize=4096)
def header_role(cell: str) -> tuple[str | None, float]:
    """(role, confidence) a header cell names; (None, 0) when it names none. Han headers
    are also compared in simplified forms (江蘇省管轄區 meets 管辖区, 締結日 meets 缔结日)."""
    f = fold(cell)
    if not f or len(f) > 24:
        return None, 0.0
    if f not in _EXACT and _COUNT_HEADER.search(f):
        return "count", 0.8  # 自治体数, 회원수, number of cities: how many, not which
    role, conf = _role_of(f, _EXACT, _CONTAINS)
    if role is None and re.search(r"[\u4e00-\u9fff]", f):
        exact, contains = _simplified_tables()
        role, conf = _role_of(fold(to_simplified(f)), exact, contains)
    return role, conf


def _role_of(f: str, exact: dict[str, str], contains) -> tuple[str | None, float]:
    if f in exact:
        return exact[f], 0.95
    found = [role for word, role in contains if word in f and len(word) >= max(2, len(f) // 3)]
    if not found:
        return None, 0.0
    if "partner" in found and found[0] in ("region", "country", "home"):
        return "partner", 0.75  # "Signing City/State", "提携都市(国)": the city is the point
    return found[0], 0.8


@functools.cache
def _simplified_tables():
    exact = {fold(to_simplified(w)): r for w, r in _EXACT.items()}
    contains = [(fold(to_simplified(w)), r) for w, r in _CONTAINS]
    return exact, contains


def side_country(header: str) -> str | None:
    for pattern, cc in _SIDE_COUNTRY:
        if pattern.search(header):
            return cc
    return None


@dataclass
class Layout:
    header: int | None  # index of the header row among the rows, None: headerless
    roles: list[str | None]
    confidence: list[float]
    implied_country: list[str | None] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    def find(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def all(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    @property
    def has_header(self) -> bool:
        return self.header is not None


def _header_row(rows: list[list[str]]) -> int | None:
    for i, cells in enumerate(rows[:4]):
        filled = [c for c in cells if c.strip()]
        if len(filled) < 2:
            continue
        named = sum(1 for c in filled if header_role(c)[0] is not None)
        dated = sum(1 for c in filled if is_date_cell(c))
        if named >= max(2, (len(filled) + 1) // 2) and dated == 0:
            return i
        if named == 0 and i > 0:
            break
    return None


def _cell_profile(values: list[str]) -> dict[str, float]:
    vals = [v for v in values if v.strip()]
    if not vals:
        return {}
    n = len(vals)
    short = [v for v in vals if len(v) <= 30]
    return {
        "date": sum(is_date_cell(v) for v in vals) / n,
        "country": sum(country_code(v) is not None for v in vals) / n,
        "count": sum(
            count_in(v) is not None and not re.fullmatch(r"\d{1,3}", v.strip()) for v in vals
        )
        / n,
        "index": sum(bool(re.fullmatch(r"\d{1,3}\.?", v.strip())) for v in vals) / n,
        "type": sum(agreement_type(v, weak=False) is not None for v in short) / n,
        "observer": sum(bool(OBSERVER_WORDS.search(v)) for v in vals) / n,
        "place": sum(looks_like_place(v) for v in vals[:25]) / min(n, 25),
        "long": sum(len(v) > 40 for v in vals) / n,
    }


def infer_layout(rows: list[list[str]]) -> Layout:
    width = max(len(r) for r in rows)
    header = _header_row(rows)
    headers, roles, conf = _header_roles(rows, header, width)
    body = rows[header + 1 :] if header is not None else rows
    columns = [[r[j] if j < len(r) else "" for r in body] for j in range(width)]
    profiles = [_cell_profile(col) for col in columns]
    for j, prof in enumerate(profiles):
        if prof:
            roles[j], conf[j] = _checked_role(roles[j], conf[j], prof)
    _settle_places(roles, conf, profiles, columns)
    _side_columns(roles, conf, headers, columns)
    implied = [
        side_country(h) if roles[j] in ("home", "partner", "member") else None
        for j, h in enumerate(headers)
    ]
    return Layout(header, roles, conf, implied, headers)


def _header_roles(
    rows: list[list[str]], header: int | None, width: int
) -> tuple[list[str], list[str | None], list[float]]:
    """(header cells, roles, confidences) the header row gives each column; none without one."""
    headers = [""] * width
    roles: list[str | None] = [None] * width
    conf = [0.0] * width
    if header is not None:
        for j, cell in enumerate(rows[header]):
            headers[j] = cell
            roles[j], conf[j] = header_role(cell)
    return headers, roles, conf


def _checked_role(
    role: str | None, conf: float, prof: dict[str, float]
) -> tuple[str | None, float]:
    """A column's role from its header, checked against its cells; from the cells alone
    when the header names none."""
    if role is None:
        return _role_from_cells(prof)
    if role in ("date", "joined", "period") and prof["date"] < 0.3:
        conf = min(conf, 0.5)  # the header says dates, the cells do not
        if role == "date" and prof["place"] > 0.5:
            return None, conf  # "日付" over place names: a mislabelled column
    if role in ("type", "note") and prof["observer"] >= 0.2:
        return "status", conf
    return role, conf


def _side_columns(roles, conf, headers, columns) -> None:
    """ "Japanese Prefectures & Cities | U.S. Counterparts": two sides named by country;
    the side that is not the partner column is the home. "현 | 교류 지역 | 한국 측": of two
    home columns, the one named by a country is the home, the other groups the rows."""
    homes = [j for j, r in enumerate(roles) if r == "home"]
    if len(homes) >= 2 and "partner" in roles:
        sided = [j for j in homes if side_country(headers[j])]
        if sided:
            # the side itself has a name per row; a grouping column repeats its values
            keep = max(sided, key=lambda j: len({v for v in columns[j] if v.strip()}))
            for j in homes:
                if j != keep:
                    roles[j], conf[j] = "region", 0.6
        return
    if "home" in roles or "partner" not in roles:
        return
    partner = roles.index("partner")
    for j, header in enumerate(headers):
        if j != partner and roles[j] in ("region", "partner", None) and side_country(header):
            if side_country(header) != side_country(headers[partner]):
                roles[j], conf[j] = "home", 0.75
                return


def _role_from_cells(prof: dict[str, float]) -> tuple[str | None, float]:
    if prof["date"] >= 0.6:
        return "date", 0.6 + 0.3 * prof["date"]
    if prof["country"] >= 0.6:
        return "country", 0.6 + 0.3 * prof["country"]
    if prof["observer"] >= 0.2:
        return "status", 0.6
    if prof["type"] >= 0.6:
        return "type", 0.6
    if prof["index"] >= 0.8:
        return "index", 0.6
    if prof["count"] >= 0.6:
        return "count", 0.6
    if prof["place"] >= 0.5:
        return "place", 0.4 + 0.4 * prof["place"]
    if prof["long"] >= 0.5:
        return "note", 0.5
    return None, 0.0


def _settle_places(roles, conf, profiles, columns) -> None:
    """Columns of places without a header role: the first becomes the partner, unless a
    partner column exists; a constant one beside another is the home."""
    places = [j for j, r in enumerate(roles) if r == "place"]
    if not places:
        return
    has_partner = "partner" in roles or "member" in roles
    for j in places:
        distinct = len({v for v in columns[j] if v.strip()})
        if has_partner:
            roles[j] = "home" if "home" not in roles and distinct <= 2 else "region"
            conf[j] = min(conf[j], 0.5)
        else:
            roles[j] = "partner"
            has_partner = True
