"""Map a mention of a place or body to one gazetteer entry, or say why it cannot.

``resolve("中華人民共和国遼寧省瀋陽市")`` strips the country, then resolves each level of
the administrative path in turn (遼寧省, then 瀋陽市 *inside* Liaoning), so the parent
disambiguates the leaf. Outcomes:

- ``resolved``: one candidate stands out (by at least AMBIGUITY_GAP).
- ``ambiguous``: several namesakes score alike (府中市, Tamworth without context): all are
  returned, none is picked.
- ``new``: part of the path resolved but the rest is not in the gazetteer: a place we lack
  (大韓民国江原道襄陽郡 -> ``new_kind="place"``) or a body inside a place (瀋陽市人民政府 ->
  ``new_kind="organization"``). ``path`` holds the resolved parents so the caller can
  create the organisation under them; ``remainder`` is the unresolved text.
- ``unresolved``: nothing place-like was found (自治体国際化協会).

Scores start from how the name matched (exact 1.0, alias 0.95, transliteration 0.85,
suffix mismatch "fuzzy" 0.7) and move with the context: the other party's country (a
foreign partner is rarely in the same country), a parent hint and the date (a merged town
matches as itself before the merger, reason "historical").

Some clues are constraints rather than hints. A stated country (``Context.country``, or a
country written before the name: 大韓民国東海市) admits only places of that country and its
territories. Coordinates the document gives (``Context.lat``/``lon``) reject a town more
than MAX_DISTANCE_KM away and rank the remaining namesakes by distance. A document that
names settlements (``Context.settlement``: a list of city pairs, or "Kyoto (city)") reads
a bare name as the city rather than the prefecture or region of the same name.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace

from koryu.gazetteer.bodies import strip_legal_form
from koryu.gazetteer.countries import country_from_prefix, same_country
from koryu.gazetteer.entry import Entry
from koryu.gazetteer.forms import BIG_CITY, admin_stem, compound, kind_only, locating_head
from koryu.gazetteer.geo import distance_km
from koryu.gazetteer.index import Gazetteer, get_gazetteer
from koryu.gazetteer.keys import name_key, spelling, split_suffix
from koryu.gazetteer.nearby import variant_match

AMBIGUITY_GAP = 0.1
MIN_SCORE = 0.5
FUZZY_RATIO = 0.85
# A town whose gazetteer position is further than this from where the document puts it
# is another place of the same name (GeoNames and Wikipedia positions of one town differ
# by a few km; namesakes are rarely this close).
MAX_DISTANCE_KM = 30.0
# Levels that stand for one settlement, which a point can confirm or rule out.
_POINT_LEVELS = {"city", "municipality", "ward"}
# "Kyoto (city)": a bracketed word that only says what kind of place the name is.
_SETTLEMENT_WORDS = {"city", "town", "village", "municipality", "commune", "市", "町", "村"}
_BASE = {"exact": 1.0, "alias": 0.95, "transliteration": 0.85}
# Suffixes (in key form) that name a town-level body, and those that name a region.
_CITY_SUFFIXES = {"市", "町", "村", "区", "郡", "시", "군", "구", "city", "shi", "si", "gun"}
_REGION_SUFFIXES = {"省", "州", "县", "道", "自治区", "特别自治道", "도", "성", "주", "현"}
_REGION_SUFFIXES |= {"province", "prefecture", "state", "do", "ken"}
# Suffixes that rule a country out: China has no 郡; 広域市 and 特別自治道 are Korean.
_SUFFIX_COUNTRIES_EXCLUDED = {"郡": {"CN", "TW", "HK", "MO"}}
_SUFFIX_COUNTRIES_ONLY = {"广域市": {"KR"}, "特别自治道": {"KR"}, "特别自治市": {"KR"}}
# Words that end names of bodies, not places (人民政府 ends in 府 like 大阪府 does).
_BODY_ENDINGS = ("政府", "庁", "局", "部", "課", "会", "所", "司", "団", "機構", "連合", "公司")
_CUT_CHARS = set("市町村区郡省州県道府都")
_PAREN = re.compile(r"^(.*?)\s*[(（]([^()（）]+)[)）]\s*$")
_RU_PREFIX = re.compile(r"^(г\.|город|гор\.)\s*", re.IGNORECASE)
_SEPARATORS = " 　・,、:：/-"


@dataclass
class Context:
    country: str | None = None  # ISO alpha-2 the place is expected in
    date: str | None = None  # ISO (partial) date of the mention
    other_country: str | None = None  # the other party's country (rarely the same)
    parent_hint: str | None = None  # a region the place should lie in ("秋田県")
    language: str | None = None  # language of the document (for display names)
    lat: float | None = None  # where the document itself places the mention
    lon: float | None = None
    settlement: bool = False  # the document names towns and cities (a list of city pairs)

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class Candidate:
    id: str
    name: str
    names: dict[str, str]
    country: str
    level: str
    code: str | None
    parent_id: str | None
    parent_name: str | None
    lat: float | None
    lon: float | None
    valid_from: str | None
    valid_to: str | None
    successor_id: str | None
    confidence: float
    reason: str  # exact | alias | transliteration | historical | fuzzy
    distance_km: float | None = None  # from the document's own coordinates, when given


@dataclass
class Resolution:
    mention: str
    status: str  # resolved | ambiguous | unresolved | new
    candidates: list[Candidate] = field(default_factory=list)
    path: list[Candidate] = field(default_factory=list)  # parents, country first
    remainder: str = ""  # text left over (the new place, or the body inside a place)
    new_kind: str | None = None  # "place" | "organization" when status is "new"

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


class Resolver:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer

    # --- public --------------------------------------------------------------------------

    def resolve(self, mention: str, context: Context | None = None) -> Resolution:
        ctx = context or Context()
        text = strip_legal_form(_clean(mention))  # 一般財団法人自治体国際化協会: the 協会
        if not text:
            return Resolution(mention, "unresolved")
        m = _PAREN.match(text)
        if m:
            return self._resolve_parenthesised(mention, m.group(1), m.group(2), ctx)
        parts = compound(text)
        if parts:  # "Suzhou, Jiangsu", "Berlin – Steglitz-Zehlendorf"
            res = self._resolve_compound(mention, *parts, ctx)
            if res is not None:
                return res
        return self._resolve_named(mention, text, ctx)

    # --- steps ---------------------------------------------------------------------------

    def _resolve_parenthesised(self, mention: str, outer: str, inner: str, ctx: Context):
        if inner.casefold() in _SETTLEMENT_WORDS:  # "Kyoto (city)"
            return self._resolve_text(mention, outer, replace(ctx, settlement=True))
        cc, rest = country_from_prefix(inner)
        if cc and not rest:  # "釜山広域市(韓国)": the brackets name the country
            return self._resolve_text(mention, outer, replace(ctx, country=cc))
        enclosing = self._resolve_text(inner, inner, _unlocated(ctx))
        if enclosing.status == "resolved" and enclosing.best.level != "body":
            # "長沙市(湖南省)", "Žagarė (Joniškis)": the brackets name where the place lies
            return self._resolve_part(mention, outer, self.gaz.entry(enclosing.best.id), ctx)
        res = self._resolve_text(mention, outer, ctx)
        if res.status == "resolved" and _confirmed(res.best):
            # "Halle (Saale)", "Waren (Müritz)", "Dębica (rural gmina)": the brackets
            # only tell which place, and the document's point confirms it
            if not (kind_only(inner) and self._big_city(res.best.id)):
                return res
        if res.status == "resolved":  # "ブータン王国（王立ブータン研究所）": a body in a place
            return Resolution(
                mention, "new", [], [*res.path, res.candidates[0]], inner, "organization"
            )
        return res

    def _resolve_compound(
        self, mention: str, part: str, whole: str, ctx: Context
    ) -> Resolution | None:
        """A place written with what it lies in ("Suzhou, Jiangsu", "Sarajevo – Stari
        Grad"), or None to read the mention as one name."""
        cc, rest = country_from_prefix(whole)
        if cc and not rest:  # "Varna, Bulgaria"
            return self._resolve_named(mention, part, replace(ctx, country=cc))
        enclosing = self._resolve_text(whole, whole, _unlocated(ctx))
        if enclosing.status == "resolved" and enclosing.best.level != "body":
            return self._resolve_part(mention, part, self.gaz.entry(enclosing.best.id), ctx)
        res = self._resolve_named(mention, part, ctx)
        # the rest of the name unknown: only coordinates can confirm the part alone
        return res if res.status == "resolved" and ctx.located else None

    def _resolve_part(self, mention: str, part: str, whole: Entry, ctx: Context) -> Resolution:
        """``part`` inside ``whole`` (a region, or the municipality or city it belongs to).
        Never the whole itself: a district of Berlin that the gazetteer lacks is a new
        place under Berlin, not Berlin (whose partners it would take)."""
        chain = [*reversed(self.gaz.ancestors(whole)), whole]
        res = self._walk(mention, part, chain, ctx)
        if res.status in ("resolved", "ambiguous") and res.best.id != whole.id:
            return res
        alone = self._resolve_named(mention, part, ctx)
        if alone.status == "resolved" and alone.best.id != whole.id:
            found = self.gaz.entry(alone.best.id)
            inside = any(a.id == whole.id for a in self.gaz.ancestors(found))
            if inside or ctx.located:  # the document's point confirms it
                return alone
        return Resolution(mention, "new", [], self._candidates_of(chain), part, "place")

    def _resolve_named(self, mention: str, text: str, ctx: Context) -> Resolution:
        """``text`` as one name; when the document locates it, also without administrative
        words ("Maui County", "Vilnius District Municipality") or a locating phrase
        ("Rottenburg am Neckar"), as a settlement its point confirms."""
        res = self._resolve_text(mention, text, ctx)
        if res.status == "resolved" or not ctx.located:
            return res
        for stem in (admin_stem(text), locating_head(text)):
            if not stem:
                continue
            found = self._resolve_text(mention, stem, replace(ctx, settlement=True))
            if found.status in ("resolved", "ambiguous") and found.best.level in _POINT_LEVELS:
                if stem == locating_head(text) or not self._big_city(found.best.id):
                    return found
        if res.status == "new" and admin_stem(text):
            # "Vilnius District Municipality" is around Vilnius, not inside it
            path = [c for c in res.path if c.level not in _POINT_LEVELS]
            res = replace(res, path=path or res.path)
        if res.status in ("unresolved", "new") and ctx.country:
            # "Tiachiv" for Tyachiv, "Bad Kötzting" for Kötzting: a variant spelling of a
            # town of the stated country a few km from the document's point
            match = variant_match(text, ctx.lat, ctx.lon, ctx.country, self.gaz.nearby())
            if match:
                entry, km = match
                best = self._candidate(entry, 0.7, "fuzzy")
                best.distance_km = round(km, 1)
                path = self._candidates_of(list(reversed(self.gaz.ancestors(entry))))
                return Resolution(mention, "resolved", [best], path)
        return res

    def _resolve_text(self, mention: str, text: str, ctx: Context) -> Resolution:
        cc, rest = country_from_prefix(text)
        if cc:
            country = self.gaz.entry(f"cc:{cc}")
            if not rest and country is not None:
                return self._finish(mention, {country.id: (1.0, "exact")}, [], ctx)
            if country is not None:
                # the country written in the mention outranks the one the caller expects
                res = self._walk(mention, rest, [country], replace(ctx, country=cc))
                if res.status != "unresolved":
                    return res
        return self._walk(mention, text, [], ctx)

    def _walk(self, mention: str, text: str, chain: list[Entry], ctx: Context) -> Resolution:
        """Resolve ``text`` below the last entry of ``chain``, level by level."""
        anchor = chain[-1] if chain else None
        found = self._match(text, anchor, ctx)
        if found:
            return self._finish(mention, found, chain, ctx)
        for cut in sorted(_cuts(text), reverse=True):  # longest head first
            head, tail = text[:cut], text[cut:].lstrip(_SEPARATORS)
            if not tail:
                continue
            heads = self._match(head, anchor, ctx)
            if not heads:
                continue
            ranked = sorted(heads.items(), key=lambda kv: -kv[1][0])
            top = ranked[0][1][0]
            fallback = None
            for entry_id, (score, _) in ranked[:3]:
                if top - score >= AMBIGUITY_GAP:
                    break
                res = self._walk(mention, tail, [*chain, self.gaz.entry(entry_id)], ctx)
                if res.status == "resolved":
                    return res
                fallback = fallback or res
            if fallback is not None:
                return fallback
        if anchor is None:
            return Resolution(mention, "unresolved", remainder=text)
        fuzzy = self._fuzzy_child(text, anchor)
        if ctx.located:  # a close spelling is no more the place than a namesake far away
            fuzzy = {i: v for i, v in fuzzy.items() if self._near_enough(i, ctx)}
        if fuzzy:
            return self._finish(mention, fuzzy, chain, ctx)
        kind = (
            "place" if split_suffix(text) and not text.endswith(_BODY_ENDINGS) else "organization"
        )
        parents = [*reversed(self.gaz.ancestors(anchor)), anchor]
        return Resolution(mention, "new", [], self._candidates_of(parents), text, kind)

    # --- matching ------------------------------------------------------------------------

    def _match(self, text: str, anchor: Entry | None, ctx: Context) -> dict[str, tuple[float, str]]:
        """Entry id -> (score, reason) for every entry ``text`` may name, below ``anchor``."""
        split = split_suffix(text)
        suffix = split[1] if split else ""
        raw = self._looked_up(text, split, anchor, ctx)
        hint_ids = self._hint_ids(ctx.parent_hint)
        scored: dict[str, tuple[float, str]] = {}
        for entry_id, (score, reason, e) in raw.items():
            if not self._admits(e, anchor, ctx):
                continue
            adjusted = self._adjusted(score, reason, e, text, suffix, anchor, ctx, hint_ids)
            if adjusted is None:
                continue
            score, reason = adjusted
            if score >= MIN_SCORE:
                scored[entry_id] = (round(score, 3), reason)
        _prefer_cities(scored, self.gaz, bare=not suffix)
        _prefer_prominent(scored, self.gaz)
        return scored

    def _looked_up(
        self, text: str, split: tuple[str, str] | None, anchor: Entry | None, ctx: Context
    ) -> dict[str, tuple[float, str, Entry]]:
        """Entry id -> (base score, reason, entry) for the name as written, the name without
        its suffix, and, when none of those may be meant, names borrowed from elsewhere."""
        raw: dict[str, tuple[float, str, Entry]] = {}

        def add(e: Entry, score: float, reason: str) -> None:
            if e.id not in raw or raw[e.id][0] < score:
                raw[e.id] = (score, reason, e)

        for e, reason, dropped in self.gaz.lookup(name_key(text)):
            add(e, _BASE[reason] - (0.1 if dropped else 0.0), reason)
        if split:
            suffix = split[1]
            for e, reason, dropped in self.gaz.lookup(split[0]):
                if not dropped:
                    add(e, _BASE[reason] - 0.05, reason)  # foreign names lack suffixes
                elif dropped == suffix:
                    add(e, _BASE[reason], reason)
                else:
                    add(e, 0.7, "fuzzy")  # 三戸市 for 三戸町
        if not any(self._admits(e, anchor, ctx) for _, _, e in raw.values()):
            for e, reason in self._borrowed(raw.values(), anchor, ctx):
                add(e, _BASE[reason] - 0.1, "transliteration")
        return raw

    def _adjusted(
        self,
        score: float,
        reason: str,
        e: Entry,
        text: str,
        suffix: str,
        anchor: Entry | None,
        ctx: Context,
        hint_ids: set[str],
    ) -> tuple[float, str] | None:
        """The base score of an admitted candidate adjusted by what the document says (its
        anchor, position, spelling, suffix, context and hint); None for a namesake too far
        from where the document is."""
        ancestors = self.gaz.ancestors(e)
        if anchor is not None and not any(a.id == anchor.id for a in ancestors):
            score -= 0.05  # e.g. a city whose region GeoNames does not tell us
        if ctx.located and e.lat is not None:
            km = distance_km(ctx.lat, ctx.lon, e.lat, e.lon)
            if e.level in _POINT_LEVELS:
                if km > MAX_DISTANCE_KM:
                    return None  # a namesake elsewhere, not the place the document means
                score += 0.2 * (1 - km / MAX_DISTANCE_KM)  # confirmed, nearer first
        if spelling(text) in _own_spellings(e):
            # keys fold Han forms (荘 and 庄 are one simplified character): the exact
            # spelling tells 本荘市 (Akita) from 本庄市 (Saitama)
            score += 0.15
        score += _suffix_adjustment(suffix, e)
        score += _context_adjustment(e, ctx)
        if hint_ids and any(a.id in hint_ids for a in ancestors):
            score += 0.2
        if reason == "transliteration" and e.level == "prefecture":
            score -= 0.1  # Russian/Latin "Ниигата" names the city far more often
        if ctx.settlement and e.level not in _POINT_LEVELS and suffix not in _REGION_SUFFIXES:
            score -= 0.3  # "Niigata" in a list of city pairs is the city, not the prefecture
        if e.historical:
            reason = "historical"
        return score, reason

    def _admits(self, e: Entry, anchor: Entry | None, ctx: Context) -> bool:
        """Whether ``e`` may be what the mention names at all: inside the anchor (or in its
        country when GeoNames does not tell the region), in the stated country, and not
        the anchor itself."""
        if ctx.country and not same_country(e.country, ctx.country):
            return False
        if anchor is None:
            return True
        if e.id == anchor.id:
            return False
        ancestors = self.gaz.ancestors(e)
        if any(a.id == anchor.id for a in ancestors):
            return True
        return e.country == anchor.country and _admin_unknown(ancestors)

    def _borrowed(self, found, anchor: Entry | None, ctx: Context):
        """Entries inside the anchor or stated country filed under the Latin names of the
        namesakes found elsewhere: GeoNames spells New Castle, Indiana only in Latin
        letters, but ニューキャッスル names New Castle, Pennsylvania, so it names
        "New Castle" and so the Indiana town too (インディアナ州ニューキャッスル市)."""
        if anchor is None and not ctx.country:
            return
        latin = {e.names.get("en") or e.name for _, _, e in found if e.country != "JP"}
        seen = set()
        for name in sorted(latin):
            key = name_key(name)
            if key in seen:
                continue
            seen.add(key)
            for e, reason, dropped in self.gaz.lookup(key):
                if not dropped and self._admits(e, anchor, ctx):
                    yield e, reason

    def _fuzzy_child(self, text: str, anchor: Entry) -> dict[str, tuple[float, str]]:
        """Close spellings among the anchor's children (イッシー vs イシー), nothing looser."""
        split = split_suffix(text)
        stem = split[0] if split else name_key(text)
        kids = self.gaz.children(anchor.id)
        if len(stem) < 3 or len(kids) > 5000:
            return {}
        found: dict[str, tuple[float, str]] = {}
        for kid in kids:
            for n in kid.names.values():
                ratio = difflib.SequenceMatcher(None, stem, name_key(n)).ratio()
                if ratio >= FUZZY_RATIO:
                    score = round(0.5 + 0.3 * ratio, 3)
                    if found.get(kid.id, (0.0,))[0] < score:
                        found[kid.id] = (score, "fuzzy")
        return found

    def _big_city(self, entry_id: str) -> bool:
        return self.gaz.entry(entry_id).population >= BIG_CITY

    def _near_enough(self, entry_id: str, ctx: Context) -> bool:
        e = self.gaz.entry(entry_id)
        if e.lat is None or e.level not in _POINT_LEVELS:
            return True
        return distance_km(ctx.lat, ctx.lon, e.lat, e.lon) <= MAX_DISTANCE_KM

    def _hint_ids(self, hint: str | None) -> set[str]:
        if not hint:
            return set()
        return set(self._match(hint, None, Context()))

    # --- results -------------------------------------------------------------------------

    def _finish(
        self,
        mention: str,
        found: dict[str, tuple[float, str]],
        chain: list[Entry],
        ctx: Context | None = None,
    ) -> Resolution:
        ranked = sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0]))[:10]
        gap = ranked[0][1][0] - ranked[1][1][0] if len(ranked) > 1 else 1.0
        # context bonuses may lift scores past 1: rescale so the best is at most 1.0
        scale = max(1.0, ranked[0][1][0])
        cands = [self._candidate(self.gaz.entry(i), round(s / scale, 3), r) for i, (s, r) in ranked]
        if ctx is not None and ctx.located:
            for c in cands:
                if c.lat is not None:
                    c.distance_km = round(distance_km(ctx.lat, ctx.lon, c.lat, c.lon), 1)
        if gap >= AMBIGUITY_GAP - 1e-9:
            best = self.gaz.entry(cands[0].id)
            path = self._candidates_of(list(reversed(self.gaz.ancestors(best))))
            return Resolution(mention, "resolved", cands, path)
        return Resolution(mention, "ambiguous", cands, self._candidates_of(chain))

    def _candidates_of(self, entries: list[Entry]) -> list[Candidate]:
        return [self._candidate(e, 1.0, "exact") for e in entries]

    def _candidate(self, e: Entry, score: float, reason: str) -> Candidate:
        parent = self.gaz.entry(e.parent_id) if e.parent_id else None
        return Candidate(
            id=e.id,
            name=e.name,
            names=dict(e.names),
            country=e.country,
            level=e.level,
            code=e.code,
            parent_id=e.parent_id,
            parent_name=parent.name if parent else None,
            lat=e.lat,
            lon=e.lon,
            valid_from=e.valid_from,
            valid_to=e.valid_to,
            successor_id=e.successor_id,
            confidence=score,
            reason=reason,
        )


