"""Who a client is, and what a locked-out one sees.

Which client a request came from, for everything that counts per client: the API's
throttle (archive.api.throttling) and the admin's login lockout (django-axes,
AXES_CLIENT_IP_CALLABLE). One rule and one setting, DJANGO_PROXY_COUNT (settings.PROXY_COUNT).

Directly on the Internet (PROXY_COUNT = 0) the client is REMOTE_ADDR and X-Forwarded-For is
ignored: anyone can write it. Behind N reverse proxies each proxy appends the address it was
reached from, so the client is the N-th address from the right; whatever stands left of it was
sent by the client and is never read, so an invented extra entry changes nothing. A request
with fewer entries than proxies, or with a malformed one, counts as REMOTE_ADDR's (the proxy's
own address): never as an address the client chose.

A locked-out login gets lockout_response() (django-axes' AXES_LOCKOUT_CALLABLE): a page styled
as the admin, saying for how long and linking back to the login form. The lock is per account
and address together (settings.AXES_LOCKOUT_PARAMETERS), so one editor's typos lock out only
them.
"""

import ipaddress

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [address.strip() for address in header.split(",") if address.strip()]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    now = timezone.now()
    context = {
        "title": _("Too many failed logins"),
        "site_header": admin.site.site_header,
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "wait": timeuntil(now + cool_off, now) if cool_off else "",
        "login_url": reverse("admin:login"),
    }
    return render(request, "admin/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
