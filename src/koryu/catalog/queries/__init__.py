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

from koryu.lazy import lazy_exports

# Each concern is imported when first used: `koryu stats` needs neither the map nor the
# quality findings (which load the gazetteer).
__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "base": (
            "CACHE_SECONDS",
            "CHILDREN_CAP",
            "DEFAULT_LIMIT",
            "GRAPH_NODE_CAP",
            "MAP_EDGE_CAP",
            "MAX_ID",
            "MAX_LIMIT",
            "MEMBERS_CAP",
            "MEMBERSHIP_ROLES",
            "PARTNERS_CAP",
            "RELATED_CAP",
            "TIMELINE_CAP",
            "Filters",
            "InvalidQuery",
            "NotFound",
            "clamp_limit",
            "decode_cursor",
            "encode_cursor",
            "filtered_records",
        ),
        "cache": (
            "cached",
            "cached_json",
            "data_version",
        ),
        "graph": ("graph_data",),
        "maps": (
            "map_data",
            "map_json",
            "map_pairs",
            "map_unplaced",
            "map_view",
            "map_view_json",
            "parse_viewport",
        ),
        "organizations": (
            "list_organizations",
            "network_detail",
            "organization_detail",
            "organization_partners",
            "organizations_by_id",
            "relation_for",
            "series_detail",
        ),
        "quality": ("quality_findings",),
        "records": (
            "display_facts",
            "list_records",
            "record_detail",
            "records_by_id",
        ),
        "stats": (
            "compute_stats",
            "prefecture_name",
            "stats_data",
        ),
    },
)