# --- helpers --------------------------------------------------------------------------------


def _confirmed(c: Candidate) -> bool:
    """A settlement that lies where the document puts it."""
    return (
        c.level in _POINT_LEVELS and c.distance_km is not None and c.distance_km <= MAX_DISTANCE_KM
    )


def _unlocated(ctx: Context) -> Context:
    """The context for what encloses the place: the document's point is the place's own."""
    return replace(ctx, lat=None, lon=None, settlement=False)


def _clean(mention: str) -> str:
    text = unicodedata.normalize("NFKC", mention).strip()
    text = _RU_PREFIX.sub("", text)
    return re.sub(r"\s+", " ", text)


def _cuts(text: str) -> list[int]:
    """Positions where an administrative level may end: after 省/州/県/市..., at spaces."""
    cuts = {i + 1 for i, ch in enumerate(text[:-1]) if ch in _CUT_CHARS}
    cuts |= {i for i, ch in enumerate(text) if ch == " " and i > 0}
    return sorted(cuts)


def _own_spellings(e: Entry) -> set[str]:
    # a Japanese body's "zh" name is our simplified rendering, not a spelling of its own
    own = {spelling(v) for k, v in e.names.items() if not (e.country == "JP" and k == "zh")}
    # a listed body keeps its aliases: "CLAIR" in capitals is its acronym, not the
    # village of Clair, New Brunswick (places' aliases are dropped after the build)
    own |= {spelling(a) for a, _ in e.aliases} if e.level == "body" else set()
    return own | {spelling(e.name)}


