"""Interactive docs at /api/docs with Swagger UI served from this server (no CDN: the
Content-Security-Policy allows only 'self'). The assets are the ones django-ninja ships."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.html import escape
from ninja.openapi.docs import DocsBase

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{assets}swagger-ui.css">
<link rel="icon" type="image/png" href="{assets}favicon.png">
</head>
<body data-csrf-token="" data-api-csrf="">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script src="{assets}swagger-ui-init.js"></script>
</body>
</html>
"""


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {"layout": "BaseLayout", "deepLinking": True}
        settings["url"] = self.get_openapi_url(api, kwargs)
        # JSON inside <script>: "</" must not close the element.
        data = json.dumps(settings).replace("</", "<\\/")
        assets = request.path.rstrip("/") + "/assets/"
        return HttpResponse(PAGE.format(title=escape(api.title), assets=assets, settings=data))


def docs_asset(request: HttpRequest, name: str) -> HttpResponse:
    from koryu.api.errors import error_response

    if name not in ASSETS or not (ASSETS_DIR / name).is_file():
        return error_response(404, f"no docs asset {name!r}")
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
