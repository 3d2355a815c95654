"""URL map: HTML pages (koryu.web), the JSON API (koryu.api) and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from koryu.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="web/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password change and reset: Django's own views (the mail goes through MAILERS).
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("koryu.web.urls")),
]
