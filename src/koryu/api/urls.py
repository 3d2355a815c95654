"""The API on its own (``ROOT_URLCONF = "koryu.api.urls"``): for tests and API-only
deployments. The site's koryu.urls mounts the same ``api.urls`` at /api/."""

from django.urls import path

from koryu.api.api import api

urlpatterns = [path("api/", api.urls)]
