from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from archive.site.health import healthz

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("archive.api.urls")),
    # The public site in each language: English unprefixed, /ru/ and /kk/ (archive/languages.py).
    *i18n_patterns(path("", include("archive.site.urls")), prefix_default_language=False),
]

handler404 = "archive.site.views.page_not_found"
handler500 = "archive.site.views.server_error"
