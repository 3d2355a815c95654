"""Gazetteer: countries, Japanese local governments (current and merged away), foreign
divisions and cities, and a resolver that maps a mention to one of them.

    from koryu.gazetteer import resolve, Context
    resolve("中華人民共和国遼寧省瀋陽市").best.id   # 'gn:2034937' (Shenyang, under adm:CN-LN)

Plain Python (no Django). The index is cached on disk: see index.py.
"""

from koryu.lazy import lazy_exports

# Imported when first used: koryu.gazetteer.geo or .countries alone must not build the index.
__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "countries": ("country_from_prefix",),
        "entry": ("Entry",),
        "index": ("Gazetteer", "get_gazetteer"),
        "resolver": ("Candidate", "Context", "Resolution", "Resolver", "resolve"),
    },
)
