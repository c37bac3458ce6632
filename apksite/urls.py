from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive.site.health import healthz

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("archive.api.urls")),
    path("", include("archive.site.urls")),
]

handler404 = "archive.site.views.page_not_found"
handler500 = "archive.site.views.server_error"
