"""Read services shared by the HTML pages, the JSON API and the command line, one module
per concern: base (limits, errors, filters, cursors), records, organizations (networks
and series too), cache, maps, graph, stats, quality. Import from here.

Every function returns plain dicts and lists (JSON-ready), built from a bounded number
of queries so that a page stays fast on a catalogue of 100k records: lists use keyset
pagination with an opaque cursor, long relations are capped and say so
(``*_total`` beside a capped list), and whole-catalogue aggregates (map, graph, stats)
are cached until the data changes (see ``data_version``).

A missing object raises ``NotFound`` (an ``Http404``: Django's views and the API both turn
it into a 404); a bad filter or cursor raises ``InvalidQuery`` (a ``ValueError``).
"""

from koryu.catalog.queries.base import (
    CACHE_SECONDS,
    CHILDREN_CAP,
    DEFAULT_LIMIT,
    GRAPH_NODE_CAP,
    MAP_EDGE_CAP,
    MAX_ID,
    MAX_LIMIT,
    MEMBERS_CAP,
    MEMBERSHIP_ROLES,
    PARTNERS_CAP,
    RELATED_CAP,
    TIMELINE_CAP,
    Filters,
    InvalidQuery,
    NotFound,
    clamp_limit,
    decode_cursor,
    encode_cursor,
    filtered_records,
)
from koryu.catalog.queries.cache import cached, cached_json, data_version
from koryu.catalog.queries.graph import graph_data
from koryu.catalog.queries.maps import (
    map_data,
    map_json,
    map_pairs,
    map_unplaced,
    map_view,
    map_view_json,
    parse_viewport,
)
from koryu.catalog.queries.organizations import (
    list_organizations,
    network_detail,
    organization_detail,
    organization_partners,
    organizations_by_id,
    relation_for,
    series_detail,
)
from koryu.catalog.queries.quality import quality_findings
from koryu.catalog.queries.records import (
    display_facts,
    list_records,
    record_detail,
    records_by_id,
)
from koryu.catalog.queries.stats import compute_stats, prefecture_name, stats_data

__all__ = [
    "CACHE_SECONDS",
    "CHILDREN_CAP",
    "DEFAULT_LIMIT",
    "GRAPH_NODE_CAP",
    "MAP_EDGE_CAP",
    "MAX_ID",
    "MAX_LIMIT",
    "MEMBERSHIP_ROLES",
    "MEMBERS_CAP",
    "PARTNERS_CAP",
    "RELATED_CAP",
    "TIMELINE_CAP",
    "Filters",
    "InvalidQuery",
    "NotFound",
    "cached",
    "cached_json",
    "clamp_limit",
    "compute_stats",
    "data_version",
    "decode_cursor",
    "display_facts",
    "encode_cursor",
    "filtered_records",
    "graph_data",
    "list_organizations",
    "list_records",
    "map_data",
    "map_json",
    "map_pairs",
    "map_unplaced",
    "map_view",
    "map_view_json",
    "network_detail",
    "organization_detail",
    "organization_partners",
    "organizations_by_id",
    "parse_viewport",
    "prefecture_name",
    "quality_findings",
    "record_detail",
    "records_by_id",
    "relation_for",
    "series_detail",
    "stats_data",
]