def _admin_unknown(ancestors: list[Entry]) -> bool:
    return all(a.level == "country" for a in ancestors)


def _suffix_adjustment(suffix: str, e: Entry) -> float:
    if not suffix:
        return 0.0
    if e.country in _SUFFIX_COUNTRIES_EXCLUDED.get(suffix, ()):
        return -0.3
    only = _SUFFIX_COUNTRIES_ONLY.get(suffix)
    if only and e.country not in only:
        return -0.3
    region_like = e.level in ("division", "prefecture") and not e.population
    if suffix in _CITY_SUFFIXES and region_like:
        return -0.15
    if suffix in _REGION_SUFFIXES and e.level in ("city", "municipality", "ward"):
        return -0.15
    return 0.0


def _context_adjustment(e: Entry, ctx: Context) -> float:
    delta = 0.0
    if ctx.country:
        delta += 0.1 if e.country == ctx.country else -0.15
    if ctx.other_country and e.country == ctx.other_country and ctx.country != e.country:
        delta -= 0.3  # the foreign party of a Japanese city is not Japanese
    if ctx.date:
        d = ctx.date
        if e.valid_to:
            if d[:10] >= e.valid_to and len(d) >= len(e.valid_to) or d[:4] > e.valid_to[:4]:
                delta -= 0.15  # mentioned after the merger: the old body no longer existed
            elif d[:4] < e.valid_to[:4] or d < e.valid_to:
                delta += 0.05
        if e.valid_from and (d[:4] < e.valid_from[:4] or len(d) >= 10 and d < e.valid_from):
            delta -= 0.2  # not yet created
    elif e.valid_to:
        delta -= 0.05  # without a date, the current body is the likelier reading
    return delta


