"""The JSON API (django-ninja): /api/v1/..., described at /api/openapi.json (docs/api.md).

Every endpoint calls the same read services as the HTML pages (koryu.catalog.queries).
"""
