"""URL map: HTML pages (koryu.web), the JSON API (koryu.api) and the admin."""

from django.contrib import admin
from django.urls import include, path

from koryu.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("koryu.web.urls")),
]