def _prefer_cities(scored: dict[str, tuple[float, str]], gaz: Gazetteer, bare: bool) -> None:
    """A bare foreign name shared by a region and a city inside it (Tomsk, Yangon,
    Constanța) is read as the city, as exchange records name cities. Japanese bare names
    keep the prefecture reading (青森, 静岡), which documents use in lists of prefectures.

    "Inside" is the parent chain where GeoNames tells the region, else the same country
    for a region whose position the gazetteer lacks or that lies near the city."""
    if not bare or len(scored) < 2:
        return
    entries = {i: gaz.entry(i) for i in scored}
    regions = [e for e in entries.values() if e.level == "division"]
    if not regions:
        return
    lowered = set()
    for i, e in entries.items():
        if e.level != "city":
            continue
        ancestors = {a.id for a in gaz.ancestors(e)}
        for region in regions:
            if region.id in lowered or scored[region.id][0] < scored[i][0] - 0.05:
                continue
            inside = region.id in ancestors or (
                region.country == e.country
                and (
                    region.lat is None
                    or e.lat is None
                    or distance_km(region.lat, region.lon, e.lat, e.lon) < 100
                )
            )
            if inside:
                s, r = scored[region.id]
                scored[region.id] = (round(s - 0.15, 3), r)
                lowered.add(region.id)


