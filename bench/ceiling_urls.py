"""The site's URLs and /trivial/, a view that does nothing (bench/ceiling_settings.py)."""

from django.http import HttpResponse
from django.urls import path

from apksite.urls import handler404, handler500
from apksite.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("trivial/", trivial), *site_urlpatterns]
