"""The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE): styled as the admin,
saying for how long and linking back to the login form. The lock is per account and address
together (settings.AXES_LOCKOUT_PARAMETERS), so one editor's typos lock out only them."""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _


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
