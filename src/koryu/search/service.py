"""The one search service behind the CLI, the web pages, the API and the exports.

    find(Query.from_params(request.GET), limit=20) -> SearchResult
    search("水道 country:CN", limit=20) -> SearchResult   (the same, from text)
    find_all(query) -> [Hit, ...]                          (every match, for exports)
    SearchResult.to_dict() == {"query", "total", "total_exact", "total_cap", "expanded",
                               "results", "facets", "next", "messages", "error"}

It never raises for anything a user can type: a query it cannot run comes back with
``error`` set ({"code", "message", "parameter"}) and no results; what it changed or
ignored is in ``messages``. Hits are typed (``type`` is "record" or "organization") and
carry ``snippet`` (plain text) and ``highlights`` (character offsets into the snippet);
escaping is the caller's job. Counting stops at COUNT_CAP: ``total_exact`` says whether
``total`` is the count or that floor, ``total_cap`` names the bound.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field, replace

from django.db import connections, router
from django.db.models import Count, Q

from koryu import cursors
from koryu.catalog.models import Organization, OrganizationName, Party, Record
from koryu.search.analysis import query_sequence
from koryu.search.backends import get_backend
from koryu.search.backends.base import (
    ORGANIZATION,
    RECORD,
    count_packed_facets,
    doc_id_for,
    split_doc_id,
)
from koryu.search.expansion import ExpandedGroup, expand
from koryu.search.expression import Stage, build_plan
from koryu.search.facets import FACET_SCAN, present
from koryu.search.filters import ORGANIZATION_KIND, Filter
from koryu.search.query import SORTS, Query
from koryu.search.retrieval import COUNT_CAP, Retrieval, Step, date_steps
from koryu.search.snippets import make_snippet

__all__ = ["SORTS", "Hit", "Match", "Query", "SearchResult", "find", "find_all", "search"]
MAX_LIMIT = 500
MAX_ORGS_PER_FILTER = 50


HIT_TYPES = {RECORD: "record", ORGANIZATION: "organization"}


@dataclass(frozen=True)
class Match:
    """A found record or organization, without its text (``find_all``)."""

    type: str  # "record" or "organization"
    id: int


@dataclass
class Hit:
    """A record or an organization found by a query (``type`` says which)."""

    type: str  # "record" or "organization"
    id: int
    kind: str  # the record's kind, or "organization"
    title: str
    parties: list[str]
    date: str
    score: int
    snippet: str
    highlights: list[list[int]]

    @property
    def is_record(self) -> bool:
        return self.type == "record"

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class SearchResult:
    query: Query
    total: int = 0
    total_exact: bool = True  # False: more than COUNT_CAP matched; total is that floor
    total_cap: int = COUNT_CAP
    results: list[Hit] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=dict)
    expanded: list[dict] = field(default_factory=list)
    next: str | None = None
    messages: list[str] = field(default_factory=list)
    error: dict | None = None

    def to_dict(self) -> dict:
        return {
            "query": self.query.to_dict(),
            "total": self.total,
            "total_exact": self.total_exact,
            "total_cap": self.total_cap,
            "expanded": self.expanded,
            "results": [hit.to_dict() for hit in self.results],
            "facets": self.facets,
            "next": self.next,
            "messages": self.messages,
            "error": self.error,
        }


def _only_operators(parsed) -> bool:
    """Text made only of operators or quotes (`"`, `AND`, `-`): rejected like `*`, not
    read as "no words, so every record"."""
    return bool(parsed.text.strip()) and not parsed.has_text and not parsed.filters


def _reject(result: SearchResult, code: str, message: str, parameter: str = "q") -> SearchResult:
    result.error = {"code": code, "message": message, "parameter": parameter}
    return result


def search(
    q: str,
    *,
    limit: int = 20,
    cursor: str | None = None,
    expand: bool = True,
    sort: str = "relevance",
    facets: bool = True,
) -> SearchResult:
    """``find`` of a query written in the query language."""
    query = Query.parse(q if isinstance(q, str) else "", sort=sort, cursor=cursor, expand=expand)
    return find(query, limit=limit, facets=facets)


@dataclass
class _Prepared:
    """A query made ready to run: its match, ranking steps and organization ids."""

    query: Query
    plan: object
    steps: list[Step]
    org_ids: dict[str, list[int]]
    fingerprint: str


def _prepare(query: Query, result: SearchResult) -> _Prepared | None:
    """The plan of a query, or None with ``result.error`` set."""
    if query.error:
        _reject(result, query.error["code"], query.error["message"], query.error.get("parameter"))
        return None
    if _only_operators(query):
        _reject(result, "empty_query", "the query has no words that can be searched")
        return None
    if query.sort not in SORTS:
        _reject(result, "bad_sort", f"unknown sort {query.sort!r}", "sort")
        return None
    groups, report = (
        expand(query.groups) if query.expand else ([ExpandedGroup(g, []) for g in query.groups], [])
    )
    result.expanded = [e.to_dict() for e in report]
    plan = build_plan(groups, query.excluded)
    if plan.dropped:
        result.messages.append("ignored (nothing searchable in it): " + " ".join(plan.dropped))
    full = plan.full
    if query.has_text and full.positive is None and full.negative is None and not query.filters:
        _reject(result, "empty_query", "the query has no words that can be searched")
        return None
    result.messages.extend(_single_character_notes(query))
    org_ids = _organization_ids(query, result.messages)
    if query.sort == "relevance" and full.positive is not None:
        steps = [Step(s.positive, s.negative, s.score) for s in plan.stages]
        places = place_organizations(query)
        if places:
            org_ids[PLACE_KEY] = places
            org_ids.update({place_key(i): [oid] for i, oid in enumerate(places)})
            steps = place_steps(places, full, steps)
    else:
        steps = date_steps(full.positive, full.negative, ascending=query.sort == "date")
    fingerprint = hashlib.sha1(
        f"{query.canonical()}\n{query.sort}\n{query.expand}\n{query.match_filters}".encode(),
        usedforsecurity=False,
    ).hexdigest()[:16]
    return _Prepared(query, plan, steps, org_ids, fingerprint)


def _connection():
    # A read like any other: on a replica when the deployment has them (koryu.dbrouter).
    return connections[router.db_for_read(Record)]


def find(query: Query, *, limit: int = 20, facets: bool = True) -> SearchResult:
    """One page of hits (``limit``, at most MAX_LIMIT) from ``query.cursor`` on, the
    total and the facet counts of every match."""
    result = SearchResult(query=query, messages=list(query.messages))
    prepared = _prepare(query, result)
    if prepared is None:
        return result
    limit = max(1, min(int(limit), MAX_LIMIT))
    position = (0, None)
    if query.cursor:
        decoded = _decode_cursor(query.cursor, prepared.fingerprint)
        if decoded is None:
            return _reject(
                result, "bad_cursor", "the page cursor does not belong to this query", "cursor"
            )
        position = decoded
    full = prepared.plan.full
    connection = _connection()
    retrieval = Retrieval(get_backend(connection), query.match_filters, prepared.org_ids)
    with connection.cursor() as db, retrieval.backend.planned(db):
        found = _page(db, retrieval, prepared.steps, position, limit)
        result.total, packed = retrieval.matches(db, full.positive, full.negative, facets)
        if result.total > COUNT_CAP:
            result.total, result.total_exact = COUNT_CAP, False
            result.messages.append(f"more than {COUNT_CAP:,} matches")
        if facets:
            result.facets = present(count_packed_facets(packed))
            if result.total > FACET_SCAN:
                result.messages.append(f"facet counts cover the {FACET_SCAN:,} newest matches")
    if len(found) > limit:
        step_index, doc_id, _ = found[limit - 1]
        result.next = _encode_cursor(prepared.fingerprint, step_index, doc_id)
        found = found[:limit]
    result.results = _hits(found, prepared.plan.needles)
    return result


def find_all(query: Query) -> tuple[list[Match], SearchResult]:
    """Every match of ``query`` in the order ``find`` pages them, with no cap (what an
    export of a search writes), and the result that holds an error when the query cannot
    run. No facets, no snippets; the cursor is ignored."""
    result = SearchResult(query=query, messages=list(query.messages))
    prepared = _prepare(query, result)
    if prepared is None:
        return [], result
    connection = _connection()
    retrieval = Retrieval(get_backend(connection), query.match_filters, prepared.org_ids)
    with connection.cursor() as db, retrieval.backend.planned(db):
        found = _page(db, retrieval, prepared.steps, (0, None), None)
    matches = [Match(HIT_TYPES[t], i) for t, i in (split_doc_id(d) for _, d, _ in found)]
    result.total = len(matches)
    return matches, result


def _page(db, retrieval: Retrieval, steps: list[Step], position, limit: int | None):
    """Up to limit + 1 (step index, doc id, score), starting after ``position``; every
    one when ``limit`` is None."""
    step_index, after = position
    found: list[tuple[int, int, int]] = []
    while step_index < len(steps) and (limit is None or len(found) <= limit):
        step = steps[step_index]
        wanted = None if limit is None else limit + 1 - len(found)
        ids = retrieval.page(db, step, after, wanted)
        found.extend((step_index, doc_id, step.score) for doc_id in ids)
        if wanted is None or len(ids) < wanted:
            step_index, after = step_index + 1, None
    return found


def _encode_cursor(fingerprint: str, step: int, doc_id: int) -> str:
    return cursors.encode({"f": fingerprint, "s": step, "a": doc_id})


def _decode_cursor(cursor: str, fingerprint: str) -> tuple[int, int | None] | None:
    try:
        data = cursors.decode(cursor)
        if data.get("f") != fingerprint:
            return None
        step, after = int(data["s"]), data.get("a")
    except (cursors.BadCursor, TypeError, KeyError, AttributeError, ValueError):
        return None
    if step < 0 or not (after is None or isinstance(after, int)):
        return None
    return step, after


def _single_character_notes(parsed: Query) -> list[str]:
    notes = []
    for group in parsed.groups:
        for atom in group:
            tokens = query_sequence(atom.text)
            if len(tokens) == 1 and tokens[0].prefix and len(tokens[0].text) == 1:
                notes.append(
                    f"「{atom.text}」 is one character: it matches every word that contains it"
                )
    return notes


def _organization_ids(parsed: Query, messages: list[str]) -> dict[str, list[int]]:
    """org:NAME -> ids of organizations with that name (any language, any alias);
    organizations whose names contain it when none has it exactly."""
    out: dict[str, list[int]] = {}
    for f in parsed.filters:
        if f.key != "org" or f.raw in out:
            continue
        if f.org_id is not None:  # org:#12, the org=12 parameter
            out[f.raw] = list(Organization.objects.filter(pk=f.org_id).values_list("pk", flat=True))
            if not out[f.raw]:
                messages.append(f"no organization has the id {f.org_id}")
            continue
        names = {f.raw, unicodedata.normalize("NFKC", f.raw)}
        ids = set(
            OrganizationName.objects.filter(name__in=names).values_list(
                "organization_id", flat=True
            )
        ) | set(Organization.objects.filter(name__in=names).values_list("pk", flat=True))
        if not ids:
            ids = set(
                Organization.objects.filter(
                    Q(name__icontains=f.raw) | Q(aliases__name__icontains=f.raw)
                )
                .values_list("pk", flat=True)
                .distinct()[:MAX_ORGS_PER_FILTER]
            )
            if ids:
                messages.append(f"org:{f.raw} matched {len(ids)} organizations by part of a name")
            else:
                messages.append(f"no organization is named {f.raw!r}")
        out[f.raw] = sorted(ids)
    return out


# --- place names --------------------------------------------------------------------------

# The org: filter key of the place stages (no query can name it: it is not text).
PLACE_KEY = "\x00place"
MAX_PLACES = 3
# Written after a Japanese, Chinese or Korean place name by its level: 横浜 is 横浜市.
_PLACE_SUFFIXES = (
    "市",
    "町",
    "村",
    "区",
    "県",
    "府",
    "都",
    "道",
    "省",
    "州",
    "郡",
    "시",
    "군",
    "구",
    "도",
)


def _place_text(parsed: Query) -> str | None:
    """The query as one name (its words in order), or None when it is more than words."""
    if not parsed.groups or parsed.excluded or any(len(g) != 1 for g in parsed.groups):
        return None
    text = ""
    for group in parsed.groups:
        word = group[0].text
        if text and not (_is_cjk(text[-1]) and _is_cjk(word[0])):
            text += " "
        text += word
    return text.strip() or None


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def place_organizations(parsed: Query) -> list[int]:
    """Organizations that a query naming a place means: those with the query as one of
    their names (any language, case and width aside), else with it plus a level suffix
    (横浜 -> 横浜市); the ones most records take part in first, at most MAX_PLACES."""
    text = _place_text(parsed)
    if text is None or len(text) > 100:
        return []
    folded = unicodedata.normalize("NFKC", text)
    exact = {text, folded, folded.title()}
    suffixed = {n + suffix for n in exact for suffix in _PLACE_SUFFIXES if _is_cjk(n[-1])}
    found: dict[int, int] = {}  # organization -> 0 exact, 1 with a suffix
    for names, rank in ((exact, 0), (suffixed, 1)):
        if not names:
            continue
        match = Q()
        for name in names:
            match |= Q(name__iexact=name)
        ids = set(
            OrganizationName.objects.filter(match).values_list("organization_id", flat=True)
        ) | set(Organization.objects.filter(match).values_list("pk", flat=True))
        for oid in ids:
            found.setdefault(oid, rank)
        if found:
            break  # exact names win over names with a suffix
    if not found:
        return []
    records = dict(
        Party.objects.filter(organization_id__in=found)
        .values("organization_id")
        .annotate(n=Count("record_id", distinct=True))
        .values_list("organization_id", "n")
    )
    ranked = sorted(found, key=lambda oid: (found[oid], -records.get(oid, 0), oid))
    return ranked[:MAX_PLACES]


def place_steps(places: list[int], full: Stage, steps: list[Step]) -> list[Step]:
    """Each place's organization, then the records it takes part in (places in their
    order), then the usual stages without any of these: every step stays inside the full
    match, so the same documents come back, in a better order. ``org_ids`` must map
    ``place_key(i)`` to ``[places[i]]`` and ``PLACE_KEY`` to ``places``."""
    first: list[Step] = []
    before: list[Filter] = []
    for i, oid in enumerate(places):
        doc = doc_id_for(ORGANIZATION, oid, 0)
        first.append(Step(full.positive, full.negative, 8, only=(doc,)))
        own = Filter("org", (place_key(i),), False, place_key(i))
        first.append(Step(full.positive, full.negative, 7, extra=(own, *before)))
        before.append(replace(own, negated=True))
    docs = tuple(doc_id_for(ORGANIZATION, oid, 0) for oid in places)
    not_places = Filter("org", (PLACE_KEY,), True, PLACE_KEY)
    return first + [replace(s, extra=(*s.extra, not_places), skip=docs) for s in steps]


def place_key(i: int) -> str:
    return f"{PLACE_KEY}{i}"


_HIT_FIELDS = ("pk", "kind", "title", "date", "date_start", "fiscal_year",
               # the long text a snippet is cut from, in this order
               "purpose", "description", "background", "activities", "outcomes", "theme",
               "place")  # fmt: skip


def _hits(found: list[tuple[int, int, int]], needles: list[str]) -> list[Hit]:
    wanted = [(split_doc_id(doc_id), score) for _, doc_id, score in found]
    records = _record_hits([i for (t, i), _ in wanted if t == RECORD], needles)
    orgs = _organization_hits([i for (t, i), _ in wanted if t == ORGANIZATION], needles)
    hits = []
    for (obj_type, obj_id), score in wanted:
        hit = (records if obj_type == RECORD else orgs).get(obj_id)
        if hit is not None:
            hits.append(replace(hit, score=score))
    return hits


def _record_hits(ids: list[int], needles: list[str]) -> dict[int, Hit]:
    # Plain rows, not model instances: this runs on every search, for every hit.
    party_names: dict[int, list[str]] = {}
    for record_id, name in (
        Party.objects.filter(record_id__in=ids)
        .order_by("record_id", "position")
        .values_list("record_id", "name")
    ):
        party_names.setdefault(record_id, []).append(name)
    hits = {}
    for pk, kind, title, date, date_start, fiscal_year, *body in Record.objects.filter(
        pk__in=ids
    ).values_list(*_HIT_FIELDS):
        snippet = make_snippet(body, needles)
        hits[pk] = Hit(
            type="record",
            id=pk,
            kind=kind,
            title=title,
            parties=party_names.get(pk, []),
            date=date or date_start or fiscal_year or "",
            score=0,
            snippet=snippet.text,
            highlights=snippet.highlights,
        )
    return hits


def _organization_hits(ids: list[int], needles: list[str]) -> dict[int, Hit]:
    hits = {}
    for o in Organization.objects.filter(pk__in=ids).prefetch_related("aliases"):
        names = [v for v in (o.names or {}).values() if isinstance(v, str)]
        names += [a.name for a in o.aliases.all()]
        others = [n for n in dict.fromkeys(names) if n != o.name]
        snippet = make_snippet([" / ".join(others)], needles)
        hits[o.pk] = Hit(
            type="organization",
            id=o.pk,
            kind=ORGANIZATION_KIND,
            title=o.name,
            parties=[],
            date="",
            score=0,
            snippet=snippet.text,
            highlights=snippet.highlights,
        )
    return hits
