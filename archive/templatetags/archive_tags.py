"""Template helpers for the public pages."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.filter
def admin_change_url(obj):
    """The admin page where an editor changes `obj`, or "" if the admin has none."""
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


@register.filter
def absolute(path, site_url):
    """`{{ obj.get_absolute_url|absolute:site_url }}`: the full address of a page."""
    return f"{site_url}{path}"