def _prefer_prominent(scored: dict[str, tuple[float, str]], gaz: Gazetteer) -> None:
    """A city of a million people ten times larger than every namesake city is the one
    meant (London, Vientiane): lift it so it stands out; namesakes of similar size stay
    ambiguous (Tamworth GB/AU)."""
    if len(scored) < 2:
        return
    top_score = max(s for s, _ in scored.values())
    close = [gaz.entry(i) for i in scored if scored[i][0] >= top_score - AMBIGUITY_GAP]
    cities = sorted((e for e in close if e.population), key=lambda e: -e.population)
    countries = [e for e in close if e.level == "country"]
    if len(countries) == 1 and not (cities and cities[0].population >= 1_000_000):
        # "China", "Italy": the country, not the villages named after it
        s, r = scored[countries[0].id]
        scored[countries[0].id] = (round(max(s, top_score) + 0.15, 3), r)
        return
    if not cities or cities[0].population < 1_000_000 or len(close) < 2:
        return
    big = cities[0]
    if all(big.population >= 10 * e.population for e in cities[1:]):
        s, r = scored[big.id]
        scored[big.id] = (round(max(s, top_score) + 0.15, 3), r)


_resolver: Resolver | None = None


def resolve(mention: str, context: Context | None = None) -> Resolution:
    """Resolve with the process-wide gazetteer (loaded on first use)."""
    global _resolver
    if _resolver is None:
        _resolver = Resolver(get_gazetteer())
    return _resolver.resolve(mention, context)
