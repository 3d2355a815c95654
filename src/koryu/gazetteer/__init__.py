"""Gazetteer: countries, Japanese local governments (current and merged away), foreign
divisions and cities, and a resolver that maps a mention to one of them.

    from koryu.gazetteer import resolve, Context
    resolve("中華人民共和国遼寧省瀋陽市").best.id   # 'gn:2034937' (Shenyang, under adm:CN-LN)

Plain Python (no Django). The index is cached on disk: see index.py.
"""

from koryu.gazetteer.countries import country_from_prefix
from koryu.gazetteer.entry import Entry
from koryu.gazetteer.index import Gazetteer, get_gazetteer
from koryu.gazetteer.resolver import Candidate, Context, Resolution, Resolver, resolve

__all__ = [
    "Candidate",
    "Context",
    "Entry",
    "Gazetteer",
    "Resolution",
    "Resolver",
    "country_from_prefix",
    "get_gazetteer",
    "resolve",
]
