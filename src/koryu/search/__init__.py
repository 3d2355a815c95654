"""Full-text search over records and organizations: Japanese-aware, across languages,
the same results on SQLite and PostgreSQL.

    from koryu.search.service import search
    from koryu.search.index import reindex_records, reindex_organizations, rebuild

The query language is documented in docs/search.md.
"""
